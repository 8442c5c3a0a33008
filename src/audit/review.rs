//! The reviewer's records, kept in the log itself: reviews of an entry, a sample or a task with their
//! outcome, and the monthly samples of users (stickprov). Everything here is read back from log
//! entries, so the documentation of a loggkontroll is as tamper-evident as the accesses it covers.

use std::collections::{BTreeMap, BTreeSet};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use super::entry::{Action, Entry, Outcome};
use super::flags::{FlagCode, Flags, Thresholds};
use crate::calendar::day_start;
use crate::time::{format_rfc3339, parse_rfc3339};

crate::named! {
    /// What a review found (HSLF-FS 2016:40: documented outcomes).
    pub enum ReviewOutcome {
        WithoutRemark = "utan_anmarkning",
        WithRemark = "med_anmarkning",
        Investigation = "utredning",
        Incident = "incident",
    }
}

impl ReviewOutcome {
    /// Anything but "without remark" needs a comment that says what was found.
    pub const fn needs_comment(self) -> bool {
        !matches!(self, ReviewOutcome::WithoutRemark)
    }
}

/// What a review is of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSubject {
    Entry(u64),
    Sample(String),
    /// One drawn user of a sample (`S2026-11-2`); a task about one entry is that entry (`E123`).
    Task(String),
}

impl ReviewSubject {
    /// Parses a task id as the worklist gives it: `E<seq>` is the entry itself.
    pub fn task(id: &str) -> Option<ReviewSubject> {
        let id = id.trim().to_uppercase();
        if let Some(seq) = id.strip_prefix('E') {
            return seq.parse().ok().map(ReviewSubject::Entry);
        }
        sample_of_task(&id)
            .is_some()
            .then(|| ReviewSubject::Task(id.clone()))
    }

    fn to_line(&self) -> String {
        match self {
            ReviewSubject::Entry(seq) => format!("subject entry {seq}"),
            ReviewSubject::Sample(id) => format!("subject sample {id}"),
            ReviewSubject::Task(id) => format!("subject task {id}"),
        }
    }

    fn from_line(line: &str) -> Option<ReviewSubject> {
        let rest = line.strip_prefix("subject ")?;
        let (kind, id) = rest.split_once(' ')?;
        match kind {
            "entry" => id.parse().ok().map(ReviewSubject::Entry),
            "sample" => Some(ReviewSubject::Sample(id.to_string())),
            "task" => Some(ReviewSubject::Task(id.to_string())),
            _ => None,
        }
    }
}

/// `S2026-11-2` → `S2026-11`.
fn sample_of_task(id: &str) -> Option<&str> {
    let (sample, n) = id.rsplit_once('-')?;
    (sample.len() == 8 && sample.starts_with('S') && n.parse::<usize>().is_ok()).then_some(sample)
}

/// The detail of a review entry.
pub fn review_detail(subject: &ReviewSubject, outcome: ReviewOutcome) -> String {
    format!("{}\noutcome {}", subject.to_line(), outcome.as_str())
}

/// A review as the log holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewRecord {
    pub seq: u64,
    pub at: String,
    pub reviewer: String,
    pub subject: ReviewSubject,
    pub outcome: ReviewOutcome,
    pub comment: Option<String>,
}

impl ReviewRecord {
    pub fn from_entry(e: &Entry) -> Option<ReviewRecord> {
        if e.action != Action::LogReviewed.as_str() || e.outcome != Outcome::Allowed.as_str() {
            return None;
        }
        let detail = e.detail.as_deref()?;
        let mut subject = None;
        let mut outcome = None;
        for line in detail.lines() {
            if let Some(o) = line.strip_prefix("outcome ") {
                outcome = ReviewOutcome::parse(o);
            } else if let Some(s) = ReviewSubject::from_line(line) {
                subject = Some(s);
            }
        }
        Some(ReviewRecord {
            seq: e.seq,
            at: e.at.clone(),
            reviewer: e.actor.clone(),
            subject: subject?,
            outcome: outcome?,
            comment: e.purpose.clone(),
        })
    }
}

/// Every review in the log; a later review of the same subject replaces an earlier one.
pub fn reviews(entries: &[Entry]) -> BTreeMap<ReviewSubject, ReviewRecord> {
    entries
        .iter()
        .filter_map(ReviewRecord::from_entry)
        .map(|r| (r.subject.clone(), r))
        .collect()
}

/// A month as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: Month,
}

impl YearMonth {
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
        (2000..=9999)
            .contains(&year)
            .then_some(YearMonth { year, month })
    }

    pub fn of(day: Date) -> YearMonth {
        YearMonth {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).expect("the first exists")
    }

    pub fn days(self) -> u8 {
        self.month.length(self.year)
    }

    /// The instants (UTC, RFC 3339) the month begins and ends in Swedish time.
    pub fn bounds(self) -> (String, String) {
        let start = day_start(self.first_day());
        let next = self.first_day() + Duration::days(i64::from(self.days()));
        (format_rfc3339(start), format_rfc3339(day_start(next)))
    }

    pub fn sample_id(self) -> String {
        format!("S{self}")
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month as u8)
    }
}

/// One drawn user and the day of theirs to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drawn {
    pub task: String,
    pub user: String,
    /// The review window: at least 24 hours (one Swedish calendar day), UTC bounds.
    pub from: String,
    pub until: String,
}

/// A monthly sample, as recorded in the log before its review begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub id: String,
    pub month: String,
    /// The seed the draw used (hex): anyone can redo the draw from it and see it was not chosen.
    pub seed: String,
    /// Users who could be drawn this time (active, not drawn earlier in the year).
    pub eligible: usize,
    pub drawn: Vec<Drawn>,
}

impl Sample {
    pub fn detail(&self) -> String {
        format!(
            "sample {}",
            serde_json::to_string(self).expect("a sample serialises")
        )
    }

    pub fn from_entry(e: &Entry) -> Option<Sample> {
        if e.action != Action::SampleDrawn.as_str() || e.outcome != Outcome::Allowed.as_str() {
            return None;
        }
        serde_json::from_str(e.detail.as_deref()?.strip_prefix("sample ")?).ok()
    }
}

/// Every sample in the log, in order.
pub fn samples(entries: &[Entry]) -> Vec<Sample> {
    entries.iter().filter_map(Sample::from_entry).collect()
}

/// The draw: without replacement within the calendar year, so that with one draw a month every
/// active user is drawn at least once in twelve. From the users not yet drawn this year it takes
/// enough that the remaining months can cover the rest; when everyone has been drawn, a fresh round
/// of one twelfth. Each drawn user gets one of their active days in the month (or any day) to review.
pub fn draw(
    month: YearMonth,
    seed: [u8; 32],
    active: &BTreeSet<String>,
    drawn_this_year: &BTreeSet<String>,
    active_days: &BTreeMap<String, BTreeSet<Date>>,
) -> Sample {
    let mut rng = rand_chacha::ChaCha20Rng::from_seed(seed);
    let mut pool: Vec<&String> = active.difference(drawn_this_year).collect();
    let months_left = 13 - month.month as usize;
    let take = if pool.is_empty() {
        pool = active.iter().collect();
        pool.len().div_ceil(12)
    } else {
        pool.len().div_ceil(months_left)
    };
    let eligible = pool.len();
    pool.shuffle(&mut rng);
    let mut chosen: Vec<&String> = pool.into_iter().take(take).collect();
    chosen.sort();
    let drawn = chosen
        .into_iter()
        .enumerate()
        .map(|(i, user)| {
            let days: Vec<Date> = active_days
                .get(user)
                .map(|d| {
                    d.iter()
                        .copied()
                        .filter(|d| YearMonth::of(*d) == month)
                        .collect()
                })
                .unwrap_or_default();
            let day = match days.choose(&mut rng) {
                Some(d) => *d,
                None => {
                    month.first_day() + Duration::days(rng.gen_range(0..i64::from(month.days())))
                }
            };
            Drawn {
                task: format!("{}-{}", month.sample_id(), i + 1),
                user: user.clone(),
                from: format_rfc3339(day_start(day)),
                until: format_rfc3339(day_start(day + Duration::days(1))),
            }
        })
        .collect();
    Sample {
        id: month.sample_id(),
        month: month.to_string(),
        seed: hex::encode(seed),
        eligible,
        drawn,
    }
}

crate::named! {
    /// Why a task is on the reviewer's worklist.
    pub enum TaskKind {
        BreakGlass = "break_glass",
        Suspicion = "suspicion",
        Extract = "extract",
        Sample = "sample",
    }
}

/// One thing to review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub id: String,
    pub kind: TaskKind,
    /// The entry, for a task about one entry.
    pub seq: Option<u64>,
    pub flags: Vec<FlagCode>,
    /// The drawn user and window, for a sample's task.
    pub user: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    /// When it must be reviewed by (break-the-glass).
    pub due: Option<String>,
    pub overdue: bool,
    pub review: Option<ReviewRecord>,
}

/// The worklist: every entry whose flags make a task, every data-subject extract, every drawn user.
/// A task is done when the review of it (or of its entry, or of its whole sample) is in the log.
pub fn tasks(
    entries: &[Entry],
    flags: &Flags,
    t: &Thresholds,
    now: time::OffsetDateTime,
) -> Vec<Task> {
    let reviews = reviews(entries);
    let mut out = Vec::new();
    for e in entries {
        let Some(codes) = flags.get(&e.seq) else {
            continue;
        };
        if !codes.iter().any(|c| c.creates_task()) {
            continue;
        }
        let kind = if codes.contains(&FlagCode::BreakGlass) {
            TaskKind::BreakGlass
        } else if e.action == Action::ExtractProduced.as_str() {
            TaskKind::Extract
        } else {
            TaskKind::Suspicion
        };
        let review = reviews.get(&ReviewSubject::Entry(e.seq)).cloned();
        let due = (kind == TaskKind::BreakGlass)
            .then(|| parse_rfc3339(&e.at))
            .flatten()
            .map(|at| at + Duration::days(i64::from(t.break_glass_review_days)));
        out.push(Task {
            id: format!("E{}", e.seq),
            kind,
            seq: Some(e.seq),
            flags: codes.clone(),
            user: None,
            from: None,
            until: None,
            overdue: review.is_none() && due.is_some_and(|d| d < now),
            due: due.map(format_rfc3339),
            review,
        });
    }
    for s in samples(entries) {
        let whole = reviews.get(&ReviewSubject::Sample(s.id.clone()));
        for d in s.drawn {
            let review = reviews
                .get(&ReviewSubject::Task(d.task.clone()))
                .or(whole)
                .cloned();
            out.push(Task {
                id: d.task,
                kind: TaskKind::Sample,
                seq: None,
                flags: Vec::new(),
                user: Some(d.user),
                from: Some(d.from),
                until: Some(d.until),
                due: None,
                overdue: false,
                review,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(YearMonth::parse("2026-11").unwrap().to_string(), "2026-11");
        for bad in ["2026-13", "2026-1", "26-11", "2026/11", "x"] {
            assert!(YearMonth::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn task_ids_name_an_entry_or_a_drawn_user() {
        assert_eq!(ReviewSubject::task("e12"), Some(ReviewSubject::Entry(12)));
        assert_eq!(
            ReviewSubject::task("S2026-11-3"),
            Some(ReviewSubject::Task("S2026-11-3".into()))
        );
        assert_eq!(ReviewSubject::task("S2026-11"), None);
        assert_eq!(ReviewSubject::task("X1"), None);
    }

    #[test]
    fn twelve_monthly_draws_cover_every_user() {
        let active: BTreeSet<String> = (1..=25).map(|i| format!("user{i:02}")).collect();
        let mut drawn = BTreeSet::new();
        for m in 1..=12u8 {
            let month = YearMonth {
                year: 2026,
                month: Month::try_from(m).unwrap(),
            };
            let s = draw(month, [m; 32], &active, &drawn, &BTreeMap::new());
            assert!(!s.drawn.is_empty(), "month {m} draws someone");
            for d in &s.drawn {
                assert!(drawn.insert(d.user.clone()), "{} drawn twice", d.user);
                let from = parse_rfc3339(&d.from).unwrap();
                let until = parse_rfc3339(&d.until).unwrap();
                assert!(until - from >= Duration::hours(23), "a day's window");
                assert_eq!(
                    YearMonth::of(crate::calendar::swedish_time(from).date()),
                    month
                );
            }
        }
        assert_eq!(drawn, active);
    }

    #[test]
    fn the_same_seed_draws_the_same_sample() {
        let active: BTreeSet<String> = (1..=9).map(|i| format!("u{i}")).collect();
        let m = YearMonth::parse("2026-03").unwrap();
        let a = draw(m, [7; 32], &active, &BTreeSet::new(), &BTreeMap::new());
        let b = draw(m, [7; 32], &active, &BTreeSet::new(), &BTreeMap::new());
        let c = draw(m, [8; 32], &active, &BTreeSet::new(), &BTreeMap::new());
        assert_eq!(a, b);
        assert_ne!(a.drawn, c.drawn);
    }
}
