//! The case handler's and the reception's commands: search, card, create, edit, reveal, emergency
//! access, lookup. Records arrive as JSON and go through the core's parser, whose errors never echo
//! a value.

use skyddsvalv::desk::Desk;
use skyddsvalv::records::model::from_json;
use skyddsvalv::records::{PersonPatch, PersonRecord, ProtectionPatch};
use skyddsvalv::session::{
    Caseload, EmergencyGrant, Journal, LookupAnswer, PersonView, Revealed, SearchResult,
};
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

/// Several fields of one person for one purpose (a group: the address, the contact details).
#[tauri::command(async)]
pub fn reveal_fields(
    desk: State<'_, Desk>,
    person_ref: String,
    fields: Vec<String>,
    purpose: String,
) -> ApiResult<Vec<Revealed>> {
    let fields = fields
        .iter()
        .map(|f| parse_field(f))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(desk.with_session(|s| s.reveal_fields(&person_ref, &fields, &purpose))?)
}

/// "Mina personer": the persons assigned to the case handler, masked.
#[tauri::command(async)]
pub fn caseload(desk: State<'_, Desk>) -> ApiResult<Caseload> {
    Ok(desk.with_session(|s| s.caseload())?)
}

/// The names of a page of the caseload, for one purpose (one log entry).
#[tauri::command(async)]
pub fn reveal_names(
    desk: State<'_, Desk>,
    person_refs: Vec<String>,
    purpose: String,
) -> ApiResult<Vec<Revealed>> {
    Ok(desk.with_session(|s| s.reveal_names(&person_refs, &purpose))?)
}

/// `person` is a ref or an identity number; the core resolves it inside the operation. Read-only
/// unless `edit` asks for editing too.
#[tauri::command(async)]
pub fn emergency_access(
    desk: State<'_, Desk>,
    person: String,
    justification: String,
    edit: bool,
) -> ApiResult<EmergencyGrant> {
    Ok(desk.with_session(|s| {
        if edit {
            s.emergency_access_to_edit(&person, &justification)
        } else {
            s.emergency_access(&person, &justification)
        }
    })?)
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
    // Parts left out stay as they are (a new review date keeps the note).
    let change: ProtectionPatch = from_json(&protection.to_string())?;
    Ok(desk.with_session(|s| s.change_protection(&person_ref, change, &reason))?)
}

/// Restricts processing (GDPR art. 18) with a reason, the ground of art. 18(1), who asked and until
/// when (flagged).
#[tauri::command(async)]
pub fn restrict(
    desk: State<'_, Desk>,
    person_ref: String,
    reason: String,
    ground: Option<skyddsvalv::rights::RestrictionGround>,
    requester: Option<String>,
    until: Option<String>,
) -> ApiResult<PersonView> {
    let order = skyddsvalv::session::RestrictionRequest {
        ground,
        requester,
        to: until,
    };
    Ok(desk.with_session(|s| s.restrict_on(&person_ref, order, &reason))?)
}

/// Lifts a restriction once the person has been told (the day they were; flagged).
#[tauri::command(async)]
pub fn lift_restriction(
    desk: State<'_, Desk>,
    person_ref: String,
    reason: String,
    person_told_on: String,
) -> ApiResult<PersonView> {
    Ok(desk.with_session(|s| s.lift_restriction(&person_ref, &reason, &person_told_on))?)
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

/// Keeps an unsaved form (the UI's JSON) sealed by the core until the same user logs in again.
#[tauri::command(async)]
pub fn keep_draft(desk: State<'_, Desk>, draft: String) -> ApiResult<()> {
    // Sent by the UI as the idle lock nears: it must not postpone the lock.
    Ok(desk.with_session_passive(|s| s.keep_draft(&draft))?)
}

/// The kept draft, once, after a login; `null` when there is none.
#[tauri::command(async)]
pub fn take_draft(desk: State<'_, Desk>) -> ApiResult<Option<String>> {
    Ok(desk
        .with_session(|s| s.take_draft())?
        .map(|d| d.to_string()))
}

#[tauri::command(async)]
pub fn discard_draft(desk: State<'_, Desk>) -> ApiResult<()> {
    Ok(desk.with_session(|s| s.discard_draft())?)
}

/// Appends a case note (or a correction of entry `corrects`); returns its number.
#[tauri::command(async)]
pub fn add_note(
    desk: State<'_, Desk>,
    person_ref: String,
    text: String,
    corrects: Option<u32>,
) -> ApiResult<u32> {
    Ok(desk.with_session(|s| s.add_note(&person_ref, &text, corrects))?)
}

/// The notes (journal) for a stated purpose; logged as a reveal of `notes`.
#[tauri::command(async)]
pub fn read_journal(
    desk: State<'_, Desk>,
    person_ref: String,
    purpose: String,
) -> ApiResult<Journal> {
    Ok(desk.with_session(|s| s.read_journal(&person_ref, &purpose))?)
}

/// The import's dry run of the list at `path` (CSV or XLSX). `mapping`: one field (or null) per
/// column; left out, the core's guess from the headers.
#[tauri::command(async)]
pub fn import_check(
    desk: State<'_, Desk>,
    path: String,
    mapping: Option<Vec<Option<skyddsvalv::import::ImportField>>>,
) -> ApiResult<skyddsvalv::session::ImportPreview> {
    let table = skyddsvalv::import::table::read(std::path::Path::new(&path))?;
    let mapping = mapping
        .map(skyddsvalv::import::Mapping)
        .unwrap_or_else(|| skyddsvalv::import::guess(&table.headers));
    Ok(desk.with_session(|s| s.import_check(&table, mapping))?)
}

/// Imports the list at `path` with the confirmed `mapping`, leaving out the `exclude` rows
/// (spreadsheet row numbers): all rows in one transaction, or none.
#[tauri::command(async)]
pub fn import_persons(
    desk: State<'_, Desk>,
    path: String,
    mapping: Vec<Option<skyddsvalv::import::ImportField>>,
    exclude: Vec<usize>,
) -> ApiResult<skyddsvalv::session::ImportReport> {
    let table = skyddsvalv::import::table::read(std::path::Path::new(&path))?;
    let mapping = skyddsvalv::import::Mapping(mapping);
    Ok(desk.with_session(|s| s.import_persons(&table, mapping, &exclude, &mut |_, _| true))?)
}
