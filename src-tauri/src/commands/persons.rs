//! The case handler's and the reception's commands: search, card, create, edit, reveal, emergency
//! access, lookup. Records arrive as JSON and go through the core's parser, whose errors never echo
//! a value.

use skyddsvalv::desk::Desk;
use skyddsvalv::records::model::from_json;
use skyddsvalv::records::{PersonPatch, PersonRecord, Protection};
use skyddsvalv::session::{EmergencyGrant, LookupAnswer, PersonView, Revealed, SearchResult};
use tauri::State;

use super::{parse_field, ApiResult};

#[tauri::command(async)]
pub fn find_persons(desk: State<'_, Desk>, query: String) -> ApiResult<SearchResult> {
    Ok(desk.with_session(|s| s.find_persons(&query))?)
}

#[tauri::command(async)]
pub fn show_person(desk: State<'_, Desk>, person_ref: String) -> ApiResult<PersonView> {
    Ok(desk.with_session(|s| s.show_person(&person_ref))?)
}

/// Returns the new person's ref.
#[tauri::command(async)]
pub fn create_person(desk: State<'_, Desk>, record: serde_json::Value) -> ApiResult<String> {
    let record: PersonRecord = from_json(&record.to_string())?;
    Ok(desk.with_session(|s| s.create_person(record))?)
}

#[tauri::command(async)]
pub fn edit_person(
    desk: State<'_, Desk>,
    person_ref: String,
    patch: serde_json::Value,
) -> ApiResult<PersonView> {
    let patch: PersonPatch = from_json(&patch.to_string())?;
    Ok(desk.with_session(|s| s.edit_person(&person_ref, patch))?)
}

/// The core checks the policy and the purpose and logs the reveal; the value goes to the UI.
#[tauri::command(async)]
pub fn reveal_field(
    desk: State<'_, Desk>,
    person_ref: String,
    field: String,
    purpose: String,
) -> ApiResult<Revealed> {
    let field = parse_field(&field)?;
    Ok(desk.with_session(|s| s.reveal_field(&person_ref, field, &purpose))?)
}

#[tauri::command(async)]
pub fn emergency_access(
    desk: State<'_, Desk>,
    person_ref: String,
    justification: String,
) -> ApiResult<EmergencyGrant> {
    Ok(desk.with_session(|s| s.emergency_access(&person_ref, &justification))?)
}

#[tauri::command(async)]
pub fn lookup(desk: State<'_, Desk>, text: String) -> ApiResult<LookupAnswer> {
    Ok(desk.with_session(|s| s.lookup(&text))?)
}

/// Sets, changes or removes the protection marking; `reason` goes to the log (flagged).
#[tauri::command(async)]
pub fn set_protection(
    desk: State<'_, Desk>,
    person_ref: String,
    protection: serde_json::Value,
    reason: String,
) -> ApiResult<PersonView> {
    let protection: Protection = from_json(&protection.to_string())?;
    Ok(desk.with_session(|s| s.set_protection(&person_ref, protection, &reason))?)
}

/// Restricts processing (GDPR art. 18) with a reason (flagged).
#[tauri::command(async)]
pub fn restrict(
    desk: State<'_, Desk>,
    person_ref: String,
    reason: String,
) -> ApiResult<PersonView> {
    Ok(desk.with_session(|s| s.restrict(&person_ref, &reason))?)
}

/// Lifts a restriction; the reason says the person was told (flagged).
#[tauri::command(async)]
pub fn lift_restriction(
    desk: State<'_, Desk>,
    person_ref: String,
    reason: String,
) -> ApiResult<PersonView> {
    Ok(desk.with_session(|s| s.lift_restriction(&person_ref, &reason))?)
}

/// Rectification (art. 16): the only edit while processing is restricted; `reason` is logged.
#[tauri::command(async)]
pub fn rectify_person(
    desk: State<'_, Desk>,
    person_ref: String,
    patch: serde_json::Value,
    reason: String,
) -> ApiResult<PersonView> {
    let patch: PersonPatch = from_json(&patch.to_string())?;
    Ok(desk.with_session(|s| s.rectify_person(&person_ref, patch, &reason))?)
}
