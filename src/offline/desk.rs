//! A reception workstation with no vault: its own key pair (sealed under a device secret in this OS
//! account's keyring), the installed register, whom it trusts to sign registers, and its log.
//!
//! Invariants: a register is installed only if it is signed by a trusted exporter of the same vault,
//! sealed to this desk, newer than the one installed and not expired; a lookup answers only an exact
//! number or name with year, from an unexpired register, within the hourly limit, and is logged.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::log::{DeskAction, DeskLog, DeskResult};
use super::register::{self, refused, RegisterFile, RegisterProblem};
use crate::canonical::Canonical;
use crate::crypto::{wrap, PublicKeys, UserKeys};
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::session::{LookupKey, Referral};
use crate::time::now_rfc3339;
use crate::vault::files::write_atomic;

/// Days before the end of a register's validity at which the desk warns.
pub const WARN_DAYS: i64 = 2;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Identity {
    format: String,
    desk_id: String,
    public: PublicKeys,
    nonce: String,
    sealed: String,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Trust {
    vault_id: Option<String>,
    /// Fingerprints of the exporters whose registers this desk installs.
    signers: Vec<String>,
}

/// What the desk shows at installation, so the exporting handler can confirm it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskInfo {
    pub fingerprint: String,
    /// The desk's public keys as one text (exchange then signing, hex) for the exporting handler.
    pub key: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Installed {
    pub vault_id: String,
    pub seq: u64,
    pub issued_at: String,
    pub valid_until: String,
    pub expires_soon: bool,
}

/// The desk's answer: "Skyddad — hänvisa till …" or "Ingen träff i registret (registret gäller t.o.m.
/// …)". A miss never means the person has no protection.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskAnswer {
    pub found: bool,
    pub protection: Option<&'static str>,
    pub initials: Option<String>,
    pub referral: Vec<Referral>,
    pub valid_until: String,
    pub expires_soon: bool,
}

struct Paths {
    dir: PathBuf,
}

impl Paths {
    fn identity(&self) -> PathBuf {
        self.dir.join("desk.json")
    }
    fn trust(&self) -> PathBuf {
        self.dir.join("trust.json")
    }
    fn register(&self) -> PathBuf {
        self.dir.join("register.json")
    }
    fn log(&self) -> PathBuf {
        self.dir.join("desk-log.json")
    }
}

fn sealing_context(desk_id: &str) -> Vec<u8> {
    Canonical::new("skyddsvalv/desk-identity/v1")
        .str(desk_id)
        .finish()
        .to_vec()
}

fn device_name(desk_id: &str) -> String {
    format!("desk/{desk_id}")
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path, what: &'static str) -> Result<Option<T>> {
    match std::fs::read(path) {
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|_| Error::damaged(what)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Storage(e.to_string()))?;
    write_atomic(path, &bytes)
}

/// A reception desk, opened.
pub struct Desk {
    paths: Paths,
    keys: UserKeys,
    /// "Now" for tests of expiry; the real clock otherwise.
    now: Option<String>,
}

/// Parses a desk key text (128 hex digits: exchange, then signing).
pub fn parse_desk_key(text: &str) -> Result<PublicKeys> {
    let bad = || {
        Error::invalid(
            Input::DeskKey,
            Rule::Format,
            "the desk key is the 128-character text the desk shows at installation",
        )
    };
    let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = hex::decode(clean).map_err(|_| bad())?;
    if bytes.len() != 64 {
        return Err(bad());
    }
    let mut exchange = [0u8; 32];
    let mut signing = [0u8; 32];
    exchange.copy_from_slice(&bytes[..32]);
    signing.copy_from_slice(&bytes[32..]);
    Ok(PublicKeys { exchange, signing })
}

fn info_of(public: &PublicKeys) -> DeskInfo {
    DeskInfo {
        fingerprint: public.fingerprint(),
        key: format!(
            "{}{}",
            hex::encode(public.exchange),
            hex::encode(public.signing)
        ),
    }
}

fn days_left(valid_until: &str, now: &str) -> Option<i64> {
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
    };
    Some((parse(valid_until)? - parse(now)?).whole_days())
}

impl Desk {
    /// Sets up a desk in `dir` (a new or empty directory): a key pair sealed under a new device
    /// secret in this OS account's keyring.
    pub fn init(dir: &Path, device: Arc<DeviceSecrets>) -> Result<DeskInfo> {
        let paths = Paths {
            dir: dir.to_path_buf(),
        };
        if paths.identity().exists() {
            return Err(Error::VaultExists);
        }
        crate::vault::create_dir(dir)?;
        let desk_id = hex::encode(&crate::crypto::Key32::random().expose()[..8]);
        let secret = device.get_or_create(&device_name(&desk_id))?;
        let keys = UserKeys::generate();
        let (nonce, sealed) = wrap::seal(&secret, &*keys.to_bytes(), &sealing_context(&desk_id));
        let public = keys.public();
        write_json(
            &paths.identity(),
            &Identity {
                format: "skyddsvalv-desk".into(),
                desk_id,
                public,
                nonce: hex::encode(nonce),
                sealed: hex::encode(sealed),
            },
        )?;
        write_json(&paths.log(), &DeskLog::new(public))?;
        Ok(info_of(&public))
    }

    /// Opens the desk in `dir` with this OS account's keyring.
    pub fn open(dir: &Path, device: Arc<DeviceSecrets>) -> Result<Desk> {
        let paths = Paths {
            dir: dir.to_path_buf(),
        };
        let id: Identity = read_json(&paths.identity(), "the desk's identity file is malformed")?
            .ok_or_else(|| Error::NotAVault {
            what: "no reception desk is set up in this directory".into(),
        })?;
        let secret = device
            .get(&device_name(&id.desk_id))?
            .ok_or(Error::DeviceSecretMissing)?;
        let nonce = hex::decode(&id.nonce).map_err(|_| Error::damaged("the desk's keys"))?;
        let sealed = hex::decode(&id.sealed).map_err(|_| Error::damaged("the desk's keys"))?;
        let bytes = wrap::open(&secret, &nonce, &sealed, &sealing_context(&id.desk_id)).ok_or(
            Error::SlotTampered {
                what: "the desk's keys do not open with this keyring",
            },
        )?;
        let keys = UserKeys::from_bytes(&bytes).ok_or(Error::damaged("the desk's keys"))?;
        if keys.public() != id.public {
            return Err(Error::SlotTampered {
                what: "the desk's identity file was changed",
            });
        }
        Ok(Desk {
            paths,
            keys,
            now: None,
        })
    }

    /// Test support: the desk as if the time were `now` (RFC 3339).
    #[cfg(feature = "test-support")]
    pub fn at_time(mut self, now: &str) -> Desk {
        self.now = Some(now.to_string());
        self
    }

    fn now(&self) -> String {
        self.now.clone().unwrap_or_else(now_rfc3339)
    }

    /// The installed register as the desk holds it (hashes and sealed answers only).
    pub fn installed_register(&self) -> Result<Option<register::Register>> {
        self.installed_file()?
            .map(|rf| register::open(&rf, &self.keys))
            .transpose()
    }

    pub fn info(&self) -> DeskInfo {
        info_of(&self.keys.public())
    }

    fn log(&self) -> Result<DeskLog> {
        let log: DeskLog = read_json(&self.paths.log(), "the desk's log is malformed")?
            .unwrap_or_else(|| DeskLog::new(self.keys.public()));
        log.verify()?;
        Ok(log)
    }

    fn record(
        &self,
        operator: &str,
        action: DeskAction,
        result: DeskResult,
        query: Option<String>,
        detail: Option<String>,
    ) -> Result<()> {
        let mut log = self.log()?;
        log.append(&self.keys, operator, action, result, query, detail);
        write_json(&self.paths.log(), &log)
    }

    /// The log as a bundle for the log reviewer.
    pub fn export_log(&self) -> Result<DeskLog> {
        self.log()
    }

    fn installed_file(&self) -> Result<Option<RegisterFile>> {
        read_json(
            &self.paths.register(),
            "the installed register is malformed",
        )
    }

    /// Installs the register in `file`. `trust`: the exporting handler's key fingerprint, read
    /// from their own screen — needed the first time, and for an exporter not trusted before.
    pub fn install(&self, file: &Path, trust: Option<&str>, operator: &str) -> Result<Installed> {
        let outcome = self.install_checked(file, trust);
        let detail = match &outcome {
            Ok(i) => format!("register {} of vault {}", i.seq, i.vault_id),
            Err(Error::ReceptionRegister { problem }) => problem.as_str().to_string(),
            Err(e) => e.code().as_str().to_string(),
        };
        let result = if outcome.is_ok() {
            (DeskAction::Installed, DeskResult::Done)
        } else {
            (DeskAction::Refused, DeskResult::Invalid)
        };
        self.record(operator, result.0, result.1, None, Some(detail))?;
        outcome
    }

    fn install_checked(&self, file: &Path, trust: Option<&str>) -> Result<Installed> {
        let bytes = std::fs::read(file).map_err(|_| {
            Error::invalid(
                Input::InputFile,
                Rule::Unknown,
                "the register file cannot be read",
            )
        })?;
        let rf: RegisterFile =
            serde_json::from_slice(&bytes).map_err(|_| refused(RegisterProblem::Malformed))?;
        let reg = register::open(&rf, &self.keys)?;
        let signer = rf.signer.fingerprint();
        let mut trusted: Trust =
            read_json(&self.paths.trust(), "the desk's trust file")?.unwrap_or_default();
        if trusted
            .vault_id
            .as_deref()
            .is_some_and(|v| v != reg.vault_id)
        {
            return Err(refused(RegisterProblem::Untrusted));
        }
        let known = trusted
            .signers
            .iter()
            .any(|s| crate::crypto::user_keys::fingerprint_matches(s, &signer));
        let vouched =
            trust.is_some_and(|t| crate::crypto::user_keys::fingerprint_matches(t, &signer));
        if !known && !vouched {
            return Err(refused(RegisterProblem::Untrusted));
        }
        if let Some(current) = self.installed_file()? {
            if current.vault_id == rf.vault_id && current.seq >= rf.seq {
                return Err(refused(RegisterProblem::Outdated));
            }
        }
        let left =
            days_left(&reg.valid_until, &self.now()).ok_or(refused(RegisterProblem::Malformed))?;
        if reg.valid_until <= self.now() {
            return Err(refused(RegisterProblem::Expired));
        }
        if !known {
            trusted.vault_id = Some(reg.vault_id.clone());
            trusted.signers.push(signer);
            write_json(&self.paths.trust(), &trusted)?;
        }
        write_atomic(&self.paths.register(), &bytes)?;
        Ok(Installed {
            vault_id: reg.vault_id,
            seq: reg.seq,
            issued_at: reg.issued_at,
            valid_until: reg.valid_until,
            expires_soon: left < WARN_DAYS,
        })
    }

    /// What is installed, if anything.
    pub fn status(&self) -> Result<Option<Installed>> {
        let Some(rf) = self.installed_file()? else {
            return Ok(None);
        };
        let reg = register::open(&rf, &self.keys)?;
        let left = days_left(&reg.valid_until, &self.now()).unwrap_or(-1);
        Ok(Some(Installed {
            vault_id: reg.vault_id,
            seq: reg.seq,
            issued_at: reg.issued_at,
            valid_until: reg.valid_until,
            expires_soon: left < WARN_DAYS,
        }))
    }

    /// The hash of a query under the desk's own log key: repeats show in the log, values never.
    fn query_hash(&self, key: &LookupKey) -> String {
        let mut c = Canonical::new("skyddsvalv/desk-log/query/v1");
        match key {
            LookupKey::Identity(n) => c.str("identity").str(n),
            LookupKey::NameYear(n, y) => c
                .str("name-year")
                .str(&crate::records::index::fold(
                    &crate::records::index::name_key(n),
                ))
                .u64(*y as u64),
        };
        // A key of the desk's own, separate from the register's: the reviewer sees repeats only.
        let log_key = crate::crypto::Key32::from_bytes(*self.keys.signing().as_bytes())
            .derive("skyddsvalv/desk-log/query-key");
        hex::encode(log_key.mac(c.finish()))
    }

    /// An exact lookup (identity number in any form, or "Name, YEAR"), logged.
    pub fn lookup(&self, operator: &str, text: &str) -> Result<DeskAnswer> {
        let operator = crate::records::text::check(Input::UserName, operator, None)?;
        if operator.is_empty() {
            return Err(Error::invalid(
                Input::UserName,
                Rule::Required,
                "say who is at the desk",
            ));
        }
        let rf = self
            .installed_file()?
            .ok_or(refused(RegisterProblem::Missing))?;
        let reg = register::open(&rf, &self.keys)?;
        if reg.valid_until <= self.now() {
            return Err(refused(RegisterProblem::Expired));
        }
        let hour_ago = crate::time::unix_to_rfc3339(
            crate::time::now_unix().saturating_sub(3600).max(0) as u64,
        );
        if self.log()?.lookups_since(&hour_ago) >= reg.per_hour as usize {
            self.record(
                &operator,
                DeskAction::Lookup,
                DeskResult::RateLimited,
                None,
                None,
            )?;
            return Err(Error::RateLimited {
                limit: reg.per_hour,
                per: "hour",
            });
        }
        let key = match crate::session::parse_lookup(text) {
            Ok(k) => k,
            Err(e) => {
                self.record(
                    &operator,
                    DeskAction::Lookup,
                    DeskResult::Invalid,
                    None,
                    None,
                )?;
                return Err(e);
            }
        };
        let slow = match &key {
            LookupKey::Identity(n) => reg.hash.identity(n)?,
            LookupKey::NameYear(n, y) => reg.hash.name_year(n, *y)?,
        };
        let answer = reg.answer(&slow)?;
        let result = if answer.is_some() {
            DeskResult::Hit
        } else {
            DeskResult::Miss
        };
        self.record(
            &operator,
            DeskAction::Lookup,
            result,
            Some(self.query_hash(&key)),
            None,
        )?;
        let expires_soon = days_left(&reg.valid_until, &self.now()).unwrap_or(-1) < WARN_DAYS;
        Ok(match answer {
            Some(a) => DeskAnswer {
                found: true,
                protection: Some(crate::records::mask::protection_label(Some(a.protection))),
                initials: Some(a.initials),
                referral: a.referral,
                valid_until: reg.valid_until,
                expires_soon,
            },
            None => DeskAnswer {
                found: false,
                protection: None,
                initials: None,
                referral: Vec::new(),
                valid_until: reg.valid_until,
                expires_soon,
            },
        })
    }
}
