//! The acting user's own password and keys.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::Session;
use crate::audit::{Action, Announcement, Outcome};
use crate::auth::password_policy::{normalize, PasswordPolicy};
use crate::crypto::{Key32, UserKeys};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::vault::keyslots::{KeyslotFile, Slot, SlotKind, SlotSecret};

/// What happens to the account's key pairs when its slot is replaced.
enum KeyChange {
    /// A new password for the same keys.
    Keep,
    /// New keys of the account's own, announced with its previous key (the first login).
    Fresh,
    /// The session's keys are already new; this announcement vouches for them.
    Given(Announcement),
}

impl Session {
    /// `passwd`: proves the current password again, then seals the same keys under a new one.
    pub fn change_password(&mut self, current: &SecretString, new: &SecretString) -> Result<()> {
        if self.user.role == crate::auth::Role::Recovery {
            // The recovery code is not a password; refused (and logged) like any other refusal.
            let entry = self.entry(Action::PasswordChanged, Outcome::Allowed);
            return self.perform(
                Operation::ChangeOwnPassword,
                entry,
                super::admin::na,
                |_, (), _| Ok(()),
            );
        }
        let slots = KeyslotFile::load(&self.paths.keyslots())?;
        let slot = slots
            .find(&self.user.slot_locator)
            .ok_or(Error::SlotTampered {
                what: "the user's slot is missing",
            })?;
        let device = self.device.get(&self.vault_id)?;
        let pw = Zeroizing::new(normalize(current.expose_secret()));
        let keys = slot.open(
            &self.vault_id,
            &SlotSecret {
                secret: pw.as_bytes(),
                device: device.as_ref(),
            },
        )?;
        if keys.public() != self.keys.user.public() {
            return Err(Error::SlotTampered {
                what: "the slot holds other keys than this session's",
            });
        }
        self.replace_own_slot(new, false)
    }

    /// Binds the session's (new) keys to a slot for `new_password`, with an announcement of them made
    /// by someone allowed to (the recovery slot, for a recovered administrator).
    pub(crate) fn replace_own_slot_announced(
        &mut self,
        new_password: &SecretString,
        announcement: Announcement,
    ) -> Result<()> {
        self.replace_slot_with(new_password, KeyChange::Given(announcement))
    }

    /// The password policy for the acting user's next password (length setting, blocklist, own name).
    pub(crate) fn check_own_new_password(&mut self, new_password: &SecretString) -> Result<()> {
        let min_length = self.settings()?.min_password_length;
        let name = self.user.name.clone();
        PasswordPolicy { min_length }
            .check(new_password.expose_secret(), &[&name, "skyddsvalv"])?;
        Ok(())
    }

    /// Replaces the acting user's slot with one for `new_password`, bound to this OS account's keyring.
    /// With `fresh_keys` (the first login) the account also gets key pairs of its own, so nobody who
    /// saw the initial slot — the administrator who made it — holds them.
    pub(crate) fn replace_own_slot(
        &mut self,
        new_password: &SecretString,
        fresh_keys: bool,
    ) -> Result<()> {
        self.replace_slot_with(
            new_password,
            if fresh_keys {
                KeyChange::Fresh
            } else {
                KeyChange::Keep
            },
        )
    }

    fn replace_slot_with(&mut self, new_password: &SecretString, change: KeyChange) -> Result<()> {
        self.check_own_new_password(new_password)?;
        let device = self.device.get_or_create(&self.vault_id)?;
        let action = match change {
            KeyChange::Given(_) => Action::Recovered,
            _ => Action::PasswordChanged,
        };
        let mut entry = self.entry(action, Outcome::Allowed);
        let locator = self.user.slot_locator.clone();
        let user_id = self.user.id;
        let copy = || {
            UserKeys::from_bytes(self.keys.user.to_bytes().as_ref())
                .ok_or_else(|| Error::damaged("the session keys are malformed"))
        };
        let fresh_keys = !matches!(change, KeyChange::Keep);
        let new_keys = match &change {
            KeyChange::Fresh => UserKeys::generate(),
            KeyChange::Keep | KeyChange::Given(_) => copy()?,
        };
        let public = new_keys.public();
        entry.detail = match change {
            KeyChange::Keep => None,
            KeyChange::Fresh => Some(
                Announcement::new(
                    &self.vault_id,
                    &self.user.name,
                    Some(self.user.role),
                    public.signing,
                    self.keys.user.signing(),
                )
                .to_detail(),
            ),
            KeyChange::Given(a) => Some(a.to_detail()),
        };
        let slot = self.seal_user_slot(&locator, new_password, Some(&device), &new_keys)?;
        let digest = slot.digest();
        let paths = self.paths.clone();
        let (db_key, db_epoch) = (self.keys.database.clone(), self.keys.database_epoch);
        self.perform_then(
            Operation::ChangeOwnPassword,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                entry.action = action;
                let mut u = ctx.tx.user_by_id(user_id)?.ok_or(Error::UserNotFound)?;
                u.must_change_password = false;
                u.slot_digest = digest.clone();
                u.public = Some(public);
                ctx.tx.update_user(&u)
            },
            |_| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                if fresh_keys {
                    file.remove(&locator);
                    file.put_database_key(&locator, &public, db_epoch, &db_key);
                }
                file.put(slot);
                file.save(&paths.keyslots_pending())
            },
        )?;
        self.keys.user = new_keys;
        self.user.must_change_password = false;
        self.user.slot_digest = digest;
        self.user.public = Some(public);
        Ok(())
    }

    /// A slot for `password`: bound to `device`, or an initial password (unbound) that expires.
    pub(crate) fn seal_user_slot(
        &self,
        locator: &str,
        password: &SecretString,
        device: Option<&Key32>,
        keys: &UserKeys,
    ) -> Result<Slot> {
        let pw = Zeroizing::new(normalize(password.expose_secret()));
        let issued = device.is_none().then(crate::time::now_secs);
        Slot::seal_issued(
            &self.vault_id,
            locator,
            SlotKind::User,
            self.kdf,
            &SlotSecret {
                secret: pw.as_bytes(),
                device,
            },
            keys,
            issued,
        )
    }
}
