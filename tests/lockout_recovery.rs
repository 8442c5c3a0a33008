//! The administrator cannot be locked out for good by someone who knows only the name: the recovery
//! code, held by the data controller, lets the administrator in again with a new password — no second
//! administrator needed. A test binary of its own, because it moves the process's clock.

mod common;

use common::{password_of, secret, World, ADMIN};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::crypto::RecoveryCode;
use skyddsvalv::ErrorCode;

#[test]
fn an_admin_locked_out_by_name_alone_is_let_in_by_the_recovery_code() {
    let world = World::new();
    // Someone who knows only the name guesses, waiting out every growing delay.
    for _ in 0..10 {
        let _ = world.vault.login(ADMIN, &secret("gissning"));
        skyddsvalv::time::advance_clock_for_tests(301);
    }
    let e = match world.vault.login(ADMIN, &secret(&password_of(ADMIN))) {
        Err(e) => e,
        Ok(_) => panic!("not locked out"),
    };
    assert_eq!(e.code(), ErrorCode::LockedOut);
    // No second admin needed: the recovery code gives the admin a new password and unlocks.
    let code = RecoveryCode::parse(&world.recovery).unwrap();
    let mut s = world
        .vault
        .recover(&code, ADMIN, &secret("Nytt-Admin-Lösen-Å77-q"))
        .unwrap();
    let recovered = s.raw_log_for_tests(&LogFilter::default()).unwrap();
    // Exactly one entry for the recovery itself.
    assert_eq!(
        recovered.iter().filter(|e| e.action == "recovered").count(),
        1
    );
    assert_eq!(recovered[0].action, "recovered", "{:?}", recovered[0]);
    s.lock().unwrap();
    world
        .login_with(ADMIN, "Nytt-Admin-Lösen-Å77-q")
        .lock()
        .unwrap();
}
