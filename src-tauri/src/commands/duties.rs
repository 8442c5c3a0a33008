//! The organisation's duties: the incident register. The form's fields come as a JSON object and go
//! to the core as JSON text; the core checks them.

use skyddsvalv::desk::Desk;
use skyddsvalv::duties::incident::IncidentView;
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
