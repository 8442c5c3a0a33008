//! `init`: creates the vault and shows the recovery code once.

use std::time::Duration;

use serde_json::json;
use skyddsvalv::crypto::kdf::DEFAULT_TARGET;
use skyddsvalv::crypto::KdfParams;
use skyddsvalv::Vault;

use crate::context::{CliError, CliResult, Context};

pub fn run(ctx: &Context, admin: &str) -> CliResult {
    let dir = ctx.vault_dir()?;
    let password = ctx
        .secrets
        .read_new("New administrator password")
        .map_err(CliError::Input)?;
    let kdf = KdfParams::calibrate(kdf_target());
    let created = Vault::create(&dir, admin, &password, ctx.device(), kdf)?;
    let code = created.recovery_code.display();
    ctx.emit(
        json!({
            "vault": dir,
            "vault_id": created.vault.vault_id(),
            "admin": admin,
            "recovery_code": code,
            "kdf": kdf,
        }),
        || {
            format!(
                "Vault created in {}.\n\nRecovery code (shown only now — write it down and keep it \
                 locked away; it opens the vault without any password):\n\n    {code}\n",
                dir.display()
            )
        },
    );
    Ok(())
}

/// Argon2id is calibrated to this device at init. `SKYDDSVALV_KDF_TARGET_MS` lowers the target for
/// tests and slow demo machines; the 64 MiB memory floor always holds.
fn kdf_target() -> Duration {
    std::env::var("SKYDDSVALV_KDF_TARGET_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_TARGET)
}
