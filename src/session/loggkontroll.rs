//! The log reviewer's loggkontroll: the log with its flags and their explanations, reviews with an
//! outcome, the monthly sample, the worklist of tasks, the monthly report and signed log bundles.
//! Every call is one operation with its own log entry; the reviews and samples *are* log entries, so
//! the documentation is as tamper-evident as what it documents. The reviewer never needs a key to
//! person data: everything is computed from the log, which holds refs and field names only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::extract::{checked_output, write_new};
use super::{Ctx, Session};
use crate::audit::bundle::{self, Manifest};
use crate::audit::checkpoint::load_outside;
use crate::audit::flag_index::FlagIndex;
use crate::audit::flags::{FlagCode, Thresholds};
use crate::audit::note::NoteKey;
use crate::audit::report::{self, MonthlyReport, ReportInput};
use crate::audit::review::{
    self, ReviewOutcome, ReviewRecord, ReviewSubject, Sample, Task, YearMonth,
};
use crate::audit::{chain, verify, Action, Entry, LogFilter, Outcome};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::rights::pdf::{render_printable, Printable};
use crate::rights::Lang;
use crate::settings;
use crate::time::{now_rfc3339, now_utc};

/// An entry with its flags and the review of it, if there is one.
#[derive(Debug, Clone, Serialize)]
pub struct FlaggedEntry {
    #[serde(flatten)]
    pub entry: Entry,
    pub flags: Vec<FlagCode>,
    pub review: Option<ReviewRecord>,
}

/// A flag's explanation in both languages, with the vault's thresholds filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub code: FlagCode,
    pub sv: String,
    pub en: String,
}

/// What the reviewer's log view shows.
#[derive(Debug, Clone, Serialize)]
pub struct LogReview {
    /// A broken chain's entry first, then the rest newest first.
    pub entries: Vec<FlaggedEntry>,
    pub chain_broken_at: Option<u64>,
    pub explanations: Vec<Explanation>,
    pub open_tasks: usize,
    pub overdue_break_glass: usize,
    /// Where the next page starts (`before` for the next call), when there are older entries.
    pub next_before: Option<u64>,
}

/// A written report or bundle.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenFile {
    pub path: String,
    pub bytes: u64,
}

/// A written bundle, with the key that verifies it (to give to whoever checks it elsewhere).
#[derive(Debug, Clone, Serialize)]
pub struct WrittenBundle {
    pub path: String,
    pub bytes: u64,
    pub manifest: Manifest,
    pub verifier_key: String,
}

crate::named! {
    /// The monthly report's file formats.
    pub enum ReportFormat {
        Pdf = "pdf",
        Csv = "csv",
    }
}

/// The log's flags brought up to date inside an operation: the session's index, fed the entries
/// written since it last looked, or built afresh (after the full verification) when there is none,
/// a threshold changed or the log is shorter than the index.
struct Snapshot {
    index: FlagIndex,
}

impl Snapshot {
    fn take(ctx: &Ctx<'_>, checkpoint: &Path, cached: Option<FlagIndex>) -> Result<Snapshot> {
        let thresholds = Thresholds::from_settings(&settings::load(ctx.tx)?);
        let (head, _) = chain::head(ctx.tx)?;
        let mut index = match cached {
            Some(i) if *i.thresholds() == thresholds && i.seen_to() <= head => i,
            _ => {
                let outside = load_outside(checkpoint)?;
                let broken_at = verify::verify(ctx.tx, ctx.vault_id, &outside, None)?.broken_at;
                FlagIndex::new(thresholds, broken_at)
            }
        };
        ctx.tx.log_walk(index.seen_to() + 1, &mut |e| {
            index.push(e);
            Ok(true)
        })?;
        Ok(Snapshot { index })
    }

    fn thresholds(&self) -> &Thresholds {
        self.index.thresholds()
    }

    fn tasks(&self) -> Vec<Task> {
        self.index.tasks(now_utc())
    }

    fn flagged(&self, e: Entry, reviews: &BTreeMap<ReviewSubject, ReviewRecord>) -> FlaggedEntry {
        FlaggedEntry {
            flags: self.index.flags_of(e.seq),
            review: reviews.get(&ReviewSubject::Entry(e.seq)).cloned(),
            entry: e,
        }
    }

    fn explanations(&self, codes: impl IntoIterator<Item = FlagCode>) -> Vec<Explanation> {
        codes
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|code| Explanation {
                code,
                sv: code.explanation(Lang::Sv, self.thresholds()),
                en: code.explanation(Lang::En, self.thresholds()),
            })
            .collect()
    }

    /// The page of entries the filter asks for, newest first, and where the next page starts.
    fn page(
        &self,
        tx: &dyn crate::storage::Tx,
        filter: &LogFilter,
    ) -> Result<(Vec<Entry>, Option<u64>)> {
        let limit = filter.limit() as usize;
        let mut found = match filter.flag.as_deref().and_then(FlagCode::parse) {
            Some(code) => {
                let mut out = Vec::new();
                for seq in self.index.with_flag(code, filter.before) {
                    if out.len() > limit {
                        break;
                    }
                    if let Some(e) = tx.log_entry(seq)?.filter(|e| filter.matches(e)) {
                        out.push(e);
                    }
                }
                out
            }
            None => tx.log_query(&LogFilter {
                limit: Some(filter.limit() + 1),
                ..filter.clone()
            })?,
        };
        // Storage caps a page at its maximum, so a full maximum page may have more behind it.
        let more = found.len() > limit || found.len() as u32 == LogFilter::MAX_LIMIT;
        found.truncate(limit);
        let next = more.then(|| found.last().map(|e| e.seq)).flatten();
        Ok((found, next))
    }
}

fn comment_of(outcome: ReviewOutcome, comment: &str) -> Result<Option<String>> {
    let c = crate::records::text::check(Input::ReviewComment, comment, None)?;
    if outcome.needs_comment() && c.chars().count() < crate::limits::MIN_REASON {
        return Err(Error::invalid(
            Input::ReviewComment,
            Rule::TooShort,
            "say what the review found",
        ));
    }
    Ok((!c.is_empty()).then_some(c))
}

/// The last bundle this vault exported: where the next one continues.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LastBundle {
    last_seq: u64,
    manifest_hash: String,
}

const LAST_BUNDLE: &str = "last_log_bundle";

impl Session {
    fn checkpoint_path(&self) -> PathBuf {
        self.paths.checkpoint()
    }

    /// The log as the reviewer works with it: `filter` over every entry (and `flag` over the computed
    /// flags), newest first, with each entry's flags and review, and the explanations of the flags
    /// shown. The entry where the chain breaks comes first whatever the filter.
    pub fn review_log(&mut self, filter: &LogFilter) -> Result<LogReview> {
        let mut entry = self.entry(Action::LogViewed, Outcome::Allowed);
        entry.term_hash = filter.term_hash.clone();
        entry.person_ref = filter.person_ref.clone();
        entry.purpose = filter.flag.clone().map(|f| format!("flag {f}"));
        self.with_index(Operation::ViewLog, entry, |ctx, snap, _| {
            filter.check()?;
            let reviews = snap.index.reviews();
            let broken_at = snap.index.broken_at();
            let mut entries: Vec<FlaggedEntry> = Vec::new();
            if let Some(e) = broken_at
                .map(|s| ctx.tx.log_entry(s))
                .transpose()?
                .flatten()
            {
                entries.push(snap.flagged(e, &reviews));
            }
            let (page, next_before) = snap.page(ctx.tx, filter)?;
            entries.extend(
                page.into_iter()
                    .filter(|e| Some(e.seq) != broken_at)
                    .map(|e| snap.flagged(e, &reviews)),
            );
            let shown = entries.iter().flat_map(|e| e.flags.iter().copied());
            let tasks = snap.tasks();
            Ok(LogReview {
                explanations: snap.explanations(shown),
                chain_broken_at: broken_at,
                open_tasks: tasks.iter().filter(|t| t.review.is_none()).count(),
                overdue_break_glass: tasks.iter().filter(|t| t.overdue).count(),
                next_before,
                entries,
            })
        })
    }

    /// Runs a reviewer's operation over the log's flags, brought up to date in its transaction;
    /// the session keeps the index for the next one.
    fn with_index<T>(
        &mut self,
        op: Operation,
        entry: crate::audit::NewEntry,
        work: impl FnOnce(&Ctx<'_>, &Snapshot, &mut crate::audit::NewEntry) -> Result<T>,
    ) -> Result<T> {
        let checkpoint = self.checkpoint_path();
        let cached = std::cell::Cell::new(self.log_index.take());
        let kept = std::cell::Cell::new(None);
        let out = self.perform(op, entry, super::admin::na, |ctx, (), entry| {
            let snap = Snapshot::take(ctx, &checkpoint, cached.take())?;
            let out = work(ctx, &snap, entry);
            kept.set(Some(snap.index));
            out
        });
        // A refused operation never took the index: keep it for the next one.
        self.log_index = kept.into_inner().or_else(|| cached.take());
        out
    }

    /// One entry with its flags explained (`log explain SEQ`).
    pub fn explain_entry(&mut self, seq: u64) -> Result<(FlaggedEntry, Vec<Explanation>)> {
        let mut entry = self.entry(Action::LogViewed, Outcome::Allowed);
        entry.purpose = Some(format!("explain {seq}"));
        self.with_index(Operation::ViewLog, entry, |ctx, snap, _| {
            let e = ctx.tx.log_entry(seq)?.ok_or(Error::ReviewSubjectNotFound)?;
            let f = snap.flagged(e, &snap.index.reviews());
            let ex = snap.explanations(f.flags.iter().copied());
            Ok((f, ex))
        })
    }

    /// Records a review of an entry, a sample or a task, with its outcome and comment (required for
    /// anything but "utan anmärkning"). The review is a log entry of its own.
    pub fn record_review(
        &mut self,
        subject: &ReviewSubject,
        outcome: ReviewOutcome,
        comment: &str,
    ) -> Result<ReviewRecord> {
        let entry = self.entry(Action::LogReviewed, Outcome::Allowed);
        let comment = comment_of(outcome, comment);
        self.perform(
            Operation::ReviewLog,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let comment = comment?;
                let (head, _) = chain::head(ctx.tx)?;
                let exists = match subject {
                    ReviewSubject::Entry(seq) => (1..=head).contains(seq),
                    ReviewSubject::Sample(id) => samples_in(ctx)?.iter().any(|s| s.id == *id),
                    ReviewSubject::Task(id) => samples_in(ctx)?
                        .iter()
                        .any(|s| s.drawn.iter().any(|d| d.task == *id)),
                };
                if !exists {
                    return Err(Error::ReviewSubjectNotFound);
                }
                entry.detail = Some(review::review_detail(subject, outcome));
                entry.purpose.clone_from(&comment);
                Ok(ReviewRecord {
                    seq: head + 1,
                    at: now_rfc3339(),
                    reviewer: ctx.user.name.clone(),
                    subject: subject.clone(),
                    outcome,
                    comment,
                })
            },
        )
    }

    /// Draws the month's sample of users and records it — seed and list — in the log before anyone
    /// reviews it. A month is drawn once; a month that has not begun is refused.
    pub fn draw_sample(&mut self, month: YearMonth) -> Result<Sample> {
        let entry = self.entry(Action::SampleDrawn, Outcome::Allowed);
        let me = self.user.id;
        self.perform(
            Operation::DrawSample,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                if month > YearMonth::of(crate::calendar::swedish_time(now_utc()).date()) {
                    return Err(Error::invalid(
                        Input::Month,
                        Rule::OutOfRange,
                        "that month has not begun",
                    ));
                }
                let mut entries = Vec::new();
                ctx.tx.log_walk(1, &mut |e| {
                    entries.push(e.to_entry());
                    Ok(true)
                })?;
                let earlier = review::samples(&entries);
                if earlier.iter().any(|s| s.id == month.sample_id()) {
                    return Err(Error::SampleAlreadyDrawn);
                }
                let active: BTreeSet<String> = ctx
                    .tx
                    .users()?
                    .into_iter()
                    .filter(|u| !u.disabled && u.id != me)
                    .map(|u| u.name)
                    .collect();
                let year = format!("{:04}-", month.year);
                let drawn_this_year: BTreeSet<String> = earlier
                    .iter()
                    .filter(|s| s.month.starts_with(&year))
                    .flat_map(|s| s.drawn.iter().map(|d| d.user.clone()))
                    .collect();
                let mut days: BTreeMap<String, BTreeSet<time::Date>> = BTreeMap::new();
                for e in &entries {
                    if let Some(at) = crate::time::parse_rfc3339(&e.at) {
                        days.entry(e.actor.clone())
                            .or_default()
                            .insert(crate::calendar::swedish_time(at).date());
                    }
                }
                let mut seed = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut seed);
                let sample = review::draw(month, seed, &active, &drawn_this_year, &days);
                entry.detail = Some(sample.detail());
                entry.purpose = Some(sample.id.clone());
                Ok(sample)
            },
        )
    }

    /// The reviewer's worklist: break-the-glass reviews (with their due date), flagged suspicions,
    /// every data-subject extract, and each drawn user of every sample; done ones carry their review.
    pub fn log_tasks(&mut self) -> Result<Vec<Task>> {
        let entry = self.entry(Action::LogTasksListed, Outcome::Allowed);
        self.with_index(
            Operation::ListLogTasks,
            entry,
            |_, snap, _| Ok(snap.tasks()),
        )
    }

    fn build_report(
        ctx: &Ctx<'_>,
        snap: &Snapshot,
        month: YearMonth,
        lang: Lang,
    ) -> Result<MonthlyReport> {
        let tasks = snap.tasks();
        let entries = month_with_notable(ctx.tx, snap, month)?;
        Ok(report::build(&ReportInput {
            month,
            entries: &entries,
            flags: snap.index.flags(),
            tasks: &tasks,
            thresholds: snap.thresholds(),
            chain_holds: snap.index.broken_at().is_none(),
            produced_by: &ctx.user.name,
            produced_at: &now_rfc3339(),
            lang,
        }))
    }

    /// The month's report as data (the app shows it, with its chart as SVG).
    pub fn preview_log_report(&mut self, month: YearMonth, lang: Lang) -> Result<MonthlyReport> {
        let mut entry = self.entry(Action::LogReportProduced, Outcome::Allowed);
        entry.purpose = Some(format!("{month} preview"));
        self.with_index(Operation::ProduceLogReport, entry, |ctx, snap, _| {
            Self::build_report(ctx, snap, month, lang)
        })
    }

    /// Writes the month's report as PDF or CSV to `out` (a new file outside temporary folders).
    pub fn write_log_report(
        &mut self,
        month: YearMonth,
        format: ReportFormat,
        lang: Lang,
        out: &Path,
    ) -> Result<WrittenFile> {
        let mut entry = self.entry(Action::LogReportProduced, Outcome::Allowed);
        entry.purpose = Some(format!("{month} {format}"));
        let checkpoint = self.checkpoint_path();
        let target = checked_output(out);
        let cached = std::cell::Cell::new(self.log_index.take());
        let kept = std::cell::Cell::new(None);
        let written =
            self.write_after_entry(Operation::ProduceLogReport, entry, target, |ctx, _| {
                let snap = Snapshot::take(ctx, &checkpoint, cached.take())?;
                let r = Self::build_report(ctx, &snap, month, lang);
                let t = *snap.thresholds();
                kept.set(Some(snap.index));
                let r = r?;
                Ok(match format {
                    ReportFormat::Csv => report::csv(&r).into_bytes(),
                    ReportFormat::Pdf => {
                        let sv = lang == Lang::Sv;
                        let title = if sv {
                            format!("Loggkontroll {month} – månadsrapport")
                        } else {
                            format!("Log review {month} – monthly report")
                        };
                        let sections = report::sections(&r, lang, &t);
                        let watermark = format!(
                            "{} {} · {}",
                            if sv { "Skapad av" } else { "Produced by" },
                            r.produced_by,
                            r.produced_at
                        );
                        render_printable(&Printable {
                            title: &title,
                            sections: &sections,
                            watermark: &watermark,
                            empty: if sv {
                                "Ingen uppgift"
                            } else {
                                "No information"
                            },
                            chart: Some(&r.chart),
                        })
                    }
                })
            });
        // A refused operation never took the index: keep it for the next one.
        self.log_index = kept.into_inner().or_else(|| cached.take());
        written
    }

    /// Exports entries `from..=to` (by default: from after the last bundle to the head) as a signed
    /// bundle, signed with this reviewer's own key, which no other role holds.
    pub fn export_log_bundle(
        &mut self,
        from: Option<u64>,
        to: Option<u64>,
        out: &Path,
    ) -> Result<WrittenBundle> {
        let entry = self.entry(Action::LogBundleExported, Outcome::Allowed);
        let target = checked_output(out);
        let name = format!("skyddsvalv/{}/{}", self.vault_id, self.user.slot_locator);
        let signer = NoteKey::new(&name, self.keys.user.public().signing)
            .ok_or_else(|| Error::Storage("the signer name is not a key name".into()))?;
        let key = self.keys.user.signing().clone();
        let summary = std::cell::RefCell::new(None);
        let written =
            self.write_after_entry(Operation::ExportLogBundle, entry, target, |ctx, entry| {
                let last: Option<LastBundle> = ctx
                    .tx
                    .setting(LAST_BUNDLE)?
                    .and_then(|j| serde_json::from_str(&j).ok());
                let (head, _) = chain::head(ctx.tx)?;
                let from = from.unwrap_or(last.as_ref().map_or(1, |l| l.last_seq + 1));
                let to = to.unwrap_or(head);
                if from == 0 || from > to || to > head {
                    return Err(Error::invalid(
                        Input::LogRange,
                        Rule::OutOfRange,
                        format!("the log holds entries 1 to {head}; choose from ≤ to within them"),
                    ));
                }
                let mut entries = Vec::new();
                ctx.tx.log_walk(from, &mut |e| {
                    entries.push(e.to_entry());
                    Ok(e.seq < to)
                })?;
                let before = match from {
                    1 => crate::audit::entry::GENESIS.to_vec(),
                    n => {
                        ctx.tx
                            .log_entry(n - 1)?
                            .ok_or(Error::ReviewSubjectNotFound)?
                            .hash
                    }
                };
                let previous = last
                    .filter(|l| l.last_seq + 1 == from)
                    .map(|l| l.manifest_hash);
                let b = bundle::build(
                    ctx.vault_id,
                    &entries,
                    &before,
                    &now_rfc3339(),
                    &signer,
                    &key,
                    previous,
                );
                ctx.tx.set_setting(
                    LAST_BUNDLE,
                    &serde_json::to_string(&LastBundle {
                        last_seq: to,
                        manifest_hash: hex::encode(b.manifest.hash()),
                    })
                    .map_err(|e| Error::Storage(e.to_string()))?,
                )?;
                entry.purpose = Some(format!("entries {from}-{to}"));
                let bytes = serde_json::to_vec(&b).map_err(|e| Error::Storage(e.to_string()))?;
                *summary.borrow_mut() = Some(b.manifest);
                Ok(bytes)
            })?;
        let manifest = summary
            .into_inner()
            .ok_or_else(|| Error::Storage("no manifest".into()))?;
        Ok(WrittenBundle {
            path: written.path,
            bytes: written.bytes,
            manifest,
            verifier_key: signer.verifier_key(),
        })
    }

    /// Bundles from several workstations in one view: each chain verified on its own, entries
    /// merged by time, a workstation's missing period and every refused file reported. Only the files
    /// are read; this vault's log records the import (flagged when anything is missing or refused).
    pub fn import_log_bundles(
        &mut self,
        files: &[PathBuf],
        keys: &[String],
    ) -> Result<bundle::ImportedBundles> {
        let entry = self.entry(Action::LogBundlesImported, Outcome::Allowed);
        self.perform(
            Operation::ImportLogBundles,
            entry,
            super::admin::na,
            |_, (), entry| {
                let trusted = keys
                    .iter()
                    .map(|k| {
                        NoteKey::parse(k).ok_or_else(|| {
                            Error::invalid(
                                Input::VerifierKey,
                                Rule::Format,
                                "a verifier key looks like name+id+key, as printed at export",
                            )
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                if trusted.is_empty() || files.is_empty() {
                    return Err(Error::invalid(
                        if files.is_empty() {
                            Input::InputFile
                        } else {
                            Input::VerifierKey
                        },
                        Rule::Required,
                        "name at least one bundle and one verifier key",
                    ));
                }
                let read = files
                    .iter()
                    .map(|f| {
                        std::fs::read(f)
                            .map(|b| (f.display().to_string(), b))
                            .map_err(|_| {
                                Error::invalid(
                                    Input::InputFile,
                                    Rule::Unknown,
                                    "a bundle file cannot be read",
                                )
                            })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let imported = bundle::import(&read, &trusted);
                entry.purpose = Some(format!(
                    "{} bundles, {} entries, {} missing periods, {} refused",
                    files.len(),
                    imported.entries.len(),
                    imported.missing.len(),
                    imported.refused.len()
                ));
                entry.flagged = !imported.missing.is_empty() || !imported.refused.is_empty();
                Ok(imported)
            },
        )
    }

    /// Runs `op`, whose work makes the file's bytes; the file is written after the log entry and
    /// before the commit, and removed if the commit fails.
    pub(super) fn write_after_entry(
        &mut self,
        op: Operation,
        entry: crate::audit::NewEntry,
        target: Result<PathBuf>,
        make: impl FnOnce(&Ctx<'_>, &mut crate::audit::NewEntry) -> Result<Vec<u8>>,
    ) -> Result<WrittenFile> {
        let wrote = std::cell::Cell::new(None::<PathBuf>);
        let done = self.perform_then(
            op,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let target = target?;
                Ok((target, make(ctx, entry)?))
            },
            |(target, bytes): &(PathBuf, Vec<u8>)| {
                write_new(target, bytes)?;
                wrote.set(Some(target.clone()));
                Ok(())
            },
        );
        match done {
            Ok((target, bytes)) => Ok(WrittenFile {
                path: target.display().to_string(),
                bytes: bytes.len() as u64,
            }),
            Err(e) => {
                if let Some(path) = wrote.take() {
                    let _ = std::fs::remove_file(path);
                }
                Err(e)
            }
        }
    }
}

/// The month's entries, and the notable ones outside it (the reviews done in the month may be of
/// earlier entries), in sequence order. The log is written in time order, so the month is one run.
fn month_with_notable(
    tx: &dyn crate::storage::Tx,
    snap: &Snapshot,
    month: YearMonth,
) -> Result<Vec<Entry>> {
    let (from, until) = month.bounds();
    let mut entries = Vec::new();
    if let Some(first) = tx.log_first_at(&from)? {
        tx.log_walk(first, &mut |e| {
            if e.at >= until.as_str() {
                return Ok(false);
            }
            entries.push(e.to_entry());
            Ok(true)
        })?;
    }
    let (lo, hi) = (
        entries.first().map_or(u64::MAX, |e| e.seq),
        entries.last().map_or(0, |e| e.seq),
    );
    entries.extend(
        snap.index
            .notable()
            .iter()
            .filter(|e| e.seq < lo || e.seq > hi)
            .cloned(),
    );
    entries.sort_by_key(|e| e.seq);
    Ok(entries)
}

fn samples_in(ctx: &Ctx<'_>) -> Result<Vec<Sample>> {
    let mut out = Vec::new();
    ctx.tx.log_walk(1, &mut |e| {
        if e.action == Action::SampleDrawn.as_str() {
            if let Some(s) = Sample::from_entry(&e.to_entry()) {
                out.push(s);
            }
        }
        Ok(true)
    })?;
    Ok(out)
}
