//! An unambiguous byte encoding for hashing, MACs and AEAD associated data: every part is length-prefixed,
//! so `("ab","c")` and `("a","bc")` can never encode the same. The same encoding can be collected into a
//! buffer or streamed straight into SHA-256 (the log verifier hashes a million entries a second that way).

use sha2::{Digest, Sha256};

/// Where encoded bytes go.
pub trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
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

impl Canonical<Sha256> {
    /// Streams the encoding into SHA-256.
    pub fn hasher(domain: &str) -> Self {
        let mut c = Canonical(Sha256::new());
        c.str(domain);
        c
    }

    pub fn digest(self) -> [u8; 32] {
        self.0.finalize().into()
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
    fn streaming_equals_buffering() {
        let mut buf = Canonical::new("d");
        buf.str("x").u64(7).opt_str(None).bytes(&[1, 2]);
        let mut h = Canonical::hasher("d");
        h.str("x").u64(7).opt_str(None).bytes(&[1, 2]);
        let expected: [u8; 32] = Sha256::digest(buf.finish()).into();
        assert_eq!(h.digest(), expected);
    }
}
