// Handläggare: create and edit a person (#person-form), with inline validation. While processing is
// restricted the only edit is a rectification (rectify_person, with a reason). The protection marking
// and the restriction are set only when creating; afterwards through their own dialogs
// (views/marking.js). A refusal of the core is said in words next to the input it names, else at the
// form (#pf-form-error); the core's English message is never shown.
import { call } from "../lib/api.js";
import { $, announce, busy, clearError, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { currentCard, setCardAside, showCard } from "./card.js";
import {
  buildPatch,
  buildRecord,
  contactRow,
  fillChoices,
  input,
  problemPlace,
  refusalPlaces,
  relabelContacts,
  textFields,
  validateForm,
} from "./person-record.js";

let formMode = null; // "create" | "edit" | null (edit of a restricted card: a rectification)
let onSaved = () => {}; // a person was created or changed

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
}

function openForm(mode) {
  const form = $("#person-form");
  form.reset();
  clearErrors(form);
  $("#pf-contacts").replaceChildren();
  formMode = mode;
  const card = currentCard();
  const edit = mode === "edit" && card;
  // The marking and the restriction are set when creating; afterwards only through their dialogs.
  $("#pf-protection-group").hidden = Boolean(edit);
  $("#pf-restricted-group").hidden = Boolean(edit);
  $("#pf-rectify").hidden = !rectifying();
  $("#rectify-reason").value = "";
  if (edit) {
    input("legal_basis").value = card.legal_basis ?? "";
    input("purpose").value = card.purpose ?? "";
    input("retain_until").value = card.retain_until ?? "";
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
}

export function hideForm() {
  const form = $("#person-form");
  form.reset();
  clearErrors(form);
  $("#pf-contacts").replaceChildren();
  $("#rectify-reason").value = "";
  $("#pf-rectify").hidden = true;
  $("#pf-protection-group").hidden = false;
  $("#pf-restricted-group").hidden = false;
  form.hidden = true;
  formMode = null;
}

function cancelForm() {
  const wasEdit = formMode === "edit";
  const card = currentCard();
  hideForm();
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
  if (mode === "edit" && card && Object.keys(buildPatch(card)).length === 0) {
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
    } else if (mode === "edit" && card) {
      const patch = buildPatch(card);
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

/** `hooks.onSaved()` runs after a person was created or changed. */
export function initPersonForm(hooks = {}) {
  onSaved = hooks.onSaved ?? onSaved;
  fillChoices();
  $("#new-person-button").addEventListener("click", () => openForm("create"));
  $("#edit-person-button").addEventListener("click", () => openForm("edit"));
  $("#person-form").addEventListener("submit", submitForm);
  $("#pf-cancel").addEventListener("click", cancelForm);
  $("#rectify-reason").addEventListener("input", () => clearError($("#rectify-reason-error"), $("#rectify-reason")));
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
