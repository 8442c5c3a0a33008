//! The acting user's own password.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::Session;
use crate::audit::{Action, Outcome};
use crate::auth::password_policy::{normalize, PasswordPolicy};
use crate::auth::users;
use crate::crypto::Key32;
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::settings;
use crate::vault::keyslots::{KeyslotFile, Slot, SlotKind, SlotSecret};

impl Session {
    /// `passwd`: proves the current password again, then sets a new one.
    pub fn change_password(&mut self, current: &SecretString, new: &SecretString) -> Result<()> {
        let slots = KeyslotFile::load(&self.paths.keyslots())?;
        let slot = slots
            .find(&self.user.slot_locator)
            .ok_or(Error::SlotTampered {
                what: "the user's slot is missing",
            })?;
        let device = self.device.get(&self.vault_id)?;
        let pw = Zeroizing::new(normalize(current.expose_secret()));
        let key = slot.open(
            &self.vault_id,
            &SlotSecret {
                secret: pw.as_bytes(),
                device: device.as_ref(),
            },
        )?;
        if key.expose() != self.vault_key.expose() {
            return Err(Error::SlotTampered {
                what: "the slot wraps another key",
            });
        }
        self.replace_own_slot(new)
    }

    /// The password policy for the acting user's next password (length setting, blocklist, own name).
    pub(crate) fn check_own_new_password(&self, new_password: &SecretString) -> Result<()> {
        let min_length = settings::load(&self.conn)?.min_password_length;
        let name = self.user.name.clone();
        PasswordPolicy { min_length }
            .check(new_password.expose_secret(), &[&name, "skyddsvalv"])?;
        Ok(())
    }

    /// Replaces the acting user's slot with one for `new_password`, bound to this OS account's keyring.
    pub(crate) fn replace_own_slot(&mut self, new_password: &SecretString) -> Result<()> {
        self.check_own_new_password(new_password)?;
        let device = self.device.get_or_create(&self.vault_id)?;
        let entry = self.entry(Action::PasswordChanged, Outcome::Allowed);
        let locator = self.user.slot_locator.clone();
        let user_id = self.user.id;
        let slot = self.seal_user_slot(&locator, new_password, Some(&device))?;
        let digest = slot.digest();
        let paths = self.paths.clone();
        self.perform_then(
            Operation::ChangeOwnPassword,
            entry,
            super::admin::na,
            |tx, (), _| users::set_slot(tx, user_id, false, &digest),
            |_| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                file.put(slot);
                file.save(&paths.keyslots())
            },
        )?;
        self.user.must_change_password = false;
        self.user.slot_digest = digest;
        Ok(())
    }

    pub(crate) fn seal_user_slot(
        &self,
        locator: &str,
        password: &SecretString,
        device: Option<&Key32>,
    ) -> Result<Slot> {
        let pw = Zeroizing::new(normalize(password.expose_secret()));
        Slot::seal(
            &self.vault_id,
            locator,
            SlotKind::User,
            self.kdf,
            &SlotSecret {
                secret: pw.as_bytes(),
                device,
            },
            &self.vault_key,
        )
    }
}
