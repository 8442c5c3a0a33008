//! Password policy after NIST SP 800-63B-4: length and a blocklist, no composition rules.
//!
//! A password is NFKC-normalised first ([`normalize`]); length is counted in code points of the
//! normalised form. Checks work on a lower-cased copy and refuse, in this order:
//!
//! 1. fewer than `min_length` (never below [`DEFAULT_MIN_LENGTH`]) or more than [`MAX_LENGTH`]
//!    code points;
//! 2. **Common**: the password, with or without its spaces, is on `common-passwords.txt`, or
//!    becomes an entry after dropping at most [`MAX_STRIPPED_SUFFIX`] trailing ASCII digits or
//!    punctuation (`password1234` listed ⇒ `password1234!!` refused);
//! 3. **ContainsContext**: it contains a context word of at least 4 characters (the whole word
//!    or one of its alphanumeric parts) and fewer than [`MIN_OUTSIDE_CONTEXT`] characters remain,
//!    not counting spaces, once every such word is removed;
//! 4. **Repetitive**: it uses at most 3 different characters, or, apart from at most
//!    [`SLACK`] characters at its ends, it is a unit repeated at least twice (`abcabcabcabc`);
//! 5. **Sequential**: apart from at most [`SLACK`] characters at its ends, each character follows
//!    the one before (`123456789012`, `abcdefghijkl`) or each precedes it (`zyxwvutsrqpo`).
//!
//! Digits, symbols or mixed case are never demanded; spaces are ordinary characters.

use std::collections::HashSet;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

pub const DEFAULT_MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

/// Trailing digits/punctuation that may be dropped to reach a blocklist entry.
pub const MAX_STRIPPED_SUFFIX: usize = 4;
/// Characters (spaces not counted) that must remain once context words are removed.
pub const MIN_OUTSIDE_CONTEXT: usize = 8;
/// Context words shorter than this are too common to hold against a password.
pub const MIN_CONTEXT_WORD: usize = 4;
/// Characters at the ends a repetitive or sequential password may have besides its pattern.
pub const SLACK: usize = 3;

/// One entry a line: lower-case, NFKC, 12..=128 code points, sorted and unique (checked by tests).
const BLOCKLIST: &str = include_str!("common-passwords.txt");

fn blocklist() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| BLOCKLIST.lines().filter(|l| !l.is_empty()).collect())
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum WeakPassword {
    #[error("shorter than {min} characters")]
    TooShort { min: usize },
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("on a list of commonly used or leaked passwords")]
    Common,
    #[error("mostly one character or a short pattern repeated")]
    Repetitive,
    #[error("a run of consecutive characters such as 1234 or abcd")]
    Sequential,
    #[error("made mostly of the user name or the name of this service")]
    ContainsContext,
}

crate::named! {
    /// The stable code of each [`WeakPassword`]: the `rule` of a `WEAK_PASSWORD` error.
    pub enum PasswordRule {
        TooShort = "TOO_SHORT",
        TooLong = "TOO_LONG",
        Common = "COMMON",
        Repetitive = "REPETITIVE",
        Sequential = "SEQUENTIAL",
        ContainsContext = "CONTAINS_CONTEXT",
    }
}

impl WeakPassword {
    /// Stable code for logs and front ends; never contains the password.
    pub fn reason_code(&self) -> &'static str {
        self.rule().as_str()
    }

    pub fn rule(&self) -> PasswordRule {
        match self {
            WeakPassword::TooShort { .. } => PasswordRule::TooShort,
            WeakPassword::TooLong { .. } => PasswordRule::TooLong,
            WeakPassword::Common => PasswordRule::Common,
            WeakPassword::Repetitive => PasswordRule::Repetitive,
            WeakPassword::Sequential => PasswordRule::Sequential,
            WeakPassword::ContainsContext => PasswordRule::ContainsContext,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Raised by an administrator; values below [`DEFAULT_MIN_LENGTH`] are treated as it.
    pub min_length: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: DEFAULT_MIN_LENGTH,
        }
    }
}

impl PasswordPolicy {
    /// The minimum actually enforced: never below the NIST floor, never above the maximum.
    pub fn effective_min_length(&self) -> usize {
        self.min_length.clamp(DEFAULT_MIN_LENGTH, MAX_LENGTH)
    }

    /// `context` = words specific to this service/user (user name, "skyddsvalv", the vault's name...)
    pub fn check(&self, password: &str, context: &[&str]) -> Result<(), WeakPassword> {
        let normalized = normalize(password);
        let length = normalized.chars().count();
        let min = self.effective_min_length();
        if length < min {
            return Err(WeakPassword::TooShort { min });
        }
        if length > MAX_LENGTH {
            return Err(WeakPassword::TooLong { max: MAX_LENGTH });
        }
        let folded = normalized.to_lowercase();
        if is_common(&folded) {
            return Err(WeakPassword::Common);
        }
        if is_mostly_context(&folded, context) {
            return Err(WeakPassword::ContainsContext);
        }
        let chars: Vec<char> = folded.chars().collect();
        if is_repetitive(&chars) {
            return Err(WeakPassword::Repetitive);
        }
        if is_sequential(&chars) {
            return Err(WeakPassword::Sequential);
        }
        Ok(())
    }
}

/// NFKC-normalises a password (NIST: normalise before hashing), so that the same password typed
/// on different keyboards or systems yields the same bytes. Nothing is trimmed.
pub fn normalize(password: &str) -> String {
    password.nfkc().collect()
}

fn is_common(folded: &str) -> bool {
    let squeezed: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    listed(folded) || listed(&squeezed)
}

/// On the list as is, or after dropping up to MAX_STRIPPED_SUFFIX trailing digits/punctuation.
fn listed(candidate: &str) -> bool {
    let list = blocklist();
    let mut rest = candidate;
    for _ in 0..MAX_STRIPPED_SUFFIX {
        if list.contains(rest) {
            return true;
        }
        match rest.char_indices().next_back() {
            Some((i, c)) if c.is_ascii_digit() || c.is_ascii_punctuation() => rest = &rest[..i],
            _ => return false,
        }
    }
    list.contains(rest)
}

fn is_mostly_context(folded: &str, context: &[&str]) -> bool {
    let squeeze = |s: &str| -> String {
        normalize(s)
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    // Each context word counts whole and by its alphanumeric parts ("anna.svensson" -> "svensson").
    let mut words: Vec<String> = Vec::new();
    for word in context {
        let word = squeeze(word);
        words.extend(
            word.split(|c: char| !c.is_alphanumeric())
                .map(str::to_owned),
        );
        words.push(word);
    }
    words.retain(|w| w.chars().count() >= MIN_CONTEXT_WORD);
    // Longest first, so a whole name is removed before its parts.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));

    let mut rest = squeeze(folded);
    let mut found = false;
    for word in &words {
        if rest.contains(word.as_str()) {
            found = true;
            rest = rest.replace(word.as_str(), "");
        }
    }
    found && rest.chars().count() < MIN_OUTSIDE_CONTEXT
}

/// True if `pattern` holds for `chars` once at most [`SLACK`] characters are cut off its ends.
fn mostly(chars: &[char], pattern: impl Fn(&[char]) -> bool) -> bool {
    (0..=SLACK).any(|lead| {
        (0..=SLACK - lead)
            .any(|trail| chars.len() > lead + trail && pattern(&chars[lead..chars.len() - trail]))
    })
}

fn is_repetitive(chars: &[char]) -> bool {
    let distinct: HashSet<char> = chars.iter().copied().collect();
    if distinct.len() <= 3 {
        return true;
    }
    // A unit of at most half the length, repeated; the last copy may be partial.
    let periodic =
        |s: &[char]| (1..=s.len() / 2).any(|unit| s.iter().zip(&s[unit..]).all(|(a, b)| a == b));
    mostly(chars, periodic)
}

/// The character that follows `c` in a run: digits wrap (…890…), and the Swedish alphabet goes
/// on after z (…xyzåäö); anything else follows by code point.
fn successor(c: char) -> Option<char> {
    match c {
        '9' => Some('0'),
        'z' => Some('å'),
        'å' => Some('ä'),
        'ä' => Some('ö'),
        _ => char::from_u32(u32::from(c) + 1),
    }
}

fn is_sequential(chars: &[char]) -> bool {
    let run = |s: &[char]| {
        s.len() >= 2
            && (s.windows(2).all(|w| successor(w[0]) == Some(w[1]))
                || s.windows(2).all(|w| successor(w[1]) == Some(w[0])))
    };
    mostly(chars, run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(password: &str) -> Result<(), WeakPassword> {
        PasswordPolicy::default().check(password, &["anna.svensson", "skyddsvalv"])
    }

    #[test]
    fn refused_passwords() {
        use WeakPassword::*;
        let cases: &[(&str, WeakPassword)] = &[
            ("", TooShort { min: 12 }),
            ("hemligt", TooShort { min: 12 }),
            ("Tr0ub4dor&3", TooShort { min: 12 }),
            // Blocklist, exact and case-folded.
            ("password1234", Common),
            ("Password1234", Common),
            ("QWERTYUIOP123", Common),
            ("lösenord1234", Common),
            ("Sommar2024!!", Common),
            ("vinter2025!!", Common),
            ("välkommen123", Common),
            ("hemligt12345", Common),
            ("1q2w3e4r5t6y", Common),
            ("iloveyou1234", Common),
            ("administrator", Common),
            ("changeme1234", Common),
            ("hammarby1234", Common),
            // Decomposed å composes to the listed entry.
            ("va\u{308}lkommen123", Common),
            // A listed entry plus a short tail of digits/punctuation, or with spaces.
            ("password1234!!", Common),
            ("lösenord1234?#", Common),
            ("lösenord 1234", Common),
            // Context words with little else.
            ("Skyddsvalv#1917", ContainsContext),
            ("mitt skyddsvalv", ContainsContext),
            ("svensson2024!", ContainsContext),
            ("AnnaSvensson99", ContainsContext),
            ("skyddsvalv anna", ContainsContext),
            // Repetition.
            ("aaaaaaaaaaaa", Repetitive),
            ("xyzxyzxyzxyz", Repetitive),
            ("xyzxyzxyzxyz1", Repetitive),
            ("x!abcdabcdabcd", Repetitive),
            ("ababababababababab", Repetitive),
            ("abbaabbaabba", Repetitive),
            ("kattkattkattkatt", Repetitive),
            ("hästhästhästhäst", Repetitive),
            ("zzzzzzzzzzzzzzzzzzzzzzzz", Repetitive),
            // Runs.
            ("abcdefghijkl", Sequential),
            ("ABCDEFGHIJKLMNOP", Sequential),
            ("mnopqrstuvwxyzåäö", Sequential),
            ("zyxwvutsrqpo", Sequential),
            ("34567890123456", Sequential),
            ("87654321098765", Sequential),
            ("abcdefghijkl!!", Sequential),
        ];
        for (password, expected) in cases {
            assert_eq!(check(password).as_ref(), Err(expected), "{password:?}");
        }
    }

    #[test]
    fn pattern_rules_on_their_own() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        // Listed too, but the rules catch them regardless of the list.
        assert!(is_repetitive(&chars("abcabcabcabc")));
        assert!(is_sequential(&chars("123456789012")));
        assert!(is_sequential(&chars("987654321098")));
        assert!(!is_repetitive(&chars("korrekt häst batteri")));
        assert!(!is_sequential(&chars("abcdxyz12345")));
        // Empty and tiny inputs are handled without slicing past the ends.
        assert!(!is_sequential(&[]));
        assert!(is_repetitive(&[]));
    }

    #[test]
    fn accepted_passwords() {
        for password in [
            "korrekt häst batteri häftklammer",
            "correct horse battery staple cat",
            "Xk9#mQ2$vL7@pR4!",
            "q8vz3ntw7kxp",
            "tj6fnwe0xbq4za",
            "lingon i skogen vid sjön",
            "Åsa åkte ända till Överkalix",
            // No composition rules: only lower-case letters and spaces is fine.
            "min katt heter sigge",
            // A context word with plenty else.
            "skyddsvalv är ett bra namn på ett valv",
            "anna har en katt som heter sigge",
        ] {
            assert_eq!(check(password), Ok(()), "{password:?}");
        }
        // Context words shorter than four characters do not count.
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check("ola ola ola kvist", &["ola"]), Ok(()));
        assert_eq!(
            policy.check("olle olle olle kvist", &["olle"]),
            Err(WeakPassword::ContainsContext)
        );
    }

    #[test]
    fn length_limits_count_code_points_after_nfkc() {
        let policy = PasswordPolicy::default();
        let long_tail = "qz8mv3kx7wr";
        // 11 and 12 code points, multi-byte å counted once.
        assert_eq!(
            policy.check("åqz8mv3kx7w", &[]),
            Err(WeakPassword::TooShort { min: 12 })
        );
        assert_eq!(policy.check(&format!("å{long_tail}"), &[]), Ok(()));
        // Decomposed a + ring is one code point after normalisation: 11 + 1 chars = 12.
        assert_eq!(policy.check(&format!("a\u{30A}{long_tail}"), &[]), Ok(()));
        assert_eq!(normalize("a\u{30A}"), "å");
        // Eleven decomposed characters are 22 code points raw but 11 normalised.
        let decomposed = "a\u{30A}".repeat(5) + "qz8mv3";
        assert_eq!(decomposed.chars().count(), 16);
        assert_eq!(
            policy.check(&decomposed, &[]),
            Err(WeakPassword::TooShort { min: 12 })
        );

        // 128 and 129 code points of varied text (multi-byte included).
        let words = [
            "blåbär", "sjöbod", "kvist", "fjäril", "grus", "mörker", "vante", "ål",
        ];
        let mut long = String::new();
        for i in 0.. {
            long.push_str(words[i % words.len()]);
            long.push_str(&i.to_string());
            long.push(' ');
            if long.chars().count() >= MAX_LENGTH {
                break;
            }
        }
        let at_max: String = long.chars().take(MAX_LENGTH).collect();
        assert!(at_max.len() > MAX_LENGTH, "contains multi-byte characters");
        assert_eq!(policy.check(&at_max, &[]), Ok(()));
        let over = format!("{at_max}ö");
        assert_eq!(
            policy.check(&over, &[]),
            Err(WeakPassword::TooLong { max: MAX_LENGTH })
        );
        // Decomposed input that composes back to 128 code points is still accepted.
        let decomposed_max = at_max.replace('å', "a\u{30A}");
        assert!(decomposed_max.chars().count() > MAX_LENGTH);
        assert_eq!(policy.check(&decomposed_max, &[]), Ok(()));
    }

    #[test]
    fn raised_min_length() {
        let policy = PasswordPolicy { min_length: 16 };
        assert_eq!(
            policy.check("q8vz3ntw7kxpabf", &[]),
            Err(WeakPassword::TooShort { min: 16 })
        );
        assert_eq!(policy.check("q8vz3ntw7kxpabfm", &[]), Ok(()));
        // Never below the floor, never above the maximum.
        let lowered = PasswordPolicy { min_length: 4 };
        assert_eq!(
            lowered.check("q8vz3nt", &[]),
            Err(WeakPassword::TooShort { min: 12 })
        );
        assert_eq!(
            PasswordPolicy { min_length: 1000 }.effective_min_length(),
            MAX_LENGTH
        );
    }

    #[test]
    fn blocklist_is_well_formed() {
        let lines: Vec<&str> = BLOCKLIST.lines().collect();
        assert!(lines.len() >= 600, "only {} entries", lines.len());
        assert!(BLOCKLIST.ends_with('\n') && !BLOCKLIST.contains('\r'));
        for line in &lines {
            let n = line.chars().count();
            assert!((12..=128).contains(&n), "length {n}: {line:?}");
            assert_eq!(*line, line.to_lowercase(), "not lower-case: {line:?}");
            assert_eq!(*line, normalize(line), "not NFKC: {line:?}");
            assert_eq!(*line, line.trim(), "surrounding space: {line:?}");
        }
        for pair in lines.windows(2) {
            assert!(
                pair[0] < pair[1],
                "not sorted or duplicated: {:?} / {:?}",
                pair[0],
                pair[1]
            );
        }
        assert_eq!(blocklist().len(), lines.len());
    }

    #[test]
    fn errors_never_echo_the_password() {
        let password = "skyddsvalv#1917";
        let err = check(password).expect_err("weak");
        assert_eq!(err.reason_code(), "CONTAINS_CONTEXT");
        assert!(!err.to_string().contains(password));
        assert!(!format!("{err:?}").contains(password));
        for (err, code) in [
            (WeakPassword::TooShort { min: 12 }, "TOO_SHORT"),
            (WeakPassword::TooLong { max: 128 }, "TOO_LONG"),
            (WeakPassword::Common, "COMMON"),
            (WeakPassword::Repetitive, "REPETITIVE"),
            (WeakPassword::Sequential, "SEQUENTIAL"),
        ] {
            assert_eq!(err.reason_code(), code);
        }
    }

    #[test]
    fn no_panic_on_garbage() {
        let policy = PasswordPolicy::default();
        let nasty = [
            "\u{0}".repeat(20),
            "\u{FEFF}\u{200B}\u{202E}".repeat(10),
            "\u{301}".repeat(300),
            "e\u{301}\u{302}\u{303}\u{323}".repeat(40),
            "\u{FDFA}".repeat(20), // expands to 18 code points each under NFKC
            "İİİİİİİİİİİİ".into(), // lower-cases to two code points each
            "\u{10FFFF}".repeat(15),
            "\u{1F600}\u{1F468}\u{200D}\u{1F469}".repeat(8),
            "ﬀﬁﬂﬃﬄ".repeat(3),
            " ".repeat(200),
            "9".repeat(10_000),
            "ö".repeat(100_000),
        ];
        for password in &nasty {
            let _ = policy.check(password, &["", " ", "\u{301}", password.as_str()]);
            let _ = policy.check(password, &[]);
        }
        // Every code point boundary of the successor table.
        let _ = policy.check(&"\u{10FFFF}\u{D7FF}".repeat(10), &[]);
        // Pseudo-random strings from a fixed LCG: weak or not, nothing panics.
        let mut seed: u32 = 0x5eed;
        for _ in 0..2000 {
            let len = (seed % 140) as usize;
            let s: String = (0..len)
                .filter_map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    char::from_u32((seed >> 8) % 0x3000)
                })
                .collect();
            let _ = policy.check(&s, &[s.as_str(), "skyddsvalv"]);
        }
    }
}
