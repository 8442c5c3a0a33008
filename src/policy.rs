//! The need-to-know policy: one table, deny by default. Every session operation asks [`decide`] before it
//! does anything, and the role-matrix test runs every [`Operation`] against every [`Role`].

use crate::audit::Action;
use crate::auth::Role;
use crate::storage::GrantKind;

crate::named! {
    /// Every operation of the door. Each has a row in the role-matrix test and knows its log action.
    pub enum Operation {
        ChangeOwnPassword = "change_own_password",
        AddUser = "add_user",
        ListUsers = "list_users",
        DisableUser = "disable_user",
        EnableUser = "enable_user",
        ResetPassword = "reset_password",
        UnlockUser = "unlock_user",
        ChangeSettings = "change_settings",
        Assign = "assign",
        Unassign = "unassign",
        CreatePerson = "create_person",
        FindPersons = "find_persons",
        ShowPerson = "show_person",
        EditPerson = "edit_person",
        RevealField = "reveal_field",
        CopyField = "copy_field",
        EmergencyAccess = "emergency_access",
        Lookup = "lookup",
        ViewLog = "view_log",
        VerifyLog = "verify_log",
        ListPendingAccess = "list_pending_access",
        GrantAccess = "grant_access",
        RevokeAccess = "revoke_access",
        RotateKeys = "rotate_keys",
        RectifyPerson = "rectify_person",
        ChangeProtection = "change_protection",
        SetRestriction = "set_restriction",
        LiftRestriction = "lift_restriction",
        ViewSettings = "view_settings",
        HandOverKeys = "hand_over_keys",
        RotateRecoveryCode = "rotate_recovery_code",
        ListCaseload = "list_caseload",
        RevealNames = "reveal_names",
        ListAssignments = "list_assignments",
        Reassign = "reassign",
        EditAccount = "edit_account",
        AddNote = "add_note",
        OpenRequest = "open_request",
        VerifyRequest = "verify_request",
        ExtendRequest = "extend_request",
        CloseRequest = "close_request",
        ListRequests = "list_requests",
        AssessHarm = "assess_harm",
        ProduceExtract = "produce_extract",
        RecordDisclosure = "record_disclosure",
        RecordConsent = "record_consent",
        WithdrawConsent = "withdraw_consent",
        RecordObjection = "record_objection",
        OverrideObjection = "override_objection",
        RevealHistory = "reveal_history",
        NotifyRecipients = "notify_recipients",
        ErasePerson = "erase_person",
        ReviewLog = "review_log",
        DrawSample = "draw_sample",
        ListLogTasks = "list_log_tasks",
        ProduceLogReport = "produce_log_report",
        ExportLogBundle = "export_log_bundle",
        ImportLogBundles = "import_log_bundles",
        OpenIncident = "open_incident",
        ListIncidents = "list_incidents",
        ShowIncident = "show_incident",
        UpdateIncident = "update_incident",
        SetRegister = "set_register",
        ExportRegister = "export_register",
        ListRetentionRules = "list_retention_rules",
        SetRetentionRule = "set_retention_rule",
        ListRetentionDue = "list_retention_due",
        ProposeDestruction = "propose_destruction",
        ApproveDestruction = "approve_destruction",
        ListDestructions = "list_destructions",
        WriteDestructionCertificate = "write_destruction_certificate",
        CheckDestructionCertificate = "check_destruction_certificate",
        WriteBackup = "write_backup",
        RestoreVault = "restore_vault",
        AcceptRestore = "accept_restore",
        CheckImport = "check_import",
        ImportPersons = "import_persons",
        ExportReceptionRegister = "export_reception_register",
        ReviewDeskLog = "review_desk_log",
    }
}

impl Access {
    /// Open through a running emergency access (read-only or editing): everything done is flagged.
    pub fn is_emergency(self) -> bool {
        matches!(self, Access::Emergency | Access::EmergencyEditing)
    }
}

impl Operation {
    /// The action its log entry carries (an operation may refine it, as a recovery does).
    pub const fn action(self) -> Action {
        use Operation::*;
        match self {
            ChangeOwnPassword => Action::PasswordChanged,
            AddUser => Action::UserAdded,
            ListUsers => Action::UserListed,
            DisableUser => Action::UserDisabled,
            EnableUser => Action::UserEnabled,
            ResetPassword => Action::PasswordReset,
            UnlockUser => Action::UserUnlocked,
            ChangeSettings => Action::SettingsChanged,
            Assign => Action::Assigned,
            Unassign => Action::Unassigned,
            CreatePerson => Action::PersonCreated,
            FindPersons => Action::Search,
            ShowPerson => Action::PersonViewed,
            EditPerson => Action::PersonEdited,
            RevealField => Action::FieldRevealed,
            CopyField => Action::FieldCopied,
            EmergencyAccess => Action::EmergencyAccess,
            Lookup => Action::Lookup,
            ViewLog => Action::LogViewed,
            ReviewLog => Action::LogReviewed,
            DrawSample => Action::SampleDrawn,
            ListLogTasks => Action::LogTasksListed,
            ProduceLogReport => Action::LogReportProduced,
            ExportLogBundle => Action::LogBundleExported,
            ImportLogBundles => Action::LogBundlesImported,
            OpenIncident => Action::IncidentOpened,
            ListIncidents => Action::IncidentsListed,
            ShowIncident => Action::IncidentViewed,
            UpdateIncident => Action::IncidentUpdated,
            SetRegister => Action::RegisterChanged,
            ExportRegister => Action::RegisterExported,
            ListRetentionRules => Action::RetentionRulesListed,
            SetRetentionRule => Action::RetentionRuleChanged,
            ListRetentionDue => Action::RetentionSweepListed,
            ProposeDestruction => Action::DestructionProposed,
            ApproveDestruction => Action::DestructionApproved,
            ListDestructions => Action::DestructionsListed,
            WriteDestructionCertificate => Action::DestructionCertificateWritten,
            CheckDestructionCertificate => Action::DestructionCertificateChecked,
            WriteBackup => Action::BackupWritten,
            RestoreVault => Action::VaultRestored,
            AcceptRestore => Action::RestoreAccepted,
            CheckImport => Action::ImportChecked,
            ImportPersons => Action::PersonsImported,
            ExportReceptionRegister => Action::ReceptionRegisterExported,
            ReviewDeskLog => Action::DeskLogReviewed,
            VerifyLog => Action::LogVerified,
            ListPendingAccess => Action::AccessListed,
            GrantAccess => Action::AccessGranted,
            RevokeAccess => Action::AccessRevoked,
            RotateKeys => Action::KeysRotated,
            RectifyPerson => Action::PersonRectified,
            ChangeProtection => Action::ProtectionChanged,
            SetRestriction => Action::RestrictionSet,
            LiftRestriction => Action::RestrictionLifted,
            ViewSettings => Action::SettingsViewed,
            HandOverKeys => Action::KeysHandedOver,
            RotateRecoveryCode => Action::RecoveryCodeRotated,
            ListCaseload => Action::CaseloadListed,
            RevealNames => Action::NamesRevealed,
            ListAssignments => Action::AssignmentsListed,
            Reassign => Action::Reassigned,
            EditAccount => Action::AccountEdited,
            AddNote => Action::NoteAdded,
            OpenRequest => Action::RequestOpened,
            VerifyRequest => Action::RequestVerified,
            ExtendRequest => Action::RequestExtended,
            CloseRequest => Action::RequestClosed,
            ListRequests => Action::RequestsListed,
            AssessHarm => Action::HarmAssessed,
            ProduceExtract => Action::ExtractProduced,
            RecordDisclosure => Action::DisclosureRecorded,
            RecordConsent => Action::ConsentRecorded,
            WithdrawConsent => Action::ConsentWithdrawn,
            RecordObjection => Action::ObjectionRecorded,
            OverrideObjection => Action::ObjectionOverridden,
            RevealHistory => Action::HistoryRevealed,
            NotifyRecipients => Action::RecipientsNotified,
            ErasePerson => Action::PersonErased,
        }
    }

    /// The domain keys the session must hold before the operation can run at all. Without them the
    /// attempt is refused and logged (`NO_DATA_ACCESS`): keys, not only this table, keep roles apart.
    pub fn needs_key(self) -> &'static [GrantKind] {
        use Operation::*;
        match self {
            CreatePerson | EditPerson | RectifyPerson | ChangeProtection | SetRestriction
            | LiftRestriction | ErasePerson | ImportPersons => {
                &[GrantKind::Records, GrantKind::Reception]
            }
            CheckImport | ExportReceptionRegister => &[GrantKind::Records],
            FindPersons | ShowPerson | RevealField | CopyField | EmergencyAccess | ListCaseload
            | RevealNames | AddNote => &[GrantKind::Records],
            OpenRequest | VerifyRequest | ExtendRequest | CloseRequest | ListRequests
            | AssessHarm | ProduceExtract | RecordDisclosure | RecordConsent | WithdrawConsent
            | RecordObjection | OverrideObjection | RevealHistory | NotifyRecipients => {
                &[GrantKind::Records]
            }
            Lookup => &[GrantKind::Reception],
            ListRetentionDue | ProposeDestruction => &[GrantKind::Records],
            // Erasing takes the person out of the reception register too.
            ApproveDestruction => &[GrantKind::Records, GrantKind::Reception],
            HandOverKeys => &[GrantKind::Records, GrantKind::Reception],
            // Spelt out, so a new operation is a compile error here until someone decides.
            ChangeOwnPassword
            | AddUser
            | ListUsers
            | DisableUser
            | EnableUser
            | ResetPassword
            | UnlockUser
            | ChangeSettings
            | Assign
            | Unassign
            | ViewLog
            | VerifyLog
            | ReviewLog
            | DrawSample
            | ListLogTasks
            | ProduceLogReport
            | ExportLogBundle
            | ImportLogBundles
            | ListPendingAccess
            | GrantAccess
            | RevokeAccess
            | RotateKeys
            | ViewSettings
            | RotateRecoveryCode
            | ListAssignments
            | Reassign
            | EditAccount
            | OpenIncident
            | ListIncidents
            | ShowIncident
            | UpdateIncident
            | SetRegister
            | ExportRegister
            | ListRetentionRules
            | SetRetentionRule
            | ListDestructions
            | WriteDestructionCertificate
            | CheckDestructionCertificate
            | WriteBackup
            | RestoreVault
            | AcceptRestore
            | ReviewDeskLog => &[],
        }
    }
}

crate::named! {
    /// How the acting user stands to the person an operation is about.
    pub enum Access {
        /// No person is involved.
        NotApplicable = "not_applicable",
        Assigned = "assigned",
        /// Not assigned, but a time-boxed emergency access (nödåtkomst) is running: read-only.
        Emergency = "emergency",
        /// A running emergency access whose justification asked for editing too.
        EmergencyEditing = "emergency_editing",
        Unassigned = "unassigned",
        /// Assigned (or under emergency access), but processing is restricted (GDPR art. 18).
        Restricted = "restricted",
        /// Not assigned, and restricted: not even emergency access opens it.
        RestrictedUnassigned = "restricted_unassigned",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(&'static str),
}

/// True when `role` may do `op` in at least one standing (a role that may never do it is refused
/// before anything about the person is looked up).
pub fn ever_allowed(role: Role, op: Operation) -> bool {
    Access::ALL
        .iter()
        .any(|&a| decide(role, op, a) == Decision::Allow)
}

/// The policy table of DESIGN.md. Anything not listed is refused.
pub fn decide(role: Role, op: Operation, access: Access) -> Decision {
    use Operation::*;
    let person_open = matches!(
        access,
        Access::Assigned | Access::Emergency | Access::EmergencyEditing
    );
    let may_edit = matches!(access, Access::Assigned | Access::EmergencyEditing);
    match (role, op) {
        (
            Role::Recovery,
            ListPendingAccess | GrantAccess | RevokeAccess | RotateKeys | RestoreVault,
        ) => Decision::Allow,
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
            | ChangeSettings | Assign | Unassign | ListAssignments | Reassign | EditAccount,
        ) => Decision::Allow,

        (
            Role::Handlaggare,
            CreatePerson
            | FindPersons
            | ListCaseload
            | ListRequests
            | CheckImport
            | ImportPersons
            | ExportReceptionRegister,
        ) => Decision::Allow,
        // Data-subject requests are answered by the assigned handler, in person, also while
        // processing is restricted (the person's own rights are not processing for the purpose);
        // never through an emergency access.
        (
            Role::Handlaggare,
            OpenRequest | VerifyRequest | ExtendRequest | CloseRequest | AssessHarm
            | ProduceExtract | RecordDisclosure | RecordConsent | WithdrawConsent | RecordObjection
            | OverrideObjection | RevealHistory | NotifyRecipients | ErasePerson,
        ) if matches!(access, Access::Assigned | Access::Restricted) => Decision::Allow,
        (
            Role::Handlaggare,
            OpenRequest | VerifyRequest | ExtendRequest | CloseRequest | AssessHarm
            | ProduceExtract | RecordDisclosure | RecordConsent | WithdrawConsent | RecordObjection
            | OverrideObjection | RevealHistory | NotifyRecipients | ErasePerson,
        ) => Decision::Deny("data-subject requests are handled by the person's assigned handler"),
        // Art. 18: a restricted record is stored, shown masked, rectified, and its restriction lifted.
        (Role::Handlaggare, ShowPerson | RectifyPerson | LiftRestriction)
            if access == Access::Restricted =>
        {
            Decision::Allow
        }
        (
            Role::Handlaggare,
            EditPerson | AddNote | RevealField | RevealNames | CopyField | ChangeProtection
            | SetRestriction,
        ) if access == Access::Restricted => {
            Decision::Deny("processing of this person is restricted (GDPR art. 18)")
        }
        (Role::Handlaggare, EditPerson | AddNote) if may_edit => Decision::Allow,
        (Role::Handlaggare, EditPerson | AddNote) if person_open => Decision::Deny(
            "this emergency access is read-only; editing must be asked for in the justification",
        ),
        (Role::Handlaggare, ShowPerson | RevealField | RevealNames | CopyField) if person_open => {
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
            ShowPerson | EditPerson | AddNote | RevealField | RevealNames | CopyField
            | RectifyPerson | ChangeProtection | SetRestriction,
        ) => Decision::Deny("the person is not assigned to you"),
        // A running one may be asked for again, with a new justification (to edit, or for longer).
        (Role::Handlaggare, EmergencyAccess)
            if access == Access::Unassigned || access.is_emergency() =>
        {
            Decision::Allow
        }
        (Role::Handlaggare, EmergencyAccess) if access == Access::RestrictedUnassigned => {
            Decision::Deny("processing of this person is restricted (GDPR art. 18)")
        }
        (Role::Handlaggare, EmergencyAccess) => {
            Decision::Deny("emergency access is only for persons not assigned to you")
        }

        (Role::Admin, ViewSettings) => Decision::Allow,
        // A new recovery code: the administrator, with the keys a case handler hands over.
        (Role::Admin, RotateRecoveryCode) | (Role::Handlaggare, HandOverKeys) => Decision::Allow,
        (Role::Reception, Lookup) => Decision::Allow,

        (
            Role::Granskare,
            ViewLog | VerifyLog | ReviewLog | DrawSample | ListLogTasks | ProduceLogReport
            | ExportLogBundle | ImportLogBundles | ReviewDeskLog,
        ) => Decision::Allow,

        // The incident register: both may open an incident and read the register; the
        // administrator manages it (the reviewer's findings reach it as new incidents).
        (Role::Admin | Role::Granskare, OpenIncident | ListIncidents | ShowIncident) => {
            Decision::Allow
        }
        (Role::Admin, UpdateIncident) => Decision::Allow,
        // The register of processing activities is the administrator's (it holds no person data).
        (Role::Admin, SetRegister | ExportRegister | WriteBackup | AcceptRestore) => {
            Decision::Allow
        }
        // Retention rules: the administrator sets them; whoever applies or reviews them reads them.
        (Role::Admin, SetRetentionRule) => Decision::Allow,
        (Role::Admin | Role::Handlaggare | Role::Granskare, ListRetentionRules) => Decision::Allow,
        // The sweep reads every file's dates, so it is the case handlers' (who hold the records
        // key); one proposes, another approves (checked by the operation). The lists and
        // certificates name no one but the two decision makers, so all three may read them.
        (Role::Handlaggare, ListRetentionDue | ProposeDestruction | ApproveDestruction) => {
            Decision::Allow
        }
        (
            Role::Admin | Role::Handlaggare | Role::Granskare,
            ListDestructions | WriteDestructionCertificate | CheckDestructionCertificate,
        ) => Decision::Allow,

        (Role::Admin, _) => Decision::Deny("administrators never see person data or the log"),
        (Role::Granskare, _) => Decision::Deny("log reviewers only read the access log"),
        (Role::Reception, _) => Decision::Deny("reception may only make exact lookups"),
        (Role::Handlaggare, _) => Decision::Deny("case handlers do not administer the vault"),
    }
}
