//! The data-subject workflow for case handlers: the worklist, requests, harm assessments, extracts,
//! erasure and the registers. Each command converts its arguments and calls the core.

use std::path::PathBuf;

use skyddsvalv::desk::Desk;
use skyddsvalv::records::model::from_json;
use skyddsvalv::rights::{
    Channel, ConsentMethod, ErasureReason, ExtractDocument, ExtractFormat, ExtractOptions,
    HarmOutcome, IdentityMethod, RefusalGround, Request, RequestKind, RequestStatus,
};
use skyddsvalv::session::{
    ConsentInput, DisclosureInput, ErasureReport, RightsView, Worklist, WrittenExtract,
};
use tauri::State;

use super::ApiResult;

#[tauri::command(async)]
pub fn requests(desk: State<'_, Desk>) -> ApiResult<Worklist> {
    Ok(desk.with_session(|s| s.requests())?)
}

#[tauri::command(async)]
pub fn person_rights(desk: State<'_, Desk>, person_ref: String) -> ApiResult<RightsView> {
    Ok(desk.with_session(|s| s.person_rights(&person_ref))?)
}

#[tauri::command(async)]
pub fn open_request(
    desk: State<'_, Desk>,
    person_ref: String,
    kind: RequestKind,
    received: String,
    channel: Channel,
) -> ApiResult<Request> {
    Ok(desk.with_session(|s| s.open_request(&person_ref, kind, &received, channel))?)
}

#[tauri::command(async)]
pub fn verify_request(
    desk: State<'_, Desk>,
    request_id: String,
    how: IdentityMethod,
) -> ApiResult<Request> {
    Ok(desk.with_session(|s| s.verify_request(&request_id, how))?)
}

#[tauri::command(async)]
pub fn extend_request(
    desk: State<'_, Desk>,
    request_id: String,
    reason: String,
    told_on: String,
) -> ApiResult<Request> {
    Ok(desk.with_session(|s| s.extend_request(&request_id, &reason, &told_on))?)
}

#[tauri::command(async)]
pub fn close_request(
    desk: State<'_, Desk>,
    request_id: String,
    outcome: RequestStatus,
    ground: Option<RefusalGround>,
    text: Option<String>,
) -> ApiResult<Request> {
    let text = text.unwrap_or_default();
    let refusal = ground.map(|g| (g, text.as_str()));
    Ok(desk.with_session(|s| s.close_request(&request_id, outcome, refusal))?)
}

#[tauri::command(async)]
pub fn assess_harm(
    desk: State<'_, Desk>,
    person_ref: String,
    request_id: Option<String>,
    outcome: HarmOutcome,
    reason: String,
) -> ApiResult<u32> {
    Ok(desk.with_session(|s| s.assess_harm(&person_ref, request_id.as_deref(), outcome, &reason))?)
}

fn options(value: serde_json::Value) -> ApiResult<ExtractOptions> {
    Ok(from_json(&value.to_string())?)
}

#[tauri::command(async)]
pub fn preview_extract(
    desk: State<'_, Desk>,
    request_id: String,
    options: serde_json::Value,
) -> ApiResult<ExtractDocument> {
    let opts = self::options(options)?;
    Ok(desk.with_session(|s| s.preview_extract(&request_id, &opts))?)
}

#[tauri::command(async)]
pub fn write_extract(
    desk: State<'_, Desk>,
    request_id: String,
    options: serde_json::Value,
    format: ExtractFormat,
    path: String,
) -> ApiResult<WrittenExtract> {
    let opts = self::options(options)?;
    let path = PathBuf::from(path);
    Ok(desk.with_session(|s| s.write_extract(&request_id, &opts, format, &path))?)
}

#[tauri::command(async)]
pub fn erase_person(
    desk: State<'_, Desk>,
    person_ref: String,
    request_id: String,
    reason: ErasureReason,
) -> ApiResult<ErasureReport> {
    Ok(desk.with_session(|s| s.erase_person(&person_ref, &request_id, reason))?)
}

#[tauri::command(async)]
pub fn record_consent(
    desk: State<'_, Desk>,
    person_ref: String,
    purpose: String,
    notice_version: String,
    given_at: String,
    method: ConsentMethod,
) -> ApiResult<RightsView> {
    let input = ConsentInput {
        purpose,
        notice_version,
        given_at,
        method,
    };
    Ok(desk.with_session(|s| s.record_consent(&person_ref, input))?)
}

#[tauri::command(async)]
pub fn withdraw_consent(
    desk: State<'_, Desk>,
    person_ref: String,
    purpose: String,
    how: ConsentMethod,
) -> ApiResult<RightsView> {
    Ok(desk.with_session(|s| s.withdraw_consent(&person_ref, &purpose, how))?)
}

#[tauri::command(async)]
pub fn record_objection(
    desk: State<'_, Desk>,
    person_ref: String,
    purpose: String,
    reason: String,
) -> ApiResult<RightsView> {
    Ok(desk.with_session(|s| s.record_objection(&person_ref, &purpose, &reason))?)
}

#[tauri::command(async)]
pub fn override_objection(
    desk: State<'_, Desk>,
    person_ref: String,
    purpose: String,
    grounds: String,
) -> ApiResult<RightsView> {
    Ok(desk.with_session(|s| s.override_objection(&person_ref, &purpose, &grounds))?)
}

#[tauri::command(async)]
pub fn record_disclosure(
    desk: State<'_, Desk>,
    person_ref: String,
    recipient: String,
    date: String,
    legal_ground: String,
    categories: Vec<skyddsvalv::records::Field>,
) -> ApiResult<RightsView> {
    let input = DisclosureInput {
        recipient,
        date,
        legal_ground,
        categories,
    };
    Ok(desk.with_session(|s| s.record_disclosure(&person_ref, input))?)
}

#[tauri::command(async)]
pub fn notify_recipients(
    desk: State<'_, Desk>,
    person_ref: String,
    about: RequestKind,
    recipients: Vec<String>,
) -> ApiResult<RightsView> {
    Ok(desk.with_session(|s| s.notify_recipients(&person_ref, about, &recipients))?)
}
