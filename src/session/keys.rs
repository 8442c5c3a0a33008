//! Keeping a session's keys current: after someone else re-keys the database (an account was removed)
//! or rotates the records or reception key, an open session follows with its own key pair instead of
//! failing; a session whose access was taken away loses the key.

use super::rotation::current_epoch;
use super::Session;
use crate::crypto::UserKeys;
use crate::error::{Error, Result};
use crate::keys::{grants, DomainKey};
use crate::records::sealed;
use crate::storage::{GrantKind, Tx};
use crate::vault::keyslots::KeyslotFile;

/// Opens and checks this holder's grant of `kind`: sealed to this account's own key, endorsed under
/// the key it carries, of the vault's current epoch, and — for the records key — opening the vault's
/// existing records (so a key planted by someone with database access is not used). `None` when there
/// is no grant; `Some(Err(why))` when there is one that does not check out.
pub(crate) fn checked_grant(
    tx: &dyn Tx,
    vault_id: &str,
    locator: &str,
    me: &UserKeys,
    kind: GrantKind,
) -> Result<Option<std::result::Result<DomainKey, &'static str>>> {
    let Some(row) = tx.grant(locator, kind)? else {
        return Ok(None);
    };
    let epoch = current_epoch(tx, kind)?;
    let checked = grants::open(vault_id, &row, me)
        .map_err(|r| r.as_str())
        .and_then(|k| {
            if k.epoch != epoch {
                return Err("the grant is for another key epoch than the vault's");
            }
            Ok(k)
        });
    let checked = match checked {
        Ok(k) if kind == GrantKind::Records && !opens_existing_records(tx, vault_id, &k)? => {
            Err("the granted key does not open the vault's records")
        }
        other => other,
    };
    Ok(Some(checked))
}

/// True when the key opens the first stored person (or there is none yet).
fn opens_existing_records(tx: &dyn Tx, vault_id: &str, key: &DomainKey) -> Result<bool> {
    let Some(id) = tx.person_ids()?.into_iter().next() else {
        return Ok(true);
    };
    let row = tx
        .person_by_id(id)?
        .ok_or_else(|| Error::damaged("a person vanished"))?;
    Ok(sealed::open(
        vault_id,
        key,
        &row.person_ref,
        row.epoch,
        &row.nonce,
        &row.sealed,
    )
    .is_ok())
}

impl Session {
    /// Run before every operation: follows a re-keyed database and refreshes the domain keys.
    pub(super) fn ready(&mut self) -> Result<()> {
        if let Err(e) = self.store.probe() {
            if !self.follow_rekey()? {
                return Err(e);
            }
        }
        self.refresh_domain_keys()
    }

    /// The database no longer opens with our key: if our envelope for a newer epoch does, switch.
    fn follow_rekey(&mut self) -> Result<bool> {
        let file = KeyslotFile::load(&self.paths.keyslots())?;
        let locator = self.user.slot_locator_or_recovery();
        for (epoch, key) in file.database_keys_for(&locator, &self.keys.user) {
            if epoch > self.keys.database_epoch && self.store.reopen(&key).is_ok() {
                self.keys.database = key;
                self.keys.database_epoch = epoch;
                tracing::info!(epoch, "followed a database re-key");
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn refresh_domain_keys(&mut self) -> Result<()> {
        let needs = self.user.role.needs_keys();
        if needs.is_empty() {
            return Ok(());
        }
        let locator = self.user.slot_locator_or_recovery();
        let Session {
            store,
            keys,
            vault_id,
            ..
        } = self;
        let tx = store.begin()?;
        for &kind in needs {
            let current = current_epoch(&*tx, kind)?;
            if keys.domain(kind).is_some_and(|k| k.epoch == current) {
                continue;
            }
            match checked_grant(&*tx, vault_id, &locator, &keys.user, kind)? {
                Some(Ok(k)) => keys.set_domain(k),
                // Rotated without us (our access was taken away), or never granted yet.
                _ => keys.clear_domain(kind),
            }
        }
        Ok(())
    }
}
