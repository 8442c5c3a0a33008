//! Walks the whole chain and checks every checkpoint against it.

use std::collections::HashMap;

use serde::Serialize;

use super::chain::{entry_from_row, SELECT_COLUMNS};
use super::checkpoint::{self, Checkpoint, ExternalCheckpoint};
use super::entry::GENESIS;
use crate::error::Result;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verification {
    pub entries: u64,
    pub checkpoints: usize,
    /// The sequence number the outside checkpoint vouches for, when there is one.
    pub outside_checkpoint: Option<u64>,
    /// The first entry that does not hold, when the log is broken.
    pub broken_at: Option<u64>,
    pub problem: Option<String>,
}

impl Verification {
    pub fn holds(&self) -> bool {
        self.broken_at.is_none()
    }
}

struct Walk {
    entries: u64,
    broken: Option<(u64, String)>,
    hashes_at: HashMap<u64, Vec<u8>>,
}

impl Walk {
    fn fail(&mut self, seq: u64, problem: impl Into<String>) {
        if self.broken.as_ref().is_none_or(|(s, _)| seq < *s) {
            self.broken = Some((seq, problem.into()));
        }
    }
}

pub fn verify(
    conn: &rusqlite::Connection,
    vault_id: &str,
    outside: Option<&ExternalCheckpoint>,
) -> Result<Verification> {
    let inside = checkpoint::internal(conn)?;
    let mut wanted: HashMap<u64, Vec<u8>> = HashMap::new();
    for cp in inside.iter().chain(outside.map(|o| &o.checkpoint)) {
        wanted.insert(cp.seq, Vec::new());
    }
    let mut walk = Walk {
        entries: 0,
        broken: None,
        hashes_at: wanted,
    };

    let mut stmt = conn.prepare(&format!(
        "SELECT {SELECT_COLUMNS} FROM audit_log ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_vec();
    let mut expected_seq = 1u64;
    while let Some(row) = rows.next()? {
        let e = entry_from_row(row)?;
        walk.entries += 1;
        if walk.broken.is_none() {
            if e.seq != expected_seq {
                walk.fail(expected_seq, "an entry is missing or was inserted");
            } else if e.prev_hash != prev {
                walk.fail(e.seq, "the entry does not link to the one before it");
            } else if e.expected_hash()[..] != e.hash[..] {
                walk.fail(e.seq, "the entry was altered");
            }
        }
        if let Some(slot) = walk.hashes_at.get_mut(&e.seq) {
            slot.clone_from(&e.hash);
        }
        prev = e.hash;
        expected_seq = e.seq + 1;
    }
    let last_seq = expected_seq - 1;

    let key = checkpoint::public_key(conn)?;
    for cp in &inside {
        check_checkpoint(&mut walk, cp, last_seq, || {
            checkpoint::signature_holds(cp, vault_id, &key)
        });
    }
    if let Some(o) = outside {
        let same_key = o.public_key == hex::encode(key.to_bytes()) && o.vault_id == vault_id;
        if !same_key {
            walk.fail(1, "the outside checkpoint belongs to another vault or key");
        }
        check_checkpoint(&mut walk, &o.checkpoint, last_seq, || {
            checkpoint::signature_holds(&o.checkpoint, vault_id, &key)
        });
    }

    let (broken_at, problem) = match walk.broken {
        Some((s, p)) => (Some(s), Some(p)),
        None => (None, None),
    };
    if let Some(seq) = broken_at {
        tracing::warn!(seq, "access log verification failed");
    }
    Ok(Verification {
        entries: walk.entries,
        checkpoints: inside.len(),
        outside_checkpoint: outside.map(|o| o.checkpoint.seq),
        broken_at,
        problem,
    })
}

fn check_checkpoint(
    walk: &mut Walk,
    cp: &Checkpoint,
    last_seq: u64,
    signature_ok: impl FnOnce() -> bool,
) {
    if !signature_ok() {
        walk.fail(cp.seq.max(1), "a checkpoint signature does not hold");
    } else if cp.seq > last_seq {
        walk.fail(
            last_seq + 1,
            "the log ends before a signed checkpoint (truncated or an older copy)",
        );
    } else if cp.seq > 0 {
        let actual = walk.hashes_at.get(&cp.seq).map(hex::encode);
        if actual.as_deref() != Some(cp.head_hash.as_str()) {
            walk.fail(cp.seq, "the log differs from a signed checkpoint");
        }
    }
}
