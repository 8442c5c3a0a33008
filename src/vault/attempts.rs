//! Failed-login bookkeeping. Failures happen before the vault can be opened, so the counters live in a
//! small file beside it (keyed by slot locator, never by name). Events wait in `pending` until the next
//! successful unlock carries them into the access log.
//!
//! Someone who can write this file can reset the counters; that attacker already holds the vault files,
//! so the lockout's job is to stop guessing at the login screen, and the Argon2id + device secret to stop
//! guessing offline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::write_atomic;
use super::keyslots::LoginPolicy;
use crate::error::{Error, Result};

/// The longest wait the growing delay imposes.
const MAX_DELAY_SECS: u64 = 300;

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccountAttempts {
    pub failures: u32,
    pub last_failure: u64,
    pub locked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingKind {
    LoginFailed,
    LockedOut,
    RefusedWhileLocked,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingEvent {
    pub locator: String,
    pub kind: PendingKind,
    pub at: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct AttemptsData {
    accounts: BTreeMap<String, AccountAttempts>,
    pending: Vec<PendingEvent>,
}

pub struct Attempts {
    path: PathBuf,
    data: AttemptsData,
}

/// What the guard says before a password is even tried.
#[derive(Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    Wait(u64),
    Locked,
}

pub use crate::time::now_secs;

impl Attempts {
    /// Loads the file; a missing file means no failures. A damaged one is treated as empty but is not
    /// silently trusted: it is replaced on the next write.
    pub fn load(path: &Path) -> Result<Self> {
        let data = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                tracing::warn!("the failed-login file was unreadable and has been reset");
                AttemptsData::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => AttemptsData::default(),
            Err(e) => return Err(e.into()),
        };
        Ok(Attempts {
            path: path.to_path_buf(),
            data,
        })
    }

    pub fn account(&self, locator: &str) -> AccountAttempts {
        self.data.accounts.get(locator).cloned().unwrap_or_default()
    }

    pub fn gate(&self, locator: &str, policy: &LoginPolicy, now: u64) -> Gate {
        let a = self.account(locator);
        if a.locked {
            return Gate::Locked;
        }
        let wait = delay_after(a.failures, policy);
        let ready_at = a.last_failure.saturating_add(wait);
        if wait > 0 && now < ready_at {
            Gate::Wait(ready_at - now)
        } else {
            Gate::Open
        }
    }

    /// Records a failure; returns true when it locked the account.
    pub fn record_failure(
        &mut self,
        locator: &str,
        policy: &LoginPolicy,
        now: u64,
    ) -> Result<bool> {
        let a = self.data.accounts.entry(locator.to_string()).or_default();
        a.failures = a.failures.saturating_add(1);
        a.last_failure = now;
        let locked_now = !a.locked && a.failures >= policy.lockout_after;
        a.locked |= locked_now;
        self.push(locator, PendingKind::LoginFailed, now);
        if locked_now {
            self.push(locator, PendingKind::LockedOut, now);
        }
        self.save()?;
        Ok(locked_now)
    }

    pub fn record_refused_while_locked(&mut self, locator: &str, now: u64) -> Result<()> {
        self.push(locator, PendingKind::RefusedWhileLocked, now);
        self.save()
    }

    /// A successful login resets the consecutive-failure counter.
    pub fn record_success(&mut self, locator: &str) -> Result<()> {
        if self.data.accounts.remove(locator).is_some() {
            self.save()?;
        }
        Ok(())
    }

    /// The admin's unlock clears the lock and the counter.
    pub fn unlock(&mut self, locator: &str) -> Result<bool> {
        let was_locked = self
            .data
            .accounts
            .remove(locator)
            .map(|a| a.locked)
            .unwrap_or(false);
        self.save()?;
        Ok(was_locked)
    }

    pub fn pending(&self) -> &[PendingEvent] {
        &self.data.pending
    }

    /// Drops the pending events once they are in the access log.
    pub fn clear_pending(&mut self) -> Result<()> {
        if self.data.pending.is_empty() {
            return Ok(());
        }
        self.data.pending.clear();
        self.save()
    }

    fn push(&mut self, locator: &str, kind: PendingKind, at: u64) {
        self.data.pending.push(PendingEvent {
            locator: locator.to_string(),
            kind,
            at,
        });
    }

    fn save(&self) -> Result<()> {
        let json = serde_json::to_vec(&self.data)
            .map_err(|e| Error::Storage(format!("cannot encode failed-login file: {e}")))?;
        write_atomic(&self.path, &json)
    }
}

/// The growing delay: none before `delay_from` failures, then 1 s, 2 s, 4 s … capped at 5 minutes.
pub fn delay_after(failures: u32, policy: &LoginPolicy) -> u64 {
    if failures < policy.delay_from || failures == 0 {
        return 0;
    }
    let exponent = (failures - policy.delay_from).min(16);
    (1u64 << exponent).min(MAX_DELAY_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LoginPolicy {
        LoginPolicy {
            lockout_after: 5,
            delay_from: 2,
        }
    }

    #[test]
    fn delay_grows_then_locks_and_survives_reload() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("attempts.json");
        let mut a = Attempts::load(&path).unwrap();
        let p = policy();
        assert_eq!(a.gate("x", &p, 100), Gate::Open);
        assert!(!a.record_failure("x", &p, 100).unwrap());
        assert_eq!(
            a.gate("x", &p, 100),
            Gate::Open,
            "no delay after one failure"
        );
        a.record_failure("x", &p, 100).unwrap();
        assert_eq!(a.gate("x", &p, 100), Gate::Wait(1));
        assert_eq!(a.gate("x", &p, 101), Gate::Open);
        a.record_failure("x", &p, 101).unwrap();
        assert_eq!(a.gate("x", &p, 101), Gate::Wait(2));
        a.record_failure("x", &p, 103).unwrap();
        assert_eq!(a.gate("x", &p, 103), Gate::Wait(4));
        assert!(
            a.record_failure("x", &p, 107).unwrap(),
            "fifth failure locks"
        );
        assert_eq!(a.gate("x", &p, 10_000), Gate::Locked);
        assert_eq!(a.gate("other", &p, 107), Gate::Open);

        let mut reloaded = Attempts::load(&path).unwrap();
        assert_eq!(reloaded.gate("x", &p, 10_000), Gate::Locked);
        assert_eq!(reloaded.pending().len(), 6, "five failures and one lockout");
        assert!(reloaded.unlock("x").unwrap());
        assert_eq!(
            Attempts::load(&path).unwrap().gate("x", &p, 10_000),
            Gate::Open
        );
    }

    #[test]
    fn delay_is_capped() {
        let p = LoginPolicy {
            lockout_after: 100,
            delay_from: 1,
        };
        assert_eq!(delay_after(0, &p), 0);
        assert_eq!(delay_after(1, &p), 1);
        assert_eq!(delay_after(4, &p), 8);
        assert_eq!(delay_after(60, &p), MAX_DELAY_SECS);
    }

    #[test]
    fn damaged_file_does_not_stop_login() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("attempts.json");
        std::fs::write(&path, b"\x00garbage").unwrap();
        let a = Attempts::load(&path).unwrap();
        assert_eq!(a.gate("x", &policy(), 0), Gate::Open);
    }
}
