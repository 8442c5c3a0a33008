//! Cryptographic building blocks: keys in zeroizing types, Argon2id, AEAD key wrapping, HKDF sub-keys,
//! the recovery code, per-user key pairs, sealed envelopes and the reception's slow hash. Everything here
//! is RustCrypto or dalek; nothing is hand-rolled beyond glue.

pub mod envelope;
pub mod kdf;
pub mod key;
pub mod recovery_code;
pub mod slow_hash;
pub mod user_keys;
pub mod wrap;

pub use envelope::Envelope;
pub use kdf::KdfParams;
pub use key::Key32;
pub use recovery_code::RecoveryCode;
pub use slow_hash::SlowHashParams;
pub use user_keys::{PublicKeys, UserKeys};
