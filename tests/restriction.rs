//! Restriction of processing (GDPR art. 18) and the protection marking, through the session: a
//! restricted person stays stored, is shown masked and can be rectified, but no field is revealed or
//! copied, no ordinary edit is made and no emergency access opens it; lifting the restriction and
//! changing the protection marking are operations of their own, with a reason, flagged for review.

mod common;

use common::{raw, synthetic_record, World, HANDLER, HANDLER2};
use skyddsvalv::records::{Field, PersonPatch, Protection, ProtectionKind};
use skyddsvalv::ErrorCode;

fn last_entry(s: &mut skyddsvalv::Session) -> raw::Row {
    let conn = s.raw_connection_for_tests();
    raw::row(conn, raw::head_seq(conn)).unwrap()
}

#[test]
fn a_restricted_person_is_stored_shown_and_rectified_but_not_revealed() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let mut record = synthetic_record(7, 1);
    record.address = Some("Skyddade gränd 3".into());
    let person = s.create_person(record).unwrap();
    s.restrict(&person, "personen har begärt begränsning")
        .unwrap();
    let e = last_entry(&mut s);
    assert_eq!(e.action, "restriction_set");
    assert!(e.flagged);
    assert!(e.purpose.unwrap().contains("begärt begränsning"));

    let view = s.show_person(&person).unwrap();
    assert!(view.restricted);
    for e in [
        s.reveal_field(&person, Field::Address, "kontakt")
            .unwrap_err(),
        s.copy_field(&person, Field::Address).unwrap_err(),
        s.edit_person(
            &person,
            PersonPatch {
                notes: Some("vanlig ändring".into()),
                ..Default::default()
            },
        )
        .unwrap_err(),
        s.set_protection(&person, Protection::default(), "ändrat beslut")
            .unwrap_err(),
    ] {
        assert_eq!(e.code(), ErrorCode::Denied, "{e}");
    }
    // Rectification is allowed, with its reason.
    s.rectify_person(
        &person,
        PersonPatch {
            address: Some("Rättade gränd 4".into()),
            ..Default::default()
        },
        "fel adress i registret",
    )
    .unwrap();
    let e = last_entry(&mut s);
    assert_eq!(e.action, "person_rectified");
    assert!(e.flagged && e.fields.contains("address"));

    // Lifting needs a reason (logged, flagged); then the value opens again.
    let short = s.lift_restriction(&person, "", "2026-01-05").unwrap_err();
    assert_eq!(short.code(), ErrorCode::InvalidInput);
    let refusal = last_entry(&mut s);
    assert_eq!(
        (refusal.action.as_str(), refusal.outcome.as_str()),
        ("restriction_lifted", "denied")
    );
    s.lift_restriction(&person, "personen underrättad före hävandet", "2026-01-05")
        .unwrap();
    let revealed = s.reveal_field(&person, Field::Address, "kontakt").unwrap();
    assert_eq!(revealed.value, "Rättade gränd 4");
}

#[test]
fn no_emergency_access_opens_a_restricted_person() {
    let world = World::new();
    let mut theirs = world.login(HANDLER2);
    let mut record = synthetic_record(7, 2);
    record.restricted = true;
    let person = theirs.create_person(record).unwrap();
    theirs.lock().unwrap();
    let mut s = world.login(HANDLER);
    let e = s
        .emergency_access(
            &person,
            "Akut läge: personen har ringt och behöver hjälp nu",
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Denied);
    let entry = last_entry(&mut s);
    assert_eq!(
        (entry.action.as_str(), entry.outcome.as_str()),
        ("emergency_access", "denied")
    );
    assert!(entry.flagged);
    assert_eq!(
        s.show_person(&person).unwrap_err().code(),
        ErrorCode::Denied,
        "still closed"
    );
}

#[test]
fn the_protection_marking_changes_only_with_a_reason_and_not_by_an_edit() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let person = s.create_person(synthetic_record(7, 3)).unwrap();
    let by_edit = s
        .edit_person(
            &person,
            PersonPatch {
                protection: Some(Protection::default()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(by_edit.code(), ErrorCode::InvalidInput);
    assert_eq!(
        last_entry(&mut s).outcome,
        "denied",
        "the attempt is logged"
    );
    let view = s
        .set_protection(
            &person,
            Protection {
                kind: Some(ProtectionKind::FingeradePersonuppgifter),
                since: Some("2026-11-01".into()),
                ..Default::default()
            },
            "beslut om fingerade personuppgifter",
        )
        .unwrap();
    assert_eq!(view.protection, "fingerade_personuppgifter");
    let e = last_entry(&mut s);
    assert_eq!(e.action, "protection_changed");
    assert!(e.flagged);
    // A reason holding one of the person's values is refused and not logged as given.
    let name = synthetic_record(7, 3).name;
    let leak = s
        .set_protection(
            &person,
            Protection::default(),
            &format!("samtal med {name}"),
        )
        .unwrap_err();
    assert_eq!(leak.code(), ErrorCode::InvalidInput);
    let refusal = last_entry(&mut s);
    assert!(!refusal.purpose.unwrap_or_default().contains(&name));
}
