//! The administrator's operations: accounts, failed-login unlocks, settings, assignments.
//! None of them reads a person field.

use secrecy::{ExposeSecret, SecretString};

use super::Session;
use crate::audit::{Action, Outcome};
use crate::auth::password_policy::PasswordPolicy;
use crate::auth::{users, Role, UserInfo};
use crate::error::{Error, Result};
use crate::policy::{Access, Operation};
use crate::settings::{self, Settings};
use crate::vault::attempts::Attempts;
use crate::vault::keyslots::KeyslotFile;

/// Access context for operations that involve no person.
pub(super) fn na(_: &rusqlite::Transaction<'_>, _: &UserInfo) -> Result<(Access, ())> {
    Ok((Access::NotApplicable, ()))
}

impl Session {
    /// Adds an account on an initial password; its slot is bound at the user's first login.
    pub fn add_user(&mut self, name: &str, role: Role, initial: &SecretString) -> Result<()> {
        let mut entry = self.entry(Action::UserAdded, Outcome::Allowed);
        entry.purpose = Some(format!("user={} role={}", name.trim(), role));
        let paths = self.paths.clone();
        let slot_for = self.prepare_initial_slot(name, initial)?;
        let slot_for = slot_for.ok_or(Error::Denied {
            reason: "admin only",
        });
        self.perform_then(
            Operation::AddUser,
            entry,
            na,
            |tx, (), _| {
                users::validate_name(name)?;
                let (locator, slot) = slot_for?;
                users::insert(tx, name, role, true, &locator, &slot.digest())?;
                Ok((locator, slot))
            },
            |(locator, slot)| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                if file.find(locator).is_some() {
                    return Err(Error::UserExists);
                }
                file.put(slot.clone());
                file.save(&paths.keyslots())
            },
        )?;
        Ok(())
    }

    pub fn list_users(&mut self) -> Result<Vec<UserInfo>> {
        let entry = self.entry(Action::UserListed, Outcome::Allowed);
        self.perform(Operation::ListUsers, entry, na, |tx, (), _| users::list(tx))
    }

    pub fn disable_user(&mut self, name: &str) -> Result<()> {
        self.set_user_disabled(name, true)
    }

    pub fn enable_user(&mut self, name: &str) -> Result<()> {
        self.set_user_disabled(name, false)
    }

    fn set_user_disabled(&mut self, name: &str, disabled: bool) -> Result<()> {
        let (action, op) = if disabled {
            (Action::UserDisabled, Operation::DisableUser)
        } else {
            (Action::UserEnabled, Operation::EnableUser)
        };
        let mut entry = self.entry(action, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        self.perform(op, entry, na, |tx, (), _| {
            let user = users::by_name(tx, name)?.ok_or(Error::UserNotFound)?;
            if disabled
                && user.role == Role::Admin
                && !user.disabled
                && users::active_admins(tx)? <= 1
            {
                return Err(Error::LastAdmin);
            }
            users::set_disabled(tx, user.id, disabled)
        })
    }

    /// Puts the account back on an initial password with an unbound slot (first-login state).
    pub fn reset_password(&mut self, name: &str, initial: &SecretString) -> Result<()> {
        let mut entry = self.entry(Action::PasswordReset, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        let paths = self.paths.clone();
        let slot_for = self.prepare_initial_slot(name, initial)?;
        let slot_for = slot_for.ok_or(Error::Denied {
            reason: "admin only",
        });
        self.perform_then(
            Operation::ResetPassword,
            entry,
            na,
            |tx, (), _| {
                let user = users::by_name(tx, name)?.ok_or(Error::UserNotFound)?;
                let (locator, slot) = slot_for?;
                users::set_slot(tx, user.id, true, &slot.digest())?;
                Ok((locator, slot))
            },
            |(locator, slot)| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                file.put(slot.clone());
                file.save(&paths.keyslots())?;
                Attempts::load(&paths.attempts())?.unlock(locator)?;
                Ok(())
            },
        )?;
        Ok(())
    }

    /// Clears a lockout after too many failed logins.
    pub fn unlock_user(&mut self, name: &str) -> Result<bool> {
        let mut entry = self.entry(Action::UserUnlocked, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        let paths = self.paths.clone();
        self.perform(Operation::UnlockUser, entry, na, |tx, (), _| {
            let user = users::by_name(tx, name)?.ok_or(Error::UserNotFound)?;
            Attempts::load(&paths.attempts())?.unlock(&user.slot_locator)
        })
    }

    /// The vault settings (any role may read them: the app needs the idle-lock time).
    pub fn settings(&self) -> Result<Settings> {
        settings::load(&self.conn)
    }

    /// Changes one setting; login-policy settings are mirrored into the keyslot file.
    pub fn change_setting(&mut self, key: &str, value: &str) -> Result<Settings> {
        let mut entry = self.entry(Action::SettingsChanged, Outcome::Allowed);
        entry.purpose = Some(format!("{key}={value}"));
        let paths = self.paths.clone();
        self.perform_then(
            Operation::ChangeSettings,
            entry,
            na,
            |tx, (), _| {
                let mut s = settings::load(tx)?;
                s.set(key, value)?;
                settings::save(tx, &s)?;
                Ok(s)
            },
            |s| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                if file.login_policy != s.login_policy() {
                    file.login_policy = s.login_policy();
                    file.save(&paths.keyslots())?;
                }
                Ok(())
            },
        )
    }

    fn prepare_initial_slot(
        &self,
        name: &str,
        initial: &SecretString,
    ) -> Result<Option<(String, crate::vault::keyslots::Slot)>> {
        // Sealing costs an Argon2id run: only for a role that `perform` will let through.
        if self.user.role != Role::Admin {
            return Ok(None);
        }
        let min_length = settings::load(&self.conn)?.min_password_length;
        PasswordPolicy { min_length }.check(initial.expose_secret(), &[name, "skyddsvalv"])?;
        let locator = KeyslotFile::load(&self.paths.keyslots())?.locator_for(name);
        let slot = self.seal_user_slot(&locator, initial, None)?;
        Ok(Some((locator, slot)))
    }
}
