//! The first keyslot format, read only to migrate it: every slot wrapped one vault key, and the SQLCipher
//! key was derived from that vault key. After `migrate`, slots of users who have not logged in since stay
//! here until their first login, when they are replaced by slots of the current format; a bridge (the new
//! database key sealed under the old vault key) lets exactly those slots in. Everyone who holds an old
//! slot could read everything before the migration, so the bridge gives no one anything new; it is
//! removed when the last legacy slot is gone.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keyslots::{
    binding_name, kind_name, slot_wrapping_key, tampered, Binding, LoginPolicy, SlotKind,
    SlotSecret,
};
use crate::canonical::Canonical;
use crate::crypto::{wrap, KdfParams, Key32};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LegacySlot {
    pub id: String,
    pub locator: String,
    pub kind: SlotKind,
    pub binding: Binding,
    pub kdf: KdfParams,
    pub salt: String,
    pub nonce: String,
    pub wrapped: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LegacyKeyslotFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub locator_salt: String,
    pub login_policy: LoginPolicy,
    pub slots: Vec<LegacySlot>,
}

/// The current database key sealed under the first format's vault key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bridge {
    pub epoch: u32,
    pub nonce: String,
    pub sealed: String,
}

impl LegacyKeyslotFile {
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        serde_json::from_slice(bytes).map_err(|_| Error::damaged("the keyslot file is malformed"))
    }

    pub fn find(&self, locator: &str) -> Option<&LegacySlot> {
        self.slots.iter().find(|s| s.locator == locator)
    }
}

impl LegacySlot {
    /// Unwraps the first format's vault key.
    pub fn open(&self, vault_id: &str, secret: &SlotSecret<'_>) -> Result<Key32> {
        let key = slot_wrapping_key(&self.salt, &self.kdf, self.binding, secret)?;
        let nonce = hex::decode(&self.nonce).map_err(|_| tampered())?;
        let ct = hex::decode(&self.wrapped).map_err(|_| tampered())?;
        let plain = wrap::open(&key, &nonce, &ct, &self.associated_data(vault_id)).ok_or(
            match self.kind {
                SlotKind::User => Error::WrongPassword,
                SlotKind::Recovery => Error::WrongRecoveryCode,
            },
        )?;
        Key32::from_slice(&plain).ok_or_else(tampered)
    }

    pub fn digest(&self) -> Vec<u8> {
        let mut c = Canonical::new("skyddsvalv/slot-digest/v1");
        c.str(&self.id)
            .str(&self.locator)
            .str(kind_name(self.kind))
            .str(binding_name(self.binding))
            .u64(self.kdf.memory_kib.into())
            .u64(self.kdf.time_cost.into())
            .u64(self.kdf.parallelism.into())
            .str(&self.salt)
            .str(&self.nonce)
            .str(&self.wrapped);
        Sha256::digest(c.finish()).to_vec()
    }

    fn associated_data(&self, vault_id: &str) -> Vec<u8> {
        let mut c = Canonical::new("skyddsvalv/slot-ad/v1");
        c.str(vault_id)
            .str(&self.id)
            .str(&self.locator)
            .str(kind_name(self.kind))
            .str(binding_name(self.binding))
            .u64(self.kdf.memory_kib.into())
            .u64(self.kdf.time_cost.into())
            .u64(self.kdf.parallelism.into())
            .str(&self.salt);
        c.finish().to_vec()
    }
}

/// The first format's SQLCipher key.
pub fn legacy_database_key(vault_key: &Key32) -> Key32 {
    vault_key.derive("skyddsvalv/sqlcipher-key/v1")
}

fn bridge_key(vault_key: &Key32) -> Key32 {
    vault_key.derive("skyddsvalv/migration-bridge/v1")
}

impl Bridge {
    pub fn seal(vault_id: &str, vault_key: &Key32, epoch: u32, database_key: &Key32) -> Bridge {
        let (nonce, sealed) = wrap::seal(
            &bridge_key(vault_key),
            database_key.expose(),
            Canonical::new("skyddsvalv/bridge/v1")
                .str(vault_id)
                .u64(epoch.into())
                .finish(),
        );
        Bridge {
            epoch,
            nonce: hex::encode(nonce),
            sealed: hex::encode(sealed),
        }
    }

    pub fn open(&self, vault_id: &str, vault_key: &Key32) -> Option<Key32> {
        let ad = Canonical::new("skyddsvalv/bridge/v1")
            .str(vault_id)
            .u64(self.epoch.into())
            .finish()
            .to_vec();
        let plain = wrap::open(
            &bridge_key(vault_key),
            &hex::decode(&self.nonce).ok()?,
            &hex::decode(&self.sealed).ok()?,
            &ad,
        )?;
        Key32::from_slice(&plain)
    }
}
