//! Person operations through the door: create, search, show (masked), edit, reveal, copy, emergency
//! access, the reception's lookup, and the admin's assignments.

use rusqlite::Transaction;
use serde::Serialize;

use super::Session;
use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::auth::{users, Role, UserInfo};
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::policy::{Access, Operation};
use crate::records::mask::{self, MaskedField};
use crate::records::store::{self, StoredPerson};
use crate::records::{Field, PersonPatch, PersonRecord, Purpose};
use crate::settings;
use crate::time::{now_unix, unix_to_rfc3339};

/// One search hit: masked.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub person_ref: String,
    pub initials: String,
    pub identity: String,
    pub protection: &'static str,
}

/// The person card: masked values, the protection and GDPR frame, who is assigned.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub person_ref: String,
    pub protection: &'static str,
    pub protection_since: Option<String>,
    pub protection_review_on: Option<String>,
    pub legal_basis: Option<crate::records::LegalBasis>,
    pub purpose: Option<String>,
    pub retain_until: Option<String>,
    pub restricted: bool,
    pub assigned_to: Vec<String>,
    /// Set while the view is open through emergency access: when it ends (RFC 3339).
    pub emergency_until: Option<String>,
    pub fields: Vec<MaskedField>,
}

/// The only thing reception ever learns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LookupAnswer {
    pub found: bool,
    pub protection: Option<&'static str>,
    pub initials: Option<String>,
    /// The case handlers to refer the visitor to.
    pub handlers: Vec<String>,
}

/// A revealed value. Its Debug output is redacted so it cannot leak through a log line.
#[derive(Clone, Serialize)]
pub struct Revealed {
    pub person_ref: String,
    pub field: Field,
    pub value: String,
}

impl std::fmt::Debug for Revealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Revealed({}, {:?}, **redacted**)",
            self.person_ref, self.field
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EmergencyGrant {
    pub person_ref: String,
    pub expires_at: String,
    pub minutes: u32,
}

/// Finds the person named by `person_ref` and how the acting user stands to them.
fn person_access(
    tx: &Transaction<'_>,
    user: &UserInfo,
    person_ref: &str,
) -> Result<(Access, StoredPerson)> {
    let p = store::by_ref(tx, person_ref)?.ok_or(Error::PersonNotFound)?;
    let mut access = store::access(tx, p.id, user.id, now_unix())?;
    // Art. 18: a restricted record may be stored, shown masked and corrected, nothing more.
    if p.record.restricted && matches!(access, Access::Assigned | Access::Emergency) {
        access = Access::Restricted;
    }
    Ok((access, p))
}

fn normalize_ref(r: &str) -> String {
    r.trim().to_uppercase()
}

impl Session {
    fn person_entry(&self, action: Action, person_ref: &str) -> NewEntry {
        let mut e = self.entry(action, Outcome::Allowed);
        e.person_ref = Some(normalize_ref(person_ref));
        e
    }

    /// Creates a person; the creating case handler is assigned.
    pub fn create_person(&mut self, record: PersonRecord) -> Result<String> {
        let entry = self.entry(Action::PersonCreated, Outcome::Allowed);
        let user_id = self.user.id;
        self.perform(
            Operation::CreatePerson,
            entry,
            super::admin::na,
            |tx, (), entry| {
                let record = record.validate()?;
                if let Some(existing) = registered(tx, &record, None)? {
                    refuse_registered(entry, &existing, false);
                    return Ok(Err(Error::PersonExists));
                }
                let p = store::insert(tx, &record, user_id)?;
                store::assign(tx, p.id, user_id)?;
                entry.person_ref = Some(p.person_ref.clone());
                entry.fields = record.present_fields();
                tracing::info!(person = %p.person_ref, "person created");
                Ok(Ok(p.person_ref))
            },
        )?
    }

    /// Name prefix (case- and diacritic-insensitive) or identity number in any form; masked results
    /// among the persons this user may see. The term is logged only as a keyed hash.
    pub fn find_persons(&mut self, query: &str) -> Result<Vec<PersonSummary>> {
        let mut entry = self.entry(Action::Search, Outcome::Allowed);
        entry.term_hash = Some(self.term_hash(query));
        let user_id = self.user.id;
        self.perform(
            Operation::FindPersons,
            entry,
            super::admin::na,
            |tx, (), _| {
                let now = now_unix();
                let hits = match IdentityNumber::parse(query) {
                    Ok(id) => {
                        let mut visible = Vec::new();
                        if let Some(p) = store::by_identity(tx, &id.canonical())? {
                            let a = store::access(tx, p.id, user_id, now)?;
                            if matches!(a, Access::Assigned | Access::Emergency) {
                                visible.push(p);
                            }
                        }
                        visible
                    }
                    Err(_) => match store::fts_prefix_query(query) {
                        Some(q) => store::search_visible(tx, &q, user_id, now, 50)?,
                        None => Vec::new(),
                    },
                };
                Ok(hits.iter().map(summary).collect())
            },
        )
    }

    /// The person card with every field masked.
    pub fn show_person(&mut self, person_ref: &str) -> Result<PersonView> {
        let entry = self.person_entry(Action::PersonViewed, person_ref);
        let user_id = self.user.id;
        self.perform(
            Operation::ShowPerson,
            entry,
            |tx, u| person_access(tx, u, person_ref),
            |tx, p, _| view(tx, &p, user_id),
        )
    }

    /// Changes fields; the log entry names the changed fields, never their values.
    pub fn edit_person(&mut self, person_ref: &str, patch: PersonPatch) -> Result<PersonView> {
        let entry = self.person_entry(Action::PersonEdited, person_ref);
        let user_id = self.user.id;
        self.perform(
            Operation::EditPerson,
            entry,
            |tx, u| person_access(tx, u, person_ref),
            |tx, mut p, entry| {
                let changed = p.record.apply(patch);
                p.record = p.record.clone().validate()?;
                entry.fields = changed;
                if let Some(existing) = registered(tx, &p.record, Some(p.id))? {
                    refuse_registered(entry, &existing, true);
                    return Ok(Err(Error::PersonExists));
                }
                store::update(tx, &p)?;
                view(tx, &p, user_id).map(Ok)
            },
        )?
    }

    /// Reveals one field for a stated purpose. Art. 9 fields need a purpose from the strict list, and
    /// their reveals (like everything under emergency access) are flagged for review.
    pub fn reveal_field(
        &mut self,
        person_ref: &str,
        field: Field,
        purpose: &str,
    ) -> Result<Revealed> {
        // Checked after the policy: a role that may not reveal is refused and logged whatever it gave.
        let purpose = Purpose::parse_for(purpose, field);
        let mut entry = self.person_entry(Action::FieldRevealed, person_ref);
        entry.fields = vec![field.as_str().to_string()];
        entry.purpose = purpose.as_ref().ok().map(Purpose::to_log);
        entry.flagged = field.is_art9();
        self.perform(
            Operation::RevealField,
            entry,
            |tx, u| person_access(tx, u, person_ref).map(|(a, p)| (a, (a, p))),
            |_, p, entry| {
                purpose?;
                let (access, p) = p;
                entry.flagged |= access == Access::Emergency;
                Ok(Revealed {
                    person_ref: p.person_ref.clone(),
                    field,
                    value: mask::value(&p.record, field).unwrap_or_default(),
                })
            },
        )
    }

    /// Records that a revealed value was copied to the clipboard.
    pub fn record_copy(&mut self, person_ref: &str, field: Field) -> Result<()> {
        let mut entry = self.person_entry(Action::FieldCopied, person_ref);
        entry.fields = vec![field.as_str().to_string()];
        entry.flagged = field.is_art9();
        self.perform(
            Operation::CopyField,
            entry,
            |tx, u| person_access(tx, u, person_ref),
            |_, _, _| Ok(()),
        )
    }

    /// Nödåtkomst: opens an unassigned person for the configured time (default 30 minutes), with a
    /// written justification of at least 20 characters. Always flagged for review.
    pub fn emergency_access(
        &mut self,
        person_ref: &str,
        justification: &str,
    ) -> Result<EmergencyGrant> {
        let justification = justification.trim();
        let mut entry = self.person_entry(Action::EmergencyAccess, person_ref);
        entry.purpose = Some(justification.to_string());
        entry.flagged = true;
        let user_id = self.user.id;
        self.perform(
            Operation::EmergencyAccess,
            entry,
            |tx, u| person_access(tx, u, person_ref),
            |tx, p, _| {
                // Checked after the policy, so that a refused attempt is logged whatever it gave.
                if justification.chars().count() < 20 {
                    return Err(Error::InvalidInput(
                        "the justification must be at least 20 characters".into(),
                    ));
                }
                let minutes = settings::load(tx)?.emergency_minutes;
                let expires = now_unix() + i64::from(minutes) * 60;
                let seq = chain::head(tx)?.0 + 1;
                store::grant_emergency(tx, p.id, user_id, seq, expires)?;
                tracing::warn!(person = %p.person_ref, minutes, "emergency access granted");
                Ok(EmergencyGrant {
                    person_ref: p.person_ref,
                    expires_at: unix_to_rfc3339(expires as u64),
                    minutes,
                })
            },
        )
    }

    /// Reception: exact identity number, or exact "Name, YEAR". Found or not, the protection kind,
    /// initials and the handler to refer to — nothing else, ever.
    pub fn lookup(&mut self, text: &str) -> Result<LookupAnswer> {
        let mut entry = self.entry(Action::Lookup, Outcome::Allowed);
        entry.term_hash = Some(self.term_hash(text));
        self.perform(
            Operation::Lookup,
            entry,
            super::admin::na,
            |tx, (), entry| {
                let matches = match parse_lookup(text)? {
                    LookupKey::Identity(canonical) => {
                        store::by_identity(tx, &canonical)?.into_iter().collect()
                    }
                    LookupKey::NameYear(name, year) => store::by_name_and_year(tx, &name, year)?,
                };
                let Some(p) = matches.first() else {
                    return Ok(LookupAnswer {
                        found: false,
                        protection: None,
                        initials: None,
                        handlers: Vec::new(),
                    });
                };
                entry.person_ref = Some(p.person_ref.clone());
                Ok(LookupAnswer {
                    found: true,
                    protection: Some(mask::protection_label(p.record.protection.kind)),
                    initials: Some(mask::initials(&p.record.name)),
                    handlers: store::assigned_handlers(tx, p.id)?,
                })
            },
        )
    }

    /// Admin: assigns a person to a case handler (or removes the assignment).
    pub fn assign(&mut self, person_ref: &str, handler: &str, assign: bool) -> Result<bool> {
        let action = if assign {
            Action::Assigned
        } else {
            Action::Unassigned
        };
        let op = if assign {
            Operation::Assign
        } else {
            Operation::Unassign
        };
        let mut entry = self.person_entry(action, person_ref);
        entry.purpose = Some(format!("user={}", handler.trim()));
        self.perform(op, entry, super::admin::na, |tx, (), _| {
            let p = store::by_ref(tx, person_ref)?.ok_or(Error::PersonNotFound)?;
            let u = users::by_name(tx, handler)?.ok_or(Error::UserNotFound)?;
            if u.role != Role::Handlaggare {
                return Err(Error::InvalidInput(
                    "persons can only be assigned to case handlers".into(),
                ));
            }
            if assign {
                store::assign(tx, p.id, u.id)
            } else {
                store::unassign(tx, p.id, u.id)
            }
        })
    }
}

/// Another person already registered under the record's identity number, if any.
fn registered(
    tx: &Transaction<'_>,
    record: &PersonRecord,
    except: Option<i64>,
) -> Result<Option<StoredPerson>> {
    let Some(id) = &record.identity_number else {
        return Ok(None);
    };
    Ok(store::by_identity(tx, id)?.filter(|other| Some(other.id) != except))
}

/// A clash with a registered number tells the user that this person exists, even one not assigned to
/// them: it is refused, and the refusal is logged and flagged with the person it hit, so probing the
/// register by creating or renumbering persons leaves a trace.
fn refuse_registered(entry: &mut NewEntry, existing: &StoredPerson, editing: bool) {
    entry.outcome = Outcome::Denied;
    entry.flagged = true;
    if editing {
        entry.purpose = Some(format!(
            "identity number already registered to {}",
            existing.person_ref
        ));
    } else {
        entry.person_ref = Some(existing.person_ref.clone());
        entry.fields = vec!["identity_number".to_string()];
        entry.purpose = Some("identity number already registered".to_string());
    }
    tracing::info!(person = %existing.person_ref, "identity number already registered");
}

enum LookupKey {
    Identity(String),
    NameYear(String, i32),
}

fn parse_lookup(text: &str) -> Result<LookupKey> {
    if let Ok(id) = IdentityNumber::parse(text) {
        return Ok(LookupKey::Identity(id.canonical()));
    }
    if let Some((name, year)) = text.rsplit_once(',') {
        let year = year.trim();
        if year.len() == 4 {
            if let Ok(y) = year.parse::<i32>() {
                if !name.trim().is_empty() {
                    return Ok(LookupKey::NameYear(name.trim().to_string(), y));
                }
            }
        }
    }
    // Anything else might be a mistyped number: say so without echoing it.
    if text.chars().any(|c| c.is_ascii_digit()) && !text.contains(',') {
        IdentityNumber::parse(text)?;
    }
    Err(Error::InvalidInput(
        "give a whole identity number, or a full name and birth year as \"Name, 1985\"".into(),
    ))
}

fn view(tx: &Transaction<'_>, p: &StoredPerson, user_id: i64) -> Result<PersonView> {
    let r = &p.record;
    let emergency_until = match store::access(tx, p.id, user_id, now_unix())? {
        Access::Emergency => store::emergency_expiry(tx, p.id, user_id, now_unix())?
            .map(|t| unix_to_rfc3339(t as u64)),
        _ => None,
    };
    Ok(PersonView {
        person_ref: p.person_ref.clone(),
        protection: mask::protection_label(r.protection.kind),
        protection_since: r.protection.since.clone(),
        protection_review_on: r.protection.review_on.clone(),
        legal_basis: r.legal_basis,
        purpose: r.purpose.clone(),
        retain_until: r.retain_until.clone(),
        restricted: r.restricted,
        assigned_to: store::assigned_handlers(tx, p.id)?,
        emergency_until,
        fields: mask::masked_fields(r),
    })
}

fn summary(p: &StoredPerson) -> PersonSummary {
    PersonSummary {
        person_ref: p.person_ref.clone(),
        initials: mask::initials(&p.record.name),
        identity: p
            .record
            .identity_number
            .as_deref()
            .map(mask::identity)
            .unwrap_or_default(),
        protection: mask::protection_label(p.record.protection.kind),
    }
}
