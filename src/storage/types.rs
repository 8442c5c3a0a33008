//! The plain records that cross the storage seam. Person data in them is sealed; nothing here is a
//! value in the clear.

use crate::auth::Role;
use crate::crypto::{Envelope, PublicKeys};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub name_key: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
    pub slot_locator: String,
    pub slot_digest: Vec<u8>,
    /// The user's public keys (absent only for accounts not yet upgraded from the first format).
    pub public: Option<PublicKeys>,
    pub created_at: String,
    /// What the administrator records about the person behind the account.
    pub profile: Profile,
    /// The last successful login (RFC 3339).
    pub last_login_at: Option<String>,
}

/// An account's details for colleagues: the name shown instead of the login, the unit and a work
/// phone (the reception's referral names them). Staff data, never a protected person's.
/// Unknown keys are refused, so a misspelt key cannot silently clear a detail.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub display_name: Option<String>,
    pub unit: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub name_key: String,
    pub role: Role,
    pub must_change_password: bool,
    pub slot_locator: String,
    pub slot_digest: Vec<u8>,
    pub public: PublicKeys,
    pub created_at: String,
}

/// A person as stored: a pseudonymous ref, the identity blind index and the sealed record.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    pub person_ref: String,
    pub identity_tag: Option<[u8; 32]>,
    /// The records-key epoch the record is sealed under.
    pub epoch: u32,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
    pub created_by: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl std::fmt::Debug for PersonRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PersonRow({}, epoch {})", self.person_ref, self.epoch)
    }
}

#[derive(Clone)]
pub struct NewPerson {
    pub person_ref: String,
    pub identity_tag: Option<[u8; 32]>,
    pub epoch: u32,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
    pub created_by: i64,
    pub created_at: String,
}

/// A blind-index token of a normalised name prefix (truncated HMAC).
pub type NameToken = [u8; 16];

/// One row of the reception register: a keyed slow hash and an answer sealed under a key derived from
/// the same hash, so the answer opens only for someone who typed the right number or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub id: i64,
    pub tag: [u8; 32],
    pub epoch: u32,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct NewRegisterRow {
    pub tag: [u8; 32],
    pub epoch: u32,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct EmergencyRow {
    pub person_id: i64,
    pub user_id: i64,
    pub log_seq: u64,
    pub expires_at: i64,
    /// Asked for in the justification: the person may be edited too (otherwise read-only).
    pub may_edit: bool,
}

/// A running emergency access: until when, and whether any running grant may edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveEmergency {
    pub until: i64,
    pub may_edit: bool,
}

crate::named! {
    /// Which domain key a grant carries.
    pub enum GrantKind {
        /// Person records, their indexes and the handler-side term hashes (handlers, recovery).
        Records = "records",
        /// The reception register (reception, handlers, recovery).
        Reception = "reception",
    }
}

/// A domain key sealed to one holder's X25519 key, with an endorsement (a MAC under the key itself over
/// the holder and their public key) that lets a later holder tell a genuine grant from one planted by
/// someone who only has database access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    /// The holder's slot locator (`recovery` for the recovery slot).
    pub locator: String,
    pub kind: GrantKind,
    pub epoch: u32,
    pub recipient: [u8; 32],
    pub envelope: Envelope,
    pub endorsement: Vec<u8>,
    pub granted_by: String,
    pub granted_at: String,
}

/// A signed checkpoint of the log: the head at `seq`, the hashes of every entry since the previous
/// checkpoint (`from_seq`, exclusive), signed by the user whose session wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub seq: u64,
    pub head_hash: Vec<u8>,
    pub at: String,
    pub signer: String,
    pub signer_key: [u8; 32],
    pub from_seq: u64,
    pub entry_hashes: Vec<u8>,
    pub signature: Vec<u8>,
}
