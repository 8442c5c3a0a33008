//! `migrate`: brings a vault of the first format (one vault key for everyone, plain records inside
//! SQLCipher, a signing key inside the database) to the current one, with the recovery code. Every
//! record is sealed under a new records key and indexed blind, the reception register is built, the
//! plain name index and the old signing key are dropped, the database is re-keyed and rebuilt, and the
//! access log continues with an entry saying so. Accounts keep their passwords: their old slots stay
//! until each logs in once (see `vault::legacy`). Case handlers then wait for a grant, like new ones.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::audit::{announce, chain, Action, Announcement, NewEntry, Outcome};
use crate::crypto::{KdfParams, Key32, RecoveryCode, UserKeys};
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::keys::{grants, DomainKey};
use crate::records::model::from_json;
use crate::records::register::{self, LookupHash, RegisterAnswer};
use crate::records::sealed::{self, SealedPerson};
use crate::records::{index, mask, PersonRecord};
use crate::settings::{self, keys as names};
use crate::storage::sqlite::{schema, SqlExt, SqliteStorage};
use crate::storage::{GrantKind, Storage, Tx};
use crate::vault::keyslots::{KeyslotFile, Slot, SlotKind, SlotSecret, RECOVERY_LOCATOR};
use crate::vault::legacy::{legacy_database_key, Bridge, LegacyKeyslotFile};
use crate::vault::{files, Vault};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MigrationReport {
    pub persons: u64,
    pub log_entries: u64,
    /// Accounts whose slots change at their next login.
    pub accounts_to_upgrade: usize,
}

const NEW_TABLES: &str = "
ALTER TABLE users ADD COLUMN exchange_pub BLOB;
ALTER TABLE users ADD COLUMN signing_pub BLOB;
ALTER TABLE audit_log ADD COLUMN detail TEXT;
ALTER TABLE checkpoints RENAME TO checkpoints_v1;
CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, head_hash BLOB NOT NULL, at TEXT NOT NULL,
    signer TEXT NOT NULL, signer_key BLOB NOT NULL, from_seq INTEGER NOT NULL,
    entry_hashes BLOB NOT NULL, signature BLOB NOT NULL);
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TABLE persons_v2 (
    id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, identity_tag BLOB UNIQUE,
    epoch INTEGER NOT NULL, nonce BLOB NOT NULL, sealed BLOB NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id), created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE TABLE name_tokens (
    token BLOB NOT NULL, person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (token, person_id)) WITHOUT ROWID;
CREATE INDEX name_tokens_person ON name_tokens (person_id);
CREATE TABLE lookup_register (
    id INTEGER PRIMARY KEY, tag BLOB NOT NULL, epoch INTEGER NOT NULL, nonce BLOB NOT NULL,
    sealed BLOB NOT NULL);
CREATE INDEX lookup_register_tag ON lookup_register (tag);
CREATE INDEX assignments_user ON assignments (user_id, person_id);
CREATE INDEX emergency_access_user ON emergency_access (user_id, person_id);
CREATE TABLE key_grants (
    locator TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('records', 'reception')),
    epoch INTEGER NOT NULL, recipient BLOB NOT NULL, ephemeral TEXT NOT NULL, nonce TEXT NOT NULL,
    sealed TEXT NOT NULL, endorsement BLOB NOT NULL, granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL, PRIMARY KEY (locator, kind));
";

const DROP_PLAIN: &str = "
DROP TABLE person_names;
DROP TABLE persons;
ALTER TABLE persons_v2 RENAME TO persons;
DROP TABLE checkpoints_v1;
DELETE FROM settings WHERE key = 'log_signing_key';
";

/// The keys the migration makes, kept until the keyslot file is in place.
struct NewKeys {
    database: Key32,
    records: DomainKey,
    reception: DomainKey,
    recovery: UserKeys,
}

impl Vault {
    /// Migrates a vault of the first format with the recovery code. Refuses a vault that is current.
    pub fn migrate(&self, code: &RecoveryCode) -> Result<MigrationReport> {
        if let Some(report) = self.finish_interrupted(code)? {
            return Ok(report);
        }
        let bytes = KeyslotFile::read(&self.paths().keyslots())?;
        if KeyslotFile::probe_version(&bytes)? != 1 {
            return Err(Error::invalid(
                crate::input::Input::Vault,
                crate::input::Rule::NotAllowed,
                "the vault is already in the current format",
            ));
        }
        let old = LegacyKeyslotFile::parse(&bytes)?;
        let recovery = old
            .find(RECOVERY_LOCATOR)
            .filter(|s| s.kind == SlotKind::Recovery)
            .ok_or(Error::SlotTampered {
                what: "the recovery slot is missing",
            })?;
        let vault_key = recovery.open(
            &old.vault_id,
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
        )?;
        let mut conn = SqliteStorage::open_for_migration(
            &self.paths().database(),
            &legacy_database_key(&vault_key),
        )?;
        if schema::version(&conn)? != schema::V1 {
            return Err(Error::damaged("the database is not in the first format"));
        }
        let recorded: Option<String> = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'recovery_slot_digest'",
                [],
                |r| r.get(0),
            )
            .db()?;
        if recorded.as_deref() != Some(hex::encode(recovery.digest()).as_str()) {
            return Err(Error::SlotTampered {
                what: "the recovery slot is not the one the vault recorded",
            });
        }
        let kdf: KdfParams = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'kdf_params'",
                [],
                |r| r.get::<_, String>(0),
            )
            .db()
            .ok()
            .and_then(|j| serde_json::from_str(&j).ok())
            .ok_or_else(|| Error::damaged("the key derivation parameters are missing"))?;
        let keys = NewKeys {
            database: Key32::random(),
            records: DomainKey::generate(GrantKind::Records, 1),
            reception: DomainKey::generate(GrantKind::Reception, 1),
            recovery: UserKeys::generate(),
        };
        let recovery_slot = Slot::seal(
            &old.vault_id,
            RECOVERY_LOCATOR,
            SlotKind::Recovery,
            kdf,
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
            &keys.recovery,
        )?;

        // The new keyslot file is written aside first: if the process stops after the database is
        // re-keyed, running `migrate` again puts it in place (see `finish`).
        let mut file = KeyslotFile::new(old.vault_id.clone());
        file.locator_salt = old.locator_salt.clone();
        file.login_policy = old.login_policy;
        file.put(recovery_slot.clone());
        file.put_database_key(RECOVERY_LOCATOR, &keys.recovery.public(), 1, &keys.database);

        let outside_v1 = std::fs::read(self.paths().checkpoint()).ok();
        let report = migrate_database(
            &mut conn,
            &old.vault_id,
            &keys,
            &recovery_slot,
            outside_v1.as_deref(),
        )?;
        let active: Vec<String> = {
            let mut stmt = conn
                .prepare("SELECT slot_locator FROM users WHERE disabled = 0")
                .db()?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0)).db()?;
            rows.collect::<rusqlite::Result<Vec<_>>>().db()?
        };
        file.legacy_slots = old
            .slots
            .iter()
            .filter(|s| s.kind == SlotKind::User && active.contains(&s.locator))
            .cloned()
            .collect();
        file.legacy_bridge = (!file.legacy_slots.is_empty())
            .then(|| Bridge::seal(&old.vault_id, &vault_key, 1, &keys.database));
        let aside = self.paths().keyslots().with_extension("migrated");
        file.save(&aside)?;

        let mut store = SqliteStorage::from_migrated(conn, &self.paths().database());
        store.rekey(&keys.database)?;
        store.compact()?;
        drop(store);
        std::fs::rename(&aside, self.paths().keyslots())?;
        let _ = std::fs::remove_file(self.paths().checkpoint());
        files::sync_dir(&self.paths().dir);

        // The recovery slot closes the first session of the new format: a `lock` entry and the first
        // checkpoint signed with a key that is not in the database.
        let session = self.recovery_session(code)?;
        session.lock()?;
        tracing::info!(persons = report.persons, "vault migrated");
        Ok(MigrationReport {
            accounts_to_upgrade: file.legacy_slots.len(),
            ..report
        })
    }
}

impl Vault {
    /// A migration that stopped after writing the new keyslot file aside: if the database is already
    /// in the new format, it is re-keyed (if it was not yet) and the file is put in place.
    fn finish_interrupted(&self, code: &RecoveryCode) -> Result<Option<MigrationReport>> {
        let aside = self.paths().keyslots().with_extension("migrated");
        let Ok(file) = KeyslotFile::load(&aside) else {
            return Ok(None);
        };
        let slot = file.find(RECOVERY_LOCATOR).ok_or(Error::SlotTampered {
            what: "the recovery slot is missing",
        })?;
        let keys = slot.open(
            &file.vault_id,
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
        )?;
        let Some((_, new_key)) = file
            .database_keys_for(RECOVERY_LOCATOR, &keys)
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        if SqliteStorage::open(&self.paths().database(), &new_key).is_err() {
            // Committed but not yet re-keyed: the old key still opens the new schema.
            let old = LegacyKeyslotFile::parse(&KeyslotFile::read(&self.paths().keyslots())?)?;
            let recovery = old.find(RECOVERY_LOCATOR).ok_or(Error::SlotTampered {
                what: "the recovery slot is missing",
            })?;
            let vault_key = recovery.open(
                &old.vault_id,
                &SlotSecret {
                    secret: &code.kdf_input(),
                    device: None,
                },
            )?;
            let conn = SqliteStorage::open_for_migration(
                &self.paths().database(),
                &legacy_database_key(&vault_key),
            )?;
            if schema::version(&conn)? != schema::CURRENT {
                // The migration itself was rolled back: start over.
                let _ = std::fs::remove_file(&aside);
                return Ok(None);
            }
            let mut store = SqliteStorage::from_migrated(conn, &self.paths().database());
            store.rekey(&new_key)?;
            store.compact()?;
        }
        std::fs::rename(&aside, self.paths().keyslots())?;
        let _ = std::fs::remove_file(self.paths().checkpoint());
        files::sync_dir(&self.paths().dir);
        let session = self.recovery_session(code)?;
        session.lock()?;
        Ok(Some(MigrationReport {
            persons: 0,
            log_entries: 0,
            accounts_to_upgrade: file.legacy_slots.len(),
        }))
    }
}

fn migrate_database(
    conn: &mut Connection,
    vault_id: &str,
    keys: &NewKeys,
    recovery_slot: &Slot,
    outside_v1: Option<&[u8]>,
) -> Result<MigrationReport> {
    // Foreign keys stay off while the persons table is rebuilt (or dropping it would cascade).
    conn.pragma_update(None, "foreign_keys", "OFF").db()?;
    let tx = conn.transaction().db()?;
    let legacy_pub = legacy_signing_public(&tx)?;
    tx.execute_batch(NEW_TABLES).db()?;
    let lookup = LookupHash::new();

    let persons: Vec<(i64, String, String, i64, String, String)> = {
        let mut stmt = tx
            .prepare("SELECT id, ref, record, created_by, created_at, updated_at FROM persons ORDER BY id")
            .db()?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()?
    };
    for (id, person_ref, json, created_by, created_at, updated_at) in &persons {
        let record: PersonRecord = from_json(json)
            .map_err(|_| Error::damaged("a person record of the first format is malformed"))?;
        let hashes = lookup_hashes(&lookup, &record)?;
        let data = SealedPerson::new(record, hashes);
        let (nonce, sealed) = sealed::seal(vault_id, &keys.records, person_ref, &data)?;
        let tag = data
            .record
            .identity_number
            .as_deref()
            .map(|n| index::identity_tag(&keys.records, n).to_vec());
        tx.execute(
            "INSERT INTO persons_v2 (id, ref, identity_tag, epoch, nonce, sealed, created_by, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                person_ref,
                tag,
                keys.records.epoch,
                nonce,
                sealed,
                created_by,
                created_at,
                updated_at
            ],
        )
        .db()?;
        for t in index::name_tokens(&keys.records, &data.record.name) {
            tx.execute(
                "INSERT OR IGNORE INTO name_tokens (token, person_id) VALUES (?1, ?2)",
                params![t.to_vec(), id],
            )
            .db()?;
        }
        let answer = RegisterAnswer {
            person_ref: person_ref.clone(),
            protection: data.record.protection.kind,
            initials: mask::initials(&data.record.name),
        };
        for h in &data.lookup {
            let slow: [u8; 32] = hex::decode(h)
                .ok()
                .and_then(|b| b.try_into().ok())
                .unwrap_or([0; 32]);
            let (nonce, sealed) = register::seal_answer(vault_id, &keys.reception, &slow, &answer)?;
            tx.execute(
                "INSERT INTO lookup_register (tag, epoch, nonce, sealed) VALUES (?1, ?2, ?3, ?4)",
                params![
                    register::tag(&keys.reception, &slow).to_vec(),
                    keys.reception.epoch,
                    nonce,
                    sealed
                ],
            )
            .db()?;
        }
    }

    // Checkpoints of the first format become legacy checkpoints, checked against the old key.
    let mut old_cps: Vec<(i64, Vec<u8>, String, Vec<u8>)> = {
        let mut stmt = tx
            .prepare("SELECT seq, head_hash, at, signature FROM checkpoints_v1 ORDER BY id")
            .db()?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .db()?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db()?
    };
    if let Some(o) = outside_v1.and_then(legacy_outside) {
        if !old_cps.iter().any(|c| c.0 == o.0 && c.1 == o.1) {
            old_cps.push(o);
        }
    }
    tx.execute_batch(DROP_PLAIN).db()?;
    for (seq, head, at, sig) in old_cps {
        tx.execute(
            "INSERT INTO checkpoints (seq, head_hash, at, signer, signer_key, from_seq, entry_hashes, \
             signature) VALUES (?1, ?2, ?3, ?4, ?5, 0, x'', ?6)",
            params![seq, head, at, announce::LEGACY, legacy_pub.to_vec(), sig],
        )
        .db()?;
    }
    schema::upgrade_in(&tx, schema::V2)?;
    tx.commit().db()?;
    conn.pragma_update(None, "foreign_keys", "ON").db()?;

    // The rest goes through the storage seam like any other write.
    let mut store = MigratingStore(conn);
    let txb = store.begin()?;
    let t = &*txb;
    t.set_setting(
        names::RECOVERY_SLOT_DIGEST,
        &hex::encode(recovery_slot.digest()),
    )?;
    settings::set_json(t, names::RECOVERY_PUBLIC, &keys.recovery.public())?;
    settings::set_json(t, names::LOOKUP_HASH, &lookup)?;
    for k in [
        names::DATABASE_EPOCH,
        names::RECORDS_EPOCH,
        names::RECEPTION_EPOCH,
    ] {
        t.set_setting(k, "1")?;
    }
    for key in [&keys.records, &keys.reception] {
        t.put_grant(&grants::seal(
            vault_id,
            key,
            RECOVERY_LOCATOR,
            &keys.recovery.public(),
            announce::RECOVERY,
        ))?;
    }
    let mut entry = NewEntry::new(
        announce::RECOVERY,
        crate::auth::Role::Recovery.as_str(),
        Action::VaultMigrated,
        Outcome::Allowed,
    );
    entry.flagged = true;
    entry.purpose = Some(format!("{} persons sealed", persons.len()));
    entry.detail = Some(
        [
            Announcement::new(
                vault_id,
                announce::RECOVERY,
                None,
                keys.recovery.public().signing,
                keys.recovery.signing(),
            ),
            Announcement::new(
                vault_id,
                announce::LEGACY,
                None,
                legacy_pub,
                keys.recovery.signing(),
            ),
        ]
        .iter()
        .map(Announcement::to_detail)
        .collect::<Vec<_>>()
        .join("\n"),
    );
    let seq = chain::append(t, &entry)?;
    txb.commit()?;
    Ok(MigrationReport {
        persons: persons.len() as u64,
        log_entries: seq,
        accounts_to_upgrade: 0,
    })
}

/// The first format's slow-hash inputs are the same as today's.
fn lookup_hashes(lookup: &LookupHash, record: &PersonRecord) -> Result<Vec<String>> {
    let Some(id) = &record.identity_number else {
        return Ok(Vec::new());
    };
    let mut out = vec![hex::encode(*lookup.identity(id)?)];
    if let Some(year) = IdentityNumber::parse(id).ok().and_then(|i| i.birth_year()) {
        out.push(hex::encode(*lookup.name_year(&record.name, year)?));
    }
    Ok(out)
}

fn legacy_signing_public(conn: &Connection) -> Result<[u8; 32]> {
    let hex_key: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'log_signing_key'",
            [],
            |r| r.get(0),
        )
        .db()?;
    let bytes = zeroize::Zeroizing::new(
        hex::decode(hex_key).map_err(|_| Error::damaged("the old log signing key is malformed"))?,
    );
    let arr: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| Error::damaged("the old log signing key is malformed"))?;
    Ok(ed25519_dalek::SigningKey::from_bytes(&arr)
        .verifying_key()
        .to_bytes())
}

/// The first format's `checkpoint.json`, as (seq, head, at, signature).
fn legacy_outside(bytes: &[u8]) -> Option<(i64, Vec<u8>, String, Vec<u8>)> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    Some((
        v.get("seq")?.as_i64()?,
        hex::decode(v.get("head_hash")?.as_str()?).ok()?,
        v.get("at")?.as_str()?.to_string(),
        hex::decode(v.get("signature")?.as_str()?).ok()?,
    ))
}

/// The migrating connection seen through the storage seam.
struct MigratingStore<'c>(&'c mut Connection);

impl MigratingStore<'_> {
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
        crate::storage::sqlite::begin_on(self.0)
    }
}
