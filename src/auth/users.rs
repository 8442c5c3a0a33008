//! The user table inside the vault.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::Role;
use crate::error::{Error, Result};
use crate::time::now_rfc3339;
use crate::vault::keyslots::normalize_user_name;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UserInfo {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
    #[serde(skip)]
    pub slot_locator: String,
    #[serde(skip)]
    pub slot_digest: Vec<u8>,
}

const COLUMNS: &str = "id, name, role, disabled, must_change_password, slot_locator, slot_digest";

fn from_row(r: &Row<'_>) -> rusqlite::Result<UserInfo> {
    let role: String = r.get(2)?;
    Ok(UserInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        // The CHECK constraint guarantees a known role; fall back to the least-privileged one.
        role: Role::parse(&role).unwrap_or(Role::Reception),
        disabled: r.get(3)?,
        must_change_password: r.get(4)?,
        slot_locator: r.get(5)?,
        slot_digest: r.get(6)?,
    })
}

/// Checks a new account name: printable, 1–64 characters, no control characters.
pub fn validate_name(name: &str) -> Result<()> {
    let trimmed = name.trim();
    let len = trimmed.chars().count();
    if len == 0 || len > 64 || trimmed.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "a user name must be 1 to 64 printable characters".into(),
        ));
    }
    Ok(())
}

pub fn insert(
    conn: &Connection,
    name: &str,
    role: Role,
    must_change_password: bool,
    locator: &str,
    digest: &[u8],
) -> Result<i64> {
    validate_name(name)?;
    let key = normalize_user_name(name);
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE name_key = ?1)",
        [&key],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::UserExists);
    }
    conn.execute(
        "INSERT INTO users (name, name_key, role, must_change_password, slot_locator, slot_digest, \
         created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            name.trim(),
            key,
            role.as_str(),
            must_change_password,
            locator,
            digest,
            now_rfc3339()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn by_name(conn: &Connection, name: &str) -> Result<Option<UserInfo>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE name_key = ?1"),
            [normalize_user_name(name)],
            from_row,
        )
        .optional()?)
}

pub fn by_locator(conn: &Connection, locator: &str) -> Result<Option<UserInfo>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE slot_locator = ?1"),
            [locator],
            from_row,
        )
        .optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<UserInfo>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<UserInfo>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM users ORDER BY name_key"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn set_disabled(conn: &Connection, id: i64, disabled: bool) -> Result<()> {
    conn.execute(
        "UPDATE users SET disabled = ?1 WHERE id = ?2",
        params![disabled, id],
    )?;
    Ok(())
}

pub fn set_slot(
    conn: &Connection,
    id: i64,
    must_change_password: bool,
    digest: &[u8],
) -> Result<()> {
    conn.execute(
        "UPDATE users SET must_change_password = ?1, slot_digest = ?2 WHERE id = ?3",
        params![must_change_password, digest, id],
    )?;
    Ok(())
}

pub fn active_admins(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0",
        [],
        |r| r.get(0),
    )?)
}
