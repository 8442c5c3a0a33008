//! A vault written by an earlier release (schema version 2) opens in this one: the first login
//! upgrades the database in place, keeps every person and log entry, and the chain still verifies.
//! Needs the `test-support` feature (the raw connection turns the vault back into version 2).

mod common;

use common::{synthetic_record, World, GRANSKARE, HANDLER};

#[test]
fn a_version_2_vault_is_upgraded_at_the_next_login_and_loses_nothing() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let person = h.create_person(synthetic_record(0x5c4e, 1)).unwrap();
    // What version 2 looked like: none of version 3's columns nor version 4's log indexes.
    h.raw_connection_for_tests()
        .execute_batch(
            "ALTER TABLE users DROP COLUMN display_name;
             ALTER TABLE users DROP COLUMN unit;
             ALTER TABLE users DROP COLUMN phone;
             ALTER TABLE users DROP COLUMN last_login_at;
             ALTER TABLE emergency_access DROP COLUMN may_edit;
             DROP INDEX audit_log_action;
             DROP INDEX audit_log_at;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    drop(h);

    let mut h = world.login(HANDLER);
    let version: u32 = h
        .raw_connection_for_tests()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
    let indexes: u32 = h
        .raw_connection_for_tests()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' \
             AND name IN ('audit_log_action', 'audit_log_at')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2);
    assert_eq!(h.caseload().unwrap().persons[0].person_ref, person);
    h.lock().unwrap();
    let mut g = world.login(GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(v.holds(), "{v:?}");
    g.lock().unwrap();
}
