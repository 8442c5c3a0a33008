// Granskare: the worklist, log_tasks → [{id, kind, seq, flags, user, from, until, due, overdue, review}]:
// every emergency access to review (with the day it must be reviewed by, and "Försenad" in words — with
// a sign of its own, not colour alone — once the core says it is overdue), every entry the core made a
// suspicion of, every data-subject extract, and each drawn user of every sample, in the core's order. A
// done task carries its review; only the open ones are shown unless the reviewer asks for all. Each one
// opens for review (ui/views/log-entry.js): an entry's task as that entry (subject {entry: seq}), a
// sample's as the drawn user's day (subject {task: id}).
import { call } from "../lib/api.js";
import { $, busy, clearError, el, isoMinute, replaceKeepingFocus, showError } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { flagTag, outcomeLabel, taskKindLabel, windowOf } from "./log-names.js";
import entryDialog from "./log-entry.js";

let tasks = null; // the core's last answer

/** An id as an element id (a sample task's id has no character an id may not hold, but be sure). */
const idOf = (task) => `log-task-open-${task.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

function subjectCell(task) {
  if (task.seq !== null && task.seq !== undefined) {
    return el("td", { text: t("logTasks.entry", { seq: task.seq }) });
  }
  return el("td", {}, el("span", { text: task.user ?? "" }), el("br"), windowOf(task.from, task.until));
}

function dueCell(task) {
  const cell = el("td", { class: "date" });
  if (!task.due) {
    cell.append(el("span", { class: "muted", "aria-hidden": "true", text: "–" }), el("span", { class: "sr-only", text: t("logTasks.noDue") }));
    return cell;
  }
  cell.append(el("span", { text: isoMinute(task.due) }));
  if (task.overdue) {
    cell.append(" ", el("span", { class: "task-overdue", "data-overdue": "true" }, el("span", { "aria-hidden": "true", text: "⚠ " }), t("logTasks.overdue")));
  }
  return cell;
}

function statusCell(task) {
  const open = el("button", { type: "button", class: "small", id: idOf(task), "data-task": task.id, "aria-label": t("logTasks.openTask", { id: task.id }) }, t("logReview.open"));
  open.addEventListener("click", () => {
    const status = $("#log-tasks-status");
    if (task.kind === "sample") {
      entryDialog.openTask(task, { status });
    } else {
      entryDialog.openEntry(task.seq, { status, error: $("#log-tasks-error") });
    }
  });
  const state = task.review
    ? el("span", { class: "reviewed", "data-outcome": task.review.outcome, text: `${outcomeLabel(task.review.outcome)} (${task.review.reviewer})` })
    : el("span", { class: "open-task", text: t("logTasks.open") });
  return el("td", { class: "review-cell" }, state, " ", open);
}

function row(task) {
  return el(
    "tr",
    { "data-task": task.id, "data-kind": task.kind, class: [task.overdue ? "overdue" : "", task.review ? "done" : ""].filter(Boolean).join(" ") || undefined },
    el("td", {}, el("span", { text: taskKindLabel(task.kind) }), " ", el("code", { text: task.id })),
    subjectCell(task),
    el("td", { class: "flags" }, ...task.flags.flatMap((f, i) => [i ? " " : "", flagTag(f)])),
    dueCell(task),
    statusCell(task),
  );
}

function render() {
  const body = $("#log-tasks-table tbody");
  const summary = $("#log-tasks-summary");
  if (!tasks) {
    body.replaceChildren();
    summary.textContent = "";
    $("#log-tasks-wrap").hidden = false;
    return;
  }
  const all = $("#log-tasks-show-done").checked;
  const shown = all ? tasks : tasks.filter((x) => !x.review);
  // A task reviewed from the list leaves it: the focus goes to the list's heading, not the page.
  replaceKeepingFocus(body, shown.map(row), $("#log-tasks-heading"));
  $("#log-tasks-wrap").hidden = shown.length === 0;
  const open = tasks.filter((x) => !x.review).length;
  summary.textContent = shown.length === 0 ? t(all ? "logTasks.none" : "logTasks.noneOpen") : t("logTasks.summary", { shown: shown.length, open, all: tasks.length });
}

async function load() {
  clearError($("#log-tasks-error"));
  try {
    tasks = await busy($("#log-tasks-refresh"), () => call("log_tasks"));
  } catch (err) {
    tasks = null;
    showError($("#log-tasks-error"), err);
  }
  render();
}

export default {
  init() {
    $("#log-tasks-refresh").addEventListener("click", load);
    $("#log-tasks-show-done").addEventListener("change", render);
  },
  load,
  relocalize() {
    render();
  },
  reset() {
    tasks = null;
    $("#log-tasks-show-done").checked = false;
    $("#log-tasks-status").textContent = "";
    clearError($("#log-tasks-error"));
    render();
  },
};
