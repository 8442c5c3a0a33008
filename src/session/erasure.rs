//! Erasure (art. 17) on request: the person's values leave the database file, the WAL and the free
//! pages, and the search and lookup indexes. Where a legal duty to keep applies (a retention date not
//! yet reached), the fields under that duty are kept and reported one by one, and the rest is erased.
//! The erasure ledger (person ref, date, request, approver — no personal data) lets a restored backup
//! re-apply erasures. The access log is untouched and still verifies: it never held a value.

use serde::{Deserialize, Serialize};

use super::persons::{person_access, unregister};
use super::Session;
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::records::Field;
use crate::rights::request::{self, format_date, parse_date};
use crate::rights::{ErasureReason, Refusal, RefusalGround, RequestKind, RequestStatus};
use crate::settings::{self, keys};
use crate::time::{now_rfc3339, today_utc};

/// Fields a legal duty to keep covers (the social-services file: who the person is and what was
/// decided and done). Everything else is erased even while the duty runs.
pub const KEPT_UNDER_DUTY: &[Field] = &[
    Field::Name,
    Field::IdentityNumber,
    Field::Health,
    Field::Interventions,
    Field::Notes,
    Field::ProtectionNote,
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldErasure {
    pub field: Field,
    pub erased: bool,
}

/// What an erasure did: the whole person, or the fields not under a duty to keep.
#[derive(Debug, Clone, Serialize)]
pub struct ErasureReport {
    pub person_ref: String,
    pub request_id: String,
    pub whole: bool,
    pub fields: Vec<FieldErasure>,
    /// The retention date that keeps the rest, when not whole.
    pub kept_until: Option<String>,
}

/// One line of the erasure ledger.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LedgerEntry {
    pub person_ref: String,
    pub date: String,
    pub request_id: String,
    pub approver: String,
    pub reason: ErasureReason,
    pub whole: bool,
    pub fields: Vec<Field>,
}

/// Clears one field of the record (contacts: the whole list).
pub(crate) fn clear_field(record: &mut crate::records::PersonRecord, f: Field) {
    match f {
        Field::Address => record.address = None,
        Field::Postcode => record.postcode = None,
        Field::Municipality => record.municipality = None,
        Field::Phone => record.phone = None,
        Field::Email => record.email = None,
        Field::Contacts => record.contacts.clear(),
        Field::Health => record.health = None,
        Field::Interventions => record.interventions = None,
        Field::Notes => record.notes = None,
        Field::ProtectionNote => record.protection.note = None,
        // Who the person is stays while the file is kept; a whole erasure removes the row.
        Field::Name | Field::IdentityNumber => {}
    }
}

impl Session {
    /// Erases the person for request `request_id` (an erasure or consent-withdrawal request with a
    /// verified identity). Flagged for review; the store is compacted afterwards so nothing of the
    /// values stays in free pages or the WAL.
    pub fn erase_person(
        &mut self,
        person_ref: &str,
        request_id: &str,
        why: ErasureReason,
    ) -> Result<ErasureReport> {
        let mut entry = self.person_entry(Operation::ErasePerson.action(), person_ref);
        entry.flagged = true;
        let report = self.perform(
            Operation::ErasePerson,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, mut p, entry| {
                let id = request_id.trim().to_uppercase();
                let req = p.data.rights.request(&id).ok_or(Error::RequestNotFound)?;
                if !matches!(
                    req.kind,
                    RequestKind::Erasure | RequestKind::ConsentWithdrawal
                ) {
                    return Err(Error::invalid(
                        Input::Request,
                        Rule::NotAllowed,
                        "an erasure answers an erasure or consent-withdrawal request",
                    ));
                }
                let (by, at) = (ctx.user.name.clone(), now_rfc3339());
                if let Some(r) = p.data.rights.request_mut(&id) {
                    request::start_work(r, &by, &at)?;
                }
                let duty = match p.record().retain_until.as_deref() {
                    Some(d) => {
                        Some(parse_date(Input::RetainUntil, d)?).filter(|d| *d > today_utc())
                    }
                    None => None,
                };
                let person = p.row.person_ref.clone();
                let (whole, fields) = match duty {
                    None => {
                        unregister(ctx.tx, ctx.vault_id, ctx.reception()?, &p)?;
                        if !ctx.tx.delete_person(p.row.id)? {
                            return Err(Error::PersonNotFound);
                        }
                        let all = Field::ALL
                            .iter()
                            .map(|&field| FieldErasure {
                                field,
                                erased: true,
                            })
                            .collect::<Vec<_>>();
                        (true, all)
                    }
                    Some(until) => {
                        let mut out = Vec::new();
                        for &f in Field::ALL {
                            let keep = KEPT_UNDER_DUTY.contains(&f);
                            if !keep {
                                clear_field(&mut p.data.record, f);
                                p.data.later.remove(f.as_str());
                                // Old values of an erased field go too.
                                p.data.rights.history.retain(|h| h.field != f);
                            }
                            out.push(FieldErasure {
                                field: f,
                                erased: !keep,
                            });
                        }
                        let text = format!("legal duty to keep until {}", format_date(until));
                        if let Some(r) = p.data.rights.request_mut(&id) {
                            request::close(
                                r,
                                RequestStatus::PartiallyRefused,
                                Some(Refusal {
                                    ground: RefusalGround::Art17_3B,
                                    text,
                                }),
                                &by,
                                &at,
                            )?;
                        }
                        super::rights::save_sealed(ctx, &mut p)?;
                        (false, out)
                    }
                };
                let erased: Vec<Field> = fields
                    .iter()
                    .filter(|f| f.erased)
                    .map(|f| f.field)
                    .collect();
                entry.fields = erased.iter().map(|f| f.as_str().to_string()).collect();
                entry.detail = Some(format!(
                    "{id} {} ({why})",
                    if whole {
                        "whole person erased"
                    } else {
                        "partly erased, legal duty to keep"
                    }
                ));
                let mut ledger: Vec<LedgerEntry> =
                    settings::get_json(ctx.tx, keys::ERASURE_LEDGER)?.unwrap_or_default();
                ledger.push(LedgerEntry {
                    person_ref: person.clone(),
                    date: format_date(today_utc()),
                    request_id: id.clone(),
                    approver: by,
                    reason: why,
                    whole,
                    fields: erased,
                });
                settings::set_json(ctx.tx, keys::ERASURE_LEDGER, &ledger)?;
                Ok(ErasureReport {
                    person_ref: person,
                    request_id: id,
                    whole,
                    fields,
                    kept_until: duty.map(format_date),
                })
            },
        )?;
        // Freed pages are overwritten (secure_delete); the rebuild and a truncating checkpoint take
        // the old page images out of the file's free space and the WAL.
        self.store.compact()?;
        self.mirror_ledger_or_warn();
        Ok(report)
    }

    /// The erasure ledger (refs, dates, requests, approvers): for restoring a backup.
    pub fn erasure_ledger(&mut self) -> Result<Vec<LedgerEntry>> {
        self.with_tx(|tx| Ok(settings::get_json(tx, keys::ERASURE_LEDGER)?.unwrap_or_default()))
    }
}
