//! The registerutdrag (art. 15) and the electronic copy (art. 15(3), or art. 20 portability) as one
//! document model, rendered to PDF ([`super::pdf`]) and JSON. Pure: the session gathers the record,
//! the rights register and the log entries, and decides nothing here.
//!
//! Redaction is by omission: third parties' data (contacts) and fields withheld under secrecy are not
//! put into the model at all, so they cannot be in the bytes of either file. Each omission is listed
//! by category with its ground. Staff names are replaced by their role unless the handler records a
//! reason to include them (CJEU C-579/21).

use serde::{Deserialize, Serialize};

use super::model::{PersonRights, RequestKind};
use crate::audit::{Action, Entry};
use crate::records::purpose::PurposeEntry;
use crate::records::sealed::JournalEntry;
use crate::records::{mask, Field, LegalBasis, PersonRecord};

crate::named! {
    /// The language of an extract.
    pub enum Lang {
        Sv = "sv",
        En = "en",
    }
}

crate::named! {
    /// What the electronic copy is called: portability only where the basis is consent or contract.
    pub enum ExtractKind {
        AccessCopy = "art15_copy",
        Portability = "art20_portability",
    }
}

crate::named! {
    /// The formats an extract is written in.
    pub enum ExtractFormat {
        Pdf = "pdf",
        Json = "json",
    }
}

/// A field the handler withholds, and why (a secrecy ground in words).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    pub field: Field,
    pub ground: String,
}

/// The handler's decisions for one extract. Everything personal comes on standard input or from the
/// form, never as an argument.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractOptions {
    #[serde(default)]
    pub lang: Option<Lang>,
    /// A reason to name the staff who accessed the data; without one the role stands.
    #[serde(default)]
    pub staff_names_reason: Option<String>,
    /// A decision, with its reason, to include data about third parties (contacts).
    #[serde(default)]
    pub third_parties_reason: Option<String>,
    #[serde(default)]
    pub withheld: Vec<Withheld>,
}

impl std::fmt::Debug for ExtractOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExtractOptions(**redacted**)")
    }
}

/// One line of a section.
#[derive(Clone, Serialize, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub value: String,
}

/// A section; an empty one says so ("Ingen uppgift").
#[derive(Clone, Serialize, PartialEq, Eq)]
pub struct Section {
    pub key: &'static str,
    pub heading: String,
    pub empty: bool,
    pub items: Vec<Item>,
}

/// The whole extract.
#[derive(Clone, Serialize)]
pub struct ExtractDocument {
    pub format_version: u32,
    pub kind: ExtractKind,
    pub title: String,
    pub lang: Lang,
    pub request_id: String,
    pub person_ref: String,
    /// Printed on every page: produced by, time, request id, purpose.
    pub watermark: String,
    pub sections: Vec<Section>,
}

impl std::fmt::Debug for ExtractDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExtractDocument({}, **redacted**)", self.request_id)
    }
}

/// What the session hands over.
pub struct Sources<'a> {
    pub record: &'a PersonRecord,
    pub journal: &'a [JournalEntry],
    pub rights: &'a PersonRights,
    pub person_ref: &'a str,
    pub request_id: &'a str,
    pub request_kind: RequestKind,
    /// Entries about the person, oldest first.
    pub accesses: &'a [Entry],
    pub purposes: &'a [PurposeEntry],
    pub produced_by: &'a str,
    pub produced_at: &'a str,
}

/// IMY's postal address (the supervisory authority, for a complaint).
pub const IMY_ADDRESS: &str = "Integritetsskyddsmyndigheten, Box 8114, 104 20 Stockholm";

fn t(lang: Lang, sv: &str, en: &str) -> String {
    match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    }
}

fn field_label(lang: Lang, f: Field) -> String {
    use Field::*;
    let (sv, en) = match f {
        Name => ("Namn", "Name"),
        IdentityNumber => ("Personnummer", "Identity number"),
        Address => ("Adress", "Address"),
        Postcode => ("Postnummer", "Postcode"),
        Municipality => ("Kommun", "Municipality"),
        Phone => ("Telefon", "Phone"),
        Email => ("E-post", "Email"),
        Contacts => ("Kontaktpersoner", "Contacts"),
        Health => ("Hälsa", "Health"),
        Interventions => ("Insatser", "Interventions"),
        Notes => ("Anteckningar", "Notes"),
        ProtectionNote => ("Skyddsanteckning", "Protection note"),
    };
    t(lang, sv, en)
}

/// What an access was, in words; exhaustive so a new action is a compile error until it is named.
fn action_label(lang: Lang, action: &str) -> String {
    use Action::*;
    let Some(a) = Action::parse(action) else {
        return t(lang, "Annan behandling", "Other processing");
    };
    let (sv, en) = match a {
        PersonCreated => ("Uppgifter registrerades", "Data was recorded"),
        PersonViewed | CaseloadListed | Search | NamesRevealed => {
            ("Kortet visades (maskerat)", "The record was shown (masked)")
        }
        FieldRevealed | FieldCopied => ("Uppgift visades", "Data was shown"),
        PersonEdited | NoteAdded => ("Uppgifter ändrades", "Data was changed"),
        PersonRectified => ("Uppgift rättades", "Data was rectified"),
        ProtectionChanged => ("Skyddsmarkering ändrades", "Protection marking changed"),
        RestrictionSet | RestrictionLifted => {
            ("Begränsning av behandling", "Restriction of processing")
        }
        EmergencyAccess => ("Nödåtkomst", "Emergency access"),
        Lookup => ("Förfrågan i receptionen", "Reception lookup"),
        Assigned | Unassigned | Reassigned => ("Handläggare ändrades", "Case handler changed"),
        RequestOpened | RequestVerified | RequestExtended | RequestClosed | RequestsListed => {
            ("Din begäran handlades", "Your request was handled")
        }
        HarmAssessed => ("Menprövning", "Harm assessment"),
        ExtractProduced => ("Registerutdrag framställdes", "An extract was produced"),
        DisclosureRecorded => ("Utlämnande registrerades", "A disclosure was recorded"),
        ConsentRecorded | ConsentWithdrawn => ("Samtycke", "Consent"),
        ObjectionRecorded | ObjectionOverridden => ("Invändning", "Objection"),
        HistoryRevealed => ("Tidigare värden visades", "Earlier values were shown"),
        RecipientsNotified => ("Mottagare underrättades", "Recipients were notified"),
        PersonErased => ("Uppgifter raderades", "Data was erased"),
        PersonErasedByRule => (
            "Uppgifter gallrades",
            "Data was erased under a retention rule",
        ),
        VaultCreated
        | Login
        | LoginFailed
        | LockedOut
        | LoginRefusedLocked
        | Lock
        | PasswordChanged
        | Recovered
        | UserAdded
        | UserListed
        | UserDisabled
        | UserEnabled
        | PasswordReset
        | UserUnlocked
        | SettingsChanged
        | LogViewed
        | LogVerified
        | AccessListed
        | AccessGranted
        | AccessRevoked
        | GrantRejected
        | KeysRotated
        | DatabaseKeyRotated
        | VaultMigrated
        | SettingsViewed
        | KeysHandedOver
        | RecoveryCodeRotated
        | AssignmentsListed
        | AccountEdited
        | LogReviewed
        | SampleDrawn
        | LogTasksListed
        | LogReportProduced
        | LogBundleExported
        | LogBundlesImported
        | IncidentOpened
        | IncidentUpdated
        | IncidentsListed
        | IncidentViewed
        | RegisterChanged
        | RegisterExported
        | RetentionRuleChanged
        | RetentionRulesListed
        | RetentionSweepListed
        | DestructionProposed
        | DestructionApproved
        | DestructionsListed
        | DestructionCertificateWritten
        | DestructionCertificateChecked
        | BackupWritten
        | VaultRestored
        | RestoreAccepted
        | ImportChecked
        | PersonsImported
        | ReceptionRegisterExported
        | DeskLogReviewed => ("Annan behandling", "Other processing"),
    };
    t(lang, sv, en)
}

fn role_label(lang: Lang, role: &str) -> String {
    match crate::Role::parse(role) {
        Some(crate::Role::Handlaggare) => t(lang, "Handläggare", "Case handler"),
        Some(crate::Role::Reception) => t(lang, "Reception", "Reception"),
        Some(crate::Role::Granskare) => t(lang, "Logggranskare", "Log reviewer"),
        Some(crate::Role::Admin) => t(lang, "Administratör", "Administrator"),
        _ => t(lang, "Personal", "Staff"),
    }
}

fn purpose_label(lang: Lang, logged: &str, purposes: &[PurposeEntry]) -> String {
    // Only the code: a purpose note is staff's free text, not part of the answer.
    let code = logged.split(':').next().unwrap_or("").trim();
    match purposes.iter().find(|p| p.code == code) {
        Some(p) => match lang {
            Lang::Sv => p.sv.clone(),
            Lang::En => p.en.clone(),
        },
        None => t(lang, "Handläggning", "Case work"),
    }
}

fn legal_basis_label(lang: Lang, b: LegalBasis) -> String {
    use LegalBasis::*;
    let (sv, en) = match b {
        Consent => ("Samtycke (art. 6.1 a)", "Consent (art. 6(1)(a))"),
        Contract => ("Avtal (art. 6.1 b)", "Contract (art. 6(1)(b))"),
        LegalObligation => (
            "Rättslig förpliktelse (art. 6.1 c)",
            "Legal obligation (art. 6(1)(c))",
        ),
        VitalInterests => (
            "Grundläggande intresse (art. 6.1 d)",
            "Vital interests (art. 6(1)(d))",
        ),
        PublicTask => (
            "Uppgift av allmänt intresse eller myndighetsutövning (art. 6.1 e)",
            "Public task (art. 6(1)(e))",
        ),
        LegitimateInterests => (
            "Berättigat intresse (art. 6.1 f)",
            "Legitimate interests (art. 6(1)(f))",
        ),
    };
    t(lang, sv, en)
}

fn section(key: &'static str, heading: String, items: Vec<Item>) -> Section {
    Section {
        key,
        heading,
        empty: items.is_empty(),
        items,
    }
}

fn item(label: String, value: impl Into<String>) -> Item {
    Item {
        label,
        value: value.into(),
    }
}

/// The words an empty section shows.
pub fn nothing(lang: Lang) -> String {
    t(lang, "Ingen uppgift", "No information")
}

/// Portability (art. 20) only where the basis is consent or contract and the request asks for it.
pub fn kind_for(request: RequestKind, basis: Option<LegalBasis>) -> ExtractKind {
    match (request, basis) {
        (RequestKind::Portability, Some(LegalBasis::Consent | LegalBasis::Contract)) => {
            ExtractKind::Portability
        }
        _ => ExtractKind::AccessCopy,
    }
}

/// Builds the document. Withheld fields and (without a decision) contacts are left out here.
pub fn build(src: &Sources<'_>, opts: &ExtractOptions) -> ExtractDocument {
    let lang = opts.lang.unwrap_or(Lang::Sv);
    let r = src.record;
    let withheld = |f: Field| opts.withheld.iter().any(|w| w.field == f);
    let third_parties = opts.third_parties_reason.is_some();
    let kind = kind_for(src.request_kind, r.legal_basis);
    let title = match kind {
        ExtractKind::AccessCopy => t(
            lang,
            "Registerutdrag enligt artikel 15 dataskyddsförordningen",
            "Copy of personal data under Article 15 GDPR",
        ),
        ExtractKind::Portability => t(
            lang,
            "Dataportabilitet enligt artikel 20 dataskyddsförordningen",
            "Data portability under Article 20 GDPR",
        ),
    };
    let purpose_words = t(lang, "registerutdrag", "data-subject access");
    let watermark = format!(
        "{}: {} · {} · {}: {} · {}: {}",
        t(lang, "Framställt av", "Produced by"),
        src.produced_by,
        src.produced_at,
        t(lang, "begäran", "request"),
        src.request_id,
        t(lang, "ändamål", "purpose"),
        purpose_words
    );

    let mut sections = Vec::new();
    // The covering text: no value of the person (never the address), only the ref and the request.
    sections.push(section(
        "confirmation",
        t(lang, "Bekräftelse", "Confirmation"),
        vec![item(
            t(lang, "Svar", "Answer"),
            t(
                lang,
                "Vi bekräftar att vi behandlar personuppgifter om dig. Nedan finns de uppgifter vi har om dig och information om behandlingen.",
                "We confirm that we process personal data about you. Below are the data we hold about you and information about the processing.",
            ),
        ), item(t(lang, "Ärende", "Reference"), format!("{} ({})", src.request_id, src.person_ref))],
    ));

    let mut values = Vec::new();
    for &f in Field::ALL {
        if withheld(f) || (f == Field::Contacts && !third_parties) {
            continue;
        }
        let v = match f {
            Field::Contacts => r
                .contacts
                .iter()
                .map(|c| {
                    [
                        Some(c.name.as_str()),
                        c.relation.as_deref(),
                        c.phone.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
                })
                .collect::<Vec<_>>()
                .join("; "),
            _ => mask::value(r, f).unwrap_or_default(),
        };
        if !v.trim().is_empty() {
            values.push(item(field_label(lang, f), v));
        }
    }
    if !withheld(Field::Notes) {
        for j in src.journal {
            values.push(item(
                format!(
                    "{} {}",
                    t(lang, "Journalanteckning", "Journal entry"),
                    &j.at[..10.min(j.at.len())]
                ),
                j.text.clone(),
            ));
        }
    }
    if let Some(kind) = r.protection.kind {
        values.push(item(
            t(lang, "Skydd", "Protection"),
            mask::protection_label(Some(kind)).replace('_', " "),
        ));
    }
    sections.push(section(
        "values",
        t(lang, "Uppgifter vi har om dig", "Data we hold about you"),
        values,
    ));

    let mut purposes = Vec::new();
    if let Some(p) = &r.purpose {
        purposes.push(item(t(lang, "Ändamål", "Purpose"), p.clone()));
    }
    if let Some(b) = r.legal_basis {
        purposes.push(item(
            t(lang, "Rättslig grund", "Legal basis"),
            legal_basis_label(lang, b),
        ));
    }
    sections.push(section(
        "purposes",
        t(
            lang,
            "Ändamål och rättslig grund",
            "Purposes and legal basis",
        ),
        purposes,
    ));

    let mut categories: Vec<Item> = Vec::new();
    for &f in Field::ALL {
        let held = match f {
            Field::Contacts => !r.contacts.is_empty(),
            Field::Notes => !src.journal.is_empty() || r.notes.is_some(),
            _ => mask::value(r, f).is_some_and(|v| !v.is_empty()),
        };
        if !held {
            continue;
        }
        let label = f.category().as_str().to_string();
        if categories.iter().any(|c| c.label == label) {
            continue;
        }
        let art9 = if f.is_art9() {
            t(
                lang,
                "känslig personuppgift (art. 9)",
                "special category (art. 9)",
            )
        } else {
            t(lang, "vanlig personuppgift", "ordinary personal data")
        };
        categories.push(item(label, art9));
    }
    sections.push(section(
        "categories",
        t(lang, "Kategorier av uppgifter", "Categories of data"),
        categories,
    ));

    let recipients = src
        .rights
        .disclosures
        .iter()
        .map(|d| {
            let cats: Vec<String> = d.categories.iter().map(|f| field_label(lang, *f)).collect();
            item(
                d.recipient.clone(),
                format!("{} · {} · {}", d.date, d.legal_ground, cats.join(", ")),
            )
        })
        .collect();
    sections.push(section(
        "recipients",
        t(lang, "Mottagare", "Recipients"),
        recipients,
    ));

    let storage = vec![item(
        t(lang, "Lagringstid", "Storage period"),
        match &r.retain_until {
            Some(d) => format!("{} {d}", t(lang, "Uppgifterna sparas till", "The data is kept until")),
            None => t(
                lang,
                "Uppgifterna sparas så länge ärendet pågår och därefter enligt kommunens gallringsregler (socialtjänstens akter gallras fem år efter sista anteckningen).",
                "The data is kept while the matter is open and then under the municipality's retention rules (social services files are deleted five years after the last note).",
            ),
        },
    )];
    sections.push(section(
        "storage",
        t(
            lang,
            "Hur länge uppgifterna sparas",
            "How long the data is kept",
        ),
        storage,
    ));

    sections.push(section(
        "rights",
        t(lang, "Dina rättigheter", "Your rights"),
        vec![
            item(t(lang, "Rättelse", "Rectification"), t(lang, "Du har rätt att få felaktiga uppgifter rättade (art. 16).", "You may have inaccurate data rectified (art. 16).")),
            item(t(lang, "Radering", "Erasure"), t(lang, "Du har rätt att få uppgifter raderade när det inte finns skyldighet att spara dem (art. 17).", "You may have data erased where there is no duty to keep it (art. 17).")),
            item(t(lang, "Begränsning", "Restriction"), t(lang, "Du har rätt att begära att behandlingen begränsas (art. 18).", "You may ask for processing to be restricted (art. 18).")),
            item(t(lang, "Invändning", "Objection"), t(lang, "Du har rätt att invända mot behandling som grundas på allmänt intresse eller berättigat intresse (art. 21).", "You may object to processing based on a public task or legitimate interests (art. 21).")),
        ],
    ));
    sections.push(section(
        "complaint",
        t(lang, "Klagomål", "Complaints"),
        vec![item(
            t(lang, "Tillsynsmyndighet", "Supervisory authority"),
            format!(
                "{} {IMY_ADDRESS}",
                t(lang, "Du kan klaga till", "You may complain to")
            ),
        )],
    ));
    sections.push(section(
        "source",
        t(lang, "Varifrån uppgifterna kommer", "Where the data comes from"),
        vec![item(
            t(lang, "Källa", "Source"),
            t(
                lang,
                "Uppgifterna har lämnats av dig eller i ditt ärende. Identitets- och skyddsuppgifter kommer från folkbokföringen (Skatteverket).",
                "The data was given by you or in your case. Identity and protection data comes from the population register (Skatteverket).",
            ),
        )],
    ));
    sections.push(section(
        "automated",
        t(
            lang,
            "Automatiserat beslutsfattande",
            "Automated decision-making",
        ),
        vec![item(
            t(lang, "Profilering", "Profiling"),
            t(
                lang,
                "Inga beslut fattas automatiskt och ingen profilering sker.",
                "No decisions are made automatically and there is no profiling.",
            ),
        )],
    ));

    let names = opts.staff_names_reason.is_some();
    let accesses = src
        .accesses
        .iter()
        .filter(|e| e.outcome == "allowed")
        .map(|e| {
            let who = if names {
                e.actor.clone()
            } else {
                role_label(lang, &e.role)
            };
            let purpose = e
                .purpose
                .as_deref()
                .filter(|_| {
                    matches!(
                        Action::parse(&e.action),
                        Some(Action::FieldRevealed | Action::FieldCopied | Action::NamesRevealed)
                    )
                })
                .map(|p| purpose_label(lang, p, src.purposes));
            let mut value = format!("{} · {who}", action_label(lang, &e.action));
            if let Some(p) = purpose {
                value.push_str(&format!(" · {p}"));
            }
            item(e.at[..10.min(e.at.len())].to_string(), value)
        })
        .collect();
    sections.push(section(
        "accesses",
        t(
            lang,
            "Vem som har tagit del av uppgifterna",
            "Who has accessed the data",
        ),
        accesses,
    ));

    let mut omitted: Vec<Item> = opts
        .withheld
        .iter()
        .map(|w| {
            item(
                w.field.category().as_str().to_string(),
                format!("{} — {}", field_label(lang, w.field), w.ground),
            )
        })
        .collect();
    if !third_parties && !r.contacts.is_empty() {
        omitted.push(item(
            Field::Contacts.category().as_str().to_string(),
            t(
                lang,
                "Uppgifter om andra personer lämnas inte ut (sekretess till skydd för tredje man).",
                "Data about other people is not given out (secrecy protecting third parties).",
            ),
        ));
    }
    sections.push(section(
        "withheld",
        t(lang, "Uppgifter som inte lämnas ut", "Data not given out"),
        omitted,
    ));

    ExtractDocument {
        format_version: 1,
        kind,
        title,
        lang,
        request_id: src.request_id.into(),
        person_ref: src.person_ref.into(),
        watermark,
        sections,
    }
}

/// The JSON file.
pub fn to_json(doc: &ExtractDocument) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(doc).unwrap_or_default();
    out.push(b'\n');
    out
}
