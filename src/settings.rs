//! Vault settings kept inside the encrypted database (the admin's to change).

use serde::{Deserialize, Serialize};

use crate::auth::password_policy::{DEFAULT_MIN_LENGTH, MAX_LENGTH};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::storage::Tx;
use crate::vault::keyslots::LoginPolicy;

/// A setting missing from a stored vault takes its default, so a vault written before the setting
/// existed still opens; a stored setting this version does not know is ignored, so a vault opens
/// after a rollback too. Each field has a [`SettingName`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub min_password_length: usize,
    pub lockout_after: u32,
    pub delay_from: u32,
    pub idle_lock_minutes: u32,
    pub lock_on_minimize: bool,
    pub emergency_minutes: u32,
    /// Hours an initial password (set by an administrator) can be used for the first login.
    pub initial_password_hours: u32,
    /// Reception: lookups one session may make.
    pub lookups_per_session: u32,
    /// Reception: lookups one account may make in an hour.
    pub lookups_per_hour: u32,
    /// Reception: more lookups than this in a minute are flagged for review.
    pub lookup_burst_per_minute: u32,
    /// Reception: an answer and the typed number clear themselves after this many seconds (the screen
    /// faces the visitor).
    pub reception_clear_seconds: u32,
    /// Log review: a nödåtkomst must be reviewed within this many days.
    pub break_glass_review_days: u32,
    /// Log review: working hours begin (Swedish time, on working days).
    pub work_day_start_hour: u32,
    /// Log review: working hours end.
    pub work_day_end_hour: u32,
    /// Log review: a day above this multiple of a user's own 30-day median is flagged.
    pub volume_multiple: u32,
    /// Log review: ... and above this many reveals or persons (quiet users are not flagged for a few).
    pub volume_floor: u32,
    /// Log review: accesses this many days after a protection marking is set or changed are flagged.
    pub new_protection_days: u32,
    /// Log review: more searches for the same term than this in the window are flagged.
    pub repeat_search_limit: u32,
    /// Log review: the window of the repeated-search rule.
    pub repeat_search_window_hours: u32,
    /// The log is kept at least this long (never under five years: HSLF-FS 2016:40).
    pub log_retention_years: u32,
    /// Below this much free disk space (MB) operations are refused before their log entry is written.
    pub log_min_free_mb: u32,
    /// The administrator is reminded when the last backup is older than this many days.
    pub backup_reminder_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let login = LoginPolicy::default();
        Settings {
            min_password_length: DEFAULT_MIN_LENGTH,
            lockout_after: login.lockout_after,
            delay_from: login.delay_from,
            idle_lock_minutes: 5,
            lock_on_minimize: true,
            emergency_minutes: 30,
            initial_password_hours: 72,
            lookups_per_session: 60,
            lookups_per_hour: 120,
            lookup_burst_per_minute: 10,
            reception_clear_seconds: 60,
            break_glass_review_days: 7,
            work_day_start_hour: 7,
            work_day_end_hour: 18,
            volume_multiple: 3,
            volume_floor: 30,
            new_protection_days: 30,
            repeat_search_limit: 5,
            repeat_search_window_hours: 24,
            log_retention_years: 10,
            log_min_free_mb: 256,
            backup_reminder_days: 7,
        }
    }
}

impl Settings {
    pub fn login_policy(&self) -> LoginPolicy {
        LoginPolicy {
            lockout_after: self.lockout_after,
            delay_from: self.delay_from,
        }
    }

    /// One setting's current value.
    pub fn get(&self, name: SettingName) -> SettingValue {
        use SettingName as N;
        use SettingValue::{Flag, Number};
        match name {
            N::MinPasswordLength => Number(self.min_password_length as u32),
            N::LockoutAfter => Number(self.lockout_after),
            N::DelayFrom => Number(self.delay_from),
            N::IdleLockMinutes => Number(self.idle_lock_minutes),
            N::LockOnMinimize => Flag(self.lock_on_minimize),
            N::EmergencyMinutes => Number(self.emergency_minutes),
            N::InitialPasswordHours => Number(self.initial_password_hours),
            N::LookupsPerSession => Number(self.lookups_per_session),
            N::LookupsPerHour => Number(self.lookups_per_hour),
            N::LookupBurstPerMinute => Number(self.lookup_burst_per_minute),
            N::ReceptionClearSeconds => Number(self.reception_clear_seconds),
            N::BreakGlassReviewDays => Number(self.break_glass_review_days),
            N::WorkDayStartHour => Number(self.work_day_start_hour),
            N::WorkDayEndHour => Number(self.work_day_end_hour),
            N::VolumeMultiple => Number(self.volume_multiple),
            N::VolumeFloor => Number(self.volume_floor),
            N::NewProtectionDays => Number(self.new_protection_days),
            N::RepeatSearchLimit => Number(self.repeat_search_limit),
            N::RepeatSearchWindowHours => Number(self.repeat_search_window_hours),
            N::LogRetentionYears => Number(self.log_retention_years),
            N::LogMinFreeMb => Number(self.log_min_free_mb),
            N::BackupReminderDays => Number(self.backup_reminder_days),
        }
    }

    /// Applies a checked change (see [`SettingChange::parse`], which matched the value to the kind).
    pub fn apply(&mut self, change: SettingChange) {
        use SettingName as N;
        let n = match change.value {
            SettingValue::Number(n) => n,
            SettingValue::Flag(on) => u32::from(on),
        };
        let on = change.value == SettingValue::Flag(true);
        match change.name {
            N::MinPasswordLength => self.min_password_length = n as usize,
            N::LockoutAfter => self.lockout_after = n,
            N::DelayFrom => self.delay_from = n,
            N::IdleLockMinutes => self.idle_lock_minutes = n,
            N::LockOnMinimize => self.lock_on_minimize = on,
            N::EmergencyMinutes => self.emergency_minutes = n,
            N::InitialPasswordHours => self.initial_password_hours = n,
            N::LookupsPerSession => self.lookups_per_session = n,
            N::LookupsPerHour => self.lookups_per_hour = n,
            N::LookupBurstPerMinute => self.lookup_burst_per_minute = n,
            N::ReceptionClearSeconds => self.reception_clear_seconds = n,
            N::BreakGlassReviewDays => self.break_glass_review_days = n,
            N::WorkDayStartHour => self.work_day_start_hour = n,
            N::WorkDayEndHour => self.work_day_end_hour = n,
            N::VolumeMultiple => self.volume_multiple = n,
            N::VolumeFloor => self.volume_floor = n,
            N::NewProtectionDays => self.new_protection_days = n,
            N::RepeatSearchLimit => self.repeat_search_limit = n,
            N::RepeatSearchWindowHours => self.repeat_search_window_hours = n,
            N::LogRetentionYears => self.log_retention_years = n,
            N::LogMinFreeMb => self.log_min_free_mb = n,
            N::BackupReminderDays => self.backup_reminder_days = n,
        }
    }
}

crate::named! {
    /// Every setting an administrator can change, as the CLI, the app and the log spell it. The
    /// stored name is the same with `_` (a test holds this list and [`Settings`] together).
    pub enum SettingName {
        MinPasswordLength = "min-password-length",
        LockoutAfter = "lockout-after",
        DelayFrom = "delay-from",
        IdleLockMinutes = "idle-lock-minutes",
        LockOnMinimize = "lock-on-minimize",
        EmergencyMinutes = "emergency-minutes",
        InitialPasswordHours = "initial-password-hours",
        LookupsPerSession = "lookups-per-session",
        LookupsPerHour = "lookups-per-hour",
        LookupBurstPerMinute = "lookup-burst-per-minute",
        ReceptionClearSeconds = "reception-clear-seconds",
        BreakGlassReviewDays = "break-glass-review-days",
        WorkDayStartHour = "work-day-start-hour",
        WorkDayEndHour = "work-day-end-hour",
        VolumeMultiple = "volume-multiple",
        VolumeFloor = "volume-floor",
        NewProtectionDays = "new-protection-days",
        RepeatSearchLimit = "repeat-search-limit",
        RepeatSearchWindowHours = "repeat-search-window-hours",
        LogRetentionYears = "log-retention-years",
        LogMinFreeMb = "log-min-free-mb",
        BackupReminderDays = "backup-reminder-days",
    }
}

/// What values a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SettingKind {
    Number { min: u32, max: u32 },
    Flag,
}

impl SettingName {
    pub const fn kind(self) -> SettingKind {
        use SettingName as N;
        const fn number(min: u32, max: u32) -> SettingKind {
            SettingKind::Number { min, max }
        }
        match self {
            N::MinPasswordLength => number(DEFAULT_MIN_LENGTH as u32, MAX_LENGTH as u32),
            N::LockoutAfter | N::DelayFrom => number(1, 100),
            N::IdleLockMinutes => number(1, 240),
            N::LockOnMinimize => SettingKind::Flag,
            N::EmergencyMinutes => number(5, 240),
            N::InitialPasswordHours => number(1, 720),
            N::LookupsPerSession | N::LookupBurstPerMinute => number(1, 1000),
            N::LookupsPerHour => number(1, 5000),
            N::ReceptionClearSeconds => number(10, 600),
            N::BreakGlassReviewDays => number(1, 90),
            N::WorkDayStartHour => number(0, 23),
            N::WorkDayEndHour => number(1, 24),
            N::VolumeMultiple => number(2, 50),
            N::VolumeFloor => number(1, 10000),
            N::NewProtectionDays => number(1, 365),
            N::RepeatSearchLimit => number(2, 100),
            N::RepeatSearchWindowHours => number(1, 720),
            N::LogRetentionYears => number(5, 100),
            N::LogMinFreeMb => number(16, 1_000_000),
            N::BackupReminderDays => number(1, 365),
        }
    }

    /// The key in the stored settings (`lockout_after`).
    pub fn stored_name(self) -> String {
        self.as_str().replace('-', "_")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SettingValue {
    Number(u32),
    Flag(bool),
}

impl std::fmt::Display for SettingValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingValue::Number(n) => write!(f, "{n}"),
            SettingValue::Flag(on) => write!(f, "{on}"),
        }
    }
}

/// One setting and its new value, parsed and range-checked once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingChange {
    name: SettingName,
    value: SettingValue,
}

impl SettingChange {
    /// Parses a change as the CLI and the app send it (`idle-lock-minutes`, `15`).
    pub fn parse(name: &str, value: &str) -> Result<SettingChange> {
        let name = SettingName::parse(name.trim())
            .ok_or_else(|| Error::invalid(Input::Setting, Rule::Unknown, "unknown setting name"))?;
        let value = value.trim();
        let value = match name.kind() {
            SettingKind::Number { min, max } => {
                let n = value.parse::<u32>().map_err(|_| {
                    Error::invalid(Input::SettingValue, Rule::Format, "expected a whole number")
                })?;
                if !(min..=max).contains(&n) {
                    return Err(Error::invalid(
                        Input::SettingValue,
                        Rule::OutOfRange,
                        format!("{name} takes {min} to {max}"),
                    ));
                }
                SettingValue::Number(n)
            }
            SettingKind::Flag => SettingValue::Flag(match value {
                "true" | "on" | "yes" => true,
                "false" | "off" | "no" => false,
                _ => {
                    return Err(Error::invalid(
                        Input::SettingValue,
                        Rule::Format,
                        "expected true or false",
                    ))
                }
            }),
        };
        Ok(SettingChange { name, value })
    }

    pub fn name(&self) -> SettingName {
        self.name
    }

    pub fn value(&self) -> SettingValue {
        self.value
    }
}

const KEY: &str = "settings";

pub fn load(tx: &dyn Tx) -> Result<Settings> {
    match tx.setting(KEY)? {
        None => Ok(Settings::default()),
        Some(j) => {
            serde_json::from_str(&j).map_err(|_| Error::damaged("the settings are malformed"))
        }
    }
}

pub fn save(tx: &dyn Tx, s: &Settings) -> Result<()> {
    let json = serde_json::to_string(s).map_err(|e| Error::Storage(e.to_string()))?;
    tx.set_setting(KEY, &json)
}

/// A value stored as JSON under `key`; a value that does not parse is damage, never a default.
pub fn get_json<T: serde::de::DeserializeOwned>(tx: &dyn Tx, key: &str) -> Result<Option<T>> {
    match tx.setting(key)? {
        None => Ok(None),
        Some(j) => serde_json::from_str(&j)
            .map(Some)
            .map_err(|_| Error::damaged(format!("the stored {key} is malformed"))),
    }
}

pub fn set_json<T: Serialize>(tx: &dyn Tx, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| Error::Storage(e.to_string()))?;
    tx.set_setting(key, &json)
}

/// Names of the internal values kept beside the settings.
pub mod keys {
    pub const VAULT_ID: &str = "vault_id";
    /// The gallring sweep's destruction lists (refs and rules, no values).
    pub const DESTRUCTIONS: &str = "destructions";
    pub const KDF_PARAMS: &str = "kdf_params";
    pub const RECOVERY_SLOT_DIGEST: &str = "recovery_slot_digest";
    pub const RECOVERY_PUBLIC: &str = "recovery_public";
    pub const LOOKUP_HASH: &str = "lookup_hash";
    pub const DATABASE_EPOCH: &str = "database_epoch";
    pub const RECORDS_EPOCH: &str = "records_epoch";
    pub const RECEPTION_EPOCH: &str = "reception_epoch";
    pub const ROTATE_RECORDS: &str = "rotation_pending_records";
    pub const ROTATE_RECEPTION: &str = "rotation_pending_reception";
    /// The vault's purposes ([`crate::records::purpose::PurposeEntry`]), when the admin changed them.
    pub const PURPOSES: &str = "purposes";
    /// The erasure ledger ([`crate::session::LedgerEntry`]): refs and dates only, no personal data.
    pub const ERASURE_LEDGER: &str = "erasure_ledger";
    /// When the last backup was written (RFC 3339): the administrator's reminder.
    pub const LAST_BACKUP: &str = "last_backup";
    /// The sequence number of the last reception register exported for a desk.
    pub const RECEPTION_EXPORT_SEQ: &str = "reception_export_seq";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_setting_has_a_name_and_every_name_a_setting() {
        let json = serde_json::to_value(Settings::default()).unwrap();
        let mut stored: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        let mut named: Vec<String> = SettingName::ALL.iter().map(|n| n.stored_name()).collect();
        stored.sort();
        named.sort();
        assert_eq!(stored, named);
    }

    #[test]
    fn each_change_lands_in_its_own_setting() {
        for &name in SettingName::ALL {
            let mut s = Settings::default();
            let new = match name.kind() {
                SettingKind::Number { min, max } => {
                    let SettingValue::Number(now) = s.get(name) else {
                        panic!("{name} is a number")
                    };
                    assert!((min..=max).contains(&now), "{name}'s default is in range");
                    if now == max { min } else { max }.to_string()
                }
                SettingKind::Flag => (s.get(name) != SettingValue::Flag(true)).to_string(),
            };
            let change = SettingChange::parse(name.as_str(), &new).unwrap();
            let before = serde_json::to_value(s).unwrap();
            s.apply(change);
            assert_eq!(s.get(name), change.value());
            let after = serde_json::to_value(s).unwrap();
            let changed: Vec<_> = after
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, v)| before[k.as_str()] != **v)
                .map(|(k, _)| k.clone())
                .collect();
            assert_eq!(changed, vec![name.stored_name()]);
        }
    }

    #[test]
    fn the_log_is_never_kept_under_five_years() {
        assert!(SettingChange::parse("log-retention-years", "4").is_err());
        assert!(SettingChange::parse("log-retention-years", "5").is_ok());
    }

    #[test]
    fn changes_out_of_range_or_of_the_wrong_kind_are_refused_by_rule() {
        let rule = |n: &str, v: &str| match SettingChange::parse(n, v) {
            Err(Error::InvalidInput { field, rule, .. }) => (field, rule),
            other => panic!("{n}={v} gave {other:?}"),
        };
        assert_eq!(
            rule("idle-lock-minutes", "241"),
            (Input::SettingValue, Rule::OutOfRange)
        );
        assert_eq!(
            rule("idle-lock-minutes", "0"),
            (Input::SettingValue, Rule::OutOfRange)
        );
        assert_eq!(
            rule("idle-lock-minutes", "ten"),
            (Input::SettingValue, Rule::Format)
        );
        assert_eq!(
            rule("lock-on-minimize", "maybe"),
            (Input::SettingValue, Rule::Format)
        );
        assert_eq!(
            rule("no-such-setting", "1"),
            (Input::Setting, Rule::Unknown)
        );
    }

    #[test]
    fn stored_settings_default_what_is_missing_and_ignore_what_is_unknown() {
        let s: Settings =
            serde_json::from_str(r#"{"idle_lock_minutes": 9, "from_a_newer_version": 1}"#).unwrap();
        assert_eq!(s.idle_lock_minutes, 9);
        assert_eq!(s.lockout_after, Settings::default().lockout_after);
    }
}
