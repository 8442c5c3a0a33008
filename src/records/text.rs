//! Free text that goes into the access log — a reveal's purpose note, an emergency justification, a
//! reason for a protection or restriction change. The log is read by reviewers in terminals and in the
//! app and kept for years, so what reaches it is checked: a length cap, no control or bidirectional
//! characters (which can hide or fake lines), and never a value of the person it is about.

use super::mask;
use super::model::PersonRecord;
use super::Field;
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::input::{Input, Rule};

/// The longest note or justification the log takes.
pub const MAX_LEN: usize = crate::limits::MAX_TEXT;

/// Characters that reorder or hide text: the bidi embeddings, overrides and isolates, and the marks.
pub(crate) fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks `text` (trimmed) for the log. `record` is the person the text is about, when there is one.
pub fn check(label: Input, text: &str, record: Option<&PersonRecord>) -> Result<String> {
    let text = text.trim();
    if text.chars().count() > MAX_LEN {
        return Err(Error::invalid(
            label,
            Rule::TooLong,
            format!("{label} is longer than {MAX_LEN} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() || is_bidi(c)) {
        return Err(Error::invalid(
            label,
            Rule::ControlCharacters,
            format!("{label} contains control or direction characters"),
        ));
    }
    if let Some(r) = record {
        let folded = text.to_lowercase();
        if values_of(r).iter().any(|v| folded.contains(v.as_str())) {
            return Err(Error::invalid(
                label,
                Rule::PersonalValue,
                format!(
                    "{label} contains one of the person's own values; the log must never hold them"
                ),
            ));
        }
    }
    if holds_identity_number(text) {
        return Err(Error::invalid(
            label,
            Rule::PersonalValue,
            format!(
                "{label} contains what is a valid identity number; refer to persons by their ref"
            ),
        ));
    }
    Ok(text.to_string())
}

/// Whether a run of digits and separators in `text` is a valid personnummer or samordningsnummer
/// (of anyone: a text without a person to compare with, such as a review comment, is checked too).
fn holds_identity_number(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | ' ')))
        .flat_map(|run| std::iter::once(run).chain(run.split(' ')))
        .map(str::trim)
        .filter(|t| (10..=13).contains(&t.len()))
        .any(|t| {
            matches!(
                IdentityNumber::parse(t),
                Ok(IdentityNumber::Personnummer(_))
            )
        })
}

/// The person's values as they could be typed into a note: whole values, name words, the identity
/// number in its usual spellings, phone digits. Lower case; very short parts are left out.
fn values_of(r: &PersonRecord) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &f in Field::ALL {
        if let Some(v) = mask::value(r, f) {
            out.push(v.to_lowercase());
        }
    }
    out.extend(r.name.split_whitespace().map(str::to_lowercase));
    for c in &r.contacts {
        out.extend(c.name.split_whitespace().map(str::to_lowercase));
    }
    if let Some(id) = r.identity_number.as_deref() {
        out.push(id.to_string());
        out.push(id.get(2..).unwrap_or_default().to_string());
        if let Ok(IdentityNumber::Personnummer(p)) = IdentityNumber::parse(id) {
            let sep = p.display_separated();
            out.push(sep.get(2..).unwrap_or_default().to_string());
            out.push(sep);
        }
    }
    for p in [&r.phone].into_iter().flatten() {
        out.push(p.chars().filter(char::is_ascii_digit).collect());
    }
    out.retain(|v| v.chars().count() >= 4);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> PersonRecord {
        PersonRecord {
            name: "Åsa Lindqvist".into(),
            identity_number: Some("198507099805".into()),
            address: Some("Hemliga gatan 7".into()),
            phone: Some("070-123 45 67".into()),
            ..Default::default()
        }
    }

    #[test]
    fn hostile_and_personal_text_is_refused() {
        let p = person();
        assert_eq!(
            check(Input::PurposeNote, "  ringa tillbaka  ", Some(&p)).unwrap(),
            "ringa tillbaka"
        );
        for bad in [
            "rad ett\nrad två",
            "\u{1b}[2Kfalsk rad",
            "vänd \u{202E}txet",
            "isolerad \u{2067}text",
        ] {
            assert!(check(Input::PurposeNote, bad, Some(&p)).is_err(), "{bad:?}");
        }
        assert!(check(Input::PurposeNote, &"x".repeat(MAX_LEN + 1), None).is_err());
        assert!(check(Input::PurposeNote, &"x".repeat(MAX_LEN), None).is_ok());
        for leak in [
            "besök på Hemliga gatan 7",
            "ringde lindqvist",
            "pnr 850709-9805",
            "tel 0701234567",
        ] {
            let e = check(Input::PurposeNote, leak, Some(&p))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("own values") && !e.contains("Hemliga"),
                "{leak}: {e}"
            );
        }
        assert!(
            check(Input::PurposeNote, "ringde Lindqvist", None).is_ok(),
            "no person, no comparison"
        );
    }

    #[test]
    fn a_valid_identity_number_is_refused_with_or_without_a_person() {
        for leak in [
            "gällde 850709-9805 enligt samtal",
            "8507099805",
            "pnr 19850709-9805.",
            "samordningsnummer 850769-9802",
        ] {
            let e = check(Input::ReviewComment, leak, None)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("identity number") && !e.contains("9805"),
                "{leak}: {e}"
            );
        }
        for fine in [
            "granskat 2026-12-01 kl 08-17",
            "850709-9806 är fel kontrollsiffra",
            "post 123456 och 7890",
        ] {
            assert!(check(Input::ReviewComment, fine, None).is_ok(), "{fine}");
        }
    }
}
