// The administrator's dialogs about one account, opened from its row in views/accounts.js:
// - #disable-dialog: before disabling, what happens (the key slot goes, the keys it could open are
//   rotated, data access is gone until a new grant; a case handler's persons may be left without one);
//   the careful choice (Avbryt) first, Escape does nothing;
// - #reset-dialog: a new one-time password for a reset or to enable the account again (both give the
//   account a new slot and new keys), generated when it opens (views/one-time-password.js);
// - #details-dialog: the account's display name, unit and work phone (the reception refers visitors
//   with them), each refusal of the core next to the field it names.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { $, busy, clearErrors, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { showRefusal } from "../lib/errors.js";
import { inputLabel, t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";
import { oneTimePassword } from "./one-time-password.js";

// Set by views/accounts.js: what to do after a change (status, reload, focus), the refs of a handler.
let hooks = { done: async () => {}, refsOf: () => null };
const fallbackFocus = () => $("#users-heading");
const otp = oneTimePassword("reset");

// ---------------------------------------------------------------------------------------------
// Disabling
// ---------------------------------------------------------------------------------------------

let disableFor = null; // the account (list_users entry) the open dialog is about

function renderDisable() {
  if (!disableFor) {
    return;
  }
  const { name } = disableFor;
  $("#disable-heading").textContent = t("disable.title", { name });
  $("#disable-intro").textContent = t("disable.intro", { name });
  const refs = disableFor.role === "handlaggare" ? hooks.refsOf(name) : null;
  const warning = $("#disable-handler");
  warning.hidden = !refs?.length;
  warning.textContent = refs?.length
    ? t(refs.length === 1 ? "disable.handlerOne" : "disable.handlerMany", { name, count: refs.length })
    : "";
}

export function openDisable(account) {
  disableFor = account;
  const dialog = $("#disable-dialog");
  clearErrors(dialog);
  renderDisable();
  openDialog(dialog, {
    // The careful choice first: Enter on an unchanged dialog does not disable.
    focus: $("#disable-cancel"),
    fallbackFocus,
    onClose: () => {
      disableFor = null;
    },
  });
}

async function confirmDisable(event) {
  event.preventDefault();
  const account = disableFor;
  const dialog = $("#disable-dialog");
  if (!account) {
    closeDialog(dialog);
    return;
  }
  try {
    await busy($("#disable-confirm"), () => call("disable_user", { name: account.name }));
  } catch (err) {
    showRefusal(err, {}, [$("#disable-error")], { focusElse: $("#disable-confirm") });
    return;
  }
  closeDialog(dialog);
  await hooks.done("disable", account.name);
}

// ---------------------------------------------------------------------------------------------
// A new one-time password: reset, or enable again
// ---------------------------------------------------------------------------------------------

let passwordFor = null; // { name, mode: "reset" | "enable" } while the dialog is open

function renderPassword() {
  otp.relocalize();
  if (!passwordFor) {
    return;
  }
  const { name, mode } = passwordFor;
  const enable = mode === "enable";
  $("#reset-heading").textContent = t(enable ? "admin.enableTitle" : "admin.resetTitle", { name });
  $("#reset-intro").textContent = t(enable ? "admin.enableIntro" : "admin.resetIntro", { name });
  $("#reset-confirm").textContent = t(enable ? "admin.enableConfirm" : "admin.resetConfirm");
}

/** `mode` "reset" (reset_password) or "enable" (enable_user): both on a new one-time password. */
export function openPassword(name, mode) {
  passwordFor = { name, mode };
  const dialog = $("#reset-dialog");
  dialog.dataset.mode = mode;
  clearErrors(dialog);
  otp.clear();
  renderPassword();
  openDialog(dialog, {
    focus: $("#reset-pw-generate"),
    fallbackFocus,
    onClose: () => {
      passwordFor = null;
      delete dialog.dataset.mode;
      otp.clear();
    },
  });
  // The default: one made by the core, on show at once to be written down before it is saved.
  otp.generate();
}

async function confirmPassword(event) {
  event.preventDefault();
  const dialog = $("#reset-dialog");
  clearErrors(dialog);
  if (!passwordFor) {
    closeDialog(dialog);
    return;
  }
  const password = otp.take();
  if (password === null) {
    return;
  }
  const { name, mode } = passwordFor;
  try {
    // A new slot for the one-time password: the core runs the password KDF.
    await slowBusy($("#reset-confirm"), "busy.saving", () => call(mode === "enable" ? "enable_user" : "reset_password", { name, password }));
  } catch (err) {
    showRefusal(err, { new_password: otp.place() }, [$("#reset-error")], { focusElse: otp.control() });
    return;
  }
  otp.clear();
  closeDialog(dialog);
  await hooks.done(mode, name);
}

// ---------------------------------------------------------------------------------------------
// Details for colleagues
// ---------------------------------------------------------------------------------------------

let detailsFor = null; // the account the open dialog is about
// The core's input names, the controls and the answer's keys (`details`: {display_name, unit, phone}).
const DETAILS = [
  { input: "display_name", key: "display_name", css: "#details-display-name" },
  { input: "unit", key: "unit", css: "#details-unit" },
  { input: "work_phone", key: "phone", css: "#details-phone" },
];
const errorOf = (css) => $(`${css}-error`);

function renderDetails() {
  if (detailsFor) {
    $("#details-heading").textContent = t("details.title", { name: detailsFor.name });
  }
}

export function openDetails(account) {
  detailsFor = account;
  const dialog = $("#details-dialog");
  clearErrors(dialog);
  for (const d of DETAILS) {
    $(d.css).value = account.profile?.[d.key] ?? "";
  }
  renderDetails();
  openDialog(dialog, {
    focus: $("#details-display-name"),
    fallbackFocus,
    onClose: () => {
      detailsFor = null;
    },
  });
}

/** Words for a refusal of a detail where the general catalog text would say less. */
function detailWords(err) {
  if (err.code !== "INVALID_INPUT") {
    return undefined;
  }
  if (err.rule === "TOO_LONG") {
    return () => t("details.tooLong", { field: inputLabel(err.field), max: LIMITS.MAX_ACCOUNT_DETAIL });
  }
  if (err.field === "work_phone" && err.rule === "FORMAT") {
    return () => t("details.phoneFormat");
  }
  return undefined;
}

async function confirmDetails(event) {
  event.preventDefault();
  const dialog = $("#details-dialog");
  clearErrors(dialog);
  const account = detailsFor;
  if (!account) {
    closeDialog(dialog);
    return;
  }
  // Early and only about length (the contract's limit); the core checks everything again.
  for (const d of DETAILS) {
    const control = $(d.css);
    if ([...control.value.trim()].length > LIMITS.MAX_ACCOUNT_DETAIL) {
      showError(errorOf(d.css), () => t("details.tooLong", { field: inputLabel(d.input), max: LIMITS.MAX_ACCOUNT_DETAIL }), control);
      control.focus();
      return;
    }
  }
  const details = Object.fromEntries(DETAILS.map((d) => [d.key, $(d.css).value]));
  try {
    await busy($("#details-confirm"), () => call("set_account_details", { name: account.name, details }));
  } catch (err) {
    const places = Object.fromEntries(DETAILS.map((d) => [d.input, [errorOf(d.css), $(d.css)]]));
    showRefusal(err, places, [$("#details-error")], { words: detailWords(err), focusElse: $("#details-confirm") });
    return;
  }
  closeDialog(dialog);
  await hooks.done("details", account.name);
}

// ---------------------------------------------------------------------------------------------

export function initAccountDialogs(given) {
  hooks = { ...hooks, ...given };
  otp.init();
  $("#disable-form").addEventListener("submit", confirmDisable);
  $("#disable-cancel").addEventListener("click", () => closeDialog($("#disable-dialog")));
  $("#reset-form").addEventListener("submit", confirmPassword);
  $("#reset-cancel").addEventListener("click", () => closeDialog($("#reset-dialog")));
  $("#details-form").addEventListener("submit", confirmDetails);
  $("#details-cancel").addEventListener("click", () => closeDialog($("#details-dialog")));
  // An error goes away as soon as the input it is about is edited.
  for (const d of DETAILS) {
    $(d.css).addEventListener("input", () => {
      if ($(d.css).getAttribute("aria-invalid") === "true") {
        clearErrors($(d.css).closest(".field"));
      }
    });
  }
}

export function relocalizeAccountDialogs() {
  renderDisable();
  renderPassword();
  renderDetails();
}

export function resetAccountDialogs() {
  for (const d of ["#disable-dialog", "#reset-dialog", "#details-dialog"]) {
    closeDialog($(d));
  }
  otp.clear();
  for (const d of DETAILS) {
    $(d.css).value = "";
  }
}
