//! Tampering with the access log by someone who holds the raw database key: the append-only triggers
//! dropped, then a row edited, deleted, moved or forged — `verify_log` must name the first entry that
//! does not hold. Truncating the tail and putting back an older copy of the database must be caught by
//! the signed checkpoints (inside the vault and in `checkpoint.json` beside it).
//!
//! Every scenario runs on its own copy of one prepared vault. Needs the `test-support` feature.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::{raw, synthetic_record, World, ADMIN, GRANSKARE, HANDLER, RECEPTION};
use skyddsvalv::audit::{LogFilter, Verification};
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::Session;

const SEED: u64 = 0x7a3b;

/// A vault with some history, every session locked (so checkpoints exist inside and outside).
fn template() -> &'static World {
    static TEMPLATE: OnceLock<World> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let world = World::new();
        let mut handler = world.login(HANDLER);
        let mut refs = Vec::new();
        for i in 0..3 {
            refs.push(handler.create_person(synthetic_record(SEED, i)).unwrap());
        }
        handler.find_persons("sjö").unwrap();
        handler.show_person(&refs[0]).unwrap();
        handler
            .reveal_field(&refs[0], Field::Name, "kontakt: ringa tillbaka")
            .unwrap();
        handler
            .edit_person(
                &refs[1],
                PersonPatch {
                    notes: Some("Samtal om boende".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        handler.lock().unwrap();
        let mut reception = world.login(RECEPTION);
        let id = synthetic_record(SEED, 2).identity_number.unwrap();
        reception.lookup(&id).unwrap();
        reception.lock().unwrap();
        let mut admin = world.login(ADMIN);
        admin.show_person(&refs[0]).unwrap_err();
        admin.lock().unwrap();
        world
    })
}

/// A fresh copy of the prepared vault and a log reviewer on it.
fn reviewer() -> (World, Session) {
    let world = template().copy();
    let granskare = world.login(GRANSKARE);
    (world, granskare)
}

fn verify(g: &mut Session) -> Verification {
    g.verify_log().expect("verify_log runs")
}

fn first_seq_of(conn: &rusqlite::Connection, action: &str) -> i64 {
    conn.query_row(
        "SELECT min(seq) FROM audit_log WHERE action = ?1",
        [action],
        |r| r.get(0),
    )
    .unwrap_or_else(|e| panic!("no {action} entry: {e}"))
}

fn outside_checkpoint_seq(dir: &Path) -> u64 {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("checkpoint.json")).unwrap()).unwrap();
    json["seq"].as_u64().expect("seq in checkpoint.json")
}

#[test]
fn the_untouched_log_verifies() {
    let (_world, mut g) = reviewer();
    let v = verify(&mut g);
    assert!(v.holds(), "{v:?}");
    assert!(v.entries > 20);
    assert!(v.checkpoints >= 5);
    assert!(v.outside_checkpoint.is_some());
}

#[test]
fn the_triggers_refuse_update_and_delete() {
    let (_world, mut g) = reviewer();
    let conn = g.raw_connection_for_tests();
    for sql in [
        "UPDATE audit_log SET purpose = 'ändrat' WHERE seq = 2",
        "UPDATE audit_log SET seq = seq + 1000",
        "DELETE FROM audit_log WHERE seq = 2",
        "DELETE FROM audit_log",
    ] {
        let e = conn.execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    let v = verify(&mut g);
    assert!(v.holds(), "{v:?}");
}

/// Every column of a middle entry, edited in turn (and put back in between).
#[test]
fn editing_any_column_of_an_entry_is_caught_at_that_entry() {
    let (_world, mut g) = reviewer();
    let k = first_seq_of(g.raw_connection_for_tests(), "field_revealed");
    raw::drop_append_only_triggers(g.raw_connection_for_tests());
    let edits = [
        ("purpose", "purpose = 'utredning: ändrad i efterhand'"),
        ("actor", "actor = 'någon-annan'"),
        ("outcome", "outcome = 'denied'"),
        ("at", "at = '2020-01-01T00:00:00.000Z'"),
        ("role", "role = 'admin'"),
        ("action", "action = 'person_viewed'"),
        ("person_ref", "person_ref = 'P-0000-0000-0000'"),
        ("fields", "fields = 'address'"),
        ("term_hash", "term_hash = 'abcd'"),
        ("flagged", "flagged = 1 - flagged"),
        ("prev_hash", "prev_hash = randomblob(32)"),
        ("hash", "hash = randomblob(32)"),
    ];
    for (column, set) in edits {
        let conn = g.raw_connection_for_tests();
        let original = raw::row(conn, k).unwrap();
        let n = raw::exec(
            conn,
            &format!("UPDATE audit_log SET {set} WHERE seq = ?1"),
            [k],
        );
        assert_eq!(n, 1);
        assert_ne!(
            raw::row(conn, k).unwrap(),
            original,
            "{column} did not change"
        );

        let v = verify(&mut g);
        assert_eq!(v.broken_at, Some(k as u64), "edited {column}: {v:?}");

        // Put the row back: the chain holds again.
        let conn = g.raw_connection_for_tests();
        raw::exec(conn, "DELETE FROM audit_log WHERE seq = ?1", [k]);
        raw::insert(conn, &original);
        let v = verify(&mut g);
        assert!(v.holds(), "after restoring {column}: {v:?}");
    }
    // A failed verification is itself logged, flagged, with the broken sequence number.
    let broken = g
        .view_log(&LogFilter {
            action: Some("log_verified".into()),
            flagged_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(broken.len(), 12);
    assert!(broken
        .iter()
        .all(|e| e.purpose.as_deref() == Some(format!("broken at {k}").as_str())));
}

/// The attacker knows the hash function: an edited entry with its own hash recomputed still breaks
/// the link to the next one; rewriting the whole rest of the chain is caught by the checkpoints.
#[test]
fn an_edit_with_recomputed_hashes_is_caught_by_the_next_link_or_the_checkpoints() {
    let (_world, mut g) = reviewer();
    let conn = g.raw_connection_for_tests();
    let k = first_seq_of(conn, "field_revealed");
    raw::drop_append_only_triggers(conn);
    let mut row = raw::row(conn, k).unwrap();
    row.purpose = Some("utredning".into());
    row.hash = raw::recomputed_hash(&row);
    raw::exec(conn, "DELETE FROM audit_log WHERE seq = ?1", [k]);
    raw::insert(conn, &row);
    let v = verify(&mut g);
    // The link after it breaks, but the case handler's signed checkpoint names the entry itself.
    assert_eq!(v.broken_at, Some(k as u64), "{v:?}");

    // Now rewrite every later entry too, so that the chain itself is consistent again.
    let conn = g.raw_connection_for_tests();
    let mut prev = row.hash.clone();
    for mut r in raw::rows_after(conn, k) {
        r.prev_hash = prev;
        r.hash = raw::recomputed_hash(&r);
        prev = r.hash.clone();
        raw::exec(conn, "DELETE FROM audit_log WHERE seq = ?1", [r.seq]);
        raw::insert(conn, &r);
    }
    assert!(
        raw::checkpoint_seqs(conn).into_iter().any(|s| s >= k),
        "a checkpoint after the edit"
    );
    let v = verify(&mut g);
    // The consistent chain no longer matches what its writer signed, at the edited entry.
    assert_eq!(v.broken_at, Some(k as u64), "{v:?}");
    assert!(v.problem.unwrap().contains("signed"));
}

#[test]
fn deleting_an_entry_is_caught_at_that_entry() {
    for victim in ["field_revealed", "vault_created"] {
        let (_world, mut g) = reviewer();
        let conn = g.raw_connection_for_tests();
        let k = first_seq_of(conn, victim);
        raw::drop_append_only_triggers(conn);
        raw::exec(conn, "DELETE FROM audit_log WHERE seq = ?1", [k]);
        let v = verify(&mut g);
        assert_eq!(v.broken_at, Some(k as u64), "deleted {victim}: {v:?}");
    }
}

#[test]
fn reordering_entries_is_caught_at_the_first_moved_one() {
    for distance in [1, 4] {
        let (_world, mut g) = reviewer();
        let conn = g.raw_connection_for_tests();
        let i = first_seq_of(conn, "person_created");
        let j = i + distance;
        raw::drop_append_only_triggers(conn);
        raw::set_seq(conn, i, -1);
        raw::set_seq(conn, j, i);
        raw::set_seq(conn, -1, j);
        let v = verify(&mut g);
        assert_eq!(v.broken_at, Some(i as u64), "swapped {i} and {j}: {v:?}");
    }
}

/// Makes room at `k` by moving every entry from `k` on one place up (highest first).
fn shift_up_from(conn: &rusqlite::Connection, k: i64) {
    let head = raw::head_seq(conn);
    for s in (k..=head).rev() {
        raw::set_seq(conn, s, s + 1);
    }
}

fn forged(conn: &rusqlite::Connection, seq: i64) -> raw::Row {
    let before = raw::row(conn, seq - 1).unwrap();
    let mut r = raw::Row {
        seq,
        at: before.at.clone(),
        actor: HANDLER.into(),
        role: "handlaggare".into(),
        action: "person_viewed".into(),
        person_ref: Some("P-0000-0000-0000".into()),
        fields: String::new(),
        purpose: None,
        term_hash: None,
        outcome: "allowed".into(),
        flagged: false,
        prev_hash: before.hash.clone(),
        hash: Vec::new(),
        detail: None,
    };
    r.hash = raw::recomputed_hash(&r);
    r
}

#[test]
fn inserting_a_forged_entry_is_caught() {
    // In the middle, with a hash that is not the entry's own: caught at the forged entry.
    let (_world, mut g) = reviewer();
    let conn = g.raw_connection_for_tests();
    let k = first_seq_of(conn, "field_revealed");
    raw::drop_append_only_triggers(conn);
    shift_up_from(conn, k);
    let mut row = forged(conn, k);
    row.hash = vec![0xab; 32];
    raw::insert(conn, &row);
    let v = verify(&mut g);
    assert_eq!(v.broken_at, Some(k as u64), "{v:?}");

    // In the middle, well formed (its hash recomputed): the entry after it no longer links.
    let (_world, mut g) = reviewer();
    let conn = g.raw_connection_for_tests();
    raw::drop_append_only_triggers(conn);
    shift_up_from(conn, k);
    raw::insert(conn, &forged(conn, k));
    let v = verify(&mut g);
    // The next link breaks too, but the signed checkpoint names the forged entry itself.
    assert_eq!(v.broken_at, Some(k as u64), "{v:?}");

    // At the end with a wrong hash: caught at the forged entry.
    let (_world, mut g) = reviewer();
    let conn = g.raw_connection_for_tests();
    let end = raw::head_seq(conn) + 1;
    let mut row = forged(conn, end);
    row.purpose = Some("kontakt".into());
    raw::insert(conn, &row);
    let v = verify(&mut g);
    assert_eq!(v.broken_at, Some(end as u64), "{v:?}");

    // After a gap: the missing sequence number is named.
    let (_world, mut g) = reviewer();
    let conn = g.raw_connection_for_tests();
    let end = raw::head_seq(conn) + 1;
    let mut row = forged(conn, end);
    row.seq = end + 5;
    row.hash = raw::recomputed_hash(&row);
    raw::insert(conn, &row);
    let v = verify(&mut g);
    assert_eq!(v.broken_at, Some(end as u64), "{v:?}");
}

#[test]
fn truncating_the_tail_is_caught_by_the_checkpoints() {
    // (inside checkpoints deleted too, the vault used and locked again before anyone verifies)
    for (inside_too, used_afterwards) in [(false, false), (true, false), (true, true)] {
        let case =
            format!("inside checkpoints deleted: {inside_too}, used after: {used_afterwards}");
        let world = template().copy();
        let signed = outside_checkpoint_seq(&world.dir);
        // Keep the first `keep` entries: well before the last signed head.
        let keep = signed as i64 - 6;
        {
            let mut attacker = world.login(HANDLER);
            let conn = attacker.raw_connection_for_tests();
            raw::drop_append_only_triggers(conn);
            raw::exec(conn, "DELETE FROM audit_log WHERE seq > ?1", [keep]);
            if inside_too {
                raw::exec(conn, "DELETE FROM checkpoints", []);
            }
            // Dropped without locking: closing writes its `lock` entry and a checkpoint.
        }
        if used_afterwards {
            more_work(&world, 2);
        }
        let mut g = world.login(GRANSKARE);
        let present = raw::head_seq(g.raw_connection_for_tests()) as u64;
        let first_lock = first_seq_of(g.raw_connection_for_tests(), "lock") as u64;
        let v = verify(&mut g);
        let expected = if inside_too {
            // Every session ends with a checkpoint signed by its user: the first one missing is named.
            first_lock
        } else if present < signed {
            present + 1
        } else {
            signed
        };
        assert_eq!(v.broken_at, Some(expected), "{case}: {v:?}");
        assert!(v.problem.unwrap().contains("checkpoint"), "{case}");
        if !used_afterwards && !inside_too {
            // The attacker's own login and lock follow what was kept.
            assert_eq!(expected, keep as u64 + 3, "{case}");
        }
    }
}

/// The database files of a closed vault.
fn db_files(dir: &Path) -> Vec<std::path::PathBuf> {
    ["vault.db", "vault.db-wal", "vault.db-shm"]
        .into_iter()
        .map(|f| dir.join(f))
        .collect()
}

fn save_db(dir: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in db_files(dir) {
        if f.exists() {
            std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
        }
    }
}

fn put_back_db(from: &Path, dir: &Path) {
    for f in db_files(dir) {
        let _ = std::fs::remove_file(&f);
    }
    for f in db_files(from) {
        if f.exists() {
            std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
        }
    }
}

/// Some ordinary use: `n` searches and a reveal by the case handler, then lock.
fn more_work(world: &World, n: usize) {
    let mut h = world.login(HANDLER);
    for i in 0..n {
        h.find_persons(&format!("namn{i}")).unwrap();
    }
    h.lock().unwrap();
}

#[test]
fn an_older_copy_of_the_database_put_back_is_caught() {
    let world = template().copy();
    let backup = world.tmp.path().join("backup");
    save_db(&world.dir, &backup);
    more_work(&world, 5);
    let signed = outside_checkpoint_seq(&world.dir);
    put_back_db(&backup, &world.dir);

    let mut g = world.login(GRANSKARE);
    let present = raw::head_seq(g.raw_connection_for_tests()) as u64;
    assert!(present < signed, "the restored log should be shorter");
    let v = verify(&mut g);
    assert_eq!(v.broken_at, Some(present + 1), "{v:?}");
    assert_eq!(v.outside_checkpoint, Some(signed));
}

/// An older copy put back and then used as usual — sessions locked, new checkpoints written — is still
/// caught: locking must not overwrite the evidence in `checkpoint.json` with the forked head.
#[test]
fn an_older_copy_used_afterwards_is_still_caught() {
    let world = template().copy();
    let backup = world.tmp.path().join("backup");
    save_db(&world.dir, &backup);
    let forked_after = outside_checkpoint_seq(&world.dir);
    more_work(&world, 3);
    let signed = outside_checkpoint_seq(&world.dir);
    put_back_db(&backup, &world.dir);

    // Ordinary use of the restored vault: longer than what was lost, so the log passes `signed`.
    more_work(&world, 12);
    more_work(&world, 2);
    let mut g = world.login(GRANSKARE);
    assert!(raw::head_seq(g.raw_connection_for_tests()) as u64 > signed);
    let v = verify(&mut g);
    // The checkpoint beside the vault lists what was signed entry by entry: the first entry of the
    // lost session is where the restored log departs from it.
    assert_eq!(v.broken_at, Some(forked_after + 1), "{v:?}");
    assert!(v.problem.unwrap().contains("signed"));
}
