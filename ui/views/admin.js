// Systemförvaltare: accounts (add, disable/enable, reset password, unlock), assignments, lock
// settings. The admin never sees a person field; the core refuses it anyway.
import { call } from "../lib/api.js";
import { $, busy, clearError, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { errorText, t } from "../lib/i18n.js";

let users = null;
let settings = null;
let resetFor = null;

function stateText(u) {
  if (u.disabled) {
    return t("admin.stateDisabled");
  }
  if (u.must_change_password) {
    return t("admin.stateInitial");
  }
  return t("admin.stateActive");
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
    body.append(
      el(
        "tr",
        { "data-user": u.name, class: u.disabled ? "disabled" : undefined },
        el("th", { scope: "row", text: u.name }),
        el("td", { text: t(`role.${u.role}`) }),
        el("td", { text: stateText(u) }),
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
  if (action === "reset") {
    openReset(name);
    return;
  }
  const command = { disable: "disable_user", enable: "enable_user", unlock: "unlock_user" }[action];
  try {
    const out = await busy(button, () => call(command, { name }));
    const key = action === "unlock" && out === false ? "admin.done.unlockNone" : `admin.done.${action}`;
    status.textContent = t(key, { name });
    await loadUsers();
    // The row's other button replaces this one (disable ↔ enable): keep focus in the row.
    const row = document.querySelector(`#user-list tr[data-user="${CSS.escape(name)}"]`);
    (row?.querySelector(`[data-action="${action === "disable" ? "enable" : action === "enable" ? "disable" : action}"]`))?.focus();
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
    showError(error, t("admin.needName"), name);
    name.focus();
    return;
  }
  if (!pw.value) {
    showError(error, t("password.needed"), pw);
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
    role.value = "handlaggare";
    $("#user-list-status").textContent = t("admin.done.add", { name: added });
    await loadUsers();
    name.focus();
  } catch (err) {
    const target = err.code === "WEAK_PASSWORD" ? pw : name;
    showError(error, err, target);
    target.focus();
  }
}

function openReset(name) {
  resetFor = name;
  const dialog = $("#reset-dialog");
  clearErrors(dialog);
  $("#reset-password").value = "";
  $("#reset-heading").textContent = t("admin.resetTitle", { name });
  openDialog(dialog, {
    focus: $("#reset-password"),
    fallbackFocus: () => $("#users-heading"),
    onClose: () => {
      resetFor = null;
      $("#reset-password").value = "";
    },
  });
}

async function confirmReset(event) {
  event.preventDefault();
  const pw = $("#reset-password");
  const error = $("#reset-error");
  clearError(error, pw);
  if (!pw.value) {
    showError(error, t("password.needed"), pw);
    pw.focus();
    return;
  }
  const name = resetFor;
  try {
    await busy($("#reset-confirm"), () => call("reset_password", { name, password: pw.value }));
    closeDialog($("#reset-dialog"));
    $("#user-list-status").textContent = t("admin.done.reset", { name });
    await loadUsers();
  } catch (err) {
    showError(error, err, pw);
    pw.focus();
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
    showError(error, t("admin.needAssign"), missing);
    missing.focus();
    return;
  }
  const personRef = person.value.trim().toUpperCase();
  const name = user.value.trim();
  // Immediate feedback from the list already shown; the core checks again and decides.
  const known = users?.find((u) => u.name.toLowerCase() === name.toLowerCase());
  if (on && known && known.role !== "handlaggare") {
    showError(error, t("admin.onlyHandlers"), user);
    user.focus();
    return;
  }
  try {
    const button = on ? $("#assign-submit") : $("#unassign-submit");
    const changed = await busy(button, () => call(on ? "assign" : "unassign", { personRef, user: name }));
    const key = on ? (changed ? "admin.done.assign" : "admin.done.assignNone") : changed ? "admin.done.unassign" : "admin.done.unassignNone";
    out.textContent = t(key, { ref: personRef, name });
  } catch (err) {
    const target = err.code === "PERSON_NOT_FOUND" ? person : err.code === "USER_NOT_FOUND" || err.code === "INVALID_INPUT" ? user : null;
    showError(error, err, target);
    (target ?? person).focus();
  }
}

function renderSettings() {
  if (!settings) {
    return;
  }
  $("#setting-idle-lock-minutes").value = String(settings.idle_lock_minutes);
  $("#setting-lock-on-minimize").checked = Boolean(settings.lock_on_minimize);
}

async function loadSettings() {
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
  clearError(error, idle);
  out.textContent = "";
  const minutes = Number(idle.value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
    showError(error, t("admin.idleRange"), idle);
    idle.focus();
    return;
  }
  try {
    await busy($("#settings-save"), async () => {
      if (!settings || minutes !== settings.idle_lock_minutes) {
        settings = await call("change_setting", { key: "idle-lock-minutes", value: String(minutes) });
      }
      if (!settings || minimize.checked !== settings.lock_on_minimize) {
        settings = await call("change_setting", { key: "lock-on-minimize", value: minimize.checked ? "true" : "false" });
      }
    });
    renderSettings();
    out.textContent = t("admin.settingsSaved");
  } catch (err) {
    showError(error, err, idle);
  }
}

export default {
  init() {
    $("#user-add-form").addEventListener("submit", addUser);
    $("#reset-form").addEventListener("submit", confirmReset);
    $("#reset-cancel").addEventListener("click", () => closeDialog($("#reset-dialog")));
    $("#assign-form").addEventListener("submit", (e) => assign(e, true));
    $("#unassign-submit").addEventListener("click", (e) => assign(e, false));
    $("#settings-form").addEventListener("submit", saveSettings);
  },
  enter() {
    loadUsers();
    loadSettings();
  },
  relocalize() {
    renderUsers();
  },
  reset() {
    users = null;
    settings = null;
    closeDialog($("#reset-dialog"));
    for (const f of ["#user-add-form", "#assign-form", "#settings-form"]) {
      $(f).reset();
      clearErrors($(f));
    }
    $("#user-list-status").textContent = "";
    $("#assign-result").textContent = "";
    $("#settings-result").textContent = "";
    $("#handler-names").replaceChildren();
    renderUsers();
  },
};
