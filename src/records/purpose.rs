//! The purposes a reveal may state. Art. 9 fields (health, interventions) accept only the strict list.
//! A purpose is given as its code, optionally followed by `: a short note`.

use serde::Serialize;

use super::fields::Field;
use crate::error::{Error, Result};
use crate::input::{Input, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PurposeCode {
    pub code: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
    /// Allowed for art. 9 fields too.
    pub strict: bool,
}

pub const PURPOSES: &[PurposeCode] = &[
    PurposeCode {
        code: "handlaggning",
        sv: "Pågående handläggning",
        en: "Ongoing case work",
        strict: false,
    },
    PurposeCode {
        code: "kontakt",
        sv: "Kontakt med den enskilde",
        en: "Contacting the person",
        strict: false,
    },
    PurposeCode {
        code: "utredning",
        sv: "Utredning",
        en: "Investigation",
        strict: false,
    },
    PurposeCode {
        code: "samverkan",
        sv: "Samverkan efter menprövning",
        en: "Cooperation after a harm assessment",
        strict: false,
    },
    PurposeCode {
        code: "rattelse",
        sv: "Rättelse av uppgift",
        en: "Rectification",
        strict: false,
    },
    PurposeCode {
        code: "registerutdrag",
        sv: "Registerutdrag till den enskilde",
        en: "Data-subject access request",
        strict: true,
    },
    PurposeCode {
        code: "vard_och_stod",
        sv: "Planering av vård- eller stödinsats",
        en: "Planning care or support",
        strict: true,
    },
    PurposeCode {
        code: "akut_skydd",
        sv: "Akut skyddsbedömning",
        en: "Urgent protection assessment",
        strict: true,
    },
];

/// A validated purpose: a known code and an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    pub code: &'static str,
    pub note: Option<String>,
}

impl Purpose {
    pub fn parse_for(input: &str, field: Field) -> Result<Purpose> {
        let (code, note) = match input.split_once(':') {
            Some((c, n)) => (
                c.trim(),
                Some(n.trim().to_string()).filter(|n| !n.is_empty()),
            ),
            None => (input.trim(), None),
        };
        let known = PURPOSES.iter().find(|p| p.code == code).ok_or_else(|| {
            Error::invalid(
                Input::RevealPurpose,
                Rule::Unknown,
                format!(
                    "unknown purpose; use one of: {}",
                    PURPOSES
                        .iter()
                        .map(|p| p.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        if field.is_art9() && !known.strict {
            return Err(Error::invalid(
                Input::RevealPurpose,
                Rule::NotAllowed,
                format!(
                    "{} is sensitive data (GDPR art. 9); the purpose must be one of: {}",
                    field.as_str(),
                    PURPOSES
                        .iter()
                        .filter(|p| p.strict)
                        .map(|p| p.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > super::text::MAX_LEN)
        {
            return Err(Error::invalid(
                Input::PurposeNote,
                Rule::TooLong,
                format!(
                    "the purpose note is longer than {} characters",
                    super::text::MAX_LEN
                ),
            ));
        }
        Ok(Purpose {
            code: known.code,
            note,
        })
    }

    /// As written to the access log.
    pub fn to_log(&self) -> String {
        match &self.note {
            Some(n) => format!("{}: {n}", self.code),
            None => self.code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn art9_needs_a_strict_purpose() {
        assert!(Purpose::parse_for("handlaggning", Field::Address).is_ok());
        assert!(Purpose::parse_for("handlaggning", Field::Health).is_err());
        assert!(Purpose::parse_for("vard_och_stod: planering", Field::Health).is_ok());
        assert!(Purpose::parse_for("nyfikenhet", Field::Address).is_err());
        let p = Purpose::parse_for(" kontakt : ringa upp ", Field::Phone).unwrap();
        assert_eq!(p.to_log(), "kontakt: ringa upp");
    }
}
