// Handläggare: the reveal dialog (#reveal-dialog). A masked value is shown only for a stated purpose,
// from the contract's PURPOSES — only the strict ones for a field the contract marks art. 9 — with an
// optional note. The core checks the purpose again, logs the reveal and answers with the value, which
// views/card.js shows (and masks again after LIMITS.REVEAL_SECONDS).
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { showRefusal } from "../lib/errors.js";
import { lang, t } from "../lib/i18n.js";
import { FIELDS, PURPOSES } from "../generated/contract.js";

let pending = null; // { field, personRef, onRevealed } while the dialog is open

/** Special categories (GDPR art. 9) as the contract has them; an unknown field is treated as one. */
export function isArt9(field) {
  return FIELDS.find((f) => f.name === field)?.art9 ?? true;
}

/** The purposes a reveal of `field` may state. */
export function purposesFor(field) {
  return PURPOSES.filter((p) => p.strict || !isArt9(field));
}

function fillPurposes(field) {
  const select = $("#reveal-purpose");
  const keep = select.value;
  const allowed = purposesFor(field);
  select.replaceChildren(
    el("option", { value: "", text: t("reveal.choose") }),
    ...allowed.map((p) => el("option", { value: p.code, text: lang() === "en" ? p.en : p.sv })),
  );
  if (allowed.some((p) => p.code === keep)) {
    select.value = keep;
  }
}

function renderRevealText() {
  if (!pending) {
    return;
  }
  const label = t(`field.${pending.field}`);
  $("#reveal-heading").textContent = t("reveal.title", { field: label });
  $("#reveal-intro").textContent = isArt9(pending.field) ? t("reveal.introArt9") : t("reveal.intro");
  fillPurposes(pending.field);
}

/**
 * Asks for the purpose of revealing `field` of `personRef`; `onRevealed(value)` shows the value and
 * returns false if the card changed meanwhile.
 */
export function openReveal(field, personRef, onRevealed) {
  pending = { field, personRef, onRevealed };
  const dialog = $("#reveal-dialog");
  clearErrors(dialog);
  $("#reveal-purpose").value = "";
  $("#reveal-note").value = "";
  renderRevealText();
  $("#reveal-purpose").value = "";
  openDialog(dialog, {
    focus: $("#reveal-purpose"),
    fallbackFocus: () => $(`#copy-${field}`) ?? $(`#reveal-${field}`) ?? $("#card-heading"),
    onClose: () => {
      pending = null;
    },
  });
}

async function confirmReveal(event) {
  event.preventDefault();
  const dialog = $("#reveal-dialog");
  const asked = pending;
  if (!asked) {
    closeDialog(dialog);
    return;
  }
  const select = $("#reveal-purpose");
  const note = $("#reveal-note");
  const error = $("#reveal-error");
  clearError(error, [select, note]);
  if (!select.value) {
    showError(error, () => t("reveal.needPurpose"), select);
    select.focus();
    return;
  }
  const text = note.value.trim();
  const purpose = text ? `${select.value}: ${text}` : select.value;
  const { field, personRef } = asked;
  try {
    const out = await busy($("#reveal-confirm"), () => call("reveal_field", { personRef, field, purpose }));
    if (asked.onRevealed(out.value) === false) {
      closeDialog(dialog);
      return;
    }
    closeDialog(dialog, $(`#copy-${field}`));
    announce(t("reveal.shown", { field: t(`field.${field}`) }));
  } catch (err) {
    showRefusal(err, { reveal_purpose: [error, select], purpose_note: [error, note] }, [error, select], {
      words: err.code === "DENIED" ? () => t("reveal.denied") : undefined,
    });
  }
}

export function initReveal() {
  $("#reveal-form").addEventListener("submit", confirmReveal);
  $("#reveal-cancel").addEventListener("click", () => closeDialog($("#reveal-dialog")));
}

export const relocalizeReveal = renderRevealText;

/** On lock: closed and emptied. */
export function resetReveal() {
  closeDialog($("#reveal-dialog"));
  pending = null;
  $("#reveal-note").value = "";
}
