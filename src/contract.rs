//! The UI's contract, generated from the core's own declarations: every name the UI shows or sends
//! (error codes, rules, actions, roles, fields, purposes, settings, limits). `tests/ui_contract.rs`
//! renders it and compares with the committed `ui/generated/contract.js`, so the UI, the mock it is
//! checked against and the core cannot drift apart (`UPDATE_CONTRACT=1 cargo test --test ui_contract`
//! writes it).

use serde_json::{json, Map, Value};

use crate::audit::review::TaskKind;
use crate::audit::{Action, FlagCode, Outcome, ReviewOutcome};
use crate::auth::password_policy::PasswordRule;
use crate::auth::Role;
use crate::duties::incident_form::IncidentFormat;
use crate::duties::register::RegisterFormat;
use crate::duties::{incident, retention, sweep};
use crate::error::ErrorCode;
use crate::identity::IdentityRule;
use crate::input::{Input, Rule};
use crate::limits;
use crate::policy::{self, Operation};
use crate::records::purpose::PURPOSES;
use crate::records::{Category, Field, LegalBasis, ProtectionKind, ReviewStatus};
use crate::rights;
use crate::session::ReportFormat;
use crate::settings::{SettingKind, SettingName};

/// Where the generated file lives, relative to the workspace root.
pub const PATH: &str = "ui/generated/contract.js";

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Value {
    Value::from(all.iter().map(|&v| name(v)).collect::<Vec<_>>())
}

/// Each list as one `export const`, in a fixed order.
fn sections() -> Vec<(&'static str, &'static str, Value)> {
    let fields = Field::ALL
        .iter()
        .map(|f| {
            json!({
                "name": f.as_str(),
                "category": f.category().as_str(),
                "art9": f.is_art9(),
                "mask": f.default_mask().as_str(),
            })
        })
        .collect::<Vec<_>>();
    let purposes = PURPOSES
        .iter()
        .map(|p| json!({"code": p.code, "sv": p.sv, "en": p.en, "strict": p.strict}))
        .collect::<Vec<_>>();
    let settings = SettingName::ALL
        .iter()
        .map(|n| {
            let mut o = Map::new();
            o.insert("name".into(), n.as_str().into());
            match n.kind() {
                SettingKind::Number { min, max } => {
                    o.insert("kind".into(), "number".into());
                    o.insert("min".into(), min.into());
                    o.insert("max".into(), max.into());
                }
                SettingKind::Flag => {
                    o.insert("kind".into(), "flag".into());
                }
            }
            Value::Object(o)
        })
        .collect::<Vec<_>>();
    // Which account roles may ever call each operation: the mock refuses the rest as the core does.
    let operations = Operation::ALL
        .iter()
        .map(|&op| {
            let roles = Role::ACCOUNTS
                .iter()
                .filter(|&&r| policy::ever_allowed(r, op))
                .map(|r| r.as_str())
                .collect::<Vec<_>>();
            json!({"name": op.as_str(), "action": op.action().as_str(), "roles": roles})
        })
        .collect::<Vec<_>>();
    let limits = json!({
        "REVEAL_SECONDS": limits::REVEAL_SECONDS,
        "CLIPBOARD_SECONDS": limits::CLIPBOARD_SECONDS,
        "MIN_JUSTIFICATION": limits::MIN_JUSTIFICATION,
        "MIN_REASON": limits::MIN_REASON,
        "MAX_TEXT": limits::MAX_TEXT,
        "SEARCH_LIMIT": limits::SEARCH_LIMIT,
        "MAX_NAME_PREFIX": limits::MAX_NAME_PREFIX,
        "REVIEW_SOON_DAYS": limits::REVIEW_SOON_DAYS,
        "MAX_ACCOUNT_DETAIL": limits::MAX_ACCOUNT_DETAIL,
        "MAX_NOTE": limits::MAX_NOTE,
        "IDLE_WARNING_SECONDS": limits::IDLE_WARNING_SECONDS,
    });
    vec![
        (
            "ERROR_CODES",
            "Every error code a command can fail with.",
            names(ErrorCode::ALL, ErrorCode::as_str),
        ),
        (
            "INPUTS",
            "What an INVALID_INPUT error names as its `field`.",
            names(Input::ALL, Input::as_str),
        ),
        (
            "RULES",
            "What an INVALID_INPUT error names as its `rule`.",
            names(Rule::ALL, Rule::as_str),
        ),
        (
            "IDENTITY_RULES",
            "The `rule` of an INVALID_IDENTITY_NUMBER error.",
            names(IdentityRule::ALL, IdentityRule::as_str),
        ),
        (
            "PASSWORD_RULES",
            "The `rule` of a WEAK_PASSWORD error.",
            names(PasswordRule::ALL, PasswordRule::as_str),
        ),
        (
            "ACTIONS",
            "Every action the access log records.",
            names(Action::ALL, Action::as_str),
        ),
        (
            "OUTCOMES",
            "The outcome of a log entry.",
            names(Outcome::ALL, Outcome::as_str),
        ),
        (
            "ROLES",
            "The roles an account can have.",
            names(&Role::ACCOUNTS, Role::as_str),
        ),
        (
            "LOG_ROLES",
            "The roles a log entry's actor can have (the recovery code acts too).",
            names(Role::ALL, Role::as_str),
        ),
        (
            "OPERATIONS",
            "Each operation, its log action and the roles that may ever call it.",
            Value::from(operations),
        ),
        (
            "FIELDS",
            "The person fields with their category, art. 9 flag and default mask.",
            Value::from(fields),
        ),
        (
            "CATEGORIES",
            "The categories of personal data.",
            names(Category::ALL, Category::as_str),
        ),
        (
            "PROTECTION_KINDS",
            "The kinds of protection marking.",
            names(ProtectionKind::ALL, ProtectionKind::as_str),
        ),
        (
            "REVIEW_STATUSES",
            "How a protection's review date stands (the card, the caseload, the watch list).",
            names(ReviewStatus::ALL, ReviewStatus::as_str),
        ),
        (
            "LEGAL_BASES",
            "The legal bases of GDPR art. 6.",
            names(LegalBasis::ALL, LegalBasis::as_str),
        ),
        (
            "REQUEST_KINDS",
            "The rights a data-subject request is about.",
            names(rights::RequestKind::ALL, rights::RequestKind::as_str),
        ),
        (
            "REQUEST_STATUSES",
            "Where a request stands.",
            names(rights::RequestStatus::ALL, rights::RequestStatus::as_str),
        ),
        (
            "OPEN_REQUEST_STATUSES",
            "The statuses of a request still to be answered.",
            Value::from(
                rights::RequestStatus::ALL
                    .iter()
                    .filter(|s| s.is_open())
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "REQUEST_CHANNELS",
            "How a request came in.",
            names(rights::Channel::ALL, rights::Channel::as_str),
        ),
        (
            "IDENTITY_METHODS",
            "How the person's identity was checked.",
            names(rights::IdentityMethod::ALL, rights::IdentityMethod::as_str),
        ),
        (
            "REFUSAL_GROUNDS",
            "Why a request is refused, wholly or in part.",
            names(rights::RefusalGround::ALL, rights::RefusalGround::as_str),
        ),
        (
            "HARM_OUTCOMES",
            "The outcomes of a harm assessment.",
            names(rights::HarmOutcome::ALL, rights::HarmOutcome::as_str),
        ),
        (
            "RESTRICTION_GROUNDS",
            "The grounds of GDPR art. 18(1).",
            names(
                rights::RestrictionGround::ALL,
                rights::RestrictionGround::as_str,
            ),
        ),
        (
            "ERASURE_REASONS",
            "Why a person's data is erased.",
            names(rights::ErasureReason::ALL, rights::ErasureReason::as_str),
        ),
        (
            "CONSENT_METHODS",
            "How a consent is given or withdrawn.",
            names(rights::ConsentMethod::ALL, rights::ConsentMethod::as_str),
        ),
        (
            "EXTRACT_FORMATS",
            "The formats an extract is written in.",
            names(rights::ExtractFormat::ALL, rights::ExtractFormat::as_str),
        ),
        (
            "EXTRACT_LANGS",
            "The languages an extract is written in.",
            names(rights::Lang::ALL, rights::Lang::as_str),
        ),
        (
            "FLAG_CODES",
            "The log review's flags, a broken chain first (the core explains each, with its threshold).",
            names(FlagCode::ALL, FlagCode::as_str),
        ),
        (
            "REVIEW_OUTCOMES",
            "What a log review can find.",
            names(ReviewOutcome::ALL, ReviewOutcome::as_str),
        ),
        (
            "TASK_KINDS",
            "Why a task is on the log reviewer's worklist.",
            names(TaskKind::ALL, TaskKind::as_str),
        ),
        (
            "REPORT_FORMATS",
            "The formats of the monthly log review report.",
            names(ReportFormat::ALL, ReportFormat::as_str),
        ),
        (
            "INCIDENT_KINDS",
            "The kinds of a personal-data incident (confidentiality, integrity, availability).",
            names(incident::BreachKind::ALL, incident::BreachKind::as_str),
        ),
        (
            "INCIDENT_SEVERITIES",
            "How severe an incident is judged.",
            names(incident::Severity::ALL, incident::Severity::as_str),
        ),
        (
            "INCIDENT_STATUSES",
            "Where an incident stands.",
            names(incident::IncidentStatus::ALL, incident::IncidentStatus::as_str),
        ),
        (
            "DOCUMENT_FORMATS",
            "The formats an incident or a destruction certificate is written in.",
            names(IncidentFormat::ALL, IncidentFormat::as_str),
        ),
        (
            "REGISTER_FORMATS",
            "The formats of the register of processing activities (art. 30).",
            names(RegisterFormat::ALL, RegisterFormat::as_str),
        ),
        (
            "RETENTION_ANCHORS",
            "The events a retention period runs from.",
            names(retention::Anchor::ALL, retention::Anchor::as_str),
        ),
        (
            "RETENTION_EXCEPTIONS",
            "What keeps a file although its period has run out, as set on the card.",
            names(retention::Exception::ALL, retention::Exception::as_str),
        ),
        (
            "RETENTION_HOLDS",
            "Why the sweep keeps a file whose period has run out.",
            names(sweep::Hold::ALL, sweep::Hold::as_str),
        ),
        (
            "RETENTION_STANDINGS",
            "Where a file stands under its retention rule.",
            names(sweep::Standing::ALL, sweep::Standing::as_str),
        ),
        (
            "CERTIFICATE_PROBLEMS",
            "Why a destruction certificate does not hold against this vault.",
            names(
                sweep::CertificateProblem::ALL,
                sweep::CertificateProblem::as_str,
            ),
        ),
        (
            "DESTRUCTION_STATUSES",
            "Where a destruction list stands.",
            names(sweep::DestructionStatus::ALL, sweep::DestructionStatus::as_str),
        ),
        (
            "IMPORT_FIELDS",
            "The person fields a participant list's columns can fill.",
            names(
                crate::import::ImportField::ALL,
                crate::import::ImportField::as_str,
            ),
        ),
        (
            "IMPORT_RULES",
            "Problems only an import reports (besides the input rules and identity-number rules).",
            names(
                crate::import::ImportRule::ALL,
                crate::import::ImportRule::as_str,
            ),
        ),
        (
            "PURPOSES",
            "The purposes a reveal may state; art. 9 fields take only the strict ones.",
            Value::from(purposes),
        ),
        (
            "SETTINGS",
            "The settings an administrator can change, with their ranges.",
            Value::from(settings),
        ),
        (
            "LIMITS",
            "The limits the core enforces (the UI checks them early, the core again).",
            limits,
        ),
    ]
}

/// The file's text.
pub fn render() -> String {
    let mut out = String::from(
        "// @generated by the core (src/contract.rs): do not edit. Regenerate with\n\
         // UPDATE_CONTRACT=1 cargo test --test ui_contract\n",
    );
    for (name, doc, value) in sections() {
        let json = serde_json::to_string_pretty(&value).unwrap_or_default();
        out.push_str(&format!(
            "\n/** {doc} */\nexport const {name} = Object.freeze({json});\n"
        ));
    }
    out
}
