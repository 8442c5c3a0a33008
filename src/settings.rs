//! Vault settings kept inside the encrypted database (the admin's to change).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::auth::password_policy::DEFAULT_MIN_LENGTH;
use crate::error::{Error, Result};
use crate::vault::keyslots::LoginPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub min_password_length: usize,
    pub lockout_after: u32,
    pub delay_from: u32,
    pub idle_lock_minutes: u32,
    pub lock_on_minimize: bool,
    pub emergency_minutes: u32,
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
            _ => return Err(Error::InvalidInput(format!("unknown setting {key}"))),
        }
        Ok(())
    }
}

const KEY: &str = "settings";

pub fn load(conn: &Connection) -> Result<Settings> {
    let json: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |r| {
            r.get(0)
        })
        .optional()?;
    match json {
        None => Ok(Settings::default()),
        Some(j) => {
            serde_json::from_str(&j).map_err(|_| Error::damaged("the settings are malformed"))
        }
    }
}

pub fn save(conn: &Connection, s: &Settings) -> Result<()> {
    let json = serde_json::to_string(s).map_err(|e| Error::Storage(e.to_string()))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![KEY, json],
    )?;
    Ok(())
}

pub fn get_raw(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_raw(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
