//! The device secret: 32 random bytes per vault, kept in the OS keyring of the OS account that uses it
//! (Secret Service on Linux, Credential Manager on Windows, Keychain on macOS). A user's slot is bound to
//! it, so a copied vault directory is useless without this workstation's keyring.
//!
//! A [`DeviceSecrets`] value is one keyring store. Production uses [`DeviceSecrets::os`]; unit tests pass
//! the `keyring` crate's mock builder. The mock keeps a secret only inside its `Entry` object, so entries
//! are cached here for the life of the store: a second `DeviceSecrets` is a different keyring.

use std::collections::HashMap;
use std::sync::Mutex;

use keyring::credential::CredentialBuilder;
use keyring::Entry;

use crate::crypto::Key32;
use crate::error::{Error, Result};

const SERVICE: &str = "skyddsvalv";

pub struct DeviceSecrets {
    builder: Option<Box<CredentialBuilder>>,
    entries: Mutex<HashMap<String, Entry>>,
}

impl DeviceSecrets {
    /// The OS keyring of the current OS account.
    pub fn os() -> Self {
        DeviceSecrets {
            builder: None,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// A store built by a specific credential builder (the `keyring` mock in tests).
    pub fn with_builder(builder: Box<CredentialBuilder>) -> Self {
        DeviceSecrets {
            builder: Some(builder),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// A fresh in-memory store from the `keyring` crate's mock; each call is a separate keyring.
    #[cfg(any(test, feature = "demo"))]
    pub fn mock() -> Self {
        Self::with_builder(keyring::mock::default_credential_builder())
    }

    /// The device secret for `vault_id`, if this keyring has one.
    pub fn get(&self, vault_id: &str) -> Result<Option<Key32>> {
        self.with_entry(&device_entry(vault_id), |entry| match entry.get_secret() {
            Ok(bytes) => {
                // The keyring hands back a plain buffer: wiped as soon as the key is copied out.
                let bytes = zeroize::Zeroizing::new(bytes);
                Key32::from_slice(&bytes)
                    .map(Some)
                    .ok_or_else(|| Error::KeyringUnavailable {
                        detail: "the stored device secret has the wrong length".into(),
                    })
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        })
    }

    /// The device secret for `vault_id`, created in this keyring if it has none yet.
    pub fn get_or_create(&self, vault_id: &str) -> Result<Key32> {
        if let Some(existing) = self.get(vault_id)? {
            return Ok(existing);
        }
        let fresh = Key32::random();
        self.with_entry(&device_entry(vault_id), |entry| {
            entry.set_secret(fresh.expose()).map_err(unavailable)
        })?;
        tracing::info!(vault = vault_id, "created a device secret in the keyring");
        Ok(fresh)
    }

    /// Checks that the keyring answers at all (for `doctor`).
    pub fn probe(&self, vault_id: &str) -> Result<bool> {
        self.get(vault_id).map(|s| s.is_some())
    }

    /// A small value this OS account keeps for itself (a log reviewer's pinned head), if any.
    pub fn get_note(&self, name: &str) -> Result<Option<Vec<u8>>> {
        self.with_entry(&format!("note/{name}"), |entry| match entry.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        })
    }

    pub fn set_note(&self, name: &str, value: &[u8]) -> Result<()> {
        self.with_entry(&format!("note/{name}"), |entry| {
            entry.set_secret(value).map_err(unavailable)
        })
    }

    /// Test support: puts a known device secret into this keyring (a workstation standing in for the
    /// one that wrote a test vault).
    #[cfg(feature = "test-support")]
    pub fn import_for_tests(&self, vault_id: &str, secret: &Key32) -> Result<()> {
        self.with_entry(&device_entry(vault_id), |entry| {
            entry.set_secret(secret.expose()).map_err(unavailable)
        })
    }

    fn with_entry<T>(&self, user: &str, f: impl FnOnce(&Entry) -> Result<T>) -> Result<T> {
        let user = user.to_string();
        let mut entries = self
            .entries
            .lock()
            .map_err(|_| Error::Storage("keyring cache poisoned".into()))?;
        if !entries.contains_key(&user) {
            let entry = match &self.builder {
                None => Entry::new(SERVICE, &user),
                Some(b) => b
                    .build(None, SERVICE, &user)
                    .map(Entry::new_with_credential),
            }
            .map_err(unavailable)?;
            entries.insert(user.clone(), entry);
        }
        // Just inserted above when missing.
        let entry = entries.get(&user).expect("entry present");
        f(entry)
    }
}

fn device_entry(vault_id: &str) -> String {
    format!("device-secret/{vault_id}")
}

fn unavailable(e: keyring::Error) -> Error {
    Error::KeyringUnavailable {
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_keeps_its_secret_and_another_store_does_not_have_it() {
        let store = DeviceSecrets::mock();
        assert!(store.get("v1").unwrap().is_none());
        let created = store.get_or_create("v1").unwrap();
        let again = store.get_or_create("v1").unwrap();
        assert_eq!(created.expose(), again.expose());
        assert!(store.get("v2").unwrap().is_none());
        assert!(DeviceSecrets::mock().get("v1").unwrap().is_none());
    }
}
