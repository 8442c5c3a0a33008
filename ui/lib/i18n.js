// The two catalogs and the current language. Every visible string comes from here: static markup
// through data-i18n attributes, dynamic text through t(). Swedish is the default. The numbers a text
// quotes (seconds, lengths, ranges) come from the core's contract, never from the text itself.
import sv from "../i18n/sv.js";
import en from "../i18n/en.js";
import { LIMITS, SETTINGS } from "../generated/contract.js";

const catalogs = { sv, en };
const listeners = [];
let current = "sv";

const setting = (name) => SETTINGS.find((s) => s.name === name) ?? {};

/** Placeholders every text may use, filled from the contract (a call's own params win). */
const CONTRACT_PARAMS = Object.freeze({
  revealSeconds: LIMITS.REVEAL_SECONDS,
  clipboardSeconds: LIMITS.CLIPBOARD_SECONDS,
  minJustification: LIMITS.MIN_JUSTIFICATION,
  minReason: LIMITS.MIN_REASON,
  reviewSoonDays: LIMITS.REVIEW_SOON_DAYS,
  maxText: LIMITS.MAX_TEXT,
  maxNote: LIMITS.MAX_NOTE,
  idleMin: setting("idle-lock-minutes").min,
  idleMax: setting("idle-lock-minutes").max,
  passwordMin: setting("min-password-length").min,
  passwordMax: setting("min-password-length").max,
  clearMin: setting("reception-clear-seconds").min,
  clearMax: setting("reception-clear-seconds").max,
});

/** The inputs the core holds to LIMITS.MAX_TEXT (free text that may go to the log). */
const LOG_TEXTS = new Set(["reason", "justification", "purpose_note"]);

export function lang() {
  return current;
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(catalogs[current], key);
}

/** The string for `key`, with `{name}` placeholders filled from `params` (or the contract's numbers). */
export function t(key, params = {}) {
  let s = catalogs[current][key];
  if (s === undefined) {
    s = catalogs.sv[key];
  }
  if (s === undefined) {
    return key;
  }
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    if (name in params) {
      return String(params[name]);
    }
    return name in CONTRACT_PARAMS && CONTRACT_PARAMS[name] !== undefined ? String(CONTRACT_PARAMS[name]) : m;
  });
}

/** Fills every element marked with data-i18n (text) or data-i18n-<attr> (an attribute). */
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const attr of ["placeholder", "title", "aria-label"]) {
    const data = `data-i18n-${attr}`;
    for (const el of root.querySelectorAll(`[${data}]`)) {
      el.setAttribute(attr, t(el.getAttribute(data)));
    }
  }
}

export function setLang(next) {
  current = next in catalogs ? next : "sv";
  document.documentElement.lang = current;
  applyStatic();
  for (const fn of listeners) {
    fn(current);
  }
}

/** Called after every language switch (views re-render their dynamic text). */
export function onLangChange(fn) {
  listeners.push(fn);
}

/** The short label of an input the core names in an error (`field`), e.g. "Postnummer". */
export function inputLabel(field) {
  return has(`input.${field}`) ? t(`input.${field}`) : field;
}

/**
 * The catalog message for an error from the shell, {code, message, field?, rule?, seconds?}: the
 * rule's own text (`error.<code>.<rule>`) when there is one, else the code's. The core's `message` is
 * English developer text and is never shown.
 */
export function errorText(err) {
  const code = err?.code ?? "UNKNOWN";
  const field = typeof err?.field === "string" ? err.field : null;
  const rule = typeof err?.rule === "string" ? err.rule : null;
  const params = {
    seconds: err?.seconds ?? "",
    field: field ? inputLabel(field) : "",
    min: field === "justification" ? LIMITS.MIN_JUSTIFICATION : LIMITS.MIN_REASON,
    max: LIMITS.MAX_TEXT,
  };
  // An input rule's text names the input: without one, the code's general text.
  if (rule && (code !== "INVALID_INPUT" || field)) {
    if (code === "INVALID_INPUT" && rule === "TOO_LONG" && !LOG_TEXTS.has(field)) {
      // Only the log's free texts are held to MAX_TEXT; other inputs have limits of their own.
      return t("form.tooLong", params);
    }
    if (has(`error.${code}.${rule}`)) {
      return t(`error.${code}.${rule}`, params);
    }
  }
  if (has(`error.${code}`)) {
    return t(`error.${code}`, params);
  }
  return t("error.UNKNOWN", { code });
}

export function catalogKeys(language) {
  return Object.keys(catalogs[language]);
}
