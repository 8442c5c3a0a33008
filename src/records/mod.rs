//! Person records: the field model with categories and default masks, masking itself, sealing under the
//! records key, the blind indexes, the reception register, and the purposes a reveal may state.

pub mod fields;
pub mod index;
pub mod mask;
pub mod model;
pub mod purpose;
pub mod refs;
pub mod register;
pub mod review;
pub mod sealed;
pub mod text;

pub use fields::{Category, Field};
pub use model::{
    Contact, ContactEdit, LegalBasis, PersonPatch, PersonRecord, Protection, ProtectionKind,
    ProtectionPatch, RetentionFacts,
};
pub use purpose::Purpose;
pub use review::ReviewStatus;
