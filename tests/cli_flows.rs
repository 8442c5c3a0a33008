//! End-to-end flows through the real `skyddsvalv` binary against the real OS keyring (a gnome-keyring
//! Secret Service). `make test` runs them inside `scripts/with-keyring.sh`; without a session bus they
//! fail and say so rather than skip.
//!
//! Secrets go in on standard input, one line each. `SKYDDSVALV_KDF_TARGET_MS=1` keeps Argon2id at its
//! 64 MiB / t=1 floor, and every run logs at debug level so that the tracing output is searched too.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_skyddsvalv");

// Canary names and passwords; none may ever appear on standard error.
const ADMIN: &str = "Åsa-Kanarie-Ø7";
const ADMIN_PW: &str = "Sjöfågel-Lösen-Æ1-admin";
const ADMIN_PW2: &str = "Nattuggla-Byte-Ñ8-admin";
const MARTA: &str = "Märta-Kanarie-Ü3";
const INITIAL_PW: &str = "Första-Startord-ß5-init";
const CHOSEN_PW: &str = "Välj-Egetord-Œ6-eget";
const WRONG_PW: &str = "Fel-Gissning-Ĳ9-fel";
const CANARIES: [&str; 7] = [
    ADMIN, ADMIN_PW, ADMIN_PW2, MARTA, INITIAL_PW, CHOSEN_PW, WRONG_PW,
];

/// The CLI tests talk to a real Secret Service; without one they cannot mean anything.
fn require_secret_service() {
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
    assert!(
        !bus.is_empty(),
        "DBUS_SESSION_BUS_ADDRESS is not set: these tests need a Secret Service. Run them via \
         `make test` (which wraps cargo test in scripts/with-keyring.sh), or \
         `scripts/with-keyring.sh cargo test --test cli_flows`."
    );
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        self
    }

    /// The stable error code from `--json` error output (`{"error": {"code": …}}` on stderr).
    fn error_code(&self) -> String {
        self.stderr
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find_map(|v| v["error"]["code"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("no JSON error on stderr:\n{}", self.stderr))
    }

    /// Asserts a refusal with this exit code and error code.
    fn refused(self, exit: i32, code: &str) -> Run {
        assert_eq!(self.code, exit, "exit code; stderr:\n{}", self.stderr);
        assert_eq!(self.error_code(), code, "stderr:\n{}", self.stderr);
        self
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// One vault directory and everything written to standard error while using it.
struct Vault {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    stderr_seen: std::cell::RefCell<String>,
}

impl Vault {
    fn new() -> Vault {
        require_secret_service();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        Vault {
            _tmp: tmp,
            dir,
            stderr_seen: Default::default(),
        }
    }

    /// Runs `skyddsvalv --json --vault DIR [--user USER] ARGS` with `stdin` (one secret per line).
    fn run(&self, user: Option<&str>, args: &[&str], stdin: &[&str]) -> Run {
        self.run_env(user, args, stdin, &[])
    }

    fn run_env(
        &self,
        user: Option<&str>,
        args: &[&str],
        stdin: &[&str],
        env: &[(&str, &str)],
    ) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.arg("--json").arg("--vault").arg(&self.dir);
        if let Some(u) = user {
            cmd.arg("--user").arg(u);
        }
        cmd.args(args)
            .env_remove("SKYDDSVALV_VAULT")
            .env_remove("SKYDDSVALV_USER")
            .env("SKYDDSVALV_KDF_TARGET_MS", "1")
            .env("SKYDDSVALV_LOG", "debug")
            .env("RUST_BACKTRACE", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start skyddsvalv");
        let mut input = String::new();
        for line in stdin {
            input.push_str(line);
            input.push('\n');
        }
        // A command that fails early may not read it all; a broken pipe is fine then.
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        let out = child.wait_with_output().unwrap();
        let run = Run {
            code: out.status.code().expect("exited normally, not by a signal"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        };
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "internal error",
        ] {
            assert!(
                !run.stderr.contains(bad),
                "{args:?}: '{bad}' on stderr:\n{}",
                run.stderr
            );
        }
        self.stderr_seen.borrow_mut().push_str(&run.stderr);
        run
    }

    /// `init` with the admin's password; returns the JSON it prints.
    fn init(&self) -> serde_json::Value {
        self.run(None, &["init", "--admin", ADMIN], &[ADMIN_PW])
            .ok()
            .json()
    }

    /// Adds Märta as a case handler on `INITIAL_PW`.
    fn add_marta(&self) {
        self.run(
            Some(ADMIN),
            &["user", "add", MARTA, "--role", "handlaggare"],
            &[ADMIN_PW, INITIAL_PW],
        )
        .ok();
    }

    fn login(&self, user: &str, secrets: &[&str]) -> Run {
        self.run(Some(user), &["login"], secrets)
    }

    fn assert_no_canaries_on_stderr(&self) {
        let seen = self.stderr_seen.borrow();
        for c in CANARIES {
            for form in [c.to_string(), c.to_lowercase(), c.to_uppercase()] {
                assert!(
                    !seen.contains(&form),
                    "{form:?} appeared on stderr:\n{seen}"
                );
            }
        }
    }
}

impl Drop for Vault {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.assert_no_canaries_on_stderr();
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn init_prints_a_recovery_code_and_refuses_to_overwrite() {
    let v = Vault::new();
    // Human output first: the code is shown in groups of four.
    let human = Command::new(BIN)
        .args(["--vault"])
        .arg(&v.dir)
        .args(["init", "--admin", ADMIN])
        .env("SKYDDSVALV_KDF_TARGET_MS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all(format!("{ADMIN_PW}\n").as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(
        human.status.success(),
        "{}",
        String::from_utf8_lossy(&human.stderr)
    );
    let stdout = String::from_utf8(human.stdout).unwrap();
    assert!(stdout.contains("Recovery code"), "{stdout}");
    let code_line = stdout
        .lines()
        .map(str::trim)
        .find(|l| l.split('-').count() == 8 && l.split('-').all(|g| g.len() == 4))
        .unwrap_or_else(|| panic!("no grouped recovery code in:\n{stdout}"));
    assert_eq!(code_line.len(), 39);

    // A second init on the same directory is refused and changes nothing.
    let before = std::fs::read(v.dir.join("keyslots.json")).unwrap();
    v.run(None, &["init", "--admin", ADMIN], &[ADMIN_PW])
        .refused(5, "VAULT_EXISTS");
    assert_eq!(std::fs::read(v.dir.join("keyslots.json")).unwrap(), before);

    // The JSON form carries the code too.
    let w = Vault::new();
    let out = w.init();
    assert_eq!(out["recovery_code"].as_str().unwrap().len(), 39);
}

#[test]
fn first_login_makes_the_user_choose_a_password() {
    let v = Vault::new();
    v.init();
    v.add_marta();
    // Before the first login no other command gets a session.
    v.run(Some(MARTA), &["passwd"], &[INITIAL_PW, CHOSEN_PW])
        .refused(3, "PASSWORD_CHANGE_REQUIRED");
    // Keeping the initial password is refused.
    v.login(MARTA, &[INITIAL_PW, INITIAL_PW])
        .refused(7, "INVALID_INPUT");

    let out = v.login(MARTA, &[INITIAL_PW, CHOSEN_PW]).ok().json();
    assert_eq!(out["role"], "handlaggare");
    assert_eq!(out["password_changed"], true);

    let out = v.login(MARTA, &[CHOSEN_PW]).ok().json();
    assert_eq!(out["password_changed"], false);
    v.login(MARTA, &[INITIAL_PW]).refused(3, "WRONG_PASSWORD");

    let users = v
        .run(Some(ADMIN), &["user", "list"], &[ADMIN_PW])
        .ok()
        .json();
    let marta = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == MARTA)
        .expect("Märta is listed");
    assert_eq!(marta["must_change_password"], false);
}

#[test]
fn wrong_password_exits_3_with_wrong_password_code() {
    let v = Vault::new();
    v.init();
    let run = v.login(ADMIN, &[WRONG_PW]).refused(3, "WRONG_PASSWORD");
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    v.login("Ingen-Sådan", &[ADMIN_PW])
        .refused(3, "WRONG_PASSWORD");
    v.login(ADMIN, &[ADMIN_PW]).ok();
}

#[test]
fn lockout_holds_across_processes_until_user_unlock() {
    let v = Vault::new();
    v.init();
    v.add_marta();
    v.login(MARTA, &[INITIAL_PW, CHOSEN_PW]).ok();
    v.run(
        Some(ADMIN),
        &["settings", "set", "lockout-after", "3"],
        &[ADMIN_PW],
    )
    .ok();

    // Each attempt is its own process: the count lives outside the process.
    v.login(MARTA, &[WRONG_PW]).refused(3, "WRONG_PASSWORD");
    v.login(MARTA, &[WRONG_PW]).refused(3, "WRONG_PASSWORD");
    v.login(MARTA, &[WRONG_PW]).refused(3, "LOCKED_OUT");
    let run = v.login(MARTA, &[CHOSEN_PW]).refused(3, "LOCKED_OUT");
    assert!(
        run.stderr.contains("user unlock"),
        "the message says what to do:\n{}",
        run.stderr
    );

    let out = v
        .run(Some(ADMIN), &["user", "unlock", MARTA], &[ADMIN_PW])
        .ok()
        .json();
    assert_eq!(out["was_locked"], true);
    v.login(MARTA, &[CHOSEN_PW]).ok();
}

#[test]
fn recover_binds_a_copied_vault_to_a_keyring_that_lost_its_secret() {
    let v = Vault::new();
    let created = v.init();
    let code = created["recovery_code"].as_str().unwrap().to_string();
    let vault_id = created["vault_id"].as_str().unwrap().to_string();

    let moved = Vault::new();
    copy_dir(&v.dir, &moved.dir);
    // A new workstation: this keyring has no device secret for the vault. (The entry's name is the
    // core's `device-secret/<vault id>` under the service `skyddsvalv`.)
    keyring::Entry::new("skyddsvalv", &format!("device-secret/{vault_id}"))
        .unwrap()
        .delete_credential()
        .expect("the device secret was in the keyring");

    let run = moved
        .login(ADMIN, &[ADMIN_PW])
        .refused(6, "DEVICE_SECRET_MISSING");
    assert!(run.stderr.contains("recover"), "{}", run.stderr);
    let wrong = "0000-0000-0000-0000-0000-0000-0000-0000";
    moved
        .run(Some(ADMIN), &["recover"], &[wrong, ADMIN_PW2])
        .refused(3, "WRONG_RECOVERY_CODE");
    moved
        .run(Some(ADMIN), &["recover"], &["not a code", ADMIN_PW2])
        .refused(3, "WRONG_RECOVERY_CODE");
    moved
        .run(Some(ADMIN), &["recover"], &[&code, ADMIN_PW2])
        .ok();

    moved.login(ADMIN, &[ADMIN_PW2]).ok();
    moved.login(ADMIN, &[ADMIN_PW]).refused(3, "WRONG_PASSWORD");
}

#[test]
fn passwd_replaces_the_password() {
    let v = Vault::new();
    v.init();
    // Reads, as `passwd --help` says: the current password, then the new one.
    v.run(Some(ADMIN), &["passwd"], &[WRONG_PW, ADMIN_PW2])
        .refused(3, "WRONG_PASSWORD");
    v.run(Some(ADMIN), &["passwd"], &[ADMIN_PW, "kort"])
        .refused(7, "WEAK_PASSWORD");
    v.run(Some(ADMIN), &["passwd"], &[ADMIN_PW, ADMIN_PW2]).ok();
    v.login(ADMIN, &[ADMIN_PW]).refused(3, "WRONG_PASSWORD");
    v.login(ADMIN, &[ADMIN_PW2]).ok();
}

#[test]
fn doctor_reports_a_healthy_vault() {
    let v = Vault::new();
    v.init();
    let out = v.run(Some(ADMIN), &["doctor"], &[ADMIN_PW]).ok().json();
    assert_eq!(out["healthy"], true, "{out:#}");
    let names: Vec<&str> = out["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for check in ["keyring", "keyslots", "cipher_integrity_check", "schema"] {
        assert!(names.contains(&check), "doctor ran {check}: {names:?}");
    }
    // Without --user only the checks that need no password run.
    let out = v.run(None, &["doctor"], &[]).ok().json();
    assert_eq!(out["healthy"], true);
}

#[test]
fn a_truncated_database_exits_5_and_says_what_to_do() {
    let v = Vault::new();
    v.init();
    let db = v.dir.join("vault.db");
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();

    let run = v.login(ADMIN, &[ADMIN_PW]).refused(5, "VAULT_DAMAGED");
    assert!(
        run.stderr.contains("backup"),
        "the message says what to do:\n{}",
        run.stderr
    );
    v.run(Some(ADMIN), &["doctor"], &[ADMIN_PW])
        .refused(5, "VAULT_DAMAGED");
    // The human form too: one plain sentence, no debug dump.
    let run = v.run_env(
        Some(ADMIN),
        &["login"],
        &[ADMIN_PW],
        &[("SKYDDSVALV_LOG", "warn")],
    );
    assert_eq!(run.code, 5);
}

#[test]
fn a_missing_secret_service_is_keyring_unavailable_and_says_how_to_start_one() {
    let v = Vault::new();
    v.init();
    let no_bus = [("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")];

    let run = v
        .run_env(Some(ADMIN), &["login"], &[ADMIN_PW], &no_bus)
        .refused(6, "KEYRING_UNAVAILABLE");
    for hint in ["gnome-keyring", "dbus-run-session"] {
        assert!(
            run.stderr.contains(hint),
            "the message mentions {hint}:\n{}",
            run.stderr
        );
    }

    // init fails the same way and leaves no half-made vault behind.
    let fresh = Vault::new();
    fresh
        .run_env(None, &["init", "--admin", ADMIN], &[ADMIN_PW], &no_bus)
        .refused(6, "KEYRING_UNAVAILABLE");
    assert!(!fresh.dir.join("keyslots.json").exists());
    assert!(!fresh.dir.join("vault.db").exists());
}

#[test]
fn canaries_never_reach_stderr_even_at_debug_level() {
    // Every run of every test is searched when its vault is dropped; this one also proves that debug
    // logging was on and that the search would see a canary.
    let v = Vault::new();
    v.init();
    v.add_marta();
    v.login(MARTA, &[WRONG_PW]).refused(3, "WRONG_PASSWORD");
    v.login(MARTA, &[INITIAL_PW, CHOSEN_PW]).ok();
    v.run(Some(ADMIN), &["user", "disable", MARTA], &[ADMIN_PW])
        .ok();
    // The slot is gone: the old password is just a wrong one.
    v.login(MARTA, &[CHOSEN_PW]).refused(3, "WRONG_PASSWORD");
    v.run(
        Some(ADMIN),
        &["user", "enable", MARTA],
        &[ADMIN_PW, INITIAL_PW],
    )
    .ok();
    v.run(
        Some(ADMIN),
        &["user", "reset-password", MARTA],
        &[ADMIN_PW, INITIAL_PW],
    )
    .ok();
    let list = v.run(Some(ADMIN), &["user", "list"], &[ADMIN_PW]).ok();
    v.run(Some(ADMIN), &["passwd"], &[ADMIN_PW, ADMIN_PW2]).ok();
    v.run(Some(ADMIN), &["doctor"], &[ADMIN_PW2]).ok();

    let seen = v.stderr_seen.borrow().clone();
    assert!(seen.contains("DEBUG"), "debug logging was on:\n{seen}");
    assert!(
        list.stdout.contains(MARTA),
        "names do appear where they belong (stdout)"
    );
    v.assert_no_canaries_on_stderr();
}

/// The demo vault's accounts (they are printed by `demo-vault`, which is for trying the app).
const DEMO_RECEPTION_PW: &str = "demo reception lösenfras 3";
const DEMO_HANDLER_PW: &str = "demo handläggare lösenfras 2";
const DEMO_GRANSKARE_PW: &str = "demo granskare lösenfras 4";

#[test]
fn personal_values_come_on_standard_input_never_as_arguments() {
    require_secret_service();
    let v = Vault::new();
    let demo = v
        .run(None, &["demo-vault", "--persons", "3"], &[])
        .ok()
        .json();
    let sample = demo["sample_identity"].as_str().unwrap().to_string();
    // Through standard input: the password, then the number.
    let found = v
        .run(
            Some("reception"),
            &["lookup"],
            &[DEMO_RECEPTION_PW, &sample],
        )
        .ok()
        .json();
    assert_eq!(found["found"], true, "{found}");
    // On the command line: refused before anything runs, saying how to pass it.
    for args in [
        vec!["lookup", sample.as_str()],
        vec!["person", "find", "Anna"],
        vec![
            "emergency-access",
            "P-0000-0000-0000",
            "--justification",
            "någon text",
        ],
    ] {
        let r = v.run(Some("hanna"), &args, &[DEMO_HANDLER_PW]);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("standard input") && r.stderr.contains("command line"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // A search reads its text the same way.
    let hits = v
        .run(
            Some("hanna"),
            &["person", "find"],
            &[DEMO_HANDLER_PW, &sample],
        )
        .ok()
        .json();
    assert_eq!(hits["hits"].as_array().unwrap().len(), 1, "{hits}");
}

#[test]
fn what_the_log_shows_a_reviewer_cannot_drive_their_terminal() {
    require_secret_service();
    let v = Vault::new();
    v.run(None, &["demo-vault", "--persons", "2"], &[]).ok();
    // A purpose note with an escape sequence is refused by the core (never stored).
    let find = v
        .run(Some("hanna"), &["person", "find"], &[DEMO_HANDLER_PW, "a"])
        .ok()
        .json();
    let r = find["hits"][0]["person_ref"].as_str().unwrap().to_string();
    let hostile = "ringa \u{1b}[2K\u{1b}[1Afalsk rad";
    let refused = v.run(
        Some("hanna"),
        &[
            "person",
            "reveal",
            &r,
            "address",
            "--purpose",
            "kontakt",
            "--note",
        ],
        &[DEMO_HANDLER_PW, hostile],
    );
    assert_eq!(refused.code, 7, "{}", refused.stderr);
    // The human log listing has no raw control character at all, whatever is stored.
    let mut cmd = Command::new(BIN);
    let out = cmd
        .args(["--vault"])
        .arg(&v.dir)
        .args(["--user", "gunnar", "log", "list", "--limit", "50"])
        .env("SKYDDSVALV_KDF_TARGET_MS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = out;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{DEMO_GRANSKARE_PW}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("field_revealed"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the terminal: {text:?}"
    );
}

#[test]
fn backup_and_restore_through_the_cli_with_the_recovery_code_on_standard_input() {
    let v = Vault::new();
    let created = v.init();
    let code = created["recovery_code"].as_str().unwrap().to_string();
    let file = v.dir.with_extension("backup");
    let out = v
        .run(
            Some(ADMIN),
            &["backup", "--out", file.to_str().unwrap()],
            &[ADMIN_PW],
        )
        .ok()
        .json();
    assert!(out["backup_id"].as_str().unwrap().starts_with("BK-"));
    assert!(file.exists());
    // Never over an existing file.
    v.run(
        Some(ADMIN),
        &["backup", "--out", file.to_str().unwrap()],
        &[ADMIN_PW],
    )
    .refused(7, "INVALID_INPUT");

    let to = v.dir.with_extension("restored");
    let to_arg = to.to_str().unwrap();
    // A wrong code, then over the live vault without --replace: refused, nothing written.
    v.run(
        None,
        &["restore", file.to_str().unwrap(), "--to", to_arg],
        &["0000-0000-0000-0000-0000-0000-0000-0000"],
    )
    .refused(3, "WRONG_RECOVERY_CODE");
    assert!(!to.exists());
    v.run(
        None,
        &[
            "restore",
            file.to_str().unwrap(),
            "--to",
            v.dir.to_str().unwrap(),
        ],
        &[&code],
    )
    .refused(5, "VAULT_EXISTS");
    let mut bad = std::fs::read(&file).unwrap();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x80;
    let bad_file = v.dir.with_extension("bad");
    std::fs::write(&bad_file, bad).unwrap();
    let run = v
        .run(
            None,
            &["restore", bad_file.to_str().unwrap(), "--to", to_arg],
            &[&code],
        )
        .refused(5, "BACKUP_DAMAGED");
    assert!(run.stderr.contains("Nothing was written"), "{}", run.stderr);
    assert!(!to.exists());

    let report = v
        .run(
            None,
            &["restore", file.to_str().unwrap(), "--to", to_arg],
            &[&code],
        )
        .ok()
        .json();
    assert_eq!(report["backup_id"], out["backup_id"]);
    // The same workstation: the admin's own password opens the restored vault.
    let mut cmd = Command::new(BIN);
    let login = cmd
        .args(["--json", "--vault", to_arg, "--user", ADMIN, "login"])
        .env("SKYDDSVALV_KDF_TARGET_MS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    login
        .stdin
        .as_ref()
        .unwrap()
        .write_all(format!("{ADMIN_PW}\n").as_bytes())
        .unwrap();
    let done = login.wait_with_output().unwrap();
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let _ = std::fs::remove_dir_all(&to);
    v.assert_no_canaries_on_stderr();
}

#[test]
fn a_reception_desk_with_no_vault_installs_a_register_and_answers_from_it() {
    let v = Vault::new();
    let created = v.init();
    let code = created["recovery_code"].as_str().unwrap().to_string();
    v.add_marta();
    let fp = v.login(MARTA, &[INITIAL_PW, CHOSEN_PW]).ok().json()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    v.run(
        None,
        &["access", "grant", MARTA, "--recovery", "--fingerprint", &fp],
        &[&code],
    )
    .ok();
    let person = r#"{"name": "Disk Kanarie", "identity_number": "19850709-9805",
        "protection": {"kind": "skyddad_folkbokforing"}}"#;
    v.run(Some(MARTA), &["person", "add"], &[CHOSEN_PW, person])
        .ok();

    // The desk: its own directory and key, no vault.
    let desk = v.dir.with_extension("desk");
    let desk_arg = desk.to_str().unwrap();
    let info = v
        .run(None, &["desk", "init", "--dir", desk_arg], &[])
        .ok()
        .json();
    let (key, desk_fp) = (
        info["key"].as_str().unwrap(),
        info["fingerprint"].as_str().unwrap(),
    );
    let register = v.dir.with_extension("register");
    let reg_arg = register.to_str().unwrap();
    // A mistyped desk fingerprint exports nothing.
    v.run(
        Some(MARTA),
        &[
            "reception",
            "export",
            "--desk-key",
            key,
            "--fingerprint",
            "AAAA-BBBB-CCCC",
            "--out",
            reg_arg,
        ],
        &[CHOSEN_PW],
    )
    .refused(7, "FINGERPRINT_MISMATCH");
    assert!(!register.exists());
    let out = v
        .run(
            Some(MARTA),
            &[
                "reception",
                "export",
                "--desk-key",
                key,
                "--fingerprint",
                desk_fp,
                "--out",
                reg_arg,
            ],
            &[CHOSEN_PW],
        )
        .ok()
        .json();
    assert_eq!(out["persons"], 1);
    // Without the exporter's fingerprint the desk refuses; with it, it installs.
    v.run(None, &["desk", "install", reg_arg, "--dir", desk_arg], &[])
        .refused(9, "REGISTER_UNTRUSTED");
    v.run(
        None,
        &[
            "desk", "install", reg_arg, "--dir", desk_arg, "--trust", &fp,
        ],
        &[],
    )
    .ok();
    let hit = v
        .run(
            Some("rut"),
            &["desk", "lookup", "--dir", desk_arg],
            &["850709-9805"],
        )
        .ok()
        .json();
    assert_eq!(hit["found"], true);
    assert_eq!(hit["protection"], "skyddad_folkbokforing");
    let miss = v
        .run(
            Some("rut"),
            &["desk", "lookup", "--dir", desk_arg],
            &["19850709-9813"],
        )
        .ok()
        .json();
    assert_eq!(miss["found"], false);
    let log = v.dir.with_extension("desklog");
    v.run(
        None,
        &[
            "desk",
            "export-log",
            "--dir",
            desk_arg,
            "--out",
            log.to_str().unwrap(),
        ],
        &[],
    )
    .ok();
    let bundle = std::fs::read_to_string(&log).unwrap();
    assert!(!bundle.contains("850709"), "the desk's log holds a number");
    assert!(bundle.contains("\"hit\"") && bundle.contains("\"miss\""));
    let _ = std::fs::remove_dir_all(&desk);
}
