// Placeholder: proves the IPC round-trip under the strict CSP. The real UI comes later.
const { invoke } = window.__TAURI__.core;

const version = await invoke("app_version");
document.getElementById("version").textContent = `Version ${version}`;
