//! The reception register a case handler exports for a desk with no vault: for each protected person
//! only keyed memory-hard hashes of the canonical identity number and of the exact (folded) name with
//! birth year, and an answer (protection kind, initials, whom to refer to) sealed under a key derived
//! from the same hash. A fresh salt and tag key per export, so two exports cannot be linked.
//!
//! The file: the register sealed to the desk's own X25519 key, with the exporter's keys, the vault,
//! the sequence number and an ed25519 signature by the exporter over all of it.
//!
//! Invariant: the register holds no identity number, no name and no ref in any form a desk could read
//! without guessing one exact number or name (and paying one memory-hard hash per guess).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::canonical::Canonical;
use crate::crypto::slow_hash::{slow_hash, SlowHashParams};
use crate::crypto::{envelope, wrap, Envelope, Key32, PublicKeys, UserKeys};
use crate::error::{Error, Result};
use crate::records::index::{fold, name_key};
use crate::records::ProtectionKind;
use crate::session::Referral;

pub const FILE_FORMAT: &str = "skyddsvalv-reception-register";
pub const VERSION: u32 = 1;

crate::named! {
    /// Why a desk refuses a register (each with its own message).
    pub enum RegisterProblem {
        Missing = "REGISTER_MISSING",
        Expired = "REGISTER_EXPIRED",
        Outdated = "REGISTER_OUTDATED",
        Unsigned = "REGISTER_UNSIGNED",
        BadSignature = "REGISTER_BAD_SIGNATURE",
        Untrusted = "REGISTER_UNTRUSTED",
        NotForThisDesk = "REGISTER_NOT_FOR_THIS_DESK",
        Malformed = "REGISTER_MALFORMED",
    }
}

pub(crate) fn refused(problem: RegisterProblem) -> Error {
    Error::ReceptionRegister { problem }
}

/// The hash of one export: its own salt and tag key (never the vault's).
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportHash {
    pub params: SlowHashParams,
    pub salt: String,
    pub tag_key: String,
}

impl ExportHash {
    pub fn fresh(params: SlowHashParams) -> ExportHash {
        ExportHash {
            params,
            salt: hex::encode(&Key32::random().expose()[..16]),
            tag_key: hex::encode(Key32::random().expose()),
        }
    }

    fn salt(&self) -> Result<[u8; 16]> {
        hex::decode(&self.salt)
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or(refused(RegisterProblem::Malformed))
    }

    fn tag_key(&self) -> Result<Key32> {
        hex::decode(&self.tag_key)
            .ok()
            .and_then(|k| Key32::from_slice(&k))
            .ok_or(refused(RegisterProblem::Malformed))
    }

    pub fn identity(&self, canonical: &str) -> Result<Zeroizing<[u8; 32]>> {
        let input = Canonical::new("reception-export/identity")
            .str(canonical)
            .finish()
            .to_vec();
        slow_hash(&input, &self.salt()?, self.params)
    }

    pub fn name_year(&self, name: &str, year: i32) -> Result<Zeroizing<[u8; 32]>> {
        let input = Canonical::new("reception-export/name-year")
            .str(&fold(&name_key(name)))
            .u64(year as u64)
            .finish()
            .to_vec();
        slow_hash(&input, &self.salt()?, self.params)
    }

    pub fn tag(&self, slow: &[u8; 32]) -> Result<String> {
        Ok(hex::encode(self.tag_key()?.derive("tag").mac(slow)))
    }

    fn answer_key(&self, slow: &[u8; 32]) -> Result<Key32> {
        Ok(Key32::from_bytes(
            self.tag_key()?.derive("answer").mac(slow),
        ))
    }
}

/// What the desk learns on a hit.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub protection: ProtectionKind,
    pub initials: String,
    pub referral: Vec<Referral>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub tag: String,
    pub nonce: String,
    pub sealed: String,
}

/// The register as the desk holds it once opened.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    pub vault_id: String,
    pub seq: u64,
    pub issued_at: String,
    pub valid_until: String,
    pub hash: ExportHash,
    /// The vault's lookup limits when it was exported: the desk keeps them.
    pub per_hour: u32,
    pub per_minute_flag: u32,
    pub rows: Vec<Row>,
}

fn answer_context(vault_id: &str, seq: u64) -> Vec<u8> {
    Canonical::new("skyddsvalv/reception-export/answer/v1")
        .str(vault_id)
        .u64(seq)
        .finish()
        .to_vec()
}

impl Register {
    /// Adds one answer under the hash `slow` of a number or a name with year.
    pub fn add(&mut self, slow: &[u8; 32], answer: &Answer) -> Result<()> {
        let json =
            Zeroizing::new(serde_json::to_vec(answer).map_err(|e| Error::Storage(e.to_string()))?);
        let (nonce, sealed) = wrap::seal(
            &self.hash.answer_key(slow)?,
            &json,
            &answer_context(&self.vault_id, self.seq),
        );
        self.rows.push(Row {
            tag: self.hash.tag(slow)?,
            nonce: hex::encode(nonce),
            sealed: hex::encode(sealed),
        });
        Ok(())
    }

    /// The answer under `slow`, if any. A miss opens a row too (the first, under a key that cannot
    /// open it), so a hit and a miss take the same time.
    pub fn answer(&self, slow: &[u8; 32]) -> Result<Option<Answer>> {
        let tag = self.hash.tag(slow)?;
        let key = self.hash.answer_key(slow)?;
        let context = answer_context(&self.vault_id, self.seq);
        let hit = self.rows.iter().find(|r| r.tag == tag);
        let row = hit.or(self.rows.first());
        let opened = row.and_then(|r| {
            let nonce = hex::decode(&r.nonce).ok()?;
            let sealed = hex::decode(&r.sealed).ok()?;
            wrap::open(&key, &nonce, &sealed, &context)
        });
        Ok(match (hit, opened) {
            (Some(_), Some(json)) => serde_json::from_slice(&json).ok(),
            _ => None,
        })
    }
}

/// The file that travels to the desk.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub seq: u64,
    /// The desk it is sealed to (its key fingerprint).
    pub desk: String,
    /// The exporting case handler's public keys (exchange and signing).
    pub signer: PublicKeys,
    pub sealed: Envelope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

fn seal_context(desk: &str) -> Vec<u8> {
    Canonical::new("skyddsvalv/reception-export/v1")
        .str(desk)
        .finish()
        .to_vec()
}

fn signed_bytes(f: &RegisterFile) -> Vec<u8> {
    Canonical::new("skyddsvalv/reception-export/signature/v1")
        .str(&f.format)
        .u64(f.version.into())
        .str(&f.vault_id)
        .u64(f.seq)
        .str(&f.desk)
        .bytes(&f.signer.exchange)
        .bytes(&f.signer.signing)
        .str(&f.sealed.ephemeral)
        .str(&f.sealed.nonce)
        .str(&f.sealed.sealed)
        .finish()
        .to_vec()
}

/// Seals `register` to the desk and signs it with the exporter's keys.
pub fn seal(register: &Register, desk: &PublicKeys, signer: &UserKeys) -> Result<RegisterFile> {
    let json =
        Zeroizing::new(serde_json::to_vec(register).map_err(|e| Error::Storage(e.to_string()))?);
    let desk_fp = desk.fingerprint();
    let mut file = RegisterFile {
        format: FILE_FORMAT.into(),
        version: VERSION,
        vault_id: register.vault_id.clone(),
        seq: register.seq,
        sealed: envelope::seal_to(&desk.exchange, &json, &seal_context(&desk_fp)),
        desk: desk_fp,
        signer: signer.public(),
        signature: None,
    };
    let key: &SigningKey = signer.signing();
    file.signature = Some(hex::encode(key.sign(&signed_bytes(&file)).to_bytes()));
    Ok(file)
}

/// Checks the signature and opens the register with the desk's keys (nothing about trust or dates:
/// the desk decides those).
pub fn open(file: &RegisterFile, desk: &UserKeys) -> Result<Register> {
    if file.format != FILE_FORMAT || file.version != VERSION {
        return Err(refused(RegisterProblem::Malformed));
    }
    let sig = file
        .signature
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or(refused(RegisterProblem::Unsigned))?;
    let sig: [u8; 64] = hex::decode(sig)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(refused(RegisterProblem::BadSignature))?;
    let key = VerifyingKey::from_bytes(&file.signer.signing)
        .map_err(|_| refused(RegisterProblem::BadSignature))?;
    key.verify(&signed_bytes(file), &Signature::from_bytes(&sig))
        .map_err(|_| refused(RegisterProblem::BadSignature))?;
    let mine = desk.public().fingerprint();
    if file.desk != mine {
        return Err(refused(RegisterProblem::NotForThisDesk));
    }
    let json = envelope::open(&file.sealed, desk.exchange(), &seal_context(&mine))
        .ok_or(refused(RegisterProblem::NotForThisDesk))?;
    let register: Register =
        serde_json::from_slice(&json).map_err(|_| refused(RegisterProblem::Malformed))?;
    if register.vault_id != file.vault_id || register.seq != file.seq {
        return Err(refused(RegisterProblem::BadSignature));
    }
    Ok(register)
}
