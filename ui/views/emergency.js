// Handläggare: emergency access (nödåtkomst) to a person not assigned to them, named by identity
// number (personnummer or samordningsnummer, in any usual spelling) or by the app's ref — the core
// resolves it — with a written justification of at least LIMITS.MIN_JUSTIFICATION characters (the
// core checks it again, logs and flags it, and flags everything done under it); read-only unless the
// handler asks to edit too (`edit`); and the countdown on the card while it runs. A refusal is said where it belongs: an invalid number (with its rule's
// words), an unknown person and DENIED at the person field, an input the core names at that input.
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, clearErrors, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { formatRemaining } from "../lib/countdown.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";

const MIN_JUSTIFICATION = LIMITS.MIN_JUSTIFICATION;

let currentCard = () => null; // the card on show (views/card.js)
let showCard = () => {};
let countdownTimer = null;

// ---------------------------------------------------------------------------------------------
// The countdown on the card
// ---------------------------------------------------------------------------------------------

/** The time left of `card`'s emergency access (hidden when there is none). */
export function renderCountdown(card) {
  const box = $("#emergency-countdown");
  if (!card?.emergency_until) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  const left = Date.parse(card.emergency_until) - Date.now();
  box.hidden = false;
  const time = t("emergency.countdown", { time: formatRemaining(left) });
  box.textContent = card.emergency_may_edit ? time : `${time} · ${t("emergency.readOnly")}`;
}

/** Counts down `card`'s emergency access; `onEnded()` when it runs out (a minute before: a warning). */
export function startCountdown(card, onEnded) {
  stopCountdown();
  if (!card?.emergency_until) {
    renderCountdown(card);
    return;
  }
  const until = Date.parse(card.emergency_until);
  let warned = false;
  const tick = () => {
    const left = until - Date.now();
    if (left <= 0) {
      stopCountdown();
      onEnded();
      return;
    }
    if (!warned && left <= 60_000) {
      warned = true;
      announce(t("emergency.oneMinute"));
    }
    renderCountdown(card);
  };
  tick();
  countdownTimer = window.setInterval(tick, 1000);
}

export function stopCountdown() {
  if (countdownTimer) {
    window.clearInterval(countdownTimer);
    countdownTimer = null;
  }
  const box = $("#emergency-countdown");
  box.hidden = true;
  box.textContent = "";
}

// ---------------------------------------------------------------------------------------------
// The dialog
// ---------------------------------------------------------------------------------------------

function renderJustificationCount() {
  const n = $("#emergency-justification").value.trim().length;
  $("#emergency-count").textContent = t("emergency.count", { n, min: MIN_JUSTIFICATION });
}

function openEmergency() {
  const dialog = $("#emergency-dialog");
  clearErrors(dialog);
  $("#emergency-person").value = currentCard()?.person_ref ?? "";
  $("#emergency-justification").value = "";
  $("#emergency-edit").checked = false;
  $("#emergency-intro").textContent = t("emergency.intro");
  renderJustificationCount();
  openDialog(dialog, {
    focus: $("#emergency-person").value ? $("#emergency-justification") : $("#emergency-person"),
    fallbackFocus: () => $("#emergency-button"),
  });
}

async function confirmEmergency(event) {
  event.preventDefault();
  const dialog = $("#emergency-dialog");
  clearErrors(dialog);
  const person = $("#emergency-person");
  const text = $("#emergency-justification");
  const who = person.value.trim();
  const justification = text.value.trim();
  if (!who) {
    showError($("#emergency-person-error"), () => t("emergency.needPerson"), person);
    person.focus();
    return;
  }
  if (justification.length < MIN_JUSTIFICATION) {
    showError($("#emergency-justification-error"), () => t("emergency.tooShort", { min: MIN_JUSTIFICATION }), text);
    text.focus();
    return;
  }
  try {
    const edit = $("#emergency-edit").checked;
    const grant = await busy($("#emergency-confirm"), () => call("emergency_access", { person: who, justification, edit }));
    const view = await call("show_person", { personRef: grant.person_ref });
    showCard(view, { focusHeading: false });
    closeDialog(dialog, $("#card-heading"));
    const granted = t("emergency.granted", { minutes: grant.minutes });
    announce(grant.may_edit ? granted : `${granted} ${t("emergency.grantedReadOnly")}`);
  } catch (err) {
    const personError = [$("#emergency-person-error"), person];
    if (err.code === "PERSON_NOT_FOUND" || err.code === "INVALID_IDENTITY_NUMBER") {
      // The number's own rule is said (e.g. the check digit), from the catalog.
      showRefusal(err, {}, personError);
    } else if (err.code === "DENIED") {
      // Assigned to the handler already, or processing restricted (art. 18): the core does not say
      // which to someone who may not open the person, so the words name both.
      showRefusal(err, {}, personError, { words: () => t("emergency.denied") });
    } else {
      showRefusal(
        err,
        { justification: [$("#emergency-justification-error"), text], person_ref: personError, identity_number: personError },
        [$("#emergency-error")],
        { focusElse: $("#emergency-confirm") },
      );
    }
  }
}

/** `card()` gives the card on show, `onGranted(view)` shows the person the access opened. */
export function initEmergency({ card, onGranted }) {
  currentCard = card;
  showCard = onGranted;
  $("#emergency-button").addEventListener("click", openEmergency);
  $("#emergency-form").addEventListener("submit", confirmEmergency);
  $("#emergency-cancel").addEventListener("click", () => closeDialog($("#emergency-dialog")));
  $("#emergency-justification").addEventListener("input", renderJustificationCount);
  $("#emergency-person").addEventListener("input", () => clearError($("#emergency-person-error"), $("#emergency-person")));
  $("#emergency-justification").maxLength = LIMITS.MAX_TEXT;
}

export function relocalizeEmergency() {
  if ($("#emergency-dialog").open) {
    $("#emergency-intro").textContent = t("emergency.intro");
    renderJustificationCount();
  }
}

/** On lock: closed and emptied. */
export function resetEmergency() {
  stopCountdown();
  closeDialog($("#emergency-dialog"));
  $("#emergency-person").value = "";
  $("#emergency-justification").value = "";
  $("#emergency-edit").checked = false;
}
