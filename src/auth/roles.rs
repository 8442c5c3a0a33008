//! The four roles. One account has exactly one; separation of duties is the point.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Handläggare: works with the persons assigned to them.
    Handlaggare,
    /// Reception: exact lookups only.
    Reception,
    /// Granskare: reads the access log, never a field value.
    Granskare,
    /// Systemförvaltare: users, assignments and settings, never a field value.
    Admin,
    /// Not an account: whoever holds the recovery code. Grants the first case handler data access,
    /// rotates keys and migrates; reads nothing.
    Recovery,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Handlaggare,
        Role::Reception,
        Role::Granskare,
        Role::Admin,
        Role::Recovery,
    ];

    /// The roles an account can have.
    pub const ACCOUNTS: [Role; 4] = [
        Role::Handlaggare,
        Role::Reception,
        Role::Granskare,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Handlaggare => "handlaggare",
            Role::Reception => "reception",
            Role::Granskare => "granskare",
            Role::Admin => "admin",
            Role::Recovery => "recovery",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A role an account may be created with.
    pub fn parse_account(s: &str) -> Option<Role> {
        Role::ACCOUNTS.into_iter().find(|r| r.as_str() == s)
    }

    /// The domain keys this role's accounts hold once granted.
    pub fn needs_keys(self) -> &'static [crate::storage::GrantKind] {
        use crate::storage::GrantKind;
        match self {
            Role::Handlaggare | Role::Recovery => &[GrantKind::Records, GrantKind::Reception],
            Role::Reception => &[GrantKind::Reception],
            Role::Granskare | Role::Admin => &[],
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
