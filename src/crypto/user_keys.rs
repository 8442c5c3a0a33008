//! A user's own key pairs: an X25519 key that data-access grants and database-key envelopes are sealed
//! to, and an ed25519 key that signs the checkpoints of that user's sessions. The private halves exist
//! only inside the user's slot (and in memory while a session is open); the public halves are in the
//! vault so others can seal to them and check signatures.

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::canonical::Canonical;

/// Bytes of [`UserKeys::to_bytes`]: the X25519 secret, then the ed25519 secret.
pub const SECRET_LEN: usize = 64;

pub struct UserKeys {
    exchange: StaticSecret,
    signing: SigningKey,
}

/// The public halves, as stored in the vault and in the keyslot file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeys {
    #[serde(with = "hex32")]
    pub exchange: [u8; 32],
    #[serde(with = "hex32")]
    pub signing: [u8; 32],
}

impl UserKeys {
    pub fn generate() -> Self {
        UserKeys {
            exchange: StaticSecret::random_from_rng(rand::rngs::OsRng),
            signing: SigningKey::generate(&mut rand::rngs::OsRng),
        }
    }

    pub fn to_bytes(&self) -> Zeroizing<[u8; SECRET_LEN]> {
        let mut out = Zeroizing::new([0u8; SECRET_LEN]);
        out[..32].copy_from_slice(self.exchange.as_bytes());
        out[32..].copy_from_slice(&self.signing.to_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != SECRET_LEN {
            return None;
        }
        let mut x = Zeroizing::new([0u8; 32]);
        x.copy_from_slice(&bytes[..32]);
        let mut s = Zeroizing::new([0u8; 32]);
        s.copy_from_slice(&bytes[32..]);
        Some(UserKeys {
            exchange: StaticSecret::from(*x),
            signing: SigningKey::from_bytes(&s),
        })
    }

    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            exchange: PublicKey::from(&self.exchange).to_bytes(),
            signing: self.signing.verifying_key().to_bytes(),
        }
    }

    pub fn exchange(&self) -> &StaticSecret {
        &self.exchange
    }

    pub fn signing(&self) -> &SigningKey {
        &self.signing
    }
}

impl std::fmt::Debug for UserKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserKeys(**redacted**)")
    }
}

impl PublicKeys {
    /// A short fingerprint a person can read aloud (`K7QD-M2XA-9RTB`, 60 bits). A grant asks for the
    /// grantee's fingerprint, so a public key swapped in the database is refused before anything is
    /// sealed to it.
    pub fn fingerprint(&self) -> String {
        let mut c = Canonical::new("skyddsvalv/key-fingerprint/v1");
        c.bytes(&self.exchange).bytes(&self.signing);
        let digest = Sha256::digest(c.finish());
        crate::crypto::recovery_code::crockford_groups(&digest[..8], 12)
    }

    pub fn signing_hex(&self) -> String {
        hex::encode(self.signing)
    }
}

/// Compares a fingerprint as typed (case, spaces and hyphens forgiven) with the real one.
pub fn fingerprint_matches(typed: &str, real: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect()
    };
    let (a, b) = (norm(typed), norm(real));
    !a.is_empty() && a == b
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(b: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        let v = hex::decode(s).map_err(serde::de::Error::custom)?;
        v.try_into()
            .map_err(|_| serde::de::Error::custom("expected 32 bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_fingerprints_differ() {
        let k = UserKeys::generate();
        let back = UserKeys::from_bytes(k.to_bytes().as_ref()).unwrap();
        assert_eq!(k.public(), back.public());
        let other = UserKeys::generate();
        assert_ne!(k.public().fingerprint(), other.public().fingerprint());
        let fp = k.public().fingerprint();
        assert_eq!(fp.len(), 14);
        assert!(fingerprint_matches(
            &fp.to_lowercase().replace('-', " "),
            &fp
        ));
        assert!(!fingerprint_matches(&other.public().fingerprint(), &fp));
        assert!(!fingerprint_matches("", &fp));
        assert!(UserKeys::from_bytes(&[0u8; 10]).is_none());
        assert!(!format!("{k:?}").contains(&hex::encode(&k.to_bytes()[..4])));
    }
}
