//! The flags of a growing log, kept beside it in the reviewer's session: the rules' state after the
//! last entry seen, so a log view at 1 000 000 entries costs the new entries and one query instead
//! of a walk of the whole log (the budget: filter p95 ≤ 100 ms, `benches/log_review.rs`).
//!
//! Invariant: the index has seen entries `1..=seen_to`, and while the chain holds each of them linked
//! to the one before and hashed to its stored hash — the checks of the full verification that an
//! appended entry can fail. The full verification (checkpoints, key announcements, truncation against
//! the outside checkpoint) runs when the index is built, which is once per session and again whenever
//! a threshold changes or the log is shorter than the index.

use super::entry::{Entry, EntryRef, GENESIS};
use super::flags::{FlagCode, FlagEngine, Flags, Thresholds};
use super::review::{self, ReviewRecord, ReviewSubject, Task};
use super::Action;
use std::collections::BTreeMap;

pub struct FlagIndex {
    engine: FlagEngine,
    flags: Flags,
    /// The entries the worklist and the reviews are made of: those with a flag that creates a task,
    /// every sample drawn and every review recorded.
    notable: Vec<Entry>,
    seen_to: u64,
    head_hash: Vec<u8>,
    broken_at: Option<u64>,
    buf: Vec<u8>,
}

impl FlagIndex {
    /// An empty index; `broken_at` is where the full verification found the chain broken.
    pub fn new(t: Thresholds, broken_at: Option<u64>) -> Self {
        let mut flags = Flags::new();
        if let Some(seq) = broken_at {
            flags.insert(seq, vec![FlagCode::Chain]);
        }
        FlagIndex {
            engine: FlagEngine::new(t),
            flags,
            notable: Vec::new(),
            seen_to: 0,
            head_hash: GENESIS.to_vec(),
            broken_at,
            buf: Vec::with_capacity(512),
        }
    }

    pub fn thresholds(&self) -> &Thresholds {
        self.engine.thresholds()
    }

    /// The last sequence number fed in; the next walk starts after it.
    pub fn seen_to(&self) -> u64 {
        self.seen_to
    }

    pub fn broken_at(&self) -> Option<u64> {
        self.broken_at
    }

    /// Feeds the next entry of the log.
    pub fn push(&mut self, e: &EntryRef<'_>) {
        if self.broken_at.is_none()
            && (e.seq != self.seen_to + 1
                || e.prev_hash != self.head_hash.as_slice()
                || e.expected_hash_with(&mut self.buf)[..] != *e.hash)
        {
            let at = e.seq.min(self.seen_to + 1);
            self.broken_at = Some(at);
            self.flags.entry(at).or_default().insert(0, FlagCode::Chain);
        }
        self.seen_to = e.seq;
        self.head_hash.clear();
        self.head_hash.extend_from_slice(e.hash);
        let entry = e.to_entry();
        let codes = self.engine.push(&entry);
        let task = codes.iter().any(|c| c.creates_task());
        if !codes.is_empty() {
            self.flags.entry(e.seq).or_default().extend(codes);
        }
        let recorded =
            e.action == Action::SampleDrawn.as_str() || e.action == Action::LogReviewed.as_str();
        if task
            || recorded
            || self
                .flags
                .get(&e.seq)
                .is_some_and(|c| c.contains(&FlagCode::Chain))
        {
            self.notable.push(entry);
        }
    }

    pub fn flags(&self) -> &Flags {
        &self.flags
    }

    pub fn flags_of(&self, seq: u64) -> Vec<FlagCode> {
        self.flags.get(&seq).cloned().unwrap_or_default()
    }

    /// Sequence numbers with `code`, newest first, below `before` when given.
    pub fn with_flag(&self, code: FlagCode, before: Option<u64>) -> impl Iterator<Item = u64> + '_ {
        self.flags
            .range(..before.unwrap_or(u64::MAX))
            .rev()
            .filter(move |(_, codes)| codes.contains(&code))
            .map(|(seq, _)| *seq)
    }

    /// The entries of the worklist and the reviews, in sequence order.
    pub fn notable(&self) -> &[Entry] {
        &self.notable
    }

    pub fn reviews(&self) -> BTreeMap<ReviewSubject, ReviewRecord> {
        review::reviews(&self.notable)
    }

    pub fn tasks(&self, now: time::OffsetDateTime) -> Vec<Task> {
        review::tasks(&self.notable, &self.flags, self.thresholds(), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::flags::evaluate;
    use crate::audit::Outcome;

    fn log(n: u64) -> Vec<Entry> {
        let actions = [
            Action::FieldRevealed,
            Action::EmergencyAccess,
            Action::Search,
            Action::ExtractProduced,
            Action::SettingsChanged,
        ];
        let mut out: Vec<Entry> = Vec::new();
        for seq in 1..=n {
            let action = actions[(seq % 5) as usize];
            let mut e = Entry {
                seq,
                at: crate::time::unix_to_rfc3339(1_767_250_800 + seq * 60),
                actor: format!("u{}", seq % 3),
                role: "handlaggare".into(),
                action: action.as_str().into(),
                person_ref: Some(format!("P-{:04}-AB12", seq % 7)),
                fields: vec!["health".into()],
                purpose: None,
                term_hash: (action == Action::Search).then(|| "ab".repeat(32)),
                detail: None,
                outcome: if seq % 11 == 0 {
                    "denied"
                } else {
                    Outcome::Allowed.as_str()
                }
                .into(),
                flagged: false,
                prev_hash: out.last().map_or(GENESIS.to_vec(), |p| p.hash.clone()),
                hash: Vec::new(),
            };
            e.hash = e.expected_hash().to_vec();
            out.push(e);
        }
        out
    }

    fn feed(index: &mut FlagIndex, entries: &[Entry]) {
        for e in entries {
            let joined = e.fields_joined();
            index.push(&e.as_ref(&joined));
        }
    }

    #[test]
    fn fed_in_parts_it_flags_as_the_whole_log_does() {
        let entries = log(400);
        let t = Thresholds::default();
        let mut index = FlagIndex::new(t, None);
        feed(&mut index, &entries[..123]);
        feed(&mut index, &entries[123..]);
        assert_eq!(index.flags(), &evaluate(&entries, &t, None));
        assert!(index
            .flags()
            .values()
            .flatten()
            .any(|c| *c == FlagCode::BreakGlass));
        assert_eq!(index.broken_at(), None);
        assert!(index
            .notable()
            .iter()
            .all(|e| index.flags_of(e.seq).iter().any(|c| c.creates_task())));
    }

    #[test]
    fn an_appended_entry_that_does_not_link_breaks_the_chain_there() {
        let mut entries = log(20);
        let mut index = FlagIndex::new(Thresholds::default(), None);
        feed(&mut index, &entries[..10]);
        entries[12].purpose = Some("edited".into());
        feed(&mut index, &entries[10..]);
        assert_eq!(index.broken_at(), Some(13));
        assert_eq!(index.flags_of(13).first(), Some(&FlagCode::Chain));
        assert!(index.notable().iter().any(|e| e.seq == 13));
    }

    #[test]
    fn a_missing_entry_breaks_the_chain_where_it_was() {
        let entries = log(20);
        let mut index = FlagIndex::new(Thresholds::default(), None);
        feed(&mut index, &entries[..5]);
        feed(&mut index, &entries[6..]);
        assert_eq!(index.broken_at(), Some(6));
    }

    #[test]
    fn with_flag_pages_newest_first() {
        let entries = log(100);
        let mut index = FlagIndex::new(Thresholds::default(), None);
        feed(&mut index, &entries);
        let all: Vec<u64> = index.with_flag(FlagCode::BreakGlass, None).collect();
        assert!(all.windows(2).all(|w| w[0] > w[1]) && !all.is_empty());
        let next: Vec<u64> = index
            .with_flag(FlagCode::BreakGlass, Some(all[2]))
            .collect();
        assert_eq!(next, all[3..]);
    }
}
