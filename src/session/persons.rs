//! Person operations (filled in by the records work).
pub struct PersonSummary;
pub struct LookupAnswer;
