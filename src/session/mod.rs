//! The one door. A [`Session`] is an authenticated user with the vault open and the keys their role
//! holds; every operation on it (1) asks the policy, (2) does the work, (3) writes exactly one
//! access-log entry — in one transaction. A refusal writes a `denied` entry and returns `DENIED`. If
//! the entry cannot be written, the work is rolled back. Locking or dropping the session writes a
//! `lock` entry and a checkpoint signed with the user's own key, then wipes the keys.

mod access;
mod admin;
mod assignments;
mod backup;
#[cfg(feature = "test-support")]
mod bench_support;
mod caseload;
mod draft;
mod erasure;
mod extract;
mod import;
mod incidents;
mod journal;
mod keys;
mod log_review;
mod loggkontroll;
mod marking;
mod offline_export;
mod own_account;
mod parallel;
mod persons;
mod purposes;
mod reception;
mod recovery_rotation;
mod register;
mod retention;
mod rights;
mod rotation;
mod sweep;

use std::sync::Arc;

use crate::audit::{chain, checkpoint, verify, Action, NewEntry, Outcome};
use crate::auth::{Role, UserInfo};
use crate::crypto::KdfParams;
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::keys::{DomainKey, SessionKeys};
use crate::policy::{self, Access, Decision, Operation};
use crate::storage::{GrantKind, Storage, Tx};
use crate::vault::VaultPaths;

pub use access::{DataAccess, PendingAccount};
pub use admin::AccountView;
pub use assignments::{AssignmentOverview, HandlerLoad};
pub use backup::{BackupReport, BackupStatus, RestoreFacts};
pub use caseload::Caseload;
pub use erasure::{ErasureReport, FieldErasure, LedgerEntry};
pub use extract::WrittenExtract;
pub use import::{ImportColumn, ImportPreview, ImportReport};
pub use journal::Journal;
pub(crate) use keys::checked_grant;
pub use loggkontroll::{
    Explanation, FlaggedEntry, LogReview, ReportFormat, WrittenBundle, WrittenFile,
};
pub use marking::RestrictionRequest;
pub use offline_export::{
    DeskFlag, DeskLogReview, ExportedRegister, DEFAULT_VALID_DAYS, MAX_VALID_DAYS,
};
pub use persons::{EmergencyGrant, PersonSummary, PersonView, Revealed, SearchResult};
pub(crate) use reception::{parse_lookup, LookupKey};
pub use reception::{LookupAnswer, Referral};
pub use recovery_rotation::RecoveryHandover;
pub use rights::{ConsentInput, DisclosureInput, RightsView, Worklist};
pub use rotation::{Progress, RotationReport};
pub use sweep::{open_certificate, CertificateCheck, DestructionSummary, SweepItem, SweepList};

pub struct Session {
    store: Box<dyn Storage>,
    keys: SessionKeys,
    user: UserInfo,
    paths: VaultPaths,
    vault_id: String,
    device: Arc<DeviceSecrets>,
    kdf: KdfParams,
    closed: bool,
    /// Lookups made in this session (the reception's per-session limit).
    lookups: u32,
    /// What this session revealed in the last `REVEAL_SECONDS` (which values a copy may take; no
    /// values are held, a copy reads the record again).
    revealed: persons::RecentReveals,
    /// The log's flags as of the last look at it (the reviewer's; built on first use).
    log_index: Option<crate::audit::flag_index::FlagIndex>,
}

/// What an operation's steps see: the transaction, the session's keys and user, the vault id.
pub(crate) struct Ctx<'a> {
    pub tx: &'a dyn Tx,
    pub keys: &'a SessionKeys,
    pub user: &'a UserInfo,
    pub vault_id: &'a str,
}

impl Ctx<'_> {
    pub fn records(&self) -> Result<&DomainKey> {
        self.keys.records.as_ref().ok_or(Error::NoDataAccess {
            what: "person data",
        })
    }

    pub fn reception(&self) -> Result<&DomainKey> {
        self.keys.reception.as_ref().ok_or(Error::NoDataAccess {
            what: "the reception register",
        })
    }
}

/// The parts of a session that unlocking hands over.
pub(crate) struct Opened {
    pub store: Box<dyn Storage>,
    pub keys: SessionKeys,
    pub user: UserInfo,
    pub paths: VaultPaths,
    pub vault_id: String,
    pub device: Arc<DeviceSecrets>,
    pub kdf: KdfParams,
}

impl Session {
    pub(crate) fn new(o: Opened) -> Self {
        Session {
            store: o.store,
            keys: o.keys,
            user: o.user,
            paths: o.paths,
            vault_id: o.vault_id,
            device: o.device,
            kdf: o.kdf,
            closed: false,
            lookups: 0,
            revealed: Default::default(),
            log_index: None,
        }
    }

    pub fn user(&self) -> &UserInfo {
        &self.user
    }

    pub fn vault_id(&self) -> &str {
        &self.vault_id
    }

    /// This account's key fingerprint, to read aloud to the case handler who grants data access.
    pub fn my_fingerprint(&self) -> String {
        self.keys.user.public().fingerprint()
    }

    /// Runs `f` in a transaction of its own and commits (housekeeping that is not an operation).
    pub(crate) fn with_tx<T>(&mut self, f: impl FnOnce(&dyn Tx) -> Result<T>) -> Result<T> {
        self.ready()?;
        let tx = self.store.begin()?;
        let out = f(&*tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Locks: writes the `lock` entry and a checkpoint signed with this user's key, closes the
    /// database and wipes the keys.
    pub fn lock(mut self) -> Result<()> {
        self.close()
    }

    fn close(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        self.ready()?;
        let Session {
            store,
            keys,
            user,
            paths,
            vault_id,
            ..
        } = self;
        let tx = store.begin()?;
        // After a reset the account's keys in the vault are new: this session's key no longer speaks
        // for it, so it ends without a checkpoint (the entry says why).
        let superseded = user.role != Role::Recovery
            && tx
                .user_by_id(user.id)?
                .is_some_and(|u| u.public != Some(keys.user.public()));
        let mut entry = NewEntry::new(
            &user.name,
            user.role.as_str(),
            Action::Lock,
            Outcome::Allowed,
        );
        if superseded {
            entry.purpose = Some(verify::SUPERSEDED.to_string());
        }
        chain::append(&*tx, &entry)?;
        if superseded {
            return tx.commit();
        }
        let cp = checkpoint::sign(&*tx, vault_id, &user.name, &keys.user)?;
        let locator = user.slot_locator_or_recovery();
        let previous =
            checkpoint::write_outside(&*tx, vault_id, &cp, &locator, &paths.checkpoint())?;
        if let Err(e) = tx.commit() {
            // The file must not vouch for a head the database does not have.
            if let Some(bytes) = previous {
                let _ = crate::vault::files::write_atomic(&paths.checkpoint(), &bytes);
            }
            return Err(e);
        }
        tracing::debug!("session closed; checkpoint written");
        Ok(())
    }

    /// A log entry for an event that is not an operation on data (login, recovery).
    pub(crate) fn log_only(
        &mut self,
        action: Action,
        outcome: Outcome,
        purpose: Option<&str>,
        detail: Option<String>,
    ) -> Result<()> {
        let mut entry = self.entry(action, outcome);
        entry.purpose = purpose.map(str::to_string);
        entry.detail = detail;
        entry.flagged = outcome == Outcome::Denied;
        self.ready()?;
        let tx = self.store.begin()?;
        chain::append(&*tx, &entry)?;
        tx.commit()
    }

    fn entry(&self, action: Action, outcome: Outcome) -> NewEntry {
        NewEntry::new(&self.user.name, self.user.role.as_str(), action, outcome)
    }

    /// Runs one operation through the door. `access` tells how the user stands to the person involved
    /// (looked up inside the same transaction) and hands on what it looked up; `work` does the change
    /// and may add detail to the entry.
    fn perform<C, T>(
        &mut self,
        op: Operation,
        entry: NewEntry,
        access: impl FnOnce(&Ctx<'_>) -> Result<(Access, C)>,
        work: impl FnOnce(&Ctx<'_>, C, &mut NewEntry) -> Result<T>,
    ) -> Result<T> {
        self.perform_then(op, entry, access, work, |_| Ok(()))
    }

    /// `perform` with a last step after the log entry is written and before the commit: for changes
    /// to files beside the database (the keyslot file), so a failed log write leaves them untouched
    /// and a failed file write rolls the database back.
    fn perform_then<C, T>(
        &mut self,
        op: Operation,
        mut entry: NewEntry,
        access: impl FnOnce(&Ctx<'_>) -> Result<(Access, C)>,
        work: impl FnOnce(&Ctx<'_>, C, &mut NewEntry) -> Result<T>,
        before_commit: impl FnOnce(&T) -> Result<()>,
    ) -> Result<T> {
        if self.closed {
            return Err(Error::SessionLocked);
        }
        self.ready()?;
        // The operation names its action; the work may refine it (a recovery is a password change).
        entry.action = op.action();
        let role = self.user.role;
        let Session {
            store,
            keys,
            user,
            vault_id,
            paths,
            ..
        } = self;
        let tx = store.begin()?;
        // Every operation writes its entry: below the threshold it is refused before anything is
        // done. The administrator can still change settings (to lower it after freeing space).
        if op != Operation::ChangeSettings {
            let needed_mb = u64::from(crate::settings::load(&*tx)?.log_min_free_mb);
            if let Some(free_mb) = crate::vault::free_space::free_mb(&paths.dir) {
                if free_mb < needed_mb {
                    tracing::warn!(free_mb, needed_mb, "refused: too little free disk space");
                    return Err(Error::DiskSpaceLow { free_mb, needed_mb });
                }
            }
        }
        let ctx = Ctx {
            tx: &*tx,
            keys,
            user,
            vault_id,
        };
        // A role that may never do this is refused before anything about the person is looked up.
        let mut decision = if policy::ever_allowed(role, op) {
            None
        } else {
            Some(policy::decide(role, op, Access::NotApplicable))
        };
        // Keys before anything else: without them the operation could not be done honestly anyway.
        if decision.is_none() {
            if let Some(kind) = op.needs_key().iter().find(|k| keys.domain(**k).is_none()) {
                entry.outcome = Outcome::Denied;
                entry.flagged = true;
                entry.purpose = Some(format!("no {} key", kind.as_str()));
                chain::append(&*tx, &entry)?;
                tx.commit()?;
                return Err(Error::NoDataAccess {
                    what: match kind {
                        GrantKind::Records => "person data",
                        GrantKind::Reception => "the reception register",
                    },
                });
            }
        }
        let mut context = None;
        if decision.is_none() {
            match access(&ctx) {
                Ok((a, c)) => {
                    decision = Some(policy::decide(role, op, a));
                    // Everything done under a nödåtkomst is looked at by a reviewer.
                    entry.flagged |= a.is_emergency();
                    context = Some(c);
                }
                Err(e) => {
                    drop(tx);
                    return Err(refused(&mut **store, entry, e));
                }
            }
        }
        match decision.unwrap_or(Decision::Deny("no decision")) {
            Decision::Deny(reason) => {
                entry.outcome = Outcome::Denied;
                entry.flagged = true;
                chain::append(&*tx, &entry)?;
                tx.commit()?;
                tracing::info!(op = ?op, "operation denied by policy");
                Err(Error::Denied { reason })
            }
            Decision::Allow => {
                let context = context.ok_or(Error::Denied {
                    reason: "no access context",
                })?;
                let out = match work(&ctx, context, &mut entry) {
                    Ok(out) => out,
                    Err(e) => {
                        // The work is rolled back; the attempt is still recorded.
                        drop(tx);
                        return Err(refused(&mut **store, entry, e));
                    }
                };
                chain::append(&*tx, &entry)?;
                // Files beside the database are written as `.pending`, renamed after the commit: a
                // failed commit leaves the old file, so nobody is locked out by a slot the vault never
                // recorded.
                let pending = paths.keyslots_pending();
                let done = before_commit(&out).and_then(|()| tx.commit());
                match done {
                    Ok(()) => {
                        crate::vault::files::promote(&pending, &paths.keyslots())?;
                        Ok(out)
                    }
                    Err(e) => {
                        let _ = std::fs::remove_file(&pending);
                        Err(e)
                    }
                }
            }
        }
    }

    /// The checks `doctor` runs with the vault open: SQLCipher's own page check and the schema.
    pub fn doctor(&mut self) -> Vec<crate::vault::doctor::Check> {
        use crate::vault::doctor::Check;
        let mut checks = Vec::new();
        match self.store.integrity_problems() {
            Ok(p) if p.is_empty() => {
                checks.push(Check::pass("cipher_integrity_check", "every page verifies"))
            }
            Ok(p) => checks.push(Check::fail(
                "cipher_integrity_check",
                &Error::damaged(format!("{} page problem(s)", p.len())),
            )),
            Err(e) => checks.push(Check::fail("cipher_integrity_check", &e)),
        }
        checks.push(Check::pass(
            "schema",
            format!("version {}", crate::storage::sqlite::schema::CURRENT),
        ));
        checks
    }

    /// Test support: log entries read past the policy (what someone with the database key sees).
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn raw_log_for_tests(
        &mut self,
        filter: &crate::audit::LogFilter,
    ) -> Result<Vec<crate::audit::Entry>> {
        let tx = self.store.begin()?;
        tx.log_query(filter)
    }

    /// Test support: the storage, for attacks that need the database key (tamper, fault injection).
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn raw_connection_for_tests(&mut self) -> &rusqlite::Connection {
        // Follow a re-key by another session first, as every operation does.
        let _ = self.ready();
        self.store
            .as_any()
            .downcast_ref::<crate::storage::sqlite::SqliteStorage>()
            .expect("an SQLite-backed session")
            .raw_connection()
    }
}

/// Records an operation that was refused for its input (no such person, an invalid value, a rule of
/// the operation) as one denied, flagged entry, so that probing by bad input leaves a trace. Failures of
/// the store itself are not refusals: nothing is written and the error is returned as it is.
/// An id a user typed, as the log may hold it: its own characters only, at most `max` of them.
fn log_safe_id(max: usize, id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(max)
        .collect()
}

fn refused(store: &mut dyn Storage, mut entry: NewEntry, e: Error) -> Error {
    use crate::error::ErrorCode as C;
    if matches!(
        e.code(),
        C::Storage | C::VaultDamaged | C::SessionLocked | C::KeyringUnavailable | C::NotAVault
    ) {
        return e;
    }
    entry.outcome = Outcome::Denied;
    entry.flagged = true;
    // Whatever the caller gave is not repeated: only the code of the refusal.
    entry.purpose = Some(format!("refused: {}", e.code()));
    entry.detail = None;
    let written = store.begin().and_then(|tx| {
        chain::append(&*tx, &entry)?;
        tx.commit()
    });
    match written {
        Ok(()) => e,
        Err(storage) => storage,
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Err(e) = self.close() {
            tracing::warn!(code = %e.code(), "could not write the closing checkpoint");
        }
    }
}
