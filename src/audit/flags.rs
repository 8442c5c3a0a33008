//! Flags for the log review (loggkontroll): rules over the entries, each with a stable code and an
//! explanation in Swedish and English that names its threshold. They are computed when the log is
//! read, from the log alone (assignments, protection markings and searches are replayed from it), so
//! a reviewer needs no key to person data and a changed threshold applies to the whole history.
//!
//! An explained access — by an assigned user, with a stated purpose, in working hours — fires no rule.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde::Serialize;
use time::{Date, Duration, OffsetDateTime};

use super::entry::{Action, Entry, Outcome};
use crate::calendar::{is_working_day, swedish_time};
use crate::records::Field;
use crate::rights::Lang;
use crate::settings::Settings;
use crate::time::parse_rfc3339;

crate::named! {
    /// Every flag, in the order a reviewer sees them (a broken chain first, always).
    pub enum FlagCode {
        Chain = "CHAIN",
        BreakGlass = "BREAK_GLASS",
        Denied = "DENIED",
        Art9Reveal = "ART9_REVEAL",
        OffHours = "OFF_HOURS",
        Volume = "VOLUME",
        UnassignedFirst = "UNASSIGNED_FIRST",
        NewProtection = "NEW_PROTECTION",
        Fingerade = "FINGERADE",
        RepeatSearch = "REPEAT_SEARCH",
        Export = "EXPORT",
        AdminChange = "ADMIN_CHANGE",
    }
}

/// The thresholds of the rules (vault settings, with defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    pub break_glass_review_days: u32,
    pub work_day_start_hour: u32,
    pub work_day_end_hour: u32,
    pub volume_multiple: u32,
    pub volume_floor: u32,
    pub new_protection_days: u32,
    pub repeat_search_limit: u32,
    pub repeat_search_window_hours: u32,
}

impl Thresholds {
    pub fn from_settings(s: &Settings) -> Self {
        Thresholds {
            break_glass_review_days: s.break_glass_review_days,
            work_day_start_hour: s.work_day_start_hour,
            work_day_end_hour: s.work_day_end_hour,
            volume_multiple: s.volume_multiple,
            volume_floor: s.volume_floor,
            new_protection_days: s.new_protection_days,
            repeat_search_limit: s.repeat_search_limit,
            repeat_search_window_hours: s.repeat_search_window_hours,
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds::from_settings(&Settings::default())
    }
}

impl FlagCode {
    /// Whether an entry with this flag becomes a review task of its own (the others are reviewed in
    /// the list and in the monthly sample).
    pub const fn creates_task(self) -> bool {
        matches!(
            self,
            FlagCode::Chain
                | FlagCode::BreakGlass
                | FlagCode::Volume
                | FlagCode::UnassignedFirst
                | FlagCode::RepeatSearch
                | FlagCode::Export
        )
    }

    /// What the flag means, with the threshold it uses.
    pub fn explanation(self, lang: Lang, t: &Thresholds) -> String {
        let sv = lang == Lang::Sv;
        let pick = |s: String, e: String| if sv { s } else { e };
        match self {
            FlagCode::Chain => pick(
                "Loggkedjan bryts här: posten är ändrad, borttagen eller infogad efteråt. Utred alltid.".into(),
                "The log chain breaks here: the entry was changed, removed or inserted afterwards. Always investigate.".into(),
            ),
            FlagCode::BreakGlass => pick(
                format!("Nödåtkomst till en person som inte är tilldelad användaren. Ska granskas inom {} dagar.", t.break_glass_review_days),
                format!("Emergency access to a person not assigned to the user. Must be reviewed within {} days.", t.break_glass_review_days),
            ),
            FlagCode::Denied => pick(
                "Åtgärden nekades. Upprepade nekanden kan tyda på att någon söker sig fram.".into(),
                "The action was refused. Repeated refusals can mean someone is probing.".into(),
            ),
            FlagCode::Art9Reveal => pick(
                "Ett känsligt fält (hälsa eller insatser, art. 9 GDPR) visades i klartext.".into(),
                "A sensitive field (health or interventions, GDPR art. 9) was shown in plain text.".into(),
            ),
            FlagCode::OffHours => pick(
                format!("Utanför arbetstid (vardagar {:02}–{:02} svensk tid) eller på en helgdag.", t.work_day_start_hour, t.work_day_end_hour),
                format!("Outside working hours (working days {:02}–{:02} Swedish time) or on a public holiday.", t.work_day_start_hour, t.work_day_end_hour),
            ),
            FlagCode::Volume => pick(
                format!("Fler visningar eller personer samma dag än {} gånger användarens egen median för de senaste 30 dagarna (och fler än {}).", t.volume_multiple, t.volume_floor),
                format!("More reveals or persons in one day than {} times the user's own median of the last 30 days (and more than {}).", t.volume_multiple, t.volume_floor),
            ),
            FlagCode::UnassignedFirst => pick(
                "Användarens första åtkomst till en person som inte är tilldelad hen.".into(),
                "The user's first access to a person not assigned to them.".into(),
            ),
            FlagCode::NewProtection => pick(
                format!("Åtkomst inom {} dagar efter att personens skyddsmarkering sattes eller ändrades.", t.new_protection_days),
                format!("Access within {} days after the person's protection marking was set or changed.", t.new_protection_days),
            ),
            FlagCode::Fingerade => pick(
                "Åtkomst till en person med fingerade personuppgifter.".into(),
                "Access to a person with assumed identity (fingerade personuppgifter).".into(),
            ),
            FlagCode::RepeatSearch => pick(
                format!("Samma sökbegrepp mer än {} gånger av samma användare inom {} timmar.", t.repeat_search_limit, t.repeat_search_window_hours),
                format!("The same search term more than {} times by one user within {} hours.", t.repeat_search_limit, t.repeat_search_window_hours),
            ),
            FlagCode::Export => pick(
                "Uppgifter lämnade arbetsstationen: registerutdrag, export eller utskrift.".into(),
                "Data left the workstation: an extract, export or print.".into(),
            ),
            FlagCode::AdminChange => pick(
                "Ändring av behörighet, roll, tilldelning, inställning eller lösenord.".into(),
                "A change of access, role, assignment, setting or password.".into(),
            ),
        }
    }
}

/// How the rules see an action. Spelt out for every action, so a new one is a compile error here
/// until someone decides what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Reads or changes a person's data.
    PersonAccess,
    /// A person access whose value is shown in plain text (counted by `VOLUME`).
    Reveal,
    /// Data leaves the workstation.
    Export,
    Search,
    AdminChange,
    /// Logins, locks, listings and the log's own reading.
    Other,
}

pub const fn kind(a: Action) -> ActionKind {
    use Action::*;
    use ActionKind as K;
    match a {
        PersonCreated | PersonViewed | PersonEdited | EmergencyAccess | PersonRectified
        | ProtectionChanged | RestrictionSet | RestrictionLifted | NoteAdded | RequestOpened
        | RequestVerified | RequestExtended | RequestClosed | HarmAssessed | DisclosureRecorded
        | ConsentRecorded | ConsentWithdrawn | ObjectionRecorded | ObjectionOverridden
        | RecipientsNotified | PersonErased | PersonErasedByRule => K::PersonAccess,
        FieldRevealed | FieldCopied | NamesRevealed | HistoryRevealed => K::Reveal,
        ExtractProduced
        | LogReportProduced
        | LogBundleExported
        | BackupWritten
        | ReceptionRegisterExported => K::Export,
        Search | Lookup => K::Search,
        UserAdded | UserDisabled | UserEnabled | PasswordReset | UserUnlocked | SettingsChanged
        | Assigned | Unassigned | Reassigned | AccessGranted | AccessRevoked | KeysRotated
        | DatabaseKeyRotated | RecoveryCodeRotated | KeysHandedOver | AccountEdited
        | RegisterChanged | RetentionRuleChanged | VaultRestored | RestoreAccepted => {
            K::AdminChange
        }
        VaultCreated
        | Login
        | LoginFailed
        | LockedOut
        | LoginRefusedLocked
        | Lock
        | PasswordChanged
        | Recovered
        | UserListed
        | LogViewed
        | LogVerified
        | AccessListed
        | GrantRejected
        | VaultMigrated
        | SettingsViewed
        | CaseloadListed
        | AssignmentsListed
        | RequestsListed
        | LogReviewed
        | SampleDrawn
        | LogTasksListed
        | LogBundlesImported
        | IncidentOpened
        | IncidentUpdated
        | IncidentsListed
        | IncidentViewed
        | RegisterExported
        | RetentionRulesListed
        | RetentionSweepListed
        | DestructionProposed
        | DestructionApproved
        | DestructionsListed
        | DestructionCertificateWritten
        | DestructionCertificateChecked
        | ImportChecked
        | PersonsImported
        | DeskLogReviewed => K::Other,
    }
}

/// The persons an entry is about: its ref, or the refs a reveal of names lists in its detail.
pub fn persons_of(e: &Entry) -> Vec<&str> {
    if let Some(r) = &e.person_ref {
        return vec![r.as_str()];
    }
    if e.action == Action::NamesRevealed.as_str() {
        if let Some(refs) = e.detail.as_deref().and_then(|d| d.strip_prefix("refs ")) {
            return refs.split(' ').filter(|r| !r.is_empty()).collect();
        }
    }
    Vec::new()
}

/// The protection kind an entry records (`protection <kind>` in its detail), if any.
pub fn protection_in(e: &Entry) -> Option<&str> {
    e.detail
        .as_deref()?
        .lines()
        .find_map(|l| l.strip_prefix("protection "))
}

/// The flags of every entry that has any, by sequence number.
pub type Flags = BTreeMap<u64, Vec<FlagCode>>;

/// Runs every rule over `entries` (the whole log, in sequence order). `broken_at` is where the
/// verification found the chain broken.
pub fn evaluate(entries: &[Entry], t: &Thresholds, broken_at: Option<u64>) -> Flags {
    let mut flags: Flags = BTreeMap::new();
    if let Some(seq) = broken_at {
        flags.insert(seq, vec![FlagCode::Chain]);
    }
    let mut engine = FlagEngine::new(*t);
    for e in entries {
        let codes = engine.push(e);
        if !codes.is_empty() {
            let list = flags.entry(e.seq).or_default();
            list.extend(codes.into_iter().filter(|c| *c != FlagCode::Chain));
        }
    }
    flags
}

/// The rules' state after the entries seen so far. Every rule looks only backwards (a day's volume
/// limit comes from the days before it), so the log can be fed one entry at a time as it grows and
/// an entry's flags never change once it has been seen.
pub struct FlagEngine {
    t: Thresholds,
    volume: VolumeRule,
    assigned: HashSet<(String, String)>,
    seen: HashSet<(String, String)>,
    protected_at: HashMap<String, OffsetDateTime>,
    fingerade: HashSet<String>,
    searches: HashMap<(String, String), VecDeque<OffsetDateTime>>,
    /// Entries fed since the search windows were last pruned.
    since_prune: u32,
}

impl FlagEngine {
    pub fn new(t: Thresholds) -> Self {
        FlagEngine {
            t,
            volume: VolumeRule::default(),
            assigned: HashSet::new(),
            seen: HashSet::new(),
            protected_at: HashMap::new(),
            fingerade: HashSet::new(),
            searches: HashMap::new(),
            since_prune: 0,
        }
    }

    pub fn thresholds(&self) -> &Thresholds {
        &self.t
    }

    /// The flags of `e`, the next entry of the log (never `CHAIN`: that is the verifier's).
    pub fn push(&mut self, e: &Entry) -> Vec<FlagCode> {
        let mut codes: Vec<FlagCode> = Vec::new();
        let mut add = |code: FlagCode| {
            if !codes.contains(&code) {
                codes.push(code);
            }
        };
        let Some(action) = Action::parse(&e.action) else {
            return codes;
        };
        let t = self.t;
        let window = Duration::hours(i64::from(t.repeat_search_window_hours));
        let fresh = Duration::days(i64::from(t.new_protection_days));
        let at = parse_rfc3339(&e.at);
        let allowed = e.outcome == Outcome::Allowed.as_str();
        let k = kind(action);
        if !allowed {
            add(FlagCode::Denied);
        }
        if action == Action::EmergencyAccess && allowed {
            add(FlagCode::BreakGlass);
        }
        if k == ActionKind::Reveal
            && allowed
            && e.fields
                .iter()
                .any(|f| Field::parse(f).is_some_and(Field::is_art9))
        {
            add(FlagCode::Art9Reveal);
        }
        if k != ActionKind::Other {
            if let Some(at) = at {
                if off_hours(at, &t) {
                    add(FlagCode::OffHours);
                }
            }
        }
        if k == ActionKind::Export && allowed {
            add(FlagCode::Export);
        }
        if k == ActionKind::AdminChange && allowed {
            add(FlagCode::AdminChange);
        }
        if self.volume.flags(e, &t) {
            add(FlagCode::Volume);
        }
        if k == ActionKind::Search {
            if let (Some(hash), Some(at)) = (&e.term_hash, at) {
                self.since_prune += 1;
                if self.since_prune >= PRUNE_EVERY {
                    self.since_prune = 0;
                    self.searches
                        .retain(|_, times| times.back().is_some_and(|&last| at - last <= window));
                }
                let times = self
                    .searches
                    .entry((e.actor.clone(), hash.clone()))
                    .or_default();
                times.push_back(at);
                while times.front().is_some_and(|&first| at - first > window) {
                    times.pop_front();
                }
                if times.len() > t.repeat_search_limit as usize {
                    add(FlagCode::RepeatSearch);
                }
            }
        }

        let persons: Vec<String> = persons_of(e).into_iter().map(str::to_string).collect();
        let touches_person = matches!(
            k,
            ActionKind::PersonAccess | ActionKind::Reveal | ActionKind::Export
        );
        if touches_person && allowed {
            for r in &persons {
                if self.fingerade.contains(r) {
                    add(FlagCode::Fingerade);
                }
                let since = self.protected_at.get(r).copied();
                if let (Some(since), Some(at)) = (since, at) {
                    if action != Action::ProtectionChanged && at - since <= fresh {
                        add(FlagCode::NewProtection);
                    }
                }
                let pair = (e.actor.clone(), r.clone());
                if action != Action::PersonCreated
                    && e.role == crate::auth::Role::Handlaggare.as_str()
                    && !self.assigned.contains(&pair)
                    && self.seen.insert(pair)
                {
                    add(FlagCode::UnassignedFirst);
                }
            }
        }
        if allowed {
            self.learn(e, action, at, &persons);
        }
        codes
    }

    /// What an allowed entry changes about later ones.
    fn learn(&mut self, e: &Entry, action: Action, at: Option<OffsetDateTime>, persons: &[String]) {
        match action {
            Action::PersonCreated => {
                for r in persons {
                    self.assigned.insert((e.actor.clone(), r.clone()));
                }
            }
            Action::Assigned | Action::Unassigned => {
                let user = e.purpose.as_deref().and_then(|p| p.strip_prefix("user="));
                if let (Some(user), Some(r)) = (user, persons.first()) {
                    let pair = (user.to_string(), r.clone());
                    if action == Action::Assigned {
                        self.assigned.insert(pair);
                    } else {
                        self.assigned.remove(&pair);
                    }
                }
            }
            Action::Reassigned => {
                let p = e.purpose.as_deref().unwrap_or("");
                let from = p.split(' ').find_map(|w| w.strip_prefix("from="));
                let to = p.split(' ').find_map(|w| w.strip_prefix("to="));
                let moved = e.detail.as_deref().and_then(|d| d.split_once(": "));
                if let (Some(from), Some(to), Some((_, refs))) = (from, to, moved) {
                    for r in refs.split(' ').filter(|r| !r.is_empty()) {
                        self.assigned.remove(&(from.to_string(), r.to_string()));
                        self.assigned.insert((to.to_string(), r.to_string()));
                    }
                }
            }
            _ => {}
        }
        if let Some(kind) = protection_in(e) {
            for r in persons {
                if kind == crate::records::ProtectionKind::FingeradePersonuppgifter.as_str() {
                    self.fingerade.insert(r.clone());
                } else {
                    self.fingerade.remove(r);
                }
                if action == Action::ProtectionChanged {
                    if let Some(at) = at {
                        self.protected_at.insert(r.clone(), at);
                    }
                }
            }
        }
    }
}

/// How often the search windows drop terms nobody has searched for within the window.
const PRUNE_EVERY: u32 = 10_000;

/// Outside working hours on a working day, or any time on a weekend or public holiday.
pub fn off_hours(at: OffsetDateTime, t: &Thresholds) -> bool {
    let local = swedish_time(at);
    if !is_working_day(local.date()) {
        return true;
    }
    let hour = u32::from(local.hour());
    hour < t.work_day_start_hour || hour >= t.work_day_end_hour
}

/// `VOLUME`: per user and Swedish calendar day, the running count of reveals and of distinct persons;
/// an entry is flagged once either passes the user's limit for that day, which is fixed when the
/// user's day begins, from the days before it.
#[derive(Default)]
struct VolumeRule {
    users: HashMap<String, UserVolume>,
}

#[derive(Default)]
struct UserVolume {
    /// Totals of the user's earlier days (reveals, distinct persons), the last 30 days only.
    history: BTreeMap<Date, (u64, u64)>,
    today: Option<Day>,
}

struct Day {
    date: Date,
    reveal_limit: u64,
    person_limit: u64,
    reveals: u64,
    persons: HashSet<String>,
}

impl VolumeRule {
    fn flags(&mut self, e: &Entry, t: &Thresholds) -> bool {
        if !counts_for_volume(e) {
            return false;
        }
        let Some(date) = parse_rfc3339(&e.at).map(|at| swedish_time(at).date()) else {
            return false;
        };
        let user = self.users.entry(e.actor.clone()).or_default();
        if user.today.as_ref().is_none_or(|d| d.date != date) {
            if let Some(done) = user.today.take() {
                let totals = user.history.entry(done.date).or_default();
                totals.0 += done.reveals;
                totals.1 += done.persons.len() as u64;
            }
            let from = date - Duration::days(30);
            user.history.retain(|d, _| *d >= from);
            let earlier: Vec<(u64, u64)> =
                user.history.range(from..date).map(|(_, v)| *v).collect();
            let limit = |values: Vec<u64>| match median(values) {
                Some(m) => (m * u64::from(t.volume_multiple)).max(u64::from(t.volume_floor)),
                None => u64::from(t.volume_floor),
            };
            user.today = Some(Day {
                date,
                reveal_limit: limit(earlier.iter().map(|h| h.0).collect()),
                person_limit: limit(earlier.iter().map(|h| h.1).collect()),
                reveals: 0,
                persons: HashSet::new(),
            });
        }
        let Some(day) = user.today.as_mut() else {
            return false;
        };
        if e.action != Action::PersonViewed.as_str() {
            day.reveals += 1;
        }
        day.persons
            .extend(persons_of(e).into_iter().map(str::to_string));
        day.reveals > day.reveal_limit || day.persons.len() as u64 > day.person_limit
    }
}

fn counts_for_volume(e: &Entry) -> bool {
    e.outcome == Outcome::Allowed.as_str()
        && (e.action == Action::PersonViewed.as_str()
            || Action::parse(&e.action).is_some_and(|a| kind(a) == ActionKind::Reveal))
}

fn median(mut v: Vec<u64>) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

/// Flags per 1 000 entries, by code: how noisy the rules are on a log.
pub fn rate_per_thousand(entries: usize, flags: &Flags) -> BTreeMap<FlagCode, f64> {
    let mut counts: BTreeMap<FlagCode, usize> = BTreeMap::new();
    for codes in flags.values() {
        for &c in codes {
            *counts.entry(c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(c, n)| (c, n as f64 * 1000.0 / entries.max(1) as f64))
        .collect()
}
