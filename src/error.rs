//! Typed errors of the core. Every error carries a stable [`ErrorCode`] that the CLI and the app map to
//! their own messages; nothing outside this crate matches on message text.
//!
//! Invariant: no variant carries personal data (no field values, identity numbers or passwords), so an
//! error can be logged or shown anywhere.

use serde::Serialize;

use crate::auth::password_policy::WeakPassword;
use crate::identity::IdentityError;

/// Stable machine-readable codes. Their string forms are part of the CLI's and the app's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ErrorCode {
    WrongPassword,
    WrongRecoveryCode,
    LockedOut,
    LoginDelayed,
    UserDisabled,
    PasswordChangeRequired,
    KeyringUnavailable,
    DeviceSecretMissing,
    SlotTampered,
    VaultDamaged,
    NotAVault,
    VaultExists,
    NewerVaultVersion,
    WeakPassword,
    UserExists,
    UserNotFound,
    LastAdmin,
    Denied,
    InvalidInput,
    InvalidIdentityNumber,
    PersonNotFound,
    PersonExists,
    LogBroken,
    SessionLocked,
    MigrationRequired,
    NoDataAccess,
    FingerprintMismatch,
    RateLimited,
    InitialPasswordExpired,
    Storage,
}

impl ErrorCode {
    /// The code as it appears in JSON output and to the UI, e.g. `WRONG_PASSWORD`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WrongPassword => "WRONG_PASSWORD",
            ErrorCode::WrongRecoveryCode => "WRONG_RECOVERY_CODE",
            ErrorCode::LockedOut => "LOCKED_OUT",
            ErrorCode::LoginDelayed => "LOGIN_DELAYED",
            ErrorCode::UserDisabled => "USER_DISABLED",
            ErrorCode::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
            ErrorCode::KeyringUnavailable => "KEYRING_UNAVAILABLE",
            ErrorCode::DeviceSecretMissing => "DEVICE_SECRET_MISSING",
            ErrorCode::SlotTampered => "SLOT_TAMPERED",
            ErrorCode::VaultDamaged => "VAULT_DAMAGED",
            ErrorCode::NotAVault => "NOT_A_VAULT",
            ErrorCode::VaultExists => "VAULT_EXISTS",
            ErrorCode::NewerVaultVersion => "NEWER_VAULT_VERSION",
            ErrorCode::WeakPassword => "WEAK_PASSWORD",
            ErrorCode::UserExists => "USER_EXISTS",
            ErrorCode::UserNotFound => "USER_NOT_FOUND",
            ErrorCode::LastAdmin => "LAST_ADMIN",
            ErrorCode::Denied => "DENIED",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::InvalidIdentityNumber => "INVALID_IDENTITY_NUMBER",
            ErrorCode::PersonNotFound => "PERSON_NOT_FOUND",
            ErrorCode::PersonExists => "PERSON_EXISTS",
            ErrorCode::LogBroken => "LOG_BROKEN",
            ErrorCode::SessionLocked => "SESSION_LOCKED",
            ErrorCode::MigrationRequired => "MIGRATION_REQUIRED",
            ErrorCode::NoDataAccess => "NO_DATA_ACCESS",
            ErrorCode::FingerprintMismatch => "FINGERPRINT_MISMATCH",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::InitialPasswordExpired => "INITIAL_PASSWORD_EXPIRED",
            ErrorCode::Storage => "STORAGE",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every failure the core can report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("wrong user name or password")]
    WrongPassword,
    #[error("wrong recovery code")]
    WrongRecoveryCode,
    #[error("the account is locked after too many failed logins; an administrator must unlock it")]
    LockedOut,
    #[error("too many failed logins; wait {seconds} s before trying again")]
    LoginDelayed { seconds: u64 },
    #[error("the account is disabled")]
    UserDisabled,
    #[error("the account is still on its initial password; choose a new password first")]
    PasswordChangeRequired,
    #[error("the OS keyring is not reachable: {detail}")]
    KeyringUnavailable { detail: String },
    #[error("this OS account's keyring holds no device secret for this vault")]
    DeviceSecretMissing,
    #[error("the keyslot file has been altered ({what})")]
    SlotTampered { what: &'static str },
    #[error("the vault is damaged ({what})")]
    VaultDamaged { what: String },
    #[error("no vault found ({what})")]
    NotAVault { what: String },
    #[error("a vault already exists in this directory")]
    VaultExists,
    #[error("the vault was written by a newer Skyddsvalv (format {found}, this version reads up to {supported})")]
    NewerVaultVersion { found: u32, supported: u32 },
    #[error("the password is too weak: {0}")]
    WeakPassword(#[from] WeakPassword),
    #[error("a user with that name already exists")]
    UserExists,
    #[error("no such user")]
    UserNotFound,
    #[error("the vault must keep at least one active administrator")]
    LastAdmin,
    #[error("not permitted for this role: {reason}")]
    Denied { reason: &'static str },
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("invalid identity number: {0}")]
    InvalidIdentityNumber(#[from] IdentityError),
    #[error("no such person")]
    PersonNotFound,
    #[error("a person with that identity number already exists")]
    PersonExists,
    #[error("the access log does not verify (first broken entry: {seq})")]
    LogBroken { seq: u64 },
    #[error("the session is locked; log in again")]
    SessionLocked,
    #[error("the vault is in an earlier format; run `skyddsvalv migrate` with the recovery code")]
    MigrationRequired,
    #[error("this account has no access to {what} yet; a case handler must grant it")]
    NoDataAccess { what: &'static str },
    #[error("the key fingerprint does not match the account's; ask the person to read it from their screen")]
    FingerprintMismatch,
    #[error("too many lookups ({limit} per {per}); wait, or ask a case handler")]
    RateLimited { limit: u32, per: &'static str },
    #[error("the initial password has expired; an administrator must set a new one")]
    InitialPasswordExpired,
    #[error("storage failure: {0}")]
    Storage(String),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WrongPassword => ErrorCode::WrongPassword,
            Error::WrongRecoveryCode => ErrorCode::WrongRecoveryCode,
            Error::LockedOut => ErrorCode::LockedOut,
            Error::LoginDelayed { .. } => ErrorCode::LoginDelayed,
            Error::UserDisabled => ErrorCode::UserDisabled,
            Error::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            Error::KeyringUnavailable { .. } => ErrorCode::KeyringUnavailable,
            Error::DeviceSecretMissing => ErrorCode::DeviceSecretMissing,
            Error::SlotTampered { .. } => ErrorCode::SlotTampered,
            Error::VaultDamaged { .. } => ErrorCode::VaultDamaged,
            Error::NotAVault { .. } => ErrorCode::NotAVault,
            Error::VaultExists => ErrorCode::VaultExists,
            Error::NewerVaultVersion { .. } => ErrorCode::NewerVaultVersion,
            Error::WeakPassword(_) => ErrorCode::WeakPassword,
            Error::UserExists => ErrorCode::UserExists,
            Error::UserNotFound => ErrorCode::UserNotFound,
            Error::LastAdmin => ErrorCode::LastAdmin,
            Error::Denied { .. } => ErrorCode::Denied,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::InvalidIdentityNumber(_) => ErrorCode::InvalidIdentityNumber,
            Error::PersonNotFound => ErrorCode::PersonNotFound,
            Error::PersonExists => ErrorCode::PersonExists,
            Error::LogBroken { .. } => ErrorCode::LogBroken,
            Error::SessionLocked => ErrorCode::SessionLocked,
            Error::MigrationRequired => ErrorCode::MigrationRequired,
            Error::NoDataAccess { .. } => ErrorCode::NoDataAccess,
            Error::FingerprintMismatch => ErrorCode::FingerprintMismatch,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::InitialPasswordExpired => ErrorCode::InitialPasswordExpired,
            Error::Storage(_) => ErrorCode::Storage,
        }
    }

    pub(crate) fn damaged(what: impl Into<String>) -> Self {
        Error::VaultDamaged { what: what.into() }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Storage(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
