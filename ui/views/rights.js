// Handläggare: "Rättigheter och begäranden" on the person card (#rights): the person's data-subject
// requests and the registers around them, read when asked for ("Visa …": person_rights, which the core
// logs as a listing of the person) — never on opening the card. What it shows is the core's RightsView:
// whether the person has protected identity (a harm assessment before any extract or disclosure), the
// legal basis and whether an objection applies (`may_object`), the requests (each opens the request
// page), consents (record, withdraw), objections (record only where the core says `may_object`;
// override with compelling grounds), disclosures (record; for a protected person a harm assessment
// for disclosures first), the restriction orders (set and lifted in the marking's dialog above), the
// recipients told (art. 19) and how many old values rectifications keep. "Ny begäran …" opens a request
// (views/rights-dialogs.js) and goes to its page (views/request-page.js). Not offered under an
// emergency access: the rights are the assigned handler's to answer (the core refuses otherwise).
import { call } from "../lib/api.js";
import { $, el, flash } from "../lib/dom.js";
import { isoDateTime } from "../lib/dates.js";
import { errorText, t } from "../lib/i18n.js";
import { named } from "./rights-names.js";
import { sayEl, words } from "./rights-form.js";
import { openConsent, openDisclosure, openDisclosureHarm, openNewRequest, openNotify, openObjection, openOverride, openWithdrawConsent, purposeWords } from "./rights-dialogs.js";
import { openRequest } from "./request-page.js";
import { workItem } from "./requests.js";

let card = () => null; // the card on show (views/card.js)
let shownFor = null; // the person whose rights are on show
let drawnFor = null; // the card object last drawn: a new one (a change the core answered) is read again
let view = null; // the core's RightsView

/** The initials the card shows for the name (masked), or null. */
function initialsOf(c) {
  return c?.fields?.find((f) => f.field === "name")?.shown || null;
}

function status(key, params) {
  flash($("#rights-status"), t(key, params));
}

/** A dialog answered with the person's rights: shown again, with its words in the status. */
function updated(next, key) {
  if (next) {
    view = next;
  }
  render();
  status(key);
}

/** After a dialog whose command answers nothing of the rights: asked again. */
async function refreshed(_, key) {
  await load();
  status(key);
}

function section(id, titleKey, ...content) {
  return el("section", { id, class: "rights-part", "aria-labelledby": `${id}-heading` }, words("h4", titleKey, { id: `${id}-heading` }), ...content);
}

function button(id, key, onClick, cls) {
  const b = words("button", key, { type: "button", id, class: cls });
  b.addEventListener("click", onClick);
  return b;
}

const list = (cls, items, emptyKey) => (items.length ? el("ul", { class: cls }, ...items) : words("p", emptyKey, { class: "muted" }));

function requestsPart(ref) {
  const rows = view.requests.map((r) => {
    const open = el("button", { type: "button", class: "small open-request", id: `rights-open-${r.id}` }, words("span", "rights.open"), el("span", { class: "sr-only", text: ` ${r.id}` }));
    open.addEventListener("click", () => openRequest(r.id, { personRef: ref, initials: initialsOf(card()), from: "card" }));
    const item = workItem(r.id);
    return el(
      "tr",
      { "data-request-id": r.id, "data-status": r.status },
      el("th", { scope: "row", class: "ref", text: r.id }),
      sayEl("td", {}, `rights.kind.${r.kind}`),
      el("td", { class: "date", text: r.received }),
      sayEl("td", {}, `rights.status.${r.status}`),
      el("td", { class: "date" }, el("span", { text: r.due }), item?.overdue ? el("span", {}, " ", words("span", "requests.overdue", { class: "overdue-mark" })) : null),
      el("td", { class: "actions" }, open),
    );
  });
  const table = rows.length
    ? el(
        "div",
        { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "rights-requests-caption" },
        el(
          "table",
          { id: "rights-requests-table", class: "rights-table" },
          words("caption", "rights.requestsCaption", { id: "rights-requests-caption", class: "sr-only" }),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              words("th", "rights.colId", { scope: "col" }),
              words("th", "requests.colKind", { scope: "col" }),
              words("th", "requests.colReceived", { scope: "col" }),
              words("th", "requests.colStatus", { scope: "col" }),
              words("th", "requests.colDue", { scope: "col" }),
              el("th", { scope: "col" }, words("span", "rights.colOpen", { class: "sr-only" })),
            ),
          ),
          el("tbody", {}, ...rows),
        ),
      )
    : words("p", "rights.requestsNone", { class: "muted" });
  return section("rights-requests", "rights.requests", table);
}

function consentsPart(ref) {
  const items = view.consents.map((c, i) => {
    const li = el(
      "li",
      { "data-purpose": c.purpose, "data-withdrawn": String(Boolean(c.withdrawn)) },
      sayEl("span", {}, "rights.consent.item", () => ({ purpose: purposeWords(c.purpose), given: c.given_at, method: named("method", c.method), notice: c.notice_version, by: c.recorded_by })),
    );
    if (c.withdrawn) {
      li.append(" ", sayEl("span", { class: "muted" }, "rights.consent.withdrawnItem", () => ({ at: isoDateTime(c.withdrawn.at), how: named("method", c.withdrawn.how) })));
    } else {
      const id = `rights-withdraw-${i}`;
      li.append(
        " ",
        el("button", { type: "button", class: "small", id }, words("span", "rights.withdraw.button"), sayEl("span", { class: "sr-only" }, () => ` ${purposeWords(c.purpose)}`)),
      );
      li.lastChild.addEventListener("click", () => openWithdrawConsent(ref, c.purpose, updated, "rights-consent-add"));
    }
    return li;
  });
  return section("rights-consents", "rights.consents", list("rights-list", items, "rights.consentsNone"), el("div", { class: "actions" }, button("rights-consent-add", "rights.consent.button", () => openConsent(ref, updated, "rights-consent-add"))));
}

function objectionsPart(ref) {
  const items = view.objections.map((o, i) => {
    const li = el("li", { "data-purpose": o.purpose, "data-overridden": String(Boolean(o.overridden)) }, sayEl("span", {}, o.overridden ? "rights.objection.itemOverridden" : "rights.objection.item", () => ({ purpose: purposeWords(o.purpose), at: isoDateTime(o.at), by: o.recorded_by })));
    if (o.overridden) {
      li.append(" ", sayEl("span", { class: "muted" }, "rights.objection.overriddenBy", () => ({ at: isoDateTime(o.overridden.at), by: o.overridden.by })));
    } else {
      const b = el("button", { type: "button", class: "small caution", id: `rights-override-${i}` }, words("span", "rights.override.button"), sayEl("span", { class: "sr-only" }, () => ` ${purposeWords(o.purpose)}`));
      b.addEventListener("click", () => openOverride(ref, o.purpose, updated, "rights-objections-heading"));
      li.append(" ", b);
    }
    return li;
  });
  const offer = view.may_object
    ? el("div", { class: "actions" }, button("rights-objection-add", "rights.objection.button", () => openObjection(ref, updated, "rights-objection-add")))
    : sayEl("p", { class: "muted", id: "rights-objection-not-offered" }, "rights.objection.notOffered", () => ({ basis: view.legal_basis ? t(`legal.${view.legal_basis}`) : t("legal.unset") }));
  return section("rights-objections", "rights.objections", list("rights-list", items, "rights.objectionsNone"), offer);
}

function disclosuresPart(ref) {
  const items = view.disclosures.map((d) =>
    sayEl("li", { "data-disclosure": d.id }, "rights.disclosure.item", () => ({ date: d.date, recipient: d.recipient, categories: d.categories.map((f) => t(`field.${f}`)).join(", "), ground: d.legal_ground, by: d.decided_by })),
  );
  const disclosureHarms = view.harm_assessments.filter((h) => h.request_id === null);
  const harms = disclosureHarms.map((h) => sayEl("li", { "data-outcome": h.outcome }, "request.harm.item", () => ({ at: isoDateTime(h.at), by: h.by, outcome: named("harm", h.outcome), reason: h.reason })));
  const actions = el("div", { class: "actions" });
  if (view.protected) {
    actions.append(button("rights-disclosure-harm", "rights.disclosureHarm.button", () => openDisclosureHarm(ref, refreshed, "rights-disclosure-harm")));
  }
  actions.append(button("rights-disclosure-add", "rights.disclosure.button", () => openDisclosure(ref, updated, "rights-disclosure-add")));
  return section(
    "rights-disclosures",
    "rights.disclosures",
    list("rights-list", items, "rights.disclosuresNone"),
    view.protected ? words("p", "rights.disclosureHarm.hint", { class: "hint" }) : null,
    harms.length ? el("ul", { class: "rights-list harm-list" }, ...harms) : null,
    actions,
  );
}

function restrictionsPart() {
  const items = view.restrictions.map((o) =>
    sayEl("li", { "data-ground": o.ground, "data-lifted": String(Boolean(o.lifted)) }, o.lifted ? "rights.restriction.itemLifted" : "rights.restriction.item", () => ({
      ground: named("restrictionGround", o.ground),
      requester: o.requester === "data_subject" ? t("rights.requester.data_subject") : o.requester,
      from: o.from,
      to: o.to ?? t("request.restrict.open"),
      by: o.set_by,
      lifted: o.lifted ? isoDateTime(o.lifted.at) : "",
      told: o.lifted?.person_told_on ?? "",
    })),
  );
  return section("rights-restrictions", "rights.restrictions", list("rights-list", items, "rights.restrictionsNone"), words("p", "rights.restriction.hint", { class: "hint" }));
}

function notificationsPart(ref) {
  const items = view.notifications.map((n) => sayEl("li", {}, "rights.notify.item", () => ({ at: isoDateTime(n.at), recipients: n.recipients.join(", "), about: named("kind", n.about), by: n.by })));
  const recipients = view.recipients ?? [];
  return section(
    "rights-notifications",
    "rights.notifications",
    list("rights-list", items, "rights.notificationsNone"),
    recipients.length ? el("div", { class: "actions" }, button("rights-notify", "rights.notify.button", () => openNotify(ref, recipients, "rectification", updated, "rights-notify"))) : words("p", "rights.notify.noRecipients", { class: "muted" }),
  );
}

function render() {
  const c = card();
  const body = $("#rights-body");
  $("#rights-show").hidden = Boolean(view);
  $("#rights-hide").hidden = !view;
  if (!view || !c || view.person_ref !== c.person_ref) {
    body.replaceChildren();
    body.hidden = true;
    return;
  }
  const active = document.activeElement;
  const ref = c.person_ref;
  const basis = sayEl("p", { id: "rights-basis" }, view.may_object ? "rights.basisMayObject" : "rights.basis", () => ({ basis: view.legal_basis ? t(`legal.${view.legal_basis}`) : t("legal.unset") }));
  body.replaceChildren(
    view.protected ? words("p", "rights.protectedNotice", { class: "notice", id: "rights-protected" }) : null,
    basis,
    requestsPart(ref),
    consentsPart(ref),
    objectionsPart(ref),
    disclosuresPart(ref),
    restrictionsPart(),
    notificationsPart(ref),
    sayEl("p", { class: "muted", id: "rights-history" }, view.history_count === 0 ? "rights.history0" : view.history_count === 1 ? "rights.history1" : "rights.history", { n: view.history_count }),
  );
  body.hidden = false;
  if (active && active !== document.body && !active.isConnected && active.id) {
    document.getElementById(active.id)?.focus();
  }
}

let loading = null; // {ref, promise}: one read at a time for a person

function load() {
  const c = card();
  if (!c) {
    return Promise.resolve();
  }
  if (loading?.ref === c.person_ref) {
    return loading.promise;
  }
  const ref = c.person_ref;
  const promise = read(ref).finally(() => {
    if (loading?.promise === promise) {
      loading = null;
    }
  });
  loading = { ref, promise };
  return promise;
}

async function read(ref) {
  const error = $("#rights-error");
  error.hidden = true;
  try {
    const answer = await call("person_rights", { personRef: ref });
    if (card()?.person_ref !== ref) {
      return;
    }
    view = answer;
    shownFor = ref;
  } catch (err) {
    error.textContent = errorText(err);
    error.dataset.code = err.code;
    error.hidden = false;
    return;
  }
  render();
}

/** Shows the rights of the card on show (back from a request page): asked again; focus on its row. */
export async function showRightsFor(personRef, requestId) {
  if (card()?.person_ref !== personRef) {
    return;
  }
  await load();
  const row = requestId ? document.getElementById(`rights-open-${requestId}`) : null;
  (row ?? $("#rights-heading"))?.focus();
}

/** Drawn with the card (views/card.js): hidden without one and under an emergency access. */
export function renderRights(c) {
  const box = $("#rights");
  if (!c) {
    forgetRights();
    box.hidden = true;
    return;
  }
  if (shownFor !== c.person_ref) {
    forgetRights();
  }
  box.hidden = Boolean(c.emergency_until);
  const changed = drawnFor !== null && drawnFor !== c && view !== null;
  drawnFor = c;
  render();
  // The card changed in the core (a restriction set or lifted, a rectification): what is shown of
  // the rights may have too.
  if (changed) {
    load();
  }
}

/** Nothing of the person's rights stays in the page (another card, the card closes, the lock). */
export function forgetRights() {
  view = null;
  shownFor = null;
  drawnFor = null;
  const body = $("#rights-body");
  body.replaceChildren();
  body.hidden = true;
  $("#rights-error").hidden = true;
  $("#rights-show").hidden = false;
  $("#rights-hide").hidden = true;
}

function hide() {
  forgetRights();
  $("#rights-show").focus();
}

/** `card()` gives the card on show. Called once from views/handler.js. */
export function initRights({ card: cardOf }) {
  card = cardOf;
  $("#rights-show").addEventListener("click", load);
  $("#rights-hide").addEventListener("click", hide);
  $("#rights-new-request").addEventListener("click", () => {
    const c = card();
    if (!c) {
      return;
    }
    const ref = c.person_ref;
    openNewRequest(
      ref,
      (request) => {
        flash($("#rights-status"), t("rights.new.saved", { id: request.id }));
        openRequest(request.id, { personRef: ref, initials: initialsOf(c), from: "card" });
      },
      "rights-new-request",
    );
  });
}
