//! The gallring sweep through the door. A case handler lists the files that are due (and those kept,
//! with the reason) and proposes the destruction list; another case handler approves it; then each
//! file is erased in a transaction of its own, with its own log entry, so an interrupted run resumes
//! where it stopped. Nothing is deleted unattended: no step runs without a person asking for it.

use std::path::Path;

use serde::Serialize;

use super::persons::{unregister, unseal, Person};
use super::{Ctx, Progress, Session, WrittenFile};
use crate::audit::note::{self, NoteKey};
use crate::audit::{Action, Outcome};
use crate::duties::incident_form::IncidentFormat;
use crate::duties::retention::RetentionRule;
use crate::duties::sweep::{
    self, Assessment, Certificate, CertificateProblem, Destruction, DestructionStatus, Hold,
    HoldCount, KeptFile, ListedFile, PersonFacts, Standing,
};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::rights::extract::{Item, Section};
use crate::rights::request::{format_date, parse_date};
use crate::rights::{ErasureReason, Lang};
use crate::settings::{self, keys};
use crate::time::{now_rfc3339, today_utc};

/// A file the sweep lists: due, or kept with the reasons.
#[derive(Debug, Clone, Serialize)]
pub struct SweepItem {
    pub person_ref: String,
    pub assessment: Assessment,
}

/// The sweep's answer: who is due today, and who is kept although their period has run out.
#[derive(Debug, Clone, Serialize)]
pub struct SweepList {
    pub today: String,
    pub due: Vec<SweepItem>,
    pub withheld: Vec<SweepItem>,
    /// Files whose period still runs, or whose anchor has not happened.
    pub running: u64,
}

/// A destruction list as everyone may see it: counts and the two decision makers, no refs.
#[derive(Debug, Clone, Serialize)]
pub struct DestructionSummary {
    pub id: String,
    pub status: DestructionStatus,
    pub proposed_by: String,
    pub proposed_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub completed_at: Option<String>,
    pub files: u64,
    pub erased: u64,
    pub kept: u64,
    /// What the sweep withheld when the list was proposed, by reason (counts, no refs).
    pub withheld: Vec<HoldCount>,
}

impl From<&Destruction> for DestructionSummary {
    fn from(d: &Destruction) -> Self {
        DestructionSummary {
            id: d.id.clone(),
            status: d.status,
            proposed_by: d.proposed_by.clone(),
            proposed_at: d.proposed_at.clone(),
            approved_by: d.approved_by.clone(),
            approved_at: d.approved_at.clone(),
            completed_at: d.completed_at.clone(),
            files: d.files.len() as u64,
            erased: d.erased.len() as u64,
            kept: d.kept.len() as u64,
            withheld: d.withheld.clone(),
        }
    }
}

fn load(ctx: &Ctx<'_>) -> Result<Vec<Destruction>> {
    Ok(settings::get_json(ctx.tx, keys::DESTRUCTIONS)?.unwrap_or_default())
}

fn store(ctx: &Ctx<'_>, all: &[Destruction]) -> Result<()> {
    settings::set_json(ctx.tx, keys::DESTRUCTIONS, &all)
}

fn not_found() -> Error {
    Error::invalid(
        Input::Destruction,
        Rule::Unknown,
        "no destruction list has this id; `retention destructions` lists them",
    )
}

/// The date part of an RFC 3339 time.
fn day_of(at: &str) -> Option<time::Date> {
    parse_date(Input::Destruction, at.get(..10)?).ok()
}

/// Where one file stands today under the vault's rules.
pub(crate) fn assess(rules: &[RetentionRule], p: &Person) -> Assessment {
    let facts = PersonFacts {
        record: p.record(),
        last_note: p.data.journal.iter().filter_map(|e| day_of(&e.at)).max(),
        registered: day_of(&p.row.created_at).unwrap_or_else(today_utc),
        open_request: p.data.rights.requests.iter().any(|r| r.status.is_open()),
    };
    sweep::assess(rules, &facts, today_utc())
}

fn sweep_in(ctx: &Ctx<'_>) -> Result<SweepList> {
    let rules = super::retention::load(ctx)?;
    let mut list = SweepList {
        today: format_date(today_utc()),
        due: Vec::new(),
        withheld: Vec::new(),
        running: 0,
    };
    for id in ctx.tx.person_ids()? {
        let Some(row) = ctx.tx.person_by_id(id)? else {
            continue;
        };
        let p = unseal(ctx, row)?;
        let assessment = assess(&rules, &p);
        let item = SweepItem {
            person_ref: p.row.person_ref.clone(),
            assessment,
        };
        match item.assessment.standing {
            Standing::Due => list.due.push(item),
            Standing::Withheld => list.withheld.push(item),
            Standing::Running | Standing::NoAnchor => list.running += 1,
        }
    }
    list.due.sort_by(|a, b| a.person_ref.cmp(&b.person_ref));
    list.withheld
        .sort_by(|a, b| a.person_ref.cmp(&b.person_ref));
    Ok(list)
}

impl Session {
    /// The sweep's list for today. The entry counts; it names no one.
    pub fn retention_due(&mut self) -> Result<SweepList> {
        let entry = self.entry(Action::RetentionSweepListed, Outcome::Allowed);
        self.perform(
            Operation::ListRetentionDue,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let list = sweep_in(ctx)?;
                entry.detail = Some(format!(
                    "{} due, {} withheld",
                    list.due.len(),
                    list.withheld.len()
                ));
                Ok(list)
            },
        )
    }

    /// Proposes today's due files as a destruction list, for another case handler to approve.
    pub fn propose_destruction(&mut self) -> Result<Destruction> {
        let entry = self.entry(Action::DestructionProposed, Outcome::Allowed);
        self.perform(
            Operation::ProposeDestruction,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mut all = load(ctx)?;
                // A file already on an unfinished list is not proposed twice.
                let listed: Vec<&str> = all
                    .iter()
                    .filter(|d| d.status != DestructionStatus::Done)
                    .flat_map(|d| d.remaining().map(|f| f.person_ref.as_str()))
                    .collect();
                let mut list = sweep_in(ctx)?;
                list.due
                    .retain(|i| !listed.contains(&i.person_ref.as_str()));
                if list.due.is_empty() {
                    return Err(Error::invalid(
                        Input::Destruction,
                        Rule::Required,
                        "no file is due that is not already on a destruction list",
                    ));
                }
                let d = Destruction {
                    id: sweep::next_id(&all, today_utc().year()),
                    status: DestructionStatus::Proposed,
                    proposed_by: ctx.user.name.clone(),
                    proposed_at: now_rfc3339(),
                    approved_by: None,
                    approved_at: None,
                    completed_at: None,
                    files: list
                        .due
                        .iter()
                        .map(|i| ListedFile {
                            person_ref: i.person_ref.clone(),
                            rule: i.assessment.rule.clone().unwrap_or_default(),
                            due: i.assessment.due.clone().unwrap_or_default(),
                        })
                        .collect(),
                    erased: Vec::new(),
                    kept: Vec::new(),
                    withheld: sweep::count_holds(
                        list.withheld.iter().map(|i| i.assessment.holds.as_slice()),
                    ),
                };
                entry.purpose = Some(d.id.clone());
                entry.detail = Some(format!("{} files proposed", d.files.len()));
                all.push(d.clone());
                store(ctx, &all)?;
                Ok(d)
            },
        )
    }

    /// Approves destruction list `id` (by a case handler other than the proposer) and erases its
    /// files one by one, reporting progress; `go_on` returning false stops after the file in hand,
    /// as an interruption would. Called again on an approved list, it resumes.
    pub fn approve_destruction(
        &mut self,
        id: &str,
        mut go_on: impl FnMut(Progress) -> bool,
    ) -> Result<DestructionSummary> {
        let id = id.trim().to_ascii_uppercase();
        let mut entry = self.entry(Action::DestructionApproved, Outcome::Allowed);
        entry.purpose = Some(super::log_safe_id(40, &id));
        let d = self.perform(
            Operation::ApproveDestruction,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mut all = load(ctx)?;
                let d = all.iter_mut().find(|d| d.id == id).ok_or_else(not_found)?;
                match d.status {
                    DestructionStatus::Proposed => {
                        if d.proposed_by == ctx.user.name {
                            return Err(Error::Denied {
                                reason: "a destruction list is approved by another case handler than the one who proposed it",
                            });
                        }
                        d.status = DestructionStatus::Approved;
                        d.approved_by = Some(ctx.user.name.clone());
                        d.approved_at = Some(now_rfc3339());
                        entry.detail = Some(format!("{} files approved", d.files.len()));
                    }
                    DestructionStatus::Approved => entry.detail = Some("resumed".into()),
                    DestructionStatus::Done => {
                        return Err(Error::invalid(
                            Input::Destruction,
                            Rule::NotAllowed,
                            "this destruction list is already done",
                        ))
                    }
                }
                let d = d.clone();
                store(ctx, &all)?;
                Ok(d)
            },
        )?;
        let total = d.files.len() as u64;
        let before = total - d.remaining().count() as u64;
        let todo: Vec<ListedFile> = d.remaining().cloned().collect();
        // Nothing left to erase means an earlier run erased the last file and may have stopped
        // before its compaction: compact again before the list is called done.
        let mut erased_any = todo.is_empty();
        for (done, file) in (before + 1..).zip(todo) {
            erased_any |= self.erase_listed(&id, &file)?;
            if !go_on(Progress { done, total }) {
                break;
            }
        }
        if erased_any {
            // As for an erasure on request: no old page image stays in free space or the WAL.
            self.store.compact()?;
            self.mirror_ledger_or_warn();
        }
        let summary = self.with_tx(|tx| {
            let mut all: Vec<Destruction> =
                settings::get_json(tx, keys::DESTRUCTIONS)?.unwrap_or_default();
            let d = all.iter_mut().find(|d| d.id == id).ok_or_else(not_found)?;
            if d.remaining().next().is_none() && d.status == DestructionStatus::Approved {
                d.status = DestructionStatus::Done;
                d.completed_at = Some(now_rfc3339());
            }
            let s = DestructionSummary::from(&*d);
            settings::set_json(tx, keys::DESTRUCTIONS, &all)?;
            Ok(s)
        })?;
        Ok(summary)
    }

    /// Erases one listed file in its own transaction and log entry; a file something now keeps (a
    /// request opened since the proposal, say) is kept and the reason noted. True when erased.
    fn erase_listed(&mut self, id: &str, file: &ListedFile) -> Result<bool> {
        let mut entry = self.entry(Action::PersonErasedByRule, Outcome::Allowed);
        entry.person_ref = Some(file.person_ref.clone());
        entry.purpose = Some(format!("{} {}", super::log_safe_id(40, id), file.rule));
        entry.flagged = true;
        self.perform(
            Operation::ApproveDestruction,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                entry.action = Action::PersonErasedByRule;
                let mut all = load(ctx)?;
                let rules = super::retention::load(ctx)?;
                let d = all.iter_mut().find(|d| d.id == id).ok_or_else(not_found)?;
                let row = ctx.tx.person_by_ref(&file.person_ref)?;
                let Some(row) = row else {
                    // Already gone (erased on request meanwhile): nothing of it is left to erase.
                    d.erased.push(file.person_ref.clone());
                    entry.detail = Some("already erased".into());
                    store(ctx, &all)?;
                    return Ok(false);
                };
                let p = unseal(ctx, row)?;
                let now = assess(&rules, &p);
                if now.standing != Standing::Due {
                    let holds = if now.holds.is_empty() {
                        vec![Hold::KeepUntil]
                    } else {
                        now.holds.clone()
                    };
                    entry.detail = Some(format!(
                        "kept: {}",
                        holds
                            .iter()
                            .map(|h| h.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    d.kept.push(KeptFile {
                        person_ref: file.person_ref.clone(),
                        holds,
                    });
                    store(ctx, &all)?;
                    return Ok(false);
                }
                unregister(ctx.tx, ctx.vault_id, ctx.reception()?, &p)?;
                if !ctx.tx.delete_person(p.row.id)? {
                    return Err(Error::PersonNotFound);
                }
                let approver = d.approved_by.clone().unwrap_or_default();
                d.erased.push(file.person_ref.clone());
                store(ctx, &all)?;
                let mut ledger: Vec<super::LedgerEntry> =
                    settings::get_json(ctx.tx, keys::ERASURE_LEDGER)?.unwrap_or_default();
                ledger.push(super::LedgerEntry {
                    person_ref: file.person_ref.clone(),
                    date: format_date(today_utc()),
                    request_id: id.to_string(),
                    approver,
                    reason: ErasureReason::PurposeEnded,
                    whole: true,
                    fields: crate::records::Field::ALL.to_vec(),
                });
                settings::set_json(ctx.tx, keys::ERASURE_LEDGER, &ledger)?;
                entry.detail = Some("whole person erased under the rule".into());
                Ok(true)
            },
        )
    }

    /// Every destruction list, newest first, without refs.
    pub fn destructions(&mut self) -> Result<Vec<DestructionSummary>> {
        let entry = self.entry(Action::DestructionsListed, Outcome::Allowed);
        self.perform(
            Operation::ListDestructions,
            entry,
            super::admin::na,
            |ctx, (), _| {
                Ok(load(ctx)?
                    .iter()
                    .rev()
                    .map(DestructionSummary::from)
                    .collect())
            },
        )
    }

    /// Writes the destruction certificate of a finished list as a signed JSON document or a PDF.
    pub fn write_destruction_certificate(
        &mut self,
        id: &str,
        format: IncidentFormat,
        lang: Lang,
        out: &Path,
    ) -> Result<WrittenFile> {
        let id = id.trim().to_ascii_uppercase();
        let mut entry = self.entry(Action::DestructionCertificateWritten, Outcome::Allowed);
        entry.purpose = Some(format!("{} {format}", super::log_safe_id(40, &id)));
        let name = format!("skyddsvalv/{}/{}", self.vault_id, self.user.slot_locator);
        let signer = NoteKey::new(&name, self.keys.user.public().signing)
            .ok_or_else(|| Error::Storage("the signer name is not a key name".into()))?;
        let key = self.keys.user.signing().clone();
        let target = super::extract::checked_output(out);
        self.write_after_entry(
            Operation::WriteDestructionCertificate,
            entry,
            target,
            |ctx, _| {
                let all = load(ctx)?;
                let d = all.iter().find(|d| d.id == id).ok_or_else(not_found)?;
                let rules = super::retention::load(ctx)?;
                let cert = sweep::certificate(
                    d,
                    &rules,
                    ctx.vault_id,
                    &ctx.user.name,
                    &signer.verifier_key(),
                )
                .ok_or_else(|| {
                    Error::invalid(
                        Input::Destruction,
                        Rule::NotAllowed,
                        "a certificate is written when the destruction is done",
                    )
                })?;
                let body = serde_json::to_string_pretty(&cert)
                    .map_err(|e| Error::Storage(e.to_string()))?;
                let signed = note::sign(&format!("{body}\n"), &signer.name, &key);
                Ok(match format {
                    IncidentFormat::Json => signed.into_bytes(),
                    IncidentFormat::Pdf => certificate_pdf(&cert, &signed, lang),
                })
            },
        )
    }
}

/// What checking a destruction certificate against this vault found.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateCheck {
    /// True only when every check held; otherwise `problem` says which did not.
    pub holds: bool,
    pub problem: Option<CertificateProblem>,
    /// The certificate as read (absent when it could not be read at all).
    pub certificate: Option<Certificate>,
    /// The account of this vault whose key signed it.
    pub signer: Option<String>,
}

impl Session {
    /// Checks a destruction certificate (the signed JSON one) against this vault: the signature under
    /// the key it names; that key being the signing key of the account it names here (a name proves
    /// nothing — anyone can make a key and call it anything); and the certificate saying what the
    /// vault's own finished list says. A certificate that fails is an answer, not an error.
    pub fn check_destruction_certificate(&mut self, file: &Path) -> Result<CertificateCheck> {
        let entry = self.entry(Action::DestructionCertificateChecked, Outcome::Allowed);
        self.perform(
            Operation::CheckDestructionCertificate,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                // Read after the policy's decision, so a refused role learns nothing of the file.
                let check = check_in(ctx, &read_certificate(file)?)?;
                let id = check
                    .certificate
                    .as_ref()
                    .map_or("-", |c| c.destruction.as_str());
                let verdict = check.problem.map_or("holds", CertificateProblem::as_str);
                entry.purpose = Some(format!("{} {verdict}", super::log_safe_id(40, id)));
                Ok(check)
            },
        )
    }
}

fn read_certificate(file: &Path) -> Result<String> {
    use std::io::Read;
    let bad = |rule, why: &str| Error::invalid(Input::InputFile, rule, why.to_string());
    let f = std::fs::File::open(file).map_err(|_| bad(Rule::Unknown, "the file cannot be read"))?;
    let mut bytes = Vec::new();
    f.take(crate::limits::CERTIFICATE_MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| bad(Rule::Unknown, "the file cannot be read"))?;
    if bytes.len() as u64 > crate::limits::CERTIFICATE_MAX_BYTES {
        return Err(bad(
            Rule::TooLong,
            "a certificate is a few kilobytes; this file is far larger",
        ));
    }
    // Not UTF-8 (a PDF, say) is answered as unreadable by the check, not refused here.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn check_in(ctx: &Ctx<'_>, signed: &str) -> Result<CertificateCheck> {
    let verdict = |problem: Option<CertificateProblem>, certificate, signer| CertificateCheck {
        holds: problem.is_none(),
        problem,
        certificate,
        signer,
    };
    use CertificateProblem as P;
    let Some((cert, key)) = parse_certificate(signed) else {
        return Ok(verdict(Some(P::Unreadable), None, None));
    };
    if note::open(signed, std::slice::from_ref(&key)).is_err() {
        return Ok(verdict(Some(P::BadSignature), Some(cert), None));
    }
    let ours = format!("skyddsvalv/{}/", ctx.vault_id);
    let locator = match key.name.strip_prefix(&ours) {
        Some(l) if cert.vault_id == ctx.vault_id => l,
        _ => return Ok(verdict(Some(P::OtherVault), Some(cert), None)),
    };
    let signer = ctx.tx.user_by_locator(locator)?.filter(|u| {
        u.name == cert.signed_by && u.public.as_ref().map(|p| p.signing) == Some(key.public)
    });
    let Some(signer) = signer.map(|u| u.name) else {
        return Ok(verdict(Some(P::UnknownSigner), Some(cert), None));
    };
    let all = load(ctx)?;
    let done = all
        .iter()
        .find(|d| d.id == cert.destruction && d.status == DestructionStatus::Done);
    let problem = match done {
        None => Some(P::UnknownList),
        Some(d) if !sweep::matches_list(&cert, d, ctx.vault_id) => Some(P::Differs),
        Some(_) => None,
    };
    Ok(verdict(problem, Some(cert), Some(signer)))
}

/// The certificate and the key it names, if the text is shaped as a signed certificate.
fn parse_certificate(signed: &str) -> Option<(Certificate, NoteKey)> {
    let split = signed.rfind("\n\n")?;
    let cert: Certificate = serde_json::from_str(&signed[..split]).ok()?;
    let key = NoteKey::parse(&cert.verifier_key)?;
    Some((cert, key))
}

/// Checks a signed certificate against the verifier key it names and returns it. This proves only
/// that it was not changed since signing; whose key it is, and whether the vault agrees, is
/// `Session::check_destruction_certificate`.
pub fn open_certificate(signed: &str) -> Result<Certificate> {
    let bad = |why: &str| Error::invalid(Input::InputFile, Rule::Format, why.to_string());
    let (cert, key) = parse_certificate(signed).ok_or_else(|| bad("not a signed certificate"))?;
    note::open(signed, &[key]).map_err(|_| bad("the signature does not hold"))?;
    Ok(cert)
}

fn certificate_pdf(c: &Certificate, signed: &str, lang: Lang) -> Vec<u8> {
    let sv = lang == Lang::Sv;
    let t = |s: &'static str, e: &'static str| if sv { s } else { e };
    let mut sections = vec![section(
        "destruction",
        t("Gallringsbeslut", "Destruction decision"),
        vec![
            item(t("Beslut", "Decision"), &c.destruction),
            item(t("Slutfört", "Completed"), &c.completed_at),
            item(t("Föreslaget av", "Proposed by"), &c.proposed_by),
            item(t("Föreslaget", "Proposed"), &c.proposed_at),
            item(t("Godkänt av", "Approved by"), &c.approved_by),
            item(t("Godkänt", "Approved"), &c.approved_at),
            item(
                t("Antal gallrade personer", "Persons erased"),
                &c.persons_erased.to_string(),
            ),
            item(
                t("Antal behållna (undantag)", "Persons kept (exceptions)"),
                &c.persons_kept.to_string(),
            ),
        ],
    )];
    for r in &c.rules {
        sections.push(section(
            "rule",
            &format!("{} {}", t("Regel", "Rule"), r.rule),
            vec![
                item(t("Handlingsslag", "Record class"), &r.record_class),
                item(t("Rättslig grund", "Legal source"), &r.legal_source),
                item(
                    t("Lagrum", "Paragraph"),
                    r.paragraph.as_deref().unwrap_or("-"),
                ),
                item(t("Antal personer", "Persons"), &r.persons.to_string()),
            ],
        ));
    }
    let sig = signed.rsplit("\n\n").next().unwrap_or_default().trim();
    sections.push(section(
        "signature",
        t("Signatur", "Signature"),
        vec![
            item(t("Signerat av", "Signed by"), &c.signed_by),
            item(t("Verifieringsnyckel", "Verifier key"), &c.verifier_key),
            item(t("Signatur", "Signature"), sig),
        ],
    ));
    crate::rights::pdf::render_printable(&crate::rights::pdf::Printable {
        title: t("Gallringsintyg", "Destruction certificate"),
        sections: &sections,
        watermark: t(
            "Intyget innehåller inga personuppgifter",
            "The certificate holds no personal data",
        ),
        empty: t("Ingen uppgift", "No information"),
        chart: None,
    })
}

fn item(label: &str, value: &str) -> Item {
    Item {
        label: label.to_string(),
        value: value.to_string(),
    }
}

fn section(key: &'static str, heading: &str, items: Vec<Item>) -> Section {
    Section {
        key,
        heading: heading.to_string(),
        empty: items.is_empty(),
        items,
    }
}
