//! Reception-only mode (`SKYDDSVALV_DESK=DIR`): the desk's state, setting it up, installing a
//! register and exact lookups. Outside that mode every call answers `NOT_A_VAULT`.

use skyddsvalv::offline::{DeskAnswer, DeskInfo, DeskState, Installed, Station};
use tauri::State;

use super::ApiResult;

/// The station, when the app was started in reception-only mode.
pub struct DeskMode(pub Option<Station>);

fn station<'a>(mode: &'a State<'_, DeskMode>) -> Result<&'a Station, skyddsvalv::Error> {
    mode.0.as_ref().ok_or_else(|| skyddsvalv::Error::NotAVault {
        what: "the app was not started as a reception desk".into(),
    })
}

/// `null` in the normal app; the desk's state in reception-only mode.
#[tauri::command(async)]
pub fn desk_mode(mode: State<'_, DeskMode>) -> ApiResult<Option<DeskState>> {
    Ok(match mode.0.as_ref() {
        None => None,
        Some(s) => Some(s.state()?),
    })
}

#[tauri::command(async)]
pub fn desk_init(mode: State<'_, DeskMode>) -> ApiResult<DeskInfo> {
    Ok(station(&mode)?.init()?)
}

#[tauri::command(async)]
pub fn desk_install(
    mode: State<'_, DeskMode>,
    path: String,
    trust: Option<String>,
    operator: String,
) -> ApiResult<Installed> {
    Ok(station(&mode)?.install(std::path::Path::new(&path), trust.as_deref(), &operator)?)
}

/// `text`: the identity number, or "Name, YEAR", as typed; never logged by the shell.
#[tauri::command(async)]
pub fn desk_lookup(
    mode: State<'_, DeskMode>,
    operator: String,
    text: String,
) -> ApiResult<DeskAnswer> {
    Ok(station(&mode)?.lookup(&operator, &text)?)
}

/// A case handler exports the register for the desk with key `desk_key`, after typing the
/// `fingerprint` read from the desk's screen; valid `days` (1 to 31).
#[tauri::command(async)]
pub fn export_reception_register(
    desk: State<'_, skyddsvalv::desk::Desk>,
    desk_key: String,
    fingerprint: String,
    days: u32,
    path: String,
) -> ApiResult<skyddsvalv::session::ExportedRegister> {
    let path = std::path::PathBuf::from(path);
    Ok(desk.with_session(|s| s.export_reception_register(&desk_key, &fingerprint, days, &path))?)
}
