//! The desktop app in reception-only mode: one desk directory and this OS account's keyring, opened
//! afresh for every call (the desk holds no session; each lookup is logged on its own).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::desk::{Desk, DeskAnswer, DeskInfo, Installed};
use crate::device::DeviceSecrets;
use crate::error::Result;

/// What the reception-only app shows on start.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskState {
    /// False until the desk's key pair is made (then `info` says what to give the case handler).
    pub set_up: bool,
    pub info: Option<DeskInfo>,
    pub installed: Option<Installed>,
}

pub struct Station {
    dir: PathBuf,
    device: Arc<DeviceSecrets>,
}

impl Station {
    pub fn new(dir: &Path, device: Arc<DeviceSecrets>) -> Station {
        Station {
            dir: dir.to_path_buf(),
            device,
        }
    }

    fn desk(&self) -> Result<Desk> {
        Desk::open(&self.dir, Arc::clone(&self.device))
    }

    pub fn state(&self) -> Result<DeskState> {
        if !self.dir.join("desk.json").exists() {
            return Ok(DeskState {
                set_up: false,
                info: None,
                installed: None,
            });
        }
        let desk = self.desk()?;
        Ok(DeskState {
            set_up: true,
            info: Some(desk.info()),
            installed: desk.status()?,
        })
    }

    pub fn init(&self) -> Result<DeskInfo> {
        Desk::init(&self.dir, Arc::clone(&self.device))
    }

    pub fn install(&self, file: &Path, trust: Option<&str>, operator: &str) -> Result<Installed> {
        self.desk()?.install(file, trust, operator)
    }

    pub fn lookup(&self, operator: &str, text: &str) -> Result<DeskAnswer> {
        self.desk()?.lookup(operator, text)
    }
}
