// Small DOM helpers. Data is only ever put into the page with textContent, never as markup.
import { errorText, onLangChange, t } from "./i18n.js";
import { isoDateTime } from "./dates.js";

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** Creates an element; `props` sets attributes (class, data-*, aria-*, …) and `text` its text. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === "text") {
      node.textContent = v;
    } else if (k === "class") {
      node.className = v;
    } else if (v === true) {
      node.setAttribute(k, "");
    } else {
      node.setAttribute(k, String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

// What each shown error says, so that it can be said again in the other language.
const errorWords = new WeakMap();

function render(what) {
  if (typeof what === "function") {
    return what();
  }
  return typeof what === "string" ? what : errorText(what);
}

/** Adds `id` to the element's aria-describedby (once). */
function describedBy(control, id) {
  const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  if (id && !ids.includes(id)) {
    control.setAttribute("aria-describedby", [...ids, id].join(" "));
  }
}

/**
 * Shows an error next to its field: the words (a string, a function that gives them, or an error from
 * the shell, said with its catalog text), the code (data-code), aria-invalid on the input(s), which
 * are described by the error. Errors given as a function or an error are re-said on a language switch.
 */
export function showError(errorEl, what, input) {
  errorEl.textContent = render(what);
  errorEl.hidden = false;
  if (typeof what === "function" || (typeof what === "object" && what !== null)) {
    errorWords.set(errorEl, what);
  } else {
    errorWords.delete(errorEl);
  }
  if (typeof what === "object" && what?.code) {
    errorEl.dataset.code = what.code;
  } else {
    delete errorEl.dataset.code;
  }
  for (const i of [input].flat()) {
    if (i) {
      i.setAttribute("aria-invalid", "true");
      describedBy(i, errorEl.id);
    }
  }
}

export function clearError(errorEl, input) {
  errorEl.textContent = "";
  errorEl.hidden = true;
  errorWords.delete(errorEl);
  delete errorEl.dataset.code;
  for (const i of [input].flat()) {
    if (i) {
      i.removeAttribute("aria-invalid");
    }
  }
}

/** Clears every error inside `root`. */
export function clearErrors(root) {
  for (const e of $$(".error", root)) {
    e.textContent = "";
    e.hidden = true;
    errorWords.delete(e);
    delete e.dataset.code;
  }
  for (const i of $$("[aria-invalid]", root)) {
    i.removeAttribute("aria-invalid");
  }
}

// An error on show is said again in the new language.
onLangChange(() => {
  for (const e of $$(".error")) {
    const what = errorWords.get(e);
    if (what && !e.hidden) {
      e.textContent = render(what);
    }
  }
});

/**
 * Fills a <select> (or <datalist>) with one option per value of the contract, labelled by the catalog
 * (`keyOf(value)`, kept in data-i18n so a language switch relabels it). `empty`: the key of a first
 * option with the value "". The chosen value is kept when it is still offered.
 */
export function fillOptions(select, values, keyOf, { empty } = {}) {
  const keep = select.value;
  const option = (value, key) => el("option", { value, "data-i18n": key, text: t(key) });
  select.replaceChildren(...(empty ? [option("", empty)] : []), ...values.map((v) => option(v, keyOf(v))));
  if ([...select.options].some((o) => o.value === keep)) {
    select.value = keep;
  }
}

/**
 * Runs `work` while `button` shows as busy. The button is not `disabled` (that would drop the keyboard
 * focus to <body>); it is marked aria-disabled, and a second press while busy does nothing: its promise
 * never settles, so the caller's follow-up never runs twice.
 */
export async function busy(button, work) {
  if (button?.getAttribute("aria-disabled") === "true") {
    return new Promise(() => {});
  }
  const form = button?.form ?? button?.closest("form");
  button?.setAttribute("aria-disabled", "true");
  form?.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button?.removeAttribute("aria-disabled");
    form?.removeAttribute("aria-busy");
  }
}

/**
 * Replaces the children of `container` (a table's rows, redrawn after an answer); a control inside that
 * had the focus gets it back in its new place, found by its id, so a keyboard user stays where they were
 * (or, when its row is gone, `fallback` gets it rather than the page).
 */
export function replaceKeepingFocus(container, nodes, fallback = null) {
  const had = container.contains(document.activeElement);
  const focused = had ? document.activeElement.id : null;
  container.replaceChildren(...nodes);
  if (had) {
    (document.getElementById(focused) ?? fallback)?.focus();
  }
}

/** How long a status message stays before it clears by itself. */
export const MESSAGE_MS = 8000;

const flashTimers = new WeakMap();

/**
 * Says `text` in `node` (a live region next to the control it is about) and clears it after `ms`;
 * the next message replaces it, and an empty text clears it at once.
 */
export function flash(node, text, ms = MESSAGE_MS) {
  if (!node) {
    return;
  }
  window.clearTimeout(flashTimers.get(node));
  node.textContent = text;
  if (text) {
    flashTimers.set(
      node,
      window.setTimeout(() => {
        node.textContent = "";
      }, ms),
    );
  }
}

/** A message in the shared aria-live status region (for what has no control of its own); it clears. */
export function announce(text) {
  const status = $("#status");
  // Cleared first so that the same message twice is announced twice.
  flash(status, "");
  window.setTimeout(() => flash(status, text), 50);
}

export function clearStatus() {
  flash($("#status"), "");
}

/** A date-time from the log (RFC 3339, UTC) as YYYY-MM-DD HH:MM:SS in the reader's local time. */
export function localTime(iso) {
  return isoDateTime(iso, { seconds: true });
}

/**
 * A date-time from the core (RFC 3339) as YYYY-MM-DD HH:MM in the reader's local time: the same
 * form in every language (the admin's account table). lib/dates.js formats every date.
 */
export function isoMinute(iso) {
  return isoDateTime(iso);
}
