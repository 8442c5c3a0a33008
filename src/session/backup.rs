//! Backups through the door: the administrator writes one (a snapshot of the live database, the
//! keyslot file and the outside checkpoint, sealed to the recovery slot and to themself, signed with
//! their own key); the holder of the recovery code completes a restore in the restored vault.

use std::path::Path;

use serde::Serialize;

use super::erasure::LedgerEntry;
use super::persons::{unregister, unseal};
use super::{Ctx, Session};
use crate::audit::{Action, Outcome};
use crate::backup::format::{self, Header, SectionInfo};
use crate::backup::ledger;
use crate::crypto::Key32;
use crate::crypto::PublicKeys;
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::{self, Operation};
use crate::records::refs;
use crate::settings::{self, keys};
use crate::time::now_rfc3339;
use crate::vault::keyslots::{KeyslotFile, RECOVERY_LOCATOR};

/// What a written backup says about itself (no personal data).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BackupReport {
    pub backup_id: String,
    pub path: String,
    pub created_at: String,
    pub log_head: u64,
    pub bytes: u64,
}

/// The administrator's backup reminder.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BackupStatus {
    /// RFC 3339, when a backup was written here.
    pub last_backup: Option<String>,
    pub reminder_days: u32,
    /// No backup yet, or the last is older than `reminder_days`.
    pub remind: bool,
}

/// What the restore step found and did, for the restore report and the log.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RestoreFacts {
    pub backup_id: String,
    pub created_at: String,
    pub made_by: String,
    pub log_head: u64,
}

/// A backup's id: the day and a random part, so two backups of one day never share one.
fn new_backup_id() -> String {
    let mut r = [0u8; 4];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut r);
    format!(
        "BK-{}-{}",
        &now_rfc3339()[..10].replace('-', ""),
        hex::encode_upper(r)
    )
}

/// The recovery code's public keys as the vault recorded them (inside the database, so a swapped
/// keyslot file cannot have a backup sealed to someone else).
fn recovery_public(tx: &dyn crate::storage::Tx) -> Result<PublicKeys> {
    settings::get_json(tx, keys::RECOVERY_PUBLIC)?.ok_or(Error::SlotTampered {
        what: "the vault has no recorded recovery key",
    })
}

impl Session {
    /// Writes a backup of the live vault to `out` (a new file). Other sessions may go on writing:
    /// the database part is one consistent snapshot. `progress(done, total)` gets bytes.
    pub fn write_backup(
        &mut self,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupReport> {
        let entry = self.entry(Action::BackupWritten, Outcome::Allowed);
        if !policy::ever_allowed(self.user.role, Operation::WriteBackup) {
            // Refused (and logged) by the door before any snapshot is taken.
            return self
                .perform(
                    Operation::WriteBackup,
                    entry,
                    super::admin::na,
                    |_, (), _| Ok(None::<BackupReport>),
                )?
                .ok_or(Error::Denied {
                    reason: "only an administrator writes backups",
                });
        }
        if self.closed {
            return Err(Error::SessionLocked);
        }
        let target = checked_backup_path(out)?;
        let work_dir = target.parent().unwrap_or(Path::new(".")).to_path_buf();
        let part_dir = tempfile_in(&work_dir)?;
        let result = self.write_backup_via(&target, &part_dir, entry, progress);
        let _ = std::fs::remove_dir_all(&part_dir);
        if result.is_err() {
            // Only a file this call created is removed: checked_backup_path refused an existing one.
            let _ = std::fs::remove_file(&target);
        }
        result
    }

    fn write_backup_via(
        &mut self,
        target: &Path,
        part_dir: &Path,
        entry: crate::audit::NewEntry,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupReport> {
        let db_part = part_dir.join(format::SECTIONS[0]);
        let checkpoint_part = part_dir.join(format::SECTIONS[1]);
        // The checkpoint is read before the snapshot: it then never vouches for more than it holds.
        let checkpoint = match std::fs::read(self.paths.checkpoint()) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let slots_bytes = KeyslotFile::read(&self.paths.keyslots())?;
        // The keyslot file must still be this vault's before it goes into a backup.
        self.vault_slots()?;
        self.store.snapshot_into(&db_part)?;
        crate::vault::files::write_atomic(&checkpoint_part, &checkpoint)?;
        let backup_id = new_backup_id();
        let created_at = now_rfc3339();
        let key = Key32::random();
        let me = self.keys.user.public();
        let signer = self.keys.user.signing().clone();
        let made_by = self.user.name.clone();
        let own_locator = self.user.slot_locator_or_recovery().to_string();
        let sections = [&db_part, &checkpoint_part]
            .iter()
            .zip(format::SECTIONS)
            .map(|(p, name)| {
                Ok(SectionInfo {
                    name: name.to_string(),
                    len: std::fs::metadata(p)?.len(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut entry = entry;
        entry.purpose = Some(backup_id.clone());
        let recovery = self.with_tx(recovery_public)?;
        let log_head = snapshot_head(&db_part, &self.keys.database)?;
        let vault_id = self.vault_id.clone();
        let header = Header {
            format: format::FORMAT.into(),
            version: format::VERSION,
            vault_id: vault_id.clone(),
            backup_id: backup_id.clone(),
            created_at: created_at.clone(),
            made_by,
            signer: hex::encode(me.signing),
            log_head,
            keyslots: base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                &slots_bytes,
            ),
            keys: vec![
                format::seal_key(
                    &vault_id,
                    &backup_id,
                    RECOVERY_LOCATOR,
                    &recovery.exchange,
                    &key,
                ),
                format::seal_key(&vault_id, &backup_id, &own_locator, &me.exchange, &key),
            ],
            nonce: format::new_nonce(),
            sections,
        };
        // The file is written outside any transaction (other sessions go on writing); the entry
        // follows, and if it cannot be written the caller removes the file: no backup goes unlogged.
        format::write(target, &header, part_dir, &key, &signer, progress)?;
        let report = BackupReport {
            backup_id,
            path: target.display().to_string(),
            created_at,
            log_head,
            bytes: std::fs::metadata(target)?.len(),
        };
        self.perform(
            Operation::WriteBackup,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                entry.detail = Some(format!("log head {log_head}"));
                settings::set_json(ctx.tx, keys::LAST_BACKUP, &report.created_at)
            },
        )?;
        Ok(report)
    }

    fn vault_slots(&self) -> Result<KeyslotFile> {
        let file = KeyslotFile::load(&self.paths.keyslots())?;
        if file.vault_id != self.vault_id {
            return Err(Error::SlotTampered {
                what: "the keyslot file now belongs to another vault",
            });
        }
        Ok(file)
    }

    /// When the last backup was written, and whether the administrator is to be reminded (no
    /// backup yet, or one older than the `backup-reminder-days` setting).
    pub fn backup_status(&mut self) -> Result<BackupStatus> {
        self.with_tx(|tx| {
            let last: Option<String> = settings::get_json(tx, keys::LAST_BACKUP)?;
            let days = settings::load(tx)?.backup_reminder_days;
            let limit = crate::time::unix_to_rfc3339(
                crate::time::now_unix()
                    .saturating_sub(i64::from(days) * 86_400)
                    .max(0) as u64,
            );
            Ok(BackupStatus {
                remind: last.as_deref().is_none_or(|l| l < limit.as_str()),
                last_backup: last,
                reminder_days: days,
            })
        })
    }

    /// The restore's step inside the restored vault (the recovery code's session): erases again every
    /// person in `later` (erasure-ledger lines from after the backup) and logs the restore, flagged.
    /// Returns the refs erased again.
    pub fn complete_restore(
        &mut self,
        facts: &RestoreFacts,
        later: &[LedgerEntry],
    ) -> Result<Vec<String>> {
        let mut entry = self.entry(Action::VaultRestored, Outcome::Allowed);
        entry.flagged = true;
        entry.purpose = Some(super::log_safe_id(24, &facts.backup_id));
        let erased = self.perform(
            Operation::RestoreVault,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mut ledger: Vec<LedgerEntry> =
                    settings::get_json(ctx.tx, keys::ERASURE_LEDGER)?.unwrap_or_default();
                let mut erased = Vec::new();
                for line in later {
                    let known = ledger.iter().any(|l| {
                        l.person_ref == line.person_ref && l.request_id == line.request_id
                    });
                    if known {
                        continue;
                    }
                    if reapply(ctx, line)? {
                        erased.push(line.person_ref.clone());
                    }
                    // Kept either way, so a later restore of this vault knows it too.
                    ledger.push(line.clone());
                }
                settings::set_json(ctx.tx, keys::ERASURE_LEDGER, &ledger)?;
                entry.detail = Some(format!(
                    "restored from backup {} of {} (log head {}); {} erased again",
                    super::log_safe_id(24, &facts.backup_id),
                    super::log_safe_id(32, &facts.created_at),
                    facts.log_head,
                    erased.len()
                ));
                Ok(erased)
            },
        )?;
        self.store.compact()?;
        Ok(erased)
    }

    /// The administrator accepts the restored log (flagged): a log reviewer's pin of the lost vault,
    /// taken before this, is then not held against the restored log. Refused in a vault whose log
    /// holds no restore. Returns the restore's entry.
    pub fn accept_restored_log(&mut self) -> Result<u64> {
        let mut entry = self.entry(Action::RestoreAccepted, Outcome::Allowed);
        entry.flagged = true;
        self.perform(
            Operation::AcceptRestore,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let restored = ctx
                    .tx
                    .log_query(&crate::audit::LogFilter {
                        action: Some(Action::VaultRestored.as_str().into()),
                        limit: Some(1),
                        ..Default::default()
                    })?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        Error::invalid(
                            Input::LogRange,
                            Rule::Unknown,
                            "this vault's log holds no restore to accept".to_string(),
                        )
                    })?;
                entry.detail = Some(format!("the restore at entry {} accepted", restored.seq));
                Ok(restored.seq)
            },
        )
    }

    /// [`Self::mirror_ledger`] after an erasure that is already committed: a failure there must not
    /// report the erasure as failed; the next erasure or backup writes the file again.
    pub(crate) fn mirror_ledger_or_warn(&mut self) {
        if let Err(e) = self.mirror_ledger() {
            tracing::warn!(code = %e.code(), "the erasure ledger beside the vault was not updated");
        }
    }

    /// Writes the erasure ledger beside the vault, sealed to the recovery slot, so that a restore
    /// of an older backup can erase again what was erased since.
    pub(crate) fn mirror_ledger(&mut self) -> Result<()> {
        let path = self.paths.erasures();
        let vault_id = self.vault_id.clone();
        let bytes = self.with_tx(|tx| {
            let recovery = recovery_public(tx)?;
            let lines: Vec<LedgerEntry> =
                settings::get_json(tx, keys::ERASURE_LEDGER)?.unwrap_or_default();
            ledger::seal(&vault_id, &recovery.exchange, &lines)
        })?;
        crate::vault::files::write_atomic(&path, &bytes)
    }
}

/// Erases one ledger line's person again, if the restored vault holds them. True when it did.
fn reapply(ctx: &Ctx<'_>, line: &LedgerEntry) -> Result<bool> {
    let Ok(r) = refs::parse_ref(&line.person_ref) else {
        return Ok(false);
    };
    let Some(row) = ctx.tx.person_by_ref(&r)? else {
        return Ok(false);
    };
    let mut p = unseal(ctx, row)?;
    if line.whole {
        unregister(ctx.tx, ctx.vault_id, ctx.reception()?, &p)?;
        ctx.tx.delete_person(p.row.id)?;
    } else {
        for &f in &line.fields {
            super::erasure::clear_field(&mut p.data.record, f);
            p.data.later.remove(f.as_str());
            p.data.rights.history.retain(|h| h.field != f);
        }
        super::rights::save_sealed(ctx, &mut p)?;
    }
    Ok(true)
}

/// The snapshot's last log entry, read back through the database key: proof the copy opens, and
/// that SQLCipher wrote it encrypted (a plaintext copy is never sealed into a backup).
fn snapshot_head(db: &Path, key: &Key32) -> Result<u64> {
    let mut start = [0u8; 16];
    std::io::Read::read_exact(&mut std::fs::File::open(db)?, &mut start)?;
    if &start == b"SQLite format 3\0" {
        return Err(Error::Storage("the snapshot was not encrypted".into()));
    }
    crate::storage::sqlite::log_head_of(db, key)
}

/// Refuses an existing file and a folder that does not exist; the backup itself is encrypted, so a
/// temporary folder is allowed (unlike an extract's plaintext).
pub(crate) fn checked_backup_path(out: &Path) -> Result<std::path::PathBuf> {
    let bad = |rule: Rule, m: &str| Error::invalid(Input::OutputFile, rule, m.to_string());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent
        .canonicalize()
        .map_err(|_| bad(Rule::Unknown, "the folder does not exist"))?;
    let name = out
        .file_name()
        .ok_or_else(|| bad(Rule::Format, "give a file name"))?;
    let target = dir.join(name);
    if target.exists() {
        return Err(bad(Rule::Exists, "a file of that name is already there"));
    }
    Ok(target)
}

/// A private working folder beside the backup for the encrypted snapshot (never a shared temp).
fn tempfile_in(dir: &Path) -> Result<std::path::PathBuf> {
    let mut r = [0u8; 6];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut r);
    let p = dir.join(format!(".skyddsvalv-backup-{}", hex::encode(r)));
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(&p)?;
    Ok(p)
}
