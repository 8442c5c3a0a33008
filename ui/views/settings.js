// Systemförvaltare: the settings form (#settings-form) in the admin view: the idle lock, locking on
// minimise and how long the reception's answer stays on screen. Each number's range is its entry in
// the contract's SETTINGS; the core checks every change again (a refused value is said at the control
// of the setting being changed). get_settings is a logged, policy-checked operation for admins only:
// no other view calls it.
import { call } from "../lib/api.js";
import { $, busy, clearError, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { SETTINGS } from "../generated/contract.js";

// The settings this form shows: the contract's name, the key in get_settings' answer, the control, and
// for a number the words of its range. One the contract lacks is not offered.
const SHOWN = [
  { name: "idle-lock-minutes", key: "idle_lock_minutes", css: "#setting-idle-lock-minutes", range: "admin.idleRange" },
  { name: "reception-clear-seconds", key: "reception_clear_seconds", css: "#setting-reception-clear-seconds", range: "admin.clearRange" },
  { name: "lock-on-minimize", key: "lock_on_minimize", css: "#setting-lock-on-minimize" },
]
  .map((s) => ({ ...s, spec: SETTINGS.find((x) => x.name === s.name) }))
  .filter((s) => s.spec);

let settings = null;

const controls = () => SHOWN.map((s) => $(s.css));

function renderSettings() {
  if (!settings) {
    return;
  }
  for (const s of SHOWN) {
    const control = $(s.css);
    if (s.spec.kind === "flag") {
      control.checked = Boolean(settings[s.key]);
    } else if (settings[s.key] !== undefined) {
      control.value = String(settings[s.key]);
    }
  }
}

export async function loadSettings() {
  try {
    settings = await call("get_settings");
    renderSettings();
  } catch (err) {
    showError($("#settings-error"), err);
  }
}

/** The value typed for `s`, as change_setting takes it, or null (after saying so) when out of range. */
function valueOf(s) {
  const control = $(s.css);
  if (s.spec.kind === "flag") {
    return control.checked ? "true" : "false";
  }
  const n = Number(control.value);
  if (control.value.trim() === "" || !Number.isInteger(n) || n < s.spec.min || n > s.spec.max) {
    showError($("#settings-error"), () => t(s.range), control);
    control.focus();
    return null;
  }
  return String(n);
}

const storedAs = (s) => (s.spec.kind === "flag" ? (settings?.[s.key] ? "true" : "false") : String(settings?.[s.key]));

async function saveSettings(event) {
  event.preventDefault();
  const error = $("#settings-error");
  const out = $("#settings-result");
  clearError(error, controls());
  out.textContent = "";
  const changes = [];
  for (const s of SHOWN) {
    const value = valueOf(s);
    if (value === null) {
      return;
    }
    if (!settings || value !== storedAs(s)) {
      changes.push([s, value]);
    }
  }
  let saving = SHOWN[0] ? $(SHOWN[0].css) : null; // the control of the setting being changed
  try {
    await busy($("#settings-save"), async () => {
      for (const [s, value] of changes) {
        saving = $(s.css);
        settings = await call("change_setting", { key: s.name, value });
      }
    });
    renderSettings();
    out.textContent = t("admin.settingsSaved");
  } catch (err) {
    showRefusal(err, { setting_value: [error, saving], setting: [error, saving] }, [error], { focusElse: saving });
  }
}

export function initSettings() {
  for (const s of SHOWN) {
    if (s.spec.kind === "number") {
      $(s.css).min = String(s.spec.min);
      $(s.css).max = String(s.spec.max);
    }
  }
  // A setting the contract does not have is not offered.
  for (const css of ["#setting-idle-lock-minutes", "#setting-reception-clear-seconds", "#setting-lock-on-minimize"]) {
    if (!SHOWN.some((s) => s.css === css)) {
      $(css).closest(".field, .check").hidden = true;
    }
  }
  $("#settings-form").addEventListener("submit", saveSettings);
}

/** On lock: nothing of the settings stays in the page. */
export function resetSettings() {
  settings = null;
  $("#settings-form").reset();
  clearErrors($("#settings-form"));
  $("#settings-result").textContent = "";
}
