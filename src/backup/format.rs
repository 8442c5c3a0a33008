//! The backup file: one line of magic, one line of JSON header, the sections encrypted as one
//! XChaCha20-Poly1305 STREAM (64 KiB chunks, each authenticated, the last one marked so a cut file
//! is caught), and an ed25519 signature over everything before it.
//!
//! Invariant: nothing of the vault is in the file in the clear. The header holds the keyslot file
//! (sealed slots, as beside the vault) and the backup key sealed to its holders; the sections hold
//! the SQLCipher database (still under the database key) and the outside checkpoint.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use base64::Engine as _;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::KeyInit;
use chacha20poly1305::XChaCha20Poly1305;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::canonical::Canonical;
use crate::crypto::{envelope, Envelope, Key32, UserKeys};
use crate::error::{Error, Result};

pub const MAGIC: &[u8] = b"skyddsvalv-backup v1\n";
pub const FORMAT: &str = "skyddsvalv-backup";
pub const VERSION: u32 = 1;
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
/// XChaCha20's 24-byte nonce less STREAM's 4-byte counter and 1-byte last-chunk flag.
const NONCE_PREFIX: usize = 19;
const SIGNATURE: usize = 64;
/// A header is a few KiB (the keyslot file); anything far larger is not a backup.
const MAX_HEADER: usize = 4 * 1024 * 1024;

/// The files a backup carries, in this order. Restore writes only these names.
pub const SECTIONS: &[&str] = &["vault.db", "checkpoint.json"];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SectionInfo {
    pub name: String,
    pub len: u64,
}

/// The backup key sealed to one holder (the recovery slot, the administrator who made it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SealedKey {
    pub locator: String,
    pub envelope: Envelope,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub backup_id: String,
    pub created_at: String,
    pub made_by: String,
    /// The maker's ed25519 key (hex); restore checks it is an administrator's in the backed-up vault.
    pub signer: String,
    /// The last log entry the snapshot holds.
    pub log_head: u64,
    /// The keyslot file as it was beside the vault (base64).
    pub keyslots: String,
    pub keys: Vec<SealedKey>,
    pub nonce: String,
    pub sections: Vec<SectionInfo>,
}

impl Header {
    pub fn keyslot_bytes(&self) -> Result<Vec<u8>> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.keyslots)
            .map_err(|_| damaged("the header's keyslot file is not readable"))
    }
}

fn damaged(what: &'static str) -> Error {
    Error::BackupDamaged { what }
}

fn key_context(vault_id: &str, backup_id: &str, locator: &str) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/backup-key/v1");
    c.str(vault_id).str(backup_id).str(locator);
    c.finish().to_vec()
}

/// Seals `key` to `recipient` for the header.
pub fn seal_key(
    vault_id: &str,
    backup_id: &str,
    locator: &str,
    recipient: &[u8; 32],
    key: &Key32,
) -> SealedKey {
    SealedKey {
        locator: locator.to_string(),
        envelope: envelope::seal_to(
            recipient,
            key.expose(),
            &key_context(vault_id, backup_id, locator),
        ),
    }
}

/// Opens the backup key with the keys of the holder at `locator`.
pub fn open_key(header: &Header, locator: &str, me: &UserKeys) -> Result<Key32> {
    header
        .keys
        .iter()
        .filter(|k| k.locator == locator)
        .find_map(|k| {
            envelope::open_key(
                &k.envelope,
                me.exchange(),
                &key_context(&header.vault_id, &header.backup_id, locator),
            )
        })
        .ok_or(damaged("the backup is not sealed to this recovery code"))
}

/// A fresh STREAM nonce prefix for a new backup (hex, for the header).
pub fn new_nonce() -> String {
    let mut n = [0u8; NONCE_PREFIX];
    rand::rngs::OsRng.fill_bytes(&mut n);
    hex::encode(n)
}

fn header_line(header: &Header) -> Result<Vec<u8>> {
    let mut line = serde_json::to_vec(header)
        .map_err(|e| Error::Storage(format!("cannot encode the backup header: {e}")))?;
    line.push(b'\n');
    Ok(line)
}

fn associated(magic_and_header: &[u8]) -> [u8; 32] {
    Sha256::digest(magic_and_header).into()
}

fn cipher(key: &Key32) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.expose().into())
}

fn nonce_bytes(header: &Header) -> Result<[u8; NONCE_PREFIX]> {
    hex::decode(&header.nonce)
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or(damaged("the header's nonce is malformed"))
}

/// Hashes everything written through it, for the signature.
struct Hashing<W: Write> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the backup to `out`: `header.sections` names the files under `dir` (their lengths must
/// match). `progress(done, total)` is told the bytes written so far.
pub fn write(
    out: &Path,
    header: &Header,
    dir: &Path,
    key: &Key32,
    signer: &SigningKey,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let file = crate::vault::files::create_private(out)?;
    let mut w = Hashing {
        inner: BufWriter::new(file),
        hash: Sha256::new(),
    };
    let mut head = MAGIC.to_vec();
    head.extend_from_slice(&header_line(header)?);
    w.write_all(&head)?;
    let aad = associated(&head);
    let nonce = nonce_bytes(header)?;
    let mut enc = EncryptorBE32::from_aead(cipher(key), nonce.as_slice().into());
    let total: u64 = header.sections.iter().map(|s| s.len).sum();
    let mut done = 0u64;
    let mut buf = Zeroizing::new(Vec::with_capacity(CHUNK));
    for s in &header.sections {
        let mut f = BufReader::new(File::open(dir.join(&s.name))?);
        let mut left = s.len;
        let mut piece = vec![0u8; CHUNK];
        while left > 0 {
            let want = (CHUNK - buf.len()).min(left as usize);
            f.read_exact(&mut piece[..want])?;
            buf.extend_from_slice(&piece[..want]);
            left -= want as u64;
            if buf.len() == CHUNK {
                let ct = enc
                    .encrypt_next(chacha20poly1305::aead::Payload {
                        msg: &buf,
                        aad: &aad,
                    })
                    .map_err(|_| Error::Storage("backup encryption failed".into()))?;
                w.write_all(&ct)?;
                done += CHUNK as u64;
                progress(done, total);
                buf.clear();
            }
        }
    }
    let ct = enc
        .encrypt_last(chacha20poly1305::aead::Payload {
            msg: &buf,
            aad: &aad,
        })
        .map_err(|_| Error::Storage("backup encryption failed".into()))?;
    w.write_all(&ct)?;
    progress(total, total);
    let digest: [u8; 32] = w.hash.clone().finalize().into();
    let signature = signer.sign(&digest);
    let mut inner = w.inner;
    inner.write_all(&signature.to_bytes())?;
    let file = inner
        .into_inner()
        .map_err(|e| Error::Storage(format!("cannot write the backup: {e}")))?;
    file.sync_all()?;
    Ok(())
}

/// A backup file whose signature holds under the key its header names.
pub struct Checked {
    pub header: Header,
    head_len: u64,
    body_len: u64,
}

/// Reads the header and checks the signature over the whole file (before anything is decrypted).
pub fn check(path: &Path) -> Result<Checked> {
    let len = std::fs::metadata(path)?.len();
    let mut r = BufReader::new(File::open(path)?);
    let mut magic = vec![0u8; MAGIC.len()];
    if r.read_exact(&mut magic).is_err() || magic != MAGIC {
        return Err(damaged("it is not a Skyddsvalv backup"));
    }
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        if r.read_exact(&mut byte).is_err() || line.len() > MAX_HEADER {
            return Err(damaged("its header is cut off"));
        }
        line.push(byte[0]);
        if byte[0] == b'\n' {
            break;
        }
    }
    let header: Header =
        serde_json::from_slice(&line).map_err(|_| damaged("its header is malformed"))?;
    if header.format != FORMAT || header.version != VERSION {
        return Err(damaged("it is of a format this version does not read"));
    }
    if header
        .sections
        .iter()
        .map(|s| s.name.as_str())
        .ne(SECTIONS.iter().copied())
    {
        return Err(damaged("it carries files a backup does not hold"));
    }
    let head_len = (MAGIC.len() + line.len()) as u64;
    let body_len = len
        .checked_sub(head_len + SIGNATURE as u64)
        .ok_or(damaged("it is cut off"))?;
    let plain: u64 = header.sections.iter().map(|s| s.len).sum();
    let chunks = plain / CHUNK as u64 + 1;
    if body_len != plain + chunks * TAG as u64 {
        return Err(damaged("it is cut off or has bytes added"));
    }
    let mut hash = Sha256::new();
    hash.update(&magic);
    hash.update(&line);
    let mut left = body_len;
    let mut piece = vec![0u8; CHUNK + TAG];
    while left > 0 {
        let n = left.min(piece.len() as u64) as usize;
        r.read_exact(&mut piece[..n])?;
        hash.update(&piece[..n]);
        left -= n as u64;
    }
    let mut sig = [0u8; SIGNATURE];
    r.read_exact(&mut sig)?;
    let signer: [u8; 32] = hex::decode(&header.signer)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or(damaged("its signing key is malformed"))?;
    let key =
        VerifyingKey::from_bytes(&signer).map_err(|_| damaged("its signing key is malformed"))?;
    let digest: [u8; 32] = hash.finalize().into();
    key.verify(&digest, &Signature::from_bytes(&sig))
        .map_err(|_| {
            damaged("its signature does not hold: the file was changed after it was written")
        })?;
    Ok(Checked {
        header,
        head_len,
        body_len,
    })
}

/// Decrypts the sections of a checked backup into `dir` (files named as in [`SECTIONS`], created
/// new, mode 0600). Every chunk is authenticated; on any failure the caller removes `dir`.
pub fn extract(path: &Path, checked: &Checked, key: &Key32, dir: &Path) -> Result<()> {
    let header = &checked.header;
    let mut r = BufReader::new(File::open(path)?);
    std::io::copy(&mut (&mut r).take(checked.head_len), &mut std::io::sink())?;
    let mut head = MAGIC.to_vec();
    head.extend_from_slice(&header_line(header)?);
    let aad = associated(&head);
    let nonce = nonce_bytes(header)?;
    let mut dec = Some(DecryptorBE32::from_aead(
        cipher(key),
        nonce.as_slice().into(),
    ));
    let mut sections = header.sections.iter();
    let mut current: Option<(BufWriter<File>, u64)> = None;
    let mut left = checked.body_len;
    let mut piece = vec![0u8; CHUNK + TAG];
    while left > 0 {
        let n = left.min(piece.len() as u64) as usize;
        r.read_exact(&mut piece[..n])?;
        left -= n as u64;
        let payload = chacha20poly1305::aead::Payload {
            msg: &piece[..n],
            aad: &aad,
        };
        let plain = Zeroizing::new(
            if left == 0 {
                dec.take()
                    .ok_or(damaged("it is cut off"))?
                    .decrypt_last(payload)
            } else {
                dec.as_mut()
                    .ok_or(damaged("it is cut off"))?
                    .decrypt_next(payload)
            }
            .map_err(|_| damaged("a part of it was changed or does not belong to it"))?,
        );
        let mut rest: &[u8] = &plain;
        while !rest.is_empty() {
            if current.as_ref().is_none_or(|(_, l)| *l == 0) {
                if let Some((mut f, _)) = current.take() {
                    f.flush()?;
                }
                let s = sections
                    .next()
                    .ok_or(damaged("it holds more than it says"))?;
                let f = crate::vault::files::create_private(&dir.join(&s.name))?;
                current = Some((BufWriter::new(f), s.len));
            }
            let (f, l) = current.as_mut().expect("set above");
            let take = (*l).min(rest.len() as u64) as usize;
            f.write_all(&rest[..take])?;
            *l -= take as u64;
            rest = &rest[take..];
        }
    }
    if let Some((mut f, _)) = current.take() {
        f.flush()?;
        f.into_inner()
            .map_err(|e| Error::Storage(format!("cannot write: {e}")))?
            .sync_all()?;
    }
    // An empty section (a vault without an outside checkpoint yet) is written as an empty file.
    for s in sections {
        if s.len > 0 {
            return Err(damaged("it is cut off"));
        }
        crate::vault::files::create_private(&dir.join(&s.name))?;
    }
    Ok(())
}
