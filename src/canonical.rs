//! An unambiguous byte encoding for hashing, MACs and AEAD associated data: every part is length-prefixed,
//! so `("ab","c")` and `("a","bc")` can never encode the same.

#[derive(Default)]
pub struct Canonical(Vec<u8>);

impl Canonical {
    pub fn new(domain: &str) -> Self {
        let mut c = Canonical(Vec::with_capacity(256));
        c.bytes(domain.as_bytes());
        c
    }

    pub fn bytes(&mut self, part: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(part.len() as u64).to_be_bytes());
        self.0.extend_from_slice(part);
        self
    }

    pub fn str(&mut self, part: &str) -> &mut Self {
        self.bytes(part.as_bytes())
    }

    pub fn opt_str(&mut self, part: Option<&str>) -> &mut Self {
        match part {
            None => self.0.push(0),
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
        }
        self
    }

    pub fn u64(&mut self, n: u64) -> &mut Self {
        self.0.extend_from_slice(&n.to_be_bytes());
        self
    }

    pub fn finish(&self) -> &[u8] {
        &self.0
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
}
