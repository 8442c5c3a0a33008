// Systemförvaltare: who handles whom, by ref only (the admin never sees a person):
// - the overview (`assignments`): every case handler with the refs assigned to them, and the persons
//   with no active handler called out (nobody can open them but by emergency access);
// - one person assigned or unassigned, the handler picked from the active case handlers of list_users
//   (views/accounts.js gives them); the core refuses to leave a person without a handler
//   (LAST_HANDLER), said as a refusal with what to do;
// - every person of one handler moved to another (`reassign_all`), after a confirmation saying how
//   many move (the overview's count; the core's answer says how many did).
import { call } from "../lib/api.js";
import { $, busy, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { showRefusal } from "../lib/errors.js";
import { errorText, t } from "../lib/i18n.js";
import { accountLabel } from "./accounts.js";

let overview = null; // the `assignments` answer
let overviewError = null;
let users = null; // list_users, for the handlers offered
let seq = 0;
let moveFor = null; // { from, to, count } while the confirmation is open

const handlers = () => (users ?? []).filter((u) => u.role === "handlaggare");
const activeHandlers = () => handlers().filter((u) => !u.disabled);
const userNamed = (name) => (users ?? []).find((u) => u.name === name) ?? overview?.handlers.find((h) => h.name === name);
const labelOf = (name) => (userNamed(name) ? accountLabel(userNamed(name)) : name);

/** The refs assigned to `name` in the overview shown, or null when it is not known. */
export function refsOf(name) {
  return overview?.handlers.find((h) => h.name === name)?.refs ?? null;
}

const countText = (n) => t(n === 1 ? "reassign.countOne" : "reassign.countMany", { count: n });

/** Fills `select` with `list` (accounts) behind an empty choice; the chosen one is kept if offered. */
function fillHandlers(select, list, { counts = false } = {}) {
  const keep = select.value;
  const option = (u) => {
    const refs = counts ? refsOf(u.name) : null;
    const parts = [accountLabel(u), u.disabled ? t("admin.stateDisabled") : null, refs ? countText(refs.length) : null];
    return el("option", { value: u.name, text: parts.filter(Boolean).join(" — ") });
  };
  select.replaceChildren(el("option", { value: "", text: t("admin.chooseHandler") }), ...list.map(option));
  if ([...select.options].some((o) => o.value === keep)) {
    select.value = keep;
  }
}

function renderSelects() {
  fillHandlers($("#assign-user"), activeHandlers());
  // A handler who left may be disabled already: their persons can still be moved.
  fillHandlers($("#reassign-from"), handlers(), { counts: true });
  fillHandlers($("#reassign-to"), activeHandlers());
}

function refList(refs) {
  return el("ul", { class: "ref-list" }, ...refs.map((r) => el("li", {}, el("code", { text: r }))));
}

/** A person without a handler: the ref, which puts it in the assign form. */
function pickButton(ref) {
  const b = el("button", { type: "button", class: "small ref-button", "data-ref": ref }, el("code", { text: ref }), el("span", { class: "sr-only", text: t("overview.pick") }));
  b.addEventListener("click", () => {
    $("#assign-person").value = ref;
    $("#assign-user").focus();
  });
  return b;
}

function renderOverview() {
  const body = $("#assignments-table tbody");
  const focusedId = document.activeElement?.id;
  body.replaceChildren();
  const rows = overview?.handlers ?? [];
  $("#overview-wrap").hidden = rows.length === 0;
  $("#overview-empty").hidden = !overview || rows.length > 0;
  $("#assignments-status").textContent = overviewError ? errorText(overviewError) : "";
  for (const h of rows) {
    body.append(
      el(
        "tr",
        { "data-handler": h.name, class: h.disabled ? "disabled" : undefined },
        el("th", { scope: "row" }, accountLabel(h), h.disabled ? el("span", { class: "tag", text: t("admin.stateDisabled") }) : null),
        el("td", { class: "num", text: String(h.refs.length) }),
        el("td", { class: "refs" }, h.refs.length ? refList(h.refs) : el("span", { class: "muted", text: t("overview.none") })),
      ),
    );
  }
  const without = overview?.without_handler ?? [];
  $("#assignments-without").hidden = without.length === 0;
  $("#assignments-without-text").textContent = without.length
    ? t(without.length === 1 ? "overview.withoutOne" : "overview.withoutMany", { count: without.length })
    : "";
  $("#assignments-without-list").replaceChildren(...without.map((r) => el("li", {}, pickButton(r))));
  const known = [...new Set([...rows.flatMap((h) => h.refs), ...without])].sort();
  $("#assign-refs").replaceChildren(...known.map((r) => el("option", { value: r })));
  renderSelects();
  if (focusedId && document.getElementById(focusedId)) {
    document.getElementById(focusedId).focus();
  }
}

export async function loadAssignments() {
  const asked = ++seq;
  let answer = null;
  let error = null;
  try {
    answer = await call("assignments");
  } catch (err) {
    error = err;
  }
  if (asked !== seq) {
    return;
  }
  overview = answer ?? overview;
  overviewError = error;
  renderOverview();
}

/** The handlers offered come from list_users (views/accounts.js calls this after every load). */
export function setUsers(list) {
  users = list;
  renderSelects();
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
  if (!person.value.trim()) {
    showError(error, () => t("admin.needPerson"), person);
    person.focus();
    return;
  }
  if (!user.value) {
    showError(error, () => t("admin.needHandler"), user);
    user.focus();
    return;
  }
  const personRef = person.value.trim().toUpperCase();
  const name = user.value;
  const label = labelOf(name);
  try {
    const button = on ? $("#assign-submit") : $("#unassign-submit");
    const changed = await busy(button, () => call(on ? "assign" : "unassign", { personRef, user: name }));
    const key = on ? (changed ? "admin.done.assign" : "admin.done.assignNone") : changed ? "admin.done.unassign" : "admin.done.unassignNone";
    out.textContent = t(key, { ref: personRef, name: label });
  } catch (err) {
    if (err.code === "LAST_HANDLER") {
      // Not a mistake in the form: a refusal, with what to do instead.
      showRefusal(err, {}, [error], { words: () => t("assign.lastHandler", { ref: personRef, name: label }), focusElse: user });
      return;
    }
    // No such person, no such user: about the input by what the code means; others as the core names.
    const general = err.code === "PERSON_NOT_FOUND" ? [error, person] : err.code === "USER_NOT_FOUND" ? [error, user] : [error];
    showRefusal(err, { person_ref: [error, person], assignee: [error, user], user_name: [error, user] }, general, { focusElse: person });
    return;
  }
  await loadAssignments();
}

function renderMove() {
  if (!moveFor) {
    return;
  }
  const params = { count: moveFor.count, from: labelOf(moveFor.from), to: labelOf(moveFor.to) };
  $("#reassign-dialog-heading").textContent = t(moveFor.count === 1 ? "reassign.confirmTitleOne" : "reassign.confirmTitleMany", params);
  $("#reassign-dialog-intro").textContent = t("reassign.confirmIntro", params);
}

async function askMove(event) {
  event.preventDefault();
  const form = $("#reassign-form");
  clearErrors(form);
  $("#reassign-result").textContent = "";
  const from = $("#reassign-from");
  const to = $("#reassign-to");
  const error = $("#reassign-error");
  const stop = (key, control, params) => {
    showError(error, () => t(key, params), control);
    control.focus();
  };
  if (!from.value) {
    return stop("reassign.needFrom", from);
  }
  if (!to.value) {
    return stop("reassign.needTo", to);
  }
  if (from.value === to.value) {
    return stop("reassign.same", to);
  }
  if (!overview) {
    await loadAssignments();
  }
  const count = refsOf(from.value)?.length ?? 0;
  if (count === 0) {
    return stop("reassign.nothing", from, { name: labelOf(from.value) });
  }
  moveFor = { from: from.value, to: to.value, count };
  const dialog = $("#reassign-dialog");
  clearErrors(dialog);
  renderMove();
  openDialog(dialog, {
    // The careful choice first: Enter on an unchanged dialog moves nobody.
    focus: $("#reassign-cancel"),
    fallbackFocus: () => $("#reassign-submit"),
    onClose: () => {
      moveFor = null;
    },
  });
}

async function confirmMove(event) {
  event.preventDefault();
  const dialog = $("#reassign-dialog");
  const move = moveFor;
  if (!move) {
    closeDialog(dialog);
    return;
  }
  let moved;
  try {
    moved = await busy($("#reassign-confirm"), () => call("reassign_all", { from: move.from, to: move.to }));
  } catch (err) {
    closeDialog(dialog, $("#reassign-submit"));
    const to = $("#reassign-to");
    const general = err.code === "USER_DISABLED" ? [$("#reassign-error"), to] : [$("#reassign-error")];
    showRefusal(err, { assignee: [$("#reassign-error"), to] }, general, { focusElse: $("#reassign-submit") });
    return;
  }
  closeDialog(dialog, $("#reassign-submit"));
  const params = { count: moved, from: labelOf(move.from), to: labelOf(move.to) };
  $("#reassign-result").textContent = t(moved === 1 ? "reassign.doneOne" : "reassign.doneMany", params);
  await loadAssignments();
}

export default {
  init() {
    $("#assign-form").addEventListener("submit", (e) => assign(e, true));
    $("#unassign-submit").addEventListener("click", (e) => assign(e, false));
    $("#assignments-refresh").addEventListener("click", () => loadAssignments());
    $("#reassign-form").addEventListener("submit", askMove);
    $("#reassign-dialog-form").addEventListener("submit", confirmMove);
    $("#reassign-cancel").addEventListener("click", () => closeDialog($("#reassign-dialog")));
    renderOverview();
  },
  enter() {
    return loadAssignments();
  },
  relocalize() {
    renderOverview();
    renderMove();
  },
  reset() {
    seq += 1;
    overview = null;
    overviewError = null;
    users = null;
    closeDialog($("#reassign-dialog"));
    for (const f of ["#assign-form", "#reassign-form"]) {
      $(f).reset();
      clearErrors($(f));
    }
    for (const p of ["#assign-result", "#reassign-result"]) {
      $(p).textContent = "";
    }
    renderOverview();
  },
};
