// Granskare: the loggkontroll. This file is the view and its log: the table over review_log {filter},
// each entry with its flags as tags in words and the core's explanation next to them, its latest review,
// and a button that opens it for review (ui/views/log-entry.js); the filters (a flag, a period, a person,
// a user, an action, a search-term hash, the flagged entries only); the verification (verify_log); and
// in the header what is left to review (the core's open_tasks and overdue_break_glass). The worklist,
// the sample, the report, the bundle and the import of other workstations' bundles are parts of their
// own (log-tasks.js, log-sample.js, log-report.js, log-bundle.js, log-import.js); the incident register
// ("Incidenter", shared with the admin's view) is incidents.js: a failed verification makes the core
// open a draft incident, so the register is asked again then.
// The log holds pseudonymous person refs and field names only; the core adds nothing else (a reveal of
// names lists its refs in the entry's detail, shown in the person column). Search terms are in it only
// as keyed hashes, which a case handler computes: the reviewer filters by one. The flags are the core's
// (computed from the log when it is read); the view shows them and computes nothing but the periods.
// The row's `flagged` class is the entry's own flag, set when it was written (what the flagged-only
// filter asks for); the computed flags are its tags. The entry where the chain breaks comes first in the
// core's answer, and is marked apart.
// The core answers a page (the filter's limit) and says where the next one starts (next_before): "Visa
// äldre poster" asks for it with the same filter and `before`, and adds its entries below (the broken
// chain's entry, first in every answer, only once); the focus goes to the first new row's button and
// the status says how many. A new filter starts again from the newest; the refresh after a review
// keeps as many pages as were on show, so that the focus finds its button again.
import { call } from "../lib/api.js";
import { $, $$, busy, clearError, el, fillOptions, flash, localTime, replaceKeepingFocus, showError } from "../lib/dom.js";
import { isDate } from "../lib/checks.js";
import { errorText, has, t } from "../lib/i18n.js";
import { dayRange, localDate, period } from "../lib/periods.js";
import { ACTIONS } from "../generated/contract.js";
import { FLAG_CODES, actionLabel, flagList, outcomeLabel, personsOf, roleLabel } from "./log-names.js";
import entryDialog from "./log-entry.js";
import tasks from "./log-tasks.js";
import sample from "./log-sample.js";
import report from "./log-report.js";
import bundle from "./log-bundle.js";
import bundleImport from "./log-import.js";
import { enterIncidents, reloadIncidents } from "./incidents.js";

let answer = null; // the core's last LogReview, with the older pages asked for since added to it
let shownFilter = null; // the LogFilter of `answer` (its first page: without `before`)
let olderAsked = false; // whether older pages were added to `answer`
let generation = 0; // a new filter (or a reset) makes an older page still on its way stale
let verification = null;

function fieldList(fields) {
  return fields.map((f) => (has(`field.${f}`) ? t(`field.${f}`) : f)).join(", ");
}

function renderActions() {
  $("#log-actions").replaceChildren(...ACTIONS.map((a) => el("option", { value: a, label: actionLabel(a) })));
}

function renderFlagOptions() {
  fillOptions($("#log-filter-flag"), FLAG_CODES, (code) => `flag.${code}`, { empty: "reviewer.flag.all" });
}

/** The review column: the latest review in words, and the button that opens the entry. */
function reviewCell(e) {
  const open = el(
    "button",
    { type: "button", class: "small log-open", id: `log-open-${e.seq}`, "data-seq": e.seq, "aria-label": t("logReview.openEntry", { seq: e.seq }) },
    t("logReview.open"),
  );
  open.addEventListener("click", () => entryDialog.openEntry(e.seq, { status: $("#log-review-status"), error: $("#log-error") }));
  const done = e.review ? el("span", { class: "reviewed", "data-outcome": e.review.outcome, text: `${outcomeLabel(e.review.outcome)} (${e.review.reviewer})` }) : null;
  return el("td", { class: "review-cell" }, done, done ? " " : null, open);
}

/** The time, its date and its clock time each kept on one line (a narrow column breaks between them). */
function timeOf(at) {
  const [day, clock] = localTime(at).split(" ");
  return el("time", { datetime: at }, el("span", { class: "nowrap", text: day }), " ", el("span", { class: "nowrap", text: clock ?? "" }));
}

function row(e) {
  const flags = e.flags ?? [];
  const chain = flags.includes("CHAIN");
  // What was done, and to which of the person's fields (names only, never a value).
  const fields = fieldList(e.fields);
  const action = el(
    "td",
    {},
    el("span", { text: actionLabel(e.action) }),
    " ",
    el("code", { text: e.action }),
    fields ? el("span", { class: "log-fields" }, el("span", { class: "sr-only", text: `${t("log.fields")}: ` }), fields) : null,
  );
  // The computed flags with their explanations; an entry flagged when written but by no rule still says so.
  const flag = el("td", { class: "flags" }, flagList(flags, answer.explanations));
  if (!flags.length && e.flagged) {
    flag.append(el("span", { class: "tag flag", text: t("log.flagged") }));
  }
  const outcome = el("td", { text: t(`log.outcome.${e.outcome}`) });
  if (e.outcome === "denied") {
    outcome.classList.add("denied");
  }
  const classes = [e.flagged ? "flagged" : "", flags.length ? "has-flags" : "", chain ? "chain-broken" : ""].filter(Boolean).join(" ");
  return el(
    "tr",
    { "data-seq": e.seq, "data-action": e.action, "data-flags": flags.join(" ") || undefined, class: classes || undefined },
    el("td", { class: "num", text: String(e.seq) }),
    el("td", {}, timeOf(e.at)),
    el("td", {}, e.actor, " ", el("span", { class: "log-role", text: `(${roleLabel(e.role)})` })),
    action,
    el("td", { class: "refs" }, ...personsOf(e).flatMap((ref, i) => [i ? " " : "", el("code", { text: ref })])),
    el("td", { text: e.purpose ?? "" }),
    outcome,
    flag,
    reviewCell(e),
  );
}

function renderCounts() {
  const counts = $("#log-counts");
  counts.classList.toggle("attention", Boolean(answer?.overdue_break_glass));
  if (!answer) {
    counts.textContent = "";
    return;
  }
  const open = answer.open_tasks === 0 ? t("reviewer.countsNone") : answer.open_tasks === 1 ? t("reviewer.counts1") : t("reviewer.counts", { n: answer.open_tasks });
  const overdue = answer.overdue_break_glass ? ` ${answer.overdue_break_glass === 1 ? t("reviewer.overdue1") : t("reviewer.overdue", { n: answer.overdue_break_glass })}` : "";
  counts.textContent = open + overdue;
}

function renderChain() {
  const alert = $("#log-chain-alert");
  const seq = answer?.chain_broken_at;
  alert.hidden = seq === null || seq === undefined;
  alert.textContent = alert.hidden ? "" : t("reviewer.chainBroken", { seq });
}

const hasMore = (a) => a?.next_before !== null && a?.next_before !== undefined;

function renderSummary() {
  const entries = answer?.entries ?? [];
  const flagged = entries.filter((e) => e.flagged || e.flags?.length).length;
  $("#log-summary").textContent = !answer
    ? ""
    : entries.length === 1
      ? t("reviewer.summary1")
      : t("reviewer.summary", { n: entries.length, flagged });
  // "Visa äldre händelser" while the core says there are older entries.
  $("#log-older-actions").hidden = !hasMore(answer);
}

function renderTable() {
  const body = $("#log-table tbody");
  renderCounts();
  renderChain();
  if (!answer) {
    body.replaceChildren();
    renderSummary();
    return;
  }
  replaceKeepingFocus(body, answer.entries.map(row), $("#log-heading"));
  renderSummary();
}

/**
 * `page` (the core's answer with `before`) added to `base`: its entries not on show yet (the broken
 * chain's entry comes first in every answer), its flags' explanations, and the rest of it (the counts,
 * the chain, next_before) as the newer word. Returns the whole and the entries added.
 */
function withOlder(base, page) {
  const shown = new Set(base.entries.map((e) => e.seq));
  const added = page.entries.filter((e) => !shown.has(e.seq));
  const codes = new Set(base.explanations.map((x) => x.code));
  return {
    whole: {
      ...page,
      entries: [...base.entries, ...added],
      explanations: [...base.explanations, ...page.explanations.filter((x) => !codes.has(x.code))],
    },
    added,
  };
}

/** The same filter as sent: the same keys with the same values. */
function sameFilter(a, b) {
  if (!a || !b) {
    return false;
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** "Visa äldre händelser": the next page of the filter on show, added below. */
async function loadOlder() {
  const base = answer;
  const mine = generation;
  if (!hasMore(base)) {
    return;
  }
  clearError($("#log-error"));
  let page;
  try {
    page = await busy($("#log-older"), () => call("review_log", { filter: { ...shownFilter, before: base.next_before } }));
  } catch (err) {
    if (mine === generation && answer === base) {
      showError($("#log-error"), err);
    }
    return;
  }
  // A new filter (or another answer) came meanwhile: this page is not of it.
  if (mine !== generation || answer !== base) {
    return;
  }
  const { whole, added } = withOlder(base, page);
  answer = whole;
  olderAsked = true;
  $("#log-table tbody").append(...added.map(row));
  renderCounts();
  renderChain();
  renderSummary();
  // The focus on the first new row's button (the rows themselves take none); when there is none, on
  // the table's region (which takes the focus to scroll), as the button may be gone.
  const first = added.length ? document.getElementById(`log-open-${added[0].seq}`) : null;
  (first ?? $("#log-table").closest(".table-wrap")).focus();
  flash(
    $("#log-review-status"),
    added.length === 0 ? t("reviewer.olderNone") : added.length === 1 ? t("reviewer.olderShown1") : t("reviewer.olderShown", { n: added.length }),
  );
}

function renderVerification() {
  const out = $("#verify-result");
  out.className = "";
  out.removeAttribute("data-holds");
  out.removeAttribute("data-incident");
  if (!verification) {
    out.textContent = "";
    return;
  }
  if (verification.error) {
    out.textContent = errorText(verification.error);
    out.className = "error";
    return;
  }
  const v = verification.result;
  out.dataset.holds = String(v.holds);
  if (v.holds) {
    out.className = "ok";
    out.textContent = t("reviewer.verifyOk", { entries: v.entries, checkpoints: v.checkpoints });
  } else {
    out.className = "error";
    // The core opened (or already holds) a draft incident for the break: say which, so the reviewer
    // knows the 72-hour clock is running and where to find it.
    const incident = v.incident ? ` ${t("reviewer.verifyIncident", { id: v.incident })}` : "";
    out.textContent = t("reviewer.verifyBroken", { seq: v.broken_at }) + incident;
    if (v.incident) {
      out.dataset.incident = v.incident;
    }
  }
}

/** The custom period's dates shown only when it is chosen. */
function syncPeriod() {
  const custom = $("#log-filter-period").value === "custom";
  for (const node of $$('#log-filter-form [data-period="custom"]')) {
    node.hidden = !custom;
  }
}

/** The chosen period as {since, until} (either may be null); null when a typed date is not a date. */
function periodFromForm() {
  const choice = $("#log-filter-period").value;
  if (choice !== "custom") {
    return period(choice) ?? { since: null, until: null };
  }
  let ok = true;
  for (const id of ["#log-filter-since", "#log-filter-until"]) {
    const input = $(id);
    const v = input.value.trim();
    if (v && !isDate(v)) {
      showError($(`${id}-error`), () => t("reviewer.dateInvalid"), input);
      if (ok) {
        input.focus();
      }
      ok = false;
    }
  }
  return ok ? dayRange($("#log-filter-since").value.trim(), $("#log-filter-until").value.trim()) : null;
}

/**
 * The core's LogFilter: exactly its keys (it refuses others); `term_hash`, `flag`, `since` and `until`
 * only when chosen.
 */
function filterFromForm(range) {
  const val = (id) => $(id).value.trim() || null;
  const filter = {
    person_ref: val("#log-filter-person")?.toUpperCase() ?? null,
    actor: val("#log-filter-actor"),
    action: val("#log-filter-action"),
    flagged_only: $("#log-filter-flagged").checked,
    limit: 500,
  };
  const termHash = val("#log-filter-term-hash");
  if (termHash) {
    filter.term_hash = termHash.toLowerCase();
  }
  const flag = val("#log-filter-flag");
  if (flag) {
    filter.flag = flag;
  }
  if (range.since) {
    filter.since = range.since;
  }
  if (range.until) {
    filter.until = range.until;
  }
  return filter;
}

function clearFilterErrors() {
  clearError($("#log-error"));
  clearError($("#log-filter-term-hash-error"), $("#log-filter-term-hash"));
  clearError($("#log-filter-since-error"), $("#log-filter-since"));
  clearError($("#log-filter-until-error"), $("#log-filter-until"));
}

/**
 * Shows the log for the filters of the form, from the newest entry. `keepPages` (the refresh after a
 * review): when older pages of the same filter were on show, they are asked for again, as far down as
 * they went.
 */
async function load(event, { keepPages = false } = {}) {
  event?.preventDefault();
  const hashInput = $("#log-filter-term-hash");
  clearFilterErrors();
  if (!/^[0-9a-f]*$/i.test(hashInput.value.trim())) {
    showError($("#log-filter-term-hash-error"), () => t("reviewer.termHashInvalid"), hashInput);
    hashInput.focus();
    return;
  }
  const range = periodFromForm();
  if (!range) {
    return;
  }
  const filter = filterFromForm(range);
  // How far the pages on show went: the last one's next_before (0 when they reached the oldest).
  const reached = keepPages && olderAsked && sameFilter(filter, shownFilter) ? (answer?.next_before ?? 0) : null;
  let mine = null;
  let got = null;
  let failure = null;
  try {
    got = await busy($("#log-filter-apply"), async () => {
      // Counted once it runs (a press while a load runs sends nothing and never settles).
      mine = ++generation;
      let whole = await call("review_log", { filter });
      while (reached !== null && hasMore(whole) && whole.next_before > reached) {
        const before = whole.next_before;
        whole = withOlder(whole, await call("review_log", { filter: { ...filter, before } })).whole;
        if (hasMore(whole) && whole.next_before >= before) {
          break; // never asks for the same page twice
        }
      }
      return whole;
    });
  } catch (err) {
    failure = err;
  }
  if (mine !== generation) {
    return; // a newer load is on its way
  }
  answer = got;
  shownFilter = got ? filter : null;
  olderAsked = Boolean(got) && reached !== null;
  if (failure) {
    showError($("#log-error"), failure);
  }
  renderTable();
}

async function verify() {
  try {
    const result = await busy($("#verify-button"), () => call("verify_log"));
    verification = { result };
    if (!result.holds) {
      reloadIncidents();
    }
  } catch (err) {
    verification = { error: err };
  }
  renderVerification();
}

/** A sample's window in the filters: that user's log for that day (a custom period). */
function showWindow({ user, from, until }) {
  $("#log-filter-form").reset();
  $("#log-filter-actor").value = user;
  $("#log-filter-period").value = "custom";
  $("#log-filter-since").value = localDate(from);
  $("#log-filter-until").value = localDate(until, { exclusiveEnd: true });
  syncPeriod();
  $("#log-heading").focus();
  return load();
}

/** After a review or a draw: the log (with the counts, as many pages as were on show) and the worklist again. */
function refresh() {
  return Promise.all([load(null, { keepPages: true }), tasks.load()]);
}

const parts = [entryDialog, tasks, sample, report, bundle, bundleImport];

export default {
  init() {
    renderActions();
    renderFlagOptions();
    syncPeriod();
    $("#log-filter-form").addEventListener("submit", load);
    $("#log-filter-period").addEventListener("change", syncPeriod);
    $("#verify-button").addEventListener("click", verify);
    $("#log-older").addEventListener("click", loadOlder);
    const shared = { onChanged: refresh, showWindow };
    for (const p of parts) {
      p.init(shared);
    }
  },
  enter() {
    load();
    tasks.load();
    enterIncidents("reviewer");
  },
  relocalize() {
    renderActions();
    renderFlagOptions();
    renderTable();
    renderVerification();
    for (const p of parts) {
      p.relocalize?.();
    }
  },
  reset() {
    answer = null;
    shownFilter = null;
    olderAsked = false;
    generation += 1;
    verification = null;
    $("#log-filter-form").reset();
    syncPeriod();
    clearFilterErrors();
    $("#log-review-status").textContent = "";
    renderTable();
    renderVerification();
    for (const p of parts) {
      p.reset?.();
    }
  },
};
