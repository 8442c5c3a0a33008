// TEMPORARY STUB by the lead so the crate compiles; the password-policy helper replaces this file whole.
pub const DEFAULT_MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;
pub struct PasswordPolicy {
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
    pub fn check(&self, password: &str, _context: &[&str]) -> Result<(), WeakPassword> {
        let n = normalize(password).chars().count();
        if n < self.min_length {
            return Err(WeakPassword::TooShort {
                min: self.min_length,
            });
        }
        if n > MAX_LENGTH {
            return Err(WeakPassword::TooLong { max: MAX_LENGTH });
        }
        Ok(())
    }
}
pub fn normalize(password: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    password.nfkc().collect()
}
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WeakPassword {
    #[error("shorter than {min} characters")]
    TooShort { min: usize },
    #[error("longer than {max} characters")]
    TooLong { max: usize },
}
