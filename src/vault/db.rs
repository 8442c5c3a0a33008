//! Opening the SQLCipher database with a raw 256-bit key (no SQLCipher passphrase KDF: the key already
//! comes from Argon2id + the keyslot) and the pragmas the design requires.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::crypto::Key32;
use crate::error::{Error, Result};

/// About 64 MiB of page cache: the hot part of 100 000 persons and their search index stays in memory.
const CACHE_KIB: i64 = 64 * 1024;

pub fn open(path: &Path, db_key: &Key32, create: bool) -> Result<Connection> {
    if !create && !path.exists() {
        return Err(Error::NotAVault {
            what: "the directory has no vault database".into(),
        });
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    let key_pragma = Zeroizing::new(format!(
        "PRAGMA key = \"x'{}'\";",
        hex::encode(db_key.expose())
    ));
    conn.execute_batch(&key_pragma)?;
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    // SQLCipher only notices a wrong key or a damaged file at the first read.
    let objects = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| match Error::from(e) {
            Error::Storage(detail) => Error::damaged(detail),
            other => other,
        })?;
    // SQLite takes an emptied (zero-length) file for a new database; never build a fresh schema in it.
    if !create && objects == 0 {
        return Err(Error::damaged("the database file is empty"));
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Sorts and temporary indexes never reach a temp file on disk.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// SQLCipher's own page-by-page HMAC check; returns the problems it reports (empty = healthy).
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        problems.push(row?);
    }
    Ok(problems)
}
