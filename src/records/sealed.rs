//! Sealing a person record under the records key. The associated data binds a sealed record to its vault,
//! its person ref and its key epoch, so sealed rows cannot be swapped between persons unnoticed.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::model::PersonRecord;
use crate::canonical::Canonical;
use crate::crypto::wrap;
use crate::error::{Error, Result};
use crate::keys::DomainKey;

/// What is sealed: the record, and the slow hashes under which the reception register finds it (kept
/// so the register can be rebuilt under a new reception key without recomputing them).
#[derive(Clone, Serialize, Deserialize)]
pub struct SealedPerson {
    pub record: PersonRecord,
    #[serde(default)]
    pub lookup: Vec<String>,
}

fn associated(vault_id: &str, person_ref: &str, epoch: u32) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/person/v1");
    c.str(vault_id).str(person_ref).u64(epoch.into());
    c.finish().to_vec()
}

pub fn seal(
    vault_id: &str,
    key: &DomainKey,
    person_ref: &str,
    person: &SealedPerson,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let json = Zeroizing::new(
        serde_json::to_vec(person).map_err(|e| Error::Storage(format!("cannot encode: {e}")))?,
    );
    let (nonce, sealed) = wrap::seal(
        &key.sub("seal"),
        &json,
        &associated(vault_id, person_ref, key.epoch),
    );
    Ok((nonce.to_vec(), sealed))
}

pub fn open(
    vault_id: &str,
    key: &DomainKey,
    person_ref: &str,
    epoch: u32,
    nonce: &[u8],
    sealed: &[u8],
) -> Result<SealedPerson> {
    if epoch != key.epoch {
        return Err(Error::damaged(
            "a person record is sealed under another key epoch",
        ));
    }
    let plain = wrap::open(
        &key.sub("seal"),
        nonce,
        sealed,
        &associated(vault_id, person_ref, epoch),
    )
    .ok_or_else(|| Error::damaged("a sealed person record does not open"))?;
    serde_json::from_slice(&plain).map_err(|_| Error::damaged("a person record is malformed"))
}
