// Checks the UI makes before it asks the core, for immediate feedback in words. The core checks
// everything again and decides (a reason, for one, must also never hold one of the person's values).
import { t } from "./i18n.js";
import { LIMITS } from "../generated/contract.js";

/** A reason for a logged change: a few words, at most this many characters (the core's limits). */
export const REASON_MIN = LIMITS.MIN_REASON;
export const REASON_MAX = LIMITS.MAX_TEXT;

// Control characters and the bidirectional marks, embeddings, overrides and isolates (as the core).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** A calendar date written YYYY-MM-DD. */
export function isDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    return false;
  }
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** What is wrong with a reason, in the user's language, or null when it may be sent. */
export function reasonProblem(text) {
  const r = text.trim();
  const n = [...r].length;
  if (CONTROL.test(r)) {
    return t("marking.err.reasonControl");
  }
  if (n < REASON_MIN) {
    return t("marking.err.reasonEmpty");
  }
  if (n > REASON_MAX) {
    return t("marking.err.reasonLong", { n });
  }
  return null;
}
