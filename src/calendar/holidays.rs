//! Swedish public holidays (lag (1989:253) om allmänna helgdagar) and the eves that are not working
//! days in practice (midsommarafton, julafton, nyårsafton). Saturdays and Sundays are never working
//! days either.

use time::{Date, Duration, Month, Weekday};

crate::named! {
    /// A day on which a deadline does not fall.
    pub enum Holiday {
        NewYearsDay = "nyarsdagen",
        Epiphany = "trettondedag_jul",
        GoodFriday = "langfredagen",
        EasterSunday = "pasdagen",
        EasterMonday = "annandag_pask",
        MayDay = "forsta_maj",
        Ascension = "kristi_himmelsfardsdag",
        Pentecost = "pingstdagen",
        NationalDay = "nationaldagen",
        MidsummerEve = "midsommarafton",
        MidsummerDay = "midsommardagen",
        AllSaints = "alla_helgons_dag",
        ChristmasEve = "julafton",
        ChristmasDay = "juldagen",
        BoxingDay = "annandag_jul",
        NewYearsEve = "nyarsafton",
    }
}

/// Easter Sunday of `year` (Gregorian; the anonymous "Meeus/Jones/Butcher" computus).
fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 {
        Month::March
    } else {
        Month::April
    };
    Date::from_calendar_date(year, month, day as u8).expect("the computus gives a real date")
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: Date, weekday: Weekday) -> Date {
    let mut d = from;
    while d.weekday() != weekday {
        d = d.next_day().expect("within the calendar");
    }
    d
}

fn date(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).expect("a fixed holiday is a real date")
}

/// The holiday on `day`, if it is one.
pub fn is_public_holiday(day: Date) -> Option<Holiday> {
    let y = day.year();
    let easter = easter_sunday(y);
    let midsummer_day = first_on_or_after(date(y, Month::June, 20), Weekday::Saturday);
    let all_saints = first_on_or_after(date(y, Month::October, 31), Weekday::Saturday);
    let table = [
        (date(y, Month::January, 1), Holiday::NewYearsDay),
        (date(y, Month::January, 6), Holiday::Epiphany),
        (easter - Duration::days(2), Holiday::GoodFriday),
        (easter, Holiday::EasterSunday),
        (easter + Duration::days(1), Holiday::EasterMonday),
        (date(y, Month::May, 1), Holiday::MayDay),
        (easter + Duration::days(39), Holiday::Ascension),
        (easter + Duration::days(49), Holiday::Pentecost),
        (date(y, Month::June, 6), Holiday::NationalDay),
        (midsummer_day - Duration::days(1), Holiday::MidsummerEve),
        (midsummer_day, Holiday::MidsummerDay),
        (all_saints, Holiday::AllSaints),
        (date(y, Month::December, 24), Holiday::ChristmasEve),
        (date(y, Month::December, 25), Holiday::ChristmasDay),
        (date(y, Month::December, 26), Holiday::BoxingDay),
        (date(y, Month::December, 31), Holiday::NewYearsEve),
    ];
    table.iter().find(|(d, _)| *d == day).map(|(_, h)| *h)
}

/// Neither a Saturday, a Sunday nor a day of [`Holiday`].
pub fn is_working_day(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
        && is_public_holiday(day).is_none()
}

/// `day` itself when it is a working day, otherwise the next one.
pub fn next_working_day(day: Date) -> Date {
    let mut d = day;
    while !is_working_day(d) {
        d = d.next_day().expect("within the calendar");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn easter_matches_known_years() {
        for (y, e) in [
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2026, date!(2026 - 04 - 05)),
            (2027, date!(2027 - 03 - 28)),
            (2038, date!(2038 - 04 - 25)),
        ] {
            assert_eq!(easter_sunday(y), e, "{y}");
        }
    }

    #[test]
    fn the_moving_holidays_of_2026() {
        let cases = [
            (date!(2026 - 04 - 03), Holiday::GoodFriday),
            (date!(2026 - 04 - 06), Holiday::EasterMonday),
            (date!(2026 - 05 - 14), Holiday::Ascension),
            (date!(2026 - 05 - 24), Holiday::Pentecost),
            (date!(2026 - 06 - 19), Holiday::MidsummerEve),
            (date!(2026 - 06 - 20), Holiday::MidsummerDay),
            (date!(2026 - 10 - 31), Holiday::AllSaints),
        ];
        for (d, h) in cases {
            assert_eq!(is_public_holiday(d), Some(h), "{d}");
        }
        assert_eq!(is_public_holiday(date!(2026 - 06 - 18)), None);
        // Whit Monday stopped being a public holiday in 2005.
        assert!(is_working_day(date!(2026 - 05 - 25)));
    }

    #[test]
    fn working_days_skip_weekends_and_eves() {
        assert!(is_working_day(date!(2026 - 12 - 01)));
        assert!(!is_working_day(date!(2026 - 12 - 05)));
        assert!(!is_working_day(date!(2026 - 12 - 24)));
        assert!(!is_working_day(date!(2026 - 12 - 31)));
        assert_eq!(
            next_working_day(date!(2026 - 12 - 24)),
            date!(2026 - 12 - 28)
        );
        assert_eq!(
            next_working_day(date!(2026 - 12 - 01)),
            date!(2026 - 12 - 01)
        );
    }
}
