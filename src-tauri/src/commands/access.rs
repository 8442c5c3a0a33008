//! Data access: the acting user's own fingerprint and access, the accounts that wait, grant and revoke.

use skyddsvalv::crypto::RecoveryCode;
use skyddsvalv::desk::Desk;
use skyddsvalv::session::{DataAccess, PendingAccount};
use tauri::State;

use super::ApiResult;

#[derive(serde::Serialize)]
pub struct MyAccess {
    /// To read aloud to the case handler who grants access.
    pub fingerprint: String,
    #[serde(flatten)]
    pub access: DataAccess,
}

#[tauri::command(async)]
pub fn my_access(desk: State<'_, Desk>) -> ApiResult<MyAccess> {
    Ok(desk.with_session(|s| {
        Ok(MyAccess {
            fingerprint: s.my_fingerprint(),
            access: s.data_access(),
        })
    })?)
}

#[tauri::command(async)]
pub fn pending_access(desk: State<'_, Desk>) -> ApiResult<Vec<PendingAccount>> {
    Ok(desk.with_session(|s| s.pending_access())?)
}

/// `fingerprint` as the account's owner read it from their own screen.
#[tauri::command(async)]
pub fn grant_access(desk: State<'_, Desk>, name: String, fingerprint: String) -> ApiResult<()> {
    Ok(desk.with_session(|s| s.grant_access(&name, &fingerprint))?)
}

/// The recovery code (typed by the data controller) grants the first case handler: no session needed.
#[tauri::command(async)]
pub fn grant_with_recovery(
    desk: State<'_, Desk>,
    code: String,
    name: String,
    fingerprint: String,
) -> ApiResult<()> {
    let code = zeroize::Zeroizing::new(code);
    let code = RecoveryCode::parse(&code).ok_or(skyddsvalv::Error::WrongRecoveryCode)?;
    Ok(desk.grant_with_recovery(&code, &name, &fingerprint)?)
}

#[tauri::command(async)]
pub fn revoke_access(desk: State<'_, Desk>, name: String) -> ApiResult<()> {
    Ok(desk.with_session(|s| s.revoke_access(&name))?)
}
