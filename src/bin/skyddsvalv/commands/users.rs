//! `user …` and `settings …` (administrators).

use serde_json::json;
use skyddsvalv::input::Input;
use skyddsvalv::records::model::parse_json;
use skyddsvalv::records::purpose::PurposeEntry;
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
                    "NAME                 ROLE          STATE              DATA ACCESS       LAST LOGIN            FAILED",
                );
                for u in &users {
                    let state = match (u.disabled, u.locked, u.must_change_password) {
                        (true, _, _) => "disabled",
                        _ if u.needs_new_password => "needs new password",
                        (false, true, _) => "locked out",
                        (false, false, true) => "initial password",
                        _ => "active",
                    };
                    let access = match u.data_access {
                        "granted" => "granted",
                        "awaiting" => "awaiting a grant",
                        _ => "-",
                    };
                    out.push_str(&format!(
                        "\n{:<20} {:<13} {state:<18} {access:<17} {:<21} {}",
                        u.name,
                        u.role.as_str(),
                        u.last_login_at.as_deref().unwrap_or("never"),
                        u.failed_attempts
                    ));
                }
                out
            });
        }
        UserCommand::Details { name } => {
            let text = ctx
                .secrets
                .read_value("Details as JSON {\"display_name\", \"unit\", \"phone\"}")
                .map_err(CliError::Input)?;
            let details: skyddsvalv::storage::Profile =
                skyddsvalv::records::model::from_json(&text)?;
            let saved = session.set_account_details(&name, details)?;
            ctx.emit(json!(saved), || {
                format!(
                    "{name}: shown as {}, unit {}, phone {}.",
                    saved.display_name.as_deref().unwrap_or(&name),
                    saved.unit.as_deref().unwrap_or("-"),
                    saved.phone.as_deref().unwrap_or("-")
                )
            });
        }
        UserCommand::Assignments => {
            let overview = session.assignments()?;
            ctx.emit(json!(overview), || {
                let mut out = Vec::new();
                for h in &overview.handlers {
                    out.push(format!(
                        "{:<20} {:>4} person(s){}  {}",
                        h.name,
                        h.refs.len(),
                        if h.disabled { " (disabled)" } else { "" },
                        h.refs.join(" ")
                    ));
                }
                if !overview.without_handler.is_empty() {
                    out.push(format!(
                        "Without an active handler: {}",
                        overview.without_handler.join(" ")
                    ));
                }
                out.join("\n")
            });
        }
        UserCommand::Reassign { from, to } => {
            let moved = session.reassign_all(&from, &to)?;
            ctx.emit(json!({"moved": moved, "from": from, "to": to}), || {
                format!("Moved {moved} person(s) from {from} to {to}.")
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
        SettingsCommand::Purposes | SettingsCommand::SetPurposes => return purposes(ctx, command),
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

fn purposes(ctx: &Context, command: SettingsCommand) -> CliResult {
    let mut session = ctx.session()?;
    let list = if matches!(command, SettingsCommand::SetPurposes) {
        let doc = ctx.secrets.read_document().map_err(CliError::Input)?;
        let list: Vec<PurposeEntry> = parse_json(Input::SettingValue, &doc)?;
        session.set_purposes(list)?
    } else {
        session.purposes()?
    };
    ctx.emit(json!(list), || {
        list.iter()
            .map(|p| {
                let art9 = if p.strict { ", art. 9" } else { "" };
                let off = if p.active { "" } else { " (inactive)" };
                format!("{}\t{} / {}{art9}{off}", p.code, p.sv, p.en)
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(session.lock()?)
}
