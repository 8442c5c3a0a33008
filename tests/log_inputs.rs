//! What reaches the access log is validated, and every refusal leaves exactly one entry: hostile text
//! (escape sequences, newlines, direction marks, huge texts, the person's own values) never reaches the
//! log; refs are refs; a refused operation with bad input is logged once; the reviewer's own queries
//! are logged with their filter; the reception cannot sweep the register; events carried from the
//! failed-login file are marked unverified.

mod common;

use common::{
    password_of, raw, secret, synthetic_record, Canaries, World, ADMIN, GRANSKARE, HANDLER,
    HANDLER2, RECEPTION,
};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::records::Field;
use skyddsvalv::{ErrorCode, Session};

fn entries_after(s: &mut Session, seq: i64) -> Vec<raw::Row> {
    raw::rows_after(s.raw_connection_for_tests(), seq)
}

fn head(s: &mut Session) -> i64 {
    raw::head_seq(s.raw_connection_for_tests())
}

fn no_control(text: &str) -> bool {
    !text.chars().any(|c| {
        c.is_control()
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[test]
fn hostile_text_never_reaches_the_log_and_each_refusal_is_one_entry() {
    let world = World::new();
    let c = Canaries::new("logg", 5);
    let mut h = world.login(HANDLER);
    let mine = h.create_person(c.record()).unwrap();
    let mut h2 = world.login(HANDLER2);
    let theirs = h2.create_person(synthetic_record(3, 9)).unwrap();
    h2.lock().unwrap();

    let huge = "x".repeat(102_400);
    let own_value = format!("kontakt: hembesök {}", c.address);
    type Attempt<'a> = Box<dyn Fn(&mut Session) -> skyddsvalv::Result<()> + 'a>;
    let cases: Vec<(&str, Attempt)> = vec![
        (
            "an escape sequence in a purpose note",
            Box::new(|s| {
                s.reveal_field(&mine, Field::Phone, "kontakt: ok\u{1b}[2K\u{1b}[1Afalsk")
                    .map(drop)
            }),
        ),
        (
            "a newline in a purpose note",
            Box::new(|s| {
                s.reveal_field(&mine, Field::Phone, "kontakt: rad ett\nrad två")
                    .map(drop)
            }),
        ),
        (
            "a direction override",
            Box::new(|s| {
                s.reveal_field(&mine, Field::Phone, "kontakt: \u{202E}txet")
                    .map(drop)
            }),
        ),
        (
            "the person's own value in the note",
            Box::new(|s| s.reveal_field(&mine, Field::Phone, &own_value).map(drop)),
        ),
        (
            "a 102 400-character justification",
            Box::new(|s| s.emergency_access(&theirs, &huge).map(drop)),
        ),
        (
            "a short justification",
            Box::new(|s| s.emergency_access(&theirs, "kort").map(drop)),
        ),
        (
            "a person that does not exist",
            Box::new(|s| s.show_person("P-ZZZZ-ZZZZ-ZZZZ").map(drop)),
        ),
        (
            "a loose purpose for an art. 9 field",
            Box::new(|s| s.reveal_field(&mine, Field::Health, "kontakt").map(drop)),
        ),
        (
            "an arbitrary string as a person ref",
            Box::new(|s| {
                s.show_person("'; DROP TABLE persons; --\u{1b}[31m")
                    .map(drop)
            }),
        ),
    ];
    for (what, run) in cases {
        let before = head(&mut h);
        let e = run(&mut h).unwrap_err();
        assert!(
            matches!(
                e.code(),
                ErrorCode::InvalidInput | ErrorCode::PersonNotFound
            ),
            "{what}: {} ({e})",
            e.code()
        );
        let written = entries_after(&mut h, before);
        assert_eq!(written.len(), 1, "{what}: {written:?}");
        let entry = &written[0];
        assert_eq!(entry.outcome, "denied", "{what}");
        assert!(entry.flagged, "{what}");
        let stored = format!(
            "{} {} {}",
            entry.purpose.clone().unwrap_or_default(),
            entry.person_ref.clone().unwrap_or_default(),
            entry.fields
        );
        assert!(no_control(&stored), "{what}: {stored:?}");
        assert!(
            stored.len() < 200,
            "{what}: {} characters stored",
            stored.len()
        );
        assert!(!stored.contains(&c.address), "{what}");
        if let Some(r) = &entry.person_ref {
            assert!(
                r == "(not a person ref)" || skyddsvalv::records::refs::parse_ref(r).is_ok(),
                "{what}: ref {r:?}"
            );
        }
    }
    // A good note is logged as given.
    let before = head(&mut h);
    h.reveal_field(&mine, Field::Phone, "kontakt: ringa tillbaka i eftermiddag")
        .unwrap();
    let e = &entries_after(&mut h, before)[0];
    assert_eq!(
        e.purpose.as_deref(),
        Some("kontakt: ringa tillbaka i eftermiddag")
    );
    h.lock().unwrap();
}

#[test]
fn the_reviewers_queries_are_logged_with_their_filter() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let p = h.create_person(synthetic_record(4, 1)).unwrap();
    let hash = h.term_hash("1985").unwrap();
    h.lock().unwrap();
    let mut g = world.login(GRANSKARE);
    let before = head(&mut g);
    g.view_log(&LogFilter {
        person_ref: Some(p.clone()),
        term_hash: Some(hash.clone()),
        ..Default::default()
    })
    .unwrap();
    let e = &entries_after(&mut g, before)[0];
    assert_eq!(e.action, "log_viewed");
    assert_eq!(e.person_ref.as_deref(), Some(p.as_str()));
    assert_eq!(e.term_hash.as_deref(), Some(hash.as_str()));
    g.lock().unwrap();
}

#[test]
fn the_reception_cannot_sweep_the_register() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let c = Canaries::new("svep", 7);
    h.create_person(c.record()).unwrap();
    h.lock().unwrap();
    let mut r = world.login(RECEPTION);
    let before = head(&mut r);
    let mut refused = 0;
    for serial in 1..=200u16 {
        let n = skyddsvalv::identity::Personnummer::from_parts(
            1985,
            7,
            9,
            serial,
            skyddsvalv::identity::Kind::Personnummer,
        )
        .unwrap()
        .canonical();
        match r.lookup(&n) {
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::RateLimited);
                refused += 1;
            }
        }
    }
    assert!(refused >= 100, "{refused} of 200 lookups refused");
    let written = entries_after(&mut r, before);
    assert_eq!(written.len(), 200, "one entry per attempt");
    let denied = written.iter().filter(|e| e.outcome == "denied").count();
    assert_eq!(denied, refused);
    assert!(written
        .iter()
        .filter(|e| e.outcome == "denied")
        .all(|e| e.flagged));
    let burst_flagged = written
        .iter()
        .filter(|e| e.outcome == "allowed" && e.flagged)
        .count();
    assert!(
        burst_flagged > 0,
        "a burst of allowed lookups is flagged too"
    );
    r.lock().unwrap();
}

#[test]
fn carried_login_failures_are_marked_unverified_and_unknown_names_are_not_kept() {
    let world = World::new();
    // Wrong passwords for a real account, and a "name" that is really a password typed in the wrong
    // field.
    for _ in 0..2 {
        assert!(world.vault.login(HANDLER, &secret("fel lösenord")).is_err());
    }
    let typo = "Mitt-Hemliga-Lösen-Ö99";
    assert!(world.vault.login(typo, &secret("vad som helst")).is_err());
    let file = std::fs::read_to_string(world.dir.join("attempts.json")).unwrap();
    let locator = skyddsvalv::vault::keyslots::KeyslotFile::load(&world.dir.join("keyslots.json"))
        .unwrap()
        .locator_for(typo);
    assert!(
        !file.contains(&locator),
        "a name that is no account was kept"
    );
    // Someone with the files forges an old, back-dated event for the admin.
    let mut json: serde_json::Value = serde_json::from_str(&file).unwrap();
    let admin_locator =
        skyddsvalv::vault::keyslots::KeyslotFile::load(&world.dir.join("keyslots.json"))
            .unwrap()
            .locator_for(ADMIN);
    json["pending"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"locator": admin_locator, "kind": "login_failed", "at": 1}));
    std::fs::write(world.dir.join("attempts.json"), json.to_string()).unwrap();

    let mut g = world.login(GRANSKARE);
    let carried = g
        .view_log(&LogFilter {
            action: Some("login_failed".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(carried.len(), 3, "{carried:?}");
    assert!(carried.iter().all(|e| e
        .purpose
        .as_deref()
        .unwrap_or_default()
        .starts_with("unverified")));
    // The forged time (1970) is clamped: no carried entry is older than the entry before it.
    let first = g.view_log(&LogFilter::default()).unwrap();
    let oldest_carried = carried.iter().map(|e| e.at.clone()).min().unwrap();
    assert!(oldest_carried.as_str() > "2000", "{oldest_carried}");
    assert!(!first.is_empty());
    g.lock().unwrap();
}

#[test]
fn a_slot_altered_at_login_is_refused_and_logged() {
    let world = World::new();
    // The handler's slot digest in the vault no longer matches the slot (a rolled-back slot).
    let mut admin = world.login(ADMIN);
    raw::exec(
        admin.raw_connection_for_tests(),
        "UPDATE users SET slot_digest = x'00' WHERE name = ?1",
        [HANDLER],
    );
    admin.lock().unwrap();
    let e = match world.vault.login(HANDLER, &secret(&password_of(HANDLER))) {
        Err(e) => e,
        Ok(_) => panic!("an altered slot opened"),
    };
    assert_eq!(e.code(), ErrorCode::SlotTampered);
    let mut g = world.login(GRANSKARE);
    let refused = g
        .view_log(&LogFilter {
            actor: Some(HANDLER.into()),
            action: Some("login".into()),
            flagged_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].outcome, "denied");
    g.lock().unwrap();
}
