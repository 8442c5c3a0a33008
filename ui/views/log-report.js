// Granskare: the month's report of the loggkontroll.
// 1. "Förhandsgranska": preview_log_report {month, lang} → {report, svg}: the figures (entries, users,
//    flags by kind, flagged entries per thousand, open and overdue emergency accesses, the sample and
//    its outcomes, the reviews by outcome, the entries reviewed, whether the chain holds, who produced
//    it) and the chart. The chart is the core's SVG (every text in it escaped by the core, with a title
//    and a description for assistive technology); it is parsed as SVG and put in a figure with a
//    caption, with nothing active kept, and the same numbers follow as a table for whoever cannot see
//    it. The chart's texts are in the report's language (the figure says which).
// 2. "Spara som PDF" / "Spara som CSV" (a button per REPORT_FORMATS): write_log_report {month, format, lang, path} → {path, bytes}. The
//    path is typed in full; never a temporary folder nor a file that is there already (the core refuses
//    both: output_file NOT_ALLOWED, EXISTS) — said next to the path. Afterwards: where it went.
// Changing the month takes the preview and the saving away until the next preview.
import { call } from "../lib/api.js";
import { $, $$, busy, clearError, el, flash, isoMinute, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { lang, t } from "../lib/i18n.js";
import { thisMonth } from "../lib/periods.js";
import { REPORT_FORMATS } from "../generated/contract.js";
import { FLAG_CODES, REVIEW_OUTCOMES, flagLabel, outcomeLabel } from "./log-names.js";

let previewed = null; // {month, lang, report, svg}
let written = null; // {format, path, bytes}

const SVG_NS = "http://www.w3.org/2000/svg";

/** The core's chart as an SVG element of this page: parsed as SVG (not HTML), nothing active kept. */
export function chartNode(svgText) {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const root = doc.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== "svg" || doc.getElementsByTagName("parsererror").length) {
    return null;
  }
  for (const n of [...root.querySelectorAll("script, foreignObject, a, use, image")]) {
    n.remove();
  }
  for (const n of [root, ...root.querySelectorAll("*")]) {
    for (const a of [...n.attributes]) {
      if (/^on/i.test(a.name) || /href$/i.test(a.name) || a.name === "style") {
        n.removeAttribute(a.name);
      }
    }
  }
  return document.importNode(root, true);
}

const number = (x, digits = 1) => {
  const s = Number(x).toFixed(digits);
  return lang() === "sv" ? s.replace(".", ",") : s;
};

function facts(pairs) {
  return el("dl", { class: "meta log-facts", id: "log-report-figures" }, ...pairs.flatMap(([key, v]) => [el("dt", { text: t(key) }), el("dd", {}, v)]));
}

/** A small table of [label, count] rows; `emptyKey` said instead when there are none. */
function countTable(id, captionKey, headKey, rows, emptyKey) {
  if (!rows.length) {
    return el("p", { class: "muted", id, text: t(emptyKey) });
  }
  return el(
    "table",
    { id, class: "log-counts-table" },
    el("caption", { text: t(captionKey) }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t(headKey) }), el("th", { scope: "col", class: "num", text: t("logReport.count") }))),
    el("tbody", {}, ...rows.map(([key, label, n]) => el("tr", { "data-key": key }, el("th", { scope: "row", text: label }), el("td", { class: "num", text: String(n) })))),
  );
}

function samplesTable(samples) {
  if (!samples.length) {
    return el("p", { class: "muted", id: "log-report-samples", text: t("logReport.noSample") });
  }
  return el(
    "table",
    { id: "log-report-samples", class: "log-counts-table" },
    el("caption", { text: t("logReport.samples") }),
    el("thead", {}, el("tr", {}, ...["logReport.sampleTask", "log.actor", "logReview.window", "logReport.sampleOutcome"].map((k) => el("th", { scope: "col", text: t(k) })))),
    el(
      "tbody",
      {},
      ...samples.map((s) =>
        el(
          "tr",
          { "data-task": s.task },
          el("th", { scope: "row" }, el("code", { text: s.task })),
          el("td", { text: s.user }),
          el("td", { text: t("logReview.windowValue", { from: isoMinute(s.from), until: isoMinute(s.until) }) }),
          el("td", { text: s.outcome ? outcomeLabel(s.outcome) : t("logReport.notReviewed") }),
        ),
      ),
    ),
  );
}

/** The chart's numbers as a table: a row per user, a column per day. */
function chartTable(chart) {
  const table = el(
    "table",
    { id: "log-report-chart-table", class: "log-chart-table" },
    el("caption", { text: chart.title }),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col", text: t("log.actor") }),
        ...chart.days.map((d) => el("th", { scope: "col", class: "num" }, el("span", { "aria-hidden": "true", text: d.slice(8) }), el("span", { class: "sr-only", text: d }))),
      ),
    ),
    el(
      "tbody",
      {},
      ...chart.users.map((user, u) =>
        el(
          "tr",
          {},
          el("th", { scope: "row", text: user }),
          ...chart.cells[u].map((c) =>
            el(
              "td",
              { class: c.flagged ? "num flagged-cell" : "num" },
              String(c.count),
              c.flagged ? el("span", { class: "flagged-count", text: ` (${t("logReport.flaggedCount", { n: c.flagged })})` }) : null,
            ),
          ),
        ),
      ),
    ),
  );
  return el(
    "details",
    { class: "log-chart-details", id: "log-report-chart-details" },
    el("summary", { text: t("logReport.chartTable") }),
    el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("logReport.chartTable") }, table),
  );
}

function chartFigure(p) {
  const svg = chartNode(p.svg);
  const chart = p.report.chart;
  return el(
    "figure",
    { class: "log-chart", id: "log-report-chart", lang: p.lang },
    svg ?? el("p", { class: "muted", text: chart.legend }),
    el("figcaption", { id: "log-report-chart-caption" }, el("strong", { text: chart.title }), " ", el("span", { text: chart.legend })),
  );
}

function renderPreview() {
  const box = $("#log-report-preview");
  $("#log-report-write").hidden = !previewed;
  if (!previewed) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const r = previewed.report;
  const flags = FLAG_CODES.filter((c) => r.flags[c]).map((c) => [c, flagLabel(c), r.flags[c]]);
  const reviews = REVIEW_OUTCOMES.filter((o) => r.reviews[o]).map((o) => [o, outcomeLabel(o), r.reviews[o]]);
  const chain = el("span", { class: r.chain_holds ? "chain-holds" : "chain-broken-text", "data-holds": String(r.chain_holds), text: t(r.chain_holds ? "logReport.chainHolds" : "logReport.chainBroken") });
  box.replaceChildren(
    el("h3", { id: "log-report-preview-heading", tabindex: "-1", text: t("logReport.previewTitle", { month: r.month }) }),
    facts([
      ["logReport.entries", String(r.entries)],
      ["logReport.users", r.users.length ? t("logReport.usersValue", { n: r.users.length, names: r.users.join(", ") }) : t("logReport.noUsers")],
      ["logReport.flagRate", t("logReport.flagRateValue", { rate: number(r.flag_rate_per_thousand) })],
      ["logReport.reviewed", String(r.entries_reviewed)],
      ["logReport.breakGlass", t("logReport.breakGlassValue", { open: r.break_glass_open, overdue: r.break_glass_overdue })],
      ["logReport.chain", chain],
      ["logReport.produced", t("logReport.producedValue", { by: r.produced_by, at: isoMinute(r.produced_at) })],
    ]),
    countTable("log-report-flags", "logReport.flags", "log.flag", flags, "logReport.noFlags"),
    countTable("log-report-reviews", "logReport.reviews", "logReview.outcome", reviews, "logReport.noReviews"),
    samplesTable(r.samples),
    chartFigure(previewed),
    chartTable(r.chart),
  );
  box.hidden = false;
}

function renderSaveButtons() {
  for (const button of $$("#log-report-save button[data-format]")) {
    button.textContent = t("logReport.saveAs", { format: t(`logReport.format.${button.dataset.format}`) });
  }
}

function renderWritten() {
  const box = $("#log-report-written");
  if (!written) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    el("p", { class: "ok", text: t("logReport.written", { format: t(`logReport.format.${written.format}`), path: written.path, bytes: written.bytes }) }),
    el("p", { class: "hint", text: t("logReport.writtenNote") }),
  );
}

/** The words of a refused path (a temporary folder, a file already there, no whole path, no folder). */
function fileWords(err) {
  if (err.code === "INVALID_INPUT" && err.field === "output_file" && ["NOT_ALLOWED", "EXISTS", "FORMAT", "UNKNOWN"].includes(err.rule)) {
    return () => t(`logFile.${err.rule}`);
  }
  return undefined;
}

function clearMonthErrors() {
  clearError($("#log-report-error"));
  clearError($("#log-report-month-error"), $("#log-report-month"));
}

function clearWriteErrors() {
  clearError($("#log-report-write-error"));
  clearError($("#log-report-path-error"), $("#log-report-path"));
}

async function preview(event) {
  event.preventDefault();
  clearMonthErrors();
  const input = $("#log-report-month");
  const month = input.value.trim();
  if (!month) {
    showError($("#log-report-month-error"), () => t("logSample.monthMissing"), input);
    input.focus();
    return;
  }
  const asked = lang();
  let answer;
  try {
    answer = await busy($("#log-report-preview-button"), () => call("preview_log_report", { month, lang: asked }));
  } catch (err) {
    showRefusal(err, { month: [$("#log-report-month-error"), input] }, [$("#log-report-error")]);
    return;
  }
  previewed = { month, lang: asked, report: answer.report, svg: answer.svg };
  written = null;
  clearWriteErrors();
  renderPreview();
  renderWritten();
  flash($("#log-report-status"), t("logReport.previewed"));
  $("#log-report-preview-heading").focus();
}

async function write(format, button) {
  clearWriteErrors();
  const input = $("#log-report-path");
  const path = input.value.trim();
  if (!path) {
    showError($("#log-report-path-error"), () => t("logFile.missing"), input);
    input.focus();
    return;
  }
  let answer;
  try {
    answer = await busy(button, () => call("write_log_report", { month: previewed.month, format, lang: lang(), path }));
  } catch (err) {
    showRefusal(err, { output_file: [$("#log-report-path-error"), input], month: [$("#log-report-month-error"), $("#log-report-month")] }, [$("#log-report-write-error")], { words: fileWords(err), focusElse: button });
    return;
  }
  written = { format, path: answer.path, bytes: answer.bytes };
  renderWritten();
}

/** The month changed: what was previewed no longer is what would be saved. */
function stale() {
  if (previewed && $("#log-report-month").value.trim() !== previewed.month) {
    previewed = null;
    written = null;
    renderPreview();
    renderWritten();
    flash($("#log-report-status"), t("logReport.stale"));
  }
}

export default {
  init() {
    $("#log-report-month").value = thisMonth();
    $("#log-report-form").addEventListener("submit", preview);
    $("#log-report-month").addEventListener("input", stale);
    $("#log-report-save").replaceChildren(
      ...REPORT_FORMATS.map((format) => {
        const button = el("button", { type: "button", id: `log-report-save-${format}`, "data-format": format });
        button.addEventListener("click", () => write(format, button));
        return button;
      }),
    );
    renderSaveButtons();
    // Enter in the path saves nothing by itself: the format is the reviewer's choice.
    $("#log-report-write").addEventListener("submit", (event) => event.preventDefault());
  },
  relocalize() {
    renderSaveButtons();
    renderPreview();
    renderWritten();
  },
  reset() {
    previewed = null;
    written = null;
    $("#log-report-month").value = thisMonth();
    $("#log-report-path").value = "";
    clearMonthErrors();
    clearWriteErrors();
    renderPreview();
    renderWritten();
  },
};
