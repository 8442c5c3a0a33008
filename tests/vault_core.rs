//! Attacks on the vault core at library level: plaintext on disk, wrong secrets, edited and swapped
//! keyslots, damaged files, lockout, first login, recovery and the admin's powers.
//!
//! Every test uses the `keyring` crate's mock store (`DeviceSecrets::mock()`, each call a separate
//! keyring) and the cheapest Argon2id parameters DESIGN.md allows. Tests that need the raw database
//! connection are gated on the `test-support` feature, which `make test` enables.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::SecretString;
use serde_json::Value;
use skyddsvalv::crypto::{KdfParams, RecoveryCode};
use skyddsvalv::vault::keyslots::KeyslotFile;
use skyddsvalv::{DeviceSecrets, ErrorCode, FirstLogin, Login, Role, Session, Vault};
use unicode_normalization::UnicodeNormalization;

// Canary names and passwords: non-ASCII, unique, and never expected in any file of the vault.
const ADMIN: &str = "Åsa-Kanarie-Ø7";
const ADMIN_PW: &str = "Sjöfågel-Lösen-Æ1-admin";
const ADMIN_PW2: &str = "Nattuggla-Byte-Ñ8-admin";
const MARTA: &str = "Märta-Kanarie-Ü3";
const BJORN: &str = "Björn-Kanarie-Ð4";
const GRETA: &str = "Greta-Kanarie-Þ5";
const INITIAL_PW: &str = "Första-Startord-ß5-init";
const INITIAL_PW2: &str = "Andra-Startord-Ŋ2-init";
const CHOSEN_PW: &str = "Välj-Egetord-Œ6-eget";
const WRONG_PW: &str = "Fel-Gissning-Ĳ9-fel";

// ---------------------------------------------------------------------------------------------
// Helpers

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn store() -> Arc<DeviceSecrets> {
    Arc::new(DeviceSecrets::mock())
}

/// A new vault with `ADMIN` bound to `device`; returns the vault and its recovery code.
fn new_vault(dir: &Path, device: &Arc<DeviceSecrets>) -> (Vault, RecoveryCode) {
    let created = Vault::create(
        dir,
        ADMIN,
        &secret(ADMIN_PW),
        Arc::clone(device),
        KdfParams::MINIMUM,
    )
    .expect("create vault");
    (created.vault, created.recovery_code)
}

fn open(dir: &Path, device: &Arc<DeviceSecrets>) -> Vault {
    Vault::open(dir, Arc::clone(device)).expect("open vault")
}

/// Logs in and expects a ready session.
fn ready(vault: &Vault, user: &str, pw: &str) -> Session {
    match vault.login(user, &secret(pw)) {
        Ok(Login::Ready(s)) => s,
        Ok(Login::MustChangePassword(_)) => panic!("{user}: unexpectedly on an initial password"),
        Err(e) => panic!("{user}: login refused: {} ({e})", e.code()),
    }
}

/// Logs in and expects the first-login state.
fn first_login(vault: &Vault, user: &str, pw: &str) -> FirstLogin {
    match vault.login(user, &secret(pw)) {
        Ok(Login::MustChangePassword(f)) => f,
        Ok(Login::Ready(_)) => panic!("{user}: got a session on an initial password"),
        Err(e) => panic!("{user}: login refused: {} ({e})", e.code()),
    }
}

/// Logs in and expects a refusal; returns its code.
fn refused(vault: &Vault, user: &str, pw: &str) -> ErrorCode {
    match vault.login(user, &secret(pw)) {
        Ok(_) => panic!("{user}: login unexpectedly succeeded"),
        Err(e) => e.code(),
    }
}

/// Opens `dir` and logs in; returns the code of whichever step refused.
fn open_and_login_code(dir: &Path, device: &Arc<DeviceSecrets>, user: &str, pw: &str) -> ErrorCode {
    match Vault::open(dir, Arc::clone(device)) {
        Err(e) => e.code(),
        Ok(v) => refused(&v, user, pw),
    }
}

fn err_code<T>(r: skyddsvalv::Result<T>) -> ErrorCode {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code(),
    }
}

/// Adds a user as `ADMIN` and lets them choose `CHOSEN_PW` at first login through `device`.
fn add_active_user(
    dir: &Path,
    admin_device: &Arc<DeviceSecrets>,
    name: &str,
    role: Role,
    device: &Arc<DeviceSecrets>,
) {
    let mut admin = ready(&open(dir, admin_device), ADMIN, ADMIN_PW);
    admin
        .add_user(name, role, &secret(INITIAL_PW))
        .expect("add user");
    admin.lock().unwrap();
    let first = first_login(&open(dir, device), name, INITIAL_PW);
    first
        .choose_password(&secret(CHOSEN_PW))
        .expect("choose password")
        .lock()
        .unwrap();
}

fn keyslots_path(dir: &Path) -> PathBuf {
    dir.join("keyslots.json")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write_json(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

/// The index in `slots` of `user`'s slot.
fn slot_index(dir: &Path, user: &str) -> usize {
    let locator = KeyslotFile::load(&keyslots_path(dir))
        .unwrap()
        .locator_for(user);
    read_json(&keyslots_path(dir))["slots"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["locator"] == locator.as_str())
        .unwrap_or_else(|| panic!("no slot for {user}"))
}

/// Flips one hex digit in the middle of a hex string.
fn flip_hex(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == '0' { '1' } else { '0' };
    chars.into_iter().collect()
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

// ---------------------------------------------------------------------------------------------
// No plaintext on disk

fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

/// Every form a canary could take on disk: as given, lower and upper case (user names are stored
/// case-folded), NFC and NFD; each in UTF-8, UTF-16LE and UTF-16BE.
fn needles(canary: &str) -> Vec<(String, Vec<u8>)> {
    let mut forms: Vec<String> = Vec::new();
    for base in [
        canary.to_string(),
        canary.to_lowercase(),
        canary.to_uppercase(),
    ] {
        for f in [
            base.nfc().collect::<String>(),
            base.nfd().collect::<String>(),
        ] {
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
    }
    let mut out = Vec::new();
    for f in forms {
        out.push((format!("{f:?} UTF-8"), f.as_bytes().to_vec()));
        out.push((format!("{f:?} UTF-16LE"), utf16(&f, false)));
        out.push((format!("{f:?} UTF-16BE"), utf16(&f, true)));
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Every (file, canary form) found in the files directly inside `dir`.
fn canaries_in(dir: &Path, canaries: &[&str]) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        for canary in canaries {
            for (label, needle) in needles(canary) {
                if contains(&bytes, &needle) {
                    hits.push(format!("{}: {label}", entry.file_name().to_string_lossy()));
                }
            }
        }
    }
    hits
}

#[test]
fn the_canary_search_finds_what_it_looks_for() {
    // Without this, a broken search would make the no-plaintext test pass vacuously.
    let dir = tempfile::tempdir().unwrap();
    for (i, (label, needle)) in needles(MARTA).into_iter().enumerate() {
        let mut bytes = b"padding before ".to_vec();
        bytes.extend_from_slice(&needle);
        bytes.extend_from_slice(b" and after");
        std::fs::write(dir.path().join(format!("scratch-{i}")), &bytes).unwrap();
        let hits = canaries_in(dir.path(), &[MARTA]);
        assert!(
            hits.iter()
                .any(|h| h.starts_with(&format!("scratch-{i}: "))),
            "the search missed {label}"
        );
    }
    assert!(
        needles(MARTA).len() >= 9,
        "case and encoding variants are searched"
    );
    assert!(
        needles(MARTA)
            .iter()
            .any(|(_, n)| n == &utf16("märta-kanarie-ü3", true)),
        "the case-folded name is searched in UTF-16BE"
    );
}

#[test]
fn no_name_password_or_recovery_code_reaches_the_vault_directory() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let admin_store = store();
    let marta_store = store();
    let (_, recovery) = new_vault(dir, &admin_store);
    let recovery_text = recovery.display().to_string();

    let mut admin = ready(&open(dir, &admin_store), ADMIN, ADMIN_PW);
    admin
        .add_user(MARTA, Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    admin
        .add_user(BJORN, Role::Reception, &secret(INITIAL_PW2))
        .unwrap();
    admin
        .add_user(GRETA, Role::Granskare, &secret(INITIAL_PW))
        .unwrap();
    admin
        .change_password(&secret(ADMIN_PW), &secret(ADMIN_PW2))
        .unwrap();
    admin.lock().unwrap();

    // A failed login fills the failed-login file; then the first login binds the slot.
    let vault = open(dir, &marta_store);
    assert_eq!(refused(&vault, MARTA, WRONG_PW), ErrorCode::WrongPassword);
    let first = first_login(&vault, MARTA, INITIAL_PW);
    let marta = first.choose_password(&secret(CHOSEN_PW)).unwrap();

    // While a session is open the WAL and SHM files exist: they must be clean too.
    let canaries = [
        ADMIN,
        MARTA,
        BJORN,
        GRETA,
        ADMIN_PW,
        ADMIN_PW2,
        INITIAL_PW,
        INITIAL_PW2,
        CHOSEN_PW,
        WRONG_PW,
        &recovery_text,
    ];
    let hits = canaries_in(dir, &canaries);
    assert!(hits.is_empty(), "plaintext with a session open: {hits:#?}");
    marta.lock().unwrap();

    let mut admin = ready(&open(dir, &admin_store), ADMIN, ADMIN_PW2);
    admin.unlock_user(BJORN).unwrap();
    admin.lock().unwrap();

    for name in [
        "vault.db",
        "keyslots.json",
        "attempts.json",
        "checkpoint.json",
    ] {
        assert!(dir.join(name).is_file(), "{name} should exist");
    }
    let hits = canaries_in(dir, &canaries);
    assert!(hits.is_empty(), "plaintext after locking: {hits:#?}");
}

// ---------------------------------------------------------------------------------------------
// Wrong secrets

#[test]
fn wrong_password_and_unknown_user_look_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let device = store();
    let (vault, _) = new_vault(dir.path(), &device);
    assert_eq!(refused(&vault, ADMIN, WRONG_PW), ErrorCode::WrongPassword);
    assert_eq!(
        refused(&vault, "Ingen-Sådan", ADMIN_PW),
        ErrorCode::WrongPassword
    );
    // The name is matched case-insensitively, so this is the admin with the right password.
    ready(&vault, &ADMIN.to_uppercase(), ADMIN_PW)
        .lock()
        .unwrap();
}

#[test]
fn another_keyring_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let device = store();
    let (vault, _) = new_vault(dir.path(), &device);

    // A keyring with no device secret for this vault.
    let empty = open(dir.path(), &store());
    assert_eq!(
        refused(&empty, ADMIN, ADMIN_PW),
        ErrorCode::DeviceSecretMissing
    );

    // A keyring holding a different secret under the same vault id.
    let other = store();
    other.get_or_create(vault.vault_id()).unwrap();
    let impostor = open(dir.path(), &other);
    let code = refused(&impostor, ADMIN, ADMIN_PW);
    assert!(
        matches!(
            code,
            ErrorCode::WrongPassword | ErrorCode::DeviceSecretMissing
        ),
        "a foreign device secret gave {code}"
    );

    // The real keyring still works.
    ready(&open(dir.path(), &device), ADMIN, ADMIN_PW)
        .lock()
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Edited, swapped and rolled-back keyslots

#[test]
fn an_edited_slot_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = store();
    new_vault(dir, &device);
    let original = read_json(&keyslots_path(dir));
    let i = slot_index(dir, ADMIN);

    type Edit = fn(&mut Value);
    let edits: [(&str, Edit); 6] = [
        ("wrapped", |s| {
            s["wrapped"] = flip_hex(s["wrapped"].as_str().unwrap()).into()
        }),
        ("salt", |s| {
            s["salt"] = flip_hex(s["salt"].as_str().unwrap()).into()
        }),
        ("nonce", |s| {
            s["nonce"] = flip_hex(s["nonce"].as_str().unwrap()).into()
        }),
        ("id", |s| {
            s["id"] = flip_hex(s["id"].as_str().unwrap()).into()
        }),
        ("kdf time_cost", |s| s["kdf"]["time_cost"] = 2.into()),
        ("binding", |s| s["binding"] = "unbound".into()),
    ];
    for (what, edit) in edits {
        let mut file = original.clone();
        edit(&mut file["slots"][i]);
        write_json(&keyslots_path(dir), &file);
        let _ = std::fs::remove_file(dir.join("attempts.json"));
        let code = open_and_login_code(dir, &device, ADMIN, ADMIN_PW);
        assert!(
            matches!(code, ErrorCode::WrongPassword | ErrorCode::SlotTampered),
            "editing the slot's {what} gave {code}"
        );
    }

    // The untouched file still opens: the refusals above were the edits' doing.
    write_json(&keyslots_path(dir), &original);
    ready(&open(dir, &device), ADMIN, ADMIN_PW).lock().unwrap();
}

#[test]
fn swapped_slots_are_refused_for_both_users() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = store();
    new_vault(dir, &device);
    add_active_user(dir, &device, MARTA, Role::Handlaggare, &device);
    // Both users can log in before the swap.
    ready(&open(dir, &device), MARTA, CHOSEN_PW).lock().unwrap();

    let mut file = read_json(&keyslots_path(dir));
    let (a, m) = (slot_index(dir, ADMIN), slot_index(dir, MARTA));
    let admin_locator = file["slots"][a]["locator"].clone();
    file["slots"][a]["locator"] = file["slots"][m]["locator"].clone();
    file["slots"][m]["locator"] = admin_locator;
    write_json(&keyslots_path(dir), &file);

    let vault = open(dir, &device);
    for (user, pw) in [(ADMIN, ADMIN_PW), (MARTA, CHOSEN_PW)] {
        let code = refused(&vault, user, pw);
        assert!(
            matches!(code, ErrorCode::WrongPassword | ErrorCode::SlotTampered),
            "{user} with a swapped slot gave {code}"
        );
    }
}

#[test]
fn an_older_slot_put_back_after_a_password_change_is_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = store();
    new_vault(dir, &device);
    let i = slot_index(dir, ADMIN);
    let old_slot = read_json(&keyslots_path(dir))["slots"][i].clone();

    let mut s = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    s.change_password(&secret(ADMIN_PW), &secret(ADMIN_PW2))
        .unwrap();
    s.lock().unwrap();

    let mut file = read_json(&keyslots_path(dir));
    let i = slot_index(dir, ADMIN);
    file["slots"][i] = old_slot;
    write_json(&keyslots_path(dir), &file);

    // The old slot still opens with the old password, but the vault recorded the new one.
    let vault = open(dir, &device);
    assert_eq!(refused(&vault, ADMIN, ADMIN_PW), ErrorCode::SlotTampered);
    // With the new password the old slot simply does not open.
    assert_eq!(refused(&vault, ADMIN, ADMIN_PW2), ErrorCode::WrongPassword);
}

#[test]
fn a_changed_password_works_at_once_on_the_same_vault_object() {
    // A desktop app keeps one `Vault` open for hours: it must see slot changes made meanwhile.
    let dir = tempfile::tempdir().unwrap();
    let device = store();
    let (vault, _) = new_vault(dir.path(), &device);
    let mut s = ready(&vault, ADMIN, ADMIN_PW);
    s.change_password(&secret(ADMIN_PW), &secret(ADMIN_PW2))
        .unwrap();
    s.add_user(MARTA, Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    s.lock().unwrap();
    assert_eq!(refused(&vault, ADMIN, ADMIN_PW), ErrorCode::WrongPassword);
    ready(&vault, ADMIN, ADMIN_PW2).lock().unwrap();
    let _ = first_login(&vault, MARTA, INITIAL_PW);
}

// ---------------------------------------------------------------------------------------------
// Damaged and foreign files

#[test]
fn damaged_files_are_reported_never_a_panic() {
    let template = tempfile::tempdir().unwrap();
    let device = store();
    new_vault(template.path(), &device);
    let db_len = std::fs::metadata(template.path().join("vault.db"))
        .unwrap()
        .len() as usize;
    assert!(db_len > 8192, "the template database has several pages");

    type Damage = Box<dyn Fn(&Path)>;
    let write = |name: &'static str, bytes: Vec<u8>| -> Damage {
        Box::new(move |d: &Path| std::fs::write(d.join(name), &bytes).unwrap())
    };
    let truncate = |len: usize| -> Damage {
        Box::new(move |d: &Path| {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(d.join("vault.db"))
                .unwrap();
            f.set_len(len as u64).unwrap();
        })
    };
    let remove = |name: &'static str| -> Damage {
        Box::new(move |d: &Path| std::fs::remove_file(d.join(name)).unwrap())
    };
    let garbage = |n: usize| (0..n).map(|i| (i * 7919 % 251) as u8).collect::<Vec<u8>>();
    let keyslots = std::fs::read(keyslots_path(template.path())).unwrap();

    let cases: Vec<(&str, Damage)> = vec![
        ("database truncated to half", truncate(db_len / 2)),
        ("database truncated inside the first page", truncate(1000)),
        ("database truncated to one page", truncate(4096)),
        ("zero-length database", truncate(0)),
        ("garbage database", write("vault.db", garbage(db_len))),
        ("missing database", remove("vault.db")),
        ("garbage keyslot file", write("keyslots.json", garbage(600))),
        (
            "truncated keyslot file",
            write("keyslots.json", keyslots[..keyslots.len() / 2].to_vec()),
        ),
        ("empty keyslot file", write("keyslots.json", Vec::new())),
        (
            "foreign JSON as keyslot file",
            write("keyslots.json", b"{\"slots\": []}".to_vec()),
        ),
        ("missing keyslot file", remove("keyslots.json")),
    ];
    for (what, damage) in cases {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(template.path(), dir.path());
        damage(dir.path());
        let code = open_and_login_code(dir.path(), &device, ADMIN, ADMIN_PW);
        assert!(
            matches!(code, ErrorCode::VaultDamaged | ErrorCode::NotAVault),
            "{what}: got {code}"
        );
    }

    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        open_and_login_code(empty.path(), &device, ADMIN, ADMIN_PW),
        ErrorCode::NotAVault
    );
    let missing = empty.path().join("no-such-dir");
    assert_eq!(
        open_and_login_code(&missing, &device, ADMIN, ADMIN_PW),
        ErrorCode::NotAVault
    );
}

#[test]
fn a_zero_length_database_is_not_silently_recreated() {
    let dir = tempfile::tempdir().unwrap();
    let device = store();
    new_vault(dir.path(), &device);
    std::fs::write(dir.path().join("vault.db"), b"").unwrap();
    let _ = open_and_login_code(dir.path(), &device, ADMIN, ADMIN_PW);
    assert_eq!(
        std::fs::metadata(dir.path().join("vault.db"))
            .unwrap()
            .len(),
        0,
        "a login wrote a fresh schema into the emptied database"
    );
}

#[test]
fn a_keyslot_file_from_a_newer_version_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let device = store();
    new_vault(dir.path(), &device);
    let mut file = read_json(&keyslots_path(dir.path()));
    file["version"] = 99.into();
    write_json(&keyslots_path(dir.path()), &file);
    assert_eq!(
        err_code(Vault::open(dir.path(), Arc::clone(&device))),
        ErrorCode::NewerVaultVersion
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = store();
    let (vault, _) = new_vault(dir, &device);
    let mut s = ready(&vault, ADMIN, ADMIN_PW);
    s.raw_connection_for_tests()
        .pragma_update(None, "user_version", 99u32)
        .unwrap();
    s.lock().unwrap();

    let before = std::fs::read(dir.join("vault.db")).unwrap();
    assert_eq!(
        open_and_login_code(dir, &device, ADMIN, ADMIN_PW),
        ErrorCode::NewerVaultVersion
    );
    assert!(
        std::fs::read(dir.join("vault.db")).unwrap() == before,
        "the refused login changed the database file"
    );
    assert!(
        !dir.join("vault.db-wal").exists()
            || std::fs::metadata(dir.join("vault.db-wal")).unwrap().len() == 0
    );
}

// ---------------------------------------------------------------------------------------------
// Lockout

/// A vault whose lockout comes after 3 failures, with Märta active; returns the admin's store.
fn vault_with_lockout_after_3(dir: &Path) -> Arc<DeviceSecrets> {
    let device = store();
    new_vault(dir, &device);
    let mut admin = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    let settings = admin
        .change_setting(skyddsvalv::settings::SettingChange::parse("lockout-after", "3").unwrap())
        .unwrap();
    assert_eq!(settings.lockout_after, 3);
    admin.lock().unwrap();
    add_active_user(dir, &device, MARTA, Role::Handlaggare, &device);
    device
}

/// Fails three times for Märta; the third failure locks the account.
fn lock_out_marta(vault: &Vault) {
    assert_eq!(refused(vault, MARTA, WRONG_PW), ErrorCode::WrongPassword);
    assert_eq!(refused(vault, MARTA, WRONG_PW), ErrorCode::WrongPassword);
    assert_eq!(refused(vault, MARTA, WRONG_PW), ErrorCode::LockedOut);
}

#[test]
fn lockout_holds_across_a_restart_until_the_admin_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = vault_with_lockout_after_3(dir);
    let vault = open(dir, &device);
    lock_out_marta(&vault);
    assert_eq!(
        refused(&vault, MARTA, CHOSEN_PW),
        ErrorCode::LockedOut,
        "right password while locked"
    );

    // A new Vault object reads the failed-login file afresh, as after a restart.
    drop(vault);
    let vault = open(dir, &device);
    assert_eq!(
        refused(&vault, MARTA, CHOSEN_PW),
        ErrorCode::LockedOut,
        "after a restart"
    );

    // Other accounts are not affected; the admin unlocks.
    let mut admin = ready(&vault, ADMIN, ADMIN_PW);
    assert!(admin.unlock_user(MARTA).unwrap(), "the account was locked");
    admin.lock().unwrap();
    ready(&vault, MARTA, CHOSEN_PW).lock().unwrap();
}

#[test]
fn failed_logins_reach_the_access_log_at_the_next_unlock() {
    use skyddsvalv::audit::LogFilter;

    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = vault_with_lockout_after_3(dir);
    let vault = open(dir, &device);
    lock_out_marta(&vault);
    assert_eq!(refused(&vault, MARTA, CHOSEN_PW), ErrorCode::LockedOut);

    let admin = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    let filter = LogFilter {
        actor: Some(MARTA.to_string()),
        ..LogFilter::default()
    };
    let mut admin = admin;
    let entries = admin.raw_log_for_tests(&filter).unwrap();
    let count = |action: &str| entries.iter().filter(|e| e.action == action).count();
    assert_eq!(count("login_failed"), 3, "{entries:#?}");
    assert_eq!(count("locked_out"), 1, "{entries:#?}");
    assert_eq!(count("login_refused_locked"), 1, "{entries:#?}");
    assert!(
        entries
            .iter()
            .filter(|e| e.action != "login" && e.action != "lock" && e.action != "password_changed")
            .all(|e| e.flagged && e.outcome == "denied"),
        "failures are flagged denials: {entries:#?}"
    );
    admin.lock().unwrap();

    // Carried once, not again at the following login.
    let admin = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    let mut admin = admin;
    let again = admin.raw_log_for_tests(&filter).unwrap();
    assert_eq!(
        again.iter().filter(|e| e.action == "login_failed").count(),
        3
    );
    admin.lock().unwrap();
}

// ---------------------------------------------------------------------------------------------
// First login

#[test]
fn first_login_gives_no_session_until_a_new_password_binds_the_slot_to_that_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let admin_store = store();
    let marta_store = store(); // Märta's own OS account keyring
    new_vault(dir, &admin_store);
    let mut admin = ready(&open(dir, &admin_store), ADMIN, ADMIN_PW);
    admin
        .add_user(MARTA, Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    admin.lock().unwrap();

    let vault = open(dir, &marta_store);
    let first = first_login(&vault, MARTA, INITIAL_PW);
    assert_eq!(first.user_name(), MARTA);
    // Keeping the initial password is refused.
    assert_eq!(
        err_code(first.choose_password(&secret(INITIAL_PW))),
        ErrorCode::InvalidInput
    );
    let first = first_login(&vault, MARTA, INITIAL_PW);
    let s = first.choose_password(&secret(CHOSEN_PW)).unwrap();
    assert!(!s.user().must_change_password);
    assert_eq!(s.user().role, Role::Handlaggare);
    s.lock().unwrap();

    // Now only Märta's keyring opens her slot, and only with the new password.
    ready(&open(dir, &marta_store), MARTA, CHOSEN_PW)
        .lock()
        .unwrap();
    assert_eq!(
        refused(&open(dir, &marta_store), MARTA, INITIAL_PW),
        ErrorCode::WrongPassword
    );
    assert_eq!(
        refused(&open(dir, &store()), MARTA, CHOSEN_PW),
        ErrorCode::DeviceSecretMissing
    );
    let code = refused(&open(dir, &admin_store), MARTA, CHOSEN_PW);
    assert!(
        matches!(
            code,
            ErrorCode::WrongPassword | ErrorCode::DeviceSecretMissing
        ),
        "another OS account's keyring gave {code}"
    );

    // A reset puts the account back on an initial password, from any keyring.
    let mut admin = ready(&open(dir, &admin_store), ADMIN, ADMIN_PW);
    admin.reset_password(MARTA, &secret(INITIAL_PW2)).unwrap();
    admin.lock().unwrap();
    assert_eq!(
        refused(&open(dir, &marta_store), MARTA, CHOSEN_PW),
        ErrorCode::WrongPassword
    );
    let first = first_login(&open(dir, &store()), MARTA, INITIAL_PW2);
    assert_eq!(first.user_name(), MARTA);
}

// ---------------------------------------------------------------------------------------------
// Recovery

#[test]
fn a_copied_vault_opens_with_the_recovery_code_and_is_then_bound_to_the_new_keyring() {
    let original = tempfile::tempdir().unwrap();
    let device = store();
    let (vault, code) = new_vault(original.path(), &device);
    ready(&vault, ADMIN, ADMIN_PW).lock().unwrap();

    let copy = tempfile::tempdir().unwrap();
    copy_dir(original.path(), copy.path());
    let fresh = store();
    let moved = open(copy.path(), &fresh);
    assert_eq!(
        refused(&moved, ADMIN, ADMIN_PW),
        ErrorCode::DeviceSecretMissing
    );

    let wrong = RecoveryCode::parse(&"0".repeat(32)).unwrap();
    assert_eq!(
        err_code(moved.recover(&wrong, ADMIN, &secret(ADMIN_PW2))),
        ErrorCode::WrongRecoveryCode
    );
    // The code works as typed by a person: lower case, spaces instead of hyphens.
    let typed = RecoveryCode::parse(&code.display().to_lowercase().replace('-', " ")).unwrap();
    let s = moved.recover(&typed, ADMIN, &secret(ADMIN_PW2)).unwrap();
    assert_eq!(s.user().role, Role::Admin);
    s.lock().unwrap();

    ready(&open(copy.path(), &fresh), ADMIN, ADMIN_PW2)
        .lock()
        .unwrap();
    assert_eq!(
        refused(&open(copy.path(), &fresh), ADMIN, ADMIN_PW),
        ErrorCode::WrongPassword
    );
    // The original directory and keyring are untouched by the recovery of the copy.
    ready(&open(original.path(), &device), ADMIN, ADMIN_PW)
        .lock()
        .unwrap();
}

#[test]
fn recovery_is_only_for_an_active_admin() {
    let dir = tempfile::tempdir().unwrap();
    let device = store();
    let (_, code) = new_vault(dir.path(), &device);
    add_active_user(dir.path(), &device, MARTA, Role::Handlaggare, &device);
    let vault = open(dir.path(), &store());
    assert_eq!(
        err_code(vault.recover(&code, MARTA, &secret(ADMIN_PW2))),
        ErrorCode::UserNotFound
    );
    assert_eq!(
        err_code(vault.recover(&code, "Ingen-Sådan", &secret(ADMIN_PW2))),
        ErrorCode::UserNotFound
    );
}

// ---------------------------------------------------------------------------------------------
// Disabled accounts, the last admin, and admin operations by other roles

#[test]
fn a_disabled_user_cannot_log_in_and_the_last_admin_cannot_be_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = store();
    new_vault(dir, &device);
    add_active_user(dir, &device, MARTA, Role::Handlaggare, &device);

    let mut admin = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    admin.disable_user(MARTA).unwrap();
    assert_eq!(err_code(admin.disable_user(ADMIN)), ErrorCode::LastAdmin);
    admin.lock().unwrap();
    // The slot is gone: the old password opens nothing (the same answer as any wrong password).
    assert_eq!(
        refused(&open(dir, &device), MARTA, CHOSEN_PW),
        ErrorCode::WrongPassword
    );
    // The admin is still active.
    let mut admin = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    admin.enable_user(MARTA, &secret(INITIAL_PW2)).unwrap();
    admin.lock().unwrap();
    // Back on an initial password: the old one (and the old slot) are gone.
    assert_eq!(
        refused(&open(dir, &device), MARTA, CHOSEN_PW),
        ErrorCode::WrongPassword
    );
    match open(dir, &device)
        .login(MARTA, &secret(INITIAL_PW2))
        .unwrap()
    {
        Login::MustChangePassword(first) => first.choose_password(&secret(CHOSEN_PW)).unwrap(),
        Login::Ready(_) => panic!("no first login after re-enabling"),
    }
    .lock()
    .unwrap();
    ready(&open(dir, &device), MARTA, CHOSEN_PW).lock().unwrap();
}

#[test]
fn every_admin_operation_is_denied_to_the_other_roles() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let device = store();
    new_vault(dir, &device);
    let users = [
        (MARTA, Role::Handlaggare),
        (BJORN, Role::Reception),
        (GRETA, Role::Granskare),
    ];
    for (name, role) in users {
        add_active_user(dir, &device, name, role, &device);
    }
    for (name, role) in users {
        let mut s = ready(&open(dir, &device), name, CHOSEN_PW);
        let pw = secret(INITIAL_PW2);
        let results = [
            (
                "add_user",
                err_code(s.add_user("Intrång-Ny", Role::Admin, &pw)),
            ),
            ("list_users", err_code(s.list_users())),
            ("disable_user", err_code(s.disable_user(ADMIN))),
            ("enable_user", err_code(s.enable_user(ADMIN, &pw))),
            ("reset_password", err_code(s.reset_password(ADMIN, &pw))),
            ("unlock_user", err_code(s.unlock_user(ADMIN))),
            (
                "change_setting",
                err_code(s.change_setting(
                    skyddsvalv::settings::SettingChange::parse("lockout-after", "100").unwrap(),
                )),
            ),
        ];
        for (op, code) in results {
            assert_eq!(code, ErrorCode::Denied, "{op} as {role}");
        }
        s.lock().unwrap();
    }

    // Nothing changed: no new account, the admin is active and keeps the password.
    let mut admin = ready(&open(dir, &device), ADMIN, ADMIN_PW);
    let list = admin.list_users().unwrap();
    assert_eq!(list.len(), 4);
    assert!(list.iter().all(|u| !u.disabled));
    assert_eq!(admin.settings().unwrap().lockout_after, 10);
    admin.lock().unwrap();
}
