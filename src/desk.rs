//! The desk: what an interactive front end (the desktop app) holds — one vault directory, at most one
//! session, and the idle lock. Locking drops the session here, in the core, so the keys are wiped and
//! every later call is refused with `SESSION_LOCKED` whatever the UI does.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde::Serialize;

use crate::auth::Role;
use crate::crypto::{KdfParams, RecoveryCode};
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::unlock::{FirstLogin, Login};
use crate::vault::{Vault, VaultPaths};

/// Who is logged in, for the UI.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskUser {
    pub name: String,
    pub role: Role,
    pub idle_lock_minutes: u32,
    pub lock_on_minimize: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LoginState {
    Ready { user: DeskUser },
    MustChangePassword { user: String },
}

#[derive(Default)]
struct DeskState {
    session: Option<Session>,
    first_login: Option<FirstLogin>,
    last_activity: Option<Instant>,
    idle_limit: Duration,
}

pub struct Desk {
    dir: PathBuf,
    device: Arc<DeviceSecrets>,
    state: Mutex<DeskState>,
    idle_override: Option<Duration>,
}

impl Desk {
    /// Replaces the vault's idle-lock setting (the app's test hook `SKYDDSVALV_IDLE_LOCK_SECONDS`).
    pub fn with_idle_limit(mut self, limit: Duration) -> Self {
        self.idle_override = Some(limit);
        self
    }

    pub fn new(dir: &Path, device: Arc<DeviceSecrets>) -> Self {
        Desk {
            dir: dir.to_path_buf(),
            device,
            state: Mutex::new(DeskState::default()),
            idle_override: None,
        }
    }

    pub fn vault_dir(&self) -> &Path {
        &self.dir
    }

    /// True when the directory holds a vault (first run shows "create" otherwise).
    pub fn vault_exists(&self) -> bool {
        VaultPaths::new(&self.dir).keyslots().exists()
    }

    /// Creates the vault; the admin then logs in as usual. Returns the recovery code to show once.
    pub fn create_vault(
        &self,
        admin: &str,
        password: &SecretString,
        kdf: KdfParams,
    ) -> Result<RecoveryCode> {
        let created = Vault::create(&self.dir, admin, password, Arc::clone(&self.device), kdf)?;
        Ok(created.recovery_code)
    }

    pub fn login(&self, user: &str, password: &SecretString) -> Result<LoginState> {
        let vault = Vault::open(&self.dir, Arc::clone(&self.device))?;
        let outcome = vault.login(user, password)?;
        let mut st = self.state()?;
        drop_session(&mut st);
        match outcome {
            Login::Ready(session) => Ok(LoginState::Ready {
                user: install(&mut st, session, self.idle_override)?,
            }),
            Login::MustChangePassword(first) => {
                let name = first.user_name().to_string();
                // A pending first login is unlocked (its keys are open): the idle lock drops it too.
                st.first_login = Some(first);
                st.last_activity = Some(Instant::now());
                st.idle_limit = self
                    .idle_override
                    .unwrap_or(Duration::from_secs(FIRST_LOGIN_IDLE_SECS));
                Ok(LoginState::MustChangePassword { user: name })
            }
        }
    }

    /// Completes a first login by choosing the user's own password.
    pub fn choose_password(&self, new_password: &SecretString) -> Result<DeskUser> {
        let mut st = self.state()?;
        // A refused choice leaves the first login in place for another try.
        st.first_login
            .as_mut()
            .ok_or(Error::SessionLocked)?
            .check_new_password(new_password)?;
        lock_if_idle_locked(&mut st, Instant::now());
        let first = st.first_login.take().ok_or(Error::SessionLocked)?;
        let session = first.choose_password(new_password)?;
        install(&mut st, session, self.idle_override)
    }

    /// Grants an account data access with the recovery code (the first case handler, or when no
    /// handler is left). Opens and closes a session of its own; the logged-in session is untouched.
    pub fn grant_with_recovery(
        &self,
        code: &RecoveryCode,
        name: &str,
        fingerprint: &str,
    ) -> Result<()> {
        let vault = Vault::open(&self.dir, Arc::clone(&self.device))?;
        let mut recovery = vault.recovery_session(code)?;
        recovery.grant_access(name, fingerprint)?;
        recovery.lock()
    }

    /// Recovers an administrator with the recovery code on this workstation (a lost keyring, a moved
    /// vault): the admin gets a new password bound to this keyring and is logged in.
    pub fn recover_admin(
        &self,
        code: &RecoveryCode,
        admin: &str,
        new_password: &SecretString,
    ) -> Result<DeskUser> {
        let vault = Vault::open(&self.dir, Arc::clone(&self.device))?;
        let session = vault.recover(code, admin, new_password)?;
        let mut st = self.state()?;
        drop_session(&mut st);
        install(&mut st, session, self.idle_override)
    }

    /// Seconds until the idle lock, without counting as activity (for the warning before it);
    /// `None` when nothing is unlocked.
    pub fn idle_seconds_left(&self) -> Result<Option<u64>> {
        let st = self.state()?;
        if st.session.is_none() && st.first_login.is_none() {
            return Ok(None);
        }
        let used = st
            .last_activity
            .map(|t| Instant::now().saturating_duration_since(t))
            .unwrap_or_default();
        Ok(Some(st.idle_limit.saturating_sub(used).as_secs()))
    }

    /// "Fortsätt arbeta": counts as activity, so the idle lock starts over.
    pub fn keep_working(&self) -> Result<()> {
        self.with_session(|_| Ok(()))
    }

    /// Runs `f` on the current session, refused with `SESSION_LOCKED` when there is none or it has
    /// been idle past the limit (then it is locked first).
    pub fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut st = self.state()?;
        lock_if_idle_locked(&mut st, Instant::now());
        let session = st.session.as_mut().ok_or(Error::SessionLocked)?;
        let out = f(session);
        st.last_activity = Some(Instant::now());
        out
    }

    /// [`Desk::with_session`] that does not count as activity: for what the UI does on its own
    /// (keeping a draft as the idle lock nears), which must not postpone the lock.
    pub fn with_session_passive<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut st = self.state()?;
        lock_if_idle_locked(&mut st, Instant::now());
        let session = st.session.as_mut().ok_or(Error::SessionLocked)?;
        f(session)
    }

    /// Locks now: logs the lock, signs a checkpoint, drops the keys. True if a session was open.
    pub fn lock(&self) -> Result<bool> {
        let mut st = self.state()?;
        st.first_login = None;
        match st.session.take() {
            Some(s) => {
                s.lock()?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Called periodically by the app; true when this call locked an idle session.
    pub fn lock_if_idle(&self, now: Instant) -> Result<bool> {
        let mut st = self.state()?;
        Ok(lock_if_idle_locked(&mut st, now))
    }

    pub fn is_unlocked(&self) -> bool {
        self.state().map(|s| s.session.is_some()).unwrap_or(false)
    }

    fn state(&self) -> Result<MutexGuard<'_, DeskState>> {
        self.state
            .lock()
            .map_err(|_| Error::Storage("the session state is poisoned; restart the app".into()))
    }
}

fn install(
    st: &mut DeskState,
    mut session: Session,
    idle_override: Option<Duration>,
) -> Result<DeskUser> {
    let settings = session.settings()?;
    let user = DeskUser {
        name: session.user().name.clone(),
        role: session.user().role,
        idle_lock_minutes: settings.idle_lock_minutes,
        lock_on_minimize: settings.lock_on_minimize,
    };
    st.idle_limit = idle_override
        .unwrap_or_else(|| Duration::from_secs(u64::from(settings.idle_lock_minutes) * 60));
    st.last_activity = Some(Instant::now());
    st.session = Some(session);
    Ok(user)
}

fn drop_session(st: &mut DeskState) {
    st.first_login = None;
    if let Some(s) = st.session.take() {
        if let Err(e) = s.lock() {
            tracing::warn!(code = %e.code(), "could not lock the previous session cleanly");
        }
    }
}

fn lock_if_idle_locked(st: &mut DeskState, now: Instant) -> bool {
    let idle = st
        .last_activity
        .is_some_and(|t| now.saturating_duration_since(t) >= st.idle_limit);
    if (st.session.is_some() || st.first_login.is_some()) && idle {
        drop_session(st);
        tracing::info!("session locked after inactivity");
        return true;
    }
    false
}

/// How long a pending first login ("choose your password") waits: the vault's idle time is not known
/// before the password is chosen, so the shortest sensible one.
const FIRST_LOGIN_IDLE_SECS: u64 = 5 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::new(&dir.path().join("v"), Arc::new(DeviceSecrets::mock()));
        let pw = SecretString::from("lång och ovanlig fras 42");
        desk.create_vault("Admin", &pw, KdfParams::MINIMUM).unwrap();
        (dir, desk)
    }

    #[test]
    fn lock_drops_the_session_in_the_core() {
        let (_d, desk) = desk();
        let pw = SecretString::from("lång och ovanlig fras 42");
        assert!(matches!(
            desk.login("admin", &pw).unwrap(),
            LoginState::Ready { .. }
        ));
        assert!(desk.with_session(|s| s.list_users()).is_ok());
        assert!(desk.lock().unwrap());
        let e = desk.with_session(|s| s.list_users()).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::SessionLocked);
    }

    #[test]
    fn a_pending_first_login_is_dropped_by_the_idle_lock() {
        let (_d, desk) = desk();
        let pw = SecretString::from("lång och ovanlig fras 42");
        desk.login("admin", &pw).unwrap();
        desk.with_session(|s| {
            s.add_user(
                "ny",
                Role::Reception,
                &SecretString::from("första lösenfrasen 77"),
            )
        })
        .unwrap();
        desk.lock().unwrap();
        let state = desk
            .login("ny", &SecretString::from("första lösenfrasen 77"))
            .unwrap();
        assert!(matches!(state, LoginState::MustChangePassword { .. }));
        let later = Instant::now() + Duration::from_secs(FIRST_LOGIN_IDLE_SECS + 1);
        assert!(
            desk.lock_if_idle(later).unwrap(),
            "the pending first login was dropped"
        );
        let e = desk
            .choose_password(&SecretString::from("mitt eget nya lösen 88"))
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::SessionLocked);
    }

    #[test]
    fn idle_session_is_locked_and_refused() {
        let (_d, desk) = desk();
        let pw = SecretString::from("lång och ovanlig fras 42");
        desk.login("admin", &pw).unwrap();
        assert!(!desk.lock_if_idle(Instant::now()).unwrap());
        let later = Instant::now() + Duration::from_secs(5 * 60 + 1);
        assert!(desk.lock_if_idle(later).unwrap());
        assert!(!desk.is_unlocked());
        assert_eq!(
            desk.with_session(|s| s.list_users()).unwrap_err().code(),
            crate::ErrorCode::SessionLocked
        );
    }

    #[test]
    fn the_idle_time_left_is_told_without_counting_as_activity_and_keep_working_resets_it() {
        let (_d, desk) = desk();
        assert_eq!(desk.idle_seconds_left().unwrap(), None);
        let pw = SecretString::from("lång och ovanlig fras 42");
        desk.login("admin", &pw).unwrap();
        let left = desk.idle_seconds_left().unwrap().unwrap();
        assert!(left > 4 * 60 && left <= 5 * 60, "{left}");
        {
            // As if two minutes passed without anything done.
            let mut st = desk.state().unwrap();
            st.last_activity = Some(Instant::now() - Duration::from_secs(120));
        }
        let left = desk.idle_seconds_left().unwrap().unwrap();
        assert!(left <= 180, "asking did not count as activity: {left}");
        assert!(desk.idle_seconds_left().unwrap().unwrap() <= 180);
        // A draft kept as the lock nears does not postpone it either.
        desk.with_session_passive(|s| s.keep_draft(r#"{"v":1}"#))
            .unwrap();
        assert!(desk.idle_seconds_left().unwrap().unwrap() <= 180);
        desk.keep_working().unwrap();
        assert!(desk.idle_seconds_left().unwrap().unwrap() > 4 * 60);
        desk.lock().unwrap();
        assert_eq!(
            desk.keep_working().unwrap_err().code(),
            crate::ErrorCode::SessionLocked
        );
    }
}
