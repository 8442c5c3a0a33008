//! Signed log bundles verified with nothing but the file and the signer's verifier key. Each failure a
//! verifier must tell apart is a fixture here — an edited byte, a deleted entry, a truncated tail
//! against the head already seen, a gap and an overlap between consecutive bundles, a wrong and an
//! unknown key, a replayed older bundle — each with its own exit code; and a bundle exported from a
//! real vault is copied to an empty directory and verified there by the CLI with no vault, no
//! keyring and no environment.

mod common;

use std::path::PathBuf;
use std::process::Command;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;
use skyddsvalv::audit::bundle::{self, BundleProblem, VerifierState};
use skyddsvalv::audit::note::NoteKey;
use skyddsvalv::audit::{Action, Entry, Outcome};

const BIN: &str = env!("CARGO_BIN_EXE_skyddsvalv");
const VAULT: &str = "0f0f0f0f-test-vault";

/// Entries 1..=n of a valid chain.
fn chain(n: u64) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for seq in 1..=n {
        let mut e = Entry {
            seq,
            at: format!("2026-11-24T09:{:02}:{:02}.000Z", seq / 60, seq % 60),
            actor: if seq % 2 == 0 { "anna" } else { "bertil" }.into(),
            role: "handlaggare".into(),
            action: Action::PersonViewed.as_str().into(),
            person_ref: Some(format!("P-{seq:04}")),
            fields: vec!["address".into(), "phone".into()],
            purpose: Some("handlaggning".into()),
            term_hash: None,
            detail: None,
            outcome: Outcome::Allowed.as_str().into(),
            flagged: false,
            prev_hash: out.last().map(|p| p.hash.clone()).unwrap_or(vec![0; 32]),
            hash: Vec::new(),
        };
        let joined = e.fields_joined();
        e.hash = e.as_ref(&joined).expected_hash().to_vec();
        out.push(e);
    }
    out
}

struct Signer {
    key: NoteKey,
    signing: SigningKey,
}

fn signer(seed: u8) -> Signer {
    let signing = SigningKey::from_bytes(&[seed; 32]);
    Signer {
        key: NoteKey::new(
            "skyddsvalv/test/granskare",
            signing.verifying_key().to_bytes(),
        )
        .unwrap(),
        signing,
    }
}

/// Entries `from..=to` of `log` as a bundle made at `at`.
fn bundle_of(log: &[Entry], from: u64, to: u64, at: &str, s: &Signer) -> Vec<u8> {
    let part = &log[(from - 1) as usize..to as usize];
    let before = if from == 1 {
        vec![0; 32]
    } else {
        log[(from - 2) as usize].hash.clone()
    };
    let b = bundle::build(VAULT, part, &before, at, &s.key, &s.signing, None);
    serde_json::to_vec(&b).unwrap()
}

const T1: &str = "2026-11-25T08:00:00.000Z";
const T2: &str = "2026-11-26T08:00:00.000Z";
const T3: &str = "2026-11-27T08:00:00.000Z";

fn problem(bytes: &[u8], trusted: &[NoteKey], state: &mut VerifierState) -> Option<BundleProblem> {
    bundle::verify(bytes, trusted, state)
        .err()
        .map(|f| f.problem)
}

#[test]
fn a_bundle_holds_and_moves_the_verifiers_head() {
    let log = chain(10);
    let s = signer(1);
    let mut state = VerifierState::default();
    let v = bundle::verify(
        &bundle_of(&log, 1, 10, T1, &s),
        std::slice::from_ref(&s.key),
        &mut state,
    )
    .unwrap();
    assert_eq!(
        (v.manifest.first_seq, v.manifest.last_seq, v.manifest.count),
        (1, 10, 10)
    );
    assert_eq!(state.vaults[VAULT].last_seq, 10);
    // The next one continues it.
    let log = chain(20);
    bundle::verify(
        &bundle_of(&log, 11, 20, T2, &s),
        std::slice::from_ref(&s.key),
        &mut state,
    )
    .unwrap();
    assert_eq!(state.vaults[VAULT].last_seq, 20);
}

#[test]
fn an_edited_byte_is_reported_as_altered() {
    let log = chain(10);
    let s = signer(1);
    let good = bundle_of(&log, 1, 10, T1, &s);
    // One byte of an entry's actor, inside its canonical encoding.
    let mut v: serde_json::Value = serde_json::from_slice(&good).unwrap();
    let mut bytes = B64.decode(v["entries"][4].as_str().unwrap()).unwrap();
    let at = bytes.windows(6).position(|w| w == b"bertil").unwrap();
    bytes[at + 1] ^= 0x01;
    v["entries"][4] = B64.encode(&bytes).into();
    let f = bundle::verify(
        &serde_json::to_vec(&v).unwrap(),
        std::slice::from_ref(&s.key),
        &mut VerifierState::default(),
    )
    .unwrap_err();
    assert_eq!(f.problem, BundleProblem::Altered, "an entry's actor");
    // The entry's hash no longer matches what the next one links to.
    assert_eq!(f.seq, Some(6));
    let mut bad = good.clone();
    flip_in_first_entry(&mut bad);
    assert_eq!(
        problem(
            &bad,
            std::slice::from_ref(&s.key),
            &mut VerifierState::default()
        ),
        Some(BundleProblem::Altered),
        "a byte of the file"
    );
    // The manifest's count, and a byte that breaks the file's syntax.
    let text = String::from_utf8(good.clone()).unwrap();
    let count = text.replace("\"count\":10", "\"count\":11");
    assert_eq!(
        problem(
            count.as_bytes(),
            std::slice::from_ref(&s.key),
            &mut VerifierState::default()
        ),
        Some(BundleProblem::Altered)
    );
    let mut broken = good;
    broken[0] = b'[';
    assert_eq!(
        problem(
            &broken,
            std::slice::from_ref(&s.key),
            &mut VerifierState::default()
        ),
        Some(BundleProblem::Altered)
    );
}

#[test]
fn a_deleted_entry_is_reported_as_missing() {
    let log = chain(10);
    let s = signer(1);
    let good = bundle_of(&log, 1, 10, T1, &s);
    for index in [3usize, 9] {
        let mut v: serde_json::Value = serde_json::from_slice(&good).unwrap();
        v["entries"].as_array_mut().unwrap().remove(index);
        let bad = serde_json::to_vec(&v).unwrap();
        let f = bundle::verify(
            &bad,
            std::slice::from_ref(&s.key),
            &mut VerifierState::default(),
        )
        .unwrap_err();
        assert_eq!(
            f.problem,
            BundleProblem::EntryMissing,
            "entry {}",
            index + 1
        );
        assert_eq!(f.seq, Some(index as u64 + 1));
    }
}

#[test]
fn a_newer_bundle_that_ends_before_the_seen_head_is_a_truncated_tail() {
    let log = chain(10);
    let s = signer(1);
    let mut state = VerifierState::default();
    bundle::verify(
        &bundle_of(&log, 1, 10, T1, &s),
        std::slice::from_ref(&s.key),
        &mut state,
    )
    .unwrap();
    // A later export of a log cut back to entry 6.
    assert_eq!(
        problem(
            &bundle_of(&log, 1, 6, T2, &s),
            std::slice::from_ref(&s.key),
            &mut state
        ),
        Some(BundleProblem::Truncated)
    );
}

#[test]
fn gaps_and_overlaps_between_consecutive_bundles_are_told_apart() {
    let log = chain(30);
    let s = signer(1);
    let k = [s.key.clone()];
    let mut state = VerifierState::default();
    bundle::verify(&bundle_of(&log, 1, 10, T1, &s), &k, &mut state).unwrap();
    assert_eq!(
        problem(&bundle_of(&log, 13, 20, T2, &s), &k, &mut state.clone()),
        Some(BundleProblem::Gap)
    );
    assert_eq!(
        problem(&bundle_of(&log, 8, 20, T2, &s), &k, &mut state.clone()),
        Some(BundleProblem::Overlap)
    );
    bundle::verify(&bundle_of(&log, 11, 20, T2, &s), &k, &mut state).unwrap();
}

#[test]
fn a_wrong_or_unknown_key_is_refused() {
    let log = chain(5);
    let s = signer(1);
    let other = signer(2);
    let good = bundle_of(&log, 1, 5, T1, &s);
    assert_eq!(
        problem(
            &good,
            std::slice::from_ref(&other.key),
            &mut VerifierState::default()
        ),
        Some(BundleProblem::UnknownKey),
        "signed by a key the verifier does not trust"
    );
    // The right key's id, but the signature does not hold: the signed text was changed.
    let text = String::from_utf8(good).unwrap();
    let edited = text.replacen("\\n5\\n", "\\n6\\n", 1);
    assert_ne!(edited, text);
    assert_eq!(
        problem(
            edited.as_bytes(),
            std::slice::from_ref(&s.key),
            &mut VerifierState::default()
        ),
        Some(BundleProblem::BadSignature)
    );
    // Re-signed by an attacker who rewrote the entries: their key is not trusted.
    let mut forged = chain(5);
    forged[2].actor = "mallory".into();
    let forged = rehash(forged);
    assert_eq!(
        problem(
            &bundle_of(&forged, 1, 5, T1, &other),
            std::slice::from_ref(&s.key),
            &mut VerifierState::default()
        ),
        Some(BundleProblem::UnknownKey)
    );
}

/// Flips one byte of the file as written: inside the first entry's base64, in its domain part.
fn flip_in_first_entry(file: &mut [u8]) {
    let start = b"\"entries\":[\"";
    let at = file.windows(start.len()).position(|w| w == start).unwrap() + start.len() + 10;
    file[at] ^= 0x01;
}

fn rehash(mut log: Vec<Entry>) -> Vec<Entry> {
    let mut prev = vec![0u8; 32];
    for e in &mut log {
        e.prev_hash = prev.clone();
        let joined = e.fields_joined();
        e.hash = e.as_ref(&joined).expected_hash().to_vec();
        prev = e.hash.clone();
    }
    log
}

#[test]
fn an_older_bundle_shown_again_is_a_replay() {
    let log = chain(20);
    let s = signer(1);
    let k = [s.key.clone()];
    let mut state = VerifierState::default();
    let first = bundle_of(&log, 1, 10, T1, &s);
    bundle::verify(&first, &k, &mut state).unwrap();
    bundle::verify(&bundle_of(&log, 11, 20, T3, &s), &k, &mut state).unwrap();
    assert_eq!(
        problem(&first, &k, &mut state),
        Some(BundleProblem::Replayed)
    );
}

#[test]
fn every_problem_has_its_own_exit_code() {
    let mut codes: Vec<u8> = BundleProblem::ALL.iter().map(|p| p.exit_code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), BundleProblem::ALL.len());
    assert!(codes.iter().all(|&c| c > 2), "0, 1 and 2 are the CLI's own");
}

/// An empty directory outside the vault's world: the "second machine".
fn empty_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn run_alone(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .output()
        .unwrap()
}

#[test]
fn a_bundle_exported_from_a_vault_verifies_alone_in_an_empty_directory() {
    let world = common::World::new();
    let out_dir = home_dir("export");
    let file = out_dir.join("bundle.json");
    let mut g = world.login(common::GRANSKARE);
    let written = g.export_log_bundle(None, None, &file).expect("export");
    g.lock().unwrap();
    assert_eq!(written.manifest.first_seq, 1);

    let machine = empty_dir();
    let copy = machine.path().join("copy.json");
    std::fs::copy(&file, &copy).unwrap();
    drop(world); // the vault is gone
    let ok = run_alone(
        machine.path(),
        &[
            "log",
            "verify-bundle",
            "copy.json",
            "--key",
            &written.verifier_key,
        ],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("holds"));

    // The state file of the second machine: the same bundle again is a replay, exit 10.
    let with_state = |name: &str| {
        run_alone(
            machine.path(),
            &[
                "log",
                "verify-bundle",
                name,
                "--key",
                &written.verifier_key,
                "--state",
                "seen.json",
            ],
        )
    };
    assert!(with_state("copy.json").status.success());
    assert_eq!(with_state("copy.json").status.code(), Some(10));

    let mut bytes = std::fs::read(&copy).unwrap();
    flip_in_first_entry(&mut bytes);
    std::fs::write(machine.path().join("edited.json"), bytes).unwrap();
    let edited = run_alone(
        machine.path(),
        &[
            "log",
            "verify-bundle",
            "edited.json",
            "--key",
            &written.verifier_key,
        ],
    );
    assert_eq!(
        edited.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    let unknown = run_alone(
        machine.path(),
        &[
            "log",
            "verify-bundle",
            "copy.json",
            "--key",
            &signer(9).key.verifier_key(),
        ],
    );
    assert_eq!(unknown.status.code(), Some(9));
}

#[test]
fn bundles_of_two_workstations_merge_by_time_and_a_missing_period_is_flagged() {
    let s = signer(1);
    let a = chain(30);
    let mut b_log = chain(10);
    for e in &mut b_log {
        e.at = e.at.replace("09:", "10:");
    }
    let b_log = rehash(b_log);
    let dir = empty_dir();
    let write = |name: &str, bytes: Vec<u8>| {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    };
    write("a1.json", bundle_of(&a, 1, 10, T1, &s));
    write("a3.json", bundle_of(&a, 21, 30, T3, &s));
    let other = bundle::build(
        "1e1e1e1e-other",
        &b_log,
        &[0; 32],
        T1,
        &s.key,
        &s.signing,
        None,
    );
    write("b.json", serde_json::to_vec(&other).unwrap());
    let vkey = s.key.verifier_key();
    let out = run_alone(
        dir.path(),
        &[
            "log",
            "import-bundle",
            "a1.json",
            "b.json",
            "a3.json",
            "--key",
            &vkey,
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing = v["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["vault_id"], VAULT);
    assert_eq!(
        (
            missing[0]["after_seq"].as_u64(),
            missing[0]["before_seq"].as_u64()
        ),
        (Some(10), Some(21))
    );
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 30);
    let times: Vec<&str> = entries
        .iter()
        .map(|e| e["entry"]["at"].as_str().unwrap())
        .collect();
    assert_eq!(v["workstations"].as_array().unwrap().len(), 2);
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "merged by time");
}

/// A folder of the user's own (the core refuses temporary folders for files it writes).
fn home_dir(tag: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).expect("HOME");
    let dir = home
        .join(".cache/skyddsvalv-test-bundles")
        .join(format!("{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_app_imports_bundles_through_a_logged_operation_and_reports_a_refused_file() {
    let world = common::World::new();
    let out_dir = home_dir("import");
    let file = out_dir.join("ws1.json");
    let mut g = world.login(common::GRANSKARE);
    let written = g.export_log_bundle(None, None, &file).expect("export");
    let mut edited = std::fs::read(&file).unwrap();
    flip_in_first_entry(&mut edited);
    let bad = out_dir.join("edited.json");
    std::fs::write(&bad, edited).unwrap();

    let ok = g
        .import_log_bundles(
            std::slice::from_ref(&file),
            std::slice::from_ref(&written.verifier_key),
        )
        .unwrap();
    assert_eq!(ok.entries.len() as u64, written.manifest.count);
    assert!(ok.missing.is_empty() && ok.refused.is_empty());
    assert_eq!(ok.workstations, vec![written.manifest.vault_id.clone()]);

    let mixed = g
        .import_log_bundles(
            &[file.clone(), bad.clone()],
            std::slice::from_ref(&written.verifier_key),
        )
        .unwrap();
    assert_eq!(mixed.refused.len(), 1);
    assert_eq!(mixed.refused[0].problem, BundleProblem::Altered);
    assert!(mixed.refused[0].file.ends_with("edited.json"));

    let not_a_key = g.import_log_bundles(std::slice::from_ref(&file), &["no key".into()]);
    assert_eq!(
        not_a_key.unwrap_err().code(),
        skyddsvalv::ErrorCode::InvalidInput
    );
    let entries = g
        .view_log(&skyddsvalv::audit::LogFilter {
            action: Some("log_bundles_imported".into()),
            ..Default::default()
        })
        .unwrap();
    // Newest first: the refused key, the import with a refused file (flagged), the clean import.
    assert_eq!(entries.len(), 3);
    assert!(entries[1].flagged && !entries[2].flagged);
    g.lock().unwrap();
    let _ = std::fs::remove_dir_all(&out_dir);
}
