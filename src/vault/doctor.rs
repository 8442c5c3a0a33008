//! `doctor`: checks that need no password — the keyring answers, the files are there and readable — and,
//! given a session, the database's own integrity check and schema version.

use serde::Serialize;

use super::{db, migrations, Vault};
use crate::session::Session;

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    /// A code from [`crate::ErrorCode`] when the check failed.
    pub code: Option<&'static str>,
    pub detail: String,
}

impl Check {
    fn pass(name: &'static str, detail: impl Into<String>) -> Self {
        Check {
            name,
            ok: true,
            code: None,
            detail: detail.into(),
        }
    }
    fn fail(name: &'static str, e: &crate::Error) -> Self {
        Check {
            name,
            ok: false,
            code: Some(e.code().as_str()),
            detail: e.to_string(),
        }
    }
}

/// Checks on a vault that is not unlocked.
pub fn closed_checks(vault: &Vault) -> Vec<Check> {
    let mut checks = Vec::new();
    match vault.device().probe(vault.vault_id()) {
        Ok(true) => checks.push(Check::pass("keyring", "reachable; holds this vault's device secret")),
        Ok(false) => checks.push(Check::pass(
            "keyring",
            "reachable; no device secret for this vault yet (first login or recovery will create it)",
        )),
        Err(e) => checks.push(Check::fail("keyring", &e)),
    }
    checks.push(Check::pass(
        "keyslots",
        format!(
            "{} slot(s), format {}",
            vault.slots().slots.len(),
            vault.slots().version
        ),
    ));
    checks
}

/// Checks that need the vault open.
pub fn open_checks(session: &Session) -> Vec<Check> {
    let conn = session.connection();
    let mut checks = Vec::new();
    match db::integrity_problems(conn) {
        Ok(p) if p.is_empty() => {
            checks.push(Check::pass("cipher_integrity_check", "every page verifies"))
        }
        Ok(p) => checks.push(Check::fail(
            "cipher_integrity_check",
            &crate::Error::damaged(format!("{} page problem(s)", p.len())),
        )),
        Err(e) => checks.push(Check::fail("cipher_integrity_check", &e)),
    }
    match migrations::version(conn) {
        Ok(v) => checks.push(Check::pass(
            "schema",
            format!("version {v} (this build writes {})", migrations::latest()),
        )),
        Err(e) => checks.push(Check::fail("schema", &e)),
    }
    checks
}
