// The protection marking and the restriction of processing (GDPR art. 18) on the person card. They are
// not ordinary edits: each change has its own small dialog with a reason, which the core checks, logs
// and flags for review, and each answers with the updated card.
// - "Ändra skyddsmarkering …" (#protection-dialog): set_protection {personRef, protection, reason};
// - "Begränsa behandling …" / "Häv begränsning …" (#restrict-dialog, data-mode restrict | lift):
//   restrict {personRef, reason, ground, requester, until} — the ground of art. 18(1) (preselected as
//   the core's own default, a18_1_a), who asked (empty: the person), until when (empty: open) — and
//   lift_restriction {personRef, reason, personToldOn}: lifting asks the handler to confirm that the
//   person has been told (a checkbox) and on which day (today unless changed). The request page opens
//   the same dialog for a person whose card is not on show (openRestrictionFor).
// What the card offers follows the core's policy: while processing is restricted the marking cannot be
// changed and only the restriction can be lifted; under emergency access neither can be changed.
// A refusal of the core is said next to the input it names (the reason, a date, the note), else in the
// dialog's own error. The person card itself is views/card.js; rectification, views/person-form.js.
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, clearErrors, fillOptions, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { isDate, reasonProblem } from "../lib/checks.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { PROTECTION_KINDS } from "../generated/contract.js";
import { RESTRICTION_GROUNDS, nameKey } from "./rights-names.js";
import { coreToday } from "./requests.js";

let currentCard = () => null; // the card on show (views/card.js)
let cardUpdated = () => {}; // shows the card the core answered with
let restrictMode = null; // "restrict" | "lift" while #restrict-dialog is open
let protectionFor = null; // the card #protection-dialog is for

// ---------------------------------------------------------------------------------------------
// What the card offers
// ---------------------------------------------------------------------------------------------

/** The notice and the marking buttons for `card` (null: the card is closed). */
export function renderMarking(card) {
  const restricted = Boolean(card?.restricted);
  // Under emergency access the person is not assigned: the core allows no marking change then.
  const assigned = Boolean(card) && !card.emergency_until;
  $("#restricted-notice").hidden = !restricted;
  $("#protection-button").hidden = !(assigned && !restricted);
  $("#restrict-button").hidden = !(assigned && !restricted);
  $("#lift-restriction-button").hidden = !restricted;
  $("#marking-actions").hidden =
    $("#protection-button").hidden && $("#restrict-button").hidden && $("#lift-restriction-button").hidden;
}

/** A refused change: at the input the core names (`places`), else in the dialog's own error. */
function refused(err, places, { boxError, confirm }) {
  showRefusal(err, places, [boxError], {
    words: err.code === "DENIED" ? () => t("marking.err.denied") : undefined,
    focusElse: confirm,
  });
}

/** Shows each problem next to its control and focuses the first; false when there were any. */
function report(problems) {
  for (const [errorEl, words, control] of problems) {
    showError(errorEl, words, control);
  }
  if (problems.length) {
    problems[0][2].focus();
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The protection marking
// ---------------------------------------------------------------------------------------------

function hasNote(card) {
  return Boolean(card?.fields?.some((f) => f.field === "protection_note" && f.has_value));
}

function renderProtectionText() {
  if (!protectionFor) {
    return;
  }
  $("#protection-heading").textContent = t("marking.protectionTitle", { ref: protectionFor.person_ref });
  $("#protection-note-hint").textContent = hasNote(protectionFor) ? t("marking.noteHintHas") : t("marking.noteHintNone");
}

/** "No marking" takes its dates and note with it: their inputs are not offered then. */
function renderProtectionDetails() {
  $("#protection-details").hidden = $("#protection-kind").value === "";
}

function clearProtectionInputs() {
  for (const id of ["#protection-since", "#protection-review", "#protection-note", "#protection-reason"]) {
    $(id).value = "";
  }
}

function openProtection() {
  const card = currentCard();
  if (!card) {
    return;
  }
  protectionFor = card;
  const dialog = $("#protection-dialog");
  clearErrors(dialog);
  clearProtectionInputs();
  $("#protection-kind").value = card.protection === "none" ? "" : card.protection;
  $("#protection-since").value = card.protection_since ?? "";
  $("#protection-review").value = card.protection_review_on ?? "";
  renderProtectionText();
  renderProtectionDetails();
  openDialog(dialog, {
    focus: $("#protection-kind"),
    fallbackFocus: () => $("#card-heading"),
    onClose: () => {
      protectionFor = null;
      clearProtectionInputs();
    },
  });
}

async function confirmProtection(event) {
  event.preventDefault();
  const dialog = $("#protection-dialog");
  const card = protectionFor;
  if (!card) {
    closeDialog(dialog);
    return;
  }
  clearErrors(dialog);
  const value = (id) => $(id).value.trim() || null;
  const kind = $("#protection-kind").value || null;
  const protection = kind
    ? { kind, since: value("#protection-since"), review_on: value("#protection-review"), note: value("#protection-note") }
    : { kind: null, since: null, review_on: null, note: null };
  const before = {
    kind: card.protection === "none" ? null : card.protection,
    since: card.protection_since ?? null,
    review_on: card.protection_review_on ?? null,
  };
  const changed =
    protection.kind !== before.kind ||
    protection.since !== before.since ||
    protection.review_on !== before.review_on ||
    Boolean(protection.note) ||
    (!kind && hasNote(card));
  if (!changed) {
    showError($("#protection-error"), () => t("pf.nothingChanged"));
    $("#protection-kind").focus();
    return;
  }
  const problems = [];
  if (kind) {
    for (const [id, v] of [["since", protection.since], ["review", protection.review_on]]) {
      if (v && !isDate(v)) {
        problems.push([$(`#protection-${id}-error`), () => t("pf.err.date"), $(`#protection-${id}`)]);
      }
    }
    // The marking is replaced as a whole: an existing note the form cannot show would be lost.
    if (hasNote(card) && !protection.note) {
      problems.push([$("#protection-note-error"), () => t("pf.err.noteAgain"), $("#protection-note")]);
    }
  }
  const reasonInput = $("#protection-reason");
  const reason = reasonInput.value.trim();
  const wrong = reasonProblem(reason);
  if (wrong) {
    problems.push([$("#protection-reason-error"), () => reasonProblem(reason), reasonInput]);
  }
  if (!report(problems)) {
    return;
  }
  try {
    const view = await busy($("#protection-confirm"), () =>
      call("set_protection", { personRef: card.person_ref, protection, reason }),
    );
    cardUpdated(view);
    closeDialog(dialog, $("#protection-button"));
    announce(t("marking.protectionSaved"));
  } catch (err) {
    refused(
      err,
      {
        reason: [$("#protection-reason-error"), reasonInput],
        protection_since: [$("#protection-since-error"), $("#protection-since")],
        protection_review_on: [$("#protection-review-error"), $("#protection-review")],
        protection_note: [$("#protection-note-error"), $("#protection-note")],
      },
      { boxError: $("#protection-error"), confirm: $("#protection-confirm") },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Restriction of processing (art. 18)
// ---------------------------------------------------------------------------------------------

let restrictFor = null; // the card #restrict-dialog is for (or {person_ref} from the request page)
let restrictAfter = null; // instead of showing the card: what the request page does with the answer

function renderRestrictText() {
  if (!restrictMode || !restrictFor) {
    return;
  }
  const lift = restrictMode === "lift";
  const ref = restrictFor.person_ref;
  $("#restrict-heading").textContent = t(lift ? "marking.liftTitle" : "marking.restrictTitle", { ref });
  $("#restrict-intro").textContent = t(lift ? "marking.liftIntro" : "marking.restrictIntro");
  $("#restrict-reason-label").textContent = t(lift ? "marking.liftReason" : "marking.restrictReason");
  $("#restrict-reason-hint").textContent = t(lift ? "marking.liftReasonHint" : "marking.restrictReasonHint");
  $("#restrict-confirm").textContent = t(lift ? "marking.liftConfirm" : "marking.restrictConfirm");
}

function clearRestrictInputs() {
  for (const id of ["#restrict-reason", "#restrict-requester", "#restrict-until", "#restrict-told-on"]) {
    $(id).value = "";
  }
  $("#restrict-told").checked = false;
  $("#restrict-ground").value = RESTRICTION_GROUNDS[0];
}

function openRestriction(mode, card = currentCard(), after = null) {
  if (!card) {
    return;
  }
  restrictMode = mode;
  restrictFor = card;
  restrictAfter = after;
  const dialog = $("#restrict-dialog");
  dialog.dataset.mode = mode;
  clearErrors(dialog);
  clearRestrictInputs();
  $("#restrict-told-field").hidden = mode !== "lift";
  $("#restrict-told-on-field").hidden = mode !== "lift";
  $("#restrict-order").hidden = mode !== "restrict";
  $("#restrict-told-on").value = coreToday();
  renderRestrictText();
  openDialog(dialog, {
    focus: mode === "lift" ? $("#restrict-told") : $("#restrict-reason"),
    fallbackFocus: () => $("#card-heading"),
    onClose: () => {
      restrictMode = null;
      restrictFor = null;
      restrictAfter = null;
      clearRestrictInputs();
    },
  });
}

/** The restrict dialog for `personRef` from the request page; `after(view)` gets the updated card. */
export function openRestrictionFor(mode, personRef, after) {
  openRestriction(mode, { person_ref: personRef }, after);
}

async function confirmRestriction(event) {
  event.preventDefault();
  const dialog = $("#restrict-dialog");
  const card = restrictFor;
  const mode = restrictMode;
  if (!card || !mode) {
    closeDialog(dialog);
    return;
  }
  clearErrors(dialog);
  const lift = mode === "lift";
  const after = restrictAfter;
  const told = $("#restrict-told");
  const toldOn = $("#restrict-told-on");
  const until = $("#restrict-until");
  const reasonInput = $("#restrict-reason");
  const reason = reasonInput.value.trim();
  const problems = [];
  if (lift && !told.checked) {
    problems.push([$("#restrict-told-error"), () => t("marking.err.told"), told]);
  }
  const wrong = reasonProblem(reason);
  if (wrong) {
    problems.push([$("#restrict-reason-error"), () => reasonProblem(reason), reasonInput]);
  }
  if (lift && !isDate(toldOn.value.trim())) {
    problems.push([$("#restrict-told-on-error"), () => t("marking.err.toldOn"), toldOn]);
  }
  if (!lift && until.value.trim() && !isDate(until.value.trim())) {
    problems.push([$("#restrict-until-error"), () => t("pf.err.date"), until]);
  }
  if (!report(problems)) {
    return;
  }
  const args = lift
    ? { personRef: card.person_ref, reason, personToldOn: toldOn.value.trim() }
    : {
        personRef: card.person_ref,
        reason,
        ground: $("#restrict-ground").value || null,
        requester: $("#restrict-requester").value.trim() || null,
        until: until.value.trim() || null,
      };
  try {
    const view = await busy($("#restrict-confirm"), () => call(lift ? "lift_restriction" : "restrict", args));
    if (after) {
      closeDialog(dialog);
      after(view);
    } else {
      cardUpdated(view);
      closeDialog(dialog, $("#card-heading"));
    }
    announce(t(lift ? "marking.lifted" : "marking.restricted"));
  } catch (err) {
    // The core names a date it refuses `told_on` (the day told when lifting, the end when restricting)
    // and who asked `recipient`.
    refused(
      err,
      {
        reason: [$("#restrict-reason-error"), reasonInput],
        told_on: lift ? [$("#restrict-told-on-error"), toldOn] : [$("#restrict-until-error"), until],
        recipient: [$("#restrict-requester-error"), $("#restrict-requester")],
      },
      { boxError: $("#restrict-error"), confirm: $("#restrict-confirm") },
    );
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * `card()` returns the card on show; `onUpdated(view)` shows the card the core answered with.
 * Called once from views/handler.js.
 */
export function initMarking({ card, onUpdated }) {
  currentCard = card;
  cardUpdated = onUpdated;
  fillOptions($("#protection-kind"), PROTECTION_KINDS, (k) => `protection.${k}`, { empty: "protection.none" });
  fillOptions($("#restrict-ground"), RESTRICTION_GROUNDS, (g) => nameKey("restrictionGround", g));
  $("#protection-button").addEventListener("click", openProtection);
  $("#restrict-button").addEventListener("click", () => openRestriction("restrict"));
  $("#lift-restriction-button").addEventListener("click", () => openRestriction("lift"));
  $("#protection-form").addEventListener("submit", confirmProtection);
  $("#protection-cancel").addEventListener("click", () => closeDialog($("#protection-dialog")));
  $("#protection-kind").addEventListener("change", renderProtectionDetails);
  $("#restrict-form").addEventListener("submit", confirmRestriction);
  $("#restrict-cancel").addEventListener("click", () => closeDialog($("#restrict-dialog")));
  // An error goes away as soon as the control it is about is changed.
  for (const [control, error] of [
    ["#protection-reason", "#protection-reason-error"],
    ["#protection-note", "#protection-note-error"],
    ["#protection-since", "#protection-since-error"],
    ["#protection-review", "#protection-review-error"],
    ["#restrict-reason", "#restrict-reason-error"],
    ["#restrict-requester", "#restrict-requester-error"],
    ["#restrict-until", "#restrict-until-error"],
    ["#restrict-told-on", "#restrict-told-on-error"],
  ]) {
    $(control).addEventListener("input", () => clearError($(error), $(control)));
  }
  $("#restrict-told").addEventListener("change", () => clearError($("#restrict-told-error"), $("#restrict-told")));
}

export function relocalizeMarking() {
  renderProtectionText();
  renderRestrictText();
}

/** On lock: the dialogs closed and emptied. */
export function resetMarking() {
  closeDialog($("#protection-dialog"));
  closeDialog($("#restrict-dialog"));
  protectionFor = null;
  restrictFor = null;
  restrictMode = null;
  restrictAfter = null;
  clearProtectionInputs();
  clearRestrictInputs();
  renderMarking(null);
}
