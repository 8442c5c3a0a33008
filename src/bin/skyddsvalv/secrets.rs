//! Reading secrets: from the terminal without echo, or one line each from standard input when it is not
//! a terminal (scripts, tests).

use std::io::{BufRead, IsTerminal};

use secrecy::SecretString;
use zeroize::Zeroizing;

pub struct SecretInput {
    interactive: bool,
}

impl SecretInput {
    pub fn new() -> Self {
        SecretInput {
            interactive: std::io::stdin().is_terminal(),
        }
    }

    /// Reads one secret; `prompt` is shown only on a terminal.
    pub fn read(&self, prompt: &str) -> Result<SecretString, String> {
        if self.interactive {
            let s = rpassword::prompt_password(format!("{prompt}: "))
                .map_err(|e| format!("could not read from the terminal: {e}"))?;
            return Ok(SecretString::from(s));
        }
        let mut line = Zeroizing::new(String::new());
        let n = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("could not read standard input: {e}"))?;
        if n == 0 {
            return Err(format!(
                "standard input ended before the {} was given",
                prompt.to_lowercase()
            ));
        }
        let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
        Ok(SecretString::from(trimmed))
    }

    /// Reads one personal value (a lookup, a search text, a justification): never from the command
    /// line, where every local account and the shell history could see it. Not echoed on a terminal
    /// either, so a visitor at the desk cannot read it over the shoulder.
    pub fn read_value(&self, prompt: &str) -> Result<Zeroizing<String>, String> {
        use secrecy::ExposeSecret;
        let v = self.read(prompt)?;
        Ok(Zeroizing::new(v.expose_secret().to_string()))
    }

    /// A new password: typed twice on a terminal, once from standard input.
    pub fn read_new(&self, prompt: &str) -> Result<SecretString, String> {
        let first = self.read(prompt)?;
        if self.interactive {
            use secrecy::ExposeSecret;
            let again = self.read(&format!("{prompt} (again)"))?;
            if again.expose_secret() != first.expose_secret() {
                return Err("the two passwords differ".into());
            }
        }
        Ok(first)
    }

    /// Reads the rest of standard input (a JSON document), or until an empty line on a terminal.
    pub fn read_document(&self) -> Result<Zeroizing<String>, String> {
        let mut out = Zeroizing::new(String::new());
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let line =
                Zeroizing::new(line.map_err(|e| format!("could not read standard input: {e}"))?);
            if self.interactive && line.is_empty() {
                break;
            }
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}
