//! `log …`: the log reviewer's loggkontroll. `verify-bundle` and `import-bundle` need no vault: they
//! run on any machine with the bundle files and the signer's verifier key.

use std::path::{Path, PathBuf};

use serde_json::json;
use skyddsvalv::audit::bundle::{self, VerifierState};
use skyddsvalv::audit::note::NoteKey;
use skyddsvalv::audit::{LogFilter, ReviewOutcome, ReviewSubject, YearMonth};
use skyddsvalv::rights::Lang;
use skyddsvalv::session::{FlaggedEntry, ReportFormat};
use skyddsvalv::time::parse_filter_time;

use crate::cli::{core_name, LogCommand, SampleCommand};
use crate::context::{CliError, CliResult, Context};
use crate::display::safe;

pub fn run(ctx: &Context, command: LogCommand) -> CliResult {
    match command {
        LogCommand::VerifyBundle { files, keys, state } => {
            return verify_bundles(ctx, &files, &keys, state.as_deref())
        }
        LogCommand::ImportBundle { files, keys } => return import_bundles(ctx, &files, &keys),
        _ => {}
    }
    let mut session = ctx.session()?;
    match command {
        LogCommand::List {
            person,
            actor,
            action,
            since,
            until,
            flagged,
            term_hash,
            flag,
            before,
            limit,
        } => {
            let time = |t: Option<String>, flag: &str| -> CliResult<Option<String>> {
                t.map(|t| {
                    parse_filter_time(&t).ok_or_else(|| {
                        CliError::Usage(format!("--{flag} takes an RFC 3339 time or YYYY-MM-DD"))
                    })
                })
                .transpose()
            };
            let filter = LogFilter {
                person_ref: person.map(|p| p.trim().to_uppercase()),
                actor,
                action,
                since: time(since, "since")?,
                until: time(until, "until")?,
                flagged_only: flagged,
                term_hash,
                flag,
                before,
                limit: Some(limit),
            };
            let view = session.review_log(&filter)?;
            ctx.emit(json!(view), || {
                let mut out = String::from(
                    "SEQ    TIME (UTC)               ACTOR          ACTION            PERSON            OUTCOME  FLAGS / FIELDS / PURPOSE\n",
                );
                for e in &view.entries {
                    out.push_str(&entry_line(e));
                    out.push('\n');
                }
                if let Some(next) = view.next_before {
                    out.push_str(&format!("Older entries: add --before {next}.\n"));
                }
                if view.overdue_break_glass > 0 {
                    out.push_str(&format!(
                        "{} break-the-glass review(s) overdue; `skyddsvalv log tasks` lists them.\n",
                        view.overdue_break_glass
                    ));
                }
                out.trim_end().to_string()
            });
        }
        LogCommand::Verify => {
            let v = session.verify_log()?;
            ctx.emit(json!(v), || match v.broken_at {
                None => format!(
                    "The access log holds: {} entries, {} checkpoints{}.",
                    v.entries,
                    v.checkpoints,
                    v.outside_checkpoint
                        .map(|s| format!(", outside checkpoint at {s}"))
                        .unwrap_or_default()
                ),
                Some(seq) => safe(&format!(
                    "BROKEN at entry {seq}: {}",
                    v.problem.as_deref().unwrap_or("")
                )),
            });
            if let Some(seq) = v.broken_at {
                session.lock()?;
                return Err(skyddsvalv::Error::LogBroken { seq }.into());
            }
        }
        LogCommand::Explain { seq } => {
            let (e, explanations) = session.explain_entry(seq)?;
            ctx.emit(json!({"entry": e, "explanations": explanations}), || {
                let mut out = entry_line(&e);
                if explanations.is_empty() {
                    out.push_str("\nNo flag: an explained access (or not an access at all).");
                }
                for x in &explanations {
                    out.push_str(&format!("\n{}: {}\n    {}", x.code, x.sv, x.en));
                }
                if let Some(r) = &e.review {
                    out.push_str(&format!(
                        "\nReviewed by {} at {}: {}",
                        r.reviewer, r.at, r.outcome
                    ));
                }
                safe(&out)
            });
        }
        LogCommand::Review {
            seq,
            sample,
            task,
            outcome,
        } => {
            let subject = match (seq, sample, task) {
                (Some(seq), _, _) => ReviewSubject::Entry(seq),
                (_, Some(s), _) => ReviewSubject::Sample(s.trim().to_uppercase()),
                (_, _, Some(t)) => ReviewSubject::task(&t).ok_or_else(|| {
                    CliError::Usage("a task id looks like E123 or S2026-11-2".into())
                })?,
                _ => return Err(CliError::Usage("name what you reviewed".into())),
            };
            let outcome = ReviewOutcome::parse(&core_name(&outcome))
                .ok_or_else(|| CliError::Usage("unknown outcome".into()))?;
            let comment = if outcome.needs_comment() {
                ctx.secrets.read_value("Comment").map_err(CliError::Input)?
            } else {
                ctx.secrets
                    .read_value("Comment (may be empty)")
                    .unwrap_or_default()
            };
            let r = session.record_review(&subject, outcome, comment.as_str())?;
            ctx.emit(json!(r), || {
                format!("Review recorded as log entry {}: {}.", r.seq, r.outcome)
            });
        }
        LogCommand::Sample(SampleCommand::Draw { month }) => {
            let s = session.draw_sample(month_of(&month)?)?;
            ctx.emit(json!(s), || {
                let mut out = format!(
                    "Sample {} drawn from {} user(s) and recorded in the log (seed {}).",
                    s.id, s.eligible, s.seed
                );
                for d in &s.drawn {
                    out.push_str(&format!(
                        "\n  {}  {}  {} – {}",
                        d.task, d.user, d.from, d.until
                    ));
                }
                safe(&out)
            });
        }
        LogCommand::Tasks { all } => {
            let tasks: Vec<_> = session
                .log_tasks()?
                .into_iter()
                .filter(|t| all || t.review.is_none())
                .collect();
            ctx.emit(json!(tasks), || {
                if tasks.is_empty() {
                    return "No open review tasks.".into();
                }
                let mut out = String::from(
                    "TASK           KIND         WHAT                                    DUE\n",
                );
                for t in &tasks {
                    let what = match (&t.user, t.seq) {
                        (Some(u), _) => format!(
                            "{u} {}–{}",
                            t.from.as_deref().unwrap_or(""),
                            t.until.as_deref().unwrap_or("")
                        ),
                        (None, Some(seq)) => format!(
                            "entry {seq} {}",
                            t.flags
                                .iter()
                                .map(|f| f.as_str())
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                        _ => String::new(),
                    };
                    out.push_str(&safe(&format!(
                        "{:<14} {:<12} {:<39} {}{}{}",
                        t.id,
                        t.kind,
                        what,
                        t.due.as_deref().unwrap_or("-"),
                        if t.overdue { "  OVERDUE" } else { "" },
                        t.review
                            .as_ref()
                            .map(|r| format!("  reviewed: {}", r.outcome))
                            .unwrap_or_default()
                    )));
                    out.push('\n');
                }
                out.trim_end().to_string()
            });
        }
        LogCommand::Report {
            month,
            format,
            out,
            lang,
        } => {
            let format = ReportFormat::parse(&format)
                .ok_or_else(|| CliError::Usage("unknown format".into()))?;
            let lang =
                Lang::parse(&lang).ok_or_else(|| CliError::Usage("unknown language".into()))?;
            let w = session.write_log_report(month_of(&month)?, format, lang, &absolute(&out))?;
            ctx.emit(json!(w), || {
                format!("Report written to {} ({} bytes).", w.path, w.bytes)
            });
        }
        LogCommand::ExportBundle { from, to, out } => {
            let w = session.export_log_bundle(from, to, &absolute(&out))?;
            ctx.emit(json!(w), || {
                format!(
                    "Bundle of entries {}–{} written to {} ({} bytes).\nVerifier key (give it to whoever checks the bundle):\n{}",
                    w.manifest.first_seq, w.manifest.last_seq, w.path, w.bytes, w.verifier_key
                )
            });
        }
        LogCommand::ReviewDesk { file, fingerprint } => {
            let bytes = std::fs::read(&file).map_err(|_| {
                skyddsvalv::Error::invalid(
                    skyddsvalv::input::Input::InputFile,
                    skyddsvalv::input::Rule::Unknown,
                    "the desk log bundle cannot be read",
                )
            })?;
            let r = session.review_desk_log(&bytes, &fingerprint)?;
            ctx.emit(serde_json::json!(r), || {
                let mut out = format!(
                    "Desk {}: the log's {} entries verify. {} lookups: {} protected, {} no match, {} refused.",
                    r.desk, r.entries, r.lookups, r.hits, r.misses, r.refused
                );
                if r.flags.is_empty() {
                    out.push_str("\nNo flags.");
                }
                for f in &r.flags {
                    out.push_str(&format!(
                        "\n{} {} on {}: {} lookups",
                        f.code,
                        safe(&f.operator),
                        f.day,
                        f.count
                    ));
                }
                out
            });
        }
        LogCommand::VerifyBundle { .. } | LogCommand::ImportBundle { .. } => unreachable!(),
    }
    Ok(session.lock()?)
}

fn entry_line(f: &FlaggedEntry) -> String {
    let e = &f.entry;
    let flags = f
        .flags
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    safe(&format!(
        "{}{:<6} {:<24} {:<14} {:<17} {:<17} {:<8} {}{} {}{}",
        if e.flagged || !f.flags.is_empty() {
            "!"
        } else {
            " "
        },
        e.seq,
        e.at,
        e.actor,
        e.action,
        e.person_ref.as_deref().unwrap_or("-"),
        e.outcome,
        if flags.is_empty() {
            String::new()
        } else {
            format!("[{flags}] ")
        },
        e.fields.join(","),
        e.purpose.as_deref().unwrap_or(""),
        f.review
            .as_ref()
            .map(|r| format!("  (reviewed: {})", r.outcome))
            .unwrap_or_default()
    ))
}

fn month_of(s: &str) -> CliResult<YearMonth> {
    YearMonth::parse(s).ok_or_else(|| CliError::Usage("--month takes YYYY-MM".into()))
}

/// The chosen file as an absolute path (the core refuses relative ones).
pub(super) fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn trusted(keys: &[String]) -> CliResult<Vec<NoteKey>> {
    keys.iter()
        .map(|k| {
            NoteKey::parse(k).ok_or_else(|| {
                CliError::Usage(format!(
                    "--key takes a verifier key as printed at export (name+id+key); this is not one: {}",
                    safe(k)
                ))
            })
        })
        .collect()
}

fn read_file(p: &Path) -> CliResult<Vec<u8>> {
    std::fs::read(p).map_err(|e| {
        CliError::Usage(format!(
            "cannot read {}: {}",
            safe(&p.display().to_string()),
            e.kind()
        ))
    })
}

fn verify_bundles(
    ctx: &Context,
    files: &[PathBuf],
    keys: &[String],
    state: Option<&Path>,
) -> CliResult {
    let trusted = trusted(keys)?;
    let mut seen: VerifierState = match state {
        Some(p) if p.exists() => serde_json::from_slice(&read_file(p)?).map_err(|_| {
            CliError::Usage("the --state file is not a verifier state this version wrote".into())
        })?,
        _ => VerifierState::default(),
    };
    let mut report = Vec::new();
    let mut failed = None;
    for f in files {
        let name = safe(&f.display().to_string());
        match bundle::verify(&read_file(f)?, &trusted, &mut seen) {
            Ok(v) => report.push(json!({
                "file": name,
                "holds": true,
                "vault_id": v.manifest.vault_id,
                "first_seq": v.manifest.first_seq,
                "last_seq": v.manifest.last_seq,
                "signer": v.signer.name,
            })),
            Err(finding) => {
                report.push(json!({
                    "file": name,
                    "holds": false,
                    "problem": finding.problem,
                    "seq": finding.seq,
                }));
                failed = Some(finding);
                break;
            }
        }
    }
    if let Some(p) = state {
        let json = serde_json::to_vec_pretty(&seen).expect("the state serialises");
        std::fs::write(p, json)
            .map_err(|e| CliError::Usage(format!("cannot write --state: {}", e.kind())))?;
    }
    ctx.emit(json!(report), || {
        report
            .iter()
            .map(|r| match r["holds"].as_bool() {
                Some(true) => format!(
                    "{}: holds — entries {}–{} of vault {}, signed by {}",
                    r["file"].as_str().unwrap_or(""),
                    r["first_seq"],
                    r["last_seq"],
                    r["vault_id"].as_str().unwrap_or(""),
                    r["signer"].as_str().unwrap_or("")
                ),
                _ => String::new(),
            })
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    });
    match failed {
        None => Ok(()),
        Some(f) => Err(CliError::Failed {
            code: f.problem.as_str(),
            exit: i32::from(f.problem.exit_code()),
            message: format!(
                "{}{}",
                f.problem.explanation(),
                f.seq
                    .map(|s| format!(" (at entry {s})"))
                    .unwrap_or_default()
            ),
        }),
    }
}

fn import_bundles(ctx: &Context, files: &[PathBuf], keys: &[String]) -> CliResult {
    let trusted = trusted(keys)?;
    let read = files
        .iter()
        .map(|f| Ok((safe(&f.display().to_string()), read_file(f)?)))
        .collect::<CliResult<Vec<_>>>()?;
    let imported = bundle::import(&read, &trusted);
    if let Some(r) = imported.refused.first() {
        return Err(CliError::Failed {
            code: r.problem.as_str(),
            exit: i32::from(r.problem.exit_code()),
            message: format!("{}: {}", r.file, r.problem.explanation()),
        });
    }
    ctx.emit(json!(imported), || {
        let mut out = String::from(
            "WORKSTATION  SEQ    TIME (UTC)               ACTOR          ACTION            PERSON\n",
        );
        for i in &imported.entries {
            let e = &i.entry;
            out.push_str(&safe(&format!(
                "{:<12} {:<6} {:<24} {:<14} {:<17} {}\n",
                i.workstation.get(..12).unwrap_or(&i.workstation),
                e.seq,
                e.at,
                e.actor,
                e.action,
                e.person_ref.as_deref().unwrap_or("-")
            )));
        }
        for m in &imported.missing {
            out.push_str(&format!(
                "! MISSING PERIOD: workstation {} has no entries between {} ({}) and {} ({})\n",
                m.vault_id, m.after_seq, m.from, m.before_seq, m.until
            ));
        }
        out.trim_end().to_string()
    });
    if imported.missing.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed {
            code: "gap",
            exit: i32::from(bundle::BundleProblem::Gap.exit_code()),
            message: "a workstation's bundles leave a period uncovered (listed above)".into(),
        })
    }
}
