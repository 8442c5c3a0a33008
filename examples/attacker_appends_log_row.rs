//! An attacker's own program, for the end-to-end tests (tests/e2e): a case handler who holds the
//! database key opens the vault with the library, not the app, and appends a row to the access log
//! that does not link to the chain. The granskare's next verification must find the break and open a
//! draft incident.
//!
//! `attacker_appends_log_row VAULT_DIR USER` with the user's password on standard input (never in
//! argv); prints the sequence number of the appended row. Built only with the `test-support` feature
//! (the raw connection), which `cargo build --example` gets through the dev-dependency.
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use secrecy::SecretString;
use skyddsvalv::{DeviceSecrets, Login, Vault};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(user)) = (args.next(), args.next()) else {
        return Err(
            "usage: attacker_appends_log_row VAULT_DIR USER (password on standard input)".into(),
        );
    };
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = SecretString::from(password.trim_end_matches(['\r', '\n']).to_string());
    let vault = Vault::open(&PathBuf::from(dir), Arc::new(DeviceSecrets::os()))?;
    let Login::Ready(mut session) = vault.login(&user, &password)? else {
        return Err("the account is still on its initial password".into());
    };
    let conn = session.raw_connection_for_tests();
    let head: i64 = conn.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))?;
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, role, action, fields, outcome, flagged, \
         prev_hash, hash) VALUES (?1, '2026-01-01T00:00:00.000Z', 'x', 'handlaggare', \
         'person_viewed', '', 'allowed', 0, zeroblob(32), zeroblob(32))",
        [head + 1],
    )?;
    println!("{}", head + 1);
    Ok(())
}
