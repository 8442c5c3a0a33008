//! The purposes a reveal may state. Art. 9 fields (health, interventions) accept only the strict list.
//! A purpose is given as its code, optionally followed by `: a short note`.

use serde::{Deserialize, Serialize};

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
        strict: true,
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
        strict: true,
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
        strict: true,
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

/// A purpose as the vault holds it: the defaults above, adjusted by the administrator (labels,
/// which are allowed for art. 9 fields, which are offered), plus the vault's own. A default is never
/// deleted, only made inactive, so every code in the log keeps its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeEntry {
    pub code: String,
    pub sv: String,
    pub en: String,
    /// Allowed for art. 9 fields too.
    pub strict: bool,
    /// Offered in the dialogs and accepted by a reveal.
    pub active: bool,
}

impl From<&PurposeCode> for PurposeEntry {
    fn from(p: &PurposeCode) -> Self {
        PurposeEntry {
            code: p.code.into(),
            sv: p.sv.into(),
            en: p.en.into(),
            strict: p.strict,
            active: true,
        }
    }
}

/// The most purposes a vault holds, and the longest code and label.
pub const MAX_PURPOSES: usize = 40;
const MAX_CODE: usize = 40;
const MAX_LABEL: usize = 80;

/// The stored list, with any default it lacks (added by a later version) appended as active.
pub fn effective(stored: Option<Vec<PurposeEntry>>) -> Vec<PurposeEntry> {
    let mut list = stored.unwrap_or_default();
    for d in PURPOSES {
        if !list.iter().any(|p| p.code == d.code) {
            list.push(d.into());
        }
    }
    list
}

/// Checks a list an administrator wants to store: every default still there, codes that are codes,
/// labels in words, and at least one active purpose for art. 9 fields.
pub fn checked_list(list: Vec<PurposeEntry>) -> Result<Vec<PurposeEntry>> {
    let bad = |rule: Rule, why: String| Error::invalid(Input::SettingValue, rule, why);
    if list.len() > MAX_PURPOSES {
        return Err(bad(
            Rule::TooLong,
            format!("at most {MAX_PURPOSES} purposes"),
        ));
    }
    let mut out: Vec<PurposeEntry> = Vec::with_capacity(list.len());
    for mut p in list {
        p.code = p.code.trim().to_string();
        let code_ok = (2..=MAX_CODE).contains(&p.code.len())
            && p.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok {
            return Err(bad(
                Rule::Format,
                format!("a purpose code is 2–{MAX_CODE} of a–z, 0–9 and _"),
            ));
        }
        if out.iter().any(|o| o.code == p.code) {
            return Err(bad(
                Rule::NotAllowed,
                "a purpose code is listed twice".into(),
            ));
        }
        for label in [&mut p.sv, &mut p.en] {
            *label = label.trim().to_string();
            let n = label.chars().count();
            if n == 0 || n > MAX_LABEL || label.chars().any(char::is_control) {
                return Err(bad(
                    Rule::Format,
                    format!("a purpose needs a Swedish and an English label of 1–{MAX_LABEL} characters"),
                ));
            }
        }
        out.push(p);
    }
    if PURPOSES
        .iter()
        .any(|d| !out.iter().any(|p| p.code == d.code))
    {
        return Err(bad(
            Rule::Required,
            "a default purpose can be made inactive but not removed".into(),
        ));
    }
    if !out.iter().any(|p| p.active && p.strict) {
        return Err(bad(
            Rule::Required,
            "at least one active purpose must be allowed for art. 9 fields".into(),
        ));
    }
    Ok(out)
}

/// A validated purpose: a known code and an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    pub code: String,
    pub note: Option<String>,
}

impl Purpose {
    /// Parses against the built-in defaults (for callers without a vault).
    pub fn parse_for(input: &str, field: Field) -> Result<Purpose> {
        let defaults = effective(None);
        Self::parse_in(input, field, &defaults)
    }

    /// Parses against the vault's list: an active purpose, strict for an art. 9 field.
    pub fn parse_in(input: &str, field: Field, list: &[PurposeEntry]) -> Result<Purpose> {
        let (code, note) = match input.split_once(':') {
            Some((c, n)) => (
                c.trim(),
                Some(n.trim().to_string()).filter(|n| !n.is_empty()),
            ),
            None => (input.trim(), None),
        };
        let active = || list.iter().filter(|p| p.active);
        let known = active().find(|p| p.code == code).ok_or_else(|| {
            Error::invalid(
                Input::RevealPurpose,
                Rule::Unknown,
                format!(
                    "unknown purpose; use one of: {}",
                    active()
                        .map(|p| p.code.as_str())
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
                    active()
                        .filter(|p| p.strict)
                        .map(|p| p.code.as_str())
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
            code: known.code.clone(),
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
        assert!(Purpose::parse_for("kontakt", Field::Health).is_err());
        assert!(Purpose::parse_for("samverkan", Field::Interventions).is_err());
        // An investigation, ongoing case work and a rectification are honest reasons for art. 9 data.
        for code in ["utredning", "handlaggning", "rattelse"] {
            assert!(Purpose::parse_for(code, Field::Health).is_ok(), "{code}");
        }
        assert!(Purpose::parse_for("vard_och_stod: planering", Field::Health).is_ok());
        assert!(Purpose::parse_for("nyfikenhet", Field::Address).is_err());
        let p = Purpose::parse_for(" kontakt : ringa upp ", Field::Phone).unwrap();
        assert_eq!(p.to_log(), "kontakt: ringa upp");
    }

    #[test]
    fn the_vaults_list_adds_and_retires_purposes_but_keeps_every_default() {
        let mut list = effective(None);
        list.push(PurposeEntry {
            code: "hembesok".into(),
            sv: "Hembesök".into(),
            en: "Home visit".into(),
            strict: false,
            active: true,
        });
        list.iter_mut()
            .find(|p| p.code == "samverkan")
            .unwrap()
            .active = false;
        let list = checked_list(list).unwrap();
        assert!(Purpose::parse_in("hembesok", Field::Address, &list).is_ok());
        assert!(Purpose::parse_in("hembesok", Field::Health, &list).is_err());
        assert!(Purpose::parse_in("samverkan", Field::Address, &list).is_err());

        let without_default: Vec<_> = list
            .iter()
            .filter(|p| p.code != "kontakt")
            .cloned()
            .collect();
        assert!(checked_list(without_default).is_err());
        let mut no_art9 = list.clone();
        for p in &mut no_art9 {
            p.strict = false;
        }
        assert!(checked_list(no_art9).is_err());
        for (code, sv) in [
            ("Hem besök", "Hembesök"),
            ("x", "X"),
            ("ok_kod", ""),
            ("ok_kod", "a\u{7}b"),
        ] {
            let mut l = list.clone();
            l.push(PurposeEntry {
                code: code.into(),
                sv: sv.into(),
                en: "E".into(),
                strict: false,
                active: true,
            });
            assert!(checked_list(l).is_err(), "{code:?} {sv:?}");
        }
        let mut twice = list.clone();
        twice.push(list[0].clone());
        assert!(checked_list(twice).is_err());
    }
}
