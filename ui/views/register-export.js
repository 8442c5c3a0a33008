// Handläggare: "Mottagningsregister för en disk utan valv" (src-tauri/src/commands/reception_desk.rs,
// src/session/offline_export.rs). The panel #register-export, opened from the toolbar next to the import
// and the sweep:
// - the desk's key (128 hex characters, as the desk shows it; whitespace allowed), the desk's fingerprint
//   as the handler reads it off the desk's screen, the days the register is valid (REGISTER_DAYS by
//   default, at most REGISTER_MAX_DAYS) and where the file goes (the shared save-file field; a temporary
//   folder is allowed, as the file is encrypted for that desk);
// - before the button, in words, what the register holds (locked checksums only) and that it is logged;
// - export_reception_register {deskKey, fingerprint, days, path}: each refusal next to its field —
//   FINGERPRINT_MISMATCH at the fingerprint, desk_key at the key, valid_days at the days, output_file at
//   the path (the save-file words); anything else (NO_DATA_ACCESS, DENIED) at the button;
// - afterwards what was written, in words, and how to install it at the desk: the file carried there,
//   and the first time the handler's own key fingerprint read aloud to the person at the desk.
// The core does every check (the key, the fingerprint, the days, the path); the view only says what it
// answered, and checks early only what cannot be sent at all (an empty field, a number that is none).
import { call } from "../lib/api.js";
import { $, clearError, showError } from "../lib/dom.js";
import { isoDate } from "../lib/dates.js";
import { has, t } from "../lib/i18n.js";
import { myFingerprint } from "./access.js";
import { fileSaver } from "./save-file.js";

/** The days a register is valid unless the handler types another number. */
export const REGISTER_DAYS = 7;
/** The most days a register may be valid (src/session/offline_export.rs, MAX_VALID_DAYS). */
export const REGISTER_MAX_DAYS = 31;

let saver = null;
let generation = 0;
let done = null; // the core's answer to the last export

const key = () => $("#register-export-key");
const fingerprint = () => $("#register-export-fingerprint");
const days = () => $("#register-export-days");

/** "1 skyddad person" or "N skyddade personer". */
const personsWords = (n) => (n === 1 ? t("regExport.persons1") : t("regExport.persons", { n }));

function renderResult() {
  $("#register-export-result").hidden = !done;
  if (!done) {
    return;
  }
  $("#register-export-result-text").textContent = t("regExport.result", {
    seq: done.seq,
    persons: personsWords(done.persons),
    path: done.path,
    date: isoDate(done.valid_until),
  });
  const mine = myFingerprint();
  $("#register-export-mine").textContent = mine ? t("regExport.yourFingerprint", { fingerprint: mine }) : t("regExport.fingerprintWhere");
}

function renderHints() {
  $("#register-export-days-hint").textContent = t("regExport.daysHint", { default: REGISTER_DAYS, max: REGISTER_MAX_DAYS });
}

/** The places of the fields other than the path (lib/errors.js). */
const places = () => ({
  desk_key: [$("#register-export-key-error"), key()],
  valid_days: [$("#register-export-days-error"), days()],
  desk_fingerprint: [$("#register-export-fingerprint-error"), fingerprint()],
});

/** A refusal that names no field but is about one by its code: the fingerprint. */
const fieldFor = (err) => (err.code === "FINGERPRINT_MISMATCH" ? "desk_fingerprint" : undefined);

/** The panel's own words for a refusal of a field (else the catalog's). */
function refusalWords(err) {
  if (err.code === "FINGERPRINT_MISMATCH") {
    return () => t("regExport.err.FINGERPRINT_MISMATCH");
  }
  if (err.code === "INVALID_INPUT") {
    const family = { desk_key: "key", valid_days: "days" }[err.field];
    const k = family ? `regExport.${family}.${err.rule}` : null;
    return k && has(k) ? () => t(k, { max: REGISTER_MAX_DAYS }) : undefined;
  }
  return undefined;
}

function clearFields() {
  clearError($("#register-export-key-error"), key());
  clearError($("#register-export-fingerprint-error"), fingerprint());
  clearError($("#register-export-days-error"), days());
}

/** What cannot be sent at all, said next to its field (the core checks the rest). */
function early() {
  const n = days().value.trim();
  if (!key().value.trim()) {
    return [$("#register-export-key-error"), key(), "regExport.keyMissing"];
  }
  if (!fingerprint().value.trim()) {
    return [$("#register-export-fingerprint-error"), fingerprint(), "regExport.fingerprintMissing"];
  }
  if (!/^\d{1,9}$/.test(n)) {
    return [$("#register-export-days-error"), days(), "regExport.days.OUT_OF_RANGE"];
  }
  return null;
}

async function exportRegister(event) {
  event.preventDefault();
  const mine = generation;
  const button = $("#register-export-submit");
  clearFields();
  done = null;
  renderResult();
  const problem = early();
  if (problem) {
    const [errorEl, control, words] = problem;
    showError(errorEl, () => t(words, { max: REGISTER_MAX_DAYS }), control);
    control.focus();
    return;
  }
  const args = { deskKey: key().value, fingerprint: fingerprint().value.trim(), days: Number(days().value.trim()) };
  const answer = await saver.save("register", button, (_format, path) => call("export_reception_register", { ...args, path }));
  if (!answer || mine !== generation) {
    return;
  }
  done = answer;
  renderResult();
  $("#register-export-result-heading").focus();
}

function toggle() {
  const panel = $("#register-export");
  const open = panel.hidden;
  panel.hidden = !open;
  $("#register-export-button").setAttribute("aria-expanded", String(open));
  if (open) {
    $("#register-export-heading").focus();
  }
}

export function initRegisterExport() {
  saver = fileSaver({ id: "register-export", hintKey: "regExport.pathHint", busyKey: "busy.registerExport", wordsFor: refusalWords, onWritten: () => {}, places, fieldFor });
  $("#register-export-file").append(saver.node);
  const d = days();
  d.min = "1";
  d.max = String(REGISTER_MAX_DAYS);
  d.value = String(REGISTER_DAYS);
  $("#register-export-button").addEventListener("click", toggle);
  $("#register-export-form").addEventListener("submit", exportRegister);
  // An error goes as soon as its field is edited.
  for (const [input, error] of [
    [key(), "#register-export-key-error"],
    [fingerprint(), "#register-export-fingerprint-error"],
    [d, "#register-export-days-error"],
  ]) {
    input.addEventListener("input", () => {
      if (input.getAttribute("aria-invalid") === "true") {
        clearError($(error), input);
      }
    });
  }
  renderHints();
  renderResult();
}

export function relocalizeRegisterExport() {
  renderHints();
  renderResult();
}

export function resetRegisterExport() {
  generation += 1;
  done = null;
  $("#register-export").hidden = true;
  $("#register-export-button").setAttribute("aria-expanded", "false");
  key().value = "";
  fingerprint().value = "";
  days().value = String(REGISTER_DAYS);
  clearFields();
  saver?.reset();
  renderResult();
}
