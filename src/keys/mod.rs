//! The vault's keys, by who can unwrap them (see docs/security-model.md):
//!
//! - the **database key** opens SQLCipher (every role); it reaches each user in an envelope sealed to
//!   their X25519 key, kept in the keyslot file;
//! - the **records key** seals person records, their blind indexes and the handler-side term hashes
//!   (case handlers and the recovery slot);
//! - the **reception key** opens only the lookup register (reception, case handlers, recovery).
//!
//! The records and reception keys reach their holders as grants inside the database, each sealed to the
//! holder's public key and endorsed with a MAC under the key itself. A new account has neither until an
//! existing holder grants it; removing access rotates the key.

pub mod grants;

use crate::crypto::{Key32, UserKeys};
use crate::storage::GrantKind;

/// A records or reception key at one epoch (each rotation starts a new epoch).
#[derive(Clone)]
pub struct DomainKey {
    pub kind: GrantKind,
    pub epoch: u32,
    key: Key32,
}

impl DomainKey {
    pub fn generate(kind: GrantKind, epoch: u32) -> Self {
        DomainKey {
            kind,
            epoch,
            key: Key32::random(),
        }
    }

    pub fn from_key(kind: GrantKind, epoch: u32, key: Key32) -> Self {
        DomainKey { kind, epoch, key }
    }

    pub(crate) fn key(&self) -> &Key32 {
        &self.key
    }

    /// An independent sub-key for one purpose (`seal`, `identity-index`, …).
    pub fn sub(&self, purpose: &str) -> Key32 {
        self.key
            .derive(&format!("skyddsvalv/{}/{purpose}/v1", self.kind.as_str()))
    }
}

impl std::fmt::Debug for DomainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DomainKey({}, epoch {})", self.kind.as_str(), self.epoch)
    }
}

/// What an open session holds. Wiped when the session ends.
pub struct SessionKeys {
    pub database: Key32,
    /// The database key's epoch (the envelope it came from).
    pub database_epoch: u32,
    pub user: UserKeys,
    pub records: Option<DomainKey>,
    pub reception: Option<DomainKey>,
}

impl SessionKeys {
    pub fn domain(&self, kind: GrantKind) -> Option<&DomainKey> {
        match kind {
            GrantKind::Records => self.records.as_ref(),
            GrantKind::Reception => self.reception.as_ref(),
        }
    }

    pub fn clear_domain(&mut self, kind: GrantKind) {
        match kind {
            GrantKind::Records => self.records = None,
            GrantKind::Reception => self.reception = None,
        }
    }

    pub fn set_domain(&mut self, key: DomainKey) {
        match key.kind {
            GrantKind::Records => self.records = Some(key),
            GrantKind::Reception => self.reception = Some(key),
        }
    }
}
