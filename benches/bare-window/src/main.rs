//! The same Tauri and WebKitGTK as the app, showing one static element with the id the benchmark waits
//! for (`#view-login`): what start time and memory cost before Skyddsvalv adds anything.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
