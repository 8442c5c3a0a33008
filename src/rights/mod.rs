//! Data-subject rights (GDPR art. 12–21): the request register with its calendar-month deadline, the
//! registerutdrag and electronic copy (PDF and JSON, redacted by omission), and the registers of harm
//! assessments, disclosures, consents, objections, restriction orders and rectified values. The model
//! and the rules are pure; `session/rights.rs`, `session/extract.rs` and `session/erasure.rs` run them
//! through the door (policy, one log entry, one transaction).

pub mod extract;
pub mod model;
pub mod pdf;
pub mod request;

pub use extract::{ExtractDocument, ExtractFormat, ExtractKind, ExtractOptions, Lang, Withheld};
pub use model::*;
pub use request::WorkItem;
