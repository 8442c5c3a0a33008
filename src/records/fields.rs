//! The person fields of DESIGN.md with their category (from the municipality's table in the seeds),
//! the GDPR art. 9 flag and the default mask.

crate::named! {
    pub enum Field {
        Name = "name",
        IdentityNumber = "identity_number",
        Address = "address",
        Postcode = "postcode",
        Municipality = "municipality",
        Phone = "phone",
        Email = "email",
        Contacts = "contacts",
        Health = "health",
        Interventions = "interventions",
        Notes = "notes",
        ProtectionNote = "protection_note",
    }
}

crate::named! {
    /// The municipality's categories of personal data.
    pub enum Category {
        Personbeskrivning = "Personbeskrivning",
        Identifikationsnummer = "Identifikationsnummer",
        Platsdata = "Platsdata",
        Kontaktuppgifter = "Kontaktuppgifter",
        Halsodata = "Halsodata",
        Fritext = "Fritext",
    }
}

crate::named! {
    pub enum DefaultMask {
        /// `Å. L.`
        Initials = "initials",
        /// `1985****-****`
        BirthYear = "birth_year",
        Hidden = "hidden",
    }
}

impl Field {
    /// A field named by a front end; an unknown name is `INVALID_INPUT` for `field`.
    pub fn from_input(name: &str) -> crate::Result<Field> {
        Field::parse(name.trim()).ok_or_else(|| {
            crate::Error::invalid(
                crate::input::Input::Field,
                crate::input::Rule::Unknown,
                "unknown field name",
            )
        })
    }

    pub fn category(self) -> Category {
        match self {
            Field::Name => Category::Personbeskrivning,
            Field::IdentityNumber => Category::Identifikationsnummer,
            Field::Address | Field::Postcode | Field::Municipality => Category::Platsdata,
            Field::Phone | Field::Email | Field::Contacts => Category::Kontaktuppgifter,
            Field::Health | Field::Interventions => Category::Halsodata,
            Field::Notes | Field::ProtectionNote => Category::Fritext,
        }
    }

    /// Special categories of personal data (GDPR art. 9): revealing needs a purpose from the strict list.
    pub fn is_art9(self) -> bool {
        self.category() == Category::Halsodata
    }

    pub fn default_mask(self) -> DefaultMask {
        match self {
            Field::Name => DefaultMask::Initials,
            Field::IdentityNumber => DefaultMask::BirthYear,
            Field::Address
            | Field::Postcode
            | Field::Municipality
            | Field::Phone
            | Field::Email
            | Field::Contacts
            | Field::Health
            | Field::Interventions
            | Field::Notes
            | Field::ProtectionNote => DefaultMask::Hidden,
        }
    }
}

impl Category {
    /// The fields of this category, in form order: what one reveal of a group opens (the address,
    /// the contact details).
    pub fn fields(self) -> Vec<Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(|f| f.category() == self)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_is_art9() {
        assert!(Field::Health.is_art9() && Field::Interventions.is_art9());
        assert!(!Field::Address.is_art9());
        assert_eq!(Field::Address.default_mask(), DefaultMask::Hidden);
    }
}
