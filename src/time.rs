//! UTC timestamps as RFC 3339 strings with milliseconds (sortable as text).

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The crate's one clock. Tests (the `test-support` feature) can move it forward instead of sleeping.
fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    #[cfg(feature = "test-support")]
    let t = t + time::Duration::seconds(test_clock::offset());
    t
}

#[cfg(feature = "test-support")]
mod test_clock {
    use std::sync::atomic::{AtomicI64, Ordering};

    static OFFSET: AtomicI64 = AtomicI64::new(0);

    pub fn offset() -> i64 {
        OFFSET.load(Ordering::SeqCst)
    }

    /// Moves the whole process's clock forward by `seconds` (for time-dependent tests in a test
    /// binary of their own).
    pub fn advance(seconds: i64) {
        OFFSET.fetch_add(seconds, Ordering::SeqCst);
    }
}

#[cfg(feature = "test-support")]
#[doc(hidden)]
pub use test_clock::advance as advance_clock_for_tests;

/// Now, in UTC (the crate's clock).
pub fn now_utc() -> OffsetDateTime {
    now()
}

/// Today's date in UTC.
pub fn today_utc() -> time::Date {
    now().date()
}

pub fn now_rfc3339() -> String {
    format_rfc3339(now())
}

pub fn unix_to_rfc3339(secs: u64) -> String {
    OffsetDateTime::from_unix_timestamp(secs as i64)
        .map(format_rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

pub fn now_unix() -> i64 {
    now().unix_timestamp()
}

/// Unix seconds, unsigned (before 1970 is 0).
pub fn now_secs() -> u64 {
    now_unix().max(0) as u64
}

/// Always exactly millisecond precision, so the strings sort in time order.
pub fn format_rfc3339(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

/// A stored RFC 3339 time (`None` for anything else).
pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Parses an RFC 3339 time or a plain date (`2026-11-23`, meaning its start in UTC) for log filters.
pub fn parse_filter_time(s: &str) -> Option<String> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(format_rfc3339(t));
    }
    let date =
        time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(format_rfc3339(date.midnight().assume_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_sort_as_text() {
        assert!(unix_to_rfc3339(1_000) < unix_to_rfc3339(2_000));
        let t = OffsetDateTime::from_unix_timestamp(5).unwrap();
        let later = t + time::Duration::milliseconds(500);
        assert!(format_rfc3339(t) < format_rfc3339(later));
        assert!(now_rfc3339().ends_with('Z'));
        assert_eq!(
            parse_filter_time("2026-11-23").unwrap(),
            "2026-11-23T00:00:00.000Z"
        );
        assert!(parse_filter_time("yesterday").is_none());
    }
}
