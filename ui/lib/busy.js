// The busy state of an operation that runs the password KDF in the core (a few seconds on these
// machines): login, the first password, creating the vault, the recovery, adding an account, a reset
// or an enable on a new one-time password, a grant with the recovery code. While it runs:
// - the button says what is going on ("Loggar in…", `labelKey`) and is disabled for use
//   (aria-disabled, not `disabled`: that would drop the keyboard focus to <body>); a second press or
//   Enter sends nothing (lib/dom.js, busy: its promise never settles, so nothing runs twice);
// - the form is aria-busy="true";
// - next to the button a spinner and "Det tar några sekunder." in a polite live region (role=status),
//   which also names the work for a screen reader.
// Afterwards the button has its own words back (in the language shown then) and the note goes.
import { busy, el } from "./dom.js";
import { t } from "./i18n.js";

/** Whether `button` is running its work now. */
export function isBusy(button) {
  return button?.getAttribute("aria-disabled") === "true";
}

function showBusy(button, labelKey) {
  const ownKey = button.getAttribute("data-i18n");
  const saved = [...button.childNodes];
  // The words are marked data-i18n so that a language switch meanwhile says them in the new language.
  const label = el("span", { class: "busy-label", "data-i18n": labelKey, text: t(labelKey) });
  button.removeAttribute("data-i18n");
  button.replaceChildren(label);
  button.classList.add("is-busy");
  const spoken = el("span", { class: "sr-only", "data-i18n": labelKey });
  const words = el("span", { class: "busy-words", "data-i18n": "busy.wait" });
  const note = el("span", { class: "busy-note", role: "status" }, el("span", { class: "spinner", "aria-hidden": "true" }), spoken, words);
  button.after(note);
  // Filled a moment after the live region is in the page, so that it is announced.
  const timer = window.setTimeout(() => {
    spoken.textContent = `${t(labelKey)} `;
    words.textContent = t("busy.wait");
  }, 50);
  return () => {
    window.clearTimeout(timer);
    note.remove();
    button.classList.remove("is-busy");
    // A view that re-said the button meanwhile (a language switch) has put its own words there.
    if (button.contains(label)) {
      button.replaceChildren(...saved);
    }
    if (ownKey) {
      button.setAttribute("data-i18n", ownKey);
      button.textContent = t(ownKey);
    }
  };
}

/**
 * Runs `work` (the call of a command that runs the KDF) with `button` busy, saying `labelKey`
 * ("busy.login", "busy.checking", …). Returns what `work` returns; while it runs, another call for the
 * same button never settles and sends nothing.
 */
export function slowBusy(button, labelKey, work) {
  if (!button) {
    return work();
  }
  if (isBusy(button)) {
    return new Promise(() => {});
  }
  const restore = showBusy(button, labelKey);
  return busy(button, work).finally(restore);
}
