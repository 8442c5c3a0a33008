//! The access log: one entry per operation, written in the operation's own transaction, hash-chained,
//! append-only, with checkpoints signed by each session's own user, and key announcements that tell the
//! verifier whose key is whose.

pub mod announce;
pub mod chain;
pub mod checkpoint;
pub mod entry;
pub mod query;
pub mod verify;

pub use announce::Announcement;
pub use entry::{Action, Entry, EntryRef, NewEntry, Outcome};
pub use query::LogFilter;
pub use verify::{Pin, Verification};
