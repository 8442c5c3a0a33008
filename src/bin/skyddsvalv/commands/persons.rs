//! Person commands (filled in with the records work).
use crate::cli::PersonCommand;
use crate::context::{CliError, CliResult, Context};

pub fn run(_ctx: &Context, _c: PersonCommand) -> CliResult {
    Err(CliError::Usage("not available yet".into()))
}
pub fn lookup(_ctx: &Context, _t: &str) -> CliResult {
    Err(CliError::Usage("not available yet".into()))
}
pub fn assign(_ctx: &Context, _p: &str, _u: &str, _on: bool) -> CliResult {
    Err(CliError::Usage("not available yet".into()))
}
pub fn emergency(_ctx: &Context, _p: &str, _j: &str) -> CliResult {
    Err(CliError::Usage("not available yet".into()))
}
