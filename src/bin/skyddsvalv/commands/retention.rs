//! `retention …`: the rules, the sweep, the two-person destruction and its certificate. Rules come as
//! JSON on standard input (after the password); the sweep lists refs and dates, never a value.

use serde_json::json;
use skyddsvalv::duties::incident_form::IncidentFormat;
use skyddsvalv::duties::sweep::Hold;
use skyddsvalv::rights::Lang;
use skyddsvalv::session::SweepItem;

use super::log::absolute;
use crate::cli::RetentionCommand;
use crate::context::{CliError, CliResult, Context};
use crate::display::safe;

pub fn run(ctx: &Context, command: RetentionCommand) -> CliResult {
    let mut session = ctx.session()?;
    match command {
        RetentionCommand::Rules => {
            let rules = session.retention_rules()?;
            rules_table(ctx, &rules);
        }
        RetentionCommand::SetRule => {
            let json = ctx.secrets.read_document().map_err(CliError::Input)?;
            let rules = session.set_retention_rule(&json)?;
            rules_table(ctx, &rules);
        }
        RetentionCommand::Due => {
            let list = session.retention_due()?;
            ctx.emit(json!(list), || {
                let mut out = format!(
                    "Sweep of {}: {} due, {} kept, {} not yet due.\n",
                    list.today,
                    list.due.len(),
                    list.withheld.len(),
                    list.running
                );
                if !list.due.is_empty() {
                    out.push_str("\nDUE\nPERSON               RULE              DUE SINCE\n");
                    for i in &list.due {
                        out.push_str(&line(i, ""));
                    }
                }
                if !list.withheld.is_empty() {
                    out.push_str(
                        "\nKEPT\nPERSON               RULE              DUE SINCE   BECAUSE\n",
                    );
                    for i in &list.withheld {
                        out.push_str(&line(i, &holds(&i.assessment.holds)));
                    }
                }
                out.trim_end().to_string()
            });
        }
        RetentionCommand::Propose => {
            let d = session.propose_destruction()?;
            ctx.emit(json!(d), || {
                format!(
                    "Proposed {} with {} files. Another case handler approves it with \
                     `skyddsvalv retention approve {}`.",
                    d.id,
                    d.files.len(),
                    d.id
                )
            });
        }
        RetentionCommand::Approve { id } => {
            let d = session.approve_destruction(&id, |p| {
                eprint!("\rErasing: {} of {}", p.done, p.total);
                true
            })?;
            eprintln!();
            ctx.emit(json!(d), || {
                format!(
                    "{} is {}: {} erased, {} kept. Write the certificate with \
                     `skyddsvalv retention certificate {} --out FILE`.",
                    d.id,
                    d.status.as_str(),
                    d.erased,
                    d.kept,
                    d.id
                )
            });
        }
        RetentionCommand::Destructions => {
            let all = session.destructions()?;
            ctx.emit(json!(all), || {
                if all.is_empty() {
                    return "No destruction list has been proposed.".into();
                }
                let mut out = String::from(
                    "LIST             STATUS    FILES  ERASED  KEPT  PROPOSED BY  APPROVED BY\n",
                );
                for d in &all {
                    out.push_str(&format!(
                        "{:<16} {:<9} {:>5}  {:>6}  {:>4}  {:<12} {}\n",
                        safe(&d.id),
                        d.status.as_str(),
                        d.files,
                        d.erased,
                        d.kept,
                        safe(&d.proposed_by),
                        safe(d.approved_by.as_deref().unwrap_or("-"))
                    ));
                }
                out.trim_end().to_string()
            });
        }
        RetentionCommand::Certificate {
            id,
            format,
            out,
            lang,
        } => {
            let format = IncidentFormat::parse(&format)
                .ok_or_else(|| CliError::Usage("unknown format".into()))?;
            let lang =
                Lang::parse(&lang).ok_or_else(|| CliError::Usage("unknown language".into()))?;
            let w = session.write_destruction_certificate(&id, format, lang, &absolute(&out))?;
            ctx.emit(json!(w), || {
                format!("Certificate written to {} ({} bytes).", w.path, w.bytes)
            });
        }
        RetentionCommand::CheckCertificate { file } => {
            let c = session.check_destruction_certificate(&absolute(&file))?;
            ctx.emit(json!(c), || match (&c.certificate, &c.signer) {
                (Some(cert), Some(signer)) if c.holds => format!(
                    "The certificate holds: {} of {}, {} erased and {} kept, signed by {}.",
                    safe(&cert.destruction),
                    safe(&cert.completed_at),
                    cert.persons_erased,
                    cert.persons_kept,
                    safe(signer)
                ),
                _ => "The certificate does not hold.".into(),
            });
            if let Some(p) = c.problem {
                session.lock()?;
                return Err(CliError::Failed {
                    code: p.as_str(),
                    exit: 1,
                    message: p.explanation().into(),
                });
            }
        }
    }
    Ok(())
}

fn holds(h: &[Hold]) -> String {
    h.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(", ")
}

fn line(i: &SweepItem, because: &str) -> String {
    let a = &i.assessment;
    let row = format!(
        "{:<20} {:<17} {:<11} {}",
        safe(&i.person_ref),
        safe(a.rule.as_deref().unwrap_or("-")),
        a.due.as_deref().unwrap_or("-"),
        because
    );
    format!("{}\n", row.trim_end())
}

fn rules_table(ctx: &Context, rules: &[skyddsvalv::duties::retention::RetentionRule]) {
    ctx.emit(json!(rules), || {
        let mut out = String::from("RULE              YEARS  FROM        RECORDS\n");
        for r in rules {
            out.push_str(&format!(
                "{:<17} {:>5}  {:<11} {}\n    {}\n    {}\n",
                safe(&r.id),
                r.years,
                r.anchor.as_str(),
                safe(&r.record_class),
                safe(&r.legal_source),
                safe(r.paragraph.as_deref().unwrap_or("-"))
            ));
        }
        out.trim_end().to_string()
    });
}
