// Handläggare: "Gallring" (src-tauri/src/commands/duties.rs). The panel #sweep, opened from the toolbar:
// - the sweep (retention_due → SweepList): the files due today and those kept ("Behålls") with the
//   reasons in words — refs and dates only, never a name;
// - "Föreslå gallringslista" (propose_destruction, after a confirmation): today's due files become a
//   list that another case handler approves;
// - the lists (list_destructions): "Godkänn och gallra" on a list someone else proposed (a confirmation
//   that says it cannot be undone and that each erasure is logged), then approve_destruction {id,
//   batch} again while the list is "approved", with a progress bar; an approved list left unfinished
//   offers "Fortsätt gallringen"; a done list its certificate (PDF, JSON).
// The core decides what is due and who may approve (the proposer is refused); the view only says it.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, flash, replaceKeepingFocus, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { t } from "../lib/i18n.js";
import { anchorWords, dueWords, holdsWords } from "./retention-names.js";
import { certificateButtons, countWords, destructionRow } from "./destruction-list.js";
import { fileSaver } from "./save-file.js";

// Files erased per call: each call ends with a compaction of the store, so not one at a time.
const BATCH = 5;

let ctx = null;
let sweep = null; // the core's last SweepList
let lists = null; // the core's last DestructionSummary[]
let running = null; // the id being erased
let generation = 0;
let saver = null;

const me = () => ctx?.user?.name;

function itemRow(item, last) {
  const a = item.assessment;
  return el(
    "tr",
    { "data-person-ref": item.person_ref, "data-standing": a.standing },
    el("th", { scope: "row", class: "ref", text: item.person_ref }),
    el("td", { text: a.rule ?? t("retention.ruleNone") }),
    el("td", { text: dueWords(a) }),
    el("td", { text: last(a) }),
  );
}

function renderSweep() {
  const s = sweep;
  $("#sweep-summary").textContent = s ? t("sweep.summary", { today: s.today, due: s.due.length, withheld: s.withheld.length, running: s.running }) : "";
  for (const [name, items, last] of [
    ["due", s?.due, anchorWords],
    ["withheld", s?.withheld, (a) => holdsWords(a.holds)],
  ]) {
    const shown = Boolean(items?.length);
    $(`#sweep-${name}-wrap`).hidden = !shown;
    $(`#sweep-${name}-empty`).hidden = !s || shown;
    $(`#sweep-${name}-table tbody`).replaceChildren(...(items ?? []).map((i) => itemRow(i, last)));
  }
}

function actionsOf(d) {
  if (d.status === "proposed" && d.proposed_by === me()) {
    return [el("span", { class: "hint", text: t("sweep.ownList") })];
  }
  if (d.status === "proposed" || d.status === "approved") {
    const resume = d.status === "approved";
    const b = el("button", {
      type: "button",
      class: resume ? "small" : "small caution",
      id: `sweep-${resume ? "resume" : "approve"}-${d.id}`,
      text: t(resume ? "sweep.resume" : "sweep.approve"),
      "aria-label": t(resume ? "sweep.resumeOf" : "sweep.approveOf", { id: d.id }),
    });
    b.disabled = Boolean(running);
    b.addEventListener("click", () => (resume ? erase(d) : confirmApprove(d)));
    return [b];
  }
  return certificateButtons("sweep-cert", d, saver);
}

function renderLists() {
  const shown = Boolean(lists?.length);
  $("#sweep-lists-wrap").hidden = !shown;
  $("#sweep-lists-empty").hidden = !lists || shown;
  $("#sweep-cert-box").hidden = !lists?.some((d) => d.status === "done");
  replaceKeepingFocus($("#sweep-lists-table tbody"), (lists ?? []).map((d) => destructionRow(d, actionsOf(d))), $("#sweep-lists-heading"));
}

async function load() {
  const mine = generation;
  clearError($("#sweep-error"));
  let got;
  try {
    got = await busy($("#sweep-refresh"), () => Promise.all([call("retention_due"), call("list_destructions")]));
  } catch (err) {
    if (mine === generation) {
      showError($("#sweep-error"), err);
    }
    return;
  }
  if (mine !== generation) {
    return;
  }
  [sweep, lists] = got;
  renderSweep();
  renderLists();
}

// ---- proposing ----

function confirmPropose() {
  clearError($("#sweep-error"));
  $("#sweep-propose-intro").textContent = t("sweep.proposeIntro", { n: sweep?.due.length ?? 0 });
  openDialog($("#sweep-propose-dialog"), { focus: $("#sweep-propose-cancel") });
}

/** Nothing due (or all of it already listed): said in the sweep's words. */
function proposeWords(err) {
  if (err.code === "INVALID_INPUT" && err.field === "destruction") {
    return () => t(String(err.rule).toUpperCase() === "NOT_ALLOWED" ? "sweep.err.unfinished" : "sweep.err.nothingDue");
  }
  return undefined;
}

async function propose(event) {
  event.preventDefault();
  const button = $("#sweep-propose-confirm");
  const mine = generation;
  let d;
  try {
    d = await busy(button, () => call("propose_destruction"));
  } catch (err) {
    closeDialog($("#sweep-propose-dialog"), $("#sweep-propose"));
    if (mine === generation) {
      showError($("#sweep-error"), proposeWords(err) ?? err);
    }
    return;
  }
  closeDialog($("#sweep-propose-dialog"), $("#sweep-lists-heading"));
  flash($("#sweep-status"), t("sweep.proposed", { id: d.id, n: d.files.length }));
  await load();
}

// ---- approving and erasing ----

let approving = null;

function confirmApprove(d) {
  clearError($("#sweep-lists-error"));
  approving = d;
  $("#sweep-approve-heading").textContent = t("sweep.approveTitle", { id: d.id });
  $("#sweep-approve-intro").textContent = t("sweep.approveIntro", { n: d.files, by: d.proposed_by });
  openDialog($("#sweep-approve-dialog"), { focus: $("#sweep-approve-cancel") });
}

function showProgress(s) {
  const done = s.erased + s.kept;
  const bar = $("#sweep-progress");
  $("#sweep-progress-box").hidden = false;
  $("#sweep-progress-label").textContent = t("sweep.progressLabel", { id: s.id });
  bar.setAttribute("aria-valuemax", String(s.files));
  bar.setAttribute("aria-valuenow", String(done));
  bar.setAttribute("aria-valuetext", t("sweep.progress", { done, files: s.files }));
  $("#sweep-progress-fill").style.width = s.files ? `${Math.round((100 * done) / s.files)}%` : "100%";
  $("#sweep-progress-text").textContent = t("sweep.progress", { done, files: s.files });
}

/** Asks the core again while the list is approved; an interruption leaves it to be resumed. */
async function erase(d) {
  const mine = generation;
  clearError($("#sweep-lists-error"));
  running = d.id;
  renderLists();
  showProgress(d);
  let s = d;
  try {
    for (;;) {
      const before = s.status === "proposed" ? -1 : s.erased + s.kept;
      s = await call("approve_destruction", { id: d.id, batch: BATCH });
      if (mine !== generation) {
        return;
      }
      showProgress(s);
      if (s.status !== "approved" || s.erased + s.kept <= before) {
        break;
      }
    }
  } catch (err) {
    if (mine === generation) {
      running = null;
      const words = err.code === "DENIED" ? () => t("sweep.err.selfApproval") : undefined;
      showError($("#sweep-lists-error"), words ?? err);
      $("#sweep-progress-box").hidden = s === d;
      await load();
      $("#sweep-lists-heading").focus();
    }
    return;
  }
  running = null;
  const key = s.status === "done" ? "sweep.done" : "sweep.stopped";
  flash($("#sweep-status"), t(key, { id: s.id, counts: countWords(s) }));
  await load();
  (document.getElementById(`sweep-cert-${s.id}-pdf`) ?? $("#sweep-lists-heading")).focus();
}

async function approve(event) {
  event.preventDefault();
  const a = approving;
  approving = null;
  closeDialog($("#sweep-approve-dialog"), $("#sweep-progress-text"));
  if (a) {
    await erase(a);
  }
}

// ---- the panel ----

function toggle() {
  const panel = $("#sweep");
  const open = panel.hidden;
  panel.hidden = !open;
  $("#sweep-button").setAttribute("aria-expanded", String(open));
  if (open) {
    $("#sweep-heading").focus();
    load();
  }
}

export function initSweep(context) {
  ctx = context;
  saver = fileSaver({ id: "sweep-cert", hintKey: "destruction.pathHint", writtenKey: "destruction.written" });
  $("#sweep-cert-box").append(saver.node);
  $("#sweep-button").addEventListener("click", toggle);
  $("#sweep-refresh").addEventListener("click", load);
  $("#sweep-propose").addEventListener("click", confirmPropose);
  $("#sweep-propose-form").addEventListener("submit", propose);
  $("#sweep-propose-cancel").addEventListener("click", () => closeDialog($("#sweep-propose-dialog")));
  $("#sweep-approve-form").addEventListener("submit", approve);
  $("#sweep-approve-cancel").addEventListener("click", () => {
    approving = null;
    closeDialog($("#sweep-approve-dialog"));
  });
}

export function relocalizeSweep() {
  renderSweep();
  renderLists();
}

export function resetSweep() {
  generation += 1;
  sweep = null;
  lists = null;
  running = null;
  approving = null;
  saver?.reset();
  $("#sweep").hidden = true;
  $("#sweep-button").setAttribute("aria-expanded", "false");
  $("#sweep-progress-box").hidden = true;
  clearError($("#sweep-error"));
  clearError($("#sweep-lists-error"));
  flash($("#sweep-status"), "");
  renderSweep();
  renderLists();
}
