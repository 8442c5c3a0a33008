//! `access …` (granting and taking away data access) and `migrate`.

use secrecy::ExposeSecret;
use serde_json::json;
use skyddsvalv::crypto::RecoveryCode;
use skyddsvalv::Session;

use crate::cli::AccessCommand;
use crate::context::{CliError, CliResult, Context};

pub(super) fn recovery_code(ctx: &Context) -> CliResult<RecoveryCode> {
    let text = ctx.secrets.read("Recovery code").map_err(CliError::Input)?;
    Ok(RecoveryCode::parse(text.expose_secret()).ok_or(skyddsvalv::Error::WrongRecoveryCode)?)
}

fn acting(ctx: &Context, recovery: bool) -> CliResult<Session> {
    if recovery {
        let vault = ctx.open_vault()?;
        Ok(vault.recovery_session(&recovery_code(ctx)?)?)
    } else {
        ctx.session()
    }
}

pub fn run(ctx: &Context, command: AccessCommand) -> CliResult {
    match command {
        AccessCommand::Pending { recovery } => {
            let mut session = acting(ctx, recovery)?;
            let pending = session.pending_access()?;
            ctx.emit(json!(pending), || {
                if pending.is_empty() {
                    return "No account waits for data access.".into();
                }
                pending
                    .iter()
                    .map(|p| {
                        format!(
                            "{:<20} {:<12} waits for {}",
                            p.name,
                            p.role.as_str(),
                            p.waiting_for.join(" and ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            Ok(session.lock()?)
        }
        AccessCommand::Grant {
            name,
            fingerprint,
            recovery,
        } => {
            let mut session = acting(ctx, recovery)?;
            session.grant_access(&name, &fingerprint)?;
            ctx.emit(json!({"granted": name}), || {
                format!("{name} has data access from their next login. This is flagged for review.")
            });
            Ok(session.lock()?)
        }
        AccessCommand::Revoke { name, recovery } => {
            let mut session = acting(ctx, recovery)?;
            session.revoke_access(&name)?;
            ctx.emit(json!({"revoked": name}), || {
                format!("{name} no longer has data access; the keys are rotated. This is flagged for review.")
            });
            Ok(session.lock()?)
        }
        AccessCommand::Fingerprint => {
            let mut session = ctx.session()?;
            let fp = session.my_fingerprint();
            let access = session.data_access();
            ctx.emit(json!({"fingerprint": fp, "data_access": access}), || {
                let mut s = format!("Your key fingerprint: {fp}");
                if access.awaiting {
                    s.push_str(
                        "\nYou wait for data access: read this fingerprint to a case handler.",
                    );
                }
                s
            });
            Ok(session.lock()?)
        }
    }
}

pub fn migrate(ctx: &Context) -> CliResult {
    let vault = ctx.open_vault()?;
    let report = vault.migrate(&recovery_code(ctx)?)?;
    ctx.emit(json!(report), || {
        format!(
            "Migrated: {} persons sealed under the new records key. {} account(s) get new slots at \
             their next login; case handlers then wait for a grant (`skyddsvalv access grant NAME \
             --recovery --fingerprint …`).",
            report.persons, report.accounts_to_upgrade
        )
    });
    Ok(())
}

/// The admin's session, then the handler's (each reads its own password): the handler hands over the
/// data keys, the admin seals them to the new code, and the handler's session at once retires the keys
/// the old code could open.
pub fn rotate_recovery_code(ctx: &Context, handler: &str) -> CliResult {
    let mut admin = ctx.session()?;
    let mut handler_session = ctx.session_as(handler)?;
    let handover = handler_session.hand_over_keys()?;
    let code = admin.rotate_recovery_code(handover)?;
    admin.lock()?;
    let rotated = handler_session.rotate_due(&mut |_| {})?;
    handler_session.lock()?;
    let code = code.display();
    ctx.emit(
        json!({"recovery_code": code, "keys_rotated": rotated.len()}),
        || {
            format!(
                "New recovery code (shown only now — write it down and keep it locked away; the old \
                 code opens nothing any more):\n\n    {code}\n"
            )
        },
    );
    Ok(())
}
