// Handläggare: the reveal dialog (#reveal-dialog). A masked value is shown only for a stated purpose,
// from the vault's list (`purposes`, asked after login and kept for the session; the contract's
// PURPOSES if it cannot be had), the active ones, labelled with their own sv/en text — only the strict ones when a field the contract marks art. 9 is among
// those asked for — with an optional note. It asks for one field (reveal_field), a group of fields of
// one person (reveal_fields: one purpose, one log entry) or the names of a page of "Mina personer"
// (reveal_names: one log entry naming every ref), or a person's journal (read_journal: a reveal of the
// field `notes`, its purposes as that field's). The core checks the purpose again, logs the reveal
// and answers with the values, which the caller shows (and masks again after LIMITS.REVEAL_SECONDS).
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { showRefusal } from "../lib/errors.js";
import { lang, t } from "../lib/i18n.js";
import { FIELDS, PURPOSES } from "../generated/contract.js";

// While the dialog is open: { kind: "field" | "group" | "names" | "journal", fields, personRef, personRefs,
// category, onRevealed }.
let pending = null;

/** Special categories (GDPR art. 9) as the contract has them; an unknown field is treated as one. */
export function isArt9(field) {
  return FIELDS.find((f) => f.name === field)?.art9 ?? true;
}

// The vault's purposes for this session ({code, sv, en, strict, active}); null until asked.
let vaultPurposes = null;

/** Asks the core for the vault's purposes (after login, and after the admin saved a change). */
export async function loadPurposes() {
  try {
    const list = await call("purposes");
    vaultPurposes = Array.isArray(list) ? list : null;
  } catch {
    vaultPurposes = null;
  }
  renderRevealText();
  return vaultPurposes;
}

/** The purposes on offer: the vault's active ones, or the contract's when the list could not be had. */
function offered() {
  return vaultPurposes ? vaultPurposes.filter((p) => p.active) : PURPOSES;
}

/** The purposes a reveal of `fields` (one name or a list) may state: strict ones if any is art. 9. */
export function purposesFor(fields) {
  const sensitive = [fields].flat().some(isArt9);
  return offered().filter((p) => p.strict || !sensitive);
}

function fillPurposes(fields) {
  const select = $("#reveal-purpose");
  const keep = select.value;
  const allowed = purposesFor(fields);
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
  const { kind, fields } = pending;
  const art9 = fields.some(isArt9);
  const labels = fields.map((f) => t(`field.${f}`)).join(", ");
  const texts = {
    field: [t("reveal.title", { field: labels }), art9 ? t("reveal.introArt9") : t("reveal.intro"), t("reveal.confirm")],
    group: [
      t(`card.revealGroup.${pending.category}`),
      t(art9 ? "reveal.groupIntroArt9" : "reveal.groupIntro", { fields: labels }),
      t("reveal.confirmGroup"),
    ],
    names: [t("reveal.namesTitle"), t("reveal.namesIntro", { n: pending.personRefs?.length ?? 0 }), t("reveal.confirmNames")],
    journal: [t("journal.revealTitle"), art9 ? t("journal.revealIntroArt9") : t("journal.revealIntro"), t("journal.revealConfirm")],
  }[kind];
  $("#reveal-heading").textContent = texts[0];
  $("#reveal-intro").textContent = texts[1];
  $("#reveal-confirm").textContent = texts[2];
  fillPurposes(fields);
}

function open(asked, fallbackFocus) {
  pending = asked;
  const dialog = $("#reveal-dialog");
  clearErrors(dialog);
  $("#reveal-purpose").value = "";
  $("#reveal-note").value = "";
  renderRevealText();
  $("#reveal-purpose").value = "";
  openDialog(dialog, {
    focus: $("#reveal-purpose"),
    fallbackFocus,
    onClose: () => {
      pending = null;
    },
  });
}

/**
 * Asks for the purpose of revealing `field` of `personRef`; `onRevealed(value)` shows the value and
 * returns false if the card changed meanwhile.
 */
export function openReveal(field, personRef, onRevealed) {
  open({ kind: "field", fields: [field], personRef, onRevealed }, () => $(`#copy-${field}`) ?? $(`#reveal-${field}`) ?? $("#card-heading"));
}

/** The same for a group (`category`) of `fields` of one person; `onRevealed([{field, value}])`. */
export function openRevealGroup(category, fields, personRef, onRevealed) {
  open({ kind: "group", category, fields, personRef, onRevealed }, () => $(`#copy-${fields[0]}`) ?? $("#card-heading"));
}

/** The same for the names of `personRefs` (a page of "Mina personer"); `onRevealed([{person_ref, value}])`. */
export function openRevealNames(personRefs, onRevealed) {
  open({ kind: "names", fields: ["name"], personRefs, onRevealed }, () => $("#caseload-reveal-names"));
}

/** The same for the journal of `personRef` (the field `notes`); `onRevealed({person_ref, notes, entries})`. */
export function openRevealJournal(personRef, onRevealed) {
  open({ kind: "journal", fields: ["notes"], personRef, onRevealed }, () => $("#journal-hide") ?? $("#journal-reveal") ?? $("#card-heading"));
}

function send(asked, purpose) {
  const { kind, fields, personRef, personRefs } = asked;
  if (kind === "journal") {
    return call("read_journal", { personRef, purpose });
  }
  if (kind === "names") {
    return call("reveal_names", { personRefs, purpose });
  }
  if (kind === "group") {
    return call("reveal_fields", { personRef, fields, purpose });
  }
  return call("reveal_field", { personRef, field: fields[0], purpose }).then((out) => out.value);
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
  try {
    const out = await busy($("#reveal-confirm"), () => send(asked, purpose));
    if (asked.onRevealed(out) === false) {
      closeDialog(dialog);
      return;
    }
    if (asked.kind === "field") {
      const field = asked.fields[0];
      closeDialog(dialog, $(`#copy-${field}`));
      announce(t("reveal.shown", { field: t(`field.${field}`) }));
    } else if (asked.kind === "journal") {
      // To the entries' first control; the journal says what is shown.
      closeDialog(dialog, $("#journal-hide"));
    } else {
      // Back to the button that asked; the caller has said what is shown.
      closeDialog(dialog);
    }
  } catch (err) {
    const denied = asked.kind === "names" ? "reveal.namesDenied" : "reveal.denied";
    showRefusal(err, { reveal_purpose: [error, select], purpose_note: [error, note] }, [error, select], {
      words: err.code === "DENIED" ? () => t(denied) : undefined,
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
  vaultPurposes = null;
}
