//! The log reviewer's commands.

use skyddsvalv::audit::{Entry, LogFilter, Verification};
use skyddsvalv::desk::Desk;
use tauri::State;

use super::ApiResult;

/// `filter`: `{person_ref, actor, action, since, until, flagged_only, term_hash, limit}`, all optional.
#[tauri::command(async)]
pub fn view_log(desk: State<'_, Desk>, filter: Option<serde_json::Value>) -> ApiResult<Vec<Entry>> {
    let filter: LogFilter = match filter {
        None | Some(serde_json::Value::Null) => LogFilter::default(),
        Some(v) => LogFilter::from_json(&v.to_string())?,
    };
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
