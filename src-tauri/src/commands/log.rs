//! The log reviewer's commands.

use std::path::PathBuf;

use skyddsvalv::audit::bundle::ImportedBundles;
use skyddsvalv::audit::report::MonthlyReport;
use skyddsvalv::audit::review::{ReviewRecord, Sample, Task};
use skyddsvalv::audit::{Entry, LogFilter, ReviewOutcome, ReviewSubject, Verification, YearMonth};
use skyddsvalv::desk::Desk;
use skyddsvalv::input::{Input, Rule};
use skyddsvalv::rights::Lang;
use skyddsvalv::session::{
    Explanation, FlaggedEntry, LogReview, ReportFormat, WrittenBundle, WrittenFile,
};
use tauri::State;

use super::ApiResult;

/// `filter`: `{person_ref, actor, action, since, until, flagged_only, term_hash, limit}`, all optional.
#[tauri::command(async)]
pub fn view_log(desk: State<'_, Desk>, filter: Option<serde_json::Value>) -> ApiResult<Vec<Entry>> {
    let filter = filter_of(filter)?;
    Ok(desk.with_session(|s| s.view_log(&filter))?)
}

#[derive(serde::Serialize)]
pub struct VerifyResult {
    pub holds: bool,
    #[serde(flatten)]
    pub verification: Verification,
}

#[tauri::command(async)]
pub fn verify_log(desk: State<'_, Desk>) -> ApiResult<VerifyResult> {
    let verification = desk.with_session(|s| s.verify_log())?;
    Ok(VerifyResult {
        holds: verification.holds(),
        verification,
    })
}

fn filter_of(filter: Option<serde_json::Value>) -> ApiResult<LogFilter> {
    Ok(match filter {
        None | Some(serde_json::Value::Null) => LogFilter::default(),
        Some(v) => LogFilter::from_json(&v.to_string())?,
    })
}

fn month_of(month: &str) -> ApiResult<YearMonth> {
    YearMonth::parse(month).ok_or_else(|| {
        skyddsvalv::Error::invalid(Input::Month, Rule::Format, "a month is YYYY-MM").into()
    })
}

/// The loggkontroll view: entries with their flags and reviews, and the flags' explanations.
#[tauri::command(async)]
pub fn review_log(
    desk: State<'_, Desk>,
    filter: Option<serde_json::Value>,
) -> ApiResult<LogReview> {
    let filter = filter_of(filter)?;
    Ok(desk.with_session(|s| s.review_log(&filter))?)
}

#[derive(serde::Serialize)]
pub struct ExplainedEntry {
    pub entry: FlaggedEntry,
    pub explanations: Vec<Explanation>,
}

#[tauri::command(async)]
pub fn explain_log_entry(desk: State<'_, Desk>, seq: u64) -> ApiResult<ExplainedEntry> {
    let (entry, explanations) = desk.with_session(|s| s.explain_entry(seq))?;
    Ok(ExplainedEntry {
        entry,
        explanations,
    })
}

/// `subject`: `{"entry": 12}`, `{"sample": "S2026-11"}` or `{"task": "S2026-11-2"}`.
#[tauri::command(async)]
pub fn record_review(
    desk: State<'_, Desk>,
    subject: ReviewSubject,
    outcome: ReviewOutcome,
    comment: String,
) -> ApiResult<ReviewRecord> {
    Ok(desk.with_session(|s| s.record_review(&subject, outcome, &comment))?)
}

#[tauri::command(async)]
pub fn draw_sample(desk: State<'_, Desk>, month: String) -> ApiResult<Sample> {
    let month = month_of(&month)?;
    Ok(desk.with_session(|s| s.draw_sample(month))?)
}

#[tauri::command(async)]
pub fn log_tasks(desk: State<'_, Desk>) -> ApiResult<Vec<Task>> {
    Ok(desk.with_session(|s| s.log_tasks())?)
}

#[derive(serde::Serialize)]
pub struct ReportPreview {
    pub report: MonthlyReport,
    /// The chart, drawn by the core (no remote libraries, no scripts).
    pub svg: String,
}

#[tauri::command(async)]
pub fn preview_log_report(
    desk: State<'_, Desk>,
    month: String,
    lang: Lang,
) -> ApiResult<ReportPreview> {
    let month = month_of(&month)?;
    let report = desk.with_session(|s| s.preview_log_report(month, lang))?;
    Ok(ReportPreview {
        svg: report.chart.svg(),
        report,
    })
}

#[tauri::command(async)]
pub fn write_log_report(
    desk: State<'_, Desk>,
    month: String,
    format: ReportFormat,
    lang: Lang,
    path: String,
) -> ApiResult<WrittenFile> {
    let month = month_of(&month)?;
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.write_log_report(month, format, lang, &path))?)
}

#[tauri::command(async)]
pub fn export_log_bundle(
    desk: State<'_, Desk>,
    from: Option<u64>,
    to: Option<u64>,
    path: String,
) -> ApiResult<WrittenBundle> {
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.export_log_bundle(from, to, &path))?)
}

/// Bundles from several workstations in one view (`paths`: absolute paths; `keys`: verifier keys).
#[tauri::command(async)]
pub fn import_log_bundles(
    desk: State<'_, Desk>,
    paths: Vec<String>,
    keys: Vec<String>,
) -> ApiResult<ImportedBundles> {
    let files: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    Ok(desk.with_session(|s| s.import_log_bundles(&files, &keys))?)
}
