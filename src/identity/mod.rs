//! Swedish identity numbers: personnummer, samordningsnummer and local reserve numbers.
//!
//! Invariant: no type here prints the number through `Debug`, and no error carries the input, so an
//! identity number can never reach a log line, an error message or a panic by accident. Use
//! [`IdentityNumber::canonical`] (storage) or [`IdentityNumber::masked`] (display) explicitly.

pub mod personnummer;
pub mod reserve;
#[cfg(feature = "demo")]
pub mod synthetic;

use std::str::FromStr;

pub use personnummer::{today_utc, Kind, Personnummer, Ymd};
pub use reserve::ReserveNumber;
#[cfg(feature = "demo")]
pub use synthetic::{synthetic_identity, synthetic_people, SyntheticIdentity};

/// Why an identity number was rejected. Messages are for developers and never contain the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum IdentityError {
    #[error("wrong length or unexpected characters (expected YYMMDD-NNNC, YYYYMMDD-NNNC or digits only)")]
    Format,
    #[error("the date part is not a real calendar date")]
    Date,
    #[error("the date part lies after today")]
    FutureDate,
    #[error("the '+' separator is only used from the year a person turns 100")]
    Separator,
    #[error("the serial number 000 is never issued")]
    Serial,
    #[error("the check digit does not match")]
    CheckDigit,
    #[error("a reserve number must be 1 to 40 ASCII letters, digits or '-', with at least one letter or digit")]
    Reserve,
}

crate::named! {
    /// The stable code of each [`IdentityError`]: the `rule` of an `INVALID_IDENTITY_NUMBER` error.
    pub enum IdentityRule {
        Format = "INVALID_IDENTITY_FORMAT",
        Date = "INVALID_IDENTITY_DATE",
        FutureDate = "INVALID_IDENTITY_FUTURE_DATE",
        Separator = "INVALID_IDENTITY_SEPARATOR",
        Serial = "INVALID_IDENTITY_SERIAL",
        CheckDigit = "INVALID_IDENTITY_CHECK_DIGIT",
        Reserve = "INVALID_RESERVE_NUMBER",
    }
}

impl IdentityError {
    /// Stable machine-readable code; part of the CLI's and the app's contract.
    pub fn code(&self) -> &'static str {
        self.rule().as_str()
    }

    pub fn rule(&self) -> IdentityRule {
        match self {
            IdentityError::Format => IdentityRule::Format,
            IdentityError::Date => IdentityRule::Date,
            IdentityError::FutureDate => IdentityRule::FutureDate,
            IdentityError::Separator => IdentityRule::Separator,
            IdentityError::Serial => IdentityRule::Serial,
            IdentityError::CheckDigit => IdentityRule::CheckDigit,
            IdentityError::Reserve => IdentityRule::Reserve,
        }
    }
}

/// Any identity number a person record can carry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentityNumber {
    /// A personnummer or a samordningsnummer (see [`Personnummer::kind`]).
    Personnummer(Personnummer),
    /// A local reserve number, written `R:<value>`.
    Reserve(ReserveNumber),
}

impl IdentityNumber {
    /// Parses user input or a stored canonical form, using today's UTC date to place 10-digit numbers.
    pub fn parse(input: &str) -> Result<Self, IdentityError> {
        Self::parse_at(input, today_utc())
    }

    /// Like [`IdentityNumber::parse`], with an explicit reference date.
    pub fn parse_at(input: &str, today: Ymd) -> Result<Self, IdentityError> {
        let personnummer_error = match Personnummer::parse_at(input, today) {
            Ok(number) => return Ok(IdentityNumber::Personnummer(number)),
            Err(error) => error,
        };
        let trimmed = input.trim();
        // Someone who typed digits meant a personnummer: report what is wrong with it.
        if looks_like_personnummer(trimmed) {
            return Err(personnummer_error);
        }
        match trimmed
            .strip_prefix("R:")
            .or_else(|| trimmed.strip_prefix("r:"))
        {
            Some(rest) => ReserveNumber::parse(rest).map(IdentityNumber::Reserve),
            None => Err(personnummer_error),
        }
    }

    /// The stored form: `YYYYMMDDNNNC` or `R:<VALUE>`.
    pub fn canonical(&self) -> String {
        match self {
            IdentityNumber::Personnummer(number) => number.canonical(),
            IdentityNumber::Reserve(number) => number.canonical(),
        }
    }

    /// A display form without personal data beyond the birth year: `1985****-****` or `R:****`.
    pub fn masked(&self) -> String {
        match self {
            IdentityNumber::Personnummer(number) => number.masked(),
            IdentityNumber::Reserve(number) => number.masked(),
        }
    }

    /// The birth year, when the number encodes one (reserve numbers do not).
    pub fn birth_year(&self) -> Option<i32> {
        match self {
            IdentityNumber::Personnummer(number) => Some(number.birth_year()),
            IdentityNumber::Reserve(_) => None,
        }
    }
}

impl FromStr for IdentityNumber {
    type Err = IdentityError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl From<Personnummer> for IdentityNumber {
    fn from(number: Personnummer) -> Self {
        IdentityNumber::Personnummer(number)
    }
}

impl From<ReserveNumber> for IdentityNumber {
    fn from(number: ReserveNumber) -> Self {
        IdentityNumber::Reserve(number)
    }
}

/// Only digits, separators and spaces, and about the length of a personnummer.
fn looks_like_personnummer(trimmed: &str) -> bool {
    (10..=13).contains(&trimmed.len())
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Ymd = (2026, 11, 23);

    #[test]
    fn personnummer_input_gives_personnummer() {
        let number = IdentityNumber::parse_at("19900101-0017", TODAY).expect("valid");
        assert!(matches!(number, IdentityNumber::Personnummer(_)));
        assert_eq!(number.canonical(), "199001010017");
        assert_eq!(number.masked(), "1990****-****");
        assert_eq!(number.birth_year(), Some(1990));
    }

    #[test]
    fn reserve_prefix_gives_reserve_number() {
        for input in ["R:abc-123", "r:ABC-123", "  R: abc-123  "] {
            let number = IdentityNumber::parse_at(input, TODAY).expect("valid reserve number");
            assert_eq!(number.canonical(), "R:ABC-123");
            assert_eq!(number.masked(), "R:****");
            assert_eq!(number.birth_year(), None);
        }
    }

    #[test]
    fn canonical_forms_round_trip() {
        for input in ["199001010017", "R:X1"] {
            let number = IdentityNumber::parse_at(input, TODAY).expect("valid");
            let again = IdentityNumber::parse_at(&number.canonical(), TODAY).expect("valid");
            assert_eq!(number, again);
        }
    }

    #[test]
    fn digit_input_reports_the_personnummer_problem() {
        let cases = [
            ("19900101-0018", IdentityError::CheckDigit),
            ("19901301-0018", IdentityError::Date),
            ("1990 0101 0017", IdentityError::Format),
            ("199001010", IdentityError::Format),
        ];
        for (input, expected) in cases {
            assert_eq!(IdentityNumber::parse_at(input, TODAY), Err(expected));
        }
    }

    #[test]
    fn other_input_reports_the_personnummer_error() {
        assert_eq!(
            IdentityNumber::parse_at("hello", TODAY),
            Err(IdentityError::Format)
        );
        assert_eq!(
            IdentityNumber::parse_at("ABC123", TODAY),
            Err(IdentityError::Format)
        );
    }

    #[test]
    fn bad_reserve_numbers_are_reserve_errors() {
        for input in ["R:", "R:   ", "r:a b", "R:åäö", "R:--", "R:a:b"] {
            assert_eq!(
                IdentityNumber::parse_at(input, TODAY),
                Err(IdentityError::Reserve),
                "{input:?}"
            );
        }
        let too_long = format!("R:{}", "A".repeat(41));
        assert_eq!(
            IdentityNumber::parse_at(&too_long, TODAY),
            Err(IdentityError::Reserve)
        );
    }

    #[test]
    fn debug_never_shows_digits() {
        let number = IdentityNumber::parse_at("199001010017", TODAY).expect("valid");
        let reserve = IdentityNumber::parse_at("R:SECRET7", TODAY).expect("valid");
        let shown = format!("{number:?} {reserve:?}");
        assert!(!shown.contains("1990"), "{shown}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }

    #[test]
    fn error_codes_are_stable() {
        let cases = [
            (IdentityError::Format, "INVALID_IDENTITY_FORMAT"),
            (IdentityError::Date, "INVALID_IDENTITY_DATE"),
            (IdentityError::FutureDate, "INVALID_IDENTITY_FUTURE_DATE"),
            (IdentityError::Separator, "INVALID_IDENTITY_SEPARATOR"),
            (IdentityError::Serial, "INVALID_IDENTITY_SERIAL"),
            (IdentityError::CheckDigit, "INVALID_IDENTITY_CHECK_DIGIT"),
            (IdentityError::Reserve, "INVALID_RESERVE_NUMBER"),
        ];
        for (error, code) in cases {
            assert_eq!(error.code(), code);
        }
    }
}
