//! The SQLCipher implementation of the storage seam: one encrypted database file per vault.
//! `rusqlite` is used here and nowhere else in the core.

mod open;
pub mod schema;

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{
    ActiveEmergency, CheckpointRow, EmergencyRow, GrantKind, GrantRow, NameToken, NewPerson,
    NewRegisterRow, NewUser, PersonRow, Profile, RegisterRow, Storage, Tx, UserRow,
};
use crate::audit::{Action, Entry, EntryRef, LogFilter};
use crate::auth::Role;
use crate::crypto::{Envelope, Key32, PublicKeys};
use crate::error::{Error, Result};

/// Turns SQLite's errors into the core's. SQLite messages name tables and constraints, never values
/// bound as parameters.
pub(crate) fn sql_error(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::damaged("the database file cannot be decrypted or is corrupt")
        }
        Some(rusqlite::ErrorCode::DiskFull) => Error::Storage("the disk is full".into()),
        _ => Error::Storage(e.to_string()),
    }
}

pub(crate) trait SqlExt<T> {
    fn db(self) -> Result<T>;
}

impl<T> SqlExt<T> for rusqlite::Result<T> {
    fn db(self) -> Result<T> {
        self.map_err(sql_error)
    }
}

/// The last log entry of a database file opened read-only (a snapshot's, before it is sealed).
pub fn log_head_of(path: &Path, key: &Key32) -> Result<u64> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db()?;
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    open::apply_key(&conn, key, false)?;
    conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| {
        r.get::<_, i64>(0)
    })
    .db()
    .map(|n| n.max(0) as u64)
    .map_err(|e| match e {
        Error::Storage(detail) => Error::damaged(detail),
        other => other,
    })
}

pub struct SqliteStorage {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStorage {
    /// Creates a new database file with the current schema.
    pub fn create(path: &Path, key: &Key32) -> Result<Self> {
        let mut conn = open::open(path, key, true)?;
        schema::create(&mut conn)?;
        Ok(SqliteStorage {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing database; a wrong key or a damaged file is `VAULT_DAMAGED`. Refuses a newer
    /// schema and one that needs `migrate` (the first format) before anything is written.
    pub fn open(path: &Path, key: &Key32) -> Result<Self> {
        let mut conn = open::open(path, key, false)?;
        schema::upgrade(&mut conn)?;
        schema::check_current(&conn)?;
        Ok(SqliteStorage {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens a database in the first format for the migration, which then brings it up to date.
    pub(crate) fn open_for_migration(path: &Path, key: &Key32) -> Result<Connection> {
        let conn = open::open(path, key, false)?;
        schema::check_not_newer(&conn)?;
        Ok(conn)
    }

    pub(crate) fn from_migrated(conn: Connection, path: &Path) -> Self {
        SqliteStorage {
            conn,
            path: path.to_path_buf(),
        }
    }

    /// Test support: the raw connection, for attacks that need the database key.
    #[cfg(feature = "test-support")]
    pub fn raw_connection(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Storage for SqliteStorage {
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
        // Every operation writes its log entry: take the write lock at the start, so a second
        // session waits (busy timeout) instead of failing when its read turns into a write.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        Ok(Box::new(SqliteTx { tx }))
    }

    fn probe(&mut self) -> Result<()> {
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .db()
    }

    fn reopen(&mut self, key: &Key32) -> Result<()> {
        let mut conn = open::open(&self.path, key, false)?;
        schema::upgrade(&mut conn)?;
        schema::check_current(&conn)?;
        self.conn = conn;
        Ok(())
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check").db()?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn rekey(&mut self, key: &Key32) -> Result<()> {
        open::apply_key(&self.conn, key, true)?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .db()
    }

    #[cfg(feature = "test-support")]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn compact(&mut self) -> Result<()> {
        self.conn.execute_batch("VACUUM;").db()?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .db()
    }

    fn snapshot_into(&mut self, path: &Path) -> Result<()> {
        // VACUUM INTO reads in one transaction (a consistent snapshot beside live writers) and
        // SQLCipher writes the copy under the same key: no page of it is ever in plaintext.
        let target = path
            .to_str()
            .ok_or_else(|| Error::Storage("the snapshot path is not UTF-8".into()))?;
        self.conn.execute("VACUUM INTO ?1", [target]).db()?;
        Ok(())
    }
}

/// A transaction on a connection the migration holds, through the storage seam.
pub(crate) fn begin_on(conn: &mut Connection) -> Result<Box<dyn Tx + '_>> {
    let tx = conn.transaction().db()?;
    Ok(Box::new(SqliteTx { tx }))
}

struct SqliteTx<'c> {
    tx: Transaction<'c>,
}

const USER_COLUMNS: &str =
    "id, name, name_key, role, disabled, must_change_password, slot_locator, \
                            slot_digest, exchange_pub, signing_pub, created_at, display_name, unit, \
                            phone, last_login_at";

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    let role: String = r.get(3)?;
    let exchange: Option<Vec<u8>> = r.get(8)?;
    let signing: Option<Vec<u8>> = r.get(9)?;
    let public = match (exchange, signing) {
        (Some(x), Some(s)) => Some(PublicKeys {
            exchange: x.try_into().map_err(|_| bad_column(8))?,
            signing: s.try_into().map_err(|_| bad_column(9))?,
        }),
        _ => None,
    };
    Ok(UserRow {
        id: r.get(0)?,
        name: r.get(1)?,
        name_key: r.get(2)?,
        // An unknown role is damage, never a silent fallback to some role.
        role: Role::parse_account(&role).ok_or_else(|| bad_column(3))?,
        disabled: r.get(4)?,
        must_change_password: r.get(5)?,
        slot_locator: r.get(6)?,
        slot_digest: r.get(7)?,
        public,
        created_at: r.get(10)?,
        profile: Profile {
            display_name: r.get(11)?,
            unit: r.get(12)?,
            phone: r.get(13)?,
        },
        last_login_at: r.get(14)?,
    })
}

fn bad_column(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "malformed".into(), rusqlite::types::Type::Blob)
}

const PERSON_COLUMNS: &str =
    "id, ref, identity_tag, epoch, nonce, sealed, created_by, created_at, updated_at";

fn person_from_row(r: &Row<'_>) -> rusqlite::Result<PersonRow> {
    let tag: Option<Vec<u8>> = r.get(2)?;
    Ok(PersonRow {
        id: r.get(0)?,
        person_ref: r.get(1)?,
        identity_tag: match tag {
            Some(t) => Some(t.try_into().map_err(|_| bad_column(2))?),
            None => None,
        },
        epoch: r.get(3)?,
        nonce: r.get(4)?,
        sealed: r.get(5)?,
        created_by: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

fn register_from_row(r: &Row<'_>) -> rusqlite::Result<RegisterRow> {
    let tag: Vec<u8> = r.get(1)?;
    Ok(RegisterRow {
        id: r.get(0)?,
        tag: tag.try_into().map_err(|_| bad_column(1))?,
        epoch: r.get(2)?,
        nonce: r.get(3)?,
        sealed: r.get(4)?,
    })
}

fn grant_from_row(r: &Row<'_>) -> rusqlite::Result<GrantRow> {
    let kind: String = r.get(1)?;
    let recipient: Vec<u8> = r.get(3)?;
    Ok(GrantRow {
        locator: r.get(0)?,
        kind: GrantKind::parse(&kind).ok_or_else(|| bad_column(1))?,
        epoch: r.get(2)?,
        recipient: recipient.try_into().map_err(|_| bad_column(3))?,
        envelope: Envelope {
            ephemeral: r.get(4)?,
            nonce: r.get(5)?,
            sealed: r.get(6)?,
        },
        endorsement: r.get(7)?,
        granted_by: r.get(8)?,
        granted_at: r.get(9)?,
    })
}

const GRANT_COLUMNS: &str =
    "locator, kind, epoch, recipient, ephemeral, nonce, sealed, endorsement, granted_by, granted_at";

const LOG_COLUMNS: &str = "seq, at, actor, role, action, person_ref, fields, purpose, term_hash, \
                           outcome, flagged, prev_hash, hash, detail";

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let fields: String = r.get(6)?;
    Ok(Entry {
        seq: r.get::<_, i64>(0)? as u64,
        at: r.get(1)?,
        actor: r.get(2)?,
        role: r.get(3)?,
        action: r.get(4)?,
        person_ref: r.get(5)?,
        fields: crate::audit::entry::split_fields(&fields),
        purpose: r.get(7)?,
        term_hash: r.get(8)?,
        outcome: r.get(9)?,
        flagged: r.get(10)?,
        prev_hash: r.get(11)?,
        hash: r.get(12)?,
        detail: r.get(13)?,
    })
}

fn checkpoint_from_row(r: &Row<'_>) -> rusqlite::Result<CheckpointRow> {
    let key: Vec<u8> = r.get(4)?;
    Ok(CheckpointRow {
        seq: r.get::<_, i64>(0)? as u64,
        head_hash: r.get(1)?,
        at: r.get(2)?,
        signer: r.get(3)?,
        signer_key: key.try_into().map_err(|_| bad_column(4))?,
        from_seq: r.get::<_, i64>(5)? as u64,
        entry_hashes: r.get(6)?,
        signature: r.get(7)?,
    })
}

impl SqliteTx<'_> {
    fn one_user(&self, clause: &str, arg: &dyn rusqlite::ToSql) -> Result<Option<UserRow>> {
        self.tx
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE {clause}"))
            .db()?
            .query_row([arg], user_from_row)
            .optional()
            .db()
    }

    fn one_person(&self, clause: &str, arg: &dyn rusqlite::ToSql) -> Result<Option<PersonRow>> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM persons WHERE {clause}"
            ))
            .db()?
            .query_row([arg], person_from_row)
            .optional()
            .db()
    }

    fn exists(&self, sql: &str, args: impl rusqlite::Params) -> Result<bool> {
        self.tx
            .prepare_cached(sql)
            .db()?
            .query_row(args, |r| r.get(0))
            .db()
    }
}

impl Tx for SqliteTx<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit().db()
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.tx
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")
            .db()?
            .query_row([key], |r| r.get(0))
            .optional()
            .db()
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .db()?
            .execute(params![key, value])
            .db()?;
        Ok(())
    }

    fn delete_setting(&self, key: &str) -> Result<()> {
        self.tx
            .execute("DELETE FROM settings WHERE key = ?1", [key])
            .db()?;
        Ok(())
    }

    fn insert_user(&self, u: &NewUser) -> Result<i64> {
        self.tx
            .execute(
                "INSERT INTO users (name, name_key, role, must_change_password, slot_locator, \
                 slot_digest, exchange_pub, signing_pub, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    u.name,
                    u.name_key,
                    u.role.as_str(),
                    u.must_change_password,
                    u.slot_locator,
                    u.slot_digest,
                    u.public.exchange.to_vec(),
                    u.public.signing.to_vec(),
                    u.created_at
                ],
            )
            .db()?;
        Ok(self.tx.last_insert_rowid())
    }

    fn user_by_id(&self, id: i64) -> Result<Option<UserRow>> {
        self.one_user("id = ?1", &id)
    }

    fn user_by_name_key(&self, name_key: &str) -> Result<Option<UserRow>> {
        self.one_user("name_key = ?1", &name_key)
    }

    fn user_by_locator(&self, locator: &str) -> Result<Option<UserRow>> {
        self.one_user("slot_locator = ?1", &locator)
    }

    fn users(&self) -> Result<Vec<UserRow>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users ORDER BY name_key"
            ))
            .db()?;
        let rows = stmt.query_map([], user_from_row).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn set_profile(&self, user_id: i64, p: &Profile) -> Result<()> {
        self.tx
            .execute(
                "UPDATE users SET display_name = ?1, unit = ?2, phone = ?3 WHERE id = ?4",
                params![p.display_name, p.unit, p.phone, user_id],
            )
            .db()?;
        Ok(())
    }

    fn set_last_login(&self, user_id: i64, at: &str) -> Result<()> {
        self.tx
            .execute(
                "UPDATE users SET last_login_at = ?1 WHERE id = ?2",
                params![at, user_id],
            )
            .db()?;
        Ok(())
    }

    fn update_user(&self, u: &UserRow) -> Result<()> {
        let (x, s) = match &u.public {
            Some(p) => (Some(p.exchange.to_vec()), Some(p.signing.to_vec())),
            None => (None, None),
        };
        self.tx
            .execute(
                "UPDATE users SET role = ?1, disabled = ?2, must_change_password = ?3, \
                 slot_locator = ?4, slot_digest = ?5, exchange_pub = ?6, signing_pub = ?7 \
                 WHERE id = ?8",
                params![
                    u.role.as_str(),
                    u.disabled,
                    u.must_change_password,
                    u.slot_locator,
                    u.slot_digest,
                    x,
                    s,
                    u.id
                ],
            )
            .db()?;
        Ok(())
    }

    fn insert_person(&self, p: &NewPerson) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO persons (ref, identity_tag, epoch, nonce, sealed, created_by, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )
            .db()?
            .execute(params![
                p.person_ref,
                p.identity_tag.map(|t| t.to_vec()),
                p.epoch,
                p.nonce,
                p.sealed,
                p.created_by,
                p.created_at
            ])
            .db()?;
        Ok(self.tx.last_insert_rowid())
    }

    fn update_person(&self, p: &PersonRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE persons SET identity_tag = ?1, epoch = ?2, nonce = ?3, sealed = ?4, \
                 updated_at = ?5 WHERE id = ?6",
            )
            .db()?
            .execute(params![
                p.identity_tag.map(|t| t.to_vec()),
                p.epoch,
                p.nonce,
                p.sealed,
                p.updated_at,
                p.id
            ])
            .db()?;
        Ok(())
    }

    fn person_by_id(&self, id: i64) -> Result<Option<PersonRow>> {
        self.one_person("id = ?1", &id)
    }

    fn person_by_ref(&self, person_ref: &str) -> Result<Option<PersonRow>> {
        self.one_person("ref = ?1", &person_ref)
    }

    fn person_by_identity_tag(&self, tag: &[u8; 32]) -> Result<Option<PersonRow>> {
        self.one_person("identity_tag = ?1", &tag.to_vec())
    }

    fn person_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare("SELECT id FROM persons ORDER BY id").db()?;
        let rows = stmt.query_map([], |r| r.get(0)).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn count_persons(&self) -> Result<u64> {
        self.tx
            .query_row("SELECT count(*) FROM persons", [], |r| r.get::<_, i64>(0))
            .db()
            .map(|n| n as u64)
    }

    fn delete_person(&self, person_id: i64) -> Result<bool> {
        // Name tokens, assignments and emergency grants go with it (ON DELETE CASCADE); the
        // connection's secure_delete overwrites the freed cells.
        let n = self
            .tx
            .execute("DELETE FROM persons WHERE id = ?1", [person_id])
            .db()?;
        Ok(n > 0)
    }

    fn set_name_tokens(&self, person_id: i64, tokens: &[NameToken]) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM name_tokens WHERE person_id = ?1")
            .db()?
            .execute([person_id])
            .db()?;
        let mut insert = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO name_tokens (token, person_id) VALUES (?1, ?2)")
            .db()?;
        for t in tokens {
            insert.execute(params![t.to_vec(), person_id]).db()?;
        }
        Ok(())
    }

    fn search_tokens(
        &self,
        tokens: &[NameToken],
        user_id: i64,
        now: i64,
        limit: u32,
    ) -> Result<(Vec<PersonRow>, u64)> {
        let Some((first, rest)) = tokens.split_first() else {
            return Ok((Vec::new(), 0));
        };
        // The first token drives (the caller puts the most selective first); the others and the
        // visibility are point lookups in their indexes.
        let mut sql = String::from(
            "SELECT t0.person_id FROM name_tokens t0 WHERE t0.token = ?1 \
             AND (EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = t0.person_id \
             AND a.user_id = ?2) OR EXISTS (SELECT 1 FROM emergency_access e \
             WHERE e.person_id = t0.person_id AND e.user_id = ?2 AND e.expires_at > ?3))",
        );
        for i in 0..rest.len() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM name_tokens t WHERE t.token = ?{} \
                 AND t.person_id = t0.person_id)",
                i + 4
            ));
        }
        sql.push_str(" ORDER BY t0.person_id");
        let mut args: Vec<Value> = vec![
            Value::Blob(first.to_vec()),
            Value::Integer(user_id),
            Value::Integer(now),
        ];
        args.extend(rest.iter().map(|t| Value::Blob(t.to_vec())));
        let mut stmt = self.tx.prepare_cached(&sql).db()?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, i64>(0))
            .db()?
            .collect::<rusqlite::Result<Vec<i64>>>()
            .db()?;
        let total = ids.len() as u64;
        let mut out = Vec::new();
        for id in ids.into_iter().take(limit as usize) {
            if let Some(p) = self.person_by_id(id)? {
                out.push(p);
            }
        }
        Ok((out, total))
    }

    fn add_register_row(&self, row: &NewRegisterRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO lookup_register (tag, epoch, nonce, sealed) VALUES (?1, ?2, ?3, ?4)",
            )
            .db()?
            .execute(params![row.tag.to_vec(), row.epoch, row.nonce, row.sealed])
            .db()?;
        Ok(())
    }

    fn register_rows_by_tag(&self, tag: &[u8; 32]) -> Result<Vec<RegisterRow>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT id, tag, epoch, nonce, sealed FROM lookup_register WHERE tag = ?1 \
                 ORDER BY id",
            )
            .db()?;
        let rows = stmt.query_map([tag.to_vec()], register_from_row).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn register_rows(&self) -> Result<Vec<RegisterRow>> {
        let mut stmt = self
            .tx
            .prepare("SELECT id, tag, epoch, nonce, sealed FROM lookup_register ORDER BY id")
            .db()?;
        let rows = stmt.query_map([], register_from_row).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn delete_register_row(&self, id: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM lookup_register WHERE id = ?1")
            .db()?
            .execute([id])
            .db()?;
        Ok(())
    }

    fn count_register_rows(&self) -> Result<u64> {
        self.tx
            .query_row("SELECT count(*) FROM lookup_register", [], |r| {
                r.get::<_, i64>(0)
            })
            .db()
            .map(|n| n as u64)
    }

    fn assign(&self, person_id: i64, user_id: i64) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO assignments (person_id, user_id) VALUES (?1, ?2)",
            )
            .db()?
            .execute(params![person_id, user_id])
            .db()?;
        Ok(n > 0)
    }

    fn unassign(&self, person_id: i64, user_id: i64) -> Result<bool> {
        let n = self
            .tx
            .execute(
                "DELETE FROM assignments WHERE person_id = ?1 AND user_id = ?2",
                params![person_id, user_id],
            )
            .db()?;
        Ok(n > 0)
    }

    fn is_assigned(&self, person_id: i64, user_id: i64) -> Result<bool> {
        self.exists(
            "SELECT EXISTS (SELECT 1 FROM assignments WHERE person_id = ?1 AND user_id = ?2)",
            params![person_id, user_id],
        )
    }

    fn assigned_person_ids(&self, user_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT person_id FROM assignments WHERE user_id = ?1 ORDER BY person_id",
            )
            .db()?;
        let rows = stmt.query_map(params![user_id], |r| r.get(0)).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn assigned_users(&self, person_id: i64) -> Result<Vec<UserRow>> {
        let cols = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT {cols} FROM assignments a JOIN users u ON u.id = a.user_id \
                 WHERE a.person_id = ?1 ORDER BY u.name_key"
            ))
            .db()?;
        let rows = stmt.query_map([person_id], user_from_row).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn grant_emergency(&self, g: &EmergencyRow) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO emergency_access (person_id, user_id, log_seq, expires_at, may_edit) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    g.person_id,
                    g.user_id,
                    g.log_seq as i64,
                    g.expires_at,
                    g.may_edit
                ],
            )
            .db()?;
        Ok(())
    }

    fn emergency(&self, person_id: i64, user_id: i64, now: i64) -> Result<Option<ActiveEmergency>> {
        let (until, may_edit): (Option<i64>, Option<bool>) = self
            .tx
            .prepare_cached(
                "SELECT max(expires_at), max(may_edit) FROM emergency_access WHERE person_id = ?1 \
                 AND user_id = ?2 AND expires_at > ?3",
            )
            .db()?
            .query_row(params![person_id, user_id, now], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .db()?;
        Ok(until.map(|until| ActiveEmergency {
            until,
            may_edit: may_edit.unwrap_or(false),
        }))
    }

    fn put_grant(&self, g: &GrantRow) -> Result<()> {
        self.tx
            .execute(
                &format!(
                    "INSERT INTO key_grants ({GRANT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
                     ?7, ?8, ?9, ?10) ON CONFLICT (locator, kind) DO UPDATE SET \
                     epoch = excluded.epoch, recipient = excluded.recipient, \
                     ephemeral = excluded.ephemeral, nonce = excluded.nonce, \
                     sealed = excluded.sealed, endorsement = excluded.endorsement, \
                     granted_by = excluded.granted_by, granted_at = excluded.granted_at"
                ),
                params![
                    g.locator,
                    g.kind.as_str(),
                    g.epoch,
                    g.recipient.to_vec(),
                    g.envelope.ephemeral,
                    g.envelope.nonce,
                    g.envelope.sealed,
                    g.endorsement,
                    g.granted_by,
                    g.granted_at
                ],
            )
            .db()?;
        Ok(())
    }

    fn grant(&self, locator: &str, kind: GrantKind) -> Result<Option<GrantRow>> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {GRANT_COLUMNS} FROM key_grants WHERE locator = ?1 AND kind = ?2"
            ))
            .db()?
            .query_row(params![locator, kind.as_str()], grant_from_row)
            .optional()
            .db()
    }

    fn grants(&self, kind: GrantKind) -> Result<Vec<GrantRow>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT {GRANT_COLUMNS} FROM key_grants WHERE kind = ?1 ORDER BY locator"
            ))
            .db()?;
        let rows = stmt.query_map([kind.as_str()], grant_from_row).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn delete_grant(&self, locator: &str, kind: GrantKind) -> Result<bool> {
        let n = self
            .tx
            .execute(
                "DELETE FROM key_grants WHERE locator = ?1 AND kind = ?2",
                params![locator, kind.as_str()],
            )
            .db()?;
        Ok(n > 0)
    }

    fn log_head(&self) -> Result<Option<(u64, Vec<u8>)>> {
        self.tx
            .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .db()?
            .query_row([], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get::<_, Vec<u8>>(1)?))
            })
            .optional()
            .db()
    }

    fn log_append(&self, e: &Entry) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO audit_log ({LOG_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, \
                 ?9, ?10, ?11, ?12, ?13, ?14)"
            ))
            .db()?
            .execute(params![
                e.seq as i64,
                e.at,
                e.actor,
                e.role,
                e.action,
                e.person_ref,
                e.fields_joined(),
                e.purpose,
                e.term_hash,
                e.outcome,
                e.flagged,
                e.prev_hash,
                e.hash,
                e.detail
            ])
            .db()?;
        Ok(())
    }

    fn log_entry(&self, seq: u64) -> Result<Option<Entry>> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {LOG_COLUMNS} FROM audit_log WHERE seq = ?1"
            ))
            .db()?
            .query_row([seq as i64], entry_from_row)
            .optional()
            .db()
    }

    fn log_walk(
        &self,
        from_seq: u64,
        f: &mut dyn FnMut(&EntryRef<'_>) -> Result<bool>,
    ) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT {LOG_COLUMNS} FROM audit_log WHERE seq >= ?1 ORDER BY seq"
            ))
            .db()?;
        let mut rows = stmt.query([from_seq as i64]).db()?;
        while let Some(r) = rows.next().db()? {
            let text = |i: usize| -> Result<&str> { r.get_ref(i).db()?.as_str().map_err(col) };
            let opt = |i: usize| -> Result<Option<&str>> {
                r.get_ref(i).db()?.as_str_or_null().map_err(col)
            };
            let blob = |i: usize| -> Result<&[u8]> { r.get_ref(i).db()?.as_blob().map_err(col) };
            let e = EntryRef {
                seq: r.get_ref(0).db()?.as_i64().map_err(col)? as u64,
                at: text(1)?,
                actor: text(2)?,
                role: text(3)?,
                action: text(4)?,
                person_ref: opt(5)?,
                fields: text(6)?,
                purpose: opt(7)?,
                term_hash: opt(8)?,
                outcome: text(9)?,
                flagged: r.get_ref(10).db()?.as_i64().map_err(col)? != 0,
                prev_hash: blob(11)?,
                hash: blob(12)?,
                detail: opt(13)?,
            };
            if !f(&e)? {
                break;
            }
        }
        Ok(())
    }

    fn log_query(&self, f: &LogFilter) -> Result<Vec<Entry>> {
        let mut clauses = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        // An entry about several persons (`names_revealed`) names them in its detail: "refs A B …".
        if let Some(r) = &f.person_ref {
            // Both sides of the OR are indexed (person, action), so SQLite reads two index ranges
            // instead of the whole table.
            clauses.push(
                "(person_ref = ? OR (action = ? AND ' ' || detail || ' ' LIKE ? ESCAPE '\\'))"
                    .into(),
            );
            args.push(Value::Text(r.clone()));
            args.push(Value::Text(Action::NamesRevealed.as_str().into()));
            let escaped = r
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            args.push(Value::Text(format!("% {escaped} %")));
        }
        // The value is bound once for each `?` in the clause.
        let mut add = |clause: &str, v: Option<&String>| {
            if let Some(v) = v {
                clauses.push(clause.to_string());
                for _ in clause.matches('?') {
                    args.push(Value::Text(v.clone()));
                }
            }
        };
        add("actor = ?", f.actor.as_ref());
        add("action = ?", f.action.as_ref());
        // The log is written in time order, so a time range is also a range of sequence numbers,
        // found once in the time index: SQLite then reads only that range, newest first.
        add(
            "at >= ? AND seq >= (SELECT min(seq) FROM audit_log WHERE at >= ?)",
            f.since.as_ref(),
        );
        add(
            "at < ? AND seq < coalesce((SELECT min(seq) FROM audit_log WHERE at >= ?), \
             9223372036854775807)",
            f.until.as_ref(),
        );
        add("term_hash = ?", f.term_hash.as_ref());
        if f.flagged_only {
            clauses.push("flagged = 1".into());
        }
        if let Some(before) = f.before {
            clauses.push("seq < ?".into());
            args.push(Value::Integer(before.min(i64::MAX as u64) as i64));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let sql = format!(
            "SELECT {LOG_COLUMNS} FROM audit_log {filter} ORDER BY seq DESC LIMIT {}",
            f.limit()
        );
        let mut stmt = self.tx.prepare(&sql).db()?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), entry_from_row)
            .db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }

    fn log_first_at(&self, at: &str) -> Result<Option<u64>> {
        self.tx
            .prepare_cached("SELECT min(seq) FROM audit_log WHERE at >= ?1")
            .db()?
            .query_row([at], |r| r.get::<_, Option<i64>>(0))
            .db()
            .map(|s| s.map(|s| s as u64))
    }

    fn count_log(&self, actor: &str, action: &str, since: &str) -> Result<u64> {
        self.tx
            .prepare_cached(
                "SELECT count(*) FROM audit_log WHERE actor = ?1 AND action = ?2 AND at >= ?3",
            )
            .db()?
            .query_row(params![actor, action, since], |r| r.get::<_, i64>(0))
            .db()
            .map(|n| n as u64)
    }

    fn add_checkpoint(&self, c: &CheckpointRow) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO checkpoints (seq, head_hash, at, signer, signer_key, from_seq, \
                 entry_hashes, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    c.seq as i64,
                    c.head_hash,
                    c.at,
                    c.signer,
                    c.signer_key.to_vec(),
                    c.from_seq as i64,
                    c.entry_hashes,
                    c.signature
                ],
            )
            .db()?;
        Ok(())
    }

    fn checkpoints(&self) -> Result<Vec<CheckpointRow>> {
        let mut stmt = self
            .tx
            .prepare(
                "SELECT seq, head_hash, at, signer, signer_key, from_seq, entry_hashes, \
                 signature FROM checkpoints ORDER BY id",
            )
            .db()?;
        let rows = stmt.query_map([], checkpoint_from_row).db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()
    }
}

fn col(_: rusqlite::types::FromSqlError) -> Error {
    Error::damaged("an access-log entry has a malformed column")
}
