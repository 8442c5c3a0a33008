//! Person records: the field model with categories and default masks, masking itself, storage with
//! the search index, and the purposes a reveal may state.

pub mod fields;
pub mod mask;
pub mod model;
pub mod purpose;
pub mod store;

pub use fields::{Category, Field};
pub use model::{Contact, LegalBasis, PersonPatch, PersonRecord, Protection, ProtectionKind};
pub use purpose::Purpose;
