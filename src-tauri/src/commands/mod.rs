//! The app's Tauri commands, one file per area. Each command only converts its arguments, calls the
//! core and maps the core's error to [`ApiError`]; policy, masking and logging live in the core.

pub mod access;
pub mod admin;
pub mod duties;
pub mod log;
pub mod persons;
pub mod reception_desk;
pub mod rights;
pub mod session;

use secrecy::SecretString;
use serde::Serialize;
use skyddsvalv::records::Field;

/// What every command returns on failure. `code` is the core's `ErrorCode` (e.g. `WRONG_PASSWORD`); the
/// UI maps codes to its catalog and never shows `message`,
/// which is an English developer message without personal data. For refused input `field` names the
/// input (`postcode`, `justification`, … — the core's `Input` list, in `ui/generated/contract.js`) and
/// `rule` the rule it broke (`FORMAT`, `TOO_LONG`, …; for an identity number the check that failed, for a
/// password the policy's reason); `seconds` is the wait of `LOGIN_DELAYED`.
#[derive(Debug, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
}

impl From<skyddsvalv::Error> for ApiError {
    fn from(e: skyddsvalv::Error) -> Self {
        use skyddsvalv::Error as E;
        let (field, rule, seconds) = match &e {
            E::InvalidInput { field, rule, .. } => {
                (Some(field.as_str()), Some(rule.as_str().to_string()), None)
            }
            E::InvalidIdentityNumber(why) => (None, Some(why.code().to_string()), None),
            E::WeakPassword(why) => (
                Some(skyddsvalv::input::Input::NewPassword.as_str()),
                Some(why.reason_code().to_string()),
                None,
            ),
            E::LoginDelayed { seconds } => (None, None, Some(*seconds)),
            _ => (None, None, None),
        };
        ApiError {
            code: e.code().as_str().to_string(),
            message: e.to_string(),
            field,
            rule,
            seconds,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A field name as the UI and the core spell it (`identity_number`, `health`, …).
pub fn parse_field(name: &str) -> ApiResult<Field> {
    Ok(Field::from_input(name)?)
}

/// A password from the IPC, held as a secret from here on (wiped when dropped).
pub fn secret(password: String) -> SecretString {
    SecretString::from(password)
}
