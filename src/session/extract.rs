//! Producing a registerutdrag: the request must be an access or portability request with a verified
//! identity; a person with protected identity needs a harm assessment for that request first. The
//! document is built by `rights::extract` from the record, the rights register and the log; a preview
//! and each written file are logged and flagged for review. A file is written only where the user
//! chose, never into a temporary directory, never over an existing file.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::marking::reason;
use super::persons::Person;
use super::{Ctx, Session};
use crate::audit::{Entry, LogFilter, NewEntry};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::records::purpose::PurposeEntry;
use crate::records::text;
use crate::rights::extract::{self, Sources};
use crate::rights::{
    pdf, request, ExtractDocument, ExtractFormat, ExtractOptions, ExtractRecord, HarmOutcome,
    RequestKind, Withheld,
};
use crate::time::now_rfc3339;

/// Where an extract went.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenExtract {
    pub path: String,
    pub format: ExtractFormat,
    pub bytes: u64,
}

/// Directories that are cleared or shared: an extract written there could be found by anyone.
fn temporary_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = ["/tmp", "/var/tmp", "/dev/shm"]
        .iter()
        .map(PathBuf::from)
        .collect();
    dirs.push(std::env::temp_dir());
    if let Some(run) = std::env::var_os("XDG_RUNTIME_DIR") {
        dirs.push(PathBuf::from(run));
    }
    dirs.into_iter()
        .map(|d| d.canonicalize().unwrap_or(d))
        .collect()
}

/// The file the user chose, checked: an absolute path in an existing directory that is not a
/// temporary one, and no file there yet.
pub(crate) fn checked_output(path: &Path) -> Result<PathBuf> {
    let bad = |rule: Rule, m: &str| Error::invalid(Input::OutputFile, rule, m.to_string());
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or_else(|| bad(Rule::Format, "give the whole path of the file"))?;
    let dir = parent
        .canonicalize()
        .map_err(|_| bad(Rule::Unknown, "the folder does not exist"))?;
    if temporary_dirs().iter().any(|t| dir.starts_with(t)) {
        return Err(bad(
            Rule::NotAllowed,
            "an extract is never written to a temporary folder; choose a folder of your own",
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| bad(Rule::Format, "give a file name"))?;
    let out = dir.join(name);
    if out.exists() {
        return Err(bad(Rule::Exists, "a file of that name is already there"));
    }
    Ok(out)
}

pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Only the user who wrote it: an extract holds every value of the person.
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::invalid(
            Input::OutputFile,
            Rule::Exists,
            "a file of that name is already there",
        ),
        _ => Error::Storage(format!("cannot write the file: {}", e.kind())),
    })?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// Checks the handler's decisions: each reason is a real reason, each withheld field named once.
fn checked_options(p: &Person, opts: &ExtractOptions) -> Result<ExtractOptions> {
    let mut out = opts.clone();
    out.staff_names_reason = opts
        .staff_names_reason
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(|r| reason(p, r))
        .transpose()?;
    out.third_parties_reason = opts
        .third_parties_reason
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(|r| reason(p, r))
        .transpose()?;
    let mut withheld: Vec<Withheld> = Vec::new();
    for w in &opts.withheld {
        if withheld.iter().any(|x| x.field == w.field) {
            continue;
        }
        let ground = text::check(Input::Reason, &w.ground, Some(p.record()))?;
        if ground.chars().count() < crate::limits::MIN_REASON {
            return Err(Error::invalid(
                Input::Reason,
                Rule::TooShort,
                "name the secrecy ground for each withheld field",
            ));
        }
        withheld.push(Withheld {
            field: w.field,
            ground,
        });
    }
    out.withheld = withheld;
    Ok(out)
}

/// The document for request `id` of the person, with every check; the decision is recorded.
fn build_in(
    ctx: &Ctx<'_>,
    p: &mut Person,
    id: &str,
    opts: &ExtractOptions,
    purposes: &[PurposeEntry],
    form: &str,
    entry: &mut NewEntry,
) -> Result<ExtractDocument> {
    let id = id.trim().to_uppercase();
    let req = p
        .data
        .rights
        .request(&id)
        .ok_or(Error::RequestNotFound)?
        .clone();
    if !matches!(req.kind, RequestKind::Access | RequestKind::Portability) {
        return Err(Error::invalid(
            Input::Request,
            Rule::NotAllowed,
            "an extract answers an access or portability request",
        ));
    }
    // The identity first (the request's own steps), then the harm assessment.
    let (by, at) = (ctx.user.name.clone(), now_rfc3339());
    if let Some(r) = p.data.rights.request_mut(&id) {
        request::start_work(r, &by, &at)?;
    }
    // Protected identity: no extract, export or print before a harm assessment clears it.
    if p.record().protection.kind.is_some() {
        match p.data.rights.harm_assessment_for(&id) {
            Some(h) if h.outcome != HarmOutcome::Harm => {}
            _ => return Err(Error::HarmAssessmentRequired),
        }
    }
    let opts = checked_options(p, opts)?;
    let mut accesses: Vec<Entry> = ctx.tx.log_query(&LogFilter {
        person_ref: Some(p.row.person_ref.clone()),
        limit: Some(LogFilter::MAX_LIMIT),
        ..Default::default()
    })?;
    accesses.reverse();
    let doc = extract::build(
        &Sources {
            record: p.record(),
            journal: &p.data.journal,
            rights: &p.data.rights,
            person_ref: &p.row.person_ref,
            request_id: &id,
            request_kind: req.kind,
            accesses: &accesses,
            purposes,
            produced_by: &by,
            produced_at: &at,
        },
        &opts,
    );
    let mut detail = format!("{id} {form} {}", doc.kind);
    if opts.staff_names_reason.is_some() {
        detail.push_str(", staff names");
    }
    if opts.third_parties_reason.is_some() {
        detail.push_str(", third parties");
    }
    if !opts.withheld.is_empty() {
        detail.push_str(&format!(", {} withheld", opts.withheld.len()));
    }
    entry.detail = Some(detail);
    entry.purpose = Some("registerutdrag".into());
    p.data.rights.extracts.push(ExtractRecord {
        request_id: id,
        at,
        by,
        form: form.into(),
        staff_names_reason: opts.staff_names_reason.clone(),
        third_parties_reason: opts.third_parties_reason.clone(),
        withheld: opts
            .withheld
            .iter()
            .map(|w| (w.field, w.ground.clone()))
            .collect(),
    });
    Ok(doc)
}

impl Session {
    fn extract_op<T>(
        &mut self,
        request_id: &str,
        work: impl FnOnce(&Ctx<'_>, &mut Person, &[PurposeEntry], &mut NewEntry) -> Result<T>,
        before_commit: impl FnOnce(&T) -> Result<()>,
    ) -> Result<T> {
        let purposes = self.purposes()?;
        let person_ref = request::person_of(request_id).unwrap_or_default();
        let mut entry = self.person_entry(Operation::ProduceExtract.action(), &person_ref);
        entry.flagged = true;
        self.perform_then(
            Operation::ProduceExtract,
            entry,
            |ctx| super::persons::person_access(ctx, &request::person_of(request_id)?),
            |ctx, mut p, entry| {
                let out = work(ctx, &mut p, &purposes, entry)?;
                super::rights::save_sealed(ctx, &mut p)?;
                Ok(out)
            },
            before_commit,
        )
    }

    /// The extract for request `request_id` as it would be written, for the handler to check first.
    /// Shows every value unmasked, so it is logged and flagged like the file itself.
    pub fn preview_extract(
        &mut self,
        request_id: &str,
        opts: &ExtractOptions,
    ) -> Result<ExtractDocument> {
        self.extract_op(
            request_id,
            |ctx, p, purposes, entry| {
                build_in(ctx, p, request_id, opts, purposes, "preview", entry)
            },
            |_| Ok(()),
        )
    }

    /// Writes the extract to `out` (PDF or JSON). The file is written after the log entry and before
    /// the commit: a failed write leaves no entry, a failed commit removes the file.
    pub fn write_extract(
        &mut self,
        request_id: &str,
        opts: &ExtractOptions,
        format: ExtractFormat,
        out: &Path,
    ) -> Result<WrittenExtract> {
        let target = checked_output(out);
        let wrote = std::cell::Cell::new(None::<PathBuf>);
        let written = self.extract_op(
            request_id,
            |ctx, p, purposes, entry| {
                let target = target?;
                let doc = build_in(ctx, p, request_id, opts, purposes, format.as_str(), entry)?;
                let bytes = match format {
                    ExtractFormat::Pdf => pdf::render(&doc),
                    ExtractFormat::Json => extract::to_json(&doc),
                };
                Ok((target, bytes))
            },
            |(target, bytes)| {
                write_new(target, bytes)?;
                wrote.set(Some(target.clone()));
                Ok(())
            },
        );
        let (target, bytes) = match written {
            Ok(w) => w,
            Err(e) => {
                // The commit failed after the file was written: no entry vouches for it, so it goes.
                if let Some(path) = wrote.take() {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
        };
        Ok(WrittenExtract {
            path: target.display().to_string(),
            format,
            bytes: bytes.len() as u64,
        })
    }
}
