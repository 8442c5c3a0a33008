//! The organisation's duties: the incident register, the art. 30 register, retention and the sweep. The form's fields come as a JSON object and go
//! to the core as JSON text; the core checks them.

use skyddsvalv::desk::Desk;
use std::path::PathBuf;

use skyddsvalv::duties::incident::IncidentView;
use skyddsvalv::duties::incident_form::IncidentFormat;
use skyddsvalv::duties::register::{ProcessingActivity, RegisterFormat};
use skyddsvalv::duties::retention::RetentionRule;
use skyddsvalv::duties::sweep::Destruction;
use skyddsvalv::rights::Lang;
use skyddsvalv::session::{BackupReport, DestructionSummary, SweepList, WrittenFile};
use tauri::State;

use super::ApiResult;

fn json_text(v: &serde_json::Value) -> String {
    v.to_string()
}

/// `details`: the form's fields known so far (an object; `{}` for none).
#[tauri::command(async)]
pub fn open_incident(desk: State<'_, Desk>, details: serde_json::Value) -> ApiResult<IncidentView> {
    Ok(desk.with_session(|s| s.open_incident(&json_text(&details)))?)
}

#[tauri::command(async)]
pub fn list_incidents(desk: State<'_, Desk>) -> ApiResult<Vec<IncidentView>> {
    Ok(desk.with_session(|s| s.list_incidents())?)
}

#[tauri::command(async)]
pub fn show_incident(desk: State<'_, Desk>, id: String) -> ApiResult<IncidentView> {
    Ok(desk.with_session(|s| s.show_incident(&id))?)
}

/// `patch`: the fields that change (an object; `null` clears a field).
#[tauri::command(async)]
pub fn update_incident(
    desk: State<'_, Desk>,
    id: String,
    patch: serde_json::Value,
) -> ApiResult<IncidentView> {
    Ok(desk.with_session(|s| s.update_incident(&id, &json_text(&patch)))?)
}

/// Writes the incident as a PDF shaped after IMY's form, or as JSON (the path checked like an
/// extract's).
#[tauri::command(async)]
pub fn write_incident(
    desk: State<'_, Desk>,
    id: String,
    format: IncidentFormat,
    lang: Lang,
    path: String,
) -> ApiResult<WrittenFile> {
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.write_incident(&id, format, lang, &path))?)
}

/// Replaces the processing activities (administrators): a JSON array, checked by the core.
#[tauri::command(async)]
pub fn set_register(
    desk: State<'_, Desk>,
    activities: serde_json::Value,
) -> ApiResult<Vec<ProcessingActivity>> {
    Ok(desk.with_session(|s| s.set_register(&json_text(&activities)))?)
}

/// Writes the register of processing activities (art. 30) as PDF or CSV.
#[tauri::command(async)]
pub fn write_register(
    desk: State<'_, Desk>,
    format: RegisterFormat,
    path: String,
) -> ApiResult<WrittenFile> {
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.write_register(format, &path))?)
}

#[tauri::command(async)]
pub fn list_retention_rules(desk: State<'_, Desk>) -> ApiResult<Vec<RetentionRule>> {
    Ok(desk.with_session(|s| s.retention_rules())?)
}

/// Adds or replaces (by id) one retention rule (administrators); the rule is checked by the core.
#[tauri::command(async)]
pub fn set_retention_rule(
    desk: State<'_, Desk>,
    rule: serde_json::Value,
) -> ApiResult<Vec<RetentionRule>> {
    Ok(desk.with_session(|s| s.set_retention_rule(&json_text(&rule)))?)
}

/// The sweep: who is due today, and who is kept with the reason (refs and dates only).
#[tauri::command(async)]
pub fn retention_due(desk: State<'_, Desk>) -> ApiResult<SweepList> {
    Ok(desk.with_session(|s| s.retention_due())?)
}

#[tauri::command(async)]
pub fn propose_destruction(desk: State<'_, Desk>) -> ApiResult<Destruction> {
    Ok(desk.with_session(|s| s.propose_destruction())?)
}

/// Approves (or resumes) a destruction list and erases at most `batch` files; the app calls again
/// while the list is `approved`, showing the count as progress.
#[tauri::command(async)]
pub fn approve_destruction(
    desk: State<'_, Desk>,
    id: String,
    batch: u32,
) -> ApiResult<DestructionSummary> {
    let batch = u64::from(batch.max(1));
    Ok(desk.with_session(|s| {
        let mut first = None;
        s.approve_destruction(&id, |p| {
            let start = *first.get_or_insert(p.done - 1);
            p.done - start < batch
        })
    })?)
}

#[tauri::command(async)]
pub fn list_destructions(desk: State<'_, Desk>) -> ApiResult<Vec<DestructionSummary>> {
    Ok(desk.with_session(|s| s.destructions())?)
}

/// Writes the signed destruction certificate of a finished list (PDF or the signed JSON).
#[tauri::command(async)]
pub fn write_destruction_certificate(
    desk: State<'_, Desk>,
    id: String,
    format: IncidentFormat,
    lang: Lang,
    path: String,
) -> ApiResult<WrittenFile> {
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.write_destruction_certificate(&id, format, lang, &path))?)
}

/// Checks a destruction certificate (the signed JSON) against this vault: signature, signing
/// account and the vault's own list. A certificate that does not hold is an answer, not an error.
#[tauri::command(async)]
pub fn check_destruction_certificate(
    desk: State<'_, Desk>,
    path: String,
) -> ApiResult<skyddsvalv::session::CertificateCheck> {
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.check_destruction_certificate(&path))?)
}

/// Progress of a backup being written, as `backup-progress` events (bytes).
#[derive(Clone, serde::Serialize)]
struct BackupProgress {
    done: u64,
    total: u64,
}

/// Writes an encrypted, signed backup of the vault to `path` (a new file), sending
/// `backup-progress` events while it writes.
#[tauri::command(async)]
pub fn write_backup(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    path: String,
) -> ApiResult<BackupReport> {
    use tauri::Emitter;
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| {
        s.write_backup(&path, &mut |done, total| {
            let _ = app.emit("backup-progress", BackupProgress { done, total });
        })
    })?)
}

/// When the last backup was written, the reminder's days, and whether to remind.
#[tauri::command(async)]
pub fn backup_status(desk: State<'_, Desk>) -> ApiResult<skyddsvalv::session::BackupStatus> {
    Ok(desk.with_session(|s| s.backup_status())?)
}

/// The administrator accepts the restored log (flagged); returns the restore's entry.
#[tauri::command(async)]
pub fn accept_restore(desk: State<'_, Desk>) -> ApiResult<u64> {
    Ok(desk.with_session(|s| s.accept_restored_log())?)
}
