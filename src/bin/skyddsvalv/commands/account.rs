//! `login`, `passwd`, `recover`: the acting user's own account.

use serde_json::json;
use skyddsvalv::crypto::RecoveryCode;
use skyddsvalv::Login;

use crate::context::{CliError, CliResult, Context};

pub fn login(ctx: &Context) -> CliResult {
    let vault = ctx.open_vault()?;
    let user = ctx.user()?;
    let password = ctx.secrets.read("Password").map_err(CliError::Input)?;
    let (mut session, changed) = match vault.login(user, &password)? {
        Login::Ready(s) => (s, false),
        Login::MustChangePassword(first) => {
            if !ctx.json {
                eprintln!("This is your first login: choose your own password.");
            }
            let new = ctx
                .secrets
                .read_new("New password")
                .map_err(CliError::Input)?;
            (first.choose_password(&new)?, true)
        }
    };
    let role = session.user().role;
    let access = session.data_access();
    let fingerprint = session.my_fingerprint();
    ctx.emit(
        json!({"user": session.user().name, "role": role, "password_changed": changed,
               "data_access": access, "fingerprint": fingerprint}),
        || {
            let mut s = format!("Logged in as {} ({role}).", session.user().name);
            if changed {
                s.push_str(" Your new password is set and bound to this workstation.");
            }
            if access.awaiting {
                s.push_str(&format!(
                    "\nYou wait for data access. Read your key fingerprint {fingerprint} to a case \
                     handler, who grants it."
                ));
            }
            s
        },
    );
    Ok(session.lock()?)
}

pub fn passwd(ctx: &Context) -> CliResult {
    // Reads the current password (as `--help` says: the current one, then the new one); the core
    // checks it against the slot again before replacing it.
    let (mut session, current) = ctx.session_and_password()?;
    let new = ctx
        .secrets
        .read_new("New password")
        .map_err(CliError::Input)?;
    session.change_password(&current, &new)?;
    ctx.emit(json!({"password_changed": true}), || {
        "Password changed.".into()
    });
    Ok(session.lock()?)
}

pub fn recover(ctx: &Context) -> CliResult {
    let vault = ctx.open_vault()?;
    let admin = ctx.user()?;
    let code_text = ctx.secrets.read("Recovery code").map_err(CliError::Input)?;
    let code = {
        use secrecy::ExposeSecret;
        RecoveryCode::parse(code_text.expose_secret())
            .ok_or(skyddsvalv::Error::WrongRecoveryCode)?
    };
    let new = ctx
        .secrets
        .read_new("New administrator password")
        .map_err(CliError::Input)?;
    let session = vault.recover(&code, admin, &new)?;
    ctx.emit(json!({"recovered": true, "admin": admin}), || {
        format!(
            "The vault opens on this workstation again. {admin} has a new password bound to this \
             keyring; other users need `skyddsvalv user reset-password NAME`."
        )
    });
    Ok(session.lock()?)
}
