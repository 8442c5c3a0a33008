//! Accounts as the core sees them, over the user table of the storage seam.

use serde::Serialize;

use super::Role;
use crate::crypto::PublicKeys;
use crate::error::{Error, Result};
use crate::storage::{Tx, UserRow};
use crate::vault::keyslots::normalize_user_name;

/// The acting user of a session.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UserInfo {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
    #[serde(skip)]
    pub slot_locator: String,
    #[serde(skip)]
    pub slot_digest: Vec<u8>,
    #[serde(skip)]
    pub public: Option<PublicKeys>,
}

impl From<UserRow> for UserInfo {
    fn from(u: UserRow) -> Self {
        UserInfo {
            id: u.id,
            name: u.name,
            role: u.role,
            disabled: u.disabled,
            must_change_password: u.must_change_password,
            slot_locator: u.slot_locator,
            slot_digest: u.slot_digest,
            public: u.public,
        }
    }
}

/// Checks a new account name: printable, 1–64 characters, no control characters.
pub fn validate_name(name: &str) -> Result<()> {
    let trimmed = name.trim();
    let len = trimmed.chars().count();
    if len == 0 || len > 64 || trimmed.chars().any(char::is_control) {
        return Err(Error::invalid(
            crate::input::Input::UserName,
            crate::input::Rule::Format,
            "a user name must be 1 to 64 printable characters",
        ));
    }
    Ok(())
}

pub fn by_name(tx: &dyn Tx, name: &str) -> Result<Option<UserRow>> {
    tx.user_by_name_key(&normalize_user_name(name))
}

pub fn active_admins(tx: &dyn Tx) -> Result<usize> {
    Ok(tx
        .users()?
        .iter()
        .filter(|u| u.role == Role::Admin && !u.disabled)
        .count())
}
