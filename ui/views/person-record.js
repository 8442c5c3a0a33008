// The person form's inputs (views/person-form.js): reading them as a record or a patch, the contact
// rows, the immediate format checks, and where each input the core can name (the contract's INPUTS)
// has its control and its error. The text inputs are the contract's FIELDS that have one (#pf-<name>).
import { $, $$, el, fillOptions } from "../lib/dom.js";
import { isDate, reasonProblem } from "../lib/checks.js";
import { t } from "../lib/i18n.js";
import { FIELDS, LEGAL_BASES, PROTECTION_KINDS, RETENTION_EXCEPTIONS } from "../generated/contract.js";

// The protection dates are in the form only when creating.
const DATE_INPUTS = ["protection-since", "protection-review_on", "retain_until", "matter_ended"];
const EDIT_DATE_INPUTS = ["retain_until", "matter_ended"];

/** The exceptions a case handler sets in the form (open_request the core finds from open requests). */
export const FORM_EXCEPTIONS = RETENTION_EXCEPTIONS.filter((x) => x !== "open_request");

export function input(name) {
  return $(`#pf-${name}`);
}

/** The person's fields that are typed in as text: the contract's fields with an input here. */
export function textFields() {
  return FIELDS.map((f) => f.name).filter((name) => input(name)?.matches("input, textarea"));
}

/** The choices of the form's selects, from the contract. */
export function fillChoices() {
  fillOptions(input("protection-kind"), PROTECTION_KINDS, (k) => `protection.${k}`, { empty: "protection.none" });
  fillOptions(input("legal_basis"), LEGAL_BASES, (b) => `legal.${b}`, { empty: "legal.unset" });
  fillRules();
  fillExceptionChecks();
}

/** One labelled check per exception the form offers, so a new one in the contract needs no HTML. */
function fillExceptionChecks() {
  const box = $("#pf-retention-exception-checks");
  if (!box || box.childElementCount) {
    return;
  }
  box.replaceChildren(
    ...FORM_EXCEPTIONS.map((x) => {
      const id = `pf-retention-exc-${x}`;
      const key = `pf.exception.${x}`;
      return el(
        "div",
        { class: "check" },
        el("input", { id, type: "checkbox", value: x }),
        el("label", { for: id, "data-i18n": key, text: t(key) }),
      );
    }),
  );
}

// The vault's retention rules (list_retention_rules), for the rule select; empty until loaded.
let retentionRules = [];

/** The rules to offer (an array from list_retention_rules; anything else: none but the default). */
export function setRetentionRules(rules) {
  retentionRules = Array.isArray(rules) ? rules.filter((r) => r && typeof r.id === "string" && r.id) : [];
  fillRules();
}

const ruleWords = (r) =>
  r.record_class ? t("pf.retentionRuleOption", { recordClass: r.record_class, years: r.years ?? "" }) : r.id;

/** The rule select: the vault's default (""), then each rule in words; keeps the chosen one. */
export function fillRules() {
  const select = input("retention-rule");
  if (!select) {
    return;
  }
  const keep = select.value;
  select.replaceChildren(
    el("option", { value: "", "data-i18n": "pf.retentionRuleDefault", text: t("pf.retentionRuleDefault") }),
    ...retentionRules.map((r) => el("option", { value: r.id, text: ruleWords(r) })),
  );
  selectRule(keep);
}

/** Chooses the rule `id` ("" the default); a rule not (yet) in the list is kept as an option of its id. */
export function selectRule(id) {
  const select = input("retention-rule");
  const value = typeof id === "string" ? id : "";
  if (value && ![...select.options].some((o) => o.value === value)) {
    select.append(el("option", { value, text: value }));
  }
  select.value = value;
}

const exceptionBox = (x) => $(`#pf-retention-exc-${x}`);

/** The retention facts in the form: {rule, matter_ended, exceptions}, as the record takes them. */
export function retentionFromForm() {
  return {
    rule: input("retention-rule").value || null,
    matter_ended: input("matter_ended").value.trim() || null,
    exceptions: FORM_EXCEPTIONS.filter((x) => exceptionBox(x).checked),
  };
}

/** Writes retention facts into the form (the exceptions not offered here are left out). */
export function fillRetention(facts) {
  selectRule(facts?.rule ?? "");
  input("matter_ended").value = facts?.matter_ended ?? "";
  const on = Array.isArray(facts?.exceptions) ? facts.exceptions : [];
  for (const x of FORM_EXCEPTIONS) {
    exceptionBox(x).checked = on.includes(x);
  }
}

/**
 * The person's stored retention facts as the card has them (`retention_facts`); null when the card
 * lacks them, and then an edit leaves them as stored rather than guess them from the assessment.
 */
export function cardRetention(card) {
  const f = card?.retention_facts;
  if (!f || typeof f !== "object") {
    return null;
  }
  return {
    rule: typeof f.rule === "string" && f.rule ? f.rule : null,
    matter_ended: typeof f.matter_ended === "string" && f.matter_ended ? f.matter_ended : null,
    exceptions: Array.isArray(f.exceptions) ? f.exceptions.slice() : [],
  };
}

/** The facts in the form differ from `was` (only the exceptions offered here count). */
function retentionChanged(now, was) {
  const same = (a, b) => (a ?? null) === (b ?? null);
  const offered = (list) => FORM_EXCEPTIONS.filter((x) => list.includes(x)).join(",");
  return !same(now.rule, was.rule) || !same(now.matter_ended, was.matter_ended) || offered(now.exceptions) !== offered(was.exceptions);
}

// The stored contacts shown in the edit form (by "Visa nuvarande kontakter"): each row carries its
// index in stored order (data-index) and what it held; removed ones are remembered here.
let storedContacts = []; // [{name, relation, phone}] as revealed, by index
const removedStored = new Set();

/** The form closes or opens anew: no stored contacts on show. */
export function forgetStoredContacts() {
  storedContacts = [];
  removedStored.clear();
}

/** Rows for the stored contacts `list` (from reveal_field of `contacts`), one per contact. */
export function storedContactRows(list) {
  forgetStoredContacts();
  storedContacts = list.map((c) => ({ name: c.name ?? "", relation: c.relation ?? "", phone: c.phone ?? "" }));
  return storedContacts.map((c, i) => contactRow(c, i));
}

/** `index`: the stored contact's index the row edits (null: a new contact). */
export function contactRow(contact = {}, index = null) {
  const n = $$("#pf-contacts > li").length + 1;
  const id = `pf-contact-${Date.now().toString(36)}-${n}`;
  const box = (part, type) =>
    el("input", { id: `${id}-${part}`, type, autocomplete: "off", class: `contact-${part}`, "aria-describedby": "pf-contacts-error" });
  const name = box("name", "text");
  const relation = box("relation", "text");
  const phone = box("phone", "tel");
  name.value = contact.name ?? "";
  relation.value = contact.relation ?? "";
  phone.value = contact.phone ?? "";
  const remove = el("button", { type: "button", class: "quiet contact-remove" }, t("pf.removeContact"));
  const li = el(
    "li",
    index === null ? { class: "contact-row" } : { class: "contact-row", "data-index": String(index) },
    el("div", { class: "field" }, el("label", { for: name.id, text: t("pf.contactName") }), name),
    el("div", { class: "field" }, el("label", { for: relation.id, text: t("pf.contactRelation") }), relation),
    el("div", { class: "field" }, el("label", { for: phone.id, text: t("pf.contactPhone") }), phone),
    remove,
  );
  remove.addEventListener("click", () => {
    if (index !== null) {
      removedStored.add(index);
    }
    li.remove();
    $("#pf-contact-add").focus();
  });
  return li;
}

export function relabelContacts() {
  for (const li of $$("#pf-contacts > li")) {
    const [n, r, p] = $$("label", li);
    n.textContent = t("pf.contactName");
    r.textContent = t("pf.contactRelation");
    p.textContent = t("pf.contactPhone");
    $(".contact-remove", li).textContent = t("pf.removeContact");
  }
}

/** The contacts typed in: every row, or only the new ones (`onlyNew`: not a stored contact's row). */
export function readContacts({ onlyNew = false } = {}) {
  return $$("#pf-contacts > li")
    .filter((li) => !onlyNew || li.dataset.index === undefined)
    .map((li) => ({
      name: $(".contact-name", li).value.trim(),
      relation: $(".contact-relation", li).value.trim(),
      phone: $(".contact-phone", li).value.trim(),
    }))
    .filter((c) => c.name || c.relation || c.phone);
}

function phoneOk(s) {
  const digits = (s.match(/\d/g) ?? []).length;
  return /^[\d +\-()]*$/.test(s) && digits >= 5 && digits <= 15;
}

/** Immediate feedback on formats, as [input name, words]; the core checks everything again and decides. */
export function validateForm(mode, { rectifying }) {
  const problems = [];
  const v = (name) => input(name).value.trim();
  if (mode === "create" && !v("name")) {
    problems.push(["name", () => t("pf.err.nameRequired")]);
  }
  if (v("postcode") && !/^\d{5}$/.test(v("postcode").replace(/\s/g, ""))) {
    problems.push(["postcode", () => t("pf.err.postcode")]);
  }
  if (v("phone") && !phoneOk(v("phone"))) {
    problems.push(["phone", () => t("pf.err.phone")]);
  }
  const email = v("email");
  if (email && (email.indexOf("@") <= 0 || email.indexOf("@") === email.length - 1 || /\s/.test(email))) {
    problems.push(["email", () => t("pf.err.email")]);
  }
  for (const d of mode === "create" ? DATE_INPUTS : EDIT_DATE_INPUTS) {
    if (v(d) && !isDate(v(d))) {
      problems.push([d, () => t("pf.err.date")]);
    }
  }
  const contacts = readContacts();
  if (contacts.some((c) => !c.name) || contacts.some((c) => c.phone && !phoneOk(c.phone))) {
    problems.push(["contacts", () => t("pf.err.contacts")]);
  }
  if (rectifying) {
    const reason = $("#rectify-reason").value;
    if (reasonProblem(reason)) {
      problems.push(["rectify-reason", () => reasonProblem(reason)]);
    }
  }
  return problems;
}

/** The control and the error of a problem found by validateForm. */
export function problemPlace(name) {
  if (name === "rectify-reason") {
    return [$("#rectify-reason-error"), $("#rectify-reason")];
  }
  return [$(`#pf-${name}-error`), name === "contacts" ? null : input(name)];
}

/** Where each input the core may name in a refusal is shown (lib/errors.js, showRefusal). */
export function refusalPlaces() {
  const places = {};
  for (const name of textFields()) {
    places[name] = [$(`#pf-${name}-error`), input(name)];
  }
  const contacts = (part) => [$("#pf-contacts-error"), () => $$(`#pf-contacts .contact-${part}`)];
  places.contact_name = contacts("name");
  places.contact_relation = contacts("relation");
  places.contact_phone = contacts("phone");
  places.protection = [$("#pf-protection-kind-error"), input("protection-kind")];
  places.protection_note = [$("#pf-protection-note-error"), input("protection-note")];
  places.protection_since = [$("#pf-protection-since-error"), input("protection-since")];
  places.protection_review_on = [$("#pf-protection-review_on-error"), input("protection-review_on")];
  places.record_purpose = [$("#pf-purpose-error"), input("purpose")];
  places.retain_until = [$("#pf-retain_until-error"), input("retain_until")];
  places.matter_ended = [$("#pf-matter_ended-error"), input("matter_ended")];
  places.retention_rule = [$("#pf-retention-rule-error"), input("retention-rule")];
  places.reason = [$("#rectify-reason-error"), $("#rectify-reason")];
  return places;
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

const contactJson = (c) => ({ name: c.name, relation: c.relation || null, phone: c.phone || null });

export function buildRecord() {
  const record = { restricted: input("restricted").checked, contacts: readContacts().map(contactJson) };
  for (const name of textFields()) {
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
  record.retention = retentionFromForm();
  return record;
}

/**
 * Only what the user changed (against `card`): empty text fields stay as they are. Never the marking
 * or the restriction: the core refuses those in an edit (they have their own operations, with a reason).
 * `cleared`: fields marked to be cleared, sent as "" (the core then clears them); `revealed`: values
 * revealed into the form (views/current-values.js), left out when left as they were; `skip`: fields
 * the edit does not take.
 */
export function buildPatch(card, { cleared = new Set(), revealed = new Map(), skip = [] } = {}) {
  const patch = {};
  for (const name of textFields()) {
    if (skip.includes(name)) {
      continue;
    }
    if (cleared.has(name)) {
      patch[name] = "";
      continue;
    }
    const value = input(name).value.trim();
    if (value && !(revealed.has(name) && value === String(revealed.get(name)).trim())) {
      patch[name] = value;
    }
  }
  const edits = contactEdits();
  if (edits.length) {
    patch.contact_edits = edits;
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
  // The facts are replaced as a whole, so all three go when any changed; a stored exception the form
  // does not offer stays as it was.
  const was = cardRetention(card);
  const now = retentionFromForm();
  if (was && retentionChanged(now, was)) {
    const kept = was.exceptions.filter((x) => !FORM_EXCEPTIONS.includes(x));
    patch.retention = { ...now, exceptions: [...now.exceptions, ...kept] };
  }
  return patch;
}

/**
 * The contacts of an edit one by one, never the whole list: a changed stored row is `replace` (its
 * index), a removed one `remove`, a new row `add`. The core applies them in sequence, so the replaces
 * come first, then the removals from the highest index down (the indices before stay as they were),
 * then the additions. An untouched stored row is not sent.
 */
export function contactEdits() {
  const edits = [];
  const removals = [];
  for (const li of $$("#pf-contacts > li")) {
    if (li.dataset.index === undefined) {
      continue;
    }
    const index = Number(li.dataset.index);
    const now = {
      name: $(".contact-name", li).value.trim(),
      relation: $(".contact-relation", li).value.trim(),
      phone: $(".contact-phone", li).value.trim(),
    };
    const was = storedContacts[index];
    if (!now.name && !now.relation && !now.phone) {
      removals.push(index);
    } else if (!was || now.name !== was.name.trim() || now.relation !== was.relation.trim() || now.phone !== was.phone.trim()) {
      edits.push({ op: "replace", index, contact: contactJson(now) });
    }
  }
  removals.push(...removedStored);
  for (const index of [...new Set(removals)].sort((a, b) => b - a)) {
    edits.push({ op: "remove", index });
  }
  for (const c of readContacts({ onlyNew: true })) {
    edits.push({ op: "add", contact: contactJson(c) });
  }
  return edits;
}
