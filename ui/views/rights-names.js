// Handläggare, data-subject rights (issue #11): the value lists of the core's rights model
// (src/rights/model.rs and extract.rs: the kinds of request, their statuses, channels, identity checks,
// refusal grounds, harm outcomes, restriction grounds, erasure reasons, consent methods, the extract's
// formats and languages) from ui/generated/contract.js, and their words. Every value is shown in words
// from the catalogs (`rights.<list>.<value>`), never as the code.
import * as CONTRACT from "../generated/contract.js";
import { t } from "../lib/i18n.js";

// The lists come from the core (src/contract.rs); a list the contract lacks is a bug, not a fallback.
const list = (name) => {
  if (!Array.isArray(CONTRACT[name])) throw new Error(`ui/generated/contract.js has no ${name}`);
  return CONTRACT[name];
};

export const REQUEST_KINDS = list("REQUEST_KINDS");
export const REQUEST_STATUSES = list("REQUEST_STATUSES");
export const REQUEST_CHANNELS = list("REQUEST_CHANNELS");
export const IDENTITY_METHODS = list("IDENTITY_METHODS");
export const REFUSAL_GROUNDS = list("REFUSAL_GROUNDS");
export const HARM_OUTCOMES = list("HARM_OUTCOMES");
export const RESTRICTION_GROUNDS = list("RESTRICTION_GROUNDS");
export const ERASURE_REASONS = list("ERASURE_REASONS");
export const CONSENT_METHODS = list("CONSENT_METHODS");
export const EXTRACT_FORMATS = list("EXTRACT_FORMATS");
export const EXTRACT_LANGS = list("EXTRACT_LANGS");

/** The statuses of a request still to be answered. */
export const OPEN_STATUSES = list("OPEN_REQUEST_STATUSES");
/** The outcomes a request closes with; the two that refuse name a ground and a text. */
export const CLOSING = Object.freeze(["completed", "partially_refused", "refused", "withdrawn"]);
export const REFUSING = Object.freeze(["partially_refused", "refused"]);
/** The kinds answered with an extract (a registerutdrag or a portable copy). */
export const EXTRACT_KINDS = Object.freeze(["access", "portability"]);
/** The kinds answered by an erasure. */
export const ERASURE_KINDS = Object.freeze(["erasure", "consent_withdrawal"]);

/** The catalog key of `value` in one of the lists above: `rights.<group>.<value>`. */
export const nameKey = (group, value) => `rights.${group}.${value}`;

/** The words for `value` (the code itself only if the catalog lacks it, which a UI check forbids). */
export const named = (group, value) => t(nameKey(group, value));

/** Every list with the catalog group its words are in (for the UI check that each has its words). */
export const NAMED_LISTS = Object.freeze({
  kind: REQUEST_KINDS,
  status: REQUEST_STATUSES,
  channel: REQUEST_CHANNELS,
  how: IDENTITY_METHODS,
  ground: REFUSAL_GROUNDS,
  harm: HARM_OUTCOMES,
  restrictionGround: RESTRICTION_GROUNDS,
  erasure: ERASURE_REASONS,
  method: CONSENT_METHODS,
  format: EXTRACT_FORMATS,
  lang: EXTRACT_LANGS,
});
