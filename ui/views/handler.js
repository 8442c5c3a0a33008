// Handläggare: search, results, the person card with masked fields, reveal with a purpose (re-masked
// after 30 s), copy, create and edit with inline validation, emergency access with a countdown.
// Every value shown comes from the core; nothing here decides what may be seen. While the account
// waits for data access, only its key is shown (views/access.js); once it holds the keys, the work
// and the accounts that wait for a grant from this handler.
// The protection marking and the restriction of processing change through their own dialogs, with a
// reason (views/marking.js); while processing is restricted the form's only edit is a rectification
// (rectify_person, with a reason). A revealed value can be copied only with the app's copy button
// (lib/guard.js).
import { call } from "../lib/api.js";
import { $, $$, announce, busy, clearError, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { isDate, reasonProblem } from "../lib/checks.js";
import { dropSelectionOverRevealed, guardValue, installCopyGuard } from "../lib/guard.js";
import { errorText, lang, t } from "../lib/i18n.js";
import { checkMyAccess, showHandlerPending } from "./access.js";
import { initMarking, relocalizeMarking, renderMarking, resetMarking } from "./marking.js";

const REMASK_AFTER_MS = 30_000;
const MIN_JUSTIFICATION = 20;

let ctx;
let purposes = null;
let lastQuery = null;
let results = null; // the find_persons answer: {hits, total, limit}
let card = null; // the PersonView on show
const revealed = new Map(); // field → { value, timer }
let pendingReveal = null; // the field the reveal dialog is for
let countdownTimer = null;
let formMode = null; // "create" | "edit" | null (edit of a restricted card: a rectification)

// ---------------------------------------------------------------------------------------------
// Search and results
// ---------------------------------------------------------------------------------------------

async function search(event) {
  event.preventDefault();
  const input = $("#search-input");
  const query = input.value.trim();
  const summary = $("#search-summary");
  if (!query) {
    summary.textContent = t("handler.needQuery");
    input.focus();
    return;
  }
  try {
    results = await busy($("#search-submit"), () => call("find_persons", { query }));
    lastQuery = query;
    renderResults();
  } catch (err) {
    results = null;
    renderResults();
    summary.textContent = errorText(err);
  }
}

function renderResults() {
  const list = $("#search-results");
  const summary = $("#search-summary");
  const limited = $("#search-limit");
  list.replaceChildren();
  limited.hidden = true;
  limited.textContent = "";
  if (results === null) {
    summary.textContent = "";
    return;
  }
  const hits = results.hits ?? [];
  const total = results.total ?? hits.length;
  if (total > hits.length) {
    // More matched than the core hands out: say so calmly, with the core's numbers.
    summary.textContent = "";
    limited.textContent = t("handler.limited", { shown: hits.length, total });
    limited.hidden = false;
  } else {
    summary.textContent =
      hits.length === 0 ? t("handler.noHits") : hits.length === 1 ? t("handler.hit1") : t("handler.hits", { n: hits.length });
  }
  for (const hit of hits) {
    const button = el(
      "button",
      { type: "button", class: "result", "data-person-ref": hit.person_ref },
      el("span", { class: "initials", text: hit.initials }),
      el("span", { class: "masked-id", text: hit.identity || t("card.noIdentity") }),
      el("span", { class: `tag protection-${hit.protection}`, text: t(`protection.${hit.protection}`) }),
      el("span", { class: "ref", text: hit.person_ref }),
    );
    button.addEventListener("click", () => openPerson(hit.person_ref));
    list.append(el("li", {}, button));
  }
}

// ---------------------------------------------------------------------------------------------
// The person card
// ---------------------------------------------------------------------------------------------

async function openPerson(personRef, { focusHeading = true } = {}) {
  try {
    const view = await call("show_person", { personRef });
    showCard(view, { focusHeading });
  } catch (err) {
    announce(errorText(err));
  }
}

function showCard(view, { focusHeading = true } = {}) {
  forgetRevealed();
  card = view;
  hideForm();
  renderCard();
  $("#detail-empty").hidden = true;
  $("#person-card").hidden = false;
  startCountdown();
  if (focusHeading) {
    $("#card-heading").focus();
  }
}

function closeCard() {
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

function metaRow(label, value) {
  return [el("dt", { text: label }), el("dd", { text: value })];
}

function renderCard() {
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
  renderCountdown();
}

function fieldLabel(field) {
  return t(`field.${field}`);
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
    const reveal = el(
      "button",
      { type: "button", class: "reveal-button", id: `reveal-${f.field}`, hidden: Boolean(shown) },
      t("card.reveal"),
      el("span", { class: "sr-only", text: ` ${fieldLabel(f.field)}` }),
    );
    reveal.addEventListener("click", () => openReveal(f));
    actions.append(reveal);
    if (shown) {
      const copy = el(
        "button",
        { type: "button", class: "copy-button", id: `copy-${f.field}` },
        t("card.copy"),
        el("span", { class: "sr-only", text: ` ${fieldLabel(f.field)}` }),
      );
      copy.addEventListener("click", () => copyField(f.field, copy));
      const hide = el(
        "button",
        { type: "button", class: "hide-button quiet", id: `hide-${f.field}` },
        t("card.hide"),
        el("span", { class: "sr-only", text: ` ${fieldLabel(f.field)}` }),
      );
      hide.addEventListener("click", () => remask(f.field));
      actions.append(copy, hide);
    }
  }
  return el(
    "tr",
    { "data-field": f.field, class: f.art9 ? "art9" : undefined },
    label,
    el("td", {}, value),
    actions,
  );
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

function forgetRevealed() {
  for (const held of revealed.values()) {
    window.clearTimeout(held.timer);
  }
  revealed.clear();
}

// ---------------------------------------------------------------------------------------------
// Reveal and copy
// ---------------------------------------------------------------------------------------------

async function loadPurposes() {
  if (purposes) {
    return purposes;
  }
  purposes = await call("purposes");
  return purposes;
}

function fillPurposes(field) {
  const select = $("#reveal-purpose");
  const keep = select.value;
  const allowed = (purposes ?? []).filter((p) => !field.art9 || p.strict);
  select.replaceChildren(
    el("option", { value: "", text: t("reveal.choose") }),
    ...allowed.map((p) => el("option", { value: p.code, text: lang() === "en" ? p.en : p.sv })),
  );
  if (allowed.some((p) => p.code === keep)) {
    select.value = keep;
  }
}

function renderRevealText() {
  if (!pendingReveal) {
    return;
  }
  $("#reveal-heading").textContent = t("reveal.title", { field: fieldLabel(pendingReveal.field) });
  $("#reveal-intro").textContent = pendingReveal.art9 ? t("reveal.introArt9") : t("reveal.intro");
  fillPurposes(pendingReveal);
}

async function openReveal(field) {
  try {
    await loadPurposes();
  } catch (err) {
    announce(errorText(err));
    return;
  }
  pendingReveal = field;
  const dialog = $("#reveal-dialog");
  clearErrors(dialog);
  $("#reveal-purpose").value = "";
  $("#reveal-note").value = "";
  renderRevealText();
  $("#reveal-purpose").value = "";
  openDialog(dialog, {
    focus: $("#reveal-purpose"),
    fallbackFocus: () => $(`#copy-${field.field}`) ?? $(`#reveal-${field.field}`) ?? $("#card-heading"),
    onClose: () => {
      pendingReveal = null;
    },
  });
}

async function confirmReveal(event) {
  event.preventDefault();
  const field = pendingReveal;
  if (!field || !card) {
    closeDialog($("#reveal-dialog"));
    return;
  }
  const select = $("#reveal-purpose");
  const error = $("#reveal-error");
  clearError(error, select);
  if (!select.value) {
    showError(error, t("reveal.needPurpose"), select);
    select.focus();
    return;
  }
  const note = $("#reveal-note").value.trim();
  const purpose = note ? `${select.value}: ${note}` : select.value;
  const personRef = card.person_ref;
  try {
    const out = await busy($("#reveal-confirm"), () =>
      call("reveal_field", { personRef, field: field.field, purpose }),
    );
    if (!card || card.person_ref !== personRef) {
      closeDialog($("#reveal-dialog"));
      return;
    }
    const previous = revealed.get(field.field);
    if (previous) {
      window.clearTimeout(previous.timer);
    }
    revealed.set(field.field, {
      value: out.value,
      timer: window.setTimeout(() => remask(field.field), REMASK_AFTER_MS),
    });
    renderFieldRow(field.field);
    closeDialog($("#reveal-dialog"), $(`#copy-${field.field}`));
    announce(t("reveal.shown", { field: fieldLabel(field.field) }));
  } catch (err) {
    showError(error, err.code === "DENIED" ? t("reveal.denied") : errorText(err), select);
    error.dataset.code = err.code;
    select.focus();
  }
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
  }
}

// ---------------------------------------------------------------------------------------------
// Emergency access
// ---------------------------------------------------------------------------------------------

function formatRemaining(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

function renderCountdown() {
  const box = $("#emergency-countdown");
  if (!card?.emergency_until) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  const left = Date.parse(card.emergency_until) - Date.now();
  box.hidden = false;
  box.textContent = t("emergency.countdown", { time: formatRemaining(left) });
}

function startCountdown() {
  stopCountdown();
  if (!card?.emergency_until) {
    renderCountdown();
    return;
  }
  const until = Date.parse(card.emergency_until);
  let warned = false;
  const tick = () => {
    const left = until - Date.now();
    if (left <= 0) {
      stopCountdown();
      closeCard();
      announce(t("emergency.ended"));
      $("#handler-heading").focus();
      return;
    }
    if (!warned && left <= 60_000) {
      warned = true;
      announce(t("emergency.oneMinute"));
    }
    renderCountdown();
  };
  tick();
  countdownTimer = window.setInterval(tick, 1000);
}

function stopCountdown() {
  if (countdownTimer) {
    window.clearInterval(countdownTimer);
    countdownTimer = null;
  }
  const box = $("#emergency-countdown");
  box.hidden = true;
  box.textContent = "";
}

function renderJustificationCount() {
  const n = $("#emergency-justification").value.trim().length;
  $("#emergency-count").textContent = t("emergency.count", { n, min: MIN_JUSTIFICATION });
}

function openEmergency() {
  const dialog = $("#emergency-dialog");
  clearErrors(dialog);
  $("#emergency-person").value = card?.person_ref ?? "";
  $("#emergency-justification").value = "";
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
  const personRef = person.value.trim();
  const justification = text.value.trim();
  if (!personRef) {
    showError($("#emergency-person-error"), t("emergency.needPerson"), person);
    person.focus();
    return;
  }
  if (justification.length < MIN_JUSTIFICATION) {
    showError($("#emergency-justification-error"), t("emergency.tooShort", { min: MIN_JUSTIFICATION }), text);
    text.focus();
    return;
  }
  try {
    const grant = await busy($("#emergency-confirm"), () =>
      call("emergency_access", { personRef, justification }),
    );
    const view = await call("show_person", { personRef: grant.person_ref });
    showCard(view, { focusHeading: false });
    closeDialog(dialog, $("#card-heading"));
    announce(t("emergency.granted", { minutes: grant.minutes }));
  } catch (err) {
    if (err.code === "PERSON_NOT_FOUND") {
      showError($("#emergency-person-error"), err, person);
      person.focus();
    } else if (err.code === "DENIED") {
      // Assigned to the handler already, or processing restricted (art. 18): the core does not say
      // which to someone who may not open the person, so the words name both.
      showError($("#emergency-person-error"), t("emergency.denied"), person);
      $("#emergency-person-error").dataset.code = err.code;
      person.focus();
    } else if (err.code === "INVALID_INPUT") {
      showError($("#emergency-justification-error"), err, text);
      text.focus();
    } else {
      showError($("#emergency-error"), err);
      $("#emergency-confirm").focus();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Create and edit
// ---------------------------------------------------------------------------------------------

const TEXT_FIELDS = ["name", "identity_number", "address", "postcode", "municipality", "phone", "email", "health", "interventions", "notes"];
// The protection dates are in the form only when creating.
const DATE_INPUTS = ["protection-since", "protection-review_on", "retain_until"];

/** The form edits a restricted card: a rectification, with a reason. */
function rectifying() {
  return formMode === "edit" && Boolean(card?.restricted);
}

function input(name) {
  return $(`#pf-${name}`);
}

function contactRow(contact = {}) {
  const n = $$("#pf-contacts > li").length + 1;
  const id = `pf-contact-${Date.now().toString(36)}-${n}`;
  const name = el("input", { id: `${id}-name`, type: "text", autocomplete: "off", class: "contact-name" });
  const relation = el("input", { id: `${id}-relation`, type: "text", autocomplete: "off", class: "contact-relation" });
  const phone = el("input", { id: `${id}-phone`, type: "tel", autocomplete: "off", class: "contact-phone" });
  name.value = contact.name ?? "";
  relation.value = contact.relation ?? "";
  phone.value = contact.phone ?? "";
  const remove = el("button", { type: "button", class: "quiet contact-remove" }, t("pf.removeContact"));
  const li = el(
    "li",
    { class: "contact-row" },
    el("div", { class: "field" }, el("label", { for: name.id, text: t("pf.contactName") }), name),
    el("div", { class: "field" }, el("label", { for: relation.id, text: t("pf.contactRelation") }), relation),
    el("div", { class: "field" }, el("label", { for: phone.id, text: t("pf.contactPhone") }), phone),
    remove,
  );
  remove.addEventListener("click", () => {
    li.remove();
    $("#pf-contact-add").focus();
  });
  return li;
}

function relabelContacts() {
  for (const li of $$("#pf-contacts > li")) {
    const [n, r, p] = $$("label", li);
    n.textContent = t("pf.contactName");
    r.textContent = t("pf.contactRelation");
    p.textContent = t("pf.contactPhone");
    $(".contact-remove", li).textContent = t("pf.removeContact");
  }
}

function readContacts() {
  return $$("#pf-contacts > li")
    .map((li) => ({
      name: $(".contact-name", li).value.trim(),
      relation: $(".contact-relation", li).value.trim(),
      phone: $(".contact-phone", li).value.trim(),
    }))
    .filter((c) => c.name || c.relation || c.phone);
}

function renderFormText() {
  if (!formMode) {
    return;
  }
  const edit = formMode === "edit";
  const rectify = rectifying();
  const ref = card?.person_ref ?? "";
  $("#pf-heading").textContent = rectify ? t("pf.rectifyTitle", { ref }) : edit ? t("pf.editTitle", { ref }) : t("pf.createTitle");
  $("#pf-intro").textContent = rectify ? t("pf.rectifyIntro") : edit ? t("pf.editIntro") : t("pf.createIntro");
  $("#pf-submit").textContent = rectify ? t("pf.saveRectify") : edit ? t("pf.saveChanges") : t("pf.create");
  $("#pf-contacts-hint").textContent = edit ? t("pf.contactsEditHint") : t("pf.contactsHint");
  for (const name of TEXT_FIELDS) {
    if (edit && name !== "name") {
      input(name).setAttribute("placeholder", t("pf.unchanged"));
    } else {
      input(name).removeAttribute("placeholder");
    }
  }
  if (edit) {
    input("name").setAttribute("placeholder", t("pf.unchanged"));
  }
  relabelContacts();
}

function openForm(mode) {
  const form = $("#person-form");
  form.reset();
  clearErrors(form);
  $("#pf-contacts").replaceChildren();
  formMode = mode;
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
  forgetRevealed();
  stopCountdown();
  $("#person-card").hidden = true;
  $("#detail-empty").hidden = true;
  form.hidden = false;
  $("#pf-heading").focus();
}

function hideForm() {
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
  hideForm();
  if (wasEdit && card) {
    showCard(card);
  } else {
    $("#detail-empty").hidden = card !== null;
    $("#new-person-button").focus();
  }
}

function phoneOk(s) {
  const digits = (s.match(/\d/g) ?? []).length;
  return /^[\d +\-()]*$/.test(s) && digits >= 5 && digits <= 15;
}

/** Immediate feedback on formats; the core checks everything again and decides. */
function validateForm(mode) {
  const problems = [];
  const v = (name) => input(name).value.trim();
  if (mode === "create" && !v("name")) {
    problems.push(["name", t("pf.err.nameRequired")]);
  }
  if (v("postcode") && !/^\d{5}$/.test(v("postcode").replace(/\s/g, ""))) {
    problems.push(["postcode", t("pf.err.postcode")]);
  }
  if (v("phone") && !phoneOk(v("phone"))) {
    problems.push(["phone", t("pf.err.phone")]);
  }
  const email = v("email");
  if (email && (email.indexOf("@") <= 0 || email.indexOf("@") === email.length - 1 || /\s/.test(email))) {
    problems.push(["email", t("pf.err.email")]);
  }
  for (const d of mode === "create" ? DATE_INPUTS : ["retain_until"]) {
    if (v(d) && !isDate(v(d))) {
      problems.push([d, t("pf.err.date")]);
    }
  }
  const contacts = readContacts();
  if (contacts.some((c) => !c.name) || contacts.some((c) => c.phone && !phoneOk(c.phone))) {
    problems.push(["contacts", t("pf.err.contacts")]);
  }
  if (rectifying()) {
    const wrong = reasonProblem($("#rectify-reason").value);
    if (wrong) {
      problems.push(["rectify-reason", wrong]);
    }
  }
  return problems;
}

function protectionFromForm() {
  const value = (name) => input(name).value.trim() || null;
  return {
    kind: input("protection-kind").value || null,
    since: value("protection-since"),
    review_on: value("protection-review_on"),
    note: value("protection-note"),
  };
}

function buildRecord() {
  const record = { restricted: input("restricted").checked, contacts: readContacts().map(contactJson) };
  for (const name of TEXT_FIELDS) {
    const value = input(name).value.trim();
    if (name === "name" || value) {
      record[name] = value;
    }
  }
  record.protection = protectionFromForm();
  if (input("legal_basis").value) {
    record.legal_basis = input("legal_basis").value;
  }
  if (input("purpose").value.trim()) {
    record.purpose = input("purpose").value.trim();
  }
  if (input("retain_until").value.trim()) {
    record.retain_until = input("retain_until").value.trim();
  }
  return record;
}

function contactJson(c) {
  return { name: c.name, relation: c.relation || null, phone: c.phone || null };
}

/**
 * Only what the user changed: empty text fields stay as they are. Never the marking or the
 * restriction: the core refuses those in an edit (they have their own operations, with a reason).
 */
function buildPatch() {
  const patch = {};
  for (const name of TEXT_FIELDS) {
    const value = input(name).value.trim();
    if (value) {
      patch[name] = value;
    }
  }
  const contacts = readContacts();
  if (contacts.length) {
    patch.contacts = contacts.map(contactJson);
  }
  const legal = input("legal_basis").value;
  if (legal && legal !== (card.legal_basis ?? "")) {
    patch.legal_basis = legal;
  }
  const purpose = input("purpose").value.trim();
  if (purpose !== (card.purpose ?? "")) {
    patch.purpose = purpose;
  }
  const retain = input("retain_until").value.trim();
  if (retain !== (card.retain_until ?? "")) {
    patch.retain_until = retain;
  }
  return patch;
}

function errorTarget(name) {
  if (name === "rectify-reason") {
    return $("#rectify-reason");
  }
  return name === "contacts" ? null : input(name);
}

function errorBox(name) {
  return name === "rectify-reason" ? $("#rectify-reason-error") : $(`#pf-${name}-error`);
}

async function submitForm(event) {
  event.preventDefault();
  const form = $("#person-form");
  clearErrors(form);
  const mode = formMode;
  const rectify = rectifying();
  if (mode === "edit" && card && Object.keys(buildPatch()).length === 0) {
    showError($("#pf-form-error"), t("pf.nothingChanged"));
    $("#pf-submit").focus();
    return;
  }
  const problems = validateForm(mode);
  if (problems.length) {
    for (const [name, text] of problems) {
      showError(errorBox(name), text, errorTarget(name));
    }
    const first = problems[0][0];
    (errorTarget(first) ?? $(".contact-name") ?? $("#pf-contact-add")).focus();
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
    } else if (mode === "edit" && card) {
      const patch = buildPatch();
      const personRef = card.person_ref;
      const view = rectify
        ? await busy($("#pf-submit"), () =>
            call("rectify_person", { personRef, patch, reason: $("#rectify-reason").value.trim() }),
          )
        : await busy($("#pf-submit"), () => call("edit_person", { personRef, patch }));
      hideForm();
      showCard(view);
      announce(rectify ? t("pf.rectified") : t("pf.saved"));
    }
  } catch (err) {
    showServerError(err, { rectify });
  }
}

function showServerError(err, { rectify = false } = {}) {
  if (err.code === "INVALID_IDENTITY_NUMBER" || err.code === "PERSON_EXISTS") {
    const field = input("identity_number");
    showError($("#pf-identity_number-error"), err, field);
    field.focus();
    return;
  }
  const box = $("#pf-form-error");
  const technical = () => t("error.technical", { message: err.message });
  let text;
  if (err.code === "INVALID_INPUT") {
    // The one place the core's English message appears: as a marked technical detail.
    text = `${rectify ? t("pf.err.rectifyRefused") : errorText(err)} ${technical()}`;
  } else if (err.code === "DENIED" && formMode === "edit") {
    text = t("pf.err.denied");
  } else {
    text = errorText(err);
  }
  showError(box, text);
  box.dataset.code = err.code;
  $("#pf-heading").focus();
}

// ---------------------------------------------------------------------------------------------

/** Search, forms and the waiting accounts: shown only once the account holds the keys. */
function setWorking(ready) {
  $("#handler-work").hidden = !ready;
  showHandlerPending(ready);
}

// ---------------------------------------------------------------------------------------------

export default {
  init(c) {
    ctx = c;
    $("#search-form").addEventListener("submit", search);
    $("#new-person-button").addEventListener("click", () => openForm("create"));
    $("#edit-person-button").addEventListener("click", () => openForm("edit"));
    $("#emergency-button").addEventListener("click", openEmergency);
    $("#reveal-form").addEventListener("submit", confirmReveal);
    $("#reveal-cancel").addEventListener("click", () => closeDialog($("#reveal-dialog")));
    $("#emergency-form").addEventListener("submit", confirmEmergency);
    $("#emergency-cancel").addEventListener("click", () => closeDialog($("#emergency-dialog")));
    $("#emergency-justification").addEventListener("input", renderJustificationCount);
    $("#person-form").addEventListener("submit", submitForm);
    $("#rectify-reason").addEventListener("input", () => clearError($("#rectify-reason-error"), $("#rectify-reason")));
    installCopyGuard();
    initMarking({
      card: () => card,
      onUpdated: (view) => showCard(view, { focusHeading: false }),
    });
    $("#pf-cancel").addEventListener("click", cancelForm);
    $("#pf-contact-add").addEventListener("click", () => {
      const row = contactRow();
      $("#pf-contacts").append(row);
      $(".contact-name", row).focus();
    });
    // The core's identity-number error goes away as soon as the number is edited.
    input("identity_number").addEventListener("input", () =>
      clearError($("#pf-identity_number-error"), input("identity_number")),
    );
  },
  enter() {
    setWorking(false);
    checkMyAccess($("#view-handler"), (ready) => {
      setWorking(ready);
      if (ready) {
        loadPurposes().catch(() => {
          /* retried when a reveal is asked for */
        });
      }
    });
  },
  relocalize() {
    renderResults();
    renderCard();
    renderRevealText();
    renderFormText();
    relocalizeMarking();
    if ($("#emergency-dialog").open) {
      $("#emergency-intro").textContent = t("emergency.intro");
      renderJustificationCount();
    }
    if (results === null && lastQuery === null) {
      $("#search-summary").textContent = "";
    }
  },
  /** On lock and logout: nothing of the session stays in the page. */
  reset() {
    forgetRevealed();
    stopCountdown();
    closeDialog($("#reveal-dialog"));
    closeDialog($("#emergency-dialog"));
    resetMarking();
    hideForm();
    closeCard();
    results = null;
    lastQuery = null;
    purposes = null;
    $("#search-input").value = "";
    $("#search-results").replaceChildren();
    $("#search-summary").textContent = "";
    $("#emergency-person").value = "";
    $("#emergency-justification").value = "";
    $("#reveal-note").value = "";
    $("#search-limit").hidden = true;
    $("#search-limit").textContent = "";
    $("#detail-empty").hidden = false;
    setWorking(false);
  },
};
