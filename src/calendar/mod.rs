//! Swedish calendar rules: public holidays, working days and the data-subject request deadline.
//! Pure functions of dates; no clock.

mod deadline;
mod holidays;

pub use deadline::{add_calendar_months, request_deadline, Deadline, EXTENSION_MONTHS};
pub use holidays::{is_public_holiday, is_working_day, next_working_day, Holiday};
