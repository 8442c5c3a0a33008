//! The reviewer's filter over the log (loggkontroll). Storage applies it.

use serde::Deserialize;

use super::Action;
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
        match &self.action {
            Some(a) if Action::parse(a).is_none() => Err(crate::Error::invalid(
                Input::LogFilter,
                Rule::Unknown,
                "unknown action name",
            )),
            _ => Ok(()),
        }
    }

    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(Self::DEFAULT_LIMIT)
            .clamp(1, Self::MAX_LIMIT)
    }
}
