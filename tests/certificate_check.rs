//! A destruction certificate checked against the vault that is said to have written it, attacked by
//! an outsider's own program: a changed count, a certificate signed with a key the attacker made and
//! named after a real account, one claiming another vault, a PDF or any other file. Only the genuine
//! one holds, and it names the account that signed it.

mod common;

use std::path::{Path, PathBuf};

use common::{Canaries, World, ADMIN, GRANSKARE, HANDLER, HANDLER2};
use ed25519_dalek::SigningKey;
use skyddsvalv::audit::note::{self, NoteKey};
use skyddsvalv::duties::incident_form::IncidentFormat;
use skyddsvalv::duties::sweep::{Certificate, CertificateProblem};
use skyddsvalv::records::{PersonPatch, RetentionFacts};
use skyddsvalv::rights::Lang;
use skyddsvalv::session::open_certificate;
use skyddsvalv::ErrorCode;

const RULE: &str = r#"{"id": "avslutat-arende", "record_class": "Avslutade ärenden",
    "organiser": "municipal_board", "anchor": "matter_ended", "years": 5,
    "exceptions": ["legal_hold", "open_request"],
    "legal_source": "Gallras fem år efter att ärendet avslutades", "paragraph": null}"#;

fn dir() -> PathBuf {
    let d = PathBuf::from(std::env::var_os("HOME").expect("HOME"))
        .join(".cache/skyddsvalv-test-reports")
        .join(format!("certificate-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A vault where one file was erased by rule; returns the world and the signed JSON certificate.
fn erased_one(out: &Path) -> World {
    let world = World::new();
    let mut a = world.login(ADMIN);
    a.set_retention_rule(RULE).unwrap();
    a.lock().unwrap();
    let mut h = world.login(HANDLER);
    let person = h
        .create_person(Canaries::new("intyg", 61).record())
        .unwrap();
    let due = PersonPatch {
        // The canary record keeps its file until a later date; the test clears that duty.
        retain_until: Some(String::new()),
        retention: Some(RetentionFacts {
            rule: Some("avslutat-arende".into()),
            matter_ended: Some("2001-03-01".into()),
            exceptions: vec![],
        }),
        ..Default::default()
    };
    h.edit_person(&person, due).unwrap();
    let list = h.propose_destruction().unwrap();
    h.lock().unwrap();
    let mut h2 = world.login(HANDLER2);
    h2.approve_destruction(&list.id, |_| true).unwrap();
    h2.write_destruction_certificate(&list.id, IncidentFormat::Json, Lang::Sv, out)
        .unwrap();
    h2.write_destruction_certificate(
        &list.id,
        IncidentFormat::Pdf,
        Lang::Sv,
        &out.with_extension("pdf"),
    )
    .unwrap();
    world
}

/// The attacker's forgery: the certificate's text changed, then signed with a key of their own
/// under `key_name` (the real account's name, or another vault's).
fn forge(genuine: &str, key_name: &str, change: impl Fn(&mut Certificate)) -> String {
    let mut cert = open_certificate(genuine).unwrap();
    change(&mut cert);
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let verifier = NoteKey::new(key_name, key.verifying_key().to_bytes()).unwrap();
    cert.verifier_key = verifier.verifier_key();
    let body = serde_json::to_string_pretty(&cert).unwrap();
    note::sign(&format!("{body}\n"), key_name, &key)
}

fn check(world: &World, user: &str, file: &Path) -> skyddsvalv::session::CertificateCheck {
    world
        .login(user)
        .check_destruction_certificate(file)
        .unwrap()
}

#[test]
fn only_the_genuine_certificate_holds_and_it_names_its_signer() {
    let d = dir();
    let genuine_file = d.join("intyg.json");
    let world = erased_one(&genuine_file);
    let genuine = std::fs::read_to_string(&genuine_file).unwrap();

    for user in [ADMIN, GRANSKARE, HANDLER] {
        let c = check(&world, user, &genuine_file);
        assert!(c.holds, "{user}: {:?}", c.problem);
        assert_eq!(c.problem, None);
        assert_eq!(c.signer.as_deref(), Some(HANDLER2));
        assert_eq!(c.certificate.unwrap().persons_erased, 1);
    }

    let write = |name: &str, text: &str| {
        let f = d.join(name);
        std::fs::write(&f, text).unwrap();
        f
    };
    // A changed count, the signature left as it was.
    let tampered = genuine.replacen("\"persons_erased\": 1", "\"persons_erased\": 7", 1);
    assert_ne!(tampered, genuine);
    let c = check(&world, ADMIN, &write("andrad.json", &tampered));
    assert_eq!(c.problem, Some(CertificateProblem::BadSignature));
    assert!(!c.holds);

    // Re-signed with the attacker's own key, named exactly as the approver's key is named: the
    // signature holds under the key it names, so only the vault's accounts can tell.
    let real_name = NoteKey::parse(&open_certificate(&genuine).unwrap().verifier_key)
        .unwrap()
        .name;
    let forged = forge(&genuine, &real_name, |c| c.persons_erased = 7);
    assert!(
        open_certificate(&forged).is_ok(),
        "the forgery is well signed"
    );
    let c = check(&world, ADMIN, &write("forfalskad.json", &forged));
    assert_eq!(c.problem, Some(CertificateProblem::UnknownSigner));
    assert_eq!(c.signer, None);
    // Even with the true content: the key is not the account's.
    let copied = forge(&genuine, &real_name, |_| {});
    let c = check(&world, GRANSKARE, &write("kopierad.json", &copied));
    assert_eq!(c.problem, Some(CertificateProblem::UnknownSigner));

    // Claiming another vault.
    let other = forge(&genuine, "skyddsvalv/annat-valv/nyckel", |c| {
        c.vault_id = "annat-valv".into()
    });
    let c = check(&world, ADMIN, &write("annat.json", &other));
    assert_eq!(c.problem, Some(CertificateProblem::OtherVault));

    // The PDF, an empty file, a shell script: not a certificate to check.
    for f in [
        genuine_file.with_extension("pdf"),
        write("tom.json", ""),
        write("skript.json", "#!/bin/sh\n\nrm -rf /\n"),
    ] {
        let c = check(&world, ADMIN, &f);
        assert_eq!(c.problem, Some(CertificateProblem::Unreadable), "{f:?}");
        assert!(c.certificate.is_none());
    }

    // A file far larger than any certificate, and one that is not there: refused with a reason.
    let big = d.join("stor.json");
    std::fs::write(
        &big,
        vec![b' '; skyddsvalv::limits::CERTIFICATE_MAX_BYTES as usize + 1],
    )
    .unwrap();
    for f in [big, d.join("saknas.json")] {
        let e = world
            .login(ADMIN)
            .check_destruction_certificate(&f)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{f:?}");
    }
}
