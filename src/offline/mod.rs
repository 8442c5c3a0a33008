//! The offline reception register: a case handler exports it for a desk with no vault
//! ([`register`], `Session::export_reception_register`); the desk installs it and answers exact
//! lookups from it ([`desk`]) into a signed log of its own ([`log`]) that the log reviewer imports
//! (`Session::review_desk_log`).

pub mod desk;
pub mod log;
pub mod register;
pub mod station;

pub use desk::{parse_desk_key, Desk, DeskAnswer, DeskInfo, Installed};
pub use register::RegisterProblem;
pub use station::{DeskState, Station};
