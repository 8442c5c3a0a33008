// Small DOM helpers. Data is only ever put into the page with textContent, never as markup.
import { errorText, t } from "./i18n.js";

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

/** Shows an error next to its field: the message, the code (data-code), aria-invalid on the input. */
export function showError(errorEl, errOrText, input) {
  const text = typeof errOrText === "string" ? errOrText : errorText(errOrText);
  errorEl.textContent = text;
  errorEl.hidden = false;
  if (typeof errOrText === "object" && errOrText?.code) {
    errorEl.dataset.code = errOrText.code;
    if (errOrText.detail) {
      errorEl.dataset.detail = errOrText.detail;
    } else {
      delete errorEl.dataset.detail;
    }
  } else {
    delete errorEl.dataset.code;
    delete errorEl.dataset.detail;
  }
  for (const i of [input].flat()) {
    if (i) {
      i.setAttribute("aria-invalid", "true");
    }
  }
}

export function clearError(errorEl, input) {
  errorEl.textContent = "";
  errorEl.hidden = true;
  delete errorEl.dataset.code;
  delete errorEl.dataset.detail;
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
    delete e.dataset.code;
    delete e.dataset.detail;
  }
  for (const i of $$("[aria-invalid]", root)) {
    i.removeAttribute("aria-invalid");
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

/** A message in the shared aria-live status region. */
export function announce(text) {
  const status = $("#status");
  // Cleared first so that the same message twice is announced twice.
  status.textContent = "";
  window.setTimeout(() => {
    status.textContent = text;
  }, 50);
}

export function clearStatus() {
  $("#status").textContent = "";
}

/** A date-time from the log (RFC 3339, UTC) in the reader's local time. */
export function localTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return iso;
  }
  return d.toLocaleString(t("locale"), { dateStyle: "short", timeStyle: "medium" });
}
