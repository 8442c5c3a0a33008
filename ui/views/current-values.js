// Handläggare: the masked fields of the edit form (#person-form). A masked value is never in the form
// by itself — the input shows "(oförändrat)". For each text field that has a value, two buttons under
// its input:
// - "Visa nuvarande värde" (#pf-current-<field>) reveals it for the purpose `rattelse` (Rättelse av
//   uppgift, from the contract's PURPOSES; offered for an art. 9 field only when that purpose is a strict
//   one) with reveal_field — the core logs it — and puts the value into the input to be corrected. Not
//   while processing is restricted (the core refuses every reveal then);
// - "Töm fältet" (#pf-clear-<field>, a toggle with aria-pressed) marks the field to be cleared: the
//   input is emptied and disabled and "Fältet töms när du sparar" (#pf-<field>-cleared) says so; pressing
//   again undoes it. Not for the name (the core requires one) nor the identity number (it is changed,
//   never just dropped, as before).
// The patch (views/person-record.js, buildPatch) sends "" for a cleared field and leaves out a revealed
// value left as it was; an untouched masked field stays out.
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, el } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { FIELDS, PURPOSES } from "../generated/contract.js";
import { input, textFields } from "./person-record.js";

/** The purpose a value is revealed for in order to correct it. */
export const CORRECTION_PURPOSE = "rattelse";
/** The fields the form never clears. */
const NEVER_CLEARED = ["name", "identity_number"];
/** Fields the edit form does not take (notes are kept in the journal on the card). */
export const NOT_EDITED = ["notes"];

const state = new Map(); // field → { revealed: string | null, cleared: boolean, stash: string }
let personRef = null; // the person whose form carries the tools
let currentCard = () => null;

const label = (field) => t(`field.${field}`);
const isArt9 = (field) => FIELDS.find((f) => f.name === field)?.art9 ?? true;
const purpose = () => PURPOSES.find((p) => p.code === CORRECTION_PURPOSE);

function stateOf(field) {
  if (!state.has(field)) {
    state.set(field, { revealed: null, cleared: false, stash: "" });
  }
  return state.get(field);
}

function toolButton(kind, field, text, onClick) {
  const b = el(
    "button",
    { type: "button", class: `quiet ${kind}-value-button`, id: `pf-${kind}-${field}` },
    el("span", { class: "tool-label", text }),
    el("span", { class: "sr-only", text: ` ${label(field)}` }),
  );
  b.addEventListener("click", () => onClick(field, b));
  return b;
}

/** Adds `id` to the input's aria-describedby, or takes it away. */
function describe(control, id, on) {
  const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
  if (on) {
    ids.push(id);
  }
  control.setAttribute("aria-describedby", ids.join(" "));
}

/** Puts the tools under the inputs of the edit form of `card` (rectifying: no reveal). */
export function setupCurrentTools(card, { rectifying = false } = {}) {
  resetCurrentTools();
  personRef = card.person_ref;
  const p = purpose();
  for (const name of textFields()) {
    const f = card.fields.find((x) => x.field === name);
    if (NOT_EDITED.includes(name) || !f?.has_value) {
      continue;
    }
    const mayReveal = !rectifying && Boolean(p) && (p.strict || !isArt9(name));
    const mayClear = !NEVER_CLEARED.includes(name);
    if (!mayReveal && !mayClear) {
      continue;
    }
    const tools = el("div", { class: "current-tools", id: `pf-${name}-tools` });
    if (mayReveal) {
      tools.append(toolButton("current", name, t("pf.showCurrent"), revealCurrent));
    }
    if (mayClear) {
      const clear = toolButton("clear", name, t("pf.clearField"), toggleClear);
      clear.setAttribute("aria-pressed", "false");
      tools.append(clear);
    }
    const note = el("p", { class: "hint cleared-note", id: `pf-${name}-cleared`, hidden: true, text: t("pf.willClear") });
    input(name).after(tools, note);
  }
}

async function revealCurrent(field, button) {
  const card = currentCard();
  if (!card || card.person_ref !== personRef) {
    return;
  }
  const asked = personRef;
  const control = input(field);
  const error = $(`#pf-${field}-error`);
  clearError(error, control);
  let out;
  try {
    out = await busy(button, () => call("reveal_field", { personRef: asked, field, purpose: CORRECTION_PURPOSE }));
  } catch (err) {
    showRefusal(err, {}, [error, control], { words: err.code === "DENIED" ? () => t("reveal.denied") : undefined });
    return;
  }
  if (personRef !== asked || !button.isConnected) {
    return;
  }
  const s = stateOf(field);
  const value = typeof out?.value === "string" ? out.value : "";
  s.revealed = value;
  control.value = value;
  button.hidden = true;
  control.focus();
  announce(t("pf.currentShown", { field: label(field) }));
}

function toggleClear(field, button) {
  const s = stateOf(field);
  markCleared(field, !s.cleared);
  announce(t(s.cleared ? "pf.clearMarked" : "pf.clearUndone", { field: label(field) }));
  button.focus();
}

/** Marks `field` to be cleared on save (or undoes it). */
export function markCleared(field, on = true) {
  const button = $(`#pf-clear-${field}`);
  if (!button) {
    return;
  }
  const s = stateOf(field);
  const control = input(field);
  if (on && !s.cleared) {
    s.stash = control.value;
    control.value = "";
    clearError($(`#pf-${field}-error`), control);
  } else if (!on && s.cleared) {
    control.value = s.stash;
    s.stash = "";
  }
  s.cleared = on;
  control.disabled = on;
  control.setAttribute("placeholder", on ? t("pf.clearedPlaceholder") : t("pf.unchanged"));
  button.setAttribute("aria-pressed", String(on));
  $(`#pf-${field}-cleared`).hidden = !on;
  describe(control, `pf-${field}-cleared`, on);
  const reveal = $(`#pf-current-${field}`);
  if (reveal && s.revealed === null) {
    reveal.hidden = on;
  }
}

/** The fields marked to be cleared. */
export function clearedFields() {
  return new Set([...state].filter(([, s]) => s.cleared).map(([f]) => f));
}

/** The values revealed into the form (field → value), so that one left as it was is no change. */
export function revealedValues() {
  return new Map([...state].filter(([, s]) => s.revealed !== null).map(([f, s]) => [f, s.revealed]));
}

export function relocalizeCurrentTools() {
  for (const b of document.querySelectorAll("#person-form .current-tools button")) {
    const field = b.id.replace(/^pf-(current|clear)-/, "");
    b.querySelector(".tool-label").textContent = b.id.startsWith("pf-current-") ? t("pf.showCurrent") : t("pf.clearField");
    b.querySelector(".sr-only").textContent = ` ${label(field)}`;
  }
  for (const p of document.querySelectorAll("#person-form .cleared-note")) {
    p.textContent = t("pf.willClear");
  }
  for (const field of clearedFields()) {
    input(field)?.setAttribute("placeholder", t("pf.clearedPlaceholder"));
  }
}

/** The form closes: the tools, the revealed values and the marks go. */
export function resetCurrentTools() {
  for (const [field, s] of state) {
    const control = input(field);
    if (control) {
      control.disabled = false;
      describe(control, `pf-${field}-cleared`, false);
      if (s.cleared) {
        control.value = "";
      }
    }
  }
  state.clear();
  personRef = null;
  for (const e of document.querySelectorAll("#person-form .current-tools, #person-form .cleared-note")) {
    e.remove();
  }
}

/** `card()` gives the card on show. */
export function initCurrentTools({ card }) {
  currentCard = card;
}
