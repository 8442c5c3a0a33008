//! What every command needs: where the vault is, who is acting, how to read secrets and print results.

use std::path::PathBuf;
use std::sync::Arc;

use secrecy::SecretString;
use skyddsvalv::{DeviceSecrets, Login, Session, Vault};

use crate::secrets::SecretInput;

pub enum CliError {
    Core(skyddsvalv::Error),
    Usage(String),
    Input(String),
    /// A check that failed without a core error value (doctor).
    Failed {
        code: &'static str,
        exit: i32,
        message: String,
    },
}

impl From<skyddsvalv::Error> for CliError {
    fn from(e: skyddsvalv::Error) -> Self {
        CliError::Core(e)
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

pub struct Context {
    vault: Option<PathBuf>,
    user: Option<String>,
    pub json: bool,
    pub secrets: SecretInput,
}

impl Context {
    pub fn new(vault: Option<PathBuf>, user: Option<String>, json: bool) -> Self {
        Context {
            vault,
            user,
            json,
            secrets: SecretInput::new(),
        }
    }

    pub fn vault_dir(&self) -> CliResult<PathBuf> {
        skyddsvalv::frontend::vault_dir(self.vault.clone())
            .ok_or_else(|| CliError::Usage("no home directory found; pass --vault DIR".into()))
    }

    pub fn user(&self) -> CliResult<&str> {
        self.user
            .as_deref()
            .ok_or_else(|| CliError::Usage("name the acting user with --user NAME".into()))
    }

    pub fn device(&self) -> Arc<DeviceSecrets> {
        Arc::new(DeviceSecrets::os())
    }

    pub fn open_vault(&self) -> CliResult<Vault> {
        Ok(Vault::open(&self.vault_dir()?, self.device())?)
    }

    /// Reads the acting user's password and logs in; an account on its initial password is sent to
    /// `login` first.
    pub fn session(&self) -> CliResult<Session> {
        self.session_and_password().map(|(session, _)| session)
    }

    /// [`Context::session`], also handing back the password it read (`passwd` proves it again).
    pub fn session_and_password(&self) -> CliResult<(Session, SecretString)> {
        let vault = self.open_vault()?;
        let user = self.user()?;
        let password = self.secrets.read("Password").map_err(CliError::Input)?;
        match vault.login(user, &password)? {
            Login::Ready(s) => Ok((s, password)),
            Login::MustChangePassword(_) => Err(skyddsvalv::Error::PasswordChangeRequired.into()),
        }
    }

    /// A second account's session in the same command (its password is read after the first's).
    pub fn session_as(&self, user: &str) -> CliResult<Session> {
        let vault = self.open_vault()?;
        let password = self
            .secrets
            .read(&format!("Password for {user}"))
            .map_err(CliError::Input)?;
        match vault.login(user, &password)? {
            Login::Ready(s) => Ok(s),
            Login::MustChangePassword(_) => Err(skyddsvalv::Error::PasswordChangeRequired.into()),
        }
    }

    /// Prints a result: the JSON value with --json (JSON escapes control characters itself), else the
    /// human text, every line of it made safe for a terminal.
    pub fn emit(&self, value: serde_json::Value, human: impl FnOnce() -> String) {
        if self.json {
            println!("{value}");
        } else {
            let text = human();
            let lines: Vec<String> = text.lines().map(crate::display::safe).collect();
            println!("{}", lines.join("\n"));
        }
    }
}
