//! Unlocking: turning a closed [`Vault`](crate::Vault) and a password (or the recovery code) into a
//! [`Session`](crate::Session). This sits above both the vault on disk and the session, so neither
//! depends on the other.

mod create;
mod login;
mod migrate;
mod open;
mod recover;

pub use create::Created;
pub use login::{FirstLogin, Login};
pub use migrate::MigrationReport;
