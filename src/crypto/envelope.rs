//! Sealing a key to someone's X25519 public key (an ephemeral key agreement, HKDF, XChaCha20-Poly1305):
//! how the database key, the records key and the reception key reach each holder without anyone else —
//! the administrator included — learning them. The context (vault, recipient, key kind, epoch) is the
//! AEAD's associated data, so an envelope cannot be moved to another recipient or epoch.

use serde::{Deserialize, Serialize};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::{wrap, Key32};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// The sender's one-time public key.
    pub ephemeral: String,
    pub nonce: String,
    pub sealed: String,
}

fn envelope_key(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> Key32 {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(b"skyddsvalv/envelope/v1"), shared);
    let mut info = Vec::with_capacity(64);
    info.extend_from_slice(ephemeral);
    info.extend_from_slice(recipient);
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(&info, out.as_mut())
        .expect("32 bytes is a valid HKDF length");
    Key32::from_bytes(*out)
}

/// Seals `secret` so that only the holder of `recipient`'s private key can open it.
pub fn seal_to(recipient: &[u8; 32], secret: &[u8], context: &[u8]) -> Envelope {
    let eph = StaticSecret::random_from_rng(rand::rngs::OsRng);
    let eph_pub = PublicKey::from(&eph).to_bytes();
    let shared = Zeroizing::new(eph.diffie_hellman(&PublicKey::from(*recipient)).to_bytes());
    let key = envelope_key(&shared, &eph_pub, recipient);
    let (nonce, sealed) = wrap::seal(&key, secret, context);
    Envelope {
        ephemeral: hex::encode(eph_pub),
        nonce: hex::encode(nonce),
        sealed: hex::encode(sealed),
    }
}

/// Opens an envelope with our private key; `None` if it is not ours, or anything was altered.
pub fn open(env: &Envelope, me: &StaticSecret, context: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let eph: [u8; 32] = hex::decode(&env.ephemeral).ok()?.try_into().ok()?;
    let nonce = hex::decode(&env.nonce).ok()?;
    let sealed = hex::decode(&env.sealed).ok()?;
    let shared = me.diffie_hellman(&PublicKey::from(eph));
    // A low-order ephemeral key would make the shared secret predictable.
    if !shared.was_contributory() {
        return None;
    }
    let shared = Zeroizing::new(shared.to_bytes());
    let mine = PublicKey::from(me).to_bytes();
    let key = envelope_key(&shared, &eph, &mine);
    wrap::open(&key, &nonce, &sealed, context)
}

/// Opens an envelope holding a 32-byte key.
pub fn open_key(env: &Envelope, me: &StaticSecret, context: &[u8]) -> Option<Key32> {
    open(env, me, context).and_then(|b| Key32::from_slice(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::UserKeys;

    #[test]
    fn only_the_recipient_opens_and_context_binds() {
        let alice = UserKeys::generate();
        let mallory = UserKeys::generate();
        let k = Key32::random();
        let env = seal_to(&alice.public().exchange, k.expose(), b"ctx-1");
        assert_eq!(
            open_key(&env, alice.exchange(), b"ctx-1").unwrap().expose(),
            k.expose()
        );
        assert!(open_key(&env, mallory.exchange(), b"ctx-1").is_none());
        assert!(open_key(&env, alice.exchange(), b"ctx-2").is_none());
        let mut bad = env.clone();
        bad.ephemeral = hex::encode([0u8; 32]);
        assert!(
            open(&bad, alice.exchange(), b"ctx-1").is_none(),
            "low order"
        );
        let mut bad = env;
        // Flip the first byte (replacing it with a fixed one would change nothing 1 time in 256).
        let flipped = if bad.sealed.starts_with("00") {
            "ff"
        } else {
            "00"
        };
        bad.sealed.replace_range(0..2, flipped);
        assert!(open(&bad, alice.exchange(), b"ctx-1").is_none());
    }
}
