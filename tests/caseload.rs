//! A case handler's day through the public API: the caseload ("Mina personer"), names of a page of it
//! revealed with one purpose, a group of fields revealed with one purpose, search by ref, review dates
//! that are overdue, and emergency access requested by identity number. Each log claim is read back
//! through the raw connection (the `test-support` feature).

mod common;

use common::{raw, Canaries, World, GRANSKARE, HANDLER, HANDLER2};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::records::{Category, Field, PersonPatch, ReviewStatus};
use skyddsvalv::ErrorCode;

/// Three persons of `HANDLER` (one with an overdue review) and one of `HANDLER2`.
fn world() -> (World, Vec<(Canaries, String)>, (Canaries, String)) {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let mut mine = Vec::new();
    for (i, tag) in ["epsilon", "zeta", "eta"].iter().enumerate() {
        let c = Canaries::new(tag, 50 + i as u16);
        let mut record = c.record();
        if i == 0 {
            record.protection.review_on = Some("2020-03-01".into());
        }
        let r = h.create_person(record).unwrap();
        mine.push((c, r));
    }
    h.lock().unwrap();
    let mut h2 = world.login(HANDLER2);
    let c = Canaries::new("theta", 60);
    let r = h2.create_person(c.record()).unwrap();
    h2.lock().unwrap();
    (world, mine, (c, r))
}

fn last_entry(s: &mut skyddsvalv::Session) -> raw::Row {
    let rows = raw::rows_after(s.raw_connection_for_tests(), 0);
    rows.into_iter()
        .rev()
        .find(|r| r.action != "lock" && r.action != "login")
        .expect("an entry")
}

#[test]
fn the_caseload_lists_exactly_the_handlers_persons_masked_with_their_review_status() {
    let (world, mine, (theirs, their_ref)) = world();
    let mut h = world.login(HANDLER);
    let list = h.caseload().unwrap();
    let refs: Vec<&str> = list.persons.iter().map(|p| p.person_ref.as_str()).collect();
    assert_eq!(refs.len(), 3, "{refs:?}");
    for (_, r) in &mine {
        assert!(refs.contains(&r.as_str()));
    }
    assert!(!refs.contains(&their_ref.as_str()));
    let shown = serde_json::to_string(&list).unwrap();
    for (c, _) in mine.iter().chain([&(theirs, their_ref)]) {
        for needle in c.needles() {
            assert!(!shown.contains(&needle), "the caseload shows {needle}");
        }
    }
    assert!(list.persons.iter().all(|p| p.identity.starts_with("1985")));
    let overdue = list
        .persons
        .iter()
        .find(|p| p.person_ref == mine[0].1)
        .unwrap();
    assert_eq!(overdue.review, ReviewStatus::Overdue);
    assert_eq!(list.needs_attention, 1);
    assert_eq!(
        h.show_person(&mine[0].1).unwrap().review,
        ReviewStatus::Overdue,
        "the card marks it too"
    );
    let _ = h.caseload().unwrap();
    let e = last_entry(&mut h);
    assert_eq!(e.action, "caseload_listed");
    assert_eq!(e.outcome, "allowed");
    h.lock().unwrap();
}

#[test]
fn the_names_of_a_page_are_revealed_with_one_purpose_in_one_entry() {
    let (world, mine, (_, their_ref)) = world();
    let mut h = world.login(HANDLER);
    let refs: Vec<String> = mine.iter().map(|(_, r)| r.clone()).collect();
    let before = raw::head_seq(h.raw_connection_for_tests());
    let names = h.reveal_names(&refs, "handlaggning").unwrap();
    assert_eq!(names.len(), 3);
    for (c, r) in &mine {
        let n = names.iter().find(|n| &n.person_ref == r).unwrap();
        assert_eq!(n.value, c.full_name());
    }
    let written = raw::rows_after(h.raw_connection_for_tests(), before);
    assert_eq!(written.len(), 1, "one entry for the whole page");
    assert_eq!(written[0].action, "names_revealed");
    for r in &refs {
        assert!(
            written[0]
                .detail
                .as_deref()
                .unwrap_or("")
                .contains(r.as_str()),
            "the entry names {r}"
        );
    }
    // A copy of a name just revealed is allowed (the reveal counts for every name on the page).
    assert_eq!(
        h.copy_field(&refs[1], Field::Name).unwrap().as_str(),
        mine[1].0.full_name()
    );

    // One person on the page who is not the handler's refuses the whole reveal, logged and flagged.
    let mut mixed = refs.clone();
    mixed.push(their_ref);
    let before = raw::head_seq(h.raw_connection_for_tests());
    let e = h.reveal_names(&mixed, "handlaggning").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Denied);
    let written = raw::rows_after(h.raw_connection_for_tests(), before);
    assert_eq!(written.len(), 1);
    assert!(written[0].outcome == "denied" && written[0].flagged);
    // Nothing or too much is an input error, not a reveal.
    assert_eq!(
        h.reveal_names(&[], "handlaggning").unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    h.lock().unwrap();

    // The reviewer who looks at one person sees the page's reveal among that person's entries.
    let mut g = world.login(GRANSKARE);
    for r in &refs {
        let about = g
            .view_log(&LogFilter {
                person_ref: Some(r.clone()),
                action: Some("names_revealed".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(about.len(), 1, "the names reveal is not found by {r}");
    }
    let other = g
        .view_log(&LogFilter {
            person_ref: Some(mixed.last().unwrap().clone()),
            action: Some("names_revealed".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        other.iter().all(|e| e.outcome == "denied"),
        "a person not on the revealed page is found by it"
    );
    g.lock().unwrap();
}

#[test]
fn a_group_of_fields_is_revealed_with_one_purpose_in_one_entry_naming_every_field() {
    let (world, mine, _) = world();
    let (c, r) = &mine[1];
    let mut h = world.login(HANDLER);
    let group = Category::Platsdata.fields();
    assert_eq!(
        group,
        vec![Field::Address, Field::Postcode, Field::Municipality]
    );
    let before = raw::head_seq(h.raw_connection_for_tests());
    let shown = h.reveal_fields(r, &group, "kontakt").unwrap();
    let values: Vec<&str> = shown.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(
        values,
        vec![
            c.address.as_str(),
            c.postcode.as_str(),
            c.municipality.as_str()
        ]
    );
    let written = raw::rows_after(h.raw_connection_for_tests(), before);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].action, "field_revealed");
    assert_eq!(written[0].fields, "address,postcode,municipality");
    assert!(
        !written[0].flagged,
        "no art. 9 field, assigned: not flagged"
    );

    // A purpose that does not fit an art. 9 field in the group refuses the whole group.
    let before = raw::head_seq(h.raw_connection_for_tests());
    let e = h
        .reveal_fields(r, &[Field::Address, Field::Health], "kontakt")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let written = raw::rows_after(h.raw_connection_for_tests(), before);
    assert!(written.len() == 1 && written[0].outcome == "denied");
    // With a strict purpose both are shown, and the entry is flagged for the art. 9 field.
    let both = h
        .reveal_fields(r, &[Field::Address, Field::Health], "vard_och_stod")
        .unwrap();
    assert_eq!(both[1].value, c.health);
    assert!(last_entry(&mut h).flagged);
    h.lock().unwrap();
}

#[test]
fn search_finds_a_ref_only_among_the_handlers_persons() {
    let (world, mine, (_, their_ref)) = world();
    let mut h = world.login(HANDLER);
    let found = h.find_persons(&mine[2].1.to_lowercase()).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.hits[0].person_ref, mine[2].1);
    let theirs = h.find_persons(&their_ref).unwrap();
    assert!(theirs.hits.is_empty() && theirs.total == 0);
    h.lock().unwrap();
}

#[test]
fn emergency_access_by_identity_number_is_resolved_logged_by_ref_and_flags_what_follows() {
    let (world, _, (theirs, their_ref)) = world();
    let mut h = world.login(HANDLER);
    let spelled = format!("{}-{}", &theirs.identity[2..8], &theirs.identity[8..]);
    let grant = h
        .emergency_access(
            &spelled,
            "Personen ringde och behöver akut hjälp med boende nu",
        )
        .unwrap();
    assert_eq!(grant.person_ref, their_ref);
    assert!(!grant.may_edit);
    let e = last_entry(&mut h);
    assert_eq!(e.action, "emergency_access");
    assert_eq!(e.person_ref.as_deref(), Some(their_ref.as_str()));
    let digits: String = theirs.identity.chars().collect();
    assert!(
        !format!("{e:?}").contains(&digits) && !format!("{e:?}").contains(&spelled),
        "the number is never in the entry"
    );
    // Read-only unless asked: an edit is refused (logged), a view is flagged.
    let patch = PersonPatch {
        notes: Some("Kontakt tagen under nödåtkomst".into()),
        ..Default::default()
    };
    assert_eq!(
        h.edit_person(&their_ref, patch).unwrap_err().code(),
        ErrorCode::Denied
    );
    assert!(last_entry(&mut h).outcome == "denied");
    h.show_person(&their_ref).unwrap();
    let e = last_entry(&mut h);
    assert!(e.action == "person_viewed" && e.flagged);
    // Asked for in the justification: editing is allowed, and flagged.
    let grant = h
        .emergency_access_to_edit(
            &their_ref,
            "Personen behöver ny adress registrerad akut idag",
        )
        .unwrap();
    assert!(grant.may_edit);
    h.edit_person(
        &their_ref,
        PersonPatch {
            notes: Some("Kontakt tagen under nödåtkomst".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let e = last_entry(&mut h);
    assert!(e.action == "person_edited" && e.flagged);
    assert!(h.show_person(&their_ref).unwrap().emergency_may_edit);

    // A number with a wrong check digit says so; an unknown valid one is not found.
    let mut wrong = theirs.identity.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    let err = h
        .emergency_access(
            &wrong,
            "Personen ringde och behöver akut hjälp med boende nu",
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidIdentityNumber);
    let unknown = Canaries::new("iota", 99).identity;
    let err = h
        .emergency_access(
            &unknown,
            "Personen ringde och behöver akut hjälp med boende nu",
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::PersonNotFound);
    h.lock().unwrap();
}

#[test]
fn changing_only_the_review_date_keeps_the_note_and_null_clears_a_part() {
    let (world, mine, _) = world();
    let (c, r) = &mine[1];
    let mut h = world.login(HANDLER);
    let change: skyddsvalv::records::ProtectionPatch =
        skyddsvalv::records::model::from_json(r#"{"review_on": "2027-06-01"}"#).unwrap();
    let view = h
        .change_protection(r, change, "nytt beslut om omprövning")
        .unwrap();
    assert_eq!(view.protection_review_on.as_deref(), Some("2027-06-01"));
    assert_eq!(view.protection, "skyddad_folkbokforing");
    let note = h
        .reveal_field(r, Field::ProtectionNote, "handlaggning")
        .unwrap();
    assert_eq!(note.value, c.protection_note, "the note is kept");
    let clear: skyddsvalv::records::ProtectionPatch =
        skyddsvalv::records::model::from_json(r#"{"note": null}"#).unwrap();
    h.change_protection(r, clear, "anteckningen är inaktuell")
        .unwrap();
    let note = h
        .reveal_field(r, Field::ProtectionNote, "handlaggning")
        .unwrap();
    assert_eq!(note.value, "", "null clears the note");
    assert_eq!(
        h.show_person(r).unwrap().protection_review_on.as_deref(),
        Some("2027-06-01")
    );
    h.lock().unwrap();
}
