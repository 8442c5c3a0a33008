//! The one door. A [`Session`] is an authenticated user with the vault open; every operation on it
//! (1) asks the policy, (2) does the work, (3) writes exactly one access-log entry — in one transaction.
//! A refusal writes a `denied` entry and returns `DENIED`. If the entry cannot be written, the work is
//! rolled back. Dropping or locking the session signs a checkpoint and wipes the keys.

mod admin;
mod log_review;
mod own_account;
mod persons;

use std::sync::Arc;

use rusqlite::{Connection, Transaction};

use crate::audit::{chain, checkpoint, Action, NewEntry, Outcome};
use crate::auth::UserInfo;
use crate::crypto::{KdfParams, Key32};
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::policy::{self, Access, Decision, Operation};
use crate::vault::VaultPaths;

pub use persons::{EmergencyGrant, LookupAnswer, PersonSummary, PersonView, Revealed};

pub struct Session {
    conn: Connection,
    vault_key: Key32,
    user: UserInfo,
    paths: VaultPaths,
    vault_id: String,
    device: Arc<DeviceSecrets>,
    kdf: KdfParams,
    closed: bool,
}

impl Session {
    pub(crate) fn new(
        conn: Connection,
        vault_key: Key32,
        user: UserInfo,
        paths: VaultPaths,
        vault_id: String,
        device: Arc<DeviceSecrets>,
        kdf: KdfParams,
    ) -> Self {
        Session {
            conn,
            vault_key,
            user,
            paths,
            vault_id,
            device,
            kdf,
            closed: false,
        }
    }

    pub fn user(&self) -> &UserInfo {
        &self.user
    }

    pub fn vault_id(&self) -> &str {
        &self.vault_id
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Locks: logs it, signs a checkpoint, closes the database and wipes the keys.
    pub fn lock(mut self) -> Result<()> {
        self.log_only(Action::Lock, Outcome::Allowed, None)?;
        self.close()
    }

    fn close(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        checkpoint::write(&self.conn, &self.vault_id, &self.paths.checkpoint())?;
        tracing::debug!("session closed; checkpoint written");
        Ok(())
    }

    /// The keyed hash under which a search term is logged: a reviewer can ask "did anyone search for
    /// this number" without the log holding it. Identity numbers hash in canonical form.
    pub(crate) fn term_hash(&self, term: &str) -> String {
        use hmac::{Hmac, Mac};
        let normalized = match crate::identity::IdentityNumber::parse(term) {
            Ok(id) => id.canonical(),
            Err(_) => crate::records::store::name_key(term),
        };
        let key = self.vault_key.derive("skyddsvalv/search-term/v1");
        let mut mac =
            Hmac::<sha2::Sha256>::new_from_slice(key.expose()).expect("HMAC takes any key length");
        mac.update(normalized.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A log entry for an event that is not an operation on data (login, lock, recovery).
    pub(crate) fn log_only(
        &mut self,
        action: Action,
        outcome: Outcome,
        purpose: Option<&str>,
    ) -> Result<()> {
        let mut entry = self.entry(action, outcome);
        entry.purpose = purpose.map(str::to_string);
        entry.flagged = outcome == Outcome::Denied;
        chain::append(&self.conn, &entry)?;
        Ok(())
    }

    fn entry(&self, action: Action, outcome: Outcome) -> NewEntry {
        NewEntry::new(&self.user.name, self.user.role.as_str(), action, outcome)
    }

    /// Runs one operation through the door. `access` tells how the user stands to the person involved
    /// (looked up inside the same transaction); `work` does the change and may add detail to the entry.
    /// `access` also returns what it looked up (the person), handed on to `work`.
    fn perform<C, T>(
        &mut self,
        op: Operation,
        entry: NewEntry,
        access: impl FnOnce(&Transaction<'_>, &UserInfo) -> Result<(Access, C)>,
        work: impl FnOnce(&Transaction<'_>, C, &mut NewEntry) -> Result<T>,
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
        access: impl FnOnce(&Transaction<'_>, &UserInfo) -> Result<(Access, C)>,
        work: impl FnOnce(&Transaction<'_>, C, &mut NewEntry) -> Result<T>,
        before_commit: impl FnOnce(&T) -> Result<()>,
    ) -> Result<T> {
        if self.closed {
            return Err(Error::SessionLocked);
        }
        let role = self.user.role;
        let tx = self.conn.transaction()?;
        // A role that may never do this is refused before anything about the person is looked up.
        let ever_allowed = [
            Access::NotApplicable,
            Access::Assigned,
            Access::Emergency,
            Access::Unassigned,
        ]
        .into_iter()
        .any(|a| policy::decide(role, op, a) == Decision::Allow);
        let (decision, context) = if ever_allowed {
            let (a, context) = access(&tx, &self.user)?;
            (policy::decide(role, op, a), Some(context))
        } else {
            (policy::decide(role, op, Access::NotApplicable), None)
        };
        match decision {
            Decision::Deny(reason) => {
                entry.outcome = Outcome::Denied;
                entry.flagged = true;
                chain::append(&tx, &entry)?;
                tx.commit()?;
                tracing::info!(op = ?op, "operation denied by policy");
                Err(Error::Denied { reason })
            }
            Decision::Allow => {
                let context = context.ok_or(Error::Denied {
                    reason: "no access context",
                })?;
                let out = work(&tx, context, &mut entry)?;
                chain::append(&tx, &entry)?;
                before_commit(&out)?;
                tx.commit()?;
                Ok(out)
            }
        }
    }

    /// Test support: the raw connection, for attacks that need the key (tamper and fault injection).
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn raw_connection_for_tests(&self) -> &Connection {
        &self.conn
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Err(e) = self.close() {
            tracing::warn!(code = %e.code(), "could not write the closing checkpoint");
        }
    }
}
