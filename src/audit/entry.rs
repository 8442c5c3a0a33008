//! One access-log entry and its hash. The hash covers every column and the previous entry's hash, in the
//! length-prefixed canonical encoding, so any edit, deletion, insertion or reordering breaks the chain.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::canonical::Canonical;

/// Every kind of event the log records. The string forms are stable: they are hashed and filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    VaultCreated,
    Login,
    LoginFailed,
    LockedOut,
    LoginRefusedLocked,
    Lock,
    PasswordChanged,
    Recovered,
    UserAdded,
    UserListed,
    UserDisabled,
    UserEnabled,
    PasswordReset,
    UserUnlocked,
    SettingsChanged,
    PersonCreated,
    PersonViewed,
    PersonEdited,
    FieldRevealed,
    FieldCopied,
    Search,
    Lookup,
    Assigned,
    Unassigned,
    EmergencyAccess,
    LogViewed,
    LogVerified,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::VaultCreated,
        Action::Login,
        Action::LoginFailed,
        Action::LockedOut,
        Action::LoginRefusedLocked,
        Action::Lock,
        Action::PasswordChanged,
        Action::Recovered,
        Action::UserAdded,
        Action::UserListed,
        Action::UserDisabled,
        Action::UserEnabled,
        Action::PasswordReset,
        Action::UserUnlocked,
        Action::SettingsChanged,
        Action::PersonCreated,
        Action::PersonViewed,
        Action::PersonEdited,
        Action::FieldRevealed,
        Action::FieldCopied,
        Action::Search,
        Action::Lookup,
        Action::Assigned,
        Action::Unassigned,
        Action::EmergencyAccess,
        Action::LogViewed,
        Action::LogVerified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::VaultCreated => "vault_created",
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::LockedOut => "locked_out",
            Action::LoginRefusedLocked => "login_refused_locked",
            Action::Lock => "lock",
            Action::PasswordChanged => "password_changed",
            Action::Recovered => "recovered",
            Action::UserAdded => "user_added",
            Action::UserListed => "user_listed",
            Action::UserDisabled => "user_disabled",
            Action::UserEnabled => "user_enabled",
            Action::PasswordReset => "password_reset",
            Action::UserUnlocked => "user_unlocked",
            Action::SettingsChanged => "settings_changed",
            Action::PersonCreated => "person_created",
            Action::PersonViewed => "person_viewed",
            Action::PersonEdited => "person_edited",
            Action::FieldRevealed => "field_revealed",
            Action::FieldCopied => "field_copied",
            Action::Search => "search",
            Action::Lookup => "lookup",
            Action::Assigned => "assigned",
            Action::Unassigned => "unassigned",
            Action::EmergencyAccess => "emergency_access",
            Action::LogViewed => "log_viewed",
            Action::LogVerified => "log_verified",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allowed,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
}

/// What an operation asks to be logged; sequence, time and hashes are added by the chain.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub actor: String,
    pub role: String,
    pub action: Action,
    pub person_ref: Option<String>,
    pub fields: Vec<String>,
    pub purpose: Option<String>,
    pub term_hash: Option<String>,
    pub outcome: Outcome,
    pub flagged: bool,
}

impl NewEntry {
    pub fn new(actor: &str, role: &str, action: Action, outcome: Outcome) -> Self {
        NewEntry {
            actor: actor.to_string(),
            role: role.to_string(),
            action,
            person_ref: None,
            fields: Vec::new(),
            purpose: None,
            term_hash: None,
            outcome,
            flagged: outcome == Outcome::Denied,
        }
    }
}

/// An entry as stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub person_ref: Option<String>,
    pub fields: Vec<String>,
    pub purpose: Option<String>,
    pub term_hash: Option<String>,
    pub outcome: String,
    pub flagged: bool,
    #[serde(serialize_with = "hex_bytes")]
    pub prev_hash: Vec<u8>,
    #[serde(serialize_with = "hex_bytes")]
    pub hash: Vec<u8>,
}

fn hex_bytes<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(b))
}

/// The genesis entry's previous hash.
pub const GENESIS: [u8; 32] = [0u8; 32];

/// SHA-256 over the canonical encoding of every column but `hash`.
#[allow(clippy::too_many_arguments)]
pub fn compute_hash(
    seq: u64,
    at: &str,
    actor: &str,
    role: &str,
    action: &str,
    person_ref: Option<&str>,
    fields: &[String],
    purpose: Option<&str>,
    term_hash: Option<&str>,
    outcome: &str,
    flagged: bool,
    prev_hash: &[u8],
) -> [u8; 32] {
    let mut c = Canonical::new("skyddsvalv/audit-entry/v1");
    c.u64(seq)
        .str(at)
        .str(actor)
        .str(role)
        .str(action)
        .opt_str(person_ref)
        .u64(fields.len() as u64);
    for f in fields {
        c.str(f);
    }
    c.opt_str(purpose)
        .opt_str(term_hash)
        .str(outcome)
        .u64(u64::from(flagged))
        .bytes(prev_hash);
    Sha256::digest(c.finish()).into()
}

impl Entry {
    pub fn expected_hash(&self) -> [u8; 32] {
        compute_hash(
            self.seq,
            &self.at,
            &self.actor,
            &self.role,
            &self.action,
            self.person_ref.as_deref(),
            &self.fields,
            self.purpose.as_deref(),
            self.term_hash.as_deref(),
            &self.outcome,
            self.flagged,
            &self.prev_hash,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(*a));
            assert!(seen.insert(a.as_str()));
        }
    }
}
