//! A vault on disk: the SQLCipher database, the keyslot file, the failed-login file and the outside
//! checkpoint, all in one directory. [`Vault`] is the closed vault; logging in yields a
//! [`crate::Session`], the only way to the data.

pub mod attempts;
pub mod db;
pub mod doctor;
pub mod files;
pub mod keyslots;
mod login;
pub mod migrations;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use crate::audit::{chain, checkpoint, Action, NewEntry, Outcome};
use crate::auth::password_policy::{normalize, PasswordPolicy};
use crate::auth::{users, Role};
use crate::crypto::{KdfParams, Key32, RecoveryCode};
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::settings;
use keyslots::{KeyslotFile, Slot, SlotKind, SlotSecret, RECOVERY_LOCATOR};

pub use login::{FirstLogin, Login};

/// The files of one vault.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    pub dir: PathBuf,
}

impl VaultPaths {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        VaultPaths { dir: dir.into() }
    }
    pub fn database(&self) -> PathBuf {
        self.dir.join("vault.db")
    }
    pub fn keyslots(&self) -> PathBuf {
        self.dir.join("keyslots.json")
    }
    pub fn attempts(&self) -> PathBuf {
        self.dir.join("attempts.json")
    }
    pub fn checkpoint(&self) -> PathBuf {
        self.dir.join("checkpoint.json")
    }
}

/// Derives the SQLCipher key from the vault key, so the vault key itself only ever wraps.
pub(crate) fn database_key(vault_key: &Key32) -> Key32 {
    vault_key.derive("skyddsvalv/sqlcipher-key/v1")
}

/// A vault that is not yet unlocked.
pub struct Vault {
    paths: VaultPaths,
    slots: KeyslotFile,
    device: Arc<DeviceSecrets>,
}

/// What `create` hands back: the vault, and the recovery code to show exactly once.
pub struct Created {
    pub vault: Vault,
    pub recovery_code: RecoveryCode,
}

impl Vault {
    /// Creates a new vault with one admin whose slot is bound to this OS account's keyring.
    pub fn create(
        dir: &Path,
        admin: &str,
        password: &SecretString,
        device: Arc<DeviceSecrets>,
        kdf: KdfParams,
    ) -> Result<Created> {
        let paths = VaultPaths::new(dir);
        if paths.keyslots().exists() || paths.database().exists() {
            return Err(Error::VaultExists);
        }
        users::validate_name(admin)?;
        PasswordPolicy::default().check(password.expose_secret(), &[admin, "skyddsvalv"])?;
        kdf.validate()?;
        create_dir(dir)?;

        let vault_id = hex::encode(keyslots::random_bytes::<16>());
        let vault_key = Key32::random();
        let device_secret = device.get_or_create(&vault_id)?;
        let mut slots = KeyslotFile::new(vault_id.clone());
        let admin_locator = slots.locator_for(admin);
        let pw = zeroize::Zeroizing::new(normalize(password.expose_secret()));
        let admin_slot = Slot::seal(
            &vault_id,
            &admin_locator,
            SlotKind::User,
            kdf,
            &SlotSecret {
                secret: pw.as_bytes(),
                device: Some(&device_secret),
            },
            &vault_key,
        )?;
        let recovery_code = RecoveryCode::generate();
        let recovery_slot = Slot::seal(
            &vault_id,
            RECOVERY_LOCATOR,
            SlotKind::Recovery,
            kdf,
            &SlotSecret {
                secret: &recovery_code.kdf_input(),
                device: None,
            },
            &vault_key,
        )?;

        let result = (|| -> Result<()> {
            let mut conn = db::open(&paths.database(), &database_key(&vault_key), true)?;
            migrations::migrate(&mut conn)?;
            let tx = conn.transaction()?;
            settings::set_raw(&tx, "vault_id", &vault_id)?;
            settings::set_raw(
                &tx,
                "recovery_slot_digest",
                &hex::encode(recovery_slot.digest()),
            )?;
            settings::save(&tx, &settings::Settings::default())?;
            let kdf_json =
                serde_json::to_string(&kdf).map_err(|e| Error::Storage(e.to_string()))?;
            settings::set_raw(&tx, "kdf_params", &kdf_json)?;
            checkpoint::create_signing_key(&tx)?;
            users::insert(
                &tx,
                admin,
                Role::Admin,
                false,
                &admin_locator,
                &admin_slot.digest(),
            )?;
            let actor = admin.trim();
            chain::append(
                &tx,
                &NewEntry::new(
                    actor,
                    Role::Admin.as_str(),
                    Action::VaultCreated,
                    Outcome::Allowed,
                ),
            )?;
            slots.put(admin_slot);
            slots.put(recovery_slot);
            slots.save(&paths.keyslots())?;
            tx.commit()?;
            checkpoint::write(&conn, &vault_id, &paths.checkpoint())?;
            Ok(())
        })();
        if let Err(e) = result {
            // Leave no half-made vault behind; nothing else was in this directory before.
            for p in [paths.keyslots(), paths.checkpoint(), paths.database()] {
                let _ = std::fs::remove_file(p);
            }
            for suffix in ["-wal", "-shm"] {
                let mut p = paths.database().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        tracing::info!(vault = %vault_id, "vault created");
        Ok(Created {
            vault: Vault {
                paths,
                slots,
                device,
            },
            recovery_code,
        })
    }

    /// Opens an existing vault directory (reads the keyslot file only; nothing is decrypted yet).
    pub fn open(dir: &Path, device: Arc<DeviceSecrets>) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        if !dir.is_dir() {
            return Err(Error::NotAVault {
                what: "the vault directory does not exist".into(),
            });
        }
        let slots = KeyslotFile::load(&paths.keyslots())?;
        if !paths.database().exists() {
            return Err(Error::NotAVault {
                what: "the directory has a keyslot file but no database".into(),
            });
        }
        Ok(Vault {
            paths,
            slots,
            device,
        })
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    pub fn vault_id(&self) -> &str {
        &self.slots.vault_id
    }

    pub fn device(&self) -> &Arc<DeviceSecrets> {
        &self.device
    }

    pub(crate) fn slots(&self) -> &KeyslotFile {
        &self.slots
    }

    /// The keyslot file as it is on disk now. Sessions add users and change passwords while a `Vault`
    /// stays open (the app keeps one for hours), so a login never trusts the copy read at `open`.
    pub(crate) fn current_slots(&self) -> Result<KeyslotFile> {
        let file = KeyslotFile::load(&self.paths.keyslots())?;
        if file.vault_id != self.slots.vault_id {
            return Err(Error::SlotTampered {
                what: "the keyslot file now belongs to another vault",
            });
        }
        Ok(file)
    }
}

fn create_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        // Shared by the staff group of the workstation, closed to everyone else.
        builder.mode(0o770);
    }
    builder.create(dir)?;
    Ok(())
}
