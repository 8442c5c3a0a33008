//! The reception's lookup: exact identity number, or exact "Name, YEAR", answered from the sealed
//! register with the reception key — one slow hash per lookup, and nothing else about the person.

use serde::Serialize;

use super::Session;
use crate::audit::{Action, Outcome};
use crate::auth::Role;
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::policy::Operation;
use crate::records::mask;
use crate::records::register::{self, LookupHash};
use crate::settings;
use crate::time::{now_unix, unix_to_rfc3339};

/// The only thing reception ever learns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LookupAnswer {
    pub found: bool,
    pub protection: Option<&'static str>,
    pub initials: Option<String>,
    /// The case handlers to refer the visitor to.
    pub handlers: Vec<Referral>,
    /// Seconds after which the desk clears the answer and the typed text (a setting).
    pub clear_after_seconds: u32,
}

/// Whom the desk refers a visitor to: the handler's name as colleagues know it, their unit and work
/// phone — not their login.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Referral {
    pub name: String,
    pub unit: Option<String>,
    pub phone: Option<String>,
}

pub(crate) enum LookupKey {
    Identity(String),
    NameYear(String, i32),
}

pub(crate) fn parse_lookup(text: &str) -> Result<LookupKey> {
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
    Err(Error::invalid(
        crate::input::Input::Lookup,
        crate::input::Rule::Format,
        "give a whole identity number, or a full name and birth year as \"Name, 1985\"",
    ))
}

impl Session {
    /// Reception: exact identity number, or exact "Name, YEAR". Found or not, the protection kind,
    /// initials and the handler to refer to — nothing else, ever.
    /// Lookups are limited per session and per hour, and a burst is flagged: one birth date has 1 998
    /// valid numbers, and a desk has no reason to try them.
    pub fn lookup(&mut self, text: &str) -> Result<LookupAnswer> {
        let entry = self.entry(Action::Lookup, Outcome::Allowed);
        // Text that is no lookup (a wrong check digit, a name without a year) is refused and logged,
        // but does not use up the desk's lookups.
        let parsed = parse_lookup(text);
        if parsed.is_ok() {
            self.lookups = self.lookups.saturating_add(1);
        }
        let made = self.lookups;
        self.perform(
            Operation::Lookup,
            entry,
            |ctx| {
                let s = settings::load(ctx.tx)?;
                let since =
                    |secs: u64| unix_to_rfc3339(now_unix().saturating_sub(secs as i64) as u64);
                let actor = &ctx.user.name;
                if made > s.lookups_per_session {
                    return Err(Error::RateLimited {
                        limit: s.lookups_per_session,
                        per: "session",
                    });
                }
                if ctx
                    .tx
                    .count_log(actor, Action::Lookup.as_str(), &since(3600))?
                    >= u64::from(s.lookups_per_hour)
                {
                    return Err(Error::RateLimited {
                        limit: s.lookups_per_hour,
                        per: "hour",
                    });
                }
                let last_minute = ctx
                    .tx
                    .count_log(actor, Action::Lookup.as_str(), &since(60))?;
                Ok((
                    crate::policy::Access::NotApplicable,
                    last_minute >= u64::from(s.lookup_burst_per_minute),
                ))
            },
            |ctx, burst, entry| {
                entry.flagged |= burst;
                let clear_after_seconds = settings::load(ctx.tx)?.reception_clear_seconds;
                let key = ctx.reception()?;
                let params: LookupHash =
                    settings::get_json(ctx.tx, settings::keys::LOOKUP_HASH)?
                        .ok_or_else(|| Error::damaged("the lookup hash settings are missing"))?;
                let slow = match parsed? {
                    LookupKey::Identity(canonical) => params.identity(&canonical)?,
                    LookupKey::NameYear(name, year) => params.name_year(&name, year)?,
                };
                entry.term_hash = Some(register::term_hash(key, &slow));
                let answer = ctx
                    .tx
                    .register_rows_by_tag(&register::tag(key, &slow))?
                    .into_iter()
                    .find_map(|row| {
                        register::open_answer(ctx.vault_id, key, &slow, &row.nonce, &row.sealed)
                    });
                let Some(a) = answer else {
                    return Ok(LookupAnswer {
                        found: false,
                        protection: None,
                        initials: None,
                        handlers: Vec::new(),
                        clear_after_seconds,
                    });
                };
                entry.person_ref = Some(a.person_ref.clone());
                let handlers = match ctx.tx.person_by_ref(&a.person_ref)? {
                    Some(p) => referrals(ctx.tx, p.id)?,
                    None => Vec::new(),
                };
                Ok(LookupAnswer {
                    found: true,
                    protection: Some(mask::protection_label(a.protection)),
                    initials: Some(a.initials),
                    handlers,
                    clear_after_seconds,
                })
            },
        )
    }
}

/// The active case handlers of a person, as the desk refers to them.
pub(crate) fn referrals(tx: &dyn crate::storage::Tx, person_id: i64) -> Result<Vec<Referral>> {
    Ok(tx
        .assigned_users(person_id)?
        .into_iter()
        .filter(|u| !u.disabled && u.role == Role::Handlaggare)
        .map(|u| Referral {
            name: u.profile.display_name.unwrap_or(u.name),
            unit: u.profile.unit,
            phone: u.profile.phone,
        })
        .collect())
}
