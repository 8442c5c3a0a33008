//! The log reviewer's operations (loggkontroll). Reading the log is itself logged. Every verification
//! that holds pins the verified head and every user's signing key in the reviewer's own OS keyring, so a
//! later log that no longer extends it — a rewrite, an older copy of the vault put back — is reported.

use super::Session;
use crate::audit::checkpoint::load_outside;
use crate::audit::{verify, Action, Entry, LogFilter, Outcome, Pin, Verification};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::time::now_rfc3339;

impl Session {
    /// Entries matching `filter`, newest first.
    pub fn view_log(&mut self, filter: &LogFilter) -> Result<Vec<Entry>> {
        let mut entry = self.entry(Action::LogViewed, Outcome::Allowed);
        entry.term_hash = filter.term_hash.clone();
        entry.person_ref = filter.person_ref.clone();
        self.perform(Operation::ViewLog, entry, super::admin::na, |ctx, (), _| {
            filter.check()?;
            ctx.tx.log_query(filter)
        })
    }

    fn pin_name(&self) -> String {
        format!("log-pin/{}/{}", self.vault_id, self.user.slot_locator)
    }

    fn load_pin(&self) -> Result<Option<Pin>> {
        match self.device.get_note(&self.pin_name())? {
            None => Ok(None),
            Some(bytes) => {
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|_| Error::KeyringUnavailable {
                        detail: "the pinned log head in this keyring is unreadable".into(),
                    })
            }
        }
    }

    /// Walks the chain, checks every checkpoint inside and beside the vault and the head pinned by this
    /// reviewer's last verification; pins the new head when everything holds.
    pub fn verify_log(&mut self) -> Result<Verification> {
        let entry = self.entry(Action::LogVerified, Outcome::Allowed);
        let outside = load_outside(&self.paths.checkpoint())?;
        // Only a reviewer's verification reads (and later moves) their pin.
        let pin = if self.user.role == crate::auth::Role::Granskare {
            self.load_pin()?
        } else {
            None
        };
        let v = self.perform(
            Operation::VerifyLog,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mut v = verify::verify(ctx.tx, ctx.vault_id, &outside, pin.as_ref())?;
                if let Some(seq) = v.broken_at {
                    entry.purpose = Some(format!("broken at {seq}"));
                    entry.flagged = true;
                    let (id, opened) = super::incidents::open_for_broken_chain(ctx, seq)?;
                    if opened {
                        entry.detail = Some(format!("incident {id}"));
                    }
                    v.incident = Some(id);
                }
                Ok(v)
            },
        )?;
        if v.holds() {
            let json = serde_json::to_vec(&v.pin(&now_rfc3339()))
                .map_err(|e| Error::Storage(e.to_string()))?;
            self.device.set_note(&self.pin_name(), &json)?;
        }
        Ok(v)
    }
}
