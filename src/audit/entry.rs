//! One access-log entry and its hash. The hash covers every column and the previous entry's hash, in the
//! length-prefixed canonical encoding, so any edit, deletion, insertion or reordering breaks the chain.

use serde::Serialize;

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
    AccessListed,
    AccessGranted,
    AccessRevoked,
    GrantRejected,
    KeysRotated,
    DatabaseKeyRotated,
    VaultMigrated,
    PersonRectified,
    ProtectionChanged,
    RestrictionSet,
    RestrictionLifted,
    SettingsViewed,
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
        Action::AccessListed,
        Action::AccessGranted,
        Action::AccessRevoked,
        Action::GrantRejected,
        Action::KeysRotated,
        Action::DatabaseKeyRotated,
        Action::VaultMigrated,
        Action::PersonRectified,
        Action::ProtectionChanged,
        Action::RestrictionSet,
        Action::RestrictionLifted,
        Action::SettingsViewed,
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
            Action::AccessListed => "access_listed",
            Action::AccessGranted => "access_granted",
            Action::AccessRevoked => "access_revoked",
            Action::GrantRejected => "grant_rejected",
            Action::KeysRotated => "keys_rotated",
            Action::DatabaseKeyRotated => "database_key_rotated",
            Action::VaultMigrated => "vault_migrated",
            Action::PersonRectified => "person_rectified",
            Action::ProtectionChanged => "protection_changed",
            Action::RestrictionSet => "restriction_set",
            Action::RestrictionLifted => "restriction_lifted",
            Action::SettingsViewed => "settings_viewed",
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
    /// Machine-readable detail that the verifier reads (a user's new signing key, a key epoch).
    pub detail: Option<String>,
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
            detail: None,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
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

/// An entry as the verifier reads it: borrowed straight from storage, no copies. `fields` is the
/// stored comma list (field names are fixed identifiers, so the list is unambiguous).
#[derive(Debug, Clone, Copy)]
pub struct EntryRef<'a> {
    pub seq: u64,
    pub at: &'a str,
    pub actor: &'a str,
    pub role: &'a str,
    pub action: &'a str,
    pub person_ref: Option<&'a str>,
    pub fields: &'a str,
    pub purpose: Option<&'a str>,
    pub term_hash: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub outcome: &'a str,
    pub flagged: bool,
    pub prev_hash: &'a [u8],
    pub hash: &'a [u8],
}

impl EntryRef<'_> {
    /// SHA-256 over the canonical encoding of every column but `hash`, streamed. Entries without
    /// `detail` hash exactly as the first log format did, so a migrated chain goes on verifying.
    pub fn expected_hash(&self) -> [u8; 32] {
        self.expected_hash_with(&mut Vec::with_capacity(512))
    }

    /// [`EntryRef::expected_hash`] encoding into `buf`, so that a walk over a million entries
    /// allocates once and hashes each entry in one call.
    pub fn expected_hash_with(&self, buf: &mut Vec<u8>) -> [u8; 32] {
        let mut c = Canonical::reusing(buf, "skyddsvalv/audit-entry/v1");
        c.u64(self.seq)
            .str(self.at)
            .str(self.actor)
            .str(self.role)
            .str(self.action)
            .opt_str(self.person_ref);
        let fields = || self.fields.split(',').filter(|f| !f.is_empty());
        c.u64(fields().count() as u64);
        for f in fields() {
            c.str(f);
        }
        c.opt_str(self.purpose)
            .opt_str(self.term_hash)
            .str(self.outcome)
            .u64(u64::from(self.flagged))
            .bytes(self.prev_hash);
        if let Some(d) = self.detail {
            c.str(d);
        }
        c.digest()
    }

    pub fn to_entry(&self) -> Entry {
        Entry {
            seq: self.seq,
            at: self.at.to_string(),
            actor: self.actor.to_string(),
            role: self.role.to_string(),
            action: self.action.to_string(),
            person_ref: self.person_ref.map(str::to_string),
            fields: split_fields(self.fields),
            purpose: self.purpose.map(str::to_string),
            term_hash: self.term_hash.map(str::to_string),
            detail: self.detail.map(str::to_string),
            outcome: self.outcome.to_string(),
            flagged: self.flagged,
            prev_hash: self.prev_hash.to_vec(),
            hash: self.hash.to_vec(),
        }
    }
}

pub fn split_fields(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

impl Entry {
    /// The stored comma list of field names.
    pub fn fields_joined(&self) -> String {
        self.fields.join(",")
    }

    /// Borrows this entry for hashing; `joined` is [`Entry::fields_joined`].
    pub fn as_ref<'a>(&'a self, joined: &'a str) -> EntryRef<'a> {
        EntryRef {
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            role: &self.role,
            action: &self.action,
            person_ref: self.person_ref.as_deref(),
            fields: joined,
            purpose: self.purpose.as_deref(),
            term_hash: self.term_hash.as_deref(),
            detail: self.detail.as_deref(),
            outcome: &self.outcome,
            flagged: self.flagged,
            prev_hash: &self.prev_hash,
            hash: &self.hash,
        }
    }

    pub fn expected_hash(&self) -> [u8; 32] {
        let joined = self.fields_joined();
        self.as_ref(&joined).expected_hash()
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
