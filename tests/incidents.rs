//! The incident register through the public API: the reviewer and the administrator open incidents,
//! only the administrator changes them, every change is logged and named in the incident, the
//! 72-hour clock runs from discovery, a late notification needs its reason, hostile or personal text
//! is refused, and a failed log verification opens a draft incident discovered at that moment.

mod common;

use common::{World, ADMIN, GRANSKARE, HANDLER};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::duties::incident::{BreachKind, ClockStage, IncidentStatus};
use skyddsvalv::ErrorCode;

#[test]
fn the_reviewer_opens_the_administrator_manages_and_every_change_is_logged() {
    let world = World::new();
    let mut g = world.login(GRANSKARE);
    let opened = g
        .open_incident(r#"{"cause": "Utskrift lämnad i skrivaren", "kinds": ["confidentiality"]}"#)
        .unwrap();
    let id = opened.incident.id.clone();
    assert!(id.starts_with("INC-") && id.ends_with("-001"), "{id}");
    let clock = opened.clock.clone().expect("discovered now when not given");
    assert_eq!(clock.stage, ClockStage::Running);
    assert!((71..=72).contains(&clock.hours_left), "{clock:?}");
    assert_eq!(opened.incident.details.status, Some(IncidentStatus::Open));
    let refused = g
        .update_incident(&id, r#"{"severity": "high"}"#)
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Denied);
    g.lock().unwrap();

    let mut h = world.login(HANDLER);
    assert_eq!(h.list_incidents().unwrap_err().code(), ErrorCode::Denied);
    h.lock().unwrap();

    let mut a = world.login(ADMIN);
    let changed = a
        .update_incident(
            &id,
            r#"{"severity": "medium", "approx_persons": 1, "measures_taken": "Rutinen för utskrifter skärptes"}"#,
        )
        .unwrap();
    assert_eq!(changed.incident.changes.len(), 1);
    assert_eq!(changed.incident.changes[0].by, ADMIN);
    assert_eq!(
        changed.incident.changes[0].fields,
        ["approx_persons", "measures_taken", "severity"]
    );
    assert_eq!(
        a.update_incident("INC-1999-042", "{}").unwrap_err().code(),
        ErrorCode::IncidentNotFound
    );
    // Told IMY more than 72 hours after discovery: not without the reason.
    let late = r#"{"discovered_at": "2026-01-05T08:00:00.000Z", "imy_notified": true, "imy_notified_at": "2026-01-08T09:00:00.000Z"}"#;
    assert_eq!(
        a.update_incident(&id, late).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    let with_reason = late.replace(
        "}",
        r#", "delay_reason": "Incidenten upptäcktes av en konsult som rapporterade sent"}"#,
    );
    let notified = a.update_incident(&id, &with_reason).unwrap();
    assert_eq!(notified.clock.unwrap().stage, ClockStage::Stopped);
    // Hostile and personal text never reaches the register.
    for bad in [
        r#"{"consequences": "rad ett\u0007"}"#,
        r#"{"cause": "gällde 850709-9805"}"#,
        r#"{"linked_refs": ["Åsa Lindqvist"]}"#,
        r#"{"no_such_field": 1}"#,
        "inte json",
    ] {
        assert_eq!(
            a.update_incident(&id, bad).unwrap_err().code(),
            ErrorCode::InvalidInput,
            "{bad}"
        );
    }
    assert_eq!(a.list_incidents().unwrap().len(), 1);
    a.lock().unwrap();

    // The log holds every call, with the incident's reference and the fields changed, never a value.
    let mut g = world.login(GRANSKARE);
    let log = g
        .review_log(&LogFilter {
            limit: Some(200),
            ..Default::default()
        })
        .unwrap();
    let updates: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.entry.action == "incident_updated" && e.entry.outcome == "allowed")
        .collect();
    assert_eq!(updates.len(), 2, "two changes went through");
    assert!(updates
        .iter()
        .all(|e| e.entry.purpose.as_deref() == Some(id.as_str())));
    assert!(updates.iter().any(
        |e| e.entry.detail.as_deref() == Some("fields approx_persons measures_taken severity")
    ));
    let text = serde_json::to_string(&log.entries).unwrap();
    assert!(
        !text.contains("Rutinen för utskrifter"),
        "the log holds no text of the form"
    );
}

#[test]
fn a_failed_log_verification_opens_a_draft_incident_discovered_then() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let broken = common::append_unlinked_row(&mut h);
    h.lock().unwrap();

    let mut g = world.login(GRANSKARE);
    let before = skyddsvalv::time::now_rfc3339();
    let v = g.verify_log().unwrap();
    assert_eq!(v.broken_at, Some(broken));
    let opened = v
        .incident
        .clone()
        .expect("the verification names the incident it opened");
    // Verifying again finds the same break, names the same incident and opens nothing new.
    let again = g.verify_log().unwrap();
    assert_eq!(again.incident.as_deref(), Some(opened.as_str()));
    let all = g.list_incidents().unwrap();
    assert_eq!(all.len(), 1);
    let draft = &all[0];
    assert_eq!(draft.incident.id, opened);
    assert_eq!(draft.incident.details.status, Some(IncidentStatus::Draft));
    assert_eq!(draft.incident.details.kinds, [BreachKind::Integrity]);
    assert_eq!(draft.incident.details.linked_seqs, [broken]);
    let discovered = draft.incident.details.discovered_at.clone().unwrap();
    assert!(
        discovered >= before,
        "discovered when the verification failed"
    );
    assert_eq!(draft.clock.as_ref().unwrap().stage, ClockStage::Running);
}

/// The incident written after IMY's form: a PDF whose extracted text has the form's headings, the
/// public-document notice and "Ej angivet" for what nobody filled in; and JSON with the clock.
#[test]
fn an_incident_is_written_as_a_pdf_after_imys_form_and_as_json() {
    let world = World::new();
    let mut a = world.login(ADMIN);
    let i = a
        .open_incident(
            r#"{"cause": "Brev skickat till fel mottagare", "kinds": ["confidentiality"], "approx_persons": 2, "linked_refs": ["p-abcd-efgh-jkmn"]}"#,
        )
        .unwrap();
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .expect("HOME");
    let dir = home
        .join(".cache/skyddsvalv-test-reports")
        .join(format!("incident-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("incident.pdf");
    let json = dir.join("incident.json");
    use skyddsvalv::duties::incident_form::IncidentFormat;
    use skyddsvalv::rights::Lang;
    a.write_incident(&i.incident.id, IncidentFormat::Pdf, Lang::Sv, &pdf)
        .unwrap();
    a.write_incident(&i.incident.id, IncidentFormat::Json, Lang::Sv, &json)
        .unwrap();
    // A file is never overwritten.
    assert!(a
        .write_incident(&i.incident.id, IncidentFormat::Json, Lang::Sv, &json)
        .is_err());
    let text = common::pdf_text(&pdf);
    for needle in [
        i.incident.id.as_str(),
        "Om incidenten",
        "konfidentialitet",
        "Brev skickat till fel mottagare",
        "allmän handling",
        "Ej angivet",
        "timmar kvar",
        "P-ABCD-EFGH-JKMN",
    ] {
        assert!(text.contains(needle), "{needle} in the PDF:\n{text}");
    }
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["id"], i.incident.id.as_str());
    assert_eq!(doc["details"]["approx_persons"], 2);
    assert!(doc["clock"]["hours_left"].as_i64().unwrap() >= 71);
    assert!(doc["notice"].as_str().unwrap().contains("allmän handling"));
    std::fs::remove_dir_all(&dir).unwrap();
}
