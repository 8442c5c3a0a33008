//! Appending to the chain and reading entries back.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::entry::{compute_hash, Entry, NewEntry, GENESIS};
use crate::error::Result;
use crate::time::now_rfc3339;

pub const SELECT_COLUMNS: &str =
    "seq, at, actor, role, action, person_ref, fields, purpose, term_hash, \
     outcome, flagged, prev_hash, hash";

/// The last entry's sequence number and hash (0 and the genesis hash for an empty log).
pub fn head(conn: &Connection) -> Result<(u64, Vec<u8>)> {
    let head = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, Vec<u8>>(1)?)),
        )
        .optional()?;
    Ok(head.unwrap_or((0, GENESIS.to_vec())))
}

/// Appends one entry. Call it inside the operation's transaction: if this fails, so does the operation.
pub fn append(conn: &Connection, e: &NewEntry) -> Result<u64> {
    append_at(conn, e, &now_rfc3339())
}

/// Appends with an explicit time (carried-over failed logins keep the time they happened).
pub fn append_at(conn: &Connection, e: &NewEntry, at: &str) -> Result<u64> {
    let (prev_seq, prev_hash) = head(conn)?;
    let seq = prev_seq + 1;
    let outcome = e.outcome.as_str();
    let hash = compute_hash(
        seq,
        at,
        &e.actor,
        &e.role,
        e.action.as_str(),
        e.person_ref.as_deref(),
        &e.fields,
        e.purpose.as_deref(),
        e.term_hash.as_deref(),
        outcome,
        e.flagged,
        &prev_hash,
    );
    // Field names are fixed identifiers, so a comma list is unambiguous (and fast to verify).
    let fields = e.fields.join(",");
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, role, action, person_ref, fields, purpose, term_hash, \
         outcome, flagged, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            seq as i64,
            at,
            e.actor,
            e.role,
            e.action.as_str(),
            e.person_ref,
            fields,
            e.purpose,
            e.term_hash,
            outcome,
            e.flagged,
            prev_hash,
            hash.to_vec()
        ],
    )?;
    tracing::debug!(seq, action = e.action.as_str(), "access log entry written");
    Ok(seq)
}

pub fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let fields: String = r.get(6)?;
    Ok(Entry {
        seq: r.get::<_, i64>(0)? as u64,
        at: r.get(1)?,
        actor: r.get(2)?,
        role: r.get(3)?,
        action: r.get(4)?,
        person_ref: r.get(5)?,
        fields: split_fields(&fields),
        purpose: r.get(7)?,
        term_hash: r.get(8)?,
        outcome: r.get(9)?,
        flagged: r.get(10)?,
        prev_hash: r.get(11)?,
        hash: r.get(12)?,
    })
}

pub fn split_fields(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}
