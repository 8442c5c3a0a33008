//! The contract every storage backend passes: the same tests against the SQLCipher store and the
//! in-memory one. A new backend (PostgreSQL) adds one line to `backends()`.

use super::memory::MemoryStorage;
use super::sqlite::SqliteStorage;
use super::*;
use crate::audit::{Entry, LogFilter};
use crate::auth::Role;
use crate::crypto::{Envelope, Key32, UserKeys};

struct Backend {
    name: &'static str,
    store: Box<dyn Storage>,
    _dir: Option<tempfile::TempDir>,
}

fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStorage::create(&dir.path().join("v.db"), &Key32::random()).unwrap();
    vec![
        Backend {
            name: "memory",
            store: Box::new(MemoryStorage::new()),
            _dir: None,
        },
        Backend {
            name: "sqlite",
            store: Box::new(sqlite),
            _dir: Some(dir),
        },
    ]
}

fn user(name: &str, role: Role) -> NewUser {
    NewUser {
        name: name.into(),
        name_key: name.to_lowercase(),
        role,
        must_change_password: true,
        slot_locator: format!("loc-{name}"),
        slot_digest: vec![1, 2, 3],
        public: UserKeys::generate().public(),
        created_at: "2026-01-01T00:00:00.000Z".into(),
    }
}

fn person(r: &str, tag: Option<u8>, by: i64) -> NewPerson {
    NewPerson {
        person_ref: r.into(),
        identity_tag: tag.map(|t| [t; 32]),
        epoch: 1,
        nonce: vec![9; 24],
        sealed: vec![7; 40],
        created_by: by,
        created_at: "2026-01-01T00:00:00.000Z".into(),
    }
}

fn entry(seq: u64, actor: &str, flagged: bool) -> Entry {
    let mut e = Entry {
        seq,
        at: format!("2026-01-0{}T00:00:00.000Z", seq.min(9)),
        actor: actor.into(),
        role: "granskare".into(),
        action: "search".into(),
        person_ref: Some("P-AAAA-AAAA-AAAA".into()),
        fields: vec!["name".into(), "address".into()],
        purpose: None,
        term_hash: Some(format!("t{seq}")),
        detail: (seq == 2).then(|| "keys x".to_string()),
        outcome: "allowed".into(),
        flagged,
        prev_hash: vec![0; 32],
        hash: vec![seq as u8; 32],
    };
    e.hash[0] = seq as u8;
    e
}

#[test]
fn a_transaction_commits_or_leaves_nothing() {
    for mut b in backends() {
        {
            let tx = b.store.begin().unwrap();
            tx.set_setting("k", "rolled back").unwrap();
        }
        let tx = b.store.begin().unwrap();
        assert_eq!(tx.setting("k").unwrap(), None, "{}", b.name);
        tx.set_setting("k", "v1").unwrap();
        tx.set_setting("k", "v2").unwrap();
        tx.commit().unwrap();
        let tx = b.store.begin().unwrap();
        assert_eq!(
            tx.setting("k").unwrap().as_deref(),
            Some("v2"),
            "{}",
            b.name
        );
        tx.delete_setting("k").unwrap();
        assert_eq!(tx.setting("k").unwrap(), None, "{}", b.name);
    }
}

#[test]
fn users_are_unique_and_updatable() {
    for mut b in backends() {
        let tx = b.store.begin().unwrap();
        let a = tx.insert_user(&user("anna", Role::Handlaggare)).unwrap();
        let z = tx.insert_user(&user("zed", Role::Admin)).unwrap();
        assert!(
            tx.insert_user(&user("anna", Role::Reception)).is_err(),
            "{}",
            b.name
        );
        let mut row = tx.user_by_id(a).unwrap().unwrap();
        assert_eq!(row.role, Role::Handlaggare);
        assert!(row.public.is_some());
        row.disabled = true;
        row.must_change_password = false;
        row.slot_digest = vec![4];
        row.public = None;
        tx.update_user(&row).unwrap();
        let back = tx.user_by_name_key("anna").unwrap().unwrap();
        assert!(
            back.disabled && !back.must_change_password && back.public.is_none(),
            "{}",
            b.name
        );
        assert_eq!(tx.user_by_locator("loc-zed").unwrap().unwrap().id, z);
        let names: Vec<String> = tx.users().unwrap().into_iter().map(|u| u.name).collect();
        assert_eq!(names, ["anna", "zed"], "{}", b.name);
        assert!(tx.user_by_locator("nobody").unwrap().is_none());
    }
}

#[test]
fn persons_tokens_and_visibility() {
    for mut b in backends() {
        let tx = b.store.begin().unwrap();
        let h = tx.insert_user(&user("h", Role::Handlaggare)).unwrap();
        let other = tx.insert_user(&user("o", Role::Handlaggare)).unwrap();
        let p1 = tx.insert_person(&person("P-1", Some(1), h)).unwrap();
        let p2 = tx.insert_person(&person("P-2", Some(2), h)).unwrap();
        let p3 = tx.insert_person(&person("P-3", None, h)).unwrap();
        assert!(
            tx.insert_person(&person("P-1", None, h)).is_err(),
            "{}: ref",
            b.name
        );
        assert!(
            tx.insert_person(&person("P-4", Some(2), h)).is_err(),
            "{}: tag",
            b.name
        );
        assert_eq!(tx.count_persons().unwrap(), 3);
        assert_eq!(tx.person_ids().unwrap(), vec![p1, p2, p3]);
        assert_eq!(tx.person_by_identity_tag(&[2; 32]).unwrap().unwrap().id, p2);
        let mut row = tx.person_by_ref("P-3").unwrap().unwrap();
        row.identity_tag = Some([1; 32]);
        assert!(
            tx.update_person(&row).is_err(),
            "{}: tag clash on update",
            b.name
        );
        row.identity_tag = Some([3; 32]);
        row.epoch = 2;
        row.sealed = vec![1];
        tx.update_person(&row).unwrap();
        assert_eq!(tx.person_by_id(p3).unwrap().unwrap().epoch, 2);

        let (ta, tb) = ([0xAA; 16], [0xBB; 16]);
        tx.set_name_tokens(p1, &[ta, tb]).unwrap();
        tx.set_name_tokens(p2, &[ta]).unwrap();
        tx.set_name_tokens(p3, &[ta, tb]).unwrap();
        tx.set_name_tokens(p3, &[tb]).unwrap(); // replaces
        assert!(tx.assign(p1, h).unwrap());
        assert!(!tx.assign(p1, h).unwrap(), "already assigned");
        tx.assign(p2, h).unwrap();
        tx.assign(p3, other).unwrap();
        let (hits, total) = tx.search_tokens(&[ta], h, 0, 50).unwrap();
        assert_eq!((hits.len(), total), (2, 2), "{}", b.name);
        let (hits, total) = tx.search_tokens(&[tb, ta], h, 0, 50).unwrap();
        assert_eq!(
            hits.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![p1],
            "{}",
            b.name
        );
        assert_eq!(total, 1);
        let (hits, total) = tx.search_tokens(&[ta], h, 0, 1).unwrap();
        assert_eq!(
            (hits.len(), total),
            (1, 2),
            "{}: limit, but the total",
            b.name
        );
        assert_eq!(
            tx.search_tokens(&[tb], h, 0, 50).unwrap().1,
            1,
            "p3 is not h's"
        );
        tx.grant_emergency(&EmergencyRow {
            person_id: p3,
            user_id: h,
            log_seq: 1,
            expires_at: 100,
            may_edit: false,
        })
        .unwrap();
        assert_eq!(
            tx.search_tokens(&[tb], h, 50, 50).unwrap().1,
            2,
            "{}: emergency",
            b.name
        );
        assert_eq!(
            tx.search_tokens(&[tb], h, 100, 50).unwrap().1,
            1,
            "{}: expired",
            b.name
        );
        assert_eq!(tx.emergency_until(p3, h, 50).unwrap(), Some(100));
        assert_eq!(tx.emergency_until(p3, h, 100).unwrap(), None);
        assert_eq!(
            tx.emergency(p3, h, 50).unwrap().map(|e| e.may_edit),
            Some(false),
            "{}: read-only",
            b.name
        );
        tx.grant_emergency(&EmergencyRow {
            person_id: p3,
            user_id: h,
            log_seq: 2,
            expires_at: 80,
            may_edit: true,
        })
        .unwrap();
        let e = tx.emergency(p3, h, 50).unwrap().unwrap();
        assert!(e.may_edit && e.until == 100, "{}: editing grant", b.name);
        assert!(!tx.emergency(p3, h, 90).unwrap().unwrap().may_edit);
        assert!(tx.is_assigned(p3, other).unwrap() && !tx.is_assigned(p3, h).unwrap());
        assert_eq!(tx.assigned_users(p1).unwrap()[0].name, "h");
        let mine = tx.assigned_person_ids(h).unwrap();
        assert!(
            mine.contains(&p1) && !mine.contains(&p3),
            "{}: caseload",
            b.name
        );
        assert!(tx.unassign(p1, h).unwrap());
        assert!(!tx.assigned_person_ids(h).unwrap().contains(&p1));
        assert!(tx.assigned_users(p1).unwrap().is_empty());
        assert_eq!(tx.search_tokens(&[], h, 0, 50).unwrap().1, 0);
    }
}

#[test]
fn register_and_grants() {
    for mut b in backends() {
        let tx = b.store.begin().unwrap();
        for (tag, n) in [([1u8; 32], 1u8), ([1; 32], 2), ([2; 32], 3)] {
            tx.add_register_row(&NewRegisterRow {
                tag,
                epoch: 1,
                nonce: vec![n],
                sealed: vec![n],
            })
            .unwrap();
        }
        let rows = tx.register_rows_by_tag(&[1; 32]).unwrap();
        assert_eq!(rows.len(), 2, "{}", b.name);
        tx.delete_register_row(rows[0].id).unwrap();
        assert_eq!(tx.count_register_rows().unwrap(), 2);
        assert_eq!(tx.register_rows().unwrap().len(), 2);

        let g = GrantRow {
            locator: "loc".into(),
            kind: GrantKind::Records,
            epoch: 1,
            recipient: [5; 32],
            envelope: Envelope {
                ephemeral: "e".into(),
                nonce: "n".into(),
                sealed: "s".into(),
            },
            endorsement: vec![1],
            granted_by: "hanna".into(),
            granted_at: "t".into(),
        };
        tx.put_grant(&g).unwrap();
        let mut g2 = g.clone();
        g2.epoch = 2;
        tx.put_grant(&g2).unwrap(); // replaces
        assert_eq!(
            tx.grant("loc", GrantKind::Records).unwrap(),
            Some(g2),
            "{}",
            b.name
        );
        assert!(tx.grant("loc", GrantKind::Reception).unwrap().is_none());
        assert_eq!(tx.grants(GrantKind::Records).unwrap().len(), 1);
        assert!(tx.delete_grant("loc", GrantKind::Records).unwrap());
        assert!(!tx.delete_grant("loc", GrantKind::Records).unwrap());
    }
}

#[test]
fn the_log_appends_walks_and_filters() {
    for mut b in backends() {
        let tx = b.store.begin().unwrap();
        assert!(tx.log_head().unwrap().is_none());
        for seq in 1..=4 {
            tx.log_append(&entry(seq, if seq % 2 == 0 { "a" } else { "b" }, seq == 3))
                .unwrap();
        }
        assert!(
            tx.log_append(&entry(2, "x", false)).is_err(),
            "{}: seq reused",
            b.name
        );
        assert_eq!(tx.log_head().unwrap().unwrap().0, 4);
        assert_eq!(
            tx.log_entry(2).unwrap().unwrap(),
            entry(2, "a", false),
            "{}",
            b.name
        );
        let mut seen = Vec::new();
        tx.log_walk(2, &mut |e| {
            seen.push((e.seq, e.fields.to_string(), e.detail.map(str::to_string)));
            Ok(e.seq < 3)
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                (2, "name,address".to_string(), Some("keys x".to_string())),
                (3, "name,address".to_string(), None)
            ],
            "{}",
            b.name
        );
        let q = |f: LogFilter| {
            tx.log_query(&f)
                .unwrap()
                .iter()
                .map(|e| e.seq)
                .collect::<Vec<_>>()
        };
        assert_eq!(q(LogFilter::default()), vec![4, 3, 2, 1], "{}", b.name);
        assert_eq!(
            q(LogFilter {
                actor: Some("a".into()),
                ..Default::default()
            }),
            vec![4, 2]
        );
        assert_eq!(
            q(LogFilter {
                flagged_only: true,
                ..Default::default()
            }),
            vec![3]
        );
        assert_eq!(
            q(LogFilter {
                since: Some("2026-01-02T00:00:00.000Z".into()),
                until: Some("2026-01-04T00:00:00.000Z".into()),
                ..Default::default()
            }),
            vec![3, 2]
        );
        assert_eq!(
            q(LogFilter {
                term_hash: Some("t1".into()),
                limit: Some(5),
                ..Default::default()
            }),
            vec![1]
        );
        assert_eq!(
            tx.count_log("a", "search", "2026-01-01T00:00:00.000Z")
                .unwrap(),
            2,
            "{}",
            b.name
        );
        assert_eq!(
            tx.count_log("a", "search", "2026-01-03T00:00:00.000Z")
                .unwrap(),
            1
        );
        assert_eq!(tx.count_log("a", "lookup", "").unwrap(), 0);
        let c = CheckpointRow {
            seq: 4,
            head_hash: vec![4; 32],
            at: "t".into(),
            signer: "a".into(),
            signer_key: [1; 32],
            from_seq: 0,
            entry_hashes: vec![0; 128],
            signature: vec![2; 64],
        };
        tx.add_checkpoint(&c).unwrap();
        assert_eq!(tx.checkpoints().unwrap(), vec![c], "{}", b.name);
    }
}

#[test]
fn deleting_a_person_takes_its_tokens_assignments_and_grants() {
    for mut b in backends() {
        let tx = b.store.begin().unwrap();
        let h = tx.insert_user(&user("h", Role::Handlaggare)).unwrap();
        let gone = tx.insert_person(&person("P-1", Some(1), h)).unwrap();
        let kept = tx.insert_person(&person("P-2", Some(2), h)).unwrap();
        let t = [0xAA; 16];
        for p in [gone, kept] {
            tx.set_name_tokens(p, &[t]).unwrap();
            tx.assign(p, h).unwrap();
        }
        tx.grant_emergency(&EmergencyRow {
            person_id: gone,
            user_id: h,
            log_seq: 1,
            expires_at: i64::MAX,
            may_edit: false,
        })
        .unwrap();
        assert!(tx.delete_person(gone).unwrap(), "{}", b.name);
        assert!(!tx.delete_person(gone).unwrap(), "{}: twice", b.name);
        assert!(tx.person_by_ref("P-1").unwrap().is_none());
        assert!(tx.person_by_identity_tag(&[1; 32]).unwrap().is_none());
        assert_eq!(tx.assigned_person_ids(h).unwrap(), vec![kept], "{}", b.name);
        assert_eq!(tx.emergency(gone, h, 0).unwrap(), None, "{}", b.name);
        let (hits, total) = tx.search_tokens(&[t], h, 0, 50).unwrap();
        assert_eq!((hits.len(), total), (1, 1), "{}", b.name);
        assert_eq!(tx.count_persons().unwrap(), 1);
    }
}
