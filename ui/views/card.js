// Handläggare: the person card. Every value comes masked from the core; "Visa" asks for a purpose
// (views/reveal.js) and shows the value for LIMITS.REVEAL_SECONDS, then masks it again. A revealed
// value leaves the page only through the copy button (copy_field: the core refuses with NOT_REVEALED
// unless this session revealed it within the same time; lib/guard.js closes the browser's own ways).
// While processing is restricted nothing is offered to reveal or copy (the core refuses anyway).
import { call } from "../lib/api.js";
import { $, announce, busy, el } from "../lib/dom.js";
import { dropSelectionOverRevealed, guardValue } from "../lib/guard.js";
import { errorText, t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";
import { renderCountdown, startCountdown, stopCountdown } from "./emergency.js";
import { renderMarking } from "./marking.js";
import { openReveal } from "./reveal.js";

const REMASK_AFTER_MS = LIMITS.REVEAL_SECONDS * 1000;

let card = null; // the PersonView on show
const revealed = new Map(); // field → { value, timer }
let beforeShow = () => {}; // the person form gives way to the card

/** The card on show (null when none). */
export function currentCard() {
  return card;
}

export async function openPerson(personRef, { focusHeading = true } = {}) {
  try {
    const view = await call("show_person", { personRef });
    showCard(view, { focusHeading });
  } catch (err) {
    announce(errorText(err));
  }
}

export function showCard(view, { focusHeading = true } = {}) {
  forgetRevealed();
  card = view;
  beforeShow();
  renderCard();
  $("#detail-empty").hidden = true;
  $("#person-card").hidden = false;
  startCountdown(card, countdownEnded);
  if (focusHeading) {
    $("#card-heading").focus();
  }
}

function countdownEnded() {
  closeCard();
  announce(t("emergency.ended"));
  $("#handler-heading").focus();
}

export function closeCard() {
  forgetRevealed();
  stopCountdown();
  card = null;
  const c = $("#person-card");
  c.hidden = true;
  c.removeAttribute("data-person-ref");
  $("#card-meta").replaceChildren();
  $("#card-fields tbody").replaceChildren();
  $("#card-heading").textContent = "";
  renderMarking(null);
  $("#detail-empty").hidden = !$("#person-form").hidden;
}

/** The person form takes the card's place: nothing stays revealed, the card is kept to return to. */
export function setCardAside() {
  forgetRevealed();
  stopCountdown();
  $("#person-card").hidden = true;
}

function metaRow(label, value) {
  return [el("dt", { text: label }), el("dd", { text: value })];
}

export function renderCard() {
  if (!card) {
    return;
  }
  const c = $("#person-card");
  c.dataset.personRef = card.person_ref;
  $("#card-heading").textContent = t("card.title", { ref: card.person_ref });
  // While processing is restricted the only change to the details is a rectification.
  $("#edit-person-button").textContent = card.restricted ? t("card.rectify") : t("card.edit");
  renderMarking(card);
  const none = t("card.noValue");
  $("#card-meta").replaceChildren(
    ...metaRow(t("card.protection"), t(`protection.${card.protection}`)),
    ...metaRow(t("card.protectionSince"), card.protection_since ?? none),
    ...metaRow(t("card.protectionReview"), card.protection_review_on ?? none),
    ...metaRow(t("card.legalBasis"), card.legal_basis ? t(`legal.${card.legal_basis}`) : none),
    ...metaRow(t("card.purpose"), card.purpose ?? none),
    ...metaRow(t("card.retainUntil"), card.retain_until ?? none),
    ...metaRow(t("card.restricted"), card.restricted ? t("common.yes") : t("common.no")),
    ...metaRow(t("card.assigned"), card.assigned_to.length ? card.assigned_to.join(", ") : none),
  );
  const focusedId = document.activeElement?.id;
  $("#card-fields tbody").replaceChildren(...card.fields.map(fieldRow));
  if (focusedId && document.getElementById(focusedId)) {
    document.getElementById(focusedId).focus();
  }
  renderCountdown(card);
}

const fieldLabel = (field) => t(`field.${field}`);

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

function fieldRow(f) {
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
  const actions = el("td", { class: "actions" });
  // Art. 18: a restricted person's values are not shown or copied (the core refuses); not offered.
  if (f.has_value && !card?.restricted) {
    const reveal = fieldButton("reveal", f.field, t("card.reveal"), () => askReveal(f.field));
    reveal.hidden = Boolean(shown);
    actions.append(reveal);
    if (shown) {
      actions.append(
        fieldButton("copy", f.field, t("card.copy"), (b) => copyField(f.field, b)),
        fieldButton("hide", f.field, t("card.hide"), () => remask(f.field)),
      );
    }
  }
  return el("tr", { "data-field": f.field, class: f.art9 ? "art9" : undefined }, label, el("td", {}, value), actions);
}

function renderFieldRow(field) {
  const f = card?.fields.find((x) => x.field === field);
  const row = $(`#card-fields tr[data-field="${field}"]`);
  if (f && row) {
    row.replaceWith(fieldRow(f));
    // A selection made before the value appeared must not take it along.
    dropSelectionOverRevealed();
  }
}

function askReveal(field) {
  const personRef = card.person_ref;
  openReveal(field, personRef, (value) => {
    if (!card || card.person_ref !== personRef) {
      return false;
    }
    const previous = revealed.get(field);
    if (previous) {
      window.clearTimeout(previous.timer);
    }
    revealed.set(field, { value, timer: window.setTimeout(() => remask(field), REMASK_AFTER_MS) });
    renderFieldRow(field);
    return true;
  });
}

function remask(field, { announceIt = true } = {}) {
  const held = revealed.get(field);
  if (!held) {
    return;
  }
  window.clearTimeout(held.timer);
  revealed.delete(field);
  const row = $(`#card-fields tr[data-field="${field}"]`);
  const hadFocus = row?.contains(document.activeElement) || document.activeElement === document.body;
  renderFieldRow(field);
  if (hadFocus) {
    $(`#reveal-${field}`)?.focus();
  }
  if (announceIt) {
    announce(t("reveal.remasked", { field: fieldLabel(field) }));
  }
}

export function forgetRevealed() {
  for (const held of revealed.values()) {
    window.clearTimeout(held.timer);
  }
  revealed.clear();
}

async function copyField(field, button) {
  if (!card) {
    return;
  }
  try {
    await busy(button, () => call("copy_field", { personRef: card.person_ref, field }));
    announce(t("copy.done"));
  } catch (err) {
    announce(err.code === "DENIED" ? t("copy.denied") : errorText(err));
    // The core no longer counts the value as shown (NOT_REVEALED): neither does the card.
    if (err.code === "NOT_REVEALED") {
      remask(field, { announceIt: false });
    }
  }
}

/** `hooks.beforeShow()` runs whenever a card is shown (the person form closes). */
export function initCard(hooks = {}) {
  beforeShow = hooks.beforeShow ?? beforeShow;
}
