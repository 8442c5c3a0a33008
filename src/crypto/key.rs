//! A 256-bit key that is wiped from memory when dropped and never printed.

use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Key32([u8; 32]);

impl Key32 {
    pub fn random() -> Self {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        Key32(k)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Key32(bytes)
    }

    /// Copies from a slice; `None` unless it is exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Key32(arr))
    }

    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// Derives an independent sub-key for one purpose, so the vault key itself is used for nothing else.
    pub fn derive(&self, purpose: &str) -> Key32 {
        let hk = Hkdf::<Sha256>::new(None, &self.0);
        let mut out = [0u8; 32];
        // 32 bytes is always a valid HKDF-SHA256 output length.
        hk.expand(purpose.as_bytes(), &mut out)
            .expect("32 bytes is a valid HKDF length");
        Key32(out)
    }

    /// HMAC-SHA256 under this key: blind-index tokens, endorsements, keyed term hashes.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut m = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        m.update(data);
        m.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for Key32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key32(**redacted**)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_key_bytes() {
        let k = Key32::from_bytes([0xAB; 32]);
        let shown = format!("{k:?}");
        assert!(!shown.to_lowercase().contains("ab"), "{shown}");
    }

    #[test]
    fn derived_keys_differ_by_purpose() {
        let k = Key32::random();
        assert_ne!(k.derive("a").expose(), k.derive("b").expose());
        assert_eq!(k.derive("a").expose(), k.derive("a").expose());
        assert_ne!(k.derive("a").expose(), k.expose());
    }
}
