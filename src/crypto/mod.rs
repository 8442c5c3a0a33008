//! Cryptographic building blocks: keys in zeroizing types, Argon2id, AEAD key wrapping, HKDF sub-keys
//! and the recovery code. Everything here is RustCrypto; nothing is hand-rolled beyond glue.

pub mod kdf;
pub mod key;
pub mod recovery_code;
pub mod wrap;

pub use kdf::KdfParams;
pub use key::Key32;
pub use recovery_code::RecoveryCode;
