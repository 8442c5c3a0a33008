// Handläggare: create and edit a person (#person-form), with inline validation. While processing is
// restricted the only edit is a rectification (rectify_person, with a reason). The protection marking
// and the restriction are set only when creating; afterwards through their own dialogs
// (views/marking.js). A refusal of the core is said in words next to the input it names, else at the
// form (#pf-form-error); the core's English message is never shown. In an edit the masked fields have
// their tools (views/current-values.js: show the current value for a correction, clear the field), and
// the old single note (#pf-notes) is not offered: notes are kept in the journal on the card
// (views/journal.js). The open form can be read as a draft and filled back (views/person-draft.js).
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { currentCard, setCardAside, showCard } from "./card.js";
import {
  CORRECTION_PURPOSE,
  NOT_EDITED,
  clearedFields,
  markCleared,
  relocalizeCurrentTools,
  resetCurrentTools,
  revealedValues,
  setupCurrentTools,
} from "./current-values.js";
import { fillForm, formSnapshot } from "./person-draft.js";
import {
  buildPatch,
  buildRecord,
  cardRetention,
  contactRow,
  fillChoices,
  fillRetention,
  fillRules,
  forgetStoredContacts,
  input,
  problemPlace,
  refusalPlaces,
  relabelContacts,
  setRetentionRules,
  storedContactRows,
  textFields,
  validateForm,
} from "./person-record.js";

let formMode = null; // "create" | "edit" | null (edit of a restricted card: a rectification)
let onSaved = () => {}; // a person was created or changed
let onEnded = () => {}; // the form was saved or given up (a kept draft of it is stale)

/** The form edits a restricted card: a rectification, with a reason. */
function rectifying() {
  return formMode === "edit" && Boolean(currentCard()?.restricted);
}

export function renderFormText() {
  if (!formMode) {
    return;
  }
  const edit = formMode === "edit";
  const rectify = rectifying();
  const ref = currentCard()?.person_ref ?? "";
  $("#pf-heading").textContent = rectify ? t("pf.rectifyTitle", { ref }) : edit ? t("pf.editTitle", { ref }) : t("pf.createTitle");
  $("#pf-intro").textContent = rectify ? t("pf.rectifyIntro") : edit ? t("pf.editIntro") : t("pf.createIntro");
  $("#pf-submit").textContent = rectify ? t("pf.saveRectify") : edit ? t("pf.saveChanges") : t("pf.create");
  $("#pf-contacts-hint").textContent = edit ? t("pf.contactsEditHint") : t("pf.contactsHint");
  for (const name of textFields()) {
    if (edit) {
      input(name).setAttribute("placeholder", t("pf.unchanged"));
    } else {
      input(name).removeAttribute("placeholder");
    }
  }
  relabelContacts();
  fillRules();
  relocalizeCurrentTools();
}

/** The vault's retention rules for the rule select; without them only the default is offered. */
async function loadRetentionRules() {
  try {
    setRetentionRules(await call("list_retention_rules"));
  } catch {
    // The default rule is still offered, and the form saves without the list.
  }
}

/** What the edit's patch is built from besides the inputs. */
function patchOptions(card) {
  return { card, cleared: clearedFields(), revealed: revealedValues(), skip: NOT_EDITED };
}

/** The open form as a draft (views/person-draft.js), or null when none is open or nothing is typed. */
export function currentFormDraft() {
  return formSnapshot(formMode, formMode === "edit" ? patchOptions(currentCard()) : null);
}

/**
 * Opens the form of a draft again and fills it in, without saving. An edit needs the draft's person
 * on show; returns false when the form could not be opened.
 */
export function restoreForm(draft) {
  const mode = draft?.mode === "edit" ? "edit" : draft?.mode === "create" ? "create" : null;
  if (!mode || (mode === "edit" && currentCard()?.person_ref !== draft.person_ref)) {
    return false;
  }
  openForm(mode);
  fillForm(draft, (field) => markCleared(field, true));
  return true;
}

function openForm(mode) {
  const form = $("#person-form");
  form.reset();
  clearErrors(form);
  $("#pf-contacts").replaceChildren();
  forgetStoredContacts();
  formMode = mode;
  const card = currentCard();
  const edit = mode === "edit" && card;
  // The marking and the restriction are set when creating; afterwards only through their dialogs.
  $("#pf-protection-group").hidden = Boolean(edit);
  $("#pf-restricted-group").hidden = Boolean(edit);
  $("#pf-rectify").hidden = !rectifying();
  $("#rectify-reason").value = "";
  // Notes are the journal's (on the card); the create form may still take a first one.
  input("notes").closest(".field").hidden = Boolean(edit);
  $("#pf-notes-journal").hidden = !edit;
  resetCurrentTools();
  // The stored contacts are shown one by one for a change (not while restricted: no reveal then).
  $("#pf-contacts-show").hidden = !(edit && !rectifying() && card.fields.find((x) => x.field === "contacts")?.has_value);
  if (edit) {
    setupCurrentTools(card, { rectifying: rectifying() });
    input("legal_basis").value = card.legal_basis ?? "";
    input("purpose").value = card.purpose ?? "";
    input("retain_until").value = card.retain_until ?? "";
    fillRetention(cardRetention(card));
    input("name").removeAttribute("required");
    input("name").removeAttribute("aria-required");
  } else {
    input("name").setAttribute("aria-required", "true");
  }
  renderFormText();
  setCardAside();
  $("#caseload").hidden = true;
  form.hidden = false;
  $("#pf-heading").focus();
  loadRetentionRules();
}

export function hideForm() {
  const form = $("#person-form");
  resetCurrentTools();
  form.reset();
  clearErrors(form);
  $("#pf-contacts").replaceChildren();
  forgetStoredContacts();
  $("#pf-contacts-show").hidden = true;
  $("#rectify-reason").value = "";
  $("#pf-rectify").hidden = true;
  $("#pf-protection-group").hidden = false;
  $("#pf-restricted-group").hidden = false;
  input("notes").closest(".field").hidden = false;
  $("#pf-notes-journal").hidden = true;
  form.hidden = true;
  formMode = null;
}

function cancelForm() {
  const wasEdit = formMode === "edit";
  const card = currentCard();
  hideForm();
  onEnded();
  if (wasEdit && card) {
    showCard(card);
  } else {
    $("#caseload").hidden = card !== null;
    $("#new-person-button").focus();
  }
}

async function submitForm(event) {
  event.preventDefault();
  const form = $("#person-form");
  clearErrors(form);
  const mode = formMode;
  const card = currentCard();
  const rectify = rectifying();
  if (mode === "edit" && card && Object.keys(buildPatch(card, patchOptions(card))).length === 0) {
    showError($("#pf-form-error"), () => t("pf.nothingChanged"));
    $("#pf-submit").focus();
    return;
  }
  const problems = validateForm(mode, { rectifying: rectify });
  if (problems.length) {
    for (const [name, words] of problems) {
      const [errorEl, control] = problemPlace(name);
      showError(errorEl, words, control);
    }
    const [, first] = problemPlace(problems[0][0]);
    (first ?? $(".contact-name") ?? $("#pf-contact-add")).focus();
    announce(t("pf.fixErrors", { n: problems.length }));
    return;
  }
  try {
    if (mode === "create") {
      const personRef = await busy($("#pf-submit"), () => call("create_person", { record: buildRecord() }));
      const view = await call("show_person", { personRef });
      hideForm();
      showCard(view);
      announce(t("pf.created", { ref: personRef }));
      onSaved();
      onEnded();
    } else if (mode === "edit" && card) {
      const patch = buildPatch(card, patchOptions(card));
      const personRef = card.person_ref;
      const view = rectify
        ? await busy($("#pf-submit"), () =>
            call("rectify_person", { personRef, patch, reason: $("#rectify-reason").value.trim() }),
          )
        : await busy($("#pf-submit"), () => call("edit_person", { personRef, patch }));
      hideForm();
      showCard(view);
      announce(rectify ? t("pf.rectified") : t("pf.saved"));
      onSaved();
      onEnded();
    }
  } catch (err) {
    showServerError(err);
  }
}

/** A refusal of the core: at the input it names (or the identity number's codes), else at the form. */
function showServerError(err) {
  if (err.code === "INVALID_IDENTITY_NUMBER" || err.code === "PERSON_EXISTS") {
    showRefusal(err, {}, [$("#pf-identity_number-error"), input("identity_number")]);
    return;
  }
  const words = err.code === "DENIED" && formMode === "edit" ? () => t("pf.err.denied") : undefined;
  showRefusal(err, refusalPlaces(), [$("#pf-form-error")], { words, focusElse: $("#pf-heading") });
}

/** "Visa nuvarande kontakter": the stored contacts (reveal_field, purpose rattelse), a row each. */
async function showStoredContacts() {
  const card = currentCard();
  if (formMode !== "edit" || !card) {
    return;
  }
  const button = $("#pf-contacts-show");
  const error = $("#pf-contacts-error");
  clearError(error, button);
  let out;
  try {
    out = await busy(button, () => call("reveal_field", { personRef: card.person_ref, field: "contacts", purpose: CORRECTION_PURPOSE }));
  } catch (err) {
    showRefusal(err, {}, [error, button], { words: err.code === "DENIED" ? () => t("reveal.denied") : undefined });
    return;
  }
  if (formMode !== "edit" || currentCard()?.person_ref !== card.person_ref) {
    return;
  }
  const rows = storedContactRows(Array.isArray(out?.contacts) ? out.contacts : []);
  $("#pf-contacts").prepend(...rows);
  button.hidden = true;
  (rows[0] ? $(".contact-name", rows[0]) : $("#pf-contact-add")).focus();
  announce(t("pf.contactsShown", { n: rows.length }));
}

/** `hooks.onSaved()` runs after a person was created or changed; `hooks.onEnded()` also when the form is given up. */
export function initPersonForm(hooks = {}) {
  onSaved = hooks.onSaved ?? onSaved;
  onEnded = hooks.onEnded ?? onEnded;
  fillChoices();
  $("#new-person-button").addEventListener("click", () => openForm("create"));
  $("#edit-person-button").addEventListener("click", () => openForm("edit"));
  $("#person-form").addEventListener("submit", submitForm);
  $("#pf-cancel").addEventListener("click", cancelForm);
  $("#rectify-reason").addEventListener("input", () => clearError($("#rectify-reason-error"), $("#rectify-reason")));
  $("#pf-contacts-show").addEventListener("click", showStoredContacts);
  $("#pf-contact-add").addEventListener("click", () => {
    const row = contactRow();
    $("#pf-contacts").append(row);
    $(".contact-name", row).focus();
  });
  // The core's identity-number error goes away as soon as the number is edited.
  input("identity_number").addEventListener("input", () =>
    clearError($("#pf-identity_number-error"), input("identity_number")),
  );
}
