//! Retention rules as data: a vault starts with the shipped social-services and health-care rules,
//! the administrator adds or replaces one (flagged as an administrative change in the log), a case
//! handler reads them but cannot change them, and a malformed rule is refused with its input named.

mod common;

use common::{World, ADMIN, GRANSKARE, HANDLER};
use skyddsvalv::audit::{FlagCode, LogFilter};
use skyddsvalv::duties::retention::{Anchor, Exception};
use skyddsvalv::ErrorCode;

#[test]
fn the_administrator_changes_a_rule_the_handler_reads_it_and_the_reviewer_sees_it_flagged() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let shipped = h.retention_rules().unwrap();
    let sol = shipped.iter().find(|r| r.id == "sol-personakt").unwrap();
    assert_eq!((sol.years, sol.anchor), (5, Anchor::LastNote));
    assert!(sol.exceptions.contains(&Exception::ChildPlacement));
    assert!(sol.paragraph.as_deref().unwrap().contains("2025:400"));
    assert_eq!(
        h.set_retention_rule(r#"{"id": "x"}"#).unwrap_err().code(),
        ErrorCode::Denied
    );
    h.lock().unwrap();

    let mut a = world.login(ADMIN);
    let replaced = r#"{"id": "sol-personakt", "record_class": "Personakt inom socialtjänsten",
        "organiser": "municipal_board", "anchor": "last_note", "years": 5,
        "end_of_following_year": true, "exceptions": ["adoption", "legal_hold"],
        "legal_source": "Fem år efter sista anteckningen", "paragraph": "SoL (2025:400)"}"#;
    let rules = a.set_retention_rule(replaced).unwrap();
    assert_eq!(rules.len(), shipped.len(), "replaced by id, not added");
    let err = a.set_retention_rule(r#"{"id": "Fel Id"}"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().contains("retention_rule") || format!("{err:?}").contains("RetentionRule")
    );
    a.lock().unwrap();

    let mut h = world.login(HANDLER);
    let now = h.retention_rules().unwrap();
    let sol = now.iter().find(|r| r.id == "sol-personakt").unwrap();
    assert!(sol.end_of_following_year);
    assert_eq!(sol.exceptions, [Exception::Adoption, Exception::LegalHold]);
    h.lock().unwrap();

    let mut g = world.login(GRANSKARE);
    let log = g
        .review_log(&LogFilter {
            action: Some("retention_rule_changed".into()),
            ..Default::default()
        })
        .unwrap();
    let allowed: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.entry.outcome == "allowed")
        .collect();
    assert_eq!(allowed.len(), 1);
    assert!(allowed[0].flags.contains(&FlagCode::AdminChange));
    assert_eq!(allowed[0].entry.purpose.as_deref(), Some("sol-personakt"));
}
