// The incident register (GDPR art. 33–34; src-tauri/src/commands/duties.rs): the admin's "Uppgifter"
// and the granskare's "Incidenter" — one panel (#incidents), placed in the view of whoever is logged in.
// - The list: list_incidents → IncidentView[] (newest first): the reference, the status in words, when
//   it was discovered (local time), and the core's 72-hour clock in words — the hours left and the
//   deadline, "Mindre än 48 timmar kvar", "Mindre än 24 timmar kvar", "Försenad: 3 timmar efter
//   fristen", "Klockan stoppad: anmäld till IMY". A clock past 24 or 48 hours or past the deadline has
//   a sign and an outline of its own (never colour alone) and is said politely (#incidents-warnings).
// - "Öppna incident" (both roles): open_incident {details} with what is known now — when it was
//   discovered (now by default), how, its kinds and cause — and the reminders that a notification
//   becomes a public document once sent to IMY, and that a protected person is told only through their
//   handler (the app never shows an address for it).
// - The card: show_incident {id}: every field with its label, the change history, and for the admin the
//   edit form, which sends update_incident {id, patch} with the fields changed only (null clears one).
//   The delay reason is shown and marked required once the notification time lies more than 72 hours
//   after the discovery; the core decides (a refusal is said in words next to the field it concerns
//   when the form shows which, else at the form). The card's export (PDF, JSON) is incident-export.js.
// Who may do what is the contract's OPERATIONS; the clock is the core's (the view computes none).
import { call } from "../lib/api.js";
import { $, $$, busy, clearError, clearErrors, el, flash, isoMinute, replaceKeepingFocus, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { has, t } from "../lib/i18n.js";
import { OPERATIONS } from "../generated/contract.js";
import { BREACH_KINDS, detailsView, editForm, fieldList, focusOf, noValue, parseLocalTime, shownTime, textOf } from "./incident-fields.js";
import { say, words } from "./rights-form.js";
import { initIncidentExport, showIncidentExport } from "./incident-export.js";

let ctx = null;
let where = null; // "admin" | "reviewer": the view the panel is in
let list = null; // the core's last list
let listedAt = null;
let current = null; // the IncidentView on the card
let edit = null; // the admin's edit form while it is open
let generation = 0; // a reset (the lock) makes an answer still on its way stale

const roleMay = (op) => Boolean(ctx?.user && OPERATIONS.find((o) => o.name === op)?.roles.includes(ctx.user.role));
const mayOpen = () => roleMay("open_incident");
const mayUpdate = () => roleMay("update_incident");

/** The stages that warn: past 24 or 48 hours, or past the deadline. */
const WARNING_STAGES = ["passed_24", "passed_48", "overdue"];
const ICONS = { passed_24: "◔", passed_48: "⚠", overdue: "⚠", stopped: "✓" };

/** "71 timmar", "1 timme", "mindre än en timme". */
function hoursWords(n) {
  const h = Math.abs(n);
  return h === 0 ? t("incidents.hours0") : h === 1 ? t("incidents.hours1") : t("incidents.hours", { n: h });
}

/** The clock of an incident in words. */
function clockWords(view) {
  const c = view.clock;
  if (!c) {
    return t("incidents.clock.none");
  }
  const deadline = isoMinute(c.deadline);
  switch (c.stage) {
    case "stopped":
      return t(view.details?.imy_notified === true ? "incidents.clock.stopped" : "incidents.clock.stoppedNotNotified");
    case "overdue":
      return t("incidents.clock.overdue", { hours: hoursWords(c.hours_left), deadline });
    case "passed_24":
    case "passed_48":
      return t(`incidents.clock.${c.stage}`, { hours: hoursWords(c.hours_left), deadline });
    default:
      return t("incidents.clock.running", { hours: hoursWords(c.hours_left), deadline });
  }
}

/** The clock as a mark: its words, with a sign and an outline of its own when it warns. */
function clockMark(view) {
  const stage = view.clock?.stage ?? "none";
  const icon = ICONS[stage];
  return el(
    "span",
    { class: `incident-clock clock-${stage}`, "data-stage": stage },
    icon ? el("span", { class: "clock-icon", "aria-hidden": "true", text: icon }) : null,
    icon ? " " : null,
    el("span", { class: "clock-words", text: clockWords(view) }),
  );
}

const statusWords = (view) => (view.details?.status ? t(`incidents.status.${view.details.status}`) : t("incidents.none"));

const openerId = (id) => `incident-open-${String(id).replace(/[^A-Za-z0-9_-]/g, "_")}`;

function row(view) {
  const open = el("button", { type: "button", class: "link incident-open", id: openerId(view.id), "data-incident": view.id, "aria-label": t("incidents.openCard", { id: view.id }) }, view.id);
  open.addEventListener("click", () => openCard(view.id));
  const discovered = view.details?.discovered_at;
  return el(
    "tr",
    { "data-incident": view.id, "data-stage": view.clock?.stage ?? "none", "data-status": view.details?.status ?? undefined, class: WARNING_STAGES.includes(view.clock?.stage) ? "incident-warns" : undefined },
    el("th", { scope: "row" }, open),
    el("td", { text: statusWords(view) }),
    el("td", {}, discovered ? el("time", { datetime: discovered, text: isoMinute(discovered) }) : noValue()),
    el("td", {}, clockMark(view)),
  );
}

let warningTimer = null;

/** The warning clocks, in a polite live region (filled a moment later, so that it is announced). */
function renderWarnings() {
  const box = $("#incidents-warnings");
  window.clearTimeout(warningTimer);
  const warns = (list ?? []).filter((v) => WARNING_STAGES.includes(v.clock?.stage));
  box.classList.toggle("has-warnings", warns.length > 0);
  box.replaceChildren();
  if (!warns.length) {
    return;
  }
  warningTimer = window.setTimeout(() => {
    box.replaceChildren(
      el("p", { class: "label", text: t("incidents.warnings") }),
      el(
        "ul",
        {},
        ...warns.map((v) =>
          el(
            "li",
            { "data-incident": v.id, "data-stage": v.clock.stage },
            el("span", { class: "clock-icon", "aria-hidden": "true", text: `${ICONS[v.clock.stage]} ` }),
            t("incidents.warningItem", { id: v.id, clock: clockWords(v) }),
          ),
        ),
      ),
    );
  }, 50);
}

function renderList() {
  const body = $("#incidents-table tbody");
  const shown = Boolean(list?.length);
  $("#incidents-wrap").hidden = !shown;
  $("#incidents-empty").hidden = !list || shown;
  $("#incidents-summary").textContent = !list
    ? ""
    : list.length === 1
      ? t("incidents.summary1", { time: isoMinute(listedAt) })
      : t("incidents.summary", { n: list.length, time: isoMinute(listedAt) });
  replaceKeepingFocus(body, (list ?? []).map(row), $("#incidents-heading"));
  renderWarnings();
}

async function load() {
  const mine = generation;
  clearError($("#incidents-error"));
  let got;
  try {
    got = await busy($("#incidents-refresh"), () => call("list_incidents"));
  } catch (err) {
    if (mine === generation) {
      showError($("#incidents-error"), err);
    }
    return;
  }
  if (mine !== generation) {
    return;
  }
  list = got;
  listedAt = new Date();
  renderList();
}

// ---------------------------------------------------------------------------------------------
// The card
// ---------------------------------------------------------------------------------------------

function openedBy(view) {
  return view.opened_by === "skyddsvalv" ? t("incidents.openedBySystem") : view.opened_by;
}

function changeItem(change) {
  const at = isoMinute(change.at);
  const words = change.fields.length ? t("incidents.change", { by: change.by, at, fields: fieldList(change.fields) }) : t("incidents.changeNone", { by: change.by, at });
  return el("li", { "data-by": change.by, "data-at": change.at, "data-fields": change.fields.join(" ") }, words);
}

function renderCard() {
  const card = $("#incident-card");
  card.hidden = !current;
  showIncidentExport(current, ctx?.user?.role);
  if (!current) {
    return;
  }
  const v = current;
  card.dataset.incident = v.id;
  $("#incident-card-heading").textContent = t("incidents.cardTitle", { id: v.id });
  $("#incident-card-meta").replaceChildren(
    el("dt", { text: t("incidents.colStatus") }),
    el("dd", { "data-meta": "status", text: statusWords(v) }),
    el("dt", { text: t("incidents.openedLabel") }),
    el("dd", { "data-meta": "opened", text: t("incidents.openedBy", { at: isoMinute(v.opened_at), by: openedBy(v) }) }),
    el("dt", { text: t("incidents.colClock") }),
    el("dd", { "data-meta": "clock" }, clockMark(v)),
  );
  $("#incident-details").replaceChildren(...detailsView(v.details));
  $("#incident-details").hidden = Boolean(edit);
  const history = $("#incident-history");
  history.replaceChildren(...v.changes.map(changeItem));
  history.hidden = v.changes.length === 0;
  $("#incident-history-none").hidden = v.changes.length > 0;
  $("#incident-edit-actions").hidden = !mayUpdate();
}

async function openCard(id) {
  const mine = generation;
  clearError($("#incidents-error"));
  stopEdit({ focus: false });
  let got;
  try {
    got = await call("show_incident", { id });
  } catch (err) {
    if (mine === generation) {
      showError($("#incidents-error"), err);
      $("#incidents-heading").focus();
    }
    return;
  }
  if (mine !== generation) {
    return;
  }
  current = got;
  renderCard();
  $("#incident-card-heading").focus();
}

function closeCard() {
  const id = current?.id;
  stopEdit({ focus: false });
  current = null;
  renderCard();
  (document.getElementById(openerId(id)) ?? $("#incidents-heading")).focus();
}

// ---------------------------------------------------------------------------------------------
// The admin's edit form
// ---------------------------------------------------------------------------------------------

function stopEdit({ focus = true } = {}) {
  const form = $("#incident-edit-form");
  edit = null;
  form.replaceChildren();
  form.hidden = true;
  $("#incident-edit").setAttribute("aria-expanded", "false");
  $("#incident-details").hidden = false;
  if (focus) {
    $("#incident-edit").focus();
  }
}

function startEdit() {
  if (!current || !mayUpdate()) {
    return;
  }
  const form = $("#incident-edit-form");
  const heading = say(el("h4", { id: "incident-edit-heading" }), "incidents.editTitle", { id: current.id });
  edit = editForm(form, "incident-edit", current.details);
  const submit = words("button", "incidents.save", { id: "incident-edit-submit", type: "submit", class: "primary" });
  const cancel = words("button", "common.cancel", { id: "incident-edit-cancel", type: "button" });
  cancel.addEventListener("click", () => stopEdit());
  form.replaceChildren(
    heading,
    words("p", "incidents.editIntro", { id: "incident-edit-intro" }),
    words("p", "incidents.publicNote", { id: "incident-edit-public", class: "notice" }),
    ...edit.sections,
    words("p", "incidents.logged", { class: "hint" }),
    el("p", { id: "incident-edit-error", class: "error", hidden: true }),
    el("div", { class: "actions" }, submit, cancel),
  );
  edit.syncDelay();
  form.hidden = false;
  $("#incident-details").hidden = true;
  $("#incident-edit").setAttribute("aria-expanded", "true");
  focusOf(edit.controls.status).focus();
}

/**
 * Where a refusal of the core goes, and in which words: a missing value the form can point to (the
 * time of the notification, the delay reason, why IMY is not notified) next to its control; another
 * rule of the details in the register's own words where it has them, else the catalog's text.
 */
function refusalOf(err, f) {
  const ruleWords = err.code === "INVALID_INPUT" && has(`incidents.err.${err.rule}`) ? () => t(`incidents.err.${err.rule}`) : undefined;
  if (err.code !== "INVALID_INPUT" || err.field !== "incident_details" || !f) {
    return { places: {}, words: ruleWords };
  }
  const c = f.controls;
  const at = (name, key) => ({ places: { incident_details: [c[name].error, () => focusOf(c[name])] }, words: () => t(key) });
  if (err.rule === "REQUIRED") {
    const notified = textOf(c.imy_notified);
    if (notified === "true" && !textOf(c.imy_notified_at)) {
      return at("imy_notified_at", "incidents.err.notifiedAtRequired");
    }
    if (f.late() && !textOf(c.delay_reason)) {
      return at("delay_reason", "incidents.err.delayRequired");
    }
    if (textOf(c.status) === "closed" && notified === "false" && !textOf(c.imy_why_not)) {
      return at("imy_why_not", "incidents.err.whyNotRequired");
    }
  }
  return { places: {}, words: ruleWords };
}

async function saveEdit(event) {
  event.preventDefault();
  const f = edit;
  const form = $("#incident-edit-form");
  const submit = $("#incident-edit-submit");
  if (!f || !current || submit?.getAttribute("aria-disabled") === "true") {
    return;
  }
  clearErrors(form);
  const { patch, problems } = f.patch();
  for (const [c, key] of problems) {
    showError(c.error, () => t(key), focusOf(c));
  }
  if (problems.length) {
    focusOf(problems[0][0]).focus();
    return;
  }
  const general = $("#incident-edit-error");
  if (!Object.keys(patch).length) {
    showError(general, () => t("incidents.err.nothingChanged"));
    submit.focus();
    return;
  }
  const id = current.id;
  const mine = generation;
  let got;
  try {
    got = await busy(submit, () => call("update_incident", { id, patch }));
  } catch (err) {
    if (mine !== generation || edit !== f) {
      return;
    }
    const r = refusalOf(err, f);
    showRefusal(err, r.places, [general], { words: r.words, focusElse: submit });
    return;
  }
  if (mine !== generation) {
    return;
  }
  current = got;
  stopEdit({ focus: false });
  renderCard();
  const change = got.changes.at(-1);
  flash($("#incidents-status"), change?.fields.length ? t("incidents.updated", { id, fields: fieldList(change.fields) }) : t("incidents.updatedNothing", { id }));
  $("#incident-edit").focus();
  load();
}

// ---------------------------------------------------------------------------------------------
// "Öppna incident"
// ---------------------------------------------------------------------------------------------

const openControls = () => ({
  discovered: $("#incident-open-discovered_at"),
  how: $("#incident-open-how_discovered"),
  cause: $("#incident-open-cause"),
  kinds: $$('#incident-open-kinds input[type="checkbox"]'),
});

function showOpenForm() {
  const form = $("#incident-open-form");
  form.reset();
  clearErrors(form);
  // Discovered now, unless the user says otherwise.
  $("#incident-open-discovered_at").value = shownTime(new Date().toISOString());
  form.hidden = false;
  $("#incident-new").setAttribute("aria-expanded", "true");
  $("#incident-open-discovered_at").focus();
}

function hideOpenForm({ focus = true } = {}) {
  const form = $("#incident-open-form");
  form.hidden = true;
  form.reset();
  clearErrors(form);
  $("#incident-new").setAttribute("aria-expanded", "false");
  if (focus) {
    $("#incident-new").focus();
  }
}

async function submitOpen(event) {
  event.preventDefault();
  const form = $("#incident-open-form");
  const submit = $("#incident-open-submit");
  if (submit.getAttribute("aria-disabled") === "true") {
    return;
  }
  clearErrors(form);
  const c = openControls();
  const details = {};
  const typed = c.discovered.value.trim();
  if (typed) {
    const at = parseLocalTime(typed);
    if (!at) {
      showError($("#incident-open-discovered_at-error"), () => t("incidents.err.time"), c.discovered);
      c.discovered.focus();
      return;
    }
    details.discovered_at = at;
  }
  const kinds = c.kinds.filter((k) => k.checked).map((k) => k.value);
  if (kinds.length) {
    details.kinds = kinds;
  }
  for (const [name, input] of [["how_discovered", c.how], ["cause", c.cause]]) {
    const text = input.value.trim();
    if (text) {
      details[name] = text;
    }
  }
  const mine = generation;
  let got;
  try {
    got = await busy(submit, () => call("open_incident", { details }));
  } catch (err) {
    if (mine !== generation) {
      return;
    }
    // A time out of range is the one time of this form; anything else is said at the form.
    const places = err.code === "INVALID_INPUT" && err.rule === "OUT_OF_RANGE" ? { incident_details: [$("#incident-open-discovered_at-error"), c.discovered] } : {};
    showRefusal(err, places, [$("#incident-open-error")], { words: refusalOf(err, null).words, focusElse: submit });
    return;
  }
  if (mine !== generation) {
    return;
  }
  hideOpenForm({ focus: false });
  flash($("#incidents-status"), t("incidents.opened", { id: got.id }));
  current = got;
  renderCard();
  $("#incident-card-heading").focus();
  load();
}

// ---------------------------------------------------------------------------------------------
// The panel in the view of whoever is logged in
// ---------------------------------------------------------------------------------------------

/** Puts the panel into the admin's ("Uppgifter") or the granskare's ("Incidenter") view and lists the register. */
export function enterIncidents(view) {
  where = view;
  const panel = $("#incidents");
  if (view === "reviewer") {
    $("#log-entry-dialog").before(panel);
  } else {
    $("#purposes-panel").after(panel);
  }
  const heading = $("#incidents-heading");
  heading.dataset.i18n = view === "reviewer" ? "incidents.title" : "incidents.titleAdmin";
  heading.textContent = t(heading.dataset.i18n);
  $("#incidents-read-only").hidden = mayUpdate();
  $("#incident-new").hidden = !mayOpen();
  return load();
}

/** After something the core may have opened an incident for (a failed log verification). */
export function reloadIncidents() {
  return where ? load() : Promise.resolve();
}

export default {
  init(context) {
    ctx = context;
    initIncidentExport();
    $("#incident-open-kinds").append(
      ...BREACH_KINDS.map((k) =>
        el("div", { class: "check" }, el("input", { id: `incident-open-kinds-${k}`, type: "checkbox", value: k }), words("label", `incidents.kind.${k}`, { for: `incident-open-kinds-${k}` })),
      ),
    );
    $("#incident-new").addEventListener("click", () => ($("#incident-open-form").hidden ? showOpenForm() : hideOpenForm()));
    $("#incident-open-cancel").addEventListener("click", () => hideOpenForm());
    $("#incident-open-form").addEventListener("submit", submitOpen);
    $("#incidents-refresh").addEventListener("click", load);
    $("#incident-card-close").addEventListener("click", closeCard);
    $("#incident-edit").addEventListener("click", () => (edit ? stopEdit() : startEdit()));
    $("#incident-edit-form").addEventListener("submit", saveEdit);
  },
  relocalize() {
    if (list) {
      renderList();
    }
    renderCard();
  },
  reset() {
    generation += 1;
    window.clearTimeout(warningTimer);
    where = null;
    list = null;
    listedAt = null;
    current = null;
    stopEdit({ focus: false });
    hideOpenForm({ focus: false });
    clearError($("#incidents-error"));
    flash($("#incidents-status"), "");
    renderList();
    renderCard();
  },
};
