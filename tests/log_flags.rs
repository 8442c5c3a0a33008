//! Fixture tests of the log review's flags: for each rule a log that must fire it and a near miss that
//! must not, built entry by entry (times in UTC; Swedish time is one hour ahead in November). An
//! explained access — assigned user, stated purpose, working hours — fires nothing.

use skyddsvalv::audit::flags::{evaluate, Flags, Thresholds};
use skyddsvalv::audit::review::{self, ReviewOutcome, ReviewSubject, TaskKind};
use skyddsvalv::audit::{Action, Entry, FlagCode, Outcome};
use skyddsvalv::rights::Lang;

const H: &str = "handlaggare-hedda";
const H2: &str = "handlaggare-hugo";

struct Log(Vec<Entry>);

impl Log {
    fn new() -> Log {
        Log(Vec::new())
    }

    /// Appends an entry by `actor` (a case handler unless the action is an administrator's).
    fn add(&mut self, at: &str, actor: &str, action: Action, person: Option<&str>) -> &mut Entry {
        let role = match action {
            Action::SettingsChanged | Action::Assigned | Action::UserListed => "admin",
            Action::LogReviewed => "granskare",
            _ => "handlaggare",
        };
        let seq = self.0.len() as u64 + 1;
        self.0.push(Entry {
            seq,
            at: at.to_string(),
            actor: actor.to_string(),
            role: role.to_string(),
            action: action.as_str().to_string(),
            person_ref: person.map(str::to_string),
            fields: Vec::new(),
            purpose: None,
            term_hash: None,
            detail: None,
            outcome: Outcome::Allowed.as_str().to_string(),
            flagged: false,
            prev_hash: Vec::new(),
            hash: Vec::new(),
        });
        self.0.last_mut().unwrap()
    }

    /// A person created by `actor` (who is then assigned), optionally protected.
    fn person(&mut self, at: &str, actor: &str, r: &str, protection: Option<&str>) {
        let e = self.add(at, actor, Action::PersonCreated, Some(r));
        e.detail = protection.map(|p| format!("protection {p}"));
    }

    fn flags(&self) -> Flags {
        evaluate(&self.0, &Thresholds::default(), None)
    }

    fn codes(&self, seq: u64) -> Vec<FlagCode> {
        self.flags().get(&seq).cloned().unwrap_or_default()
    }

    fn last(&self) -> u64 {
        self.0.len() as u64
    }
}

/// Tuesday 24 November 2026, 10:00 Swedish time.
const WORK: &str = "2026-11-24T09:00:00.000Z";

#[test]
fn an_explained_access_fires_no_rule() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    log.add(
        "2026-11-24T09:05:00.000Z",
        H,
        Action::PersonViewed,
        Some("P-A"),
    );
    let e = log.add(
        "2026-11-24T09:06:00.000Z",
        H,
        Action::FieldRevealed,
        Some("P-A"),
    );
    e.fields = vec!["address".into()];
    e.purpose = Some("HANDLAGGNING".into());
    assert!(log.flags().is_empty(), "{:?}", log.flags());
}

#[test]
fn break_glass_is_flagged_and_overdue_after_the_review_days() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    log.add(
        "2026-11-24T09:10:00.000Z",
        H2,
        Action::EmergencyAccess,
        Some("P-A"),
    );
    let seq = log.last();
    assert!(log.codes(seq).contains(&FlagCode::BreakGlass));

    let t = Thresholds::default();
    let at = |s: &str| skyddsvalv::time::parse_rfc3339(s).unwrap();
    let task = |log: &Log, now: &str| {
        review::tasks(&log.0, &log.flags(), &t, at(now))
            .into_iter()
            .find(|t| t.seq == Some(seq))
            .expect("a task for the nödåtkomst")
    };
    let within = task(&log, "2026-11-30T09:00:00.000Z");
    assert_eq!(within.kind, TaskKind::BreakGlass);
    assert!(!within.overdue, "six days later it is not overdue yet");
    assert!(
        task(&log, "2026-12-02T09:00:00.000Z").overdue,
        "eight days later it is"
    );

    let r = log.add(
        "2026-12-02T10:00:00.000Z",
        "granskare-greta",
        Action::LogReviewed,
        None,
    );
    r.detail = Some(review::review_detail(
        &ReviewSubject::Entry(seq),
        ReviewOutcome::WithoutRemark,
    ));
    let done = task(&log, "2026-12-02T11:00:00.000Z");
    assert!(!done.overdue && done.review.is_some(), "reviewed: done");
}

#[test]
fn a_refusal_is_flagged() {
    let mut log = Log::new();
    log.add(WORK, H, Action::PersonViewed, Some("P-X")).outcome = "denied".into();
    assert!(log.codes(1).contains(&FlagCode::Denied));
}

#[test]
fn revealing_health_is_flagged_and_an_address_is_not() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    log.add(WORK, H, Action::FieldRevealed, Some("P-A")).fields = vec!["health".into()];
    log.add(WORK, H, Action::FieldRevealed, Some("P-A")).fields = vec!["interventions".into()];
    log.add(WORK, H, Action::FieldRevealed, Some("P-A")).fields = vec!["address".into()];
    assert_eq!(log.codes(2), [FlagCode::Art9Reveal]);
    assert_eq!(log.codes(3), [FlagCode::Art9Reveal]);
    assert!(log.codes(4).is_empty());
}

#[test]
fn off_hours_are_evenings_weekends_and_holidays_in_swedish_time() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    let cases = [
        ("2026-11-24T16:59:00.000Z", false), // 17:59 on a Tuesday
        ("2026-11-24T17:00:00.000Z", true),  // 18:00
        ("2026-11-24T05:59:00.000Z", true),  // 06:59
        ("2026-11-28T10:00:00.000Z", true),  // a Saturday
        ("2026-06-19T08:00:00.000Z", true),  // midsommarafton, 10:00 summer time
        ("2026-06-18T08:00:00.000Z", false), // the Thursday before
        ("2026-12-24T09:00:00.000Z", true),  // julafton
    ];
    for (at, _) in cases {
        log.add(at, H, Action::PersonViewed, Some("P-A"));
    }
    for (i, (at, off)) in cases.iter().enumerate() {
        let codes = log.codes(i as u64 + 2);
        assert_eq!(codes.contains(&FlagCode::OffHours), *off, "{at}: {codes:?}");
    }
}

#[test]
fn a_day_far_above_the_users_own_median_is_flagged() {
    let mut log = Log::new();
    log.person("2026-11-01T09:00:00.000Z", H, "P-A", None);
    // Ten ordinary days of 12 reveals, then a day of 40: the limit is max(3 × 12, 30) = 36.
    for day in 10..20 {
        for n in 0..12 {
            let at = format!("2026-11-{day:02}T09:{n:02}:00.000Z");
            log.add(&at, H, Action::FieldRevealed, Some("P-A")).fields = vec!["address".into()];
        }
    }
    let first_big = log.last() + 1;
    for n in 0..40 {
        let at = format!("2026-11-23T09:{n:02}:00.000Z");
        log.add(&at, H, Action::FieldRevealed, Some("P-A")).fields = vec!["address".into()];
    }
    let flags = log.flags();
    let volume: Vec<u64> = flags
        .iter()
        .filter(|(_, c)| c.contains(&FlagCode::Volume))
        .map(|(s, _)| *s)
        .collect();
    assert_eq!(volume, (first_big + 36..first_big + 40).collect::<Vec<_>>());

    // Another user with no history: only the floor counts, and 30 reveals stay under it.
    for n in 0..30 {
        let at = format!("2026-11-23T10:{n:02}:00.000Z");
        log.add(&at, H2, Action::FieldRevealed, Some("P-B")).fields = vec!["address".into()];
    }
    let flags = log.flags();
    assert!(log.0.iter().filter(|e| e.actor == H2).all(|e| flags
        .get(&e.seq)
        .is_none_or(|c| !c.contains(&FlagCode::Volume))));
}

#[test]
fn the_first_access_outside_ones_assignments_is_flagged_once() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    log.add(WORK, H2, Action::PersonViewed, Some("P-A"));
    log.add(WORK, H2, Action::PersonViewed, Some("P-A"));
    log.add(WORK, H, Action::PersonViewed, Some("P-A"));
    assert_eq!(log.codes(2), [FlagCode::UnassignedFirst]);
    assert!(log.codes(3).is_empty(), "only the first");
    assert!(log.codes(4).is_empty(), "the creator is assigned");

    // Assigned by the administrator: the new handler's first access is explained.
    log.person(WORK, H, "P-B", None);
    log.add(WORK, "admin-alva", Action::Assigned, Some("P-B"))
        .purpose = Some(format!("user={H2}"));
    log.add(WORK, H2, Action::PersonViewed, Some("P-B"));
    assert!(log.codes(log.last()).is_empty());
}

#[test]
fn accesses_soon_after_a_protection_change_are_flagged() {
    let mut log = Log::new();
    log.person("2026-10-01T09:00:00.000Z", H, "P-A", None);
    log.add(
        "2026-10-01T09:30:00.000Z",
        H,
        Action::ProtectionChanged,
        Some("P-A"),
    )
    .detail = Some("protection sekretessmarkering".into());
    log.add(
        "2026-10-20T09:00:00.000Z",
        H,
        Action::PersonViewed,
        Some("P-A"),
    );
    log.add(
        "2026-11-10T09:00:00.000Z",
        H,
        Action::PersonViewed,
        Some("P-A"),
    );
    assert!(log.codes(2).is_empty(), "the change itself is not");
    assert_eq!(log.codes(3), [FlagCode::NewProtection]);
    assert!(log.codes(4).is_empty(), "40 days later, past the 30");
}

#[test]
fn every_access_to_a_person_with_assumed_identity_is_flagged() {
    let mut log = Log::new();
    log.person(WORK, H, "P-F", Some("fingerade_personuppgifter"));
    log.person(WORK, H, "P-S", Some("sekretessmarkering"));
    log.add(WORK, H, Action::PersonViewed, Some("P-F"));
    log.add(WORK, H, Action::PersonViewed, Some("P-S"));
    assert_eq!(log.codes(3), [FlagCode::Fingerade]);
    assert!(log.codes(4).is_empty());
}

#[test]
fn the_same_term_searched_too_often_in_the_window_is_flagged() {
    let mut log = Log::new();
    for n in 0..6 {
        let at = format!("2026-11-24T09:{:02}:00.000Z", n * 5);
        log.add(&at, H, Action::Search, None).term_hash = Some("aa".into());
    }
    // The same number of searches, each for another term, or a day apart: nothing.
    for n in 0..6 {
        let at = format!("2026-11-24T10:{:02}:00.000Z", n * 5);
        log.add(&at, H, Action::Search, None).term_hash = Some(format!("b{n}"));
    }
    for day in 10..16 {
        let at = format!("2026-11-{day}T09:00:00.000Z");
        log.add(&at, H2, Action::Lookup, None).term_hash = Some("cc".into());
    }
    let flags = log.flags();
    let repeat: Vec<u64> = flags
        .iter()
        .filter(|(_, c)| c.contains(&FlagCode::RepeatSearch))
        .map(|(s, _)| *s)
        .collect();
    assert_eq!(repeat, [6], "the sixth search for one term within 24 h");
}

#[test]
fn extracts_and_administrative_changes_are_flagged_and_listings_are_not() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    log.add(WORK, H, Action::ExtractProduced, Some("P-A"));
    log.add(WORK, "admin-alva", Action::SettingsChanged, None);
    log.add(WORK, "admin-alva", Action::UserListed, None);
    assert_eq!(log.codes(2), [FlagCode::Export]);
    assert_eq!(log.codes(3), [FlagCode::AdminChange]);
    assert!(log.codes(4).is_empty());
    let tasks = review::tasks(
        &log.0,
        &log.flags(),
        &Thresholds::default(),
        skyddsvalv::time::now_utc(),
    );
    assert!(
        tasks
            .iter()
            .any(|t| t.seq == Some(2) && t.kind == TaskKind::Extract),
        "every data-subject extract is a review task"
    );
    assert!(
        tasks.iter().all(|t| t.seq != Some(3)),
        "an admin change is not"
    );
}

#[test]
fn a_broken_chain_is_flagged_where_it_breaks() {
    let mut log = Log::new();
    log.person(WORK, H, "P-A", None);
    log.add(WORK, H, Action::PersonViewed, Some("P-A"));
    let flags = evaluate(&log.0, &Thresholds::default(), Some(2));
    assert_eq!(flags.get(&2).unwrap()[0], FlagCode::Chain);
    assert!(FlagCode::ALL[0] == FlagCode::Chain, "shown first");
}

#[test]
fn every_flag_explains_itself_in_both_languages_with_its_threshold() {
    let t = Thresholds {
        break_glass_review_days: 11,
        new_protection_days: 45,
        repeat_search_limit: 9,
        volume_multiple: 4,
        ..Thresholds::default()
    };
    for &code in FlagCode::ALL {
        let sv = code.explanation(Lang::Sv, &t);
        let en = code.explanation(Lang::En, &t);
        assert!(sv.len() > 20 && en.len() > 20 && sv != en, "{code}");
    }
    assert!(FlagCode::BreakGlass
        .explanation(Lang::Sv, &t)
        .contains("11 dagar"));
    assert!(FlagCode::NewProtection
        .explanation(Lang::En, &t)
        .contains("45 days"));
    assert!(FlagCode::RepeatSearch
        .explanation(Lang::Sv, &t)
        .contains("mer än 9"));
    assert!(FlagCode::Volume
        .explanation(Lang::En, &t)
        .contains("4 times"));
}
