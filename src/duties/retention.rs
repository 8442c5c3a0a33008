//! Gallring (retention) rules as data in the vault: which records a rule covers, the event its period
//! runs from, the period, whether deletion may wait until the end of the following calendar year, the
//! exceptions that keep a file, and the legal source cited by content (the paragraph is a field of its
//! own: the Social Services Act was renumbered in 2025). The administrator changes them; each change
//! is a logged operation flagged `ADMIN_CHANGE`.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::error::{Error, Result};
use crate::input::{Input, Rule};

crate::named! {
    /// The event a retention period runs from.
    pub enum Anchor {
        LastNote = "last_note",
        MatterEnded = "matter_ended",
        Birth = "birth",
    }
}

crate::named! {
    /// What keeps a file although its period has run out.
    pub enum Exception {
        PaternityParenthood = "paternity_parenthood",
        Adoption = "adoption",
        ChildPlacement = "child_placement",
        LegalHold = "legal_hold",
        OpenRequest = "open_request",
    }
}

crate::named! {
    /// Who runs the activity: the periods differ.
    pub enum OrganiserKind {
        MunicipalBoard = "municipal_board",
        PrivateProvider = "private_provider",
        CareProvider = "care_provider",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    /// A short stable name, lower case with hyphens (`sol-personakt`).
    pub id: String,
    pub record_class: String,
    pub organiser: OrganiserKind,
    pub anchor: Anchor,
    pub years: u32,
    /// Deletion may be done until the end of the calendar year after the period runs out.
    #[serde(default)]
    pub end_of_following_year: bool,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
    /// What the rule says, in words.
    pub legal_source: String,
    /// Where it says so, as a reference to check (paragraphs move when an act is renumbered).
    #[serde(default)]
    pub paragraph: Option<String>,
}

/// The rules a new vault starts with (social services, with health care for a care provider).
pub fn defaults() -> Vec<RetentionRule> {
    vec![
        RetentionRule {
            id: "sol-personakt".into(),
            record_class: "Personakt inom socialtjänsten".into(),
            organiser: OrganiserKind::MunicipalBoard,
            anchor: Anchor::LastNote,
            years: 5,
            end_of_following_year: false,
            exceptions: vec![
                Exception::PaternityParenthood,
                Exception::Adoption,
                Exception::ChildPlacement,
                Exception::LegalHold,
                Exception::OpenRequest,
            ],
            legal_source: "Uppgifter i en personakt inom socialtjänsten gallras fem år efter den \
                           sista anteckningen. Handlingar om faderskap eller föräldraskap, adoption \
                           och placering av barn gallras inte."
                .into(),
            paragraph: Some(
                "Socialtjänstlagen (2025:400); före 1 juli 2025 12 kap. 1–2 §§ SoL (2001:453)".into(),
            ),
        },
        RetentionRule {
            id: "pdl-journal".into(),
            record_class: "Patientjournal (hälso- och sjukvård)".into(),
            organiser: OrganiserKind::CareProvider,
            anchor: Anchor::LastNote,
            years: 10,
            end_of_following_year: false,
            exceptions: vec![Exception::LegalHold, Exception::OpenRequest],
            legal_source: "En patientjournal bevaras minst tio år efter att den sista uppgiften \
                           fördes in."
                .into(),
            paragraph: Some("3 kap. 17 § patientdatalagen (2008:355)".into()),
        },
    ]
}

/// Checks a rule as the administrator sends it (JSON).
pub fn parse_rule(json: &str) -> Result<RetentionRule> {
    let mut r: RetentionRule = crate::records::model::parse_json(Input::RetentionRule, json)?;
    let invalid =
        |rule: Rule, why: &str| Error::invalid(Input::RetentionRule, rule, why.to_string());
    let slug = !r.id.is_empty()
        && r.id.len() <= 40
        && r.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug {
        return Err(invalid(
            Rule::Format,
            "a rule's id is lower-case letters, digits and hyphens",
        ));
    }
    if !(1..=100).contains(&r.years) {
        return Err(invalid(
            Rule::OutOfRange,
            "a retention period is 1 to 100 years",
        ));
    }
    let text = |s: &str| crate::records::text::check(Input::RetentionRule, s, None);
    r.record_class = text(&r.record_class)?;
    r.legal_source = text(&r.legal_source)?;
    if r.record_class.is_empty() || r.legal_source.is_empty() {
        return Err(invalid(
            Rule::Required,
            "name the records and the legal source",
        ));
    }
    if let Some(p) = r.paragraph.as_deref() {
        let p = text(p)?;
        r.paragraph = (!p.is_empty()).then_some(p);
    }
    r.exceptions.sort();
    r.exceptions.dedup();
    Ok(r)
}

/// The day the rule makes a file due from its anchor, and the last day the deletion may be done.
pub fn due(rule: &RetentionRule, anchor: Date) -> (Date, Date) {
    let year = anchor.year() + rule.years as i32;
    // 29 February moves to 28 February in a year that has none.
    let day = Date::from_calendar_date(year, anchor.month(), anchor.day())
        .or_else(|_| Date::from_calendar_date(year, anchor.month(), 28))
        .unwrap_or(anchor);
    let last = if rule.end_of_following_year {
        Date::from_calendar_date(year + 1, Month::December, 31).unwrap_or(day)
    } else {
        day
    };
    (day, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_period_runs_from_the_anchor_and_may_wait_to_the_end_of_the_following_year() {
        let mut r = defaults().remove(0);
        assert_eq!(
            due(&r, date!(2021 - 03 - 15)),
            (date!(2026 - 03 - 15), date!(2026 - 03 - 15))
        );
        assert_eq!(due(&r, date!(2020 - 02 - 29)).0, date!(2025 - 02 - 28));
        r.end_of_following_year = true;
        assert_eq!(due(&r, date!(2021 - 03 - 15)).1, date!(2027 - 12 - 31));
    }

    #[test]
    fn the_shipped_rules_pass_their_own_checks_and_bad_rules_are_refused() {
        for r in defaults() {
            assert_eq!(parse_rule(&serde_json::to_string(&r).unwrap()).unwrap(), r);
        }
        let good = serde_json::to_value(&defaults()[0]).unwrap();
        for (key, value) in [
            ("id", serde_json::json!("Sol Personakt")),
            ("years", serde_json::json!(0)),
            ("legal_source", serde_json::json!("")),
            ("record_class", serde_json::json!("rad\nbrytning")),
            ("anchor", serde_json::json!("tomorrow")),
            ("surprise", serde_json::json!(1)),
        ] {
            let mut bad = good.clone();
            bad[key] = value;
            assert!(parse_rule(&bad.to_string()).is_err(), "{key}");
        }
    }
}
