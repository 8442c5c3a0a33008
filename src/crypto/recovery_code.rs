//! The recovery code: 160 random bits written in Crockford base32, grouped in fours for reading aloud
//! (`K7QD-…`). Reading is forgiving: case, spaces, hyphens and the look-alikes O/I/L are accepted.

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 20 bytes = 160 bits = 32 base32 characters; DESIGN asks for at least 128 bits.
const CODE_BYTES: usize = 20;
const CODE_CHARS: usize = CODE_BYTES * 8 / 5;

pub struct RecoveryCode(SecretString);

impl RecoveryCode {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; CODE_BYTES]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        let chars = encode(bytes.as_ref());
        RecoveryCode(SecretString::from(group(&chars)))
    }

    /// Parses what a person typed; `None` if it cannot be a recovery code.
    pub fn parse(input: &str) -> Option<Self> {
        let normalized = normalize(input)?;
        Some(RecoveryCode(SecretString::from(group(&normalized))))
    }

    /// The grouped form shown to the admin once.
    pub fn display(&self) -> &str {
        self.0.expose_secret()
    }

    /// The canonical characters fed to the KDF (no separators).
    pub fn kdf_input(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(
            self.0
                .expose_secret()
                .bytes()
                .filter(|b| *b != b'-')
                .collect(),
        )
    }
}

/// The first `chars` Crockford characters of `bytes`, grouped in fours (fingerprints).
pub(crate) fn crockford_groups(bytes: &[u8], chars: usize) -> String {
    let encoded = encode(bytes);
    group(&encoded[..chars.min(encoded.len())])
}

fn encode(bytes: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS));
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    out
}

fn normalize(input: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS));
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == CODE_CHARS).then_some(out)
}

fn group(chars: &str) -> String {
    let mut out = String::with_capacity(chars.len() + chars.len() / 4);
    for (i, c) in chars.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_long_grouped_and_parse_back() {
        let code = RecoveryCode::generate();
        let shown = code.display().to_string();
        assert_eq!(shown.len(), 32 + 7);
        assert_eq!(shown.split('-').count(), 8);
        let typed = shown.to_lowercase().replace('-', " ");
        let parsed = RecoveryCode::parse(&typed).unwrap();
        assert_eq!(parsed.kdf_input().as_slice(), code.kdf_input().as_slice());
        assert_ne!(
            RecoveryCode::generate().display(),
            code.display(),
            "codes are random"
        );
    }

    #[test]
    fn look_alikes_are_forgiven_and_garbage_refused() {
        let a = RecoveryCode::parse(&"0".repeat(32)).unwrap();
        let b = RecoveryCode::parse(&"o".repeat(32)).unwrap();
        assert_eq!(a.kdf_input().as_slice(), b.kdf_input().as_slice());
        assert!(RecoveryCode::parse("too short").is_none());
        assert!(
            RecoveryCode::parse(&"U".repeat(32)).is_none(),
            "U is not in Crockford"
        );
        assert!(RecoveryCode::parse(&"Å".repeat(32)).is_none());
    }

    #[test]
    fn encoding_matches_crockford() {
        // 00000000 01000100 00110010 00010100 11000111 = quintets 0..=7.
        assert_eq!(encode(&[0, 0x44, 0x32, 0x14, 0xC7]).as_str(), "01234567");
        assert_eq!(encode(&[0xFF; 5]).as_str(), "ZZZZZZZZ");
    }
}
