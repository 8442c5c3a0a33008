//! `backup` and `restore`: the administrator writes an encrypted, signed backup; the holder of the
//! recovery code restores one into a new directory. Neither prints a personal value.

use std::path::{Path, PathBuf};

use serde_json::json;
use skyddsvalv::backup::RestoreOptions;

use super::access::recovery_code;
use super::log::absolute;
use crate::context::{CliResult, Context};

pub fn write(ctx: &Context, out: &Path) -> CliResult {
    let mut session = ctx.session()?;
    let mut last_tenth = 0;
    let report = session.write_backup(&absolute(out), &mut |done, total| {
        // Progress on standard error, a line per tenth: the output stays the report.
        let tenth = (done * 10).checked_div(total).unwrap_or(10);
        if tenth > last_tenth && !ctx.json {
            eprintln!("{} %", tenth * 10);
            last_tenth = tenth;
        }
    })?;
    session.lock()?;
    ctx.emit(json!(report), || {
        format!(
            "Backup {} written to {} ({} bytes, access log up to entry {}). It opens with the \
             recovery code; keep it away from this workstation, as you keep the code.",
            report.backup_id, report.path, report.bytes, report.log_head
        )
    });
    Ok(())
}

pub fn restore(
    ctx: &Context,
    file: &Path,
    to: &Path,
    replace: bool,
    ledgers: Vec<PathBuf>,
) -> CliResult {
    let code = recovery_code(ctx)?;
    let report = skyddsvalv::backup::restore(
        &absolute(file),
        &absolute(to),
        &code,
        ctx.device(),
        &RestoreOptions { replace, ledgers },
    )?;
    ctx.emit(json!(report), || {
        let mut out = format!(
            "Restored backup {} (written {} by {}) into {}: the access log's {} entries verify, and \
             the restore is recorded in it, flagged for review.",
            report.backup_id,
            report.created_at,
            report.made_by,
            absolute(to).display(),
            report.log_entries
        );
        if report.erased_again.is_empty() {
            out.push_str("\nNo person had to be erased again.");
        } else {
            out.push_str(&format!(
                "\nErased again (the erasure ledger says they were erased after the backup): {}.",
                report.erased_again.join(", ")
            ));
        }
        if let Some(p) = &report.replaced_moved_to {
            out.push_str(&format!("\nThe vault that was there is kept in {p}."));
        }
        out.push_str(
            "\nAccounts on another workstation than the backup's need a new one-time password \
             (`skyddsvalv recover`, then `skyddsvalv user reset-password NAME`).",
        );
        out
    });
    Ok(())
}

pub fn accept(ctx: &Context) -> CliResult {
    let mut session = ctx.session()?;
    let seq = session.accept_restored_log()?;
    session.lock()?;
    ctx.emit(json!({"restore_entry": seq}), || {
        format!(
            "The restored log (restored at entry {seq}) is accepted; the acceptance is logged and \
             flagged. Log reviewers verify again to pin its head."
        )
    });
    Ok(())
}
