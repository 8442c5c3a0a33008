//! What an attacker who has an account builds from the crate's public building blocks (anyone can copy
//! them from the source): their own slot opened with their own password and keyring, every key it
//! yields, the database opened with those keys, every grant their key pair opens, and SQLCipher's
//! pages decrypted by hand so that every page of the database and of the WAL can be read.

use std::path::Path;

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
use rusqlite::Connection;
use skyddsvalv::auth::password_policy::normalize;
use skyddsvalv::crypto::{Envelope, Key32, UserKeys};
use skyddsvalv::keys::{grants, DomainKey};
use skyddsvalv::records::sealed;
use skyddsvalv::storage::{GrantKind, GrantRow};
use skyddsvalv::vault::keyslots::{KeyslotFile, SlotSecret};
use skyddsvalv::DeviceSecrets;

/// Everything one account's own slot yields.
pub struct Stolen {
    pub vault_id: String,
    pub keys: UserKeys,
    pub db_keys: Vec<(u32, Key32)>,
    /// Every grant in the database that this account's key pair opens.
    pub domain: Vec<DomainKey>,
}

impl Stolen {
    /// Every other 32-byte key this attacker holds, taken as a records or reception key of any epoch
    /// (their grants are tried as they are, see `readable`).
    pub fn candidates(&self) -> Vec<DomainKey> {
        let mut raw: Vec<Key32> = self.db_keys.iter().map(|(_, k)| k.clone()).collect();
        let secret = self.keys.to_bytes();
        raw.push(Key32::from_slice(&secret[..32]).unwrap());
        raw.push(Key32::from_slice(&secret[32..]).unwrap());
        let mut out: Vec<DomainKey> = Vec::new();
        for k in raw {
            for &kind in GrantKind::ALL {
                for epoch in 1..=4 {
                    out.push(DomainKey::from_key(kind, epoch, k.clone()));
                }
            }
        }
        out
    }
}

/// Opens `user`'s slot in the keyslot file at `keyslots` (which may be an old copy) with their own
/// password and keyring, and everything that opens. `None` if the slot does not open.
pub fn steal(
    keyslots: &Path,
    db: &Path,
    user: &str,
    password: &str,
    device: &DeviceSecrets,
) -> Option<Stolen> {
    let file = KeyslotFile::load(keyslots).ok()?;
    let locator = file.locator_for(user);
    let slot = file.find(&locator)?;
    let device_secret = device.get(&file.vault_id).ok()?;
    let pw = normalize(password);
    let keys = slot
        .open(
            &file.vault_id,
            &SlotSecret {
                secret: pw.as_bytes(),
                device: device_secret.as_ref(),
            },
        )
        .ok()?;
    Some(everything_it_opens(&file, &locator, keys, db))
}

/// Opens the recovery slot in the keyslot file at `keyslots` (which may be an old copy) with a recovery
/// code, and everything that opens. `None` if the slot does not open.
pub fn steal_recovery(keyslots: &Path, db: &Path, code: &str) -> Option<Stolen> {
    let code = skyddsvalv::crypto::RecoveryCode::parse(code)?;
    let file = KeyslotFile::load(keyslots).ok()?;
    let locator = skyddsvalv::vault::keyslots::RECOVERY_LOCATOR;
    let keys = file
        .find(locator)?
        .open(
            &file.vault_id,
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
        )
        .ok()?;
    Some(everything_it_opens(&file, locator, keys, db))
}

/// The database keys sealed to `locator` that `keys` open, and every grant in the database they open.
fn everything_it_opens(file: &KeyslotFile, locator: &str, keys: UserKeys, db: &Path) -> Stolen {
    let db_keys = file.database_keys_for(locator, &keys);
    let mut domain = Vec::new();
    for (_, k) in &db_keys {
        if let Some(conn) = open_db(db, k) {
            for row in grant_rows(&conn) {
                if let Ok(d) = grants::open(&file.vault_id, &row, &keys) {
                    domain.push(d);
                }
            }
        }
    }
    Stolen {
        vault_id: file.vault_id.clone(),
        keys,
        db_keys,
        domain,
    }
}

/// The database opened with `key`, or `None` when the key does not open it.
pub fn open_db(db: &Path, key: &Key32) -> Option<Connection> {
    let conn = Connection::open(db).ok()?;
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\";",
        hex::encode(key.expose())
    ))
    .ok()?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .ok()?;
    Some(conn)
}

pub fn grant_rows(conn: &Connection) -> Vec<GrantRow> {
    let Ok(mut stmt) = conn.prepare(
        "SELECT locator, kind, epoch, recipient, ephemeral, nonce, sealed, endorsement, granted_by, \
         granted_at FROM key_grants",
    ) else {
        return Vec::new();
    };
    stmt.query_map([], |r| {
        let kind: String = r.get(1)?;
        let recipient: Vec<u8> = r.get(3)?;
        Ok(GrantRow {
            locator: r.get(0)?,
            kind: GrantKind::parse(&kind).unwrap(),
            epoch: r.get(2)?,
            recipient: recipient.try_into().unwrap(),
            envelope: Envelope {
                ephemeral: r.get(4)?,
                nonce: r.get(5)?,
                sealed: r.get(6)?,
            },
            endorsement: r.get(7)?,
            granted_by: r.get(8)?,
            granted_at: r.get(9)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Every cell of every table, as bytes (text as UTF-8, blobs as they are, numbers as decimal).
pub fn all_cells(conn: &Connection) -> Vec<u8> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                use rusqlite::types::ValueRef::*;
                match row.get_ref(i).unwrap() {
                    Null => {}
                    Integer(v) => out.extend(v.to_string().bytes()),
                    Real(v) => out.extend(v.to_string().bytes()),
                    Text(b) | Blob(b) => out.extend_from_slice(b),
                }
                out.push(0);
            }
        }
    }
    out
}

/// Every sealed person record that any of `keys` opens, as JSON bytes (empty when none opens).
pub fn unsealed_records(conn: &Connection, vault_id: &str, keys: &[DomainKey]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare("SELECT ref, epoch, nonce, sealed FROM persons")
        .unwrap();
    let rows: Vec<(String, u32, Vec<u8>, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (r, epoch, nonce, sealed_bytes) in rows {
        for k in keys {
            if let Ok(p) = sealed::open(vault_id, k, &r, epoch, &nonce, &sealed_bytes) {
                out.extend(serde_json::to_vec(&p.record).unwrap());
            }
        }
    }
    out
}

const PAGE: usize = 4096;
/// SQLCipher 4 keeps a 16-byte IV and a 64-byte HMAC-SHA512 at the end of every page.
const RESERVE: usize = 80;

fn decrypt_page(page: &[u8], key: &Key32, first: bool) -> Vec<u8> {
    let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
    let start = if first { 16 } else { 0 };
    let mut data = page[start..PAGE - RESERVE].to_vec();
    let dec = cbc::Decryptor::<aes::Aes256>::new(key.expose().into(), iv.into());
    dec.decrypt_padded_mut::<NoPadding>(&mut data).unwrap();
    data
}

/// Every page of the database file and of its WAL, decrypted with `key` (the database key with a
/// raw key is the page key itself). Free pages and old WAL frames are included.
pub fn decrypted_pages(db: &Path, key: &Key32) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(bytes) = std::fs::read(db) {
        for (i, page) in bytes.chunks(PAGE).enumerate() {
            if page.len() == PAGE {
                out.extend(decrypt_page(page, key, i == 0));
            }
        }
    }
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(bytes) = std::fs::read(Path::new(&wal)) {
        let mut at = 32;
        while at + 24 + PAGE <= bytes.len() {
            let pgno = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
            out.extend(decrypt_page(
                &bytes[at + 24..at + 24 + PAGE],
                key,
                pgno == 1,
            ));
            at += 24 + PAGE;
        }
    }
    out
}

/// Everything this attacker can read from the vault at `db`: every cell and every decrypted page for
/// each database key that opens it, and every record any of their candidate keys unseals.
pub fn readable(stolen: &Stolen, db: &Path) -> (usize, Vec<u8>) {
    let mut opened = 0;
    let mut out = Vec::new();
    for (_, k) in &stolen.db_keys {
        if let Some(conn) = open_db(db, k) {
            opened += 1;
            out.extend(all_cells(&conn));
            out.extend(unsealed_records(
                &conn,
                &stolen.vault_id,
                &stolen.candidates(),
            ));
            out.extend(unsealed_records(&conn, &stolen.vault_id, &stolen.domain));
            drop(conn);
            out.extend(decrypted_pages(db, k));
        }
    }
    (opened, out)
}
