//! `import FILE`: a participant list into the vault. A dry run unless `--commit`; the mapping is
//! guessed from the headers and changed with `--map`. The report names rows and columns, never values.

use std::path::Path;

use serde_json::json;
use skyddsvalv::import::{self, ImportField, Mapping};
use skyddsvalv::input::{Input, Rule};
use skyddsvalv::session::ImportPreview;

use super::log::absolute;
use crate::context::{CliError, CliResult, Context};

fn column_index(letters: &str) -> Option<usize> {
    let mut n = 0usize;
    for c in letters.trim().chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    n.checked_sub(1)
}

/// `--map C=identity_number` or `--map C=none` over the guess.
fn apply_overrides(mapping: &mut Mapping, overrides: &[String]) -> CliResult {
    for o in overrides {
        let bad = || {
            CliError::Core(skyddsvalv::Error::invalid(
                Input::ImportMapping,
                Rule::Format,
                "give --map as COLUMN=FIELD, e.g. C=identity_number or F=none",
            ))
        };
        let (col, field) = o.split_once('=').ok_or_else(bad)?;
        let i = column_index(col)
            .filter(|i| *i < mapping.0.len())
            .ok_or_else(bad)?;
        let field = match field.trim() {
            "none" | "" => None,
            f => Some(ImportField::parse(f).ok_or_else(bad)?),
        };
        if field.is_some() {
            // Moving a field to this column takes it from the one the guess gave it.
            for other in mapping.0.iter_mut() {
                if *other == field {
                    *other = None;
                }
            }
        }
        mapping.0[i] = field;
    }
    Ok(())
}

/// A problem code in words (the JSON output keeps the code).
fn words(code: &str) -> &str {
    match code {
        "INVALID_IDENTITY_CHECK_DIGIT" => "wrong check digit",
        "INVALID_IDENTITY_DATE" => "no such date",
        "INVALID_IDENTITY_FUTURE_DATE" => "a date after today",
        "INVALID_IDENTITY_FORMAT" => "not an identity number",
        "INVALID_IDENTITY_SERIAL" => "serial number 000 is never issued",
        "INVALID_IDENTITY_SEPARATOR" => "'+' is used only from 100 years of age",
        "INVALID_RESERVE_NUMBER" => "not a valid reserve number",
        "DUPLICATE_IN_FILE" => "the same person as an earlier row",
        "ALREADY_IN_VAULT" => "already in the vault",
        "UNKNOWN_PROTECTION" => {
            "unknown protection (sekretessmarkering, skyddad folkbokföring, fingerade personuppgifter)"
        }
        "REQUIRED" => "missing",
        "TOO_LONG" => "too long",
        "FORMAT" => "wrong format",
        "CONTROL_CHARACTERS" => "control characters",
        other => other,
    }
}

fn report(p: &ImportPreview) -> String {
    let mut out = String::from("COLUMN  HEADER                          FIELD\n");
    for c in &p.columns {
        out.push_str(&format!(
            "{:<7} {:<31} {}\n",
            c.letter,
            c.header.as_deref().unwrap_or("(not shown)"),
            c.field.map(|f| f.as_str()).unwrap_or("— not imported")
        ));
    }
    out.push_str(&format!(
        "\n{} rows, {} ready to import.\n",
        p.rows, p.ready
    ));
    if !p.problems.is_empty() {
        out.push_str(&format!(
            "\n{} problems:\nROW     COLUMN  FIELD            PROBLEM\n",
            p.problems.len()
        ));
        for q in &p.problems {
            let same = q
                .same_as_row
                .map(|r| format!(" (same person as row {r})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{:<7} {:<7} {:<16} {}{same}\n",
                q.row,
                q.column,
                q.field.as_str(),
                words(&q.problem)
            ));
        }
    }
    out
}

pub fn run(
    ctx: &Context,
    file: &Path,
    overrides: &[String],
    exclude: &[usize],
    commit: bool,
) -> CliResult {
    let file = absolute(file);
    let table = import::table::read(&file)?;
    let mut mapping = import::guess(&table.headers);
    apply_overrides(&mut mapping, overrides)?;
    let mut session = ctx.session()?;
    let preview = session.import_check(&table, mapping.clone())?;
    let blocking = preview
        .problems
        .iter()
        .filter(|p| !exclude.contains(&p.row))
        .count();
    if !commit {
        session.lock()?;
        ctx.emit(json!(preview), || {
            let next = if blocking == 0 {
                "Nothing was imported. Check the mapping above, then run the same command with --commit."
                    .to_string()
            } else {
                format!(
                    "Nothing was imported. Fix the {blocking} problems in the file (or leave their rows \
                     out with --exclude ROW), then run the dry run again."
                )
            };
            format!("{}\n{next}", report(&preview).trim_end())
        });
        return Ok(());
    }
    let mut last_tenth = 0;
    let done = session.import_persons(&table, mapping, exclude, &mut |done, total| {
        let tenth = (done * 10).checked_div(total).unwrap_or(10);
        if tenth > last_tenth && !ctx.json {
            eprintln!("{} %", tenth * 10);
            last_tenth = tenth;
        }
        true
    });
    let done = match done {
        Ok(d) => d,
        Err(e) => {
            if !ctx.json {
                eprintln!("{}", report(&preview).trim_end());
            }
            return Err(e.into());
        }
    };
    session.lock()?;
    ctx.emit(json!({"imported": done.imported, "excluded": done.excluded, "file": file.display().to_string()}), || {
        format!(
            "Imported {} in one go; you are their case handler. The spreadsheet is still at \
             {} — it holds the persons' data in the clear: destroy it (and any copies) now. \
             Skyddsvalv does not delete files it did not create.",
            if done.imported == 1 {
                "1 person".to_string()
            } else {
                format!("{} persons", done.imported)
            },
            file.display()
        )
    });
    Ok(())
}
