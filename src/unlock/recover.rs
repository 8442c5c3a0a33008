//! The recovery code: a session of its own (it grants the first case handler data access and rotates
//! keys, and reads nothing), and the recovery of an administrator whose keyring or password is lost.

use secrecy::SecretString;

use super::open::{kdf_params, open_grants, open_store, session_keys};
use crate::audit::{announce, Action, Announcement, Outcome};
use crate::auth::{users, Role, UserInfo};
use crate::crypto::{RecoveryCode, UserKeys};
use crate::error::{Error, Result};
use crate::session::{Opened, Session};
use crate::settings::keys as names;
use crate::vault::attempts::Attempts;
use crate::vault::keyslots::{SlotKind, SlotSecret, RECOVERY_LOCATOR};
use crate::vault::Vault;

impl Vault {
    /// The keyslot file, the recovery slot in it, and the slot's keys opened with `code`.
    fn open_recovery_slot(
        &self,
        code: &RecoveryCode,
    ) -> Result<(
        crate::vault::keyslots::KeyslotFile,
        crate::vault::keyslots::Slot,
        UserKeys,
    )> {
        let file = self.current_slots()?;
        let slot = file
            .find(RECOVERY_LOCATOR)
            .filter(|s| s.kind == SlotKind::Recovery)
            .ok_or(Error::SlotTampered {
                what: "the recovery slot is missing",
            })?
            .clone();
        let keys = slot.open(
            self.vault_id(),
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
        )?;
        Ok((file, slot, keys))
    }

    /// The recovery slot's own keys (to open what is sealed to it: a backup, the erasure ledger).
    pub(crate) fn recovery_keys(&self, code: &RecoveryCode) -> Result<UserKeys> {
        self.open_recovery_slot(code).map(|(_, _, keys)| keys)
    }

    /// Opens the vault with the recovery code, as the recovery slot itself.
    pub fn recovery_session(&self, code: &RecoveryCode) -> Result<Session> {
        let (file, slot, keys) = self.open_recovery_slot(code)?;
        let (mut store, db_key, db_epoch) = open_store(self, &file, RECOVERY_LOCATOR, &keys)?;
        let user = UserInfo {
            id: 0,
            name: announce::RECOVERY.to_string(),
            role: Role::Recovery,
            disabled: false,
            must_change_password: false,
            slot_locator: RECOVERY_LOCATOR.to_string(),
            slot_digest: slot.digest(),
            public: Some(keys.public()),
        };
        let (domains, kdf) = {
            let txb = store.begin()?;
            let recorded = txb.setting(names::RECOVERY_SLOT_DIGEST)?;
            if recorded.as_deref() != Some(hex::encode(slot.digest()).as_str()) {
                return Err(Error::SlotTampered {
                    what: "the recovery slot is not the one the vault recorded",
                });
            }
            let domains = open_grants(&*txb, self.vault_id(), RECOVERY_LOCATOR, &keys, &user)?;
            let kdf = kdf_params(&*txb)?;
            txb.commit()?;
            (domains, kdf)
        };
        let mut session = Session::new(Opened {
            store,
            keys: session_keys(db_key, db_epoch, keys, domains, Role::Recovery),
            user,
            paths: self.paths().clone(),
            vault_id: self.vault_id().to_string(),
            device: super::open::device(self),
            kdf,
        });
        session.resume_db_rotation()?;
        session.log_only(Action::Login, Outcome::Allowed, Some("recovery code"), None)?;
        Ok(session)
    }

    /// Opens the vault with the recovery code and gives `admin_name` (an active admin) new keys and a
    /// new password bound to this workstation's keyring. For a vault moved here, a lost keyring, or an
    /// admin locked out: it needs no second admin. The administrator gets the database key only, as
    /// always. One log entry (`recovered`), which announces the admin's new key under the recovery slot.
    pub fn recover(
        &self,
        code: &RecoveryCode,
        admin_name: &str,
        new_password: &SecretString,
    ) -> Result<Session> {
        let file = self.current_slots()?;
        let slot = file
            .find(RECOVERY_LOCATOR)
            .filter(|s| s.kind == SlotKind::Recovery)
            .ok_or(Error::SlotTampered {
                what: "the recovery slot is missing",
            })?
            .clone();
        let recovery_keys = slot.open(
            self.vault_id(),
            &SlotSecret {
                secret: &code.kdf_input(),
                device: None,
            },
        )?;
        let (mut store, db_key, db_epoch) =
            open_store(self, &file, RECOVERY_LOCATOR, &recovery_keys)?;
        let (admin, kdf) = {
            let txb = store.begin()?;
            let recorded = txb.setting(names::RECOVERY_SLOT_DIGEST)?;
            if recorded.as_deref() != Some(hex::encode(slot.digest()).as_str()) {
                return Err(Error::SlotTampered {
                    what: "the recovery slot is not the one the vault recorded",
                });
            }
            let admin = users::by_name(&*txb, admin_name)?
                .filter(|u| u.role == Role::Admin && !u.disabled)
                .ok_or(Error::UserNotFound)?;
            (admin, kdf_params(&*txb)?)
        };
        let admin_keys = UserKeys::generate();
        let announcement = Announcement::new(
            self.vault_id(),
            &admin.name,
            Some(Role::Admin),
            admin_keys.public().signing,
            recovery_keys.signing(),
        );
        let mut session = Session::new(Opened {
            store,
            keys: crate::keys::SessionKeys {
                database: db_key,
                database_epoch: db_epoch,
                user: admin_keys,
                records: None,
                reception: None,
            },
            user: admin.into(),
            paths: self.paths().clone(),
            vault_id: self.vault_id().to_string(),
            device: super::open::device(self),
            kdf,
        });
        // The keyring the admin's old slot was bound to is taken as lost: every account bound to it
        // is listed as needing a new one-time password.
        let lost_tag = file
            .find(&session.user().slot_locator)
            .and_then(|s| s.device_tag.clone());
        session.replace_own_slot_announced(new_password, announcement)?;
        let new_tag = self
            .current_slots()?
            .find(&session.user().slot_locator)
            .and_then(|s| s.device_tag.clone());
        // A recovery for a forgotten password keeps the keyring: nothing is lost then.
        if let Some(tag) = lost_tag.filter(|t| Some(t) != new_tag.as_ref()) {
            let mut now = self.current_slots()?;
            if !now.lost_device_tags.contains(&tag) {
                now.lost_device_tags.push(tag);
                now.save(&self.paths().keyslots())?;
            }
        }
        // A recovered admin starts with a clean failed-login record.
        let mut attempts = Attempts::load(&self.paths().attempts())?;
        attempts.unlock(&session.user().slot_locator)?;
        Ok(session)
    }
}
