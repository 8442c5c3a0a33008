//! Swedish civil time, for working hours and day boundaries in the log review. The log stores UTC;
//! Sweden keeps CET (UTC+1) and, under the EU rule, CEST (UTC+2) from the last Sunday of March
//! 01:00 UTC to the last Sunday of October 01:00 UTC. Written out so no time-zone database is needed.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, Weekday};

fn last_sunday(year: i32, month: Month) -> Date {
    let mut d = Date::from_calendar_date(year, month, month.length(year))
        .expect("the month's last day exists");
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day().expect("within the calendar");
    }
    d
}

fn summer_time(utc: OffsetDateTime) -> bool {
    let y = utc.year();
    let one = Time::from_hms(1, 0, 0).expect("01:00 is a time");
    let start = PrimitiveDateTime::new(last_sunday(y, Month::March), one).assume_utc();
    let end = PrimitiveDateTime::new(last_sunday(y, Month::October), one).assume_utc();
    utc >= start && utc < end
}

/// Hours ahead of UTC at this instant in Sweden (1 or 2).
pub fn offset_hours(utc: OffsetDateTime) -> i64 {
    if summer_time(utc) {
        2
    } else {
        1
    }
}

/// The wall-clock time in Sweden at this instant.
pub fn swedish_time(utc: OffsetDateTime) -> PrimitiveDateTime {
    let t = utc.to_offset(time::UtcOffset::UTC) + Duration::hours(offset_hours(utc));
    PrimitiveDateTime::new(t.date(), t.time())
}

/// The instant a Swedish calendar day begins (its local midnight), in UTC.
pub fn day_start(day: Date) -> OffsetDateTime {
    let guess = day.midnight().assume_utc() - Duration::hours(1);
    // Midnight is never inside a changeover hour (they happen at 02:00 and 03:00 local).
    day.midnight().assume_utc() - Duration::hours(offset_hours(guess))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn winter_is_one_hour_ahead_and_summer_two() {
        assert_eq!(
            swedish_time(datetime!(2026-01-15 07:30 UTC)),
            datetime!(2026-01-15 08:30)
        );
        assert_eq!(
            swedish_time(datetime!(2026-07-01 22:30 UTC)),
            datetime!(2026-07-02 00:30)
        );
    }

    #[test]
    fn the_change_happens_at_one_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert_eq!(offset_hours(datetime!(2026-03-29 00:59 UTC)), 1);
        assert_eq!(offset_hours(datetime!(2026-03-29 01:00 UTC)), 2);
        assert_eq!(offset_hours(datetime!(2026-10-25 00:59 UTC)), 2);
        assert_eq!(offset_hours(datetime!(2026-10-25 01:00 UTC)), 1);
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        assert_eq!(
            day_start(time::macros::date!(2026 - 01 - 10)),
            datetime!(2026-01-09 23:00 UTC)
        );
        assert_eq!(
            day_start(time::macros::date!(2026 - 06 - 10)),
            datetime!(2026-06-09 22:00 UTC)
        );
    }
}
