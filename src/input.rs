//! The names of everything the core validates, and the rules an input can break. An `INVALID_INPUT`
//! error carries one of each, so a front end puts its message next to the right field, in its own
//! words, without reading the core's English text.

crate::named! {
    /// An input the core checks: a person's field, a part of one, or a value of an operation.
    pub enum Input {
        Record = "record",
        Name = "name",
        IdentityNumber = "identity_number",
        Address = "address",
        Postcode = "postcode",
        Municipality = "municipality",
        Phone = "phone",
        Email = "email",
        ContactName = "contact_name",
        ContactRelation = "contact_relation",
        ContactPhone = "contact_phone",
        Health = "health",
        Interventions = "interventions",
        Notes = "notes",
        Protection = "protection",
        ProtectionNote = "protection_note",
        ProtectionSince = "protection_since",
        ProtectionReviewOn = "protection_review_on",
        RecordPurpose = "record_purpose",
        RetainUntil = "retain_until",
        RevealPurpose = "reveal_purpose",
        PurposeNote = "purpose_note",
        Justification = "justification",
        Reason = "reason",
        PersonRef = "person_ref",
        Lookup = "lookup",
        UserName = "user_name",
        DisplayName = "display_name",
        Unit = "unit",
        WorkPhone = "work_phone",
        Role = "role",
        Assignee = "assignee",
        Setting = "setting",
        SettingValue = "setting_value",
        NewPassword = "new_password",
        Vault = "vault",
        Field = "field",
        LogFilter = "log_filter",
        Request = "request",
        ReceivedOn = "received_on",
        ToldOn = "told_on",
        Recipient = "recipient",
        OutputFile = "output_file",
        Consent = "consent",
        Objection = "objection",
        Month = "month",
        ReviewOutcome = "review_outcome",
        ReviewComment = "review_comment",
        LogRange = "log_range",
        VerifierKey = "verifier_key",
        InputFile = "input_file",
        IncidentDetails = "incident_details",
        RegisterActivities = "register_activities",
    }
}

crate::named! {
    /// Which rule an input broke.
    pub enum Rule {
        Required = "REQUIRED",
        TooLong = "TOO_LONG",
        TooShort = "TOO_SHORT",
        Format = "FORMAT",
        ControlCharacters = "CONTROL_CHARACTERS",
        PersonalValue = "PERSONAL_VALUE",
        Unknown = "UNKNOWN",
        NotAllowed = "NOT_ALLOWED",
        OutOfRange = "OUT_OF_RANGE",
        Unchanged = "UNCHANGED",
        Exists = "EXISTS",
    }
}
