// Data access. Person data is sealed under keys that only accounts granted by a case handler hold (the
// first case handler is granted with the recovery code). This module holds:
// - the acting user's own key while they wait for a grant (#awaiting-access, in the case handler's or
//   the reception's view), with "Check again";
// - the lists of accounts that wait (#pending-access for case handlers, #admin-pending for admins);
// - the grant dialogs: a case handler's (#grant-dialog), the recovery code's (#recovery-grant-dialog),
//   and the revocation (#revoke-dialog, in the admin view).
// The core checks the key and decides; the UI only asks and shows the answer.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { isoTime } from "../lib/dates.js";
import { $, announce, busy, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { errorText, has, t } from "../lib/i18n.js";

// ---------------------------------------------------------------------------------------------
// The acting user's own access
// ---------------------------------------------------------------------------------------------

let mine = null; // the my_access answer
let host = null; // { section, onReady } of the view that asked
let generation = 0; // bumped on reset: an answer arriving after a lock is dropped
let stillAt = null; // when "Check again" last found the account still waiting

/** "K7QD-M2XA-9RTB" → ["K7QD", "M2XA", "9RTB"] (groups of four if it comes without separators). */
function groups(fingerprint) {
  const clean = String(fingerprint ?? "").trim().toUpperCase();
  if (/[\s-]/.test(clean)) {
    return clean.split(/[\s-]+/).filter(Boolean);
  }
  return clean.match(/.{1,4}/g) ?? [];
}

function renderMine() {
  const box = $("#my-fingerprint");
  const parts = [];
  // Only while waiting: the key is shown to be read aloud, not as a detail of every session.
  const shown = mine?.awaiting ? groups(mine.fingerprint) : [];
  for (const [i, g] of shown.entries()) {
    if (i > 0) {
      parts.push(el("span", { class: "fp-sep", "aria-hidden": "true" }, "-"));
    }
    parts.push(el("span", { class: "fp-group" }, g));
  }
  box.replaceChildren(...parts);
  // Part of the accessible name: a screen reader spells the key one character at a time.
  $("#my-fingerprint-spoken").textContent = shown.map((g) => g.split("").join(" ")).join(", ");
  $("#awaiting-result").textContent = stillAt
    ? t("awaiting.still", { time: isoTime(stillAt) })
    : "";
}

function showAwaiting(waiting) {
  const panel = $("#awaiting-access");
  panel.hidden = !waiting;
  if (!waiting) {
    stillAt = null;
  }
  renderMine();
}

/** The acting user's key fingerprint as my_access last answered it (null: not asked, or no answer). */
export function myFingerprint() {
  return typeof mine?.fingerprint === "string" && mine.fingerprint.trim() ? mine.fingerprint.trim() : null;
}

/**
 * Asks the core whether the acting user holds the keys their role needs. While they wait, the panel
 * with their key is shown in `section` (after its heading) and `onReady(false)` hides the view's work;
 * once they hold the keys, `onReady(true)`. If the question itself fails the work is shown: the core
 * refuses what the account cannot do anyway.
 */
export async function checkMyAccess(section, onReady) {
  const asked = ++generation;
  host = { section, onReady };
  stillAt = null;
  const panel = $("#awaiting-access");
  const heading = $(".view-heading", section);
  if (panel.parentElement !== section) {
    heading.after(panel);
  }
  let answer = null;
  try {
    answer = await call("my_access");
  } catch {
    answer = null;
  }
  if (asked !== generation) {
    return;
  }
  mine = answer;
  const waiting = Boolean(answer?.awaiting);
  showAwaiting(waiting);
  onReady(!waiting);
}

async function checkAgain() {
  if (!host) {
    return;
  }
  const asked = generation;
  const { section, onReady } = host;
  let answer;
  try {
    answer = await busy($("#awaiting-refresh"), () => call("my_access"));
  } catch (err) {
    $("#awaiting-result").textContent = errorText(err);
    return;
  }
  if (asked !== generation) {
    return;
  }
  mine = answer;
  if (answer.awaiting) {
    stillAt = new Date();
    renderMine();
    return;
  }
  showAwaiting(false);
  onReady(true);
  $(".view-heading", section)?.focus();
  announce(t("awaiting.granted"));
}

// ---------------------------------------------------------------------------------------------
// Lists of accounts that wait
// ---------------------------------------------------------------------------------------------

const tables = [];

function waitingText(kinds) {
  const set = new Set(kinds);
  if (set.has("records") && set.has("reception")) {
    return t("pending.waiting.both");
  }
  return kinds.map((k) => (has(`pending.waiting.${k}`) ? t(`pending.waiting.${k}`) : k)).join(", ");
}

/**
 * The table of waiting accounts inside `#<prefix>`: rows `tr[data-pending-user]`, one button per row
 * made by `button(account, index)`.
 */
function pendingTable(prefix, button) {
  const table = {
    rows: null,
    error: null,
    updatedAt: null, // set when the list was refreshed by its button
    seq: 0, // only the latest answer is shown
    render() {
      const body = $(`#${prefix}-list tbody`);
      const focusedId = document.activeElement?.id;
      body.replaceChildren();
      const rows = table.rows ?? [];
      $(`#${prefix}-wrap`).hidden = rows.length === 0;
      $(`#${prefix}-empty`).hidden = table.rows === null || rows.length > 0;
      $(`#${prefix}-status`).textContent = table.error
        ? errorText(table.error)
        : table.updatedAt
          ? t("pending.updated", { time: isoTime(table.updatedAt) })
          : "";
      for (const [index, p] of rows.entries()) {
        body.append(
          el(
            "tr",
            { "data-pending-user": p.name },
            el("th", { scope: "row", text: p.name }),
            el("td", { text: has(`role.${p.role}`) ? t(`role.${p.role}`) : p.role }),
            el("td", { text: waitingText(p.waiting_for ?? []) }),
            el("td", { class: "actions" }, button(p, index)),
          ),
        );
      }
      if (focusedId && document.getElementById(focusedId)) {
        document.getElementById(focusedId).focus();
      }
    },
    async load({ byButton = false } = {}) {
      const asked = ++table.seq;
      let rows = null;
      let error = null;
      try {
        rows = await call("pending_access");
      } catch (err) {
        error = err;
      }
      if (asked !== table.seq) {
        return;
      }
      table.rows = rows;
      table.error = error;
      table.updatedAt = byButton && !error ? new Date() : null;
      table.render();
    },
    reset() {
      table.seq += 1;
      table.rows = null;
      table.error = null;
      table.updatedAt = null;
      table.render();
    },
  };
  $(`#${prefix}-refresh`).addEventListener("click", () => table.load({ byButton: true }));
  tables.push(table);
  return table;
}

function rowButton(action, label, id, p, onClick) {
  const b = el(
    "button",
    { type: "button", class: "small", "data-action": action, id },
    t(label),
    el("span", { class: "sr-only", text: ` ${p.name}` }),
  );
  b.addEventListener("click", () => onClick(p));
  return b;
}

let handlerPending = null;
let adminPending = null;

/** The case handler's list (#pending-access): shown and loaded once the handler holds the keys. */
export function showHandlerPending(show) {
  $("#pending-access").hidden = !show;
  if (show) {
    handlerPending.load();
  } else {
    handlerPending.reset();
  }
}

/** The admin's list (#admin-pending). */
export function loadAdminPending() {
  return adminPending.load();
}

// ---------------------------------------------------------------------------------------------
// Granting: the case handler's dialog and the recovery code's
// ---------------------------------------------------------------------------------------------

let grantFor = null; // the waiting account the open grant dialog is for
let recoveryFor = null;
let revokeFor = null;
let afterAdminChange = () => {};

/** The error for a grant: words for the situation where the general catalog text would mislead. */
function grantError(err) {
  // The account named cannot be granted: its role works without data access.
  if (err.code === "INVALID_INPUT" && err.field === "user_name" && err.rule === "NOT_ALLOWED") {
    return t("access.err.noAccessNeeded");
  }
  return has(`access.err.${err.code}`) ? t(`access.err.${err.code}`) : errorText(err);
}

function showGrantError(errorEl, err, input) {
  showError(errorEl, () => grantError(err), input);
  errorEl.dataset.code = err.code;
}

function renderGrantText() {
  if (!grantFor) {
    return;
  }
  const role = has(`role.${grantFor.role}`) ? t(`role.${grantFor.role}`) : grantFor.role;
  $("#grant-heading").textContent = t("grant.title", { name: grantFor.name });
  $("#grant-intro").textContent = t("grant.intro", {
    name: grantFor.name,
    role,
    what: waitingText(grantFor.waiting_for ?? []).toLowerCase(),
  });
}

function openGrant(p) {
  grantFor = p;
  const dialog = $("#grant-dialog");
  clearErrors(dialog);
  $("#grant-fingerprint").value = "";
  renderGrantText();
  openDialog(dialog, {
    focus: $("#grant-fingerprint"),
    fallbackFocus: () => $("#pending-access-heading"),
    onClose: () => {
      grantFor = null;
      $("#grant-fingerprint").value = "";
    },
  });
}

async function confirmGrant(event) {
  event.preventDefault();
  const input = $("#grant-fingerprint");
  const error = $("#grant-error");
  clearErrors($("#grant-dialog"));
  const fingerprint = input.value.trim();
  if (!fingerprint) {
    showError(error, () => t("grant.needFingerprint"), input);
    input.focus();
    return;
  }
  const name = grantFor?.name;
  if (!name) {
    closeDialog($("#grant-dialog"));
    return;
  }
  try {
    await busy($("#grant-confirm"), () => call("grant_access", { name, fingerprint }));
  } catch (err) {
    showGrantError(error, err, input);
    input.focus();
    return;
  }
  closeDialog($("#grant-dialog"), $("#pending-access-heading"));
  announce(t("grant.done", { name }));
  await handlerPending.load();
}

function openRecoveryGrant(p) {
  recoveryFor = p;
  const dialog = $("#recovery-grant-dialog");
  clearErrors(dialog);
  $("#recovery-grant-code").value = "";
  $("#recovery-grant-fingerprint").value = "";
  $("#recovery-grant-show").checked = false;
  $("#recovery-grant-code").type = "password";
  $("#recovery-grant-heading").textContent = t("recoveryGrant.title", { name: p.name });
  openDialog(dialog, {
    focus: $("#recovery-grant-code"),
    fallbackFocus: () => $("#admin-pending-heading"),
    onClose: () => {
      recoveryFor = null;
      // The code never stays in the page.
      $("#recovery-grant-code").value = "";
      $("#recovery-grant-code").type = "password";
      $("#recovery-grant-show").checked = false;
      $("#recovery-grant-fingerprint").value = "";
    },
  });
}

/** The error goes next to the input it is about. */
function recoveryError(err, input) {
  const error = $("#recovery-grant-error");
  input.closest(".field").append(error);
  if (typeof err === "function") {
    showError(error, err, input);
  } else {
    showGrantError(error, err, input);
  }
  input.focus();
}

async function confirmRecoveryGrant(event) {
  event.preventDefault();
  const dialog = $("#recovery-grant-dialog");
  const codeInput = $("#recovery-grant-code");
  const fpInput = $("#recovery-grant-fingerprint");
  clearErrors(dialog);
  const code = codeInput.value.trim();
  const fingerprint = fpInput.value.trim();
  if (!code) {
    recoveryError(() => t("recoveryGrant.needCode"), codeInput);
    return;
  }
  if (!fingerprint) {
    recoveryError(() => t("grant.needFingerprint"), fpInput);
    return;
  }
  const name = recoveryFor?.name;
  if (!name) {
    closeDialog(dialog);
    return;
  }
  try {
    // The recovery code opens its slot: the core runs the KDF.
    await slowBusy($("#recovery-grant-confirm"), "busy.checking", () => call("grant_with_recovery", { code, name, fingerprint }));
  } catch (err) {
    recoveryError(err, err.code === "WRONG_RECOVERY_CODE" ? codeInput : fpInput);
    return;
  }
  closeDialog(dialog, $("#admin-pending-heading"));
  announce(t("recoveryGrant.done", { name }));
  await Promise.all([adminPending.load(), afterAdminChange()]);
}

// ---------------------------------------------------------------------------------------------
// Revoking (admin view; the core allows case handlers too)
// ---------------------------------------------------------------------------------------------

function renderRevokeText() {
  if (!revokeFor) {
    return;
  }
  $("#revoke-heading").textContent = t("revoke.title", { name: revokeFor });
  $("#revoke-intro").textContent = t("revoke.intro", { name: revokeFor });
}

/** Asks before taking `name`'s data access away. */
export function openRevoke(name) {
  revokeFor = name;
  const dialog = $("#revoke-dialog");
  clearErrors(dialog);
  renderRevokeText();
  openDialog(dialog, {
    // The careful choice first: Enter on an unchanged dialog does not revoke.
    focus: $("#revoke-cancel"),
    fallbackFocus: () => $("#users-heading"),
    onClose: () => {
      revokeFor = null;
    },
  });
}

async function confirmRevoke(event) {
  event.preventDefault();
  const name = revokeFor;
  const dialog = $("#revoke-dialog");
  if (!name) {
    closeDialog(dialog);
    return;
  }
  try {
    await busy($("#revoke-confirm"), () => call("revoke_access", { name }));
  } catch (err) {
    showGrantError($("#revoke-error"), err);
    $("#revoke-confirm").focus();
    return;
  }
  closeDialog(dialog);
  $("#user-list-status").textContent = t("admin.done.revoke", { name });
  await Promise.all([adminPending.load(), afterAdminChange()]);
}

// ---------------------------------------------------------------------------------------------

/** `fn` runs after a grant or a revocation in the admin view (the admin reloads the user list). */
export function whenAdminChanged(fn) {
  afterAdminChange = fn;
}

export default {
  init() {
    $("#awaiting-refresh").addEventListener("click", checkAgain);
    handlerPending = pendingTable("pending-access", (p, i) =>
      rowButton("grant", "pending.grant", `pending-grant-${i}`, p, openGrant),
    );
    adminPending = pendingTable("admin-pending", (p, i) =>
      rowButton("grant-recovery", "admin.action.grantRecovery", `admin-pending-grant-${i}`, p, openRecoveryGrant),
    );
    $("#grant-form").addEventListener("submit", confirmGrant);
    $("#grant-cancel").addEventListener("click", () => closeDialog($("#grant-dialog")));
    $("#recovery-grant-form").addEventListener("submit", confirmRecoveryGrant);
    $("#recovery-grant-cancel").addEventListener("click", () => closeDialog($("#recovery-grant-dialog")));
    $("#recovery-grant-show").addEventListener("change", (e) => {
      $("#recovery-grant-code").type = e.target.checked ? "text" : "password";
    });
    $("#revoke-form").addEventListener("submit", confirmRevoke);
    $("#revoke-cancel").addEventListener("click", () => closeDialog($("#revoke-dialog")));
    // An error goes away as soon as the input it is about is edited.
    for (const input of ["#grant-fingerprint", "#recovery-grant-code", "#recovery-grant-fingerprint"]) {
      $(input).addEventListener("input", () => {
        if ($(input).getAttribute("aria-invalid") === "true") {
          clearErrors($(input).closest("dialog"));
        }
      });
    }
  },
  relocalize() {
    renderMine();
    for (const table of tables) {
      table.render();
    }
    renderGrantText();
    renderRevokeText();
    if (recoveryFor) {
      $("#recovery-grant-heading").textContent = t("recoveryGrant.title", { name: recoveryFor.name });
    }
  },
  /** On lock: nothing of the session stays in the page. */
  reset() {
    generation += 1;
    host = null;
    mine = null;
    stillAt = null;
    for (const d of ["#grant-dialog", "#recovery-grant-dialog", "#revoke-dialog"]) {
      closeDialog($(d));
    }
    $("#grant-fingerprint").value = "";
    $("#recovery-grant-code").value = "";
    $("#recovery-grant-fingerprint").value = "";
    $("#awaiting-access").hidden = true;
    renderMine();
    for (const table of tables) {
      table.reset();
    }
  },
};
