//! Atomicity: the work of an operation and its log entry are one transaction. A log write made to
//! fail (a trigger injected through the raw connection) must make the operation fail and leave
//! everything as it was. Needs the `test-support` feature.

mod common;

use common::{
    raw, secret, synthetic_record, Canaries, World, ADMIN, HANDLER, HANDLER2, INITIAL_PW,
};
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::{ErrorCode, Role, Session};

const INJECT: &str = "CREATE TRIGGER inject BEFORE INSERT ON audit_log \
                      BEGIN SELECT RAISE(ABORT, 'injected'); END;";
const REMOVE: &str = "DROP TRIGGER inject;";

fn inject(s: &mut Session) {
    s.raw_connection_for_tests().execute_batch(INJECT).unwrap();
}

fn remove(s: &mut Session) {
    s.raw_connection_for_tests().execute_batch(REMOVE).unwrap();
}

fn failed_with_storage<T>(what: &str, r: skyddsvalv::Result<T>) {
    match r {
        Ok(_) => panic!("{what} succeeded although its log entry could not be written"),
        Err(e) => assert_eq!(e.code(), ErrorCode::Storage, "{what}: {e}"),
    }
}

#[test]
fn a_failed_log_write_leaves_the_person_unchanged() {
    let world = World::new();
    let c = Canaries::new("delta", 4);
    let mut h = world.login(HANDLER);
    let person = h.create_person(c.record()).unwrap();
    let mut h2 = world.login(HANDLER2);
    let before_log = raw::count(h.raw_connection_for_tests());

    inject(&mut h);
    failed_with_storage(
        "edit",
        h.edit_person(
            &person,
            PersonPatch {
                address: Some("Ny Gata 1".into()),
                name: Some("Annat Namn".into()),
                ..Default::default()
            },
        ),
    );
    // A refused operation cannot be logged either, so it fails as well (not silently "denied").
    failed_with_storage("refused show", h2.show_person(&person));
    remove(&mut h);

    assert_eq!(raw::count(h.raw_connection_for_tests()), before_log);
    let address = h
        .reveal_field(&person, Field::Address, "handlaggning")
        .unwrap();
    assert_eq!(address.value, c.address);
    let name = h
        .reveal_field(&person, Field::Name, "handlaggning")
        .unwrap();
    assert_eq!(name.value, c.full_name());
    // The search index was not changed either.
    assert!(h.find_persons("Annat").unwrap().hits.is_empty());
    assert_eq!(h.find_persons(&c.given).unwrap().hits.len(), 1);
}

#[test]
fn a_failed_log_write_adds_no_person() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let record = synthetic_record(11, 1);
    let id = record.identity_number.clone().unwrap();
    let persons = raw::persons(h.raw_connection_for_tests());

    inject(&mut h);
    failed_with_storage("create", h.create_person(record.clone()));
    remove(&mut h);

    assert_eq!(raw::persons(h.raw_connection_for_tests()), persons);
    assert!(h.find_persons(&id).unwrap().hits.is_empty());
    // No index token or register row of the refused person stayed behind.
    let conn = h.raw_connection_for_tests();
    let indexed: i64 = conn
        .query_row(
            "SELECT count(DISTINCT person_id) FROM name_tokens",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, persons);
    let register: i64 = conn
        .query_row("SELECT count(*) FROM lookup_register", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        register,
        2 * persons,
        "two lookup rows per person with a number"
    );
    // The same person can still be created: nothing half-made stands in the way.
    h.create_person(record).unwrap();
}

#[test]
fn a_failed_log_write_grants_no_emergency_access() {
    let world = World::new();
    let mut h2 = world.login(HANDLER2);
    let theirs = h2.create_person(synthetic_record(12, 1)).unwrap();
    let mut h = world.login(HANDLER);

    inject(&mut h);
    failed_with_storage(
        "emergency access",
        h.emergency_access(
            &theirs,
            "Akut läge: personen har ringt och behöver hjälp nu",
        ),
    );
    remove(&mut h);

    assert_eq!(raw::emergency_grants(h.raw_connection_for_tests()), 0);
    let e = h.show_person(&theirs).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Denied);
}

#[test]
fn a_failed_log_write_changes_no_assignment() {
    let world = World::new();
    let mut h2 = world.login(HANDLER2);
    let theirs = h2.create_person(synthetic_record(13, 1)).unwrap();
    let mut admin = world.login(ADMIN);

    inject(&mut admin);
    failed_with_storage("assign", admin.assign(&theirs, HANDLER, true));
    remove(&mut admin);

    let mut h = world.login(HANDLER);
    assert_eq!(
        h.show_person(&theirs).unwrap_err().code(),
        ErrorCode::Denied
    );
}

/// Account changes also write a file beside the database (the keyslot file). A failed log write must
/// not leave that behind either: the name stays free.
#[test]
fn a_failed_log_write_adds_no_account() {
    let world = World::new();
    let mut admin = world.login(ADMIN);

    inject(&mut admin);
    failed_with_storage(
        "add user",
        admin.add_user("ny-handlaggare", Role::Handlaggare, &secret(INITIAL_PW)),
    );
    remove(&mut admin);
    admin
        .add_user("ny-handlaggare", Role::Handlaggare, &secret(INITIAL_PW))
        .expect("add the user again after the failed attempt");
}

/// A password change whose log entry fails must leave the old password working.
#[test]
fn a_failed_log_write_keeps_the_old_password() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    inject(&mut h);
    let old = common::password_of(HANDLER);
    failed_with_storage(
        "change password",
        h.change_password(&secret(&old), &secret("Helt-Nytt-Lösenord-Örn-77")),
    );
    remove(&mut h);
    drop(h);
    match world.vault.login(HANDLER, &secret(&old)) {
        Ok(skyddsvalv::Login::Ready(s)) => s.lock().unwrap(),
        Ok(_) => panic!("the account fell back to its initial password"),
        Err(e) => panic!("the old password no longer works: {} ({e})", e.code()),
    }
}
