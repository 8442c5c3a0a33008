//! The steps every unlock shares: the database key from this holder's envelopes, the store, and the
//! records and reception keys from the holder's grants — each checked before it is trusted.

use std::sync::Arc;

use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::auth::{Role, UserInfo};
use crate::crypto::{KdfParams, Key32, UserKeys};
use crate::error::{Error, Result};
use crate::keys::{DomainKey, SessionKeys};
use crate::session::checked_grant;
use crate::settings::{self, keys as names};
use crate::storage::sqlite::SqliteStorage;
use crate::storage::{GrantKind, Storage, Tx};
use crate::vault::keyslots::KeyslotFile;
use crate::vault::Vault;

/// Opens the database with the newest of the holder's database keys that opens it.
pub(super) fn open_store(
    vault: &Vault,
    file: &KeyslotFile,
    locator: &str,
    me: &UserKeys,
) -> Result<(Box<dyn Storage>, Key32, u32)> {
    let candidates = file.database_keys_for(locator, me);
    if candidates.is_empty() {
        return Err(Error::SlotTampered {
            what: "no database key is sealed to this account",
        });
    }
    let mut last = None;
    for (epoch, key) in candidates {
        match SqliteStorage::open(&vault.paths().database(), &key) {
            Ok(store) => return Ok((Box::new(store), key, epoch)),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::damaged("the database does not open")))
}

/// The records and reception keys this holder was granted, each checked (see
/// `session::checked_grant`). A grant that fails is logged and flagged, and not used.
pub(super) fn open_grants(
    tx: &dyn Tx,
    vault_id: &str,
    locator: &str,
    me: &UserKeys,
    actor: &UserInfo,
) -> Result<(Option<DomainKey>, Option<DomainKey>)> {
    let mut out = (None, None);
    for &kind in GrantKind::ALL {
        match checked_grant(tx, vault_id, locator, me, kind)? {
            None => {}
            Some(Ok(k)) => match kind {
                GrantKind::Records => out.0 = Some(k),
                GrantKind::Reception => out.1 = Some(k),
            },
            Some(Err(why)) => {
                let mut e = NewEntry::new(
                    &actor.name,
                    actor.role.as_str(),
                    Action::GrantRejected,
                    Outcome::Denied,
                );
                e.purpose = Some(why.to_string());
                e.fields = vec![kind.as_str().to_string()];
                e.flagged = true;
                chain::append(tx, &e)?;
                tracing::warn!(kind = kind.as_str(), "a key grant was rejected");
            }
        }
    }
    Ok(out)
}

/// Everything a session needs besides the store and its keys.
pub(super) fn kdf_params(tx: &dyn Tx) -> Result<KdfParams> {
    // A stored value that does not parse is damage, never a silent fallback to a weaker one.
    let p: KdfParams = settings::get_json(tx, names::KDF_PARAMS)?
        .ok_or_else(|| Error::damaged("the key derivation parameters are missing"))?;
    p.validate()
        .map_err(|_| Error::damaged("the stored key derivation parameters are out of range"))?;
    Ok(p)
}

pub(super) fn session_keys(
    database: Key32,
    database_epoch: u32,
    user: UserKeys,
    domains: (Option<DomainKey>, Option<DomainKey>),
    role: Role,
) -> SessionKeys {
    // A role keeps only the keys it may hold, whatever grants someone planted for it.
    let allowed = role.needs_keys();
    let keep = |k: Option<DomainKey>| k.filter(|k| allowed.contains(&k.kind));
    SessionKeys {
        database,
        database_epoch,
        user,
        records: keep(domains.0),
        reception: keep(domains.1),
    }
}

pub(super) fn device(vault: &Vault) -> Arc<crate::device::DeviceSecrets> {
    Arc::clone(vault.device())
}
