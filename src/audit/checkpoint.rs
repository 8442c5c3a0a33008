//! Signed checkpoints: on every lock and close the log's head (sequence, hash) is signed with the vault's
//! ed25519 key and stored inside the vault and in `checkpoint.json` beside it. A truncated log, or an older
//! copy of the database put back, no longer reaches the head the outside checkpoint names. The outside
//! copy only ever moves forward along the same chain: one that this log does not continue is evidence
//! and is left in place for `verify` to report.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::chain::head;
use crate::canonical::Canonical;
use crate::error::{Error, Result};
use crate::time::now_rfc3339;
use crate::vault::files::write_atomic;

const FORMAT: &str = "skyddsvalv-checkpoint";
const SIGNING_KEY_SETTING: &str = "log_signing_key";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: u64,
    pub head_hash: String,
    pub at: String,
    pub signature: String,
}

/// The copy kept outside the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExternalCheckpoint {
    pub format: String,
    pub vault_id: String,
    pub public_key: String,
    #[serde(flatten)]
    pub checkpoint: Checkpoint,
}

/// Creates the vault's signing key (once, at vault creation).
pub fn create_signing_key(conn: &Connection) -> Result<()> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let hex_key = zeroize::Zeroizing::new(hex::encode(key.to_bytes()));
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        params![SIGNING_KEY_SETTING, hex_key.as_str()],
    )?;
    Ok(())
}

fn signing_key(conn: &Connection) -> Result<SigningKey> {
    let hex_key: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SIGNING_KEY_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    let hex_key = zeroize::Zeroizing::new(
        hex_key.ok_or_else(|| Error::damaged("the log signing key is missing"))?,
    );
    let bytes = zeroize::Zeroizing::new(
        hex::decode(hex_key.as_str())
            .map_err(|_| Error::damaged("the log signing key is malformed"))?,
    );
    let arr: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| Error::damaged("the log signing key is malformed"))?;
    Ok(SigningKey::from_bytes(&arr))
}

pub fn public_key(conn: &Connection) -> Result<VerifyingKey> {
    Ok(signing_key(conn)?.verifying_key())
}

fn message(vault_id: &str, seq: u64, head_hash: &[u8], at: &str) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/checkpoint/v1");
    c.str(vault_id).u64(seq).bytes(head_hash).str(at);
    c.finish().to_vec()
}

/// Signs the current head, stores it inside the vault and writes the outside copy.
pub fn write(conn: &Connection, vault_id: &str, outside: &Path) -> Result<Checkpoint> {
    let key = signing_key(conn)?;
    let (seq, hash) = head(conn)?;
    let at = now_rfc3339();
    let signature = key.sign(&message(vault_id, seq, &hash, &at));
    conn.execute(
        "INSERT INTO checkpoints (seq, head_hash, at, signature) VALUES (?1, ?2, ?3, ?4)",
        params![seq as i64, hash, at, signature.to_bytes().to_vec()],
    )?;
    let cp = Checkpoint {
        seq,
        head_hash: hex::encode(&hash),
        at,
        signature: hex::encode(signature.to_bytes()),
    };
    let external = ExternalCheckpoint {
        format: FORMAT.into(),
        vault_id: vault_id.into(),
        public_key: hex::encode(key.verifying_key().to_bytes()),
        checkpoint: cp.clone(),
    };
    if !outside_may_advance(conn, vault_id, &key.verifying_key(), outside)? {
        // The checkpoint beside the vault vouches for a log this one does not continue (a truncated
        // log, an older copy put back): it is the evidence `verify` reports, so it is not replaced.
        tracing::warn!("the outside checkpoint does not match this log; left in place");
        return Ok(cp);
    }
    let json = serde_json::to_vec_pretty(&external)
        .map_err(|e| Error::Storage(format!("cannot encode checkpoint: {e}")))?;
    write_atomic(outside, &json)?;
    Ok(cp)
}

/// True when the outside checkpoint may be replaced by a newer one: there is none yet, or it is this
/// vault's, correctly signed, and names an entry this log still holds unchanged.
fn outside_may_advance(
    conn: &Connection,
    vault_id: &str,
    key: &VerifyingKey,
    outside: &Path,
) -> Result<bool> {
    let existing = match load_external(outside) {
        Ok(None) => return Ok(true),
        Ok(Some(existing)) => existing,
        Err(_) => return Ok(false),
    };
    if existing.vault_id != vault_id
        || existing.public_key != hex::encode(key.to_bytes())
        || !signature_holds(&existing.checkpoint, vault_id, key)
    {
        return Ok(false);
    }
    if existing.checkpoint.seq == 0 {
        return Ok(true);
    }
    let hash: Option<Vec<u8>> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            [existing.checkpoint.seq as i64],
            |r| r.get(0),
        )
        .optional()?;
    Ok(hash.is_some_and(|h| hex::encode(h) == existing.checkpoint.head_hash))
}

pub fn internal(conn: &Connection) -> Result<Vec<Checkpoint>> {
    let mut stmt =
        conn.prepare("SELECT seq, head_hash, at, signature FROM checkpoints ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Checkpoint {
            seq: r.get::<_, i64>(0)? as u64,
            head_hash: hex::encode(r.get::<_, Vec<u8>>(1)?),
            at: r.get(2)?,
            signature: hex::encode(r.get::<_, Vec<u8>>(3)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Reads `checkpoint.json`; `None` if there is none yet.
pub fn load_external(path: &Path) -> Result<Option<ExternalCheckpoint>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<ExternalCheckpoint>(&bytes)
            .ok()
            .filter(|c| c.format == FORMAT)
            .map(Some)
            .ok_or_else(|| Error::damaged("the outside checkpoint file is malformed")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// True when the signature over (vault, seq, head, time) holds under `key`.
pub fn signature_holds(cp: &Checkpoint, vault_id: &str, key: &VerifyingKey) -> bool {
    let (Ok(hash), Ok(sig)) = (hex::decode(&cp.head_hash), hex::decode(&cp.signature)) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(&sig) else {
        return false;
    };
    key.verify(&message(vault_id, cp.seq, &hash, &cp.at), &sig)
        .is_ok()
}
