//! The dry run: every row of a mapped table checked field by field with the record's own rules,
//! identity numbers (check digit, date, samordningsnummer), duplicates within the file and the
//! protection kind. The report names a row, a column letter and a stable code — never a value.

use std::collections::HashMap;

use serde::Serialize;

use super::mapping::{column_letter, ImportField, Mapping};
use super::table::Table;
use crate::error::Error;
use crate::identity::IdentityNumber;
use crate::records::{PersonRecord, ProtectionKind};

crate::named! {
    /// Problems only an import has (the others are the record's own `Rule` and `IdentityRule` codes).
    pub enum ImportRule {
        DuplicateInFile = "DUPLICATE_IN_FILE",
        AlreadyInVault = "ALREADY_IN_VAULT",
        UnknownProtection = "UNKNOWN_PROTECTION",
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowProblem {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub row: usize,
    /// The column's letter (A, B, …).
    pub column: String,
    pub field: ImportField,
    /// A stable code: a `Rule` (`FORMAT`, `TOO_LONG`, …), an `IdentityRule`
    /// (`INVALID_IDENTITY_CHECK_DIGIT`, …) or an [`ImportRule`].
    pub problem: String,
    /// For a duplicate: the earlier row with the same person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as_row: Option<usize>,
}

/// A row ready to import, or not (no `Debug`: it holds a record's values).
#[derive(Clone)]
pub struct CheckedRow {
    pub row: usize,
    pub record: Option<PersonRecord>,
}

/// The spreadsheet row number of data row `i` (0-based).
pub fn sheet_row(i: usize) -> usize {
    i + 2
}

/// A protection kind as staff write it.
fn protection(text: &str) -> Option<Option<ProtectionKind>> {
    use unicode_normalization::UnicodeNormalization;
    let f: String = text
        .nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match f.as_str() {
        "" | "nej" | "ingen" | "inget" | "no" | "none" => None,
        "sekretessmarkering" | "sekretess" | "confidentialitymarking" | "markering" => {
            Some(ProtectionKind::Sekretessmarkering)
        }
        "skyddadfolkbokforing"
        | "kvarskrivning"
        | "skyddadfolkbokforingkvarskrivning"
        | "protectedregistration" => Some(ProtectionKind::SkyddadFolkbokforing),
        "fingeradepersonuppgifter"
        | "fingerade"
        | "fictitiousidentity"
        | "fictitiouspersonaldata" => Some(ProtectionKind::FingeradePersonuppgifter),
        _ => return None,
    })
}

/// Puts one cell's text into the record's field.
fn put(r: &mut PersonRecord, field: ImportField, text: &str) -> Result<(), String> {
    let v = text.trim();
    let opt = || (!v.is_empty()).then(|| v.to_string());
    match field {
        ImportField::Name => r.name = v.to_string(),
        ImportField::IdentityNumber => r.identity_number = opt(),
        ImportField::Address => r.address = opt(),
        ImportField::Postcode => r.postcode = opt(),
        ImportField::Municipality => r.municipality = opt(),
        ImportField::Phone => r.phone = opt(),
        ImportField::Email => r.email = opt(),
        ImportField::Notes => r.notes = opt(),
        ImportField::RetainUntil => r.retain_until = opt(),
        ImportField::Protection => match protection(v) {
            Some(kind) => r.protection.kind = kind,
            None => return Err(ImportRule::UnknownProtection.as_str().to_string()),
        },
    }
    Ok(())
}

fn code_of(e: &Error) -> String {
    match e {
        Error::InvalidInput { rule, .. } => rule.as_str().to_string(),
        Error::InvalidIdentityNumber(i) => i.rule().as_str().to_string(),
        other => other.code().as_str().to_string(),
    }
}

/// A placeholder name, so a field other than the name is checked on its own.
const PLACEHOLDER: &str = "Namn";

/// Checks every row. `in_vault(canonical_number)` answers whether the vault already holds that
/// identity number (the caller looks it up under the records key).
pub fn check(
    table: &Table,
    mapping: &Mapping,
    in_vault: &mut dyn FnMut(&str) -> crate::error::Result<bool>,
) -> crate::error::Result<(Vec<CheckedRow>, Vec<RowProblem>)> {
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, cells) in table.rows.iter().enumerate() {
        let row = sheet_row(i);
        let mut record = PersonRecord {
            name: String::new(),
            ..Default::default()
        };
        let mut bad = false;
        for (col, field) in mapping.0.iter().enumerate() {
            let Some(field) = *field else { continue };
            let text = cells.get(col).map(String::as_str).unwrap_or("");
            let mut problem = |code: String, same_as_row: Option<usize>| {
                problems.push(RowProblem {
                    row,
                    column: column_letter(col),
                    field,
                    problem: code,
                    same_as_row,
                });
            };
            // The field alone, with the record's own rules.
            let mut alone = PersonRecord {
                name: PLACEHOLDER.into(),
                ..Default::default()
            };
            if let Err(code) = put(&mut alone, field, text) {
                problem(code, None);
                bad = true;
                continue;
            }
            if let Err(e) = alone.validate() {
                problem(code_of(&e), None);
                bad = true;
                continue;
            }
            let _ = put(&mut record, field, text);
            if field == ImportField::IdentityNumber && !text.trim().is_empty() {
                let canonical = IdentityNumber::parse(text.trim())
                    .map(|n| n.canonical())
                    .unwrap_or_default();
                if let Some(first) = seen.get(&canonical) {
                    problem(ImportRule::DuplicateInFile.as_str().into(), Some(*first));
                    bad = true;
                } else {
                    seen.insert(canonical.clone(), row);
                    if in_vault(&canonical)? {
                        problem(ImportRule::AlreadyInVault.as_str().into(), None);
                        bad = true;
                    }
                }
            }
        }
        let record = if bad {
            None
        } else {
            match record.validate() {
                Ok(r) => Some(r),
                Err(e) => {
                    problems.push(RowProblem {
                        row,
                        column: column_letter(mapping.column_of(ImportField::Name).unwrap_or(0)),
                        field: ImportField::Name,
                        problem: code_of(&e),
                        same_as_row: None,
                    });
                    None
                }
            }
        };
        rows.push(CheckedRow { row, record });
    }
    Ok((rows, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::guess;
    use crate::import::table::parse_csv;

    fn run(csv: &str) -> Vec<(usize, String, String)> {
        let t = parse_csv(csv.as_bytes()).unwrap();
        let m = guess(&t.headers);
        let (_, p) = check(&t, &m, &mut |_| Ok(false)).unwrap();
        p.into_iter()
            .map(|p| (p.row, p.column, p.problem))
            .collect()
    }

    #[test]
    fn each_problem_is_named_by_row_column_and_code() {
        let csv = "Namn;Personnummer;Skydd;Postnummer\n\
                   Anna Andersson;19850709-9805;sekretessmarkering;123 45\n\
                   Bo Berg;19850709-9806;;\n\
                   Cia Ceder;19850230-1234;;\n\
                   ;19800101-0019;kvarskrivning;\n\
                   Dan Dahl;19850709-9805;okänt skydd;1234\n";
        let got = run(csv);
        assert_eq!(
            got,
            vec![
                (3, "B".into(), "INVALID_IDENTITY_CHECK_DIGIT".into()),
                (4, "B".into(), "INVALID_IDENTITY_DATE".into()),
                (5, "A".into(), "REQUIRED".into()),
                (6, "B".into(), "DUPLICATE_IN_FILE".into()),
                (6, "C".into(), "UNKNOWN_PROTECTION".into()),
                (6, "D".into(), "FORMAT".into()),
            ]
        );
    }

    #[test]
    fn the_protection_words_are_understood() {
        for (w, k) in [
            (
                "Sekretessmarkering",
                Some(ProtectionKind::Sekretessmarkering),
            ),
            (
                "Skyddad folkbokföring",
                Some(ProtectionKind::SkyddadFolkbokforing),
            ),
            ("kvarskrivning", Some(ProtectionKind::SkyddadFolkbokforing)),
            (
                "Fingerade personuppgifter",
                Some(ProtectionKind::FingeradePersonuppgifter),
            ),
            ("", None),
            ("Nej", None),
        ] {
            assert_eq!(protection(w), Some(k), "{w}");
        }
        assert_eq!(protection("hemlig"), None);
    }
}
