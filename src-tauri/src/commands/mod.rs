//! The app's Tauri commands, one file per area. Each command only converts its arguments, calls the
//! core and maps the core's error to [`ApiError`]; policy, masking and logging live in the core.

pub mod access;
pub mod admin;
pub mod log;
pub mod persons;
pub mod session;

use secrecy::SecretString;
use serde::Serialize;
use skyddsvalv::records::Field;

/// What every command returns on failure. `code` is the core's `ErrorCode` (e.g. `WRONG_PASSWORD`), or
/// one of the shell's own codes below; the UI maps codes to its catalog and never matches `message`,
/// which is an English developer message without personal data. `detail` refines a few codes: the
/// identity-number rule that failed (`INVALID_IDENTITY_CHECK_DIGIT`, …), the password rule
/// (`TOO_SHORT`, `COMMON`, …), or the seconds to wait for `LOGIN_DELAYED`.
#[derive(Debug, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The shell's own codes (everything else comes from the core).
pub mod codes {
    /// `copy_field` for a value that is not currently revealed (or whose 30 s have passed).
    pub const NOT_REVEALED: &str = "NOT_REVEALED";
    /// The platform clipboard could not be set (or is not supported yet on this platform).
    pub const CLIPBOARD_UNAVAILABLE: &str = "CLIPBOARD_UNAVAILABLE";
}

impl ApiError {
    pub fn app(code: &str, message: &str) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.to_string(),
            detail: None,
        }
    }
}

impl From<skyddsvalv::Error> for ApiError {
    fn from(e: skyddsvalv::Error) -> Self {
        let detail = match &e {
            skyddsvalv::Error::InvalidIdentityNumber(why) => Some(why.code().to_string()),
            skyddsvalv::Error::WeakPassword(why) => Some(why.reason_code().to_string()),
            skyddsvalv::Error::LoginDelayed { seconds } => Some(seconds.to_string()),
            _ => None,
        };
        ApiError {
            code: e.code().as_str().to_string(),
            message: e.to_string(),
            detail,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn invalid(message: &str) -> ApiError {
    skyddsvalv::Error::InvalidInput(message.to_string()).into()
}

/// A field name as the UI and the core spell it (`identity_number`, `health`, …).
pub fn parse_field(name: &str) -> ApiResult<Field> {
    Field::parse(name).ok_or_else(|| invalid("unknown field name"))
}

/// A password from the IPC, held as a secret from here on (wiped when dropped).
pub fn secret(password: String) -> SecretString {
    SecretString::from(password)
}
