//! Swedish calendar rules: public holidays, working days and the data-subject request deadline.
//! Swedish civil time. Pure functions of dates; no clock.

mod deadline;
mod holidays;
mod local_time;

pub use deadline::{add_calendar_months, request_deadline, Deadline, EXTENSION_MONTHS};
pub use holidays::{is_public_holiday, is_working_day, next_working_day, Holiday};
pub use local_time::{day_start, offset_hours, swedish_time};
