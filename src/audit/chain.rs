//! Appending to the chain. Call it inside the operation's transaction: if it fails, so does the work.

use super::entry::{Entry, NewEntry, GENESIS};
use crate::error::Result;
use crate::storage::Tx;
use crate::time::now_rfc3339;

/// The last entry's sequence number and hash (0 and the genesis hash for an empty log).
pub fn head(tx: &dyn Tx) -> Result<(u64, Vec<u8>)> {
    Ok(tx.log_head()?.unwrap_or((0, GENESIS.to_vec())))
}

/// Appends one entry now.
pub fn append(tx: &dyn Tx, e: &NewEntry) -> Result<u64> {
    append_at(tx, e, &now_rfc3339())
}

/// Appends with an explicit time (carried-over failed logins keep the time they happened).
pub fn append_at(tx: &dyn Tx, e: &NewEntry, at: &str) -> Result<u64> {
    let (prev_seq, prev_hash) = head(tx)?;
    let mut entry = Entry {
        seq: prev_seq + 1,
        at: at.to_string(),
        actor: e.actor.clone(),
        role: e.role.clone(),
        action: e.action.as_str().to_string(),
        person_ref: e.person_ref.clone(),
        fields: e.fields.clone(),
        purpose: e.purpose.clone(),
        term_hash: e.term_hash.clone(),
        detail: e.detail.clone(),
        outcome: e.outcome.as_str().to_string(),
        flagged: e.flagged,
        prev_hash,
        hash: Vec::new(),
    };
    entry.hash = entry.expected_hash().to_vec();
    tx.log_append(&entry)?;
    tracing::debug!(seq = entry.seq, action = %entry.action, "access log entry written");
    Ok(entry.seq)
}
