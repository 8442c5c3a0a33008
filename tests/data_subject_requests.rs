//! Data-subject requests through the public API, end to end: the register and its steps, the extract
//! redacted by omission (canaries of a contact are in neither the PDF's bytes, its extracted text, nor
//! the JSON), the harm assessment a protected person needs first, erasure that leaves nothing in the
//! decrypted pages of the database and WAL while the log still verifies, consent withdrawal and
//! objection stopping processing, rectification history, and the register sealed from the database
//! key.

mod common;

use std::path::{Path, PathBuf};

use common::attacker::{all_cells, decrypted_pages, open_db, steal};
use common::{password_of, raw, Canaries, World, ADMIN, HANDLER, HANDLER2, RECEPTION};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::rights::*;
use skyddsvalv::session::{ConsentInput, DisclosureInput};
use skyddsvalv::ErrorCode;

/// A folder of the user's own for extracts (the core refuses temporary folders), removed after.
struct OutDir(PathBuf);

impl OutDir {
    fn new(tag: &str) -> OutDir {
        let home = std::env::var_os("HOME").map(PathBuf::from).expect("HOME");
        let dir = home.join(".cache/skyddsvalv-test-extracts").join(format!(
            "{tag}-{}-{}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        OutDir(dir)
    }
    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
}

fn today() -> String {
    request::format_date(skyddsvalv::time::today_utc())
}

fn contains(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.windows(n.len()).any(|w| w == n)
}

fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by `make test`");
    assert!(out.status.success(), "pdftotext failed on the extract");
    String::from_utf8(out.stdout).unwrap()
}

fn contact_canaries(c: &Canaries) -> [&str; 3] {
    [&c.contact_name, &c.contact_relation, &c.contact_phone]
}

/// Everything an attacker with the administrator's own account reads with the database key: every
/// decrypted page of the database and the WAL, and every cell.
fn what_the_admin_reads(world: &World) -> (common::attacker::Stolen, Vec<u8>, Vec<u8>) {
    let db = world.dir.join("vault.db");
    let stolen = steal(
        &world.dir.join("keyslots.json"),
        &db,
        ADMIN,
        &password_of(ADMIN),
        &world.device,
    )
    .expect("the admin's own slot opens");
    let (mut pages, mut cells) = (Vec::new(), Vec::new());
    for (_, k) in &stolen.db_keys {
        if let Some(conn) = open_db(&db, k) {
            cells.extend(all_cells(&conn));
        }
        pages.extend(decrypted_pages(&db, k));
    }
    (stolen, pages, cells)
}

/// Opens and verifies an access request for `person`.
fn verified_access(s: &mut skyddsvalv::Session, person: &str) -> String {
    let r = s
        .open_request(person, RequestKind::Access, &today(), Channel::InPerson)
        .unwrap();
    assert_eq!(r.status, RequestStatus::Received);
    s.verify_request(&r.id, IdentityMethod::IdDocument).unwrap();
    r.id
}

#[test]
fn an_access_request_from_receipt_to_a_redacted_extract() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let c = Canaries::new("utdrag", 21);
    let person = s.create_person(c.record()).unwrap();

    // Registered with its calendar-month deadline; every step is one log entry.
    let r = s
        .open_request(&person, RequestKind::Access, "2026-11-24", Channel::Letter)
        .unwrap();
    assert_eq!(r.id, format!("{person}-B1"));
    assert_eq!(r.due, "2026-12-28");
    let before = raw::head_seq(s.raw_connection_for_tests());
    let r = s.verify_request(&r.id, IdentityMethod::IdDocument).unwrap();
    assert_eq!(r.status, RequestStatus::IdentityVerified);
    let rows = raw::rows_after(s.raw_connection_for_tests(), before);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "request_verified");
    assert_eq!(rows[0].person_ref.as_deref(), Some(person.as_str()));

    // Protected identity: nothing is produced before a harm assessment for this request.
    let out = OutDir::new("access");
    let pdf = out.file("utdrag.pdf");
    let err = s
        .write_extract(&r.id, &ExtractOptions::default(), ExtractFormat::Pdf, &pdf)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::HarmAssessmentRequired);
    assert!(!pdf.exists(), "nothing is written before the assessment");
    // An assessment that finds harm does not clear it either.
    s.assess_harm(
        &person,
        Some(&r.id),
        HarmOutcome::Harm,
        "adressen skulle röja var personen bor",
    )
    .unwrap();
    assert_eq!(
        s.preview_extract(&r.id, &ExtractOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::HarmAssessmentRequired
    );
    s.assess_harm(
        &person,
        Some(&r.id),
        HarmOutcome::Partial,
        "utlämnas till personen själv vid besök, kontaktpersoner utelämnas",
    )
    .unwrap();

    // A temporary folder and an existing file are refused; nothing is written.
    let tmp = tempfile::tempdir().unwrap();
    let e = s
        .write_extract(
            &r.id,
            &ExtractOptions::default(),
            ExtractFormat::Pdf,
            &tmp.path().join("x.pdf"),
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    assert!(!tmp.path().join("x.pdf").exists());
    std::fs::write(out.file("finns.pdf"), b"keep").unwrap();
    let e = s
        .write_extract(
            &r.id,
            &ExtractOptions::default(),
            ExtractFormat::Pdf,
            &out.file("finns.pdf"),
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            skyddsvalv::Error::InvalidInput {
                rule: skyddsvalv::input::Rule::Exists,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(std::fs::read(out.file("finns.pdf")).unwrap(), b"keep");

    // The health field is withheld under secrecy; contacts are left out (no decision to include).
    let opts = ExtractOptions {
        lang: Some(Lang::Sv),
        withheld: vec![Withheld {
            field: Field::Health,
            ground: "26 kap. 1 § OSL, men för personen".into(),
        }],
        ..Default::default()
    };
    let before = raw::head_seq(s.raw_connection_for_tests());
    let written = s
        .write_extract(&r.id, &opts, ExtractFormat::Pdf, &pdf)
        .unwrap();
    assert_eq!(
        written.path,
        pdf.canonicalize().unwrap().display().to_string()
    );
    let json_path = out.file("utdrag.json");
    s.write_extract(&r.id, &opts, ExtractFormat::Json, &json_path)
        .unwrap();
    let rows = raw::rows_after(s.raw_connection_for_tests(), before);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row.action, "extract_produced");
        assert!(row.flagged, "every extract is flagged for review");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the writer may read the extract");
    }

    let pdf_bytes = std::fs::read(&pdf).unwrap();
    assert!(pdf_bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    let json_bytes = std::fs::read(&json_path).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json_bytes).unwrap();

    // Positive controls: the person's own values are there, unmasked, in both files.
    for own in [&c.address, &c.municipality, &c.email, &c.interventions] {
        assert!(
            text.contains(own.as_str()),
            "the PDF text lacks an own value"
        );
        assert!(contains(&json_bytes, own), "the JSON lacks an own value");
    }
    // Redaction by omission: the contact and the withheld field are in neither file's bytes.
    for canary in contact_canaries(&c).into_iter().chain([c.health.as_str()]) {
        assert!(
            !contains(&pdf_bytes, canary),
            "a redacted value is in the PDF's bytes"
        );
        assert!(
            !text.contains(canary),
            "a redacted value is in the PDF's text"
        );
        assert!(
            !contains(&json_bytes, canary),
            "a redacted value is in the JSON"
        );
    }
    // Every section is present, an empty one says so; the omissions are listed by category.
    let keys: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "confirmation",
            "values",
            "purposes",
            "categories",
            "recipients",
            "storage",
            "rights",
            "complaint",
            "source",
            "automated",
            "accesses",
            "withheld"
        ]
    );
    assert!(
        text.contains("Ingen uppgift"),
        "the empty recipients section says so"
    );
    assert!(text.contains("Box 8114"), "IMY's postal address");
    assert!(text.contains("Halsodata") && text.contains("26 kap. 1 § OSL"));
    assert_eq!(json["kind"], "art15_copy", "public task: not portability");
    // The accesses name roles, not staff.
    let accesses = &json["sections"][10];
    assert!(!accesses["empty"].as_bool().unwrap());
    let acc = accesses.to_string();
    assert!(
        acc.contains("Handläggare") && !acc.contains(HANDLER),
        "{acc}"
    );
    // The watermark on every page: producer, request id, purpose.
    assert!(text.contains(&format!("begäran: {}", r.id)) && text.contains(HANDLER));
    // The covering text never prints the address.
    let cover = json["sections"][0].to_string();
    assert!(!cover.contains(&c.address));

    // With a recorded decision the contacts are included, and staff are named for a reason.
    let with = ExtractOptions {
        lang: Some(Lang::En),
        third_parties_reason: Some("kontaktpersonen har samtyckt till utlämnandet".into()),
        staff_names_reason: Some("personen behöver namnen för en anmälan".into()),
        ..Default::default()
    };
    let doc = s.preview_extract(&r.id, &with).unwrap();
    let all = serde_json::to_string(&doc).unwrap();
    assert!(all.contains(&c.contact_name) && all.contains(HANDLER));
    assert!(all.contains("Copy of personal data"));

    let r = s
        .close_request(&r.id, RequestStatus::Completed, None)
        .unwrap();
    assert_eq!(
        r.steps.iter().map(|s| s.status).collect::<Vec<_>>(),
        [
            RequestStatus::Received,
            RequestStatus::IdentityVerified,
            RequestStatus::InProgress,
            RequestStatus::Completed
        ]
    );
    drop(s);
    let mut g = world.login(common::GRANSKARE);
    assert!(g.verify_log().unwrap().holds());
}

#[test]
fn erasure_leaves_nothing_in_the_pages_and_the_log_still_verifies() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let c = Canaries::new("radera", 22);
    let mut record = c.record();
    record.retain_until = None;
    let person = s.create_person(record).unwrap();
    let keep = Canaries::new("kvar", 23);
    let kept = s.create_person(keep.record()).unwrap();
    // Some history: a reveal, a rectification (the old value is kept sealed), a journal note.
    s.reveal_field(&person, Field::Address, "handlaggning")
        .unwrap();
    s.rectify_person(
        &person,
        PersonPatch {
            phone: Some("070-111 22 33".into()),
            ..Default::default()
        },
        "personen har nytt nummer",
    )
    .unwrap();
    let hist = s.rectification_history(&person, "rattelse").unwrap();
    assert_eq!(hist.len(), 1);
    assert_eq!(hist[0].old_value, c.phone);
    s.add_note(&person, "Kanarie-Journal-Raderas samtal", None)
        .unwrap();

    // What the database held for the person before: its sealed record, as an attacker reads it.
    let (sealed, tag): (Vec<u8>, Vec<u8>) = s
        .raw_connection_for_tests()
        .query_row(
            "SELECT sealed, identity_tag FROM persons WHERE ref = ?1",
            [&person],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let sealed_probe = hex::encode(&sealed[8..40]);
    let tag_probe = hex::encode(&tag);

    let r = s
        .open_request(&person, RequestKind::Erasure, &today(), Channel::InPerson)
        .unwrap();
    // Not before the identity is checked.
    assert_eq!(
        s.erase_person(&person, &r.id, ErasureReason::Request)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    s.verify_request(&r.id, IdentityMethod::KnownToStaff)
        .unwrap();
    let report = s
        .erase_person(&person, &r.id, ErasureReason::Request)
        .unwrap();
    assert!(report.whole);
    assert_eq!(
        s.show_person(&person).unwrap_err().code(),
        ErrorCode::PersonNotFound
    );
    assert!(s.find_persons(&c.family).unwrap().hits.is_empty());
    assert_eq!(s.find_persons(&keep.family).unwrap().hits.len(), 1);
    let ledger = s.erasure_ledger().unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(
        (ledger[0].person_ref.as_str(), ledger[0].request_id.as_str()),
        (person.as_str(), r.id.as_str())
    );
    // Scanned while the session is open, so the WAL is there to be read too.
    // Every page of the database and the WAL, decrypted with the database key an attacker with the
    // admin's account holds.
    let (stolen, pages, cells) = what_the_admin_reads(&world);
    let db = world.dir.join("vault.db");
    assert!(!pages.is_empty());
    // Positive control: the kept person's sealed record is in the pages.
    let kept_sealed: Vec<u8> = {
        let conn = open_db(&db, &stolen.db_keys.last().unwrap().1).unwrap();
        conn.query_row("SELECT sealed FROM persons WHERE ref = ?1", [&kept], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert!(
        pages.windows(32).any(|w| w == &kept_sealed[8..40]),
        "the scanner reads the pages"
    );
    let hex_pages = hex::encode(&pages);
    assert!(
        !hex_pages.contains(&sealed_probe),
        "the erased sealed record is in a page"
    );
    assert!(
        !hex_pages.contains(&tag_probe),
        "the erased identity tag is in a page"
    );
    for canary in c.needles() {
        assert!(!contains(&pages, &canary) && !contains(&cells, &canary));
    }
    drop(s);

    // Reception finds nothing either.
    let mut rec = world.login(RECEPTION);
    assert!(!rec.lookup(&c.identity).unwrap().found);
    rec.lock().unwrap();

    // The person ref stays in the log (refs are not personal data), and the log verifies.
    assert!(contains(&cells, &person));
    let mut g = world.login(common::GRANSKARE);
    assert!(g.verify_log().unwrap().holds());
}

#[test]
fn a_rectified_surname_is_gone_from_the_name_index_and_kept_only_in_the_sealed_history() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let c = Canaries::new("namnbyte", 30);
    let person = s.create_person(c.record()).unwrap();
    assert_eq!(s.find_persons(&c.family).unwrap().hits.len(), 1);
    s.rectify_person(
        &person,
        PersonPatch {
            name: Some(format!("{} Nyberg", c.given)),
            ..Default::default()
        },
        "personen har bytt efternamn",
    )
    .unwrap();
    assert!(
        s.find_persons(&c.family).unwrap().hits.is_empty(),
        "the old surname still finds the person"
    );
    assert_eq!(s.find_persons("Nyberg").unwrap().hits.len(), 1);
    let history = s.rectification_history(&person, "rattelse").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].field, history[0].old_value.as_str()),
        (Field::Name, c.full_name().as_str())
    );
    assert_eq!(history[0].reason, "personen har bytt efternamn");
    assert_eq!(history[0].by, HANDLER);
}

#[test]
fn a_legal_duty_to_keep_erases_only_the_rest_and_says_so() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let c = Canaries::new("plikt", 24);
    let person = s.create_person(c.record()).unwrap(); // kept until 2031-12-31
    let r = s
        .open_request(&person, RequestKind::Erasure, &today(), Channel::Letter)
        .unwrap();
    s.verify_request(&r.id, IdentityMethod::IdDocument).unwrap();
    let report = s
        .erase_person(&person, &r.id, ErasureReason::Request)
        .unwrap();
    assert!(!report.whole);
    assert_eq!(report.kept_until.as_deref(), Some("2031-12-31"));
    let erased = |f: Field| report.fields.iter().find(|x| x.field == f).unwrap().erased;
    assert!(erased(Field::Address) && erased(Field::Contacts) && erased(Field::Phone));
    assert!(!erased(Field::Notes) && !erased(Field::IdentityNumber));
    let addr = s
        .reveal_field(&person, Field::Address, "handlaggning")
        .unwrap();
    assert_eq!(addr.value, "");
    let notes = s
        .reveal_field(&person, Field::Notes, "handlaggning")
        .unwrap();
    assert_eq!(notes.value, c.notes);
    let rights = s.person_rights(&person).unwrap();
    let req = &rights.requests[0];
    assert_eq!(req.status, RequestStatus::PartiallyRefused);
    assert_eq!(
        req.refusal.as_ref().unwrap().ground,
        RefusalGround::Art17_3B
    );
}

#[test]
fn consent_withdrawal_and_objection_stop_processing_for_their_purpose() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let mut record = Canaries::new("samtycke", 25).record();
    record.legal_basis = Some(skyddsvalv::records::LegalBasis::Consent);
    let person = s.create_person(record).unwrap();
    s.record_consent(
        &person,
        ConsentInput {
            purpose: "kontakt".into(),
            notice_version: "2026-1".into(),
            given_at: "2026-01-10".into(),
            method: ConsentMethod::Written,
        },
    )
    .unwrap();
    s.reveal_field(&person, Field::Phone, "kontakt").unwrap();
    s.withdraw_consent(&person, "kontakt", ConsentMethod::Oral)
        .unwrap();
    let e = s
        .reveal_field(&person, Field::Phone, "kontakt")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Denied);
    let conn = s.raw_connection_for_tests();
    let last = raw::row(conn, raw::head_seq(conn)).unwrap();
    assert_eq!(
        (last.action.as_str(), last.outcome.as_str()),
        ("field_revealed", "denied")
    );
    // Another purpose is not touched.
    s.reveal_field(&person, Field::Phone, "handlaggning")
        .unwrap();
    // An objection needs a public task or legitimate interests.
    assert_eq!(
        s.record_objection(&person, "handlaggning", "vill inte att uppgifterna används")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );

    let other = s
        .create_person(Canaries::new("invand", 26).record())
        .unwrap(); // public task
    s.record_objection(&other, "utredning", "personen motsätter sig utredningen")
        .unwrap();
    assert_eq!(
        s.reveal_field(&other, Field::Address, "utredning")
            .unwrap_err()
            .code(),
        ErrorCode::Denied
    );
    s.override_objection(
        &other,
        "utredning",
        "tvingande berättigade skäl: barnets bästa",
    )
    .unwrap();
    s.reveal_field(&other, Field::Address, "utredning").unwrap();
}

#[test]
fn the_worklist_orders_by_due_date_and_counts_the_week() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let a = s
        .create_person(Canaries::new("lista", 27).record())
        .unwrap();
    let b = s
        .create_person(Canaries::new("listb", 28).record())
        .unwrap();
    let today = skyddsvalv::time::today_utc();
    let long_ago = request::format_date(today - time::Duration::days(45));
    let recent = request::format_date(today - time::Duration::days(2));
    let newest = s.open_request(&a, RequestKind::Access, &today.to_string(), Channel::Letter);
    let newest = newest.unwrap();
    let overdue = s
        .open_request(&b, RequestKind::Erasure, &long_ago, Channel::Letter)
        .unwrap();
    let middle = s
        .open_request(&a, RequestKind::Rectification, &recent, Channel::Other)
        .unwrap();
    let closed = s
        .open_request(&b, RequestKind::Objection, &recent, Channel::Other)
        .unwrap();
    s.close_request(&closed.id, RequestStatus::Withdrawn, None)
        .unwrap();
    let list = s.requests().unwrap();
    let ids: Vec<&str> = list.items.iter().map(|i| i.request_id.as_str()).collect();
    assert_eq!(
        ids,
        [overdue.id.as_str(), middle.id.as_str(), newest.id.as_str()]
    );
    assert!(list.items[0].overdue && list.items[0].days_left < 0);
    assert!(!list.items[1].overdue);
    assert!(list.due_this_week >= 1);
    // The other handler sees none of them, and cannot open one for a person not theirs.
    let mut h2 = world.login(HANDLER2);
    assert!(h2.requests().unwrap().items.is_empty());
    assert_eq!(
        h2.verify_request(&overdue.id, IdentityMethod::IdDocument)
            .unwrap_err()
            .code(),
        ErrorCode::Denied
    );
    assert_eq!(
        h2.preview_extract(&newest.id, &ExtractOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::Denied
    );
    // A request cannot be extended twice, nor after the first month.
    assert!(s
        .extend_request(&overdue.id, "begäran är mycket omfattande", &long_ago)
        .is_err());
    s.verify_request(&middle.id, IdentityMethod::IdDocument)
        .unwrap();
    s.extend_request(&middle.id, "begäran är mycket omfattande", &recent)
        .unwrap();
    assert!(s
        .extend_request(&middle.id, "begäran är mycket omfattande", &recent)
        .is_err());
    // Unknown ids.
    assert_eq!(
        s.verify_request("P-0000-0000-0000-B9", IdentityMethod::Other)
            .unwrap_err()
            .code(),
        ErrorCode::PersonNotFound
    );
    assert_eq!(
        s.verify_request(&format!("{a}-B9"), IdentityMethod::Other)
            .unwrap_err()
            .code(),
        ErrorCode::RequestNotFound
    );
}

#[test]
fn disclosures_need_a_harm_assessment_and_feed_art19_and_the_extract() {
    let world = World::new();
    let mut s = world.login(HANDLER);
    let person = s
        .create_person(Canaries::new("lamna", 29).record())
        .unwrap();
    let d = DisclosureInput {
        recipient: "Kanarie-Mottagare Polismyndigheten".into(),
        date: today(),
        legal_ground: "10 kap. 2 § OSL".into(),
        categories: vec![Field::Name],
    };
    assert_eq!(
        s.record_disclosure(&person, d.clone()).unwrap_err().code(),
        ErrorCode::HarmAssessmentRequired
    );
    s.assess_harm(
        &person,
        None,
        HarmOutcome::NoHarm,
        "inget men av utlämnandet till polisen",
    )
    .unwrap();
    let view = s.record_disclosure(&person, d).unwrap();
    assert_eq!(view.recipients, ["Kanarie-Mottagare Polismyndigheten"]);
    let view = s
        .notify_recipients(&person, RequestKind::Rectification, &view.recipients)
        .unwrap();
    assert_eq!(view.notifications.len(), 1);
    assert!(s
        .notify_recipients(&person, RequestKind::Rectification, &["Någon annan".into()])
        .is_err());

    // The register is sealed with the person: the database key alone shows no recipient.
    drop(s);
    let (_, pages, cells) = what_the_admin_reads(&world);
    assert!(!contains(&pages, "Kanarie-Mottagare") && !contains(&cells, "Kanarie-Mottagare"));
    let mut s = world.login(HANDLER);
    let id = verified_access(&mut s, &person);
    s.assess_harm(
        &person,
        Some(&id),
        HarmOutcome::NoHarm,
        "personen begär sina egna uppgifter",
    )
    .unwrap();
    let doc = s.preview_extract(&id, &ExtractOptions::default()).unwrap();
    let recipients = doc.sections.iter().find(|x| x.key == "recipients").unwrap();
    assert_eq!(
        recipients.items[0].label,
        "Kanarie-Mottagare Polismyndigheten"
    );
    // The reviewer sees extracts, erasures and harm assessments as flagged entries (refs only).
    let mut g = world.login(common::GRANSKARE);
    let flagged = g
        .view_log(&LogFilter {
            flagged_only: true,
            ..Default::default()
        })
        .unwrap();
    for action in ["harm_assessed", "extract_produced", "disclosure_recorded"] {
        assert!(
            flagged.iter().any(|e| e.action == action),
            "{action} is not flagged"
        );
    }
}
