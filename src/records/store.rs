//! Persons in the database: rows, the name index (FTS5), assignments and emergency access.
//! Nothing here checks policy or logs — only `Session` calls these, inside its transaction.

use rusqlite::{params, Connection, OptionalExtension};
use unicode_normalization::UnicodeNormalization;

use super::model::{from_json, PersonRecord};
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::policy::Access;
use crate::time::now_rfc3339;

pub struct StoredPerson {
    pub id: i64,
    pub person_ref: String,
    pub record: PersonRecord,
}

/// A random pseudonymous ref such as `P-7K2M-Q9XD-4T1B` (60 bits), used in logs and exports.
pub fn new_ref() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bytes = crate::vault::keyslots::random_bytes::<8>();
    let mut n = u64::from_le_bytes(bytes);
    let mut out = String::from("P");
    for i in 0..12 {
        if i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[(n & 31) as usize] as char);
        n >>= 5;
    }
    out
}

/// Exact-match key for a name: NFC, lower case, single spaces.
pub fn name_key(name: &str) -> String {
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn birth_year(record: &PersonRecord) -> Option<i32> {
    record
        .identity_number
        .as_deref()
        .and_then(|c| IdentityNumber::parse(c).ok())
        .and_then(|id| id.birth_year())
}

fn row_to_person(id: i64, person_ref: String, json: String) -> Result<StoredPerson> {
    let record = from_json::<PersonRecord>(&json)
        .map_err(|_| Error::damaged("a person record is malformed"))?;
    Ok(StoredPerson {
        id,
        person_ref,
        record,
    })
}

fn encode(record: &PersonRecord) -> Result<String> {
    serde_json::to_string(record).map_err(|e| Error::Storage(e.to_string()))
}

pub fn insert(conn: &Connection, record: &PersonRecord, created_by: i64) -> Result<StoredPerson> {
    if let Some(id) = &record.identity_number {
        if by_identity(conn, id)?.is_some() {
            return Err(Error::PersonExists);
        }
    }
    let person_ref = new_ref();
    let now = now_rfc3339();
    conn.execute(
        "INSERT INTO persons (ref, identity, name_key, birth_year, record, created_by, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            person_ref,
            record.identity_number,
            name_key(&record.name),
            birth_year(record),
            encode(record)?,
            created_by,
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO person_names (rowid, name) VALUES (?1, ?2)",
        params![id, record.name],
    )?;
    Ok(StoredPerson {
        id,
        person_ref,
        record: record.clone(),
    })
}

pub fn update(conn: &Connection, p: &StoredPerson) -> Result<()> {
    if let Some(id) = &p.record.identity_number {
        if by_identity(conn, id)?.is_some_and(|other| other.id != p.id) {
            return Err(Error::PersonExists);
        }
    }
    conn.execute(
        "UPDATE persons SET identity = ?1, name_key = ?2, birth_year = ?3, record = ?4, \
         updated_at = ?5 WHERE id = ?6",
        params![
            p.record.identity_number,
            name_key(&p.record.name),
            birth_year(&p.record),
            encode(&p.record)?,
            now_rfc3339(),
            p.id
        ],
    )?;
    conn.execute(
        "UPDATE person_names SET name = ?1 WHERE rowid = ?2",
        params![p.record.name, p.id],
    )?;
    Ok(())
}

fn one(conn: &Connection, sql: &str, arg: &dyn rusqlite::ToSql) -> Result<Option<StoredPerson>> {
    let row = conn
        .query_row(sql, [arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    row.map(|(id, r, json)| row_to_person(id, r, json))
        .transpose()
}

pub fn by_ref(conn: &Connection, person_ref: &str) -> Result<Option<StoredPerson>> {
    one(
        conn,
        "SELECT id, ref, record FROM persons WHERE ref = ?1",
        &person_ref.trim().to_uppercase(),
    )
}

pub fn by_identity(conn: &Connection, canonical: &str) -> Result<Option<StoredPerson>> {
    one(
        conn,
        "SELECT id, ref, record FROM persons WHERE identity = ?1",
        &canonical,
    )
}

pub fn by_name_and_year(conn: &Connection, name: &str, year: i32) -> Result<Vec<StoredPerson>> {
    let mut stmt = conn.prepare(
        "SELECT id, ref, record FROM persons WHERE name_key = ?1 AND birth_year = ?2 LIMIT 2",
    )?;
    let rows = stmt.query_map(params![name_key(name), year], raw_row)?;
    rows.map(|r| {
        let (id, pr, json) = r?;
        row_to_person(id, pr, json)
    })
    .collect()
}

/// `(id, ref, record JSON)` as every person query selects them.
fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

/// FTS5 query for a name prefix search: every word must match the start of a name part.
/// Only letters and digits pass through, so the input cannot inject FTS syntax.
pub fn fts_prefix_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

const VISIBLE_TO: &str =
    "(EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = p.id AND a.user_id = ?2) \
     OR EXISTS (SELECT 1 FROM emergency_access e WHERE e.person_id = p.id AND e.user_id = ?2 \
     AND e.expires_at > ?3))";

/// Name search among the persons `user_id` may see.
pub fn search_visible(
    conn: &Connection,
    fts_query: &str,
    user_id: i64,
    now: i64,
    limit: u32,
) -> Result<Vec<StoredPerson>> {
    let sql = format!(
        "SELECT p.id, p.ref, p.record FROM person_names n JOIN persons p ON p.id = n.rowid \
         WHERE person_names MATCH ?1 AND {VISIBLE_TO} ORDER BY p.name_key LIMIT {limit}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![fts_query, user_id, now], raw_row)?;
    rows.map(|r| {
        let (id, pr, json) = r?;
        row_to_person(id, pr, json)
    })
    .collect()
}

pub fn access(conn: &Connection, person_id: i64, user_id: i64, now: i64) -> Result<Access> {
    let assigned: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM assignments WHERE person_id = ?1 AND user_id = ?2)",
        params![person_id, user_id],
        |r| r.get(0),
    )?;
    if assigned {
        return Ok(Access::Assigned);
    }
    let emergency: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM emergency_access WHERE person_id = ?1 AND user_id = ?2 \
         AND expires_at > ?3)",
        params![person_id, user_id, now],
        |r| r.get(0),
    )?;
    Ok(if emergency {
        Access::Emergency
    } else {
        Access::Unassigned
    })
}

pub fn assign(conn: &Connection, person_id: i64, user_id: i64) -> Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO assignments (person_id, user_id) VALUES (?1, ?2)",
        params![person_id, user_id],
    )?;
    Ok(n > 0)
}

pub fn unassign(conn: &Connection, person_id: i64, user_id: i64) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM assignments WHERE person_id = ?1 AND user_id = ?2",
        params![person_id, user_id],
    )?;
    Ok(n > 0)
}

/// Names of the active case handlers assigned to a person (for the reception's referral).
pub fn assigned_handlers(conn: &Connection, person_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.name FROM assignments a JOIN users u ON u.id = a.user_id \
         WHERE a.person_id = ?1 AND u.disabled = 0 AND u.role = 'handlaggare' ORDER BY u.name_key",
    )?;
    let rows = stmt.query_map([person_id], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn grant_emergency(
    conn: &Connection,
    person_id: i64,
    user_id: i64,
    log_seq: u64,
    expires_at: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO emergency_access (person_id, user_id, log_seq, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![person_id, user_id, log_seq as i64, expires_at],
    )?;
    Ok(())
}

/// When the user's running emergency access to this person ends (unix seconds), if any.
pub fn emergency_expiry(
    conn: &Connection,
    person_id: i64,
    user_id: i64,
    now: i64,
) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(expires_at) FROM emergency_access WHERE person_id = ?1 AND user_id = ?2 \
         AND expires_at > ?3",
        params![person_id, user_id, now],
        |r| r.get::<_, Option<i64>>(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_random_and_well_formed() {
        let a = new_ref();
        assert_eq!(a.len(), 16);
        assert!(a.starts_with("P-"));
        assert_ne!(a, new_ref());
    }

    #[test]
    fn fts_query_strips_syntax() {
        assert_eq!(fts_prefix_query("åsa lin").unwrap(), "\"åsa\"* \"lin\"*");
        assert_eq!(fts_prefix_query("a\" OR *").unwrap(), "\"a\"* \"OR\"*");
        assert!(fts_prefix_query(" -*- ").is_none());
        assert_eq!(name_key("  Åsa   LIND "), "åsa lind");
    }
}
