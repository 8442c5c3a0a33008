//! The register of processing activities (GDPR art. 30(1)) from the vault's own configuration: the
//! administrator keeps the activities (controller, purposes, categories, recipients, transfers,
//! retention) as data, and the security measures (point g) are written from what the vault actually
//! does, with its settings. Exported as CSV (one row per activity, points a–g as columns) and as a
//! printable PDF. What is not filled in says `SAKNAS` instead of being guessed.

use serde::{Deserialize, Serialize};

use super::retention::{Anchor, RetentionRule};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::rights::extract::{Item, Section};
use crate::settings::Settings;

/// What an empty point of the register says.
pub const MISSING: &str = "SAKNAS";

crate::named! {
    /// The register's file formats.
    pub enum RegisterFormat {
        Pdf = "pdf",
        Csv = "csv",
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataCategory {
    pub name: String,
    /// A special category (art. 9) or data on offences (art. 10).
    pub art9: bool,
}

/// One processing activity, as the administrator records it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcessingActivity {
    pub name: String,
    pub controller: Option<String>,
    pub controller_contact: Option<String>,
    pub dpo: Option<String>,
    pub purposes: Vec<String>,
    pub legal_basis: Option<String>,
    pub subject_categories: Vec<String>,
    pub data_categories: Vec<DataCategory>,
    pub recipients: Vec<String>,
    pub third_country_transfers: Option<String>,
    pub retention: Option<String>,
    /// The vault's retention rules that apply (by id): point (f) is written from them, so it
    /// cannot drift from what the sweep does.
    pub retention_rules: Vec<String>,
}

/// Point (f) from the rules an activity names, with any text the administrator added.
pub fn with_rules(mut a: ProcessingActivity, rules: &[RetentionRule]) -> ProcessingActivity {
    let mut parts: Vec<String> = a.retention.take().into_iter().collect();
    for id in &a.retention_rules {
        parts.push(match rules.iter().find(|r| &r.id == id) {
            Some(r) => format!(
                "{}: {} år från {}{} ({}{})",
                r.record_class,
                r.years,
                match r.anchor {
                    Anchor::LastNote => "sista anteckningen",
                    Anchor::MatterEnded => "ärendets avslut",
                    Anchor::Birth => "födelsen",
                },
                if r.end_of_following_year {
                    ", senast vid utgången av följande kalenderår"
                } else {
                    ""
                },
                r.legal_source,
                r.paragraph
                    .as_deref()
                    .map(|p| format!("; {p}"))
                    .unwrap_or_default()
            ),
            None => format!("regel {id}: {MISSING}"),
        });
    }
    a.retention = (!parts.is_empty()).then(|| parts.join(" | "));
    a
}

/// Parses and checks the activities (a JSON array) as the administrator sends them.
pub fn parse_activities(json: &str) -> Result<Vec<ProcessingActivity>> {
    let activities: Vec<ProcessingActivity> =
        crate::records::model::parse_json(Input::RegisterActivities, json)?;
    let text = |s: &str| crate::records::text::check(Input::RegisterActivities, s, None);
    let mut out = Vec::with_capacity(activities.len());
    for mut a in activities {
        a.name = text(&a.name)?;
        if a.name.is_empty() {
            return Err(Error::invalid(
                Input::RegisterActivities,
                Rule::Required,
                "every activity has a name",
            ));
        }
        for o in [
            &mut a.controller,
            &mut a.controller_contact,
            &mut a.dpo,
            &mut a.legal_basis,
            &mut a.third_country_transfers,
            &mut a.retention,
        ] {
            if let Some(s) = o.as_deref() {
                let s = text(s)?;
                *o = (!s.is_empty()).then_some(s);
            }
        }
        for list in [
            &mut a.purposes,
            &mut a.subject_categories,
            &mut a.recipients,
            &mut a.retention_rules,
        ] {
            for s in list.iter_mut() {
                *s = text(s)?;
            }
            list.retain(|s| !s.is_empty());
        }
        for c in a.data_categories.iter_mut() {
            c.name = text(&c.name)?;
        }
        a.data_categories.retain(|c| !c.name.is_empty());
        out.push(a);
    }
    Ok(out)
}

/// Point (g), written from what the vault does and its settings (never from a form).
pub fn security_measures(s: &Settings) -> String {
    format!(
        "Valvet är krypterat i vila (SQLCipher, AES-256); personuppgifterna är dessutom förseglade \
         med nycklar per roll, så att en roll utan behörighet inte kan öppna dem ens med \
         databasnyckeln. Behörighet enligt behov: handläggare ser sina tilldelade personer, \
         nödåtkomst loggas och granskas inom {} dagar, administratörer och granskare ser inga \
         personuppgifter. Lösenord minst {} tecken; kontot spärras efter {} felaktiga försök; \
         sessionen låses efter {} minuters inaktivitet. Varje åtkomst loggas i en hashkedjad logg \
         med signerade kontrollpunkter, som sparas i minst {} år och granskas med månatliga \
         stickprov och flaggor; loggpaket kan verifieras på en annan dator.",
        s.break_glass_review_days,
        s.min_password_length,
        s.lockout_after,
        s.idle_lock_minutes,
        s.log_retention_years,
    )
}

fn or_missing(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| MISSING.into())
}

fn joined(l: &[String]) -> String {
    if l.is_empty() {
        MISSING.into()
    } else {
        l.join("; ")
    }
}

/// The seven points of art. 30(1) for one activity, in order (a)–(g).
pub fn points(a: &ProcessingActivity, measures: &str) -> [(&'static str, String); 7] {
    let controller = match (&a.controller, &a.controller_contact, &a.dpo) {
        (None, None, None) => MISSING.to_string(),
        (c, contact, dpo) => format!(
            "{}; kontakt: {}; dataskyddsombud: {}",
            or_missing(c),
            or_missing(contact),
            or_missing(dpo)
        ),
    };
    let purposes = match (a.purposes.is_empty(), &a.legal_basis) {
        (true, None) => MISSING.to_string(),
        _ => format!(
            "{}; rättslig grund: {}",
            joined(&a.purposes),
            or_missing(&a.legal_basis)
        ),
    };
    let data: Vec<String> = a
        .data_categories
        .iter()
        .map(|c| {
            if c.art9 {
                format!("{} (känsliga, art. 9)", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect();
    let categories = match (a.subject_categories.is_empty(), data.is_empty()) {
        (true, true) => MISSING.to_string(),
        _ => format!(
            "registrerade: {}; uppgifter: {}",
            joined(&a.subject_categories),
            joined(&data)
        ),
    };
    [
        ("a_personuppgiftsansvarig", controller),
        ("b_andamal", purposes),
        ("c_kategorier", categories),
        ("d_mottagare", joined(&a.recipients)),
        ("e_tredjeland", or_missing(&a.third_country_transfers)),
        ("f_gallring", or_missing(&a.retention)),
        ("g_sakerhetsatgarder", measures.to_string()),
    ]
}

/// One row per activity; a cell that a spreadsheet would run as a formula is defused.
pub fn csv(activities: &[ProcessingActivity], measures: &str) -> String {
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    let mut out = String::from("aktivitet");
    for (name, _) in points(&ProcessingActivity::default(), "") {
        out.push(',');
        out.push_str(name);
    }
    out.push_str("\r\n");
    for a in activities {
        out.push_str(&cell(&a.name));
        for (_, value) in points(a, measures) {
            out.push(',');
            out.push_str(&cell(&value));
        }
        out.push_str("\r\n");
    }
    out
}

/// The register as sections, one per activity (for the PDF).
pub fn sections(activities: &[ProcessingActivity], measures: &str) -> Vec<Section> {
    let labels = [
        "a) Personuppgiftsansvarig, kontakt och dataskyddsombud",
        "b) Ändamål och rättslig grund",
        "c) Kategorier av registrerade och av personuppgifter",
        "d) Kategorier av mottagare",
        "e) Överföring till tredjeland och skyddsåtgärder",
        "f) Tidsfrister för radering (gallring)",
        "g) Tekniska och organisatoriska säkerhetsåtgärder",
    ];
    activities
        .iter()
        .map(|a| Section {
            key: "activity",
            heading: a.name.clone(),
            empty: false,
            items: labels
                .iter()
                .zip(points(a, measures))
                .map(|(label, (_, value))| Item {
                    label: label.to_string(),
                    value,
                })
                .collect(),
        })
        .collect()
}

/// What the demo vault (and a new social-services vault as a starting point) records.
pub fn social_services_example() -> Vec<ProcessingActivity> {
    vec![ProcessingActivity {
        name: "Handläggning av ärenden om personer med skyddade personuppgifter".into(),
        controller: Some("Socialnämnden i Exempelkommun".into()),
        controller_contact: Some("socialnamnden@exempelkommun.se".into()),
        dpo: None,
        purposes: vec![
            "Utredning och beslut om insatser enligt socialtjänstlagen".into(),
            "Dokumentation av genomförda insatser".into(),
        ],
        legal_basis: Some("Rättslig förpliktelse och myndighetsutövning (art. 6.1 c och e)".into()),
        subject_categories: vec![
            "Personer med skyddade personuppgifter".into(),
            "Anhöriga och kontaktpersoner".into(),
        ],
        data_categories: vec![
            DataCategory {
                name: "Namn och personnummer".into(),
                art9: false,
            },
            DataCategory {
                name: "Adress och kontaktuppgifter".into(),
                art9: false,
            },
            DataCategory {
                name: "Hälsa".into(),
                art9: true,
            },
            DataCategory {
                name: "Insatser".into(),
                art9: true,
            },
        ],
        recipients: vec!["Andra myndigheter enligt sekretessbrytande bestämmelser".into()],
        third_country_transfers: Some("Ingen överföring till tredjeland".into()),
        retention: None,
        retention_rules: vec!["sol-personakt".into()],
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_filled_in_says_saknas() {
        let a = ProcessingActivity {
            name: "Tom".into(),
            ..Default::default()
        };
        let p = points(&a, "x");
        assert!(p[..6].iter().all(|(_, v)| v == MISSING), "{p:?}");
        let example = &social_services_example()[0];
        let p = points(example, "x");
        assert!(p[0].1.contains("dataskyddsombud: SAKNAS"));
        assert_eq!(p[5].1, MISSING, "no retention rule recorded yet");
        assert!(p[2].1.contains("Hälsa (känsliga, art. 9)"));
    }

    #[test]
    fn hostile_or_malformed_activities_are_refused() {
        for bad in [
            r#"[{"name": ""}]"#,
            r#"[{"name": "x", "purposes": ["rad\nbrytning"]}]"#,
            r#"[{"name": "x", "unknown": 1}]"#,
            r#"{"name": "x"}"#,
        ] {
            assert!(parse_activities(bad).is_err(), "{bad}");
        }
        let csv = csv(
            &parse_activities(r#"[{"name": "=HYPERLINK(\"x\")"}]"#).unwrap(),
            "m",
        );
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    }

    #[test]
    fn point_f_is_written_from_the_named_rules_and_an_unknown_rule_says_so() {
        let rules = crate::duties::retention::defaults();
        let mut a = social_services_example().remove(0);
        a.retention_rules.push("borttagen".into());
        let f = with_rules(a, &rules).retention.unwrap();
        assert!(
            f.starts_with("Personakt inom socialtjänsten: 5 år från sista anteckningen"),
            "{f}"
        );
        assert!(f.contains("2025:400"), "{f}");
        assert!(f.ends_with("regel borttagen: SAKNAS"), "{f}");
        let none = with_rules(ProcessingActivity::default(), &rules);
        assert_eq!(none.retention, None);
    }
}
