//! One-time (initial) passwords generated for the administrator to hand over, so nobody types one
//! blind: groups of four from an alphabet without look-alikes, at least 120 random bits, long enough for
//! the vault's password policy.

use rand::Rng;
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::password_policy::PasswordPolicy;

/// No 0/o, 1/l/i: read aloud or copied from paper without doubt.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const GROUP: usize = 4;
/// 24 characters of a 31-letter alphabet: about 119 bits; one more group makes it 148.
const MIN_CHARS: usize = 28;

/// A fresh one-time password that `policy` accepts.
pub fn generate(policy: &PasswordPolicy) -> SecretString {
    let wanted = MIN_CHARS.max(policy.effective_min_length());
    loop {
        let mut out = Zeroizing::new(String::new());
        let mut rng = rand::rngs::OsRng;
        let mut letters = 0;
        while out.chars().count() < wanted {
            if letters > 0 && letters % GROUP == 0 {
                out.push('-');
            }
            out.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
            letters += 1;
        }
        // A random string that looks like a pattern is vanishingly rare; try again rather than hand
        // over something the policy refuses.
        if policy.check(&out, &[]).is_ok() {
            return SecretString::from(out.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn generated_passwords_are_grouped_long_enough_and_differ() {
        let policy = PasswordPolicy::default();
        let a = generate(&policy);
        let b = generate(&policy);
        assert_ne!(a.expose_secret(), b.expose_secret());
        let text = a.expose_secret();
        assert!(text.chars().count() >= MIN_CHARS, "{}", text.len());
        assert!(text
            .split('-')
            .all(|g| g.len() <= GROUP && g.bytes().all(|c| ALPHABET.contains(&c))));
        assert!(policy.check(text, &[]).is_ok());
        let strict = PasswordPolicy { min_length: 40 };
        assert!(generate(&strict).expose_secret().chars().count() >= 40);
    }
}
