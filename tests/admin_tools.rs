//! What a municipality's administrator needs, through the public API: assignments by handler and the
//! persons left without one, moving everything of a leaving handler in one step, no person left
//! without a handler by an unassignment, account details the reception refers to, login facts per
//! account, and generated one-time passwords. Log claims are read through the raw connection.

mod common;

use common::{raw, secret, synthetic_record, World, ADMIN, HANDLER, HANDLER2, RECEPTION};
use skyddsvalv::auth::one_time;
use skyddsvalv::auth::password_policy::PasswordPolicy;
use skyddsvalv::settings::SettingChange;
use skyddsvalv::storage::Profile;
use skyddsvalv::{ErrorCode, Login, Role};

fn last(s: &mut skyddsvalv::Session) -> raw::Row {
    raw::rows_after(s.raw_connection_for_tests(), 0)
        .into_iter()
        .rev()
        .find(|r| r.action != "lock" && r.action != "login")
        .unwrap()
}

#[test]
fn the_last_handler_cannot_be_unassigned_and_a_leaving_handler_is_moved_in_one_step() {
    let world = World::new();
    let mut h2 = world.login(HANDLER2);
    let refs: Vec<String> = (0..3)
        .map(|i| h2.create_person(synthetic_record(0xad, i)).unwrap())
        .collect();
    h2.lock().unwrap();
    let mut admin = world.login(ADMIN);

    let e = admin.assign(&refs[0], HANDLER2, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LastHandler);
    let entry = last(&mut admin);
    assert!(entry.action == "unassigned" && entry.outcome == "denied" && entry.flagged);
    // With a second handler the first may go.
    admin.assign(&refs[0], HANDLER, true).unwrap();
    assert!(admin.assign(&refs[0], HANDLER2, false).unwrap());

    let moved = admin.reassign_all(HANDLER2, HANDLER).unwrap();
    assert_eq!(moved, 2);
    let entry = last(&mut admin);
    assert_eq!(entry.action, "reassigned");
    for r in &refs[1..] {
        assert!(entry.detail.as_deref().unwrap().contains(r.as_str()));
    }
    let overview = admin.assignments().unwrap();
    let of = |name: &str| {
        overview
            .handlers
            .iter()
            .find(|h| h.name == name)
            .unwrap()
            .refs
            .clone()
    };
    let mut all = refs.clone();
    all.sort();
    assert_eq!(of(HANDLER), all);
    assert!(of(HANDLER2).is_empty());
    assert!(overview.without_handler.is_empty());
    // A disabled handler's persons show up as without a handler.
    admin.assign(&refs[2], HANDLER2, true).unwrap();
    admin.assign(&refs[2], HANDLER, false).unwrap();
    admin.disable_user(HANDLER2).unwrap();
    assert_eq!(
        admin.assignments().unwrap().without_handler,
        vec![refs[2].clone()]
    );
    admin.lock().unwrap();

    // The handler who got the persons sees them in the caseload.
    let mut h = world.login(HANDLER);
    assert_eq!(h.caseload().unwrap().persons.len(), 2);
    h.lock().unwrap();
}

#[test]
fn the_reception_refers_to_the_display_name_unit_and_phone_not_the_login() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let record = synthetic_record(0xae, 1);
    let id = record.identity_number.clone().unwrap();
    h.create_person(record).unwrap();
    h.lock().unwrap();
    let mut admin = world.login(ADMIN);
    let details = Profile {
        display_name: Some("  Hedda Handläggare ".into()),
        unit: Some("Socialtjänsten Centrum".into()),
        phone: Some("08-555 123 45".into()),
    };
    let saved = admin.set_account_details(HANDLER, details).unwrap();
    assert_eq!(saved.display_name.as_deref(), Some("Hedda Handläggare"));
    let bad = Profile {
        phone: Some("ring mig".into()),
        ..Default::default()
    };
    let e = admin.set_account_details(HANDLER, bad).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(
        matches!(&e, skyddsvalv::Error::InvalidInput { field, .. } if field.as_str() == "work_phone")
    );
    let hostile = Profile {
        display_name: Some("Hedda\u{1b}[2J".into()),
        ..Default::default()
    };
    assert_eq!(
        admin
            .set_account_details(HANDLER, hostile)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    admin.lock().unwrap();

    let mut r = world.login(RECEPTION);
    let answer = r.lookup(&id).unwrap();
    assert!(answer.found);
    assert_eq!(answer.handlers.len(), 1);
    let referral = &answer.handlers[0];
    assert_eq!(referral.name, "Hedda Handläggare");
    assert_eq!(referral.unit.as_deref(), Some("Socialtjänsten Centrum"));
    assert_eq!(referral.phone.as_deref(), Some("08-555 123 45"));
    assert!(answer.clear_after_seconds >= 10);
    r.lock().unwrap();
}

#[test]
fn a_number_with_a_wrong_check_digit_is_said_so_and_uses_up_no_lookup() {
    let world = World::new();
    let mut admin = world.login(ADMIN);
    admin
        .change_setting(SettingChange::parse("lookups-per-session", "1").unwrap())
        .unwrap();
    admin.lock().unwrap();
    let mut r = world.login(RECEPTION);
    let e = r.lookup("19850709-9806").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidIdentityNumber);
    let entry = last(&mut r);
    assert!(entry.action == "lookup" && entry.outcome == "denied");
    // The one lookup this session may make is still there.
    let answer = r.lookup("19850709-9805").unwrap();
    assert!(!answer.found);
    assert_eq!(
        r.lookup("19850709-9805").unwrap_err().code(),
        ErrorCode::RateLimited
    );
    r.lock().unwrap();
}

#[test]
fn the_account_list_tells_last_login_failed_attempts_and_lockout() {
    let world = World::new();
    world.login(HANDLER).lock().unwrap();
    for _ in 0..2 {
        let _ = world
            .vault
            .login(HANDLER2, &secret("fel-lösenord-helt-enkelt"));
    }
    let mut admin = world.login(ADMIN);
    let users = admin.list_users().unwrap();
    let of = |n: &str| users.iter().find(|u| u.name == n).unwrap().clone();
    assert!(of(HANDLER).last_login_at.is_some());
    assert_eq!(of(HANDLER).failed_attempts, 0);
    assert_eq!(of(HANDLER2).failed_attempts, 2);
    assert!(!of(HANDLER2).locked);
    assert!(of(ADMIN).created_at.len() >= 10);
    admin.lock().unwrap();
}

#[test]
fn a_generated_one_time_password_opens_the_first_login() {
    let world = World::new();
    let mut admin = world.login(ADMIN);
    let min_length = admin.settings().unwrap().min_password_length;
    let one_time = one_time::generate(&PasswordPolicy { min_length });
    admin
        .add_user("ny-handlaggare", Role::Handlaggare, &one_time)
        .unwrap();
    admin.lock().unwrap();
    match world.vault.login("ny-handlaggare", &one_time) {
        Ok(Login::MustChangePassword(first)) => first
            .choose_password(&secret("Ett-Eget-Lösenord-Ekorre-81"))
            .unwrap()
            .lock()
            .unwrap(),
        Ok(Login::Ready(_)) => panic!("no first-login step"),
        Err(e) => panic!("refused: {}", e.code()),
    }
}
