//! Key wrapping with XChaCha20-Poly1305: a 192-bit random nonce per wrap, associated data binding the
//! wrapped key to its slot so a slot cannot be edited or moved to another user unnoticed.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use zeroize::Zeroizing;

use super::Key32;

pub const NONCE_LEN: usize = 24;

/// Encrypts `plaintext` under `key`; returns (nonce, ciphertext with tag).
pub fn seal(key: &Key32, plaintext: &[u8], associated: &[u8]) -> ([u8; NONCE_LEN], Vec<u8>) {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: associated,
            },
        )
        .expect("XChaCha20-Poly1305 encryption of a short buffer cannot fail");
    (nonce, ct)
}

/// Decrypts; `None` when the key is wrong or anything (nonce, ciphertext, associated data) was altered.
pub fn open(
    key: &Key32,
    nonce: &[u8],
    ciphertext: &[u8],
    associated: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != NONCE_LEN {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: associated,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_alteration_is_caught() {
        let key = Key32::random();
        let (nonce, ct) = seal(&key, b"vault key bytes", b"slot-1");
        assert_eq!(
            open(&key, &nonce, &ct, b"slot-1").unwrap().as_slice(),
            b"vault key bytes"
        );
        assert!(open(&key, &nonce, &ct, b"slot-2").is_none(), "moved slot");
        assert!(open(&Key32::random(), &nonce, &ct, b"slot-1").is_none());
        let mut bad = ct.clone();
        bad[0] ^= 1;
        assert!(open(&key, &nonce, &bad, b"slot-1").is_none());
        let mut bad_nonce = nonce;
        bad_nonce[3] ^= 1;
        assert!(open(&key, &bad_nonce, &ct, b"slot-1").is_none());
        assert!(open(&key, &nonce[..10], &ct, b"slot-1").is_none());
    }
}
