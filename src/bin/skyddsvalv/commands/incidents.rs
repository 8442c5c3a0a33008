//! `incident …`: the register of personal-data incidents. The form's fields come as JSON on
//! standard input (after the password); `--json` output carries each incident's clock.

use serde_json::json;
use skyddsvalv::duties::incident::{ClockStage, IncidentView};
use skyddsvalv::duties::incident_form::IncidentFormat;
use skyddsvalv::rights::Lang;

use super::log::absolute;

use crate::cli::{IncidentCommand, RegisterCommand};
use crate::context::{CliError, CliResult, Context};
use crate::display::safe;
use skyddsvalv::duties::register::RegisterFormat;

pub fn run(ctx: &Context, command: IncidentCommand) -> CliResult {
    let mut session = ctx.session()?;
    let document = || -> CliResult<String> {
        let text = ctx.secrets.read_document().map_err(CliError::Input)?;
        Ok(if text.trim().is_empty() {
            "{}".into()
        } else {
            text.to_string()
        })
    };
    match command {
        IncidentCommand::Open => {
            let i = session.open_incident(&document()?)?;
            ctx.emit(json!(i), || {
                format!("Opened {}.\n{}", i.incident.id, card(&i))
            });
        }
        IncidentCommand::List => {
            let all = session.list_incidents()?;
            ctx.emit(json!(all), || {
                if all.is_empty() {
                    return "The incident register is empty.".into();
                }
                let mut out =
                    String::from("INCIDENT       STATUS  DISCOVERED (UTC)          CLOCK\n");
                for i in &all {
                    out.push_str(&format!(
                        "{:<14} {:<7} {:<25} {}\n",
                        safe(&i.incident.id),
                        i.incident.details.status.map(|s| s.as_str()).unwrap_or("-"),
                        i.incident.details.discovered_at.as_deref().unwrap_or("-"),
                        clock_line(i)
                    ));
                }
                out.trim_end().to_string()
            });
        }
        IncidentCommand::Show { id } => {
            let i = session.show_incident(&id)?;
            ctx.emit(json!(i), || card(&i));
        }
        IncidentCommand::Export {
            id,
            format,
            out,
            lang,
        } => {
            let format = IncidentFormat::parse(&format)
                .ok_or_else(|| CliError::Usage("unknown format".into()))?;
            let lang =
                Lang::parse(&lang).ok_or_else(|| CliError::Usage("unknown language".into()))?;
            let w = session.write_incident(&id, format, lang, &absolute(&out))?;
            ctx.emit(json!(w), || {
                format!("Incident written to {} ({} bytes).", w.path, w.bytes)
            });
        }
        IncidentCommand::Update { id } => {
            let i = session.update_incident(&id, &document()?)?;
            ctx.emit(json!(i), || {
                format!("Updated {}.\n{}", i.incident.id, card(&i))
            });
        }
    }
    Ok(())
}

/// `register set|export`.
pub fn register(ctx: &Context, command: RegisterCommand) -> CliResult {
    let mut session = ctx.session()?;
    match command {
        RegisterCommand::Set => {
            let json = ctx.secrets.read_document().map_err(CliError::Input)?;
            let activities = session.set_register(&json)?;
            ctx.emit(json!(activities), || {
                format!(
                    "The register holds {} processing activities.",
                    activities.len()
                )
            });
        }
        RegisterCommand::Export { format, out } => {
            let format = RegisterFormat::parse(&format)
                .ok_or_else(|| CliError::Usage("unknown format".into()))?;
            let w = session.write_register(format, &absolute(&out))?;
            ctx.emit(json!(w), || {
                format!("Register written to {} ({} bytes).", w.path, w.bytes)
            });
        }
    }
    Ok(())
}

fn clock_line(i: &IncidentView) -> String {
    match &i.clock {
        None => "no discovery time".into(),
        Some(c) => match c.stage {
            ClockStage::Stopped => "stopped (IMY notified or decided)".into(),
            ClockStage::Overdue => {
                format!("OVERDUE by {} h (deadline {})", -c.hours_left, c.deadline)
            }
            ClockStage::Passed48 => format!(
                "{} h left — under 24 h (deadline {})",
                c.hours_left, c.deadline
            ),
            ClockStage::Passed24 => format!(
                "{} h left — under 48 h (deadline {})",
                c.hours_left, c.deadline
            ),
            ClockStage::Running => format!("{} h left (deadline {})", c.hours_left, c.deadline),
        },
    }
}

fn card(i: &IncidentView) -> String {
    let d = &i.incident.details;
    let mut out = format!(
        "{}  opened by {} at {}\nClock: {}\n",
        safe(&i.incident.id),
        safe(&i.incident.opened_by),
        i.incident.opened_at,
        clock_line(i)
    );
    let fields = serde_json::to_value(d).unwrap_or_default();
    if let Some(map) = fields.as_object() {
        for (k, v) in map {
            let shown = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::Array(a) if a.is_empty() => continue,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push_str(&format!("  {k}: {}\n", safe(&shown)));
        }
    }
    for c in &i.incident.changes {
        out.push_str(&format!(
            "Changed by {} at {}: {}\n",
            safe(&c.by),
            c.at,
            c.fields.join(", ")
        ));
    }
    out.trim_end().to_string()
}
