//! `skyddsvalv`: the command-line tool over the same core the desktop app uses.

mod cli;
mod commands;
mod context;
mod messages;
mod secrets;

use clap::Parser;

use cli::Cli;
use context::{CliError, Context};

fn main() {
    skyddsvalv::hardening::disable_core_dumps();
    // Panics must never print a value; the core's types redact themselves, this hides the rest.
    std::panic::set_hook(Box::new(|_| {
        eprintln!("skyddsvalv: internal error. Nothing further was written; please report this.");
    }));
    init_tracing();
    let cli = Cli::parse();
    let json = cli.json;
    let ctx = Context::new(cli.vault.clone(), cli.user.clone(), json);
    let code = match commands::run(&ctx, cli.command) {
        Ok(()) => 0,
        Err(e) => report(&e, json),
    };
    std::process::exit(code);
}

fn report(e: &CliError, json: bool) -> i32 {
    let (code, exit, message) = match e {
        CliError::Core(core) => (
            core.code().as_str(),
            messages::exit_code(core.code()),
            messages::message(core),
        ),
        CliError::Usage(m) => ("USAGE", 2, m.clone()),
        CliError::Input(m) => ("INVALID_INPUT", 7, m.clone()),
        CliError::Failed {
            code,
            exit,
            message,
        } => (*code, *exit, message.clone()),
    };
    if json {
        eprintln!(
            "{}",
            serde_json::json!({ "error": { "code": code, "message": message } })
        );
    } else {
        eprintln!("error [{code}]: {message}");
    }
    exit
}

/// Diagnostics go to standard error, filtered by `SKYDDSVALV_LOG` (default: warnings). The core logs
/// pseudonymous refs only.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SKYDDSVALV_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // No colour escapes in log files and pipes.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
}
