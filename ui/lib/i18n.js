// The two catalogs and the current language. Every visible string comes from here: static markup
// through data-i18n attributes, dynamic text through t(). Swedish is the default.
import sv from "../i18n/sv.js";
import en from "../i18n/en.js";

const catalogs = { sv, en };
const listeners = [];
let current = "sv";

export function lang() {
  return current;
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(catalogs[current], key);
}

/** The string for `key`, with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  let s = catalogs[current][key];
  if (s === undefined) {
    s = catalogs.sv[key];
  }
  if (s === undefined) {
    return key;
  }
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
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

/** The catalog message for an error from the shell: a refined one for its detail when there is one. */
export function errorText(err) {
  const code = err?.code ?? "UNKNOWN";
  if (err?.detail) {
    const refined = `error.${code}.${err.detail}`;
    if (has(refined)) {
      return t(refined, { detail: err.detail });
    }
  }
  if (has(`error.${code}`)) {
    return t(`error.${code}`, { detail: err?.detail ?? "" });
  }
  return t("error.UNKNOWN", { code });
}

export function catalogKeys(language) {
  return Object.keys(catalogs[language]);
}
