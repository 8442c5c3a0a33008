//! The access log: one entry per operation, written in the operation's own transaction, hash-chained,
//! append-only, with signed checkpoints kept inside and outside the vault.

pub mod chain;
pub mod checkpoint;
pub mod entry;
pub mod query;
pub mod verify;

pub use entry::{Action, Entry, NewEntry, Outcome};
pub use query::LogFilter;
pub use verify::Verification;
