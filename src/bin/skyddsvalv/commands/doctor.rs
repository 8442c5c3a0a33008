//! `doctor`: says what is wrong, and what to do about it.

use serde_json::json;
use skyddsvalv::vault::doctor::{self, Check};

use crate::context::{CliResult, Context};

pub fn run(ctx: &Context) -> CliResult {
    let dir = ctx.vault_dir()?;
    let mut checks: Vec<Check> = Vec::new();
    let vault = ctx.open_vault()?;
    checks.extend(doctor::closed_checks(&vault));
    if ctx.user().is_ok() {
        let mut session = ctx.session()?;
        checks.extend(session.doctor());
        session.lock()?;
    }
    let healthy = checks.iter().all(|c| c.ok);
    ctx.emit(
        json!({"vault": dir, "healthy": healthy, "database_checked": ctx.user().is_ok(), "checks": checks}),
        || {
            let mut out = format!("Vault {}:", dir.display());
            for c in &checks {
                let mark = if c.ok { "ok  " } else { "FAIL" };
                out.push_str(&format!("\n  {mark} {:<24} {}", c.name, c.detail));
            }
            if ctx.user().is_err() {
                out.push_str(
                    "\n  The database itself was NOT checked: give --user NAME (reads that password) \
                     to run SQLCipher's page check and the schema check too.",
                );
            }
            out
        },
    );
    if healthy {
        Ok(())
    } else {
        let failed = checks.iter().find(|c| !c.ok);
        let code = failed.and_then(|c| c.code).unwrap_or("VAULT_DAMAGED");
        Err(crate::context::CliError::Failed {
            code,
            exit: if code == "KEYRING_UNAVAILABLE" { 6 } else { 5 },
            message: failed.map(|c| c.detail.clone()).unwrap_or_default(),
        })
    }
}
