//! The organisation's duties towards the supervisory authority: the register of personal-data
//! incidents with the 72-hour clock of GDPR art. 33 (`incident.rs`).

pub mod incident;
