//! Signed checkpoints. Every session ends (lock or close) with a `lock` entry and a checkpoint of the
//! head, in one transaction, signed with the key from *that user's* slot — the database holds no signing
//! key. A checkpoint also carries the hashes of every entry since the previous checkpoint, so a later
//! change is reported at the entry it touched. The newest checkpoint is also written beside the vault
//! (`checkpoint.json`); it only ever moves forward along the same chain, and one that this log does not
//! continue is evidence, left in place for `verify` to report.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::chain::head;
use crate::canonical::Canonical;
use crate::crypto::UserKeys;
use crate::error::{Error, Result};
use crate::storage::{CheckpointRow, Tx};
use crate::time::now_rfc3339;
use crate::vault::files::write_atomic;

const FORMAT: &str = "skyddsvalv-checkpoint";
const FORMAT_VERSION: u32 = 2;

/// What is signed: the vault, the head, the time, the signer, and a digest of the covered hashes.
pub fn message(vault_id: &str, c: &CheckpointRow) -> Vec<u8> {
    let mut m = Canonical::new("skyddsvalv/checkpoint/v2");
    m.str(vault_id)
        .u64(c.seq)
        .bytes(&c.head_hash)
        .str(&c.at)
        .str(&c.signer)
        .bytes(&c.signer_key)
        .u64(c.from_seq)
        .bytes(&Sha256::digest(&c.entry_hashes));
    m.finish().to_vec()
}

/// The first format's message (checkpoints signed with the vault key before migration).
pub fn legacy_message(vault_id: &str, seq: u64, head_hash: &[u8], at: &str) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/checkpoint/v1");
    c.str(vault_id).u64(seq).bytes(head_hash).str(at);
    c.finish().to_vec()
}

/// True when the checkpoint's signature holds under the key it names (who that key must belong to is
/// the verifier's question).
pub fn signature_holds(vault_id: &str, c: &CheckpointRow) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(&c.signer_key) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(&c.signature) else {
        return false;
    };
    let msg = if c.signer == super::announce::LEGACY {
        legacy_message(vault_id, c.seq, &c.head_hash, &c.at)
    } else {
        message(vault_id, c)
    };
    key.verify(&msg, &sig).is_ok()
}

/// Signs the current head inside `tx` and stores the checkpoint there. The caller commits.
pub fn sign(tx: &dyn Tx, vault_id: &str, signer: &str, keys: &UserKeys) -> Result<CheckpointRow> {
    let (seq, head_hash) = head(tx)?;
    let from_seq = tx
        .checkpoints()?
        .last()
        .map(|c| c.seq)
        .unwrap_or(0)
        .min(seq);
    let mut entry_hashes = Vec::with_capacity(((seq - from_seq) * 32) as usize);
    tx.log_walk(from_seq + 1, &mut |e| {
        entry_hashes.extend_from_slice(e.hash);
        Ok(e.seq < seq)
    })?;
    let mut c = CheckpointRow {
        seq,
        head_hash,
        at: now_rfc3339(),
        signer: signer.to_string(),
        signer_key: keys.public().signing,
        from_seq,
        entry_hashes,
        signature: Vec::new(),
    };
    c.signature = keys
        .signing()
        .sign(&message(vault_id, &c))
        .to_bytes()
        .to_vec();
    tx.add_checkpoint(&c)?;
    Ok(c)
}

/// The copy kept beside the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideCheckpoint {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub seq: u64,
    pub head_hash: String,
    pub at: String,
    pub signer_locator: String,
    pub signer_key: String,
    pub from_seq: u64,
    pub entry_hashes: String,
    pub signature: String,
}

impl OutsideCheckpoint {
    pub fn from_row(vault_id: &str, c: &CheckpointRow, signer_locator: &str) -> Self {
        OutsideCheckpoint {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            vault_id: vault_id.into(),
            seq: c.seq,
            head_hash: hex::encode(&c.head_hash),
            at: c.at.clone(),
            signer_locator: signer_locator.to_string(),
            signer_key: hex::encode(c.signer_key),
            from_seq: c.from_seq,
            entry_hashes: hex::encode(&c.entry_hashes),
            signature: hex::encode(&c.signature),
        }
    }

    /// The checkpoint as signed, with the signer's name looked up by locator in the vault.
    pub fn to_row(&self, tx: &dyn Tx) -> Result<Option<CheckpointRow>> {
        let signer = if self.signer_locator == crate::vault::keyslots::RECOVERY_LOCATOR {
            super::announce::RECOVERY.to_string()
        } else {
            match tx.user_by_locator(&self.signer_locator)? {
                Some(u) => u.name,
                None => return Ok(None),
            }
        };
        Ok(self.decoded(signer))
    }

    fn decoded(&self, signer: String) -> Option<CheckpointRow> {
        Some(CheckpointRow {
            seq: self.seq,
            head_hash: hex::decode(&self.head_hash).ok()?,
            at: self.at.clone(),
            signer,
            signer_key: hex::decode(&self.signer_key).ok()?.try_into().ok()?,
            from_seq: self.from_seq,
            entry_hashes: hex::decode(&self.entry_hashes).ok()?,
            signature: hex::decode(&self.signature).ok()?,
        })
    }
}

/// What lies beside the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outside {
    Missing,
    /// Present but not a readable checkpoint of this format.
    Unreadable,
    Present(Box<OutsideCheckpoint>),
}

pub fn load_outside(path: &Path) -> Result<Outside> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(serde_json::from_slice::<OutsideCheckpoint>(&bytes)
            .ok()
            .filter(|c| c.format == FORMAT && c.version == FORMAT_VERSION)
            .map(|c| Outside::Present(Box::new(c)))
            .unwrap_or(Outside::Unreadable)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Outside::Missing),
        Err(e) => Err(e.into()),
    }
}

/// Writes the outside copy of `c`, unless the file there vouches for a log this one does not continue
/// (then it is evidence and stays). Returns the previous file's bytes, to put back if the commit fails.
pub fn write_outside(
    tx: &dyn Tx,
    vault_id: &str,
    c: &CheckpointRow,
    signer_locator: &str,
    path: &Path,
) -> Result<Option<Vec<u8>>> {
    let previous = match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if !may_advance(tx, vault_id, path)? {
        tracing::warn!("the outside checkpoint does not match this log; left in place");
        return Ok(None);
    }
    let json = serde_json::to_vec_pretty(&OutsideCheckpoint::from_row(vault_id, c, signer_locator))
        .map_err(|e| Error::Storage(format!("cannot encode checkpoint: {e}")))?;
    write_atomic(path, &json)?;
    Ok(previous)
}

/// True when the outside checkpoint may be replaced: there is none yet, or it is this vault's, well
/// signed, and names an entry this log still holds unchanged.
fn may_advance(tx: &dyn Tx, vault_id: &str, path: &Path) -> Result<bool> {
    let existing = match load_outside(path)? {
        Outside::Missing => return Ok(true),
        Outside::Unreadable => return Ok(false),
        Outside::Present(c) => c,
    };
    let Some(row) = existing.to_row(tx)? else {
        return Ok(false);
    };
    if existing.vault_id != vault_id || !signature_holds(vault_id, &row) {
        return Ok(false);
    }
    if row.seq == 0 {
        return Ok(true);
    }
    Ok(tx
        .log_entry(row.seq)?
        .is_some_and(|e| e.hash == row.head_hash))
}
