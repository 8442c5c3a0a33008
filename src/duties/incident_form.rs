//! An incident as a document shaped after IMY's notification form (PDF) and as JSON. What is not
//! filled in says so rather than being guessed. The notice at the top is the reason it holds refs and
//! counts only: a notification becomes a public document once it is sent.

use serde::Serialize;

use super::incident::{BreachKind, ClockStage, IncidentStatus, IncidentView, Severity};
use crate::rights::extract::{Item, Section};
use crate::rights::Lang;

crate::named! {
    /// The formats an incident is written in.
    pub enum IncidentFormat {
        Pdf = "pdf",
        Json = "json",
    }
}

pub const FORMAT_VERSION: u32 = 1;

/// The JSON document.
#[derive(Serialize)]
pub struct IncidentDocument<'a> {
    pub format_version: u32,
    pub notice: String,
    #[serde(flatten)]
    pub incident: &'a IncidentView,
}

pub fn notice(lang: Lang) -> String {
    match lang {
        Lang::Sv => "En anmälan till IMY blir allmän handling när den har kommit in. Den ska inte \
                     innehålla fler uppgifter än som behövs. En skyddad person informeras bara genom \
                     sin handläggare; adressen visas aldrig för det."
            .into(),
        Lang::En => "A notification to IMY becomes a public document once received. It should hold no \
                     more detail than needed. A protected person is told only through their handler; \
                     their address is never shown for it."
            .into(),
    }
}

pub fn document(v: &IncidentView, lang: Lang) -> IncidentDocument<'_> {
    IncidentDocument {
        format_version: FORMAT_VERSION,
        notice: notice(lang),
        incident: v,
    }
}

pub fn title(v: &IncidentView, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("Personuppgiftsincident {}", v.incident.id),
        Lang::En => format!("Personal data breach {}", v.incident.id),
    }
}

/// The form's sections, in IMY's order.
pub fn sections(v: &IncidentView, lang: Lang) -> Vec<Section> {
    let sv = lang == Lang::Sv;
    let tr = |s: &str, e: &str| if sv { s.to_string() } else { e.to_string() };
    let missing = tr("Ej angivet", "Not given");
    let text = |o: &Option<String>| o.clone().unwrap_or_else(|| missing.clone());
    let yes_no = |o: Option<bool>| match o {
        Some(true) => tr("Ja", "Yes"),
        Some(false) => tr("Nej", "No"),
        None => missing.clone(),
    };
    let list = |l: &[String]| {
        if l.is_empty() {
            missing.clone()
        } else {
            l.join(", ")
        }
    };
    let count = |n: Option<u64>| n.map_or_else(|| missing.clone(), |n| format!("ca {n}"));
    let item = |label: String, value: String| Item { label, value };
    let section = |key: &'static str, heading: String, items: Vec<Item>| Section {
        key,
        heading,
        empty: items.is_empty(),
        items,
    };
    let d = &v.incident.details;
    let kinds: Vec<String> = d
        .kinds
        .iter()
        .map(|k| match (k, sv) {
            (BreachKind::Confidentiality, true) => "konfidentialitet".into(),
            (BreachKind::Integrity, true) => "riktighet".into(),
            (BreachKind::Availability, true) => "tillgänglighet".into(),
            (k, false) => k.to_string(),
        })
        .collect();
    let severity = d.severity.map_or_else(
        || missing.clone(),
        |s| match (s, sv) {
            (Severity::Low, true) => "låg".into(),
            (Severity::Medium, true) => "medel".into(),
            (Severity::High, true) => "hög".into(),
            (s, false) => s.to_string(),
        },
    );
    let status = d.status.map_or_else(
        || missing.clone(),
        |s| match (s, sv) {
            (IncidentStatus::Draft, true) => "utkast".into(),
            (IncidentStatus::Open, true) => "pågående".into(),
            (IncidentStatus::Closed, true) => "avslutad".into(),
            (s, false) => s.to_string(),
        },
    );
    let clock = match &v.clock {
        None => missing.clone(),
        Some(c) if c.stage == ClockStage::Stopped => tr(
            "Stoppad (anmäld eller beslutad)",
            "Stopped (notified or decided)",
        ),
        Some(c) if c.stage == ClockStage::Overdue => format!(
            "{} {} ({} {})",
            -c.hours_left,
            tr("timmar efter fristen", "hours past the deadline"),
            tr("frist", "deadline"),
            c.deadline
        ),
        Some(c) => format!(
            "{} {} ({} {})",
            c.hours_left,
            tr("timmar kvar", "hours left"),
            tr("frist", "deadline"),
            c.deadline
        ),
    };
    let seqs: Vec<String> = d.linked_seqs.iter().map(u64::to_string).collect();
    vec![
        section(
            "notification",
            tr("Anmälan", "Notification"),
            vec![
                item(tr("Egen referens", "Own reference"), v.incident.id.clone()),
                item(tr("Status", "Status"), status),
                item(
                    tr("Registrerad", "Registered"),
                    format!("{} ({})", v.incident.opened_at, v.incident.opened_by),
                ),
                item(tr("Om anmälan", "About the notification"), notice(lang)),
            ],
        ),
        section(
            "incident",
            tr("Om incidenten", "About the breach"),
            vec![
                item(tr("Inträffade", "Happened"), text(&d.occurred_at)),
                item(
                    tr(
                        "Upptäcktes (72-timmarsfristen börjar)",
                        "Discovered (the 72 hours start)",
                    ),
                    text(&d.discovered_at),
                ),
                item(tr("Upphörde", "Ended"), text(&d.ended_at)),
                item(
                    tr("Hur den upptäcktes", "How it was discovered"),
                    text(&d.how_discovered),
                ),
                item(tr("Typ av incident", "Type of breach"), list(&kinds)),
                item(tr("Orsak", "Cause"), text(&d.cause)),
                item(
                    tr("Personuppgiftsbiträde inblandat", "Processor involved"),
                    text(&d.processor_involved),
                ),
            ],
        ),
        section(
            "affected",
            tr(
                "Berörda personer och uppgifter",
                "Persons and data affected",
            ),
            vec![
                item(
                    tr("Kategorier av registrerade", "Categories of data subjects"),
                    list(&d.subject_categories),
                ),
                item(
                    tr("Kategorier av uppgifter", "Categories of data"),
                    list(&d.data_categories),
                ),
                item(
                    tr("Känsliga uppgifter (art. 9)", "Special categories (art. 9)"),
                    yes_no(d.art9_data),
                ),
                item(
                    tr("Personnummer", "Identity numbers"),
                    yes_no(d.identity_numbers),
                ),
                item(
                    tr("Uppgifter som omfattas av sekretess", "Data under secrecy"),
                    yes_no(d.data_under_secrecy),
                ),
                item(
                    tr("Antal berörda personer", "Number of persons"),
                    count(d.approx_persons),
                ),
                item(
                    tr("Antal berörda poster", "Number of records"),
                    count(d.approx_records),
                ),
            ],
        ),
        section(
            "consequences",
            tr("Följder och åtgärder", "Consequences and measures"),
            vec![
                item(
                    tr("Sannolika följder", "Likely consequences"),
                    text(&d.consequences),
                ),
                item(tr("Allvarlighetsgrad", "Severity"), severity),
                item(
                    tr("Vidtagna åtgärder", "Measures taken"),
                    text(&d.measures_taken),
                ),
                item(
                    tr("Planerade åtgärder", "Measures planned"),
                    text(&d.measures_planned),
                ),
                item(
                    tr("Dataskyddsombud", "Data protection officer"),
                    text(&d.dpo_contact),
                ),
            ],
        ),
        section(
            "imy",
            tr("Anmälan till IMY", "Notification to IMY"),
            vec![
                item(tr("72-timmarsfristen", "The 72 hours"), clock),
                item(
                    tr("Anmäld till IMY", "Notified to IMY"),
                    yes_no(d.imy_notified),
                ),
                item(tr("Anmäld", "Notified at"), text(&d.imy_notified_at)),
                item(
                    tr("IMY:s diarienummer", "IMY's reference"),
                    text(&d.imy_reference),
                ),
                item(
                    tr("Varför inte anmäld", "Why not notified"),
                    text(&d.imy_why_not),
                ),
                item(
                    tr("Skäl till försening", "Reason for the delay"),
                    text(&d.delay_reason),
                ),
                item(tr("Kompletteringar", "Supplements"), text(&d.supplements)),
            ],
        ),
        section(
            "subjects",
            tr(
                "Information till de registrerade",
                "Telling the data subjects",
            ),
            vec![
                item(tr("Informerade", "Told"), yes_no(d.subjects_told)),
                item(tr("När", "When"), text(&d.subjects_told_at)),
                item(tr("Hur", "How"), text(&d.subjects_told_how)),
                item(tr("Varför inte", "Why not"), text(&d.subjects_why_not)),
            ],
        ),
        section(
            "links",
            tr("Kopplingar (endast referenser)", "Links (references only)"),
            vec![
                item(tr("Loggposter", "Log entries"), list(&seqs)),
                item(
                    tr("Personer (referens)", "Persons (ref)"),
                    list(&d.linked_refs),
                ),
            ],
        ),
    ]
}
