//! `skyddsvalv`: the command-line tool over the same core the desktop app uses.

mod cli;
mod commands;
mod context;
mod display;
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
    skyddsvalv::frontend::init_tracing();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => refuse_or_exit(e),
    };
    let json = cli.json;
    let ctx = Context::new(cli.vault.clone(), cli.user.clone(), json);
    let code = match commands::run(&ctx, cli.command) {
        Ok(()) => 0,
        Err(e) => report(&e, json),
    };
    std::process::exit(code);
}

/// A personal value given on the command line is refused with a message saying how to pass it: argv
/// is readable by every local account and lands in shell history.
fn refuse_or_exit(e: clap::Error) -> ! {
    use clap::error::ErrorKind;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let personal = matches!(
        e.kind(),
        ErrorKind::UnknownArgument | ErrorKind::TooManyValues | ErrorKind::InvalidValue
    )
    .then(|| {
        cli::READS_PERSONAL_VALUES
            .iter()
            .find(|(cmd, _)| args.iter().any(|a| a == cmd))
    })
    .flatten();
    match personal {
        Some((cmd, what)) => {
            eprintln!(
                "error [USAGE]: `{cmd}` does not take personal values on the command line, where every \
                 account on this computer and the shell history can see them. It reads {what} after \
                 the password: type it at the prompt, or give it as the next line of standard input."
            );
            std::process::exit(2);
        }
        None => e.exit(),
    }
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
        eprintln!("error [{code}]: {}", display::safe(&message));
    }
    exit
}
