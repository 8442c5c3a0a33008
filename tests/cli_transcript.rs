//! Every CLI command's human output, success and error, pinned: a scripted day on a fresh vault runs
//! through the real binary, and each command's exit code, standard output and standard error are
//! compared with `tests/cli-transcript.txt` — after masking what is random in every run (refs, the
//! recovery code, fingerprints, hashes, times, the vault's path). After an intended change regenerate
//! with `SNAPSHOTS=overwrite cargo test --test cli_transcript` (inside `scripts/with-keyring.sh`) and
//! review the diff.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_skyddsvalv");
const ADMIN_PW: &str = "Admins-Eget-Lösen-Tallkotte-41";
const INITIAL: &str = "Första-Startord-ß5-tillfälligt";
const HANNA_PW: &str = "Hannas-Eget-Lösen-Fjällräv-92";
const RUT_PW: &str = "Ruts-Eget-Lösen-Hjortron-17";
const GUNNAR_PW: &str = "Gunnars-Eget-Lösen-Lingon-33";
const PERSON: &str = r#"{"name": "Åsa Lindqvist", "identity_number": "19850709-9805",
  "address": "Påhittade vägen 7", "postcode": "123 45", "phone": "070-123 45 67",
  "health": "Påhittad hälsouppgift", "protection": {"kind": "skyddad_folkbokforing"}}"#;

struct Transcript {
    dir: tempfile::TempDir,
    out: String,
}

impl Transcript {
    fn run(&mut self, user: Option<&str>, args: &[&str], stdin: &[&str]) -> String {
        let vault = self.dir.path().join("vault");
        let mut cmd = Command::new(BIN);
        cmd.arg("--vault").arg(&vault);
        if let Some(u) = user {
            cmd.arg("--user").arg(u);
        }
        cmd.args(args)
            .env_remove("SKYDDSVALV_VAULT")
            .env_remove("SKYDDSVALV_USER")
            .env_remove("SKYDDSVALV_LOG")
            .env("SKYDDSVALV_KDF_TARGET_MS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start skyddsvalv");
        let input: String = stdin.iter().map(|l| format!("{l}\n")).collect();
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let shown = format!(
            "$ skyddsvalv {}{}\n[exit {}]\n{}{}",
            user.map(|u| format!("--user {u} ")).unwrap_or_default(),
            args.join(" "),
            out.status.code().unwrap_or(-1),
            stdout,
            if stderr.is_empty() {
                String::new()
            } else {
                format!("(stderr) {stderr}")
            }
        );
        self.out
            .push_str(&mask(&shown, &vault.display().to_string()));
        self.out.push('\n');
        stdout
    }
}

/// Replaces what differs between runs by placeholders.
fn mask(text: &str, vault: &str) -> String {
    let mut s = text.replace(vault, "[VAULT]");
    let patterns = [
        // The recovery code first: one of its groups may end in `P`, and then look like a ref.
        (r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){7}\b", "[RECOVERY-CODE]"),
        (r"\bP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", "[REF]"),
        (r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", "[FINGERPRINT]"),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", "[TIME]"),
        (r"\b[0-9a-f]{64}\b", "[HASH]"),
        (r"(?m)^([! ])\d+ +", "$1[SEQ] "),
        (r"--before \d+", "--before [SEQ]"),
        (r"INC-\d{4}-", "INC-[YEAR]-"),
        (r"Sweep of \d{4}-\d{2}-\d{2}", "Sweep of [DATE]"),
        // Whether an entry is outside working hours depends on when the test runs.
        (r",OFF_HOURS\b", ""),
        (r"\[OFF_HOURS,", "["),
        (r"\[OFF_HOURS\] ", ""),
        (r"(?m) +$", ""),
    ];
    for (pattern, with) in patterns {
        s = regex::Regex::new(pattern)
            .expect("pattern")
            .replace_all(&s, with)
            .into_owned();
    }
    s
}

fn between(text: &str, before: &str, len: usize) -> String {
    let i = text
        .find(before)
        .unwrap_or_else(|| panic!("{before:?} not in {text}"))
        + before.len();
    text[i..i + len].to_string()
}

#[test]
fn a_scripted_day_prints_what_the_transcript_says() {
    assert!(
        !std::env::var("DBUS_SESSION_BUS_ADDRESS")
            .unwrap_or_default()
            .is_empty(),
        "needs a Secret Service: run inside scripts/with-keyring.sh (make test does)"
    );
    let mut t = Transcript {
        dir: tempfile::tempdir().unwrap(),
        out: String::new(),
    };
    let init = t.run(None, &["init", "--admin", "admin"], &[ADMIN_PW]);
    let code = init
        .lines()
        .find_map(|l| l.strip_prefix("    "))
        .expect("the recovery code on a line of its own")
        .to_string();
    t.run(None, &["init", "--admin", "admin"], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["user", "add", "hanna", "--role", "handlaggare"],
        &[ADMIN_PW, INITIAL],
    );
    t.run(
        Some("admin"),
        &["user", "add", "rut", "--role", "reception"],
        &[ADMIN_PW, INITIAL],
    );
    t.run(
        Some("admin"),
        &["user", "add", "gunnar", "--role", "granskare"],
        &[ADMIN_PW, INITIAL],
    );
    t.run(
        Some("admin"),
        &["user", "add", "x", "--role", "recovery"],
        &[ADMIN_PW, INITIAL],
    );
    t.run(Some("hanna"), &["login"], &["fel lösenord"]);
    let hanna = t.run(Some("hanna"), &["login"], &[INITIAL, HANNA_PW]);
    let hanna_fp = between(&hanna, "fingerprint ", 14);
    t.run(Some("hanna"), &["person", "add"], &[HANNA_PW, PERSON]);
    t.run(
        None,
        &[
            "access",
            "grant",
            "hanna",
            "--recovery",
            "--fingerprint",
            "AAAA-BBBB-CCCC",
        ],
        &[&code],
    );
    t.run(
        None,
        &[
            "access",
            "grant",
            "hanna",
            "--recovery",
            "--fingerprint",
            &hanna_fp,
        ],
        &[&code],
    );
    let rut = t.run(Some("rut"), &["login"], &[INITIAL, RUT_PW]);
    let rut_fp = between(&rut, "fingerprint ", 14);
    t.run(Some("hanna"), &["access", "pending"], &[HANNA_PW]);
    t.run(
        Some("hanna"),
        &["access", "grant", "rut", "--fingerprint", &rut_fp],
        &[HANNA_PW],
    );
    t.run(Some("gunnar"), &["login"], &[INITIAL, GUNNAR_PW]);
    let added = t.run(Some("hanna"), &["person", "add"], &[HANNA_PW, PERSON]);
    let person = added.trim().to_string();
    t.run(Some("hanna"), &["person", "add"], &[HANNA_PW, PERSON]);
    t.run(
        Some("hanna"),
        &["person", "add"],
        &[HANNA_PW, r#"{"name": "X", "postcode": "12"}"#],
    );
    t.run(Some("hanna"), &["person", "find"], &[HANNA_PW, "åsa"]);
    t.run(Some("hanna"), &["person", "mine"], &[HANNA_PW]);
    t.run(
        Some("hanna"),
        &["person", "note", &person],
        &[HANNA_PW, "Samtal om boendet, ny tid bokad"],
    );
    t.run(
        Some("hanna"),
        &["person", "note", &person, "--corrects", "1"],
        &[HANNA_PW, "Rättelse: tiden gäller nästa vecka"],
    );
    t.run(
        Some("hanna"),
        &["person", "journal", &person, "--purpose", "handlaggning"],
        &[HANNA_PW],
    );
    // A data-subject access request, in the order the steps come.
    let opened = t.run(
        Some("hanna"),
        &[
            "--json",
            "request",
            "open",
            &person,
            "--type",
            "access",
            "--received",
            "2026-11-24",
        ],
        &[HANNA_PW],
    );
    let request: serde_json::Value = serde_json::from_str(&opened).unwrap();
    let id = request["id"].as_str().unwrap().to_string();
    t.run(
        Some("hanna"),
        &["request", "close", &id, "--outcome", "completed"],
        &[HANNA_PW],
    );
    t.run(
        Some("hanna"),
        &["request", "verify", &id, "--how", "known-to-staff"],
        &[HANNA_PW],
    );
    let tmp_out = format!("{}/utdrag.pdf", std::env::temp_dir().display());
    t.run(
        Some("hanna"),
        &["extract", &id, "--format", "pdf", "--out", "utdrag.pdf"],
        &[HANNA_PW],
    );
    t.run(
        Some("hanna"),
        &[
            "harm-assessment",
            &person,
            "--request",
            &id,
            "--outcome",
            "partial",
        ],
        &[HANNA_PW, "Lämnas ut vid besök; kontaktpersoner utelämnas"],
    );
    t.run(
        Some("hanna"),
        &["extract", &id, "--format", "pdf", "--out", &tmp_out],
        &[HANNA_PW],
    );
    t.run(Some("hanna"), &["rights", &person], &[HANNA_PW]);
    t.run(
        Some("hanna"),
        &["request", "verify", "P-0000-0000-0000-B1"],
        &[HANNA_PW],
    );
    t.run(
        Some("hanna"),
        &["person", "find"],
        &[HANNA_PW, "850709-9805"],
    );
    t.run(Some("hanna"), &["person", "show", &person], &[HANNA_PW]);
    t.run(
        Some("hanna"),
        &[
            "person",
            "reveal",
            &person,
            "address",
            "--purpose",
            "kontakt",
        ],
        &[HANNA_PW],
    );
    t.run(
        Some("hanna"),
        &[
            "person",
            "reveal",
            &person,
            "health",
            "--purpose",
            "kontakt",
        ],
        &[HANNA_PW],
    );
    t.run(
        Some("hanna"),
        &[
            "person",
            "reveal",
            &person,
            "phone",
            "--purpose",
            "kontakt",
            "--note",
        ],
        &[HANNA_PW, "ringa tillbaka"],
    );
    t.run(
        Some("hanna"),
        &["person", "edit", &person],
        &[HANNA_PW, r#"{"notes": "Samtal om boende"}"#],
    );
    t.run(
        Some("hanna"),
        &["person", "show", "P-0000-0000-0000"],
        &[HANNA_PW],
    );
    t.run(
        Some("hanna"),
        &["emergency-access", &person],
        &[HANNA_PW, "Akut läge: personen ringer nu"],
    );
    t.run(
        Some("hanna"),
        &["emergency-access", "850709-9805"],
        &[HANNA_PW],
    );
    t.run(Some("rut"), &["lookup"], &[RUT_PW, "850709-9805"]);
    t.run(Some("rut"), &["lookup"], &[RUT_PW, "850709-9806"]);
    t.run(Some("rut"), &["lookup"], &[RUT_PW, "Åsa Lindqvist, 1985"]);
    t.run(Some("rut"), &["lookup", "850709-9805"], &[RUT_PW]);
    t.run(Some("rut"), &["person", "find"], &[RUT_PW, "åsa"]);
    t.run(Some("admin"), &["person", "show", &person], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["assign", &person, "--handler", "rut"],
        &[ADMIN_PW],
    );
    t.run(
        Some("admin"),
        &["assign", &person, "--handler", "hanna"],
        &[ADMIN_PW],
    );
    t.run(Some("admin"), &["user", "list"], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["user", "details", "hanna"],
        &[
            ADMIN_PW,
            r#"{"display_name": "Hanna Handläggare", "unit": "Socialtjänsten", "phone": "08-123 45 67"}"#,
        ],
    );
    t.run(
        Some("admin"),
        &["user", "details", "hanna"],
        &[ADMIN_PW, r#"{"phone": "ring mig"}"#],
    );
    t.run(Some("rut"), &["lookup"], &[RUT_PW, "850709-9805"]);
    t.run(
        Some("admin"),
        &["unassign", &person, "--handler", "hanna"],
        &[ADMIN_PW],
    );
    t.run(Some("admin"), &["user", "assignments"], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["user", "reassign", "--from", "hanna", "--to", "hanna"],
        &[ADMIN_PW],
    );
    t.run(Some("admin"), &["settings", "show"], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["settings", "set", "idle-lock-minutes", "10"],
        &[ADMIN_PW],
    );
    t.run(
        Some("admin"),
        &["settings", "set", "idle-lock-minutes", "0"],
        &[ADMIN_PW],
    );
    t.run(Some("hanna"), &["settings", "show"], &[HANNA_PW]);
    t.run(
        Some("gunnar"),
        &["log", "list", "--limit", "3"],
        &[GUNNAR_PW],
    );
    t.run(
        Some("gunnar"),
        &["log", "list", "--flagged", "--limit", "3"],
        &[GUNNAR_PW],
    );
    t.run(Some("gunnar"), &["log", "verify"], &[GUNNAR_PW]);
    // The incident register: the reviewer opens, the administrator manages, a handler is refused.
    t.run(
        Some("gunnar"),
        &["incident", "open"],
        &[
            GUNNAR_PW,
            r#"{"cause": "Utskrift lämnad i skrivaren", "kinds": ["confidentiality"]}"#,
        ],
    );
    let id = format!(
        "INC-{}-001",
        skyddsvalv::calendar::swedish_time(skyddsvalv::time::now_utc()).year()
    );
    t.run(
        Some("admin"),
        &["incident", "update", &id],
        &[ADMIN_PW, r#"{"severity": "low", "approx_persons": 1}"#],
    );
    t.run(Some("gunnar"), &["incident", "list"], &[GUNNAR_PW]);
    t.run(Some("hanna"), &["incident", "list"], &[HANNA_PW]);
    // The sweep: nothing registered today is due; nothing to propose; the administrator reads lists.
    t.run(Some("hanna"), &["retention", "due"], &[HANNA_PW]);
    t.run(Some("hanna"), &["retention", "propose"], &[HANNA_PW]);
    t.run(Some("admin"), &["retention", "destructions"], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["retention", "approve", "GALL-1"],
        &[ADMIN_PW],
    );
    t.run(Some("admin"), &["access", "pending"], &[ADMIN_PW]);
    t.run(
        Some("admin"),
        &["user", "reset-password", "gunnar"],
        &[ADMIN_PW, INITIAL],
    );
    t.run(Some("admin"), &["user", "unlock", "gunnar"], &[ADMIN_PW]);
    t.run(Some("admin"), &["user", "disable", "admin"], &[ADMIN_PW]);
    t.run(Some("admin"), &["user", "disable", "rut"], &[ADMIN_PW]);
    t.run(Some("rut"), &["lookup"], &[RUT_PW, "850709-9805"]);
    t.run(Some("hanna"), &["access", "revoke", "gunnar"], &[HANNA_PW]);
    t.run(Some("hanna"), &["access", "fingerprint"], &[HANNA_PW]);
    t.run(
        Some("hanna"),
        &["passwd"],
        &[HANNA_PW, "Hannas-Nya-Lösen-Kantarell-55"],
    );
    // A participant list from a spreadsheet: the dry run names the bad row, then it is left out.
    let list = format!("{}-lista.csv", t.dir.path().join("vault").display());
    std::fs::write(
        &list,
        "Namn;Personnummer;Postnummer;Skydd\n\
         Ada Importsson;19700101-1233;12345;sekretessmarkering\n\
         Bea Importsson;19700101-1234;12345;\n\
         Cid Importsson;19720202-2222;1234;okänt\n",
    )
    .unwrap();
    const HANNA_PW2: &str = "Hannas-Nya-Lösen-Kantarell-55";
    t.run(Some("hanna"), &["import", &list], &[HANNA_PW2]);
    t.run(Some("hanna"), &["import", &list, "--commit"], &[HANNA_PW2]);
    t.run(
        Some("hanna"),
        &[
            "import",
            &list,
            "--exclude",
            "3",
            "--exclude",
            "4",
            "--commit",
        ],
        &[HANNA_PW2],
    );
    // A file that is no destruction certificate: the check says why, with exit 1.
    t.run(
        Some("admin"),
        &["retention", "check-certificate", &list],
        &[ADMIN_PW],
    );
    t.run(None, &["doctor"], &[]);
    t.run(
        Some("hanna"),
        &["doctor"],
        &["Hannas-Nya-Lösen-Kantarell-55"],
    );
    t.run(None, &["migrate"], &[&code]);
    t.run(Some("admin"), &["recover"], &["0000-0000", ADMIN_PW]);
    // A new recovery code, the admin with a case handler; the old code opens nothing afterwards.
    t.run(
        Some("admin"),
        &["rotate-recovery-code", "--handler", "hanna"],
        &[ADMIN_PW, "Hannas-Nya-Lösen-Kantarell-55"],
    );
    t.run(None, &["access", "pending", "--recovery"], &[&code]);

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli-transcript.txt");
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::write(&path, &t.out).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .expect("tests/cli-transcript.txt (SNAPSHOTS=overwrite writes it)");
    if want != t.out {
        let first = want
            .lines()
            .zip(t.out.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(t.out.lines().count()));
        panic!(
            "the CLI's output differs from tests/cli-transcript.txt at line {}:\n  want: {:?}\n  got:  {:?}\n\
             (regenerate with SNAPSHOTS=overwrite after an intended change)",
            first + 1,
            want.lines().nth(first),
            t.out.lines().nth(first)
        );
    }
}
