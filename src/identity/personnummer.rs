//! Personnummer and samordningsnummer (Swedish personal identity and coordination numbers).
//!
//! Accepted forms, surrounding whitespace ignored: `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYMMDDNNNC`,
//! `YYYYMMDD-NNNC`, `YYYYMMDD+NNNC` and `YYYYMMDDNNNC`. The stored form is always `YYYYMMDDNNNC`.
//!
//! Century of a 10-digit number, relative to a reference date ("today"):
//! - `-` or no separator: the latest century that does not put the birth date after today.
//! - `+`: the latest century in which the person turns 100 no later than this year. Skatteverket swaps
//!   `-` for `+` from the *year* a person turns 100 (18 § folkbokföringslagen), not from the birthday.
//!
//! In the 12-digit form the century is written out; a `+` there must agree with it.

use std::fmt;
use std::str::FromStr;

use super::IdentityError;

/// A calendar date as (year, month 1–12, day 1–31).
pub type Ymd = (i32, u8, u8);

/// Samordningsnummer carry the day of month plus 60.
const SAMORDNING_DAY_OFFSET: u8 = 60;
/// Skatteverket's century digits are 18, 19 or 20; anything earlier is a typo.
const EARLIEST_BIRTH_YEAR: i64 = 1800;
/// The canonical form has a four-digit year.
const LATEST_BIRTH_YEAR: i64 = 9999;

/// Which kind of number a [`Personnummer`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Personnummer,
    Samordningsnummer,
}

/// A validated personnummer or samordningsnummer.
///
/// Deliberately has no `Display`, and its `Debug` prints no digits: choose [`Personnummer::canonical`]
/// or [`Personnummer::masked`] explicitly.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    year: i32,
    month: u8,
    /// The real day of month (for samordningsnummer without the +60).
    day: u8,
    serial: u16,
    check: u8,
    kind: Kind,
}

impl Personnummer {
    /// Parses any accepted form, placing 10-digit numbers relative to today's UTC date.
    pub fn parse(input: &str) -> Result<Self, IdentityError> {
        Self::parse_at(input, today_utc())
    }

    /// Parses any accepted form, placing 10-digit numbers relative to `today`.
    pub fn parse_at(input: &str, today: Ymd) -> Result<Self, IdentityError> {
        let raw = Raw::split(input.trim())?;
        let (day, kind) = real_day(raw.day_field)?;
        let today_year = i64::from(today.0);
        let year = match raw.century {
            Some(century) => century * 100 + raw.yy,
            None if raw.plus => latest_year_ending_in(raw.yy, today_year - 100),
            None => {
                let year = latest_year_ending_in(raw.yy, today_year);
                if (year, raw.month, day) > (today_year, today.1, today.2) {
                    year - 100
                } else {
                    year
                }
            }
        };
        if !(EARLIEST_BIRTH_YEAR..=LATEST_BIRTH_YEAR).contains(&year)
            || !is_real_date(year, raw.month, day)
        {
            return Err(IdentityError::Date);
        }
        if (year, raw.month, day) > (today_year, today.1, today.2) {
            return Err(IdentityError::FutureDate);
        }
        if raw.plus && year > today_year - 100 {
            return Err(IdentityError::Separator);
        }
        if raw.serial == 0 {
            return Err(IdentityError::Serial);
        }
        let year = i32::try_from(year).map_err(|_| IdentityError::Date)?;
        let number = Self::from_valid_parts(year, raw.month, day, raw.serial, kind);
        if number.check != raw.check {
            return Err(IdentityError::CheckDigit);
        }
        Ok(number)
    }

    /// Builds a number from its parts and computes the check digit. `day` is the real day of month.
    pub fn from_parts(
        year: i32,
        month: u8,
        day: u8,
        serial: u16,
        kind: Kind,
    ) -> Result<Self, IdentityError> {
        let year64 = i64::from(year);
        if !(EARLIEST_BIRTH_YEAR..=LATEST_BIRTH_YEAR).contains(&year64)
            || !is_real_date(year64, month, day)
        {
            return Err(IdentityError::Date);
        }
        if serial == 0 {
            return Err(IdentityError::Serial);
        }
        if serial > 999 {
            return Err(IdentityError::Format);
        }
        Ok(Self::from_valid_parts(year, month, day, serial, kind))
    }

    /// Callers guarantee a real date, a year of 1800..=9999 and a serial of 1..=999.
    pub(crate) fn from_valid_parts(year: i32, month: u8, day: u8, serial: u16, kind: Kind) -> Self {
        let mut number = Personnummer {
            year,
            month,
            day,
            serial,
            check: 0,
            kind,
        };
        let digits = number.ten_digits();
        number.check = luhn_check_digit(&digits.as_bytes()[..9]);
        number
    }

    /// The stored form, `YYYYMMDDNNNC`.
    pub fn canonical(&self) -> String {
        format!("{:02}{}", self.year / 100, self.ten_digits())
    }

    /// `YYYYMMDD-NNNC`.
    pub fn display_separated(&self) -> String {
        let canonical = self.canonical();
        let (date, rest) = canonical.split_at(8);
        format!("{date}-{rest}")
    }

    /// Birth year only, e.g. `1985****-****`.
    pub fn masked(&self) -> String {
        format!("{:04}****-****", self.year)
    }

    pub fn birth_year(&self) -> i32 {
        self.year
    }

    /// The date the number encodes, as (year, month, day); for samordningsnummer without the +60.
    /// Usually the birth date, but Skatteverket may use a nearby day when a date's serials run out.
    pub fn birth_date(&self) -> Ymd {
        (self.year, self.month, self.day)
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// `YYMMDDNNNC`, the digits the check digit is computed over (plus the check digit itself).
    fn ten_digits(&self) -> String {
        let day_field = match self.kind {
            Kind::Personnummer => self.day,
            Kind::Samordningsnummer => self.day + SAMORDNING_DAY_OFFSET,
        };
        format!(
            "{:02}{:02}{:02}{:03}{}",
            self.year % 100,
            self.month,
            day_field,
            self.serial,
            self.check
        )
    }
}

impl fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Personnummer(****)")
    }
}

impl FromStr for Personnummer {
    type Err = IdentityError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

/// The fields of a syntactically valid input, not yet checked for meaning.
struct Raw {
    century: Option<i64>,
    yy: i64,
    month: u8,
    day_field: u8,
    serial: u16,
    check: u8,
    plus: bool,
}

impl Raw {
    fn split(trimmed: &str) -> Result<Self, IdentityError> {
        // Work on bytes: any non-ASCII byte is simply not a digit, so no char boundary can be hit.
        let bytes = trimmed.as_bytes();
        let date_len = match bytes.len() {
            10 | 11 => 6,
            12 | 13 => 8,
            _ => return Err(IdentityError::Format),
        };
        let has_separator = bytes.len() % 2 == 1;
        let plus = has_separator && bytes[date_len] == b'+';
        if has_separator && !matches!(bytes[date_len], b'-' | b'+') {
            return Err(IdentityError::Format);
        }
        let tail_start = date_len + usize::from(has_separator);
        let (date, tail) = (&bytes[..date_len], &bytes[tail_start..]);
        if !date.iter().chain(tail).all(u8::is_ascii_digit) {
            return Err(IdentityError::Format);
        }
        let (century, yymmdd) = if date_len == 8 {
            (Some(i64::from(number(&date[..2]))), &date[2..])
        } else {
            (None, date)
        };
        Ok(Raw {
            century,
            yy: i64::from(number(&yymmdd[0..2])),
            month: number(&yymmdd[2..4]) as u8,
            day_field: number(&yymmdd[4..6]) as u8,
            serial: number(&tail[0..3]) as u16,
            check: tail[3] - b'0',
            plus,
        })
    }
}

/// Value of a short run of ASCII digits (checked by the caller).
fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

/// Splits the written day into the real day and the kind; days 61–91 are samordningsnummer.
fn real_day(day_field: u8) -> Result<(u8, Kind), IdentityError> {
    match day_field {
        1..=31 => Ok((day_field, Kind::Personnummer)),
        61..=91 => Ok((day_field - SAMORDNING_DAY_OFFSET, Kind::Samordningsnummer)),
        _ => Err(IdentityError::Date),
    }
}

/// The latest year not after `limit` whose last two digits are `yy`.
fn latest_year_ending_in(yy: i64, limit: i64) -> i64 {
    limit - (limit - yy).rem_euclid(100)
}

/// A real proleptic Gregorian date (within ±9999 years, all an identity number can name).
fn is_real_date(year: i64, month: u8, day: u8) -> bool {
    let (Ok(year), Ok(month)) = (i32::try_from(year), time::Month::try_from(month)) else {
        return false;
    };
    time::Date::from_calendar_date(year, month, day).is_ok()
}

/// Luhn (modulus 10, weights 2,1,2,…) over ASCII digits; the result is 0–9.
fn luhn_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let product = u32::from(d - b'0') * if i % 2 == 0 { 2 } else { 1 };
            product / 10 + product % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Today's date in UTC, from the crate's one clock (which tests can move).
pub fn today_utc() -> Ymd {
    let today = crate::time::today_utc();
    (today.year(), u8::from(today.month()), today.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Ymd = (2026, 11, 23);

    /// Independent Luhn, written the textbook way (from the right), to cross-check the library's.
    fn luhn(payload: &str) -> char {
        let sum: u32 = payload
            .chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let d = c.to_digit(10).expect("test payload is digits");
                let d = if i % 2 == 0 { d * 2 } else { d };
                if d > 9 {
                    d - 9
                } else {
                    d
                }
            })
            .sum();
        char::from_digit((10 - sum % 10) % 10, 10).expect("single digit")
    }

    /// `YYMMDDNNN` plus its check digit.
    fn ten(payload: &str) -> String {
        format!("{payload}{}", luhn(payload))
    }

    /// Every accepted spelling of a number, given its century and separator.
    fn forms(century: &str, ten: &str, separator: char) -> Vec<String> {
        let (date, rest) = ten.split_at(6);
        vec![
            format!("{century}{ten}"),
            format!("{century}{date}-{rest}"),
            format!("{date}{separator}{rest}"),
            format!("  {date}{separator}{rest}\t\n"),
            format!(" {century}{ten} "),
        ]
    }

    fn parse(input: &str) -> Result<Personnummer, IdentityError> {
        Personnummer::parse_at(input, TODAY)
    }

    #[test]
    fn test_luhn_matches_skatteverket_example() {
        // Skatteverket's worked example: 640823-323 has check digit 4.
        assert_eq!(luhn("640823323"), '4');
        assert_eq!(luhn_check_digit(b"640823323"), 4);
    }

    #[test]
    fn library_luhn_agrees_with_test_luhn() {
        let mut state = 7_u64;
        for _ in 0..10_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let payload = format!("{:09}", (state >> 20) % 1_000_000_000);
            let expected = luhn(&payload).to_digit(10).expect("digit") as u8;
            assert_eq!(luhn_check_digit(payload.as_bytes()), expected, "{payload}");
        }
    }

    #[test]
    fn valid_numbers_in_every_form() {
        // (century, YYMMDDNNN, separator of the 10-digit form, kind, birth date)
        let cases = [
            ("19", "811218987", '-', Kind::Personnummer, (1981, 12, 18)),
            ("19", "640823323", '-', Kind::Personnummer, (1964, 8, 23)),
            ("20", "000101001", '-', Kind::Personnummer, (2000, 1, 1)),
            ("20", "261123999", '-', Kind::Personnummer, (2026, 11, 23)),
            ("19", "261124002", '-', Kind::Personnummer, (1926, 11, 24)),
            ("19", "090527147", '+', Kind::Personnummer, (1909, 5, 27)),
            ("18", "791221999", '+', Kind::Personnummer, (1879, 12, 21)),
            (
                "19",
                "701063123",
                '-',
                Kind::Samordningsnummer,
                (1970, 10, 3),
            ),
            (
                "19",
                "570574995",
                '-',
                Kind::Samordningsnummer,
                (1957, 5, 14),
            ),
            (
                "20",
                "240289456",
                '-',
                Kind::Samordningsnummer,
                (2024, 2, 29),
            ),
            (
                "19",
                "120191400",
                '+',
                Kind::Samordningsnummer,
                (1912, 1, 31),
            ),
        ];
        for (century, payload, separator, kind, birth_date) in cases {
            let digits = ten(payload);
            let canonical = format!("{century}{digits}");
            for input in forms(century, &digits, separator) {
                let number = parse(&input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
                assert_eq!(number.canonical(), canonical, "{input:?}");
                assert_eq!(number.kind(), kind, "{input:?}");
                assert_eq!(number.birth_date(), birth_date, "{input:?}");
                assert_eq!(number.birth_year(), birth_date.0, "{input:?}");
            }
        }
    }

    #[test]
    fn century_of_ten_digit_forms() {
        // (reference date, YYMMDD + separator, expected birth year)
        let cases = [
            (TODAY, "261123-", 2026), // born today
            (TODAY, "261124-", 1926), // tomorrow would be in the future
            (TODAY, "270101-", 1927),
            (TODAY, "991231-", 1999),
            (TODAY, "000229-", 2000),
            (TODAY, "090527+", 1909),
            // '+' from the year the person turns 100, even before the birthday.
            (TODAY, "260101+", 1926),
            (TODAY, "261231+", 1926),
            (TODAY, "270101+", 1827),
            ((2000, 1, 1), "000101-", 2000),
            ((2000, 1, 1), "000102-", 1900),
            ((2000, 1, 1), "000101+", 1900),
            ((2000, 1, 1), "991231+", 1899),
        ];
        for (today, prefix, year) in cases {
            let input = ten(&format!("{}{}", &prefix[..6], "123"));
            let input = format!("{}{}{}", &input[..6], &prefix[6..], &input[6..]);
            let number = Personnummer::parse_at(&input, today)
                .unwrap_or_else(|e| panic!("{input:?} at {today:?}: {e}"));
            assert_eq!(number.birth_year(), year, "{input:?} at {today:?}");
        }
    }

    #[test]
    fn leap_days() {
        let cases = [
            ("20000229", true),
            ("19000229", false),
            ("20240229", true),
            ("20230229", false),
            ("18960229", true),
            ("18000229", false),
            ("19920229", true),
            ("20200230", false),
        ];
        for (date, valid) in cases {
            let input = format!("{}{}", &date[..2], ten(&format!("{}042", &date[2..])));
            let expected = if valid {
                Ok(())
            } else {
                Err(IdentityError::Date)
            };
            assert_eq!(parse(&input).map(|_| ()), expected, "{input}");
        }
        // 10-digit: "000229" is 2000 with '-', but 1900 (no leap day) with '+'.
        let digits = ten("000229042");
        assert!(parse(&digits).is_ok());
        let plus = format!("{}+{}", &digits[..6], &digits[6..]);
        assert_eq!(parse(&plus), Err(IdentityError::Date));
    }

    #[test]
    fn invalid_dates() {
        let dates = [
            "19900001", // month 0
            "19901301", // month 13
            "19909901", // month 99
            "19900100", // day 0
            "19900132", // day 32
            "19900431", // April 31
            "19900160", // day 60: neither a day nor a samordningsnummer day
            "19900192", // day 92
            "19900199", // day 99
            "19900291", // samordningsnummer for February 31
            "19900471", // samordningsnummer for April 11... valid, see below
        ];
        for date in &dates[..dates.len() - 1] {
            let input = format!("{}{}", &date[..2], ten(&format!("{}123", &date[2..])));
            assert_eq!(parse(&input), Err(IdentityError::Date), "{input}");
        }
        let input = format!("19{}", ten("900471123"));
        assert!(parse(&input).is_ok());
        // Centuries before 18 were never issued.
        let input = format!("17{}", ten("991231123"));
        assert_eq!(parse(&input), Err(IdentityError::Date));
    }

    #[test]
    fn future_dates_are_rejected() {
        let input = format!("20{}", ten("261124123"));
        assert_eq!(parse(&input), Err(IdentityError::FutureDate));
        let input = format!("21{}", ten("000101123"));
        assert_eq!(parse(&input), Err(IdentityError::FutureDate));
        let input = format!("20{}", ten("261123123"));
        assert!(parse(&input).is_ok());
    }

    #[test]
    fn plus_in_twelve_digit_form_must_agree_with_century() {
        let digits = ten("090527147");
        let old = format!("19{}+{}", &digits[..6], &digits[6..]);
        assert!(parse(&old).is_ok());
        let young = format!("20{}+{}", &digits[..6], &digits[6..]);
        assert_eq!(parse(&young), Err(IdentityError::Separator));
        // Turns 100 in the reference year: '+' already applies.
        let digits = ten("261231147");
        let turning = format!("19{}+{}", &digits[..6], &digits[6..]);
        assert!(parse(&turning).is_ok());
        let digits = ten("270101147");
        let not_yet = format!("19{}+{}", &digits[..6], &digits[6..]);
        assert_eq!(parse(&not_yet), Err(IdentityError::Separator));
    }

    #[test]
    fn bad_check_digits() {
        for payload in ["811218987", "701063123", "000229042", "090527147"] {
            let good = ten(payload);
            for wrong in (0..=9)
                .map(|d| d.to_string())
                .filter(|d| !good.ends_with(d))
            {
                let input = format!("{payload}{wrong}");
                let plus = format!("{}+{}{wrong}", &payload[..6], &payload[6..]);
                let input = if payload.starts_with("09") {
                    plus
                } else {
                    input
                };
                assert_eq!(parse(&input), Err(IdentityError::CheckDigit), "{input}");
            }
        }
    }

    #[test]
    fn serial_000_is_rejected() {
        let input = format!("20{}", ten("150916000"));
        assert_eq!(parse(&input), Err(IdentityError::Serial));
        assert_eq!(
            Personnummer::from_parts(2015, 9, 16, 0, Kind::Personnummer),
            Err(IdentityError::Serial)
        );
    }

    #[test]
    fn format_errors() {
        let digits = ten("811218987");
        let (date, rest) = digits.split_at(6);
        let cases = [
            String::new(),
            "   ".to_string(),
            digits[..9].to_string(),                        // 9 digits
            format!("{digits}1"),                           // 11 digits, no separator
            format!("19{digits}1"),                         // 13 digits
            format!("19{digits}12"),                        // 14 digits
            format!("{date}--{rest}"),                      // double separator
            format!("{date}/{rest}"),                       // wrong separator
            format!("{date} {rest}"),                       // inner space
            format!("19{date} {rest}"),                     // inner space, long
            format!("{}-{}", &digits[..5], &digits[5..]),   // separator misplaced
            format!("19{}-{}", &digits[..7], &digits[7..]), // separator misplaced, long
            format!("+{digits}"),                           // leading sign
            format!("-{digits}"),
            format!("{date}-{}", "98a7"), // letter
            "abcdefghij".to_string(),
            "19811218-98X7".to_string(),
            "８１１２１８-９８７".to_string(), // full-width digits
            "811218\u{2013}9870".to_string(),  // en dash
            "81121８-9870".to_string(),
            "öäåöäåöäåö".to_string(),
        ];
        for input in cases {
            assert_eq!(parse(&input), Err(IdentityError::Format), "{input:?}");
        }
    }

    #[test]
    fn output_forms() {
        let number = parse(&format!("19{}", ten("850709980"))).expect("valid");
        let canonical = number.canonical();
        assert_eq!(canonical.len(), 12);
        assert_eq!(
            number.display_separated(),
            format!("{}-{}", &canonical[..8], &canonical[8..])
        );
        assert_eq!(number.masked(), "1985****-****");
        assert_eq!(number.birth_year(), 1985);
        assert_eq!(format!("{number:?}"), "Personnummer(****)");
        assert_eq!(format!("{:?}", Some(number)), "Some(Personnummer(****))");
    }

    #[test]
    fn from_parts_agrees_with_parse() {
        let number =
            Personnummer::from_parts(1970, 10, 3, 123, Kind::Samordningsnummer).expect("valid");
        assert_eq!(number.canonical(), format!("19{}", ten("701063123")));
        assert_eq!(parse(&number.canonical()), Ok(number));
        assert_eq!(
            Personnummer::from_parts(1900, 2, 29, 1, Kind::Personnummer),
            Err(IdentityError::Date)
        );
        assert_eq!(
            Personnummer::from_parts(1990, 1, 1, 1000, Kind::Personnummer),
            Err(IdentityError::Format)
        );
    }

    #[test]
    fn today_is_plausible() {
        let (year, month, day) = today_utc();
        assert!(year >= 2025, "{year}");
        assert!(is_real_date(i64::from(year), month, day));
    }

    #[test]
    fn garbage_never_panics() {
        let alphabet: Vec<char> = "0123456789-+ \t\nRr:åäöÅÄÖé\u{301}\u{0}\u{2013}８€😀aZ/."
            .chars()
            .collect();
        let todays = [
            TODAY,
            (i32::MIN, 0, 0),
            (i32::MAX, 255, 255),
            (0, 1, 1),
            (1800, 1, 1),
            (9999, 12, 31),
        ];
        let mut state = 0x5eed_u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        for round in 0..50_000 {
            let len = (next() % 16) as usize;
            let mut input: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            if round % 3 == 0 {
                // Mostly-digit strings reach the deeper checks.
                input = format!("{:012}", next() % 1_000_000_000_000);
                let at = (next() % 13) as usize;
                if at < input.len() {
                    input.insert(at, alphabet[(next() % alphabet.len() as u64) as usize]);
                }
            }
            for today in todays {
                let _ = Personnummer::parse_at(&input, today);
                let _ = super::super::IdentityNumber::parse_at(&input, today);
            }
        }
        let bytes: Vec<u8> = (0..=255).collect();
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = Personnummer::parse_at(&lossy, TODAY);
    }
}
