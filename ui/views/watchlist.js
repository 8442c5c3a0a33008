// Handläggare: "Bevakningar" — the persons of the caseload whose protection review is overdue or due
// within LIMITS.REVIEW_SOON_DAYS (the status is the core's, and so is the count), overdue first, then
// by date. Each names the person by ref and initials and opens the card. Drawn by views/caseload.js
// whenever the list is (also on a language switch).
import { $, el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { byUrgency, needsAttention, reviewMark } from "../lib/review.js";
import { openPerson } from "./card.js";

let caseload = null; // the core's answer to `caseload`, or null

function item(p) {
  const button = el(
    "button",
    { type: "button", class: "watch-item", "data-person-ref": p.person_ref, "data-review": p.review },
    reviewMark(p.review),
    el("span", { class: "watch-who" }, el("span", { class: "ref", text: p.person_ref }), " ", el("span", { class: "initials", text: p.initials })),
    el("span", { class: "watch-date", text: t("watch.date", { date: p.review_on ?? "" }) }),
  );
  button.addEventListener("click", () => openPerson(p.person_ref));
  return el("li", {}, button);
}

/** Draws the list from the caseload (null: nothing known yet, the section is hidden). */
export function renderWatchlist(list) {
  caseload = list;
  const section = $("#watchlist");
  section.hidden = caseload === null;
  if (caseload === null) {
    $("#watchlist-list").replaceChildren();
    $("#watchlist-count").textContent = "";
    return;
  }
  const due = caseload.persons.filter((p) => needsAttention(p.review)).sort(byUrgency);
  const n = caseload.needs_attention ?? due.length;
  const count = $("#watchlist-count");
  count.textContent = n === 0 ? t("watch.none") : n === 1 ? t("watch.count1") : t("watch.count", { n });
  count.classList.toggle("attention", n > 0);
  $("#watchlist-empty").hidden = due.length > 0;
  const focused = document.activeElement?.closest?.("#watchlist-list [data-person-ref]")?.dataset.personRef;
  $("#watchlist-list").replaceChildren(...due.map(item));
  if (focused) {
    $(`#watchlist-list [data-person-ref="${focused}"]`)?.focus();
  }
}
