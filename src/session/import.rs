//! Importing a participant list through the door (case handlers): the dry run, then the import
//! itself — one transaction, one `person_created` entry per person (purpose `import`) and one
//! `persons_imported` entry; the importing handler is assigned to everyone imported.

use serde::Serialize;

use super::persons::{describe_new, insert_person_hashed, lookup_hash, lookup_hashes_with};
use super::{Ctx, Session};
use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::error::{Error, Result};
use crate::import::check::{self, CheckedRow, ImportRule};
use crate::import::mapping::column_letter;
use crate::import::{ImportField, Mapping, RowProblem, Table};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::records::{index, text};

/// A column as the preview shows it: its letter, its header (unless the header itself looks like a
/// value), and the field it fills.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportColumn {
    pub letter: String,
    pub header: Option<String>,
    pub field: Option<ImportField>,
}

/// The dry run's answer: counts, the mapping, and every problem by row and column.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportPreview {
    pub rows: usize,
    pub ready: usize,
    pub columns: Vec<ImportColumn>,
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: usize,
    pub excluded: usize,
}

/// A header is shown only if it is a plain label: no control characters, no identity number.
fn safe_header(h: &str) -> Option<String> {
    text::check(Input::ImportMapping, h, None)
        .ok()
        .filter(|h| !h.is_empty() && h.chars().count() <= 60)
}

fn run_check(
    ctx: &Ctx<'_>,
    table: &Table,
    mapping: &Mapping,
) -> Result<(Vec<CheckedRow>, Vec<RowProblem>)> {
    let records = ctx.records()?;
    check::check(table, mapping, &mut |canonical| {
        let tag = index::identity_tag(records, canonical);
        Ok(ctx.tx.person_by_identity_tag(&tag)?.is_some())
    })
}

fn flag_clashes(entry: &mut NewEntry, problems: &[RowProblem]) {
    let clashes = problems
        .iter()
        .filter(|p| p.problem == ImportRule::AlreadyInVault.as_str())
        .count();
    if clashes > 0 {
        // As for one person created with a number on file: probing by import leaves a trace.
        entry.flagged = true;
        entry.purpose = Some(format!("{clashes} already in the vault"));
    }
}

impl Session {
    /// The dry run: checks every row of `table` under `mapping` against the rules and the vault.
    /// Nothing is written but the log entry (counts only).
    pub fn import_check(&mut self, table: &Table, mapping: Mapping) -> Result<ImportPreview> {
        let entry = self.entry(Action::ImportChecked, Outcome::Allowed);
        let mapping = mapping.checked(table.headers.len());
        self.perform(
            Operation::CheckImport,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mapping = mapping?;
                let (rows, problems) = run_check(ctx, table, &mapping)?;
                flag_clashes(entry, &problems);
                let ready = rows.iter().filter(|r| r.record.is_some()).count();
                entry.detail = Some(format!(
                    "{} rows, {ready} ready, {} problems",
                    rows.len(),
                    problems.len()
                ));
                Ok(ImportPreview {
                    rows: rows.len(),
                    ready,
                    columns: table
                        .headers
                        .iter()
                        .zip(&mapping.0)
                        .enumerate()
                        .map(|(i, (h, f))| ImportColumn {
                            letter: column_letter(i),
                            header: safe_header(h),
                            field: *f,
                        })
                        .collect(),
                    problems,
                })
            },
        )
    }

    /// Imports every row of `table` but those in `exclude` (spreadsheet row numbers), all or
    /// nothing. Refused while a row that is not excluded has a problem. `go_on(done, total)` is asked
    /// after each person; `false` abandons the import and nothing is kept.
    pub fn import_persons(
        &mut self,
        table: &Table,
        mapping: Mapping,
        exclude: &[usize],
        go_on: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<ImportReport> {
        let entry = self.entry(Action::PersonsImported, Outcome::Allowed);
        let mapping = mapping.checked(table.headers.len());
        self.perform(
            Operation::ImportPersons,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mapping = mapping?;
                let (rows, problems) = run_check(ctx, table, &mapping)?;
                if problems.iter().any(|p| !exclude.contains(&p.row)) {
                    flag_clashes(entry, &problems);
                    return Err(Error::invalid(
                        Input::InputFile,
                        Rule::NotAllowed,
                        "rows with problems remain; fix them in the file or exclude them",
                    ));
                }
                let todo: Vec<_> = rows
                    .into_iter()
                    .filter(|r| !exclude.contains(&r.row))
                    .filter_map(|r| r.record)
                    .collect();
                let total = todo.len();
                let params = lookup_hash(ctx.tx)?;
                // The reception register's memory-hard hashes, on every core, before the writes.
                let hashes = super::parallel::map(&todo, |r| lookup_hashes_with(&params, r))?;
                for (done, (record, lookup)) in todo.into_iter().zip(hashes).enumerate() {
                    let p = insert_person_hashed(ctx, record, lookup)?;
                    let mut e = NewEntry::new(
                        &ctx.user.name,
                        ctx.user.role.as_str(),
                        Action::PersonCreated,
                        Outcome::Allowed,
                    );
                    describe_new(&mut e, &p);
                    e.purpose = Some("import".into());
                    chain::append(ctx.tx, &e)?;
                    if !go_on(done + 1, total) {
                        return Err(Error::invalid(
                            Input::InputFile,
                            Rule::NotAllowed,
                            "the import was stopped; nothing was imported",
                        ));
                    }
                }
                let excluded = exclude.len();
                entry.detail = Some(format!(
                    "{total} persons from a file, {excluded} rows excluded"
                ));
                Ok(ImportReport {
                    imported: total,
                    excluded,
                })
            },
        )
    }
}
