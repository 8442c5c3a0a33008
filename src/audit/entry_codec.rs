//! An entry's canonical encoding read back: the bytes its hash is taken over
//! ([`super::EntryRef::canonical_into`]), as a signed log bundle carries them. Reading is strict — every
//! part where the encoding puts it, valid UTF-8, nothing left over — so one entry has one encoding,
//! and a verifier hashes the bytes it was given without decoding them into anything else first.

use super::entry::{Entry, ENTRY_DOMAIN};

/// What the verifier needs of an encoded entry without copying it: its sequence number and the
/// hash it links to (both checked against the chain); `decode` gives the rest.
pub struct Link<'a> {
    pub seq: u64,
    pub prev_hash: &'a [u8],
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.take(1)? {
            [0] => Some(None),
            [1] => Some(Some(self.str()?)),
            _ => None,
        }
    }
}

/// Every part of an encoded entry, borrowed.
struct Parts<'a> {
    seq: u64,
    at: &'a str,
    actor: &'a str,
    role: &'a str,
    action: &'a str,
    person_ref: Option<&'a str>,
    fields: Vec<&'a str>,
    purpose: Option<&'a str>,
    term_hash: Option<&'a str>,
    outcome: &'a str,
    flagged: bool,
    prev_hash: &'a [u8],
    detail: Option<&'a str>,
}

fn parts(bytes: &[u8]) -> Option<Parts<'_>> {
    let mut r = Reader { bytes };
    if r.str()? != ENTRY_DOMAIN {
        return None;
    }
    let seq = r.u64()?;
    let (at, actor, role, action) = (r.str()?, r.str()?, r.str()?, r.str()?);
    let person_ref = r.opt_str()?;
    let count = r.u64()?;
    // Each field takes at least its length prefix: a count beyond that is a lie, not an allocation.
    if count > (r.bytes.len() / 8) as u64 {
        return None;
    }
    let fields = (0..count)
        .map(|_| r.str().filter(|f| !f.is_empty() && !f.contains(',')))
        .collect::<Option<Vec<_>>>()?;
    let purpose = r.opt_str()?;
    let term_hash = r.opt_str()?;
    let outcome = r.str()?;
    let flagged = match r.u64()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let prev_hash = r.bytes()?;
    let detail = if r.bytes.is_empty() {
        None
    } else {
        Some(r.str()?)
    };
    r.bytes.is_empty().then_some(Parts {
        seq,
        at,
        actor,
        role,
        action,
        person_ref,
        fields,
        purpose,
        term_hash,
        outcome,
        flagged,
        prev_hash,
        detail,
    })
}

/// The sequence number and the link of a well-formed encoding.
pub fn link(bytes: &[u8]) -> Option<Link<'_>> {
    parts(bytes).map(|p| Link {
        seq: p.seq,
        prev_hash: p.prev_hash,
    })
}

/// The entry an encoding holds, with `hash` (the hash of the encoding) as its own.
pub fn decode(bytes: &[u8], hash: &[u8; 32]) -> Option<Entry> {
    let p = parts(bytes)?;
    let own = |s: Option<&str>| s.map(str::to_string);
    Some(Entry {
        seq: p.seq,
        at: p.at.into(),
        actor: p.actor.into(),
        role: p.role.into(),
        action: p.action.into(),
        person_ref: own(p.person_ref),
        fields: p.fields.into_iter().map(str::to_string).collect(),
        purpose: own(p.purpose),
        term_hash: own(p.term_hash),
        detail: own(p.detail),
        outcome: p.outcome.into(),
        flagged: p.flagged,
        prev_hash: p.prev_hash.to_vec(),
        hash: hash.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(detail: Option<&str>, fields: &[&str]) -> Entry {
        let mut e = Entry {
            seq: 42,
            at: "2026-12-01T08:00:00.000Z".into(),
            actor: "bertil".into(),
            role: "handlaggare".into(),
            action: "field_revealed".into(),
            person_ref: Some("P-0001-AB12".into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            purpose: None,
            term_hash: Some("ab".repeat(32)),
            detail: detail.map(str::to_string),
            outcome: "allowed".into(),
            flagged: true,
            prev_hash: vec![7; 32],
            hash: Vec::new(),
        };
        e.hash = e.expected_hash().to_vec();
        e
    }

    fn encoded(e: &Entry) -> Vec<u8> {
        let joined = e.fields_joined();
        let mut buf = Vec::new();
        e.as_ref(&joined).canonical_into(&mut buf);
        buf
    }

    #[test]
    fn an_encoding_reads_back_as_the_entry_it_was() {
        for e in [
            entry(None, &[]),
            entry(Some(""), &["address"]),
            entry(
                Some("protection skyddad_folkbokforing\nrefs A B"),
                &["address", "health"],
            ),
        ] {
            let bytes = encoded(&e);
            let hash: [u8; 32] = e.hash.clone().try_into().unwrap();
            assert_eq!(decode(&bytes, &hash).as_ref(), Some(&e));
            assert_eq!(
                link(&bytes).map(|l| (l.seq, l.prev_hash.to_vec())),
                Some((42, vec![7; 32]))
            );
        }
    }

    #[test]
    fn anything_but_one_whole_encoding_is_refused() {
        let bytes = encoded(&entry(Some("x"), &["address"]));
        for cut in 0..bytes.len() - 1 {
            // A cut inside the detail can still end on a part boundary only at the detail's start.
            let short = &bytes[..cut];
            let whole_without_detail = short.len() == bytes.len() - 9;
            assert_eq!(link(short).is_some(), whole_without_detail, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(link(&longer).is_none(), "bytes left over");
        let mut flag = bytes.clone();
        let at = bytes.len() - 9 - 32 - 8 - 8;
        flag[at + 7] = 2;
        assert!(link(&flag).is_none(), "a flag that is neither 0 nor 1");
    }
}
