// Handläggare, data-subject rights: the small forms of the request page and the card's rights section,
// built the same way everywhere. Each control has its label, an optional hint and its error next to it
// (aria-describedby both; aria-invalid while in error), words from the catalogs (data-i18n, so a
// language switch says them again; `say` for words with values in them). A form checks what it can
// before it asks the core (a value chosen, a date written YYYY-MM-DD, a reason of a few words); the
// core checks again and decides, and a refusal is said next to the control its `field` names
// (lib/errors.js), else in the form's own error. `formDialog` puts such a form in a modal dialog.
import { $, $$, busy, clearErrors, el, showError } from "../lib/dom.js";
import { closeDialog, openDialog } from "../lib/dialog.js";
import { isDate, reasonProblem } from "../lib/checks.js";
import { showRefusal } from "../lib/errors.js";
import { onLangChange, t } from "../lib/i18n.js";

// ---------------------------------------------------------------------------------------------
// Words with values in them, said again on a language switch
// ---------------------------------------------------------------------------------------------

const said = new Map(); // element → [key, params]

/** The words of `key` (a catalog key, or a function giving the words) with `params` (or a function). */
const wordsOf = (key, params) => (typeof key === "function" ? key() : t(key, typeof params === "function" ? params() : params));

let added = 0;

/** Forgets the elements no longer in the page (and what their words were made from). */
export function forgetDetached() {
  for (const node of said.keys()) {
    if (!node.isConnected) {
      said.delete(node);
    }
  }
}

/** Puts `t(key, params)` in `node` (params: an object or a function giving one) and keeps it said. */
export function say(node, key, params = {}) {
  node.textContent = wordsOf(key, params);
  said.set(node, [key, params]);
  // Redrawn lists leave their old elements behind: they are let go now and then, not kept.
  if (++added % 500 === 0) {
    forgetDetached();
  }
  return node;
}

/** An element with `say`'s words: `sayEl("p", {class}, key, params)`. */
export function sayEl(tag, props, key, params) {
  return say(el(tag, props), key, params);
}

onLangChange(() => {
  for (const [node, [key, params]] of said) {
    if (!node.isConnected) {
      said.delete(node);
      continue;
    }
    node.textContent = wordsOf(key, params);
  }
});

/** A text marked for the catalog (data-i18n): said again by the language switch itself. */
export function words(tag, key, props = {}) {
  return el(tag, { ...props, "data-i18n": key, text: t(key) });
}

// ---------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------

/**
 * One control: `spec` = {name, kind: "text" | "date" | "textarea" | "select" | "check" | "checks",
 * label (key), hint (key), options ([value, key] pairs, or [value, text, {literal: true}] for data),
 * empty (key of a first option with value ""), value, required, reason (a logged reason: checked as
 * one), check (value → a function giving the words of a problem, or null), input (the core's INPUTS
 * name(s) for a refusal), long}. A label is a catalog key or a function giving the words (said again on
 * a switch). Ids: `${prefix}-${name}` and `-error`, `-hint`.
 */
export function control(prefix, spec) {
  const id = `${prefix}-${spec.name}`;
  const errorId = `${id}-error`;
  const hintId = spec.hint ? `${id}-hint` : null;
  const error = el("p", { id: errorId, class: "error", hidden: true });
  const hint = spec.hint ? sayEl("p", { id: hintId, class: "hint" }, spec.hint, spec.hintParams ?? {}) : null;
  const described = [hintId, errorId].filter(Boolean).join(" ");
  let input;
  let box;
  if (spec.kind === "check") {
    input = el("input", { id, type: "checkbox", "aria-describedby": described });
    input.checked = Boolean(spec.value);
    box = el("div", { class: "field" }, el("div", { class: "check" }, input, sayEl("label", { for: id }, spec.label)), hint, error);
  } else if (spec.kind === "checks") {
    const boxes = (spec.options ?? []).map(([value, label, how], i) => {
      const cid = `${id}-${i}`;
      const c = el("input", { id: cid, type: "checkbox", value, "data-value": value });
      const l = how?.literal ? el("label", { for: cid, text: label }) : sayEl("label", { for: cid }, label);
      return el("div", { class: "check" }, c, l);
    });
    const legendId = `${id}-legend`;
    // The hint and the error right under the legend: next to the boxes they are about.
    input = el("fieldset", { id, class: "checks", "aria-describedby": described }, sayEl("legend", { id: legendId }, spec.label), hint, error, ...boxes);
    box = el("div", { class: "field" }, input);
  } else {
    if (spec.kind === "select") {
      input = el("select", { id, "aria-describedby": described });
      const opts = [...(spec.empty ? [["", spec.empty]] : []), ...(spec.options ?? [])];
      for (const [value, label, how] of opts) {
        input.append(how?.literal ? el("option", { value, text: label }) : sayEl("option", { value }, label));
      }
      if (spec.value !== undefined) {
        input.value = spec.value;
      }
    } else if (spec.kind === "textarea") {
      input = el("textarea", { id, rows: 3, "aria-describedby": described });
      input.value = spec.value ?? "";
    } else {
      const date = spec.kind === "date";
      input = el("input", {
        id,
        type: "text",
        autocomplete: "off",
        spellcheck: date ? "false" : "true",
        inputmode: date ? "numeric" : undefined,
        class: date ? "short" : spec.long ? "long" : undefined,
        "aria-describedby": described,
      });
      input.value = spec.value ?? "";
    }
    if (spec.required) {
      input.setAttribute("aria-required", "true");
    }
    box = el("div", { class: "field" }, sayEl("label", { for: id }, spec.label), input, hint, error);
  }
  box.dataset.name = spec.name;
  return { spec, box, input, error };
}

/** The value of a control: a trimmed text, the chosen option, true/false, or the checked values. */
export function valueOf(c) {
  if (c.spec.kind === "check") {
    return c.input.checked;
  }
  if (c.spec.kind === "checks") {
    return $$('input[type="checkbox"]', c.input).filter((x) => x.checked).map((x) => x.value);
  }
  return c.input.value.trim();
}

/** The control to focus for `c` (a group of checkboxes: its first box). */
export function focusable(c) {
  return c.spec.kind === "checks" ? $('input[type="checkbox"]', c.input) ?? c.input : c.input;
}

/** What is wrong with `c` before it goes to the core, as a function giving the words; null if nothing. */
export function problemOf(c) {
  const v = valueOf(c);
  const shown = !c.box.closest("[hidden]");
  if (!shown) {
    return null;
  }
  const empty = Array.isArray(v) ? v.length === 0 : v === "" || v === false;
  if (c.spec.required && empty) {
    return c.spec.kind === "select" || c.spec.kind === "checks" || c.spec.kind === "check"
      ? () => t(c.spec.requiredWords ?? "rights.err.choose")
      : () => t(c.spec.requiredWords ?? "rights.err.required");
  }
  if (c.spec.kind === "date" && v && !isDate(v)) {
    return () => t("rights.err.date");
  }
  if (c.spec.reason && (c.spec.required || v) && reasonProblem(v)) {
    return () => reasonProblem(valueOf(c));
  }
  return c.spec.check?.(v) ?? null;
}

/**
 * A form of controls: `specs` in order; `submit(values, form)` is the call (its promise); `done(result)`
 * what follows an answer; `words(err)` the view's own words for a refusal. Returns {form, controls,
 * general, submitButton, values}.
 */
export function makeForm(prefix, specs, { submitKey, submitClass = "primary", submit, done, refusalWords, extra = [], note } = {}) {
  const controls = Object.fromEntries(specs.map((s) => [s.name, control(prefix, s)]));
  const general = el("p", { id: `${prefix}-error`, class: "error", hidden: true });
  const submitButton = words("button", submitKey, { id: `${prefix}-submit`, type: "submit", class: submitClass });
  const form = el(
    "form",
    { id: `${prefix}-form`, class: "rights-form", novalidate: true },
    ...Object.values(controls).map((c) => c.box),
    ...extra,
    note ? words("p", note, { class: "muted" }) : null,
    general,
    el("div", { class: "actions" }, submitButton),
  );
  const values = () => Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, valueOf(c)]));
  for (const c of Object.values(controls)) {
    const clear = () => {
      c.error.hidden = true;
      c.error.textContent = "";
      focusable(c).removeAttribute("aria-invalid");
      c.input.removeAttribute("aria-invalid");
    };
    c.input.addEventListener(c.spec.kind === "select" || c.spec.kind === "check" || c.spec.kind === "checks" ? "change" : "input", clear);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const problems = Object.values(controls)
      .map((c) => [c, problemOf(c)])
      .filter(([, p]) => p);
    for (const [c, p] of problems) {
      showError(c.error, p, focusable(c));
    }
    if (problems.length) {
      focusable(problems[0][0]).focus();
      return;
    }
    let result;
    try {
      result = await busy(submitButton, () => submit(values(), form));
    } catch (err) {
      const places = {};
      for (const c of Object.values(controls)) {
        for (const input of [c.spec.input].flat().filter(Boolean)) {
          places[input] = [c.error, focusable(c)];
        }
      }
      showRefusal(err, places, [general], { words: refusalWords?.(err), focusElse: submitButton });
      return;
    }
    done?.(result, values());
  });
  return { form, controls, general, submitButton, values };
}

// ---------------------------------------------------------------------------------------------
// A form in a modal dialog
// ---------------------------------------------------------------------------------------------

/**
 * Opens a dialog with a form (made by makeForm from `specs`): `title` [key, params], `intro` key,
 * `confirmKey`, `submit(values)`, `done(result, values)` after a success (the dialog closes first; focus
 * goes to `focusAfter()`, else back to the opener, else — the opener redrawn meanwhile — to the element
 * with the id `returnTo`). Removed from the page when it closes.
 */
export function formDialog(id, { title, intro, specs, confirmKey, confirmClass = "primary", submit, done, refusalWords, note = "rights.logged", focusAfter, returnTo, extra = [] }) {
  $(`#${id}`)?.remove();
  const heading = el("h2", { id: `${id}-heading` });
  say(heading, title[0], title[1] ?? {});
  const introEl = intro ? words("p", intro, { id: `${id}-intro` }) : null;
  let dialog = null;
  const f = makeForm(id, specs, {
    submitKey: confirmKey,
    submitClass: confirmClass,
    submit,
    refusalWords,
    note,
    extra,
    done: (result, values) => {
      closeDialog(dialog, focusAfter?.());
      done?.(result, values);
    },
  });
  f.form.setAttribute("method", "dialog");
  const cancel = words("button", "common.cancel", { id: `${id}-cancel`, type: "button" });
  cancel.addEventListener("click", () => closeDialog(dialog));
  $(".actions", f.form).append(cancel);
  f.form.prepend(heading, ...(introEl ? [introEl] : []));
  dialog = el("dialog", { id, class: "rights-dialog", "aria-labelledby": heading.id, "aria-describedby": introEl ? introEl.id : undefined }, f.form);
  ($("#view-handler") ?? document.body).append(dialog);
  const first = Object.values(f.controls)[0];
  openDialog(dialog, {
    focus: first ? focusable(first) : cancel,
    fallbackFocus: () => (returnTo ? document.getElementById(returnTo) : null) ?? $("#handler-heading"),
    onClose: () => window.setTimeout(() => dialog.remove(), 0),
  });
  return f;
}
