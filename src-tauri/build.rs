fn main() {
    // Declaring the app's commands makes Tauri generate an `allow-<command>` permission for each,
    // and refuse any command that no capability grants. Every new command must be listed here
    // and allowed in `capabilities/default.json`.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["app_version"]));
    tauri_build::try_build(attributes).expect("failed to run tauri-build");
}
