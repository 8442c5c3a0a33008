// Handläggare: one data-subject request, step by step (#request-page; it takes the place of "Mina
// personer" or the card it was opened from, and "Tillbaka" goes back there). What it shows is the core's:
// the person's rights (`person_rights`, logged as a listing of the person) and, for an open request,
// its deadline and days left from the worklist (`requests`). At the top: the type, who, the deadline and
// the days left (overdue said in words). Then the steps in order, each with its state in words:
// 1. "Identitet kontrollerad": verify_request {requestId, how} (in person; received → identity_verified);
// 2. "Menprövning" — only for a person with protected identity and a request answered with an extract:
//    assess_harm {personRef, requestId, outcome, reason}, with why it is needed; the core refuses an
//    extract without one (HARM_ASSESSMENT_REQUIRED);
// 3. the work of the type: an extract (views/extract.js); an erasure with a typed confirmation
//    (erase_person {personRef, requestId, reason}) and its report; the restriction (the restrict dialog
//    of views/marking.js); a rectification on the card; an objection (record_objection, offered only
//    where the core says `may_object`); recipients told (art. 19);
// 4. "Avsluta": close_request {requestId, outcome, ground, text} (a ground and a text exactly for a
//    refusal), and "Förläng" (extend_request {requestId, reason, toldOn}) while the core's rule allows:
//    once, before the first deadline has passed (the core decides; the UI offers it only then).
// Below: the request's steps as the core recorded them. After each change the page asks the core again.
import { call } from "../lib/api.js";
import { $, announce, el, flash } from "../lib/dom.js";
import { isoDateTime } from "../lib/dates.js";
import { errorText, t } from "../lib/i18n.js";
import { openPerson, setCardAside } from "./card.js";
import { openRestrictionFor } from "./marking.js";
import { mountExtract, forget as forgetExtract } from "./extract.js";
import {
  CLOSING,
  ERASURE_KINDS,
  ERASURE_REASONS,
  EXTRACT_KINDS,
  HARM_OUTCOMES,
  IDENTITY_METHODS,
  named,
  OPEN_STATUSES,
  REFUSAL_GROUNDS,
  REFUSING,
} from "./rights-names.js";
import { formDialog, makeForm, say, sayEl, words } from "./rights-form.js";
import { openNotify, openObjection, openWithdrawConsent, optionsOf, purposeWords } from "./rights-dialogs.js";
import { coreToday, focusRequests, loadRequests, workItem } from "./requests.js";

let page = null; // {requestId, personRef, initials, from: "list" | "card", rights, erased}
let personGone = () => {}; // a whole erasure: the card and the list follow
let backToCard = () => {}; // (personRef, requestId): the card again, its rights shown

const openStatus = (r) => OPEN_STATUSES.includes(r.status);
const verified = (r) => Boolean(r.identity_check) || ["identity_verified", "in_progress", "extended"].includes(r.status);

function current() {
  return page?.rights?.requests.find((r) => r.id === page.requestId) ?? null;
}

/** A status next to the page's heading; it clears by itself. */
function status(key, params) {
  flash($("#request-status"), t(key, params));
}

function showPageError(err) {
  const e = $("#request-error");
  e.textContent = errorText(err);
  e.dataset.code = err.code;
  e.hidden = false;
}

/** Asks the core again (the person's rights, the list), then draws; focus to `focus` when given. */
async function reload({ focus } = {}) {
  const p = page;
  if (!p) {
    return;
  }
  if (!p.erased?.whole) {
    try {
      p.rights = await call("person_rights", { personRef: p.personRef });
    } catch (err) {
      if (page === p) {
        showPageError(err);
      }
    }
  }
  await loadRequests();
  if (page !== p) {
    return;
  }
  render();
  if (focus) {
    (typeof focus === "string" ? $(focus) : focus)?.focus();
  }
}

// ---------------------------------------------------------------------------------------------
// The top: what, who, the deadline
// ---------------------------------------------------------------------------------------------

function deadline(r) {
  const line = $("#request-deadline");
  line.className = "request-deadline";
  if (!openStatus(r)) {
    say(line, "request.closedAs", () => ({ status: named("status", r.status) }));
    line.classList.add("notice");
    return;
  }
  const item = workItem(r.id);
  if (!item) {
    say(line, "request.due", { due: r.due });
    line.classList.add("notice");
    return;
  }
  const n = Math.abs(item.days_left);
  if (item.overdue) {
    say(line, n === 1 ? "request.overdueDay" : "request.overdueDays", { due: item.due, n });
    line.classList.add("warning");
  } else if (item.days_left === 0) {
    say(line, "request.dueToday", { due: item.due });
    line.classList.add("warning");
  } else {
    say(line, n === 1 ? "request.dueInDay" : "request.dueInDays", { due: item.due, n });
    line.classList.add("notice");
  }
  line.dataset.overdue = String(item.overdue);
}

function metaRow(key, value) {
  return [words("dt", key), value instanceof Node ? el("dd", {}, value) : el("dd", { text: value })];
}

function renderTop(r) {
  say($("#request-heading"), "request.title", () => ({ kind: named("kind", r.kind) }));
  const who = page.initials ? `${page.initials} (${page.personRef})` : page.personRef;
  say($("#request-who"), "request.who", { id: r.id, who });
  deadline(r);
  const rows = [
    ...metaRow("request.metaReceived", r.received),
    ...metaRow("request.metaChannel", sayEl("span", {}, `rights.channel.${r.channel}`)),
    ...metaRow("request.metaStatus", sayEl("span", { "data-status": r.status }, `rights.status.${r.status}`)),
    ...metaRow("request.metaDue", r.due),
  ];
  if (r.extension) {
    rows.push(...metaRow("request.metaExtended", sayEl("span", {}, "request.extendedText", { told: r.extension.person_told_on, reason: r.extension.reason })));
  }
  if (r.refusal) {
    rows.push(...metaRow("request.metaRefusal", sayEl("span", {}, "request.refusalText", () => ({ ground: named("ground", r.refusal.ground), text: r.refusal.text }))));
  }
  $("#request-meta").replaceChildren(...rows);
}

// ---------------------------------------------------------------------------------------------
// The steps
// ---------------------------------------------------------------------------------------------

/** A step: its number and title, its state in words (done, to do, waiting for an earlier step, closed). */
function stepBox(key, n, titleKey, state, ...content) {
  const h = el(
    "h3",
    { id: `request-step-${key}-heading`, tabindex: "-1", class: "step-heading" },
    sayEl("span", { class: "step-title" }, "request.stepTitle", () => ({ n, title: t(titleKey) })),
    " ",
    sayEl("span", { class: `step-state step-${state}`, "data-state": state }, `request.state.${state}`),
  );
  return el("section", { id: `request-step-${key}`, class: "request-step", "data-step": key, "data-state": state, "aria-labelledby": h.id }, h, ...content);
}

function identityStep(r, n) {
  const ic = r.identity_check;
  if (ic) {
    return stepBox("identity", n, "request.identity.title", "done", sayEl("p", {}, "request.identity.done", () => ({ at: isoDateTime(ic.at), by: ic.by, how: named("how", ic.how) })));
  }
  if (!openStatus(r)) {
    return stepBox("identity", n, "request.identity.title", "closed", words("p", "request.identity.none", { class: "muted" }));
  }
  const f = makeForm(
    "request-verify",
    [{ name: "how", kind: "select", label: "request.identity.how", empty: "rights.choose", options: optionsOf("how", IDENTITY_METHODS), required: true }],
    {
      submitKey: "request.identity.submit",
      refusalWords: pageWords,
      submit: (v) => call("verify_request", { requestId: r.id, how: v.how }),
      done: () => {
        status("request.identity.saved");
        reload({ focus: "#request-step-harm-heading, #request-step-work-heading" });
      },
    },
  );
  return stepBox("identity", n, "request.identity.title", "todo", words("p", "request.identity.intro", { class: "hint" }), f.form);
}

function harmStep(r, n) {
  const mine = page.rights.harm_assessments.filter((h) => h.request_id === r.id);
  const latest = mine.at(-1) ?? null;
  const cleared = latest && latest.outcome !== "harm";
  const content = [words("p", "request.harm.why", { class: "notice", id: "request-harm-why" })];
  if (mine.length) {
    content.push(
      el(
        "ul",
        { class: "harm-list", id: "request-harm-list" },
        ...mine.map((h) => sayEl("li", { "data-outcome": h.outcome }, "request.harm.item", () => ({ at: isoDateTime(h.at), by: h.by, outcome: named("harm", h.outcome), reason: h.reason }))),
      ),
    );
  }
  if (latest?.outcome === "harm") {
    content.push(words("p", "request.harm.harmNote", { class: "warning" }));
  }
  if (openStatus(r)) {
    const f = makeForm(
      "request-harm",
      [
        { name: "outcome", kind: "select", label: "rights.harm.outcome", empty: "rights.choose", options: optionsOf("harm", HARM_OUTCOMES), required: true },
        { name: "reason", kind: "textarea", label: "rights.harm.reason", hint: "rights.reasonHint", required: true, reason: true, input: "reason" },
      ],
      {
        submitKey: "rights.harm.confirm",
        refusalWords: pageWords,
        note: "request.harm.logged",
        submit: (v) => call("assess_harm", { personRef: page.personRef, requestId: r.id, outcome: v.outcome, reason: v.reason }),
        done: () => {
          status("rights.harm.saved");
          reload({ focus: "#request-step-work-heading" });
        },
      },
    );
    content.push(f.form);
  }
  return stepBox("harm", n, "request.harm.title", cleared ? "done" : openStatus(r) ? "todo" : "closed", ...content);
}

// -- step 3, by type --------------------------------------------------------------------------

function notifyButton(r) {
  const recipients = page.rights.recipients ?? [];
  if (!recipients.length || !openStatus(r)) {
    return null;
  }
  const b = words("button", "request.notify", { type: "button", id: "request-notify" });
  b.addEventListener("click", () =>
    openNotify(page.personRef, recipients, r.kind, (view, key) => {
      page.rights = view;
      status(key);
      reload();
    }, "request-notify"),
  );
  return el("div", { class: "actions" }, b);
}

function erasureReport(rep) {
  const names = (fields) => el("ul", {}, ...fields.map((f) => sayEl("li", { "data-field": f.field }, `field.${f.field}`)));
  const kept = rep.fields.filter((f) => !f.erased);
  const erased = rep.fields.filter((f) => f.erased);
  return el(
    "section",
    { id: "request-erase-report", class: "erase-report", "aria-labelledby": "request-erase-report-heading", "data-whole": String(rep.whole) },
    words("h4", "request.erase.reportTitle", { id: "request-erase-report-heading", tabindex: "-1" }),
    rep.whole
      ? words("p", "request.erase.whole", { class: "ok" })
      : sayEl("p", { class: "notice" }, "request.erase.partial", { until: rep.kept_until ?? "" }),
    ...(rep.whole ? [] : [words("p", "request.erase.keptLabel", { class: "label" }), names(kept)]),
    ...(rep.whole ? [] : [words("p", "request.erase.erasedLabel", { class: "label" }), names(erased)]),
  );
}

function openErase(r) {
  const ref = page.personRef;
  const norm = (s) => s.trim().toUpperCase();
  formDialog("erase-dialog", {
    title: ["request.erase.title", { ref }],
    intro: "request.erase.dialogIntro",
    specs: [
      { name: "reason", kind: "select", label: "request.erase.reason", options: optionsOf("erasure", ERASURE_REASONS), value: r.kind === "consent_withdrawal" ? "consent_withdrawn" : "request", required: true },
      {
        name: "confirm",
        kind: "text",
        label: "request.erase.confirm",
        hint: "request.erase.confirmHint",
        hintParams: { ref },
        required: true,
        requiredWords: "request.erase.confirmMissing",
        check: (v) => (norm(v) === norm(ref) ? null : () => t("request.erase.confirmWrong", { ref })),
      },
    ],
    confirmKey: "request.erase.confirmButton",
    confirmClass: "caution",
    note: "request.erase.logged",
    refusalWords: pageWords,
    focusAfter: () => $("#request-heading"),
    submit: (v) => call("erase_person", { personRef: ref, requestId: r.id, reason: v.reason }),
    done: (report) => {
      const p = page;
      if (!p) {
        return;
      }
      p.erased = report;
      if (report.whole) {
        personGone(p.personRef);
        // The card closed with the person: the request page stays in its place.
        $("#caseload").hidden = true;
        p.from = "list";
      }
      announce(t(report.whole ? "request.erase.doneWhole" : "request.erase.donePartial"));
      reload({ focus: "#request-erase-report-heading" });
    },
  });
}

function erasureWork(r) {
  const content = [words("p", "request.erase.intro", { class: "hint" })];
  if (page.erased) {
    content.push(erasureReport(page.erased));
  } else if (openStatus(r)) {
    const b = words("button", "request.erase.button", { type: "button", class: "caution", id: "request-erase" });
    b.addEventListener("click", () => openErase(r));
    content.push(el("div", { class: "actions" }, b));
  }
  if (r.kind === "consent_withdrawal" && openStatus(r) && !page.erased) {
    const inForce = page.rights.consents.filter((c) => !c.withdrawn);
    content.push(words("p", inForce.length ? "request.consents" : "request.consentsNone", { class: "label" }));
    content.push(
      el(
        "ul",
        { class: "consent-list" },
        ...inForce.map((c) => {
          const b = el("button", { type: "button", class: "small", id: `request-withdraw-${c.purpose}` }, words("span", "rights.withdraw.button"), sayEl("span", { class: "sr-only" }, () => ` ${purposeWords(c.purpose)}`));
          b.addEventListener("click", () =>
            openWithdrawConsent(page.personRef, c.purpose, (view, key) => {
              page.rights = view;
              status(key);
              reload();
            }, "request-step-work-heading"),
          );
          return el("li", {}, sayEl("span", {}, () => purposeWords(c.purpose)), " ", b);
        }),
      ),
    );
  }
  content.push(notifyButton(r));
  return content;
}

function restrictionWork(r) {
  const order = [...page.rights.restrictions].reverse().find((o) => !o.lifted) ?? null;
  const content = [words("p", "request.restrict.intro", { class: "hint" })];
  if (order) {
    content.push(
      sayEl("p", { class: "notice", id: "request-restricted" }, "request.restrict.current", () => ({
        ground: named("restrictionGround", order.ground),
        from: order.from,
        to: order.to ?? t("request.restrict.open"),
      })),
    );
  } else if (openStatus(r)) {
    const b = words("button", "marking.restrictButton", { type: "button", id: "request-restrict" });
    b.addEventListener("click", () =>
      openRestrictionFor("restrict", page.personRef, () => {
        status("marking.restricted");
        reload({ focus: "#request-step-work-heading" });
      }),
    );
    content.push(el("div", { class: "actions" }, b));
  }
  content.push(notifyButton(r));
  return content;
}

function rectificationWork(r) {
  const b = words("button", "request.rectify.open", { type: "button", id: "request-open-card" });
  b.addEventListener("click", () => openPerson(page.personRef));
  return [words("p", "request.rectify.intro", { class: "hint" }), el("div", { class: "actions" }, b), words("p", "request.rectify.history", { class: "hint" }), notifyButton(r)];
}

function objectionWork(r) {
  const content = [];
  if (!page.rights.may_object) {
    content.push(
      sayEl("p", { class: "notice", id: "request-may-not-object" }, "request.objection.notAllowed", () => ({
        basis: page.rights.legal_basis ? t(`legal.${page.rights.legal_basis}`) : t("legal.unset"),
      })),
    );
    return content;
  }
  content.push(words("p", "request.objection.intro", { class: "hint" }));
  const objections = page.rights.objections;
  if (objections.length) {
    content.push(
      el(
        "ul",
        { class: "objection-list" },
        ...objections.map((o) =>
          sayEl("li", {}, o.overridden ? "rights.objection.itemOverridden" : "rights.objection.item", () => ({ purpose: purposeWords(o.purpose), at: isoDateTime(o.at), by: o.recorded_by })),
        ),
      ),
    );
  }
  if (openStatus(r)) {
    const b = words("button", "rights.objection.button", { type: "button", id: "request-objection" });
    b.addEventListener("click", () =>
      openObjection(page.personRef, (view, key) => {
        page.rights = view;
        status(key);
        reload();
      }, "request-objection"),
    );
    content.push(el("div", { class: "actions" }, b));
  }
  return content;
}

const WORK_TITLE = {
  access: "request.work.extract",
  portability: "request.work.extract",
  erasure: "request.work.erasure",
  consent_withdrawal: "request.work.erasure",
  restriction: "request.work.restriction",
  rectification: "request.work.rectification",
  objection: "request.work.objection",
};

function workStep(r, n) {
  const title = WORK_TITLE[r.kind] ?? "request.work.other";
  if (page.erased) {
    return stepBox("work", n, title, "done", ...erasureWork(r));
  }
  if (!openStatus(r)) {
    return stepBox("work", n, title, "closed", words("p", "request.work.closed", { class: "muted" }));
  }
  if (!verified(r)) {
    return stepBox("work", n, title, "waiting", words("p", "request.work.waitIdentity", { class: "muted" }));
  }
  let content;
  if (EXTRACT_KINDS.includes(r.kind)) {
    content = [mountExtract({ request: r, onChanged: () => reload() })];
  } else if (ERASURE_KINDS.includes(r.kind)) {
    content = erasureWork(r);
  } else if (r.kind === "restriction") {
    content = restrictionWork(r);
  } else if (r.kind === "rectification") {
    content = rectificationWork(r);
  } else {
    content = objectionWork(r);
  }
  return stepBox("work", n, title, "todo", ...content);
}

// -- step 4 ------------------------------------------------------------------------------------

function openExtend(r) {
  formDialog("extend-dialog", {
    title: ["request.extend.title", { id: r.id }],
    intro: "request.extend.intro",
    specs: [
      { name: "reason", kind: "textarea", label: "request.extend.reason", hint: "rights.reasonHint", required: true, reason: true, input: "reason" },
      { name: "toldOn", kind: "date", label: "request.extend.toldOn", hint: "rights.dateHint", value: coreToday(), required: true, input: "told_on" },
    ],
    confirmKey: "request.extend.confirm",
    refusalWords: pageWords,
    focusAfter: () => $("#request-deadline"),
    submit: (v) => call("extend_request", { requestId: r.id, reason: v.reason, toldOn: v.toldOn }),
    done: () => {
      status("request.extend.saved");
      reload({ focus: "#request-heading" });
    },
  });
}

function closeStep(r, n) {
  if (!openStatus(r)) {
    const last = r.steps.at(-1);
    return stepBox("close", n, "request.close.title", "done", sayEl("p", {}, "request.close.done", () => ({ status: named("status", r.status), at: last ? isoDateTime(last.at) : "", by: last?.by ?? "" })));
  }
  const f = makeForm(
    "request-close",
    [
      { name: "outcome", kind: "select", label: "request.close.outcome", empty: "rights.choose", options: optionsOf("status", CLOSING), required: true, input: "request" },
      { name: "ground", kind: "select", label: "request.close.ground", empty: "rights.choose", options: optionsOf("ground", REFUSAL_GROUNDS), required: true },
      { name: "text", kind: "textarea", label: "request.close.text", hint: "request.close.textHint", required: true, reason: true, input: "reason" },
    ],
    {
      submitKey: "request.close.submit",
      refusalWords: pageWords,
      submit: (v) => {
        const refusing = REFUSING.includes(v.outcome);
        return call("close_request", { requestId: r.id, outcome: v.outcome, ground: refusing ? v.ground : null, text: refusing ? v.text : null });
      },
      done: () => {
        status("request.close.saved");
        reload({ focus: "#request-heading" });
      },
    },
  );
  const sync = () => {
    const refusing = REFUSING.includes(f.controls.outcome.input.value);
    f.controls.ground.box.hidden = !refusing;
    f.controls.text.box.hidden = !refusing;
  };
  f.controls.outcome.input.addEventListener("change", sync);
  sync();
  const content = [words("p", "request.close.intro", { class: "hint" }), f.form];
  // Förläng: once, while the first month runs (the core's rule; the list's days left say whether it has).
  const item = workItem(r.id);
  if (r.extension) {
    content.push(sayEl("p", { class: "muted", id: "request-extended" }, "request.extend.done", { due: r.due, told: r.extension.person_told_on }));
  } else if (verified(r) && item && !item.overdue) {
    const b = words("button", "request.extend.button", { type: "button", id: "request-extend" });
    b.addEventListener("click", () => openExtend(r));
    content.push(el("div", { class: "actions extend-actions" }, b), words("p", "request.extend.hint", { class: "hint" }));
  } else if (item?.overdue) {
    content.push(words("p", "request.extend.tooLate", { class: "muted", id: "request-extend-late" }));
  }
  return stepBox("close", n, "request.close.title", "todo", ...content);
}

function renderHistory(r) {
  $("#request-history-list").replaceChildren(
    ...r.steps.map((s) =>
      el("li", {}, el("time", { datetime: s.at, text: isoDateTime(s.at) }), " ", sayEl("span", {}, "request.historyItem", () => ({ status: named("status", s.status), by: s.by }))),
    ),
  );
}

/** The refusals of the page's commands in its own words (the catalog's general text otherwise). */
function pageWords(err) {
  if (err.code === "INVALID_INPUT" && err.field === "request" && err.rule === "NOT_ALLOWED") {
    return () => t("request.err.notNow");
  }
  if (err.code === "INVALID_INPUT" && err.field === "told_on") {
    return () => t("request.err.toldOn");
  }
  if (err.code === "DENIED") {
    return () => t("rights.err.denied");
  }
  return undefined;
}

/** The focus back where it was before a redraw: on the element, or on the one that took its id. */
function refocus(active) {
  if (!active || active === document.body || document.activeElement === active) {
    return;
  }
  const again = active.isConnected ? active : active.id ? document.getElementById(active.id) : null;
  again?.focus();
}

function render() {
  if (!page) {
    return;
  }
  const active = document.activeElement;
  say($("#request-back-label"), page.from === "card" ? "request.backToCard" : "request.backToList");
  const r = current();
  if (!r || page.erased?.whole) {
    // Erased whole, the person and their requests are gone from the vault: the report is what is left.
    $("#request-history").hidden = true;
    $("#request-meta").replaceChildren();
    $("#request-deadline").textContent = "";
    $("#request-deadline").className = "request-deadline";
    if (page.erased) {
      say($("#request-heading"), "request.erasedTitle");
      say($("#request-who"), "request.who", { id: page.requestId, who: page.personRef });
      $("#request-steps").replaceChildren(erasureReport(page.erased));
    } else {
      $("#request-steps").replaceChildren();
    }
    refocus(active);
    return;
  }
  renderTop(r);
  const steps = [];
  let n = 0;
  steps.push(identityStep(r, ++n));
  if (page.rights.protected && EXTRACT_KINDS.includes(r.kind)) {
    steps.push(harmStep(r, ++n));
  }
  steps.push(workStep(r, ++n));
  steps.push(closeStep(r, ++n));
  $("#request-steps").replaceChildren(...steps);
  $("#request-history").hidden = false;
  renderHistory(r);
  refocus(active);
}

// ---------------------------------------------------------------------------------------------

/**
 * Opens request `requestId` of `personRef` (`initials` when known; `from`: "list" or "card", where
 * "Tillbaka" returns). Asks the core for the person's rights and the list first.
 */
export async function openRequest(requestId, { personRef, initials = null, from = "list" } = {}) {
  let rights;
  try {
    rights = await call("person_rights", { personRef });
  } catch (err) {
    announce(errorText(err));
    return;
  }
  await loadRequests();
  closeRequestPage();
  page = { requestId, personRef, initials, from, rights, erased: null };
  if (!$("#person-card").hidden) {
    setCardAside();
  }
  $("#caseload").hidden = true;
  $("#request-error").hidden = true;
  $("#request-page").hidden = false;
  $("#request-page").dataset.requestId = requestId;
  render();
  $("#request-heading").focus();
}

/** The request page goes, with everything shown on it (another view takes the place; the lock). */
export function closeRequestPage() {
  forgetExtract();
  page = null;
  const p = $("#request-page");
  p.hidden = true;
  delete p.dataset.requestId;
  $("#request-steps").replaceChildren();
  $("#request-meta").replaceChildren();
  $("#request-history-list").replaceChildren();
  $("#request-heading").textContent = "";
  $("#request-who").textContent = "";
  $("#request-deadline").textContent = "";
  flash($("#request-status"), "");
}

/** Whether the page is on show (for the handler's view). */
export function requestPageOpen() {
  return page !== null;
}

function back() {
  const p = page;
  closeRequestPage();
  if (!p) {
    return;
  }
  if (p.from === "card" && !p.erased?.whole) {
    backToCard(p.personRef, p.requestId);
    return;
  }
  $("#caseload").hidden = false;
  loadRequests().then(() => focusRequests(p.requestId));
}

/**
 * `hooks.gone(personRef)`: the person was erased whole (the card closes, the lists ask again);
 * `hooks.toCard(personRef, requestId)`: back to the card. Called once from views/handler.js.
 */
export function initRequestPage(hooks = {}) {
  personGone = hooks.gone ?? personGone;
  backToCard = hooks.toCard ?? backToCard;
  $("#request-back").addEventListener("click", back);
  // The person form takes the page's place (a new person, a kept draft offered back): the page goes.
  new MutationObserver(() => {
    if (page && !$("#person-form").hidden) {
      closeRequestPage();
    }
  }).observe($("#person-form"), { attributes: true, attributeFilter: ["hidden"] });
}
