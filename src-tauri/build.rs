/// The app's commands. Declaring them makes Tauri generate an `allow-<command>` permission for each
/// and refuse any command that no capability grants. Every command must be listed here and allowed
/// in `capabilities/default.json` (the `tauri_config` test checks both).
const COMMANDS: &[&str] = &[
    "vault_status",
    "create_vault",
    "login",
    "choose_password",
    "lock",
    "find_persons",
    "show_person",
    "create_person",
    "edit_person",
    "reveal_field",
    "reveal_fields",
    "caseload",
    "reveal_names",
    "keep_draft",
    "add_note",
    "read_journal",
    "take_draft",
    "discard_draft",
    "copy_field",
    "emergency_access",
    "lookup",
    "list_users",
    "add_user",
    "disable_user",
    "enable_user",
    "reset_password",
    "unlock_user",
    "get_settings",
    "change_setting",
    "assign",
    "unassign",
    "generate_password",
    "set_account_details",
    "assignments",
    "reassign_all",
    "view_log",
    "verify_log",
    "my_access",
    "pending_access",
    "grant_access",
    "revoke_access",
    "grant_with_recovery",
    "set_protection",
    "restrict",
    "lift_restriction",
    "rectify_person",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("failed to run tauri-build");
}
