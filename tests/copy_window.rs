//! Copying is the core's decision, not the shell's: a copy hands over only a value this very session
//! revealed (with a purpose, logged) in the last `REVEAL_SECONDS`. Anything else is `NOT_REVEALED`,
//! and the attempt is logged — so a program calling the library cannot use copying to read a field.
//! A test binary of its own, because it moves the process's clock.

mod common;

use common::{raw, synthetic_record, World, HANDLER};
use skyddsvalv::limits::REVEAL_SECONDS;
use skyddsvalv::records::Field;
use skyddsvalv::ErrorCode;

fn last_entry(s: &mut skyddsvalv::Session) -> raw::Row {
    let conn = s.raw_connection_for_tests();
    raw::row(conn, raw::head_seq(conn)).unwrap()
}

#[test]
fn a_copy_takes_only_what_this_session_revealed_within_its_time() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let mut record = synthetic_record(11, 1);
    record.phone = Some("070-111 22 33".into());
    record.address = Some("Kopieringsvägen 4".into());
    let person = s.create_person(record).unwrap();

    // Never revealed: refused, and the attempt is in the log.
    let e = s.copy_field(&person, Field::Phone).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotRevealed);
    let entry = last_entry(&mut s);
    assert_eq!(
        (entry.action.as_str(), entry.outcome.as_str()),
        ("field_copied", "denied")
    );

    // Revealed: the copy is the value, logged as a copy of that field.
    s.reveal_field(&person, Field::Phone, "kontakt").unwrap();
    let copied = s.copy_field(&person, Field::Phone).unwrap();
    assert_eq!(copied.as_str(), "070-111 22 33");
    let entry = last_entry(&mut s);
    assert_eq!(
        (entry.action.as_str(), entry.outcome.as_str()),
        ("field_copied", "allowed")
    );

    // Revealing one field opens no other.
    let e = s.copy_field(&person, Field::Address).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotRevealed);

    // Another session of the same account has revealed nothing.
    let mut other = world.login(HANDLER);
    let e = other.copy_field(&person, Field::Phone).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotRevealed);
    other.lock().unwrap();

    // After the time the value is masked again, and can no longer be copied.
    skyddsvalv::time::advance_clock_for_tests(REVEAL_SECONDS as i64 + 1);
    let e = s.copy_field(&person, Field::Phone).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotRevealed);
    s.lock().unwrap();
}
