// Granskare: the access log as a table with filters (flagged entries highlighted) and verification.
// The log holds pseudonymous person refs and field names only; the core adds nothing else (a reveal
// of names lists its refs in the entry's detail, shown in the person column). Search
// terms are in it only as keyed hashes, which a case handler computes: the reviewer filters by one.
// The actions offered to filter by are the contract's ACTIONS, in words.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, localTime, showError } from "../lib/dom.js";
import { errorText, has, t } from "../lib/i18n.js";
import { ACTIONS } from "../generated/contract.js";

let entries = null;
let verification = null;

function actionLabel(action) {
  return has(`action.${action}`) ? t(`action.${action}`) : action;
}

function fieldList(fields) {
  return fields.map((f) => (has(`field.${f}`) ? t(`field.${f}`) : f)).join(", ");
}

function renderActions() {
  $("#log-actions").replaceChildren(...ACTIONS.map((a) => el("option", { value: a, label: actionLabel(a) })));
}

/** The persons an entry is about: its ref, or the refs a reveal of names lists in its `detail`. */
function personsOf(e) {
  if (e.person_ref) {
    return [e.person_ref];
  }
  const refs = e.action === "names_revealed" && typeof e.detail === "string" ? /^refs (.+)$/.exec(e.detail)?.[1] : null;
  return refs ? refs.split(" ").filter(Boolean) : [];
}

function row(e) {
  const action = el("td", {}, el("span", { text: actionLabel(e.action) }), " ", el("code", { text: e.action }));
  const flag = el("td", {});
  if (e.flagged) {
    flag.append(el("span", { class: "tag flag", text: t("log.flagged") }));
  }
  const outcome = el("td", { text: t(`log.outcome.${e.outcome}`) });
  if (e.outcome === "denied") {
    outcome.classList.add("denied");
  }
  return el(
    "tr",
    { "data-seq": e.seq, class: e.flagged ? "flagged" : undefined },
    el("td", { class: "num", text: String(e.seq) }),
    el("td", {}, el("time", { datetime: e.at, text: localTime(e.at) })),
    el("td", { text: `${e.actor} (${has(`role.${e.role}`) ? t(`role.${e.role}`) : e.role})` }),
    action,
    el("td", {}, ...personsOf(e).flatMap((ref, i) => [i ? " " : "", el("code", { text: ref })])),
    el("td", { text: fieldList(e.fields) }),
    el("td", { text: e.purpose ?? "" }),
    outcome,
    flag,
  );
}

function renderTable() {
  const body = $("#log-table tbody");
  if (!entries) {
    body.replaceChildren();
    $("#log-summary").textContent = "";
    return;
  }
  body.replaceChildren(...entries.map(row));
  const flagged = entries.filter((e) => e.flagged).length;
  $("#log-summary").textContent =
    entries.length === 1 ? t("reviewer.summary1") : t("reviewer.summary", { n: entries.length, flagged });
}

function renderVerification() {
  const out = $("#verify-result");
  out.className = "";
  out.removeAttribute("data-holds");
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
    out.textContent = t("reviewer.verifyBroken", { seq: v.broken_at });
  }
}

/** The core's LogFilter: exactly its keys (it refuses others); `term_hash` only when filled in. */
function filterFromForm() {
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
  return filter;
}

async function load(event) {
  event?.preventDefault();
  const error = $("#log-error");
  const hashInput = $("#log-filter-term-hash");
  const hashError = $("#log-filter-term-hash-error");
  clearError(error);
  clearError(hashError, hashInput);
  if (!/^[0-9a-f]*$/i.test(hashInput.value.trim())) {
    showError(hashError, () => t("reviewer.termHashInvalid"), hashInput);
    hashInput.focus();
    return;
  }
  try {
    entries = await busy($("#log-filter-apply"), () => call("view_log", { filter: filterFromForm() }));
  } catch (err) {
    entries = null;
    showError(error, err);
  }
  renderTable();
}

async function verify() {
  try {
    const result = await busy($("#verify-button"), () => call("verify_log"));
    verification = { result };
  } catch (err) {
    verification = { error: err };
  }
  renderVerification();
}

export default {
  init() {
    renderActions();
    $("#log-filter-form").addEventListener("submit", load);
    $("#verify-button").addEventListener("click", verify);
  },
  enter() {
    load();
  },
  relocalize() {
    renderActions();
    renderTable();
    renderVerification();
  },
  reset() {
    entries = null;
    verification = null;
    $("#log-filter-form").reset();
    clearError($("#log-error"));
    clearError($("#log-filter-term-hash-error"), $("#log-filter-term-hash"));
    renderTable();
    renderVerification();
  },
};
