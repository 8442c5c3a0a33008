//! The register of processing activities (art. 30) through the door: the administrator records the
//! activities and writes the register as CSV or PDF; both are operations with their own log entry.

use std::path::Path;

use super::loggkontroll::WrittenFile;
use super::{Ctx, Session};
use crate::audit::{Action, Outcome};
use crate::duties::register::{self, ProcessingActivity, RegisterFormat};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::rights::pdf::{render_printable, Printable};
use crate::time::now_rfc3339;

const ACTIVITIES: &str = "processing_activities";

fn load(ctx: &Ctx<'_>) -> Result<Vec<ProcessingActivity>> {
    match ctx.tx.setting(ACTIVITIES)? {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|_| Error::damaged("the register of processing activities cannot be read")),
    }
}

impl Session {
    /// Replaces the vault's processing activities with `json` (an array of activities).
    pub fn set_register(&mut self, json: &str) -> Result<Vec<ProcessingActivity>> {
        let entry = self.entry(Action::RegisterChanged, Outcome::Allowed);
        let parsed = register::parse_activities(json);
        self.perform(
            Operation::SetRegister,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let activities = parsed?;
                let json = serde_json::to_string(&activities)
                    .map_err(|e| Error::Storage(e.to_string()))?;
                ctx.tx.set_setting(ACTIVITIES, &json)?;
                entry.detail = Some(format!("{} activities", activities.len()));
                Ok(activities)
            },
        )
    }

    /// Writes the register (art. 30(1) a–g per activity) as CSV or PDF to `out`.
    pub fn write_register(&mut self, format: RegisterFormat, out: &Path) -> Result<WrittenFile> {
        let mut entry = self.entry(Action::RegisterExported, Outcome::Allowed);
        entry.purpose = Some(format.to_string());
        let target = super::extract::checked_output(out);
        self.write_after_entry(Operation::ExportRegister, entry, target, |ctx, _| {
            let rules = super::retention::load(ctx)?;
            let activities: Vec<ProcessingActivity> = load(ctx)?
                .into_iter()
                .map(|a| register::with_rules(a, &rules))
                .collect();
            let measures = register::security_measures(&crate::settings::load(ctx.tx)?);
            Ok(match format {
                RegisterFormat::Csv => register::csv(&activities, &measures).into_bytes(),
                RegisterFormat::Pdf => {
                    let sections = register::sections(&activities, &measures);
                    render_printable(&Printable {
                        title: "Registerförteckning enligt artikel 30 dataskyddsförordningen",
                        sections: &sections,
                        watermark: &format!("Utskriven av {} · {}", ctx.user.name, now_rfc3339()),
                        empty: register::MISSING,
                        chart: None,
                    })
                }
            })
        })
    }
}
