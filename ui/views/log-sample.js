// Granskare: the month's sample (stickprov). draw_sample {month} → {id, month, seed, eligible, drawn:
// [{task, user, from, until}]}: the core draws among the active users not drawn earlier in the year and
// records the seed and the list in the log before anyone reviews them, so that anyone can redo the draw
// and see it was not chosen by hand; a month is drawn once (SAMPLE_ALREADY_DRAWN, said at the month).
// The view says this before the draw, and afterwards who was drawn, for which day, and that the tasks
// are now in the worklist.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, isoMinute, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { thisMonth } from "../lib/periods.js";

let shared = null;
let drawn = null; // the last sample drawn here

function render() {
  const box = $("#log-sample-result");
  if (!drawn) {
    box.replaceChildren();
    return;
  }
  const s = drawn;
  box.replaceChildren(
    el("p", { class: "ok", id: "log-sample-done", text: t(s.drawn.length === 1 ? "logSample.done1" : "logSample.done", { id: s.id, n: s.drawn.length, eligible: s.eligible }) }),
    el("p", {}, el("span", { text: t("logSample.seed") }), " ", el("code", { class: "hash", id: "log-sample-seed", text: s.seed })),
    s.drawn.length
      ? el(
          "ul",
          { id: "log-sample-drawn", class: "log-sample-drawn" },
          ...s.drawn.map((d) =>
            el("li", { "data-task": d.task }, t("logSample.line", { user: d.user, from: isoMinute(d.from), until: isoMinute(d.until), task: d.task })),
          ),
        )
      : el("p", { class: "muted", text: t("logSample.nobody") }),
    el("p", { class: "hint", text: t("logSample.next") }),
  );
}

function clearErrors() {
  clearError($("#log-sample-error"));
  clearError($("#log-sample-month-error"), $("#log-sample-month"));
}

async function draw(event) {
  event.preventDefault();
  clearErrors();
  const input = $("#log-sample-month");
  const month = input.value.trim();
  if (!month) {
    showError($("#log-sample-month-error"), () => t("logSample.monthMissing"), input);
    input.focus();
    return;
  }
  try {
    drawn = await busy($("#log-sample-draw"), () => call("draw_sample", { month }));
  } catch (err) {
    // A month drawn already is about the month too, like one not written YYYY-MM or not begun.
    if (err.code === "SAMPLE_ALREADY_DRAWN") {
      showError($("#log-sample-month-error"), err, input);
      input.focus();
    } else {
      const notBegun = err.code === "INVALID_INPUT" && err.field === "month" && err.rule === "OUT_OF_RANGE";
      showRefusal(err, { month: [$("#log-sample-month-error"), input] }, [$("#log-sample-error")], { words: notBegun ? () => t("logSample.notBegun") : undefined });
    }
    return;
  }
  render();
  $("#log-sample-done")?.setAttribute("tabindex", "-1");
  $("#log-sample-done")?.focus();
  shared.onChanged();
}

export default {
  init(s) {
    shared = s;
    $("#log-sample-month").value = thisMonth();
    $("#log-sample-form").addEventListener("submit", draw);
  },
  relocalize() {
    render();
  },
  reset() {
    drawn = null;
    $("#log-sample-month").value = thisMonth();
    clearErrors();
    render();
  },
};
