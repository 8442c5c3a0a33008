// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! Skyddsvalv's desktop shell: holds the core's `Desk` (vault directory, at most one session, the
//! idle lock), exposes thin commands to the UI, and locks when idle or minimised.

mod clipboard;
mod commands;
mod state;

use std::sync::Arc;
use std::time::{Duration, Instant};

use skyddsvalv::desk::Desk;
use skyddsvalv::DeviceSecrets;
use tauri::{AppHandle, Manager, WindowEvent};

use state::{after_lock, LockReason, Shell};

/// How often the idle lock and the minimised state are checked.
const WATCH_EVERY: Duration = Duration::from_secs(2);

fn main() {
    // Before anything holds a key: no core dumps, no ptrace by other processes.
    if !skyddsvalv::hardening::disable_core_dumps() {
        eprintln!("Skyddsvalv: could not disable core dumps");
    }
    // A panic must never print a value: the core's types redact themselves, this hides the rest
    // (the location and message of a panic can quote data).
    std::panic::set_hook(Box::new(|_| {
        eprintln!("Skyddsvalv: internal error. The session is closed; please report this.");
    }));
    skyddsvalv::frontend::init_tracing();

    let dir = match skyddsvalv::frontend::vault_dir(None) {
        Some(d) => d,
        None => {
            eprintln!(
                "Skyddsvalv: no home directory found; set SKYDDSVALV_VAULT to the vault directory"
            );
            std::process::exit(2);
        }
    };
    let mut desk = Desk::new(&dir, Arc::new(DeviceSecrets::os()));
    // Reception-only mode: a desk with no vault, answering from an installed register.
    let desk_mode = commands::reception_desk::DeskMode(
        std::env::var_os("SKYDDSVALV_DESK")
            .filter(|d| !d.is_empty())
            .map(|d| {
                skyddsvalv::offline::Station::new(
                    std::path::Path::new(&d),
                    Arc::new(DeviceSecrets::os()),
                )
            }),
    );
    // Test hook (documented): replaces the vault's idle-lock setting, e.g. for the end-to-end tests.
    if let Some(secs) = std::env::var("SKYDDSVALV_IDLE_LOCK_SECONDS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
    {
        desk = desk.with_idle_limit(Duration::from_secs(secs));
    }

    tauri::Builder::default()
        // Must be the first plugin: a second launch only brings the running window forward.
        // Its arguments are ignored (and never logged).
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .manage(desk)
        .manage(desk_mode)
        .manage(Shell::default())
        .setup(|app| {
            watch(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Focused(false))
                && window.is_minimized().unwrap_or(false)
            {
                let app = window.app_handle().clone();
                // Off the main thread: the core may be busy with another command for a moment.
                let _ = std::thread::Builder::new()
                    .name("minimise-lock".into())
                    .spawn(move || lock_if_minimized(&app));
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::vault_status,
            commands::session::create_vault,
            commands::session::login,
            commands::session::choose_password,
            commands::session::lock,
            commands::session::recover_admin,
            commands::session::idle_status,
            commands::session::keep_working,
            commands::persons::find_persons,
            commands::persons::show_person,
            commands::persons::create_person,
            commands::persons::edit_person,
            commands::persons::reveal_field,
            commands::persons::reveal_fields,
            commands::persons::caseload,
            commands::persons::reveal_names,
            commands::persons::keep_draft,
            commands::persons::add_note,
            commands::persons::read_journal,
            commands::persons::take_draft,
            commands::persons::discard_draft,
            commands::persons::emergency_access,
            commands::persons::lookup,
            commands::admin::list_users,
            commands::admin::add_user,
            commands::admin::disable_user,
            commands::admin::enable_user,
            commands::admin::reset_password,
            commands::admin::unlock_user,
            commands::admin::get_settings,
            commands::admin::purposes,
            commands::admin::set_purposes,
            commands::admin::change_setting,
            commands::admin::assign,
            commands::admin::unassign,
            commands::admin::generate_password,
            commands::admin::set_account_details,
            commands::admin::assignments,
            commands::admin::reassign_all,
            commands::log::view_log,
            commands::log::verify_log,
            commands::log::review_log,
            commands::log::explain_log_entry,
            commands::log::record_review,
            commands::log::draw_sample,
            commands::log::log_tasks,
            commands::duties::open_incident,
            commands::duties::list_incidents,
            commands::duties::show_incident,
            commands::duties::update_incident,
            commands::duties::write_incident,
            commands::duties::set_register,
            commands::duties::write_register,
            commands::duties::list_retention_rules,
            commands::duties::set_retention_rule,
            commands::duties::retention_due,
            commands::duties::propose_destruction,
            commands::duties::approve_destruction,
            commands::duties::list_destructions,
            commands::duties::write_destruction_certificate,
            commands::duties::check_destruction_certificate,
            commands::duties::write_backup,
            commands::duties::backup_status,
            commands::persons::import_check,
            commands::persons::import_persons,
            commands::duties::accept_restore,
            commands::reception_desk::desk_mode,
            commands::reception_desk::desk_init,
            commands::reception_desk::desk_install,
            commands::reception_desk::desk_lookup,
            commands::reception_desk::export_reception_register,
            commands::log::preview_log_report,
            commands::log::write_log_report,
            commands::log::export_log_bundle,
            commands::log::import_log_bundles,
            commands::access::my_access,
            commands::access::pending_access,
            commands::access::grant_access,
            commands::access::revoke_access,
            commands::access::grant_with_recovery,
            commands::persons::set_protection,
            commands::persons::restrict,
            commands::persons::lift_restriction,
            commands::persons::rectify_person,
            commands::rights::requests,
            commands::rights::person_rights,
            commands::rights::open_request,
            commands::rights::verify_request,
            commands::rights::extend_request,
            commands::rights::close_request,
            commands::rights::assess_harm,
            commands::rights::preview_extract,
            commands::rights::write_extract,
            commands::rights::erase_person,
            commands::rights::record_consent,
            commands::rights::withdraw_consent,
            commands::rights::record_objection,
            commands::rights::override_objection,
            commands::rights::record_disclosure,
            commands::rights::notify_recipients,
            clipboard::copy_field,
        ])
        .run(tauri::generate_context!())
        .expect("Skyddsvalv could not start");
}

/// Every couple of seconds: let the core lock an idle session, and lock a minimised window when the
/// setting says so. The window hears `locked` either way.
fn watch(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("idle-lock".into())
        .spawn(move || loop {
            std::thread::sleep(WATCH_EVERY);
            match app.state::<Desk>().lock_if_idle(Instant::now()) {
                Ok(true) => after_lock(&app, Some(LockReason::Idle)),
                Ok(false) => lock_if_minimized(&app),
                Err(e) => tracing::warn!(code = %e.code(), "idle check failed"),
            }
        });
    if let Err(e) = spawned {
        // Without the idle lock the app must not run.
        eprintln!("Skyddsvalv: cannot start the idle lock: {e}");
        std::process::exit(1);
    }
}

fn lock_if_minimized(app: &AppHandle) {
    if !app.state::<Shell>().lock_on_minimize() {
        return;
    }
    let minimized = app
        .get_webview_window("main")
        .and_then(|w| w.is_minimized().ok())
        .unwrap_or(false);
    if !minimized {
        return;
    }
    match app.state::<Desk>().lock() {
        Ok(true) => after_lock(app, Some(LockReason::Minimized)),
        Ok(false) => {}
        Err(e) => {
            tracing::warn!(code = %e.code(), "lock on minimise failed");
            after_lock(app, Some(LockReason::Minimized));
        }
    }
}
