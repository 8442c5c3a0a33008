//! No plaintext: after a workload of adds, edits, searches, lookups and reveals with canary values, no
//! canary — in UTF-8, UTF-16LE or UTF-16BE, as typed, lower-cased or folded the way the search index
//! folds it — is in any file of the vault directory (database, WAL, shared memory, keyslots, attempts,
//! checkpoint), neither while sessions are open nor after they are locked, nor in any diagnostic
//! (`tracing`) output at TRACE level. Positive controls show the scanner finds a planted canary in a
//! file, in a plain SQLite database and in the captured diagnostics.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::scan::{contains, encodings, needles_of, scan_bytes, scan_dir};
use common::{secret, Canaries, World, ADMIN, GRANSKARE, HANDLER, HANDLER2, INITIAL_PW, RECEPTION};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::Role;

/// Captures everything a `fmt` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }
}

const NEW_ADDRESS: &str = "Kanarie-Flyttad-Adress-Ö4 Lönngatan";
const NEW_PHONE: &str = "073-864 20 97";
const NEW_NOTES: &str = "Kanarie-Uppföljning-Samtal mellan oss";
const NEW_HEALTH: &str = "Kanarie-Ny-Hälsouppgift behandling";
const REJECTED: &str = "Kanarie-Avvisad-Postkod";
const PLANTED: &str = "Kanarie-Planterad-Kontroll-Ø0";

#[test]
fn no_canary_in_the_vault_files_or_the_diagnostics() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let world = World::new();
    let alfa = Canaries::new("alfa", 11);
    let beta = Canaries::new("beta", 12);
    let gamma = Canaries::new("gamma", 13);
    let needles = needles_of(
        &[&alfa, &beta, &gamma],
        &[
            NEW_ADDRESS,
            NEW_PHONE,
            "0738642097",
            NEW_NOTES,
            NEW_HEALTH,
            REJECTED,
        ],
    );

    let mut h = world.login(HANDLER);
    let mut h2 = world.login(HANDLER2);
    let mut reception = world.login(RECEPTION);
    let mut granskare = world.login(GRANSKARE);
    let mut admin = world.login(ADMIN);

    // Adds (one refused for a bad value, one a duplicate).
    let a = h.create_person(alfa.record()).unwrap();
    let g = h.create_person(gamma.record()).unwrap();
    let b = h2.create_person(beta.record()).unwrap();
    let mut bad = alfa.record();
    bad.identity_number = None;
    bad.postcode = Some(REJECTED.into());
    h.create_person(bad).unwrap_err();
    h.create_person(alfa.record()).unwrap_err();

    // Edits.
    h.edit_person(
        &a,
        PersonPatch {
            address: Some(NEW_ADDRESS.into()),
            phone: Some(NEW_PHONE.into()),
            notes: Some(NEW_NOTES.into()),
            health: Some(NEW_HEALTH.into()),
            ..Default::default()
        },
    )
    .unwrap();
    h.edit_person(
        &g,
        PersonPatch {
            address: Some(String::new()),
            ..Default::default()
        },
    )
    .unwrap();

    // Searches and lookups by name and by number, in several spellings.
    for c in [&alfa, &gamma, &beta] {
        let id = &c.identity;
        for q in [
            c.given.clone(),
            c.given[..4].to_string(),
            common::fold(&c.family),
            c.full_name(),
            id.clone(),
            format!("{}-{}", &id[2..8], &id[8..]),
        ] {
            h.find_persons(&q).unwrap();
        }
        reception.lookup(id).unwrap();
        reception
            .lookup(&format!("{}, 1985", c.full_name()))
            .unwrap();
    }

    // Reveals of every field, a copy, an emergency access and what it opens.
    for &field in Field::ALL {
        let purpose = if field.is_art9() {
            "akut_skydd"
        } else {
            "kontakt"
        };
        h.reveal_field(&a, field, purpose).unwrap();
    }
    h.copy_field(&a, Field::Phone).unwrap();
    h.emergency_access(&b, "Akut läge: personen har ringt och behöver hjälp nu")
        .unwrap();
    h.show_person(&b).unwrap();
    h.reveal_field(&b, Field::Address, "akut_skydd").unwrap();

    // Review and administration.
    granskare
        .view_log(&LogFilter {
            term_hash: h.term_hash(&alfa.identity),
            ..Default::default()
        })
        .unwrap();
    assert!(granskare.verify_log().unwrap().holds());
    admin.list_users().unwrap();
    admin.assign(&g, HANDLER2, true).unwrap();
    admin
        .add_user("ny-reception", Role::Reception, &secret(INITIAL_PW))
        .unwrap();

    // While the sessions are open (WAL and shared memory present).
    let (files_open, hits_open) = scan_dir(&world.dir, &needles);

    for s in [h, h2, reception, granskare, admin] {
        s.lock().unwrap();
    }
    let (files_locked, hits_locked) = scan_dir(&world.dir, &needles);

    // Positive control for the diagnostics: a planted canary at TRACE level is captured.
    tracing::trace!(planted = PLANTED, "positive control");
    let diagnostics = captured.bytes();
    assert!(
        contains(&diagnostics, PLANTED.as_bytes()),
        "the capture does not see TRACE events"
    );
    assert!(
        contains(&diagnostics, b"access log entry written"),
        "the capture does not see the core's own events"
    );
    let hits_diag = scan_bytes("diagnostics", &diagnostics, &needles);

    // Open: database, WAL, shared memory, keyslots, checkpoint; locked: the WAL is folded back.
    assert!(
        files_open >= 5 && files_locked >= 3,
        "{files_open} {files_locked}"
    );
    let all: Vec<String> = hits_open
        .into_iter()
        .chain(hits_locked)
        .chain(hits_diag)
        .collect();
    assert!(all.is_empty(), "plaintext found:\n{}", all.join("\n"));
}

/// The scanner finds a canary planted in a file in each encoding, and in an unencrypted SQLite
/// database holding a record — so a clean scan of the vault means something.
#[test]
fn the_scanner_finds_planted_canaries() {
    let tmp = tempfile::tempdir().unwrap();
    let c = Canaries::new("kontroll", 21);
    let needles = needles_of(&[&c], &[PLANTED]);
    for (i, (how, bytes)) in encodings(PLANTED).into_iter().enumerate().take(3) {
        let d = tmp.path().join(format!("plant{i}"));
        std::fs::create_dir_all(&d).unwrap();
        let mut content = vec![0u8; 4096];
        content.extend_from_slice(&bytes);
        content.extend_from_slice(&[0xff; 100]);
        std::fs::write(d.join("file.bin"), content).unwrap();
        let (_, hits) = scan_dir(&d, &needles);
        assert!(!hits.is_empty(), "missed the planted {how}");
    }
    // A plain database with the record and its name in an FTS index, as the vault would hold them.
    let d = tmp.path().join("plain");
    std::fs::create_dir_all(&d).unwrap();
    let conn = rusqlite::Connection::open(d.join("plain.db")).unwrap();
    conn.execute_batch(
        "CREATE TABLE persons (record TEXT); \
         CREATE VIRTUAL TABLE names USING fts5 (name, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO persons VALUES (?1)",
        [serde_json::to_string(&c.record()).unwrap()],
    )
    .unwrap();
    conn.execute("INSERT INTO names VALUES (?1)", [c.full_name()])
        .unwrap();
    drop(conn);
    let (_, hits) = scan_dir(&d, &needles);
    for want in [&c.address, &c.phone, &c.health, &c.identity] {
        assert!(
            hits.iter().any(|h| h.contains(&format!("{want:?}"))),
            "missed {want:?} in a plain database: {hits:?}"
        );
    }
    // The folded form the index stores.
    assert!(
        hits.iter()
            .any(|h| h.contains(&format!("{:?}", common::fold(&c.family)))),
        "missed the folded name in the index: {hits:?}"
    );
}
