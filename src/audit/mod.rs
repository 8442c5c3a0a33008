//! The access log: one entry per operation, written in the operation's own transaction, hash-chained,
//! append-only, with checkpoints signed by each session's own user, and key announcements that tell the
//! verifier whose key is whose.

pub mod announce;
pub mod bundle;
pub mod chain;
pub mod checkpoint;
pub mod entry;
pub mod entry_codec;
pub mod flag_index;
pub mod flags;
pub mod note;
pub mod query;
pub mod report;
pub mod review;
pub mod verify;

pub use announce::Announcement;
pub use entry::{Action, Entry, EntryRef, NewEntry, Outcome};
pub use flags::FlagCode;
pub use query::LogFilter;
pub use review::{ReviewOutcome, ReviewSubject, YearMonth};
pub use verify::{Pin, Verification};
