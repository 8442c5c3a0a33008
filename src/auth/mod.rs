//! Accounts: roles, the password policy and the user table.

pub mod one_time;
pub mod password_policy;
pub mod roles;
pub mod users;

pub use roles::Role;
pub use users::UserInfo;
