//! Filtering the log for the reviewer (loggkontroll).

use rusqlite::types::Value;
use serde::Deserialize;

use super::chain::{entry_from_row, SELECT_COLUMNS};
use super::entry::Entry;
use crate::error::Result;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogFilter {
    pub person_ref: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Inclusive lower bound, RFC 3339 UTC with milliseconds.
    pub since: Option<String>,
    /// Exclusive upper bound.
    pub until: Option<String>,
    pub flagged_only: bool,
    /// Keyed hash of a search term (see `Session::term_hash`).
    pub term_hash: Option<String>,
    /// At most this many entries, newest first (default 500).
    pub limit: Option<u32>,
}

pub fn list(conn: &rusqlite::Connection, f: &LogFilter) -> Result<Vec<Entry>> {
    let mut clauses = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut add = |clause: &str, v: Option<&String>| {
        if let Some(v) = v {
            clauses.push(clause.to_string());
            args.push(Value::Text(v.clone()));
        }
    };
    add("person_ref = ?", f.person_ref.as_ref());
    add("actor = ?", f.actor.as_ref());
    add("action = ?", f.action.as_ref());
    add("at >= ?", f.since.as_ref());
    add("at < ?", f.until.as_ref());
    add("term_hash = ?", f.term_hash.as_ref());
    if f.flagged_only {
        clauses.push("flagged = 1".into());
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT {SELECT_COLUMNS} FROM audit_log {filter} ORDER BY seq DESC LIMIT {}",
        f.limit.unwrap_or(500)
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), entry_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
