//! What an erasure may remove is decided in `session/erasure.rs`; this module names the reasons in
//! one place for the CLI and the app (see [`super::ErasureReason`]).

pub use crate::session::{ErasureReport, FieldErasure, LedgerEntry};
