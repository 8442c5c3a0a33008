// Handläggare: "Mina personer" — the persons assigned to this case handler, as the core lists them
// (`caseload`: masked, ordered by ref, each with the review status the core computed). The table shows
// what tells them apart without revealing anything: the ref, the initials, the birth year (the masked
// number's first part), the protection, the review date and whether processing is restricted.
// Sorting and paging are display only. Each row opens the card; the names of a page are revealed
// together (views/caseload-names.js); the watch list (views/watchlist.js) shows the due reviews.
import { call } from "../lib/api.js";
import { $, $$, el } from "../lib/dom.js";
import { errorText, t } from "../lib/i18n.js";
import { reviewCell } from "../lib/review.js";
import { LIMITS } from "../generated/contract.js";
import { openPerson } from "./card.js";
import { initNames, keepNamesOf, nameCell, relocalizeNames, resetNames } from "./caseload-names.js";
import { renderWatchlist } from "./watchlist.js";

/** Rows per page; never more than one reveal of names may name (LIMITS.SEARCH_LIMIT). */
export const PAGE_SIZE = Math.min(25, LIMITS.SEARCH_LIMIT);

/** The birth year of a masked identity number ("1985****-****" → "1985"), or null. */
export function birthYear(p) {
  return /^\d{4}/.exec(p.identity ?? "")?.[0] ?? null;
}

/** Code-unit order: the core's order of refs, and of dates written YYYY-MM-DD. */
const plain = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
const words = (x, y) => x.localeCompare(y, t("locale"));

// The sortable columns: the value each sorts by (a missing one sorts last either way), and how.
const SORTS = {
  ref: [(p) => p.person_ref, plain],
  name: [(p) => p.initials, words],
  born: [(p) => birthYear(p), plain],
  protection: [(p) => t(`protection.${p.protection}`), words],
  review: [(p) => p.review_on, plain],
  restricted: [(p) => (p.restricted ? "1" : "0"), plain],
};

let caseload = null; // the core's answer: {persons, needs_attention}
let failed = null; // the refusal, when the list could not be had
let sort = { key: "ref", dir: "ascending" };
let page = 0;
let loading = 0;

function sorted() {
  const [key, compare] = SORTS[sort.key];
  const sign = sort.dir === "ascending" ? 1 : -1;
  return [...caseload.persons].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x == null || y == null || x === y) {
      return x == null && y != null ? 1 : y == null && x != null ? -1 : plain(a.person_ref, b.person_ref);
    }
    return sign * compare(String(x), String(y)) || plain(a.person_ref, b.person_ref);
  });
}

function pages() {
  return Math.max(1, Math.ceil((caseload?.persons.length ?? 0) / PAGE_SIZE));
}

/** The persons on the page on show, in the order shown. */
export function pagePersons() {
  if (!caseload) {
    return [];
  }
  return sorted().slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
}

/** The birth year, or a dash (and "no number" for a screen reader). */
function bornCell(p) {
  const year = birthYear(p);
  return year
    ? [year]
    : [el("span", { class: "muted", "aria-hidden": "true", text: "–" }), el("span", { class: "sr-only", text: t("card.noIdentity") })];
}

function row(p) {
  const open = el(
    "button",
    { type: "button", class: "open-person", id: `open-${p.person_ref}` },
    el("span", { class: "ref", text: p.person_ref }),
    el("span", { class: "sr-only", text: ` ${t("caseload.openPerson")}` }),
  );
  open.addEventListener("click", () => openPerson(p.person_ref));
  return el(
    "tr",
    { "data-person-ref": p.person_ref, "data-review": p.review },
    el("th", { scope: "row" }, open),
    el("td", { class: "name" }, nameCell(p)),
    el("td", { class: "num" }, ...bornCell(p)),
    el("td", { text: t(`protection.${p.protection}`) }),
    el("td", {}, reviewCell(p.review_on, p.review)),
    el("td", { text: p.restricted ? t("common.yes") : t("common.no") }),
  );
}

function renderHead() {
  for (const th of $$("#caseload-table thead th[data-sort]")) {
    const mine = th.dataset.sort === sort.key;
    if (mine) {
      th.setAttribute("aria-sort", sort.dir);
    } else {
      th.removeAttribute("aria-sort");
    }
    $(".sort-arrow", th).textContent = mine ? (sort.dir === "ascending" ? "▲" : "▼") : "";
  }
}

function renderPager() {
  const n = pages();
  $("#caseload-pager").hidden = n <= 1;
  $("#caseload-page").textContent = t("caseload.page", { page: page + 1, pages: n });
  $("#caseload-prev").setAttribute("aria-disabled", String(page === 0));
  $("#caseload-next").setAttribute("aria-disabled", String(page >= n - 1));
}

/** Draws the table, the pager and the watch list from what the core answered. */
export function renderCaseload() {
  const error = $("#caseload-error");
  error.hidden = !failed;
  error.textContent = failed ? errorText(failed) : "";
  const persons = caseload?.persons ?? [];
  const empty = caseload !== null && persons.length === 0;
  $("#caseload-empty").hidden = !empty;
  $("#caseload-wrap").hidden = persons.length === 0;
  $("#caseload-names").hidden = persons.length === 0;
  $("#caseload-count").textContent =
    caseload === null ? "" : persons.length === 1 ? t("caseload.count1") : t("caseload.count", { n: persons.length });
  page = Math.min(page, pages() - 1);
  const column = $(`#caseload-table thead th[data-sort="${sort.key}"] .sort-label`)?.textContent ?? "";
  $("#caseload-caption").textContent = t("caseload.caption", {
    page: page + 1,
    pages: pages(),
    column,
    direction: t(`caseload.${sort.dir}`),
  });
  const focused = document.activeElement?.id;
  $("#caseload-table tbody").replaceChildren(...pagePersons().map(row));
  if (focused?.startsWith("open-") && document.getElementById(focused)) {
    document.getElementById(focused).focus();
  }
  renderHead();
  renderPager();
  renderWatchlist(caseload);
}

/** Asks the core for the list again (after a change to one of the persons, or a new one). */
export async function loadCaseload() {
  const asked = ++loading;
  let answer = null;
  let refusal = null;
  try {
    answer = await call("caseload");
  } catch (err) {
    refusal = err;
  }
  if (asked !== loading) {
    return;
  }
  caseload = answer;
  failed = refusal;
  keepNamesOf(answer?.persons ?? []);
  renderCaseload();
}

function sortBy(key) {
  sort = sort.key === key ? { key, dir: sort.dir === "ascending" ? "descending" : "ascending" } : { key, dir: "ascending" };
  page = 0;
  renderCaseload();
}

function turn(by) {
  const next = page + by;
  if (!caseload || next < 0 || next >= pages()) {
    return;
  }
  page = next;
  renderCaseload();
}

/** Back from the card: focus on the row of the person left, or else on the list's heading. */
export function focusCaseload(personRef) {
  const button = personRef ? document.getElementById(`open-${personRef}`) : null;
  (button ?? $("#caseload-heading")).focus();
}

export function initCaseload() {
  for (const button of $$("#caseload-table thead button[data-sort]")) {
    button.addEventListener("click", () => sortBy(button.dataset.sort));
  }
  $("#caseload-prev").addEventListener("click", () => turn(-1));
  $("#caseload-next").addEventListener("click", () => turn(1));
  initNames({ pagePersons, redraw: renderCaseload });
}

export function relocalizeCaseload() {
  if (caseload || failed) {
    renderCaseload();
  }
  relocalizeNames();
}

/** On lock: no list, no names, back to the first page in the core's order. */
export function resetCaseload() {
  loading += 1;
  caseload = null;
  failed = null;
  sort = { key: "ref", dir: "ascending" };
  page = 0;
  resetNames();
  $("#caseload-table tbody").replaceChildren();
  $("#caseload-empty").hidden = true;
  $("#caseload-error").hidden = true;
  $("#caseload-count").textContent = "";
  renderWatchlist(null);
}
