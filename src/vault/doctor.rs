//! `doctor`: checks that need no password — the keyring answers, the files are there and readable. The
//! checks that need the vault open (SQLCipher's page check, the schema) are `Session::doctor`.

use serde::Serialize;

use super::keyslots::KeyslotFile;
use super::Vault;

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    /// A code from [`crate::ErrorCode`] when the check failed.
    pub code: Option<&'static str>,
    pub detail: String,
}

impl Check {
    pub(crate) fn pass(name: &'static str, detail: impl Into<String>) -> Self {
        Check {
            name,
            ok: true,
            code: None,
            detail: detail.into(),
        }
    }
    pub(crate) fn fail(name: &'static str, e: &crate::Error) -> Self {
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
    match KeyslotFile::load(&vault.paths().keyslots()) {
        Ok(file) => checks.push(Check::pass(
            "keyslots",
            format!("{} slot(s), format {}", file.slots.len(), file.version),
        )),
        Err(e) => checks.push(Check::fail("keyslots", &e)),
    }
    checks
}
