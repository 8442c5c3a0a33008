//! Turns core errors into plain-language messages that say what to do, and into exit codes.
//! Matching is on the stable error code only.

use skyddsvalv::{Error, ErrorCode};

pub fn exit_code(code: ErrorCode) -> i32 {
    use ErrorCode::*;
    match code {
        WrongPassword
        | WrongRecoveryCode
        | LockedOut
        | LoginDelayed
        | UserDisabled
        | PasswordChangeRequired
        | InitialPasswordExpired => 3,
        Denied | SessionLocked | NoDataAccess => 4,
        MigrationRequired => 5,
        RateLimited => 4,
        FingerprintMismatch => 7,
        NotAVault | VaultDamaged | NewerVaultVersion | SlotTampered | LogBroken | VaultExists
        | BackupDamaged => 5,
        RegisterMissing
        | RegisterExpired
        | RegisterOutdated
        | RegisterUnsigned
        | RegisterBadSignature
        | RegisterUntrusted
        | RegisterNotForThisDesk
        | RegisterMalformed => 9,
        KeyringUnavailable | DeviceSecretMissing | NeedsNewPassword => 6,
        WeakPassword
        | InvalidInput
        | InvalidIdentityNumber
        | UserExists
        | LastAdmin
        | LastHandler
        | PersonExists => 7,
        UserNotFound
        | PersonNotFound
        | RequestNotFound
        | ReviewSubjectNotFound
        | IncidentNotFound => 8,
        SampleAlreadyDrawn => 7,
        DiskSpaceLow => 1,
        HarmAssessmentRequired => 4,
        NotRevealed | ClipboardUnavailable | Storage => 1,
    }
}

pub fn message(e: &Error) -> String {
    use ErrorCode::*;
    match e.code() {
        WrongPassword => "Wrong user name or password. Check the name and try again; repeated failures \
            add a waiting time and finally lock the account."
            .into(),
        WrongRecoveryCode => "That recovery code does not open this vault. Check it against the code \
            written down when the vault was created (letters and digits in groups of four)."
            .into(),
        LockedOut => "This account is locked after too many failed logins. An administrator can \
            unlock it with `skyddsvalv user unlock NAME`."
            .into(),
        LoginDelayed => format!("{e}. The wait grows with each failed attempt."),
        UserDisabled => "This account is disabled. Ask an administrator to enable it.".into(),
        PasswordChangeRequired => "This account is still on its initial password. Run \
            `skyddsvalv login` to choose your own password first."
            .into(),
        KeyringUnavailable => format!(
            "The OS keyring cannot be reached ({}). Skyddsvalv keeps this workstation's device secret \
             there. On Linux start a Secret Service: log in to a desktop session with GNOME Keyring or \
             KWallet; in a headless session run `dbus-run-session -- bash`, then in that shell \
             `gnome-keyring-daemon --unlock --components=secrets` (type the keyring's password, then \
             Ctrl-D; use the same one every time) and run skyddsvalv there. Packages: gnome-keyring, \
             dbus.",
            detail(e)
        ),
        DeviceSecretMissing => "This OS account's keyring has no key for this vault: your password was \
            bound on another workstation or OS account. Ask an administrator to reset your password \
            (`skyddsvalv user reset-password NAME`), or, as the administrator, use \
            `skyddsvalv recover` with the recovery code."
            .into(),
        NeedsNewPassword => "Your password was bound to another workstation's keyring, and the vault \
            has since been recovered on this one. Ask an administrator for a new one-time password \
            (`skyddsvalv user reset-password NAME`)."
            .into(),
        SlotTampered => format!(
            "The keyslot file has been altered ({}). Do not use this copy; restore the vault \
             directory from a backup, or ask the administrator to reset the affected password.",
            detail(e)
        ),
        VaultDamaged => format!(
            "The vault is damaged ({}). Nothing was changed. Restore the vault directory from a \
             backup; `skyddsvalv doctor` shows what is wrong.",
            detail(e)
        ),
        NotAVault => format!(
            "No vault here ({}). Check --vault (or SKYDDSVALV_VAULT), or create one with \
             `skyddsvalv init --admin NAME`.",
            detail(e)
        ),
        VaultExists => "A vault already exists in that directory. Choose another --vault directory \
            or use the existing vault."
            .into(),
        NewerVaultVersion => format!(
            "{e}. Nothing was changed. Install the newer Skyddsvalv to open this vault."
        ),
        WeakPassword => format!("{e}. Choose a longer or less common password; a phrase of several \
            words works well."),
        LogBroken => format!(
            "{e}. The access log has been altered or truncated. Keep the vault as it is and tell \
             the system owner; this is a security incident."
        ),
        Denied => format!("{e}. This attempt has been recorded in the access log."),
        SessionLocked => "The session is locked. Log in again.".into(),
        InitialPasswordExpired => "The initial password has expired (it is valid for a few days). \
            Ask an administrator for a new one (`skyddsvalv user reset-password NAME`)."
            .into(),
        MigrationRequired => "This vault was written by an earlier version of Skyddsvalv. The holder \
            of the recovery code runs `skyddsvalv migrate` once; nothing is lost, and everyone keeps \
            their password."
            .into(),
        NoDataAccess => format!(
            "{e}. Give your key fingerprint (`skyddsvalv access fingerprint`) to a case handler, who \
             runs `skyddsvalv access grant YOUR-NAME --fingerprint …`. This attempt has been recorded."
        ),
        FingerprintMismatch => "The fingerprint does not match that account's key. Ask its owner \
            to read it again from their own screen; if it still differs, the vault may have been \
            tampered with — tell the system owner."
            .into(),
        RequestNotFound => "No such request among the persons assigned to you. Request ids look \
            like P-XXXX-XXXX-XXXX-B1; `skyddsvalv request list` shows yours."
            .into(),
        HarmAssessmentRequired => "This person has protected identity. Record a harm assessment \
            for the request first (`skyddsvalv harm-assessment REF --request ID --outcome …`, the \
            reason on standard input); nothing was written."
            .into(),
        RegisterMissing => "No reception register is installed at this desk. Ask a case handler to \
            export one for this desk (`skyddsvalv reception export`), then `skyddsvalv desk install FILE`."
            .into(),
        RegisterExpired => "The reception register has expired; it is not used any more. Ask a case \
            handler for a new export and install it. Until then, refer visitors to a case handler."
            .into(),
        RegisterOutdated => "This register is not newer than the one installed (its number is the \
            same or lower); nothing was changed. Install the latest export."
            .into(),
        RegisterUnsigned => "This register carries no signature; it was not made by Skyddsvalv or was \
            stripped on the way. Nothing was installed. Ask the case handler for a new export."
            .into(),
        RegisterBadSignature => "The register's signature does not hold: it was changed after it was \
            exported. Nothing was installed. Tell the system owner; this may be an incident."
            .into(),
        RegisterUntrusted => "The register is signed by a key this desk does not trust (or comes from \
            another vault). Nothing was installed. If the exporting case handler reads you their key \
            fingerprint from their own screen, install with --trust FINGERPRINT."
            .into(),
        RegisterNotForThisDesk => "This register was exported for another desk; this desk cannot open \
            it. Give the case handler this desk's key (`skyddsvalv desk info`)."
            .into(),
        RegisterMalformed => "This is not a reception register file, or it is damaged. Nothing was \
            installed."
            .into(),
        BackupDamaged => format!(
            "{e}. Nothing was written. Keep the file as it is and restore from another backup; a \
             backup that was altered after it was written is a security incident."
        ),
        IncidentNotFound => "No such incident. `skyddsvalv incident list` lists the register with \
            each incident's reference (INC-2026-001)."
            .into(),
        ReviewSubjectNotFound => "No such log entry, sample or task. `skyddsvalv log tasks` lists \
            the tasks with their ids (E123 is entry 123, S2026-11-2 a drawn user)."
            .into(),
        SampleAlreadyDrawn => "This month's sample is already drawn and recorded in the log; a \
            sample is never drawn twice. `skyddsvalv log tasks` lists its users."
            .into(),
        DiskSpaceLow => format!(
            "{e}. Nothing was done: every operation writes to the access log first. Free disk \
             space on the vault's drive, or an administrator lowers `log-min-free-mb`."
        ),
        // The core's own sentence says enough for these (it names the field or the limit).
        InvalidInput | InvalidIdentityNumber | UserExists | UserNotFound | LastAdmin | LastHandler
        | PersonNotFound | PersonExists | RateLimited | NotRevealed | ClipboardUnavailable
        | Storage => format!("{e}."),
    }
}

fn detail(e: &Error) -> String {
    match e {
        Error::KeyringUnavailable { detail } => detail.clone(),
        Error::SlotTampered { what } => (*what).to_string(),
        Error::VaultDamaged { what } | Error::NotAVault { what } => what.clone(),
        other => other.to_string(),
    }
}
