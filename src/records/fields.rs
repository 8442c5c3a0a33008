//! The person fields of DESIGN.md with their category (from the municipality's table in the seeds),
//! the GDPR art. 9 flag and the default mask.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    IdentityNumber,
    Address,
    Postcode,
    Municipality,
    Phone,
    Email,
    Contacts,
    Health,
    Interventions,
    Notes,
    ProtectionNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Category {
    Personbeskrivning,
    Identifikationsnummer,
    Platsdata,
    Kontaktuppgifter,
    Halsodata,
    Fritext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultMask {
    /// `Å. L.`
    Initials,
    /// `1985****-****`
    BirthYear,
    Hidden,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Name,
        Field::IdentityNumber,
        Field::Address,
        Field::Postcode,
        Field::Municipality,
        Field::Phone,
        Field::Email,
        Field::Contacts,
        Field::Health,
        Field::Interventions,
        Field::Notes,
        Field::ProtectionNote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdentityNumber => "identity_number",
            Field::Address => "address",
            Field::Postcode => "postcode",
            Field::Municipality => "municipality",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Contacts => "contacts",
            Field::Health => "health",
            Field::Interventions => "interventions",
            Field::Notes => "notes",
            Field::ProtectionNote => "protection_note",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
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
            _ => DefaultMask::Hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_health_is_art9() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.as_str()), Some(f));
        }
        assert!(Field::Health.is_art9() && Field::Interventions.is_art9());
        assert!(!Field::Address.is_art9());
        assert_eq!(Field::Address.default_mask(), DefaultMask::Hidden);
    }
}
