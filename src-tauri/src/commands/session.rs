//! First run, login, first-login password, lock, (The reveal purposes come with the UI contract.)

use serde::Serialize;
use skyddsvalv::crypto::kdf::DEFAULT_TARGET;
use skyddsvalv::crypto::{KdfParams, RecoveryCode};
use skyddsvalv::desk::{Desk, DeskUser, LoginState};
use tauri::{AppHandle, State};

use super::{secret, ApiResult};
use crate::state::{after_lock, Shell};

#[derive(Serialize)]
pub struct VaultStatus {
    /// False on first run: the UI offers to create the vault.
    pub exists: bool,
    /// True when the core holds an open session (e.g. after the page was reloaded).
    pub unlocked: bool,
    /// Where the vault is (or will be created).
    pub vault_dir: String,
}

#[derive(Serialize)]
pub struct CreatedVault {
    pub admin: String,
    /// Shown once by the UI; never stored by the app.
    pub recovery_code: String,
}

#[tauri::command(async)]
pub fn vault_status(desk: State<'_, Desk>) -> ApiResult<VaultStatus> {
    Ok(VaultStatus {
        exists: desk.vault_exists(),
        unlocked: desk.is_unlocked(),
        vault_dir: desk.vault_dir().display().to_string(),
    })
}

#[tauri::command(async)]
pub fn create_vault(
    desk: State<'_, Desk>,
    admin: String,
    password: String,
) -> ApiResult<CreatedVault> {
    let password = secret(password);
    let code = desk.create_vault(&admin, &password, KdfParams::calibrate(DEFAULT_TARGET))?;
    Ok(CreatedVault {
        admin: admin.trim().to_string(),
        recovery_code: code.display().to_string(),
    })
}

#[tauri::command(async)]
pub fn login(
    desk: State<'_, Desk>,
    shell: State<'_, Shell>,
    user: String,
    password: String,
) -> ApiResult<LoginState> {
    let password = secret(password);
    // A login replaces any open session in the core; forget what belonged to it first.
    shell.session_ended();
    let state = desk.login(&user, &password)?;
    if let LoginState::Ready { user } = &state {
        shell.set_lock_on_minimize(user.lock_on_minimize);
    }
    Ok(state)
}

#[tauri::command(async)]
pub fn choose_password(
    desk: State<'_, Desk>,
    shell: State<'_, Shell>,
    password: String,
) -> ApiResult<DeskUser> {
    let password = secret(password);
    let user = desk.choose_password(&password)?;
    shell.set_lock_on_minimize(user.lock_on_minimize);
    Ok(user)
}

/// Locks now (button, Ctrl+L): the core drops the session and its keys. True if one was open.
#[tauri::command(async)]
pub fn lock(app: AppHandle, desk: State<'_, Desk>) -> ApiResult<bool> {
    let result = desk.lock();
    after_lock(&app, None);
    Ok(result?)
}

/// An administrator recovers with the recovery code on this workstation and is logged in.
#[tauri::command(async)]
pub fn recover_admin(
    desk: State<'_, Desk>,
    shell: State<'_, Shell>,
    code: String,
    user: String,
    password: String,
) -> ApiResult<DeskUser> {
    let code = zeroize::Zeroizing::new(code);
    let code = RecoveryCode::parse(&code).ok_or(skyddsvalv::Error::WrongRecoveryCode)?;
    let password = secret(password);
    shell.session_ended();
    let user = desk.recover_admin(&code, &user, &password)?;
    shell.set_lock_on_minimize(user.lock_on_minimize);
    Ok(user)
}

/// Seconds until the idle lock (asking does not count as activity), for the warning before it.
#[tauri::command(async)]
pub fn idle_status(desk: State<'_, Desk>) -> ApiResult<Option<u64>> {
    Ok(desk.idle_seconds_left()?)
}

/// "Fortsätt arbeta": the idle lock starts over.
#[tauri::command(async)]
pub fn keep_working(desk: State<'_, Desk>) -> ApiResult<()> {
    Ok(desk.keep_working()?)
}
