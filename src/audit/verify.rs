//! The verifier: walks the whole chain, replays the key announcements to know whose key must have signed
//! each checkpoint, checks every checkpoint (inside, and the one beside the vault) entry by entry, and
//! checks the head this reviewer pinned last time.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::announce::{self, Announcement};
use super::checkpoint::{self, Outside};
use super::entry::{Action, GENESIS};
use crate::auth::Role;
use crate::error::Result;
use crate::storage::{CheckpointRow, Tx};

/// What a reviewer keeps in their own OS keyring after a verification that held: the head and every
/// user's signing key at that head. A later log that does not extend it is reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    pub seq: u64,
    pub head_hash: String,
    pub at: String,
    pub keys: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verification {
    pub entries: u64,
    pub checkpoints: usize,
    /// The sequence number the outside checkpoint vouches for, when there is one.
    pub outside_checkpoint: Option<u64>,
    /// The head this reviewer had pinned before, when there was one.
    pub pinned: Option<u64>,
    /// The entry where an administrator accepted a restored log, when the pin was excused by it.
    pub restore_accepted: Option<u64>,
    /// The first entry that is not vouched for, when the log is broken.
    pub broken_at: Option<u64>,
    pub problem: Option<String>,
    /// The incident that holds the break (opened as a draft by the first verification that found it).
    pub incident: Option<String>,
    #[serde(skip)]
    pub head: (u64, Vec<u8>),
    #[serde(skip)]
    pub keys: BTreeMap<String, String>,
}

impl Verification {
    pub fn holds(&self) -> bool {
        self.broken_at.is_none()
    }

    /// The pin to keep after this verification.
    pub fn pin(&self, at: &str) -> Pin {
        Pin {
            seq: self.head.0,
            head_hash: hex::encode(&self.head.1),
            at: at.to_string(),
            keys: self.keys.clone(),
        }
    }
}

/// One announced key: from which entry on, the role it was announced with, the key.
type Announced = (u64, Option<Role>, [u8; 32]);

#[derive(Default)]
struct Keys {
    /// Per user, in log order.
    history: HashMap<String, Vec<Announced>>,
}

impl Keys {
    fn at(&self, user: &str, seq: u64) -> Option<[u8; 32]> {
        self.history
            .get(user)?
            .iter()
            .rev()
            .find(|(from, _, _)| *from <= seq)
            .map(|(_, _, k)| *k)
    }

    /// May this announcement stand? A user's first key may be self-signed (the vault's first entry,
    /// an account from the first format); after that only the user's current key, an administrator's
    /// current key, or the recovery slot's may announce a new one.
    fn authorised(&self, a: &Announcement) -> bool {
        let known = self.history.get(&a.user).is_some_and(|h| !h.is_empty());
        if !known && a.by == a.signing {
            return true;
        }
        self.history.iter().any(|(name, h)| {
            let Some((_, role, key)) = h.last() else {
                return false;
            };
            *key == a.by
                && (*name == a.user || *role == Some(Role::Admin) || name == announce::RECOVERY)
        })
    }

    fn snapshot(&self) -> BTreeMap<String, String> {
        self.history
            .iter()
            .filter_map(|(u, h)| h.last().map(|(_, _, k)| (u.clone(), hex::encode(k))))
            .collect()
    }
}

struct Findings {
    first: Option<(u64, String)>,
}

impl Findings {
    fn fail(&mut self, seq: u64, problem: impl Into<String>) {
        let seq = seq.max(1);
        if self.first.as_ref().is_none_or(|(s, _)| seq < *s) {
            self.first = Some((seq, problem.into()));
        }
    }
}

struct Lock {
    seq: u64,
    actor: String,
    superseded: bool,
}

/// Marks a `lock` entry whose session's keys were replaced meanwhile (a reset): it has no checkpoint.
pub const SUPERSEDED: &str = "keys superseded";

pub fn verify(
    tx: &dyn Tx,
    vault_id: &str,
    outside: &Outside,
    pin: Option<&Pin>,
) -> Result<Verification> {
    let mut found = Findings { first: None };
    let mut hashes: Vec<[u8; 32]> = Vec::new();
    let mut keys = Keys::default();
    let mut locks: Vec<Lock> = Vec::new();
    let mut legacy_until: Option<u64> = None;
    let mut prev = GENESIS.to_vec();
    let mut expected_seq = 1u64;
    let mut chain_ok = true;
    let mut buf = Vec::with_capacity(512);
    // Restores, and administrators' acceptances of them: (seq, actor, role, at).
    let mut restores: Vec<u64> = Vec::new();
    let mut accepts: Vec<(u64, String, String, String)> = Vec::new();

    tx.log_walk(1, &mut |e| {
        if e.action == Action::VaultRestored.as_str() {
            restores.push(e.seq);
        } else if e.action == Action::RestoreAccepted.as_str() {
            accepts.push((
                e.seq,
                e.actor.to_string(),
                e.role.to_string(),
                e.at.to_string(),
            ));
        }
        if chain_ok {
            if e.seq != expected_seq {
                found.fail(expected_seq, "an entry is missing or was inserted");
                chain_ok = false;
            } else if e.prev_hash != prev.as_slice() {
                found.fail(e.seq, "the entry does not link to the one before it");
                chain_ok = false;
            } else if e.expected_hash_with(&mut buf)[..] != *e.hash {
                found.fail(e.seq, "the entry was altered");
                chain_ok = false;
            }
        }
        let mut h = [0u8; 32];
        if e.hash.len() == 32 {
            h.copy_from_slice(e.hash);
        }
        // Index by position, so a gap shifts what the checkpoints compare against (and is caught).
        hashes.push(h);
        if let Some(detail) = e.detail {
            for line in detail.lines().filter(|l| l.starts_with("keys ")) {
                match Announcement::parse(line) {
                    Some(a) if a.signature_holds(vault_id) && keys.authorised(&a) => {
                        if a.user == announce::LEGACY {
                            legacy_until = Some(e.seq);
                        }
                        keys.history
                            .entry(a.user.clone())
                            .or_default()
                            .push((e.seq, a.role, a.signing));
                    }
                    _ => found.fail(
                        e.seq,
                        "a key announcement is not signed by a key allowed to",
                    ),
                }
            }
        }
        if e.action == Action::Lock.as_str() {
            locks.push(Lock {
                seq: e.seq,
                actor: e.actor.to_string(),
                superseded: e.purpose == Some(SUPERSEDED),
            });
        }
        prev.clear();
        prev.extend_from_slice(e.hash);
        expected_seq = e.seq + 1;
        Ok(true)
    })?;
    let last_seq = hashes.len() as u64;
    let hash_at = |seq: u64| -> Option<&[u8; 32]> {
        (seq >= 1).then(|| hashes.get((seq - 1) as usize)).flatten()
    };

    let inside = tx.checkpoints()?;
    let mut good_checkpoints: Vec<u64> = vec![0];
    let mut good_rows: Vec<&CheckpointRow> = Vec::new();
    for c in &inside {
        if check_checkpoint(
            c,
            vault_id,
            &keys,
            legacy_until,
            last_seq,
            &hash_at,
            &mut found,
        ) {
            good_checkpoints.push(c.seq);
            good_rows.push(c);
        }
    }
    // An acceptance counts only from an administrator, after a restore, and vouched for by a good
    // checkpoint its own actor signed: a program with the database key cannot append one that holds.
    let accepted: Option<(u64, String)> = accepts
        .iter()
        .filter(|(seq, actor, role, _)| {
            role == Role::Admin.as_str()
                && restores.iter().any(|r| r < seq)
                && good_rows
                    .iter()
                    .any(|c| c.from_seq < *seq && *seq <= c.seq && c.signer == *actor)
        })
        .map(|(seq, _, _, at)| (*seq, at.clone()))
        .max();
    let last_good_before = |seq: u64| -> u64 {
        good_checkpoints
            .iter()
            .copied()
            .filter(|s| *s < seq)
            .max()
            .unwrap_or(0)
    };
    // Sessions of the first format ended without checkpoints of their own user: the rule starts at
    // the migration.
    let rule_from = legacy_until.unwrap_or(0);
    for lock in locks.iter().filter(|l| !l.superseded && l.seq > rule_from) {
        let signed = inside
            .iter()
            .any(|c| c.seq == lock.seq && c.signer == lock.actor);
        if !signed {
            // Reported at the lock entry: a changed entry before it is found by the checkpoints.
            found.fail(
                lock.seq,
                format!(
                    "the session of {} ending at entry {} has no checkpoint signed by them",
                    lock.actor, lock.seq
                ),
            );
        }
    }

    let newest_inside = inside.iter().map(|c| c.seq).max();
    let outside_seq =
        match outside {
            Outside::Missing => {
                if let Some(seq) = newest_inside {
                    found.fail(
                        seq,
                        "the checkpoint beside the vault (checkpoint.json) is missing",
                    );
                }
                None
            }
            Outside::Unreadable => {
                found.fail(
                    newest_inside.unwrap_or(last_seq),
                    "the checkpoint beside the vault (checkpoint.json) is unreadable",
                );
                None
            }
            Outside::Present(o) => {
                match o.to_row(tx)?.filter(|_| o.vault_id == vault_id) {
                None => found.fail(
                    1,
                    "the checkpoint beside the vault belongs to another vault or an unknown signer",
                ),
                Some(row) => {
                    check_checkpoint(
                        &row, vault_id, &keys, legacy_until, last_seq, &hash_at, &mut found,
                    );
                    if newest_inside.is_some_and(|n| n > row.seq) {
                        found.fail(
                            row.seq + 1,
                            "the checkpoint beside the vault is older than the vault's own",
                        );
                    }
                }
            }
                Some(o.seq)
            }
        };

    // A pin taken before an accepted restore is not held against the restored log.
    let excused = pin.and_then(|p| {
        accepted
            .as_ref()
            .filter(|(_, at)| p.at.as_str() < at.as_str())
            .map(|(seq, _)| *seq)
    });
    if let Some(p) = pin.filter(|_| excused.is_none()) {
        match hash_at(p.seq) {
            None => found.fail(
                last_seq + 1,
                format!(
                    "the log is shorter than the head you verified on {} (entry {})",
                    p.at, p.seq
                ),
            ),
            Some(h) if hex::encode(h) != p.head_hash => found.fail(
                last_good_before(p.seq + 1).min(p.seq) + 1,
                format!(
                    "the log no longer extends the head you verified on {} (entry {})",
                    p.at, p.seq
                ),
            ),
            Some(_) => {
                for (user, key) in &p.keys {
                    let now = keys
                        .history
                        .get(user)
                        .and_then(|_| keys.at(user, p.seq))
                        .map(hex::encode);
                    if now.as_deref() != Some(key.as_str()) {
                        found.fail(
                            p.seq,
                            format!("the signing key of {user} differs from the one you pinned"),
                        );
                    }
                }
            }
        }
    }

    let (broken_at, problem) = match found.first {
        Some((s, p)) => (Some(s), Some(p)),
        None => (None, None),
    };
    if let Some(seq) = broken_at {
        tracing::warn!(seq, "access log verification failed");
    }
    let head_hash = hash_at(last_seq)
        .map(|h| h.to_vec())
        .unwrap_or_else(|| GENESIS.to_vec());
    Ok(Verification {
        entries: last_seq,
        checkpoints: inside.len(),
        outside_checkpoint: outside_seq,
        pinned: pin.map(|p| p.seq),
        restore_accepted: excused,
        broken_at,
        problem,
        incident: None,
        head: (last_seq, head_hash),
        keys: keys.snapshot(),
    })
}

/// Checks one checkpoint against the walked chain; true when it holds.
fn check_checkpoint<'h>(
    c: &CheckpointRow,
    vault_id: &str,
    keys: &Keys,
    legacy_until: Option<u64>,
    last_seq: u64,
    hash_at: &dyn Fn(u64) -> Option<&'h [u8; 32]>,
    found: &mut Findings,
) -> bool {
    let first_covered = c.from_seq + 1;
    let expected_key = if c.signer == announce::LEGACY {
        keys.at(announce::LEGACY, u64::MAX)
            .filter(|_| legacy_until.is_some_and(|m| c.seq <= m))
    } else {
        keys.at(&c.signer, c.seq)
    };
    if expected_key != Some(c.signer_key) || !checkpoint::signature_holds(vault_id, c) {
        found.fail(
            first_covered,
            format!(
                "a checkpoint claimed to be signed by {} does not hold under their key",
                c.signer
            ),
        );
        return false;
    }
    if c.seq > last_seq {
        found.fail(
            last_seq + 1,
            "the log ends before a signed checkpoint (truncated, or an older copy)",
        );
        return false;
    }
    if c.seq == 0 {
        return true;
    }
    // Entry by entry, so a change is reported where it happened.
    if c.signer != announce::LEGACY {
        if c.entry_hashes.len() as u64 != (c.seq.saturating_sub(c.from_seq)) * 32 {
            found.fail(first_covered, "a checkpoint's list of entries is malformed");
            return false;
        }
        for (i, signed) in c.entry_hashes.chunks(32).enumerate() {
            let seq = c.from_seq + 1 + i as u64;
            if hash_at(seq).map(|h| &h[..]) != Some(signed) {
                found.fail(
                    seq,
                    format!("the log differs from what {} signed", c.signer),
                );
                return false;
            }
        }
    }
    if hash_at(c.seq).map(|h| &h[..]) != Some(&c.head_hash[..]) {
        found.fail(c.seq, "the log differs from a signed checkpoint");
        return false;
    }
    true
}
