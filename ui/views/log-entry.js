// Granskare: one thing to review, in a modal dialog, with the review form.
// - A log entry: explain_log_entry {seq} → {entry, explanations}: what the entry holds, its flags with
//   the core's explanations, and its latest review. The review's subject is {entry: seq}.
// - A drawn user of a sample (a task of the worklist): who and which day, and a way to that user's log
//   for the day. The subject is {task: id}.
// The outcome is one of the core's REVIEW_OUTCOMES (radio buttons, in words); the comment is required
// for every outcome but "utan anmärkning" — said next to it, and an empty one is stopped before the call
// (the core checks its length and decides). record_review {subject, outcome, comment} answers with the
// ReviewRecord, which is itself a log entry: the form says so before, the status after.
import { call } from "../lib/api.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { $, $$, busy, clearError, clearErrors, el, flash, isoMinute, localTime, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { has, t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";
import { REVIEW_OUTCOMES, WITHOUT_REMARK, actionLabel, flagList, outcomeLabel, personsOf, reviewWords, roleLabel } from "./log-names.js";

let shared = null; // {onChanged, showWindow} from the view
let current = null; // {kind: "entry", seq, entry, explanations} | {kind: "task", task}
let statusEl = null; // where the saved review is said (next to the list it was opened from)

const dialog = () => $("#log-entry-dialog");

function renderOutcomes() {
  const box = $("#log-review-outcomes");
  const chosen = chosenOutcome();
  box.replaceChildren(
    ...REVIEW_OUTCOMES.map((o) => {
      const id = `log-review-outcome-${o}`;
      const input = el("input", { type: "radio", name: "log-review-outcome", id, value: o });
      input.checked = o === chosen;
      return el("div", { class: "check" }, input, el("label", { for: id, "data-i18n": `logOutcome.${o}`, text: outcomeLabel(o) }));
    }),
  );
}

function chosenOutcome() {
  return $('#log-review-outcomes input[name="log-review-outcome"]:checked')?.value ?? null;
}

/** Says whether the comment is needed for the outcome chosen (nothing before one is chosen). */
function syncNeed() {
  const outcome = chosenOutcome();
  const comment = $("#log-review-comment");
  const needed = outcome !== null && outcome !== WITHOUT_REMARK;
  $("#log-review-comment-need").textContent = outcome === null ? "" : needed ? t("logReview.needed") : t("logReview.optional");
  if (needed) {
    comment.setAttribute("aria-required", "true");
  } else {
    comment.removeAttribute("aria-required");
  }
}

/** A definition list of [label key, value] pairs; a value is text or an element, empty ones left out. */
function facts(pairs) {
  return el(
    "dl",
    { class: "meta log-facts" },
    ...pairs
      .filter(([, v]) => v !== null && v !== undefined && v !== "")
      .flatMap(([key, v]) => [el("dt", { text: t(key) }), el("dd", {}, v)]),
  );
}

const code = (text, cls = "") => el("code", { class: cls || undefined, text });

function latestReview(review) {
  return el(
    "div",
    { class: "log-latest-review", id: "log-entry-review" },
    el("h3", { text: t("logReview.latest") }),
    review
      ? el(
          "p",
          {},
          reviewWords(review, { withComment: true }),
          " ",
          el("span", { class: "muted", text: t("logReview.latestAt", { at: isoMinute(review.at), seq: review.seq }) }),
        )
      : el("p", { class: "muted", text: t("logReview.notYet") }),
    review ? el("p", { class: "hint", text: t("logReview.replaces") }) : null,
  );
}

function entryDetails({ entry: e, explanations }) {
  const persons = personsOf(e);
  const flags = flagList(e.flags, explanations);
  return [
    facts([
      ["log.at", localTime(e.at)],
      ["log.actor", `${e.actor} (${roleLabel(e.role)})`],
      ["log.action", el("span", {}, actionLabel(e.action), " ", code(e.action))],
      ["log.person", persons.length ? el("span", {}, ...persons.flatMap((r, i) => [i ? " " : "", code(r)])) : null],
      ["log.fields", e.fields.map((f) => (has(`field.${f}`) ? t(`field.${f}`) : f)).join(", ")],
      ["log.purpose", e.purpose ?? null],
      ["log.outcome", t(`log.outcome.${e.outcome}`)],
      ["logReview.termHash", e.term_hash ? code(e.term_hash, "hash") : null],
      ["logReview.detail", e.detail ? el("pre", { class: "log-detail", text: e.detail }) : null],
      ["logReview.hash", code(e.hash, "hash")],
      ["logReview.prevHash", code(e.prev_hash, "hash")],
    ]),
    el("h3", { text: t("logReview.flags") }),
    flags ?? el("p", { class: "muted", text: e.flagged ? t("logReview.flaggedNoRule") : t("logReview.noFlags") }),
    latestReview(e.review),
  ];
}

function taskDetails(task) {
  const show = el("button", { type: "button", id: "log-entry-show-window", class: "small" }, t("logReview.showWindow", { user: task.user }));
  show.addEventListener("click", () => {
    closeDialog(dialog(), $("#log-heading"));
    shared.showWindow(task);
  });
  return [
    facts([
      ["logReview.task", code(task.id)],
      ["log.actor", task.user],
      ["logReview.window", t("logReview.windowValue", { from: isoMinute(task.from), until: isoMinute(task.until) })],
    ]),
    el("p", { class: "hint", text: t("logReview.sampleHint") }),
    el("div", { class: "actions" }, show),
    latestReview(task.review),
  ];
}

function renderCurrent() {
  if (!current) {
    return;
  }
  const entry = current.kind === "entry";
  const chain = entry && current.entry.flags?.includes("CHAIN");
  $("#log-entry-heading").textContent = entry ? t("logReview.entryHeading", { seq: current.seq }) : t("logReview.taskHeading", { id: current.task.id });
  dialog().classList.toggle("chain-broken", Boolean(chain));
  $("#log-entry-details").replaceChildren(...(entry ? entryDetails(current) : taskDetails(current.task)));
  syncNeed();
}

function clearForm() {
  $("#log-review-form").reset();
  clearErrors($("#log-review-form"));
}

function show(what, { status, returnTo }) {
  current = what;
  statusEl = status ?? null;
  clearForm();
  renderOutcomes();
  renderCurrent();
  $("#log-review-comment").maxLength = LIMITS.MAX_TEXT;
  openDialog(dialog(), {
    focus: $("#log-entry-heading"),
    // The opener's row is redrawn after a review: its new button has the same id.
    fallbackFocus: () => (returnTo ? document.getElementById(returnTo) : null) ?? $("#reviewer-heading"),
    onClose: () => {
      current = null;
    },
  });
}

/** Opens entry `seq` (explain_log_entry); a refusal is said at `error`. */
async function openEntry(seq, { status, error } = {}) {
  const opener = document.activeElement;
  if (error) {
    clearError(error);
  }
  let answer;
  try {
    answer = await busy(opener instanceof HTMLButtonElement ? opener : null, () => call("explain_log_entry", { seq }));
  } catch (err) {
    if (error) {
      showError(error, err);
    }
    return;
  }
  show({ kind: "entry", seq, entry: answer.entry, explanations: answer.explanations }, { status, returnTo: opener?.id });
}

/** Opens a drawn user's task of a sample (as log_tasks gives it). */
function openTask(task, { status } = {}) {
  show({ kind: "task", task }, { status, returnTo: document.activeElement?.id });
}

function subjectOf(what) {
  return what.kind === "entry" ? { entry: what.seq } : { task: what.task.id };
}

async function submit(event) {
  event.preventDefault();
  const form = $("#log-review-form");
  clearErrors(form);
  const outcome = chosenOutcome();
  const comment = $("#log-review-comment");
  const firstRadio = $('#log-review-outcomes input[type="radio"]');
  if (!outcome) {
    showError($("#log-review-outcome-error"), () => t("logReview.chooseOutcome"), $$('#log-review-outcomes input[type="radio"]'));
    firstRadio.focus();
    return;
  }
  if (outcome !== WITHOUT_REMARK && !comment.value.trim()) {
    showError($("#log-review-comment-error"), () => t("logReview.commentRequired", { outcome: outcomeLabel(outcome) }), comment);
    comment.focus();
    return;
  }
  const what = current;
  let record;
  try {
    record = await busy($("#log-review-submit"), () => call("record_review", { subject: subjectOf(what), outcome, comment: comment.value.trim() }));
  } catch (err) {
    showRefusal(
      err,
      { review_comment: [$("#log-review-comment-error"), comment], review_outcome: [$("#log-review-outcome-error"), firstRadio] },
      [$("#log-review-error")],
      { focusElse: $("#log-review-submit") },
    );
    return;
  }
  closeDialog(dialog());
  flash(statusEl, t("logReview.saved", { subject: what.kind === "entry" ? t("logReview.subjectEntry", { seq: what.seq }) : what.task.id, outcome: outcomeLabel(record.outcome), seq: record.seq }));
  shared.onChanged();
}

export default {
  init(s) {
    shared = s;
    renderOutcomes();
    $("#log-review-form").addEventListener("submit", submit);
    $("#log-review-outcomes").addEventListener("change", () => {
      clearError($("#log-review-outcome-error"), $$('#log-review-outcomes input[type="radio"]'));
      syncNeed();
    });
    $("#log-review-comment").addEventListener("input", () => clearError($("#log-review-comment-error"), $("#log-review-comment")));
    $("#log-review-cancel").addEventListener("click", () => closeDialog(dialog()));
  },
  openEntry,
  openTask,
  relocalize() {
    renderCurrent();
  },
  reset() {
    current = null;
    statusEl = null;
    clearForm();
  },
};
