//! Typed errors of the core. Every error carries a stable [`ErrorCode`] that the CLI and the app map to
//! their own messages; nothing outside this crate matches on message text.
//!
//! Invariant: no variant carries personal data (no field values, identity numbers or passwords), so an
//! error can be logged or shown anywhere.

use crate::auth::password_policy::WeakPassword;
use crate::identity::IdentityError;
use crate::input::{Input, Rule};

crate::named! {
    /// Stable machine-readable codes. Their string forms are part of the CLI's and the app's contract
    /// (`ui/generated/contract.js` carries them to the UI).
    pub enum ErrorCode {
        WrongPassword = "WRONG_PASSWORD",
        WrongRecoveryCode = "WRONG_RECOVERY_CODE",
        LockedOut = "LOCKED_OUT",
        LoginDelayed = "LOGIN_DELAYED",
        UserDisabled = "USER_DISABLED",
        PasswordChangeRequired = "PASSWORD_CHANGE_REQUIRED",
        KeyringUnavailable = "KEYRING_UNAVAILABLE",
        DeviceSecretMissing = "DEVICE_SECRET_MISSING",
        NeedsNewPassword = "NEEDS_NEW_PASSWORD",
        SlotTampered = "SLOT_TAMPERED",
        VaultDamaged = "VAULT_DAMAGED",
        NotAVault = "NOT_A_VAULT",
        VaultExists = "VAULT_EXISTS",
        NewerVaultVersion = "NEWER_VAULT_VERSION",
        WeakPassword = "WEAK_PASSWORD",
        UserExists = "USER_EXISTS",
        UserNotFound = "USER_NOT_FOUND",
        LastAdmin = "LAST_ADMIN",
        LastHandler = "LAST_HANDLER",
        Denied = "DENIED",
        InvalidInput = "INVALID_INPUT",
        InvalidIdentityNumber = "INVALID_IDENTITY_NUMBER",
        PersonNotFound = "PERSON_NOT_FOUND",
        PersonExists = "PERSON_EXISTS",
        LogBroken = "LOG_BROKEN",
        SessionLocked = "SESSION_LOCKED",
        MigrationRequired = "MIGRATION_REQUIRED",
        NoDataAccess = "NO_DATA_ACCESS",
        FingerprintMismatch = "FINGERPRINT_MISMATCH",
        RateLimited = "RATE_LIMITED",
        InitialPasswordExpired = "INITIAL_PASSWORD_EXPIRED",
        NotRevealed = "NOT_REVEALED",
        ClipboardUnavailable = "CLIPBOARD_UNAVAILABLE",
        RequestNotFound = "REQUEST_NOT_FOUND",
        HarmAssessmentRequired = "HARM_ASSESSMENT_REQUIRED",
        ReviewSubjectNotFound = "REVIEW_SUBJECT_NOT_FOUND",
        SampleAlreadyDrawn = "SAMPLE_ALREADY_DRAWN",
        DiskSpaceLow = "DISK_SPACE_LOW",
        IncidentNotFound = "INCIDENT_NOT_FOUND",
        BackupDamaged = "BACKUP_DAMAGED",
        RegisterMissing = "REGISTER_MISSING",
        RegisterExpired = "REGISTER_EXPIRED",
        RegisterOutdated = "REGISTER_OUTDATED",
        RegisterUnsigned = "REGISTER_UNSIGNED",
        RegisterBadSignature = "REGISTER_BAD_SIGNATURE",
        RegisterUntrusted = "REGISTER_UNTRUSTED",
        RegisterNotForThisDesk = "REGISTER_NOT_FOR_THIS_DESK",
        RegisterMalformed = "REGISTER_MALFORMED",
        Storage = "STORAGE",
    }
}

/// Every failure the core can report.
#[derive(Debug, thiserror::Error)]
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
    #[error(
        "this account's password is bound to another workstation's keyring (the vault was recovered \
         here); an administrator must give it a new one-time password"
    )]
    NeedsNewPassword,
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
    #[error("the person would be left with no case handler; assign another one first")]
    LastHandler,
    #[error("not permitted for this role: {reason}")]
    Denied { reason: &'static str },
    #[error("invalid {}: {message}", field.as_str().replace('_', " "))]
    InvalidInput {
        field: Input,
        rule: Rule,
        /// English, for developers and logs; never a value.
        message: String,
    },
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
    #[error("reveal the field (with a purpose) before copying it; a revealed value can be copied for {seconds} s")]
    NotRevealed { seconds: u64 },
    #[error("the clipboard could not be used ({what})")]
    ClipboardUnavailable { what: &'static str },
    #[error("no such data-subject request")]
    RequestNotFound,
    #[error(
        "the person has protected identity: record a harm assessment (menprövning) for this \
         disclosure before any extract, export or print"
    )]
    HarmAssessmentRequired,
    #[error("no such log entry, sample or review task")]
    ReviewSubjectNotFound,
    #[error("this month's sample is already drawn; it cannot be drawn again")]
    SampleAlreadyDrawn,
    #[error("too little free disk space for the access log ({free_mb} MB free, {needed_mb} MB required)")]
    DiskSpaceLow { free_mb: u64, needed_mb: u64 },
    #[error("no such incident in the register")]
    IncidentNotFound,
    #[error("the backup file cannot be used: {what}")]
    BackupDamaged { what: &'static str },
    #[error("the reception register is refused ({problem})")]
    ReceptionRegister {
        problem: crate::offline::RegisterProblem,
    },
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
            Error::NeedsNewPassword => ErrorCode::NeedsNewPassword,
            Error::SlotTampered { .. } => ErrorCode::SlotTampered,
            Error::VaultDamaged { .. } => ErrorCode::VaultDamaged,
            Error::NotAVault { .. } => ErrorCode::NotAVault,
            Error::VaultExists => ErrorCode::VaultExists,
            Error::NewerVaultVersion { .. } => ErrorCode::NewerVaultVersion,
            Error::WeakPassword(_) => ErrorCode::WeakPassword,
            Error::UserExists => ErrorCode::UserExists,
            Error::UserNotFound => ErrorCode::UserNotFound,
            Error::LastAdmin => ErrorCode::LastAdmin,
            Error::LastHandler => ErrorCode::LastHandler,
            Error::Denied { .. } => ErrorCode::Denied,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
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
            Error::NotRevealed { .. } => ErrorCode::NotRevealed,
            Error::ClipboardUnavailable { .. } => ErrorCode::ClipboardUnavailable,
            Error::RequestNotFound => ErrorCode::RequestNotFound,
            Error::HarmAssessmentRequired => ErrorCode::HarmAssessmentRequired,
            Error::ReviewSubjectNotFound => ErrorCode::ReviewSubjectNotFound,
            Error::SampleAlreadyDrawn => ErrorCode::SampleAlreadyDrawn,
            Error::DiskSpaceLow { .. } => ErrorCode::DiskSpaceLow,
            Error::IncidentNotFound => ErrorCode::IncidentNotFound,
            Error::BackupDamaged { .. } => ErrorCode::BackupDamaged,
            Error::ReceptionRegister { problem } => {
                use crate::offline::RegisterProblem as P;
                match problem {
                    P::Missing => ErrorCode::RegisterMissing,
                    P::Expired => ErrorCode::RegisterExpired,
                    P::Outdated => ErrorCode::RegisterOutdated,
                    P::Unsigned => ErrorCode::RegisterUnsigned,
                    P::BadSignature => ErrorCode::RegisterBadSignature,
                    P::Untrusted => ErrorCode::RegisterUntrusted,
                    P::NotForThisDesk => ErrorCode::RegisterNotForThisDesk,
                    P::Malformed => ErrorCode::RegisterMalformed,
                }
            }
            Error::Storage(_) => ErrorCode::Storage,
        }
    }

    /// An input that broke a rule; `message` says how, without the value.
    pub fn invalid(field: Input, rule: Rule, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            rule,
            message: message.into(),
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
