// How a protection's review date stands, as the core computed it (REVIEW_STATUSES: the card, the
// caseload and the watch list get it from the same rule in the core). Shown the same way everywhere:
// the date, and for a review that is overdue or due within LIMITS.REVIEW_SOON_DAYS a marker with a
// shape of its own and the status in words — never colour alone.
import { el } from "./dom.js";
import { t } from "./i18n.js";

// The shape of each marker (aria-hidden: the words say it).
const ICONS = { overdue: "⚠", due_soon: "◔" };

/** The statuses the watch list holds ("Bevakningar"): the core's `needs_attention`. */
export function needsAttention(status) {
  return status === "overdue" || status === "due_soon";
}

/** Overdue first, then due soon; within each the earliest date first; then by ref. */
export function byUrgency(a, b) {
  const rank = (p) => (p.review === "overdue" ? 0 : 1);
  const plain = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  return rank(a) - rank(b) || plain(String(a.review_on), String(b.review_on)) || plain(a.person_ref, b.person_ref);
}

/** The marker of `status` (an icon and the words), or null when there is nothing to mark. */
export function reviewMark(status) {
  if (!needsAttention(status)) {
    return null;
  }
  return el(
    "span",
    { class: `review-mark review-${status}`, "data-review": status },
    el("span", { class: "review-icon", "aria-hidden": "true", text: ICONS[status] }),
    " ",
    el("span", { text: t(`review.${status}`) }),
  );
}

/** The review date with its marker, for a table cell or a card row; "no date" said for screen readers. */
export function reviewCell(reviewOn, status) {
  const box = el("span", { class: "review" });
  if (reviewOn) {
    box.append(el("span", { class: "review-date", text: reviewOn }));
  } else {
    box.append(el("span", { class: "muted", "aria-hidden": "true", text: "–" }), el("span", { class: "sr-only", text: t("review.not_set") }));
  }
  const mark = reviewMark(status);
  if (mark) {
    box.append(" ", mark);
  }
  return box;
}
