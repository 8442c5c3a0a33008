//! Person operations through the door: create, search, show (masked), edit, reveal, copy, emergency
//! access, and the admin's assignments. Records are unsealed here, inside the operation, with the
//! session's records key; storage only ever sees them sealed.

use serde::Serialize;

use super::{Ctx, Session};
use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::auth::{users, Role};
use crate::error::{Error, Result};
use crate::identity::IdentityNumber;
use crate::keys::DomainKey;
use crate::policy::{Access, Operation};
use crate::records::mask::{self, MaskedField};
use crate::records::register::{self, LookupHash, RegisterAnswer};
use crate::records::sealed::{self, SealedPerson};
use crate::records::{index, refs, text, Field, PersonPatch, PersonRecord, Purpose, ReviewStatus};
use crate::settings;
use crate::storage::{EmergencyRow, NewPerson, NewRegisterRow, PersonRow, Tx};
use crate::time::{now_rfc3339, now_unix, unix_to_rfc3339};

use crate::limits::REVEAL_SECONDS;
pub use crate::limits::{MIN_JUSTIFICATION, SEARCH_LIMIT};
use zeroize::Zeroizing;

/// Which values this session revealed when (refs and fields only, never a value).
#[derive(Debug, Default)]
pub(super) struct RecentReveals(Vec<(String, Field, i64)>);

impl RecentReveals {
    pub(super) fn note(&mut self, person_ref: &str, field: Field, now: i64) {
        self.forget_before(now);
        self.0
            .retain(|(r, f, _)| !(same_ref(r, person_ref) && *f == field));
        self.0.push((person_ref.to_string(), field, now));
    }

    fn recent(&mut self, person_ref: &str, field: Field, now: i64) -> bool {
        self.forget_before(now);
        self.0
            .iter()
            .any(|(r, f, _)| same_ref(r, person_ref) && *f == field)
    }

    fn forget_before(&mut self, now: i64) {
        self.0
            .retain(|(_, _, at)| now.saturating_sub(*at) < REVEAL_SECONDS as i64);
    }
}

fn same_ref(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// One search hit: masked.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub person_ref: String,
    pub initials: String,
    pub identity: String,
    pub protection: &'static str,
    /// When the protection is to be reviewed (YYYY-MM-DD), and how that date stands today.
    pub review_on: Option<String>,
    pub review: ReviewStatus,
    pub restricted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub hits: Vec<PersonSummary>,
    /// How many persons matched in all (the hits stop at `limit`).
    pub total: u64,
    pub limit: u32,
}

/// The person card: masked values, the protection and GDPR frame, who is assigned.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub person_ref: String,
    pub protection: &'static str,
    pub protection_since: Option<String>,
    pub protection_review_on: Option<String>,
    pub review: ReviewStatus,
    pub legal_basis: Option<crate::records::LegalBasis>,
    pub purpose: Option<String>,
    pub retain_until: Option<String>,
    pub restricted: bool,
    pub assigned_to: Vec<String>,
    /// Set while the view is open through emergency access: when it ends (RFC 3339), and whether
    /// it may edit.
    pub emergency_until: Option<String>,
    pub emergency_may_edit: bool,
    pub fields: Vec<MaskedField>,
    /// When the file falls due under its retention rule, and what keeps it.
    pub retention: crate::duties::sweep::Assessment,
    /// The stored facts the assessment ran on, so an edit form starts from them and keeps them.
    pub retention_facts: crate::records::RetentionFacts,
}

/// A revealed value. Its Debug output is redacted so it cannot leak through a log line.
#[derive(Clone, Serialize)]
pub struct Revealed {
    pub person_ref: String,
    pub field: Field,
    pub value: String,
    /// For `contacts`: the list one by one (in stored order, as `contact_edits` count), so each can
    /// be shown and changed on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<crate::records::Contact>>,
}

impl std::fmt::Debug for Revealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Revealed({}, {:?}, **redacted**)",
            self.person_ref, self.field
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EmergencyGrant {
    pub person_ref: String,
    pub expires_at: String,
    pub minutes: u32,
    /// False: the person can be read, not edited.
    pub may_edit: bool,
}

/// A person unsealed inside an operation.
pub(crate) struct Person {
    pub row: PersonRow,
    pub data: SealedPerson,
}

impl Person {
    pub fn record(&self) -> &PersonRecord {
        &self.data.record
    }
}

pub(crate) fn unseal(ctx: &Ctx<'_>, row: PersonRow) -> Result<Person> {
    let key = ctx.records()?;
    let data = sealed::open(
        ctx.vault_id,
        key,
        &row.person_ref,
        row.epoch,
        &row.nonce,
        &row.sealed,
    )?;
    Ok(Person { row, data })
}

pub(crate) fn access_to(ctx: &Ctx<'_>, person_id: i64) -> Result<Access> {
    if ctx.tx.is_assigned(person_id, ctx.user.id)? {
        return Ok(Access::Assigned);
    }
    Ok(
        match ctx.tx.emergency(person_id, ctx.user.id, now_unix())? {
            Some(e) if e.may_edit => Access::EmergencyEditing,
            Some(_) => Access::Emergency,
            None => Access::Unassigned,
        },
    )
}

/// Assigned, or under a running emergency access: what search and the card may show.
fn is_open(a: Access) -> bool {
    a == Access::Assigned || a.is_emergency()
}

/// Finds the person named by `person_ref` and how the acting user stands to them.
pub(crate) fn person_access(ctx: &Ctx<'_>, person_ref: &str) -> Result<(Access, Person)> {
    let r = refs::parse_ref(person_ref).map_err(|_| Error::PersonNotFound)?;
    let row = ctx.tx.person_by_ref(&r)?.ok_or(Error::PersonNotFound)?;
    let p = unseal(ctx, row)?;
    let mut access = access_to(ctx, p.row.id)?;
    // Art. 18: a restricted record may be stored, shown masked and corrected, nothing more.
    if p.record().restricted {
        access = match access {
            Access::Assigned | Access::Emergency | Access::EmergencyEditing => Access::Restricted,
            _ => Access::RestrictedUnassigned,
        };
    }
    Ok((access, p))
}

/// Like [`person_access`], for a person named by ref or by identity number (resolved under the
/// records key). An invalid number is `INVALID_IDENTITY_NUMBER`, an unknown one `PERSON_NOT_FOUND`.
pub(crate) fn person_access_by_ref_or_number(
    ctx: &Ctx<'_>,
    person: &str,
) -> Result<(Access, Person)> {
    // Something that starts like a ref is one (a mistyped ref is not found, not a bad number).
    if refs::parse_ref(person).is_ok() || person.trim().to_ascii_uppercase().starts_with("P-") {
        return person_access(ctx, person);
    }
    let id = IdentityNumber::parse(person)?;
    let tag = index::identity_tag(ctx.records()?, &id.canonical());
    let row = ctx
        .tx
        .person_by_identity_tag(&tag)?
        .ok_or(Error::PersonNotFound)?;
    person_access(ctx, &row.person_ref)
}

/// Adds a checked, new person: the sealed row, its name tokens, its reception rows, and the acting
/// case handler assigned. Shared by creating one person and by an import.
pub(crate) fn insert_person(ctx: &Ctx<'_>, record: PersonRecord) -> Result<Person> {
    let lookup = lookup_hashes(ctx.tx, &record)?;
    insert_person_hashed(ctx, record, lookup)
}

/// [`insert_person`] with the reception register's memory-hard hashes already computed (an import
/// computes them on every core before its transaction's writes).
pub(crate) fn insert_person_hashed(
    ctx: &Ctx<'_>,
    record: PersonRecord,
    lookup: Vec<String>,
) -> Result<Person> {
    let records = ctx.records()?;
    let now = now_rfc3339();
    let mut p = Person {
        row: PersonRow {
            id: 0,
            person_ref: refs::new_ref(),
            identity_tag: None,
            epoch: records.epoch,
            nonce: Vec::new(),
            sealed: Vec::new(),
            created_by: ctx.user.id,
            created_at: now.clone(),
            updated_at: now.clone(),
        },
        data: SealedPerson::new(record, lookup),
    };
    let tokens = seal_into_row(ctx.vault_id, records, &mut p)?;
    p.row.id = ctx.tx.insert_person(&NewPerson {
        person_ref: p.row.person_ref.clone(),
        identity_tag: p.row.identity_tag,
        epoch: p.row.epoch,
        nonce: p.row.nonce.clone(),
        sealed: p.row.sealed.clone(),
        created_by: ctx.user.id,
        created_at: now,
    })?;
    ctx.tx.set_name_tokens(p.row.id, &tokens)?;
    register_person(ctx.tx, ctx.vault_id, ctx.reception()?, &p)?;
    ctx.tx.assign(p.row.id, ctx.user.id)?;
    Ok(p)
}

/// The log entry's fields for a new person: what is present, and the protection kind the
/// review's rules need (FINGERADE, NEW_PROTECTION).
pub(crate) fn describe_new(entry: &mut NewEntry, p: &Person) {
    entry.person_ref = Some(p.row.person_ref.clone());
    entry.fields = p.record().present_fields();
    if let Some(kind) = p.record().protection.kind {
        entry.detail = Some(format!("protection {kind}"));
    }
}

/// The ref as it goes into the log: a well-formed ref, or a fixed marker (never arbitrary text).
pub(crate) fn logged_ref(person_ref: &str) -> String {
    refs::parse_ref(person_ref).unwrap_or_else(|_| "(not a person ref)".to_string())
}

pub(crate) fn lookup_hash(tx: &dyn Tx) -> Result<LookupHash> {
    settings::get_json(tx, settings::keys::LOOKUP_HASH)?
        .ok_or_else(|| Error::damaged("the lookup hash settings are missing"))
}

/// The slow hashes under which reception finds this record.
fn lookup_hashes(tx: &dyn Tx, record: &PersonRecord) -> Result<Vec<String>> {
    if record.identity_number.is_none() {
        return Ok(Vec::new());
    }
    lookup_hashes_with(&lookup_hash(tx)?, record)
}

pub(crate) fn lookup_hashes_with(
    params: &LookupHash,
    record: &PersonRecord,
) -> Result<Vec<String>> {
    let Some(id) = &record.identity_number else {
        return Ok(Vec::new());
    };
    let mut out = vec![hex::encode(*params.identity(id)?)];
    if let Some(year) = IdentityNumber::parse(id).ok().and_then(|i| i.birth_year()) {
        out.push(hex::encode(*params.name_year(&record.name, year)?));
    }
    Ok(out)
}

fn slow(hex_hash: &str) -> Result<[u8; 32]> {
    hex::decode(hex_hash)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::damaged("a stored lookup hash is malformed"))
}

/// Removes this person's rows from the reception register.
pub(crate) fn unregister(
    tx: &dyn Tx,
    vault_id: &str,
    reception: &DomainKey,
    p: &Person,
) -> Result<()> {
    for h in &p.data.lookup {
        let s = slow(h)?;
        for row in tx.register_rows_by_tag(&register::tag(reception, &s))? {
            let mine = register::open_answer(vault_id, reception, &s, &row.nonce, &row.sealed)
                .is_some_and(|a| a.person_ref == p.row.person_ref);
            if mine {
                tx.delete_register_row(row.id)?;
            }
        }
    }
    Ok(())
}

/// Adds this person's rows to the reception register (under `reception`).
pub(crate) fn register_person(
    tx: &dyn Tx,
    vault_id: &str,
    reception: &DomainKey,
    p: &Person,
) -> Result<()> {
    let answer = RegisterAnswer {
        person_ref: p.row.person_ref.clone(),
        protection: p.record().protection.kind,
        initials: mask::initials(&p.record().name),
    };
    for h in &p.data.lookup {
        let s = slow(h)?;
        let (nonce, sealed) = register::seal_answer(vault_id, reception, &s, &answer)?;
        tx.add_register_row(&NewRegisterRow {
            tag: register::tag(reception, &s),
            epoch: reception.epoch,
            nonce,
            sealed,
        })?;
    }
    Ok(())
}

/// Seals the person under `records`, with fresh indexes.
pub(crate) fn seal_into_row(
    vault_id: &str,
    records: &DomainKey,
    p: &mut Person,
) -> Result<Vec<crate::storage::NameToken>> {
    let (nonce, sealed) = sealed::seal(vault_id, records, &p.row.person_ref, &p.data)?;
    p.row.nonce = nonce;
    p.row.sealed = sealed;
    p.row.epoch = records.epoch;
    p.row.identity_tag = p
        .record()
        .identity_number
        .as_deref()
        .map(|id| index::identity_tag(records, id));
    Ok(index::name_tokens(records, &p.record().name))
}

impl Session {
    pub(super) fn person_entry(&self, action: Action, person_ref: &str) -> NewEntry {
        let mut e = self.entry(action, Outcome::Allowed);
        e.person_ref = Some(logged_ref(person_ref));
        e
    }

    /// The keyed hash under which a search for `term` is logged (identity numbers in canonical form),
    /// so a case handler can give a reviewer the hash to filter on. Only a holder of the records key
    /// can compute it; `None` without it.
    pub fn term_hash(&self, term: &str) -> Option<String> {
        let key = self.keys.records.as_ref()?;
        let normalized = match IdentityNumber::parse(term) {
            Ok(id) => id.canonical(),
            Err(_) => index::words(term).join(" "),
        };
        Some(index::term_hash(key, &normalized))
    }

    /// Creates a person; the creating case handler is assigned.
    pub fn create_person(&mut self, record: PersonRecord) -> Result<String> {
        let entry = self.entry(Action::PersonCreated, Outcome::Allowed);
        self.perform(
            Operation::CreatePerson,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let record = record.validate()?;
                ctx.records()?;
                if let Some(existing) = registered(ctx, &record, None)? {
                    refuse_registered(entry, &existing, false);
                    return Ok(Err(Error::PersonExists));
                }
                let p = insert_person(ctx, record)?;
                describe_new(entry, &p);
                tracing::info!(person = %p.row.person_ref, "person created");
                Ok(Ok(p.row.person_ref))
            },
        )?
    }

    /// Name prefix (case- and diacritic-insensitive) or identity number in any form; masked results
    /// among the persons this user may see. The term is logged only as a keyed hash.
    pub fn find_persons(&mut self, query: &str) -> Result<SearchResult> {
        let mut entry = self.entry(Action::Search, Outcome::Allowed);
        entry.term_hash = self.term_hash(query);
        self.perform(
            Operation::FindPersons,
            entry,
            super::admin::na,
            |ctx, (), _| {
                let records = ctx.records()?;
                let now = now_unix();
                let mut hits = Vec::new();
                let mut total = 0;
                // The app's own ref first: it is what a colleague or a letter quotes.
                if let Ok(r) = refs::parse_ref(query) {
                    if let Some(row) = ctx.tx.person_by_ref(&r)? {
                        if is_open(access_to(ctx, row.id)?) {
                            hits.push(summary(&unseal(ctx, row)?));
                            total = 1;
                        }
                    }
                    return Ok(SearchResult {
                        hits,
                        total,
                        limit: SEARCH_LIMIT,
                    });
                }
                match IdentityNumber::parse(query) {
                    Ok(id) => {
                        let tag = index::identity_tag(records, &id.canonical());
                        if let Some(row) = ctx.tx.person_by_identity_tag(&tag)? {
                            if is_open(access_to(ctx, row.id)?) {
                                hits.push(summary(&unseal(ctx, row)?));
                                total = 1;
                            }
                        }
                    }
                    Err(_) => {
                        if let Some(q) = index::name_query(records, query) {
                            let (rows, n) =
                                ctx.tx
                                    .search_tokens(&q.tokens, ctx.user.id, now, SEARCH_LIMIT)?;
                            total = n;
                            for row in rows {
                                let p = unseal(ctx, row)?;
                                if index::name_matches(&p.record().name, &q.words) {
                                    hits.push(summary(&p));
                                }
                            }
                        }
                    }
                }
                Ok(SearchResult {
                    hits,
                    total,
                    limit: SEARCH_LIMIT,
                })
            },
        )
    }

    /// The person card with every field masked.
    pub fn show_person(&mut self, person_ref: &str) -> Result<PersonView> {
        let entry = self.person_entry(Action::PersonViewed, person_ref);
        self.perform(
            Operation::ShowPerson,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, p, _| view(ctx, &p),
        )
    }

    /// Changes fields; the log entry names the changed fields, never their values. The protection
    /// marking and the restriction are not edits: they have operations of their own, with a reason.
    pub fn edit_person(&mut self, person_ref: &str, patch: PersonPatch) -> Result<PersonView> {
        let entry = self.person_entry(Action::PersonEdited, person_ref);
        self.perform(
            Operation::EditPerson,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, p, entry| {
                if patch.protection.is_some() || patch.restricted.is_some() {
                    return Err(Error::invalid(
                        crate::input::Input::Protection,
                        crate::input::Rule::NotAllowed,
                        "the protection marking and the restriction change through their own \
                         operations, with a reason",
                    ));
                }
                save_edit(ctx, p, patch, entry)
            },
        )?
    }

    /// Reveals one field for a stated purpose. Art. 9 fields need a purpose from the strict list, and
    /// their reveals (like everything under emergency access) are flagged for review.
    pub fn reveal_field(
        &mut self,
        person_ref: &str,
        field: Field,
        purpose: &str,
    ) -> Result<Revealed> {
        let mut shown = self.reveal_fields(person_ref, &[field], purpose)?;
        shown
            .pop()
            .ok_or_else(|| Error::damaged("a reveal returned no value"))
    }

    /// Reveals several fields of one person (a group such as the address, or the contact details)
    /// for one stated purpose: one log entry naming every field. The purpose must be allowed for each
    /// of them (art. 9 fields take only the strict list); any art. 9 field flags the entry.
    pub fn reveal_fields(
        &mut self,
        person_ref: &str,
        fields: &[Field],
        purpose: &str,
    ) -> Result<Vec<Revealed>> {
        // Checked after the policy: a role that may not reveal is refused and logged whatever it gave.
        // Only the purpose's code is logged before the note has been checked.
        let mut unique: Vec<Field> = Vec::new();
        for &f in fields {
            if !unique.contains(&f) {
                unique.push(f);
            }
        }
        let fields = unique;
        let list = self.purposes()?;
        let parsed: Result<Vec<Purpose>> = fields
            .iter()
            .map(|&f| Purpose::parse_in(purpose, f, &list))
            .collect();
        let purpose = parsed.and_then(|all| {
            all.into_iter().next().ok_or_else(|| {
                Error::invalid(
                    crate::input::Input::Field,
                    crate::input::Rule::Required,
                    "name at least one field to reveal",
                )
            })
        });
        let mut entry = self.person_entry(Action::FieldRevealed, person_ref);
        entry.fields = fields.iter().map(|f| f.as_str().to_string()).collect();
        entry.purpose = purpose.as_ref().ok().map(|p| p.code.to_string());
        entry.flagged = fields.iter().any(|f| f.is_art9());
        let shown = self.perform(
            Operation::RevealField,
            entry,
            |ctx| person_access(ctx, person_ref).map(|(a, p)| (a, (a, p))),
            |_, (access, p), entry| {
                let mut purpose = purpose?;
                if let Some(note) = &purpose.note {
                    purpose.note = Some(text::check(
                        crate::input::Input::PurposeNote,
                        note,
                        Some(p.record()),
                    )?);
                }
                entry.purpose = Some(purpose.to_log());
                entry.flagged |= access.is_emergency();
                // A withdrawn consent or an objection stops processing for that purpose.
                if let Some(reason) = p
                    .data
                    .rights
                    .blocks(purpose.code.as_ref(), p.record().legal_basis)
                {
                    return Err(Error::Denied { reason });
                }
                Ok(fields
                    .iter()
                    .map(|&field| Revealed {
                        person_ref: p.row.person_ref.clone(),
                        field,
                        value: mask::value(p.record(), field).unwrap_or_default(),
                        contacts: (field == Field::Contacts).then(|| p.record().contacts.clone()),
                    })
                    .collect::<Vec<_>>())
            },
        )?;
        let now = now_unix();
        for r in &shown {
            self.revealed.note(&r.person_ref, r.field, now);
        }
        Ok(shown)
    }

    /// A copy of a value this session revealed in the last [`REVEAL_SECONDS`], for the clipboard;
    /// the copy is logged. Anything else is refused with `NOT_REVEALED`, so a front end cannot use
    /// copying to read what it was never shown.
    pub fn copy_field(&mut self, person_ref: &str, field: Field) -> Result<Zeroizing<String>> {
        let recent = self.revealed.recent(person_ref, field, now_unix());
        let mut entry = self.person_entry(Action::FieldCopied, person_ref);
        entry.fields = vec![field.as_str().to_string()];
        entry.flagged = field.is_art9();
        self.perform(
            Operation::CopyField,
            entry,
            |ctx| person_access(ctx, person_ref),
            |_, p, _| {
                if !recent {
                    return Err(Error::NotRevealed {
                        seconds: REVEAL_SECONDS,
                    });
                }
                Ok(Zeroizing::new(
                    mask::value(p.record(), field).unwrap_or_default(),
                ))
            },
        )
    }

    /// Nödåtkomst: opens an unassigned person for the configured time (default 30 minutes), with a
    /// written justification of at least 20 characters. Always flagged for review. The person is named
    /// by ref or by identity number (what the caller has in an emergency); a number is resolved inside
    /// the operation and logged only as the person's ref, or, if refused, as a term hash.
    /// The access is read-only; [`Session::emergency_access_to_edit`] asks for editing too.
    pub fn emergency_access(
        &mut self,
        person: &str,
        justification: &str,
    ) -> Result<EmergencyGrant> {
        self.emergency(person, justification, false)
    }

    /// Emergency access that may also edit the person (the entry says so; every edit is flagged).
    pub fn emergency_access_to_edit(
        &mut self,
        person: &str,
        justification: &str,
    ) -> Result<EmergencyGrant> {
        self.emergency(person, justification, true)
    }

    fn emergency(
        &mut self,
        person: &str,
        justification: &str,
        may_edit: bool,
    ) -> Result<EmergencyGrant> {
        let mut entry = self.person_entry(Action::EmergencyAccess, person);
        if refs::parse_ref(person).is_err() {
            entry.term_hash = self.term_hash(person);
        }
        // A refused attempt keeps its justification only if it is text the log may hold.
        entry.purpose = text::check(crate::input::Input::Justification, justification, None).ok();
        entry.flagged = true;
        self.perform(
            Operation::EmergencyAccess,
            entry,
            |ctx| person_access_by_ref_or_number(ctx, person),
            |ctx, p, entry| {
                entry.person_ref = Some(p.row.person_ref.clone());
                // Checked after the policy, so that a refused attempt is logged whatever it gave.
                let justification = text::check(
                    crate::input::Input::Justification,
                    justification,
                    Some(p.record()),
                )?;
                if justification.chars().count() < MIN_JUSTIFICATION {
                    return Err(Error::invalid(
                        crate::input::Input::Justification,
                        crate::input::Rule::TooShort,
                        format!(
                            "the justification must be at least {MIN_JUSTIFICATION} characters"
                        ),
                    ));
                }
                entry.purpose = Some(justification);
                let minutes = settings::load(ctx.tx)?.emergency_minutes;
                let expires = now_unix() + i64::from(minutes) * 60;
                let seq = chain::head(ctx.tx)?.0 + 1;
                ctx.tx.grant_emergency(&EmergencyRow {
                    person_id: p.row.id,
                    user_id: ctx.user.id,
                    log_seq: seq,
                    expires_at: expires,
                    may_edit,
                })?;
                entry.detail = Some(if may_edit { "editing" } else { "read-only" }.to_string());
                tracing::info!(person = %p.row.person_ref, minutes, "emergency access granted");
                Ok(EmergencyGrant {
                    person_ref: p.row.person_ref,
                    expires_at: unix_to_rfc3339(expires as u64),
                    minutes,
                    may_edit,
                })
            },
        )
    }

    /// Admin: assigns a person to a case handler (or removes the assignment). Refs only: the
    /// administrator never unseals anything.
    pub fn assign(&mut self, person_ref: &str, handler: &str, assign: bool) -> Result<bool> {
        let (action, op) = if assign {
            (Action::Assigned, Operation::Assign)
        } else {
            (Action::Unassigned, Operation::Unassign)
        };
        let mut entry = self.person_entry(action, person_ref);
        entry.purpose = Some(format!("user={}", handler.trim()));
        self.perform(op, entry, super::admin::na, |ctx, (), _| {
            let r = refs::parse_ref(person_ref).map_err(|_| Error::PersonNotFound)?;
            let p = ctx.tx.person_by_ref(&r)?.ok_or(Error::PersonNotFound)?;
            let u = users::by_name(ctx.tx, handler)?.ok_or(Error::UserNotFound)?;
            if u.role != Role::Handlaggare {
                return Err(Error::invalid(
                    crate::input::Input::Assignee,
                    crate::input::Rule::NotAllowed,
                    "persons can only be assigned to case handlers",
                ));
            }
            if assign {
                return ctx.tx.assign(p.id, u.id);
            }
            // Nobody could open the person afterwards but by nödåtkomst: refuse, the admin assigns
            // another handler first (or moves everything with `reassign_all`).
            let others = super::assignments::active_handlers(ctx.tx, p.id)?
                .into_iter()
                .filter(|h| h.id != u.id)
                .count();
            if others == 0 && ctx.tx.is_assigned(p.id, u.id)? {
                return Err(Error::LastHandler);
            }
            ctx.tx.unassign(p.id, u.id)
        })
    }
}

/// Applies a patch, re-validates, re-seals and re-indexes the person (the register too), inside the
/// operation. A clash with another person's identity number is a logged refusal.
pub(crate) fn save_edit(
    ctx: &Ctx<'_>,
    mut p: Person,
    patch: PersonPatch,
    entry: &mut NewEntry,
) -> Result<Result<PersonView>> {
    let before_name = p.record().name.clone();
    let before_id = p.record().identity_number.clone();
    let changed = p.data.record.apply(patch)?;
    p.data.record = p.data.record.clone().validate()?;
    // New contacts replace the old list: what a later version kept beside the old ones goes with it.
    if changed.iter().any(|f| f == Field::Contacts.as_str()) {
        p.data.later.remove(Field::Contacts.as_str());
    }
    entry.fields = changed;
    if let Some(existing) = registered(ctx, p.record(), Some(p.row.id))? {
        refuse_registered(entry, &existing, true);
        return Ok(Err(Error::PersonExists));
    }
    let reception = ctx.reception()?;
    unregister(ctx.tx, ctx.vault_id, reception, &p)?;
    if p.record().name != before_name || p.record().identity_number != before_id {
        p.data.lookup = lookup_hashes(ctx.tx, p.record())?;
    }
    let tokens = seal_into_row(ctx.vault_id, ctx.records()?, &mut p)?;
    p.row.updated_at = now_rfc3339();
    ctx.tx.update_person(&p.row)?;
    ctx.tx.set_name_tokens(p.row.id, &tokens)?;
    register_person(ctx.tx, ctx.vault_id, reception, &p)?;
    view(ctx, &p).map(Ok)
}

/// Another person already registered under the record's identity number, if any.
pub(crate) fn registered(
    ctx: &Ctx<'_>,
    record: &PersonRecord,
    except: Option<i64>,
) -> Result<Option<PersonRow>> {
    let Some(id) = &record.identity_number else {
        return Ok(None);
    };
    let tag = index::identity_tag(ctx.records()?, id);
    Ok(ctx
        .tx
        .person_by_identity_tag(&tag)?
        .filter(|other| Some(other.id) != except))
}

/// A clash with a registered number tells the user that this person exists, even one not assigned to
/// them: it is refused, and the refusal is logged and flagged with the person it hit, so probing the
/// register by creating or renumbering persons leaves a trace.
pub(crate) fn refuse_registered(entry: &mut NewEntry, existing: &PersonRow, editing: bool) {
    entry.outcome = Outcome::Denied;
    entry.flagged = true;
    if editing {
        entry.purpose = Some(format!(
            "identity number already registered to {}",
            existing.person_ref
        ));
    } else {
        entry.person_ref = Some(existing.person_ref.clone());
        entry.fields = vec!["identity_number".to_string()];
        entry.purpose = Some("identity number already registered".to_string());
    }
    tracing::info!(person = %existing.person_ref, "identity number already registered");
}

/// Active case handlers assigned to a person, by name (the card and the reception's referral).
pub(crate) fn handler_names(tx: &dyn Tx, person_id: i64) -> Result<Vec<String>> {
    Ok(tx
        .assigned_users(person_id)?
        .into_iter()
        .filter(|u| !u.disabled && u.role == Role::Handlaggare)
        .map(|u| u.name)
        .collect())
}

pub(crate) fn view(ctx: &Ctx<'_>, p: &Person) -> Result<PersonView> {
    let r = p.record();
    let access = access_to(ctx, p.row.id)?;
    let emergency_until = match access {
        a if a.is_emergency() => ctx
            .tx
            .emergency_until(p.row.id, ctx.user.id, now_unix())?
            .map(|t| unix_to_rfc3339(t as u64)),
        _ => None,
    };
    Ok(PersonView {
        person_ref: p.row.person_ref.clone(),
        protection: mask::protection_label(r.protection.kind),
        protection_since: r.protection.since.clone(),
        protection_review_on: r.protection.review_on.clone(),
        review: ReviewStatus::of(r.protection.review_on.as_deref(), crate::time::today_utc()),
        legal_basis: r.legal_basis,
        purpose: r.purpose.clone(),
        retain_until: r.retain_until.clone(),
        restricted: r.restricted,
        assigned_to: handler_names(ctx.tx, p.row.id)?,
        emergency_until,
        emergency_may_edit: access == Access::EmergencyEditing,
        fields: mask::masked_fields(r),
        retention: super::sweep::assess(&super::retention::load(ctx)?, p),
        retention_facts: r.retention.clone(),
    })
}

pub(crate) fn summary(p: &Person) -> PersonSummary {
    let r = p.record();
    PersonSummary {
        person_ref: p.row.person_ref.clone(),
        initials: mask::initials(&r.name),
        identity: r
            .identity_number
            .as_deref()
            .map(mask::identity)
            .unwrap_or_default(),
        protection: mask::protection_label(r.protection.kind),
        review_on: r.protection.review_on.clone(),
        review: ReviewStatus::of(r.protection.review_on.as_deref(), crate::time::today_utc()),
        restricted: r.restricted,
    }
}
