//! Reading a participant list: CSV (the separator guessed from the header line: `;` as Swedish Excel
//! writes it, `,` or tab; UTF-8 with or without a byte-order mark, else Windows-1252) or XLSX (the
//! first sheet, through `calamine`). Every cell becomes text; Excel's numbers and dates are written
//! the way a person would type them.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::limits;

/// A sheet as text: the header row and the data rows (each padded to the header's width).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn bad(rule: Rule, message: &str) -> Error {
    Error::invalid(Input::InputFile, rule, message.to_string())
}

/// Reads `path` as XLSX when its name ends in `.xlsx`, as CSV otherwise.
pub fn read(path: &Path) -> Result<Table> {
    let size = std::fs::metadata(path)
        .map_err(|_| bad(Rule::Unknown, "the file cannot be read"))?
        .len();
    if size > limits::IMPORT_MAX_BYTES {
        return Err(bad(
            Rule::TooLong,
            "the file is larger than an import takes",
        ));
    }
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let table = if is_xlsx {
        read_xlsx(path)?
    } else {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|_| bad(Rule::Unknown, "the file cannot be read"))?;
        parse_csv(&bytes)?
    };
    if table.rows.len() > limits::IMPORT_MAX_ROWS {
        return Err(bad(
            Rule::TooLong,
            "the file has more rows than an import takes",
        ));
    }
    Ok(table)
}

/// UTF-8 (a BOM is dropped); anything else is taken as Windows-1252, what older Excel writes.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

pub fn parse_csv(bytes: &[u8]) -> Result<Table> {
    let text = decode(bytes);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(_)) => return Err(bad(Rule::Format, "the header row is not readable CSV")),
        None => return Err(bad(Rule::Required, "the file is empty")),
    };
    let mut rows = Vec::new();
    for r in records {
        let r = r.map_err(|_| bad(Rule::Format, "a row is not readable CSV"))?;
        rows.push(r.iter().map(str::to_string).collect());
        if rows.len() > limits::IMPORT_MAX_ROWS {
            break;
        }
    }
    Ok(Table::new(headers, rows))
}

fn read_xlsx(path: &Path) -> Result<Table> {
    let mut book: Xlsx<_> = calamine::open_workbook(path)
        .map_err(|_| bad(Rule::Format, "the file is not a readable XLSX workbook"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad(Rule::Required, "the workbook has no sheet"))?
        .map_err(|_| bad(Rule::Format, "the first sheet is not readable"))?;
    let mut rows = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect::<Vec<_>>());
    let headers: Vec<String> = rows
        .next()
        .ok_or_else(|| bad(Rule::Required, "the first sheet is empty"))?
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(Table::new(
        headers,
        rows.take(limits::IMPORT_MAX_ROWS + 1).collect(),
    ))
}

/// A cell as a person would have typed it: whole numbers without a decimal point (identity
/// numbers, postcodes), dates as YYYY-MM-DD.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64()).unwrap_or_default(),
        Data::Error(_) => String::new(),
    }
}

/// Excel's day number (1900 system, counted from 1899-12-30) as a date.
fn excel_date(serial: f64) -> Option<String> {
    let base = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let d = base.checked_add(time::Duration::days(serial.floor() as i64))?;
    Some(d.to_string())
}

impl Table {
    fn new(headers: Vec<String>, rows: Vec<Vec<String>>) -> Table {
        let width = headers.len();
        let rows = rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .map(|mut r| {
                r.resize(width, String::new());
                r
            })
            .collect();
        Table { headers, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_guessed_and_empty_rows_dropped() {
        let t = parse_csv("Namn;Personnummer\nAnna;19850709-9805\n;\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["Namn", "Personnummer"]);
        assert_eq!(t.rows, [["Anna", "19850709-9805"]]);
        let t = parse_csv(b"name,id\n\"B, C\",1\n").unwrap();
        assert_eq!(t.rows, [["B, C", "1"]]);
    }

    #[test]
    fn windows_1252_and_a_bom_are_read() {
        let t = parse_csv(b"Namn;Ort\n\xC5sa;G\xF6teborg\n").unwrap();
        assert_eq!(t.rows, [["Åsa", "Göteborg"]]);
        let t = parse_csv("\u{feff}Namn\nÅsa\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["Namn"]);
    }

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(excel_date(45_000.0).as_deref(), Some("2023-03-15"));
        assert_eq!(cell_text(&Data::Float(198_507_099_805.0)), "198507099805");
    }
}
