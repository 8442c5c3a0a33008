//! Local reserve numbers (reservnummer): identifiers that a care giver or authority issues itself when a
//! person has no personnummer or samordningsnummer. There is no national format, so only the character
//! set and length are checked.

use std::fmt;
use std::str::FromStr;

use super::IdentityError;

/// A validated reserve number, stored upper-cased. Its `Debug` prints no value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReserveNumber(String);

impl ReserveNumber {
    /// Prefix of the canonical form, which keeps reserve numbers apart from personnummer.
    pub const PREFIX: &'static str = "R:";
    /// Longest accepted value, in characters (all ASCII).
    pub const MAX_LEN: usize = 40;

    /// Parses the value without the `R:` prefix: trimmed, 1 to 40 ASCII letters, digits or `-`, with
    /// at least one letter or digit.
    pub fn parse(input: &str) -> Result<Self, IdentityError> {
        let value = input.trim();
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
        if value.is_empty()
            || value.len() > Self::MAX_LEN
            || !value.bytes().all(allowed)
            || !value.bytes().any(|b| b.is_ascii_alphanumeric())
        {
            return Err(IdentityError::Reserve);
        }
        Ok(ReserveNumber(value.to_ascii_uppercase()))
    }

    /// The stored form, `R:<VALUE>`.
    pub fn canonical(&self) -> String {
        format!("{}{}", Self::PREFIX, self.0)
    }

    /// The upper-cased value without the prefix.
    pub fn value(&self) -> &str {
        &self.0
    }

    /// Reserve numbers encode nothing that is safe to show, so masking hides all of it.
    pub fn masked(&self) -> String {
        format!("{}****", Self::PREFIX)
    }
}

impl fmt::Debug for ReserveNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReserveNumber(****)")
    }
}

impl FromStr for ReserveNumber {
    type Err = IdentityError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_values_are_trimmed_and_upper_cased() {
        let cases = [
            ("abc", "ABC"),
            ("  x-12-y \t", "X-12-Y"),
            ("7", "7"),
            ("-a-", "-A-"),
            ("1985-RES-0001", "1985-RES-0001"),
        ];
        for (input, value) in cases {
            let number = ReserveNumber::parse(input).expect("valid");
            assert_eq!(number.value(), value);
            assert_eq!(number.canonical(), format!("R:{value}"));
            assert_eq!(number.masked(), "R:****");
        }
        let longest = "a".repeat(ReserveNumber::MAX_LEN);
        assert!(ReserveNumber::parse(&longest).is_ok());
    }

    #[test]
    fn invalid_values_are_rejected() {
        let too_long = "a".repeat(ReserveNumber::MAX_LEN + 1);
        let cases = [
            "",
            "   ",
            "-",
            "---",
            "a b",
            "a_b",
            "a:b",
            "R:abc",
            "åsa",
            "ＡＢＣ",
            "abc\u{0}",
            too_long.as_str(),
        ];
        for input in cases {
            assert_eq!(
                ReserveNumber::parse(input),
                Err(IdentityError::Reserve),
                "{input:?}"
            );
        }
    }

    #[test]
    fn case_does_not_matter_for_equality() {
        assert_eq!(ReserveNumber::parse("ab-1"), ReserveNumber::parse("AB-1"));
    }

    #[test]
    fn debug_hides_the_value() {
        let number = ReserveNumber::parse("SECRET").expect("valid");
        assert_eq!(format!("{number:?}"), "ReserveNumber(****)");
    }
}
