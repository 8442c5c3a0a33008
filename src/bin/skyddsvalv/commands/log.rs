//! `log list` and `log verify` (log reviewers).

use serde_json::json;
use skyddsvalv::audit::LogFilter;
use skyddsvalv::time::parse_filter_time;

use crate::cli::LogCommand;
use crate::context::{CliError, CliResult, Context};
use crate::display::safe;

pub fn run(ctx: &Context, command: LogCommand) -> CliResult {
    let mut session = ctx.session()?;
    match command {
        LogCommand::List {
            person,
            actor,
            action,
            since,
            until,
            flagged,
            term_hash,
            limit,
        } => {
            let time = |t: Option<String>, flag: &str| -> CliResult<Option<String>> {
                t.map(|t| {
                    parse_filter_time(&t).ok_or_else(|| {
                        CliError::Usage(format!("--{flag} takes an RFC 3339 time or YYYY-MM-DD"))
                    })
                })
                .transpose()
            };
            let filter = LogFilter {
                person_ref: person.map(|p| p.trim().to_uppercase()),
                actor,
                action,
                since: time(since, "since")?,
                until: time(until, "until")?,
                flagged_only: flagged,
                term_hash,
                limit: Some(limit),
            };
            let entries = session.view_log(&filter)?;
            ctx.emit(json!(entries), || {
                let mut out = String::from(
                    "SEQ    TIME (UTC)               ACTOR          ACTION            PERSON            OUTCOME  FIELDS / PURPOSE\n",
                );
                for e in &entries {
                    out.push_str(&safe(&format!(
                        "{}{:<6} {:<24} {:<14} {:<17} {:<17} {:<8} {} {}",
                        if e.flagged { "!" } else { " " },
                        e.seq,
                        e.at,
                        e.actor,
                        e.action,
                        e.person_ref.as_deref().unwrap_or("-"),
                        e.outcome,
                        e.fields.join(","),
                        e.purpose.as_deref().unwrap_or("")
                    )));
                    out.push('\n');
                }
                out.trim_end().to_string()
            });
        }
        LogCommand::Verify => {
            let v = session.verify_log()?;
            ctx.emit(json!(v), || match v.broken_at {
                None => format!(
                    "The access log holds: {} entries, {} checkpoints{}.",
                    v.entries,
                    v.checkpoints,
                    v.outside_checkpoint
                        .map(|s| format!(", outside checkpoint at {s}"))
                        .unwrap_or_default()
                ),
                Some(seq) => safe(&format!(
                    "BROKEN at entry {seq}: {}",
                    v.problem.as_deref().unwrap_or("")
                )),
            });
            if let Some(seq) = v.broken_at {
                session.lock()?;
                return Err(skyddsvalv::Error::LogBroken { seq }.into());
            }
        }
    }
    Ok(session.lock()?)
}
