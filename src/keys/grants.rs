//! Sealing a domain key to a holder, and checking a grant before trusting it.

use super::DomainKey;
use crate::canonical::Canonical;
use crate::crypto::{envelope, PublicKeys, UserKeys};
use crate::storage::{GrantKind, GrantRow};
use crate::time::now_rfc3339;

fn context(vault_id: &str, locator: &str, kind: GrantKind, epoch: u32) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/grant/v1");
    c.str(vault_id)
        .str(locator)
        .str(kind.as_str())
        .u64(epoch.into());
    c.finish().to_vec()
}

/// The MAC under the key itself over the holder and their public key. Someone with only database
/// access cannot make one, so a rotation seals the new key only to holders whose grant carries it.
pub fn endorsement(
    vault_id: &str,
    key: &DomainKey,
    locator: &str,
    recipient: &[u8; 32],
) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/grant-endorsement/v1");
    c.bytes(&context(vault_id, locator, key.kind, key.epoch))
        .bytes(recipient);
    key.sub("endorse").mac(c.finish()).to_vec()
}

pub fn seal(
    vault_id: &str,
    key: &DomainKey,
    locator: &str,
    recipient: &PublicKeys,
    granted_by: &str,
) -> GrantRow {
    GrantRow {
        locator: locator.to_string(),
        kind: key.kind,
        epoch: key.epoch,
        recipient: recipient.exchange,
        envelope: envelope::seal_to(
            &recipient.exchange,
            key.key().expose(),
            &context(vault_id, locator, key.kind, key.epoch),
        ),
        endorsement: endorsement(vault_id, key, locator, &recipient.exchange),
        granted_by: granted_by.to_string(),
        granted_at: now_rfc3339(),
    }
}

/// Why a grant was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// Sealed to another public key than this user's own (a key swapped in the database).
    NotForMe,
    /// It does not open, or its endorsement does not hold under the key it carries.
    Forged,
}

impl Rejected {
    pub fn as_str(self) -> &'static str {
        match self {
            Rejected::NotForMe => "the grant is sealed to another public key than this account's",
            Rejected::Forged => "the grant does not open or its endorsement does not hold",
        }
    }
}

/// Opens a grant with the holder's own keys and checks its endorsement.
pub fn open(vault_id: &str, row: &GrantRow, me: &UserKeys) -> Result<DomainKey, Rejected> {
    if row.recipient != me.public().exchange {
        return Err(Rejected::NotForMe);
    }
    let key = envelope::open_key(
        &row.envelope,
        me.exchange(),
        &context(vault_id, &row.locator, row.kind, row.epoch),
    )
    .ok_or(Rejected::Forged)?;
    let key = DomainKey::from_key(row.kind, row.epoch, key);
    if !endorsement_holds(vault_id, &key, row) {
        return Err(Rejected::Forged);
    }
    Ok(key)
}

/// True when `row` was endorsed under `key` (same kind and epoch).
pub fn endorsement_holds(vault_id: &str, key: &DomainKey, row: &GrantRow) -> bool {
    use subtle_eq::ct_eq;
    row.kind == key.kind
        && row.epoch == key.epoch
        && ct_eq(
            &endorsement(vault_id, key, &row.locator, &row.recipient),
            &row.endorsement,
        )
}

mod subtle_eq {
    /// Constant-time comparison of two MACs.
    pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_opens_for_its_holder_only_and_endorsements_bind() {
        let holder = UserKeys::generate();
        let other = UserKeys::generate();
        let key = DomainKey::generate(GrantKind::Records, 1);
        let g = seal("v", &key, "loc", &holder.public(), "hanna");
        let opened = open("v", &g, &holder).unwrap();
        assert_eq!(opened.key().expose(), key.key().expose());
        assert_eq!(open("v", &g, &other).unwrap_err(), Rejected::NotForMe);
        // Someone with database access plants a key of their own choosing for `holder`.
        let planted = DomainKey::generate(GrantKind::Records, 1);
        let mut forged = seal("v", &planted, "loc", &holder.public(), "x");
        forged.endorsement = g.endorsement.clone();
        assert_eq!(open("v", &forged, &holder).unwrap_err(), Rejected::Forged);
        let mut moved = g.clone();
        moved.locator = "other".into();
        assert!(open("v", &moved, &holder).is_err());
        assert!(endorsement_holds("v", &key, &g));
        assert!(!endorsement_holds("v", &planted, &g));
    }
}
