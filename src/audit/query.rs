//! The reviewer's filter over the log (loggkontroll). Storage applies it.

use serde::Deserialize;

use super::{Action, Entry, FlagCode};
use crate::input::{Input, Rule};

/// Every field may be left out (missing fields mean "any").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogFilter {
    pub person_ref: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Inclusive lower bound, RFC 3339 UTC with milliseconds.
    pub since: Option<String>,
    /// Exclusive upper bound.
    pub until: Option<String>,
    pub flagged_only: bool,
    /// Keyed hash of a search term, as the log holds it (only a case handler can compute one).
    pub term_hash: Option<String>,
    /// Only entries with this flag (a [`FlagCode`]); the flags are computed by the session, not
    /// stored, so storage ignores this key.
    pub flag: Option<String>,
    /// Only entries older than this sequence number: the next page after one that ended there.
    pub before: Option<u64>,
    /// At most this many entries, newest first (default 500, at most 10 000).
    pub limit: Option<u32>,
}

impl LogFilter {
    pub const DEFAULT_LIMIT: u32 = 500;
    pub const MAX_LIMIT: u32 = 10_000;

    /// A filter as a front end sends it (JSON, every key optional); unknown keys are refused.
    pub fn from_json(json: &str) -> crate::Result<LogFilter> {
        let filter: LogFilter = crate::records::model::parse_json(Input::LogFilter, json)?;
        filter.check()?;
        Ok(filter)
    }

    /// Refuses an action name the log never records (a typo would silently match nothing).
    pub fn check(&self) -> crate::Result<()> {
        let unknown = |what: &str| {
            Err(crate::Error::invalid(
                Input::LogFilter,
                Rule::Unknown,
                format!("unknown {what}"),
            ))
        };
        match (&self.action, &self.flag) {
            (Some(a), _) if Action::parse(a).is_none() => unknown("action name"),
            (_, Some(f)) if FlagCode::parse(f).is_none() => unknown("flag code"),
            _ => Ok(()),
        }
    }

    /// Whether `e` passes every stored-column condition (all but `flag` and `limit`). The person
    /// condition also matches a reveal of names that lists the ref.
    pub fn matches(&self, e: &Entry) -> bool {
        let eq = |want: &Option<String>, have: Option<&str>| {
            want.as_deref().is_none_or(|w| have == Some(w))
        };
        (eq(&self.person_ref, e.person_ref.as_deref())
            || self.person_ref.as_deref().is_some_and(|r| names_ref(e, r)))
            && eq(&self.actor, Some(&e.actor))
            && eq(&self.action, Some(&e.action))
            && eq(&self.term_hash, e.term_hash.as_deref())
            && self.since.as_deref().is_none_or(|t| e.at.as_str() >= t)
            && self.until.as_deref().is_none_or(|t| e.at.as_str() < t)
            && (!self.flagged_only || e.flagged)
            && self.before.is_none_or(|b| e.seq < b)
    }

    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(Self::DEFAULT_LIMIT)
            .clamp(1, Self::MAX_LIMIT)
    }
}

fn names_ref(e: &Entry, person_ref: &str) -> bool {
    e.action == Action::NamesRevealed.as_str()
        && e.detail
            .as_deref()
            .and_then(|d| d.strip_prefix("refs "))
            .is_some_and(|refs| refs.split(' ').any(|x| x == person_ref))
}
