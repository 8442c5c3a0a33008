//! What the vault keeps about a person's data-subject rights: requests and their steps, harm
//! assessments, disclosures, consents, objections, restriction orders, rectified values and art. 19
//! notifications. All of it is sealed inside the person's record (under the records key), so only the
//! handlers who may open the person can read it; the database key alone shows nothing.

use serde::{Deserialize, Serialize};

use crate::records::Field;

crate::named! {
    /// The right a request is about.
    pub enum RequestKind {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Restriction = "restriction",
        Objection = "objection",
        ConsentWithdrawal = "consent_withdrawal",
        Portability = "portability",
    }
}

crate::named! {
    /// How the request came in.
    pub enum Channel {
        InPerson = "in_person",
        Letter = "letter",
        Other = "other",
    }
}

crate::named! {
    /// Where a request stands. Open ones are answered by their due date.
    pub enum RequestStatus {
        Received = "received",
        IdentityVerified = "identity_verified",
        InProgress = "in_progress",
        Extended = "extended",
        Completed = "completed",
        PartiallyRefused = "partially_refused",
        Refused = "refused",
        Withdrawn = "withdrawn",
    }
}

impl RequestStatus {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received | Self::IdentityVerified | Self::InProgress | Self::Extended
        )
    }
}

crate::named! {
    /// How the person's identity was checked (in person, for protected identities).
    pub enum IdentityMethod {
        IdDocument = "id_document",
        KnownToStaff = "known_to_staff",
        Other = "other",
    }
}

crate::named! {
    /// Why a request is refused, wholly or in part.
    pub enum RefusalGround {
        /// Art. 12(5): manifestly unfounded or excessive.
        Art12_5 = "art12_5",
        /// Art. 17(3)(b): a legal obligation to keep the data.
        Art17_3B = "art17_3b",
        /// Art. 17(3)(e): legal claims.
        Art17_3E = "art17_3e",
        /// Secrecy under offentlighets- och sekretesslagen (2009:400).
        OslSecrecy = "osl_secrecy",
    }
}

crate::named! {
    /// The outcome of a harm assessment (menprövning) before a disclosure.
    pub enum HarmOutcome {
        /// No harm: the data may be given out.
        NoHarm = "no_harm",
        /// Given out in part: what would harm is withheld.
        Partial = "partial",
        /// Harm: nothing is given out.
        Harm = "harm",
    }
}

crate::named! {
    /// The grounds of art. 18(1).
    pub enum RestrictionGround {
        /// (a) the accuracy is contested.
        Accuracy = "a18_1_a",
        /// (b) unlawful processing, erasure opposed.
        Unlawful = "a18_1_b",
        /// (c) needed by the person for legal claims.
        LegalClaims = "a18_1_c",
        /// (d) an objection is being verified.
        ObjectionPending = "a18_1_d",
    }
}

crate::named! {
    /// Why a person's data is erased.
    pub enum ErasureReason {
        Request = "request",
        ConsentWithdrawn = "consent_withdrawn",
        PurposeEnded = "purpose_ended",
    }
}

crate::named! {
    /// How a consent was given or withdrawn.
    pub enum ConsentMethod {
        Written = "written",
        Oral = "oral",
        Digital = "digital",
    }
}

/// Who did a step, and when (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: String,
    pub at: String,
}

/// One transition of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub status: RequestStatus,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCheck {
    pub by: String,
    pub at: String,
    pub how: IdentityMethod,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub by: String,
    pub at: String,
    pub reason: String,
    /// The day the person was told (within the first month).
    pub person_told_on: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub ground: RefusalGround,
    pub text: String,
}

/// One data-subject request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: String,
    pub kind: RequestKind,
    /// YYYY-MM-DD
    pub received: String,
    pub channel: Channel,
    pub status: RequestStatus,
    /// The day the answer is due (YYYY-MM-DD), moved by an extension.
    pub due: String,
    #[serde(default)]
    pub identity_check: Option<IdentityCheck>,
    #[serde(default)]
    pub extension: Option<Extension>,
    #[serde(default)]
    pub refusal: Option<Refusal>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// A recorded harm assessment (menprövning) for a disclosure of a person with protected identity.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HarmAssessment {
    pub id: u32,
    pub by: String,
    pub at: String,
    pub outcome: HarmOutcome,
    pub reason: String,
    #[serde(default)]
    pub request_id: Option<String>,
}

/// One disclosure (utlämnande) of the person's data to a recipient.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub id: u32,
    pub recipient: String,
    /// YYYY-MM-DD
    pub date: String,
    pub legal_ground: String,
    pub categories: Vec<Field>,
    pub decided_by: String,
    pub recorded_at: String,
}

/// A consent to one purpose, and its withdrawal.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub purpose: String,
    pub notice_version: String,
    pub given_at: String,
    pub method: ConsentMethod,
    pub recorded_by: String,
    #[serde(default)]
    pub withdrawn: Option<ConsentWithdrawal>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentWithdrawal {
    pub at: String,
    pub how: ConsentMethod,
    pub recorded_by: String,
}

/// An objection (art. 21) to processing for one purpose; it stops that processing until a handler
/// records compelling legitimate grounds.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub purpose: String,
    pub at: String,
    pub recorded_by: String,
    pub reason: String,
    #[serde(default)]
    pub overridden: Option<Override>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub at: String,
    pub by: String,
    pub grounds: String,
}

/// One restriction of processing (art. 18), from the order to its lift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionOrder {
    pub ground: RestrictionGround,
    pub requester: String,
    /// YYYY-MM-DD
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    pub set_by: String,
    #[serde(default)]
    pub lifted: Option<Lift>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lift {
    pub by: String,
    pub at: String,
    /// The day the person was told the restriction would be lifted.
    pub person_told_on: String,
}

/// An old value replaced by a rectification, kept sealed with who, when and why.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectified {
    pub field: Field,
    pub old_value: String,
    pub by: String,
    pub at: String,
    pub reason: String,
}

/// Recipients told of a rectification, erasure or restriction (art. 19).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub at: String,
    pub by: String,
    pub recipients: Vec<String>,
    pub about: RequestKind,
}

/// An extract that was produced: for which request, in what form, and the handler's decisions.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractRecord {
    pub request_id: String,
    pub at: String,
    pub by: String,
    /// `pdf`, `json` or `preview`.
    pub form: String,
    #[serde(default)]
    pub staff_names_reason: Option<String>,
    #[serde(default)]
    pub third_parties_reason: Option<String>,
    #[serde(default)]
    pub withheld: Vec<(Field, String)>,
}

/// Everything about the person's rights, sealed with the record.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRights {
    #[serde(default)]
    pub requests: Vec<Request>,
    #[serde(default)]
    pub harm_assessments: Vec<HarmAssessment>,
    #[serde(default)]
    pub disclosures: Vec<Disclosure>,
    #[serde(default)]
    pub consents: Vec<Consent>,
    #[serde(default)]
    pub objections: Vec<Objection>,
    #[serde(default)]
    pub restrictions: Vec<RestrictionOrder>,
    #[serde(default)]
    pub history: Vec<Rectified>,
    #[serde(default)]
    pub notifications: Vec<Notification>,
    #[serde(default)]
    pub extracts: Vec<ExtractRecord>,
}

// Nothing of these reaches a log through Debug.
macro_rules! redacted_debug {
    ($($t:ty),+) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($t), "(**redacted**)"))
            }
        }
    )+};
}
redacted_debug!(
    Extension,
    Refusal,
    Request,
    HarmAssessment,
    Disclosure,
    Consent,
    ConsentWithdrawal,
    Objection,
    Override,
    RestrictionOrder,
    Lift,
    Rectified,
    Notification,
    ExtractRecord,
    PersonRights
);

impl PersonRights {
    pub fn is_empty(&self) -> bool {
        *self == PersonRights::default()
    }

    pub fn request(&self, id: &str) -> Option<&Request> {
        self.requests.iter().find(|r| r.id == id)
    }

    pub fn request_mut(&mut self, id: &str) -> Option<&mut Request> {
        self.requests.iter_mut().find(|r| r.id == id)
    }

    /// Whether processing for `purpose` is stopped: consent withdrawn where consent is the basis, or
    /// an objection no compelling grounds override. Returns the reason for the refusal.
    pub fn blocks(
        &self,
        purpose: &str,
        basis: Option<crate::records::LegalBasis>,
    ) -> Option<&'static str> {
        use crate::records::LegalBasis;
        if basis == Some(LegalBasis::Consent) {
            let mine: Vec<&Consent> = self
                .consents
                .iter()
                .filter(|c| c.purpose == purpose)
                .collect();
            if !mine.is_empty() && mine.iter().all(|c| c.withdrawn.is_some()) {
                return Some("the person has withdrawn the consent this processing relies on");
            }
        }
        if self
            .objections
            .iter()
            .any(|o| o.purpose == purpose && o.overridden.is_none())
        {
            return Some(
                "the person has objected to this processing; a handler must record compelling \
                 legitimate grounds first",
            );
        }
        None
    }

    /// The harm assessment that clears a disclosure for `request_id` (the newest one recorded for
    /// it), if any.
    pub fn harm_assessment_for(&self, request_id: &str) -> Option<&HarmAssessment> {
        self.harm_assessments
            .iter()
            .rev()
            .find(|h| h.request_id.as_deref() == Some(request_id))
    }

    /// Every distinct recipient of a disclosure (for the extract and art. 19).
    pub fn recipients(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in &self.disclosures {
            if !out.contains(&d.recipient) {
                out.push(d.recipient.clone());
            }
        }
        out
    }

    /// The restriction order in force, if any.
    pub fn open_restriction_mut(&mut self) -> Option<&mut RestrictionOrder> {
        self.restrictions
            .iter_mut()
            .rev()
            .find(|r| r.lifted.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::LegalBasis;

    fn consent(withdrawn: bool) -> Consent {
        Consent {
            purpose: "stodsamtal".into(),
            notice_version: "1".into(),
            given_at: "2026-01-01".into(),
            method: ConsentMethod::Written,
            recorded_by: "h".into(),
            withdrawn: withdrawn.then(|| ConsentWithdrawal {
                at: "2026-02-01".into(),
                how: ConsentMethod::Oral,
                recorded_by: "h".into(),
            }),
        }
    }

    #[test]
    fn a_withdrawn_consent_blocks_only_where_consent_is_the_basis() {
        let mut r = PersonRights::default();
        r.consents.push(consent(false));
        assert_eq!(r.blocks("stodsamtal", Some(LegalBasis::Consent)), None);
        r.consents[0] = consent(true);
        assert!(r.blocks("stodsamtal", Some(LegalBasis::Consent)).is_some());
        assert_eq!(r.blocks("stodsamtal", Some(LegalBasis::PublicTask)), None);
        assert_eq!(r.blocks("annat", Some(LegalBasis::Consent)), None);
        // A new consent after the withdrawal opens it again.
        r.consents.push(consent(false));
        assert_eq!(r.blocks("stodsamtal", Some(LegalBasis::Consent)), None);
    }

    #[test]
    fn an_objection_blocks_until_compelling_grounds_are_recorded() {
        let mut r = PersonRights::default();
        r.objections.push(Objection {
            purpose: "uppfoljning".into(),
            at: "2026-01-01".into(),
            recorded_by: "h".into(),
            reason: "vill inte".into(),
            overridden: None,
        });
        assert!(r
            .blocks("uppfoljning", Some(LegalBasis::PublicTask))
            .is_some());
        assert_eq!(r.blocks("handlaggning", Some(LegalBasis::PublicTask)), None);
        r.objections[0].overridden = Some(Override {
            at: "2026-01-02".into(),
            by: "h".into(),
            grounds: "tvingande skäl".into(),
        });
        assert_eq!(r.blocks("uppfoljning", Some(LegalBasis::PublicTask)), None);
    }
}
