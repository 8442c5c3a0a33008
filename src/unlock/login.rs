//! Logging in: the failed-login gate, unwrapping the user's slot, the database key from the user's
//! envelope, checking the slot and keys against the vault's own record, the user's grants, and carrying
//! earlier failures into the access log.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::open::{kdf_params, open_grants, open_store, session_keys};
use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::auth::password_policy::normalize;
use crate::auth::UserInfo;
use crate::crypto::{kdf, KdfParams};
use crate::error::{Error, Result};
use crate::session::{Opened, Session};
use crate::storage::Tx;
use crate::time::unix_to_rfc3339;
use crate::vault::attempts::{now_secs, Attempts, Gate, PendingKind};
use crate::vault::keyslots::{Binding, KeyslotFile, SlotSecret};
use crate::vault::Vault;

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

    /// Checks a candidate without using up the first login, so a refused choice can be retried.
    pub fn check_new_password(&mut self, new_password: &SecretString) -> Result<()> {
        if normalize(new_password.expose_secret()) == *self.initial {
            return Err(Error::invalid(
                crate::input::Input::NewPassword,
                crate::input::Rule::Unchanged,
                "the new password must differ from the initial one",
            ));
        }
        self.session.check_own_new_password(new_password)
    }

    /// Sets the user's own password, gives the account key pairs of its own and binds the slot to this
    /// OS account's keyring.
    pub fn choose_password(mut self, new_password: &SecretString) -> Result<Session> {
        self.check_new_password(new_password)?;
        self.session.replace_own_slot(new_password, true)?;
        Ok(self.session)
    }
}

impl Vault {
    /// Checks a user's password. Wrong passwords count towards the delay and the lockout.
    pub fn login(&self, user_name: &str, password: &SecretString) -> Result<Login> {
        let slots = match self.current_slots() {
            Err(Error::MigrationRequired) => return self.legacy_login(user_name, password),
            other => other?,
        };
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
            if slots.legacy_slots.iter().any(|s| s.locator == locator) {
                return self.upgrade_legacy(&slots, &locator, password, &mut attempts);
            }
            // Spend the same effort as a real slot so timing does not tell which names exist. Nothing
            // is recorded: a name that is no account (perhaps a password typed into the name field)
            // must not end up in any file.
            // The costliest account slot: an unknown name is never answered faster than a known one.
            let params = slots
                .slots
                .iter()
                .filter(|s| s.kind == crate::vault::keyslots::SlotKind::User)
                .map(|s| s.kdf)
                .max_by_key(|k| u64::from(k.memory_kib) * u64::from(k.time_cost))
                .unwrap_or(KdfParams::MINIMUM);
            let _ = kdf::derive(pw.as_bytes(), &[0u8; 16], &params);
            // A known, bound slot also asks the keyring for the device secret.
            let _ = self.device().get(self.vault_id());
            return Err(Error::WrongPassword);
        };
        let device = match slot.binding {
            Binding::Device => {
                let here = self.device().get(self.vault_id())?;
                if slots.bound_to_lost_keyring(&slot, here.as_ref()) {
                    // The same effort as a real attempt, then the reason; no failure is counted, as
                    // no password could open this slot here.
                    let _ = kdf::derive(pw.as_bytes(), &[0u8; 16], &slot.kdf);
                    return Err(Error::NeedsNewPassword);
                }
                Some(here.ok_or(Error::DeviceSecretMissing)?)
            }
            Binding::Unbound => None,
        };
        let opened = slot.open(
            self.vault_id(),
            &SlotSecret {
                secret: pw.as_bytes(),
                device: device.as_ref(),
            },
        );
        let keys = match opened {
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
        let (mut store, db_key, db_epoch) = open_store(self, &slots, &locator, &keys)?;
        let (user, domains, kdf) = {
            let txb = store.begin()?;
            let tx = &*txb;
            let user: UserInfo = tx
                .user_by_locator(&locator)?
                .ok_or(Error::SlotTampered {
                    what: "a slot belongs to no account",
                })?
                .into();
            let tampered = if user.slot_digest != slot.digest() {
                Some("the slot is not the one the vault recorded (replaced or rolled back)")
            } else if user.public != Some(keys.public()) {
                Some("the account's public keys in the vault differ from its slot")
            } else {
                None
            };
            // A process stopped between an operation's commit and the rename of its keyslot file:
            // the pending file holds the slot the vault recorded. Put it in place and log in again.
            let pending = self.paths().keyslots_pending();
            if tampered.is_some() {
                if let Ok(p) = KeyslotFile::load(&pending) {
                    if p.find(&locator).map(|s| s.digest()) == Some(user.slot_digest.clone()) {
                        drop(txb);
                        drop(store);
                        crate::vault::files::promote(&pending, &self.paths().keyslots())?;
                        tracing::warn!(
                            "a keyslot file left pending by a stopped process was put in place"
                        );
                        return self.login(user_name, password);
                    }
                }
            }
            if let Some(what) = tampered {
                // The database opened, so the refusal can be recorded where a reviewer sees it.
                let mut e = NewEntry::new(
                    &user.name,
                    user.role.as_str(),
                    Action::Login,
                    Outcome::Denied,
                );
                e.flagged = true;
                e.purpose = Some(format!("refused: {}", crate::ErrorCode::SlotTampered));
                chain::append(tx, &e)?;
                txb.commit()?;
                return Err(Error::SlotTampered { what });
            }
            let domains = open_grants(tx, self.vault_id(), &locator, &keys, &user)?;
            let kdf = kdf_params(tx)?;
            sync_login_policy(self, tx)?;
            prune_unknown_slots(self, tx, &user)?;
            if !user.disabled {
                tx.set_last_login(user.id, &crate::time::now_rfc3339())?;
            }
            txb.commit()?;
            (user, domains, kdf)
        };
        // Only a slot the vault itself vouches for resets the failure count.
        attempts.record_success(&locator)?;
        let role = user.role;
        let mut session = Session::new(Opened {
            store,
            keys: session_keys(db_key, db_epoch, keys, domains, role),
            user: user.clone(),
            paths: self.paths().clone(),
            vault_id: self.vault_id().to_string(),
            device: super::open::device(self),
            kdf,
        });
        carry_pending(&mut session, &mut attempts)?;
        session.resume_db_rotation()?;
        if user.disabled {
            session.log_only(
                Action::Login,
                Outcome::Denied,
                Some("account disabled"),
                None,
            )?;
            return Err(Error::UserDisabled);
        }
        if slot.binding == Binding::Unbound {
            let hours = session.settings()?.initial_password_hours;
            let expired = slot
                .issued_at
                .is_some_and(|t| now_secs() > t.saturating_add(u64::from(hours) * 3600));
            if expired {
                session.log_only(
                    Action::Login,
                    Outcome::Denied,
                    Some("refused: INITIAL_PASSWORD_EXPIRED"),
                    None,
                )?;
                return Err(Error::InitialPasswordExpired);
            }
        }
        if slot.binding == Binding::Unbound || user.must_change_password {
            session.log_only(
                Action::Login,
                Outcome::Allowed,
                Some("initial password; a new password is required"),
                None,
            )?;
            return Ok(Login::MustChangePassword(FirstLogin {
                session,
                initial: pw,
            }));
        }
        session.log_only(Action::Login, Outcome::Allowed, None, None)?;
        // Keys someone has lost access to are rotated before anything else happens.
        session.rotate_due(&mut |_| {})?;
        Ok(Login::Ready(session))
    }
}

/// Slots the vault has no account for (left by a removed account, or added by someone with the files)
/// are removed, not left openable; the removal is logged and flagged.
fn prune_unknown_slots(vault: &Vault, tx: &dyn Tx, actor: &UserInfo) -> Result<()> {
    let mut file = KeyslotFile::load(&vault.paths().keyslots())?;
    let mut unknown = Vec::new();
    for slot in &file.slots {
        if slot.kind == crate::vault::keyslots::SlotKind::User
            && tx.user_by_locator(&slot.locator)?.is_none()
        {
            unknown.push(slot.locator.clone());
        }
    }
    for e in &file.database_keys {
        if e.locator != crate::vault::keyslots::RECOVERY_LOCATOR
            && tx.user_by_locator(&e.locator)?.is_none()
            && !unknown.contains(&e.locator)
        {
            unknown.push(e.locator.clone());
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    for l in &unknown {
        file.remove(l);
    }
    file.save(&vault.paths().keyslots())?;
    let mut e = NewEntry::new(
        &actor.name,
        actor.role.as_str(),
        Action::Login,
        Outcome::Allowed,
    );
    e.flagged = true;
    e.purpose = Some(format!(
        "removed {} slot(s) the vault has no account for",
        unknown.len()
    ));
    chain::append(tx, &e)?;
    tracing::warn!(count = unknown.len(), "unknown slots removed");
    Ok(())
}

/// The database holds the authoritative login policy; an edited keyslot header is put right.
fn sync_login_policy(vault: &Vault, tx: &dyn Tx) -> Result<()> {
    let stored = crate::settings::load(tx)?;
    let mut file = KeyslotFile::load(&vault.paths().keyslots())?;
    if file.login_policy != stored.login_policy() {
        file.login_policy = stored.login_policy();
        file.save(&vault.paths().keyslots())?;
        tracing::warn!("keyslot login policy differed from the vault's; restored");
    }
    Ok(())
}

/// At most this many failed logins are written one by one at a login; the rest are counted in one entry.
const MAX_CARRIED: usize = 20;

/// Writes failed logins recorded while the vault was closed into the access log. The file beside the
/// vault is not authenticated, so every carried entry says so, its time is clamped between the last
/// entry and now, and their number is capped.
pub(super) fn carry_pending(session: &mut Session, attempts: &mut Attempts) -> Result<()> {
    if attempts.pending().is_empty() {
        return Ok(());
    }
    let events = attempts.pending().to_vec();
    session.with_tx(|tx| {
        let last = tx.log_head()?.map(|(seq, _)| seq);
        let floor = match last {
            Some(seq) => tx.log_entry(seq)?.map(|e| e.at).unwrap_or_default(),
            None => String::new(),
        };
        let now = crate::time::now_rfc3339();
        let mut carried = 0;
        for ev in &events {
            // Only events of existing accounts: anything else in the file was never written by us.
            let Some(u) = tx.user_by_locator(&ev.locator)? else {
                continue;
            };
            if carried == MAX_CARRIED {
                let mut e = NewEntry::new(
                    &u.name,
                    u.role.as_str(),
                    Action::LoginFailed,
                    Outcome::Denied,
                );
                e.flagged = true;
                e.purpose = Some(format!(
                    "unverified: {} more events in attempts.json not itemised",
                    events.len() - MAX_CARRIED
                ));
                chain::append(tx, &e)?;
                break;
            }
            let action = match ev.kind {
                PendingKind::LoginFailed => Action::LoginFailed,
                PendingKind::LockedOut => Action::LockedOut,
                PendingKind::RefusedWhileLocked => Action::LoginRefusedLocked,
            };
            let mut entry = NewEntry::new(&u.name, u.role.as_str(), action, Outcome::Denied);
            entry.flagged = true;
            entry.purpose = Some("unverified: carried from attempts.json".into());
            let at = unix_to_rfc3339(ev.at).max(floor.clone()).min(now.clone());
            chain::append_at(tx, &entry, &at)?;
            carried += 1;
        }
        Ok(())
    })?;
    attempts.clear_pending()
}

impl Vault {
    /// A vault still in the first format: nothing opens until `migrate` has run.
    fn legacy_login(&self, _user: &str, _password: &SecretString) -> Result<Login> {
        Err(Error::MigrationRequired)
    }

    /// The first login after a migration of an account whose slot is still in the first format: the
    /// old slot opens the bridge, the account gets key pairs of its own and a slot of the current
    /// format under the same password, and the old slot is removed.
    fn upgrade_legacy(
        &self,
        slots: &KeyslotFile,
        locator: &str,
        password: &SecretString,
        attempts: &mut Attempts,
    ) -> Result<Login> {
        use crate::audit::Announcement;
        use crate::crypto::UserKeys;
        use crate::vault::keyslots::{Slot, SlotKind};

        let legacy = slots
            .legacy_slots
            .iter()
            .find(|s| s.locator == locator)
            .cloned()
            .ok_or(Error::WrongPassword)?;
        let bridge = slots.legacy_bridge.clone().ok_or(Error::SlotTampered {
            what: "the migration bridge is missing",
        })?;
        let pw = Zeroizing::new(normalize(password.expose_secret()));
        let device = match legacy.binding {
            Binding::Device => Some(
                self.device()
                    .get(self.vault_id())?
                    .ok_or(Error::DeviceSecretMissing)?,
            ),
            Binding::Unbound => None,
        };
        let secret = SlotSecret {
            secret: pw.as_bytes(),
            device: device.as_ref(),
        };
        let vault_key = match legacy.open(self.vault_id(), &secret) {
            Ok(k) => k,
            Err(Error::WrongPassword) => {
                let locked = attempts.record_failure(locator, &slots.login_policy, now_secs())?;
                return Err(if locked {
                    Error::LockedOut
                } else {
                    Error::WrongPassword
                });
            }
            Err(e) => return Err(e),
        };
        let db_key = bridge
            .open(self.vault_id(), &vault_key)
            .ok_or(Error::SlotTampered {
                what: "the migration bridge does not open",
            })?;
        let mut store: Box<dyn crate::storage::Storage> = Box::new(
            crate::storage::sqlite::SqliteStorage::open(&self.paths().database(), &db_key)?,
        );
        let keys = UserKeys::generate();
        let (user, kdf) = {
            let txb = store.begin()?;
            let tx = &*txb;
            let user: UserInfo = tx
                .user_by_locator(locator)?
                .ok_or(Error::SlotTampered {
                    what: "a slot belongs to no account",
                })?
                .into();
            if user.slot_digest != legacy.digest() {
                return Err(Error::SlotTampered {
                    what: "the slot is not the one the vault recorded (replaced or rolled back)",
                });
            }
            (user, kdf_params(tx)?)
        };
        let new_slot = Slot::seal(
            self.vault_id(),
            locator,
            SlotKind::User,
            kdf,
            &secret,
            &keys,
        )?;
        let announcement = Announcement::new(
            self.vault_id(),
            &user.name,
            Some(user.role),
            keys.public().signing,
            keys.signing(),
        );
        {
            let txb = store.begin()?;
            let mut row = txb.user_by_id(user.id)?.ok_or(Error::UserNotFound)?;
            row.public = Some(keys.public());
            row.slot_digest = new_slot.digest();
            txb.update_user(&row)?;
            let mut e = NewEntry::new(
                &user.name,
                user.role.as_str(),
                Action::PasswordChanged,
                Outcome::Allowed,
            );
            e.purpose = Some("slot upgraded from the first format".into());
            e.detail = Some(announcement.to_detail());
            chain::append(&*txb, &e)?;
            let mut file = KeyslotFile::load(&self.paths().keyslots())?;
            file.remove(locator);
            file.put(new_slot.clone());
            file.put_database_key(locator, &keys.public(), bridge.epoch, &db_key);
            if file.legacy_slots.is_empty() {
                file.legacy_bridge = None;
            }
            file.save(&self.paths().keyslots())?;
            txb.commit()?;
        }
        tracing::info!("a first-format slot was upgraded");
        drop(store);
        // Log in again through the normal path, now that the slot is current.
        self.login(&user.name, password)
    }
}
