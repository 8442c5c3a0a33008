// Handläggare: the search and its results. Each hit is a button with the person's pseudonymous ref,
// initials, masked number and protection; the core decides what matches and how many are handed out
// (the contract's LIMITS.SEARCH_LIMIT), and always tells the total.
import { call } from "../lib/api.js";
import { $, busy, el } from "../lib/dom.js";
import { errorText, t } from "../lib/i18n.js";
import { openPerson } from "./card.js";

let lastQuery = null;
let results = null; // the find_persons answer: {hits, total, limit}

async function search(event) {
  event.preventDefault();
  const input = $("#search-input");
  const query = input.value.trim();
  const summary = $("#search-summary");
  if (!query) {
    summary.textContent = t("handler.needQuery");
    input.focus();
    return;
  }
  try {
    results = await busy($("#search-submit"), () => call("find_persons", { query }));
    lastQuery = query;
    renderResults();
  } catch (err) {
    results = null;
    renderResults();
    summary.textContent = errorText(err);
  }
}

function renderResults() {
  const list = $("#search-results");
  const summary = $("#search-summary");
  const limited = $("#search-limit");
  list.replaceChildren();
  limited.hidden = true;
  limited.textContent = "";
  if (results === null) {
    summary.textContent = "";
    return;
  }
  const hits = results.hits ?? [];
  const total = results.total ?? hits.length;
  if (total > hits.length) {
    // More matched than the core hands out: say so calmly, with the core's numbers.
    summary.textContent = "";
    limited.textContent = t("handler.limited", { shown: hits.length, total });
    limited.hidden = false;
  } else {
    summary.textContent =
      hits.length === 0 ? t("handler.noHits") : hits.length === 1 ? t("handler.hit1") : t("handler.hits", { n: hits.length });
  }
  for (const hit of hits) {
    const button = el(
      "button",
      { type: "button", class: "result", "data-person-ref": hit.person_ref },
      el("span", { class: "initials", text: hit.initials }),
      el("span", { class: "masked-id", text: hit.identity || t("card.noIdentity") }),
      el("span", { class: `tag protection-${hit.protection}`, text: t(`protection.${hit.protection}`) }),
      el("span", { class: "ref", text: hit.person_ref }),
    );
    button.addEventListener("click", () => openPerson(hit.person_ref));
    list.append(el("li", {}, button));
  }
}

export function initSearch() {
  $("#search-form").addEventListener("submit", search);
}

export function relocalizeSearch() {
  renderResults();
  if (results === null && lastQuery === null) {
    $("#search-summary").textContent = "";
  }
}

/** On lock: no query, no hits. */
export function resetSearch() {
  results = null;
  lastQuery = null;
  $("#search-input").value = "";
  $("#search-results").replaceChildren();
  $("#search-summary").textContent = "";
  $("#search-limit").hidden = true;
  $("#search-limit").textContent = "";
}
