//! The limits the core enforces, in one place. The UI mirrors some of them for immediate feedback
//! through the generated contract (`ui/generated/contract.js`); the core always checks again.

/// A revealed value is shown, and may be copied, for this long; then the UI masks it again and the
/// core refuses a copy with `NOT_REVEALED`.
pub const REVEAL_SECONDS: u64 = 30;

/// A value copied to the clipboard is cleared after this long (if the clipboard still holds it).
pub const CLIPBOARD_SECONDS: u64 = 30;

/// The shortest justification an emergency access takes.
pub const MIN_JUSTIFICATION: usize = 20;

/// A reason for a logged change (protection marking, restriction, rectification): a few words.
pub const MIN_REASON: usize = 5;

/// The longest free text the log or a field holds (characters).
pub const MAX_TEXT: usize = 500;

/// At most this many search hits are returned; the total is always told.
pub const SEARCH_LIMIT: u32 = 50;

/// The longest name prefix that is indexed for search (folded characters).
pub const MAX_NAME_PREFIX: usize = 12;

/// The longest display name, unit or work phone of an account (characters).
pub const MAX_ACCOUNT_DETAIL: usize = 100;

/// The longest case note (characters); a journal holds any number of them.
pub const MAX_NOTE: usize = 4000;

/// An unsaved form kept sealed across a lock: at most this large, and offered back for this long.
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;
pub const DRAFT_HOURS: i64 = 12;

/// The UI warns this many seconds before the idle lock ("låses om 0:45 — fortsätt arbeta") and keeps
/// an unsaved form as a sealed draft.
pub const IDLE_WARNING_SECONDS: u64 = 60;

/// A protection review date this many days ahead (or fewer) is "due soon": marked on the card, in the
/// caseload, and listed under "Bevakningar". 30 days covers the month ahead.
pub const REVIEW_SOON_DAYS: i64 = 30;

/// The largest participant list an import reads (bytes, and data rows): far above any unit's list,
/// small enough that a mistaken file (a database dump) is refused before it is parsed.
pub const IMPORT_MAX_BYTES: u64 = 50 * 1024 * 1024;
pub const IMPORT_MAX_ROWS: usize = 100_000;

/// The largest destruction certificate a check reads (bytes): a signed certificate is a few KiB.
pub const CERTIFICATE_MAX_BYTES: u64 = 1024 * 1024;

// Checked by the compiler: a reason or justification that fits, and re-masking that happens at all.
const _: () = assert!(MIN_REASON < MAX_TEXT && MIN_JUSTIFICATION < MAX_TEXT);
const _: () = assert!(CLIPBOARD_SECONDS >= 1 && REVEAL_SECONDS >= 1);
