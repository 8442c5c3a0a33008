// Granskare, loggkontroll: the core's names of flags, review outcomes and task kinds, and how the views
// say them — always in words, never a code alone. The lists are the contract's (FLAG_CODES in the
// order a reviewer sees them, a broken chain first; REVIEW_OUTCOMES).
import { FLAG_CODES, REVIEW_OUTCOMES } from "../generated/contract.js";
import { el, isoMinute } from "../lib/dom.js";
import { has, lang, t } from "../lib/i18n.js";

export { FLAG_CODES, REVIEW_OUTCOMES };

/** The outcome that needs no comment (the core refuses a missing one for every other: TOO_SHORT). */
export const WITHOUT_REMARK = "utan_anmarkning";

const wordsOr = (key, fallback) => (has(key) ? t(key) : fallback);

export const flagLabel = (code) => wordsOr(`flag.${code}`, code);
export const outcomeLabel = (outcome) => wordsOr(`logOutcome.${outcome}`, outcome);
export const taskKindLabel = (kind) => wordsOr(`logTask.${kind}`, kind);
export const actionLabel = (action) => wordsOr(`action.${action}`, action);
export const roleLabel = (role) => wordsOr(`role.${role}`, role);

/** A flag's explanation from the core (`explanations`: [{code, sv, en}]), in the language shown. */
export function explanationOf(explanations, code) {
  const x = (explanations ?? []).find((e) => e.code === code);
  return x ? (x[lang()] ?? x.sv) : "";
}

/** One flag as a tag in words (a broken chain marked apart, with a sign of its own besides its colour). */
export function flagTag(code) {
  return el(
    "span",
    { class: `tag flag flag-${code.toLowerCase()}`, "data-flag": code },
    code === "CHAIN" ? el("span", { class: "flag-icon", "aria-hidden": "true", text: "⚠ " }) : null,
    flagLabel(code),
  );
}

/** The flags of an entry, each tag with the core's explanation next to it; null without flags. */
export function flagList(codes, explanations) {
  if (!codes?.length) {
    return null;
  }
  return el(
    "ul",
    { class: "flag-list" },
    ...codes.map((code) => el("li", { "data-flag": code }, flagTag(code), " ", el("span", { class: "flag-why", text: explanationOf(explanations, code) }))),
  );
}

/** The persons an entry is about: its ref, or the refs a reveal of names lists in its `detail`. */
export function personsOf(e) {
  if (e.person_ref) {
    return [e.person_ref];
  }
  const refs = e.action === "names_revealed" && typeof e.detail === "string" ? /^refs (.+)$/.exec(e.detail)?.[1] : null;
  return refs ? refs.split(" ").filter(Boolean) : [];
}

/** A review as one line: the outcome in words, by whom (and its comment when `withComment`). */
export function reviewWords(review, { withComment = false } = {}) {
  if (!review) {
    return "";
  }
  const base = t("logReview.reviewedBy", { outcome: outcomeLabel(review.outcome), reviewer: review.reviewer });
  return withComment && review.comment ? `${base}: ${review.comment}` : base;
}

/** A review window (a sample's day) as its two times, each kept on one line. */
export function windowOf(from, until) {
  return el("span", { class: "log-window" }, el("span", { class: "nowrap", text: isoMinute(from) }), " – ", el("span", { class: "nowrap", text: isoMinute(until) }));
}
