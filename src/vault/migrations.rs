//! Schema migrations keyed on SQLite's `user_version`. (`rusqlite_migration` does not resolve against
//! rusqlite 0.41 from this registry, so this is the same idea in a few lines.) A vault whose version is
//! newer than this build knows is refused before anything is written.

use rusqlite::Connection;

use crate::error::{Error, Result};

const MIGRATIONS: &[&str] = &[include_str!("schema_v1.sql")];

/// The schema version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.len() as u32
}

pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))?)
}

/// Fails with `NEWER_VAULT_VERSION` before touching a vault from a newer Skyddsvalv.
pub fn check_not_newer(conn: &Connection) -> Result<u32> {
    let found = version(conn)?;
    if found > latest() {
        return Err(Error::NewerVaultVersion {
            found,
            supported: latest(),
        });
    }
    Ok(found)
}

/// Brings the schema up to date, one transaction per step.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let from = check_not_newer(conn)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as u32)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "vault schema migrated");
    }
    Ok(())
}
