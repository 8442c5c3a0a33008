//! The reception register: for every person, a keyed slow hash of the canonical identity number and of
//! the exact (folded) name with birth year, each with an answer sealed under a key derived from the same
//! slow hash. The reception key alone opens nothing: each answer needs the right number or name, and
//! every guess costs one slow hash.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::index::{fold, name_key};
use super::model::ProtectionKind;
use crate::canonical::Canonical;
use crate::crypto::slow_hash::{slow_hash, SlowHashParams};
use crate::crypto::{wrap, Key32};
use crate::error::{Error, Result};
use crate::keys::DomainKey;

/// The vault's slow-hash settings (in the database; the salt is not secret, the reception key is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupHash {
    pub params: SlowHashParams,
    #[serde(with = "hex_salt")]
    pub salt: [u8; 16],
}

impl LookupHash {
    pub fn new() -> Self {
        LookupHash {
            params: SlowHashParams::MINIMUM,
            salt: crate::vault::keyslots::random_bytes::<16>(),
        }
    }

    pub fn identity(&self, canonical: &str) -> Result<Zeroizing<[u8; 32]>> {
        let input = Canonical::new("lookup/identity")
            .str(canonical)
            .finish()
            .to_vec();
        slow_hash(&input, &self.salt, self.params)
    }

    pub fn name_year(&self, name: &str, year: i32) -> Result<Zeroizing<[u8; 32]>> {
        let input = Canonical::new("lookup/name-year")
            .str(&fold(&name_key(name)))
            .u64(year as u64)
            .finish()
            .to_vec();
        slow_hash(&input, &self.salt, self.params)
    }
}

impl Default for LookupHash {
    fn default() -> Self {
        Self::new()
    }
}

/// What reception learns on a hit.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegisterAnswer {
    pub person_ref: String,
    pub protection: Option<ProtectionKind>,
    pub initials: String,
}

impl std::fmt::Debug for RegisterAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RegisterAnswer({})", self.person_ref)
    }
}

pub fn tag(key: &DomainKey, slow: &[u8; 32]) -> [u8; 32] {
    key.sub("tag").mac(slow)
}

fn answer_key(key: &DomainKey, slow: &[u8; 32]) -> Key32 {
    Key32::from_bytes(key.sub("answer").mac(slow))
}

fn associated(vault_id: &str, epoch: u32) -> Vec<u8> {
    Canonical::new("skyddsvalv/register/v1")
        .str(vault_id)
        .u64(epoch.into())
        .finish()
        .to_vec()
}

pub fn seal_answer(
    vault_id: &str,
    key: &DomainKey,
    slow: &[u8; 32],
    answer: &RegisterAnswer,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let json =
        serde_json::to_vec(answer).map_err(|e| Error::Storage(format!("cannot encode: {e}")))?;
    let (nonce, sealed) = wrap::seal(
        &answer_key(key, slow),
        &json,
        &associated(vault_id, key.epoch),
    );
    Ok((nonce.to_vec(), sealed))
}

pub fn open_answer(
    vault_id: &str,
    key: &DomainKey,
    slow: &[u8; 32],
    nonce: &[u8],
    sealed: &[u8],
) -> Option<RegisterAnswer> {
    let plain = wrap::open(
        &answer_key(key, slow),
        nonce,
        sealed,
        &associated(vault_id, key.epoch),
    )?;
    serde_json::from_slice(&plain).ok()
}

/// The keyed hash under which a reception lookup is logged (repeated lookups of one number group
/// together; no other role can reproduce it).
pub fn term_hash(key: &DomainKey, slow: &[u8; 32]) -> String {
    hex::encode(key.sub("lookup-term").mac(slow))
}

mod hex_salt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(b: &[u8; 16], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 16], D::Error> {
        let v = hex::decode(String::deserialize(d)?).map_err(serde::de::Error::custom)?;
        v.try_into()
            .map_err(|_| serde::de::Error::custom("expected 16 bytes"))
    }
}
