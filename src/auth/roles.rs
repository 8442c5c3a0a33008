//! The four roles. One account has exactly one; separation of duties is the point.

crate::named! {
    pub enum Role {
        /// Handläggare: works with the persons assigned to them.
        Handlaggare = "handlaggare",
        /// Reception: exact lookups only.
        Reception = "reception",
        /// Granskare: reads the access log, never a field value.
        Granskare = "granskare",
        /// Systemförvaltare: users, assignments and settings, never a field value.
        Admin = "admin",
        /// Not an account: whoever holds the recovery code. Grants the first case handler data access,
        /// rotates keys and migrates; reads nothing.
        Recovery = "recovery",
    }
}

impl Role {
    /// The roles an account can have.
    pub const ACCOUNTS: [Role; 4] = [
        Role::Handlaggare,
        Role::Reception,
        Role::Granskare,
        Role::Admin,
    ];

    /// A role an account may be created with.
    pub fn parse_account(s: &str) -> Option<Role> {
        Role::parse(s).filter(|r| r.is_account())
    }

    /// An account role named by a front end; anything else is `INVALID_INPUT` for `role`.
    pub fn account_from_input(s: &str) -> crate::Result<Role> {
        Role::parse_account(s.trim()).ok_or_else(|| {
            let names: Vec<&str> = Role::ACCOUNTS.iter().map(|r| r.as_str()).collect();
            crate::Error::invalid(
                crate::input::Input::Role,
                crate::input::Rule::Unknown,
                format!("an account's role is one of {}", names.join(", ")),
            )
        })
    }

    /// Whether an account can have this role (`ACCOUNTS` lists them; a test holds the two together).
    pub const fn is_account(self) -> bool {
        match self {
            Role::Handlaggare | Role::Reception | Role::Granskare | Role::Admin => true,
            Role::Recovery => false,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_the_roles_an_account_can_have() {
        let accounts: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| r.is_account())
            .collect();
        assert_eq!(accounts, Role::ACCOUNTS);
        assert_eq!(Role::parse_account("recovery"), None);
        assert_eq!(Role::parse_account("admin"), Some(Role::Admin));
    }
}
