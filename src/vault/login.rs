//! Logging in: the failed-login gate, unwrapping the user's slot, opening the database, checking the
//! slot against the vault's own record, and carrying earlier failures into the access log.

use std::sync::Arc;

use rusqlite::Connection;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::attempts::{now_secs, Attempts, Gate, PendingKind};
use super::keyslots::{Binding, KeyslotFile, SlotKind, SlotSecret, RECOVERY_LOCATOR};
use super::{database_key, db, migrations, Vault};
use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::auth::password_policy::normalize;
use crate::auth::{users, Role, UserInfo};
use crate::crypto::{kdf, KdfParams, Key32, RecoveryCode};
use crate::error::{Error, Result};
use crate::session::Session;
use crate::settings;
use crate::time::unix_to_rfc3339;

/// The result of a correct password.
pub enum Login {
    Ready(Session),
    /// The account is on its initial password: no session until a new one is chosen.
    MustChangePassword(FirstLogin),
}

/// An account on its initial password, unlocked but not yet usable.
pub struct FirstLogin {
    session: Session,
    initial: Zeroizing<String>,
}

impl FirstLogin {
    pub fn user_name(&self) -> &str {
        &self.session.user().name
    }

    /// Sets the user's own password and binds the slot to this OS account's keyring.
    /// Checks a candidate without using up the first login, so a refused choice can be retried.
    pub fn check_new_password(&self, new_password: &SecretString) -> Result<()> {
        if normalize(new_password.expose_secret()) == *self.initial {
            return Err(Error::InvalidInput(
                "the new password must differ from the initial one".into(),
            ));
        }
        self.session.check_own_new_password(new_password)
    }

    pub fn choose_password(mut self, new_password: &SecretString) -> Result<Session> {
        self.check_new_password(new_password)?;
        self.session.replace_own_slot(new_password)?;
        Ok(self.session)
    }
}

impl Vault {
    /// Checks a user's password. Wrong passwords count towards the delay and the lockout.
    pub fn login(&self, user_name: &str, password: &SecretString) -> Result<Login> {
        let slots = self.current_slots()?;
        let locator = slots.locator_for(user_name);
        let policy = slots.login_policy;
        let mut attempts = Attempts::load(&self.paths().attempts())?;
        match attempts.gate(&locator, &policy, now_secs()) {
            Gate::Locked => {
                attempts.record_refused_while_locked(&locator, now_secs())?;
                return Err(Error::LockedOut);
            }
            Gate::Wait(seconds) => return Err(Error::LoginDelayed { seconds }),
            Gate::Open => {}
        }
        let pw = Zeroizing::new(normalize(password.expose_secret()));
        let Some(slot) = slots.find(&locator).cloned() else {
            // Spend the same effort as a real slot so timing does not tell which names exist.
            let _ = kdf::derive(pw.as_bytes(), &[0u8; 16], &KdfParams::MINIMUM);
            attempts.record_failure(&locator, &policy, now_secs())?;
            return Err(Error::WrongPassword);
        };
        let device = match slot.binding {
            Binding::Device => Some(
                self.device()
                    .get(self.vault_id())?
                    .ok_or(Error::DeviceSecretMissing)?,
            ),
            Binding::Unbound => None,
        };
        let opened = slot.open(
            self.vault_id(),
            &SlotSecret {
                secret: pw.as_bytes(),
                device: device.as_ref(),
            },
        );
        let vault_key = match opened {
            Ok(k) => k,
            Err(Error::WrongPassword) => {
                let locked = attempts.record_failure(&locator, &policy, now_secs())?;
                tracing::info!(locked, "login refused: wrong password");
                return Err(if locked {
                    Error::LockedOut
                } else {
                    Error::WrongPassword
                });
            }
            Err(other) => return Err(other),
        };
        let mut session = self.open_session(vault_key, |conn| {
            users::by_locator(conn, &locator)?.ok_or(Error::SlotTampered {
                what: "a slot belongs to no account",
            })
        })?;
        let user = session.user().clone();
        if user.slot_digest != slot.digest() {
            return Err(Error::SlotTampered {
                what: "the slot is not the one the vault recorded (replaced or rolled back)",
            });
        }
        // Only a slot the vault itself vouches for resets the failure count.
        attempts.record_success(&locator)?;
        self.carry_pending(&session, &mut attempts)?;
        if user.disabled {
            session.log_only(Action::Login, Outcome::Denied, Some("account disabled"))?;
            return Err(Error::UserDisabled);
        }
        if slot.binding == Binding::Unbound || user.must_change_password {
            session.log_only(
                Action::Login,
                Outcome::Allowed,
                Some("initial password; a new password is required"),
            )?;
            return Ok(Login::MustChangePassword(FirstLogin {
                session,
                initial: pw,
            }));
        }
        session.log_only(Action::Login, Outcome::Allowed, None)?;
        Ok(Login::Ready(session))
    }

    /// Opens the vault with the recovery code and gives `admin_name` (an active admin) a new password
    /// bound to this workstation's keyring. For a vault moved here, or a lost keyring.
    pub fn recover(
        &self,
        code: &RecoveryCode,
        admin_name: &str,
        new_password: &SecretString,
    ) -> Result<Session> {
        let slot = self
            .current_slots()?
            .find(RECOVERY_LOCATOR)
            .filter(|s| s.kind == SlotKind::Recovery)
            .ok_or(Error::SlotTampered {
                what: "the recovery slot is missing",
            })?
            .clone();
        let vault_key = slot.open(
            self.vault_id(),
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
        )?;
        let mut session = self.open_session(vault_key, |conn| {
            let recorded = settings::get_raw(conn, "recovery_slot_digest")?;
            if recorded.as_deref() != Some(hex::encode(slot.digest()).as_str()) {
                return Err(Error::SlotTampered {
                    what: "the recovery slot is not the one the vault recorded",
                });
            }
            users::by_name(conn, admin_name)?
                .filter(|u| u.role == Role::Admin && !u.disabled)
                .ok_or(Error::UserNotFound)
        })?;
        session.replace_own_slot(new_password)?;
        // A recovered admin starts with a clean failed-login record.
        let mut attempts = Attempts::load(&self.paths().attempts())?;
        attempts.unlock(&session.user().slot_locator)?;
        session.log_only(Action::Recovered, Outcome::Allowed, None)?;
        Ok(session)
    }

    fn open_session(
        &self,
        vault_key: Key32,
        find_user: impl FnOnce(&Connection) -> Result<UserInfo>,
    ) -> Result<Session> {
        let mut conn = db::open(&self.paths().database(), &database_key(&vault_key), false)?;
        migrations::migrate(&mut conn)?;
        let user = find_user(&conn)?;
        let stored = settings::load(&conn)?;
        self.sync_login_policy(&stored)?;
        // New slots made in this session cost what the vault was calibrated to at init.
        let kdf_params = settings::get_raw(&conn, "kdf_params")?
            .and_then(|j| serde_json::from_str::<KdfParams>(&j).ok())
            .unwrap_or(KdfParams::MINIMUM);
        Ok(Session::new(
            conn,
            vault_key,
            user,
            self.paths().clone(),
            self.vault_id().to_string(),
            Arc::clone(self.device()),
            kdf_params,
        ))
    }

    /// The database holds the authoritative login policy; an edited keyslot header is put right.
    fn sync_login_policy(&self, stored: &settings::Settings) -> Result<()> {
        let mut file = KeyslotFile::load(&self.paths().keyslots())?;
        if file.login_policy != stored.login_policy() {
            file.login_policy = stored.login_policy();
            file.save(&self.paths().keyslots())?;
            tracing::warn!("keyslot login policy differed from the vault's; restored");
        }
        Ok(())
    }

    /// Writes failed logins recorded while the vault was closed into the access log.
    fn carry_pending(&self, session: &Session, attempts: &mut Attempts) -> Result<()> {
        if attempts.pending().is_empty() {
            return Ok(());
        }
        let tx = session.connection().unchecked_transaction()?;
        for ev in attempts.pending() {
            let (actor, role) = match users::by_locator(&tx, &ev.locator)? {
                Some(u) => (u.name, u.role.as_str().to_string()),
                None => ("(unknown account)".to_string(), "-".to_string()),
            };
            let action = match ev.kind {
                PendingKind::LoginFailed => Action::LoginFailed,
                PendingKind::LockedOut => Action::LockedOut,
                PendingKind::RefusedWhileLocked => Action::LoginRefusedLocked,
            };
            let mut entry = NewEntry::new(&actor, &role, action, Outcome::Denied);
            entry.flagged = true;
            chain::append_at(&tx, &entry, &unix_to_rfc3339(ev.at))?;
        }
        tx.commit()?;
        attempts.clear_pending()
    }
}
