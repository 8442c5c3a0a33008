// The person form (#person-form) as a draft and back (views/draft.js keeps it across the idle lock):
// what the user typed, read from the inputs, and written back into them without saving. In an edit only
// the changes count (the patch the form would send, views/person-record.js, and the fields marked to be
// cleared); a value revealed into the form and left as it was is no change and is not kept.
import { $ } from "../lib/dom.js";
import { FORM_EXCEPTIONS, buildPatch, contactRow, fillRetention, input, readContacts, selectRule, textFields } from "./person-record.js";

// The create form's inputs besides the person's text fields.
const CREATE_INPUTS = ["protection-kind", "protection-since", "protection-review_on", "protection-note", "legal_basis", "purpose", "retain_until", "retention-rule", "matter_ended"];
// The create form's checkboxes of the retention exceptions (kept as true when ticked).
const EXCEPTION_INPUTS = FORM_EXCEPTIONS.map((x) => `retention-exc-${x}`);

/**
 * What the open form holds that is not saved: {mode, person_ref?, values, contacts, cleared}, or null
 * when no form is open or nothing is typed. `edit`: {card, cleared, revealed, skip} of the edit form.
 */
export function formSnapshot(mode, edit) {
  if (!mode || $("#person-form").hidden) {
    return null;
  }
  const values = {};
  let contacts = [];
  let cleared = [];
  if (mode === "edit") {
    if (!edit?.card) {
      return null;
    }
    const patch = buildPatch(edit.card, edit);
    cleared = [...edit.cleared];
    // The new contacts only: a stored one shown for a change is asked for again after the lock.
    contacts = (patch.contact_edits ?? []).filter((e) => e.op === "add").map((e) => e.contact);
    for (const [k, v] of Object.entries(patch)) {
      if (k !== "contact_edits" && !(cleared.includes(k) && v === "")) {
        values[k] = v;
      }
    }
    const reason = $("#rectify-reason").value;
    if (!$("#pf-rectify").hidden && reason.trim()) {
      values["rectify-reason"] = reason;
    }
  } else {
    for (const name of [...textFields(), ...CREATE_INPUTS]) {
      const v = input(name)?.value ?? "";
      if (v.trim()) {
        values[name] = v;
      }
    }
    for (const name of ["restricted", ...EXCEPTION_INPUTS]) {
      if (input(name)?.checked) {
        values[name] = true;
      }
    }
    contacts = readContacts();
  }
  if (Object.keys(values).length === 0 && contacts.length === 0 && cleared.length === 0) {
    return null;
  }
  const out = { mode, values, contacts, cleared };
  if (mode === "edit") {
    out.person_ref = edit.card.person_ref;
  }
  return out;
}

/** Writes a snapshot's values into the open form (of the same mode); `markCleared(field)` marks one. */
export function fillForm(snapshot, markCleared) {
  for (const [name, v] of Object.entries(snapshot.values ?? {})) {
    // An edit's changed retention facts, as its patch has them (all three).
    if (name === "retention") {
      if (v && typeof v === "object") {
        fillRetention(v);
      }
      continue;
    }
    const control = name === "rectify-reason" ? $("#rectify-reason") : input(name);
    if (!control || control.closest("[hidden]")) {
      continue;
    }
    if (control.type === "checkbox") {
      control.checked = v === true;
    } else if (name === "retention-rule" && typeof v === "string") {
      selectRule(v);
    } else if (typeof v === "string") {
      control.value = v;
    }
  }
  const list = $("#pf-contacts");
  for (const c of Array.isArray(snapshot.contacts) ? snapshot.contacts : []) {
    if (c && typeof c === "object") {
      list.append(contactRow({ name: c.name ?? "", relation: c.relation ?? "", phone: c.phone ?? "" }));
    }
  }
  for (const field of Array.isArray(snapshot.cleared) ? snapshot.cleared : []) {
    markCleared(field);
  }
}
