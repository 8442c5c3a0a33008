//! Shared setup for the records, policy and access-log tests: a vault with one account per role plus a
//! second case handler, persons made with canary values, and (with the `test-support` feature) direct
//! reads of the access log through the raw connection.
//!
//! Every vault uses the `keyring` crate's mock store and the cheapest Argon2id parameters DESIGN.md
//! allows. Each test binary uses only part of this module.
#![allow(dead_code)]

pub mod attacker;
pub mod scan;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::SecretString;
use skyddsvalv::crypto::KdfParams;
use skyddsvalv::identity::{synthetic_identity, Kind, Personnummer};
use skyddsvalv::records::{Contact, LegalBasis, PersonRecord, Protection, ProtectionKind};
use skyddsvalv::{DeviceSecrets, Login, Role, Session, Vault};

pub const ADMIN: &str = "admin-alva";
pub const HANDLER: &str = "handlaggare-hedda";
pub const HANDLER2: &str = "handlaggare-hugo";
pub const RECEPTION: &str = "reception-rut";
pub const GRANSKARE: &str = "granskare-greta";
/// An extra account the admin operations act on.
pub const SPARE: &str = "extra-ebbe";

pub const INITIAL_PW: &str = "Första-Startord-ß5-tillfälligt";

/// The password each account ends up with after its first login.
pub fn password_of(user: &str) -> String {
    format!("Eget-Lösenord-{user}-Fjällräv-92")
}

/// The accounts the world creates besides the admin, with their roles.
pub const ACCOUNTS: [(&str, Role); 5] = [
    (HANDLER, Role::Handlaggare),
    (HANDLER2, Role::Handlaggare),
    (RECEPTION, Role::Reception),
    (GRANSKARE, Role::Granskare),
    (SPARE, Role::Reception),
];

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

/// A vault directory with every account active (first login done) and no session open.
pub struct World {
    /// Kept for its `Drop`: the directory is removed with the world.
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub device: Arc<DeviceSecrets>,
    pub vault: Vault,
    /// The recovery code shown at creation.
    pub recovery: String,
}

impl World {
    pub fn new() -> World {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("vault");
        let device = Arc::new(DeviceSecrets::mock());
        let created = Vault::create(
            &dir,
            ADMIN,
            &secret(&password_of(ADMIN)),
            Arc::clone(&device),
            KdfParams::MINIMUM,
        )
        .expect("create vault");
        let world = World {
            tmp,
            dir,
            device,
            recovery: created.recovery_code.display().to_string(),
            vault: created.vault,
        };
        {
            let mut admin = world.login(ADMIN);
            for (name, role) in ACCOUNTS {
                admin
                    .add_user(name, role, &secret(INITIAL_PW))
                    .unwrap_or_else(|e| panic!("add {name}: {} ({e})", e.code()));
            }
            admin.lock().expect("lock");
        }
        let mut fingerprints = Vec::new();
        for (name, role) in ACCOUNTS {
            match world.vault.login(name, &secret(INITIAL_PW)) {
                Ok(Login::MustChangePassword(first)) => {
                    let s = first
                        .choose_password(&secret(&password_of(name)))
                        .unwrap_or_else(|e| panic!("{name}: choose password: {} ({e})", e.code()));
                    if !role.needs_keys().is_empty() {
                        fingerprints.push((name, s.my_fingerprint()));
                    }
                    s.lock().expect("lock");
                }
                Ok(Login::Ready(_)) => panic!("{name}: no first-login step"),
                Err(e) => panic!("{name}: first login: {} ({e})", e.code()),
            }
        }
        // The recovery code grants data access, as the data controller would for a new vault.
        let mut recovery = world.recovery_session();
        for (name, fp) in fingerprints {
            recovery
                .grant_access(name, &fp)
                .unwrap_or_else(|e| panic!("grant {name}: {} ({e})", e.code()));
        }
        recovery.lock().expect("lock");
        world
    }

    /// A session of the recovery code.
    pub fn recovery_session(&self) -> Session {
        let code = skyddsvalv::crypto::RecoveryCode::parse(&self.recovery).expect("code");
        self.vault
            .recovery_session(&code)
            .unwrap_or_else(|e| panic!("recovery session: {} ({e})", e.code()))
    }

    /// Logs in with the account's own password and expects a ready session.
    pub fn login(&self, user: &str) -> Session {
        self.login_with(user, &password_of(user))
    }

    pub fn login_with(&self, user: &str, password: &str) -> Session {
        match self.vault.login(user, &secret(password)) {
            Ok(Login::Ready(s)) => s,
            Ok(Login::MustChangePassword(_)) => panic!("{user}: still on an initial password"),
            Err(e) => panic!("{user}: login refused: {} ({e})", e.code()),
        }
    }

    /// A copy of this vault in a new directory, on a workstation of its own: a new keyring holding
    /// the same device secret (so the same passwords open it) and nothing else — no reviewer's pinned
    /// head carries over. No session may be open while copying.
    pub fn copy(&self) -> World {
        let device = Arc::new(DeviceSecrets::mock());
        if let Some(secret) = self.device.get(self.vault.vault_id()).expect("keyring") {
            device
                .import_for_tests(self.vault.vault_id(), &secret)
                .expect("import device secret");
        }
        self.copy_with(device)
    }

    /// A copy on the same workstation: the same keyring, pins included.
    pub fn copy_same_keyring(&self) -> World {
        self.copy_with(Arc::clone(&self.device))
    }

    fn copy_with(&self, device: Arc<DeviceSecrets>) -> World {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("vault");
        copy_dir(&self.dir, &dir);
        let vault = Vault::open(&dir, Arc::clone(&device)).expect("open the copy");
        World {
            tmp,
            dir,
            device,
            recovery: self.recovery.clone(),
            vault,
        }
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        if entry.file_type().expect("file type").is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy file");
        }
    }
}

/// A valid personnummer built from its parts (the check digit is computed).
pub fn pnr(year: i32, month: u8, day: u8, serial: u16) -> String {
    Personnummer::from_parts(year, month, day, serial, Kind::Personnummer)
        .expect("valid parts")
        .canonical()
}

/// A valid samordningsnummer (day + 60) built from its parts.
pub fn samordningsnummer(year: i32, month: u8, day: u8, serial: u16) -> String {
    Personnummer::from_parts(year, month, day, serial, Kind::Samordningsnummer)
        .expect("valid parts")
        .canonical()
}

/// A plain synthetic person (no canaries): name and identity number from the generator.
pub fn synthetic_record(seed: u64, index: u64) -> PersonRecord {
    let p = synthetic_identity(seed, index);
    PersonRecord {
        name: format!("{} {}", p.given_name, p.family_name),
        identity_number: Some(p.identity_number.canonical()),
        protection: Protection {
            kind: Some(ProtectionKind::SkyddadFolkbokforing),
            ..Default::default()
        },
        legal_basis: Some(LegalBasis::PublicTask),
        ..Default::default()
    }
}

/// Canary values for one person. `tag` (a short ASCII word, no digits) keeps persons apart.
#[derive(Clone)]
pub struct Canaries {
    pub given: String,
    pub family: String,
    /// Canonical 12 digits.
    pub identity: String,
    pub address: String,
    pub postcode: String,
    pub municipality: String,
    pub phone: String,
    pub email: String,
    pub contact_name: String,
    pub contact_relation: String,
    pub contact_phone: String,
    pub health: String,
    pub interventions: String,
    pub notes: String,
    pub protection_note: String,
}

impl Canaries {
    /// `n` (0..=99) picks the digits; `tag` the words. Birth year 1985, so the masked form is
    /// `1985****-****` and nothing after the year may ever show.
    pub fn new(tag: &str, n: u16) -> Canaries {
        assert!(n < 100);
        Canaries {
            given: format!("Kanarieåsa{tag}"),
            family: format!("Fjällkanarie{tag}"),
            identity: pnr(1985, 7, 9, 700 + n),
            address: format!("Kanarie-Adress-Ö1 {tag}vägen"),
            // With a space: five bare digits could turn up by chance in the hex of a log hash.
            postcode: format!("971 {n:02}"),
            municipality: format!("Kanariekommun{tag}"),
            phone: format!("070-913 57 {n:02}"),
            email: format!("kanarie.{tag}@exempel-hemlig.se"),
            contact_name: format!("Kontakt-Kanarie-Ä2 {tag}"),
            contact_relation: format!("Kanarierelation{tag}"),
            contact_phone: format!("08-555 321 {n:02}"),
            health: format!("Kanarie-Hälsa-Diagnos {tag}"),
            interventions: format!("Kanarie-Insats-Stöd {tag}"),
            notes: format!("Kanarie-Anteckning-Samtal {tag}"),
            protection_note: format!("Kanarie-Skyddsnotering {tag}"),
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.given, self.family)
    }

    pub fn record(&self) -> PersonRecord {
        PersonRecord {
            name: self.full_name(),
            identity_number: Some(self.identity.clone()),
            address: Some(self.address.clone()),
            postcode: Some(self.postcode.clone()),
            municipality: Some(self.municipality.clone()),
            phone: Some(self.phone.clone()),
            email: Some(self.email.clone()),
            contacts: vec![Contact {
                name: self.contact_name.clone(),
                relation: Some(self.contact_relation.clone()),
                phone: Some(self.contact_phone.clone()),
            }],
            health: Some(self.health.clone()),
            interventions: Some(self.interventions.clone()),
            notes: Some(self.notes.clone()),
            protection: Protection {
                kind: Some(ProtectionKind::SkyddadFolkbokforing),
                since: Some("2024-03-01".into()),
                review_on: Some("2027-03-01".into()),
                note: Some(self.protection_note.clone()),
            },
            legal_basis: Some(LegalBasis::PublicTask),
            purpose: Some("Stöd enligt socialtjänstlagen".into()),
            retain_until: Some("2031-12-31".into()),
            restricted: false,
            retention: Default::default(),
        }
    }

    /// Strings that must never appear outside a reveal of their own field. Digit canaries come in
    /// every spelling a leak could take (with and without separators).
    pub fn needles(&self) -> Vec<String> {
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let id = &self.identity;
        vec![
            self.given.clone(),
            self.family.clone(),
            id.clone(),
            id[2..].to_string(),
            format!("{}-{}", &id[..8], &id[8..]),
            format!("{}-{}", &id[2..8], &id[8..]),
            // Everything after the birth year: month, day, serial and check digit.
            id[4..].to_string(),
            self.address.clone(),
            self.postcode.clone(),
            self.municipality.clone(),
            self.phone.clone(),
            digits(&self.phone),
            self.email.clone(),
            self.contact_name.clone(),
            self.contact_relation.clone(),
            self.contact_phone.clone(),
            digits(&self.contact_phone),
            self.health.clone(),
            self.interventions.clone(),
            self.notes.clone(),
            self.protection_note.clone(),
        ]
    }

    /// The words of the canaries as a search index would fold them: lower case, diacritics removed.
    pub fn folded_needles(&self) -> Vec<String> {
        self.needles()
            .iter()
            .flat_map(|n| n.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .filter(|w| w.chars().count() >= 8)
            .map(|w| fold(&w))
            .collect()
    }
}

/// Lower case without Swedish diacritics (what FTS5's `remove_diacritics` keeps).
pub fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            'ü' => 'u',
            other => other,
        })
        .collect()
}

/// Which needles occur in `haystack` (case-insensitive).
pub fn leaks<'a>(haystack: &str, needles: &'a [String]) -> Vec<&'a str> {
    let hay = haystack.to_lowercase();
    needles
        .iter()
        .filter(|n| hay.contains(&n.to_lowercase()))
        .map(String::as_str)
        .collect()
}

/// The access log as the raw key holder reads it.
pub mod raw {
    use rusqlite::{params, Connection, OptionalExtension};

    /// One log row, every column.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Row {
        pub seq: i64,
        pub at: String,
        pub actor: String,
        pub role: String,
        pub action: String,
        pub person_ref: Option<String>,
        pub fields: String,
        pub purpose: Option<String>,
        pub term_hash: Option<String>,
        pub outcome: String,
        pub flagged: bool,
        pub prev_hash: Vec<u8>,
        pub hash: Vec<u8>,
        pub detail: Option<String>,
    }

    const COLUMNS: &str = "seq, at, actor, role, action, person_ref, fields, purpose, term_hash, \
                           outcome, flagged, prev_hash, hash, detail";

    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        Ok(Row {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            role: r.get(3)?,
            action: r.get(4)?,
            person_ref: r.get(5)?,
            fields: r.get(6)?,
            purpose: r.get(7)?,
            term_hash: r.get(8)?,
            outcome: r.get(9)?,
            flagged: r.get(10)?,
            prev_hash: r.get(11)?,
            hash: r.get(12)?,
            detail: r.get(13)?,
        })
    }

    pub fn head_seq(conn: &Connection) -> i64 {
        conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| {
            r.get(0)
        })
        .expect("head")
    }

    pub fn count(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .expect("count")
    }

    pub fn rows_after(conn: &Connection, seq: i64) -> Vec<Row> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM audit_log WHERE seq > ?1 ORDER BY seq"
            ))
            .expect("prepare");
        let rows = stmt
            .query_map([seq], from_row)
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows");
        rows
    }

    pub fn row(conn: &Connection, seq: i64) -> Option<Row> {
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM audit_log WHERE seq = ?1"),
            [seq],
            from_row,
        )
        .optional()
        .expect("row")
    }

    pub fn all(conn: &Connection) -> Vec<Row> {
        rows_after(conn, 0)
    }

    /// Writes a row exactly as given (the triggers must be gone if the seq is taken).
    pub fn insert(conn: &Connection, r: &Row) {
        conn.execute(
            &format!(
                "INSERT INTO audit_log ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
                 ?10, ?11, ?12, ?13, ?14)"
            ),
            params![
                r.seq,
                r.at,
                r.actor,
                r.role,
                r.action,
                r.person_ref,
                r.fields,
                r.purpose,
                r.term_hash,
                r.outcome,
                r.flagged,
                r.prev_hash,
                r.hash,
                r.detail
            ],
        )
        .expect("insert row");
    }

    /// What an attacker with the database key does first: the append-only triggers of the log and
    /// of the checkpoints go.
    pub fn drop_append_only_triggers(conn: &Connection) {
        conn.execute_batch(
            "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; \
             DROP TRIGGER IF EXISTS checkpoints_no_update; DROP TRIGGER IF EXISTS checkpoints_no_delete;",
        )
        .expect("drop triggers");
    }

    /// The hash a row would need to be a well-formed link (what an attacker with the key computes).
    pub fn recomputed_hash(r: &Row) -> Vec<u8> {
        let e = skyddsvalv::audit::EntryRef {
            seq: r.seq as u64,
            at: &r.at,
            actor: &r.actor,
            role: &r.role,
            action: &r.action,
            person_ref: r.person_ref.as_deref(),
            fields: &r.fields,
            purpose: r.purpose.as_deref(),
            term_hash: r.term_hash.as_deref(),
            detail: r.detail.as_deref(),
            outcome: &r.outcome,
            flagged: r.flagged,
            prev_hash: &r.prev_hash,
            hash: &r.hash,
        };
        e.expected_hash().to_vec()
    }

    pub fn checkpoint_seqs(conn: &Connection) -> Vec<i64> {
        let mut stmt = conn
            .prepare("SELECT seq FROM checkpoints ORDER BY id")
            .expect("prepare");
        let seqs = stmt
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<Vec<i64>>>()
            .expect("seqs");
        seqs
    }

    pub fn persons(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
            .expect("count persons")
    }

    pub fn emergency_grants(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM emergency_access", [], |r| r.get(0))
            .expect("count grants")
    }

    pub fn exec(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> usize {
        conn.execute(sql, args)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub fn hash_at(conn: &Connection, seq: i64) -> Vec<u8> {
        conn.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .expect("hash")
    }

    pub fn set_seq(conn: &Connection, from: i64, to: i64) {
        exec(
            conn,
            "UPDATE audit_log SET seq = ?2 WHERE seq = ?1",
            params![from, to],
        );
    }
}

/// Writes a log row straight into the table behind the app's back, linked to nothing (as an attacker
/// with the database key could), and returns its sequence number.
pub fn append_unlinked_row(s: &mut Session) -> u64 {
    let conn = s.raw_connection_for_tests();
    let head: i64 = conn
        .query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, role, action, fields, outcome, flagged, \
         prev_hash, hash) VALUES (?1, '2026-01-01T00:00:00.000Z', 'x', 'handlaggare', \
         'person_viewed', '', 'allowed', 0, zeroblob(32), zeroblob(32))",
        [head + 1],
    )
    .unwrap();
    head as u64 + 1
}

/// The text of a PDF, as `pdftotext` (poppler-utils) extracts it.
pub fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test-deps");
    assert!(
        out.status.success(),
        "pdftotext could not read {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
