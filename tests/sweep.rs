//! The gallring sweep end to end through the public API: files whose anchors straddle the limit,
//! exceptions, a legal hold and an open request; a destruction list proposed by one case handler and
//! refused to the same, approved by another, interrupted and resumed; one log entry per erased
//! person; a signed certificate with no person in it; and afterwards none of the erased canaries in
//! any page of the database an attacker with the administrator's account decrypts.

mod common;

use common::attacker::{all_cells, decrypted_pages, open_db, steal};
use common::scan::contains;
use common::{password_of, Canaries, World, ADMIN, GRANSKARE, HANDLER, HANDLER2, RECEPTION};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::duties::incident_form::IncidentFormat;
use skyddsvalv::duties::retention::Exception;
use skyddsvalv::duties::sweep::{DestructionStatus, Hold, Standing};
use skyddsvalv::records::{PersonPatch, RetentionFacts};
use skyddsvalv::rights::{Channel, Lang, RequestKind};
use skyddsvalv::session::open_certificate;
use skyddsvalv::ErrorCode;
use time::{Duration, OffsetDateTime};

fn days_ago(years: i32, extra_days: i64) -> String {
    let today = OffsetDateTime::now_utc().date();
    let back = today
        .replace_year(today.year() - years)
        .unwrap_or_else(|_| {
            today
                .replace_day(28)
                .unwrap()
                .replace_year(today.year() - years)
                .unwrap()
        });
    (back - Duration::days(extra_days)).to_string()
}

/// A rule that runs five years from the end of the matter and knows the placement exception.
const MATTER_RULE: &str = r#"{"id": "avslutat-arende", "record_class": "Avslutade ärenden",
    "organiser": "municipal_board", "anchor": "matter_ended", "years": 5,
    "exceptions": ["child_placement", "legal_hold", "open_request"],
    "legal_source": "Gallras fem år efter att ärendet avslutades", "paragraph": "SoL (2025:400)"}"#;

fn facts(ended: Option<String>, exceptions: Vec<Exception>) -> PersonPatch {
    PersonPatch {
        retain_until: Some(String::new()),
        retention: Some(RetentionFacts {
            rule: Some("avslutat-arende".into()),
            matter_ended: ended,
            exceptions,
        }),
        ..Default::default()
    }
}

#[test]
fn the_sweep_lists_exactly_the_due_files_and_two_handlers_erase_them_for_good() {
    let world = World::new();
    let mut a = world.login(ADMIN);
    a.set_retention_rule(MATTER_RULE).unwrap();
    a.lock().unwrap();

    let mut h = world.login(HANDLER);
    let make = |h: &mut skyddsvalv::Session, tag: &str, n: u16, patch: PersonPatch| {
        let c = Canaries::new(tag, n);
        let person = h.create_person(c.record()).unwrap();
        h.edit_person(&person, patch).unwrap();
        (c, person)
    };
    // Due: a day past the limit, and on the day itself.
    let (late, late_ref) = make(&mut h, "gallrasen", 40, facts(Some(days_ago(5, 1)), vec![]));
    let (on_day, on_day_ref) = make(
        &mut h,
        "gallrasdag",
        41,
        facts(Some(days_ago(5, 0)), vec![]),
    );
    // Not due: a day short, no end of the matter yet, the default rule (registered today).
    let (_, short_ref) = make(&mut h, "ejannu", 42, facts(Some(days_ago(5, -1)), vec![]));
    let (_, open_ref) = make(&mut h, "pagar", 43, facts(None, vec![]));
    let (_, default_ref) = make(&mut h, "standard", 44, PersonPatch::default());
    // Kept although due: a child placement, a legal hold, an open request, a duty to keep.
    let (_, placed_ref) = make(
        &mut h,
        "placerad",
        45,
        facts(Some(days_ago(6, 0)), vec![Exception::ChildPlacement]),
    );
    let (_, hold_ref) = make(
        &mut h,
        "rattsligt",
        46,
        facts(Some(days_ago(6, 0)), vec![Exception::LegalHold]),
    );
    let (_, request_ref) = make(&mut h, "begaran", 47, facts(Some(days_ago(6, 0)), vec![]));
    let today = OffsetDateTime::now_utc().date().to_string();
    h.open_request(&request_ref, RequestKind::Access, &today, Channel::InPerson)
        .unwrap();
    let mut keep = facts(Some(days_ago(6, 0)), vec![]);
    keep.retain_until = Some(days_ago(-1, 0));
    let (_, duty_ref) = make(&mut h, "plikt", 48, keep);

    let card = h.show_person(&late_ref).unwrap();
    assert_eq!(card.retention.standing, Standing::Due);
    assert_eq!(card.retention.rule.as_deref(), Some("avslutat-arende"));
    assert_eq!(card.retention.anchor_date, Some(days_ago(5, 1)));
    let card = h.show_person(&default_ref).unwrap();
    assert_eq!(card.retention.standing, Standing::Running);
    assert!(card.retention.anchor_is_registration);

    let sweep = h.retention_due().unwrap();
    let mut due: Vec<_> = sweep.due.iter().map(|i| i.person_ref.clone()).collect();
    due.sort();
    let mut want = vec![late_ref.clone(), on_day_ref.clone()];
    want.sort();
    assert_eq!(due, want, "exactly the files at or past the limit");
    let held = |r: &str| {
        sweep
            .withheld
            .iter()
            .find(|i| i.person_ref == r)
            .map(|i| i.assessment.holds.clone())
    };
    assert_eq!(held(&placed_ref), Some(vec![Hold::ChildPlacement]));
    assert_eq!(held(&hold_ref), Some(vec![Hold::LegalHold]));
    assert_eq!(held(&request_ref), Some(vec![Hold::OpenRequest]));
    assert_eq!(held(&duty_ref), Some(vec![Hold::KeepUntil]));
    assert_eq!(sweep.withheld.len(), 4);
    assert_eq!(sweep.running, 3, "{short_ref}, {open_ref}, {default_ref}");

    let proposal = h.propose_destruction().unwrap();
    assert_eq!(proposal.files.len(), 2);
    assert_eq!(
        h.propose_destruction().unwrap_err().code(),
        ErrorCode::InvalidInput,
        "a file is on one list at a time"
    );
    // The proposer cannot approve their own list; the refusal is logged and nothing is erased.
    let err = h.approve_destruction(&proposal.id, |_| true).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Denied);
    assert!(h.show_person(&late_ref).is_ok());
    h.lock().unwrap();

    // Neither the administrator nor the reviewer can approve (they hold no records key either).
    for who in [ADMIN, GRANSKARE] {
        let mut s = world.login(who);
        assert!(s.approve_destruction(&proposal.id, |_| true).is_err());
        s.lock().unwrap();
    }
    // What the sweep withheld is on the list as counts by reason, which the administrator sees.
    let mut admin = world.login(ADMIN);
    let lists = admin.destructions().unwrap();
    let counted: Vec<(Hold, u64)> = lists[0]
        .withheld
        .iter()
        .map(|c| (c.hold, c.files))
        .collect();
    assert_eq!(
        counted,
        [
            (Hold::ChildPlacement, 1),
            (Hold::LegalHold, 1),
            (Hold::OpenRequest, 1),
            (Hold::KeepUntil, 1)
        ]
    );
    admin.lock().unwrap();

    // The second handler approves; the run is interrupted after the first file, then resumed.
    let mut h2 = world.login(HANDLER2);
    let mut seen = Vec::new();
    let first = h2
        .approve_destruction(&proposal.id, |p| {
            seen.push((p.done, p.total));
            false
        })
        .unwrap();
    assert_eq!(
        (first.status, first.erased),
        (DestructionStatus::Approved, 1)
    );
    assert_eq!(seen, [(1, 2)]);
    let done = h2.approve_destruction(&proposal.id, |_| true).unwrap();
    assert_eq!(
        (done.status, done.erased, done.kept),
        (DestructionStatus::Done, 2, 0)
    );
    assert_eq!(
        h2.approve_destruction(&proposal.id, |_| true)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput,
        "a done list is not run again"
    );

    // The certificate: signed, with the rule and the count, and no person in it.
    let dir = std::path::PathBuf::from(std::env::var_os("HOME").expect("HOME"))
        .join(".cache/skyddsvalv-test-reports")
        .join(format!("sweep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("gallringsintyg.json");
    h2.write_destruction_certificate(&proposal.id, IncidentFormat::Json, Lang::Sv, &out)
        .unwrap();
    let signed = std::fs::read_to_string(&out).unwrap();
    let cert = open_certificate(&signed).unwrap();
    assert_eq!(cert.persons_erased, 2);
    assert_eq!(cert.rules[0].rule, "avslutat-arende");
    assert_eq!(cert.approved_by, HANDLER2);
    assert_eq!(cert.proposed_by, HANDLER);
    for r in [&late_ref, &on_day_ref] {
        assert!(!signed.contains(r.as_str()), "no ref on the certificate");
    }
    for needle in late.needles().iter().chain(on_day.needles().iter()) {
        assert!(!signed.contains(needle.as_str()));
    }
    let tampered = signed.replacen("\"persons_erased\": 2", "\"persons_erased\": 1", 1);
    assert_ne!(tampered, signed);
    assert!(
        open_certificate(&tampered).is_err(),
        "a changed count breaks the signature"
    );
    let pdf = dir.join("gallringsintyg.pdf");
    h2.write_destruction_certificate(&proposal.id, IncidentFormat::Pdf, Lang::Sv, &pdf)
        .unwrap();
    let text = common::pdf_text(&pdf);
    assert!(
        text.contains("Gallringsintyg") && text.contains("avslutat-arende"),
        "{text}"
    );

    // One log entry per erased person, each naming its ref.
    drop(h2);
    let mut g = world.login(GRANSKARE);
    let log = g
        .review_log(&LogFilter {
            action: Some("person_erased_by_rule".into()),
            ..Default::default()
        })
        .unwrap();
    let mut erased: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.entry.outcome == "allowed")
        .filter_map(|e| e.entry.person_ref.clone())
        .collect();
    erased.sort();
    assert_eq!(erased, want);
    assert!(g.verify_log().unwrap().holds());
    g.lock().unwrap();

    // Gone for the handler, the reception and the bytes of the database.
    let mut h = world.login(HANDLER);
    assert_eq!(
        h.show_person(&late_ref).unwrap_err().code(),
        ErrorCode::PersonNotFound
    );
    assert!(h.show_person(&placed_ref).is_ok(), "a kept file stays");
    let mut rec = world.login(RECEPTION);
    assert!(!rec.lookup(&late.identity).unwrap().found);
    rec.lock().unwrap();
    let db = world.dir.join("vault.db");
    let stolen = steal(
        &world.dir.join("keyslots.json"),
        &db,
        ADMIN,
        &password_of(ADMIN),
        &world.device,
    )
    .unwrap();
    let (mut pages, mut cells) = (Vec::new(), Vec::new());
    for (_, k) in &stolen.db_keys {
        if let Some(conn) = open_db(&db, k) {
            cells.extend(all_cells(&conn));
        }
        pages.extend(decrypted_pages(&db, k));
    }
    assert!(!pages.is_empty());
    for needle in late.needles().iter().chain(on_day.needles().iter()) {
        assert!(
            !contains(&pages, needle.as_bytes()) && !contains(&cells, needle.as_bytes()),
            "an erased canary is still in the database"
        );
    }
    h.lock().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
