//! The case handler's export of the reception register for a desk with no vault, and the log
//! reviewer's look at a desk's log bundle.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::persons::unseal;
use super::reception::referrals;
use super::Session;
use crate::audit::{Action, Outcome};
use crate::crypto::user_keys::fingerprint_matches;
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::input::{Input, Rule};
use crate::offline::log::{DeskAction, DeskLog, DeskResult};
use crate::offline::register::{self, Answer, ExportHash, Register};
use crate::policy::Operation;
use crate::records::{mask, register::LookupHash};
use crate::settings::{self, keys};
use crate::time::now_rfc3339;

/// The longest a register may be valid (days); the default is [`DEFAULT_VALID_DAYS`].
pub const MAX_VALID_DAYS: u32 = 31;
pub const DEFAULT_VALID_DAYS: u32 = 7;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportedRegister {
    pub path: String,
    pub seq: u64,
    pub persons: usize,
    pub valid_until: String,
    pub desk: String,
}

/// One flag raised on a desk's log.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskFlag {
    /// `VOLUME` (a minute with the burst of lookups the vault flags) or `REPEAT_SEARCH` (one query
    /// three times or more in a day).
    pub code: &'static str,
    pub operator: String,
    pub day: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskLogReview {
    pub desk: String,
    pub entries: usize,
    pub lookups: usize,
    pub hits: usize,
    pub misses: usize,
    pub refused: usize,
    pub flags: Vec<DeskFlag>,
}

impl Session {
    /// Exports the reception register for the desk whose key is `desk_key` (the text the desk
    /// shows), after the handler typed the `fingerprint` the desk's screen shows. Every protected
    /// person in the vault is in it, under a fresh salt and key.
    pub fn export_reception_register(
        &mut self,
        desk_key: &str,
        fingerprint: &str,
        valid_days: u32,
        out: &Path,
    ) -> Result<ExportedRegister> {
        let mut entry = self.entry(Action::ReceptionRegisterExported, Outcome::Allowed);
        entry.flagged = true;
        let desk = crate::offline::parse_desk_key(desk_key);
        let target = super::backup::checked_backup_path(out);
        self.perform(
            Operation::ExportReceptionRegister,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let desk = desk?;
                if !fingerprint_matches(fingerprint, &desk.fingerprint()) {
                    return Err(Error::FingerprintMismatch);
                }
                if !(1..=MAX_VALID_DAYS).contains(&valid_days) {
                    return Err(Error::invalid(
                        Input::ValidDays,
                        Rule::OutOfRange,
                        format!("a register is valid 1 to {MAX_VALID_DAYS} days"),
                    ));
                }
                let target = target?;
                let vault_hash: LookupHash = settings::get_json(ctx.tx, keys::LOOKUP_HASH)?
                    .ok_or_else(|| Error::damaged("the lookup hash settings are missing"))?;
                let s = settings::load(ctx.tx)?;
                let seq: u64 =
                    settings::get_json(ctx.tx, keys::RECEPTION_EXPORT_SEQ)?.unwrap_or(0) + 1;
                let now = time::OffsetDateTime::now_utc();
                let valid_until = (now + time::Duration::days(valid_days.into()))
                    .format(&time::format_description::well_known::Rfc3339)
                    .map_err(|e| Error::Storage(e.to_string()))?;
                let mut reg = Register {
                    vault_id: ctx.vault_id.to_string(),
                    seq,
                    issued_at: now_rfc3339(),
                    valid_until: valid_until.clone(),
                    hash: ExportHash::fresh(vault_hash.params),
                    per_hour: s.lookups_per_hour,
                    per_minute_flag: s.lookup_burst_per_minute,
                    rows: Vec::new(),
                };
                // The protected persons, each under its number and its name with birth year.
                let mut keys_of: Vec<Listed> = Vec::new();
                for id in ctx.tx.person_ids()? {
                    let Some(row) = ctx.tx.person_by_id(id)? else {
                        continue;
                    };
                    let p = unseal(ctx, row)?;
                    let r = p.record();
                    let (Some(kind), Some(number)) = (r.protection.kind, r.identity_number.clone())
                    else {
                        continue;
                    };
                    let year = IdentityNumber::parse(&number)
                        .ok()
                        .and_then(|n| n.birth_year());
                    keys_of.push((
                        number,
                        year.map(|y| (r.name.clone(), y)),
                        Answer {
                            protection: kind,
                            initials: mask::initials(&r.name),
                            referral: referrals(ctx.tx, p.row.id)?,
                        },
                    ));
                }
                let hash = reg.hash.clone();
                let hashes = super::parallel::map(&keys_of, |(number, name_year, _)| {
                    let mut out = vec![hash.identity(number)?];
                    if let Some((name, year)) = name_year {
                        out.push(hash.name_year(name, *year)?);
                    }
                    Ok(out)
                })?;
                for ((_, _, answer), slows) in keys_of.iter().zip(hashes) {
                    for slow in slows {
                        reg.add(&slow, answer)?;
                    }
                }
                // Sorted by tag: the file's order says nothing about the vault's.
                reg.rows.sort_by(|a, b| a.tag.cmp(&b.tag));
                let file = register::seal(&reg, &desk, &ctx.keys.user)?;
                let json =
                    serde_json::to_vec_pretty(&file).map_err(|e| Error::Storage(e.to_string()))?;
                super::extract::write_new(&target, &json)?;
                settings::set_json(ctx.tx, keys::RECEPTION_EXPORT_SEQ, &seq)?;
                entry.detail = Some(format!(
                    "register {seq}, {} persons, valid until {}",
                    keys_of.len(),
                    &valid_until[..10]
                ));
                Ok(ExportedRegister {
                    path: target.display().to_string(),
                    seq,
                    persons: keys_of.len(),
                    valid_until,
                    desk: desk.fingerprint(),
                })
            },
        )
    }

    /// The log reviewer verifies a desk's log bundle (its chain and signed head, under the desk key
    /// whose `fingerprint` they were given) and gets its counts and flags.
    pub fn review_desk_log(&mut self, bundle: &[u8], fingerprint: &str) -> Result<DeskLogReview> {
        let entry = self.entry(Action::DeskLogReviewed, Outcome::Allowed);
        let parsed: std::result::Result<DeskLog, _> = serde_json::from_slice(bundle);
        self.perform(
            Operation::ReviewDeskLog,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let log = parsed.map_err(|_| {
                    Error::invalid(
                        Input::InputFile,
                        Rule::Format,
                        "this is not a desk log bundle",
                    )
                })?;
                if !fingerprint_matches(fingerprint, &log.desk.fingerprint()) {
                    return Err(Error::FingerprintMismatch);
                }
                log.verify()?;
                let s = settings::load(ctx.tx)?;
                let review = review(&log, s.lookup_burst_per_minute as usize);
                entry.detail = Some(format!(
                    "desk {}: {} entries, {} flags",
                    review.desk,
                    review.entries,
                    review.flags.len()
                ));
                entry.flagged = !review.flags.is_empty();
                Ok(review)
            },
        )
    }
}

/// One protected person for the register: the canonical number, the name with birth year (when the
/// number gives one), and the answer.
type Listed = (String, Option<(String, i32)>, Answer);

/// Counts and flags of a verified desk log.
fn review(log: &DeskLog, burst: usize) -> DeskLogReview {
    let lookups: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.action == DeskAction::Lookup)
        .collect();
    let mut per_minute: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut repeats: HashMap<(String, String, String), usize> = HashMap::new();
    for e in &lookups {
        let minute = e.at.get(..16).unwrap_or(&e.at).to_string();
        *per_minute.entry((e.operator.clone(), minute)).or_default() += 1;
        if let Some(q) = &e.query {
            let day = e.at.get(..10).unwrap_or(&e.at).to_string();
            *repeats
                .entry((e.operator.clone(), day, q.clone()))
                .or_default() += 1;
        }
    }
    let mut flags: Vec<DeskFlag> = Vec::new();
    for ((operator, minute), count) in per_minute {
        if count >= burst.max(1) {
            flags.push(DeskFlag {
                code: "VOLUME",
                operator,
                day: minute[..10.min(minute.len())].to_string(),
                count,
            });
        }
    }
    let mut rep: Vec<_> = repeats.into_iter().filter(|(_, n)| *n >= 3).collect();
    rep.sort();
    for ((operator, day, _), count) in rep {
        flags.push(DeskFlag {
            code: "REPEAT_SEARCH",
            operator,
            day,
            count,
        });
    }
    let count = |r: DeskResult| lookups.iter().filter(|e| e.result == r).count();
    DeskLogReview {
        desk: log.desk.fingerprint(),
        entries: log.entries.len(),
        lookups: lookups.len(),
        hits: count(DeskResult::Hit),
        misses: count(DeskResult::Miss),
        refused: lookups.len() - count(DeskResult::Hit) - count(DeskResult::Miss),
        flags,
    }
}
