//! The administrator's operations: accounts, failed-login unlocks, settings. None of them reads a
//! person field, and none gives anyone data access: a new or reset account has only the database key
//! until a case handler grants it more. Disabling or resetting an account removes its slot and rotates
//! the database key (and marks the records and reception keys for rotation at the next holder's login),
//! so an old copy of the slot opens nothing in the vault as it is now.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::rotation::DbRotation;
use super::{Ctx, Session};
use crate::audit::{Action, Announcement, Outcome};
use crate::auth::password_policy::PasswordPolicy;
use crate::auth::{users, Role};
use crate::crypto::UserKeys;
use crate::error::{Error, Result};
use crate::policy::{Access, Operation};
use crate::settings::{self, SettingChange, Settings};
use crate::storage::{GrantKind, NewUser, Profile};
use crate::time::now_rfc3339;
use crate::vault::attempts::Attempts;
use crate::vault::keyslots::{KeyslotFile, Slot};

/// Access context for operations that involve no person.
pub(super) fn na(_: &Ctx<'_>) -> Result<(Access, ())> {
    Ok((Access::NotApplicable, ()))
}

/// An account as the administrator sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AccountView {
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
    /// `not_needed`, `granted` or `awaiting` (a case handler must grant data access).
    pub data_access: &'static str,
    pub profile: crate::storage::Profile,
    pub created_at: String,
    pub last_login_at: Option<String>,
    /// Failed logins since the last good one, and whether they locked the account.
    pub failed_attempts: u32,
    pub locked: bool,
    /// The account's password is bound to another workstation's keyring (the vault was recovered
    /// here): only a new one-time password lets it in.
    pub needs_new_password: bool,
}

/// A fresh account slot on an initial password, prepared before the operation (Argon2id is slow).
struct Prepared {
    locator: String,
    slot: Slot,
    keys: UserKeys,
}

impl Session {
    /// Adds an account on an initial password; its slot is bound at the user's first login.
    pub fn add_user(&mut self, name: &str, role: Role, initial: &SecretString) -> Result<()> {
        let mut entry = self.entry(Action::UserAdded, Outcome::Allowed);
        entry.purpose = Some(format!("user={} role={}", name.trim(), role));
        let paths = self.paths.clone();
        let prepared = self.prepare_initial_slot(name, initial)?;
        let (vault_id, db_key, db_epoch) = (
            self.vault_id.clone(),
            self.keys.database.clone(),
            self.keys.database_epoch,
        );
        self.perform_then(
            Operation::AddUser,
            entry,
            na,
            |ctx, (), entry| {
                users::validate_name(name)?;
                if Role::parse_account(role.as_str()).is_none() {
                    return Err(Error::invalid(
                        crate::input::Input::Role,
                        crate::input::Rule::NotAllowed,
                        "not a role an account can have",
                    ));
                }
                let p = prepared.ok_or(Error::Denied {
                    reason: "admin only",
                })?;
                if users::by_name(ctx.tx, name)?.is_some() {
                    return Err(Error::UserExists);
                }
                ctx.tx.insert_user(&NewUser {
                    name: name.trim().to_string(),
                    name_key: crate::vault::keyslots::normalize_user_name(name),
                    role,
                    must_change_password: true,
                    slot_locator: p.locator.clone(),
                    slot_digest: p.slot.digest(),
                    public: p.keys.public(),
                    created_at: now_rfc3339(),
                })?;
                entry.detail = Some(
                    Announcement::new(
                        &vault_id,
                        name.trim(),
                        Some(role),
                        p.keys.public().signing,
                        ctx.keys.user.signing(),
                    )
                    .to_detail(),
                );
                Ok(p)
            },
            |p| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                if file.find(&p.locator).is_some() {
                    return Err(Error::UserExists);
                }
                file.put(p.slot.clone());
                file.put_database_key(&p.locator, &p.keys.public(), db_epoch, &db_key);
                file.save(&paths.keyslots_pending())
            },
        )?;
        Ok(())
    }

    pub fn list_users(&mut self) -> Result<Vec<AccountView>> {
        let entry = self.entry(Action::UserListed, Outcome::Allowed);
        let attempts = Attempts::load(&self.paths.attempts())?;
        let slots = KeyslotFile::load(&self.paths.keyslots())?;
        let here = self.device.get(&self.vault_id)?;
        self.perform(Operation::ListUsers, entry, na, |ctx, (), _| {
            let mut out = Vec::new();
            for u in ctx.tx.users()? {
                let needs = u.role.needs_keys();
                let mut have = 0;
                for kind in needs {
                    if ctx.tx.grant(&u.slot_locator, *kind)?.is_some() {
                        have += 1;
                    }
                }
                let tried = attempts.account(&u.slot_locator);
                let needs_new_password = slots
                    .find(&u.slot_locator)
                    .is_some_and(|s| slots.bound_to_lost_keyring(s, here.as_ref()));
                out.push(AccountView {
                    needs_new_password,
                    failed_attempts: tried.failures,
                    locked: tried.locked,
                    profile: u.profile,
                    created_at: u.created_at,
                    last_login_at: u.last_login_at,
                    data_access: if needs.is_empty() {
                        "not_needed"
                    } else if have == needs.len() {
                        "granted"
                    } else {
                        "awaiting"
                    },
                    name: u.name,
                    role: u.role,
                    disabled: u.disabled,
                    must_change_password: u.must_change_password,
                })
            }
            Ok(out)
        })
    }

    /// Disables an account: its slot and grants are removed and the keys it could open are rotated.
    pub fn disable_user(&mut self, name: &str) -> Result<()> {
        let mut entry = self.entry(Action::UserDisabled, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        let paths = self.paths.clone();
        let file = KeyslotFile::load(&paths.keyslots())?;
        let rotation = self.perform_then(
            Operation::DisableUser,
            entry,
            na,
            |ctx, (), entry| {
                let mut user = users::by_name(ctx.tx, name)?.ok_or(Error::UserNotFound)?;
                if user.role == Role::Admin && !user.disabled && users::active_admins(ctx.tx)? <= 1
                {
                    return Err(Error::LastAdmin);
                }
                if user.id == ctx.user.id {
                    return Err(Error::invalid(
                        crate::input::Input::UserName,
                        crate::input::Rule::NotAllowed,
                        "you cannot disable your own account",
                    ));
                }
                user.disabled = true;
                ctx.tx.update_user(&user)?;
                remove_access(ctx, &user.slot_locator)?;
                let rotation = DbRotation::plan(ctx, &file, &[user.slot_locator.as_str()])?;
                entry.detail = Some(format!("database key epoch {}", rotation.epoch));
                Ok((user.slot_locator, rotation))
            },
            |(locator, rotation)| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                file.remove(locator);
                rotation.seal_into(&mut file);
                file.save(&paths.keyslots_pending())
            },
        )?;
        self.finish_db_rotation(rotation.1)
    }

    /// Re-enables an account on a new initial password (its old slot is gone).
    pub fn enable_user(&mut self, name: &str, initial: &SecretString) -> Result<()> {
        self.replace_slot(name, initial, Action::UserEnabled, Operation::EnableUser)
    }

    /// Puts the account back on an initial password with new keys; any data access it had is gone.
    pub fn reset_password(&mut self, name: &str, initial: &SecretString) -> Result<()> {
        self.replace_slot(
            name,
            initial,
            Action::PasswordReset,
            Operation::ResetPassword,
        )
    }

    fn replace_slot(
        &mut self,
        name: &str,
        initial: &SecretString,
        action: Action,
        op: Operation,
    ) -> Result<()> {
        let mut entry = self.entry(action, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        let paths = self.paths.clone();
        let file = KeyslotFile::load(&paths.keyslots())?;
        let prepared = self.prepare_initial_slot(name, initial)?;
        let vault_id = self.vault_id.clone();
        let (p, rotation) = self.perform_then(
            op,
            entry,
            na,
            |ctx, (), entry| {
                let mut user = users::by_name(ctx.tx, name)?.ok_or(Error::UserNotFound)?;
                let p = prepared.ok_or(Error::Denied {
                    reason: "admin only",
                })?;
                if user.id == ctx.user.id {
                    return Err(Error::invalid(
                        crate::input::Input::UserName,
                        crate::input::Rule::NotAllowed,
                        "change your own password with passwd instead",
                    ));
                }
                remove_access(ctx, &user.slot_locator)?;
                let rotation = DbRotation::plan(ctx, &file, &[user.slot_locator.as_str()])?;
                user.disabled = false;
                user.must_change_password = true;
                user.slot_digest = p.slot.digest();
                user.public = Some(p.keys.public());
                ctx.tx.update_user(&user)?;
                entry.detail = Some(
                    Announcement::new(
                        &vault_id,
                        &user.name,
                        Some(user.role),
                        p.keys.public().signing,
                        ctx.keys.user.signing(),
                    )
                    .to_detail(),
                );
                Ok((p, rotation))
            },
            |(p, rotation)| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                file.remove(&p.locator);
                file.put(p.slot.clone());
                rotation.seal_into(&mut file);
                file.put_database_key(&p.locator, &p.keys.public(), rotation.epoch, &rotation.key);
                file.save(&paths.keyslots_pending())?;
                Attempts::load(&paths.attempts())?.unlock(&p.locator)?;
                Ok(())
            },
        )?;
        drop(p);
        self.finish_db_rotation(rotation)
    }

    /// What colleagues see of an account: display name, unit and work phone (the reception's referral
    /// names them). Empty values clear; one entry (`account_edited`) naming the account.
    pub fn set_account_details(&mut self, name: &str, profile: Profile) -> Result<Profile> {
        let mut entry = self.entry(Action::AccountEdited, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        self.perform(Operation::EditAccount, entry, na, |ctx, (), _| {
            let user = users::by_name(ctx.tx, name)?.ok_or(Error::UserNotFound)?;
            let profile = checked_profile(profile)?;
            ctx.tx.set_profile(user.id, &profile)?;
            Ok(profile)
        })
    }

    /// Clears a lockout after too many failed logins.
    pub fn unlock_user(&mut self, name: &str) -> Result<bool> {
        let mut entry = self.entry(Action::UserUnlocked, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        let paths = self.paths.clone();
        self.perform(Operation::UnlockUser, entry, na, |ctx, (), _| {
            let user = users::by_name(ctx.tx, name)?.ok_or(Error::UserNotFound)?;
            Attempts::load(&paths.attempts())?.unlock(&user.slot_locator)
        })
    }

    /// The vault settings, for what the shells need to run (the idle-lock time). Not an operation.
    pub fn settings(&mut self) -> Result<Settings> {
        let tx = self.store.begin()?;
        settings::load(&*tx)
    }

    /// `settings show`: the administrator's view of every setting, decided by policy and logged.
    pub fn view_settings(&mut self) -> Result<Settings> {
        let entry = self.entry(Action::SettingsViewed, Outcome::Allowed);
        self.perform(Operation::ViewSettings, entry, na, |ctx, (), _| {
            settings::load(ctx.tx)
        })
    }

    /// Changes one setting; login-policy settings are mirrored into the keyslot file.
    pub fn change_setting(&mut self, change: SettingChange) -> Result<Settings> {
        let mut entry = self.entry(Action::SettingsChanged, Outcome::Allowed);
        entry.purpose = Some(format!("{}={}", change.name(), change.value()));
        let paths = self.paths.clone();
        self.perform_then(
            Operation::ChangeSettings,
            entry,
            na,
            |ctx, (), _| {
                let mut s = settings::load(ctx.tx)?;
                s.apply(change);
                settings::save(ctx.tx, &s)?;
                Ok(s)
            },
            |s| {
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                if file.login_policy != s.login_policy() {
                    file.login_policy = s.login_policy();
                    file.save(&paths.keyslots_pending())?;
                }
                Ok(())
            },
        )
    }

    fn prepare_initial_slot(
        &mut self,
        name: &str,
        initial: &SecretString,
    ) -> Result<Option<Prepared>> {
        // Sealing costs an Argon2id run: only for a role that `perform` will let through.
        if self.user.role != Role::Admin {
            return Ok(None);
        }
        let min_length = self.settings()?.min_password_length;
        PasswordPolicy { min_length }.check(initial.expose_secret(), &[name, "skyddsvalv"])?;
        let locator = KeyslotFile::load(&self.paths.keyslots())?.locator_for(name);
        let keys = UserKeys::generate();
        let slot = self.seal_user_slot(&locator, initial, None, &keys)?;
        Ok(Some(Prepared {
            locator,
            slot,
            keys,
        }))
    }
}

/// Trims each detail (empty clears it) and checks it: short plain text, a phone number's characters.
fn checked_profile(p: Profile) -> Result<Profile> {
    use crate::input::{Input, Rule};
    let text = |input: Input, v: Option<String>| -> Result<Option<String>> {
        let Some(v) = v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let v = crate::records::text::check(input, &v, None)?;
        if v.chars().count() > crate::limits::MAX_ACCOUNT_DETAIL {
            return Err(Error::invalid(
                input,
                Rule::TooLong,
                format!(
                    "{input} is longer than {} characters",
                    crate::limits::MAX_ACCOUNT_DETAIL
                ),
            ));
        }
        Ok(Some(v))
    };
    let phone = text(Input::WorkPhone, p.phone)?;
    if let Some(ph) = &phone {
        crate::records::model::check_phone(Input::WorkPhone, ph)?;
    }
    Ok(Profile {
        display_name: text(Input::DisplayName, p.display_name)?,
        unit: text(Input::Unit, p.unit)?,
        phone,
    })
}

/// Removes every grant the account holds and marks those keys for rotation.
pub(super) fn remove_access(ctx: &Ctx<'_>, locator: &str) -> Result<()> {
    for &kind in GrantKind::ALL {
        if ctx.tx.delete_grant(locator, kind)? {
            ctx.tx
                .set_setting(super::rotation::pending_key(kind), "1")?;
        }
    }
    Ok(())
}
