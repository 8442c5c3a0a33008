//! `user …` and `settings …` (administrators).

use serde_json::json;
use skyddsvalv::settings::SettingChange;
use skyddsvalv::Role;

use crate::cli::{SettingsCommand, UserCommand};
use crate::context::{CliError, CliResult, Context};

pub fn run(ctx: &Context, command: UserCommand) -> CliResult {
    let mut session = ctx.session()?;
    match command {
        UserCommand::Add { name, role } => {
            let role = Role::account_from_input(&role)?;
            let initial = ctx
                .secrets
                .read_new("Initial password for the new user")
                .map_err(CliError::Input)?;
            session.add_user(&name, role, &initial)?;
            ctx.emit(json!({"added": name, "role": role}), || {
                format!(
                    "Added {name} ({role}). At the first login they must choose their own password."
                )
            });
        }
        UserCommand::List => {
            let users = session.list_users()?;
            ctx.emit(json!(users), || {
                let mut out = String::from(
                    "NAME                 ROLE          STATE             DATA ACCESS",
                );
                for u in &users {
                    let state = match (u.disabled, u.must_change_password) {
                        (true, _) => "disabled",
                        (false, true) => "initial password",
                        _ => "active",
                    };
                    let access = match u.data_access {
                        "granted" => "granted",
                        "awaiting" => "awaiting a grant",
                        _ => "-",
                    };
                    out.push_str(&format!(
                        "\n{:<20} {:<13} {state:<17} {access}",
                        u.name,
                        u.role.as_str()
                    ));
                }
                out
            });
        }
        UserCommand::Disable { name } => {
            session.disable_user(&name)?;
            ctx.emit(json!({"disabled": name}), || {
                format!("Disabled {name}. Their slot is removed and the vault's keys are rotated.")
            });
        }
        UserCommand::Enable { name } => {
            let initial = ctx
                .secrets
                .read_new("New initial password")
                .map_err(CliError::Input)?;
            session.enable_user(&name, &initial)?;
            ctx.emit(json!({"enabled": name}), || {
                format!(
                    "Enabled {name} on an initial password; a case handler must grant data access again."
                )
            });
        }
        UserCommand::ResetPassword { name } => {
            let initial = ctx
                .secrets
                .read_new("New initial password")
                .map_err(CliError::Input)?;
            session.reset_password(&name, &initial)?;
            ctx.emit(json!({"reset": name}), || {
                format!("{name} is back on an initial password and must choose a new one at login.")
            });
        }
        UserCommand::Unlock { name } => {
            let was_locked = session.unlock_user(&name)?;
            ctx.emit(json!({"unlocked": name, "was_locked": was_locked}), || {
                if was_locked {
                    format!("Unlocked {name}.")
                } else {
                    format!("{name} was not locked; the failed-login count is cleared.")
                }
            });
        }
    }
    Ok(session.lock()?)
}

pub fn settings(ctx: &Context, command: SettingsCommand) -> CliResult {
    // A misspelt change is refused before the password is asked for.
    let change = match &command {
        SettingsCommand::Show => None,
        SettingsCommand::Set { key, value } => Some(SettingChange::parse(key, value)?),
    };
    let mut session = ctx.session()?;
    let settings = match change {
        None => session.view_settings()?,
        Some(change) => session.change_setting(change)?,
    };
    ctx.emit(json!(settings), || {
        serde_json::to_string_pretty(&settings).unwrap_or_default()
    });
    Ok(session.lock()?)
}
