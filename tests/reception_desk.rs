//! The offline reception register through the public API: a handler exports it for one desk; the
//! decrypted register holds none of the vault's numbers or names; every refusal has its own code;
//! one number in every form, a samordningsnummer, `+` for a hundred years, and names with and
//! without diacritics give one answer; two exports cannot be linked; the desk's signed log comes back
//! to the log reviewer with its flags, and a changed log is refused.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::scan::scan_bytes;
use common::{pnr, samordningsnummer, Canaries, World, ADMIN, GRANSKARE, HANDLER, RECEPTION};
use skyddsvalv::offline::register::RegisterFile;
use skyddsvalv::offline::{Desk, DeskInfo};
use skyddsvalv::records::{PersonRecord, Protection, ProtectionKind};
use skyddsvalv::{DeviceSecrets, ErrorCode};

struct Station {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    device: Arc<DeviceSecrets>,
    info: DeskInfo,
}

impl Station {
    fn new() -> Station {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("desk");
        let device = Arc::new(DeviceSecrets::mock());
        let info = Desk::init(&dir, Arc::clone(&device)).unwrap();
        Station {
            _tmp: tmp,
            dir,
            device,
            info,
        }
    }
    fn desk(&self) -> Desk {
        Desk::open(&self.dir, Arc::clone(&self.device)).unwrap()
    }
}

fn protected(name: &str, number: &str) -> PersonRecord {
    PersonRecord {
        name: name.into(),
        identity_number: Some(number.into()),
        protection: Protection {
            kind: Some(ProtectionKind::SkyddadFolkbokforing),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn export(world: &World, desk: &Station, name: &str, days: u32) -> PathBuf {
    let out = world.tmp.path().join(name);
    let mut h = world.login(HANDLER);
    let r = h
        .export_reception_register(&desk.info.key, &desk.info.fingerprint, days, &out)
        .unwrap();
    assert!(r.persons >= 1);
    h.lock().unwrap();
    out
}

fn handler_fingerprint(world: &World) -> String {
    let h = world.login(HANDLER);
    let fp = h.my_fingerprint();
    h.lock().unwrap();
    fp
}

fn code_of(r: skyddsvalv::Result<impl Sized>) -> ErrorCode {
    match r {
        Ok(_) => panic!("accepted"),
        Err(e) => e.code(),
    }
}

fn edited(file: &Path, into: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(into, serde_json::to_vec(&v).unwrap()).unwrap();
}

#[test]
fn the_exported_register_holds_no_number_or_name_and_one_person_answers_in_every_form() {
    let world = World::new();
    let canary = Canaries::new("mottagning", 71);
    let old = pnr(1915, 3, 4, 123);
    let coord = samordningsnummer(1990, 6, 15, 246);
    let mut h = world.login(HANDLER);
    let mut r = canary.record();
    r.protection.kind = Some(ProtectionKind::Sekretessmarkering);
    h.create_person(r).unwrap();
    h.create_person(protected("Örjan Åberg", &old)).unwrap();
    h.create_person(protected("Sara Samordning", &coord))
        .unwrap();
    // Not protected: not in the register at all.
    h.create_person(PersonRecord {
        name: "Oskyddad Person".into(),
        identity_number: Some(pnr(1980, 1, 1, 1)),
        ..Default::default()
    })
    .unwrap();
    h.lock().unwrap();

    let station = Station::new();
    let file = export(&world, &station, "register.json", 7);
    let desk = station.desk();
    // The first install needs the exporter's fingerprint, read from their screen.
    assert_eq!(
        code_of(desk.install(&file, None, "rut")),
        ErrorCode::RegisterUntrusted
    );
    assert_eq!(
        code_of(desk.install(&file, Some("AAAA-BBBB-CCCC"), "rut")),
        ErrorCode::RegisterUntrusted
    );
    let installed = desk
        .install(&file, Some(&handler_fingerprint(&world)), "rut")
        .unwrap();
    assert_eq!(installed.seq, 1);
    assert!(!installed.expires_soon);

    // Neither the file nor the decrypted register holds a number, a name or a ref.
    let mut needles = canary.needles();
    needles.extend([
        old.clone(),
        old[2..].to_string(),
        "Åberg".into(),
        "Oskyddad".into(),
        coord.clone(),
    ]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(scan_bytes("file", &bytes, &needles).is_empty());
    let opened = serde_json::to_vec(&desk.installed_register().unwrap().unwrap()).unwrap();
    assert_eq!(
        scan_bytes("register", &opened, &needles),
        Vec::<String>::new()
    );
    assert!(
        !String::from_utf8_lossy(&opened).contains("P-"),
        "a ref is in the register"
    );

    // One number, every form; the protection and initials, and whom to refer to.
    let id = &canary.identity;
    let forms = [
        id.clone(),
        format!("{}-{}", &id[..8], &id[8..]),
        format!("{}-{}", &id[2..8], &id[8..]),
        id[2..].to_string(),
        format!(" {} ", id),
    ];
    for f in &forms {
        let a = desk.lookup("rut", f).unwrap();
        assert!(a.found, "{f}");
        assert_eq!(a.protection, Some("sekretessmarkering"));
        assert_eq!(a.referral.len(), 1, "referred to the handler");
    }
    // The name with its birth year, with and without diacritics and in any case (the design folds).
    let name_year = format!("{}, 1985", canary.full_name());
    assert!(desk.lookup("rut", &name_year).unwrap().found);
    assert!(desk.lookup("rut", "orjan aberg, 1915").unwrap().found);
    assert!(desk.lookup("rut", "ÖRJAN ÅBERG, 1915").unwrap().found);
    // A hundred years or more: the `+` form; a samordningsnummer.
    let plus = format!("{}+{}", &old[2..8], &old[8..]);
    assert!(desk.lookup("rut", &plus).unwrap().found, "{plus}");
    assert!(desk.lookup("rut", &coord).unwrap().found);
    // A miss says until when the register holds, and never that there is no protection.
    let miss = desk.lookup("rut", &pnr(1980, 1, 1, 1)).unwrap();
    assert!(!miss.found && miss.protection.is_none() && miss.initials.is_none());
    assert_eq!(miss.valid_until, installed.valid_until);
    // A wrong check digit is no lookup.
    let last = id.chars().last().unwrap().to_digit(10).unwrap();
    let wrong = format!("{}{}", &id[..11], (last + 1) % 10);
    assert_eq!(
        code_of(desk.lookup("rut", &wrong)),
        ErrorCode::InvalidIdentityNumber
    );
}

#[test]
fn each_refusal_has_its_own_code() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    h.create_person(protected("Vera Vägran", &pnr(1970, 5, 5, 55)))
        .unwrap();
    h.lock().unwrap();
    let station = Station::new();
    let first = export(&world, &station, "r1.json", 7);
    let second = export(&world, &station, "r2.json", 1);
    let fp = handler_fingerprint(&world);
    let desk = station.desk();
    assert_eq!(
        code_of(desk.lookup("rut", "19700505-0551")),
        ErrorCode::RegisterMissing
    );

    // Unsigned, wrongly signed (a changed field), not for this desk.
    let unsigned = world.tmp.path().join("unsigned.json");
    edited(&second, &unsigned, |v| {
        v.as_object_mut().unwrap().remove("signature");
    });
    assert_eq!(
        code_of(desk.install(&unsigned, Some(&fp), "rut")),
        ErrorCode::RegisterUnsigned
    );
    let changed = world.tmp.path().join("changed.json");
    edited(&second, &changed, |v| v["seq"] = serde_json::json!(99));
    assert_eq!(
        code_of(desk.install(&changed, Some(&fp), "rut")),
        ErrorCode::RegisterBadSignature
    );
    let other = Station::new();
    assert_eq!(
        code_of(other.desk().install(&first, Some(&fp), "rut")),
        ErrorCode::RegisterNotForThisDesk
    );
    // Signed by someone else's key: a register an attacker seals to this desk is not trusted.
    let forged = world.tmp.path().join("forged.json");
    {
        let rf: RegisterFile = serde_json::from_slice(&std::fs::read(&second).unwrap()).unwrap();
        assert_eq!(rf.seq, 2);
        let attacker = World::new();
        let mut ah = attacker.login(HANDLER);
        ah.create_person(protected("Falsk Post", &pnr(1960, 6, 6, 66)))
            .unwrap();
        ah.export_reception_register(&station.info.key, &station.info.fingerprint, 7, &forged)
            .unwrap();
        ah.lock().unwrap();
    }
    desk.install(&second, Some(&fp), "rut").unwrap();
    assert_eq!(
        code_of(desk.install(&forged, None, "rut")),
        ErrorCode::RegisterUntrusted
    );
    // Older, and the same again.
    assert_eq!(
        code_of(desk.install(&first, None, "rut")),
        ErrorCode::RegisterOutdated
    );
    assert_eq!(
        code_of(desk.install(&second, None, "rut")),
        ErrorCode::RegisterOutdated
    );
    // Expired: the desk two days on refuses to answer, and warns a day before.
    let status = desk.status().unwrap().unwrap();
    assert!(status.expires_soon, "a register valid one day warns");
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(2);
    let later = later
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let desk_later = station.desk().at_time(&later);
    assert_eq!(
        code_of(desk_later.lookup("rut", "19700505-0551")),
        ErrorCode::RegisterExpired
    );
    let third = export(&world, &station, "r3.json", 1);
    assert_eq!(
        code_of(desk_later.install(&third, None, "rut")),
        ErrorCode::RegisterExpired
    );
    // A malformed file.
    let junk = world.tmp.path().join("junk.json");
    std::fs::write(&junk, b"{\"format\": 1}").unwrap();
    assert_eq!(
        code_of(desk.install(&junk, None, "rut")),
        ErrorCode::RegisterMalformed
    );
}

#[test]
fn two_exports_cannot_be_linked() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    h.create_person(protected("Lina Länk", &pnr(1975, 7, 7, 77)))
        .unwrap();
    h.lock().unwrap();
    let a = Station::new();
    let b = Station::new();
    let fp = handler_fingerprint(&world);
    let ra = export(&world, &a, "a.json", 7);
    let rb = export(&world, &a, "b.json", 7);
    let rc = export(&world, &b, "c.json", 7);
    a.desk().install(&ra, Some(&fp), "rut").unwrap();
    let tags = |d: &Desk| -> Vec<String> {
        d.installed_register()
            .unwrap()
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.tag)
            .collect()
    };
    let first = tags(&a.desk());
    a.desk().install(&rb, None, "rut").unwrap();
    let second = tags(&a.desk());
    b.desk().install(&rc, Some(&fp), "rut").unwrap();
    let third = tags(&b.desk());
    assert_eq!(first.len(), 2, "one person: a number and a name with year");
    for t in &first {
        assert!(
            !second.contains(t) && !third.contains(t),
            "a tag repeats across exports"
        );
    }
}

#[test]
fn the_desk_log_is_signed_counted_flagged_and_a_changed_one_refused() {
    let world = World::new();
    let mut a = world.login(ADMIN);
    a.change_setting(skyddsvalv::settings::SettingChange::parse("lookups-per-hour", "8").unwrap())
        .unwrap();
    a.lock().unwrap();
    let person = pnr(1982, 8, 8, 88);
    let mut h = world.login(HANDLER);
    h.create_person(protected("Logga Loggsson", &person))
        .unwrap();
    h.lock().unwrap();
    let station = Station::new();
    let file = export(&world, &station, "r.json", 7);
    let desk = station.desk();
    desk.install(&file, Some(&handler_fingerprint(&world)), "rut")
        .unwrap();
    for _ in 0..3 {
        assert!(desk.lookup("rut", &person).unwrap().found);
    }
    assert!(!desk.lookup("rut", &pnr(1982, 8, 9, 89)).unwrap().found);
    let _ = desk.lookup("rut", "inte ett nummer");
    // The vault's hourly limit travels with the register.
    for _ in 0..4 {
        let _ = desk.lookup("rut", &pnr(1982, 8, 10, 90));
    }
    assert_eq!(code_of(desk.lookup("rut", &person)), ErrorCode::RateLimited);

    let log = desk.export_log().unwrap();
    let bundle = serde_json::to_vec(&log).unwrap();
    assert!(
        !String::from_utf8_lossy(&bundle).contains(&person[2..8]),
        "a number is in the log"
    );
    let mut g = world.login(GRANSKARE);
    let r = g
        .review_desk_log(&bundle, &station.info.fingerprint)
        .unwrap();
    assert_eq!((r.hits, r.misses), (3, 5));
    assert!(r
        .flags
        .iter()
        .any(|f| f.code == "REPEAT_SEARCH" && f.operator == "rut" && f.count >= 3));
    // A wrong fingerprint, and a log with one entry changed.
    assert_eq!(
        code_of(g.review_desk_log(&bundle, "AAAA-BBBB-CCCC")),
        ErrorCode::FingerprintMismatch
    );
    let mut v: serde_json::Value = serde_json::from_slice(&bundle).unwrap();
    v["entries"][2]["result"] = serde_json::json!("miss");
    let changed = serde_json::to_vec(&v).unwrap();
    assert_eq!(
        code_of(g.review_desk_log(&changed, &station.info.fingerprint)),
        ErrorCode::LogBroken
    );
    g.lock().unwrap();
    // Reception in the vault may not review a desk's log.
    let mut rec = world.login(RECEPTION);
    assert_eq!(
        code_of(rec.review_desk_log(&bundle, &station.info.fingerprint)),
        ErrorCode::Denied
    );
    rec.lock().unwrap();
}
