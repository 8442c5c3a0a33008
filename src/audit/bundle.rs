//! Signed log bundles: a range of the log as one file that another machine checks with nothing but the
//! file and the signer's verifier key. A bundle holds a manifest (the range, the hashes at both ends,
//! the signer, the previous bundle's manifest hash), the entries in canonical form (each one the
//! base64 of exactly the bytes its hash is taken over, so verifying is hashing) and a checkpoint in the C2SP `tlog-checkpoint` signed-note form whose
//! extension line commits to the manifest. The chain is a hash chain, not a Merkle tree: the
//! checkpoint's "root hash" is the last entry's hash.
//!
//! The verifier keeps, per vault, the last head it accepted, so a truncated tail, a gap or overlap
//! between consecutive bundles and a replayed older bundle are each reported with their own code.

use std::borrow::Cow;
use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entry::{Entry, GENESIS};
use super::entry_codec;
use super::note::{self, NoteError, NoteKey};
use crate::canonical::Canonical;

pub const FORMAT: &str = "skyddsvalv-log-bundle";
/// 2: entries as their canonical encodings (1 had every column as JSON, and verified at half the
/// budget's speed).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format_version: u32,
    pub vault_id: String,
    pub first_seq: u64,
    pub last_seq: u64,
    /// The hash of the entry before the first (zeros before the log's first entry), hex.
    pub hash_before_first: String,
    pub last_hash: String,
    pub count: u64,
    pub created_at: String,
    pub signer: String,
    pub signer_key_id: String,
    /// The signer's verifier key (`name+id+key`); a verifier trusts it only if told to.
    pub signer_key: String,
    pub previous_manifest_hash: Option<String>,
}

impl Manifest {
    /// SHA-256 over the canonical encoding of every field.
    pub fn hash(&self) -> [u8; 32] {
        let mut c = Canonical::new("skyddsvalv/log-bundle-manifest/v1");
        c.u64(u64::from(self.format_version))
            .str(&self.vault_id)
            .u64(self.first_seq)
            .u64(self.last_seq)
            .str(&self.hash_before_first)
            .str(&self.last_hash)
            .u64(self.count)
            .str(&self.created_at)
            .str(&self.signer)
            .str(&self.signer_key_id)
            .str(&self.signer_key)
            .opt_str(self.previous_manifest_hash.as_deref());
        Sha256::digest(c.finish()).into()
    }
}

/// The file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub manifest: Manifest,
    /// Each entry's canonical encoding, base64.
    pub entries: Vec<String>,
    pub checkpoint: String,
}

/// An entry as a bundle carries it: the base64 of its canonical encoding.
pub fn encode_entry(e: &Entry, buf: &mut Vec<u8>) -> String {
    let joined = e.fields_joined();
    e.as_ref(&joined).canonical_into(buf);
    B64.encode(&buf[..])
}

/// The checkpoint's text: origin, size, root hash, and the manifest it commits to.
pub fn checkpoint_text(m: &Manifest) -> Option<String> {
    let last = hex::decode(&m.last_hash).ok()?;
    Some(format!(
        "skyddsvalv/log/{}\n{}\n{}\nmanifest {}\n",
        m.vault_id,
        m.last_seq,
        B64.encode(last),
        B64.encode(m.hash())
    ))
}

/// Builds a bundle of `entries` (consecutive, in order; `hash_before` is the hash of the entry before
/// the first), signed by `key` under `signer`.
pub fn build(
    vault_id: &str,
    entries: &[Entry],
    hash_before: &[u8],
    created_at: &str,
    signer: &NoteKey,
    key: &ed25519_dalek::SigningKey,
    previous_manifest_hash: Option<String>,
) -> Bundle {
    let first = entries.first().map(|e| e.seq).unwrap_or(0);
    let last = entries.last().map(|e| e.seq).unwrap_or(0);
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        vault_id: vault_id.to_string(),
        first_seq: first,
        last_seq: last,
        hash_before_first: hex::encode(hash_before),
        last_hash: hex::encode(
            entries
                .last()
                .map(|e| e.hash.as_slice())
                .unwrap_or(hash_before),
        ),
        count: entries.len() as u64,
        created_at: created_at.to_string(),
        signer: signer.name.clone(),
        signer_key_id: hex::encode(signer.id),
        signer_key: signer.verifier_key(),
        previous_manifest_hash,
    };
    let text = checkpoint_text(&manifest).expect("the last hash is hex we wrote");
    Bundle {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        checkpoint: note::sign(&text, &signer.name, key),
        entries: {
            let mut buf = Vec::with_capacity(512);
            entries.iter().map(|e| encode_entry(e, &mut buf)).collect()
        },
        manifest,
    }
}

crate::named! {
    /// What a verification can find. Each has its own exit code in `log verify-bundle`.
    pub enum BundleProblem {
        Altered = "altered",
        EntryMissing = "entry_missing",
        Truncated = "truncated",
        Gap = "gap",
        Overlap = "overlap",
        BadSignature = "bad_signature",
        UnknownKey = "unknown_key",
        Replayed = "replayed",
    }
}

impl BundleProblem {
    /// The process exit code (0 is a bundle that holds, 1 and 2 are the CLI's own).
    pub const fn exit_code(self) -> u8 {
        match self {
            BundleProblem::Altered => 3,
            BundleProblem::EntryMissing => 4,
            BundleProblem::Truncated => 5,
            BundleProblem::Gap => 6,
            BundleProblem::Overlap => 7,
            BundleProblem::BadSignature => 8,
            BundleProblem::UnknownKey => 9,
            BundleProblem::Replayed => 10,
        }
    }

    pub const fn explanation(self) -> &'static str {
        match self {
            BundleProblem::Altered => "the bundle was altered or damaged: an entry, the manifest or the checkpoint does not match what was signed",
            BundleProblem::EntryMissing => "an entry is missing from the bundle",
            BundleProblem::Truncated => "the log ends before the head this verifier has already seen: its tail was cut off",
            BundleProblem::Gap => "entries are missing between this bundle and the previous one",
            BundleProblem::Overlap => "this bundle repeats entries of the previous one",
            BundleProblem::BadSignature => "the checkpoint's signature does not hold under the trusted key",
            BundleProblem::UnknownKey => "the checkpoint is not signed by a trusted key",
            BundleProblem::Replayed => "this bundle is older than one this verifier has already accepted",
        }
    }
}

/// A verification failure: what, and at which entry when it is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub problem: BundleProblem,
    pub seq: Option<u64>,
}

impl Finding {
    fn new(problem: BundleProblem, seq: Option<u64>) -> Self {
        Finding { problem, seq }
    }
}

/// The last head a verifier accepted, per vault.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierState {
    pub vaults: BTreeMap<String, SeenHead>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenHead {
    pub last_seq: u64,
    pub last_hash: String,
    pub manifest_hash: String,
    pub created_at: String,
}

/// A bundle that holds.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: Manifest,
    /// Every entry, from [`open`]; [`verify`] checks them without keeping them.
    pub entries: Vec<Entry>,
    pub signer: NoteKey,
}

/// Verifies one bundle file against the trusted keys and what `state` has seen of its vault; on
/// success `state` moves to its head.
pub fn verify(
    bytes: &[u8],
    trusted: &[NoteKey],
    state: &mut VerifierState,
) -> Result<Verified, Finding> {
    let v = read(bytes, trusted, false)?;
    continues(&v.manifest, state)?;
    state.accept(&v.manifest);
    Ok(v)
}

impl VerifierState {
    /// Moves this vault's head to the bundle's.
    pub fn accept(&mut self, m: &Manifest) {
        self.vaults.insert(
            m.vault_id.clone(),
            SeenHead {
                last_seq: m.last_seq,
                last_hash: m.last_hash.clone(),
                manifest_hash: hex::encode(m.hash()),
                created_at: m.created_at.clone(),
            },
        );
    }
}

/// Checks one bundle on its own — the signature by a trusted key, the checkpoint against the
/// manifest, every entry's hash and link — and keeps its entries.
pub fn open(bytes: &[u8], trusted: &[NoteKey]) -> Result<Verified, Finding> {
    read(bytes, trusted, true)
}

/// The file as read, the entries borrowed from the bytes (base64 needs no unescaping).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleIn<'a> {
    #[serde(borrow)]
    format: Cow<'a, str>,
    version: u32,
    manifest: Manifest,
    #[serde(borrow)]
    entries: Vec<&'a str>,
    checkpoint: String,
}

fn hash32(hex_text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).ok()?;
    Some(out)
}

fn read(bytes: &[u8], trusted: &[NoteKey], keep: bool) -> Result<Verified, Finding> {
    let altered = |seq| Finding::new(BundleProblem::Altered, seq);
    let b: BundleIn<'_> = serde_json::from_slice(bytes).map_err(|_| altered(None))?;
    if b.format != FORMAT || b.version != FORMAT_VERSION {
        return Err(altered(None));
    }
    let m = &b.manifest;
    let (text, signer) = note::open(&b.checkpoint, trusted).map_err(|e| match e {
        NoteError::Malformed => altered(None),
        NoteError::UnknownKey => Finding::new(BundleProblem::UnknownKey, None),
        NoteError::BadSignature => Finding::new(BundleProblem::BadSignature, None),
    })?;
    // The signed text commits to the manifest; the manifest names the signing key.
    if checkpoint_text(m).as_deref() != Some(text)
        || m.signer_key != signer.verifier_key()
        || m.signer != signer.name
    {
        return Err(altered(None));
    }
    let entries = check_entries(m, &b.entries, keep)?;
    Ok(Verified {
        manifest: b.manifest,
        entries,
        signer,
    })
}

fn check_entries(m: &Manifest, entries: &[&str], keep: bool) -> Result<Vec<Entry>, Finding> {
    let mut prev =
        hash32(&m.hash_before_first).ok_or(Finding::new(BundleProblem::Altered, None))?;
    if m.first_seq == 1 && prev != GENESIS {
        return Err(Finding::new(BundleProblem::Altered, Some(1)));
    }
    let mut expected = m.first_seq;
    let mut out = Vec::with_capacity(if keep { entries.len() } else { 0 });
    let mut buf = Vec::with_capacity(512);
    for text in entries {
        let altered = Finding::new(BundleProblem::Altered, Some(expected));
        buf.clear();
        B64.decode_vec(text, &mut buf)
            .map_err(|_| altered.clone())?;
        let link = entry_codec::link(&buf).ok_or(altered.clone())?;
        if link.seq != expected {
            return Err(Finding::new(BundleProblem::EntryMissing, Some(expected)));
        }
        // The chain: this entry links to the one before, and the next one links to this hash.
        if link.prev_hash != prev {
            return Err(altered);
        }
        let hash: [u8; 32] = Sha256::digest(&buf[..]).into();
        if keep {
            out.push(entry_codec::decode(&buf, &hash).ok_or(altered)?);
        }
        prev = hash;
        expected += 1;
    }
    let count = entries.len() as u64;
    if count < m.count || expected != m.last_seq + 1 {
        return Err(Finding::new(BundleProblem::EntryMissing, Some(expected)));
    }
    if count != m.count || hex::encode(prev) != m.last_hash {
        return Err(Finding::new(BundleProblem::Altered, None));
    }
    Ok(out)
}

/// Whether the bundle continues what `state` has seen of its vault (always, for a vault not seen).
pub fn continues(m: &Manifest, state: &VerifierState) -> Result<(), Finding> {
    let Some(seen) = state.vaults.get(&m.vault_id) else {
        return Ok(());
    };
    let f = |p| Err(Finding::new(p, None));
    if m.created_at <= seen.created_at && m.last_seq <= seen.last_seq {
        return f(BundleProblem::Replayed);
    }
    if m.last_seq < seen.last_seq {
        return f(BundleProblem::Truncated);
    }
    if m.first_seq > seen.last_seq + 1 {
        return f(BundleProblem::Gap);
    }
    if m.first_seq <= seen.last_seq {
        return f(BundleProblem::Overlap);
    }
    if m.hash_before_first != seen.last_hash {
        return f(BundleProblem::Altered);
    }
    Ok(())
}

/// A period a workstation's bundles do not cover: between two bundles of the same vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingPeriod {
    pub vault_id: String,
    pub after_seq: u64,
    pub before_seq: u64,
    pub from: String,
    pub until: String,
}

/// Bundles from several workstations in one view: each vault's chain checked on its own, entries
/// merged by time, and every missing period of a workstation reported.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Merged {
    /// (vault id, entry), ordered by time.
    pub entries: Vec<(String, Entry)>,
    pub missing: Vec<MissingPeriod>,
    /// Files that did not verify, by position in the input, with what was found.
    #[serde(skip)]
    pub refused: Vec<(usize, Finding)>,
}

pub fn merge(files: &[Vec<u8>], trusted: &[NoteKey]) -> Merged {
    let mut merged = Merged::default();
    let mut by_vault: BTreeMap<String, Vec<Verified>> = BTreeMap::new();
    for (i, bytes) in files.iter().enumerate() {
        match open(bytes, trusted) {
            Ok(v) => by_vault
                .entry(v.manifest.vault_id.clone())
                .or_default()
                .push(v),
            Err(f) => merged.refused.push((i, f)),
        }
    }
    for (vault, mut bundles) in by_vault {
        bundles.sort_by_key(|b| (b.manifest.first_seq, b.manifest.last_seq));
        let mut last: Option<(u64, String, String)> = None; // seq, hash, time
        for b in bundles {
            for e in b.entries {
                match &last {
                    Some((seq, _, _)) if e.seq <= *seq => continue, // an overlap: seen already
                    Some((seq, hash, at))
                        if e.seq > seq + 1 || hex::encode(&e.prev_hash) != *hash =>
                    {
                        merged.missing.push(MissingPeriod {
                            vault_id: vault.clone(),
                            after_seq: *seq,
                            before_seq: e.seq,
                            from: at.clone(),
                            until: e.at.clone(),
                        });
                    }
                    _ => {}
                }
                last = Some((e.seq, hex::encode(&e.hash), e.at.clone()));
                merged.entries.push((vault.clone(), e));
            }
        }
    }
    merged
        .entries
        .sort_by(|(va, a), (vb, b)| (&a.at, va, a.seq).cmp(&(&b.at, vb, b.seq)));
    merged
}

/// One entry of an import, with the workstation (vault) it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedEntry {
    pub workstation: String,
    pub entry: Entry,
}

/// A file an import did not take, and why.
#[derive(Debug, Clone, Serialize)]
pub struct RefusedFile {
    pub file: String,
    pub problem: BundleProblem,
    pub seq: Option<u64>,
}

/// Bundles of several workstations as the CLI and the app show them.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedBundles {
    pub workstations: Vec<String>,
    pub entries: Vec<ImportedEntry>,
    pub missing: Vec<MissingPeriod>,
    pub refused: Vec<RefusedFile>,
}

/// Merges the named files' bundles (see [`merge`]).
pub fn import(files: &[(String, Vec<u8>)], trusted: &[NoteKey]) -> ImportedBundles {
    let bytes: Vec<Vec<u8>> = files.iter().map(|(_, b)| b.clone()).collect();
    let merged = merge(&bytes, trusted);
    let workstations = merged
        .entries
        .iter()
        .map(|(w, _)| w.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    ImportedBundles {
        workstations,
        entries: merged
            .entries
            .into_iter()
            .map(|(workstation, entry)| ImportedEntry { workstation, entry })
            .collect(),
        missing: merged.missing,
        refused: merged
            .refused
            .into_iter()
            .map(|(i, f)| RefusedFile {
                file: files[i].0.clone(),
                problem: f.problem,
                seq: f.seq,
            })
            .collect(),
    }
}
