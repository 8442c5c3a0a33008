//! Pseudonymous person refs such as `P-7K2M-Q9XD-4T1B` (60 random bits): what logs, exports and the
//! administrator see instead of a person.

use crate::error::{Error, Result};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub fn new_ref() -> String {
    let bytes = crate::vault::keyslots::random_bytes::<8>();
    let mut n = u64::from_le_bytes(bytes);
    let mut out = String::from("P");
    for i in 0..12 {
        if i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[(n & 31) as usize] as char);
        n >>= 5;
    }
    out
}

/// Parses a ref as typed (case and surrounding space forgiven); anything else is refused.
pub fn parse_ref(input: &str) -> Result<String> {
    let r = input.trim().to_uppercase();
    let ok = r.len() == 16
        && r.starts_with("P-")
        && r.split('-')
            .skip(1)
            .all(|g| g.len() == 4 && g.bytes().all(|b| ALPHABET.contains(&b)))
        && r.split('-').count() == 4;
    if ok {
        Ok(r)
    } else {
        Err(Error::invalid(
            crate::input::Input::PersonRef,
            crate::input::Rule::Format,
            "a person ref looks like P-XXXX-XXXX-XXXX",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_random_and_parse() {
        let a = new_ref();
        assert_eq!(a.len(), 16);
        assert_ne!(a, new_ref());
        assert_eq!(parse_ref(&format!(" {} ", a.to_lowercase())).unwrap(), a);
        assert!(parse_ref("P-XXXX-XXXX-XXX").is_err());
        assert!(
            parse_ref("P-UUUU-XXXX-XXXX").is_err(),
            "U is not in the alphabet"
        );
        assert!(parse_ref("'; DROP TABLE").is_err());
    }
}
