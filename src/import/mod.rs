//! Importing an existing participant list (CSV or XLSX): [`table`] reads it as text, [`mapping`]
//! guesses which column is which, [`check`] is the dry run. The session's `import_check` and
//! `import_persons` (in `session/import.rs`) add the vault: duplicates against it, and the import
//! itself in one transaction.

pub mod check;
pub mod mapping;
pub mod table;

pub use check::{ImportRule, RowProblem};
pub use mapping::{guess, ImportField, Mapping};
pub use table::Table;
