//! `person …`, `lookup`, `assign`/`unassign`, `emergency-access`.

use serde_json::json;
use skyddsvalv::records::model::from_json;
use skyddsvalv::records::{Field, PersonPatch, PersonRecord};
use skyddsvalv::session::{LookupAnswer, PersonView};

use crate::cli::PersonCommand;
use crate::context::{CliError, CliResult, Context};

pub fn run(ctx: &Context, command: PersonCommand) -> CliResult {
    let mut session = ctx.session()?;
    match command {
        PersonCommand::Add => {
            let doc = ctx.secrets.read_document().map_err(CliError::Input)?;
            let record: PersonRecord = from_json(&doc)?;
            let person_ref = session.create_person(record)?;
            ctx.emit(json!({"person_ref": person_ref}), || person_ref.clone());
        }
        PersonCommand::Find => {
            let query = ctx.secrets.read_value("Search").map_err(CliError::Input)?;
            let result = session.find_persons(&query)?;
            ctx.emit(json!(result), || {
                if result.hits.is_empty() {
                    return "No matches among the persons you may see.".into();
                }
                let mut out = result
                    .hits
                    .iter()
                    .map(|h| {
                        format!(
                            "{}  {:<12} {:<14} {}",
                            h.person_ref, h.initials, h.identity, h.protection
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                if result.total > result.hits.len() as u64 {
                    out.push_str(&format!(
                        "\n(showing {} of {}; refine the search)",
                        result.hits.len(),
                        result.total
                    ));
                }
                out
            });
        }
        PersonCommand::Note { person, corrects } => {
            let note = ctx.secrets.read_value("Note").map_err(CliError::Input)?;
            let id = session.add_note(&person, &note, corrects)?;
            ctx.emit(json!({"entry": id}), || {
                format!("Note {id} added to {person}'s journal.")
            });
        }
        PersonCommand::Journal { person, purpose } => {
            let j = session.read_journal(&person, &purpose)?;
            ctx.emit(json!(j), || {
                let mut out = vec![format!(
                    "Journal of {} (this reveal is logged)",
                    j.person_ref
                )];
                if let Some(n) = &j.notes {
                    out.push(format!("  (earlier note) {n}"));
                }
                for e in &j.entries {
                    let fix = e
                        .corrects
                        .map(|c| format!(" — corrects {c}"))
                        .unwrap_or_default();
                    out.push(format!(
                        "  {}. {} {}{fix}: {}",
                        e.id, e.at, e.author, e.text
                    ));
                }
                if j.notes.is_none() && j.entries.is_empty() {
                    out.push("  (no notes)".into());
                }
                out.join("\n")
            });
        }
        PersonCommand::Mine => {
            let list = session.caseload()?;
            ctx.emit(json!(list), || {
                if list.persons.is_empty() {
                    return "No persons are assigned to you.".into();
                }
                let mut out = list
                    .persons
                    .iter()
                    .map(|p| {
                        format!(
                            "{}  {:<12} {:<14} {:<26} review {} ({})",
                            p.person_ref,
                            p.initials,
                            p.identity,
                            p.protection,
                            p.review_on.as_deref().unwrap_or("-"),
                            p.review
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                if list.needs_attention > 0 {
                    out.push_str(&format!(
                        "\n{} review(s) overdue or due within {} days.",
                        list.needs_attention,
                        skyddsvalv::limits::REVIEW_SOON_DAYS
                    ));
                }
                out
            });
        }
        PersonCommand::Show { person } => {
            let view = session.show_person(&person)?;
            ctx.emit(json!(view), || render(&view));
        }
        PersonCommand::Edit { person } => {
            let doc = ctx.secrets.read_document().map_err(CliError::Input)?;
            let patch: PersonPatch = from_json(&doc)?;
            let view = session.edit_person(&person, patch)?;
            ctx.emit(json!(view), || format!("Saved.\n{}", render(&view)));
        }
        PersonCommand::Reveal {
            person,
            field,
            purpose,
            note,
        } => {
            let field = Field::from_input(&field)?;
            let purpose = if note {
                let text = ctx.secrets.read_value("Note").map_err(CliError::Input)?;
                format!("{purpose}: {}", text.as_str())
            } else {
                purpose
            };
            let revealed = session.reveal_field(&person, field, &purpose)?;
            ctx.emit(json!(revealed), || revealed.value.clone());
        }
    }
    Ok(session.lock()?)
}

fn render(v: &PersonView) -> String {
    let mut out = format!(
        "{}  protection: {}  restricted: {}\nassigned to: {}",
        v.person_ref,
        v.protection,
        v.restricted,
        if v.assigned_to.is_empty() {
            "-".to_string()
        } else {
            v.assigned_to.join(", ")
        }
    );
    if let Some(until) = &v.emergency_until {
        out.push_str(&format!("\nEMERGENCY ACCESS until {until}"));
    }
    for f in &v.fields {
        if f.has_value {
            let art9 = if f.art9 { "  (art. 9)" } else { "" };
            out.push_str(&format!("\n  {:<16} {}{art9}", f.field_name(), f.shown));
        }
    }
    out
}

pub fn lookup(ctx: &Context) -> CliResult {
    let mut session = ctx.session()?;
    let text = ctx
        .secrets
        .read_value("Identity number, or \"Name, 1985\"")
        .map_err(CliError::Input)?;
    let answer = session.lookup(&text)?;
    ctx.emit(json!(answer), || referral(&answer));
    Ok(session.lock()?)
}

/// The reception's plain answer, in Swedish first.
fn referral(a: &LookupAnswer) -> String {
    if !a.found {
        return "Ingen träff: registret har inget skydd för den uppgiften. Det betyder inte att \
                personen saknar skydd — lämna inga uppgifter och hänvisa enligt rutinen. / No match: \
                the register holds no protection for this; that does not mean the person has none — \
                disclose nothing and refer as the routine says."
            .into();
    }
    let handlers = if a.handlers.is_empty() {
        "ansvarig enhet".to_string()
    } else {
        a.handlers
            .iter()
            .map(|h| {
                let mut s = h.name.clone();
                if let Some(u) = &h.unit {
                    s.push_str(&format!(", {u}"));
                }
                if let Some(p) = &h.phone {
                    s.push_str(&format!(", tel. {p}"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    format!(
        "Skyddad ({}) — hänvisa till handläggare {handlers}. [{}]",
        a.protection.unwrap_or("none"),
        a.initials.as_deref().unwrap_or("")
    )
}

pub fn assign(ctx: &Context, person: &str, user: &str, on: bool) -> CliResult {
    let mut session = ctx.session()?;
    let changed = session.assign(person, user, on)?;
    ctx.emit(
        json!({"person_ref": person, "user": user, "assigned": on, "changed": changed}),
        || match (on, changed) {
            (true, true) => format!("Assigned {person} to {user}."),
            (true, false) => format!("{person} was already assigned to {user}."),
            (false, true) => format!("Removed {user} from {person}."),
            (false, false) => format!("{person} was not assigned to {user}."),
        },
    );
    Ok(session.lock()?)
}

pub fn emergency(ctx: &Context, person: Option<&str>, edit: bool) -> CliResult {
    // Only a ref may come on the command line (argv is readable by every local account); the value is
    // not repeated in the message.
    if person.is_some_and(|p| skyddsvalv::records::refs::parse_ref(p).is_err()) {
        return Err(CliError::Usage(
            "the argument takes only a person ref (P-XXXX-XXXX-XXXX); to name the person by identity \
             number, leave it out and give the number on standard input after the password"
                .into(),
        ));
    }
    let mut session = ctx.session()?;
    let number;
    let person = match person {
        Some(r) => r,
        None => {
            number = ctx
                .secrets
                .read_value("Identity number")
                .map_err(CliError::Input)?;
            number.as_str()
        }
    };
    let justification = ctx
        .secrets
        .read_value("Justification (at least 20 characters)")
        .map_err(CliError::Input)?;
    let grant = if edit {
        session.emergency_access_to_edit(person, &justification)?
    } else {
        session.emergency_access(person, &justification)?
    };
    ctx.emit(json!(grant), || {
        format!(
            "Emergency access to {} until {} ({} minutes, {}). This is flagged for review.",
            grant.person_ref,
            grant.expires_at,
            grant.minutes,
            if grant.may_edit {
                "may edit"
            } else {
                "read-only"
            }
        )
    });
    Ok(session.lock()?)
}
