//! Log commands (filled in with the records work).
use crate::cli::LogCommand;
use crate::context::{CliError, CliResult, Context};

pub fn run(_ctx: &Context, _c: LogCommand) -> CliResult {
    Err(CliError::Usage("not available yet".into()))
}
