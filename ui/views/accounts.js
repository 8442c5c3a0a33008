// Systemförvaltare: the accounts. The table (#user-list) says per account what colleagues see of it
// (display name, unit, work phone), its role, its state in words (active, on a one-time password,
// locked out, disabled, and "needs a new one-time password" for an account bound to a lost keyring
// after a recovery, with its reset button first and marked; #user-list-needs above the table says how
// many), data access, the last login, the failed logins since then and when it was made; the row's
// buttons open the dialogs of views/account-dialogs.js (details, disable, reset or enable on a new
// one-time password) or act at once (clear a lock-out; revoking asks in
// views/access.js). The add form takes a one-time password made by the core unless the admin types one
// (views/one-time-password.js). The admin never sees a person field; the core refuses it anyway.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { $, $$, busy, clearErrors, el, fillOptions, isoMinute, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { errorText, has, t } from "../lib/i18n.js";
import { ROLES } from "../generated/contract.js";
import { loadAdminPending, openRevoke, whenAdminChanged } from "./access.js";
import {
  initAccountDialogs,
  openDetails,
  openDisable,
  openPassword,
  relocalizeAccountDialogs,
  resetAccountDialogs,
} from "./account-dialogs.js";
import { oneTimePassword } from "./one-time-password.js";

let users = null;
let seq = 0; // only the latest list is shown
const loaded = []; // called with the list after every load (views/assignments.js picks its handlers)
let changed = async () => {}; // after a change that moves who can handle whom (disable, enable)
const addOtp = oneTimePassword("user-add");

/** An account as colleagues know it: "Hanna Lindqvist (hanna)", or the login when it has no name. */
export function accountLabel(u) {
  const display = u?.profile?.display_name ?? u?.display_name ?? null;
  return display ? `${display} (${u.name})` : (u?.name ?? "");
}

/** `fn(users)` after every load of the list. */
export function whenUsersLoaded(fn) {
  loaded.push(fn);
}

function stateText(u) {
  if (u.disabled) {
    return t("admin.stateDisabled");
  }
  if (u.locked) {
    return t("admin.stateLocked");
  }
  if (u.must_change_password) {
    return t("admin.stateInitial");
  }
  return t("admin.stateActive");
}

function accessText(u) {
  return has(`admin.access.${u.data_access}`) ? t(`admin.access.${u.data_access}`) : u.data_access;
}

const when = (iso) => el("time", { datetime: iso, text: isoMinute(iso) });

function detailsCell(u) {
  const p = u.profile ?? {};
  const parts = [
    p.display_name ? el("span", { class: "display-name", text: p.display_name }) : null,
    p.unit ? el("span", { class: "unit", text: p.unit }) : null,
    p.phone ? el("span", { class: "phone", text: p.phone }) : null,
  ].filter(Boolean);
  return el("td", { class: "details" }, ...(parts.length ? parts : [el("span", { class: "muted", text: t("admin.noDetails") })]));
}

/** The state in words, and for an account bound to a lost keyring that it needs a new one-time password. */
function stateCell(u) {
  const cell = el("td", { class: u.locked && !u.disabled ? "state locked" : "state" }, stateText(u));
  if (u.needs_new_password) {
    cell.append(" ", el("span", { class: "needs-new-password", text: t("admin.needsNewPassword") }));
  }
  return cell;
}

/** Above the table: how many accounts need a new one-time password after a recovery, and which. */
function renderNeeds() {
  const needs = (users ?? []).filter((u) => u.needs_new_password);
  const notice = $("#user-list-needs");
  notice.hidden = needs.length === 0;
  notice.textContent = needs.length
    ? t(needs.length === 1 ? "admin.needsNoticeOne" : "admin.needsNoticeMany", { count: needs.length, names: needs.map((u) => u.name).join(", ") })
    : "";
}

function actionButton(action, u, index) {
  // The reset an account bound to a lost keyring needs: first in its row, and marked.
  const needed = action === "reset" && u.needs_new_password;
  const b = el(
    "button",
    { type: "button", class: needed ? "small primary" : "small", "data-action": action, id: `user-${action}-${index}` },
    t(needed ? "admin.action.resetNeeded" : `admin.action.${action}`),
    el("span", { class: "sr-only", text: ` ${u.name}` }),
  );
  b.addEventListener("click", () => userAction(action, u, b));
  return b;
}

function renderUsers() {
  const body = $("#user-list tbody");
  const focusedId = document.activeElement?.id;
  body.replaceChildren();
  const columns = $$("#user-list thead th").length;
  for (const [index, u] of (users ?? []).entries()) {
    const actions = el("div", { class: "actions" });
    // An account that needs a new one-time password (after a recovery) has its reset first.
    const reset = actionButton("reset", u, index);
    if (u.needs_new_password) {
      actions.append(reset);
    }
    actions.append(
      actionButton("details", u, index),
      u.disabled ? actionButton("enable", u, index) : actionButton("disable", u, index),
    );
    if (!u.needs_new_password) {
      actions.append(reset);
    }
    if (u.locked || u.failed_attempts > 0) {
      actions.append(actionButton("unlock", u, index));
    }
    if (u.data_access === "granted") {
      actions.append(actionButton("revoke", u, index));
    }
    const state = u.disabled ? "disabled" : u.locked ? "locked" : undefined;
    body.append(
      el(
        "tr",
        {
          "data-user": u.name,
          "data-state": state,
          "data-needs-new-password": u.needs_new_password ? "true" : undefined,
          class: u.disabled ? "account disabled" : "account",
        },
        el("th", { scope: "row", text: u.name }),
        detailsCell(u),
        el("td", { text: t(`role.${u.role}`) }),
        stateCell(u),
        el("td", { text: accessText(u) }),
        el("td", { class: "when" }, u.last_login_at ? when(u.last_login_at) : t("admin.never")),
        el("td", { class: "num", text: String(u.failed_attempts ?? 0) }),
        el("td", { class: "when" }, u.created_at ? when(u.created_at) : ""),
      ),
      // The buttons in a row of their own, under the account's facts: the table stays readable.
      el("tr", { "data-user": u.name, class: "account-actions" }, el("td", { colspan: columns, class: "account-buttons" }, actions)),
    );
  }
  renderNeeds();
  if (focusedId && document.getElementById(focusedId)) {
    document.getElementById(focusedId).focus();
  }
}

export async function loadUsers() {
  const asked = ++seq;
  try {
    const list = await call("list_users");
    if (asked !== seq) {
      return;
    }
    users = list;
    renderUsers();
    for (const fn of loaded) {
      fn(users);
    }
  } catch (err) {
    if (asked === seq) {
      $("#user-list-status").textContent = errorText(err);
    }
  }
}

function focusInRow(name, actions) {
  const row = document.querySelector(`#user-list tr.account-actions[data-user="${CSS.escape(name)}"]`);
  for (const action of actions) {
    const b = row?.querySelector(`[data-action="${action}"]`);
    if (b) {
      b.focus();
      return;
    }
  }
}

/** After a dialog of views/account-dialogs.js changed `name`: say so, reload, keep focus in the row. */
async function afterDialog(what, name) {
  $("#user-list-status").textContent = t(`admin.done.${what}`, { name });
  await Promise.all([loadUsers(), loadAdminPending(), what === "disable" || what === "enable" ? changed() : null]);
  // The row's other button replaces the one pressed (disable ↔ enable): focus stays in the row.
  const next = { disable: ["enable"], enable: ["disable"], reset: ["reset"], details: ["details"] }[what] ?? [];
  focusInRow(name, next);
}

async function userAction(action, u, button) {
  if (action === "details") {
    openDetails(u);
    return;
  }
  if (action === "disable") {
    openDisable(u);
    return;
  }
  if (action === "reset" || action === "enable") {
    // Enabling needs a new one-time password too: disabling removed the account's key slot.
    openPassword(u.name, action);
    return;
  }
  if (action === "revoke") {
    openRevoke(u.name);
    return;
  }
  const status = $("#user-list-status");
  try {
    const out = await busy(button, () => call("unlock_user", { name: u.name }));
    status.textContent = t(out === false ? "admin.done.unlockNone" : "admin.done.unlock", { name: u.name });
    await loadUsers();
    // Without failed logins the row has no unlock button any more.
    focusInRow(u.name, ["unlock", "reset"]);
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
  const error = $("#user-add-error");
  if (!name.value.trim()) {
    showError(error, () => t("admin.needName"), name);
    name.focus();
    return;
  }
  const password = addOtp.take();
  if (password === null) {
    return;
  }
  const added = name.value.trim();
  try {
    await slowBusy($("#user-add-submit"), "busy.saving", () => call("add_user", { name: added, role: role.value, password }));
  } catch (err) {
    // A name taken already is about the name; the core names the input of any other refusal.
    const general = err.code === "USER_EXISTS" ? [error, name] : [error];
    showRefusal(err, { user_name: [error, name], role: [error, role], new_password: addOtp.place() }, general, {
      focusElse: err.field === "new_password" ? addOtp.control() : $("#user-add-submit"),
    });
    return;
  }
  // Shown once: it was to be written down before the account was saved.
  addOtp.clear();
  name.value = "";
  role.value = ROLES[0];
  $("#user-list-status").textContent = t("admin.done.add", { name: added });
  await loadUsers();
  name.focus();
}

export default {
  /** `refsOf(name)`: a handler's refs (views/assignments.js); `onChanged`: after disable/enable. */
  init({ refsOf, onChanged } = {}) {
    changed = onChanged ?? changed;
    fillOptions($("#user-add-role"), ROLES, (r) => `role.${r}`);
    whenAdminChanged(loadUsers);
    addOtp.init();
    initAccountDialogs({ done: afterDialog, refsOf: refsOf ?? (() => null) });
    $("#user-add-form").addEventListener("submit", addUser);
  },
  enter() {
    return loadUsers();
  },
  relocalize() {
    renderUsers();
    addOtp.relocalize();
    relocalizeAccountDialogs();
  },
  reset() {
    seq += 1;
    users = null;
    resetAccountDialogs();
    $("#user-add-form").reset();
    clearErrors($("#user-add-form"));
    addOtp.clear();
    $("#user-list-status").textContent = "";
    renderUsers();
  },
};
