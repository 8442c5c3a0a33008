// Handläggare: the values on the person card. Each comes masked from the core; "Visa" asks for a
// purpose (views/reveal.js) — for one field, or for a group: a category of the contract's FIELDS with
// more than one field (the address details, the contact details), one purpose and one log entry for
// all of them. A revealed value is shown for LIMITS.REVEAL_SECONDS with a visible countdown next to it,
// then masked again. It leaves the page only through its copy button (copy_field: the core refuses
// with NOT_REVEALED unless this session revealed it within the same time; lib/guard.js closes the
// browser's own ways); "Kopierat" is said next to that button and clears by itself (a refusal floats
// over the row, also next to the button). The buttons keep their place: the actions column has a
// fixed width (styles.css).
import { call } from "../lib/api.js";
import { $, announce, busy, el, flash } from "../lib/dom.js";
import { countdown, formatRemaining } from "../lib/countdown.js";
import { dropSelectionOverRevealed, guardValue } from "../lib/guard.js";
import { errorText, t } from "../lib/i18n.js";
import { CATEGORIES, FIELDS, LIMITS } from "../generated/contract.js";
import { openReveal, openRevealGroup } from "./reveal.js";

// The categories offered as a group (the "address group" and "contact details"); their fields
// are the contract's. A category with a single field is no group.
const GROUP_CATEGORIES = ["Platsdata", "Kontaktuppgifter"];
export const GROUPS = GROUP_CATEGORIES.filter((c) => CATEGORIES.includes(c))
  .map((category) => ({ category, fields: FIELDS.filter((f) => f.category === category).map((f) => f.name) }))
  .filter((g) => g.fields.length > 1);

const revealed = new Map(); // field → { value, until, stop, batch }
let currentCard = () => null;

const fieldLabel = (field) => t(`field.${field}`);
const hidesIn = (until) => t("card.hidesIn", { time: formatRemaining(until - Date.now()) });

function fieldButton(kind, field, label, onClick) {
  const b = el(
    "button",
    { type: "button", class: kind === "hide" ? "hide-button quiet" : `${kind}-button`, id: `${kind}-${field}` },
    label,
    el("span", { class: "sr-only", text: ` ${fieldLabel(field)}` }),
  );
  b.addEventListener("click", () => onClick(b));
  return b;
}

/** One row of the card's table: the label, the value (masked, or revealed with its countdown), the buttons. */
export function fieldRow(f) {
  const card = currentCard();
  const shown = revealed.get(f.field);
  const label = el("th", { scope: "row" }, el("span", { text: fieldLabel(f.field) }));
  if (f.art9) {
    label.append(" ", el("span", { class: "tag art9", text: t("card.art9") }));
  }
  const value = guardValue(
    el("span", {
      class: `field-value${shown ? " revealed" : ""}${f.has_value ? "" : " empty"}`,
      id: `value-${f.field}`,
    }),
  );
  value.textContent = shown ? shown.value : f.has_value ? f.shown : t("card.noValue");
  const cell = el("td", {}, value);
  if (shown) {
    // A timer: read on demand, not announced at every tick (the reveal itself was announced once).
    cell.append(" ", el("span", { class: "hides-in", id: `hides-in-${f.field}`, role: "timer", text: hidesIn(shown.until) }));
  }
  const actions = el("td", { class: "actions" });
  // Art. 18: a restricted person's values are not shown or copied (the core refuses); not offered.
  if (f.has_value && !card?.restricted) {
    if (shown) {
      actions.append(
        fieldButton("copy", f.field, t("card.copy"), (b) => copyField(f.field, b)),
        fieldButton("hide", f.field, t("card.hide"), () => remask(f.field)),
        el(
          "span",
          { class: "copy-status", role: "status" },
          el("span", { class: "copy-feedback", id: `copy-feedback-${f.field}`, "aria-hidden": "true" }),
          el("span", { class: "sr-only" }),
        ),
      );
    } else {
      actions.append(fieldButton("reveal", f.field, t("card.reveal"), () => askReveal(f.field)));
    }
  }
  return el("tr", { "data-field": f.field, class: f.art9 ? "art9" : undefined }, label, cell, actions);
}

function renderFieldRow(field) {
  const f = currentCard()?.fields.find((x) => x.field === field);
  const row = $(`#card-fields tr[data-field="${field}"]`);
  if (f && row) {
    row.replaceWith(fieldRow(f));
    // A selection made before the value appeared must not take it along.
    dropSelectionOverRevealed();
  }
}

/** The group buttons ("Visa adressuppgifter", …) for the card on show: a group with a value to show. */
export function groupButtons() {
  const card = currentCard();
  if (!card || card.restricted) {
    return [];
  }
  return GROUPS.filter((g) => card.fields.some((f) => g.fields.includes(f.field) && f.has_value)).map((g) => {
    const b = el("button", {
      type: "button",
      class: "reveal-group-button",
      id: `reveal-group-${g.category.toLowerCase()}`,
      "data-category": g.category,
      text: t(`card.revealGroup.${g.category}`),
    });
    b.addEventListener("click", () => askRevealGroup(g));
    return b;
  });
}

/**
 * Shows `values` ([{field, value}]) as revealed, masked again together after LIMITS.REVEAL_SECONDS;
 * `ended()` gives the words said once when they are.
 */
function show(values, ended) {
  const until = Date.now() + LIMITS.REVEAL_SECONDS * 1000;
  const batch = { ended, left: values.length };
  for (const { field, value } of values) {
    const before = revealed.get(field);
    if (before) {
      // Shown again: its old batch goes on without it.
      before.stop();
      before.batch.left -= 1;
    }
    const tick = () => {
      const timer = document.getElementById(`hides-in-${field}`);
      if (timer) {
        timer.textContent = hidesIn(until);
      }
    };
    revealed.set(field, { value, until, batch, stop: () => {} });
    revealed.get(field).stop = countdown(until, tick, () => remask(field, { timedOut: true }));
    renderFieldRow(field);
  }
}

function askReveal(field) {
  const personRef = currentCard().person_ref;
  openReveal(field, personRef, (value) => {
    if (currentCard()?.person_ref !== personRef) {
      return false;
    }
    show([{ field, value }], () => t("reveal.remasked", { field: fieldLabel(field) }));
    return true;
  });
}

function askRevealGroup(group) {
  const card = currentCard();
  const personRef = card.person_ref;
  const fields = group.fields.filter((name) => card.fields.some((f) => f.field === name && f.has_value));
  const label = () => t(`card.group.${group.category}`);
  openRevealGroup(group.category, fields, personRef, (values) => {
    if (currentCard()?.person_ref !== personRef) {
      return false;
    }
    show(values, () => t("reveal.groupRemasked", { group: label() }));
    announce(t("reveal.groupShown", { group: label() }));
    return true;
  });
}

/** Masks `field` again. When the time ran out, the group it was shown with is announced once. */
function remask(field, { timedOut = false } = {}) {
  const held = revealed.get(field);
  if (!held) {
    return;
  }
  held.stop();
  revealed.delete(field);
  const row = $(`#card-fields tr[data-field="${field}"]`);
  const hadFocus = row?.contains(document.activeElement) || document.activeElement === document.body;
  renderFieldRow(field);
  if (hadFocus) {
    $(`#reveal-${field}`)?.focus();
  }
  held.batch.left -= 1;
  if (!timedOut) {
    announce(t("reveal.remasked", { field: fieldLabel(field) }));
  } else if (held.batch.left === 0) {
    announce(held.batch.ended());
  }
}

export function forgetRevealed() {
  for (const held of revealed.values()) {
    held.stop();
  }
  revealed.clear();
}

async function copyField(field, button) {
  const card = currentCard();
  if (!card) {
    return;
  }
  const feedback = () => document.getElementById(`copy-feedback-${field}`);
  try {
    await busy(button, () => call("copy_field", { personRef: card.person_ref, field }));
    const box = feedback();
    box?.classList.remove("failed");
    // Short on the screen, next to the button; the whole sentence for a screen reader.
    flash(box, t("copy.doneShort"));
    flash(box?.nextElementSibling, t("copy.done"));
  } catch (err) {
    const words = err.code === "DENIED" ? t("copy.denied") : errorText(err);
    // The core no longer counts the value as shown (NOT_REVEALED): neither does the card.
    if (err.code === "NOT_REVEALED") {
      remask(field, { timedOut: true });
      announce(words);
      return;
    }
    const box = feedback();
    box?.classList.add("failed");
    flash(box, words);
    flash(box?.nextElementSibling, words);
  }
}

/** `card()` gives the card on show. */
export function initValues({ card }) {
  currentCard = card;
}
