//! Opening the SQLCipher database with a raw 256-bit key (no SQLCipher passphrase KDF: the key comes from
//! an envelope opened with the user's own slot) and the pragmas the design requires.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use super::SqlExt;
use crate::crypto::Key32;
use crate::error::{Error, Result};

/// About 64 MiB of page cache: the hot part of 100 000 persons and their indexes stays in memory.
const CACHE_KIB: i64 = 64 * 1024;

/// Keys a connection through `sqlite3_key` (or `sqlite3_rekey`): SQLCipher's raw-key form `x'…'`
/// handed to the API directly, not as SQL text that the parser and the statement cache would copy.
pub(super) fn apply_key(conn: &Connection, key: &Key32, rekey: bool) -> Result<()> {
    let raw = Zeroizing::new(format!("x'{}'", hex::encode(key.expose())));
    // SAFETY: `conn.handle()` is the live connection owned by `conn`; SQLCipher copies the key bytes
    // into its codec before returning, and `raw` outlives the call.
    let rc = unsafe {
        let db = conn.handle();
        let ptr = raw.as_ptr() as *const std::ffi::c_void;
        let len = raw.len() as std::ffi::c_int;
        if rekey {
            rusqlite::ffi::sqlite3_rekey(db, ptr, len)
        } else {
            rusqlite::ffi::sqlite3_key(db, ptr, len)
        }
    };
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(Error::Storage(format!(
            "SQLCipher refused the key (code {rc})"
        )))
    }
}

pub(super) fn open(path: &Path, db_key: &Key32, create: bool) -> Result<Connection> {
    if !create && !path.exists() {
        return Err(Error::NotAVault {
            what: "the directory has no vault database".into(),
        });
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags).db()?;
    // SQLCipher's own error lines (a wrong key: "hmac check failed …") would land on the user's
    // terminal; the failure reaches the caller as a typed error instead, and `tracing` logs that.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    apply_key(&conn, db_key, false)?;
    // Before the first read: another session may hold the write lock for a moment.
    conn.busy_timeout(std::time::Duration::from_secs(5)).db()?;
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")
        .db()?;
    // SQLCipher only notices a wrong key or a damaged file at the first read.
    let objects = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .db()
        .map_err(|e| match e {
            Error::Storage(detail) => Error::damaged(detail),
            other => other,
        })?;
    // SQLite takes an emptied (zero-length) file for a new database; never build a fresh schema in it.
    if !create && objects == 0 {
        return Err(Error::damaged("the database file is empty"));
    }
    conn.pragma_update(None, "journal_mode", "WAL").db()?;
    conn.pragma_update(None, "synchronous", "FULL").db()?;
    conn.pragma_update(None, "secure_delete", "ON").db()?;
    // Sorts and temporary indexes never reach a temp file on disk.
    conn.pragma_update(None, "temp_store", "MEMORY").db()?;
    conn.pragma_update(None, "foreign_keys", "ON").db()?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB).db()?;
    Ok(conn)
}
