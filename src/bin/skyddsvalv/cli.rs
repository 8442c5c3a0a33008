//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The field names `person reveal` takes, from the core's own list.
fn field_names() -> Vec<&'static str> {
    skyddsvalv::records::Field::ALL
        .iter()
        .map(|f| f.as_str())
        .collect()
}

/// The purpose codes a reveal takes, from the core's own list.
fn purpose_codes() -> Vec<&'static str> {
    skyddsvalv::records::purpose::PURPOSES
        .iter()
        .map(|p| p.code)
        .collect()
}

/// The commands that read a personal value, and what they read (for the refusal of one on argv).
pub const READS_PERSONAL_VALUES: &[(&str, &str)] = &[
    ("lookup", "the identity number or \"Name, 1985\""),
    ("find", "the search text"),
    ("emergency-access", "the justification"),
    ("reveal", "the note (with --note)"),
    ("list", "nothing personal: filter by --term-hash"),
];

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  unexpected failure (storage error)
  2  usage error
  3  login refused (wrong password or recovery code, locked out, wait, disabled, new password needed)
  4  denied by the need-to-know policy (the attempt is logged)
  5  vault problem (no vault, damaged, newer version, altered keyslots, broken access log)
  6  keyring problem (no Secret Service, or no device secret for this vault in this OS account)
  7  invalid input (weak password, invalid identity number, user exists, bad JSON)
  8  not found (user or person)

Secrets are read from the terminal without echo. When standard input is not a terminal, each secret
is one line of standard input, in the order the command's help states.";

#[derive(Debug, Parser)]
#[command(
    name = "skyddsvalv",
    version,
    about = "Skyddsvalv: records for people with protected personal data, behind one audited door",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// The vault directory [default: the platform's data directory]
    #[arg(long, global = true, env = "SKYDDSVALV_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// The acting user
    #[arg(long, global = true, env = "SKYDDSVALV_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// Machine-readable output
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault. Reads: the admin's new password. Prints the recovery code once.
    Init {
        /// The first administrator's user name
        #[arg(long, value_name = "NAME")]
        admin: String,
    },
    /// Manage accounts (admin). Every subcommand first reads the acting admin's password.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the acting user's password and print the role. Reads: the password; for an account on
    /// its initial password, then the new password.
    Login,
    /// Change the acting user's password. Reads: the current password, then the new one.
    Passwd,
    /// Open the vault with the recovery code and bind it to this workstation's keyring for the acting
    /// admin. Reads: the recovery code, then the admin's new password.
    Recover,
    /// Replace the recovery code (the acting admin together with a case handler, who hands over the
    /// data keys the new code must open). Reads: the admin's password, then the handler's. Prints the
    /// new code once; the old one opens nothing afterwards.
    RotateRecoveryCode {
        /// The case handler who takes part
        #[arg(long, value_name = "NAME")]
        handler: String,
    },
    /// Check the keyring, the vault files, and (with --user: reads the password) the database.
    Doctor,
    /// Bring a vault of the first format up to date (sealed records, role keys). Reads: the recovery
    /// code.
    Migrate,
    /// Data access: who waits for it, granting it (case handlers, or the recovery code for the first
    /// one) and taking it away. Reads: the password, or with --recovery the recovery code.
    #[command(subcommand)]
    Access(AccessCommand),
    /// Vault settings (admin). Reads: the acting admin's password.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Person records (case handlers). Every subcommand first reads the acting user's password.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Reception lookup by exact identity number, or exact name plus birth year ("Name, 1985").
    /// Reads: the password, then the number or name (never from the command line).
    Lookup,
    /// Assign a person to a case handler (admin). Reads: the password.
    Assign {
        /// The person's ref (P-XXXX-XXXX-XXXX)
        person: String,
        /// The case handler's user name
        #[arg(long, value_name = "NAME")]
        handler: String,
    },
    /// Remove an assignment (admin). Reads: the password.
    Unassign {
        /// The person's ref (P-XXXX-XXXX-XXXX)
        person: String,
        /// The case handler's user name
        #[arg(long, value_name = "NAME")]
        handler: String,
    },
    /// Open an unassigned person for a limited time, with a written justification (nödåtkomst;
    /// flagged for review). Reads: the password, then (without a ref) the person's identity number,
    /// then the justification (at least 20 characters).
    EmergencyAccess {
        /// The person's ref (P-XXXX-XXXX-XXXX); leave it out to give the identity number on the input
        person: Option<String>,
        /// Ask to edit too (otherwise the access is read-only)
        #[arg(long)]
        edit: bool,
    },
    /// The access log (log reviewers). Reads: the password.
    #[command(subcommand)]
    Log(LogCommand),
    /// The register of personal-data incidents (administrators and log reviewers) with the 72-hour
    /// clock to IMY. Every subcommand first reads the password.
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// The register of processing activities, GDPR art. 30 (administrators). Every subcommand first
    /// reads the password.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Write an encrypted, signed backup of the live vault (administrators) to a new file: the
    /// database, the keyslot file and the checkpoint. It opens with the recovery code. Reads: the
    /// password.
    Backup {
        /// The backup file to write (it must not exist yet)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check a backup completely (signature, every part, every page, the log) and restore it into a
    /// directory; persons erased after the backup are erased again from the erasure ledger. Reads:
    /// the recovery code.
    Restore {
        /// The backup file
        file: PathBuf,
        /// The directory to restore into (new, or empty)
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// Replace a vault that is already there (it is moved aside into before-restore-…, never
        /// deleted)
        #[arg(long)]
        replace: bool,
        /// An erasure ledger (erasures.json) copied from the lost vault; may be given more than once
        #[arg(long, value_name = "FILE")]
        ledger: Vec<PathBuf>,
    },
    /// Accept the restored log (administrators; flagged): a log reviewer's pin of the lost vault,
    /// taken before now, is no longer held against it. Reads: the password.
    AcceptRestore,
    /// The reception register for a desk with no vault (case handlers). Reads: the password.
    #[command(subcommand)]
    Reception(ReceptionCommand),
    /// A reception desk with no vault: its key, the installed register, exact lookups and its own
    /// log. Needs no vault and no account; --user names the person at the desk in its log.
    #[command(subcommand)]
    Desk(DeskCommand),
    /// Import a participant list (CSV or XLSX; case handlers). Without --commit a dry run: the
    /// guessed column mapping and every problem by row and column, never a value. With --commit all
    /// rows are imported in one transaction, or none. Reads: the password.
    Import {
        /// The CSV or XLSX file
        file: PathBuf,
        /// Map a column to a field or to none, e.g. `--map C=identity_number --map F=none`
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// Leave out a row (its number in the spreadsheet; the header is row 1)
        #[arg(long, value_name = "ROW")]
        exclude: Vec<usize>,
        /// Import (after a clean dry run)
        #[arg(long)]
        commit: bool,
    },
    /// Gallring (retention) rules. Every subcommand first reads the password.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Data-subject requests (case handlers): register, verify, extend, close, list by due date.
    /// Every subcommand first reads the password.
    #[command(subcommand)]
    Request(RequestCommand),
    /// Write the registerutdrag (or electronic copy) for an access or portability request. Reads:
    /// the password, and with --decisions one JSON object {"staff_names_reason",
    /// "third_parties_reason", "withheld": [{"field", "ground"}]}.
    Extract {
        /// The request id (P-XXXX-XXXX-XXXX-BN)
        id: String,
        #[arg(long, value_parser = hyphenated(skyddsvalv::rights::ExtractFormat::ALL.iter().map(|f| f.as_str())))]
        format: String,
        /// Where to write it (never a temporary folder; the file must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "sv", value_parser = hyphenated(skyddsvalv::rights::Lang::ALL.iter().map(|l| l.as_str())))]
        lang: String,
        /// Read the handler's decisions (with reasons) as JSON after the password
        #[arg(long)]
        decisions: bool,
    },
    /// Record a harm assessment (menprövning) before a disclosure or an extract (flagged). Reads:
    /// the password, then the reason.
    HarmAssessment {
        person: String,
        /// The request it clears (leave out for a disclosure)
        #[arg(long, value_name = "ID")]
        request: Option<String>,
        #[arg(long, value_parser = hyphenated(skyddsvalv::rights::HarmOutcome::ALL.iter().map(|o| o.as_str())))]
        outcome: String,
    },
    /// Erase a person for an erasure request (flagged). Fields under a legal duty to keep stay and are
    /// listed. Reads: the password.
    Erase {
        person: String,
        #[arg(long, value_name = "ID")]
        request: String,
        #[arg(long, default_value = "request", value_parser = hyphenated(skyddsvalv::rights::ErasureReason::ALL.iter().map(|r| r.as_str())))]
        reason: String,
    },
    /// Restrict processing (art. 18; flagged). Reads: the password, then the reason.
    Restrict {
        person: String,
        #[arg(long, value_parser = hyphenated(skyddsvalv::rights::RestrictionGround::ALL.iter().map(|g| g.as_str())))]
        ground: String,
        /// Until (YYYY-MM-DD); open when left out
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
    },
    /// Lift a restriction; the person must have been told first. Reads: the password, then the reason.
    LiftRestriction {
        person: String,
        /// The day the person was told (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        told_on: String,
    },
    /// Consents per purpose. Reads: the password.
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Record an objection (art. 21) to processing for a purpose (flagged). Reads: the password,
    /// then the person's reason.
    Object {
        person: String,
        #[arg(long)]
        purpose: String,
    },
    /// Record a disclosure (utlämnande; flagged). Reads: the password, then one JSON object
    /// {"recipient", "date", "legal_ground", "categories": [field, …]}.
    Disclose { person: String },
    /// The person's requests and registers. Reads: the password.
    Rights { person: String },
    /// Create a throw-away demo vault with synthetic persons and one account per role, and print
    /// the accounts' passwords. Never put real data in a demo vault.
    #[cfg(feature = "demo")]
    DemoVault {
        /// How many synthetic persons
        #[arg(long, default_value_t = 40)]
        persons: usize,
    },
}

/// Accepts the core's names with `-` for `_` (`consent-withdrawal`), as a closed list.
fn hyphenated(names: impl Iterator<Item = &'static str>) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(names.map(|n| n.replace('_', "-")).collect::<Vec<_>>())
}

/// A name given with `-` back in the core's form.
pub fn core_name(s: &str) -> String {
    s.replace('-', "_")
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Register a request received on a date; prints its id and due date.
    Open {
        person: String,
        #[arg(long = "type", value_parser = hyphenated(skyddsvalv::rights::RequestKind::ALL.iter().map(|k| k.as_str())))]
        kind: String,
        /// YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        received: String,
        #[arg(long, default_value = "in-person", value_parser = hyphenated(skyddsvalv::rights::Channel::ALL.iter().map(|c| c.as_str())))]
        channel: String,
    },
    /// Your open requests, overdue first, then by due date.
    List,
    /// Record the identity check.
    Verify {
        id: String,
        #[arg(long, default_value = "id-document", value_parser = hyphenated(skyddsvalv::rights::IdentityMethod::ALL.iter().map(|m| m.as_str())))]
        how: String,
    },
    /// Extend the deadline once by two months. Reads: the password, then the reason.
    Extend {
        id: String,
        /// The day the person was told (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        told_on: Option<String>,
    },
    /// Close the request. A refusal reads the explanation after the password.
    Close {
        id: String,
        #[arg(long, value_parser = hyphenated(["completed", "partially_refused", "refused", "withdrawn"].into_iter()))]
        outcome: String,
        /// Required for a (partial) refusal
        #[arg(long, value_parser = hyphenated(skyddsvalv::rights::RefusalGround::ALL.iter().map(|g| g.as_str())))]
        ground: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record a consent to a purpose.
    Add {
        person: String,
        #[arg(long)]
        purpose: String,
        /// The version of the information the person was given
        #[arg(long, value_name = "VERSION")]
        notice_version: String,
        /// YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        given: Option<String>,
        #[arg(long, default_value = "written", value_parser = hyphenated(skyddsvalv::rights::ConsentMethod::ALL.iter().map(|m| m.as_str())))]
        method: String,
    },
    /// Withdraw a consent: processing that relies on it stops now.
    Withdraw {
        person: String,
        #[arg(long)]
        purpose: String,
        #[arg(long, default_value = "written", value_parser = hyphenated(skyddsvalv::rights::ConsentMethod::ALL.iter().map(|m| m.as_str())))]
        how: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. Reads: your password, then the new user's initial password.
    Add {
        name: String,
        /// The account's role
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
            skyddsvalv::Role::ACCOUNTS.iter().map(|r| r.as_str())
        ))]
        role: String,
    },
    /// List accounts.
    List,
    /// Disable an account.
    Disable { name: String },
    /// Re-enable an account on a new initial password. Reads: your password, then the initial password.
    Enable { name: String },
    /// Put an account back on an initial password. Reads: your password, then the initial password.
    ResetPassword { name: String },
    /// Lift a lockout after too many failed logins.
    Unlock { name: String },
    /// Set an account's display name, unit and work phone (the reception refers visitors to them).
    /// Reads: your password, then one JSON object {"display_name", "unit", "phone"}.
    Details { name: String },
    /// Case handlers with the refs assigned to them, and the persons without an active handler.
    Assignments,
    /// Move every person of one case handler to another (when someone leaves).
    Reassign {
        #[arg(long, value_name = "NAME")]
        from: String,
        #[arg(long, value_name = "NAME")]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the settings.
    Show,
    /// Show the purposes a reveal may state (the defaults as adjusted for this vault).
    Purposes,
    /// Replace the purposes (admin). Reads: your password, then the whole list as JSON
    /// ([{"code", "sv", "en", "strict", "active"}, …]) on standard input.
    SetPurposes,
    /// Change one setting.
    Set {
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(
            skyddsvalv::settings::SettingName::ALL.iter().map(|n| n.as_str())
        ))]
        key: String,
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Create a person. Reads: your password, then one JSON object with the fields.
    Add,
    /// Search by name prefix or identity number; results are masked. Reads: your password, then the
    /// search text (never from the command line).
    Find,
    /// The persons assigned to you ("Mina personer"), masked, with their review dates.
    Mine,
    /// Add a dated note to a person's journal. Reads: your password, then the note (one line).
    Note {
        person: String,
        /// The number of an earlier entry this one corrects
        #[arg(long, value_name = "N")]
        corrects: Option<u32>,
    },
    /// Show a person's journal for a stated purpose (logged as a reveal of the notes).
    Journal {
        person: String,
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(purpose_codes()))]
        purpose: String,
    },
    /// Show a person, masked.
    Show { person: String },
    /// Change fields. Reads: your password, then a JSON object of the changed fields.
    Edit { person: String },
    /// Reveal one field's value for a stated purpose (logged). Reads: your password, and with --note
    /// a short note for the log.
    Reveal {
        /// The person's ref (P-XXXX-XXXX-XXXX)
        person: String,
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(field_names()))]
        field: String,
        /// Why (health and interventions take only registerutdrag, vard_och_stod or akut_skydd)
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(purpose_codes()))]
        purpose: String,
        /// Also read a short note for the log from the input (after the password)
        #[arg(long)]
        note: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// The vault's retention rules (the shipped defaults until an administrator changes them).
    Rules,
    /// Add or replace (by id) one rule (administrators). Reads: the rule as a JSON object.
    SetRule,
    /// The sweep (case handlers): the files due today with their rule, and those kept with the reason.
    Due,
    /// Propose today's due files as a destruction list, for another case handler to approve.
    Propose,
    /// Approve a destruction list proposed by another case handler and erase its files, showing
    /// progress; run it again to resume an interrupted erasure.
    Approve {
        /// The list's id, e.g. GALL-2026-0001
        id: String,
    },
    /// The destruction lists, newest first (counts and decision makers; no persons).
    Destructions,
    /// Write the signed destruction certificate of a finished list (no personal data).
    Certificate {
        /// The list's id, e.g. GALL-2026-0001
        id: String,
        #[arg(long, default_value = "pdf", value_parser = clap::builder::PossibleValuesParser::new(skyddsvalv::duties::incident_form::IncidentFormat::ALL.iter().map(|f| f.as_str())))]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "sv", value_parser = hyphenated(skyddsvalv::rights::Lang::ALL.iter().map(|l| l.as_str())))]
        lang: String,
    },
    /// Check a destruction certificate (the JSON one) against this vault: the signature, that the
    /// key is the signing account's, and that the vault's own list says the same. Exits 1 if not.
    CheckCertificate {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Replace the vault's processing activities. Reads: a JSON array of activities.
    Set,
    /// Write the register (art. 30(1) a–g per activity; SAKNAS where nothing is recorded).
    Export {
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(skyddsvalv::duties::register::RegisterFormat::ALL.iter().map(|f| f.as_str())))]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Open an incident. Reads: the form's fields as one JSON object (`{}` when none is known yet);
    /// the clock starts at `discovered_at`, now when not given.
    Open,
    /// The register, newest first, with the hours left to notify IMY.
    List,
    /// One incident with its clock and its changes.
    Show {
        /// The incident's reference, e.g. INC-2026-001
        id: String,
    },
    /// Change an incident (administrators). Reads: a JSON object of the fields to change (`null`
    /// clears one).
    Update {
        /// The incident's reference, e.g. INC-2026-001
        id: String,
    },
    /// Write the incident as a PDF shaped after IMY's form, or as JSON.
    Export {
        /// The incident's reference, e.g. INC-2026-001
        id: String,
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(skyddsvalv::duties::incident_form::IncidentFormat::ALL.iter().map(|f| f.as_str())))]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "sv", value_parser = hyphenated(skyddsvalv::rights::Lang::ALL.iter().map(|l| l.as_str())))]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReceptionCommand {
    /// Export the register for one desk: every protected person as keyed memory-hard hashes only,
    /// sealed to the desk's key, signed, valid for --days.
    Export {
        /// The desk's key (the text `skyddsvalv desk info` shows at the desk)
        #[arg(long, value_name = "KEY")]
        desk_key: String,
        /// The desk's fingerprint, read from the desk's own screen
        #[arg(long, value_name = "XXXX-XXXX-XXXX")]
        fingerprint: String,
        /// Days the register is valid (1 to 31)
        #[arg(long, default_value_t = skyddsvalv::session::DEFAULT_VALID_DAYS)]
        days: u32,
        /// The file to write (new)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeskCommand {
    /// Set up this workstation as a reception desk (its key pair, in this OS account's keyring).
    Init {
        #[arg(long, value_name = "DIR", env = "SKYDDSVALV_DESK")]
        dir: PathBuf,
    },
    /// The desk's fingerprint and key, for the exporting case handler.
    Info {
        #[arg(long, value_name = "DIR", env = "SKYDDSVALV_DESK")]
        dir: PathBuf,
    },
    /// Install a register exported for this desk.
    Install {
        file: PathBuf,
        #[arg(long, value_name = "DIR", env = "SKYDDSVALV_DESK")]
        dir: PathBuf,
        /// The exporting case handler's key fingerprint, read from their own screen (the first
        /// time, or for a new exporter)
        #[arg(long, value_name = "XXXX-XXXX-XXXX")]
        trust: Option<String>,
    },
    /// Which register is installed and until when.
    Status {
        #[arg(long, value_name = "DIR", env = "SKYDDSVALV_DESK")]
        dir: PathBuf,
    },
    /// An exact lookup. Reads: the identity number, or "Name, YEAR".
    Lookup {
        #[arg(long, value_name = "DIR", env = "SKYDDSVALV_DESK")]
        dir: PathBuf,
    },
    /// Write the desk's log as a bundle for the log reviewer.
    ExportLog {
        #[arg(long, value_name = "DIR", env = "SKYDDSVALV_DESK")]
        dir: PathBuf,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// List entries, newest first.
    List {
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        actor: Option<String>,
        #[arg(long)]
        action: Option<String>,
        /// RFC 3339 time or YYYY-MM-DD (inclusive)
        #[arg(long)]
        since: Option<String>,
        /// RFC 3339 time or YYYY-MM-DD (exclusive)
        #[arg(long)]
        until: Option<String>,
        /// Only flagged entries
        #[arg(long)]
        flagged: bool,
        /// Only searches and lookups logged under this term hash (a case handler can compute one)
        #[arg(long, value_name = "HEX")]
        term_hash: Option<String>,
        /// Only entries with this flag (computed by the review rules, e.g. BREAK_GLASS)
        #[arg(long, value_name = "CODE", value_parser = clap::builder::PossibleValuesParser::new(skyddsvalv::audit::FlagCode::ALL.iter().map(|c| c.as_str())))]
        flag: Option<String>,
        /// Only entries older than this sequence number (the next page, as the last one printed)
        #[arg(long, value_name = "SEQ")]
        before: Option<u64>,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Verify the hash chain and the signed checkpoints; exits 5 with the first broken entry.
    Verify,
    /// One entry with each of its flags explained.
    Explain { seq: u64 },
    /// Record a review of an entry (SEQ), a whole sample (--sample) or a task (--task) with its
    /// outcome. Reads: the comment (required unless the outcome is utan-anmarkning).
    Review {
        #[arg(required_unless_present_any = ["sample", "task"], conflicts_with_all = ["sample", "task"])]
        seq: Option<u64>,
        #[arg(long, value_name = "ID", conflicts_with = "task")]
        sample: Option<String>,
        #[arg(long, value_name = "ID")]
        task: Option<String>,
        #[arg(long, value_parser = hyphenated(skyddsvalv::audit::ReviewOutcome::ALL.iter().map(|o| o.as_str())))]
        outcome: String,
    },
    /// The monthly sample of users (stickprov).
    #[command(subcommand)]
    Sample(SampleCommand),
    /// The review worklist: break-the-glass, flagged suspicions, extracts, sampled users.
    Tasks {
        /// Also the tasks already reviewed
        #[arg(long)]
        all: bool,
    },
    /// Write the month's loggkontroll report.
    Report {
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        #[arg(long, value_parser = ["pdf", "csv"])]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "sv", value_parser = hyphenated(skyddsvalv::rights::Lang::ALL.iter().map(|l| l.as_str())))]
        lang: String,
    },
    /// Export a range of the log as a signed bundle (default: everything after the last bundle).
    ExportBundle {
        #[arg(long, value_name = "SEQ")]
        from: Option<u64>,
        #[arg(long, value_name = "SEQ")]
        to: Option<u64>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify signed bundles, in order, with no vault and no network. Exit codes: 3 altered,
    /// 4 entry missing, 5 truncated, 6 gap, 7 overlap, 8 bad signature, 9 unknown key, 10 replayed.
    VerifyBundle {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A trusted verifier key (`name+id+key`, printed at export); repeat for several
        #[arg(long = "key", required = true, value_name = "VKEY")]
        keys: Vec<String>,
        /// Where this verifier keeps the last head it accepted per vault (read, then moved forward)
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
    },
    /// Verify a reception desk's log bundle and show its counts and flags (VOLUME, REPEAT_SEARCH).
    ReviewDesk {
        file: PathBuf,
        /// The desk's key fingerprint, as the desk shows it
        #[arg(long, value_name = "XXXX-XXXX-XXXX")]
        fingerprint: String,
    },
    /// Show bundles from several workstations as one log: each chain verified on its own, entries
    /// merged by time, a workstation's missing period flagged. Needs no vault.
    ImportBundle {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long = "key", required = true, value_name = "VKEY")]
        keys: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SampleCommand {
    /// Draw the month's users and record seed and list in the log before the review starts.
    Draw {
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// List the accounts that wait for data access.
    Pending {
        /// Act with the recovery code instead of an account
        #[arg(long)]
        recovery: bool,
    },
    /// Grant an account the keys its role holds. The account's owner reads their fingerprint from
    /// `skyddsvalv access fingerprint` (or the app) and you type it here.
    Grant {
        name: String,
        /// The account's key fingerprint, as its owner reads it (e.g. K7QD-M2XA-9RTB)
        #[arg(long)]
        fingerprint: String,
        /// Act with the recovery code instead of an account (for the first case handler)
        #[arg(long)]
        recovery: bool,
    },
    /// Take away an account's data access; the keys are rotated.
    Revoke {
        name: String,
        /// Act with the recovery code instead of an account
        #[arg(long)]
        recovery: bool,
    },
    /// Show your own key fingerprint and whether you have data access.
    Fingerprint,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn sub<'a>(cmd: &'a clap::Command, path: &[&str]) -> &'a clap::Command {
        path.iter().fold(cmd, |c, name| {
            c.find_subcommand(name)
                .unwrap_or_else(|| panic!("no subcommand {name}"))
        })
    }

    /// Personal values never come on the command line: the commands that need one have no argument
    /// that could carry it. Refs, field names and purpose codes are not personal.
    #[test]
    fn no_argument_carries_a_personal_value() {
        let cli = Cli::command();
        let allowed: &[(&[&str], &[&str])] = &[
            (&["lookup"], &[]),
            (&["person", "find"], &[]),
            (&["person", "add"], &[]),
            (&["person", "edit"], &["person"]),
            (&["person", "show"], &["person"]),
            (&["person", "reveal"], &["person", "field", "purpose"]),
            (&["emergency-access"], &["person"]),
            (
                &["log", "list"],
                &[
                    "person",
                    "actor",
                    "action",
                    "since",
                    "until",
                    "term_hash",
                    "flag",
                    "before",
                    "limit",
                ],
            ),
            // A review's comment comes on standard input.
            (&["log", "review"], &["seq", "sample", "task", "outcome"]),
        ];
        let global = ["vault", "user"];
        for (path, ok) in allowed {
            let c = sub(&cli, path);
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                let takes_value = a.get_action().takes_values();
                if takes_value && !global.contains(&id) {
                    assert!(
                        ok.contains(&id),
                        "{path:?} has an argument `{id}` that could carry a personal value"
                    );
                }
            }
        }
        // The constrained ones accept only the core's lists.
        let reveal = sub(&cli, &["person", "reveal"]);
        for id in ["field", "purpose"] {
            let a = reveal.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert!(
                !a.get_possible_values().is_empty(),
                "{id} is not a closed list"
            );
        }
    }
}
