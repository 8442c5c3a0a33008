//! After a recovery with the recovery code on a workstation whose keyring lost the vault's device
//! secret, the accounts bound to the lost keyring cannot log in here. They are told so
//! (`NEEDS_NEW_PASSWORD`, not "wrong password"), the administrator's list says which accounts need a
//! new one-time password, and a reset lets them in again. The tag that tells this is only a label: it
//! opens nothing.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{copy_dir, secret};
use serde_json::Value;
use skyddsvalv::crypto::{KdfParams, RecoveryCode};
use skyddsvalv::{DeviceSecrets, ErrorCode, Login, Role, Session, Vault};

const ADMIN: &str = "Åsa-Admin-Ø7";
const ADMIN_PW: &str = "Sjöfågel-Lösen-Æ1-admin";
const ADMIN_PW2: &str = "Nattuggla-Byte-Ñ8-admin";
const MARTA: &str = "Märta-Handläggare-Ü3";
const INITIAL_PW: &str = "Första-Startord-ß5-init";
const INITIAL_PW2: &str = "Andra-Startord-Ŋ2-init";
const CHOSEN_PW: &str = "Välj-Egetord-Œ6-eget";
const CHOSEN_PW2: &str = "Välj-Nyttord-Œ7-eget";

fn keyring() -> Arc<DeviceSecrets> {
    Arc::new(DeviceSecrets::mock())
}

fn open(dir: &Path, device: &Arc<DeviceSecrets>) -> Vault {
    Vault::open(dir, Arc::clone(device)).expect("open vault")
}

fn ready(vault: &Vault, user: &str, pw: &str) -> Session {
    match vault.login(user, &secret(pw)) {
        Ok(Login::Ready(s)) => s,
        Ok(Login::MustChangePassword(_)) => panic!("{user}: unexpectedly on an initial password"),
        Err(e) => panic!("{user}: login refused: {}", e.code()),
    }
}

fn refused(vault: &Vault, user: &str, pw: &str) -> ErrorCode {
    match vault.login(user, &secret(pw)) {
        Ok(_) => panic!("{user}: login unexpectedly succeeded"),
        Err(e) => e.code(),
    }
}

/// One OS account's keyring holds the admin and Märta (a shared workstation account, as at a
/// reception desk): both slots are bound to that keyring's device secret.
fn vault_with_marta(dir: &Path) -> (Arc<DeviceSecrets>, RecoveryCode) {
    let device = keyring();
    let created = Vault::create(
        dir,
        ADMIN,
        &secret(ADMIN_PW),
        Arc::clone(&device),
        KdfParams::MINIMUM,
    )
    .expect("create vault");
    let vault = created.vault;
    let mut admin = ready(&vault, ADMIN, ADMIN_PW);
    admin
        .add_user(MARTA, Role::Handlaggare, &secret(INITIAL_PW))
        .unwrap();
    admin.lock().unwrap();
    match vault.login(MARTA, &secret(INITIAL_PW)).unwrap() {
        Login::MustChangePassword(f) => f.choose_password(&secret(CHOSEN_PW)).unwrap(),
        Login::Ready(_) => panic!("no first login"),
    }
    .lock()
    .unwrap();
    (device, created.recovery_code)
}

/// (needs_new_password, failed_attempts) of `user` as the admin's list shows them.
fn listed(admin: &mut Session, user: &str) -> (bool, u32) {
    let row = admin
        .list_users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == user)
        .unwrap_or_else(|| panic!("{user} is not listed"));
    (row.needs_new_password, row.failed_attempts)
}

#[test]
fn after_a_recovery_on_a_new_keyring_the_others_are_told_and_listed_until_reset() {
    let original = tempfile::tempdir().unwrap();
    let (_, code) = vault_with_marta(original.path());
    // The vault moved to a workstation (or the keyring was lost): nothing in this keyring.
    let moved = tempfile::tempdir().unwrap();
    copy_dir(original.path(), moved.path());
    let here = keyring();
    let vault = open(moved.path(), &here);
    assert_eq!(
        refused(&vault, MARTA, CHOSEN_PW),
        ErrorCode::DeviceSecretMissing
    );

    let mut admin = vault.recover(&code, ADMIN, &secret(ADMIN_PW2)).unwrap();
    assert_eq!(listed(&mut admin, MARTA), (true, 0));
    assert_eq!(listed(&mut admin, ADMIN), (false, 0));
    admin.lock().unwrap();

    // Märta's right password is answered with what to do, however often: no password can open a
    // slot bound to the lost keyring here, so nothing counts as a failed attempt or locks her out.
    for _ in 0..7 {
        assert_eq!(
            refused(&open(moved.path(), &here), MARTA, CHOSEN_PW),
            ErrorCode::NeedsNewPassword
        );
    }
    let mut admin = ready(&open(moved.path(), &here), ADMIN, ADMIN_PW2);
    assert_eq!(listed(&mut admin, MARTA), (true, 0));

    // A one-time password from the admin lets her in, bound to this keyring; the mark goes.
    admin.reset_password(MARTA, &secret(INITIAL_PW2)).unwrap();
    assert!(
        !listed(&mut admin, MARTA).0,
        "the reset did not clear the mark"
    );
    admin.lock().unwrap();
    match open(moved.path(), &here)
        .login(MARTA, &secret(INITIAL_PW2))
        .unwrap()
    {
        Login::MustChangePassword(f) => f.choose_password(&secret(CHOSEN_PW2)).unwrap(),
        Login::Ready(_) => panic!("a reset gave a ready session"),
    }
    .lock()
    .unwrap();
    ready(&open(moved.path(), &here), MARTA, CHOSEN_PW2)
        .lock()
        .unwrap();
    let mut admin = ready(&open(moved.path(), &here), ADMIN, ADMIN_PW2);
    assert_eq!(listed(&mut admin, MARTA), (false, 0));
}

#[test]
fn a_recovery_that_keeps_the_keyring_marks_nobody() {
    // The admin forgot the password; the keyring is intact, so Märta's slot still opens here.
    let dir = tempfile::tempdir().unwrap();
    let (device, code) = vault_with_marta(dir.path());
    let mut admin = open(dir.path(), &device)
        .recover(&code, ADMIN, &secret(ADMIN_PW2))
        .unwrap();
    assert_eq!(listed(&mut admin, MARTA), (false, 0));
    admin.lock().unwrap();
    ready(&open(dir.path(), &device), MARTA, CHOSEN_PW)
        .lock()
        .unwrap();
}

#[test]
fn a_wrong_password_is_still_wrong_and_a_forged_tag_opens_nothing() {
    let original = tempfile::tempdir().unwrap();
    let (_, code) = vault_with_marta(original.path());
    let moved = tempfile::tempdir().unwrap();
    copy_dir(original.path(), moved.path());
    let here = keyring();
    open(moved.path(), &here)
        .recover(&code, ADMIN, &secret(ADMIN_PW2))
        .unwrap()
        .lock()
        .unwrap();

    // An attacker on this workstation copies the admin's (current) tag onto Märta's slot so her
    // login is tried against this keyring: the AEAD still refuses, as a wrong password, and counts.
    let path = moved.path().join("keyslots.json");
    let mut file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let slots = file["slots"].as_array_mut().unwrap();
    let tags: Vec<Value> = slots
        .iter()
        .map(|s| s["device_tag"].clone())
        .filter(Value::is_string)
        .collect();
    assert_eq!(tags.len(), 2, "both account slots carry a tag: {tags:?}");
    assert_ne!(
        tags[0], tags[1],
        "the recovery bound the admin to a new keyring"
    );
    for s in slots.iter_mut().filter(|s| s["device_tag"].is_string()) {
        let other = tags.iter().find(|t| **t != s["device_tag"]).unwrap();
        s["device_tag"] = other.clone();
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
    let vault = open(moved.path(), &here);
    let marta = refused(&vault, MARTA, CHOSEN_PW);
    assert_eq!(marta, ErrorCode::WrongPassword);
    // …and the admin, whose tag now names the lost keyring, is told to get a new password but is
    // not let in by any trick of the label either: the real slot still needs the real secret.
    assert_eq!(
        refused(&vault, ADMIN, ADMIN_PW2),
        ErrorCode::NeedsNewPassword
    );
}
