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
    RectifyPerson,
    ChangeProtection,
    SetRestriction,
    LiftRestriction,
    ViewSettings,
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
        Operation::RectifyPerson,
        Operation::ChangeProtection,
        Operation::SetRestriction,
        Operation::LiftRestriction,
        Operation::ViewSettings,
    ];
}

impl Operation {
    /// The domain keys the session must hold before the operation can run at all. Without them the
    /// attempt is refused and logged (`NO_DATA_ACCESS`): keys, not only this table, keep roles apart.
    pub fn needs_key(self) -> &'static [GrantKind] {
        use Operation::*;
        match self {
            CreatePerson | EditPerson | RectifyPerson | ChangeProtection | SetRestriction
            | LiftRestriction => &[GrantKind::Records, GrantKind::Reception],
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
    /// Not assigned, and restricted: not even emergency access opens it.
    RestrictedUnassigned,
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
        // Art. 18: a restricted record is stored, shown masked, rectified, and its restriction lifted.
        (Role::Handlaggare, ShowPerson | RectifyPerson | LiftRestriction)
            if access == Access::Restricted =>
        {
            Decision::Allow
        }
        (
            Role::Handlaggare,
            EditPerson | RevealField | CopyField | ChangeProtection | SetRestriction,
        ) if access == Access::Restricted => {
            Decision::Deny("processing of this person is restricted (GDPR art. 18)")
        }
        (Role::Handlaggare, ShowPerson | EditPerson | RevealField | CopyField) if person_open => {
            Decision::Allow
        }
        (Role::Handlaggare, RectifyPerson | ChangeProtection | SetRestriction)
            if access == Access::Assigned =>
        {
            Decision::Allow
        }
        (Role::Handlaggare, LiftRestriction) => Decision::Deny(
            "only a restricted person assigned to you can have the restriction lifted",
        ),
        (
            Role::Handlaggare,
            ShowPerson | EditPerson | RevealField | CopyField | RectifyPerson | ChangeProtection
            | SetRestriction,
        ) => Decision::Deny("the person is not assigned to you"),
        (Role::Handlaggare, EmergencyAccess) if access == Access::Unassigned => Decision::Allow,
        (Role::Handlaggare, EmergencyAccess) if access == Access::RestrictedUnassigned => {
            Decision::Deny("processing of this person is restricted (GDPR art. 18)")
        }
        (Role::Handlaggare, EmergencyAccess) => {
            Decision::Deny("emergency access is only for persons not assigned to you")
        }

        (Role::Admin, ViewSettings) => Decision::Allow,
        (Role::Reception, Lookup) => Decision::Allow,

        (Role::Granskare, ViewLog | VerifyLog) => Decision::Allow,

        (Role::Admin, _) => Decision::Deny("administrators never see person data or the log"),
        (Role::Granskare, _) => Decision::Deny("log reviewers only read the access log"),
        (Role::Reception, _) => Decision::Deny("reception may only make exact lookups"),
        (Role::Handlaggare, _) => Decision::Deny("case handlers do not administer the vault"),
    }
}
