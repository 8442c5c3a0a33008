//! An unambiguous byte encoding for hashing, MACs and AEAD associated data: every part is length-prefixed,
//! so `("ab","c")` and `("a","bc")` can never encode the same. The log verifier encodes every entry into
//! one reused buffer and hashes it in one call.

/// Where encoded bytes go.
pub trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for &mut Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

pub struct Canonical<S: Sink = Vec<u8>>(S);

impl Canonical<Vec<u8>> {
    pub fn new(domain: &str) -> Self {
        let mut c = Canonical(Vec::with_capacity(256));
        c.str(domain);
        c
    }

    pub fn finish(&self) -> &[u8] {
        &self.0
    }
}

impl<'b> Canonical<&'b mut Vec<u8>> {
    /// Encodes into `buf` (cleared first): one buffer reused for many encodings, then hashed once.
    pub fn reusing(buf: &'b mut Vec<u8>, domain: &str) -> Self {
        buf.clear();
        let mut c = Canonical(buf);
        c.str(domain);
        c
    }
}

impl<S: Sink> Canonical<S> {
    pub fn bytes(&mut self, part: &[u8]) -> &mut Self {
        self.0.put(&(part.len() as u64).to_be_bytes());
        self.0.put(part);
        self
    }

    pub fn str(&mut self, part: &str) -> &mut Self {
        self.bytes(part.as_bytes())
    }

    pub fn opt_str(&mut self, part: Option<&str>) -> &mut Self {
        match part {
            None => self.0.put(&[0]),
            Some(s) => {
                self.0.put(&[1]);
                self.str(s);
            }
        }
        self
    }

    pub fn u64(&mut self, n: u64) -> &mut Self {
        self.0.put(&n.to_be_bytes());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_unambiguous() {
        let a = Canonical::new("d").str("ab").str("c").finish().to_vec();
        let b = Canonical::new("d").str("a").str("bc").finish().to_vec();
        assert_ne!(a, b);
        let none = Canonical::new("d").opt_str(None).finish().to_vec();
        let empty = Canonical::new("d").opt_str(Some("")).finish().to_vec();
        assert_ne!(none, empty);
    }

    #[test]
    fn a_reused_buffer_encodes_the_same() {
        let mut owned = Canonical::new("d");
        owned.str("x").u64(7).opt_str(None).bytes(&[1, 2]);
        let mut buf = vec![9u8; 40];
        Canonical::reusing(&mut buf, "d")
            .str("x")
            .u64(7)
            .opt_str(None)
            .bytes(&[1, 2]);
        assert_eq!(buf, owned.finish());
    }
}
