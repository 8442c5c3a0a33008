//! Key announcements: log entries that say which signing key a user has from then on. The verifier
//! replays them to know whose key must have signed each checkpoint, so nobody can re-sign a rewritten
//! log with keys of their own. An announcement is itself signed — by the user (their first password,
//! a change of keys), by an administrator (a new account, a reset) or by the recovery slot — so someone
//! who holds only the database key cannot announce keys for others.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::auth::Role;
use crate::canonical::Canonical;

/// The name under which the recovery slot signs.
pub const RECOVERY: &str = "(recovery)";
/// The name of the first format's single vault signing key (checkpoints written before migration).
pub const LEGACY: &str = "(vault key, first format)";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub user: String,
    /// `None` for the recovery slot and the legacy key.
    pub role: Option<Role>,
    pub signing: [u8; 32],
    /// The key that signed this announcement.
    pub by: [u8; 32],
    pub signature: [u8; 64],
}

fn message(vault_id: &str, user: &str, role: Option<Role>, signing: &[u8; 32]) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/key-announcement/v1");
    c.str(vault_id)
        .str(user)
        .opt_str(role.map(Role::as_str))
        .bytes(signing);
    c.finish().to_vec()
}

impl Announcement {
    pub fn new(
        vault_id: &str,
        user: &str,
        role: Option<Role>,
        signing: [u8; 32],
        by: &SigningKey,
    ) -> Self {
        let sig = by.sign(&message(vault_id, user, role, &signing));
        Announcement {
            user: user.to_string(),
            role,
            signing,
            by: by.verifying_key().to_bytes(),
            signature: sig.to_bytes(),
        }
    }

    pub fn signature_holds(&self, vault_id: &str) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.by) else {
            return false;
        };
        key.verify(
            &message(vault_id, &self.user, self.role, &self.signing),
            &Signature::from_bytes(&self.signature),
        )
        .is_ok()
    }

    /// As written to an entry's `detail`. The user name comes last: it may contain spaces.
    pub fn to_detail(&self) -> String {
        format!(
            "keys signing={} by={} sig={} role={} user={}",
            hex::encode(self.signing),
            hex::encode(self.by),
            hex::encode(self.signature),
            self.role.map(Role::as_str).unwrap_or("-"),
            self.user
        )
    }

    pub fn parse(detail: &str) -> Option<Announcement> {
        let rest = detail.strip_prefix("keys signing=")?;
        let (signing, rest) = rest.split_once(" by=")?;
        let (by, rest) = rest.split_once(" sig=")?;
        let (sig, rest) = rest.split_once(" role=")?;
        let (role, user) = rest.split_once(" user=")?;
        let role = match role {
            "-" => None,
            r => Some(Role::parse(r)?),
        };
        Some(Announcement {
            user: user.to_string(),
            role,
            signing: hex::decode(signing).ok()?.try_into().ok()?,
            by: hex::decode(by).ok()?.try_into().ok()?,
            signature: hex::decode(sig).ok()?.try_into().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_forgery_is_caught() {
        let admin = SigningKey::generate(&mut rand::rngs::OsRng);
        let new = SigningKey::generate(&mut rand::rngs::OsRng);
        let a = Announcement::new(
            "v",
            "Åsa Lind",
            Some(Role::Handlaggare),
            new.verifying_key().to_bytes(),
            &admin,
        );
        let back = Announcement::parse(&a.to_detail()).unwrap();
        assert_eq!(back, a);
        assert!(back.signature_holds("v"));
        assert!(!back.signature_holds("other vault"));
        let mut forged = back.clone();
        forged.user = "someone else".into();
        assert!(!forged.signature_holds("v"));
        assert!(Announcement::parse("keys signing=zz").is_none());
    }
}
