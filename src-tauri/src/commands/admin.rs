//! The administrator's commands: accounts, assignments, settings.

use skyddsvalv::desk::Desk;
use skyddsvalv::session::AccountView;
use skyddsvalv::settings::{SettingChange, Settings};
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
