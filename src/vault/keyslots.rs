//! The keyslot file beside the database (like a LUKS header): one slot per user and one recovery slot,
//! each holding that holder's own key pairs, plus the database key sealed to each holder's public key.
//!
//! A user slot's wrapping key is HKDF(Argon2id(password), salt = device secret) when the slot is bound to
//! a workstation keyring, or HKDF(Argon2id(initial password)) while the account waits for its first login.
//! The AEAD's associated data covers everything in the slot except the ciphertext (the public keys
//! included), so editing a slot or moving it to another user's locator makes it fail to open. A slot's
//! digest is also recorded in the encrypted database, which catches an older copy of a slot put back.
//!
//! The database key is not in the slots: it is in `database_keys`, one envelope per holder and key epoch,
//! so the key can be rotated (when someone leaves) without anyone else's password.
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
use crate::crypto::{envelope, wrap, Envelope, Key32, PublicKeys, UserKeys};
use crate::error::{Error, Result};

pub const FORMAT: &str = "skyddsvalv-keyslots";
/// 1: every slot wrapped one vault key. 2: slots hold key pairs; the database key is in envelopes.
pub const FORMAT_VERSION: u32 = 2;
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

crate::named! {
    pub enum SlotKind {
        User = "user",
        Recovery = "recovery",
    }
}

crate::named! {
    pub enum Binding {
        /// Bound to the device secret in the keyring of the OS account that chose the password.
        Device = "device",
        /// An initial password set by an admin (or the recovery code); no device secret involved.
        Unbound = "unbound",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub id: String,
    pub locator: String,
    pub kind: SlotKind,
    pub binding: Binding,
    pub kdf: KdfParams,
    pub salt: String,
    pub nonce: String,
    pub wrapped: String,
    pub public: PublicKeys,
    /// When an initial password (an unbound slot) was set, in Unix seconds: it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<u64>,
    /// For a bound slot: which device secret it was bound to ([`device_tag`]), so a login on a
    /// workstation whose keyring holds another one (after a recovery there) is told that the account
    /// needs a new one-time password instead of "wrong password". Outside the slot's digest: a changed
    /// tag can only make a login report the wrong reason, never open anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_tag: Option<String>,
}

/// The database key of one epoch, sealed to one holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseKeyEnvelope {
    pub locator: String,
    pub epoch: u32,
    pub envelope: Envelope,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyslotFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub locator_salt: String,
    pub login_policy: LoginPolicy,
    pub slots: Vec<Slot>,
    pub database_keys: Vec<DatabaseKeyEnvelope>,
    /// Slots of the first format, kept after a migration until their users log in once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legacy_slots: Vec<super::legacy::LegacySlot>,
    /// The database key sealed under the first format's vault key, for those legacy slots only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_bridge: Option<super::legacy::Bridge>,
    /// Device tags of keyrings lost before a recovery with the recovery code: an account bound to
    /// one of them is told at login, and listed for the admin, as needing a new one-time password.
    /// Outside the database so a login can read it; altering it changes only what a login says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost_device_tags: Vec<String>,
}

/// What unlocks a slot.
pub struct SlotSecret<'a> {
    /// NFKC-normalised password or canonical recovery code.
    pub secret: &'a [u8],
    /// The device secret, for bound slots.
    pub device: Option<&'a Key32>,
}

fn database_key_context(vault_id: &str, locator: &str, epoch: u32) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/database-key/v1");
    c.str(vault_id).str(locator).u64(epoch.into());
    c.finish().to_vec()
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
            database_keys: Vec::new(),
            legacy_slots: Vec::new(),
            legacy_bridge: None,
            lost_device_tags: Vec::new(),
        }
    }

    /// The format version written in a keyslot file, after checking it is one at all.
    pub fn probe_version(bytes: &[u8]) -> Result<u32> {
        let probe: serde_json::Value = serde_json::from_slice(bytes)
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
        Ok(version)
    }

    pub fn read(path: &Path) -> Result<Vec<u8>> {
        match std::fs::read(path) {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotAVault {
                what: "the directory has no keyslot file".into(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    pub fn load(path: &Path) -> Result<Self> {
        let bytes = Self::read(path)?;
        match Self::probe_version(&bytes)? {
            FORMAT_VERSION => serde_json::from_slice(&bytes)
                .map_err(|_| Error::damaged("the keyslot file is malformed")),
            1 => Err(Error::MigrationRequired),
            _ => Err(Error::damaged("the keyslot file has no known version")),
        }
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Storage(format!("cannot encode keyslots: {e}")))?;
        write_atomic(path, &json)
    }

    /// The slot locator for a user name: HMAC-SHA256 under this vault's salt of the normalised name.
    pub fn locator_for(&self, user_name: &str) -> String {
        locator_for(&self.locator_salt, user_name)
    }

    pub fn find(&self, locator: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.locator == locator)
    }

    /// Adds the slot, replacing any slot with the same locator.
    pub fn put(&mut self, slot: Slot) {
        self.slots.retain(|s| s.locator != slot.locator);
        self.slots.push(slot);
    }

    /// Removes a holder entirely: their slot, every envelope sealed to them, any legacy slot.
    pub fn remove(&mut self, locator: &str) {
        self.slots.retain(|s| s.locator != locator);
        self.database_keys.retain(|e| e.locator != locator);
        self.legacy_slots.retain(|s| s.locator != locator);
    }

    /// Seals the database key of `epoch` to a holder, replacing their envelope for that epoch.
    pub fn put_database_key(
        &mut self,
        locator: &str,
        recipient: &PublicKeys,
        epoch: u32,
        key: &Key32,
    ) {
        self.database_keys
            .retain(|e| !(e.locator == locator && e.epoch == epoch));
        let context = database_key_context(&self.vault_id, locator, epoch);
        self.database_keys.push(DatabaseKeyEnvelope {
            locator: locator.to_string(),
            epoch,
            envelope: envelope::seal_to(&recipient.exchange, key.expose(), &context),
        });
    }

    /// Every database key this holder can open, newest epoch first.
    pub fn database_keys_for(&self, locator: &str, me: &UserKeys) -> Vec<(u32, Key32)> {
        let mut keys: Vec<(u32, Key32)> = self
            .database_keys
            .iter()
            .filter(|e| e.locator == locator)
            .filter_map(|e| {
                let context = database_key_context(&self.vault_id, locator, e.epoch);
                envelope::open_key(&e.envelope, me.exchange(), &context).map(|k| (e.epoch, k))
            })
            .collect();
        keys.sort_by_key(|k| std::cmp::Reverse(k.0));
        keys
    }

    /// Drops envelopes older than `epoch` (after the database was re-keyed to it).
    pub fn prune_database_keys(&mut self, epoch: u32) {
        self.database_keys.retain(|e| e.epoch >= epoch);
    }
}

/// HMAC-SHA256 under a vault's locator salt of the normalised name.
pub fn locator_for(salt: &str, user_name: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(salt.as_bytes()).expect("HMAC takes any key length");
    mac.update(normalize_user_name(user_name).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

impl Slot {
    /// Seals `keys` in a new slot with a fresh id, salt and nonce.
    pub fn seal(
        vault_id: &str,
        locator: &str,
        kind: SlotKind,
        kdf_params: KdfParams,
        secret: &SlotSecret<'_>,
        keys: &UserKeys,
    ) -> Result<Slot> {
        Self::seal_issued(vault_id, locator, kind, kdf_params, secret, keys, None)
    }

    /// [`Slot::seal`] for an initial password issued at `issued_at` (Unix seconds).
    pub fn seal_issued(
        vault_id: &str,
        locator: &str,
        kind: SlotKind,
        kdf_params: KdfParams,
        secret: &SlotSecret<'_>,
        keys: &UserKeys,
        issued_at: Option<u64>,
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
            public: keys.public(),
            issued_at,
            device_tag: secret.device.map(|d| device_tag(vault_id, d)),
        };
        let key = slot.wrapping_key(secret)?;
        let (nonce, ct) = wrap::seal(
            &key,
            keys.to_bytes().as_ref(),
            &slot.associated_data(vault_id),
        );
        slot.nonce = hex::encode(nonce);
        slot.wrapped = hex::encode(ct);
        Ok(slot)
    }

    /// Unwraps the holder's key pairs. A wrong secret and an altered slot look the same to the AEAD;
    /// callers tell them apart by context (the digest check after opening).
    pub fn open(&self, vault_id: &str, secret: &SlotSecret<'_>) -> Result<UserKeys> {
        let key = self.wrapping_key(secret)?;
        let nonce = hex::decode(&self.nonce).map_err(|_| tampered())?;
        let ct = hex::decode(&self.wrapped).map_err(|_| tampered())?;
        let plain = wrap::open(&key, &nonce, &ct, &self.associated_data(vault_id)).ok_or(
            match self.kind {
                SlotKind::User => Error::WrongPassword,
                SlotKind::Recovery => Error::WrongRecoveryCode,
            },
        )?;
        let keys = UserKeys::from_bytes(&plain).ok_or_else(tampered)?;
        if keys.public() != self.public {
            return Err(tampered());
        }
        Ok(keys)
    }

    /// A digest of the whole slot, recorded in the database when the slot is written.
    pub fn digest(&self) -> Vec<u8> {
        let mut c = Canonical::new("skyddsvalv/slot-digest/v2");
        c.bytes(&self.associated_data(""))
            .str(&self.nonce)
            .str(&self.wrapped);
        Sha256::digest(c.finish()).to_vec()
    }

    fn wrapping_key(&self, secret: &SlotSecret<'_>) -> Result<Key32> {
        slot_wrapping_key(&self.salt, &self.kdf, self.binding, secret)
    }

    fn associated_data(&self, vault_id: &str) -> Vec<u8> {
        let mut c = Canonical::new("skyddsvalv/slot-ad/v2");
        c.str(vault_id)
            .str(&self.id)
            .str(&self.locator)
            .str(kind_name(self.kind))
            .str(binding_name(self.binding))
            .u64(self.kdf.memory_kib.into())
            .u64(self.kdf.time_cost.into())
            .u64(self.kdf.parallelism.into())
            .str(&self.salt)
            .bytes(&self.public.exchange)
            .bytes(&self.public.signing);
        if let Some(t) = self.issued_at {
            c.u64(t);
        }
        c.finish().to_vec()
    }
}

/// A short public name for a device secret: which one a slot was bound to. A hash of 32 random
/// bytes, so it tells nothing about the secret.
pub fn device_tag(vault_id: &str, device: &Key32) -> String {
    let mut c = Canonical::new("skyddsvalv/device-tag/v1");
    c.str(vault_id).bytes(device.expose());
    hex::encode(&Sha256::digest(c.finish())[..12])
}

impl KeyslotFile {
    /// `slot` is bound to a keyring that was lost before a recovery, and `here` (this keyring's
    /// device secret) is not that one: no password opens it on this workstation.
    pub fn bound_to_lost_keyring(&self, slot: &Slot, here: Option<&Key32>) -> bool {
        match (&slot.binding, &slot.device_tag) {
            (Binding::Device, Some(tag)) => {
                self.lost_device_tags.contains(tag)
                    && here.is_none_or(|d| device_tag(&self.vault_id, d) != *tag)
            }
            _ => false,
        }
    }
}

/// Argon2id(secret) stretched, then HKDF with the device secret as salt for bound slots.
pub(crate) fn slot_wrapping_key(
    salt_hex: &str,
    params: &KdfParams,
    binding: Binding,
    secret: &SlotSecret<'_>,
) -> Result<Key32> {
    let salt = hex::decode(salt_hex).map_err(|_| tampered())?;
    let stretched = kdf::derive(secret.secret, &salt, params)?;
    let (device_salt, info): (Option<&[u8]>, &[u8]) = match (binding, secret.device) {
        (Binding::Device, Some(device)) => {
            (Some(device.expose()), b"skyddsvalv/slot-key/v1/device")
        }
        (Binding::Device, None) => return Err(Error::DeviceSecretMissing),
        (Binding::Unbound, _) => (None, b"skyddsvalv/slot-key/v1/unbound"),
    };
    let hk = hkdf::Hkdf::<Sha256>::new(device_salt, stretched.expose());
    let mut out = zeroize::Zeroizing::new([0u8; 32]);
    hk.expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF length");
    Ok(Key32::from_bytes(*out))
}

/// User names compare after NFC, trimming and lower-casing: `Åsa` and `åsa` are one account.
pub fn normalize_user_name(name: &str) -> String {
    name.trim().nfc().collect::<String>().to_lowercase()
}

pub(crate) fn kind_name(k: SlotKind) -> &'static str {
    k.as_str()
}

pub(crate) fn binding_name(b: Binding) -> &'static str {
    b.as_str()
}

pub(crate) fn tampered() -> Error {
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

    fn sealed(device: Option<&Key32>) -> (Slot, UserKeys) {
        let keys = UserKeys::generate();
        let slot = Slot::seal(
            "vault-a",
            "loc-1",
            SlotKind::User,
            KdfParams::MINIMUM,
            &SlotSecret {
                secret: b"correct horse",
                device,
            },
            &keys,
        )
        .unwrap();
        (slot, keys)
    }

    #[test]
    fn bound_slot_needs_password_and_the_same_device_secret() {
        let device = Key32::random();
        let (slot, keys) = sealed(Some(&device));
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
            ok(b"correct horse", Some(&device)).unwrap().public(),
            keys.public()
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
        let mut other = slot.clone();
        other.id = "x".into();
        assert!(other.open("vault-a", &secret).is_err());
        assert!(slot.open("vault-b", &secret).is_err());
        let mut cheaper = slot.clone();
        cheaper.kdf.time_cost = 2;
        assert!(cheaper.open("vault-a", &secret).is_err());
        let mut swapped = slot.clone();
        swapped.public = UserKeys::generate().public();
        assert!(
            swapped.open("vault-a", &secret).is_err(),
            "public key swapped"
        );
        assert_ne!(slot.digest(), moved.digest());
        assert_ne!(slot.digest(), swapped.digest());
    }

    #[test]
    fn database_keys_open_for_their_holder_only() {
        let mut file = KeyslotFile::new("v".into());
        let a = UserKeys::generate();
        let b = UserKeys::generate();
        let k1 = Key32::random();
        let k2 = Key32::random();
        file.put_database_key("la", &a.public(), 1, &k1);
        file.put_database_key("la", &a.public(), 2, &k2);
        file.put_database_key("lb", &b.public(), 2, &k2);
        let got = file.database_keys_for("la", &a);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 2);
        assert_eq!(got[0].1.expose(), k2.expose());
        assert!(
            file.database_keys_for("la", &b).is_empty(),
            "b cannot open a's"
        );
        file.prune_database_keys(2);
        assert_eq!(file.database_keys_for("la", &a).len(), 1);
        file.remove("lb");
        assert!(file.database_keys_for("lb", &b).is_empty());
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
