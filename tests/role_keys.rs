//! Roles hold outside the app. Every test here attacks as someone who has an account would: with their
//! own password, their own keyring, the vault files and the crate's public building blocks
//! (`common::attacker`), never through the app's own calls — and every test has a positive control
//! showing that the same attack, with keys that should work, does find what it looks for.
//! Needs the `test-support` feature (raw database access for the attacker's writes).

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::attacker::{self, open_db, readable, steal};
use common::scan::{contains, needles_of, scan_bytes};
use common::{
    password_of, raw, secret, Canaries, World, ADMIN, GRANSKARE, HANDLER, HANDLER2, INITIAL_PW,
    RECEPTION,
};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::crypto::UserKeys;
use skyddsvalv::identity::IdentityNumber;
use skyddsvalv::keys::{grants, DomainKey};
use skyddsvalv::records::register::{self, LookupHash};
use skyddsvalv::records::{index, Field, PersonPatch};
use skyddsvalv::storage::GrantKind;
use skyddsvalv::{DeviceSecrets, ErrorCode, Login, Role, Session};

const RENAMED: &str = "Kanarie-Omdöpt-Åkesson";

/// A vault with canary persons created, edited (renamed) and looked up.
fn world_with_canaries() -> (World, Vec<Canaries>, Vec<String>) {
    let world = World::new();
    let people = vec![Canaries::new("alfa", 31), Canaries::new("beta", 32)];
    let mut h = world.login(HANDLER);
    let refs: Vec<String> = people
        .iter()
        .map(|c| h.create_person(c.record()).unwrap())
        .collect();
    h.edit_person(
        &refs[1],
        PersonPatch {
            name: Some(format!("{RENAMED} {}", people[1].family)),
            ..Default::default()
        },
    )
    .unwrap();
    for c in &people {
        h.find_persons(&c.given).unwrap();
        h.find_persons(&c.identity).unwrap();
    }
    h.reveal_field(&refs[0], Field::Address, "kontakt").unwrap();
    h.lock().unwrap();
    let mut r = world.login(RECEPTION);
    r.lookup(&people[0].identity).unwrap();
    r.lock().unwrap();
    (world, people, refs)
}

fn needles(people: &[Canaries]) -> Vec<String> {
    let refs: Vec<&Canaries> = people.iter().collect();
    needles_of(&refs, &[RENAMED])
}

fn db(world: &World) -> std::path::PathBuf {
    world.dir.join("vault.db")
}

fn keyslots(world: &World) -> std::path::PathBuf {
    world.dir.join("keyslots.json")
}

fn code(e: skyddsvalv::Error) -> ErrorCode {
    e.code()
}

// ---------------------------------------------------------------------------------------------
// 1. Person data is sealed for handlers.

#[test]
fn no_role_but_a_case_handler_can_read_person_data_with_its_own_keys() {
    let (world, people, _) = world_with_canaries();
    let needles = needles(&people);

    // A handler who is disabled afterwards: the slot they had, kept by them as a copy.
    let old_slots = world.tmp.path().join("keyslots-before.json");
    std::fs::copy(keyslots(&world), &old_slots).unwrap();
    let mut admin = world.login(ADMIN);
    admin.disable_user(HANDLER2).unwrap();
    admin.lock().unwrap();
    // The next handler session rotates the keys the disabled one held.
    world.login(HANDLER).lock().unwrap();

    let attackers = [
        (RECEPTION, keyslots(&world)),
        (GRANSKARE, keyslots(&world)),
        (ADMIN, keyslots(&world)),
        (HANDLER2, old_slots.clone()),
    ];
    for (who, slots) in &attackers {
        let stolen = steal(slots, &db(&world), who, &password_of(who), &world.device)
            .unwrap_or_else(|| panic!("{who}'s own slot opens with their own password"));
        let (opened, bytes) = readable(&stolen, &db(&world));
        if *who != HANDLER2 {
            assert!(opened > 0, "{who}'s database key opens the database");
            assert!(bytes.len() > 100_000, "{who}: the scan read the pages");
        }
        let hits = scan_bytes(who, &bytes, &needles);
        assert!(
            hits.is_empty(),
            "{who} read person data:\n{}",
            hits.join("\n")
        );
        if *who == RECEPTION {
            assert!(
                stolen.domain.iter().all(|d| d.kind == GrantKind::Reception),
                "reception holds the reception key only"
            );
        }
    }

    // Positive control: the same attack with a case handler's own slot reads everything.
    let stolen = steal(
        &keyslots(&world),
        &db(&world),
        HANDLER,
        &password_of(HANDLER),
        &world.device,
    )
    .unwrap();
    let (_, bytes) = readable(&stolen, &db(&world));
    for c in &people[..1] {
        for n in [&c.address, &c.health, &c.contact_name, &c.identity] {
            assert!(
                contains(&bytes, n.as_bytes()),
                "the handler's keys open {n:?}"
            );
        }
    }
    // The old name after a rename is in no page the handler's keys decrypt either.
    let old_given = &people[1].given;
    let pages = attacker::decrypted_pages(&db(&world), &stolen.db_keys[0].1);
    assert!(!contains(&pages, old_given.as_bytes()));
}

/// The page decryptor sees what is there: a canary written by someone with the database key shows.
#[test]
fn the_page_scan_finds_a_planted_canary() {
    let world = World::new();
    let mut g = world.login(GRANSKARE);
    g.raw_connection_for_tests()
        .execute_batch(
            "CREATE TABLE planted (v TEXT); INSERT INTO planted VALUES ('Kanarie-Planterad-Ø9');",
        )
        .unwrap();
    let stolen = steal(
        &keyslots(&world),
        &db(&world),
        GRANSKARE,
        &password_of(GRANSKARE),
        &world.device,
    )
    .unwrap();
    let pages = attacker::decrypted_pages(&db(&world), &stolen.db_keys[0].1);
    assert!(
        contains(&pages, "Kanarie-Planterad-Ø9".as_bytes()),
        "found in the WAL or the file"
    );
    drop(g);
    let pages = attacker::decrypted_pages(&db(&world), &stolen.db_keys[0].1);
    assert!(
        contains(&pages, "Kanarie-Planterad-Ø9".as_bytes()),
        "found after the checkpoint"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Reception gets its own key and only its answer.

#[test]
fn the_reception_key_answers_one_slow_guess_at_a_time() {
    let (world, people, _) = world_with_canaries();
    let stolen = steal(
        &keyslots(&world),
        &db(&world),
        RECEPTION,
        &password_of(RECEPTION),
        &world.device,
    )
    .unwrap();
    let conn = open_db(&db(&world), &stolen.db_keys[0].1).unwrap();
    let reception = stolen
        .domain
        .iter()
        .find(|d| d.kind == GrantKind::Reception)
        .expect("reception holds the reception key");
    let params: LookupHash = serde_json::from_str(
        &conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'lookup_hash'",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap();
    assert!(
        params.params.memory_kib >= 16 * 1024,
        "memory-hard: {:?}",
        params.params
    );
    let hit = |canonical: &str| -> bool {
        let slow = params.identity(canonical).unwrap();
        let tag = register::tag(reception, &slow);
        let mut stmt = conn
            .prepare("SELECT nonce, sealed FROM lookup_register WHERE tag = ?1")
            .unwrap();
        let rows: Vec<(Vec<u8>, Vec<u8>)> = stmt
            .query_map([tag.to_vec()], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.iter()
            .any(|(n, s)| register::open_answer(&stolen.vault_id, reception, &slow, n, s).is_some())
    };
    // The right number is found (the attack works), one guess at a time.
    assert!(hit(&people[0].identity));
    // Every valid number of that birth date: time a sample of guesses. Each costs a memory-hard hash,
    // so the 1 998 of one date take at least 10 s (measured as a lower bound: load only slows it).
    let candidates: Vec<String> = (0..1000u16)
        .filter_map(|serial| {
            skyddsvalv::identity::Personnummer::from_parts(
                1985,
                7,
                9,
                serial,
                skyddsvalv::identity::Kind::Personnummer,
            )
            .ok()
            .map(|p| p.canonical())
        })
        .collect();
    assert!(candidates.len() >= 999);
    let sample = 40;
    let start = Instant::now();
    let found = candidates.iter().take(sample).filter(|c| hit(c)).count();
    let per_guess = start.elapsed() / sample as u32;
    assert!(found <= 2);
    assert!(
        per_guess.as_micros() * 1998 >= 10_000_000,
        "one guess took {per_guess:?}: 1 998 guesses would take under 10 s"
    );
    // Without the reception key, the register's sealed answers open for no guess at all.
    let planted = DomainKey::from_key(
        GrantKind::Reception,
        reception.epoch,
        stolen.db_keys[0].1.clone(),
    );
    let slow = params.identity(&people[0].identity).unwrap();
    let tag = register::tag(&planted, &slow);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM lookup_register WHERE tag = ?1",
            [tag.to_vec()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "the database key is not the reception key");
}

#[test]
fn the_logs_term_hashes_need_a_case_handlers_key() {
    let (world, people, _) = world_with_canaries();
    let target = IdentityNumber::parse(&people[0].identity)
        .unwrap()
        .canonical();
    let mut g = world.login(GRANSKARE);
    let logged: Vec<String> = g
        .view_log(&LogFilter::default())
        .unwrap()
        .into_iter()
        .filter_map(|e| e.term_hash)
        .collect();
    g.lock().unwrap();
    assert!(!logged.is_empty());
    for who in [RECEPTION, GRANSKARE, ADMIN] {
        let stolen = steal(
            &keyslots(&world),
            &db(&world),
            who,
            &password_of(who),
            &world.device,
        )
        .unwrap();
        let mut keys = stolen.candidates();
        keys.extend(stolen.domain.iter().cloned());
        for k in &keys {
            let guess = index::term_hash(k, &target);
            assert!(
                !logged.contains(&guess),
                "{who} reproduced a logged term hash"
            );
        }
    }
    // Positive control: a case handler's records key reproduces it.
    let stolen = steal(
        &keyslots(&world),
        &db(&world),
        HANDLER,
        &password_of(HANDLER),
        &world.device,
    )
    .unwrap();
    let records = stolen
        .domain
        .iter()
        .find(|d| d.kind == GrantKind::Records)
        .unwrap();
    assert!(logged.contains(&index::term_hash(records, &target)));
}

// ---------------------------------------------------------------------------------------------
// 3. The admin cannot mint data access.

fn first_login(
    world: &World,
    device: &Arc<DeviceSecrets>,
    user: &str,
    initial: &str,
    chosen: &str,
) -> Session {
    let vault = skyddsvalv::Vault::open(&world.dir, Arc::clone(device)).unwrap();
    match vault.login(user, &secret(initial)).unwrap() {
        Login::MustChangePassword(first) => first.choose_password(&secret(chosen)).unwrap(),
        Login::Ready(_) => panic!("{user}: no first login"),
    }
}

fn flagged_denials(world: &World, actor: &str, action: &str) -> usize {
    let mut g = world.login(GRANSKARE);
    let n = g
        .view_log(&LogFilter {
            actor: Some(actor.into()),
            action: Some(action.into()),
            flagged_only: true,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == "denied")
        .count();
    g.lock().unwrap();
    n
}

#[test]
fn an_admin_who_resets_a_handlers_password_gets_no_person_data() {
    let (world, people, refs) = world_with_canaries();
    let mut admin = world.login(ADMIN);
    admin.reset_password(HANDLER, &secret(INITIAL_PW)).unwrap();
    admin.lock().unwrap();
    // The admin logs in as the handler from a keyring of their own and chooses a password.
    let admins_keyring = Arc::new(DeviceSecrets::mock());
    let mut as_handler = first_login(
        &world,
        &admins_keyring,
        HANDLER,
        INITIAL_PW,
        "Admins-Eget-Val-Ö81-x",
    );
    assert!(as_handler.data_access().awaiting);
    assert_eq!(
        code(
            as_handler
                .reveal_field(&refs[0], Field::Address, "kontakt")
                .unwrap_err()
        ),
        ErrorCode::NoDataAccess
    );
    assert_eq!(
        code(as_handler.show_person(&refs[0]).unwrap_err()),
        ErrorCode::NoDataAccess
    );
    assert_eq!(
        code(as_handler.find_persons(&people[0].given).unwrap_err()),
        ErrorCode::NoDataAccess
    );
    as_handler.lock().unwrap();
    assert!(flagged_denials(&world, HANDLER, "field_revealed") >= 1);
    // Outside the app: the new slot yields no records key either.
    let stolen = steal(
        &keyslots(&world),
        &db(&world),
        HANDLER,
        "Admins-Eget-Val-Ö81-x",
        &admins_keyring,
    )
    .unwrap();
    assert!(stolen.domain.is_empty());
    let hits = scan_bytes(
        "reset",
        &readable(&stolen, &db(&world)).1,
        &needles(&people),
    );
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn a_new_handler_made_and_assigned_by_the_admin_waits_for_a_grant_by_a_handler() {
    let (world, _, refs) = world_with_canaries();
    let mut admin = world.login(ADMIN);
    admin
        .add_user("ny-handl", Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    admin.assign(&refs[0], "ny-handl", true).unwrap();
    admin.lock().unwrap();
    let mut new = first_login(
        &world,
        &world.device,
        "ny-handl",
        INITIAL_PW,
        "Nytt-Eget-Lösen-Ä55-y",
    );
    assert_eq!(
        code(
            new.reveal_field(&refs[0], Field::Address, "kontakt")
                .unwrap_err()
        ),
        ErrorCode::NoDataAccess
    );
    let fingerprint = new.my_fingerprint();
    new.lock().unwrap();
    assert!(flagged_denials(&world, "ny-handl", "field_revealed") >= 1);

    // A wrong fingerprint is refused and logged; the right one grants.
    let mut h2 = world.login(HANDLER2);
    let pending = h2.pending_access().unwrap();
    assert!(pending.iter().any(|p| p.name == "ny-handl"), "{pending:?}");
    assert_eq!(
        code(h2.grant_access("ny-handl", "AAAA-BBBB-CCCC").unwrap_err()),
        ErrorCode::FingerprintMismatch
    );
    h2.grant_access("ny-handl", &fingerprint).unwrap();
    h2.lock().unwrap();
    assert!(flagged_denials(&world, HANDLER2, "access_granted") >= 1);
    let mut new = world.login_with("ny-handl", "Nytt-Eget-Lösen-Ä55-y");
    assert!(!new.data_access().awaiting);
    let address = new
        .reveal_field(&refs[0], Field::Address, "kontakt")
        .unwrap();
    assert_eq!(address.value, Canaries::new("alfa", 31).address);
    new.lock().unwrap();
}

#[test]
fn a_public_key_swapped_in_the_database_is_caught_before_anything_is_sealed_to_it() {
    let (world, _, _) = world_with_canaries();
    let mut admin = world.login(ADMIN);
    admin
        .add_user("ny-handl", Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    let new = first_login(
        &world,
        &world.device,
        "ny-handl",
        INITIAL_PW,
        "Nytt-Eget-Lösen-Ä55-y",
    );
    let real_fingerprint = new.my_fingerprint();
    new.lock().unwrap();
    // The admin, with the database key, puts a key pair of their own in place of the new account's.
    let mine = UserKeys::generate();
    raw::exec(
        admin.raw_connection_for_tests(),
        "UPDATE users SET exchange_pub = ?1, signing_pub = ?2 WHERE name = 'ny-handl'",
        rusqlite::params![
            mine.public().exchange.to_vec(),
            mine.public().signing.to_vec()
        ],
    );
    admin.lock().unwrap();
    // The handler types the fingerprint the real owner reads from their own screen: refused.
    let mut h = world.login(HANDLER);
    assert_eq!(
        code(h.grant_access("ny-handl", &real_fingerprint).unwrap_err()),
        ErrorCode::FingerprintMismatch
    );
    let grants = attacker::grant_rows(h.raw_connection_for_tests());
    assert!(
        grants.iter().all(|g| g.recipient != mine.public().exchange),
        "nothing was sealed to the swapped key"
    );
    h.lock().unwrap();
    assert!(flagged_denials(&world, HANDLER, "access_granted") >= 1);
    // And the real owner's login notices its key was swapped.
    let vault = skyddsvalv::Vault::open(&world.dir, Arc::clone(&world.device)).unwrap();
    let e = match vault.login("ny-handl", &secret("Nytt-Eget-Lösen-Ä55-y")) {
        Err(e) => e,
        Ok(_) => panic!("a swapped public key went unnoticed"),
    };
    assert_eq!(e.code(), ErrorCode::SlotTampered);
}

#[test]
fn a_grant_planted_by_someone_with_database_access_is_rejected_and_flagged() {
    let (world, _, refs) = world_with_canaries();
    let mut admin = world.login(ADMIN);
    admin
        .add_user("ny-handl", Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    let new = first_login(
        &world,
        &world.device,
        "ny-handl",
        INITIAL_PW,
        "Nytt-Eget-Lösen-Ä55-y",
    );
    let public = new.user().public.unwrap();
    let locator = new.user().slot_locator.clone();
    new.lock().unwrap();
    // A records key of the admin's own making, sealed and endorsed properly to the new account.
    let epoch: u32 = admin
        .raw_connection_for_tests()
        .query_row(
            "SELECT value FROM settings WHERE key = 'records_epoch'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap();
    let planted = DomainKey::generate(GrantKind::Records, epoch);
    let g = grants::seal(world.vault.vault_id(), &planted, &locator, &public, ADMIN);
    raw::exec(
        admin.raw_connection_for_tests(),
        "INSERT INTO key_grants (locator, kind, epoch, recipient, ephemeral, nonce, sealed, endorsement, \
         granted_by, granted_at) VALUES (?1, 'records', ?2, ?3, ?4, ?5, ?6, ?7, 'x', 'x')",
        rusqlite::params![locator, epoch, g.recipient.to_vec(), g.envelope.ephemeral, g.envelope.nonce, g.envelope.sealed, g.endorsement],
    );
    admin.lock().unwrap();
    let mut new = world.login_with("ny-handl", "Nytt-Eget-Lösen-Ä55-y");
    assert!(!new.data_access().records, "the planted key is not used");
    assert_eq!(
        code(
            new.reveal_field(&refs[0], Field::Address, "kontakt")
                .unwrap_err()
        ),
        ErrorCode::NoDataAccess
    );
    new.lock().unwrap();
    assert!(flagged_denials(&world, "ny-handl", "grant_rejected") >= 1);
}

// ---------------------------------------------------------------------------------------------
// 4. Removing access removes the keys.

#[test]
fn an_old_slot_copy_opens_nothing_after_the_account_is_disabled() {
    let (world, people, _) = world_with_canaries();
    let old_slots = world.tmp.path().join("keyslots-old.json");
    std::fs::copy(keyslots(&world), &old_slots).unwrap();
    // What the leaver held while they were still a handler.
    let before = steal(
        &old_slots,
        &db(&world),
        HANDLER2,
        &password_of(HANDLER2),
        &world.device,
    )
    .unwrap();
    assert!(before.domain.iter().any(|d| d.kind == GrantKind::Records));
    let mut admin = world.login(ADMIN);
    admin.disable_user(HANDLER2).unwrap();
    admin.lock().unwrap();
    let mut h = world.login(HANDLER); // rotates the records and reception keys
    let epoch_now: u32 = h
        .raw_connection_for_tests()
        .query_row(
            "SELECT value FROM settings WHERE key = 'records_epoch'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap();
    h.lock().unwrap();
    assert_eq!(epoch_now, 2, "the records key was rotated");

    // Their old slot copy, old password and keyring: no database key opens the database any more.
    let after = steal(
        &old_slots,
        &db(&world),
        HANDLER2,
        &password_of(HANDLER2),
        &world.device,
    )
    .unwrap();
    assert!(after
        .db_keys
        .iter()
        .all(|(_, k)| open_db(&db(&world), k).is_none()));
    // Even with a colleague's database key (reception), their old records key opens no record.
    let reception = steal(
        &keyslots(&world),
        &db(&world),
        RECEPTION,
        &password_of(RECEPTION),
        &world.device,
    )
    .unwrap();
    let conn = open_db(&db(&world), &reception.db_keys[0].1).unwrap();
    let opened = attacker::unsealed_records(&conn, &before.vault_id, &before.domain);
    assert!(
        opened.is_empty(),
        "an old records key still opens current records"
    );
    assert!(scan_bytes("leaver", &opened, &needles(&people)).is_empty());
    // The current handler reads everything.
    let mut h = world.login(HANDLER);
    assert_eq!(h.find_persons(&people[0].identity).unwrap().hits.len(), 1);
    h.lock().unwrap();
}

#[test]
fn a_rotation_stopped_midway_leaves_the_old_keys_and_all_data() {
    let (world, people, refs) = world_with_canaries();
    let mut h = world.login(HANDLER);
    // Make the re-sealing fail on the second person, as a process killed midway would stop it.
    let second: i64 = h
        .raw_connection_for_tests()
        .query_row("SELECT max(id) FROM persons", [], |r| r.get(0))
        .unwrap();
    h.raw_connection_for_tests()
        .execute_batch(&format!(
            "CREATE TRIGGER stop BEFORE UPDATE ON persons WHEN NEW.id = {second} \
             BEGIN SELECT RAISE(ABORT, 'stopped'); END;"
        ))
        .unwrap();
    let mut progress = Vec::new();
    let e = h
        .rotate_key(GrantKind::Records, &mut |p| progress.push(p))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Storage);
    h.raw_connection_for_tests()
        .execute_batch("DROP TRIGGER stop;")
        .unwrap();
    // Nothing changed: the old key still opens every record.
    for (c, r) in people.iter().zip(&refs) {
        let phone = h.reveal_field(r, Field::Phone, "kontakt").unwrap();
        assert_eq!(phone.value, c.phone);
    }
    // Run again to the end, with progress.
    let mut progress = Vec::new();
    let report = h
        .rotate_key(GrantKind::Records, &mut |p| progress.push(p))
        .unwrap();
    assert_eq!(report.persons, 2);
    let last = progress.last().unwrap();
    assert_eq!((last.done, last.total), (2, 2));
    for (c, r) in people.iter().zip(&refs) {
        assert_eq!(
            h.reveal_field(r, Field::Phone, "kontakt").unwrap().value,
            c.phone
        );
    }
    h.lock().unwrap();
}

// ---------------------------------------------------------------------------------------------
// 5. Nobody can rewrite the log unseen.

/// The reception user's rewrite: one `field_revealed` entry deleted, the rest re-chained, every
/// checkpoint after it re-signed with the only signing key their slot yields, `checkpoint.json`
/// rewritten. Returns the deleted sequence number and the first entry of the handler's session.
fn rewrite_as_reception(world: &World, resign_checkpoints: bool) -> (u64, u64) {
    use ed25519_dalek::Signer;
    let stolen = steal(
        &keyslots(world),
        &db(world),
        RECEPTION,
        &password_of(RECEPTION),
        &world.device,
    )
    .unwrap();
    let conn = open_db(&db(world), &stolen.db_keys[0].1).unwrap();
    let k: i64 = conn
        .query_row(
            "SELECT min(seq) FROM audit_log WHERE action = 'field_revealed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let session_start: i64 = conn
        .query_row(
            "SELECT max(seq) FROM checkpoints WHERE seq < ?1",
            [k],
            |r| r.get(0),
        )
        .unwrap();
    raw::drop_append_only_triggers(&conn);
    raw::exec(&conn, "DELETE FROM audit_log WHERE seq = ?1", [k]);
    let mut prev = raw::hash_at(&conn, k - 1);
    for mut r in raw::rows_after(&conn, k) {
        raw::exec(&conn, "DELETE FROM audit_log WHERE seq = ?1", [r.seq]);
        r.seq -= 1;
        r.prev_hash = prev;
        r.hash = raw::recomputed_hash(&r);
        prev = r.hash.clone();
        raw::insert(&conn, &r);
    }
    let vault_id = stolen.vault_id.clone();
    let head: i64 = raw::head_seq(&conn);
    if resign_checkpoints {
        // Every checkpoint from the edit on: the new head hashes, signed with the attacker's key.
        let rows: Vec<(i64, i64, i64, String, String)> = conn
            .prepare("SELECT id, seq, from_seq, at, signer FROM checkpoints WHERE seq >= ?1")
            .unwrap()
            .query_map([k], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (id, seq, from, at, signer) in rows {
            let seq = (seq - 1).min(head);
            let mut hashes = Vec::new();
            for s in from + 1..=seq {
                hashes.extend(raw::hash_at(&conn, s));
            }
            let mut c = skyddsvalv::storage::CheckpointRow {
                seq: seq as u64,
                head_hash: raw::hash_at(&conn, seq),
                at,
                signer,
                signer_key: stolen.keys.public().signing,
                from_seq: from as u64,
                entry_hashes: hashes,
                signature: Vec::new(),
            };
            c.signature = stolen
                .keys
                .signing()
                .sign(&skyddsvalv::audit::checkpoint::message(&vault_id, &c))
                .to_bytes()
                .to_vec();
            raw::exec(
                &conn,
                "UPDATE checkpoints SET seq = ?1, head_hash = ?2, signer_key = ?3, entry_hashes = ?4, \
                 signature = ?5 WHERE id = ?6",
                rusqlite::params![c.seq as i64, c.head_hash, c.signer_key.to_vec(), c.entry_hashes, c.signature, id],
            );
        }
    }
    // checkpoint.json: the new head, signed by the attacker.
    let mut c = skyddsvalv::storage::CheckpointRow {
        seq: head as u64,
        head_hash: raw::hash_at(&conn, head),
        at: "2026-12-01T00:00:00.000Z".into(),
        signer: RECEPTION.into(),
        signer_key: stolen.keys.public().signing,
        from_seq: head as u64,
        entry_hashes: Vec::new(),
        signature: Vec::new(),
    };
    c.signature = stolen
        .keys
        .signing()
        .sign(&skyddsvalv::audit::checkpoint::message(&vault_id, &c))
        .to_bytes()
        .to_vec();
    let locator = skyddsvalv::vault::keyslots::KeyslotFile::load(&keyslots(world))
        .unwrap()
        .locator_for(RECEPTION);
    let outside =
        skyddsvalv::audit::checkpoint::OutsideCheckpoint::from_row(&vault_id, &c, &locator);
    std::fs::write(
        world.dir.join("checkpoint.json"),
        serde_json::to_vec(&outside).unwrap(),
    )
    .unwrap();
    (k as u64, session_start as u64 + 1)
}

#[test]
fn a_rewritten_and_re_signed_log_is_reported_where_it_was_changed() {
    for resign in [false, true] {
        let (world, _, _) = world_with_canaries();
        let (k, session_start) = rewrite_as_reception(&world, resign);
        let mut g = world.login(GRANSKARE);
        let v = g.verify_log().unwrap();
        assert!(!v.holds(), "resign {resign}: the rewrite went unseen");
        let at = v.broken_at.unwrap();
        if resign {
            // The handler's checkpoint no longer holds under the handler's key: what it vouched for
            // (from the first entry of that session) is reported.
            assert!(
                (session_start..=k).contains(&at),
                "resign: reported at {at}, edit at {k}: {v:?}"
            );
        } else {
            assert_eq!(at, k, "reported at the first changed entry: {v:?}");
        }
        g.lock().unwrap();
    }
    // The signing key is no longer in the database at all.
    let world = World::new();
    let mut g = world.login(GRANSKARE);
    let n: i64 = g
        .raw_connection_for_tests()
        .query_row(
            "SELECT count(*) FROM settings WHERE key LIKE '%signing%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
    g.lock().unwrap();
}

#[test]
fn a_missing_checkpoint_file_is_reported_logged_and_flagged() {
    let (world, _, _) = world_with_canaries();
    std::fs::remove_file(world.dir.join("checkpoint.json")).unwrap();
    let mut g = world.login(GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(!v.holds());
    assert!(
        v.problem.as_deref().unwrap().contains("checkpoint.json"),
        "{v:?}"
    );
    let flagged = g
        .view_log(&LogFilter {
            action: Some("log_verified".into()),
            flagged_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(flagged.len(), 1);
    g.lock().unwrap();
}

#[test]
fn an_older_copy_of_the_whole_directory_is_reported_to_the_reviewer_who_saw_the_newer_head() {
    let (world, people, refs) = world_with_canaries();
    // An older copy of everything: database, keyslots, checkpoint.json, attempts.
    let older = world.tmp.path().join("older");
    common::copy_dir(&world.dir, &older);
    // More work, then the reviewer verifies and so pins the newer head in their own keyring.
    let mut h = world.login(HANDLER);
    h.reveal_field(&refs[0], Field::Health, "akut_skydd")
        .unwrap();
    h.find_persons(&people[1].family).unwrap();
    h.lock().unwrap();
    let mut g = world.login(GRANSKARE);
    assert!(g.verify_log().unwrap().holds());
    g.lock().unwrap();
    // The whole directory is put back as it was.
    for entry in std::fs::read_dir(&world.dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    common::copy_dir(&older, &world.dir);
    // In itself the older copy is consistent; the reviewer's pin tells it apart.
    let mut g = world.login(GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(!v.holds(), "the rollback went unseen: {v:?}");
    assert!(v.problem.as_deref().unwrap().contains("verified"), "{v:?}");
    g.lock().unwrap();
    // Positive control: another reviewer's keyring (no pin) sees a consistent log.
    let fresh = world.copy();
    let mut other = fresh.login(GRANSKARE);
    assert!(other.verify_log().unwrap().holds());
    other.lock().unwrap();
}
