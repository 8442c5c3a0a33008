// Systemförvaltare: the vault's purposes (#purposes-form), next to the settings. A table of every
// purpose — its code, the Swedish and English labels (editable), "Tillåtet för känsliga uppgifter
// (art. 9)" (strict) and "Erbjuds" (active) — and a form to add the vault's own purpose (code, labels,
// art. 9). A default purpose (the contract's PURPOSES) can be relabelled or no longer offered, never
// removed; an own purpose may be removed. "Spara syften" sends the whole list to set_purposes (admin
// only, logged as a settings change); a refusal (INVALID_INPUT `setting_value` with its rule) is said in
// words next to the table, and what was saved is confirmed. After a save the reveal dialog's list is
// asked again (views/reveal.js, loadPurposes).
import { call } from "../lib/api.js";
import { $, $$, announce, busy, clearError, clearErrors, el, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { PURPOSES } from "../generated/contract.js";
import { loadPurposes } from "./reveal.js";

/** The rules set_purposes refuses with, each with its own words. */
const LIST_RULES = ["FORMAT", "NOT_ALLOWED", "REQUIRED", "TOO_LONG"];
const CODE = /^[a-z0-9_]{2,40}$/;
const isDefault = (code) => PURPOSES.some((p) => p.code === code);

let list = null; // [{code, sv, en, strict, active}] as edited, null until loaded

/** What the table holds now, read back into `list` (so a re-render keeps what was typed). */
function syncFromTable() {
  if (!list) {
    return;
  }
  for (const p of list) {
    const row = $(`#purposes-rows tr[data-code="${p.code}"]`);
    if (!row) {
      continue;
    }
    p.sv = $(".purpose-sv", row).value;
    p.en = $(".purpose-en", row).value;
    p.strict = $(".purpose-strict", row).checked;
    p.active = $(".purpose-active", row).checked;
  }
}

function renderPurposes() {
  const body = $("#purposes-rows");
  if (!list) {
    body.replaceChildren();
    return;
  }
  body.replaceChildren(
    ...list.map((p) => {
      const box = (kind, attrs) => el("input", { id: `purpose-${kind}-${p.code}`, class: `purpose-${kind}`, "aria-describedby": "purposes-error", ...attrs });
      const sv = box("sv", { type: "text", autocomplete: "off", maxlength: "80", "aria-label": t("purposes.svFor", { code: p.code }) });
      const en = box("en", { type: "text", autocomplete: "off", maxlength: "80", lang: "en", "aria-label": t("purposes.enFor", { code: p.code }) });
      const strict = box("strict", { type: "checkbox", "aria-label": t("purposes.strictFor", { code: p.code }) });
      const active = box("active", { type: "checkbox", "aria-label": t("purposes.activeFor", { code: p.code }) });
      sv.value = p.sv;
      en.value = p.en;
      strict.checked = p.strict;
      active.checked = p.active;
      let last;
      if (isDefault(p.code)) {
        last = el("span", { class: "hint", text: t("purposes.default") });
      } else {
        last = el("button", { type: "button", class: "quiet", id: `purpose-remove-${p.code}` },
          el("span", { text: t("purposes.remove") }), el("span", { class: "sr-only", text: ` ${p.code}` }));
        last.addEventListener("click", () => removePurpose(p.code));
      }
      return el("tr", { "data-code": p.code },
        el("th", { scope: "row" }, el("code", { text: p.code })),
        el("td", {}, sv), el("td", {}, en), el("td", {}, strict), el("td", {}, active), el("td", {}, last));
    }),
  );
}

export async function loadPurposeEditor() {
  try {
    const out = await call("purposes");
    list = Array.isArray(out) ? out.map((p) => ({ ...p })) : [];
    renderPurposes();
  } catch (err) {
    showError($("#purposes-error"), err);
  }
}

function removePurpose(code) {
  syncFromTable();
  list = list.filter((p) => p.code !== code);
  renderPurposes();
  $("#purposes-result").textContent = "";
  announce(t("purposes.removed", { code }));
  $("#purpose-add-code").focus();
}

function addPurpose(event) {
  event.preventDefault();
  const error = $("#purpose-add-error");
  const code = $("#purpose-add-code");
  const sv = $("#purpose-add-sv");
  const en = $("#purpose-add-en");
  clearError(error, [code, sv, en]);
  if (!list) {
    return;
  }
  const c = code.value.trim();
  if (!CODE.test(c)) {
    showError(error, () => t("purposes.err.code"), code);
    code.focus();
    return;
  }
  if (list.some((p) => p.code === c)) {
    showError(error, () => t("purposes.err.twice", { code: c }), code);
    code.focus();
    return;
  }
  for (const input of [sv, en]) {
    if (!input.value.trim()) {
      showError(error, () => t("purposes.err.label"), input);
      input.focus();
      return;
    }
  }
  syncFromTable();
  list.push({ code: c, sv: sv.value.trim(), en: en.value.trim(), strict: $("#purpose-add-strict").checked, active: true });
  renderPurposes();
  $("#purpose-add-form").reset();
  $("#purposes-result").textContent = "";
  announce(t("purposes.added", { code: c }));
  $(`#purpose-sv-${c}`).focus();
}

async function savePurposes(event) {
  event.preventDefault();
  const error = $("#purposes-error");
  const out = $("#purposes-result");
  clearError(error, $$("#purposes-rows input"));
  out.textContent = "";
  if (!list) {
    return;
  }
  syncFromTable();
  const sent = list.map((p) => ({ code: p.code, sv: p.sv.trim(), en: p.en.trim(), strict: p.strict, active: p.active }));
  try {
    const saved = await busy($("#purposes-save"), () => call("set_purposes", { purposes: sent }));
    list = Array.isArray(saved) ? saved.map((p) => ({ ...p })) : sent;
    renderPurposes();
    const n = list.length;
    const offered = list.filter((p) => p.active).length;
    out.textContent = t("purposes.saved", { n, offered });
    loadPurposes();
  } catch (err) {
    const rule = err?.code === "INVALID_INPUT" && err.field === "setting_value" && LIST_RULES.includes(err.rule) ? err.rule : null;
    showRefusal(err, {}, [error], { words: rule ? () => t(`purposes.err.${rule}`) : undefined, focusElse: $("#purposes-save") });
  }
}

export function relocalizePurposes() {
  syncFromTable();
  renderPurposes();
}

export function initPurposes() {
  $("#purposes-form").addEventListener("submit", savePurposes);
  $("#purpose-add-form").addEventListener("submit", addPurpose);
}

/** On lock: nothing of the list stays in the page. */
export function resetPurposes() {
  list = null;
  renderPurposes();
  $("#purpose-add-form").reset();
  clearErrors($("#purposes-panel"));
  $("#purposes-result").textContent = "";
}
