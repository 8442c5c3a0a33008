//! `reception export` (a case handler's vault) and `desk …` (a reception workstation with no
//! vault). The lookup's number or name comes on standard input, never as an argument.

use std::path::Path;

use serde_json::json;
use skyddsvalv::offline::{Desk, DeskAnswer, Installed};

use super::log::absolute;
use crate::cli::{DeskCommand, ReceptionCommand};
use crate::context::{CliError, CliResult, Context};
use crate::display::safe;

pub fn export(ctx: &Context, command: ReceptionCommand) -> CliResult {
    let ReceptionCommand::Export {
        desk_key,
        fingerprint,
        days,
        out,
    } = command;
    let mut session = ctx.session()?;
    let r = session.export_reception_register(&desk_key, &fingerprint, days, &absolute(&out))?;
    session.lock()?;
    ctx.emit(json!(r), || {
        format!(
            "Reception register {} for desk {} written to {}: {} protected persons, valid until {}. \
             Carry it to the desk and install it there (`skyddsvalv desk install FILE`); the first \
             time, read your key fingerprint (`skyddsvalv access fingerprint`) to the person at the \
             desk.",
            r.seq,
            r.desk,
            r.path,
            r.persons,
            &r.valid_until[..10]
        )
    });
    Ok(())
}

fn operator(ctx: &Context) -> String {
    ctx.user()
        .map(str::to_string)
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "desk".into())
}

fn installed_line(i: &Installed) -> String {
    let mut s = format!(
        "Register {} of vault {} is installed, valid until {}.",
        i.seq,
        i.vault_id,
        &i.valid_until[..10]
    );
    if i.expires_soon {
        s.push_str(" It expires within two days: ask a case handler for a new export.");
    }
    s
}

fn answer_text(a: &DeskAnswer) -> String {
    let until = &a.valid_until[..10];
    let mut s = if a.found {
        let who = a
            .referral
            .iter()
            .map(|r| {
                let mut w = safe(&r.name);
                if let Some(u) = &r.unit {
                    w.push_str(&format!(", {}", safe(u)));
                }
                if let Some(p) = &r.phone {
                    w.push_str(&format!(", {}", safe(p)));
                }
                w
            })
            .collect::<Vec<_>>()
            .join("; ");
        format!(
            "Skyddad ({}, {}) — hänvisa till {}.",
            a.protection.unwrap_or_default(),
            a.initials.as_deref().unwrap_or_default(),
            if who.is_empty() {
                "en handläggare".into()
            } else {
                who
            }
        )
    } else {
        format!(
            "Ingen träff i registret (registret gäller t.o.m. {until}; det betyder inte att personen \
             saknar skydd)."
        )
    };
    if a.expires_soon {
        s.push_str(&format!(
            "\nThe register expires on {until}: ask a case handler for a new one."
        ));
    }
    s
}

fn dir_of(dir: &Path) -> std::path::PathBuf {
    absolute(dir)
}

pub fn run(ctx: &Context, command: DeskCommand) -> CliResult {
    match command {
        DeskCommand::Init { dir } => {
            let info = Desk::init(&dir_of(&dir), ctx.device())?;
            ctx.emit(json!(info), || {
                format!(
                    "This workstation is now a reception desk.\nFingerprint: {}\nKey (give it to the \
                     exporting case handler): {}\nThe case handler confirms the fingerprint from this \
                     screen before exporting.",
                    info.fingerprint, info.key
                )
            });
        }
        DeskCommand::Info { dir } => {
            let desk = Desk::open(&dir_of(&dir), ctx.device())?;
            let info = desk.info();
            ctx.emit(json!(info), || {
                format!("Fingerprint: {}\nKey: {}", info.fingerprint, info.key)
            });
        }
        DeskCommand::Install { file, dir, trust } => {
            let desk = Desk::open(&dir_of(&dir), ctx.device())?;
            let i = desk.install(&absolute(&file), trust.as_deref(), &operator(ctx))?;
            ctx.emit(json!(i), || installed_line(&i));
        }
        DeskCommand::Status { dir } => {
            let desk = Desk::open(&dir_of(&dir), ctx.device())?;
            let i = desk.status()?;
            ctx.emit(json!(i), || match &i {
                Some(i) => installed_line(i),
                None => "No register is installed.".into(),
            });
        }
        DeskCommand::Lookup { dir } => {
            let desk = Desk::open(&dir_of(&dir), ctx.device())?;
            let text = ctx
                .secrets
                .read_value("Identity number, or name and birth year (Name, 1985)")
                .map_err(CliError::Input)?;
            let a = desk.lookup(&operator(ctx), &text)?;
            ctx.emit(json!(a), || answer_text(&a));
        }
        DeskCommand::ExportLog { dir, out } => {
            let desk = Desk::open(&dir_of(&dir), ctx.device())?;
            let log = desk.export_log()?;
            let out = absolute(&out);
            if out.exists() {
                return Err(CliError::Core(skyddsvalv::Error::invalid(
                    skyddsvalv::input::Input::OutputFile,
                    skyddsvalv::input::Rule::Exists,
                    "a file of that name is already there",
                )));
            }
            let bytes = serde_json::to_vec_pretty(&log)
                .map_err(|e| CliError::Core(skyddsvalv::Error::Storage(e.to_string())))?;
            std::fs::write(&out, bytes).map_err(|e| CliError::Core(skyddsvalv::Error::from(e)))?;
            ctx.emit(
                json!({"entries": log.entries.len(), "path": out.display().to_string()}),
                || {
                    format!(
                    "The desk's log ({} entries, signed) is in {}. The log reviewer checks it with \
                     `skyddsvalv log review-desk FILE --fingerprint {}`.",
                    log.entries.len(),
                    out.display(),
                    log.desk.fingerprint()
                )
                },
            );
        }
    }
    Ok(())
}
