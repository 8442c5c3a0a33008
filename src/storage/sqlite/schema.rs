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
pub const V2: u32 = 2;
/// Account details (display name, unit, phone, last login) and emergency access that may edit.
pub const V3: u32 = 3;
/// Log indexes by action and time (the reviewer's filters).
pub const CURRENT: u32 = 4;

const SCHEMA: &str = include_str!("schema_v2.sql");

/// Each step from one version to the next: columns added with defaults, so an upgrade needs no key
/// but the database's and loses nothing. Run in the opening transaction by whoever opens first.
const UPGRADES: &[(u32, &str)] = &[
    (V2, include_str!("upgrade_v3.sql")),
    (V3, include_str!("upgrade_v4.sql")),
];

/// Brings a database of version 2 or later up to [`CURRENT`] inside `tx` (and sets the version).
pub fn upgrade_in(tx: &rusqlite::Transaction<'_>, from: u32) -> Result<()> {
    for (version, sql) in UPGRADES {
        if *version >= from {
            tx.execute_batch(sql).db()?;
        }
    }
    tx.pragma_update(None, "user_version", CURRENT).db()
}

/// Upgrades an older database of the second format or later in place; anything else is left for
/// [`check_current`] to refuse.
pub fn upgrade(conn: &mut Connection) -> Result<()> {
    let found = version(conn)?;
    if (V2..CURRENT).contains(&found) {
        let tx = conn.transaction().db()?;
        upgrade_in(&tx, found)?;
        tx.commit().db()?;
        tracing::info!(from = found, to = CURRENT, "database schema upgraded");
    }
    Ok(())
}

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
    upgrade_in(&tx, V2)?;
    tx.commit().db()
}
