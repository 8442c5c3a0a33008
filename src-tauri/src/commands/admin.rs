//! The administrator's commands: accounts, assignments, settings.

use skyddsvalv::auth::one_time;
use skyddsvalv::auth::password_policy::PasswordPolicy;
use skyddsvalv::desk::Desk;
use skyddsvalv::records::model::from_json;
use skyddsvalv::records::purpose::PurposeEntry;
use skyddsvalv::session::{AccountView, AssignmentOverview};
use skyddsvalv::settings::{SettingChange, Settings};
use skyddsvalv::storage::Profile;
use skyddsvalv::Role;
use tauri::State;

use super::{secret, ApiResult};
use crate::state::Shell;

#[tauri::command(async)]
pub fn list_users(desk: State<'_, Desk>) -> ApiResult<Vec<AccountView>> {
    Ok(desk.with_session(|s| s.list_users())?)
}

#[tauri::command(async)]
pub fn add_user(
    desk: State<'_, Desk>,
    name: String,
    role: String,
    password: String,
) -> ApiResult<()> {
    let password = secret(password);
    let role = Role::account_from_input(&role)?;
    Ok(desk.with_session(|s| s.add_user(&name, role, &password))?)
}

#[tauri::command(async)]
pub fn disable_user(desk: State<'_, Desk>, name: String) -> ApiResult<()> {
    Ok(desk.with_session(|s| s.disable_user(&name))?)
}

/// Re-enables a disabled account on a new initial password (its old slot is gone).
#[tauri::command(async)]
pub fn enable_user(desk: State<'_, Desk>, name: String, password: String) -> ApiResult<()> {
    let password = secret(password);
    Ok(desk.with_session(|s| s.enable_user(&name, &password))?)
}

/// Puts the account back on an initial password (the user chooses their own at the next login).
#[tauri::command(async)]
pub fn reset_password(desk: State<'_, Desk>, name: String, password: String) -> ApiResult<()> {
    let password = secret(password);
    Ok(desk.with_session(|s| s.reset_password(&name, &password))?)
}

/// Clears a lockout after too many failed logins; false when the account was not locked out.
#[tauri::command(async)]
pub fn unlock_user(desk: State<'_, Desk>, name: String) -> ApiResult<bool> {
    Ok(desk.with_session(|s| s.unlock_user(&name))?)
}

/// The vault's purposes for the reveal dialogs (every role; no personal data).
#[tauri::command(async)]
pub fn purposes(desk: State<'_, Desk>) -> ApiResult<Vec<PurposeEntry>> {
    Ok(desk.with_session(|s| s.purposes())?)
}

/// Replaces the list of purposes (admin): relabel, allow for art. 9, retire, or add the vault's own.
#[tauri::command(async)]
pub fn set_purposes(
    desk: State<'_, Desk>,
    purposes: serde_json::Value,
) -> ApiResult<Vec<PurposeEntry>> {
    let list: Vec<PurposeEntry> = skyddsvalv::records::model::parse_json(
        skyddsvalv::input::Input::SettingValue,
        &purposes.to_string(),
    )?;
    Ok(desk.with_session(|s| s.set_purposes(list))?)
}

#[tauri::command(async)]
pub fn get_settings(desk: State<'_, Desk>) -> ApiResult<Settings> {
    Ok(desk.with_session(|s| s.view_settings())?)
}

/// `key` as the CLI spells it: `idle-lock-minutes`, `lock-on-minimize`, `min-password-length`, ….
/// A new idle-lock time applies from the next login.
#[tauri::command(async)]
pub fn change_setting(
    desk: State<'_, Desk>,
    shell: State<'_, Shell>,
    key: String,
    value: String,
) -> ApiResult<Settings> {
    let change = SettingChange::parse(&key, &value)?;
    let settings = desk.with_session(|s| s.change_setting(change))?;
    shell.set_lock_on_minimize(settings.lock_on_minimize);
    Ok(settings)
}

#[tauri::command(async)]
pub fn assign(desk: State<'_, Desk>, person_ref: String, user: String) -> ApiResult<bool> {
    Ok(desk.with_session(|s| s.assign(&person_ref, &user, true))?)
}

#[tauri::command(async)]
pub fn unassign(desk: State<'_, Desk>, person_ref: String, user: String) -> ApiResult<bool> {
    Ok(desk.with_session(|s| s.assign(&person_ref, &user, false))?)
}

/// A fresh one-time password the vault's policy accepts, for the admin to hand over (shown once).
#[tauri::command(async)]
pub fn generate_password(desk: State<'_, Desk>) -> ApiResult<String> {
    use secrecy::ExposeSecret;
    let min_length = desk.with_session(|s| s.settings())?.min_password_length;
    let password = one_time::generate(&PasswordPolicy { min_length });
    Ok(password.expose_secret().to_string())
}

/// Display name, unit and work phone of an account (empty clears).
#[tauri::command(async)]
pub fn set_account_details(
    desk: State<'_, Desk>,
    name: String,
    details: serde_json::Value,
) -> ApiResult<Profile> {
    let details: Profile = from_json(&details.to_string())?;
    Ok(desk.with_session(|s| s.set_account_details(&name, details))?)
}

/// Refs by case handler, and the persons without an active handler.
#[tauri::command(async)]
pub fn assignments(desk: State<'_, Desk>) -> ApiResult<AssignmentOverview> {
    Ok(desk.with_session(|s| s.assignments())?)
}

/// Moves every person of one handler to another; returns how many.
#[tauri::command(async)]
pub fn reassign_all(desk: State<'_, Desk>, from: String, to: String) -> ApiResult<usize> {
    Ok(desk.with_session(|s| s.reassign_all(&from, &to))?)
}
