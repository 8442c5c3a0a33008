//! The erasure ledger beside the vault (`erasures.json`), sealed to the recovery key: it survives a
//! damaged database, and only the holder of the recovery code — who alone restores — can read it.
//!
//! A forged file (anyone can seal to a public key) can only make a restore erase persons again; the
//! restore lists every ref it erased, and the backup itself is unchanged (see the security model).

use serde::{Deserialize, Serialize};

use crate::canonical::Canonical;
use crate::crypto::{envelope, Envelope, UserKeys};
use crate::error::{Error, Result};
use crate::session::LedgerEntry;

const FORMAT: &str = "skyddsvalv-erasure-ledger";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    vault_id: String,
    sealed: Envelope,
}

fn context(vault_id: &str) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/erasure-ledger/v1");
    c.str(vault_id);
    c.finish().to_vec()
}

pub fn seal(vault_id: &str, recovery: &[u8; 32], lines: &[LedgerEntry]) -> Result<Vec<u8>> {
    let json = zeroize::Zeroizing::new(
        serde_json::to_vec(lines).map_err(|e| Error::Storage(e.to_string()))?,
    );
    serde_json::to_vec_pretty(&File {
        format: FORMAT.into(),
        version: 1,
        vault_id: vault_id.into(),
        sealed: envelope::seal_to(recovery, &json, &context(vault_id)),
    })
    .map_err(|e| Error::Storage(e.to_string()))
}

/// Opens a ledger file of vault `vault_id` with the recovery code's keys.
pub fn open(bytes: &[u8], vault_id: &str, recovery: &UserKeys) -> Result<Vec<LedgerEntry>> {
    let bad = || Error::BackupDamaged {
        what: "the erasure ledger is not this vault's, or was changed",
    };
    let f: File = serde_json::from_slice(bytes).map_err(|_| bad())?;
    if f.format != FORMAT || f.version != 1 || f.vault_id != vault_id {
        return Err(bad());
    }
    let json =
        envelope::open(&f.sealed, recovery.exchange(), &context(vault_id)).ok_or_else(bad)?;
    serde_json::from_slice(&json).map_err(|_| bad())
}
