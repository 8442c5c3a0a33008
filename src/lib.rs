//! Skyddsvalv core: the encrypted vault, its keys and accounts, the need-to-know policy, person records
//! with per-field masking, and the hash-chained access log. All logic lives here; the CLI and the
//! desktop app are thin layers over [`Vault`] and [`Session`]. See ARCHITECTURE.md for the map.

#[macro_use]
mod names;

pub mod audit;
pub mod auth;
pub mod backup;
pub mod calendar;
mod canonical;
pub mod contract;
pub mod crypto;
#[cfg(feature = "demo")]
pub mod demo;
pub mod desk;
pub mod device;
pub mod duties;
pub mod error;
pub mod frontend;
pub mod hardening;
pub mod identity;
pub mod import;
pub mod input;
pub mod keys;
pub mod limits;
pub mod offline;
pub mod policy;
pub mod records;
pub mod rights;
pub mod session;
pub mod settings;
pub mod storage;
pub mod time;
mod unlock;
pub mod vault;

#[doc(hidden)]
pub use serde as __serde;

pub use auth::Role;
pub use device::DeviceSecrets;
pub use error::{Error, ErrorCode, Result};
pub use session::Session;
pub use unlock::{Created, FirstLogin, Login, MigrationReport};
pub use vault::Vault;
