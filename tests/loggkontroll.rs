//! A month's loggkontroll through the public API, as a granskare does it: the flagged log with its
//! explanations, a review with an outcome and a comment, the monthly sample recorded before the
//! review (and never drawn twice), the worklist, and the report as CSV and as a PDF whose extracted
//! text says what the rules ask for. Also: the log's disk-space guard and its five-year minimum.

mod common;

use std::path::PathBuf;

use common::{synthetic_record, World, ADMIN, GRANSKARE, HANDLER, HANDLER2};
use skyddsvalv::audit::review::TaskKind;
use skyddsvalv::audit::{FlagCode, LogFilter, ReviewOutcome, ReviewSubject, YearMonth};
use skyddsvalv::rights::Lang;
use skyddsvalv::session::ReportFormat;
use skyddsvalv::settings::SettingChange;
use skyddsvalv::ErrorCode;

struct OutDir(PathBuf);

impl OutDir {
    fn new(tag: &str) -> OutDir {
        let home = std::env::var_os("HOME").map(PathBuf::from).expect("HOME");
        let dir = home
            .join(".cache/skyddsvalv-test-reports")
            .join(format!("{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        OutDir(dir)
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn this_month() -> YearMonth {
    YearMonth::of(skyddsvalv::calendar::swedish_time(skyddsvalv::time::now_utc()).date())
}

/// A handler's person, and a nödåtkomst to it by the other handler.
fn world_with_break_glass() -> (World, String, u64) {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let person = h.create_person(synthetic_record(7, 1)).unwrap();
    h.lock().unwrap();
    let mut h2 = world.login(HANDLER2);
    h2.emergency_access(
        &person,
        "Akut läge: personen har ringt och behöver hjälp nu",
    )
    .unwrap();
    h2.lock().unwrap();
    let mut g = world.login(GRANSKARE);
    let view = g
        .review_log(&LogFilter {
            flag: Some("BREAK_GLASS".into()),
            ..Default::default()
        })
        .unwrap();
    g.lock().unwrap();
    assert_eq!(view.entries.len(), 1, "one nödåtkomst");
    let seq = view.entries[0].entry.seq;
    (world, person, seq)
}

#[test]
fn the_flagged_log_explains_each_flag_with_its_threshold() {
    let (world, person, seq) = world_with_break_glass();
    let mut g = world.login(GRANSKARE);
    let view = g.review_log(&LogFilter::default()).unwrap();
    let e = view.entries.iter().find(|e| e.entry.seq == seq).unwrap();
    assert!(e.flags.contains(&FlagCode::BreakGlass));
    assert_eq!(e.entry.person_ref.as_deref(), Some(person.as_str()));
    let bg = view
        .explanations
        .iter()
        .find(|x| x.code == FlagCode::BreakGlass)
        .expect("the explanation comes with the entries");
    assert!(bg.sv.contains("7 dagar") && bg.en.contains("7 days"));
    assert_eq!(view.chain_broken_at, None);
    assert!(view.open_tasks >= 1);

    let (explained, texts) = g.explain_entry(seq).unwrap();
    assert_eq!(explained.entry.seq, seq);
    assert!(texts.iter().any(|x| x.code == FlagCode::BreakGlass));
    assert_eq!(
        g.explain_entry(999_999).unwrap_err().code(),
        ErrorCode::ReviewSubjectNotFound
    );
    // A flag code the rules do not have is refused, not silently matched against nothing.
    let bad = g.review_log(&LogFilter {
        flag: Some("NOPE".into()),
        ..Default::default()
    });
    assert_eq!(bad.unwrap_err().code(), ErrorCode::InvalidInput);
}

#[test]
fn a_review_is_a_log_entry_with_outcome_and_comment() {
    let (world, _, seq) = world_with_break_glass();
    let mut g = world.login(GRANSKARE);
    // Anything but "utan anmärkning" says what was found.
    let missing = g.record_review(&ReviewSubject::Entry(seq), ReviewOutcome::WithRemark, " ");
    assert_eq!(missing.unwrap_err().code(), ErrorCode::InvalidInput);
    let hostile = g.record_review(
        &ReviewSubject::Entry(seq),
        ReviewOutcome::WithRemark,
        "ok\u{202e}dolt",
    );
    assert_eq!(hostile.unwrap_err().code(), ErrorCode::InvalidInput);
    let r = g
        .record_review(
            &ReviewSubject::Entry(seq),
            ReviewOutcome::WithRemark,
            "Nödåtkomsten var befogad men motiveringen tunn; påminnelse skickad.",
        )
        .unwrap();
    assert_eq!(r.outcome, ReviewOutcome::WithRemark);
    assert_eq!(
        g.record_review(
            &ReviewSubject::Entry(10_000),
            ReviewOutcome::WithoutRemark,
            ""
        )
        .unwrap_err()
        .code(),
        ErrorCode::ReviewSubjectNotFound
    );
    // The review is itself in the log, by the reviewer, and the task is done.
    let reviews = g
        .view_log(&LogFilter {
            action: Some("log_reviewed".into()),
            ..Default::default()
        })
        .unwrap();
    // The refused attempts are in the log as refusals; one review stands.
    assert_eq!(reviews.iter().filter(|e| e.outcome == "denied").count(), 3);
    let mine: Vec<_> = reviews.iter().filter(|e| e.outcome == "allowed").collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].actor, GRANSKARE);
    assert_eq!(mine[0].seq, r.seq);
    let task = g
        .log_tasks()
        .unwrap()
        .into_iter()
        .find(|t| t.seq == Some(seq))
        .unwrap();
    assert_eq!(task.kind, TaskKind::BreakGlass);
    assert_eq!(
        task.review.map(|r| r.outcome),
        Some(ReviewOutcome::WithRemark)
    );
    g.lock().unwrap();
    assert!(world.login(GRANSKARE).verify_log().unwrap().holds());
}

#[test]
fn the_sample_is_logged_before_its_review_and_never_drawn_twice() {
    let world = World::new();
    let mut g = world.login(GRANSKARE);
    let month = this_month();
    let s = g.draw_sample(month).unwrap();
    assert!(!s.drawn.is_empty());
    assert_eq!(s.seed.len(), 64);
    assert!(s.drawn.iter().all(|d| d.user != GRANSKARE), "not oneself");
    assert_eq!(
        g.draw_sample(month).unwrap_err().code(),
        ErrorCode::SampleAlreadyDrawn,
        "a sample cannot be re-drawn until a convenient one comes up"
    );
    let next_year = YearMonth::parse(&format!("{}-01", month.year + 1)).unwrap();
    assert_eq!(
        g.draw_sample(next_year).unwrap_err().code(),
        ErrorCode::InvalidInput,
        "a month that has not begun"
    );
    let drawn: Vec<_> = g
        .view_log(&LogFilter {
            action: Some("sample_drawn".into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == "allowed")
        .collect();
    assert_eq!(
        drawn.len(),
        1,
        "the refused draws are refusals and left no sample"
    );
    let detail = drawn[0].detail.as_deref().unwrap();
    assert!(detail.contains(&s.seed) && s.drawn.iter().all(|d| detail.contains(&d.user)));

    let task = &s.drawn[0].task;
    let r = g
        .record_review(
            &ReviewSubject::task(task).unwrap(),
            ReviewOutcome::WithoutRemark,
            "",
        )
        .unwrap();
    assert!(
        r.seq > drawn[0].seq,
        "the list was in the log before the review"
    );
    let tasks = g.log_tasks().unwrap();
    let t = tasks.iter().find(|t| t.id == *task).unwrap();
    assert_eq!(t.kind, TaskKind::Sample);
    assert!(t.review.is_some());
}

#[test]
fn the_monthly_report_is_written_as_csv_and_as_a_pdf_with_the_chart() {
    let (world, _, seq) = world_with_break_glass();
    let out = OutDir::new("report");
    let mut g = world.login(GRANSKARE);
    let month = this_month();
    let sample = g.draw_sample(month).unwrap();
    g.record_review(
        &ReviewSubject::Entry(seq),
        ReviewOutcome::Investigation,
        "Utreds vidare med chefen.",
    )
    .unwrap();
    let preview = g.preview_log_report(month, Lang::Sv).unwrap();
    assert!(preview.entries > 0 && preview.users.iter().any(|u| u == HANDLER2));
    assert_eq!(preview.flags.get(&FlagCode::BreakGlass), Some(&1));
    assert!(preview.chart.svg().starts_with("<svg") && preview.chart.svg().contains("flagged"));

    let csv_path = out.0.join("loggkontroll.csv");
    let csv = g
        .write_log_report(month, ReportFormat::Csv, Lang::Sv, &csv_path)
        .unwrap();
    let text = std::fs::read_to_string(&csv.path).unwrap();
    assert!(text.starts_with("section,key,value"));
    assert!(text.contains("flags,BREAK_GLASS,1"));
    assert!(text.contains("reviews,utredning,1"));
    assert!(text.contains(&sample.drawn[0].task));

    let pdf_path = out.0.join("loggkontroll.pdf");
    g.write_log_report(month, ReportFormat::Pdf, Lang::Sv, &pdf_path)
        .unwrap();
    let bytes = std::fs::read(&pdf_path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = common::pdf_text(&pdf_path);
    for needle in [
        "Loggkontroll",
        "BREAK_GLASS",
        "Stickprov",
        "Åtkomster per dag och användare",
        HANDLER2,
        "utredning",
    ] {
        assert!(text.contains(needle), "{needle} in the report:\n{text}");
    }
    // The same file again, or into a temporary folder: refused, nothing overwritten.
    assert_eq!(
        g.write_log_report(month, ReportFormat::Pdf, Lang::Sv, &pdf_path)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let tmp = std::env::temp_dir().join("loggkontroll.pdf");
    assert_eq!(
        g.write_log_report(month, ReportFormat::Pdf, Lang::Sv, &tmp)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(std::fs::read(&pdf_path).unwrap(), bytes);
}

#[test]
fn a_full_disk_is_refused_before_the_log_write_with_its_own_code() {
    let world = World::new();
    let mut admin = world.login(ADMIN);
    admin
        .change_setting(SettingChange::parse("log-min-free-mb", "1000000").unwrap())
        .unwrap();
    admin.lock().unwrap();
    let mut h = world.login(HANDLER);
    let before = common::raw::count(h.raw_connection_for_tests());
    let e = h.create_person(synthetic_record(3, 1)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DiskSpaceLow);
    assert!(e.to_string().contains("MB"), "{e}");
    assert_eq!(
        common::raw::count(h.raw_connection_for_tests()),
        before,
        "nothing written"
    );
    drop(h);
    // The administrator can still lower the threshold.
    let mut admin = world.login(ADMIN);
    admin
        .change_setting(SettingChange::parse("log-min-free-mb", "16").unwrap())
        .unwrap();
    admin.lock().unwrap();
    let mut h = world.login(HANDLER);
    h.create_person(synthetic_record(3, 1)).unwrap();
    h.lock().unwrap();
}

#[test]
fn the_log_is_kept_at_least_five_years() {
    assert!(SettingChange::parse("log-retention-years", "4").is_err());
    let world = World::new();
    let mut admin = world.login(ADMIN);
    admin
        .change_setting(SettingChange::parse("log-retention-years", "5").unwrap())
        .unwrap();
    admin.lock().unwrap();
}

/// The reviewer's session keeps the log's flags beside it and feeds them only what was written
/// since its last look: entries written by another session meanwhile are flagged, pages follow one
/// another without a gap or a repeat, and an entry appended behind the app's back that does not
/// link to the chain breaks it there.
#[test]
fn the_open_log_view_follows_the_growing_log_page_by_page() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let person = h.create_person(synthetic_record(8, 1)).unwrap();
    let mut g = world.login(GRANSKARE);
    let first = g.review_log(&LogFilter::default()).unwrap();
    assert!(first.chain_broken_at.is_none());

    let mut h2 = world.login(HANDLER2);
    h2.emergency_access(
        &person,
        "Akut läge: personen har ringt och behöver hjälp nu",
    )
    .unwrap();
    h2.lock().unwrap();
    let flagged = g
        .review_log(&LogFilter {
            flag: Some("BREAK_GLASS".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(flagged.entries.len(), 1, "the new nödåtkomst is flagged");
    assert!(flagged.open_tasks >= 1);

    let whole = g.review_log(&LogFilter::default()).unwrap();
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let page = g
            .review_log(&LogFilter {
                limit: Some(3),
                before,
                ..Default::default()
            })
            .unwrap();
        assert!(page.entries.len() <= 3);
        paged.extend(page.entries.iter().map(|e| e.entry.seq));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    // Each page is read later than the whole list, so it may also hold the log's own entries of
    // those reads: compare the part both saw.
    let top = whole.entries[0].entry.seq;
    let paged: Vec<u64> = paged.into_iter().filter(|s| *s <= top).collect();
    let whole: Vec<u64> = whole.entries.iter().map(|e| e.entry.seq).collect();
    assert_eq!(paged, whole);

    // A row written straight into the table, linked to nothing.
    let unlinked = common::append_unlinked_row(&mut h);
    let broken = g.review_log(&LogFilter::default()).unwrap();
    assert_eq!(broken.chain_broken_at, Some(unlinked));
    assert_eq!(broken.entries[0].entry.seq, unlinked);
    assert_eq!(broken.entries[0].flags.first(), Some(&FlagCode::Chain));
}
