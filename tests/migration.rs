//! A vault written by the first format (`tests/data/v1-vault`, see its README) is migrated with the
//! recovery code: nothing is lost, the log chain continues and verifies, the plain records and the old
//! signing key are gone from every page, and everyone keeps their password. Needs `test-support`
//! (the fixture's keyring secret is put into a mock keyring standing in for its workstation).

mod common;

use std::path::Path;
use std::sync::Arc;

use common::attacker::{decrypted_pages, steal};
use common::scan::{contains, scan_bytes};
use common::{
    copy_dir, password_of, secret, Canaries, ADMIN, GRANSKARE, HANDLER, HANDLER2, RECEPTION,
};
use skyddsvalv::crypto::{Key32, RecoveryCode};
use skyddsvalv::records::Field;
use skyddsvalv::{DeviceSecrets, ErrorCode, Login, Session, Vault};

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    device: Arc<DeviceSecrets>,
    code: RecoveryCode,
    canary_ref: String,
    plain_ref: String,
}

fn fixture() -> Fixture {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v1-vault");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(src.join("fixture.json")).unwrap()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    copy_dir(&src, &dir);
    std::fs::remove_file(dir.join("fixture.json")).unwrap();
    std::fs::remove_file(dir.join("README.md")).unwrap();
    let device = Arc::new(DeviceSecrets::mock());
    let secret_bytes = hex::decode(meta["device_secret_hex"].as_str().unwrap()).unwrap();
    device
        .import_for_tests(
            meta["vault_id"].as_str().unwrap(),
            &Key32::from_slice(&secret_bytes).unwrap(),
        )
        .unwrap();
    Fixture {
        _tmp: tmp,
        dir,
        device,
        code: RecoveryCode::parse(meta["recovery_code"].as_str().unwrap()).unwrap(),
        canary_ref: meta["person_canary"].as_str().unwrap().into(),
        plain_ref: meta["person_plain"].as_str().unwrap().into(),
    }
}

fn vault(f: &Fixture) -> Vault {
    Vault::open(&f.dir, Arc::clone(&f.device)).unwrap()
}

fn login(f: &Fixture, user: &str) -> Session {
    match vault(f).login(user, &secret(&password_of(user))) {
        Ok(Login::Ready(s)) => s,
        Ok(Login::MustChangePassword(_)) => panic!("{user}: first login"),
        Err(e) => panic!("{user}: {} ({e})", e.code()),
    }
}

#[test]
fn a_first_format_vault_is_migrated_with_nothing_lost() {
    let f = fixture();
    let canary = Canaries::new("Migra", 42);
    // Before: the old format is recognised and refused until migrated.
    let e = match vault(&f).login(ADMIN, &secret(&password_of(ADMIN))) {
        Err(e) => e,
        Ok(_) => panic!("a first-format vault opened without migration"),
    };
    assert_eq!(e.code(), ErrorCode::MigrationRequired);
    // SQLCipher always hid the file itself; the first format's flaw was inside it.
    assert!(!contains(
        &std::fs::read(f.dir.join("vault.db")).unwrap(),
        canary.given.as_bytes()
    ));

    let report = vault(&f).migrate(&f.code).unwrap();
    assert_eq!(report.persons, 2);
    assert!(report.accounts_to_upgrade >= 5, "{report:?}");
    // A second run refuses: the vault is current.
    assert_eq!(
        vault(&f).migrate(&f.code).unwrap_err().code(),
        ErrorCode::InvalidInput
    );

    // Every account keeps its password; its slot is upgraded at this login.
    let mut g = login(&f, GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(
        v.holds(),
        "the chain continues and verifies across the migration: {v:?}"
    );
    let migrated = g
        .view_log(&skyddsvalv::audit::LogFilter {
            action: Some("vault_migrated".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(migrated.len(), 1, "the migration is itself logged");
    assert!(migrated[0].flagged);
    // The reveal made before the migration is still in the log.
    let reveals = g
        .view_log(&skyddsvalv::audit::LogFilter {
            action: Some("field_revealed".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(reveals
        .iter()
        .any(|e| e.person_ref.as_deref() == Some(f.canary_ref.as_str())));
    g.lock().unwrap();

    // Case handlers keep their password but wait for a grant by the recovery code.
    let mut h = login(&f, HANDLER);
    assert!(h.data_access().awaiting);
    assert_eq!(
        h.show_person(&f.canary_ref).unwrap_err().code(),
        ErrorCode::NoDataAccess
    );
    let fp = h.my_fingerprint();
    h.lock().unwrap();
    let mut recovery = vault(&f).recovery_session(&f.code).unwrap();
    recovery.grant_access(HANDLER, &fp).unwrap();
    recovery.lock().unwrap();
    let mut h = login(&f, HANDLER);
    for (field, want) in [
        (Field::Name, canary.full_name()),
        (Field::Address, canary.address.clone()),
        (Field::Health, canary.health.clone()),
    ] {
        let purpose = if field.is_art9() {
            "akut_skydd"
        } else {
            "kontakt"
        };
        assert_eq!(
            h.reveal_field(&f.canary_ref, field, purpose).unwrap().value,
            want
        );
    }
    // Search and the identity index were rebuilt blind.
    let hits = h.find_persons(&canary.given[..5]).unwrap();
    assert!(hits.hits.iter().any(|p| p.person_ref == f.canary_ref));
    assert_eq!(h.find_persons(&canary.identity).unwrap().hits.len(), 1);
    // The second handler's assignment survived.
    assert!(h
        .show_person(&f.canary_ref)
        .unwrap()
        .assigned_to
        .contains(&HANDLER2.to_string()));
    h.show_person(&f.plain_ref).unwrap();
    let rfp = {
        let r = login(&f, RECEPTION);
        let fp = r.my_fingerprint();
        r.lock().unwrap();
        fp
    };
    h.grant_access(RECEPTION, &rfp).unwrap();
    h.lock().unwrap();
    // The reception register was built: an exact lookup answers.
    let mut r = login(&f, RECEPTION);
    let a = r.lookup(&canary.identity).unwrap();
    assert!(a.found);
    r.lock().unwrap();

    // Nothing of the plain records or the old signing key is left on any page of the file or WAL,
    // as someone with the new database key reads them.
    let stolen = steal(
        &f.dir.join("keyslots.json"),
        &f.dir.join("vault.db"),
        GRANSKARE,
        &password_of(GRANSKARE),
        &f.device,
    )
    .unwrap();
    let pages = decrypted_pages(&f.dir.join("vault.db"), &stolen.db_keys[0].1);
    assert!(pages.len() > 10_000);
    let hits = scan_bytes("migrated", &pages, &canary.needles());
    assert!(hits.is_empty(), "{hits:?}");
    assert!(!contains(&pages, b"log_signing_key"));
    assert!(
        !contains(&pages, b"person_names"),
        "the plain name index is gone"
    );
}
