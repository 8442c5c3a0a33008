//! Restriction of processing (GDPR art. 18): a restricted person stays stored and can be viewed masked
//! and corrected (including lifting the restriction), but no field is revealed or copied — and every
//! refused attempt is in the log.

mod common;

use common::{synthetic_record, World, HANDLER};
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::ErrorCode;

#[test]
fn restricted_person_cannot_be_revealed_until_lifted() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let mut record = synthetic_record(7, 1);
    record.address = Some("Skyddade gränd 3".into());
    record.restricted = true;
    let person = s.create_person(record).unwrap();

    let view = s.show_person(&person).unwrap();
    assert!(view.restricted);
    let e = s
        .reveal_field(&person, Field::Address, "kontakt")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Denied);
    assert_eq!(
        s.record_copy(&person, Field::Address).unwrap_err().code(),
        ErrorCode::Denied
    );

    s.edit_person(
        &person,
        PersonPatch {
            restricted: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    let revealed = s.reveal_field(&person, Field::Address, "kontakt").unwrap();
    assert_eq!(revealed.value, "Skyddade gränd 3");
}
