//! Skyddsvalv core: the encrypted vault, its keys and accounts, the need-to-know policy, person records
//! with per-field masking, and the hash-chained access log. All logic lives here; the CLI and the
//! desktop app are thin layers over [`Vault`] and [`Session`]. See ARCHITECTURE.md for the map.

pub mod audit;
pub mod auth;
mod canonical;
pub mod crypto;
pub mod demo;
pub mod desk;
pub mod device;
pub mod error;
pub mod hardening;
pub mod identity;
pub mod keys;
pub mod policy;
pub mod records;
pub mod session;
pub mod settings;
pub mod storage;
pub mod time;
mod unlock;
pub mod vault;

pub use auth::Role;
pub use device::DeviceSecrets;
pub use error::{Error, ErrorCode, Result};
pub use session::Session;
pub use unlock::{Created, FirstLogin, Login, MigrationReport};
pub use vault::Vault;
