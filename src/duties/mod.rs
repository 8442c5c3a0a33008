//! The organisation's duties towards the supervisory authority: the register of personal-data
//! incidents with the 72-hour clock of GDPR art. 33 (`incident.rs`), written out after IMY's
//! notification form (`incident_form.rs`).

pub mod incident;
pub mod incident_form;
pub mod register;
pub mod retention;
pub mod sweep;
