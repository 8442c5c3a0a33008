//! `demo-vault`: a throw-away vault for trying the app.

use serde_json::json;
use skyddsvalv::crypto::KdfParams;

use crate::context::{CliResult, Context};

pub fn run(ctx: &Context, persons: usize) -> CliResult {
    let dir = ctx.vault_dir()?;
    let demo = skyddsvalv::demo::create(&dir, ctx.device(), KdfParams::MINIMUM, persons)?;
    ctx.emit(json!(demo), || {
        let mut out = format!(
            "Demo vault in {} with {} synthetic persons (all invented). Accounts:\n",
            dir.display(),
            demo.persons
        );
        for a in &demo.accounts {
            out.push_str(&format!(
                "  {:<10} {:<12} password: {}\n",
                a.name,
                a.role.as_str(),
                a.password
            ));
        }
        out.push_str(&format!(
            "Try the reception lookup with the synthetic number {}.",
            demo.sample_identity
        ));
        out
    });
    Ok(())
}
