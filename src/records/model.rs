//! The person record as stored (inside the encrypted database only) and as given in JSON by the CLI and
//! the app, with validation whose messages name the problem but never the value.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::input::{Input, Rule};

crate::named! {
    pub enum ProtectionKind {
        Sekretessmarkering = "sekretessmarkering",
        SkyddadFolkbokforing = "skyddad_folkbokforing",
        FingeradePersonuppgifter = "fingerade_personuppgifter",
    }
}

crate::named! {
    /// The six legal bases of GDPR art. 6.
    pub enum LegalBasis {
        Consent = "consent",
        Contract = "contract",
        LegalObligation = "legal_obligation",
        VitalInterests = "vital_interests",
        PublicTask = "public_task",
        LegitimateInterests = "legitimate_interests",
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    pub kind: Option<ProtectionKind>,
    pub since: Option<String>,
    pub review_on: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub relation: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// One change to the list of contacts; `index` counts from 0 in the stored order.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ContactEdit {
    Add { contact: Contact },
    Replace { index: usize, contact: Contact },
    Remove { index: usize },
}

impl ContactEdit {
    /// Applies the edit, or says which place does not exist (the list changed since it was shown).
    fn apply_to(self, list: &mut Vec<Contact>) -> Result<()> {
        let missing = |i: usize| {
            Error::invalid(
                Input::ContactName,
                Rule::OutOfRange,
                format!("there is no contact number {}", i + 1),
            )
        };
        match self {
            ContactEdit::Add { contact } => list.push(contact),
            ContactEdit::Replace { index, contact } => {
                *list.get_mut(index).ok_or_else(|| missing(index))? = contact
            }
            ContactEdit::Remove { index } => {
                if index >= list.len() {
                    return Err(missing(index));
                }
                list.remove(index);
            }
        }
        Ok(())
    }
}

/// A whole person. `identity_number` holds the canonical form.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub name: String,
    #[serde(default)]
    pub identity_number: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    #[serde(default)]
    pub municipality: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub health: Option<String>,
    #[serde(default)]
    pub interventions: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub protection: Protection,
    #[serde(default)]
    pub legal_basis: Option<LegalBasis>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub retain_until: Option<String>,
    #[serde(default)]
    pub restricted: bool,
    /// What the retention rules need to know: which rule, when the matter ended, what keeps it.
    #[serde(default)]
    pub retention: RetentionFacts,
}

/// The facts a retention rule reads from a person's file (no value of its own is personal data
/// beyond the person being on file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RetentionFacts {
    /// The rule's id; none means the vault's first rule.
    #[serde(default)]
    pub rule: Option<String>,
    /// When the matter ended (YYYY-MM-DD), for rules that run from it.
    #[serde(default)]
    pub matter_ended: Option<String>,
    /// What keeps the file although the period has run out.
    #[serde(default)]
    pub exceptions: Vec<crate::duties::retention::Exception>,
}

// Values never reach a log through Debug.
impl std::fmt::Debug for PersonRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonRecord(**redacted**)")
    }
}
impl std::fmt::Debug for Contact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Contact(**redacted**)")
    }
}
impl std::fmt::Debug for Protection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Protection({:?})", self.kind)
    }
}

/// A change to some parts of the protection marking: an absent part stays as it is, `null` clears it.
/// Changing only the review date keeps the (masked) note without anyone retyping it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectionPatch {
    #[serde(default, deserialize_with = "present")]
    pub kind: Option<Option<ProtectionKind>>,
    #[serde(default, deserialize_with = "present")]
    pub since: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub review_on: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub note: Option<Option<String>>,
}

/// A key that is present (even as `null`) is `Some`: told apart from an absent one.
fn present<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

impl ProtectionPatch {
    /// The whole marking as a patch (every part set).
    pub fn whole(p: Protection) -> Self {
        let Protection {
            kind,
            since,
            review_on,
            note,
        } = p;
        ProtectionPatch {
            kind: Some(kind),
            since: Some(since),
            review_on: Some(review_on),
            note: Some(note),
        }
    }

    /// `current` with the patch applied; an empty text clears too.
    pub fn applied_to(self, current: &Protection) -> Protection {
        let ProtectionPatch {
            kind,
            since,
            review_on,
            note,
        } = self;
        let text = |new: Option<Option<String>>, old: &Option<String>| match new {
            Some(v) => v.filter(|s| !s.trim().is_empty()),
            None => old.clone(),
        };
        Protection {
            kind: kind.unwrap_or(current.kind),
            since: text(since, &current.since),
            review_on: text(review_on, &current.review_on),
            note: text(note, &current.note),
        }
    }
}

/// Changed fields only; an absent field stays as it is, an empty string clears it.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    pub name: Option<String>,
    pub identity_number: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub municipality: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub contacts: Option<Vec<Contact>>,
    /// Contacts changed one by one (by their place in the list as the card shows it), so the others
    /// need not be revealed or retyped. Not together with `contacts`.
    pub contact_edits: Option<Vec<ContactEdit>>,
    pub health: Option<String>,
    pub interventions: Option<String>,
    pub notes: Option<String>,
    pub protection: Option<Protection>,
    pub legal_basis: Option<LegalBasis>,
    pub purpose: Option<String>,
    pub retain_until: Option<String>,
    pub restricted: Option<bool>,
    /// Replaces the retention facts as a whole.
    pub retention: Option<RetentionFacts>,
}

impl std::fmt::Debug for PersonPatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonPatch(**redacted**)")
    }
}

/// Parses a record (or a patch, a protection marking) without ever echoing a value in the error.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    parse_json(Input::Record, json)
}

/// Parses JSON input named `input` without ever echoing a value in the error (serde's messages
/// quote the input).
pub fn parse_json<T: serde::de::DeserializeOwned>(input: Input, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| {
        let text = e.to_string();
        let what = if text.starts_with("unknown field") {
            // Names the unknown key and the accepted ones; keys are not values.
            text.split(" at line")
                .next()
                .unwrap_or("unknown field")
                .to_string()
        } else {
            match e.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    "the text is not valid JSON".to_string()
                }
                _ => "a field has the wrong type or an unknown value".to_string(),
            }
        };
        let rule = if text.starts_with("unknown field") {
            Rule::Unknown
        } else {
            Rule::Format
        };
        Error::invalid(
            input,
            rule,
            format!("{what} (line {}, column {})", e.line(), e.column()),
        )
    })
}

impl PersonRecord {
    /// Checks every field and puts the identity number in its canonical form.
    pub fn validate(mut self) -> Result<Self> {
        self.name = self.name.trim().to_string();
        check_text(Input::Name, &self.name, 1, 200)?;
        self.identity_number = match self.identity_number.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(IdentityNumber::parse(s)?.canonical()),
        };
        for (label, v, max) in [
            (Input::Address, &self.address, 300),
            (Input::Municipality, &self.municipality, 100),
            (Input::Health, &self.health, 20_000),
            (Input::Interventions, &self.interventions, 20_000),
            (Input::Notes, &self.notes, 50_000),
            (Input::RecordPurpose, &self.purpose, 500),
            (Input::ProtectionNote, &self.protection.note, 2_000),
        ] {
            if let Some(v) = v {
                check_text(label, v, 0, max)?;
            }
        }
        if let Some(p) = &self.postcode {
            let digits: String = p.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() != 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::invalid(
                    Input::Postcode,
                    Rule::Format,
                    "postcode must be five digits, e.g. 123 45",
                ));
            }
        }
        if let Some(p) = &self.phone {
            check_phone(Input::Phone, p)?;
        }
        if let Some(e) = &self.email {
            let at = e.find('@');
            if at.is_none_or(|i| i == 0 || i + 1 >= e.len()) || e.chars().any(char::is_whitespace) {
                return Err(Error::invalid(
                    Input::Email,
                    Rule::Format,
                    "email must look like name@example.se",
                ));
            }
        }
        for c in &self.contacts {
            check_text(Input::ContactName, &c.name, 1, 200)?;
            if let Some(r) = &c.relation {
                check_text(Input::ContactRelation, r, 0, 100)?;
            }
            if let Some(p) = &c.phone {
                check_phone(Input::ContactPhone, p)?;
            }
        }
        for (label, d) in [
            (Input::ProtectionSince, &self.protection.since),
            (Input::ProtectionReviewOn, &self.protection.review_on),
            (Input::RetainUntil, &self.retain_until),
            (Input::MatterEnded, &self.retention.matter_ended),
        ] {
            if let Some(d) = d {
                check_date(label, d)?;
            }
        }
        for v in [
            &mut self.address,
            &mut self.postcode,
            &mut self.municipality,
            &mut self.phone,
            &mut self.email,
            &mut self.health,
            &mut self.interventions,
            &mut self.notes,
        ] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *v = None;
            }
        }
        Ok(self)
    }

    /// Applies a patch and returns the names of the fields it touched. The patch is taken apart
    /// field by field, so a field added to `PersonPatch` and forgotten here does not compile.
    /// Refused (nothing changed) when contact edits name a place that does not exist.
    pub fn apply(&mut self, p: PersonPatch) -> Result<Vec<String>> {
        let PersonPatch {
            name,
            identity_number,
            address,
            postcode,
            municipality,
            phone,
            email,
            contacts,
            contact_edits,
            health,
            interventions,
            notes,
            protection,
            legal_basis,
            purpose,
            retain_until,
            restricted,
            retention,
        } = p;
        // Checked before anything changes, so a refused patch leaves the record as it was.
        let edited_contacts = match (contacts, contact_edits) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    Input::ContactName,
                    Rule::NotAllowed,
                    "send either the whole list of contacts or edits to it, not both",
                ))
            }
            (Some(list), None) => Some(list),
            (None, Some(edits)) => {
                let mut list = self.contacts.clone();
                for e in edits {
                    e.apply_to(&mut list)?;
                }
                Some(list)
            }
            (None, None) => None,
        };
        let mut changed = Vec::new();
        if let Some(n) = name {
            self.name = n;
            changed.push("name".to_string());
        }
        let mut set = |name: &str, slot: &mut Option<String>, v: Option<String>| {
            if let Some(v) = v {
                *slot = (!v.trim().is_empty()).then_some(v);
                changed.push(name.to_string());
            }
        };
        set(
            "identity_number",
            &mut self.identity_number,
            identity_number,
        );
        set("address", &mut self.address, address);
        set("postcode", &mut self.postcode, postcode);
        set("municipality", &mut self.municipality, municipality);
        set("phone", &mut self.phone, phone);
        set("email", &mut self.email, email);
        set("health", &mut self.health, health);
        set("interventions", &mut self.interventions, interventions);
        set("notes", &mut self.notes, notes);
        set("purpose", &mut self.purpose, purpose);
        set("retain_until", &mut self.retain_until, retain_until);
        if let Some(c) = edited_contacts {
            self.contacts = c;
            changed.push("contacts".into());
        }
        if let Some(pr) = protection {
            self.protection = pr;
            changed.push("protection".into());
        }
        if let Some(b) = legal_basis {
            self.legal_basis = Some(b);
            changed.push("legal_basis".into());
        }
        if let Some(r) = restricted {
            self.restricted = r;
            changed.push("restricted".into());
        }
        if let Some(r) = retention {
            self.retention = r;
            changed.push("retention".into());
        }
        Ok(changed)
    }

    /// The names of the fields that hold a value (for the creation log entry).
    pub fn present_fields(&self) -> Vec<String> {
        crate::records::Field::ALL
            .iter()
            .filter(|&&f| super::mask::value(self, f).is_some())
            .map(|f| f.as_str().to_string())
            .collect()
    }
}

fn check_text(label: Input, v: &str, min: usize, max: usize) -> Result<()> {
    let n = v.trim().chars().count();
    if n < min {
        return Err(Error::invalid(
            label,
            Rule::Required,
            format!("{label} is required"),
        ));
    }
    if n > max {
        return Err(Error::invalid(
            label,
            Rule::TooLong,
            format!("{label} is longer than {max} characters"),
        ));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Error::invalid(
            label,
            Rule::ControlCharacters,
            format!("{label} contains control characters"),
        ));
    }
    Ok(())
}

pub(crate) fn check_phone(label: Input, p: &str) -> Result<()> {
    let ok_chars = p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if !ok_chars || !(5..=15).contains(&digits) {
        return Err(Error::invalid(
            label,
            Rule::Format,
            format!("{label} must be 5 to 15 digits (spaces, +, - and parentheses allowed)"),
        ));
    }
    Ok(())
}

fn check_date(label: Input, d: &str) -> Result<()> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(d, &fmt).map(|_| ()).map_err(|_| {
        Error::invalid(
            label,
            Rule::Format,
            format!("{label} must be a date written YYYY-MM-DD"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key of a stored record, as serde spells it.
    fn record_keys() -> Vec<String> {
        let v = serde_json::to_value(PersonRecord::default()).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn every_record_field_can_be_patched() {
        // A field added to the record but not to the patch could never be edited.
        for key in record_keys() {
            let patch = format!("{{\"{key}\": null}}");
            assert!(
                from_json::<PersonPatch>(&patch).is_ok(),
                "PersonPatch has no `{key}`"
            );
        }
    }

    #[test]
    fn every_text_field_of_a_record_is_checked() {
        // A text field added to the record but forgotten in `validate` would take anything.
        let mut checked = 0;
        for key in record_keys() {
            let mut v = serde_json::to_value(PersonRecord {
                name: "Åsa Lind".into(),
                ..PersonRecord::default()
            })
            .unwrap();
            v[key.as_str()] = serde_json::Value::String("Rad ett\u{7}\u{202e}".into());
            let Ok(record) = serde_json::from_value::<PersonRecord>(v) else {
                continue; // not a text field
            };
            assert!(record.validate().is_err(), "`{key}` is not checked");
            checked += 1;
        }
        assert!(checked >= 12, "only {checked} text fields were tried");
    }

    #[test]
    fn validation_names_the_problem_not_the_value() {
        let mut p = PersonRecord {
            name: "Åsa Lind".into(),
            postcode: Some("1234X".into()),
            ..Default::default()
        };
        let e = p.clone().validate().unwrap_err().to_string();
        assert!(e.contains("postcode") && !e.contains("1234X"), "{e}");
        p.postcode = Some("123 45".into());
        p.identity_number = Some("19850101-0000".into());
        assert_eq!(
            p.clone().validate().unwrap_err().code(),
            crate::ErrorCode::InvalidIdentityNumber
        );
        p.identity_number = Some("8507099805".into());
        let v = p.validate().unwrap();
        assert_eq!(v.identity_number.as_deref(), Some("198507099805"));
    }

    #[test]
    fn json_errors_never_quote_values() {
        let e =
            from_json::<PersonRecord>(r#"{"name": "Kanarie-Åsa", "restricted": "Hemlig-Gata 1"}"#)
                .unwrap_err()
                .to_string();
        assert!(!e.contains("Hemlig") && !e.contains("Kanarie"), "{e}");
        let e = from_json::<PersonRecord>(r#"{"name": "x", "adress": "Hemlig"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("adress") && !e.contains("Hemlig"), "{e}");
    }

    #[test]
    fn patch_reports_changed_fields_and_clears_with_empty() {
        let mut p = PersonRecord {
            name: "A".into(),
            address: Some("Gatan 1".into()),
            ..Default::default()
        };
        let changed = p
            .apply(PersonPatch {
                address: Some(String::new()),
                phone: Some("070-123 45 67".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(changed, vec!["address", "phone"]);
        assert!(p.address.is_none());
        assert_eq!(p.phone.as_deref(), Some("070-123 45 67"));
    }

    fn contact(name: &str) -> Contact {
        Contact {
            name: name.into(),
            relation: None,
            phone: None,
        }
    }

    #[test]
    fn contacts_change_one_by_one_and_a_missing_place_changes_nothing() {
        let mut p = PersonRecord {
            name: "A".into(),
            contacts: vec![contact("Ett"), contact("Två"), contact("Tre")],
            ..Default::default()
        };
        let edits: PersonPatch = from_json(
            r#"{"contact_edits": [
                {"op": "remove", "index": 0},
                {"op": "replace", "index": 1, "contact": {"name": "Tre nu", "phone": "070-1"}},
                {"op": "add", "contact": {"name": "Fyra", "relation": "syster"}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(p.apply(edits).unwrap(), vec!["contacts"]);
        let names: Vec<_> = p.contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Två", "Tre nu", "Fyra"]);
        assert_eq!(p.contacts[1].phone.as_deref(), Some("070-1"));

        let before = p.clone();
        let stale: PersonPatch = from_json(
            r#"{"name": "B", "contact_edits": [{"op": "remove", "index": 0}, {"op": "remove", "index": 5}]}"#,
        )
        .unwrap();
        let e = p.apply(stale).unwrap_err();
        assert_eq!(e.code(), crate::error::ErrorCode::InvalidInput);
        assert!(p == before, "a refused patch changed the record");

        let both: PersonPatch = from_json(
            r#"{"contacts": [], "contact_edits": [{"op": "add", "contact": {"name": "X"}}]}"#,
        )
        .unwrap();
        assert!(p.apply(both).is_err());
        assert!(p == before);
    }
}
