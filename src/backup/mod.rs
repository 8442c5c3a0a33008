//! Backup and restore of a whole vault. [`format`] is the file; the administrator's session writes
//! it (`Session::write_backup`); [`restore`] checks a file completely before it writes anything and
//! brings the vault back in a new directory, erasing again what the [`ledger`] says was erased since.

pub mod format;
pub mod ledger;
pub mod restore;

pub use restore::{restore, RestoreOptions, RestoreReport};
