//! Restoring a backup into a directory. Everything is checked first — the signature over the whole
//! file, every encrypted chunk, every database page (SQLCipher's HMACs), the log chain and the maker —
//! in a private staging folder beside the target; only then are the files moved into place.
//!
//! Invariants: a failed restore leaves the target as it was and the staging folder gone; a vault in
//! the target is replaced only when asked, and then moved aside, never deleted; the restored log says
//! that a restore happened and from which backup (flagged), and persons erased after the backup are
//! erased again before anyone can log in.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{format, ledger};
use crate::audit::{checkpoint, verify};
use crate::auth::Role;
use crate::crypto::RecoveryCode;
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::session::{LedgerEntry, RestoreFacts};
use crate::storage::sqlite::SqliteStorage;
use crate::storage::Storage;
use crate::vault::keyslots::{KeyslotFile, RECOVERY_LOCATOR};
use crate::vault::{Vault, VaultPaths};

#[derive(Debug, Clone, Default)]
pub struct RestoreOptions {
    /// Replace a vault already in the target (it is moved into a `before-restore-…` folder).
    pub replace: bool,
    /// Erasure-ledger files (`erasures.json`) from elsewhere: a copy of the lost vault's.
    pub ledgers: Vec<PathBuf>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RestoreReport {
    pub backup_id: String,
    pub created_at: String,
    pub made_by: String,
    /// Log entries the restored vault holds (all verified).
    pub log_entries: u64,
    /// Refs of persons erased again from the ledger (no names: refs are the vault's own ids).
    pub erased_again: Vec<String>,
    /// Where the replaced vault was moved, when one was.
    pub replaced_moved_to: Option<String>,
}

fn damaged(what: &'static str) -> Error {
    Error::BackupDamaged { what }
}

/// True when `dir` holds any file of a vault.
fn holds_vault(dir: &Path) -> bool {
    VaultPaths::new(dir).all_files().iter().any(|p| p.exists())
}

/// Restores `file` into `to` with the recovery code.
pub fn restore(
    file: &Path,
    to: &Path,
    code: &RecoveryCode,
    device: Arc<DeviceSecrets>,
    options: &RestoreOptions,
) -> Result<RestoreReport> {
    if holds_vault(to) && !options.replace {
        return Err(Error::VaultExists);
    }
    let checked = format::check(file)?;
    let name = to
        .file_name()
        .ok_or_else(|| Error::NotAVault {
            what: "give the directory to restore into by name".into(),
        })?
        .to_string_lossy()
        .into_owned();
    let parent = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(Error::NotAVault {
            what: "the folder to restore into does not exist".into(),
        });
    }
    let staging = parent.join(format!(".{name}.restoring"));
    if staging.exists() {
        // A restore that was cut off left it; it never holds anything that is not in the backup.
        std::fs::remove_dir_all(&staging)?;
    }
    crate::vault::create_dir(&staging)?;
    let staged = stage(file, &checked, &staging, to, code, device, options);
    let report = match staged {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let moved = place(&staging, to, options.replace)?;
    let _ = std::fs::remove_dir_all(&staging);
    Ok(RestoreReport {
        replaced_moved_to: moved.map(|p| p.display().to_string()),
        ..report
    })
}

fn stage(
    file: &Path,
    checked: &format::Checked,
    staging: &Path,
    to: &Path,
    code: &RecoveryCode,
    device: Arc<DeviceSecrets>,
    options: &RestoreOptions,
) -> Result<RestoreReport> {
    let header = &checked.header;
    let paths = VaultPaths::new(staging);
    let slot_bytes = header.keyslot_bytes()?;
    crate::vault::files::write_atomic(&paths.keyslots(), &slot_bytes)?;
    let slots = KeyslotFile::load(&paths.keyslots())
        .map_err(|_| damaged("the keyslot file inside it is not readable"))?;
    if slots.vault_id != header.vault_id {
        return Err(damaged("its keyslot file belongs to another vault"));
    }
    let vault = Vault::at(paths.clone(), header.vault_id.clone(), device);
    let recovery = vault.recovery_keys(code)?;
    let key = format::open_key(header, RECOVERY_LOCATOR, &recovery)?;
    format::extract(file, checked, &key, staging)?;
    if std::fs::metadata(paths.checkpoint())?.len() == 0 {
        std::fs::remove_file(paths.checkpoint())?;
    }
    let log_entries = check_contents(&vault, &slots, &recovery, header)?;

    // The ledger lines the backup does not know: beside a replaced vault, and any given.
    let mut later: Vec<LedgerEntry> = Vec::new();
    let mut sources: Vec<PathBuf> = options.ledgers.clone();
    let beside = VaultPaths::new(to).erasures();
    if options.replace && beside.exists() {
        sources.push(beside);
    }
    for src in &sources {
        let bytes = std::fs::read(src)?;
        later.extend(ledger::open(&bytes, &header.vault_id, &recovery)?);
    }
    let facts = RestoreFacts {
        backup_id: header.backup_id.clone(),
        created_at: header.created_at.clone(),
        made_by: header.made_by.clone(),
        log_head: header.log_head,
    };
    let mut session = vault.recovery_session(code)?;
    let erased_again = session.complete_restore(&facts, &later)?;
    session.mirror_ledger()?;
    session.lock()?;
    Ok(RestoreReport {
        backup_id: facts.backup_id,
        created_at: facts.created_at,
        made_by: facts.made_by,
        log_entries,
        erased_again,
        replaced_moved_to: None,
    })
}

/// Every page, the log chain with its checkpoints, and the maker: an administrator of this vault
/// whose key signed the file. Returns the number of log entries.
fn check_contents(
    vault: &Vault,
    slots: &KeyslotFile,
    recovery: &crate::crypto::UserKeys,
    header: &format::Header,
) -> Result<u64> {
    let paths = vault.paths();
    let keys = slots.database_keys_for(RECOVERY_LOCATOR, recovery);
    let mut store = keys
        .iter()
        .find_map(|(_, k)| SqliteStorage::open(&paths.database(), k).ok())
        .ok_or(damaged("its database does not open with the vault's keys"))?;
    if !store.integrity_problems()?.is_empty() {
        return Err(damaged("a page of its database was changed"));
    }
    let outside = checkpoint::load_outside(&paths.checkpoint())?;
    let tx = store.begin()?;
    let v = verify::verify(&*tx, vault.vault_id(), &outside, None)?;
    if !v.holds() {
        return Err(damaged("its access log does not verify"));
    }
    if v.entries != header.log_head {
        return Err(damaged("its access log is not the one its header names"));
    }
    let maker = tx
        .users()?
        .into_iter()
        .find(|u| u.name == header.made_by)
        .ok_or(damaged("it was not made by an account of this vault"))?;
    let signed_by_maker = maker
        .public
        .is_some_and(|p| hex::encode(p.signing) == header.signer);
    if maker.role != Role::Admin || !signed_by_maker {
        return Err(damaged(
            "it was not signed by an administrator of this vault",
        ));
    }
    Ok(v.entries)
}

/// Moves the staged vault into `to` (created if missing); a vault there is first moved aside.
fn place(staging: &Path, to: &Path, replace: bool) -> Result<Option<PathBuf>> {
    let target = VaultPaths::new(to);
    let staged = VaultPaths::new(staging);
    let mut moved = None;
    if !to.exists() {
        crate::vault::create_dir(to)?;
    }
    if replace && holds_vault(to) {
        let aside = to.join(format!(
            "before-restore-{}",
            crate::time::now_rfc3339()
                .replace([':', '-'], "")
                .chars()
                .take(15)
                .collect::<String>()
        ));
        crate::vault::create_dir(&aside)?;
        for f in target.all_files().iter().filter(|p| p.exists()) {
            if let Some(n) = f.file_name() {
                std::fs::rename(f, aside.join(n))?;
            }
        }
        moved = Some(aside);
    }
    // The database first and the keyslot file last: a crash in between leaves no openable half.
    let keyslots = staged.keyslots();
    let mut files: Vec<PathBuf> = staged
        .all_files()
        .into_iter()
        .filter(|f| *f != keyslots)
        .collect();
    files.push(keyslots);
    for f in files {
        if f.exists() {
            let n = f.file_name().expect("vault files have names");
            std::fs::rename(&f, to.join(n))?;
        }
    }
    crate::vault::files::sync_dir(to);
    Ok(moved)
}
