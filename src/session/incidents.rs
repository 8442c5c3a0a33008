//! The incident register through the door: the administrator and the log reviewer open incidents
//! and read the register, the administrator manages it; every call is an operation with its own log
//! entry, and every change names the fields it changed. The register is kept in the vault's settings
//! table (it holds refs, sequence numbers and the form's texts, never a person's values).

use std::path::Path;

use super::loggkontroll::WrittenFile;
use super::{Ctx, Session};
use crate::audit::{Action, Outcome};
use crate::duties::incident::{
    self, BreachKind, Change, Incident, IncidentDetails, IncidentStatus, IncidentView,
};
use crate::duties::incident_form::{self, IncidentFormat};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::rights::pdf::{render_printable, Printable};
use crate::rights::Lang;
use crate::time::{now_rfc3339, now_utc};

const REGISTER: &str = "incident_register";

fn load(ctx: &Ctx<'_>) -> Result<Vec<Incident>> {
    match ctx.tx.setting(REGISTER)? {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|_| Error::damaged("the incident register cannot be read")),
    }
}

fn store(ctx: &Ctx<'_>, register: &[Incident]) -> Result<()> {
    let json = serde_json::to_string(register).map_err(|e| Error::Storage(e.to_string()))?;
    ctx.tx.set_setting(REGISTER, &json)
}

/// Adds an incident opened by `by` with `details` (checked) to the register.
fn open_in(ctx: &Ctx<'_>, by: &str, mut details: IncidentDetails) -> Result<Incident> {
    let now = now_utc();
    details.discovered_at.get_or_insert_with(now_rfc3339);
    details.status.get_or_insert(IncidentStatus::Open);
    let details = incident::check(details, now)?;
    let mut register = load(ctx)?;
    let year = crate::calendar::swedish_time(now).year();
    let opened_this_year = register
        .iter()
        .filter(|i| i.id.starts_with(&format!("INC-{year:04}-")))
        .count();
    let i = Incident {
        id: incident::incident_id(year, opened_this_year + 1),
        opened_at: now_rfc3339(),
        opened_by: by.to_string(),
        details,
        changes: Vec::new(),
    };
    register.push(i.clone());
    store(ctx, &register)?;
    Ok(i)
}

/// A failed log verification opens a draft incident, discovered now, linked to the broken entry —
/// once per broken entry. Returns the id of the incident holding the break and whether it is new.
pub(crate) fn open_for_broken_chain(ctx: &Ctx<'_>, seq: u64) -> Result<(String, bool)> {
    if let Some(known) = load(ctx)?
        .iter()
        .find(|i| i.details.linked_seqs.contains(&seq))
    {
        return Ok((known.id.clone(), false));
    }
    let details = IncidentDetails {
        how_discovered: Some(format!(
            "Verifieringen av åtkomstloggen misslyckades vid post {seq} (öppnad automatiskt)."
        )),
        kinds: vec![BreachKind::Integrity],
        linked_seqs: vec![seq],
        status: Some(IncidentStatus::Draft),
        ..Default::default()
    };
    open_in(ctx, "skyddsvalv", details).map(|i| (i.id, true))
}

impl Session {
    /// Opens an incident; `details` is a JSON object of the form's fields (`{}` for none yet). The
    /// clock starts at `discovered_at`, now when not given.
    pub fn open_incident(&mut self, details: &str) -> Result<IncidentView> {
        let entry = self.entry(Action::IncidentOpened, Outcome::Allowed);
        let (details, _) = incident::merge(&IncidentDetails::default(), details)?;
        self.perform(
            Operation::OpenIncident,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let i = open_in(ctx, &ctx.user.name, details)?;
                entry.purpose = Some(i.id.clone());
                Ok(i.view(now_utc()))
            },
        )
    }

    /// The register, newest first, each with its clock.
    pub fn list_incidents(&mut self) -> Result<Vec<IncidentView>> {
        let entry = self.entry(Action::IncidentsListed, Outcome::Allowed);
        self.perform(
            Operation::ListIncidents,
            entry,
            super::admin::na,
            |ctx, (), _| {
                let now = now_utc();
                Ok(load(ctx)?.iter().rev().map(|i| i.view(now)).collect())
            },
        )
    }

    pub fn show_incident(&mut self, id: &str) -> Result<IncidentView> {
        let mut entry = self.entry(Action::IncidentViewed, Outcome::Allowed);
        entry.purpose = Some(super::log_safe_id(20, id));
        self.perform(
            Operation::ShowIncident,
            entry,
            super::admin::na,
            |ctx, (), _| {
                load(ctx)?
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| i.view(now_utc()))
                    .ok_or(Error::IncidentNotFound)
            },
        )
    }

    /// Changes the fields `patch` names (a JSON object; `null` clears a field). The change is
    /// recorded in the incident (who, when, which fields) and in the log entry.
    pub fn update_incident(&mut self, id: &str, patch: &str) -> Result<IncidentView> {
        let mut entry = self.entry(Action::IncidentUpdated, Outcome::Allowed);
        entry.purpose = Some(super::log_safe_id(20, id));
        self.perform(
            Operation::UpdateIncident,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mut register = load(ctx)?;
                let i = register
                    .iter_mut()
                    .find(|i| i.id == id)
                    .ok_or(Error::IncidentNotFound)?;
                let (merged, fields) = incident::merge(&i.details, patch)?;
                i.details = incident::check(merged, now_utc())?;
                entry.detail = Some(format!("fields {}", fields.join(" ")));
                i.changes.push(Change {
                    at: now_rfc3339(),
                    by: ctx.user.name.clone(),
                    fields,
                });
                let view = i.view(now_utc());
                store(ctx, &register)?;
                Ok(view)
            },
        )
    }
}

impl Session {
    /// Writes the incident as a PDF shaped after IMY's form, or as JSON, to `out` (a new file
    /// outside temporary folders); the log entry names the incident and the format.
    pub fn write_incident(
        &mut self,
        id: &str,
        format: IncidentFormat,
        lang: Lang,
        out: &Path,
    ) -> Result<WrittenFile> {
        let mut entry = self.entry(Action::IncidentViewed, Outcome::Allowed);
        entry.purpose = Some(format!("{} {format}", super::log_safe_id(20, id)));
        let target = super::extract::checked_output(out);
        self.write_after_entry(Operation::ShowIncident, entry, target, |ctx, _| {
            let view = load(ctx)?
                .iter()
                .find(|i| i.id == id)
                .map(|i| i.view(now_utc()))
                .ok_or(Error::IncidentNotFound)?;
            Ok(match format {
                IncidentFormat::Json => {
                    serde_json::to_vec_pretty(&incident_form::document(&view, lang))
                        .map_err(|e| Error::Storage(e.to_string()))?
                }
                IncidentFormat::Pdf => {
                    let sections = incident_form::sections(&view, lang);
                    let watermark = format!(
                        "{} {} · {}",
                        if lang == Lang::Sv {
                            "Utskriven av"
                        } else {
                            "Printed by"
                        },
                        ctx.user.name,
                        now_rfc3339()
                    );
                    render_printable(&Printable {
                        title: &incident_form::title(&view, lang),
                        sections: &sections,
                        watermark: &watermark,
                        empty: if lang == Lang::Sv {
                            "Ingen uppgift"
                        } else {
                            "No information"
                        },
                        chart: None,
                    })
                }
            })
        })
    }
}
