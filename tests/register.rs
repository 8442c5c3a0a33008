//! The register of processing activities (art. 30) from the vault's own configuration: the demo
//! vault's register as CSV is a golden file (Swedish, `SAKNAS` where nothing is recorded, the
//! security measures written from the vault's settings), the PDF's extracted text has points a–g,
//! a change of the register is flagged as an administrative change, and a handler is refused.
//! `UPDATE_GOLDEN=1` rewrites the golden file after an intended change.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use skyddsvalv::audit::LogFilter;
use skyddsvalv::crypto::KdfParams;
use skyddsvalv::duties::register::RegisterFormat;
use skyddsvalv::{DeviceSecrets, ErrorCode, Vault};

const GOLDEN: &str = "tests/data/register/demo-register.csv";

fn out_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).expect("HOME");
    let dir = home
        .join(".cache/skyddsvalv-test-reports")
        .join(format!("register-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_demo_vaults_register_is_the_golden_file_and_its_pdf_has_points_a_to_g() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let device = Arc::new(DeviceSecrets::mock());
    let demo = skyddsvalv::demo::create(&dir, Arc::clone(&device), KdfParams::MINIMUM, 3).unwrap();
    let vault = Vault::open(&dir, device).unwrap();
    let login = |name: &str| demo.login(&vault, name).unwrap();
    let out = out_dir();
    let mut a = login("admin");
    let csv_path = out.join("register.csv");
    a.write_register(RegisterFormat::Csv, &csv_path).unwrap();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all("tests/data/register").unwrap();
        std::fs::write(GOLDEN, &csv).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("the golden file is in the repository");
    assert_eq!(
        csv, golden,
        "the demo register changed; UPDATE_GOLDEN=1 if intended"
    );
    assert!(csv.contains("SAKNAS") && csv.contains("g_sakerhetsatgarder"));

    let pdf_path = out.join("register.pdf");
    a.write_register(RegisterFormat::Pdf, &pdf_path).unwrap();
    let text = common::pdf_text(&pdf_path);
    for needle in [
        "Registerförteckning",
        "a) Personuppgiftsansvarig",
        "g) Tekniska och organisatoriska",
        "Socialnämnden i Exempelkommun",
        "SAKNAS",
        "SQLCipher",
    ] {
        assert!(text.contains(needle), "{needle} in the PDF:\n{text}");
    }

    // A change is logged and flagged as an administrative change; a handler cannot make one.
    a.set_register(r#"[{"name": "Ny aktivitet", "retention": "Fem år efter sista anteckning"}]"#)
        .unwrap();
    a.lock().unwrap();
    let mut h = login("hanna");
    assert_eq!(h.set_register("[]").unwrap_err().code(), ErrorCode::Denied);
    h.lock().unwrap();
    let mut g = login("gunnar");
    let changes = g
        .review_log(&LogFilter {
            action: Some("register_changed".into()),
            ..Default::default()
        })
        .unwrap();
    let allowed: Vec<_> = changes
        .entries
        .iter()
        .filter(|e| e.entry.outcome == "allowed")
        .collect();
    assert_eq!(allowed.len(), 2, "the demo's own and this one");
    assert!(allowed
        .iter()
        .all(|e| e.flags.contains(&skyddsvalv::audit::FlagCode::AdminChange)));
    std::fs::remove_dir_all(&out).unwrap();
}
