//! An initial password set by an administrator expires (72 hours by default): an unbound slot left
//! lying around is not an open door. A test binary of its own, because it moves the process's clock.

mod common;

use common::{secret, World, ADMIN, GRANSKARE, INITIAL_PW};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::{ErrorCode, Login, Role};

#[test]
fn an_unused_initial_password_expires_and_the_refusal_is_logged() {
    let world = World::new();
    let mut admin = world.login(ADMIN);
    admin
        .add_user("sen-start", Role::Reception, &secret(INITIAL_PW))
        .unwrap();
    admin
        .add_user("i-tid", Role::Reception, &secret(INITIAL_PW))
        .unwrap();
    admin.lock().unwrap();
    // Within the time it works.
    match world.vault.login("i-tid", &secret(INITIAL_PW)).unwrap() {
        Login::MustChangePassword(_) => {}
        Login::Ready(_) => panic!("no first login"),
    }
    // Three days and a minute later the other one does not.
    skyddsvalv::time::advance_clock_for_tests(72 * 3600 + 60);
    let e = match world.vault.login("sen-start", &secret(INITIAL_PW)) {
        Err(e) => e,
        Ok(_) => panic!("an expired initial password opened"),
    };
    assert_eq!(e.code(), ErrorCode::InitialPasswordExpired);
    let mut g = world.login(GRANSKARE);
    let refused = g
        .view_log(&LogFilter {
            actor: Some("sen-start".into()),
            action: Some("login".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].outcome, "denied");
    g.lock().unwrap();
    // A reset gives a new initial password that works again.
    let mut admin = world.login(ADMIN);
    admin
        .reset_password("sen-start", &secret(INITIAL_PW))
        .unwrap();
    admin.lock().unwrap();
    assert!(matches!(
        world.vault.login("sen-start", &secret(INITIAL_PW)).unwrap(),
        Login::MustChangePassword(_)
    ));
}
