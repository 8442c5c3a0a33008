//! The desk's own log: hash-chained entries holding the time, the operator, what was done, the result
//! class and — for a lookup — only a hash of the query under a key of the desk's own (so repeats show,
//! values never); the head signed with the desk's key. Exported as a bundle for the log reviewer.

use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::canonical::Canonical;
use crate::crypto::{PublicKeys, UserKeys};
use crate::error::{Error, Result};

pub const BUNDLE_FORMAT: &str = "skyddsvalv-desk-log";

crate::named! {
    /// What a desk entry records.
    pub enum DeskAction {
        Installed = "installed",
        Refused = "install_refused",
        Lookup = "lookup",
    }
}

crate::named! {
    /// A lookup's result class (never the answer).
    pub enum DeskResult {
        Hit = "hit",
        Miss = "miss",
        Invalid = "invalid",
        RateLimited = "rate_limited",
        Done = "done",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeskEntry {
    pub seq: u64,
    pub at: String,
    pub operator: String,
    pub action: DeskAction,
    pub result: DeskResult,
    /// HMAC of the canonical query under the desk's log key (hex); lookups only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// For an install: the register's vault and sequence number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub prev: String,
    pub hash: String,
}

/// The log on disk and as a bundle: entries, the desk's public keys and a signature over the head.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeskLog {
    pub format: String,
    pub desk: PublicKeys,
    pub entries: Vec<DeskEntry>,
    #[serde(default)]
    pub signature: String,
}

const GENESIS: [u8; 32] = [0; 32];

fn entry_hash(e: &DeskEntry) -> String {
    let mut c = Canonical::new("skyddsvalv/desk-log/entry/v1");
    c.u64(e.seq)
        .str(&e.at)
        .str(&e.operator)
        .str(e.action.as_str())
        .str(e.result.as_str())
        .str(e.query.as_deref().unwrap_or(""))
        .str(e.detail.as_deref().unwrap_or(""))
        .str(&e.prev);
    hex::encode(Sha256::digest(c.finish()))
}

fn head_bytes(desk: &PublicKeys, seq: u64, hash: &str) -> Vec<u8> {
    Canonical::new("skyddsvalv/desk-log/head/v1")
        .bytes(&desk.signing)
        .u64(seq)
        .str(hash)
        .finish()
        .to_vec()
}

/// A desk log that does not verify, from entry `seq` on (the messages are for `tracing` only).
fn broken(seq: u64, what: &'static str) -> Error {
    tracing::warn!(seq, what, "desk log verification failed");
    Error::LogBroken { seq }
}

impl DeskLog {
    pub fn new(desk: PublicKeys) -> DeskLog {
        DeskLog {
            format: BUNDLE_FORMAT.into(),
            desk,
            entries: Vec::new(),
            signature: String::new(),
        }
    }

    /// Appends an entry and signs the new head.
    pub fn append(
        &mut self,
        keys: &UserKeys,
        operator: &str,
        action: DeskAction,
        result: DeskResult,
        query: Option<String>,
        detail: Option<String>,
    ) {
        let prev = self
            .entries
            .last()
            .map(|e| e.hash.clone())
            .unwrap_or_else(|| hex::encode(GENESIS));
        let mut e = DeskEntry {
            seq: self.entries.len() as u64 + 1,
            at: crate::time::now_rfc3339(),
            operator: operator.to_string(),
            action,
            result,
            query,
            detail,
            prev,
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        let head = head_bytes(&self.desk, e.seq, &e.hash);
        self.entries.push(e);
        self.signature = hex::encode(keys.signing().sign(&head).to_bytes());
    }

    /// Walks the chain and checks the signed head.
    pub fn verify(&self) -> Result<()> {
        if self.format != BUNDLE_FORMAT {
            return Err(broken(1, "this is not a desk log"));
        }
        let mut prev = hex::encode(GENESIS);
        for (i, e) in self.entries.iter().enumerate() {
            if e.seq != i as u64 + 1 || e.prev != prev || entry_hash(e) != e.hash {
                return Err(broken(
                    i as u64 + 1,
                    "an entry was changed, removed or inserted",
                ));
            }
            prev = e.hash.clone();
        }
        let Some(last) = self.entries.last() else {
            return Ok(());
        };
        let sig: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| broken(last.seq, "the head is not signed"))?;
        VerifyingKey::from_bytes(&self.desk.signing)
            .map_err(|_| broken(last.seq, "the desk's key is malformed"))?
            .verify(
                &head_bytes(&self.desk, last.seq, &last.hash),
                &Signature::from_bytes(&sig),
            )
            .map_err(|_| broken(last.seq, "the head signature does not hold"))
    }

    /// Lookups since `since` (RFC 3339), for the desk's hourly limit. As in the vault, text that is
    /// no lookup (a wrong check digit) does not use one up.
    pub fn lookups_since(&self, since: &str) -> usize {
        self.entries
            .iter()
            .rev()
            .take_while(|e| e.at.as_str() >= since)
            .filter(|e| {
                e.action == DeskAction::Lookup
                    && matches!(e.result, DeskResult::Hit | DeskResult::Miss)
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_entry_or_head_is_caught() {
        let keys = UserKeys::generate();
        let mut log = DeskLog::new(keys.public());
        for r in [DeskResult::Hit, DeskResult::Miss, DeskResult::Miss] {
            log.append(&keys, "rut", DeskAction::Lookup, r, Some("ab".into()), None);
        }
        assert!(log.verify().is_ok());
        let mut changed = log.clone();
        changed.entries[1].result = DeskResult::Hit;
        assert!(changed.verify().is_err());
        let mut cut = log.clone();
        cut.entries.pop();
        assert!(
            cut.verify().is_err(),
            "a dropped last entry leaves the signed head unmatched"
        );
        let mut resigned = log.clone();
        resigned.desk = UserKeys::generate().public();
        assert!(resigned.verify().is_err());
    }
}
