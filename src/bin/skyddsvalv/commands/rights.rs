//! `request …`, `extract`, `harm-assessment`, `erase`, `restrict`, `lift-restriction`, `consent …`,
//! `object`, `disclose`, `rights`: the data-subject workflow. Refs, request ids, dates and names from
//! the core's lists are arguments; every reason, recipient or decision comes on standard input.

use std::path::Path;

use serde_json::json;
use skyddsvalv::records::model::from_json;
use skyddsvalv::rights::*;
use skyddsvalv::session::{ConsentInput, DisclosureInput, RestrictionRequest};

use crate::cli::{core_name, ConsentCommand, RequestCommand};
use crate::context::{CliError, CliResult, Context};

/// A name from one of the core's lists (clap has already checked it is one).
fn named<T>(parse: fn(&str) -> Option<T>, s: &str) -> CliResult<T> {
    parse(&core_name(s)).ok_or_else(|| CliError::Usage(format!("unknown value {s}")))
}

fn today() -> String {
    request::format_date(skyddsvalv::time::today_utc())
}

fn request_line(r: &Request) -> String {
    format!(
        "{}  {:<18} {:<18} received {}  due {}",
        r.id, r.kind, r.status, r.received, r.due
    )
}

pub fn request(ctx: &Context, command: RequestCommand) -> CliResult {
    let mut s = ctx.session()?;
    let r = match command {
        RequestCommand::Open {
            person,
            kind,
            received,
            channel,
        } => s.open_request(
            &person,
            named(RequestKind::parse, &kind)?,
            &received,
            named(Channel::parse, &channel)?,
        )?,
        RequestCommand::List => {
            let list = s.requests()?;
            ctx.emit(json!(list), || {
                if list.items.is_empty() {
                    return "No open requests for the persons assigned to you.".into();
                }
                let mut out = vec![format!(
                    "{} due by Sunday (today {}).",
                    list.due_this_week, list.today
                )];
                for i in &list.items {
                    out.push(format!(
                        "{}  {:<10} {:<18} {:<18} due {} ({}{} days){}",
                        i.request_id,
                        i.initials,
                        i.kind,
                        i.status,
                        i.due,
                        if i.days_left >= 0 { "" } else { "-" },
                        i.days_left.abs(),
                        if i.overdue { "  OVERDUE" } else { "" }
                    ));
                }
                out.join("\n")
            });
            return Ok(());
        }
        RequestCommand::Verify { id, how } => {
            s.verify_request(&id, named(IdentityMethod::parse, &how)?)?
        }
        RequestCommand::Extend { id, told_on } => {
            let why = ctx.secrets.read_value("Reason").map_err(CliError::Input)?;
            s.extend_request(&id, &why, &told_on.unwrap_or_else(today))?
        }
        RequestCommand::Close {
            id,
            outcome,
            ground,
        } => {
            let outcome = named(RequestStatus::parse, &outcome)?;
            let text;
            let refusal = match ground {
                Some(g) => {
                    text = ctx
                        .secrets
                        .read_value("Explanation")
                        .map_err(CliError::Input)?;
                    Some((named(RefusalGround::parse, &g)?, text.as_str()))
                }
                None => None,
            };
            s.close_request(&id, outcome, refusal)?
        }
    };
    ctx.emit(json!(r), || request_line(&r));
    Ok(())
}

pub fn extract(
    ctx: &Context,
    id: &str,
    format: &str,
    out: &Path,
    lang: &str,
    decisions: bool,
) -> CliResult {
    let mut s = ctx.session()?;
    let mut opts: ExtractOptions = if decisions {
        let doc = ctx.secrets.read_document().map_err(CliError::Input)?;
        from_json(&doc)?
    } else {
        ExtractOptions::default()
    };
    opts.lang = Some(named(Lang::parse, lang)?);
    let written = s.write_extract(id, &opts, named(ExtractFormat::parse, format)?, out)?;
    ctx.emit(json!(written), || {
        format!(
            "The extract for {id} is written to {} ({} bytes). It is now outside the vault: hand it \
             over in person and destroy any copy you keep.",
            written.path, written.bytes
        )
    });
    Ok(())
}

pub fn harm_assessment(
    ctx: &Context,
    person: &str,
    request: Option<&str>,
    outcome: &str,
) -> CliResult {
    let mut s = ctx.session()?;
    let why = ctx.secrets.read_value("Reason").map_err(CliError::Input)?;
    let n = s.assess_harm(person, request, named(HarmOutcome::parse, outcome)?, &why)?;
    ctx.emit(json!({"assessment": n}), || {
        format!("Harm assessment {n} recorded for {person}.")
    });
    Ok(())
}

pub fn erase(ctx: &Context, person: &str, request: &str, reason: &str) -> CliResult {
    let mut s = ctx.session()?;
    let report = s.erase_person(person, request, named(ErasureReason::parse, reason)?)?;
    ctx.emit(json!(report), || {
        if report.whole {
            return format!(
                "{} is erased: the record and its index entries are gone from the vault's files. \
                 The erasure is in the ledger.",
                report.person_ref
            );
        }
        let kept: Vec<&str> = report
            .fields
            .iter()
            .filter(|f| !f.erased)
            .map(|f| f.field.as_str())
            .collect();
        format!(
            "{} is partly erased. Kept under a legal duty to keep until {}: {}.",
            report.person_ref,
            report.kept_until.as_deref().unwrap_or("-"),
            kept.join(", ")
        )
    });
    Ok(())
}

pub fn restrict(ctx: &Context, person: &str, ground: &str, until: Option<String>) -> CliResult {
    let mut s = ctx.session()?;
    let why = ctx.secrets.read_value("Reason").map_err(CliError::Input)?;
    let order = RestrictionRequest {
        ground: Some(named(RestrictionGround::parse, ground)?),
        requester: None,
        to: until,
    };
    let view = s.restrict_on(person, order, &why)?;
    ctx.emit(json!(view), || {
        format!("Processing of {person} is restricted (art. 18).")
    });
    Ok(())
}

pub fn lift(ctx: &Context, person: &str, told_on: &str) -> CliResult {
    let mut s = ctx.session()?;
    let why = ctx.secrets.read_value("Reason").map_err(CliError::Input)?;
    let view = s.lift_restriction(person, &why, told_on)?;
    ctx.emit(json!(view), || {
        format!("The restriction of {person} is lifted.")
    });
    Ok(())
}

pub fn consent(ctx: &Context, command: ConsentCommand) -> CliResult {
    let mut s = ctx.session()?;
    let view = match command {
        ConsentCommand::Add {
            person,
            purpose,
            notice_version,
            given,
            method,
        } => s.record_consent(
            &person,
            ConsentInput {
                purpose,
                notice_version,
                given_at: given.unwrap_or_else(today),
                method: named(ConsentMethod::parse, &method)?,
            },
        )?,
        ConsentCommand::Withdraw {
            person,
            purpose,
            how,
        } => s.withdraw_consent(&person, &purpose, named(ConsentMethod::parse, &how)?)?,
    };
    ctx.emit(json!(view), || {
        format!("Consents of {}: {}", view.person_ref, view.consents.len())
    });
    Ok(())
}

pub fn object(ctx: &Context, person: &str, purpose: &str) -> CliResult {
    let mut s = ctx.session()?;
    let why = ctx.secrets.read_value("Reason").map_err(CliError::Input)?;
    let view = s.record_objection(person, purpose, &why)?;
    ctx.emit(json!(view), || {
        format!("Objection recorded: processing of {person} for {purpose} stops.")
    });
    Ok(())
}

pub fn disclose(ctx: &Context, person: &str) -> CliResult {
    let mut s = ctx.session()?;
    let doc = ctx.secrets.read_document().map_err(CliError::Input)?;
    let input: DisclosureInput = from_json(&doc)?;
    let view = s.record_disclosure(person, input)?;
    ctx.emit(json!(view), || format!("Disclosure recorded for {person}."));
    Ok(())
}

pub fn show(ctx: &Context, person: &str) -> CliResult {
    let mut s = ctx.session()?;
    let view = s.person_rights(person)?;
    ctx.emit(json!(view), || {
        let mut out = vec![format!("Requests of {}:", view.person_ref)];
        out.extend(
            view.requests
                .iter()
                .map(|r| format!("  {}", request_line(r))),
        );
        if view.requests.is_empty() {
            out.push("  (none)".into());
        }
        out.push(format!(
            "Harm assessments {}, disclosures {}, consents {}, objections {}, restrictions {}",
            view.harm_assessments.len(),
            view.disclosures.len(),
            view.consents.len(),
            view.objections.len(),
            view.restrictions.len()
        ));
        out.join("\n")
    });
    Ok(())
}
