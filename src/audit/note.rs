//! Signed notes in the C2SP `signed-note` form with Ed25519 signatures, as used by `tlog-checkpoint`:
//! a text ending in a newline, a blank line, and one line per signature, `— <name> <base64(key id ||
//! signature)>`. The key id is the first four bytes of SHA-256(name, `\n`, 0x01, public key); a
//! verifier key is written `<name>+<hex key id>+<base64(0x01 || public key)>`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

/// The signature type byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;
const DASH: &str = "\u{2014} ";

/// A key a verifier trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteKey {
    pub name: String,
    pub id: [u8; 4],
    pub public: [u8; 32],
}

impl NoteKey {
    pub fn new(name: &str, public: [u8; 32]) -> Option<NoteKey> {
        valid_name(name).then(|| NoteKey {
            name: name.to_string(),
            id: key_id(name, &public),
            public,
        })
    }

    /// `<name>+<hex key id>+<base64(0x01 || key)>`.
    pub fn verifier_key(&self) -> String {
        let mut k = vec![ED25519];
        k.extend_from_slice(&self.public);
        format!("{}+{}+{}", self.name, hex::encode(self.id), B64.encode(k))
    }

    pub fn parse(vkey: &str) -> Option<NoteKey> {
        // The name holds no `+`; the base64 key may.
        let mut parts = vkey.trim().splitn(3, '+');
        let name = parts.next()?;
        let id = hex::decode(parts.next()?).ok()?;
        let key = B64.decode(parts.next()?).ok()?;
        let (&ty, public) = key.split_first()?;
        let public: [u8; 32] = public.try_into().ok()?;
        let k = NoteKey::new(name, public)?;
        (ty == ED25519 && id == k.id).then_some(k)
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('+') && !name.chars().any(char::is_whitespace)
}

pub fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// Signs `text` (which must end in a newline) as `name`.
pub fn sign(text: &str, name: &str, key: &SigningKey) -> String {
    debug_assert!(text.ends_with('\n') && valid_name(name));
    let id = key_id(name, &key.verifying_key().to_bytes());
    let mut sig = id.to_vec();
    sig.extend_from_slice(&key.sign(text.as_bytes()).to_bytes());
    format!("{text}\n{DASH}{name} {}\n", B64.encode(sig))
}

/// Why a note does not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteError {
    Malformed,
    /// No signature by a trusted key (it may be well signed by another).
    UnknownKey,
    /// A trusted key's id is there, but the signature does not hold.
    BadSignature,
}

/// The note's text when a trusted key signed it, and which key.
pub fn open<'a>(note: &'a str, trusted: &[NoteKey]) -> Result<(&'a str, NoteKey), NoteError> {
    let split = note.rfind("\n\n").ok_or(NoteError::Malformed)?;
    let text = &note[..split + 1];
    let sigs = &note[split + 2..];
    if !sigs.ends_with('\n') {
        return Err(NoteError::Malformed);
    }
    let mut bad = false;
    for line in sigs.lines() {
        let rest = line.strip_prefix(DASH).ok_or(NoteError::Malformed)?;
        let (name, sig) = rest.split_once(' ').ok_or(NoteError::Malformed)?;
        let sig = B64.decode(sig).map_err(|_| NoteError::Malformed)?;
        if sig.len() != 4 + 64 {
            return Err(NoteError::Malformed);
        }
        for k in trusted
            .iter()
            .filter(|k| k.name == name && k.id[..] == sig[..4])
        {
            let Ok(vk) = VerifyingKey::from_bytes(&k.public) else {
                continue;
            };
            let s = Signature::from_slice(&sig[4..]).map_err(|_| NoteError::Malformed)?;
            if vk.verify(text.as_bytes(), &s).is_ok() {
                return Ok((text, k.clone()));
            }
            bad = true;
        }
    }
    Err(if bad {
        NoteError::BadSignature
    } else {
        NoteError::UnknownKey
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_note_opens_with_its_key_only() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let other = SigningKey::from_bytes(&[4; 32]);
        let note = sign("origin\n5\nabc=\n", "reviewer", &key);
        let k = NoteKey::new("reviewer", key.verifying_key().to_bytes()).unwrap();
        let o = NoteKey::new("reviewer", other.verifying_key().to_bytes()).unwrap();
        assert_eq!(
            open(&note, std::slice::from_ref(&k)).unwrap().0,
            "origin\n5\nabc=\n"
        );
        assert_eq!(open(&note, &[o]), Err(NoteError::UnknownKey));
        let edited = note.replace("\n5\n", "\n6\n");
        assert_eq!(
            open(&edited, std::slice::from_ref(&k)),
            Err(NoteError::BadSignature)
        );
        assert_eq!(NoteKey::parse(&k.verifier_key()), Some(k));
    }

    #[test]
    fn a_verifier_key_parses_whatever_its_base64_holds() {
        // Enough keys that some have `+` and `/` in their base64.
        let mut with_plus = 0;
        for seed in 0..64u8 {
            let key = SigningKey::from_bytes(&[seed; 32]);
            let k = NoteKey::new("skyddsvalv/v/l", key.verifying_key().to_bytes()).unwrap();
            let vkey = k.verifier_key();
            with_plus += usize::from(vkey.matches('+').count() > 2);
            assert_eq!(NoteKey::parse(&vkey), Some(k), "{vkey}");
        }
        assert!(with_plus > 0, "no key with + in its base64 was tried");
        assert_eq!(NoteKey::parse("no-plus"), None);
        assert_eq!(NoteKey::parse("a+zz+AQ=="), None);
    }
}
