//! The deadline of a data-subject request (GDPR art. 12(3)): one calendar month from receipt — not 30
//! days — on the same day number, or the month's last day when it has no such day; moved to the next
//! working day when it falls on a weekend, a public holiday or an eve (lag (1930:173) om beräkning av
//! lagstadgad tid). It can be extended once by two further months.

use time::{Date, Month};

use super::holidays::next_working_day;

/// How many months an extension adds to the first one.
pub const EXTENSION_MONTHS: u32 = 2;

/// A request's deadlines: the answer is due on `due`; an extension moves it to `extended_due`, and
/// the person must be told of the extension by `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub due: Date,
    pub extended_due: Date,
}

/// `from` plus `months` calendar months, clamped to the last day of the month it lands in.
pub fn add_calendar_months(from: Date, months: u32) -> Date {
    let index = from.year() * 12 + (from.month() as i32 - 1) + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(month).expect("1..=12");
    let day = from.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("clamped to the month's length")
}

/// The deadlines of a request received on `received`.
pub fn request_deadline(received: Date) -> Deadline {
    Deadline {
        due: next_working_day(add_calendar_months(received, 1)),
        extended_due: next_working_day(add_calendar_months(received, 1 + EXTENSION_MONTHS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn one_calendar_month_then_the_next_working_day() {
        let cases = [
            // The cases the issue names.
            (date!(2026 - 01 - 31), date!(2026 - 03 - 02)), // 28 Feb is a Saturday
            (date!(2026 - 11 - 24), date!(2026 - 12 - 28)), // julafton, juldagen, a weekend
            (date!(2026 - 05 - 19), date!(2026 - 06 - 22)), // midsommarafton and -dagen, Sunday
            (date!(2026 - 12 - 31), date!(2027 - 02 - 01)), // 31 Jan 2027 is a Sunday
            // Worked out from the rules.
            (date!(2026 - 12 - 01), date!(2027 - 01 - 04)), // nyårsdagen (Friday), a weekend
            (date!(2026 - 12 - 06), date!(2027 - 01 - 07)), // trettondedag jul (Wednesday)
            (date!(2026 - 04 - 14), date!(2026 - 05 - 15)), // Kristi himmelsfärdsdag
            (date!(2026 - 05 - 06), date!(2026 - 06 - 08)), // nationaldagen on a Saturday
            (date!(2027 - 02 - 26), date!(2027 - 03 - 30)), // långfredagen to annandag påsk
            (date!(2026 - 03 - 31), date!(2026 - 04 - 30)), // 30 days in April: clamped
            (date!(2028 - 01 - 31), date!(2028 - 02 - 29)), // a leap year
            (date!(2026 - 09 - 30), date!(2026 - 10 - 30)), // the day before alla helgons dag
            (date!(2026 - 11 - 02), date!(2026 - 12 - 02)), // an ordinary Wednesday
        ];
        for (received, due) in cases {
            assert_eq!(request_deadline(received).due, due, "received {received}");
        }
    }

    #[test]
    fn an_extension_adds_two_months_to_the_first() {
        let d = request_deadline(date!(2026 - 11 - 24));
        // 24 Feb 2027 is a Wednesday.
        assert_eq!(d.extended_due, date!(2027 - 02 - 24));
        let d = request_deadline(date!(2026 - 10 - 31));
        // 31 Jan 2027 is a Sunday.
        assert_eq!(d.extended_due, date!(2027 - 02 - 01));
    }

    #[test]
    fn months_are_added_across_years_and_clamped() {
        assert_eq!(
            add_calendar_months(date!(2026 - 12 - 31), 2),
            date!(2027 - 02 - 28)
        );
        assert_eq!(
            add_calendar_months(date!(2026 - 08 - 31), 1),
            date!(2026 - 09 - 30)
        );
        assert_eq!(
            add_calendar_months(date!(2026 - 01 - 15), 12),
            date!(2027 - 01 - 15)
        );
    }
}
