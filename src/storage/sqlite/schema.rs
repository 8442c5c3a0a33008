//! Schema versions, keyed on SQLite's `user_version`. A new vault is created at the current version; a
//! vault in the first format (version 1, plain records inside SQLCipher) is brought up by `migrate`
//! with the recovery code, because sealing its records needs keys only that path holds. A vault from a
//! newer Skyddsvalv is refused before anything is written.

use rusqlite::Connection;

use super::SqlExt;
use crate::error::{Error, Result};

/// The first format: one vault key, plain records, FTS5 name index.
pub const V1: u32 = 1;
/// Sealed records, blind indexes, role keys, per-user signed checkpoints.
pub const CURRENT: u32 = 2;

const SCHEMA: &str = include_str!("schema_v2.sql");

pub fn version(conn: &Connection) -> Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))
        .db()
}

pub fn check_not_newer(conn: &Connection) -> Result<u32> {
    let found = version(conn)?;
    if found > CURRENT {
        return Err(Error::NewerVaultVersion {
            found,
            supported: CURRENT,
        });
    }
    Ok(found)
}

/// Only the current schema is opened for work.
pub fn check_current(conn: &Connection) -> Result<()> {
    match check_not_newer(conn)? {
        CURRENT => Ok(()),
        V1 => Err(Error::MigrationRequired),
        _ => Err(Error::damaged("the database has no known schema")),
    }
}

pub fn create(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction().db()?;
    tx.execute_batch(SCHEMA).db()?;
    tx.pragma_update(None, "user_version", CURRENT).db()?;
    tx.commit().db()
}
