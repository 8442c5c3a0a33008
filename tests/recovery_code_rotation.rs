//! Replacing the recovery code, attacked as someone who kept the old code and an old copy of the
//! keyslot file would, and as an administrator or a case handler who tries it alone. Needs the
//! `test-support` feature (the attacker's raw database reads).

mod common;

use common::attacker::{self, open_db, steal, steal_recovery};
use common::scan::{needles_of, scan_bytes};
use common::{password_of, raw, secret, Canaries, World, ADMIN, GRANSKARE, HANDLER, RECEPTION};
use skyddsvalv::crypto::RecoveryCode;
use skyddsvalv::storage::GrantKind;
use skyddsvalv::ErrorCode;

fn db(world: &World) -> std::path::PathBuf {
    world.dir.join("vault.db")
}

fn keyslots(world: &World) -> std::path::PathBuf {
    world.dir.join("keyslots.json")
}

/// A world with two canary persons, and the recovery code replaced by the admin with `HANDLER`; the
/// handler's session then runs the rotations that are due, as the CLI does. Returns the new code and
/// a copy of the keyslot file from before, and what the old code opened before (its data keys).
fn rotated_world() -> (
    World,
    Vec<Canaries>,
    String,
    std::path::PathBuf,
    Vec<skyddsvalv::keys::DomainKey>,
) {
    let world = World::new();
    let people = vec![Canaries::new("gamma", 41), Canaries::new("delta", 42)];
    let mut h = world.login(HANDLER);
    for c in &people {
        h.create_person(c.record()).unwrap();
    }
    h.lock().unwrap();
    let old_slots = world.tmp.path().join("keyslots-before.json");
    std::fs::copy(keyslots(&world), &old_slots).unwrap();
    let before = steal_recovery(&old_slots, &db(&world), &world.recovery).expect("old code opens");
    assert!(
        before.domain.iter().any(|d| d.kind == GrantKind::Records),
        "positive control: the old code opened the records key"
    );

    let mut admin = world.login(ADMIN);
    let mut handler = world.login(HANDLER);
    let handover = handler.hand_over_keys().unwrap();
    let code = admin.rotate_recovery_code(handover).unwrap();
    admin.lock().unwrap();
    let rotated = handler.rotate_due(&mut |_| {}).unwrap();
    assert_eq!(
        rotated.len(),
        2,
        "the records and reception keys are retired"
    );
    handler.lock().unwrap();
    (
        world,
        people,
        code.display().to_string(),
        old_slots,
        before.domain,
    )
}

#[test]
fn the_old_code_and_an_old_slot_copy_open_nothing_after_the_code_is_replaced() {
    let (world, people, _new, old_slots, old_domain) = rotated_world();
    let needles = needles_of(&people.iter().collect::<Vec<_>>(), &[]);

    // Through the vault: the old code is refused.
    let old = RecoveryCode::parse(&world.recovery).unwrap();
    let e = world.vault.recovery_session(&old).err().expect("refused");
    assert_eq!(e.code(), ErrorCode::WrongRecoveryCode);

    // Positive control: the old code still opens the old slot copy, with the keys it held then.
    let stolen = steal_recovery(&old_slots, &db(&world), &world.recovery).expect("old slot opens");
    assert!(!stolen.db_keys.is_empty());
    // Those keys open neither the database as it is now, nor (with a colleague's current database
    // key) any record.
    assert!(stolen
        .db_keys
        .iter()
        .all(|(_, k)| open_db(&db(&world), k).is_none()));
    let reception = steal(
        &keyslots(&world),
        &db(&world),
        RECEPTION,
        &password_of(RECEPTION),
        &world.device,
    )
    .unwrap();
    let conn = open_db(&db(&world), &reception.db_keys[0].1).unwrap();
    // The old recovery key pair opens no grant in the database now.
    let grants_opened = attacker::grant_rows(&conn)
        .iter()
        .filter(|g| skyddsvalv::keys::grants::open(&stolen.vault_id, g, &stolen.keys).is_ok())
        .count();
    assert_eq!(
        grants_opened, 0,
        "a grant still opens with the old recovery key"
    );
    // The data keys the old code opened before the rotation open no record now; the handler's
    // current keys do (positive control).
    let with_old = attacker::unsealed_records(&conn, &stolen.vault_id, &old_domain);
    assert!(scan_bytes("old recovery", &with_old, &needles).is_empty());
    assert!(with_old.is_empty(), "an old data key still opens a record");
    let handler_now = steal(
        &keyslots(&world),
        &db(&world),
        HANDLER,
        &password_of(HANDLER),
        &world.device,
    )
    .expect("the handler's slot opens");
    let records_now = attacker::unsealed_records(&conn, &stolen.vault_id, &handler_now.domain);
    assert!(!scan_bytes("handler", &records_now, &needles).is_empty());
}

#[test]
fn the_new_code_opens_the_current_keys_and_the_log_holds() {
    let (world, people, new, _, _) = rotated_world();
    let needles = needles_of(&people.iter().collect::<Vec<_>>(), &[]);
    let stolen = steal_recovery(&keyslots(&world), &db(&world), &new).expect("new slot opens");
    let kinds: Vec<GrantKind> = stolen.domain.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&GrantKind::Records) && kinds.contains(&GrantKind::Reception));
    assert!(stolen.domain.iter().all(|d| d.epoch == 2), "{kinds:?}");
    let conn = open_db(&db(&world), &stolen.db_keys[0].1).expect("current database key");
    let opened = attacker::unsealed_records(&conn, &stolen.vault_id, &stolen.domain);
    assert!(!scan_bytes("new recovery", &opened, &needles).is_empty());

    // Through the vault: a recovery session with the new code, and the admin's recovery with it.
    let code = RecoveryCode::parse(&new).unwrap();
    let mut recovery = world.vault.recovery_session(&code).unwrap();
    recovery.pending_access().unwrap();
    recovery.lock().unwrap();
    let recovered = world
        .vault
        .recover(
            &code,
            ADMIN,
            &secret("Nytt-Lösenord-efter-återställning-77"),
        )
        .unwrap();
    recovered.lock().unwrap();

    let mut g = world.login(GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(v.holds(), "{v:?}");
    g.lock().unwrap();
    let mut h = world.login(HANDLER);
    let rows = raw::rows_after(h.raw_connection_for_tests(), 0);
    let rotated: Vec<_> = rows
        .iter()
        .filter(|r| r.action == "recovery_code_rotated")
        .collect();
    assert_eq!(rotated.len(), 1);
    assert!(rotated[0].flagged && rotated[0].actor == ADMIN);
    assert!(rows
        .iter()
        .any(|r| r.action == "keys_handed_over" && r.actor == HANDLER && r.flagged));
    h.lock().unwrap();
}

#[test]
fn neither_an_admin_nor_a_handler_alone_can_replace_the_code() {
    let world = World::new();
    let mut handler = world.login(HANDLER);
    let mut admin = world.login(ADMIN);
    let mut reception = world.login(RECEPTION);

    // A handler cannot do the admin's half with their own keys.
    let handover = handler.hand_over_keys().unwrap();
    let e = handler
        .rotate_recovery_code(handover)
        .err()
        .expect("refused");
    assert_eq!(e.code(), ErrorCode::Denied);
    // Nor can the other roles hand over keys (they hold none, and may not).
    assert_eq!(
        reception.hand_over_keys().unwrap_err().code(),
        ErrorCode::Denied
    );
    assert_eq!(
        admin.hand_over_keys().unwrap_err().code(),
        ErrorCode::Denied
    );
    // Keys handed over before a rotation are not the vault's current ones: refused, nothing changes.
    let stale = handler.hand_over_keys().unwrap();
    handler.rotate_key(GrantKind::Records, &mut |_| {}).unwrap();
    let e = admin.rotate_recovery_code(stale).err().expect("refused");
    assert_eq!(e.code(), ErrorCode::NoDataAccess);
    admin.lock().unwrap();
    handler.lock().unwrap();
    reception.lock().unwrap();
    let old = RecoveryCode::parse(&world.recovery).unwrap();
    world
        .vault
        .recovery_session(&old)
        .expect("the code still works after refused attempts")
        .lock()
        .unwrap();
}
