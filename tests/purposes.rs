//! The vault's purposes are data the administrator adjusts, through the public API: an own purpose is
//! accepted by a reveal once added, a retired default is refused from then on, art. 9 fields take only
//! those allowed for them, nobody but the administrator can change the list, and each change is logged.
//! Contacts change one by one and a reveal of them returns the list. Needs `test-support` (log rows).

mod common;

use common::{raw, Canaries, World, ADMIN, GRANSKARE, HANDLER, RECEPTION};
use skyddsvalv::records::purpose::PurposeEntry;
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::ErrorCode;

fn own(code: &str, strict: bool) -> PurposeEntry {
    PurposeEntry {
        code: code.into(),
        sv: "Hembesök".into(),
        en: "Home visit".into(),
        strict,
        active: true,
    }
}

#[test]
fn the_admin_adds_and_retires_purposes_and_reveals_follow_the_list() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let r = h
        .create_person(Canaries::new("syfte", 71).record())
        .unwrap();
    assert_eq!(
        h.reveal_field(&r, Field::Address, "hembesok")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    // The defaults cover an investigation and ongoing case work for art. 9 fields.
    h.reveal_field(&r, Field::Health, "utredning").unwrap();
    h.lock().unwrap();

    let mut admin = world.login(ADMIN);
    let mut list = admin.purposes().unwrap();
    list.iter_mut()
        .find(|p| p.code == "samverkan")
        .unwrap()
        .active = false;
    list.push(own("hembesok", false));
    let saved = admin.set_purposes(list).unwrap();
    assert!(saved.iter().any(|p| p.code == "hembesok" && p.active));
    let last = raw::rows_after(admin.raw_connection_for_tests(), 0)
        .pop()
        .unwrap();
    assert_eq!(last.action, "settings_changed");
    assert!(
        last.purpose
            .as_deref()
            .is_some_and(|p| p.starts_with("purposes=")
                && p.contains("hembesok")
                && !p.contains("samverkan")),
        "{:?}",
        last.purpose
    );
    // A default cannot be removed, and art. 9 fields keep at least one purpose.
    let without: Vec<_> = saved
        .iter()
        .filter(|p| p.code != "kontakt")
        .cloned()
        .collect();
    assert_eq!(
        admin.set_purposes(without).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    admin.lock().unwrap();

    let mut h = world.login(HANDLER);
    assert_eq!(
        h.purposes().unwrap(),
        saved,
        "every role reads the same list"
    );
    h.reveal_field(&r, Field::Address, "hembesok").unwrap();
    assert_eq!(
        h.reveal_field(&r, Field::Health, "hembesok")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput,
        "an own purpose not allowed for art. 9 opened a health field"
    );
    assert_eq!(
        h.reveal_field(&r, Field::Address, "samverkan")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput,
        "a retired purpose was accepted"
    );

    // Only the administrator changes the list.
    let list = h.purposes().unwrap();
    assert_eq!(
        h.set_purposes(list.clone()).unwrap_err().code(),
        ErrorCode::Denied
    );
    h.lock().unwrap();
    for user in [RECEPTION, GRANSKARE] {
        let mut s = world.login(user);
        assert_eq!(
            s.set_purposes(list.clone()).unwrap_err().code(),
            ErrorCode::Denied,
            "{user}"
        );
        s.lock().unwrap();
    }
}

#[test]
fn contacts_change_one_by_one_and_a_reveal_lists_them() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let r = h
        .create_person(Canaries::new("kontakt", 72).record())
        .unwrap();
    let before = h.reveal_field(&r, Field::Contacts, "kontakt").unwrap();
    let n = before.contacts.as_ref().map_or(0, Vec::len);
    let patch: PersonPatch = skyddsvalv::records::model::from_json(
        r#"{"contact_edits": [{"op": "add", "contact": {"name": "Ny Kontaktsson", "relation": "granne"}}]}"#,
    )
    .unwrap();
    h.edit_person(&r, patch).unwrap();
    let after = h.reveal_field(&r, Field::Contacts, "rattelse").unwrap();
    let list = after.contacts.expect("a reveal of contacts lists them");
    assert_eq!(list.len(), n + 1);
    assert_eq!(list.last().unwrap().name, "Ny Kontaktsson");
    assert_eq!(
        list[..n].iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        before
            .contacts
            .unwrap_or_default()
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>(),
        "the others were kept as they were"
    );
    let stale: PersonPatch = skyddsvalv::records::model::from_json(&format!(
        r#"{{"contact_edits": [{{"op": "remove", "index": {}}}]}}"#,
        n + 5
    ))
    .unwrap();
    assert_eq!(
        h.edit_person(&r, stale).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    let still = h.reveal_field(&r, Field::Contacts, "rattelse").unwrap();
    assert_eq!(
        still.contacts.unwrap().len(),
        n + 1,
        "a refused edit changed the list"
    );
}
