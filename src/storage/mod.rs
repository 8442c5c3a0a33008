//! The storage seam. Everything the core keeps goes through [`Storage`] and its transactions ([`Tx`]):
//! sealed person records, blind-index tokens, the sealed reception register, users, settings, key
//! grants, the access log and its checkpoints. Nothing here sees a person's value in the clear — person
//! data reaches storage already sealed by the session — and no SQL type appears in a signature, so a
//! server backend (PostgreSQL) can implement the same traits.
//!
//! Two implementations pass the same contract tests (`contract.rs`): [`sqlite`] (SQLCipher, the
//! workstation vault) and [`memory`] (in-process, for tests and as the reference for new backends).
//!
//! API boundary: only `session/`, `audit/`, `unlock/` and `vault/` use this module; the shells never do.

pub mod memory;
pub mod sqlite;
mod types;

#[cfg(test)]
mod contract;

pub use types::*;

use crate::audit::{Entry, EntryRef, LogFilter};
use crate::crypto::Key32;
use crate::error::Result;

/// One vault's store.
pub trait Storage: Send {
    /// Starts a transaction. Dropping it without [`Tx::commit`] rolls everything back.
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>>;

    /// A cheap check that the store still opens with its key (another process may have re-keyed it).
    fn probe(&mut self) -> Result<()>;

    /// Opens the store again under `key` (after someone else re-keyed it).
    fn reopen(&mut self, key: &Key32) -> Result<()>;

    /// The backend's own page-level integrity check (empty = healthy).
    fn integrity_problems(&mut self) -> Result<Vec<String>>;

    /// Re-encrypts the whole store under a new key (the database key's rotation).
    fn rekey(&mut self, key: &Key32) -> Result<()>;

    /// Rebuilds the store so that deleted data is gone from free space and any journal.
    fn compact(&mut self) -> Result<()>;

    /// Writes a consistent copy of the whole store to `path` (a new file), encrypted as the store
    /// is: a snapshot of one read transaction while other connections go on writing.
    fn snapshot_into(&mut self, path: &std::path::Path) -> Result<()>;

    /// Test support: the concrete store behind the trait.
    #[cfg(feature = "test-support")]
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Everything one transaction can do. Methods take and return plain Rust types only.
pub trait Tx {
    fn commit(self: Box<Self>) -> Result<()>;

    // --- settings: small named values (JSON or plain text) ---
    fn setting(&self, key: &str) -> Result<Option<String>>;
    fn set_setting(&self, key: &str, value: &str) -> Result<()>;
    fn delete_setting(&self, key: &str) -> Result<()>;

    // --- users ---
    fn insert_user(&self, user: &NewUser) -> Result<i64>;
    fn user_by_id(&self, id: i64) -> Result<Option<UserRow>>;
    fn user_by_name_key(&self, name_key: &str) -> Result<Option<UserRow>>;
    fn user_by_locator(&self, locator: &str) -> Result<Option<UserRow>>;
    /// Every user, ordered by name key.
    fn users(&self) -> Result<Vec<UserRow>>;
    /// Writes every mutable column of the user (`id`, `name`, `name_key` and `created_at` stay).
    fn update_user(&self, user: &UserRow) -> Result<()>;
    /// Only the account's details (not part of `update_user`, which carries keys and state).
    fn set_profile(&self, user_id: i64, profile: &Profile) -> Result<()>;
    fn set_last_login(&self, user_id: i64, at: &str) -> Result<()>;

    // --- persons: sealed records with an identity blind index ---
    fn insert_person(&self, person: &NewPerson) -> Result<i64>;
    fn update_person(&self, person: &PersonRow) -> Result<()>;
    fn person_by_id(&self, id: i64) -> Result<Option<PersonRow>>;
    fn person_by_ref(&self, person_ref: &str) -> Result<Option<PersonRow>>;
    fn person_by_identity_tag(&self, tag: &[u8; 32]) -> Result<Option<PersonRow>>;
    /// All person ids in ascending order (for key rotation).
    fn person_ids(&self) -> Result<Vec<i64>>;
    fn count_persons(&self) -> Result<u64>;
    /// Deletes the person's row with its name tokens, assignments and emergency grants (an erasure;
    /// the reception register rows are removed by the caller, who can tell them apart). False when
    /// there was no such person.
    fn delete_person(&self, person_id: i64) -> Result<bool>;

    // --- the name search index: blind tokens per person ---
    /// Replaces the person's tokens.
    fn set_name_tokens(&self, person_id: i64, tokens: &[NameToken]) -> Result<()>;
    /// Persons that have every token and that `user_id` may see (assigned, or emergency access
    /// running at `now`), by id, at most `limit`, and how many there are in all.
    fn search_tokens(
        &self,
        tokens: &[NameToken],
        user_id: i64,
        now: i64,
        limit: u32,
    ) -> Result<(Vec<PersonRow>, u64)>;

    // --- the reception register ---
    fn add_register_row(&self, row: &NewRegisterRow) -> Result<()>;
    fn register_rows_by_tag(&self, tag: &[u8; 32]) -> Result<Vec<RegisterRow>>;
    fn register_rows(&self) -> Result<Vec<RegisterRow>>;
    fn delete_register_row(&self, id: i64) -> Result<()>;
    fn count_register_rows(&self) -> Result<u64>;

    // --- assignments and emergency access ---
    fn assign(&self, person_id: i64, user_id: i64) -> Result<bool>;
    fn unassign(&self, person_id: i64, user_id: i64) -> Result<bool>;
    fn is_assigned(&self, person_id: i64, user_id: i64) -> Result<bool>;
    /// The users assigned to a person, ordered by name key.
    fn assigned_users(&self, person_id: i64) -> Result<Vec<UserRow>>;
    /// The persons assigned to a user, by id (a case handler's caseload).
    fn assigned_person_ids(&self, user_id: i64) -> Result<Vec<i64>>;
    fn grant_emergency(&self, grant: &EmergencyRow) -> Result<()>;
    /// When the user's running emergency access to the person ends, if one runs at `now`.
    fn emergency_until(&self, person_id: i64, user_id: i64, now: i64) -> Result<Option<i64>> {
        Ok(self.emergency(person_id, user_id, now)?.map(|e| e.until))
    }
    /// The running emergency access of a user to a person, if any.
    fn emergency(&self, person_id: i64, user_id: i64, now: i64) -> Result<Option<ActiveEmergency>>;

    // --- key grants: the records and reception keys sealed to each holder ---
    fn put_grant(&self, grant: &GrantRow) -> Result<()>;
    fn grant(&self, locator: &str, kind: GrantKind) -> Result<Option<GrantRow>>;
    fn grants(&self, kind: GrantKind) -> Result<Vec<GrantRow>>;
    fn delete_grant(&self, locator: &str, kind: GrantKind) -> Result<bool>;

    // --- the access log: append-only (there is no update or delete here) ---
    /// The last entry's sequence number and hash, if any.
    fn log_head(&self) -> Result<Option<(u64, Vec<u8>)>>;
    fn log_append(&self, entry: &Entry) -> Result<()>;
    fn log_entry(&self, seq: u64) -> Result<Option<Entry>>;
    /// Calls `f` for every entry from `from_seq` on, in sequence order, until it returns false.
    fn log_walk(
        &self,
        from_seq: u64,
        f: &mut dyn FnMut(&EntryRef<'_>) -> Result<bool>,
    ) -> Result<()>;
    /// Entries matching the filter, newest first.
    fn log_query(&self, filter: &LogFilter) -> Result<Vec<Entry>>;
    /// The first entry written at or after `at` (RFC 3339): where a walk over a period starts.
    fn log_first_at(&self, at: &str) -> Result<Option<u64>>;
    /// How many entries of `actor` with `action` were written at or after `since` (RFC 3339).
    fn count_log(&self, actor: &str, action: &str, since: &str) -> Result<u64>;

    // --- signed checkpoints ---
    fn add_checkpoint(&self, checkpoint: &CheckpointRow) -> Result<()>;
    /// Every checkpoint in the order written.
    fn checkpoints(&self) -> Result<Vec<CheckpointRow>>;
}
