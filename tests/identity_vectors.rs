//! The personnummer test vectors of personnummer/meta (`tests/data/personnummer/list.json`, MIT; see the
//! notice beside it): every entry must be judged the same, valid or invalid and of the same kind, in every
//! one of its forms.

use serde_json::Value;
use skyddsvalv::identity::{IdentityNumber, Kind, Personnummer, Ymd};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/personnummer/list.json"
);
/// Fixed so that the century of the 10-digit forms does not drift with the calendar.
const TODAY: Ymd = (2026, 11, 23);
const FORMS: [&str; 4] = [
    "long_format",
    "short_format",
    "separated_format",
    "separated_long",
];

fn entries() -> Vec<Value> {
    let text =
        std::fs::read_to_string(VECTORS).unwrap_or_else(|e| panic!("cannot read {VECTORS}: {e}"));
    let json: Value = serde_json::from_str(&text).expect("vectors are JSON");
    json.as_array().expect("vectors are an array").clone()
}

fn field<'a>(entry: &'a Value, name: &str) -> &'a str {
    entry[name]
        .as_str()
        .unwrap_or_else(|| panic!("missing {name}"))
}

#[test]
fn every_entry_agrees_in_every_form() {
    let entries = entries();
    assert!(entries.len() >= 10, "too few vectors: {}", entries.len());
    for entry in &entries {
        let valid = entry["valid"].as_bool().expect("valid is a bool");
        let kind = match field(entry, "type") {
            "ssn" => Kind::Personnummer,
            "con" => Kind::Samordningsnummer,
            other => panic!("unknown type {other}"),
        };
        let long = field(entry, "long_format");
        for form in FORMS {
            let input = field(entry, form);
            let parsed = Personnummer::parse_at(input, TODAY);
            assert_eq!(parsed.is_ok(), valid, "{form} {input:?}: {parsed:?}");
            let through_enum = IdentityNumber::parse_at(input, TODAY);
            assert_eq!(
                through_enum.clone().map(|n| n.canonical()),
                parsed.map(|n| n.canonical()),
                "{form} {input:?}"
            );
            match parsed {
                Ok(number) => {
                    assert_eq!(number.kind(), kind, "{form} {input:?}");
                    // Without '+' or century, a 1909 birth reads as 2009; the last ten digits still agree.
                    if form == "short_format" {
                        assert_eq!(&number.canonical()[2..], &long[2..], "{input:?}");
                    } else {
                        assert_eq!(number.canonical(), long, "{form} {input:?}");
                        assert_eq!(number.masked(), format!("{}****-****", &long[..4]));
                    }
                }
                Err(error) => {
                    let text = format!("{error} {error:?} {}", error.code());
                    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
                    for part in [&digits[..6], &digits[digits.len() - 4..]] {
                        assert!(!text.contains(part), "error text leaks input: {text}");
                    }
                }
            }
        }
    }
}

#[test]
fn both_validities_and_kinds_are_covered() {
    let entries = entries();
    for (valid, kind) in [(true, "ssn"), (false, "ssn"), (true, "con"), (false, "con")] {
        assert!(
            entries
                .iter()
                .any(|e| e["valid"].as_bool() == Some(valid) && field(e, "type") == kind),
            "no entry with valid={valid} type={kind}"
        );
    }
}
