//! The gallring sweep, without storage: when a person's file falls due under its rule, what keeps it,
//! and the destruction list a case handler proposes and another approves. A certificate of a finished
//! destruction names rules, classes, numbers and the two people — never a person.

use serde::{Deserialize, Serialize};
use time::Date;

use super::retention::{self, Anchor, Exception, RetentionRule};
use crate::records::PersonRecord;

crate::named! {
    /// Why a file whose period has run out is kept.
    pub enum Hold {
        PaternityParenthood = "paternity_parenthood",
        Adoption = "adoption",
        ChildPlacement = "child_placement",
        LegalHold = "legal_hold",
        OpenRequest = "open_request",
        /// A later date to keep until (a duty to keep) set on the card.
        KeepUntil = "keep_until",
        /// The card names a rule the vault no longer has.
        UnknownRule = "unknown_rule",
    }
}

impl From<Exception> for Hold {
    fn from(e: Exception) -> Hold {
        match e {
            Exception::PaternityParenthood => Hold::PaternityParenthood,
            Exception::Adoption => Hold::Adoption,
            Exception::ChildPlacement => Hold::ChildPlacement,
            Exception::LegalHold => Hold::LegalHold,
            Exception::OpenRequest => Hold::OpenRequest,
        }
    }
}

crate::named! {
    /// Where a file stands under its rule today.
    pub enum Standing {
        /// The period runs; `due` says until when.
        Running = "running",
        /// The period has run out and nothing keeps it: on the next destruction list.
        Due = "due",
        /// The period has run out, but something keeps it (`holds`).
        Withheld = "withheld",
        /// The rule's anchor has not happened (the matter has not ended).
        NoAnchor = "no_anchor",
    }
}

/// What the sweep knows of one person besides the record: taken from the sealed file and its row.
pub struct PersonFacts<'a> {
    pub record: &'a PersonRecord,
    /// The date of the last journal entry, if any.
    pub last_note: Option<Date>,
    /// When the file was registered (the anchor of "last note" for a file with no notes).
    pub registered: Date,
    /// The person has a data-subject request that is not closed.
    pub open_request: bool,
}

/// The card's answer to "when is this file due, and why".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Assessment {
    pub rule: Option<String>,
    pub anchor: Option<Anchor>,
    /// The anchor's date, and whether it was the registration because there are no notes.
    pub anchor_date: Option<String>,
    pub anchor_is_registration: bool,
    pub due: Option<String>,
    /// The last day the deletion may be done.
    pub last_day: Option<String>,
    pub standing: Standing,
    pub holds: Vec<Hold>,
}

fn ymd(d: Date) -> String {
    crate::rights::request::format_date(d)
}

fn parse_ymd(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &fmt).ok()
}

/// The date a personnummer encodes (a reserve number encodes none).
fn birth_date(number: &str) -> Option<Date> {
    match crate::identity::IdentityNumber::parse(number).ok()? {
        crate::identity::IdentityNumber::Personnummer(n) => {
            let (y, m, d) = n.birth_date();
            Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
        }
        crate::identity::IdentityNumber::Reserve(_) => None,
    }
}

/// The rule that governs a record: the one it names, else the vault's first.
pub fn rule_for<'r>(
    rules: &'r [RetentionRule],
    record: &PersonRecord,
) -> Option<&'r RetentionRule> {
    match record.retention.rule.as_deref() {
        Some(id) => rules.iter().find(|r| r.id == id),
        None => rules.first(),
    }
}

/// Assesses one file on `today`.
pub fn assess(rules: &[RetentionRule], facts: &PersonFacts<'_>, today: Date) -> Assessment {
    let r = facts.record;
    let Some(rule) = rule_for(rules, r) else {
        return Assessment {
            rule: r.retention.rule.clone(),
            anchor: None,
            anchor_date: None,
            anchor_is_registration: false,
            due: None,
            last_day: None,
            standing: Standing::Withheld,
            holds: vec![Hold::UnknownRule],
        };
    };
    let (anchor_date, from_registration) = match rule.anchor {
        Anchor::LastNote => match facts.last_note {
            Some(d) => (Some(d.max(facts.registered)), false),
            None => (Some(facts.registered), true),
        },
        Anchor::MatterEnded => (
            r.retention.matter_ended.as_deref().and_then(parse_ymd),
            false,
        ),
        // The year only, counted from its last day: the card is masked, and a birth date (or a
        // due date a fixed number of years after it) would show more than the masked number does.
        Anchor::Birth => (
            r.identity_number
                .as_deref()
                .and_then(birth_date)
                .and_then(|d| Date::from_calendar_date(d.year(), time::Month::December, 31).ok()),
            false,
        ),
    };
    let mut a = Assessment {
        rule: Some(rule.id.clone()),
        anchor: Some(rule.anchor),
        anchor_date: anchor_date.map(|d| match rule.anchor {
            Anchor::Birth => d.year().to_string(),
            _ => ymd(d),
        }),
        anchor_is_registration: from_registration,
        due: None,
        last_day: None,
        standing: Standing::NoAnchor,
        holds: Vec::new(),
    };
    let Some(anchor_date) = anchor_date else {
        return a;
    };
    let (due, last) = retention::due(rule, anchor_date);
    a.due = Some(ymd(due));
    a.last_day = Some(ymd(last));
    // Only the exceptions the rule recognises keep a file; an open request and a legal hold always do.
    for e in &r.retention.exceptions {
        let always = matches!(e, Exception::LegalHold | Exception::OpenRequest);
        if always || rule.exceptions.contains(e) {
            a.holds.push((*e).into());
        }
    }
    if facts.open_request && !a.holds.contains(&Hold::OpenRequest) {
        a.holds.push(Hold::OpenRequest);
    }
    if r.retain_until
        .as_deref()
        .and_then(parse_ymd)
        .is_some_and(|keep| keep > today)
    {
        a.holds.push(Hold::KeepUntil);
    }
    a.standing = if due > today {
        Standing::Running
    } else if a.holds.is_empty() {
        Standing::Due
    } else {
        Standing::Withheld
    };
    a
}

crate::named! {
    /// Where a destruction list stands.
    pub enum DestructionStatus {
        /// Proposed, waiting for another case handler.
        Proposed = "proposed",
        /// Approved; erasure has begun and may be resumed.
        Approved = "approved",
        /// Every listed file has been erased or kept with a reason.
        Done = "done",
    }
}

/// One file on a destruction list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ListedFile {
    pub person_ref: String,
    pub rule: String,
    pub due: String,
}

/// A file on the list that was not erased, because something changed since the proposal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeptFile {
    pub person_ref: String,
    pub holds: Vec<Hold>,
}

/// How many files the sweep withheld for one reason when the list was proposed (a file held for two
/// reasons counts under both). Counts only, so that the administrator may see them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HoldCount {
    pub hold: Hold,
    pub files: u64,
}

/// The withheld files of a sweep counted by reason, in the reasons' order.
pub fn count_holds<'a>(holds: impl IntoIterator<Item = &'a [Hold]>) -> Vec<HoldCount> {
    let mut counts = std::collections::BTreeMap::<Hold, u64>::new();
    for file in holds {
        for hold in file {
            *counts.entry(*hold).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(hold, files)| HoldCount { hold, files })
        .collect()
}

/// A destruction list: proposed by one case handler, approved by another, then worked through.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Destruction {
    pub id: String,
    pub status: DestructionStatus,
    pub proposed_by: String,
    pub proposed_at: String,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub approved_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    pub files: Vec<ListedFile>,
    /// Refs already erased (the work resumes after them).
    #[serde(default)]
    pub erased: Vec<String>,
    #[serde(default)]
    pub kept: Vec<KeptFile>,
    /// What the sweep withheld when the list was proposed, by reason.
    #[serde(default)]
    pub withheld: Vec<HoldCount>,
}

impl Destruction {
    /// The files still to be worked through.
    pub fn remaining(&self) -> impl Iterator<Item = &ListedFile> {
        self.files.iter().filter(|f| {
            !self.erased.contains(&f.person_ref)
                && !self.kept.iter().any(|k| k.person_ref == f.person_ref)
        })
    }
}

/// The next id in a year: `GALL-2026-0001`.
pub fn next_id(existing: &[Destruction], year: i32) -> String {
    let prefix = format!("GALL-{year}-");
    let n = existing
        .iter()
        .filter_map(|d| d.id.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", n + 1)
}

/// Per rule, on a certificate: the rule's words and how many files it erased.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CertifiedRule {
    pub rule: String,
    pub record_class: String,
    pub legal_source: String,
    pub paragraph: Option<String>,
    pub persons: u64,
}

/// The destruction certificate: what was destroyed under which rule, by whose decision. No person.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Certificate {
    pub format: String,
    pub vault_id: String,
    pub destruction: String,
    pub completed_at: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub approved_by: String,
    pub approved_at: String,
    pub persons_erased: u64,
    pub persons_kept: u64,
    pub rules: Vec<CertifiedRule>,
    pub signed_by: String,
    pub verifier_key: String,
}

pub const CERTIFICATE_FORMAT: &str = "skyddsvalv-destruction-certificate/1";

/// Builds the certificate of a finished destruction.
pub fn certificate(
    d: &Destruction,
    rules: &[RetentionRule],
    vault_id: &str,
    signed_by: &str,
    verifier_key: &str,
) -> Option<Certificate> {
    if d.status != DestructionStatus::Done {
        return None;
    }
    let mut per_rule: Vec<CertifiedRule> = Vec::new();
    for f in d.files.iter().filter(|f| d.erased.contains(&f.person_ref)) {
        match per_rule.iter_mut().find(|c| c.rule == f.rule) {
            Some(c) => c.persons += 1,
            None => {
                let r = rules.iter().find(|r| r.id == f.rule);
                per_rule.push(CertifiedRule {
                    rule: f.rule.clone(),
                    record_class: r.map(|r| r.record_class.clone()).unwrap_or_default(),
                    legal_source: r.map(|r| r.legal_source.clone()).unwrap_or_default(),
                    paragraph: r.and_then(|r| r.paragraph.clone()),
                    persons: 1,
                })
            }
        }
    }
    Some(Certificate {
        format: CERTIFICATE_FORMAT.into(),
        vault_id: vault_id.into(),
        destruction: d.id.clone(),
        completed_at: d.completed_at.clone()?,
        proposed_by: d.proposed_by.clone(),
        proposed_at: d.proposed_at.clone(),
        approved_by: d.approved_by.clone()?,
        approved_at: d.approved_at.clone()?,
        persons_erased: d.erased.len() as u64,
        persons_kept: d.kept.len() as u64,
        rules: per_rule,
        signed_by: signed_by.into(),
        verifier_key: verifier_key.into(),
    })
}

crate::named! {
    /// Why a destruction certificate does not hold against the vault that is said to have written it.
    pub enum CertificateProblem {
        /// Not a signed certificate (a PDF, another file, a damaged one): check the JSON certificate.
        Unreadable = "unreadable",
        /// The signature does not hold under the key the certificate names: it was changed.
        BadSignature = "bad_signature",
        /// Written for another vault.
        OtherVault = "other_vault",
        /// The key that signed it is no account's of this vault: anyone can make a key.
        UnknownSigner = "unknown_signer",
        /// This vault has no finished destruction list by that id.
        UnknownList = "unknown_list",
        /// Signed by an account of this vault, but it says something the vault's list does not.
        Differs = "differs",
    }
}

impl CertificateProblem {
    /// What it means and what to do, for the CLI (the UI has its own words per code).
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Unreadable => "this is not a signed destruction certificate; check the JSON one",
            Self::BadSignature => "the certificate was changed after it was signed",
            Self::OtherVault => "the certificate was written for another vault; check it there",
            Self::UnknownSigner => {
                "the key that signed it is no account's of this vault: it is not the vault's certificate"
            }
            Self::UnknownList => "this vault has no finished destruction list by that id",
            Self::Differs => "the certificate says something the vault's own list does not",
        }
    }
}

/// Whether a well-signed certificate says what the vault's own finished list says. The rules' words
/// are left out: an administrator may have reworded a rule since, which changes no decision.
pub fn matches_list(cert: &Certificate, d: &Destruction, vault_id: &str) -> bool {
    let Some(mut expected) = certificate(d, &[], vault_id, &cert.signed_by, &cert.verifier_key)
    else {
        return false;
    };
    let mut given = cert.clone();
    for r in given.rules.iter_mut().chain(expected.rules.iter_mut()) {
        r.record_class.clear();
        r.legal_source.clear();
        r.paragraph = None;
    }
    given.rules.sort_by(|a, b| a.rule.cmp(&b.rule));
    expected.rules.sort_by(|a, b| a.rule.cmp(&b.rule));
    given == expected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duties::retention::defaults;
    use time::macros::date;

    fn facts(record: &PersonRecord, last_note: Option<Date>) -> PersonFacts<'_> {
        PersonFacts {
            record,
            last_note,
            registered: date!(2015 - 01 - 01),
            open_request: false,
        }
    }

    #[test]
    fn a_file_falls_due_five_years_after_the_last_note_and_not_a_day_before() {
        let rules = defaults();
        let r = PersonRecord::default();
        let today = date!(2026 - 06 - 01);
        let on_the_day = assess(&rules, &facts(&r, Some(date!(2021 - 06 - 01))), today);
        assert_eq!(on_the_day.standing, Standing::Due);
        assert_eq!(on_the_day.due.as_deref(), Some("2026-06-01"));
        let a_day_late = assess(&rules, &facts(&r, Some(date!(2021 - 06 - 02))), today);
        assert_eq!(a_day_late.standing, Standing::Running);
        let no_notes = assess(&rules, &facts(&r, None), today);
        assert!(no_notes.anchor_is_registration);
        assert_eq!(no_notes.standing, Standing::Due);
    }

    #[test]
    fn exceptions_the_rule_knows_keep_a_file_and_others_do_not() {
        let mut rules = defaults();
        let mut r = PersonRecord::default();
        r.retention.exceptions = vec![Exception::Adoption];
        let today = date!(2026 - 06 - 01);
        let kept = assess(&rules, &facts(&r, None), today);
        assert_eq!(
            (kept.standing, kept.holds.clone()),
            (Standing::Withheld, vec![Hold::Adoption])
        );
        rules[0].exceptions.retain(|e| *e != Exception::Adoption);
        assert_eq!(
            assess(&rules, &facts(&r, None), today).standing,
            Standing::Due
        );
        r.retention.rule = Some("gone".into());
        assert_eq!(
            assess(&rules, &facts(&r, None), today).holds,
            vec![Hold::UnknownRule]
        );
    }

    #[test]
    fn a_birth_anchor_shows_the_year_only_and_counts_from_its_end() {
        let mut rules = defaults();
        rules[0].anchor = Anchor::Birth;
        rules[0].years = 30;
        let r = PersonRecord {
            identity_number: Some("19850709-9805".into()),
            ..Default::default()
        };
        let a = assess(&rules, &facts(&r, None), date!(2026 - 06 - 01));
        assert_eq!(a.anchor_date.as_deref(), Some("1985"));
        assert_eq!(a.due.as_deref(), Some("2015-12-31"));
        assert_eq!(a.standing, Standing::Due);
    }

    #[test]
    fn ids_count_up_within_a_year() {
        let mut d = Destruction {
            id: "GALL-2026-0007".into(),
            status: DestructionStatus::Proposed,
            proposed_by: "a".into(),
            proposed_at: "t".into(),
            approved_by: None,
            approved_at: None,
            completed_at: None,
            files: vec![],
            erased: vec![],
            kept: vec![],
            withheld: vec![],
        };
        assert_eq!(next_id(std::slice::from_ref(&d), 2026), "GALL-2026-0008");
        d.id = "GALL-2025-0009".into();
        assert_eq!(next_id(&[d], 2026), "GALL-2026-0001");
    }

    #[test]
    fn a_certificate_matches_its_list_whatever_the_rules_words_and_nothing_else() {
        let file = |r: &str, rule: &str| ListedFile {
            person_ref: r.into(),
            rule: rule.into(),
            due: "2020-01-01".into(),
        };
        let d = Destruction {
            id: "GALL-2026-0001".into(),
            status: DestructionStatus::Done,
            proposed_by: "anna".into(),
            proposed_at: "2026-12-01T09:00:00Z".into(),
            approved_by: Some("bo".into()),
            approved_at: Some("2026-12-02T09:00:00Z".into()),
            completed_at: Some("2026-12-02T09:05:00Z".into()),
            files: vec![file("P-1", "a"), file("P-2", "b"), file("P-3", "b")],
            erased: vec!["P-1".into(), "P-2".into(), "P-3".into()],
            kept: vec![],
            withheld: vec![],
        };
        let rules = defaults();
        let cert = certificate(&d, &rules, "valv", "bo", "key").unwrap();
        assert!(matches_list(&cert, &d, "valv"));
        let mut reworded = cert.clone();
        reworded.rules.reverse();
        reworded.rules[0].legal_source = "Omformulerad".into();
        assert!(
            matches_list(&reworded, &d, "valv"),
            "the rules' words may change"
        );
        let changes: [fn(&mut Certificate); 6] = [
            |c| c.persons_erased = 2,
            |c| c.persons_kept = 1,
            |c| c.approved_by = "anna".into(),
            |c| c.proposed_at = "2026-11-01T09:00:00Z".into(),
            |c| c.rules[0].persons += 1,
            |c| c.destruction = "GALL-2026-0002".into(),
        ];
        for change in changes {
            let mut c = cert.clone();
            change(&mut c);
            assert!(!matches_list(&c, &d, "valv"), "{c:?}");
        }
        assert!(!matches_list(&cert, &d, "annat"));
        let mut unfinished = d.clone();
        unfinished.status = DestructionStatus::Approved;
        assert!(!matches_list(&cert, &unfinished, "valv"));
    }
}
