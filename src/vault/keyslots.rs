//! The keyslot file beside the database (like a LUKS header): one slot per user and one recovery slot,
//! each wrapping the vault key.
//!
//! A user slot's wrapping key is HKDF(Argon2id(password), salt = device secret) when the slot is bound to
//! a workstation keyring, or HKDF(Argon2id(initial password)) while the account waits for its first login.
//! The AEAD's associated data covers everything in the slot except the ciphertext, so editing a slot or
//! moving it to another user's locator makes it fail to open. A slot's digest is also recorded in the
//! encrypted database, which catches an older copy of a slot put back.
//!
//! The file holds no user names: a slot is found by a salted hash of the name (its locator).

use std::path::Path;

use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::files::write_atomic;
use crate::canonical::Canonical;
use crate::crypto::kdf::{self, KdfParams};
use crate::crypto::{wrap, Key32};
use crate::error::{Error, Result};

pub const FORMAT: &str = "skyddsvalv-keyslots";
pub const FORMAT_VERSION: u32 = 1;
pub const RECOVERY_LOCATOR: &str = "recovery";

/// Failed-login rules. Read before the vault is open, so they live here; the database holds the
/// authoritative copy and rewrites this one when they differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginPolicy {
    /// Consecutive failures that lock the account until an admin unlocks it.
    pub lockout_after: u32,
    /// Failures after which each further attempt must wait (1 s, 2 s, 4 s … up to 5 min).
    pub delay_from: u32,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        LoginPolicy {
            lockout_after: 10,
            delay_from: 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    User,
    Recovery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// Bound to the device secret in the keyring of the OS account that chose the password.
    Device,
    /// An initial password set by an admin (or the recovery code); no device secret involved.
    Unbound,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
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
pub struct KeyslotFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub locator_salt: String,
    pub login_policy: LoginPolicy,
    pub slots: Vec<Slot>,
}

/// What unlocks a slot.
pub struct SlotSecret<'a> {
    /// NFKC-normalised password or canonical recovery code.
    pub secret: &'a [u8],
    /// The device secret, for bound slots.
    pub device: Option<&'a Key32>,
}

impl KeyslotFile {
    pub fn new(vault_id: String) -> Self {
        KeyslotFile {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            vault_id,
            locator_salt: hex::encode(random_bytes::<16>()),
            login_policy: LoginPolicy::default(),
            slots: Vec::new(),
        }
    }

    pub fn load(path: &Path) -> Result<Self> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotAVault {
                    what: "the directory has no keyslot file".into(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        // Look at the format first so a newer vault is named as such rather than called damaged.
        let probe: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|_| Error::damaged("the keyslot file is not readable"))?;
        if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Error::NotAVault {
                what: "the keyslot file is not a Skyddsvalv keyslot file".into(),
            });
        }
        let version = probe.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > FORMAT_VERSION {
            return Err(Error::NewerVaultVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        serde_json::from_value(probe).map_err(|_| Error::damaged("the keyslot file is malformed"))
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Storage(format!("cannot encode keyslots: {e}")))?;
        write_atomic(path, &json)
    }

    /// The slot locator for a user name: HMAC-SHA256 under this vault's salt of the normalised name.
    pub fn locator_for(&self, user_name: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.locator_salt.as_bytes())
            .expect("HMAC takes any key length");
        mac.update(normalize_user_name(user_name).as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn find(&self, locator: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.locator == locator)
    }

    /// Adds the slot, replacing any slot with the same locator.
    pub fn put(&mut self, slot: Slot) {
        self.slots.retain(|s| s.locator != slot.locator);
        self.slots.push(slot);
    }

    pub fn remove(&mut self, locator: &str) {
        self.slots.retain(|s| s.locator != locator);
    }
}

impl Slot {
    /// Wraps `vault_key` in a new slot with a fresh id, salt and nonce.
    pub fn seal(
        vault_id: &str,
        locator: &str,
        kind: SlotKind,
        kdf_params: KdfParams,
        secret: &SlotSecret<'_>,
        vault_key: &Key32,
    ) -> Result<Slot> {
        let mut slot = Slot {
            id: hex::encode(random_bytes::<16>()),
            locator: locator.to_string(),
            kind,
            binding: if secret.device.is_some() {
                Binding::Device
            } else {
                Binding::Unbound
            },
            kdf: kdf_params,
            salt: hex::encode(random_bytes::<16>()),
            nonce: String::new(),
            wrapped: String::new(),
        };
        let key = slot.wrapping_key(secret)?;
        let (nonce, ct) = wrap::seal(&key, vault_key.expose(), &slot.associated_data(vault_id));
        slot.nonce = hex::encode(nonce);
        slot.wrapped = hex::encode(ct);
        Ok(slot)
    }

    /// Unwraps the vault key. A wrong secret and an altered slot look the same to the AEAD; callers
    /// tell them apart by context (the digest check after opening).
    pub fn open(&self, vault_id: &str, secret: &SlotSecret<'_>) -> Result<Key32> {
        let key = self.wrapping_key(secret)?;
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

    /// SHA-256 over the whole slot; recorded in the database to catch a replaced slot.
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

    fn wrapping_key(&self, secret: &SlotSecret<'_>) -> Result<Key32> {
        let salt = hex::decode(&self.salt).map_err(|_| tampered())?;
        let stretched = kdf::derive(secret.secret, &salt, &self.kdf)?;
        let (device_salt, info): (Option<&[u8]>, &[u8]) = match (self.binding, secret.device) {
            (Binding::Device, Some(device)) => {
                (Some(device.expose()), b"skyddsvalv/slot-key/v1/device")
            }
            (Binding::Device, None) => return Err(Error::DeviceSecretMissing),
            (Binding::Unbound, _) => (None, b"skyddsvalv/slot-key/v1/unbound"),
        };
        let hk = hkdf::Hkdf::<Sha256>::new(device_salt, stretched.expose());
        let mut out = [0u8; 32];
        hk.expand(info, &mut out)
            .expect("32 bytes is a valid HKDF length");
        let key = Key32::from_bytes(out);
        zeroize::Zeroize::zeroize(&mut out);
        Ok(key)
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

/// User names compare after NFC, trimming and lower-casing: `Åsa` and `åsa` are one account.
pub fn normalize_user_name(name: &str) -> String {
    name.trim().nfc().collect::<String>().to_lowercase()
}

fn kind_name(k: SlotKind) -> &'static str {
    match k {
        SlotKind::User => "user",
        SlotKind::Recovery => "recovery",
    }
}

fn binding_name(b: Binding) -> &'static str {
    match b {
        Binding::Device => "device",
        Binding::Unbound => "unbound",
    }
}

fn tampered() -> Error {
    Error::SlotTampered {
        what: "a slot field is malformed",
    }
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(device: Option<&Key32>) -> (Slot, Key32) {
        let vault_key = Key32::random();
        let slot = Slot::seal(
            "vault-a",
            "loc-1",
            SlotKind::User,
            KdfParams::MINIMUM,
            &SlotSecret {
                secret: b"correct horse",
                device,
            },
            &vault_key,
        )
        .unwrap();
        (slot, vault_key)
    }

    #[test]
    fn bound_slot_needs_password_and_the_same_device_secret() {
        let device = Key32::random();
        let (slot, vault_key) = sealed(Some(&device));
        let ok = |pw: &[u8], dev: Option<&Key32>| {
            slot.open(
                "vault-a",
                &SlotSecret {
                    secret: pw,
                    device: dev,
                },
            )
        };
        assert_eq!(
            ok(b"correct horse", Some(&device)).unwrap().expose(),
            vault_key.expose()
        );
        assert_eq!(
            ok(b"wrong", Some(&device)).unwrap_err().code(),
            crate::ErrorCode::WrongPassword
        );
        assert!(ok(b"correct horse", Some(&Key32::random())).is_err());
        assert_eq!(
            ok(b"correct horse", None).unwrap_err().code(),
            crate::ErrorCode::DeviceSecretMissing
        );
    }

    #[test]
    fn edited_or_moved_slot_does_not_open() {
        let (slot, _) = sealed(None);
        let secret = SlotSecret {
            secret: b"correct horse",
            device: None,
        };
        let mut moved = slot.clone();
        moved.locator = "loc-2".into();
        assert!(moved.open("vault-a", &secret).is_err());
        let mut other_vault = slot.clone();
        other_vault.id = "x".into();
        assert!(other_vault.open("vault-a", &secret).is_err());
        assert!(slot.open("vault-b", &secret).is_err());
        let mut cheaper = slot.clone();
        cheaper.kdf.time_cost = 2;
        assert!(cheaper.open("vault-a", &secret).is_err());
        let mut rebound = slot.clone();
        rebound.binding = Binding::Device;
        assert!(rebound
            .open(
                "vault-a",
                &SlotSecret {
                    secret: b"correct horse",
                    device: Some(&Key32::random())
                }
            )
            .is_err());
        assert_ne!(slot.digest(), moved.digest());
    }

    #[test]
    fn locators_hide_names_but_match_case_insensitively() {
        let file = KeyslotFile::new("v".into());
        assert_eq!(file.locator_for("Åsa"), file.locator_for(" åsa "));
        assert_eq!(file.locator_for("A\u{30A}sa"), file.locator_for("Åsa"));
        assert_ne!(file.locator_for("åsa"), file.locator_for("asa"));
        let other = KeyslotFile::new("v".into());
        assert_ne!(file.locator_for("åsa"), other.locator_for("åsa"));
    }
}
