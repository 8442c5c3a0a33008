//! Default masks: what a case handler sees before revealing anything.

use serde::Serialize;

use super::fields::{Category, DefaultMask, Field};
use super::model::{PersonRecord, ProtectionKind};
use crate::identity::IdentityNumber;

/// What every masked field shows: no length, no hint of the value.
pub const HIDDEN: &str = "••••••";

/// `Åsa Maria Lindqvist` → `Å. M. L.`
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `198507099805` → `1985****-****`; a reserve number is fully hidden.
pub fn identity(canonical: &str) -> String {
    IdentityNumber::parse(canonical)
        .map(|id| id.masked())
        .unwrap_or_else(|_| HIDDEN.to_string())
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MaskedField {
    pub field: Field,
    pub category: Category,
    pub art9: bool,
    pub has_value: bool,
    /// The masked rendering: initials, birth year, or [`HIDDEN`].
    pub shown: String,
}

impl MaskedField {
    pub fn field_name(&self) -> &'static str {
        self.field.as_str()
    }
}

pub fn masked_fields(p: &PersonRecord) -> Vec<MaskedField> {
    Field::ALL
        .iter()
        .copied()
        .map(|field| {
            let has_value = has_value(p, field);
            let shown = match (field.default_mask(), has_value) {
                (_, false) => String::new(),
                (DefaultMask::Initials, true) => initials(&p.name),
                (DefaultMask::BirthYear, true) => {
                    identity(p.identity_number.as_deref().unwrap_or_default())
                }
                (DefaultMask::Hidden, true) => HIDDEN.to_string(),
            };
            MaskedField {
                field,
                category: field.category(),
                art9: field.is_art9(),
                has_value,
                shown,
            }
        })
        .collect()
}

fn has_value(p: &PersonRecord, f: Field) -> bool {
    match f {
        Field::Name => !p.name.is_empty(),
        Field::Contacts => !p.contacts.is_empty(),
        other => value(p, other).is_some(),
    }
}

/// The plain value of one field (only ever returned by a logged reveal).
pub fn value(p: &PersonRecord, f: Field) -> Option<String> {
    match f {
        Field::Name => Some(p.name.clone()),
        Field::IdentityNumber => {
            p.identity_number
                .as_deref()
                .map(|c| match IdentityNumber::parse(c) {
                    Ok(IdentityNumber::Personnummer(pn)) => pn.display_separated(),
                    _ => c.to_string(),
                })
        }
        Field::Address => p.address.clone(),
        Field::Postcode => p.postcode.clone(),
        Field::Municipality => p.municipality.clone(),
        Field::Phone => p.phone.clone(),
        Field::Email => p.email.clone(),
        Field::Contacts => (!p.contacts.is_empty()).then(|| {
            p.contacts
                .iter()
                .map(|c| {
                    let mut s = c.name.clone();
                    if let Some(r) = &c.relation {
                        s.push_str(&format!(" ({r})"));
                    }
                    if let Some(ph) = &c.phone {
                        s.push_str(&format!(", {ph}"));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
        Field::Health => p.health.clone(),
        Field::Interventions => p.interventions.clone(),
        Field::Notes => p.notes.clone(),
        Field::ProtectionNote => p.protection.note.clone(),
    }
}

/// The kind of protection is not secret from staff: it is the warning they must act on.
pub fn protection_label(kind: Option<ProtectionKind>) -> &'static str {
    match kind {
        Some(ProtectionKind::Sekretessmarkering) => "sekretessmarkering",
        Some(ProtectionKind::SkyddadFolkbokforing) => "skyddad_folkbokforing",
        Some(ProtectionKind::FingeradePersonuppgifter) => "fingerade_personuppgifter",
        None => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_birth_year() {
        assert_eq!(initials("åsa  maria Lindqvist"), "Å. M. L.");
        assert_eq!(identity("198507099805"), "1985****-****");
        assert_eq!(identity("garbage"), HIDDEN);
    }

    #[test]
    fn hidden_fields_show_nothing_of_the_value() {
        let p = PersonRecord {
            name: "Åsa Lind".into(),
            address: Some("Kanariegatan 7".into()),
            ..Default::default()
        };
        let fields = masked_fields(&p);
        let address = fields.iter().find(|f| f.field == Field::Address).unwrap();
        assert_eq!(address.shown, HIDDEN);
        let phone = fields.iter().find(|f| f.field == Field::Phone).unwrap();
        assert!(!phone.has_value && phone.shown.is_empty());
        let all = serde_json::to_string(&fields).unwrap();
        assert!(!all.contains("Kanarie") && !all.contains("Lind"));
    }
}
