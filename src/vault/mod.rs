//! A vault on disk, closed: the SQLCipher database, the keyslot file, the failed-login file and the
//! outside checkpoint, all in one directory. Nothing here opens the database; unlocking (`unlock/`)
//! sits above the session and turns a [`Vault`] and a password into a [`crate::Session`].

pub mod attempts;
pub mod doctor;
pub mod files;
pub mod free_space;
pub mod keyslots;
pub mod legacy;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use keyslots::KeyslotFile;

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
    /// A keyslot file written by an operation before its commit; renamed into place after it.
    pub fn keyslots_pending(&self) -> PathBuf {
        self.dir.join("keyslots.json.pending")
    }
    pub fn attempts(&self) -> PathBuf {
        self.dir.join("attempts.json")
    }
    pub fn checkpoint(&self) -> PathBuf {
        self.dir.join("checkpoint.json")
    }
    /// The erasure ledger sealed to the recovery key: what a restore of an older backup erases again.
    pub fn erasures(&self) -> PathBuf {
        self.dir.join("erasures.json")
    }
    /// Every file of the vault, including SQLite's journal files.
    pub fn all_files(&self) -> Vec<PathBuf> {
        let mut files = vec![
            self.keyslots(),
            self.checkpoint(),
            self.attempts(),
            self.erasures(),
            self.database(),
        ];
        for suffix in ["-wal", "-shm"] {
            let mut p = self.database().into_os_string();
            p.push(suffix);
            files.push(p.into());
        }
        files
    }
}

/// A vault that is not yet unlocked.
pub struct Vault {
    paths: VaultPaths,
    vault_id: String,
    device: Arc<DeviceSecrets>,
}

impl Vault {
    /// Opens an existing vault directory (reads the keyslot file only; nothing is decrypted yet). A vault
    /// in the first format opens too, so that `migrate` can bring it up to date; logging in to it
    /// answers `MIGRATION_REQUIRED`.
    pub fn open(dir: &Path, device: Arc<DeviceSecrets>) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        if !dir.is_dir() {
            return Err(Error::NotAVault {
                what: "the vault directory does not exist".into(),
            });
        }
        let bytes = KeyslotFile::read(&paths.keyslots())?;
        let vault_id = match KeyslotFile::probe_version(&bytes)? {
            keyslots::FORMAT_VERSION => KeyslotFile::load(&paths.keyslots())?.vault_id,
            _ => legacy::LegacyKeyslotFile::parse(&bytes)?.vault_id,
        };
        if !paths.database().exists() {
            return Err(Error::NotAVault {
                what: "the directory has a keyslot file but no database".into(),
            });
        }
        Ok(Vault::at(paths, vault_id, device))
    }

    pub(crate) fn at(paths: VaultPaths, vault_id: String, device: Arc<DeviceSecrets>) -> Vault {
        Vault {
            paths,
            vault_id,
            device,
        }
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    pub fn vault_id(&self) -> &str {
        &self.vault_id
    }

    pub fn device(&self) -> &Arc<DeviceSecrets> {
        &self.device
    }

    /// The keyslot file as it is on disk now. Sessions add users and change passwords while a `Vault`
    /// stays open (the app keeps one for hours), so a login never trusts an earlier copy.
    pub fn current_slots(&self) -> Result<KeyslotFile> {
        let file = KeyslotFile::load(&self.paths.keyslots())?;
        if file.vault_id != self.vault_id {
            return Err(Error::SlotTampered {
                what: "the keyslot file now belongs to another vault",
            });
        }
        Ok(file)
    }
}

/// Creates the vault directory, shared by the workstation's staff group and closed to everyone else.
pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o770);
    }
    builder.create(dir)?;
    Ok(())
}
