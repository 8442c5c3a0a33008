//! The role matrix: every session operation, run as every role, on a person assigned to the acting
//! user and on one that is not. The expected outcome is written out below, row by row — it is the
//! policy table of DESIGN.md, not a call to `policy::decide` — and every run must write exactly one
//! access-log entry, by the acting user, with the operation's action and the right outcome.
//!
//! A new `Operation` fails this test twice over: it has no runner (the `_` arm of `run`) and no row
//! in `TABLE`. The log is read through the raw connection, so this needs the `test-support` feature.

mod common;

use common::{password_of, INITIAL_PW, RECEPTION, SPARE};
use common::{raw, secret, synthetic_record, World, ADMIN, GRANSKARE, HANDLER, HANDLER2};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::policy::Operation;
use skyddsvalv::records::{Field, PersonPatch};
use skyddsvalv::{ErrorCode, Role, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allow,
    Deny,
}
use Expect::{Allow as A, Deny as D};

/// Column order of `TABLE`.
const COLUMNS: [(Role, Target); 9] = [
    (Role::Handlaggare, Target::Assigned),
    (Role::Handlaggare, Target::Unassigned),
    (Role::Reception, Target::Assigned),
    (Role::Reception, Target::Unassigned),
    (Role::Granskare, Target::Assigned),
    (Role::Granskare, Target::Unassigned),
    (Role::Admin, Target::Assigned),
    (Role::Admin, Target::Unassigned),
    (Role::Recovery, Target::Unassigned),
];

/// One row per operation: the action its log entry carries, then the outcome per column —
/// handläggare (assigned, unassigned), reception (a, u), granskare (a, u), admin (a, u), and the
/// recovery code. "Assigned" means assigned to the acting user; only a case handler can be assigned
/// a person.
#[rustfmt::skip]
const TABLE: &[(Operation, &str, [Expect; 9])] = &[
    //                                                      handl.  recept. gransk. admin  recovery
    (Operation::ChangeOwnPassword, "password_changed",     [A, A,   A, A,   A, A,   A, A,   D]),
    (Operation::AddUser,           "user_added",           [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::ListUsers,         "user_listed",          [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::DisableUser,       "user_disabled",        [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::EnableUser,        "user_enabled",         [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::ResetPassword,     "password_reset",       [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::UnlockUser,        "user_unlocked",        [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::ChangeSettings,    "settings_changed",     [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::Assign,            "assigned",             [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::Unassign,          "unassigned",           [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::CreatePerson,      "person_created",       [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::FindPersons,       "search",               [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::ShowPerson,        "person_viewed",        [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::EditPerson,        "person_edited",        [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::RevealField,       "field_revealed",       [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::CopyField,         "field_copied",         [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::EmergencyAccess,   "emergency_access",     [D, A,   D, D,   D, D,   D, D,   D]),
    (Operation::Lookup,            "lookup",               [D, D,   A, A,   D, D,   D, D,   D]),
    (Operation::ViewLog,           "log_viewed",           [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::VerifyLog,         "log_verified",         [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::ListPendingAccess, "access_listed",        [A, A,   D, D,   D, D,   A, A,   A]),
    (Operation::GrantAccess,       "access_granted",       [A, A,   D, D,   D, D,   D, D,   A]),
    (Operation::RevokeAccess,      "access_revoked",       [A, A,   D, D,   D, D,   A, A,   A]),
    (Operation::RotateKeys,        "keys_rotated",         [A, A,   D, D,   D, D,   D, D,   A]),
    (Operation::RectifyPerson,     "person_rectified",     [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::ChangeProtection,  "protection_changed",   [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::SetRestriction,    "restriction_set",      [A, D,   D, D,   D, D,   D, D,   D]),
    // Run on a restricted person: only the assigned handler may lift it.
    (Operation::LiftRestriction,   "restriction_lifted",   [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::ViewSettings,      "settings_viewed",      [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::HandOverKeys,      "keys_handed_over",     [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::RotateRecoveryCode, "recovery_code_rotated", [D, D,  D, D,   D, D,   A, A,   D]),
    (Operation::ListCaseload,      "caseload_listed",      [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::RevealNames,       "names_revealed",       [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::ListAssignments,   "assignments_listed",   [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::Reassign,          "reassigned",           [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::EditAccount,       "account_edited",       [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::AddNote,           "note_added",           [A, D,   D, D,   D, D,   D, D,   D]),
    // Data-subject requests: only the assigned handler (no emergency access opens them).
    (Operation::OpenRequest,       "request_opened",       [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::VerifyRequest,     "request_verified",     [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::ExtendRequest,     "request_extended",     [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::CloseRequest,      "request_closed",       [A, D,   D, D,   D, D,   D, D,   D]),
    // The worklist lists the handler's own persons: allowed for every handler.
    (Operation::ListRequests,      "requests_listed",      [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::AssessHarm,        "harm_assessed",        [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::ProduceExtract,    "extract_produced",     [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::RecordDisclosure,  "disclosure_recorded",  [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::RecordConsent,     "consent_recorded",     [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::WithdrawConsent,   "consent_withdrawn",    [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::RecordObjection,   "objection_recorded",   [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::OverrideObjection, "objection_overridden", [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::RevealHistory,     "history_revealed",     [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::NotifyRecipients,  "recipients_notified",  [A, D,   D, D,   D, D,   D, D,   D]),
    (Operation::ErasePerson,       "person_erased",        [A, D,   D, D,   D, D,   D, D,   D]),
    // The loggkontroll: the log reviewer's alone.
    (Operation::ReviewLog,         "log_reviewed",         [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::DrawSample,        "sample_drawn",         [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::ListLogTasks,      "log_tasks_listed",     [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::ProduceLogReport,  "log_report_produced",  [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::ExportLogBundle,   "log_bundle_exported",  [D, D,   D, D,   A, A,   D, D,   D]),
    (Operation::ImportLogBundles,  "log_bundles_imported", [D, D,   D, D,   A, A,   D, D,   D]),
    // The incident register: both may open and read it, the administrator manages it.
    (Operation::OpenIncident,      "incident_opened",      [D, D,   D, D,   A, A,   A, A,   D]),
    (Operation::ListIncidents,     "incidents_listed",     [D, D,   D, D,   A, A,   A, A,   D]),
    (Operation::ShowIncident,      "incident_viewed",      [D, D,   D, D,   A, A,   A, A,   D]),
    (Operation::UpdateIncident,    "incident_updated",     [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::SetRegister,       "register_changed",     [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::ExportRegister,    "register_exported",    [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::ListRetentionRules, "retention_rules_listed", [A, A, D, D,   A, A,   A, A,   D]),
    (Operation::SetRetentionRule,  "retention_rule_changed", [D, D,  D, D,   D, D,   A, A,   D]),
    (Operation::ListRetentionDue,  "retention_sweep_listed", [A, A,  D, D,   D, D,   D, D,   D]),
    (Operation::ProposeDestruction, "destruction_proposed", [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::ApproveDestruction, "destruction_approved", [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::ListDestructions,  "destructions_listed",  [A, A,   D, D,   A, A,   A, A,   D]),
    (Operation::WriteDestructionCertificate, "destruction_certificate_written", [A, A, D, D, A, A, A, A, D]),
    (Operation::CheckDestructionCertificate, "destruction_certificate_checked", [A, A, D, D, A, A, A, A, D]),
    // Backups: the administrator writes them; only the recovery code completes a restore.
    (Operation::WriteBackup,       "backup_written",       [D, D,   D, D,   D, D,   A, A,   D]),
    (Operation::RestoreVault,      "vault_restored",       [D, D,   D, D,   D, D,   D, D,   A]),
    // Runs after the recovery code's restore row, so there is a restore to accept.
    (Operation::AcceptRestore,     "restore_accepted",     [D, D,   D, D,   D, D,   A, A,   D]),
    // An import makes new persons: any case handler, as creating one does.
    (Operation::CheckImport,       "import_checked",       [A, A,   D, D,   D, D,   D, D,   D]),
    (Operation::ImportPersons,     "persons_imported",     [A, A,   D, D,   D, D,   D, D,   D]),
    // The offline register: any case handler exports (records key); the reviewer reads desk logs.
    (Operation::ExportReceptionRegister, "reception_register_exported", [A, A, D, D, D, D, D, D, D]),
    (Operation::ReviewDeskLog,     "desk_log_reviewed",    [D, D,   D, D,   A, A,   D, D,   D]),
];

/// A rule under which every file whose matter ended in 2000 is long due (the sweep's rows).
const MATRIX_RULE: &str = r#"{"id": "matris-regel", "record_class": "Testakt",
    "organiser": "municipal_board", "anchor": "matter_ended", "years": 1,
    "legal_source": "Ett prov"}"#;

/// The first incident of this year: the `OpenIncident` row runs before the rows that read it.
fn first_incident() -> String {
    let now = skyddsvalv::calendar::swedish_time(skyddsvalv::time::now_utc());
    skyddsvalv::duties::incident::incident_id(now.year(), 1)
}

/// A month not drawn yet, for each run of `draw_sample` (one draw per month is the rule).
fn fresh_month() -> skyddsvalv::audit::YearMonth {
    use std::sync::atomic::{AtomicU32, Ordering};
    static RUNS: AtomicU32 = AtomicU32::new(0);
    let i = RUNS.fetch_add(1, Ordering::SeqCst);
    skyddsvalv::audit::YearMonth::parse(&format!("{}-{:02}", 2001 + i / 12, i % 12 + 1)).unwrap()
}

/// A bundle of one entry from another workstation, written to a new file, and its verifier key.
fn a_bundle_file(n: u64) -> (std::path::PathBuf, String) {
    use skyddsvalv::audit::{bundle, note::NoteKey, Entry};
    let signing = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
    let key = NoteKey::new(
        "skyddsvalv/matrix/granskare",
        signing.verifying_key().to_bytes(),
    )
    .unwrap();
    let mut e = Entry {
        seq: 1,
        at: "2026-11-24T09:00:00.000Z".into(),
        actor: "anna".into(),
        role: "handlaggare".into(),
        action: "person_viewed".into(),
        person_ref: Some("P-AAAA-BBBB-CCCC".into()),
        fields: Vec::new(),
        purpose: None,
        term_hash: None,
        detail: None,
        outcome: "allowed".into(),
        flagged: false,
        prev_hash: vec![0; 32],
        hash: Vec::new(),
    };
    let joined = e.fields_joined();
    e.hash = e.as_ref(&joined).expected_hash().to_vec();
    let b = bundle::build(
        "matrix-other",
        &[e],
        &[0; 32],
        "2026-11-25T08:00:00.000Z",
        &key,
        &signing,
        None,
    );
    let file = bundle_file(n);
    std::fs::write(&file, serde_json::to_vec(&b).unwrap()).unwrap();
    (file, key.verifier_key())
}

/// A new file for each bundle export, in a folder of the user's own (temporary folders are refused).
fn bundle_file(n: u64) -> std::path::PathBuf {
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .expect("HOME");
    let dir = home.join(".cache/skyddsvalv-test-matrix");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("bundle-{}-{n}.json", std::process::id()))
}

const RECIPIENT: &str = "Försäkringskassan, Stockholm";

fn today() -> String {
    skyddsvalv::rights::request::format_date(skyddsvalv::time::today_utc())
}

fn request_of(p: &Person) -> String {
    format!("{}-B1", p.person_ref)
}

/// What an operation needs to exist before it runs (done by the person's own handler, before the
/// run's `before`): a request, a harm assessment, a consent, an objection, a disclosure.
fn prepare(op: Operation, owner: &mut Session, p: &Person) {
    use skyddsvalv::rights::*;
    let kind = match op {
        Operation::ErasePerson => Some(RequestKind::Erasure),
        Operation::VerifyRequest
        | Operation::ExtendRequest
        | Operation::CloseRequest
        | Operation::ProduceExtract => Some(RequestKind::Access),
        _ => None,
    };
    if let Some(kind) = kind {
        owner
            .open_request(&p.person_ref, kind, &today(), Channel::InPerson)
            .expect("open a request");
        if op != Operation::VerifyRequest {
            owner
                .verify_request(&request_of(p), IdentityMethod::IdDocument)
                .expect("verify");
        }
    }
    if op == Operation::ProduceExtract {
        owner
            .assess_harm(
                &p.person_ref,
                Some(&request_of(p)),
                HarmOutcome::NoHarm,
                "inget men för personen av utlämnandet",
            )
            .expect("harm assessment");
    }
    if matches!(
        op,
        Operation::RecordDisclosure | Operation::NotifyRecipients
    ) {
        owner
            .assess_harm(
                &p.person_ref,
                None,
                HarmOutcome::NoHarm,
                "inget men för personen av utlämnandet",
            )
            .expect("harm assessment");
    }
    if op == Operation::NotifyRecipients {
        owner
            .record_disclosure(&p.person_ref, disclosure())
            .expect("disclosure");
    }
    if op == Operation::WithdrawConsent {
        owner
            .record_consent(&p.person_ref, consent())
            .expect("consent");
    }
    if op == Operation::OverrideObjection {
        owner
            .record_objection(
                &p.person_ref,
                "handlaggning",
                "personen invänder mot behandlingen",
            )
            .expect("objection");
    }
}

fn disclosure() -> skyddsvalv::session::DisclosureInput {
    skyddsvalv::session::DisclosureInput {
        recipient: RECIPIENT.into(),
        date: today(),
        legal_ground: "10 kap. 2 § OSL, nödvändigt för verksamheten".into(),
        categories: vec![Field::Name, Field::IdentityNumber],
    }
}

fn consent() -> skyddsvalv::session::ConsentInput {
    skyddsvalv::session::ConsentInput {
        purpose: "handlaggning".into(),
        notice_version: "2026-1".into(),
        given_at: today(),
        method: skyddsvalv::rights::ConsentMethod::Written,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Assigned,
    Unassigned,
}

/// The person a run is about, made fresh for every run so no earlier run (an emergency access, an
/// assignment) changes how the acting user stands to it.
struct Person {
    person_ref: String,
    name: String,
    identity: String,
}

/// What the runners need besides the acting session.
struct Ctx {
    /// Current password per account (ChangeOwnPassword changes them).
    passwords: std::collections::HashMap<String, String>,
    handler2_fingerprint: String,
    counter: u64,
    /// A case handler's keys, handed over just before an administrator's recovery-code rotation.
    handover: Option<skyddsvalv::session::RecoveryHandover>,
    /// The recovery code a rotation made (the matrix's recovery session moves to it).
    new_recovery_code: Option<skyddsvalv::crypto::RecoveryCode>,
    /// The destruction list the sweep's rows approve or certify.
    destruction: Option<String>,
}

impl Ctx {
    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

const SEED: u64 = 0x5eed_0001;

fn user_of(role: Role) -> &'static str {
    match role {
        Role::Handlaggare => HANDLER,
        Role::Reception => RECEPTION,
        Role::Granskare => GRANSKARE,
        Role::Admin => ADMIN,
        Role::Recovery => "(recovery)",
    }
}

/// Runs `op` once as the user of `s`. Add an arm here for every new operation.
fn run(op: Operation, s: &mut Session, ctx: &mut Ctx, p: &Person) -> skyddsvalv::Result<()> {
    let n = ctx.next();
    match op {
        Operation::ChangeOwnPassword => {
            let user = s.user().name.clone();
            let current = ctx.passwords.get(&user).cloned().unwrap_or_default();
            let new = format!("Bytt-Lösenord-{n}-Kattuggla-{user}");
            s.change_password(&secret(&current), &secret(&new))?;
            ctx.passwords.insert(user, new);
            Ok(())
        }
        Operation::AddUser => s.add_user(
            &format!("ny-anvandare-{n}"),
            Role::Reception,
            &secret(INITIAL_PW),
        ),
        Operation::ListUsers => s.list_users().map(drop),
        Operation::DisableUser => s.disable_user(SPARE),
        Operation::EnableUser => s.enable_user(SPARE, &secret(INITIAL_PW)),
        Operation::ResetPassword => s.reset_password(SPARE, &secret(INITIAL_PW)),
        Operation::UnlockUser => s.unlock_user(SPARE).map(drop),
        Operation::ChangeSettings => s
            .change_setting(
                skyddsvalv::settings::SettingChange::parse(
                    "idle-lock-minutes",
                    &(5 + n % 50).to_string(),
                )
                .unwrap(),
            )
            .map(drop),
        Operation::Assign => s.assign(&p.person_ref, HANDLER2, true).map(drop),
        Operation::Unassign => s.assign(&p.person_ref, HANDLER2, false).map(drop),
        Operation::CreatePerson => s.create_person(synthetic_record(SEED + 1, n)).map(drop),
        Operation::FindPersons => s.find_persons(&p.name).map(drop),
        Operation::ShowPerson => s.show_person(&p.person_ref).map(drop),
        Operation::EditPerson => s
            .edit_person(
                &p.person_ref,
                PersonPatch {
                    notes: Some(format!("Anteckning {n}")),
                    ..Default::default()
                },
            )
            .map(drop),
        Operation::RevealField => s
            .reveal_field(&p.person_ref, Field::Address, "handlaggning")
            .map(drop),
        Operation::CopyField => s.copy_field(&p.person_ref, Field::Phone).map(drop),
        Operation::EmergencyAccess => s
            .emergency_access(
                &p.person_ref,
                "Akut läge: personen har ringt och behöver hjälp nu",
            )
            .map(drop),
        Operation::Lookup => s.lookup(&p.identity).map(drop),
        Operation::ViewLog => s.view_log(&LogFilter::default()).map(drop),
        Operation::VerifyLog => s.verify_log().map(|v| {
            assert!(v.holds(), "the log must hold during the matrix: {v:?}");
        }),
        Operation::ListPendingAccess => s.pending_access().map(drop),
        // Re-grants the second handler what it already holds (its keys never change here).
        Operation::GrantAccess => s.grant_access(HANDLER2, &ctx.handler2_fingerprint),
        // The reception account loses its key; nothing later in the matrix needs it.
        Operation::RevokeAccess => s.revoke_access(RECEPTION),
        Operation::RotateKeys => s
            .rotate_key(skyddsvalv::storage::GrantKind::Records, &mut |_| {})
            .map(drop),
        Operation::RectifyPerson => s
            .rectify_person(
                &p.person_ref,
                PersonPatch {
                    notes: Some(format!("Rättad anteckning {n}")),
                    ..Default::default()
                },
                "rättelse efter samtal med personen",
            )
            .map(drop),
        Operation::ChangeProtection => s
            .set_protection(
                &p.person_ref,
                skyddsvalv::records::Protection {
                    kind: Some(skyddsvalv::records::ProtectionKind::Sekretessmarkering),
                    ..Default::default()
                },
                "nytt beslut om sekretessmarkering",
            )
            .map(drop),
        Operation::SetRestriction => s
            .restrict(&p.person_ref, "personen har begärt begränsning")
            .map(drop),
        Operation::LiftRestriction => s
            .lift_restriction(
                &p.person_ref,
                "personen underrättad före hävandet",
                "2026-01-05",
            )
            .map(drop),
        Operation::ViewSettings => s.view_settings().map(drop),
        Operation::HandOverKeys => s.hand_over_keys().map(drop),
        Operation::ListCaseload => s.caseload().map(drop),
        Operation::ListAssignments => s.assignments().map(drop),
        Operation::AddNote => s
            .add_note(
                &p.person_ref,
                &format!("Samtal nummer {n} om boendet"),
                None,
            )
            .map(drop),
        // The second handler's persons go to the first (the matrix makes fresh persons per run).
        Operation::Reassign => s.reassign_all(HANDLER2, HANDLER).map(drop),
        Operation::EditAccount => s
            .set_account_details(
                SPARE,
                skyddsvalv::storage::Profile {
                    display_name: Some(format!("Extra Ebbe {n}")),
                    unit: Some("Reception Centrum".into()),
                    phone: Some("08-123 456 78".into()),
                },
            )
            .map(drop),
        Operation::RevealNames => s
            .reveal_names(std::slice::from_ref(&p.person_ref), "handlaggning")
            .map(drop),
        Operation::OpenRequest => s
            .open_request(
                &p.person_ref,
                skyddsvalv::rights::RequestKind::Access,
                &today(),
                skyddsvalv::rights::Channel::Letter,
            )
            .map(drop),
        Operation::VerifyRequest => s
            .verify_request(
                &request_of(p),
                skyddsvalv::rights::IdentityMethod::KnownToStaff,
            )
            .map(drop),
        Operation::ExtendRequest => s
            .extend_request(
                &request_of(p),
                "begäran är omfattande och kräver mer tid",
                &today(),
            )
            .map(drop),
        Operation::CloseRequest => s
            .close_request(
                &request_of(p),
                skyddsvalv::rights::RequestStatus::Completed,
                None,
            )
            .map(drop),
        Operation::ListRequests => s.requests().map(drop),
        Operation::AssessHarm => s
            .assess_harm(
                &p.person_ref,
                None,
                skyddsvalv::rights::HarmOutcome::Partial,
                "adressen kan skada personen om den lämnas ut",
            )
            .map(drop),
        Operation::ProduceExtract => s
            .preview_extract(&request_of(p), &Default::default())
            .map(drop),
        Operation::RecordDisclosure => s.record_disclosure(&p.person_ref, disclosure()).map(drop),
        Operation::RecordConsent => s.record_consent(&p.person_ref, consent()).map(drop),
        Operation::WithdrawConsent => s
            .withdraw_consent(
                &p.person_ref,
                "handlaggning",
                skyddsvalv::rights::ConsentMethod::Oral,
            )
            .map(drop),
        Operation::RecordObjection => s
            .record_objection(&p.person_ref, "kontakt", "personen vill inte bli kontaktad")
            .map(drop),
        Operation::OverrideObjection => s
            .override_objection(
                &p.person_ref,
                "handlaggning",
                "tvingande berättigade skäl: barnets skydd",
            )
            .map(drop),
        Operation::RevealHistory => s.rectification_history(&p.person_ref, "rattelse").map(drop),
        Operation::NotifyRecipients => s
            .notify_recipients(
                &p.person_ref,
                skyddsvalv::rights::RequestKind::Rectification,
                &[RECIPIENT.to_string()],
            )
            .map(drop),
        Operation::ErasePerson => s
            .erase_person(
                &p.person_ref,
                &request_of(p),
                skyddsvalv::rights::ErasureReason::Request,
            )
            .map(drop),
        Operation::RotateRecoveryCode => {
            let handover = ctx.handover.take().expect("a handover made before the run");
            let code = s.rotate_recovery_code(handover)?;
            ctx.new_recovery_code = Some(code);
            Ok(())
        }
        Operation::ReviewLog => s
            .record_review(
                &skyddsvalv::audit::ReviewSubject::Entry(1),
                skyddsvalv::audit::ReviewOutcome::WithoutRemark,
                "",
            )
            .map(drop),
        Operation::DrawSample => s.draw_sample(fresh_month()).map(drop),
        Operation::ListLogTasks => s.log_tasks().map(drop),
        Operation::ProduceLogReport => s
            .preview_log_report(
                skyddsvalv::audit::YearMonth::of(skyddsvalv::time::today_utc()),
                skyddsvalv::rights::Lang::Sv,
            )
            .map(drop),
        Operation::ExportLogBundle => {
            let file = bundle_file(n);
            let out = s.export_log_bundle(None, None, &file).map(drop);
            let _ = std::fs::remove_file(&file);
            out
        }
        Operation::OpenIncident => s
            .open_incident(r#"{"cause": "Brev till fel mottagare", "kinds": ["confidentiality"]}"#)
            .map(drop),
        Operation::ListIncidents => s.list_incidents().map(drop),
        Operation::ListRetentionRules => s.retention_rules().map(drop),
        Operation::ListRetentionDue => s.retention_due().map(drop),
        Operation::ProposeDestruction => s.propose_destruction().map(drop),
        Operation::ApproveDestruction => s
            .approve_destruction(ctx.destruction.as_deref().unwrap_or("-"), |_| true)
            .map(drop),
        Operation::ListDestructions => s.destructions().map(drop),
        Operation::CheckDestructionCertificate => {
            // The policy's decision comes before the file is read; what a check finds in a real
            // certificate is tests/certificate_check.rs.
            let file = bundle_file(n).with_extension("json");
            std::fs::write(&file, "not a certificate\n").unwrap();
            s.check_destruction_certificate(&file).map(drop)
        }
        Operation::WriteDestructionCertificate => {
            let file = bundle_file(n).with_extension("pdf");
            let out = s
                .write_destruction_certificate(
                    ctx.destruction.as_deref().unwrap_or("-"),
                    skyddsvalv::duties::incident_form::IncidentFormat::Pdf,
                    skyddsvalv::rights::Lang::Sv,
                    &file,
                )
                .map(drop);
            let _ = std::fs::remove_file(&file);
            out
        }
        Operation::SetRetentionRule => s
            .set_retention_rule(
                r#"{"id": "test-regel", "record_class": "Testakt", "organiser": "private_provider",
                    "anchor": "matter_ended", "years": 3, "legal_source": "Ett prov"}"#,
            )
            .map(drop),
        Operation::CheckImport | Operation::ImportPersons => {
            let text = format!(
                "Namn;Personnummer\n{};{}\n",
                format_args!("Importerad {n}"),
                synthetic_record(SEED + 2, n)
                    .identity_number
                    .unwrap_or_default()
            );
            let t = skyddsvalv::import::table::parse_csv(text.as_bytes()).expect("csv");
            let m = skyddsvalv::import::guess(&t.headers);
            if op == Operation::CheckImport {
                s.import_check(&t, m).map(drop)
            } else {
                s.import_persons(&t, m, &[], &mut |_, _| true).map(drop)
            }
        }
        Operation::AcceptRestore => s.accept_restored_log().map(drop),
        Operation::ExportReceptionRegister | Operation::ReviewDeskLog => {
            let dir = bundle_file(n).with_extension("desk");
            let device = std::sync::Arc::new(skyddsvalv::DeviceSecrets::mock());
            let info = skyddsvalv::offline::Desk::init(&dir, std::sync::Arc::clone(&device))
                .expect("desk");
            let out = if op == Operation::ExportReceptionRegister {
                let file = bundle_file(n).with_extension("register");
                let out = s
                    .export_reception_register(&info.key, &info.fingerprint, 7, &file)
                    .map(drop);
                let _ = std::fs::remove_file(&file);
                out
            } else {
                let desk = skyddsvalv::offline::Desk::open(&dir, device).expect("open desk");
                let log = serde_json::to_vec(&desk.export_log().expect("log")).expect("json");
                s.review_desk_log(&log, &info.fingerprint).map(drop)
            };
            let _ = std::fs::remove_dir_all(&dir);
            out
        }
        Operation::WriteBackup => {
            let file = bundle_file(n).with_extension("backup");
            let out = s.write_backup(&file, &mut |_, _| {}).map(drop);
            let _ = std::fs::remove_file(&file);
            out
        }
        Operation::RestoreVault => s
            .complete_restore(
                &skyddsvalv::session::RestoreFacts {
                    backup_id: format!("BK-20261202-{n:08X}"),
                    created_at: "2026-12-02T10:00:00Z".into(),
                    made_by: "admin".into(),
                    log_head: 1,
                },
                &[],
            )
            .map(drop),
        Operation::SetRegister => s.set_register(r#"[{"name": "Handläggning"}]"#).map(drop),
        Operation::ExportRegister => {
            let file = bundle_file(n).with_extension("csv");
            let out = s
                .write_register(skyddsvalv::duties::register::RegisterFormat::Csv, &file)
                .map(drop);
            let _ = std::fs::remove_file(&file);
            out
        }
        Operation::ShowIncident => s.show_incident(&first_incident()).map(drop),
        Operation::UpdateIncident => s
            .update_incident(&first_incident(), r#"{"severity": "low"}"#)
            .map(drop),
        Operation::ImportLogBundles => {
            let (file, key) = a_bundle_file(n);
            let out = s
                .import_log_bundles(std::slice::from_ref(&file), &[key])
                .map(drop);
            let _ = std::fs::remove_file(&file);
            out
        }
    }
}

/// Whether the entry of `op` must name the person the run is about (allowed or denied).
fn names_the_person(op: Operation) -> bool {
    matches!(
        op,
        Operation::Assign
            | Operation::Unassign
            | Operation::ShowPerson
            | Operation::EditPerson
            | Operation::RevealField
            | Operation::CopyField
            | Operation::EmergencyAccess
            | Operation::RectifyPerson
            | Operation::ChangeProtection
            | Operation::SetRestriction
            | Operation::LiftRestriction
            | Operation::AddNote
            | Operation::OpenRequest
            | Operation::VerifyRequest
            | Operation::ExtendRequest
            | Operation::CloseRequest
            | Operation::AssessHarm
            | Operation::ProduceExtract
            | Operation::RecordDisclosure
            | Operation::RecordConsent
            | Operation::WithdrawConsent
            | Operation::RecordObjection
            | Operation::OverrideObjection
            | Operation::RevealHistory
            | Operation::NotifyRecipients
            | Operation::ErasePerson
    )
}

struct Matrix {
    world: World,
    handler: Session,
    handler2: Session,
    reception: Session,
    granskare: Session,
    admin: Session,
    recovery: Session,
    ctx: Ctx,
}

impl Matrix {
    fn new() -> Matrix {
        let world = World::new();
        let passwords = [ADMIN, HANDLER, HANDLER2, RECEPTION, GRANSKARE]
            .into_iter()
            .map(|u| (u.to_string(), password_of(u)))
            .collect();
        let handler2 = world.login(HANDLER2);
        let handler2_fingerprint = handler2.my_fingerprint();
        Matrix {
            handler: world.login(HANDLER),
            handler2,
            recovery: world.recovery_session(),
            reception: world.login(RECEPTION),
            granskare: world.login(GRANSKARE),
            admin: world.login(ADMIN),
            world,
            ctx: Ctx {
                passwords,
                handler2_fingerprint,
                counter: 0,
                handover: None,
                new_recovery_code: None,
                destruction: None,
            },
        }
    }

    fn session(&mut self, role: Role) -> &mut Session {
        match role {
            Role::Handlaggare => &mut self.handler,
            Role::Reception => &mut self.reception,
            Role::Granskare => &mut self.granskare,
            Role::Admin => &mut self.admin,
            Role::Recovery => &mut self.recovery,
        }
    }

    /// A new person assigned to `HANDLER` (assigned) or only to `HANDLER2` (unassigned).
    fn person(&mut self, target: Target) -> Person {
        self.person_restricted(target, false)
    }

    fn person_restricted(&mut self, target: Target, restricted: bool) -> Person {
        let n = self.ctx.next();
        let mut record = synthetic_record(SEED, n);
        record.restricted = restricted;
        // A public task, so an objection (art. 21) may be made.
        record.legal_basis = Some(skyddsvalv::records::LegalBasis::PublicTask);
        let (name, identity) = (record.name.clone(), record.identity_number.clone().unwrap());
        let creator = match target {
            Target::Assigned => &mut self.handler,
            Target::Unassigned => &mut self.handler2,
        };
        let person_ref = creator
            .create_person(record)
            .expect("create a target person");
        Person {
            person_ref,
            name,
            identity,
        }
    }
}

#[test]
fn every_role_has_its_columns() {
    // A new role gets a column per target (or one, as the recovery code has), and a session below.
    for role in Role::ALL {
        assert!(
            COLUMNS.iter().any(|(r, _)| r == role),
            "{role} has no column in COLUMNS (and so no expectations in TABLE)"
        );
    }
}

#[test]
fn every_operation_states_the_action_it_logs() {
    for (op, action, _) in TABLE {
        assert_eq!(op.action().as_str(), *action, "{op:?}");
    }
}

#[test]
fn table_has_one_row_per_operation() {
    let mut missing = Vec::new();
    for op in Operation::ALL {
        let rows = TABLE.iter().filter(|(o, _, _)| o == op).count();
        if rows != 1 {
            missing.push(format!("{op:?} has {rows} rows in TABLE"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    assert_eq!(
        TABLE.len(),
        Operation::ALL.len(),
        "TABLE has rows for unknown operations"
    );
}

#[test]
fn every_operation_as_every_role_matches_the_policy_table_and_logs_once() {
    let mut m = Matrix::new();
    let mut failures: Vec<String> = Vec::new();
    let mut runs = 0;

    for &op in Operation::ALL {
        let Some((_, action, expected)) = TABLE.iter().find(|(o, _, _)| *o == op) else {
            failures.push(format!("{op:?}: no row in the policy TABLE"));
            continue;
        };
        for (column, &(role, target)) in COLUMNS.iter().enumerate() {
            let want = expected[column];
            let case = format!("{op:?} as {role} on an {target:?} person");
            let person = m.person_restricted(target, op == Operation::LiftRestriction);
            if op == Operation::CopyField {
                // A copy takes only what this session has just revealed; the reveal is not the
                // operation under test (refused or not, its entry comes before `before`).
                let _ = m
                    .session(role)
                    .reveal_field(&person.person_ref, Field::Phone, "kontakt");
            }
            if op == Operation::Unassign {
                // Two handlers, so the one unassigned is not the last (that is refused on its own).
                for h in [HANDLER, HANDLER2] {
                    m.admin.assign(&person.person_ref, h, true).expect("assign");
                }
            }
            {
                let owner = match target {
                    Target::Assigned => &mut m.handler,
                    Target::Unassigned => &mut m.handler2,
                };
                prepare(op, owner, &person);
            }
            if matches!(
                op,
                Operation::ProposeDestruction
                    | Operation::ApproveDestruction
                    | Operation::WriteDestructionCertificate
            ) {
                // The run's person falls due; the other handler proposes, so this one may approve.
                m.admin.set_retention_rule(MATRIX_RULE).expect("rule");
                let owner = match target {
                    Target::Assigned => &mut m.handler,
                    Target::Unassigned => &mut m.handler2,
                };
                let due = skyddsvalv::records::PersonPatch {
                    retention: Some(skyddsvalv::records::RetentionFacts {
                        rule: Some("matris-regel".into()),
                        matter_ended: Some("2000-01-01".into()),
                        exceptions: vec![],
                    }),
                    ..Default::default()
                };
                owner.edit_person(&person.person_ref, due).expect("due");
                if op != Operation::ProposeDestruction {
                    let d = m.handler2.propose_destruction().expect("propose");
                    if op == Operation::WriteDestructionCertificate {
                        m.handler
                            .approve_destruction(&d.id, |_| true)
                            .expect("approve");
                    }
                    m.ctx.destruction = Some(d.id);
                }
            }
            if op == Operation::RotateRecoveryCode {
                // The handler's half is its own operation (its own row); it comes before `before`.
                m.ctx.handover = Some(m.handler.hand_over_keys().expect("hand over keys"));
            }
            let before = raw::head_seq(m.handler.raw_connection_for_tests());

            let mut ctx = std::mem::replace(
                &mut m.ctx,
                Ctx {
                    passwords: Default::default(),
                    handler2_fingerprint: String::new(),
                    counter: 0,
                    handover: None,
                    new_recovery_code: None,
                    destruction: None,
                },
            );
            let outcome = run(op, m.session(role), &mut ctx, &person);
            let rotated = ctx.new_recovery_code.take();
            m.ctx = ctx;
            runs += 1;

            let got = match &outcome {
                Ok(()) => A,
                Err(e) if e.code() == ErrorCode::Denied => D,
                Err(e) => {
                    failures.push(format!("{case}: unexpected error {} ({e})", e.code()));
                    continue;
                }
            };
            if got != want {
                failures.push(format!("{case}: expected {want:?}, got {got:?}"));
            }

            let written = raw::rows_after(m.handler.raw_connection_for_tests(), before);
            if let Some(code) = rotated {
                // The old code opens nothing now; the recovery column goes on with the new one.
                m.world.recovery = code.display().to_string();
                drop(std::mem::replace(
                    &mut m.recovery,
                    m.world.recovery_session(),
                ));
            }
            // An approval also writes one entry per erased file, after its own.
            let extra_erasures = op == Operation::ApproveDestruction
                && got == A
                && !written.is_empty()
                && written[1..]
                    .iter()
                    .all(|r| r.action == "person_erased_by_rule");
            // An import writes one `person_created` per person before its own entry.
            let extra_created = op == Operation::ImportPersons
                && got == A
                && !written.is_empty()
                && written[..written.len() - 1]
                    .iter()
                    .all(|r| r.action == "person_created");
            if written.len() != 1 && !extra_erasures && !extra_created {
                failures.push(format!(
                    "{case}: {} log entries written, expected exactly one: {:?}",
                    written.len(),
                    written.iter().map(|r| &r.action).collect::<Vec<_>>()
                ));
                continue;
            }
            let entry = if extra_created {
                &written[written.len() - 1]
            } else {
                &written[0]
            };
            let want_outcome = match got {
                A => "allowed",
                D => "denied",
            };
            let mut wrong = Vec::new();
            if entry.actor != user_of(role) {
                wrong.push(format!("actor {}", entry.actor));
            }
            if entry.role != role.as_str() {
                wrong.push(format!("role {}", entry.role));
            }
            if entry.action != *action {
                wrong.push(format!("action {} (want {action})", entry.action));
            }
            if entry.outcome != want_outcome {
                wrong.push(format!("outcome {} (want {want_outcome})", entry.outcome));
            }
            if got == D && !entry.flagged {
                wrong.push("a denied entry is not flagged".into());
            }
            if names_the_person(op) && entry.person_ref.as_deref() != Some(&person.person_ref) {
                wrong.push(format!("person_ref {:?}", entry.person_ref));
            }
            if got == D && !names_the_person(op) && entry.person_ref.is_some() {
                wrong.push("a refused search or lookup names a person".into());
            }
            if op == Operation::Lookup
                && got == A
                && entry.person_ref.as_deref() != Some(&person.person_ref)
            {
                wrong.push("a lookup that found someone does not name them".into());
            }
            if !wrong.is_empty() {
                failures.push(format!("{case}: wrong log entry: {}", wrong.join(", ")));
            }
        }
    }

    assert_eq!(runs, Operation::ALL.len() * COLUMNS.len());
    assert!(
        failures.is_empty(),
        "{} of {runs} runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The matrix itself must leave a chain that verifies.
    let v = m.granskare.verify_log().expect("verify");
    assert!(v.holds(), "{v:?}");
    drop(m.world);
}

/// A role that may never do something is refused (and logged) whatever the arguments: a bad purpose
/// or a short justification must not turn a refusal into an unlogged input error.
#[test]
fn refusals_are_logged_even_with_bad_arguments() {
    let mut m = Matrix::new();
    let theirs = m.person(Target::Unassigned);
    let mine = m.person(Target::Assigned);
    let mut failures = Vec::new();
    let cases: Vec<(&str, Role, &str)> = vec![
        ("reveal, unknown purpose", Role::Admin, "reveal-bad-purpose"),
        (
            "reveal, unknown purpose",
            Role::Reception,
            "reveal-bad-purpose",
        ),
        (
            "reveal, unknown purpose",
            Role::Granskare,
            "reveal-bad-purpose",
        ),
        (
            "reveal unassigned, unknown purpose",
            Role::Handlaggare,
            "reveal-bad-purpose-theirs",
        ),
        ("reveal art. 9, loose purpose", Role::Admin, "reveal-art9"),
        (
            "emergency, short justification",
            Role::Admin,
            "emergency-short",
        ),
        (
            "emergency, short justification",
            Role::Reception,
            "emergency-short",
        ),
        (
            "emergency on own person, short",
            Role::Handlaggare,
            "emergency-short-mine",
        ),
    ];
    for (what, role, kind) in cases {
        let before = raw::head_seq(m.handler.raw_connection_for_tests());
        let s = m.session(role);
        let result = match kind {
            "reveal-bad-purpose" => s
                .reveal_field(&mine.person_ref, Field::Address, "nyfikenhet")
                .map(drop),
            "reveal-bad-purpose-theirs" => s
                .reveal_field(&theirs.person_ref, Field::Address, "nyfikenhet")
                .map(drop),
            "reveal-art9" => s
                .reveal_field(&mine.person_ref, Field::Health, "kontakt")
                .map(drop),
            "emergency-short" => s.emergency_access(&theirs.person_ref, "kort").map(drop),
            "emergency-short-mine" => s.emergency_access(&mine.person_ref, "kort").map(drop),
            _ => unreachable!(),
        };
        let code = result.err().map(|e| e.code());
        let written = raw::rows_after(m.handler.raw_connection_for_tests(), before);
        if code != Some(ErrorCode::Denied) || written.len() != 1 || written[0].outcome != "denied" {
            failures.push(format!(
                "{what} as {role}: got {code:?} and {} entries ({:?})",
                written.len(),
                written
                    .iter()
                    .map(|r| (&r.action, &r.outcome))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A case handler's search and the reception's lookup see exactly what the policy lets them see.
#[test]
fn search_sees_only_visible_persons_and_lookup_only_exact_matches() {
    let mut m = Matrix::new();
    let mine = m.person(Target::Assigned);
    let theirs = m.person(Target::Unassigned);

    // Name and number of an unassigned person find nothing for HANDLER; the assigned person is found.
    for q in [theirs.name.as_str(), theirs.identity.as_str()] {
        let hits = m.handler.find_persons(q).unwrap();
        assert!(
            hits.hits.iter().all(|h| h.person_ref != theirs.person_ref),
            "an unassigned person showed up in a search"
        );
    }
    for q in [mine.name.as_str(), mine.identity.as_str()] {
        let hits = m.handler.find_persons(q).unwrap();
        assert!(hits.hits.iter().any(|h| h.person_ref == mine.person_ref));
    }
    // Emergency access opens the person to HANDLER, for search too.
    m.handler
        .emergency_access(
            &theirs.person_ref,
            "Akut läge: personen har ringt och behöver hjälp nu",
        )
        .unwrap();
    let hits = m.handler.find_persons(&theirs.identity).unwrap();
    assert_eq!(hits.hits.len(), 1);
    assert_eq!(hits.hits[0].person_ref, theirs.person_ref);
    m.handler.show_person(&theirs.person_ref).unwrap();

    // Reception: exact only. A name prefix or a bare name without the year is no lookup at all.
    let found = m.reception.lookup(&theirs.identity).unwrap();
    assert!(found.found);
    assert_eq!(found.handlers.len(), 1);
    assert_eq!(found.handlers[0].name, HANDLER2);
    let year = &theirs.identity[..4];
    let by_name = m
        .reception
        .lookup(&format!("{}, {year}", theirs.name))
        .unwrap();
    assert!(by_name.found);
    let prefix = &theirs.name[..theirs.name.char_indices().nth(3).unwrap().0];
    for partial in [
        format!("{prefix}, {year}"),
        format!("{}, {}", theirs.name, year.parse::<i32>().unwrap() + 1),
    ] {
        let a = m.reception.lookup(&partial).unwrap();
        assert!(!a.found, "a partial or wrong lookup found someone");
        assert_eq!(a.initials, None);
        assert!(a.handlers.is_empty());
    }
    assert!(m.reception.lookup(&theirs.name).is_err());
}

/// Creating or editing a person under a number that is already registered tells the case handler
/// that someone with that number is in the vault — even someone not assigned to them. That answer
/// is refused with `PERSON_EXISTS` and must leave a flagged, denied entry naming the person found,
/// or a handler could probe the register without a trace.
#[test]
fn a_number_already_registered_is_a_logged_refusal() {
    let mut m = Matrix::new();
    let theirs = m.person(Target::Unassigned);
    let mine = m.person(Target::Assigned);

    let before = raw::head_seq(m.handler.raw_connection_for_tests());
    let mut probe = synthetic_record(SEED + 2, 1);
    probe.identity_number = Some(theirs.identity[2..].to_string());
    let e = m.handler.create_person(probe).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PersonExists);
    let written = raw::rows_after(m.handler.raw_connection_for_tests(), before);
    assert_eq!(written.len(), 1, "{written:?}");
    let entry = &written[0];
    assert_eq!(entry.action, "person_created");
    assert_eq!(entry.outcome, "denied");
    assert!(entry.flagged);
    assert_eq!(
        entry.person_ref.as_deref(),
        Some(theirs.person_ref.as_str())
    );

    let before = raw::head_seq(m.handler.raw_connection_for_tests());
    let e = m
        .handler
        .edit_person(
            &mine.person_ref,
            PersonPatch {
                identity_number: Some(theirs.identity.clone()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::PersonExists);
    let written = raw::rows_after(m.handler.raw_connection_for_tests(), before);
    assert_eq!(written.len(), 1, "{written:?}");
    let entry = &written[0];
    assert_eq!(entry.action, "person_edited");
    assert_eq!(entry.outcome, "denied");
    assert!(entry.flagged);
    assert_eq!(entry.person_ref.as_deref(), Some(mine.person_ref.as_str()));
    assert!(entry
        .purpose
        .as_deref()
        .unwrap_or("")
        .contains(&theirs.person_ref));
    // The refused edit changed nothing.
    let shown = m
        .handler
        .reveal_field(&mine.person_ref, Field::IdentityNumber, "handlaggning")
        .unwrap();
    assert_eq!(shown.value.replace('-', ""), mine.identity);
}
