//! Backup and restore through the public API: a backup written while another session goes on
//! writing restores every person committed before it and a log that verifies; no canary is in the
//! file; one flipped byte anywhere is refused and nothing is written; a restore after an erasure
//! does not bring the person back; a vault is never overwritten unasked, and never lost when asked.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::scan::scan_bytes;
use common::{synthetic_record, Canaries, World, ADMIN, GRANSKARE, HANDLER, HANDLER2};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::backup::{restore, RestoreOptions};
use skyddsvalv::crypto::RecoveryCode;
use skyddsvalv::rights::{Channel, ErasureReason, IdentityMethod, RequestKind};
use skyddsvalv::{DeviceSecrets, ErrorCode, Login, Vault};

fn code(world: &World) -> RecoveryCode {
    RecoveryCode::parse(&world.recovery).unwrap()
}

fn backup(world: &World, out: &Path) -> skyddsvalv::session::BackupReport {
    let mut a = world.login(ADMIN);
    let before = a.backup_status().unwrap();
    let mut seen = Vec::new();
    let report = a
        .write_backup(out, &mut |done, total| seen.push((done, total)))
        .unwrap();
    let after = a.backup_status().unwrap();
    a.lock().unwrap();
    assert_eq!(
        seen.last().map(|(d, t)| d == t),
        Some(true),
        "progress ends at the total"
    );
    // The reminder: due with no backup, not after a fresh one; the time is the backup's.
    if before.last_backup.is_none() {
        assert!(before.remind);
    }
    assert!(!after.remind && after.reminder_days == 7);
    assert_eq!(
        after.last_backup.as_deref(),
        Some(report.created_at.as_str())
    );
    report
}

fn restored_login(dir: &Path, device: &Arc<DeviceSecrets>, user: &str) -> skyddsvalv::Session {
    let vault = Vault::open(dir, Arc::clone(device)).unwrap();
    match vault
        .login(user, &common::secret(&common::password_of(user)))
        .unwrap()
    {
        Login::Ready(s) => s,
        Login::MustChangePassword(_) => panic!("{user}: asked for a new password"),
    }
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

#[test]
fn a_backup_under_load_restores_every_person_committed_before_it_and_a_verifying_log() {
    let world = World::new();
    let canary = Canaries::new("sakerhetskopia", 51);
    let mut h = world.login(HANDLER);
    let canary_ref = h.create_person(canary.record()).unwrap();
    h.lock().unwrap();

    // Another session writes persons as fast as it can while the backup is written.
    let created: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (created, stop) = (Arc::clone(&created), Arc::clone(&stop));
        let mut h2 = world.login(HANDLER2);
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) || i < 6 {
                let r = h2.create_person(synthetic_record(7, i)).unwrap();
                created.lock().unwrap().push(r);
                i += 1;
                // A busy desk, not a tight loop that would starve every other session's lock.
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            h2.lock().unwrap();
        })
    };
    while created.lock().unwrap().len() < 3 {
        std::thread::yield_now();
    }
    let before: Vec<String> = created.lock().unwrap().clone();
    let out = world.tmp.path().join("valv.skyddsvalv-backup");
    let report = backup(&world, &out);
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    let all: Vec<String> = created.lock().unwrap().clone();
    assert!(report.log_head > 0 && report.bytes > 0);

    // No value of the canary in the file, in any encoding; no plaintext SQLite page either.
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        scan_bytes("backup", &bytes, &canary.needles()),
        Vec::<String>::new()
    );
    assert!(!common::scan::contains(&bytes, b"SQLite format 3"));

    let to = world.tmp.path().join("restored");
    let r = restore(
        &out,
        &to,
        &code(&world),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.backup_id, report.backup_id);
    assert_eq!(r.log_entries, report.log_head);
    assert!(r.erased_again.is_empty());

    // Every person committed before the backup began is there, and the restored set is a prefix of
    // what the writer committed: one consistent moment, not a mix.
    let mut h2 = restored_login(&to, &world.device, HANDLER2);
    let present: Vec<bool> = all.iter().map(|r| h2.show_person(r).is_ok()).collect();
    let n = present.iter().take_while(|p| **p).count();
    assert!(
        present[n..].iter().all(|p| !p),
        "not one moment: {present:?}"
    );
    assert!(
        n >= before.len(),
        "persons committed before the backup are missing"
    );
    h2.lock().unwrap();
    let mut h = restored_login(&to, &world.device, HANDLER);
    assert!(h.show_person(&canary_ref).is_ok());
    h.lock().unwrap();

    // The log verifies, and says a restore happened and from which backup (flagged).
    let mut g = restored_login(&to, &world.device, GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(v.holds(), "{:?}", v.problem);
    let restored = g
        .review_log(&LogFilter {
            action: Some("vault_restored".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(restored.entries.len(), 1);
    let e = &restored.entries[0].entry;
    assert!(e.flagged);
    assert_eq!(e.purpose.as_deref(), Some(report.backup_id.as_str()));
    assert!(e.seq > report.log_head);
    g.lock().unwrap();
}

fn flip(src: &Path, at: usize, into: &Path) {
    let mut b = std::fs::read(src).unwrap();
    b[at] ^= 0x01;
    std::fs::write(into, b).unwrap();
}

#[test]
fn one_flipped_byte_anywhere_is_refused_by_name_and_nothing_is_written() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    h.create_person(Canaries::new("vandbyte", 52).record())
        .unwrap();
    h.lock().unwrap();
    let out = world.tmp.path().join("hel.backup");
    backup(&world, &out);
    let len = std::fs::metadata(&out).unwrap().len() as usize;
    let header_end = std::fs::read(&out)
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0;
    // The magic, the header, the first chunk, the middle, the last chunk's tag, the signature.
    for at in [
        3,
        header_end - 10,
        header_end + 5,
        len / 2,
        len - 70,
        len - 1,
    ] {
        let bad = world.tmp.path().join(format!("flipped-{at}.backup"));
        flip(&out, at, &bad);
        let to = world.tmp.path().join(format!("restored-{at}"));
        let err = restore(
            &bad,
            &to,
            &code(&world),
            Arc::clone(&world.device),
            &Default::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::BackupDamaged, "byte {at}: {err}");
        assert!(!to.exists(), "byte {at}: the target was created");
        let leftovers: Vec<PathBuf> = std::fs::read_dir(world.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".restoring"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "byte {at}: staging left {leftovers:?}"
        );
    }
    // A cut file too.
    let cut = world.tmp.path().join("cut.backup");
    std::fs::write(&cut, &std::fs::read(&out).unwrap()[..len - 200]).unwrap();
    let to = world.tmp.path().join("restored-cut");
    let err = restore(
        &cut,
        &to,
        &code(&world),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BackupDamaged);
    assert!(!to.exists());
    // The whole file still restores: the refusals were the flips.
    let to = world.tmp.path().join("restored-ok");
    restore(
        &out,
        &to,
        &code(&world),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap();
}

#[test]
fn a_wrong_recovery_code_an_existing_vault_and_a_non_administrator_are_refused() {
    let world = World::new();
    let out = world.tmp.path().join("b.backup");
    backup(&world, &out);
    let other = World::new();
    let to = world.tmp.path().join("restored");
    let err = restore(
        &out,
        &to,
        &code(&other),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongRecoveryCode);
    assert!(!to.exists());

    // The live vault is not overwritten without the flag; its files are untouched.
    let before = std::fs::read(world.dir.join("keyslots.json")).unwrap();
    let err = restore(
        &out,
        &world.dir,
        &code(&world),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultExists);
    assert_eq!(
        std::fs::read(world.dir.join("keyslots.json")).unwrap(),
        before
    );

    // Only an administrator writes a backup; the refusal is logged and writes no file.
    for user in [HANDLER, GRANSKARE] {
        let mut s = world.login(user);
        let out = world.tmp.path().join(format!("{user}.backup"));
        let err = s.write_backup(&out, &mut |_, _| {}).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Denied, "{user}");
        assert!(!out.exists());
        s.lock().unwrap();
    }
    let mut g = world.login(GRANSKARE);
    let denied = g
        .review_log(&LogFilter {
            action: Some("backup_written".into()),
            ..Default::default()
        })
        .unwrap();
    let outcomes: Vec<_> = denied
        .entries
        .iter()
        .map(|e| e.entry.outcome.as_str())
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| **o == "denied").count(),
        2,
        "{outcomes:?}"
    );
    g.lock().unwrap();
}

#[test]
fn a_restore_after_an_erasure_does_not_bring_the_person_back() {
    let world = World::new();
    let gone = Canaries::new("raderadsen", 53);
    let kept = Canaries::new("kvarsson", 54);
    let mut h = world.login(HANDLER);
    let gone_ref = h.create_person(gone.record()).unwrap();
    let kept_ref = h.create_person(kept.record()).unwrap();
    // No duty to keep: the erasure takes the whole person.
    h.edit_person(
        &gone_ref,
        skyddsvalv::records::PersonPatch {
            retain_until: Some(String::new()),
            ..Default::default()
        },
    )
    .unwrap();
    h.lock().unwrap();
    let out = world.tmp.path().join("fore-radering.backup");
    backup(&world, &out);

    let mut h = world.login(HANDLER);
    let r = h
        .open_request(&gone_ref, RequestKind::Erasure, &today(), Channel::InPerson)
        .unwrap();
    h.verify_request(&r.id, IdentityMethod::KnownToStaff)
        .unwrap();
    assert!(
        h.erase_person(&gone_ref, &r.id, ErasureReason::Request)
            .unwrap()
            .whole
    );
    h.lock().unwrap();
    let ledger_file = world.dir.join("erasures.json");
    assert!(ledger_file.exists(), "the ledger is kept beside the vault");
    // The file beside the vault holds no value and not even the ref in the clear.
    let beside = std::fs::read(&ledger_file).unwrap();
    assert!(scan_bytes("erasures.json", &beside, &gone.needles()).is_empty());
    assert!(!common::scan::contains(&beside, gone_ref.as_bytes()));

    // Without the ledger the backup alone would bring the person back: the ledger is what stops it.
    let plain = world.tmp.path().join("utan-liggare");
    restore(
        &out,
        &plain,
        &code(&world),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap();
    let mut s = restored_login(&plain, &world.device, HANDLER);
    assert!(s.show_person(&gone_ref).is_ok());
    s.lock().unwrap();

    // With a copy of the ledger, into a new directory.
    let copy = world.tmp.path().join("liggare-kopia.json");
    std::fs::copy(&ledger_file, &copy).unwrap();
    let to = world.tmp.path().join("med-liggare");
    let report = restore(
        &out,
        &to,
        &code(&world),
        Arc::clone(&world.device),
        &RestoreOptions {
            ledgers: vec![copy],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.erased_again, vec![gone_ref.clone()]);
    let mut s = restored_login(&to, &world.device, HANDLER);
    assert_eq!(
        s.show_person(&gone_ref).unwrap_err().code(),
        ErrorCode::PersonNotFound
    );
    assert!(s.show_person(&kept_ref).is_ok());
    assert_eq!(s.erasure_ledger().unwrap().len(), 1);
    s.lock().unwrap();
    // Not in any page of the restored database or its WAL either.
    let (_, hits) = common::scan::scan_dir(&to, &gone.needles());
    assert!(hits.is_empty(), "{hits:?}");

    // Over the damaged vault itself, asked for: the old files are moved aside, not lost, and the
    // ledger beside them is applied.
    std::fs::write(world.dir.join("vault.db"), b"damaged").unwrap();
    let report = restore(
        &out,
        &world.dir,
        &code(&world),
        Arc::clone(&world.device),
        &RestoreOptions {
            replace: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.erased_again, vec![gone_ref.clone()]);
    let aside = PathBuf::from(report.replaced_moved_to.unwrap());
    assert_eq!(std::fs::read(aside.join("vault.db")).unwrap(), b"damaged");
    let mut s = restored_login(&world.dir, &world.device, HANDLER);
    assert_eq!(
        s.show_person(&gone_ref).unwrap_err().code(),
        ErrorCode::PersonNotFound
    );
    assert!(s.show_person(&kept_ref).is_ok());
    s.lock().unwrap();
}

#[test]
fn a_reviewers_pin_of_the_lost_vault_is_excused_only_after_an_administrator_accepts_the_restore() {
    let world = World::new();
    let out = world.tmp.path().join("b.backup");
    backup(&world, &out);
    // After the backup: more work, and the reviewer pins the longer log.
    let mut h = world.login(HANDLER);
    h.create_person(Canaries::new("efterbackup", 55).record())
        .unwrap();
    h.lock().unwrap();
    let mut g = world.login(GRANSKARE);
    assert!(g.verify_log().unwrap().holds());
    g.lock().unwrap();

    let to = world.tmp.path().join("restored");
    restore(
        &out,
        &to,
        &code(&world),
        Arc::clone(&world.device),
        &Default::default(),
    )
    .unwrap();
    // The same keyring: the reviewer's pin of the lost vault's longer log is held against it.
    let mut g = restored_login(&to, &world.device, GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(!v.holds(), "the restored log extends a head it lacks");
    assert!(v.problem.unwrap().contains("head you verified"));
    g.lock().unwrap();
    // Not a case handler's step.
    let mut h = restored_login(&to, &world.device, HANDLER);
    assert_eq!(
        h.accept_restored_log().unwrap_err().code(),
        ErrorCode::Denied
    );
    h.lock().unwrap();
    // The administrator accepts; once their session's checkpoint vouches for it, the pin is excused.
    let mut a = restored_login(&to, &world.device, ADMIN);
    assert!(a.accept_restored_log().unwrap() > 0);
    a.lock().unwrap();
    let mut g = restored_login(&to, &world.device, GRANSKARE);
    let v = g.verify_log().unwrap();
    assert!(v.holds(), "{:?}", v.problem);
    assert!(v.restore_accepted.is_some());
    // The new pin is the restored log's: the next verification holds on its own.
    let v = g.verify_log().unwrap();
    assert!(v.holds() && v.restore_accepted.is_none());
    g.lock().unwrap();

    // In a vault with no restore there is nothing to accept.
    let mut a = world.login(ADMIN);
    assert_eq!(
        a.accept_restored_log().unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    a.lock().unwrap();
}
