// Systemförvaltare: the lock settings (#settings-form) in the admin view. The idle time's range is the
// `idle-lock-minutes` entry of the contract's SETTINGS; the core checks every change again (a refused
// value is said at the control of the setting being changed). get_settings is a logged,
// policy-checked operation for admins only: no other view calls it.
import { call } from "../lib/api.js";
import { $, busy, clearError, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { SETTINGS } from "../generated/contract.js";

const IDLE = SETTINGS.find((s) => s.name === "idle-lock-minutes");

let settings = null;

function renderSettings() {
  if (!settings) {
    return;
  }
  $("#setting-idle-lock-minutes").value = String(settings.idle_lock_minutes);
  $("#setting-lock-on-minimize").checked = Boolean(settings.lock_on_minimize);
}

export async function loadSettings() {
  try {
    settings = await call("get_settings");
    renderSettings();
  } catch (err) {
    showError($("#settings-error"), err);
  }
}

async function saveSettings(event) {
  event.preventDefault();
  const idle = $("#setting-idle-lock-minutes");
  const minimize = $("#setting-lock-on-minimize");
  const error = $("#settings-error");
  const out = $("#settings-result");
  clearError(error, [idle, minimize]);
  out.textContent = "";
  const minutes = Number(idle.value);
  if (!Number.isInteger(minutes) || minutes < IDLE.min || minutes > IDLE.max) {
    showError(error, () => t("admin.idleRange"), idle);
    idle.focus();
    return;
  }
  let saving = idle; // the control of the setting being changed
  try {
    await busy($("#settings-save"), async () => {
      if (!settings || minutes !== settings.idle_lock_minutes) {
        settings = await call("change_setting", { key: "idle-lock-minutes", value: String(minutes) });
      }
      saving = minimize;
      if (!settings || minimize.checked !== settings.lock_on_minimize) {
        settings = await call("change_setting", { key: "lock-on-minimize", value: minimize.checked ? "true" : "false" });
      }
    });
    renderSettings();
    out.textContent = t("admin.settingsSaved");
  } catch (err) {
    showRefusal(err, { setting_value: [error, saving], setting: [error, saving] }, [error], { focusElse: saving });
  }
}

export function initSettings() {
  $("#setting-idle-lock-minutes").min = String(IDLE.min);
  $("#setting-idle-lock-minutes").max = String(IDLE.max);
  $("#settings-form").addEventListener("submit", saveSettings);
}

/** On lock: nothing of the settings stays in the page. */
export function resetSettings() {
  settings = null;
  $("#settings-form").reset();
  clearErrors($("#settings-form"));
  $("#settings-result").textContent = "";
}
