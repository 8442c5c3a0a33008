//! One access-log entry and its hash. The hash covers every column and the previous entry's hash, in the
//! length-prefixed canonical encoding, so any edit, deletion, insertion or reordering breaks the chain.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::canonical::Canonical;

crate::named! {
    /// Every kind of event the log records. The string forms are stable: they are hashed and filtered on.
    pub enum Action {
        VaultCreated = "vault_created",
        Login = "login",
        LoginFailed = "login_failed",
        LockedOut = "locked_out",
        LoginRefusedLocked = "login_refused_locked",
        Lock = "lock",
        PasswordChanged = "password_changed",
        Recovered = "recovered",
        UserAdded = "user_added",
        UserListed = "user_listed",
        UserDisabled = "user_disabled",
        UserEnabled = "user_enabled",
        PasswordReset = "password_reset",
        UserUnlocked = "user_unlocked",
        SettingsChanged = "settings_changed",
        PersonCreated = "person_created",
        PersonViewed = "person_viewed",
        PersonEdited = "person_edited",
        FieldRevealed = "field_revealed",
        FieldCopied = "field_copied",
        Search = "search",
        Lookup = "lookup",
        Assigned = "assigned",
        Unassigned = "unassigned",
        EmergencyAccess = "emergency_access",
        LogViewed = "log_viewed",
        LogVerified = "log_verified",
        AccessListed = "access_listed",
        AccessGranted = "access_granted",
        AccessRevoked = "access_revoked",
        GrantRejected = "grant_rejected",
        KeysRotated = "keys_rotated",
        DatabaseKeyRotated = "database_key_rotated",
        VaultMigrated = "vault_migrated",
        PersonRectified = "person_rectified",
        ProtectionChanged = "protection_changed",
        RestrictionSet = "restriction_set",
        RestrictionLifted = "restriction_lifted",
        SettingsViewed = "settings_viewed",
        KeysHandedOver = "keys_handed_over",
        RecoveryCodeRotated = "recovery_code_rotated",
        CaseloadListed = "caseload_listed",
        NamesRevealed = "names_revealed",
        AssignmentsListed = "assignments_listed",
        Reassigned = "reassigned",
        AccountEdited = "account_edited",
        NoteAdded = "note_added",
        RequestOpened = "request_opened",
        RequestVerified = "request_verified",
        RequestExtended = "request_extended",
        RequestClosed = "request_closed",
        RequestsListed = "requests_listed",
        HarmAssessed = "harm_assessed",
        ExtractProduced = "extract_produced",
        DisclosureRecorded = "disclosure_recorded",
        ConsentRecorded = "consent_recorded",
        ConsentWithdrawn = "consent_withdrawn",
        ObjectionRecorded = "objection_recorded",
        ObjectionOverridden = "objection_overridden",
        HistoryRevealed = "history_revealed",
        RecipientsNotified = "recipients_notified",
        PersonErased = "person_erased",
        LogReviewed = "log_reviewed",
        SampleDrawn = "sample_drawn",
        LogTasksListed = "log_tasks_listed",
        LogReportProduced = "log_report_produced",
        LogBundleExported = "log_bundle_exported",
        LogBundlesImported = "log_bundles_imported",
        IncidentOpened = "incident_opened",
        IncidentUpdated = "incident_updated",
        IncidentsListed = "incidents_listed",
        IncidentViewed = "incident_viewed",
        RegisterChanged = "register_changed",
        RegisterExported = "register_exported",
        RetentionRuleChanged = "retention_rule_changed",
        RetentionRulesListed = "retention_rules_listed",
        RetentionSweepListed = "retention_sweep_listed",
        DestructionProposed = "destruction_proposed",
        DestructionApproved = "destruction_approved",
        PersonErasedByRule = "person_erased_by_rule",
        DestructionsListed = "destructions_listed",
        DestructionCertificateWritten = "destruction_certificate_written",
        DestructionCertificateChecked = "destruction_certificate_checked",
        BackupWritten = "backup_written",
        VaultRestored = "vault_restored",
        RestoreAccepted = "restore_accepted",
        ImportChecked = "import_checked",
        PersonsImported = "persons_imported",
        ReceptionRegisterExported = "reception_register_exported",
        DeskLogReviewed = "desk_log_reviewed",
    }
}

crate::named! {
    pub enum Outcome {
        Allowed = "allowed",
        Denied = "denied",
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

/// The domain that opens every entry's canonical encoding.
pub const ENTRY_DOMAIN: &str = "skyddsvalv/audit-entry/v1";

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
        self.canonical_into(buf);
        Sha256::digest(&buf[..]).into()
    }

    /// The canonical encoding the hash is taken over, into `buf` (cleared first). A signed log
    /// bundle carries exactly these bytes; [`super::entry_codec::decode`] reads them back.
    pub fn canonical_into(&self, buf: &mut Vec<u8>) {
        let mut c = Canonical::reusing(buf, ENTRY_DOMAIN);
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
    fn action_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.as_str()), "{a} twice");
        }
    }
}
