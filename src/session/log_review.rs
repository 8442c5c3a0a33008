//! The log reviewer's operations.
