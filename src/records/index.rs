//! Blind indexes: how a case handler finds a person by identity number or name prefix without the
//! database holding either. Tokens are truncated HMACs under sub-keys of the records key, so someone
//! with only the database key sees which rows share a token but cannot tell what any token stands for.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::canonical::Canonical;
use crate::keys::DomainKey;
use crate::storage::NameToken;

/// Prefixes up to this many characters are indexed; a longer query word is matched on its first
/// `MAX_PREFIX` characters and then checked against the unsealed name.
pub const MAX_PREFIX: usize = crate::limits::MAX_NAME_PREFIX;
/// At most this many words of a query are used.
const MAX_QUERY_WORDS: usize = 8;

/// Lower case without diacritics: `Åsa` → `asa`, `Öberg` → `oberg`.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a name as the index sees them: folded, split on anything that is not a letter or digit.
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Exact-match key for a name: NFC, lower case, single spaces.
pub fn name_key(name: &str) -> String {
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn token(key: &DomainKey, prefix: &str) -> NameToken {
    let mac = key
        .sub("name-index")
        .mac(Canonical::new("name-prefix").str(prefix).finish());
    let mut t = [0u8; 16];
    t.copy_from_slice(&mac[..16]);
    t
}

/// Every token of a name: each word's prefixes of 1 to [`MAX_PREFIX`] characters.
pub fn name_tokens(key: &DomainKey, name: &str) -> Vec<NameToken> {
    let mut out: Vec<NameToken> = words(name)
        .iter()
        .flat_map(|w| {
            let chars: Vec<char> = w.chars().collect();
            (1..=chars.len().min(MAX_PREFIX))
                .map(|n| token(key, &chars[..n].iter().collect::<String>()))
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A name query: one token per word (the longest word first, so the most selective drives the
/// search), and the folded words to check against each hit's unsealed name.
pub struct NameQuery {
    pub tokens: Vec<NameToken>,
    pub words: Vec<String>,
}

pub fn name_query(key: &DomainKey, query: &str) -> Option<NameQuery> {
    let mut ws = words(query);
    ws.truncate(MAX_QUERY_WORDS);
    if ws.is_empty() {
        return None;
    }
    ws.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let tokens = ws
        .iter()
        .map(|w| token(key, &w.chars().take(MAX_PREFIX).collect::<String>()))
        .collect();
    Some(NameQuery { tokens, words: ws })
}

/// True when every query word starts some word of the name (what the tokens promised, checked in full).
pub fn name_matches(name: &str, query_words: &[String]) -> bool {
    let name_words = words(name);
    query_words
        .iter()
        .all(|q| name_words.iter().any(|w| w.starts_with(q.as_str())))
}

/// The identity blind index: a keyed hash of the canonical identity number.
pub fn identity_tag(key: &DomainKey, canonical: &str) -> [u8; 32] {
    key.sub("identity-index")
        .mac(Canonical::new("identity").str(canonical).finish())
}

/// The keyed hash under which a handler's search term is logged. Only key holders can compute it, so
/// the log's term hashes cannot be reversed by guessing with any other role's keys.
pub fn term_hash(key: &DomainKey, normalized_term: &str) -> String {
    hex::encode(
        key.sub("search-term")
            .mac(Canonical::new("term").str(normalized_term).finish()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::GrantKind;

    #[test]
    fn prefixes_fold_case_and_diacritics() {
        let k = DomainKey::generate(GrantKind::Records, 1);
        let tokens = name_tokens(&k, "Åsa Öberg-Lind");
        for q in ["asa", "ÅS", "a", "oberg", "lind", "asa lin"] {
            let nq = name_query(&k, q).unwrap();
            assert!(nq.tokens.iter().all(|t| tokens.contains(t)), "{q}");
            assert!(name_matches("Åsa Öberg-Lind", &nq.words), "{q}");
        }
        let nq = name_query(&k, "berg").unwrap();
        assert!(!tokens.contains(&nq.tokens[0]), "only prefixes");
        assert!(name_query(&k, " -*- ").is_none());
        let other = DomainKey::generate(GrantKind::Records, 1);
        assert_ne!(name_tokens(&other, "Åsa"), name_tokens(&k, "Åsa"));
        assert_eq!(name_key("  Åsa   LIND "), "åsa lind");
    }

    #[test]
    fn long_words_are_checked_in_full() {
        let long = "Abcdefghijklmnop";
        assert!(name_matches(long, &words("abcdefghijklmn")));
        assert!(!name_matches(long, &words("abcdefghijklmX")));
    }
}
