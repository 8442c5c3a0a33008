//! Vault settings kept inside the encrypted database (the admin's to change).

use serde::{Deserialize, Serialize};

use crate::auth::password_policy::DEFAULT_MIN_LENGTH;
use crate::error::{Error, Result};
use crate::storage::Tx;
use crate::vault::keyslots::LoginPolicy;

/// A setting missing from a stored vault takes its default, so a vault written before the setting
/// existed still opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub min_password_length: usize,
    pub lockout_after: u32,
    pub delay_from: u32,
    pub idle_lock_minutes: u32,
    pub lock_on_minimize: bool,
    pub emergency_minutes: u32,
    /// Hours an initial password (set by an administrator) can be used for the first login.
    pub initial_password_hours: u32,
    /// Reception: lookups one session may make.
    pub lookups_per_session: u32,
    /// Reception: lookups one account may make in an hour.
    pub lookups_per_hour: u32,
    /// Reception: more lookups than this in a minute are flagged for review.
    pub lookup_burst_per_minute: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let login = LoginPolicy::default();
        Settings {
            min_password_length: DEFAULT_MIN_LENGTH,
            lockout_after: login.lockout_after,
            delay_from: login.delay_from,
            idle_lock_minutes: 5,
            lock_on_minimize: true,
            emergency_minutes: 30,
            initial_password_hours: 72,
            lookups_per_session: 60,
            lookups_per_hour: 120,
            lookup_burst_per_minute: 10,
        }
    }
}

impl Settings {
    pub fn login_policy(&self) -> LoginPolicy {
        LoginPolicy {
            lockout_after: self.lockout_after,
            delay_from: self.delay_from,
        }
    }

    /// Sets one setting by its name as the CLI spells it (`lockout-after`, …).
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let bad = || Error::InvalidInput(format!("invalid value for {key}"));
        let number = |min: u32, max: u32| -> Result<u32> {
            value
                .parse::<u32>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(bad)
        };
        match key {
            "min-password-length" => {
                self.min_password_length = number(DEFAULT_MIN_LENGTH as u32, 128)? as usize
            }
            "lockout-after" => self.lockout_after = number(1, 100)?,
            "delay-from" => self.delay_from = number(1, 100)?,
            "idle-lock-minutes" => self.idle_lock_minutes = number(1, 240)?,
            "lock-on-minimize" => {
                self.lock_on_minimize = match value {
                    "true" | "on" | "yes" => true,
                    "false" | "off" | "no" => false,
                    _ => return Err(bad()),
                }
            }
            "emergency-minutes" => self.emergency_minutes = number(5, 240)?,
            "initial-password-hours" => self.initial_password_hours = number(1, 720)?,
            "lookups-per-session" => self.lookups_per_session = number(1, 1000)?,
            "lookups-per-hour" => self.lookups_per_hour = number(1, 5000)?,
            "lookup-burst-per-minute" => self.lookup_burst_per_minute = number(1, 1000)?,
            _ => return Err(Error::InvalidInput(format!("unknown setting {key}"))),
        }
        Ok(())
    }
}

const KEY: &str = "settings";

pub fn load(tx: &dyn Tx) -> Result<Settings> {
    match tx.setting(KEY)? {
        None => Ok(Settings::default()),
        Some(j) => {
            serde_json::from_str(&j).map_err(|_| Error::damaged("the settings are malformed"))
        }
    }
}

pub fn save(tx: &dyn Tx, s: &Settings) -> Result<()> {
    let json = serde_json::to_string(s).map_err(|e| Error::Storage(e.to_string()))?;
    tx.set_setting(KEY, &json)
}

/// A value stored as JSON under `key`; a value that does not parse is damage, never a default.
pub fn get_json<T: serde::de::DeserializeOwned>(tx: &dyn Tx, key: &str) -> Result<Option<T>> {
    match tx.setting(key)? {
        None => Ok(None),
        Some(j) => serde_json::from_str(&j)
            .map(Some)
            .map_err(|_| Error::damaged(format!("the stored {key} is malformed"))),
    }
}

pub fn set_json<T: Serialize>(tx: &dyn Tx, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| Error::Storage(e.to_string()))?;
    tx.set_setting(key, &json)
}

/// Names of the internal values kept beside the settings.
pub mod keys {
    pub const VAULT_ID: &str = "vault_id";
    pub const KDF_PARAMS: &str = "kdf_params";
    pub const RECOVERY_SLOT_DIGEST: &str = "recovery_slot_digest";
    pub const RECOVERY_PUBLIC: &str = "recovery_public";
    pub const LOOKUP_HASH: &str = "lookup_hash";
    pub const DATABASE_EPOCH: &str = "database_epoch";
    pub const RECORDS_EPOCH: &str = "records_epoch";
    pub const RECEPTION_EPOCH: &str = "reception_epoch";
    pub const ROTATE_RECORDS: &str = "rotation_pending_records";
    pub const ROTATE_RECEPTION: &str = "rotation_pending_reception";
}
