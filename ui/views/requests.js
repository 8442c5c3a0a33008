// Handläggare: "Begäranden från enskilda" on the start of the work (#requests, above "Mina personer"):
// the open data-subject requests of the persons assigned to this handler, as the core lists them
// (`requests` → {today, due_this_week, items}; ordered by the core: overdue first, then by due date).
// A line says how many are to be answered this week (the core's count); the table names each person by
// ref and initials, the type and status in words, when it came in, when it is due and the days left —
// an overdue one marked "Försenad" in words and with a sign, not by colour alone. Each row opens the
// request page (views/request-page.js). The list is shown where "Mina personer" is: it gives way to the
// card, the form and the request page with it. Deadlines and days are the core's; nothing is computed.
import { call } from "../lib/api.js";
import { $, el } from "../lib/dom.js";
import { isoDate } from "../lib/dates.js";
import { errorText } from "../lib/i18n.js";
import { named } from "./rights-names.js";
import { forgetDetached, say, sayEl, words } from "./rights-form.js";

let worklist = null; // the core's answer
let failed = null; // the refusal, when the list could not be had
let opener = () => {}; // opens the request page: (item) => void
let loading = 0;

/** The core's today (YYYY-MM-DD) from the last list; the workstation's date before there is one. */
export function coreToday() {
  return worklist?.today ?? isoDate(new Date());
}

/** The list's entry for `requestId` (days left, overdue), or null when it is not an open one. */
export function workItem(requestId) {
  return worklist?.items.find((i) => i.request_id === requestId) ?? null;
}

/** The days-left cell: "Försenad" with a sign (and how long), "I dag", or the days. */
export function daysLeftCell(item) {
  if (item.overdue) {
    return el(
      "span",
      { class: "overdue-mark", "data-overdue": "true" },
      el("span", { class: "review-icon", "aria-hidden": "true", text: "⚠" }),
      " ",
      words("span", "requests.overdue"),
      " ",
      sayEl("span", { class: "overdue-days" }, Math.abs(item.days_left) === 1 ? "requests.overdueDay" : "requests.overdueDays", { n: Math.abs(item.days_left) }),
    );
  }
  if (item.days_left === 0) {
    return words("span", "requests.today", { class: "due-today" });
  }
  return sayEl("span", {}, item.days_left === 1 ? "requests.day" : "requests.days", { n: item.days_left });
}

function row(item) {
  const open = el(
    "button",
    { type: "button", class: "open-request", id: `open-request-${item.request_id}` },
    el("span", { class: "ref", text: item.person_ref }),
    " ",
    el("span", { class: "initials", text: item.initials }),
    sayEl("span", { class: "sr-only" }, "requests.openRequest", () => ({ kind: named("kind", item.kind) })),
  );
  open.addEventListener("click", () => opener(item));
  return el(
    "tr",
    { "data-request-id": item.request_id, "data-person-ref": item.person_ref, "data-overdue": String(item.overdue), class: item.overdue ? "overdue" : undefined },
    el("th", { scope: "row" }, open),
    sayEl("td", { class: "request-kind" }, `rights.kind.${item.kind}`),
    sayEl("td", { class: "request-status" }, `rights.status.${item.status}`),
    el("td", { class: "date", text: item.received }),
    el("td", { class: "date", text: item.due }),
    el("td", { class: "days" }, daysLeftCell(item)),
  );
}

/** Shown with "Mina personer" (the start of the work), once there is a list or a refusal to tell. */
function syncShown() {
  $("#requests").hidden = $("#caseload").hidden || (worklist === null && failed === null);
}

export function renderRequests() {
  const error = $("#requests-error");
  error.hidden = !failed;
  error.textContent = failed ? errorText(failed) : "";
  const items = worklist?.items ?? [];
  const week = $("#requests-week");
  week.hidden = !worklist;
  if (worklist) {
    const n = worklist.due_this_week;
    say(week, n === 0 ? "requests.weekNone" : n === 1 ? "requests.week1" : "requests.week", { n });
    week.classList.toggle("attention", n > 0);
  }
  $("#requests-empty").hidden = !worklist || items.length > 0;
  $("#requests-wrap").hidden = items.length === 0;
  const focused = document.activeElement?.closest?.("#requests-table .open-request")?.id;
  $("#requests-table tbody").replaceChildren(...items.map(row));
  if (focused) {
    document.getElementById(focused)?.focus();
  }
  syncShown();
}

/** Asks the core for the list again (after any change to a request); returns it (null on a refusal). */
export async function loadRequests() {
  const mine = ++loading;
  try {
    const answer = await call("requests");
    if (mine !== loading) {
      return worklist;
    }
    worklist = answer;
    failed = null;
  } catch (err) {
    if (mine !== loading) {
      return worklist;
    }
    failed = err;
  }
  renderRequests();
  return worklist;
}

/** Focus on the row of `requestId` (back from the request page), else on the list's heading. */
export function focusRequests(requestId) {
  const button = requestId ? document.getElementById(`open-request-${requestId}`) : null;
  (button && !button.closest("[hidden]") ? button : $("#requests-heading")).focus();
}

export function resetRequests() {
  loading += 1;
  worklist = null;
  failed = null;
  $("#requests-table tbody").replaceChildren();
  renderRequests();
  // On the lock the handler's view is emptied before this: nothing of it is kept for its words either.
  forgetDetached();
}

/** `open(item)` opens the request page of a row. Called once from views/handler.js. */
export function initRequests({ open }) {
  opener = open;
  // The list keeps to "Mina personer": shown and hidden with it (by the card, the form, the request page).
  new MutationObserver(syncShown).observe($("#caseload"), { attributes: true, attributeFilter: ["hidden"] });
}
