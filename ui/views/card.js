// Handläggare: the person card. Every value comes masked from the core; the values, their reveal (one
// field or a group), the countdown and copying are views/card-values.js. The card marks a protection
// review that is overdue or due soon next to "Omprövas" (the status is the core's). While processing
// is restricted nothing is offered to reveal or copy (the core refuses anyway). The card takes the
// place of "Mina personer" (views/caseload.js); "Tillbaka" goes back to it. The journal ("Anteckningar")
// is views/journal.js, the person's data-subject rights ("Rättigheter och begäranden") views/rights.js.
import { call } from "../lib/api.js";
import { $, announce, el } from "../lib/dom.js";
import { errorText, t } from "../lib/i18n.js";
import { reviewCell } from "../lib/review.js";
import { fieldRow, forgetRevealed as forgetValues, groupButtons, initValues } from "./card-values.js";
import { renderCountdown, startCountdown, stopCountdown } from "./emergency.js";
import { closeJournal, forgetJournal, renderJournal } from "./journal.js";
import { renderMarking } from "./marking.js";
import { renderRights } from "./rights.js";
import { assessmentView } from "./retention-names.js";

let card = null; // the PersonView on show
let beforeShow = () => {}; // the person form gives way to the card
let backToList = () => {}; // focus back in "Mina personer"

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
  $("#caseload").hidden = true;
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
  $("#card-groups").replaceChildren();
  $("#card-fields tbody").replaceChildren();
  $("#card-heading").textContent = "";
  renderMarking(null);
  closeJournal();
  renderRights(null);
  $("#caseload").hidden = !$("#person-form").hidden;
}

/** "Tillbaka till Mina personer": the card closes, focus goes to the person's row (or the list). */
function back() {
  const left = card?.person_ref ?? null;
  closeCard();
  backToList(left);
}

/** The person form takes the card's place: nothing stays revealed, the card is kept to return to. */
export function setCardAside() {
  forgetRevealed();
  stopCountdown();
  $("#person-card").hidden = true;
}

function metaRow(label, value) {
  return [el("dt", { text: label }), el("dd", {}, value)];
}

export function renderCard() {
  if (!card) {
    return;
  }
  const c = $("#person-card");
  c.dataset.personRef = card.person_ref;
  $("#card-heading").textContent = t("card.title", { ref: card.person_ref });
  // While processing is restricted the only change to the details is a rectification; a read-only
  // emergency access changes nothing (the core refuses).
  $("#edit-person-button").textContent = card.restricted ? t("card.rectify") : t("card.edit");
  $("#edit-person-button").hidden = Boolean(card.emergency_until) && !card.emergency_may_edit;
  renderMarking(card);
  const none = t("card.noValue");
  $("#card-meta").replaceChildren(
    ...metaRow(t("card.protection"), t(`protection.${card.protection}`)),
    ...metaRow(t("card.protectionSince"), card.protection_since ?? none),
    ...metaRow(t("card.protectionReview"), card.protection_review_on ? reviewCell(card.protection_review_on, card.review) : none),
    ...metaRow(t("card.legalBasis"), card.legal_basis ? t(`legal.${card.legal_basis}`) : none),
    ...metaRow(t("card.purpose"), card.purpose ?? none),
    ...metaRow(t("card.retainUntil"), card.retain_until ?? none),
    ...metaRow(t("card.retention"), assessmentView(card.retention)),
    ...metaRow(t("card.restricted"), card.restricted ? t("common.yes") : t("common.no")),
    ...metaRow(t("card.assigned"), card.assigned_to.length ? card.assigned_to.join(", ") : none),
  );
  const focusedId = document.activeElement?.id;
  const groups = groupButtons();
  $("#card-groups").replaceChildren(...groups);
  $("#card-groups-box").hidden = groups.length === 0;
  $("#card-fields tbody").replaceChildren(...card.fields.map(fieldRow));
  if (focusedId && document.getElementById(focusedId)) {
    document.getElementById(focusedId).focus();
  }
  renderJournal(card);
  renderRights(card);
  renderCountdown(card);
}

export function forgetRevealed() {
  forgetValues();
  forgetJournal();
}

/** `hooks.beforeShow()` runs whenever a card is shown (the person form closes); `hooks.back(ref)` after "Tillbaka". */
export function initCard(hooks = {}) {
  beforeShow = hooks.beforeShow ?? beforeShow;
  backToList = hooks.back ?? backToList;
  initValues({ card: currentCard });
  $("#card-back").addEventListener("click", back);
}
