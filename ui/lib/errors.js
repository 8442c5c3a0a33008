// Where a refusal of the core is shown. An INVALID_INPUT (and a WEAK_PASSWORD) names the input it is
// about in `field` (one of the contract's INPUTS): its words go next to that input's control. Anything
// else, or an input the view has no visible control for, goes to the form's general error. The UI
// never guesses the input from the code or from the core's (English) message.
import { showError } from "./dom.js";

/** The input a refusal names, or null. */
export function inputOf(err) {
  return typeof err?.field === "string" ? err.field : null;
}

/** On show (an error element is hidden itself until it has words: only its container counts). */
const usable = (e, { own = true } = {}) => Boolean(e) && e.isConnected && !(own ? e : e.parentElement)?.closest("[hidden]");

/**
 * Shows `err` at the place `places[err.field]` names — `[errorEl, control]`, the control an element, a
 * list of them or a function giving either — when it is on show, else at `general` (`[errorEl,
 * control?]`). `words` overrides the catalog text (a string or a function). `field` names the place
 * for a refusal whose code, not a `field`, says what it is about (a register file refused by its
 * REGISTER_* code): the view decides that from the code, never from the message. Moves focus to the
 * control (or to `focusElse`). Returns the input name used, or null for the general place.
 */
export function showRefusal(err, places, general, { words, focusElse, field: about } = {}) {
  const field = inputOf(err) ?? about ?? null;
  const place = field ? places[field] : null;
  const controls = (p) => [typeof p?.[1] === "function" ? p[1]() : p?.[1]].flat().filter(Boolean);
  const at = place && usable(place[0], { own: false }) && controls(place).every((c) => usable(c)) ? place : null;
  const [errorEl] = at ?? general;
  const targets = controls(at ?? general);
  showError(errorEl, words ?? err, targets);
  errorEl.dataset.code = err.code;
  (targets[0] ?? focusElse)?.focus();
  return at ? field : null;
}
