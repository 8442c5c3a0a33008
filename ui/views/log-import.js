// Granskare: bundles from several workstations in one view. import_log_bundles {paths, keys} →
// {workstations, entries: [{workstation, entry}], missing: [{vault_id, after_seq, before_seq, from,
// until}], refused: [{file, problem, seq}]}: the core reads the files, verifies each workstation's
// chain on its own under the verifier keys the reviewer trusts (one per line, as log-bundle.js shows
// them at export) and merges the entries by time. The view only says what the core found — how many
// workstations and entries, each workstation's missing period in words and marked apart, every refused
// file with its problem in words — and lists the merged entries; it verifies nothing itself. A key that
// is none (verifier_key) or a file that cannot be read (input_file) is said at its text box.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, localTime, replaceKeepingFocus, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { has, t } from "../lib/i18n.js";
import { actionLabel, personsOf, roleLabel } from "./log-names.js";

let result = null; // the core's last ImportedBundles

/** A workstation (a vault id) as people say it: its first eight characters. */
const shortId = (id) => String(id).slice(0, 8);

/** The lines of a text box that say something, trimmed. */
const linesOf = (input) => input.value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** What the core found wrong with a file (its BundleProblem), in words; the code itself if unknown. */
const problemLabel = (p) => (has(`logImport.problem.${p}`) ? t(`logImport.problem.${p}`) : p);

const entriesWords = (n) => (n === 1 ? t("logImport.entries1") : t("logImport.entries", { n }));

function missingWords(m) {
  return t("logImport.missing", { workstation: shortId(m.vault_id), after: m.after_seq, from: localTime(m.from), before: m.before_seq, until: localTime(m.until) });
}

/** One workstation: how many entries, and each period it lacks, marked apart with words and a sign. */
function workstationItem(id) {
  const count = result.entries.filter((x) => x.workstation === id).length;
  const missing = result.missing.filter((m) => m.vault_id === id);
  const words = missing.length ? "logImport.workstation" : "logImport.workstationComplete";
  return el(
    "li",
    { "data-workstation": id, class: missing.length ? "has-missing" : undefined },
    el("span", { text: t(words, { workstation: shortId(id), entries: entriesWords(count) }) }),
    ...missing.map((m) =>
      el(
        "p",
        { class: "chain-alert import-missing", "data-after": m.after_seq, "data-before": m.before_seq },
        el("span", { class: "flag-icon", "aria-hidden": "true", text: "⚠ " }),
        missingWords(m),
      ),
    ),
  );
}

function refusedItem(r) {
  const seq = r.seq === null || r.seq === undefined ? null : r.seq;
  const words = seq === null ? t("logImport.refusedProblem", { problem: problemLabel(r.problem) }) : t("logImport.refusedProblemAt", { problem: problemLabel(r.problem), seq });
  return el("li", { "data-problem": r.problem }, el("code", { class: "import-file", text: r.file }), ": ", words);
}

function row({ workstation, entry: e }) {
  const [day, clock] = localTime(e.at).split(" ");
  return el(
    "tr",
    { "data-workstation": workstation, "data-seq": e.seq, class: e.flagged ? "flagged" : undefined },
    el("td", {}, el("code", { text: shortId(workstation) })),
    el("td", { class: "num", text: String(e.seq) }),
    el("td", {}, el("time", { datetime: e.at }, el("span", { class: "nowrap", text: day }), " ", el("span", { class: "nowrap", text: clock ?? "" }))),
    el("td", {}, e.actor, " ", el("span", { class: "log-role", text: `(${roleLabel(e.role)})` })),
    el("td", { text: actionLabel(e.action) }),
    el("td", { class: "refs" }, ...personsOf(e).flatMap((ref, i) => [i ? " " : "", el("code", { text: ref })])),
  );
}

function render() {
  const answer = $("#log-import-answer");
  const box = $("#log-import-result");
  const body = $("#log-import-table tbody");
  box.hidden = !result?.entries.length;
  if (!result) {
    answer.replaceChildren();
    body.replaceChildren();
    return;
  }
  const { entries, refused } = result;
  // Every workstation the core names, also one known only from a missing period.
  const ids = [...new Set([...result.workstations, ...result.missing.map((m) => m.vault_id)])];
  const stations = ids.length === 1 ? t("logImport.workstations1") : t("logImport.workstations", { n: ids.length });
  const summary = entries.length ? t("logImport.summary", { workstations: stations, entries: entriesWords(entries.length) }) : t("logImport.nothing");
  const parts = [
    el("p", { id: "log-import-summary", class: result.missing.length || refused.length || !entries.length ? undefined : "ok", text: summary }),
    ids.length ? el("ul", { id: "log-import-workstations", class: "import-workstations" }, ...ids.map(workstationItem)) : null,
    refused.length
      ? el(
          "div",
          { id: "log-import-refused", class: "import-refused" },
          el("h3", { text: t("logImport.refusedTitle") }),
          el("p", { class: "hint", text: t("logImport.refusedHint") }),
          el("ul", {}, ...refused.map(refusedItem)),
        )
      : null,
  ];
  answer.replaceChildren(...parts.filter(Boolean));
  replaceKeepingFocus(body, entries.map(row), $("#log-import-heading"));
}

/** The core's refusal in the panel's own words, where it has them. */
function importWords(err) {
  const words = {
    verifier_key: { FORMAT: "logImport.keyFormat", REQUIRED: "logImport.keysMissing" },
    input_file: { UNKNOWN: "logImport.fileUnknown", REQUIRED: "logImport.pathsMissing" },
  };
  const key = err.code === "INVALID_INPUT" ? words[err.field]?.[err.rule] : undefined;
  return key ? () => t(key) : undefined;
}

function clearErrors() {
  clearError($("#log-import-error"));
  clearError($("#log-import-paths-error"), $("#log-import-paths"));
  clearError($("#log-import-keys-error"), $("#log-import-keys"));
}

async function importBundles(event) {
  event.preventDefault();
  const pathsInput = $("#log-import-paths");
  const keysInput = $("#log-import-keys");
  const button = $("#log-import-submit");
  if (button.getAttribute("aria-disabled") === "true") {
    return; // the import under way answers first
  }
  clearErrors();
  const paths = linesOf(pathsInput);
  const keys = linesOf(keysInput);
  if (!paths.length) {
    showError($("#log-import-paths-error"), () => t("logImport.pathsMissing"), pathsInput);
  }
  if (!keys.length) {
    showError($("#log-import-keys-error"), () => t("logImport.keysMissing"), keysInput);
  }
  if (!paths.length || !keys.length) {
    (paths.length ? keysInput : pathsInput).focus();
    return;
  }
  try {
    result = await busy(button, () => call("import_log_bundles", { paths, keys }));
  } catch (err) {
    // What was shown came from other files: it is not left next to a refusal of these.
    result = null;
    render();
    showRefusal(
      err,
      { verifier_key: [$("#log-import-keys-error"), keysInput], input_file: [$("#log-import-paths-error"), pathsInput] },
      [$("#log-import-error")],
      { words: importWords(err), focusElse: button },
    );
    return;
  }
  // The answer is said by its live region; the focus stays on the button.
  render();
}

export default {
  init() {
    $("#log-import-form").addEventListener("submit", importBundles);
  },
  relocalize() {
    render();
  },
  reset() {
    result = null;
    $("#log-import-form").reset();
    clearErrors();
    render();
  },
};
