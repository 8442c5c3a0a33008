//! The vault's list of purposes a reveal may state: the defaults, adjusted by the administrator.
//! Reading it needs no operation (it holds no personal data, and every role's dialogs need it);
//! changing it is a setting change, logged and flagged like the others.

use super::Session;
use crate::audit::{Action, Outcome};
use crate::error::Result;
use crate::policy::Operation;
use crate::records::purpose::{checked_list, effective, PurposeEntry};
use crate::settings::{self, keys};
use crate::storage::Tx;

/// The list as stored, with defaults a later version added.
pub(crate) fn load(tx: &dyn Tx) -> Result<Vec<PurposeEntry>> {
    Ok(effective(settings::get_json(tx, keys::PURPOSES)?))
}

impl Session {
    /// Every purpose, active or not, with its labels and whether art. 9 fields accept it.
    pub fn purposes(&mut self) -> Result<Vec<PurposeEntry>> {
        let tx = self.store.begin()?;
        load(&*tx)
    }

    /// Replaces the list (admin): defaults may be relabelled or made inactive, never removed.
    pub fn set_purposes(&mut self, list: Vec<PurposeEntry>) -> Result<Vec<PurposeEntry>> {
        let checked = checked_list(list);
        let mut entry = self.entry(Action::SettingsChanged, Outcome::Allowed);
        entry.purpose = Some(match &checked {
            Ok(l) => {
                let active: Vec<&str> = l
                    .iter()
                    .filter(|p| p.active)
                    .map(|p| p.code.as_str())
                    .collect();
                let mut text = format!("purposes={}", active.join(","));
                text.truncate(400);
                text
            }
            Err(_) => "purposes".into(),
        });
        self.perform(
            Operation::ChangeSettings,
            entry,
            super::admin::na,
            |ctx, (), _| {
                let list = checked?;
                settings::set_json(ctx.tx, keys::PURPOSES, &list)?;
                Ok(list)
            },
        )
    }
}
