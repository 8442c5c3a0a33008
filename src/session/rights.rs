//! Data-subject requests and the registers around them, through the door: each call is one operation,
//! asked of the policy (the assigned handler only, also while processing is restricted), with one log
//! entry that names the person ref and the request id — never a reason, a recipient or a value, which
//! stay sealed in the person's record.

use serde::Serialize;

use super::marking::reason;
use super::persons::{person_access, seal_into_row, summary, unseal, Person};
use super::{Ctx, Session};
use crate::audit::{NewEntry, Outcome};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::records::{text, Field, LegalBasis, Purpose};
use crate::rights::request::{self, format_date, parse_date, WorkItem};
use crate::rights::*;
use crate::time::{now_rfc3339, today_utc};

/// The handler's worklist: every open request of the persons assigned to them.
#[derive(Debug, Clone, Serialize)]
pub struct Worklist {
    pub today: String,
    /// Due by Sunday this week, overdue ones included.
    pub due_this_week: usize,
    pub items: Vec<WorkItem>,
}

/// Everything about one person's rights, for the handler's request page and card.
#[derive(Debug, Clone, Serialize)]
pub struct RightsView {
    pub person_ref: String,
    /// The person has protected identity: a harm assessment comes before any extract.
    pub protected: bool,
    pub legal_basis: Option<LegalBasis>,
    /// An objection (art. 21) is offered where the basis is public task or legitimate interests.
    pub may_object: bool,
    pub requests: Vec<Request>,
    pub harm_assessments: Vec<HarmAssessment>,
    pub disclosures: Vec<Disclosure>,
    pub consents: Vec<Consent>,
    pub objections: Vec<Objection>,
    pub restrictions: Vec<RestrictionOrder>,
    /// How many old values rectifications keep (revealed on their own, with a purpose).
    pub history_count: usize,
    pub notifications: Vec<Notification>,
    /// Everyone the data was disclosed to (to be told of a rectification, erasure or restriction).
    pub recipients: Vec<String>,
}

pub(crate) fn rights_view(p: &Person) -> RightsView {
    let r = &p.data.rights;
    let basis = p.record().legal_basis;
    RightsView {
        person_ref: p.row.person_ref.clone(),
        protected: p.record().protection.kind.is_some(),
        legal_basis: basis,
        may_object: may_object(basis),
        requests: r.requests.clone(),
        harm_assessments: r.harm_assessments.clone(),
        disclosures: r.disclosures.clone(),
        consents: r.consents.clone(),
        objections: r.objections.clone(),
        restrictions: r.restrictions.clone(),
        history_count: r.history.len(),
        notifications: r.notifications.clone(),
        recipients: r.recipients(),
    }
}

fn may_object(basis: Option<LegalBasis>) -> bool {
    matches!(
        basis,
        Some(LegalBasis::PublicTask | LegalBasis::LegitimateInterests)
    )
}

/// A disclosure as the handler records it (the recipient and ground come on standard input).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureInput {
    pub recipient: String,
    pub date: String,
    pub legal_ground: String,
    pub categories: Vec<Field>,
}

/// A consent as the handler records it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    pub purpose: String,
    pub notice_version: String,
    pub given_at: String,
    pub method: ConsentMethod,
}

/// Re-seals the person after a change to what is sealed with it (the rights, the record).
pub(crate) fn save_sealed(ctx: &Ctx<'_>, p: &mut Person) -> Result<()> {
    let tokens = seal_into_row(ctx.vault_id, ctx.records()?, p)?;
    p.row.updated_at = now_rfc3339();
    ctx.tx.update_person(&p.row)?;
    ctx.tx.set_name_tokens(p.row.id, &tokens)
}

fn stamp(ctx: &Ctx<'_>) -> (String, String) {
    (ctx.user.name.clone(), now_rfc3339())
}

/// A short free text of the handler's (a ground, a recipient, a notice version): checked like every
/// free text, and never one of the person's own values.
fn short_text(input: Input, raw: &str, p: &Person) -> Result<String> {
    let t = text::check(input, raw, Some(p.record()))?;
    if t.is_empty() {
        return Err(Error::invalid(
            input,
            Rule::Required,
            "this cannot be empty",
        ));
    }
    Ok(t)
}

/// A purpose code of the vault's list.
fn purpose_code(list: &[crate::records::purpose::PurposeEntry], raw: &str) -> Result<String> {
    Purpose::parse_in(raw, Field::Name, list).map(|p| p.code.to_string())
}

fn request_mut<'a>(p: &'a mut Person, id: &str) -> Result<&'a mut Request> {
    let id = id.trim().to_uppercase();
    p.data.rights.request_mut(&id).ok_or(Error::RequestNotFound)
}

impl Session {
    /// One rights operation on one person: the policy, `change` on the unsealed person, the person
    /// sealed again when `writes`, and one entry (flagged when `flagged`).
    fn on_person<T>(
        &mut self,
        op: Operation,
        person_ref: &str,
        flagged: bool,
        writes: bool,
        change: impl FnOnce(&Ctx<'_>, &mut Person, &mut NewEntry) -> Result<T>,
    ) -> Result<T> {
        let mut entry = self.person_entry(op.action(), person_ref);
        entry.flagged = flagged;
        self.perform(
            op,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, mut p, entry| {
                let out = change(ctx, &mut p, entry)?;
                if writes {
                    save_sealed(ctx, &mut p)?;
                }
                Ok(out)
            },
        )
    }

    /// A request operation named by the request id (which carries the person ref).
    fn on_request<T>(
        &mut self,
        op: Operation,
        id: &str,
        change: impl FnOnce(&Ctx<'_>, &mut Person, &mut NewEntry) -> Result<T>,
    ) -> Result<T> {
        // Parsed once: the ref names the person in the entry, the id goes to its detail.
        let person = request::person_of(id);
        let mut entry = self.person_entry(op.action(), person.as_deref().unwrap_or_default());
        entry.detail = Some(match &person {
            Ok(_) => id.trim().to_uppercase(),
            Err(_) => "(not a request id)".into(),
        });
        self.perform(
            op,
            entry,
            |ctx| person_access(ctx, &person?),
            |ctx, mut p, entry| {
                let out = change(ctx, &mut p, entry)?;
                save_sealed(ctx, &mut p)?;
                Ok(out)
            },
        )
    }

    /// Registers a request received on `received` (YYYY-MM-DD); its deadline follows from the date.
    pub fn open_request(
        &mut self,
        person_ref: &str,
        kind: RequestKind,
        received: &str,
        channel: Channel,
    ) -> Result<Request> {
        let received = parse_date(Input::ReceivedOn, received);
        self.on_person(
            Operation::OpenRequest,
            person_ref,
            false,
            true,
            |ctx, p, entry| {
                let (by, at) = stamp(ctx);
                let id = request::request_id(&p.row.person_ref, p.data.rights.requests.len() + 1);
                let r = request::open(id, kind, received?, today_utc(), channel, (&by, &at))?;
                entry.detail = Some(format!("{} {} due {}", r.id, kind, r.due));
                p.data.rights.requests.push(r.clone());
                Ok(r)
            },
        )
    }

    /// Records the identity check (in person, by the assigned handler).
    pub fn verify_request(&mut self, id: &str, how: IdentityMethod) -> Result<Request> {
        self.on_request(Operation::VerifyRequest, id, |ctx, p, _| {
            let (by, at) = stamp(ctx);
            let r = request_mut(p, id)?;
            request::step(r, RequestStatus::IdentityVerified, &by, &at)?;
            r.identity_check = Some(IdentityCheck { by, at, how });
            Ok(r.clone())
        })
    }

    /// Extends the deadline once by two months; `told_on` is the day the person was told.
    pub fn extend_request(&mut self, id: &str, why: &str, told_on: &str) -> Result<Request> {
        let told = parse_date(Input::ToldOn, told_on);
        self.on_request(Operation::ExtendRequest, id, |ctx, p, entry| {
            let why = reason(p, why)?;
            let (by, at) = stamp(ctx);
            let r = request_mut(p, id)?;
            request::extend(r, why, told?, today_utc(), (&by, &at))?;
            entry.detail = Some(format!("{} due {}", r.id, r.due));
            Ok(r.clone())
        })
    }

    /// Closes a request: completed, withdrawn, or (partially) refused with a ground and a text.
    pub fn close_request(
        &mut self,
        id: &str,
        outcome: RequestStatus,
        refusal: Option<(RefusalGround, &str)>,
    ) -> Result<Request> {
        self.on_request(Operation::CloseRequest, id, |ctx, p, entry| {
            let refusal = match refusal {
                Some((ground, t)) => Some(Refusal {
                    ground,
                    text: reason(p, t)?,
                }),
                None => None,
            };
            let (by, at) = stamp(ctx);
            let r = request_mut(p, id)?;
            let ground = refusal.as_ref().map(|f| f.ground);
            request::close(r, outcome, refusal, &by, &at)?;
            entry.detail = Some(match ground {
                Some(g) => format!("{} {outcome} {g}", r.id),
                None => format!("{} {outcome}", r.id),
            });
            Ok(r.clone())
        })
    }

    /// The open requests of every person assigned to this handler: overdue first, then by due date.
    pub fn requests(&mut self) -> Result<Worklist> {
        let entry = self.entry(crate::audit::Action::RequestsListed, Outcome::Allowed);
        self.perform(
            Operation::ListRequests,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let today = today_utc();
                let mut items = Vec::new();
                for id in ctx.tx.assigned_person_ids(ctx.user.id)? {
                    let row = ctx
                        .tx
                        .person_by_id(id)?
                        .ok_or_else(|| Error::damaged("an assignment names no person"))?;
                    let p = unseal(ctx, row)?;
                    let initials = summary(&p).initials;
                    for r in p.data.rights.requests.iter().filter(|r| r.status.is_open()) {
                        items.push(WorkItem::of(r, &p.row.person_ref, &initials, today)?);
                    }
                }
                request::order(&mut items);
                entry.detail = Some(format!("open requests {}", items.len()));
                Ok(Worklist {
                    today: format_date(today),
                    due_this_week: request::due_this_week(&items, today),
                    items,
                })
            },
        )
    }

    /// The person's requests and registers (the request page). Logged as a listing of the person.
    pub fn person_rights(&mut self, person_ref: &str) -> Result<RightsView> {
        self.on_person(
            Operation::ListRequests,
            person_ref,
            false,
            false,
            |_, p, _| Ok(rights_view(p)),
        )
    }

    /// Records a harm assessment (menprövning) before a disclosure or an extract; flagged.
    pub fn assess_harm(
        &mut self,
        person_ref: &str,
        request_id: Option<&str>,
        outcome: HarmOutcome,
        why: &str,
    ) -> Result<u32> {
        self.on_person(
            Operation::AssessHarm,
            person_ref,
            true,
            true,
            |ctx, p, entry| {
                let why = reason(p, why)?;
                let request_id = match request_id {
                    Some(id) => {
                        let id = id.trim().to_uppercase();
                        p.data.rights.request(&id).ok_or(Error::RequestNotFound)?;
                        Some(id)
                    }
                    None => None,
                };
                let (by, at) = stamp(ctx);
                let n = p.data.rights.harm_assessments.len() as u32 + 1;
                entry.detail = Some(match &request_id {
                    Some(id) => format!("assessment {n} for {id}: {outcome}"),
                    None => format!("assessment {n} for a disclosure: {outcome}"),
                });
                p.data.rights.harm_assessments.push(HarmAssessment {
                    id: n,
                    by,
                    at,
                    outcome,
                    reason: why,
                    request_id,
                });
                Ok(n)
            },
        )
    }

    /// Records a disclosure (utlämnande). For a person with protected identity the newest harm
    /// assessment for a disclosure must clear it.
    pub fn record_disclosure(
        &mut self,
        person_ref: &str,
        d: DisclosureInput,
    ) -> Result<RightsView> {
        self.on_person(
            Operation::RecordDisclosure,
            person_ref,
            true,
            true,
            |ctx, p, entry| {
                if p.record().protection.kind.is_some() {
                    let cleared = p
                        .data
                        .rights
                        .harm_assessments
                        .iter()
                        .rev()
                        .find(|h| h.request_id.is_none())
                        .is_some_and(|h| h.outcome != HarmOutcome::Harm);
                    if !cleared {
                        return Err(Error::HarmAssessmentRequired);
                    }
                }
                let recipient = short_text(Input::Recipient, &d.recipient, p)?;
                let legal_ground = short_text(Input::Reason, &d.legal_ground, p)?;
                let date = format_date(parse_date(Input::Request, &d.date)?);
                if d.categories.is_empty() {
                    return Err(Error::invalid(
                        Input::Field,
                        Rule::Required,
                        "name the categories disclosed",
                    ));
                }
                let (by, at) = stamp(ctx);
                let id = p.data.rights.disclosures.len() as u32 + 1;
                entry.fields = d
                    .categories
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect();
                entry.detail = Some(format!("disclosure {id}"));
                p.data.rights.disclosures.push(Disclosure {
                    id,
                    recipient,
                    date,
                    legal_ground,
                    categories: d.categories,
                    decided_by: by,
                    recorded_at: at,
                });
                Ok(rights_view(p))
            },
        )
    }

    /// Records a consent to one of the vault's purposes.
    pub fn record_consent(&mut self, person_ref: &str, c: ConsentInput) -> Result<RightsView> {
        let list = self.purposes()?;
        self.on_person(
            Operation::RecordConsent,
            person_ref,
            false,
            true,
            |ctx, p, entry| {
                let purpose = purpose_code(&list, &c.purpose)?;
                let notice_version = short_text(Input::Consent, &c.notice_version, p)?;
                let given_at = format_date(parse_date(Input::Consent, &c.given_at)?);
                entry.purpose = Some(purpose.clone());
                p.data.rights.consents.push(Consent {
                    purpose,
                    notice_version,
                    given_at,
                    method: c.method,
                    recorded_by: ctx.user.name.clone(),
                    withdrawn: None,
                });
                Ok(rights_view(p))
            },
        )
    }

    /// Withdraws the person's consent to `purpose`: processing for it that relies on the consent
    /// is refused from this moment (see [`PersonRights::blocks`]).
    pub fn withdraw_consent(
        &mut self,
        person_ref: &str,
        purpose: &str,
        how: ConsentMethod,
    ) -> Result<RightsView> {
        let list = self.purposes()?;
        self.on_person(
            Operation::WithdrawConsent,
            person_ref,
            true,
            true,
            |ctx, p, entry| {
                let purpose = purpose_code(&list, purpose)?;
                entry.purpose = Some(purpose.clone());
                let (by, at) = stamp(ctx);
                let mut any = false;
                for c in p
                    .data
                    .rights
                    .consents
                    .iter_mut()
                    .filter(|c| c.purpose == purpose && c.withdrawn.is_none())
                {
                    c.withdrawn = Some(ConsentWithdrawal {
                        at: at.clone(),
                        how,
                        recorded_by: by.clone(),
                    });
                    any = true;
                }
                if !any {
                    return Err(Error::invalid(
                        Input::Consent,
                        Rule::Unknown,
                        "there is no consent in force for that purpose",
                    ));
                }
                Ok(rights_view(p))
            },
        )
    }

    /// Records an objection (art. 21) to processing for `purpose`; it stops that processing until
    /// compelling legitimate grounds are recorded. Only where the basis is public task or
    /// legitimate interests.
    pub fn record_objection(
        &mut self,
        person_ref: &str,
        purpose: &str,
        why: &str,
    ) -> Result<RightsView> {
        let list = self.purposes()?;
        self.on_person(
            Operation::RecordObjection,
            person_ref,
            true,
            true,
            |ctx, p, entry| {
                if !may_object(p.record().legal_basis) {
                    return Err(Error::invalid(
                        Input::Objection,
                        Rule::NotAllowed,
                        "an objection applies where the basis is public task or legitimate \
                         interests",
                    ));
                }
                let purpose = purpose_code(&list, purpose)?;
                let why = reason(p, why)?;
                entry.purpose = Some(purpose.clone());
                let (by, at) = stamp(ctx);
                p.data.rights.objections.push(Objection {
                    purpose,
                    at,
                    recorded_by: by,
                    reason: why,
                    overridden: None,
                });
                Ok(rights_view(p))
            },
        )
    }

    /// Records compelling legitimate grounds that override an objection; flagged.
    pub fn override_objection(
        &mut self,
        person_ref: &str,
        purpose: &str,
        grounds: &str,
    ) -> Result<RightsView> {
        let list = self.purposes()?;
        self.on_person(
            Operation::OverrideObjection,
            person_ref,
            true,
            true,
            |ctx, p, entry| {
                let purpose = purpose_code(&list, purpose)?;
                let grounds = reason(p, grounds)?;
                entry.purpose = Some(purpose.clone());
                let (by, at) = stamp(ctx);
                let o = p
                    .data
                    .rights
                    .objections
                    .iter_mut()
                    .rev()
                    .find(|o| o.purpose == purpose && o.overridden.is_none())
                    .ok_or_else(|| {
                        Error::invalid(
                            Input::Objection,
                            Rule::Unknown,
                            "there is no objection in force for that purpose",
                        )
                    })?;
                o.overridden = Some(Override { at, by, grounds });
                Ok(rights_view(p))
            },
        )
    }

    /// Records that recipients in the disclosure register were told (art. 19).
    pub fn notify_recipients(
        &mut self,
        person_ref: &str,
        about: RequestKind,
        recipients: &[String],
    ) -> Result<RightsView> {
        self.on_person(
            Operation::NotifyRecipients,
            person_ref,
            false,
            true,
            |ctx, p, entry| {
                let known = p.data.rights.recipients();
                if recipients.is_empty() || recipients.iter().any(|r| !known.contains(r)) {
                    return Err(Error::invalid(
                        Input::Recipient,
                        Rule::Unknown,
                        "name recipients from the disclosure register",
                    ));
                }
                let (by, at) = stamp(ctx);
                entry.detail = Some(format!("{} recipient(s) told of {about}", recipients.len()));
                p.data.rights.notifications.push(Notification {
                    at,
                    by,
                    recipients: recipients.to_vec(),
                    about,
                });
                Ok(rights_view(p))
            },
        )
    }

    /// The old values rectifications replaced, for a stated purpose (a reveal of each field).
    pub fn rectification_history(
        &mut self,
        person_ref: &str,
        purpose: &str,
    ) -> Result<Vec<Rectified>> {
        let list = self.purposes()?;
        self.on_person(
            Operation::RevealHistory,
            person_ref,
            false,
            false,
            |_, p, entry| {
                let history = p.data.rights.history.clone();
                let mut fields: Vec<String> = Vec::new();
                for h in &history {
                    Purpose::parse_in(purpose, h.field, &list)?;
                    if !fields.iter().any(|f| f == h.field.as_str()) {
                        fields.push(h.field.as_str().to_string());
                    }
                }
                entry.flagged = history.iter().any(|h| h.field.is_art9());
                entry.fields = fields;
                entry.purpose = Some(purpose_code(&list, purpose)?);
                Ok(history)
            },
        )
    }
}
