//! Case notes as an append-only journal, through the public API: dated entries signed by their author,
//! corrected by new entries that name the old one, sealed with the record (the database holds no note
//! text), kept through edits and key rotations, and added only by someone who may edit the person.
//! Needs the `test-support` feature (raw reads of the database).

mod common;

use common::attacker::all_cells;
use common::scan::contains;
use common::{raw, Canaries, World, HANDLER, HANDLER2};
use skyddsvalv::records::PersonPatch;
use skyddsvalv::storage::GrantKind;
use skyddsvalv::ErrorCode;

const FIRST: &str = "Kanarie-samtal: personen vill byta skola";
const SECOND: &str = "Kanarie-uppföljning: möte bokat\nmed skolan";
const FIX: &str = "Rättelse: personen vill byta förskola, inte skola";

#[test]
fn notes_are_appended_signed_corrected_and_sealed() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let r = h
        .create_person(Canaries::new("kappa", 70).record())
        .unwrap();
    assert_eq!(h.add_note(&r, FIRST, None).unwrap(), 1);
    assert_eq!(h.add_note(&r, SECOND, None).unwrap(), 2);
    assert_eq!(h.add_note(&r, FIX, Some(1)).unwrap(), 3);
    let rows = raw::rows_after(h.raw_connection_for_tests(), 0);
    let added: Vec<_> = rows.iter().filter(|e| e.action == "note_added").collect();
    assert_eq!(added.len(), 3);
    assert_eq!(added[2].detail.as_deref(), Some("entry 3 corrects entry 1"));
    assert!(added
        .iter()
        .all(|e| e.person_ref.as_deref() == Some(r.as_str())));
    let log_text = format!("{rows:?}");
    assert!(!log_text.contains("Kanarie-samtal") && !log_text.contains("förskola"));

    // Kept through an edit of another field and a rotation of the records key.
    h.edit_person(
        &r,
        PersonPatch {
            phone: Some("070-111 22 33".into()),
            ..Default::default()
        },
    )
    .unwrap();
    h.rotate_key(GrantKind::Records, &mut |_| {}).unwrap();
    let j = h.read_journal(&r, "handlaggning").unwrap();
    let texts: Vec<&str> = j.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, vec![FIRST, SECOND, FIX]);
    assert!(j
        .entries
        .iter()
        .all(|e| e.author == HANDLER && e.at.len() >= 20));
    assert_eq!(j.entries[2].corrects, Some(1));
    let e = raw::rows_after(h.raw_connection_for_tests(), 0)
        .pop()
        .unwrap();
    assert!(e.action == "field_revealed" && e.fields == "notes");

    // Sealed: no cell of the database holds a note's text.
    let cells = all_cells(h.raw_connection_for_tests());
    for t in ["Kanarie-samtal", "Kanarie-uppföljning", "förskola"] {
        assert!(!contains(&cells, t.as_bytes()), "the database shows {t}");
    }
    h.lock().unwrap();
}

#[test]
fn only_someone_who_may_edit_adds_a_note_and_bad_notes_are_refused() {
    let world = World::new();
    let mut h2 = world.login(HANDLER2);
    let theirs = h2
        .create_person(Canaries::new("lambda", 71).record())
        .unwrap();
    h2.lock().unwrap();
    let mut h = world.login(HANDLER);
    let mine = h.create_person(Canaries::new("my", 72).record()).unwrap();

    assert_eq!(
        h.add_note(&theirs, FIRST, None).unwrap_err().code(),
        ErrorCode::Denied
    );
    h.emergency_access(&theirs, "Akut: personen ringer och behöver hjälp nu")
        .unwrap();
    assert_eq!(
        h.add_note(&theirs, FIRST, None).unwrap_err().code(),
        ErrorCode::Denied,
        "read-only emergency access"
    );
    h.emergency_access_to_edit(&theirs, "Akut: anteckna samtalet med personen nu")
        .unwrap();
    h.add_note(&theirs, FIRST, None).unwrap();
    let e = raw::rows_after(h.raw_connection_for_tests(), 0)
        .pop()
        .unwrap();
    assert!(
        e.action == "note_added" && e.flagged,
        "flagged under emergency access"
    );

    for bad in ["   ", "Text med \u{1b}[31m färg", "\u{202e}omvänd"] {
        let err = h.add_note(&mine, bad, None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad:?}");
    }
    let long = "å".repeat(skyddsvalv::limits::MAX_NOTE + 1);
    assert_eq!(
        h.add_note(&mine, &long, None).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        h.add_note(&mine, FIX, Some(9)).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert!(h
        .read_journal(&mine, "handlaggning")
        .unwrap()
        .entries
        .is_empty());
    h.lock().unwrap();
}
