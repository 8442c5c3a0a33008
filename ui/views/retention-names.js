// Gallring in words: a file's retention assessment (the card and the sweep list), the holds, the
// standings and the destruction lists' statuses. The core computes every date; this only says them.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { DESTRUCTION_STATUSES, RETENTION_ANCHORS, RETENTION_HOLDS, RETENTION_STANDINGS } from "../generated/contract.js";

// A name the contract lacks (a newer core) is shown as it is rather than as a missing key.
const known = (list, v, words) => (list.includes(v) ? words(v) : String(v ?? ""));

export const standingWords = (s) => known(RETENTION_STANDINGS, s, (v) => t(`retention.standing.${v}`));
export const holdWords = (h) => known(RETENTION_HOLDS, h, (v) => t(`retention.hold.${v}`));
export const statusWords = (s) => known(DESTRUCTION_STATUSES, s, (v) => t(`destruction.status.${v}`));

/** "Gallras tidigast 2030-05-07, senast 2031-12-31". */
export function dueWords(a) {
  if (!a?.due) {
    return t("retention.noDue");
  }
  return a.last_day && a.last_day !== a.due ? t("retention.dueUntil", { due: a.due, last: a.last_day }) : t("retention.due", { due: a.due });
}

/** What the period runs from: "sista anteckningen 2025-05-07", "registrerad 2025-05-07 (inga anteckningar)". */
export function anchorWords(a) {
  if (!a?.anchor) {
    return t("retention.anchorNone");
  }
  if (a.anchor_is_registration) {
    return t("retention.anchorRegistered", { date: a.anchor_date ?? "" });
  }
  const what = known(RETENTION_ANCHORS, a.anchor, (v) => t(`retention.anchor.${v}`));
  return a.anchor_date ? t("retention.anchorOn", { what, date: a.anchor_date }) : t("retention.anchorNotYet", { what });
}

export const holdsWords = (holds) => (holds?.length ? holds.map(holdWords).join("; ") : t("retention.holdsNone"));

/** The card's block: the rule, when and why, the standing, what keeps it. */
export function assessmentView(a) {
  if (!a) {
    return el("span", { class: "muted", text: t("retention.unknown") });
  }
  const line = (name, text) => el("li", { "data-retention": name, text });
  return el(
    "ul",
    { class: "plain retention" },
    line("rule", t("retention.rule", { rule: a.rule ?? t("retention.ruleNone") })),
    line("due", a.due ? t("retention.dueBecause", { due: dueWords(a), why: anchorWords(a) }) : `${dueWords(a)} (${anchorWords(a)})`),
    line("standing", standingWords(a.standing)),
    a.holds?.length ? line("holds", t("retention.holds", { holds: holdsWords(a.holds) })) : null,
  );
}
