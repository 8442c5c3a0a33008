// Handläggare: "Importera deltagarlista" (src-tauri/src/commands/persons.rs). The panel #import, opened
// from the toolbar, in steps:
// 1. a path typed for a CSV or XLSX file and "Kontrollera filen": import_check {path, mapping: null}
//    (the core guesses the columns from the headers);
// 2. the columns as a table — letter, header (or "(kolumnrubriken visas inte)" when the core hides one
//    that looks like a value) and a <select> per column: "Importeras inte" or one of the contract's
//    IMPORT_FIELDS in words; "Kontrollera igen" runs import_check with the edited mapping (also after
//    the file itself was corrected);
// 3. the counts in words and every problem as "Rad N, kolumn B (fält): …" — the contract's
//    IMPORT_RULES, input RULES and IDENTITY_RULES in words, never a code and never a value (the core
//    sends none); a checkbox per problem row to leave it out, and one for all of them;
// 4. "Importera N personer", enabled only once the check is of the columns chosen now and every problem
//    row is left out (else disabled with the reason in words), confirmed once: all rows or none, the
//    importer becomes their case handler, one log entry per person; import_persons {path, mapping,
//    exclude};
// 5. the result, and the reminder to destroy the file: it still holds the data unprotected, and
//    Skyddsvalv deletes no file it did not create. The caseload is asked again.
// The core does every check; the view only says what it answered.
import { call } from "../lib/api.js";
import { $, $$, clearError, el, fillOptions, replaceKeepingFocus, showError } from "../lib/dom.js";
import { isBusy, slowBusy } from "../lib/busy.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { inputOf, showRefusal } from "../lib/errors.js";
import { has, inputLabel, t } from "../lib/i18n.js";
import { IDENTITY_RULES, IMPORT_FIELDS, IMPORT_RULES, RULES } from "../generated/contract.js";

let onImported = () => {};
let generation = 0;
let checked = null; // {path, mapping, preview}: the core's last answer and what it was asked with
let choice = []; // the columns' fields as chosen now (null: not imported)
let excluded = new Set(); // spreadsheet rows left out
let refused = false; // the last re-check was refused: the report is not of the columns in force
let done = null; // {path, report}: the import just made

/** "1 rad" or "N rader" (and the like): the catalog's `${key}1` for one. */
const count = (key, n) => (n === 1 ? t(`${key}1`) : t(key, { n }));

/** A problem's code in words (the core's `problem`: an import rule, an input rule or an identity rule). */
export function problemWords(p) {
  const code = String(p.problem);
  if (code === "DUPLICATE_IN_FILE") {
    return p.same_as_row ? t("import.problem.DUPLICATE_IN_FILE", { same: p.same_as_row }) : t("import.duplicateEarlier");
  }
  if (IDENTITY_RULES.includes(code)) {
    return t(`error.INVALID_IDENTITY_NUMBER.${code}`);
  }
  if ((RULES.includes(code) || IMPORT_RULES.includes(code)) && has(`import.problem.${code}`)) {
    return t(`import.problem.${code}`);
  }
  return t("import.problem.other");
}

const problemLine = (p) => t("import.problemLine", { row: p.row, column: p.column, field: inputLabel(p.field), problem: problemWords(p) });

const headerWords = (c) => (typeof c.header === "string" && c.header ? c.header : t("import.headerHidden"));

/** The spreadsheet rows that have a problem, in order. */
function problemRows() {
  return [...new Set((checked?.preview.problems ?? []).map((p) => p.row))].sort((a, b) => a - b);
}

const remaining = () => problemRows().filter((r) => !excluded.has(r));

/** The columns chosen now differ from those the shown check was made with. */
function stale() {
  return !checked || refused || choice.length !== checked.mapping.length || choice.some((f, i) => f !== checked.mapping[i]);
}

const canImport = () => Boolean(checked) && !stale() && remaining().length === 0 && checked.preview.ready > 0;

const selects = () => $$("#import-mapping-table select");

// ---- the columns ----

function mappingRow(c, i) {
  const select = el("select", { id: `import-map-${c.letter}`, "data-column": i, "aria-label": t("import.fieldFor", { letter: c.letter, header: headerWords(c) }) });
  fillOptions(select, IMPORT_FIELDS, (f) => `input.${f}`, { empty: "import.notImported" });
  select.value = choice[i] ?? "";
  select.addEventListener("change", () => {
    choice[i] = select.value || null;
    renderActions();
  });
  const header = typeof c.header === "string" && c.header ? el("td", { text: c.header }) : el("td", { class: "muted" }, el("span", { "data-i18n": "import.headerHidden", text: t("import.headerHidden") }));
  return el("tr", { "data-column": c.letter }, el("th", { scope: "row", text: c.letter }), header, el("td", {}, select));
}

function renderMapping() {
  $("#import-mapping").hidden = !checked;
  replaceKeepingFocus($("#import-mapping-table tbody"), (checked?.preview.columns ?? []).map(mappingRow), $("#import-recheck"));
}

/** A language switch: the selects keep their state (an error on them too), only their names change. */
function relabelMapping() {
  const columns = checked?.preview.columns ?? [];
  for (const s of selects()) {
    const c = columns[Number(s.dataset.column)];
    if (c) {
      s.setAttribute("aria-label", t("import.fieldFor", { letter: c.letter, header: headerWords(c) }));
    }
  }
}

// ---- the report ----

function problemItem(row, problems) {
  const box = el("input", { type: "checkbox", id: `import-exclude-${row}`, "data-row": row });
  box.checked = excluded.has(row);
  box.addEventListener("change", () => {
    if (box.checked) {
      excluded.add(row);
    } else {
      excluded.delete(row);
    }
    renderExcludeAll();
    renderActions();
  });
  return el(
    "li",
    { "data-row": row },
    ...problems.map((p) => el("p", { class: "import-problem", text: problemLine(p) })),
    el("div", { class: "check" }, box, el("label", { for: box.id, text: t("import.exclude", { row }) })),
  );
}

function renderExcludeAll() {
  const all = $("#import-exclude-all");
  const rows = problemRows();
  $("#import-exclude-all-label").textContent = t("import.excludeAll", { rows: count("import.rows", rows.length) });
  const left = remaining().length;
  all.checked = rows.length > 0 && left === 0;
  all.indeterminate = left > 0 && left < rows.length;
}

function renderReport() {
  const p = checked?.preview;
  $("#import-report").hidden = !p || refused;
  if (!p) {
    $("#import-problems").replaceChildren();
    return;
  }
  const rows = problemRows();
  const counts = t("import.counts", { rows: count("import.rows", p.rows), ready: count("import.ready", p.ready) });
  $("#import-counts").textContent = `${counts} ${rows.length ? count("import.problemRows", rows.length) : t("import.noProblems")}`;
  $("#import-problems-box").hidden = !rows.length;
  const items = rows.map((r) => problemItem(r, p.problems.filter((x) => x.row === r)));
  replaceKeepingFocus($("#import-problems"), items, $("#import-exclude-all"));
  renderExcludeAll();
  renderActions();
}

/** The import button: enabled only when it may be used, and the reason in words when not. */
function renderActions() {
  $("#import-stale").hidden = !checked || !stale();
  const p = checked?.preview;
  const button = $("#import-submit");
  if (!p) {
    return;
  }
  let why = "";
  if (stale()) {
    why = t("import.whyStale");
  } else if (remaining().length) {
    why = count("import.whyProblems", remaining().length);
  } else if (!p.ready) {
    why = t("import.whyNothing");
  } else if (problemRows().length) {
    why = t("import.whyReady");
  }
  $("#import-why").textContent = why;
  if (!isBusy(button)) {
    button.textContent = count("import.submit", p.ready);
    button.disabled = !canImport();
  }
}

// ---- the result ----

function renderResult() {
  $("#import-result").hidden = !done;
  if (!done) {
    return;
  }
  const { imported, excluded: left } = done.report;
  const words = [count("import.result", imported)];
  if (left) {
    words.push(t("import.resultExcluded", { rows: count("import.rows", left) }));
  }
  $("#import-result-text").textContent = words.join(" ");
  $("#import-result-path").textContent = done.path;
}

function render() {
  renderMapping();
  renderReport();
  renderActions();
  renderResult();
}

// ---- asking the core ----

/** The panel's own words for a refusal about the file or the columns (else the catalog's). */
function importWords(err) {
  if (err.code !== "INVALID_INPUT") {
    return undefined;
  }
  const family = { input_file: "file", import_mapping: "mapping" }[err.field];
  const key = family ? `import.${family}.${err.rule}` : null;
  return key && has(key) ? () => t(key) : undefined;
}

function clearErrors() {
  clearError($("#import-error"));
  clearError($("#import-path-error"), $("#import-path"));
  clearError($("#import-mapping-error"), selects());
  clearError($("#import-persons-error"));
}

const places = () => ({
  input_file: [$("#import-path-error"), $("#import-path")],
  import_mapping: [$("#import-mapping-error"), selects],
});

/** import_check of `path` with `mapping` (null: the core's guess); `fresh`: a file checked anew. */
async function runCheck(path, mapping, button, fresh) {
  const mine = generation;
  clearErrors();
  done = null;
  let preview;
  try {
    preview = await slowBusy(button, "busy.importCheck", () => call("import_check", { path, mapping }));
  } catch (err) {
    if (mine !== generation) {
      return;
    }
    if (fresh || inputOf(err) === "input_file") {
      // What was shown came from the file as it was: it is not left next to a refusal of it.
      checked = null;
      choice = [];
      excluded = new Set();
    } else {
      refused = true;
    }
    render();
    showRefusal(err, places(), [$("#import-error")], { words: importWords(err), focusElse: button });
    return;
  }
  if (mine !== generation) {
    return;
  }
  const rows = new Set(preview.problems.map((p) => p.row));
  // Rows left out stay left out when the file is checked again, as long as they still have problems.
  excluded = fresh ? new Set() : new Set([...excluded].filter((r) => rows.has(r)));
  checked = { path, mapping: preview.columns.map((c) => c.field ?? null), preview };
  choice = checked.mapping.slice();
  refused = false;
  render();
  $("#import-report-heading").focus();
}

function checkFile(event) {
  event.preventDefault();
  const input = $("#import-path");
  const path = input.value.trim();
  clearErrors();
  if (!path) {
    showError($("#import-path-error"), () => t("import.pathMissing"), input);
    input.focus();
    return;
  }
  runCheck(path, null, $("#import-check"), true);
}

function recheck() {
  if (checked) {
    runCheck(checked.path, choice.slice(), $("#import-recheck"), false);
  }
}

function confirmImport() {
  if (!canImport()) {
    return;
  }
  clearError($("#import-persons-error"));
  const n = checked.preview.ready;
  $("#import-confirm-heading").textContent = count("import.confirmTitle", n);
  $("#import-confirm-intro").textContent = count("import.confirmAll", n);
  const left = $("#import-confirm-excluded");
  left.hidden = excluded.size === 0;
  left.textContent = t("import.confirmExcluded", { rows: count("import.rows", excluded.size) });
  openDialog($("#import-confirm-dialog"), { focus: $("#import-confirm-cancel") });
}

async function importPersons(event) {
  event.preventDefault();
  const button = $("#import-submit");
  closeDialog($("#import-confirm-dialog"), button);
  if (!canImport()) {
    return;
  }
  const mine = generation;
  const { path, mapping } = checked;
  const exclude = [...excluded].sort((a, b) => a - b);
  clearErrors();
  let report;
  try {
    report = await slowBusy(button, "busy.import", () => call("import_persons", { path, mapping, exclude }));
  } catch (err) {
    if (mine !== generation) {
      return;
    }
    // Problem rows that are not left out (the file changed since the check): said at the button.
    const rowsLeft = err.code === "INVALID_INPUT" && err.field === "input_file" && err.rule === "NOT_ALLOWED";
    renderActions();
    showRefusal(err, rowsLeft ? {} : places(), [$("#import-persons-error")], { words: importWords(err), focusElse: rowsLeft ? $("#import-recheck") : button });
    return;
  }
  if (mine !== generation) {
    return;
  }
  done = { path, report };
  checked = null;
  choice = [];
  excluded = new Set();
  $("#import-path").value = "";
  render();
  $("#import-result-heading").focus();
  onImported();
}

// ---- the panel ----

function toggle() {
  const panel = $("#import");
  const open = panel.hidden;
  panel.hidden = !open;
  $("#import-button").setAttribute("aria-expanded", String(open));
  if (open) {
    $("#import-heading").focus();
  }
}

/** Another path typed: the report shown is of another file, and goes. */
function pathEdited() {
  if (checked && $("#import-path").value.trim() !== checked.path) {
    checked = null;
    choice = [];
    excluded = new Set();
    refused = false;
    clearError($("#import-mapping-error"));
    clearError($("#import-persons-error"));
    render();
  }
}

/** `hooks.onImported()` runs after persons were imported (the caseload asks the core again). */
export function initImport(hooks = {}) {
  onImported = hooks.onImported ?? onImported;
  $("#import-button").addEventListener("click", toggle);
  $("#import-form").addEventListener("submit", checkFile);
  $("#import-path").addEventListener("input", pathEdited);
  $("#import-recheck").addEventListener("click", recheck);
  $("#import-exclude-all").addEventListener("change", (event) => {
    excluded = event.target.checked ? new Set(problemRows()) : new Set();
    for (const box of $$("#import-problems input[type=checkbox]")) {
      box.checked = excluded.has(Number(box.dataset.row));
    }
    renderExcludeAll();
    renderActions();
  });
  $("#import-submit").addEventListener("click", confirmImport);
  $("#import-confirm-form").addEventListener("submit", importPersons);
  $("#import-confirm-cancel").addEventListener("click", () => closeDialog($("#import-confirm-dialog")));
  render();
}

export function relocalizeImport() {
  relabelMapping();
  renderReport();
  renderActions();
  renderResult();
}

export function resetImport() {
  generation += 1;
  checked = null;
  choice = [];
  excluded = new Set();
  refused = false;
  done = null;
  closeDialog($("#import-confirm-dialog"));
  $("#import").hidden = true;
  $("#import-button").setAttribute("aria-expanded", "false");
  $("#import-path").value = "";
  clearErrors();
  render();
}
