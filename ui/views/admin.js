// Systemförvaltare: accounts (add, disable/enable, reset password, unlock, data access), the accounts
// that wait for data access, assignments, lock settings. The admin never sees a person field and
// cannot grant data access (the recovery code can, views/access.js); the core refuses both anyway.
// The roles offered are the contract's ROLES; the lock settings are views/settings.js. A refusal is
// said next to the input the core names, else at the form.
import { call } from "../lib/api.js";
import { $, busy, clearError, clearErrors, el, fillOptions, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { showRefusal } from "../lib/errors.js";
import { errorText, has, t } from "../lib/i18n.js";
import { ROLES } from "../generated/contract.js";
import { loadAdminPending, openRevoke, whenAdminChanged } from "./access.js";
import { initSettings, loadSettings, resetSettings } from "./settings.js";

let users = null;
let passwordFor = null; // { name, mode: "reset" | "enable" } while the password dialog is open

function stateText(u) {
  if (u.disabled) {
    return t("admin.stateDisabled");
  }
  if (u.must_change_password) {
    return t("admin.stateInitial");
  }
  return t("admin.stateActive");
}

function accessText(u) {
  return has(`admin.access.${u.data_access}`) ? t(`admin.access.${u.data_access}`) : u.data_access;
}

function actionButton(action, u, index) {
  const b = el(
    "button",
    { type: "button", class: "small", "data-action": action, id: `user-${action}-${index}` },
    t(`admin.action.${action}`),
    el("span", { class: "sr-only", text: ` ${u.name}` }),
  );
  b.addEventListener("click", () => userAction(action, u.name, b));
  return b;
}

function renderUsers() {
  const body = $("#user-list tbody");
  const focusedId = document.activeElement?.id;
  body.replaceChildren();
  if (!users) {
    return;
  }
  for (const [index, u] of users.entries()) {
    const actions = el("td", { class: "actions" });
    actions.append(
      u.disabled ? actionButton("enable", u, index) : actionButton("disable", u, index),
      actionButton("reset", u, index),
      actionButton("unlock", u, index),
    );
    if (u.data_access === "granted") {
      actions.append(actionButton("revoke", u, index));
    }
    body.append(
      el(
        "tr",
        { "data-user": u.name, class: u.disabled ? "disabled" : undefined },
        el("th", { scope: "row", text: u.name }),
        el("td", { text: t(`role.${u.role}`) }),
        el("td", { text: stateText(u) }),
        el("td", { text: accessText(u) }),
        actions,
      ),
    );
  }
  $("#handler-names").replaceChildren(
    ...users.filter((u) => u.role === "handlaggare" && !u.disabled).map((u) => el("option", { value: u.name })),
  );
  if (focusedId && document.getElementById(focusedId)) {
    document.getElementById(focusedId).focus();
  }
}

async function loadUsers() {
  try {
    users = await call("list_users");
    renderUsers();
  } catch (err) {
    $("#user-list-status").textContent = errorText(err);
  }
}

async function userAction(action, name, button) {
  const status = $("#user-list-status");
  if (action === "reset" || action === "enable") {
    // Enabling needs a new initial password too: disabling removed the account's key slot.
    openPasswordDialog(name, action);
    return;
  }
  if (action === "revoke") {
    openRevoke(name);
    return;
  }
  const command = { disable: "disable_user", unlock: "unlock_user" }[action];
  try {
    const out = await busy(button, () => call(command, { name }));
    const key = action === "unlock" && out === false ? "admin.done.unlockNone" : `admin.done.${action}`;
    status.textContent = t(key, { name });
    await Promise.all([loadUsers(), action === "disable" ? loadAdminPending() : null]);
    // The row's other button replaces this one (disable → enable): keep focus in the row.
    focusInRow(name, action === "disable" ? "enable" : action);
  } catch (err) {
    status.textContent = errorText(err);
  }
}

async function addUser(event) {
  event.preventDefault();
  const form = $("#user-add-form");
  clearErrors(form);
  const name = $("#user-add-name");
  const role = $("#user-add-role");
  const pw = $("#user-add-password");
  const error = $("#user-add-error");
  if (!name.value.trim()) {
    showError(error, () => t("admin.needName"), name);
    name.focus();
    return;
  }
  if (!pw.value) {
    showError(error, () => t("password.needed"), pw);
    pw.focus();
    return;
  }
  try {
    await busy($("#user-add-submit"), () =>
      call("add_user", { name: name.value.trim(), role: role.value, password: pw.value }),
    );
    const added = name.value.trim();
    name.value = "";
    pw.value = "";
    role.value = ROLES[0];
    $("#user-list-status").textContent = t("admin.done.add", { name: added });
    await loadUsers();
    name.focus();
  } catch (err) {
    // A name taken already is about the name; the core names the input of any other refusal.
    const general = err.code === "USER_EXISTS" ? [error, name] : [error];
    showRefusal(err, { user_name: [error, name], role: [error, role], new_password: [error, pw] }, general, {
      focusElse: $("#user-add-submit"),
    });
  }
}

function focusInRow(name, action) {
  const row = document.querySelector(`#user-list tr[data-user="${CSS.escape(name)}"]`);
  row?.querySelector(`[data-action="${action}"]`)?.focus();
}

function renderPasswordDialog() {
  if (!passwordFor) {
    return;
  }
  const { name, mode } = passwordFor;
  const dialog = $("#reset-dialog");
  dialog.dataset.mode = mode;
  const enable = mode === "enable";
  $("#reset-heading").textContent = t(enable ? "admin.enableTitle" : "admin.resetTitle", { name });
  $("#reset-intro").textContent = t(enable ? "admin.enableIntro" : "admin.resetIntro");
  $("#reset-confirm").textContent = t(enable ? "admin.enableConfirm" : "admin.resetConfirm");
}

/** A new initial password: `mode` "reset" (reset_password) or "enable" (enable_user). */
function openPasswordDialog(name, mode) {
  passwordFor = { name, mode };
  const dialog = $("#reset-dialog");
  clearErrors(dialog);
  $("#reset-password").value = "";
  renderPasswordDialog();
  openDialog(dialog, {
    focus: $("#reset-password"),
    fallbackFocus: () => $("#users-heading"),
    onClose: () => {
      passwordFor = null;
      delete dialog.dataset.mode;
      $("#reset-password").value = "";
    },
  });
}

async function confirmPassword(event) {
  event.preventDefault();
  const pw = $("#reset-password");
  const error = $("#reset-error");
  clearError(error, pw);
  if (!pw.value) {
    showError(error, () => t("password.needed"), pw);
    pw.focus();
    return;
  }
  if (!passwordFor) {
    closeDialog($("#reset-dialog"));
    return;
  }
  const { name, mode } = passwordFor;
  const command = mode === "enable" ? "enable_user" : "reset_password";
  try {
    await busy($("#reset-confirm"), () => call(command, { name, password: pw.value }));
    pw.value = "";
    $("#user-list-status").textContent = t(`admin.done.${mode}`, { name });
    await Promise.all([loadUsers(), loadAdminPending()]);
    // After enabling, the row's "disable" button stands where "enable" was.
    const target = document.querySelector(
      `#user-list tr[data-user="${CSS.escape(name)}"] [data-action="${mode === "enable" ? "disable" : "reset"}"]`,
    );
    closeDialog($("#reset-dialog"), target);
  } catch (err) {
    showRefusal(err, { new_password: [error, pw] }, [error], { focusElse: pw });
  }
}

async function assign(event, on) {
  event?.preventDefault();
  const form = $("#assign-form");
  clearErrors(form);
  const person = $("#assign-person");
  const user = $("#assign-user");
  const error = $("#assign-error");
  const out = $("#assign-result");
  out.textContent = "";
  if (!person.value.trim() || !user.value.trim()) {
    const missing = person.value.trim() ? user : person;
    showError(error, () => t("admin.needAssign"), missing);
    missing.focus();
    return;
  }
  const personRef = person.value.trim().toUpperCase();
  const name = user.value.trim();
  // Immediate feedback from the list already shown; the core checks again and decides.
  const known = users?.find((u) => u.name.toLowerCase() === name.toLowerCase());
  if (on && known && known.role !== "handlaggare") {
    showError(error, () => t("admin.onlyHandlers"), user);
    user.focus();
    return;
  }
  try {
    const button = on ? $("#assign-submit") : $("#unassign-submit");
    const changed = await busy(button, () => call(on ? "assign" : "unassign", { personRef, user: name }));
    const key = on ? (changed ? "admin.done.assign" : "admin.done.assignNone") : changed ? "admin.done.unassign" : "admin.done.unassignNone";
    out.textContent = t(key, { ref: personRef, name });
  } catch (err) {
    // No such person, no such user: about the input by what the code means; others as the core names.
    const general = err.code === "PERSON_NOT_FOUND" ? [error, person] : err.code === "USER_NOT_FOUND" ? [error, user] : [error];
    showRefusal(err, { person_ref: [error, person], assignee: [error, user], user_name: [error, user] }, general, {
      focusElse: person,
    });
  }
}

export default {
  init() {
    fillOptions($("#user-add-role"), ROLES, (r) => `role.${r}`);
    whenAdminChanged(loadUsers);
    $("#user-add-form").addEventListener("submit", addUser);
    $("#reset-form").addEventListener("submit", confirmPassword);
    $("#reset-cancel").addEventListener("click", () => closeDialog($("#reset-dialog")));
    $("#assign-form").addEventListener("submit", (e) => assign(e, true));
    $("#unassign-submit").addEventListener("click", (e) => assign(e, false));
    initSettings();
  },
  enter() {
    loadUsers();
    loadAdminPending();
    loadSettings();
  },
  relocalize() {
    renderUsers();
    renderPasswordDialog();
  },
  reset() {
    users = null;
    resetSettings();
    closeDialog($("#reset-dialog"));
    for (const f of ["#user-add-form", "#assign-form"]) {
      $(f).reset();
      clearErrors($(f));
    }
    $("#user-list-status").textContent = "";
    $("#assign-result").textContent = "";
    $("#handler-names").replaceChildren();
    renderUsers();
  },
};
