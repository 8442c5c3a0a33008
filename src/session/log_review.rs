//! The log reviewer's operations (loggkontroll). Reading the log is itself logged.

use super::Session;
use crate::audit::checkpoint::load_external;
use crate::audit::{query, verify, Action, Entry, LogFilter, Outcome, Verification};
use crate::error::Result;
use crate::policy::Operation;

impl Session {
    /// Entries matching `filter`, newest first. `term` (a search text) is matched by its keyed hash.
    pub fn view_log(&mut self, filter: &LogFilter, term: Option<&str>) -> Result<Vec<Entry>> {
        let mut filter = filter.clone();
        if let Some(t) = term {
            filter.term_hash = Some(self.term_hash(t));
        }
        let entry = self.entry(Action::LogViewed, Outcome::Allowed);
        self.perform(Operation::ViewLog, entry, super::admin::na, |tx, (), _| {
            query::list(tx, &filter)
        })
    }

    /// Walks the chain and checks the signed checkpoints, inside and outside the vault.
    pub fn verify_log(&mut self) -> Result<Verification> {
        let entry = self.entry(Action::LogVerified, Outcome::Allowed);
        let outside = load_external(&self.paths.checkpoint())?;
        let vault_id = self.vault_id.clone();
        self.perform(
            Operation::VerifyLog,
            entry,
            super::admin::na,
            |tx, (), entry| {
                let v = verify::verify(tx, &vault_id, outside.as_ref())?;
                if let Some(seq) = v.broken_at {
                    entry.purpose = Some(format!("broken at {seq}"));
                    entry.flagged = true;
                }
                Ok(v)
            },
        )
    }
}
