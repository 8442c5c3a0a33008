//! What every front end (the CLI, the desktop app) sets up the same way: where the vault lives by
//! default, and where diagnostics go.

use std::path::PathBuf;

/// The environment variable naming the vault directory.
pub const VAULT_ENV: &str = "SKYDDSVALV_VAULT";

/// The environment variable filtering diagnostics (`tracing` directives; default `warn`).
pub const LOG_ENV: &str = "SKYDDSVALV_LOG";

/// `explicit` (a command-line option), else `SKYDDSVALV_VAULT`, else `vault` in the per-user data
/// directory. `None` only without a home directory.
pub fn vault_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| {
            std::env::var_os(VAULT_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| {
            directories::ProjectDirs::from("se", "Skyddsvalv", "Skyddsvalv")
                .map(|d| d.data_dir().join("vault"))
        })
}

/// Diagnostics to standard error, filtered by `SKYDDSVALV_LOG` (default: warnings). The core logs
/// pseudonymous refs only, never a value.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // No colour escapes in log files and pipes.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}
