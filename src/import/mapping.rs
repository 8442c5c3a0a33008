//! Which column holds what: guessed from the header's words (Swedish and English, case and
//! diacritics folded), then confirmed or changed by the user.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::{Input, Rule};

crate::named! {
    /// The person fields an import can fill.
    pub enum ImportField {
        Name = "name",
        IdentityNumber = "identity_number",
        Address = "address",
        Postcode = "postcode",
        Municipality = "municipality",
        Phone = "phone",
        Email = "email",
        Protection = "protection",
        Notes = "notes",
        RetainUntil = "retain_until",
    }
}

impl ImportField {
    /// Header words that name this field (folded: lower case, no diacritics, no spaces or dashes).
    fn words(self) -> &'static [&'static str] {
        use ImportField::*;
        match self {
            Name => &[
                "namn",
                "name",
                "fullstandigtnamn",
                "fullname",
                "deltagare",
                "participant",
            ],
            IdentityNumber => &[
                "personnummer",
                "pnr",
                "personnr",
                "samordningsnummer",
                "identitetsnummer",
                "personalidentitynumber",
                "personalnumber",
                "idnumber",
                "ssn",
            ],
            Address => &["adress", "gatuadress", "address", "streetaddress", "street"],
            Postcode => &[
                "postnummer",
                "postnr",
                "postcode",
                "postalcode",
                "zip",
                "zipcode",
            ],
            Municipality => &["ort", "postort", "kommun", "municipality", "city", "town"],
            Phone => &[
                "telefon",
                "telefonnummer",
                "tel",
                "mobil",
                "mobilnummer",
                "phone",
                "mobile",
            ],
            Email => &["epost", "epostadress", "mejl", "email", "mail"],
            Protection => &[
                "skydd",
                "skyddsform",
                "skyddadepersonuppgifter",
                "sekretess",
                "protection",
                "protectionkind",
            ],
            Notes => &[
                "anteckning",
                "anteckningar",
                "kommentar",
                "ovrigt",
                "notes",
                "note",
                "comment",
            ],
            RetainUntil => &[
                "gallrasefter",
                "gallras",
                "sparastill",
                "bevarastill",
                "retainuntil",
            ],
        }
    }
}

/// One entry per column of the file: the field it fills, or `None` (not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub Vec<Option<ImportField>>);

fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The guess: each header matched against the fields' words; a field goes to its first column only.
pub fn guess(headers: &[String]) -> Mapping {
    let mut taken = Vec::new();
    Mapping(
        headers
            .iter()
            .map(|h| {
                let f = fold(h);
                let hit = ImportField::ALL
                    .iter()
                    .copied()
                    .find(|field| !taken.contains(field) && field.words().contains(&f.as_str()));
                if let Some(field) = hit {
                    taken.push(field);
                }
                hit
            })
            .collect(),
    )
}

impl Mapping {
    /// Checks a mapping given for `width` columns: each field once, a name column present.
    pub fn checked(self, width: usize) -> Result<Mapping> {
        let bad = |rule: Rule, m: &str| Error::invalid(Input::ImportMapping, rule, m.to_string());
        if self.0.len() != width {
            return Err(bad(
                Rule::Format,
                "the mapping must name one field (or none) per column",
            ));
        }
        for (i, f) in self.0.iter().enumerate() {
            if f.is_some() && self.0[..i].contains(f) {
                return Err(bad(Rule::NotAllowed, "a field is mapped to two columns"));
            }
        }
        if !self.0.contains(&Some(ImportField::Name)) {
            return Err(bad(Rule::Required, "no column is mapped to the name"));
        }
        Ok(self)
    }

    pub fn column_of(&self, field: ImportField) -> Option<usize> {
        self.0.iter().position(|f| *f == Some(field))
    }
}

/// A column's letter as a spreadsheet shows it (A, B, …, Z, AA): the report names columns so, never
/// by a header text that could itself hold a value.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_headers_are_guessed_once_each() {
        let h: Vec<String> = [
            "Namn",
            "Personnummer",
            "Gatuadress",
            "Post-nr",
            "Ort",
            "E-post",
            "Skydd",
            "Namn",
            "Okänt",
        ]
        .map(String::from)
        .to_vec();
        let m = guess(&h);
        use ImportField::*;
        assert_eq!(
            m.0,
            vec![
                Some(Name),
                Some(IdentityNumber),
                Some(Address),
                Some(Postcode),
                Some(Municipality),
                Some(Email),
                Some(Protection),
                None,
                None
            ]
        );
        let m = guess(&[
            "Full name".into(),
            "Personal identity number".into(),
            "ZIP".into(),
        ]);
        assert_eq!(m.0, vec![Some(Name), Some(IdentityNumber), Some(Postcode)]);
    }

    #[test]
    fn a_mapping_needs_a_name_and_each_field_once() {
        use ImportField::*;
        assert!(Mapping(vec![Some(Name), None]).checked(2).is_ok());
        assert!(Mapping(vec![Some(Name)]).checked(2).is_err());
        assert!(Mapping(vec![Some(Phone), None]).checked(2).is_err());
        assert!(Mapping(vec![Some(Name), Some(Name)]).checked(2).is_err());
    }

    #[test]
    fn columns_are_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
