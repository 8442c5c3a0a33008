//! The incident register: the fields of IMY's notification form, the 72-hour clock from discovery
//! (art. 33(1): counted in hours, no weekend or holiday shift), and the checks an entry must pass.
//! An incident holds refs and log sequence numbers, never a person's values: a notification becomes a
//! public document once sent, so it says no more than it must.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::time::{format_rfc3339, parse_filter_time, parse_rfc3339};

/// Hours from discovery to the notification deadline.
pub const DEADLINE_HOURS: i64 = 72;

crate::named! {
    /// What the incident broke (IMY: "typ av incident").
    pub enum BreachKind {
        Confidentiality = "confidentiality",
        Integrity = "integrity",
        Availability = "availability",
    }
}

crate::named! {
    /// The controller's assessment of the risk to the persons.
    pub enum Severity {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

crate::named! {
    /// Where the incident stands. A draft is one the vault opened by itself (a failed verification).
    pub enum IncidentStatus {
        Draft = "draft",
        Open = "open",
        Closed = "closed",
    }
}

crate::named! {
    /// Where the 72-hour clock stands: warned when 24 and when 48 hours have passed.
    pub enum ClockStage {
        Running = "running",
        Passed24 = "passed_24",
        Passed48 = "passed_48",
        Overdue = "overdue",
        /// IMY was notified, or the decision not to notify is recorded.
        Stopped = "stopped",
    }
}

/// The form's fields. Every one may be left out until it is known; times are RFC 3339 (UTC) or a
/// date. What `Value` cannot hold (values of a person) the checks refuse.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentDetails {
    pub occurred_at: Option<String>,
    /// Starts the clock.
    pub discovered_at: Option<String>,
    pub ended_at: Option<String>,
    pub how_discovered: Option<String>,
    pub kinds: Vec<BreachKind>,
    pub cause: Option<String>,
    pub processor_involved: Option<String>,
    pub subject_categories: Vec<String>,
    pub data_categories: Vec<String>,
    pub art9_data: Option<bool>,
    pub identity_numbers: Option<bool>,
    pub data_under_secrecy: Option<bool>,
    pub approx_persons: Option<u64>,
    pub approx_records: Option<u64>,
    pub consequences: Option<String>,
    pub severity: Option<Severity>,
    pub measures_taken: Option<String>,
    pub measures_planned: Option<String>,
    pub dpo_contact: Option<String>,
    pub imy_notified: Option<bool>,
    pub imy_notified_at: Option<String>,
    pub imy_reference: Option<String>,
    pub imy_why_not: Option<String>,
    pub supplements: Option<String>,
    /// Required when IMY is notified more than 72 hours after discovery (art. 33(1)).
    pub delay_reason: Option<String>,
    pub subjects_told: Option<bool>,
    pub subjects_told_at: Option<String>,
    pub subjects_told_how: Option<String>,
    pub subjects_why_not: Option<String>,
    pub linked_seqs: Vec<u64>,
    pub linked_refs: Vec<String>,
    pub status: Option<IncidentStatus>,
}

/// One change of an incident: who, when, which fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub at: String,
    pub by: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// The organisation's own reference, `INC-YYYY-NNN`.
    pub id: String,
    pub opened_at: String,
    pub opened_by: String,
    pub details: IncidentDetails,
    pub changes: Vec<Change>,
}

/// The clock as the list and the card show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub deadline: String,
    /// Whole hours left (negative once overdue).
    pub hours_left: i64,
    pub stage: ClockStage,
}

/// An incident with its clock, as answered.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    #[serde(flatten)]
    pub incident: Incident,
    pub clock: Option<Clock>,
}

impl Incident {
    pub fn view(&self, now: OffsetDateTime) -> IncidentView {
        IncidentView {
            incident: self.clone(),
            clock: clock(&self.details, now),
        }
    }
}

/// The reference of the `n`th incident (from 1) opened in `year`.
pub fn incident_id(year: i32, n: usize) -> String {
    format!("INC-{year:04}-{n:03}")
}

/// The deadline and what is left of it; none before discovery is known.
pub fn clock(d: &IncidentDetails, now: OffsetDateTime) -> Option<Clock> {
    let discovered = parse_rfc3339(d.discovered_at.as_deref()?)?;
    let deadline = discovered + Duration::hours(DEADLINE_HOURS);
    let left = deadline - now;
    let passed = now - discovered;
    let stopped =
        d.imy_notified == Some(true) || (d.imy_notified == Some(false) && d.imy_why_not.is_some());
    let stage = if stopped {
        ClockStage::Stopped
    } else if left <= Duration::ZERO {
        ClockStage::Overdue
    } else if passed >= Duration::hours(48) {
        ClockStage::Passed48
    } else if passed >= Duration::hours(24) {
        ClockStage::Passed24
    } else {
        ClockStage::Running
    };
    Some(Clock {
        deadline: format_rfc3339(deadline),
        hours_left: left.whole_hours(),
        stage,
    })
}

/// `patch` (a JSON object of fields) laid over `current`: a key given replaces the field, `null`
/// clears it; an unknown key is refused. Returns the new details and the names of the fields changed.
pub fn merge(current: &IncidentDetails, patch: &str) -> Result<(IncidentDetails, Vec<String>)> {
    let bad = |why: &str| Error::invalid(Input::IncidentDetails, Rule::Format, why.to_string());
    let patch: Value = serde_json::from_str(patch.trim_start_matches('\u{feff}'))
        .map_err(|_| bad("the incident's details are a JSON object of its fields"))?;
    let Value::Object(patch) = patch else {
        return Err(bad(
            "the incident's details are a JSON object of its fields",
        ));
    };
    let mut merged = serde_json::to_value(current).map_err(|e| Error::Storage(e.to_string()))?;
    let Value::Object(fields) = &mut merged else {
        return Err(Error::Storage("incident details are not an object".into()));
    };
    let mut changed = Vec::new();
    for (k, v) in patch {
        if !fields.contains_key(&k) {
            return Err(Error::invalid(
                Input::IncidentDetails,
                Rule::Unknown,
                "an incident has no such field",
            ));
        }
        if fields.get(&k) != Some(&v) {
            changed.push(k.clone());
        }
        fields.insert(k, v);
    }
    let details: IncidentDetails = serde_json::from_value(merged)
        .map_err(|_| bad("a field of the incident has the wrong kind of value"))?;
    Ok((details, changed))
}

/// Checks the details and puts every time in the log's form: texts as the log takes them (no control
/// characters, no identity number), refs as refs, times in order, and a reason for a late notification.
pub fn check(mut d: IncidentDetails, now: OffsetDateTime) -> Result<IncidentDetails> {
    let invalid =
        |rule: Rule, why: &str| Error::invalid(Input::IncidentDetails, rule, why.to_string());
    for t in [
        &mut d.occurred_at,
        &mut d.discovered_at,
        &mut d.ended_at,
        &mut d.imy_notified_at,
        &mut d.subjects_told_at,
    ] {
        if let Some(s) = t.as_deref() {
            *t = Some(
                parse_filter_time(s)
                    .ok_or_else(|| invalid(Rule::Format, "a time is RFC 3339 or YYYY-MM-DD"))?,
            );
        }
    }
    for t in [
        &mut d.how_discovered,
        &mut d.cause,
        &mut d.processor_involved,
        &mut d.consequences,
        &mut d.measures_taken,
        &mut d.measures_planned,
        &mut d.dpo_contact,
        &mut d.imy_reference,
        &mut d.imy_why_not,
        &mut d.supplements,
        &mut d.delay_reason,
        &mut d.subjects_told_how,
        &mut d.subjects_why_not,
    ] {
        if let Some(s) = t.as_deref() {
            let s = crate::records::text::check(Input::IncidentDetails, s, None)?;
            *t = (!s.is_empty()).then_some(s);
        }
    }
    for list in [&mut d.subject_categories, &mut d.data_categories] {
        for s in list.iter_mut() {
            *s = crate::records::text::check(Input::IncidentDetails, s, None)?;
        }
        list.retain(|s| !s.is_empty());
    }
    for r in d.linked_refs.iter_mut() {
        *r = crate::records::refs::parse_ref(r)
            .map_err(|_| invalid(Rule::Format, "a linked person is named by their ref"))?;
    }
    d.linked_refs.sort();
    d.linked_refs.dedup();
    d.linked_seqs.sort_unstable();
    d.linked_seqs.dedup();
    d.kinds.sort();
    d.kinds.dedup();
    let at = |s: &Option<String>| s.as_deref().and_then(parse_rfc3339);
    let (occurred, discovered, ended) = (at(&d.occurred_at), at(&d.discovered_at), at(&d.ended_at));
    let soon = now + Duration::minutes(5);
    if [occurred, discovered, ended, at(&d.imy_notified_at)]
        .into_iter()
        .flatten()
        .any(|t| t > soon)
    {
        return Err(invalid(
            Rule::OutOfRange,
            "a time of the incident lies in the future",
        ));
    }
    if let (Some(o), Some(di)) = (occurred, discovered) {
        if o > di {
            return Err(invalid(
                Rule::OutOfRange,
                "the incident was discovered before it happened",
            ));
        }
    }
    if d.imy_notified == Some(true) && d.imy_notified_at.is_none() {
        return Err(invalid(Rule::Required, "say when IMY was notified"));
    }
    if let (Some(di), Some(n)) = (discovered, at(&d.imy_notified_at)) {
        if n - di > Duration::hours(DEADLINE_HOURS) && d.delay_reason.is_none() {
            return Err(invalid(
                Rule::Required,
                "IMY was notified more than 72 hours after discovery: give the reason for the delay",
            ));
        }
    }
    if d.imy_notified == Some(false)
        && d.imy_why_not.is_none()
        && d.status == Some(IncidentStatus::Closed)
    {
        return Err(invalid(
            Rule::Required,
            "say why IMY was not notified before closing",
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> OffsetDateTime {
        parse_rfc3339(s).unwrap()
    }

    fn discovered(s: &str) -> IncidentDetails {
        IncidentDetails {
            discovered_at: Some(s.into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_clock_counts_72_hours_with_no_weekend_shift_and_warns_at_24_and_48() {
        // Discovered on a Friday afternoon before a holiday weekend: the deadline is Monday, same hour.
        let d = discovered("2026-12-04T15:00:00.000Z");
        let c = clock(&d, at("2026-12-04T16:00:00.000Z")).unwrap();
        assert_eq!(c.deadline, "2026-12-07T15:00:00.000Z");
        assert_eq!((c.hours_left, c.stage), (71, ClockStage::Running));
        let c = clock(&d, at("2026-12-05T15:00:00.000Z")).unwrap();
        assert_eq!((c.hours_left, c.stage), (48, ClockStage::Passed24));
        let c = clock(&d, at("2026-12-06T15:30:00.000Z")).unwrap();
        assert_eq!((c.hours_left, c.stage), (23, ClockStage::Passed48));
        let c = clock(&d, at("2026-12-07T16:00:00.000Z")).unwrap();
        assert_eq!((c.hours_left, c.stage), (-1, ClockStage::Overdue));
        let notified = IncidentDetails {
            imy_notified: Some(true),
            imy_notified_at: Some("2026-12-07T16:00:00.000Z".into()),
            ..d.clone()
        };
        assert_eq!(
            clock(&notified, at("2026-12-09T00:00:00.000Z"))
                .unwrap()
                .stage,
            ClockStage::Stopped
        );
        assert!(clock(&IncidentDetails::default(), at("2026-12-04T16:00:00.000Z")).is_none());
    }

    #[test]
    fn a_late_notification_needs_its_reason() {
        let now = at("2026-12-10T00:00:00.000Z");
        let late = IncidentDetails {
            imy_notified: Some(true),
            imy_notified_at: Some("2026-12-07T15:00:00.001Z".into()),
            ..discovered("2026-12-04T15:00:00.000Z")
        };
        let e = check(late.clone(), now).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidInput);
        let explained = IncidentDetails {
            delay_reason: Some("Anmälan försenades av ett strömavbrott".into()),
            ..late
        };
        assert!(check(explained, now).is_ok());
        let on_time = IncidentDetails {
            imy_notified: Some(true),
            imy_notified_at: Some("2026-12-07T15:00:00.000Z".into()),
            ..discovered("2026-12-04T15:00:00.000Z")
        };
        assert!(check(on_time, now).is_ok());
    }

    #[test]
    fn hostile_text_identity_numbers_and_values_in_the_wrong_place_are_refused() {
        let now = at("2026-12-10T00:00:00.000Z");
        for bad in [
            r#"{"cause": "rad ett\nrad två"}"#,
            r#"{"consequences": "gällde 850709-9805"}"#,
            r#"{"linked_refs": ["Anna Andersson"]}"#,
            r#"{"discovered_at": "igår"}"#,
            r#"{"discovered_at": "2099-01-01"}"#,
            r#"{"occurred_at": "2026-12-05", "discovered_at": "2026-12-04"}"#,
            r#"{"imy_notified": true}"#,
        ] {
            let (d, _) = merge(&IncidentDetails::default(), bad).unwrap();
            assert!(check(d, now).is_err(), "{bad}");
        }
        for malformed in [r#"{"nope": 1}"#, r#"{"kinds": ["fire"]}"#, "[]", "not json"] {
            assert!(
                merge(&IncidentDetails::default(), malformed).is_err(),
                "{malformed}"
            );
        }
    }

    #[test]
    fn a_patch_replaces_and_clears_the_fields_it_names_and_says_which() {
        let (d, changed) = merge(
            &IncidentDetails::default(),
            r#"{"cause": "Fel mottagare", "kinds": ["confidentiality"], "approx_persons": 3}"#,
        )
        .unwrap();
        assert_eq!(changed, ["approx_persons", "cause", "kinds"]);
        let (d2, changed) = merge(&d, r#"{"cause": null, "approx_persons": 3}"#).unwrap();
        assert_eq!(changed, ["cause"]);
        assert_eq!((d2.cause, d2.approx_persons), (None, Some(3)));
    }
}
