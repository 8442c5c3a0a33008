//! An unsaved form kept across the idle lock: sealed under the user's own key, so the stored row holds
//! no plaintext, another account (even with the database key) cannot open it, and the same user gets it
//! back once. Needs the `test-support` feature (raw reads of the settings table).

mod common;

use common::{World, ADMIN, HANDLER, HANDLER2};
use skyddsvalv::ErrorCode;

const DRAFT: &str =
    r#"{"view":"person-form","form":{"name":"Kanarie Utkastsson","address":"Hemliga gatan 9"}}"#;

fn stored_drafts(s: &mut skyddsvalv::Session) -> Vec<String> {
    let conn = s.raw_connection_for_tests();
    let mut stmt = conn
        .prepare("SELECT value FROM settings WHERE key LIKE 'draft/%'")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_draft_is_sealed_and_comes_back_once_to_the_same_user_only() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    h.keep_draft(DRAFT).unwrap();
    let rows = stored_drafts(&mut h);
    assert_eq!(rows.len(), 1);
    for needle in ["Kanarie", "Utkastsson", "Hemliga", "person-form"] {
        assert!(!rows[0].contains(needle), "the stored draft shows {needle}");
    }
    h.lock().unwrap();

    // Another handler, and the admin, get nothing (their keys do not open it) — and what they see in
    // the database is sealed.
    let mut other = world.login(HANDLER2);
    assert!(other.take_draft().unwrap().is_none());
    other.lock().unwrap();
    let mut admin = world.login(ADMIN);
    assert!(admin.take_draft().unwrap().is_none());
    admin.lock().unwrap();

    let mut h = world.login(HANDLER);
    assert_eq!(
        h.take_draft().unwrap().as_deref().map(|s| s.as_str()),
        Some(DRAFT)
    );
    assert!(h.take_draft().unwrap().is_none(), "handed back once");
    assert!(stored_drafts(&mut h).is_empty());
    h.keep_draft(DRAFT).unwrap();
    h.discard_draft().unwrap();
    assert!(h.take_draft().unwrap().is_none());
    let huge = "x".repeat(skyddsvalv::limits::MAX_DRAFT_BYTES + 1);
    assert_eq!(
        h.keep_draft(&huge).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    h.lock().unwrap();
}

#[test]
fn a_draft_moved_to_another_account_does_not_open() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    h.keep_draft(DRAFT).unwrap();
    // Someone with the database key copies the sealed draft under the other handler's name.
    let conn = h.raw_connection_for_tests();
    let (key, value): (String, String) = conn
        .query_row(
            "SELECT key, value FROM settings WHERE key LIKE 'draft/%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let locators: Vec<String> = conn
        .prepare("SELECT slot_locator FROM users")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for l in locators {
        let k = format!("draft/{l}");
        if k != key {
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                [&k, &value],
            )
            .unwrap();
        }
    }
    h.lock().unwrap();
    let mut other = world.login(HANDLER2);
    assert!(other.take_draft().unwrap().is_none());
    other.lock().unwrap();
}
