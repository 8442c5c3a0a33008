//! The need-to-know policy: one table, deny by default. Every session operation asks [`decide`] before it
//! does anything, and the role-matrix test runs every [`Operation`] against every [`Role`].

use serde::Serialize;

use crate::auth::Role;
use crate::storage::GrantKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Operation {
    ChangeOwnPassword,
    AddUser,
    ListUsers,
    DisableUser,
    EnableUser,
    ResetPassword,
    UnlockUser,
    ChangeSettings,
    Assign,
    Unassign,
    CreatePerson,
    FindPersons,
    ShowPerson,
    EditPerson,
    RevealField,
    CopyField,
    EmergencyAccess,
    Lookup,
    ViewLog,
    VerifyLog,
    ListPendingAccess,
    GrantAccess,
    RevokeAccess,
    RotateKeys,
}

impl Operation {
    pub const ALL: &'static [Operation] = &[
        Operation::ChangeOwnPassword,
        Operation::AddUser,
        Operation::ListUsers,
        Operation::DisableUser,
        Operation::EnableUser,
        Operation::ResetPassword,
        Operation::UnlockUser,
        Operation::ChangeSettings,
        Operation::Assign,
        Operation::Unassign,
        Operation::CreatePerson,
        Operation::FindPersons,
        Operation::ShowPerson,
        Operation::EditPerson,
        Operation::RevealField,
        Operation::CopyField,
        Operation::EmergencyAccess,
        Operation::Lookup,
        Operation::ViewLog,
        Operation::VerifyLog,
        Operation::ListPendingAccess,
        Operation::GrantAccess,
        Operation::RevokeAccess,
        Operation::RotateKeys,
    ];
}

impl Operation {
    /// The domain keys the session must hold before the operation can run at all. Without them the
    /// attempt is refused and logged (`NO_DATA_ACCESS`): keys, not only this table, keep roles apart.
    pub fn needs_key(self) -> &'static [GrantKind] {
        use Operation::*;
        match self {
            CreatePerson | EditPerson => &[GrantKind::Records, GrantKind::Reception],
            FindPersons | ShowPerson | RevealField | CopyField | EmergencyAccess => {
                &[GrantKind::Records]
            }
            Lookup => &[GrantKind::Reception],
            _ => &[],
        }
    }
}

/// How the acting user stands to the person an operation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No person is involved.
    NotApplicable,
    Assigned,
    /// Not assigned, but a time-boxed emergency access (nödåtkomst) is running.
    Emergency,
    Unassigned,
    /// Assigned (or under emergency access), but processing is restricted (GDPR art. 18).
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(&'static str),
}

/// The policy table of DESIGN.md. Anything not listed is refused.
pub fn decide(role: Role, op: Operation, access: Access) -> Decision {
    use Operation::*;
    let person_open = matches!(access, Access::Assigned | Access::Emergency);
    match (role, op) {
        (Role::Recovery, ListPendingAccess | GrantAccess | RevokeAccess | RotateKeys) => {
            Decision::Allow
        }
        (Role::Recovery, _) => {
            Decision::Deny("the recovery code grants access and rotates keys; it reads nothing")
        }

        (_, ChangeOwnPassword) => Decision::Allow,

        // Data access is passed on by those who hold it; anyone who administers may take it away.
        (Role::Handlaggare, ListPendingAccess | GrantAccess | RevokeAccess | RotateKeys) => {
            Decision::Allow
        }
        (Role::Admin, ListPendingAccess | RevokeAccess) => Decision::Allow,

        (
            Role::Admin,
            AddUser | ListUsers | DisableUser | EnableUser | ResetPassword | UnlockUser
            | ChangeSettings | Assign | Unassign,
        ) => Decision::Allow,

        (Role::Handlaggare, CreatePerson | FindPersons) => Decision::Allow,
        (Role::Handlaggare, ShowPerson | EditPerson) if access == Access::Restricted => {
            Decision::Allow
        }
        (Role::Handlaggare, RevealField | CopyField) if access == Access::Restricted => {
            Decision::Deny("processing of this person is restricted (GDPR art. 18)")
        }
        (Role::Handlaggare, ShowPerson | EditPerson | RevealField | CopyField) if person_open => {
            Decision::Allow
        }
        (Role::Handlaggare, ShowPerson | EditPerson | RevealField | CopyField) => {
            Decision::Deny("the person is not assigned to you")
        }
        (Role::Handlaggare, EmergencyAccess) if access == Access::Unassigned => Decision::Allow,
        (Role::Handlaggare, EmergencyAccess) => {
            Decision::Deny("emergency access is only for persons not assigned to you")
        }

        (Role::Reception, Lookup) => Decision::Allow,

        (Role::Granskare, ViewLog | VerifyLog) => Decision::Allow,

        (Role::Admin, _) => Decision::Deny("administrators never see person data or the log"),
        (Role::Granskare, _) => Decision::Deny("log reviewers only read the access log"),
        (Role::Reception, _) => Decision::Deny("reception may only make exact lookups"),
        (Role::Handlaggare, _) => Decision::Deny("case handlers do not administer the vault"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_by_default_for_person_data_outside_handlers() {
        for role in [Role::Admin, Role::Granskare, Role::Reception] {
            for op in [
                Operation::ShowPerson,
                Operation::RevealField,
                Operation::EditPerson,
                Operation::FindPersons,
            ] {
                assert!(matches!(
                    decide(role, op, Access::Assigned),
                    Decision::Deny(_)
                ));
            }
        }
    }

    #[test]
    fn handlers_need_assignment_or_emergency() {
        let r = Role::Handlaggare;
        assert_eq!(
            decide(r, Operation::RevealField, Access::Assigned),
            Decision::Allow
        );
        assert_eq!(
            decide(r, Operation::RevealField, Access::Emergency),
            Decision::Allow
        );
        assert!(matches!(
            decide(r, Operation::RevealField, Access::Unassigned),
            Decision::Deny(_)
        ));
        assert!(matches!(
            decide(r, Operation::EmergencyAccess, Access::Assigned),
            Decision::Deny(_)
        ));
    }

    #[test]
    fn restriction_allows_storage_view_and_correction_only() {
        let r = Role::Handlaggare;
        let a = Access::Restricted;
        assert_eq!(decide(r, Operation::ShowPerson, a), Decision::Allow);
        assert_eq!(decide(r, Operation::EditPerson, a), Decision::Allow);
        assert!(matches!(
            decide(r, Operation::RevealField, a),
            Decision::Deny(_)
        ));
        assert!(matches!(
            decide(r, Operation::CopyField, a),
            Decision::Deny(_)
        ));
        assert!(matches!(
            decide(r, Operation::EmergencyAccess, a),
            Decision::Deny(_)
        ));
    }
}
