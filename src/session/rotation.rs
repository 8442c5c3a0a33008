//! Key rotation. The database key is rotated by whoever removes an account (SQLCipher re-keys the
//! file in place, atomically); the records and reception keys are rotated by the next session that
//! holds them — a case handler's or the recovery code's — because re-sealing needs them. Either way a
//! removed account's old slot, password and keyring open nothing in the vault as it is afterwards.

use serde::Serialize;

use super::persons::{register_person, seal_into_row, unseal};
use super::{Ctx, Session};
use crate::audit::{announce, Action, Outcome};
use crate::auth::Role;
use crate::crypto::{Key32, PublicKeys};
use crate::error::{Error, Result};
use crate::keys::{grants, DomainKey};
use crate::policy::Operation;
use crate::settings::{self, keys as names};
use crate::storage::{GrantKind, GrantRow};
use crate::vault::keyslots::{KeyslotFile, SlotKind, RECOVERY_LOCATOR};

/// How far a rotation has come (for a progress bar).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RotationReport {
    pub kind: &'static str,
    pub epoch: u32,
    pub persons: u64,
    pub holders: usize,
    /// Grants that were not carried over (the holder left, or the grant did not check out).
    pub dropped: usize,
}

pub(super) fn pending_key(kind: GrantKind) -> &'static str {
    match kind {
        GrantKind::Records => names::ROTATE_RECORDS,
        GrantKind::Reception => names::ROTATE_RECEPTION,
    }
}

fn epoch_key(kind: GrantKind) -> &'static str {
    match kind {
        GrantKind::Records => names::RECORDS_EPOCH,
        GrantKind::Reception => names::RECEPTION_EPOCH,
    }
}

pub(crate) fn current_epoch(tx: &dyn crate::storage::Tx, kind: GrantKind) -> Result<u32> {
    tx.setting(epoch_key(kind))?
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Error::damaged("a key epoch is missing"))
}

/// A database key rotation: the new key, its epoch and everyone it is sealed to.
pub(super) struct DbRotation {
    pub key: Key32,
    pub epoch: u32,
    holders: Vec<(String, PublicKeys)>,
}

impl DbRotation {
    /// Plans the rotation inside the operation's transaction: every slot in the keyslot file except
    /// `removed`, whose public keys agree with the vault's own record of them.
    pub fn plan(ctx: &Ctx<'_>, file: &KeyslotFile, removed: &[&str]) -> Result<DbRotation> {
        let epoch = ctx
            .tx
            .setting(names::DATABASE_EPOCH)?
            .and_then(|v| v.parse::<u32>().ok())
            .ok_or_else(|| Error::damaged("the database key epoch is missing"))?
            + 1;
        let recovery_public: Option<PublicKeys> =
            settings::get_json(ctx.tx, names::RECOVERY_PUBLIC)?;
        let mut holders = Vec::new();
        for slot in &file.slots {
            if removed.contains(&slot.locator.as_str()) {
                continue;
            }
            let vouched = match slot.kind {
                SlotKind::Recovery => {
                    slot.locator == RECOVERY_LOCATOR && recovery_public == Some(slot.public)
                }
                SlotKind::User => ctx
                    .tx
                    .user_by_locator(&slot.locator)?
                    .is_some_and(|u| !u.disabled && u.public == Some(slot.public)),
            };
            if vouched {
                holders.push((slot.locator.clone(), slot.public));
            } else {
                // A public key edited into the keyslot file gets no envelope.
                tracing::warn!(
                    "a slot's public key differs from the vault's record; no new key for it"
                );
            }
        }
        ctx.tx
            .set_setting(names::DATABASE_EPOCH, &epoch.to_string())?;
        Ok(DbRotation {
            key: Key32::random(),
            epoch,
            holders,
        })
    }

    /// Adds the new epoch's envelopes (older ones stay until the file is re-keyed).
    pub fn seal_into(&self, file: &mut KeyslotFile) {
        for (locator, public) in &self.holders {
            file.put_database_key(locator, public, self.epoch, &self.key);
        }
    }
}

impl Session {
    /// After the commit: re-keys the database file and drops the older envelopes.
    pub(super) fn finish_db_rotation(&mut self, rotation: DbRotation) -> Result<()> {
        self.store.rekey(&rotation.key)?;
        self.keys.database = rotation.key;
        self.keys.database_epoch = rotation.epoch;
        let mut file = KeyslotFile::load(&self.paths.keyslots())?;
        file.prune_database_keys(rotation.epoch);
        file.save(&self.paths.keyslots())?;
        tracing::info!(epoch = rotation.epoch, "database key rotated");
        Ok(())
    }

    /// Finishes a database key rotation that was committed but not yet applied (the process stopped in
    /// between): the vault says a newer epoch exists and this user's envelope for it opens.
    pub(crate) fn resume_db_rotation(&mut self) -> Result<()> {
        let wanted: u32 = {
            let tx = self.store.begin()?;
            tx.setting(names::DATABASE_EPOCH)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(self.keys.database_epoch)
        };
        if wanted <= self.keys.database_epoch {
            return Ok(());
        }
        let file = KeyslotFile::load(&self.paths.keyslots())?;
        let newer = file
            .database_keys_for(&self.user.slot_locator_or_recovery(), &self.keys.user)
            .into_iter()
            .find(|(e, _)| *e == wanted);
        if let Some((epoch, key)) = newer {
            self.finish_db_rotation(DbRotation {
                key,
                epoch,
                holders: Vec::new(),
            })?;
        }
        Ok(())
    }

    /// Which domain keys this session should rotate now: marked pending, or a grant holder who has
    /// left. Only a session that holds the key (and may rotate) can.
    pub fn rotation_due(&mut self) -> Result<Vec<GrantKind>> {
        if !matches!(self.user.role, Role::Handlaggare | Role::Recovery) {
            return Ok(Vec::new());
        }
        // Another session may have re-keyed the database meanwhile.
        self.ready()?;
        let tx = self.store.begin()?;
        let mut due = Vec::new();
        for &kind in GrantKind::ALL {
            if self.keys.domain(kind).is_none() || self.keys.records.is_none() {
                continue;
            }
            let pending = tx.setting(pending_key(kind))?.is_some();
            let mut stale = false;
            for g in tx.grants(kind)? {
                if !holder_still_eligible(&*tx, &g)? {
                    stale = true;
                }
            }
            if pending || stale {
                due.push(kind);
            }
        }
        Ok(due)
    }

    /// Rotates the records or reception key: a new key at the next epoch, everything it protects
    /// re-sealed, and new grants for every holder that still qualifies — one transaction, so a process
    /// killed midway leaves the old key and data as they were.
    pub fn rotate_key(
        &mut self,
        kind: GrantKind,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<RotationReport> {
        let mut entry = self.entry(Action::KeysRotated, Outcome::Allowed);
        entry.flagged = true;
        let new = self.next_key(kind)?;
        let (report, new) = self.perform(
            Operation::RotateKeys,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let report = rotate_in(ctx, &new, progress)?;
                entry.detail = Some(report.detail());
                Ok((report, new))
            },
        )?;
        self.keys.set_domain(new);
        tracing::info!(kind = kind.as_str(), epoch = report.epoch, "key rotated");
        Ok(report)
    }

    /// A fresh key at the epoch after the vault's current one.
    pub(super) fn next_key(&mut self, kind: GrantKind) -> Result<DomainKey> {
        let tx = self.store.begin()?;
        Ok(DomainKey::generate(kind, current_epoch(&*tx, kind)? + 1))
    }

    /// Runs every rotation that is due (called right after login).
    pub fn rotate_due(
        &mut self,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<RotationReport>> {
        let mut out = Vec::new();
        for kind in self.rotation_due()? {
            out.push(self.rotate_key(kind, progress)?);
        }
        Ok(out)
    }
}

impl crate::auth::UserInfo {
    /// The locator under which this session's holder has envelopes.
    pub(crate) fn slot_locator_or_recovery(&self) -> String {
        if self.role == Role::Recovery {
            RECOVERY_LOCATOR.to_string()
        } else {
            self.slot_locator.clone()
        }
    }
}

/// True when the holder of `g` may keep holding this key: the recovery slot, or an active account of a
/// role that holds it, past its first login, whose public key is the one the grant was sealed to.
pub(crate) fn holder_still_eligible(tx: &dyn crate::storage::Tx, g: &GrantRow) -> Result<bool> {
    if g.locator == RECOVERY_LOCATOR {
        let public: Option<PublicKeys> = settings::get_json(tx, names::RECOVERY_PUBLIC)?;
        return Ok(public.is_some_and(|p| p.exchange == g.recipient));
    }
    Ok(tx.user_by_locator(&g.locator)?.is_some_and(|u| {
        !u.disabled
            && !u.must_change_password
            && u.role.needs_keys().contains(&g.kind)
            && u.public.is_some_and(|p| p.exchange == g.recipient)
    }))
}

impl RotationReport {
    pub(super) fn detail(&self) -> String {
        format!(
            "{} key epoch {} holders {} dropped {}",
            self.kind, self.epoch, self.holders, self.dropped
        )
    }
}

/// The rotation itself, inside an operation's transaction: re-seals, re-grants, moves the epoch.
pub(super) fn rotate_in(
    ctx: &Ctx<'_>,
    new: &DomainKey,
    progress: &mut dyn FnMut(Progress),
) -> Result<RotationReport> {
    let kind = new.kind;
    let old = ctx.keys.domain(kind).ok_or(Error::NoDataAccess {
        what: "the key to rotate",
    })?;
    let persons = reseal_all(ctx, kind, new, progress)?;
    let (holders, dropped) = regrant(ctx, old, new)?;
    ctx.tx
        .set_setting(epoch_key(kind), &new.epoch.to_string())?;
    ctx.tx.delete_setting(pending_key(kind))?;
    Ok(RotationReport {
        kind: kind.as_str(),
        epoch: new.epoch,
        persons,
        holders,
        dropped,
    })
}

/// Re-seals what `kind` protects under `new`.
fn reseal_all(
    ctx: &Ctx<'_>,
    kind: GrantKind,
    new: &DomainKey,
    progress: &mut dyn FnMut(Progress),
) -> Result<u64> {
    let ids = ctx.tx.person_ids()?;
    let total = ids.len() as u64;
    if kind == GrantKind::Reception {
        // The register is rebuilt from the records (their stored slow hashes).
        for row in ctx.tx.register_rows()? {
            ctx.tx.delete_register_row(row.id)?;
        }
    }
    for (i, id) in ids.into_iter().enumerate() {
        let row = ctx
            .tx
            .person_by_id(id)?
            .ok_or_else(|| Error::damaged("a person vanished during rotation"))?;
        let mut p = unseal(ctx, row)?;
        match kind {
            GrantKind::Records => {
                let tokens = seal_into_row(ctx.vault_id, new, &mut p)?;
                ctx.tx.update_person(&p.row)?;
                ctx.tx.set_name_tokens(p.row.id, &tokens)?;
            }
            GrantKind::Reception => register_person(ctx.tx, ctx.vault_id, new, &p)?,
        }
        if i % 500 == 0 || i as u64 + 1 == total {
            progress(Progress {
                done: i as u64 + 1,
                total,
            });
        }
    }
    Ok(total)
}

/// Seals `new` to every holder whose grant under `old` is genuine and who still qualifies.
fn regrant(ctx: &Ctx<'_>, old: &DomainKey, new: &DomainKey) -> Result<(usize, usize)> {
    let mut kept = 0;
    let mut dropped = 0;
    for g in ctx.tx.grants(old.kind)? {
        let genuine = grants::endorsement_holds(ctx.vault_id, old, &g);
        if genuine && holder_still_eligible(ctx.tx, &g)? {
            let public = PublicKeys {
                exchange: g.recipient,
                signing: [0; 32],
            };
            let granted_by = if g.locator == RECOVERY_LOCATOR {
                announce::RECOVERY.to_string()
            } else {
                g.granted_by.clone()
            };
            ctx.tx.put_grant(&grants::seal(
                ctx.vault_id,
                new,
                &g.locator,
                &public,
                &granted_by,
            ))?;
            kept += 1;
        } else {
            ctx.tx.delete_grant(&g.locator, g.kind)?;
            dropped += 1;
        }
    }
    Ok((kept, dropped))
}
