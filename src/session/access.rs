//! Data access is granted, not created: a case handler (or the holder of the recovery code) seals the
//! records and reception keys to a new account's own public key, after checking the key fingerprint the
//! account's owner reads from their screen. The administrator can list who waits and take access away,
//! never give it.

use serde::Serialize;

use super::admin::{na, remove_access};
use super::rotation::rotate_in;
use super::Session;
use crate::audit::{Action, Outcome};
use crate::auth::{users, Role};
use crate::crypto::user_keys::fingerprint_matches;
use crate::error::{Error, Result};
use crate::keys::{grants, DomainKey};
use crate::policy::Operation;
use crate::storage::GrantKind;

/// An account that waits for data access.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PendingAccount {
    pub name: String,
    pub role: Role,
    /// `records` and/or `reception`.
    pub waiting_for: Vec<&'static str>,
}

/// What this session can open.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct DataAccess {
    pub records: bool,
    pub reception: bool,
    /// The role needs keys this account does not hold yet.
    pub awaiting: bool,
}

impl Session {
    /// What this session can open now (a grant made since the login is picked up).
    pub fn data_access(&mut self) -> DataAccess {
        if let Err(e) = self.ready() {
            tracing::debug!(code = %e.code(), "could not refresh the session's keys");
        }
        let needs = self.user.role.needs_keys();
        DataAccess {
            records: self.keys.records.is_some(),
            reception: self.keys.reception.is_some(),
            awaiting: needs.iter().any(|k| self.keys.domain(*k).is_none()),
        }
    }

    /// Active accounts past their first login whose role needs keys they do not hold.
    pub fn pending_access(&mut self) -> Result<Vec<PendingAccount>> {
        let entry = self.entry(Action::AccessListed, Outcome::Allowed);
        self.perform(Operation::ListPendingAccess, entry, na, |ctx, (), _| {
            let mut out = Vec::new();
            for u in ctx.tx.users()? {
                if u.disabled || u.must_change_password {
                    continue;
                }
                let mut waiting = Vec::new();
                for kind in u.role.needs_keys() {
                    if ctx.tx.grant(&u.slot_locator, *kind)?.is_none() {
                        waiting.push(kind.as_str());
                    }
                }
                if !waiting.is_empty() {
                    out.push(PendingAccount {
                        name: u.name,
                        role: u.role,
                        waiting_for: waiting,
                    });
                }
            }
            Ok(out)
        })
    }

    /// Grants `name` the keys its role holds, sealed to its public key, once `fingerprint` (read by
    /// the account's owner from their own screen) matches. Logged and flagged.
    pub fn grant_access(&mut self, name: &str, fingerprint: &str) -> Result<()> {
        let mut entry = self.entry(Action::AccessGranted, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        entry.flagged = true;
        let granted_by = self.user.name.clone();
        self.perform(Operation::GrantAccess, entry, na, |ctx, (), entry| {
            let u = users::by_name(ctx.tx, name)?.ok_or(Error::UserNotFound)?;
            let needs = u.role.needs_keys();
            if needs.is_empty() {
                return Err(Error::invalid(
                    crate::input::Input::UserName,
                    crate::input::Rule::NotAllowed,
                    "this role works without data access",
                ));
            }
            if u.disabled {
                return Err(Error::UserDisabled);
            }
            if u.must_change_password {
                return Err(Error::PasswordChangeRequired);
            }
            let public = u.public.ok_or(Error::PasswordChangeRequired)?;
            if !fingerprint_matches(fingerprint, &public.fingerprint()) {
                // Refused and logged: a public key swapped in the database looks exactly like this.
                entry.outcome = Outcome::Denied;
                entry.purpose = Some(format!("user={} fingerprint mismatch", u.name));
                return Ok(Err(Error::FingerprintMismatch));
            }
            let mut kinds = Vec::new();
            for kind in needs {
                let key = ctx.keys.domain(*kind).ok_or(Error::NoDataAccess {
                    what: "the keys to grant",
                })?;
                ctx.tx.put_grant(&grants::seal(
                    ctx.vault_id,
                    key,
                    &u.slot_locator,
                    &public,
                    &granted_by,
                ))?;
                kinds.push(kind.as_str().to_string());
            }
            entry.fields = kinds;
            tracing::info!("data access granted");
            Ok(Ok(()))
        })?
    }

    /// Takes away every key `name` was granted. A case handler (or the recovery code) rotates those
    /// keys in the same operation, so the account's copies open nothing from then on; an administrator
    /// holds no such keys, so they are rotated at the next holder's login. Logged and flagged.
    pub fn revoke_access(&mut self, name: &str) -> Result<()> {
        let mut entry = self.entry(Action::AccessRevoked, Outcome::Allowed);
        entry.purpose = Some(format!("user={}", name.trim()));
        entry.flagged = true;
        // New keys are made up front; only those this session can rotate are used.
        let rotatable: Vec<GrantKind> = GrantKind::ALL
            .iter()
            .copied()
            .filter(|k| self.keys.domain(*k).is_some() && self.keys.records.is_some())
            .collect();
        let mut fresh: Vec<DomainKey> = Vec::new();
        for kind in rotatable {
            fresh.push(self.next_key(kind)?);
        }
        let rotated = self.perform(Operation::RevokeAccess, entry, na, |ctx, (), entry| {
            let u = users::by_name(ctx.tx, name)?.ok_or(Error::UserNotFound)?;
            let held: Vec<GrantKind> = GrantKind::ALL
                .iter()
                .copied()
                .filter(|k| ctx.tx.grant(&u.slot_locator, *k).ok().flatten().is_some())
                .collect();
            remove_access(ctx, &u.slot_locator)?;
            entry.fields = held.iter().map(|k| k.as_str().to_string()).collect();
            let mut details = Vec::new();
            let mut rotated = Vec::new();
            for key in fresh {
                if held.contains(&key.kind) {
                    details.push(rotate_in(ctx, &key, &mut |_| {})?.detail());
                    rotated.push(key);
                }
            }
            entry.detail = (!details.is_empty()).then(|| details.join("\n"));
            Ok(rotated)
        })?;
        for key in rotated {
            self.keys.set_domain(key);
        }
        Ok(())
    }
}
