// Handläggare, data-subject rights: the dialogs the card's rights section (views/rights.js) and the
// request page (views/request-page.js) share. Each asks for what its command takes, checks what it can,
// sends it, and says a refusal next to the control the core names (views/rights-form.js). Each command
// is logged by the core; what is typed here stays sealed with the person, not in the log.
// - a new request: open_request {personRef, kind, received (default: the core's today), channel};
// - a consent: record_consent {personRef, purpose (the vault's purposes), noticeVersion, givenAt, method},
//   its withdrawal: withdraw_consent {personRef, purpose, how};
// - an objection: record_objection {personRef, purpose, reason} (offered only where the core says
//   `may_object`), its override: override_objection {personRef, purpose, grounds};
// - a disclosure: record_disclosure {personRef, recipient, date, legalGround, categories}; for a person
//   with protected identity a harm assessment for disclosures comes first: assess_harm with requestId null;
// - art. 19: notify_recipients {personRef, about, recipients} (the recipients of the disclosure register).
import { call } from "../lib/api.js";
import { lang, t } from "../lib/i18n.js";
import { FIELDS } from "../generated/contract.js";
import { purposesFor } from "./reveal.js";
import { CONSENT_METHODS, HARM_OUTCOMES, nameKey, REQUEST_CHANNELS, REQUEST_KINDS } from "./rights-names.js";
import { formDialog } from "./rights-form.js";
import { coreToday } from "./requests.js";

/** The options of a list: each value with the key of its words. */
export const optionsOf = (group, values) => values.map((v) => [v, nameKey(group, v)]);

/** The vault's purposes a consent or an objection may name (as for a field that is not art. 9). */
function purposeOptions() {
  return purposesFor(["name"]).map((p) => [p.code, () => p[lang()] ?? p.code]);
}

/** A purpose code in words (the vault's label), or the code when the vault no longer lists it. */
export function purposeWords(code) {
  const p = purposesFor(["name"]).find((x) => x.code === code);
  return p ? (p[lang()] ?? code) : code;
}

/** The refusals the dialogs say in their own words (the catalog's general text would say less). */
function rightsWords(err) {
  if (err.code === "DENIED") {
    return () => t("rights.err.denied");
  }
  if (err.code === "HARM_ASSESSMENT_REQUIRED") {
    return () => t("rights.err.harmForDisclosure");
  }
  if (err.code === "INVALID_INPUT" && err.field === "objection" && err.rule === "NOT_ALLOWED") {
    return () => t("rights.err.mayNotObject");
  }
  if (err.code === "INVALID_INPUT" && (err.field === "consent" || err.field === "objection") && err.rule === "UNKNOWN") {
    return () => t(`rights.err.${err.field}Unknown`);
  }
  if (err.code === "INVALID_INPUT" && err.field === "received_on" && err.rule === "OUT_OF_RANGE") {
    return () => t("rights.err.receivedFuture");
  }
  return undefined;
}

const dateSpec = (name, label, input, value = coreToday()) => ({ name, kind: "date", label, hint: "rights.dateHint", value, required: true, input });

/** "Ny begäran": `opened(request)` after the core registered it. */
export function openNewRequest(personRef, opened, returnTo) {
  formDialog("request-new-dialog", {
    returnTo,
    title: ["rights.new.title", { ref: personRef }],
    intro: "rights.new.intro",
    specs: [
      { name: "kind", kind: "select", label: "rights.new.kind", empty: "rights.choose", options: optionsOf("kind", REQUEST_KINDS), required: true },
      dateSpec("received", "rights.new.received", "received_on"),
      { name: "channel", kind: "select", label: "rights.new.channel", options: optionsOf("channel", REQUEST_CHANNELS), value: "in_person", required: true, hint: "rights.new.channelHint" },
    ],
    confirmKey: "rights.new.confirm",
    refusalWords: rightsWords,
    submit: (v) => call("open_request", { personRef, kind: v.kind, received: v.received, channel: v.channel }),
    done: (request) => opened(request),
  });
}

/** "Registrera samtycke". */
export function openConsent(personRef, done, returnTo) {
  formDialog("consent-dialog", {
    returnTo,
    title: ["rights.consent.title", { ref: personRef }],
    intro: "rights.consent.intro",
    specs: [
      { name: "purpose", kind: "select", label: "rights.consent.purpose", empty: "rights.choose", options: purposeOptions(), required: true, input: "reveal_purpose" },
      { name: "noticeVersion", kind: "text", label: "rights.consent.notice", hint: "rights.consent.noticeHint", required: true, input: "consent" },
      dateSpec("givenAt", "rights.consent.givenAt", "consent"),
      { name: "method", kind: "select", label: "rights.consent.method", empty: "rights.choose", options: optionsOf("method", CONSENT_METHODS), required: true },
    ],
    confirmKey: "rights.consent.confirm",
    refusalWords: rightsWords,
    submit: (v) => call("record_consent", { personRef, purpose: v.purpose, noticeVersion: v.noticeVersion, givenAt: v.givenAt, method: v.method }),
    done: (view) => done(view, "rights.consent.saved"),
  });
}

/** "Återkalla samtycke" for `purpose`. */
export function openWithdrawConsent(personRef, purpose, done, returnTo) {
  formDialog("consent-withdraw-dialog", {
    returnTo,
    title: ["rights.withdraw.title", () => ({ purpose: purposeWords(purpose) })],
    intro: "rights.withdraw.intro",
    specs: [{ name: "how", kind: "select", label: "rights.withdraw.how", empty: "rights.choose", options: optionsOf("method", CONSENT_METHODS), required: true }],
    confirmKey: "rights.withdraw.confirm",
    confirmClass: "caution",
    refusalWords: rightsWords,
    submit: (v) => call("withdraw_consent", { personRef, purpose, how: v.how }),
    done: (view) => done(view, "rights.withdraw.saved"),
  });
}

/** "Registrera invändning" (art. 21). */
export function openObjection(personRef, done, returnTo) {
  formDialog("objection-dialog", {
    returnTo,
    title: ["rights.objection.title", { ref: personRef }],
    intro: "rights.objection.intro",
    specs: [
      { name: "purpose", kind: "select", label: "rights.objection.purpose", empty: "rights.choose", options: purposeOptions(), required: true, input: ["reveal_purpose", "objection"] },
      { name: "reason", kind: "text", label: "rights.objection.reason", hint: "rights.reasonHint", required: true, reason: true, input: "reason" },
    ],
    confirmKey: "rights.objection.confirm",
    refusalWords: rightsWords,
    submit: (v) => call("record_objection", { personRef, purpose: v.purpose, reason: v.reason }),
    done: (view) => done(view, "rights.objection.saved"),
  });
}

/** "Tvingande skäl …": the objection to `purpose` overridden. */
export function openOverride(personRef, purpose, done, returnTo) {
  formDialog("override-dialog", {
    returnTo,
    title: ["rights.override.title", () => ({ purpose: purposeWords(purpose) })],
    intro: "rights.override.intro",
    specs: [{ name: "grounds", kind: "textarea", label: "rights.override.grounds", hint: "rights.reasonHint", required: true, reason: true, input: "reason" }],
    confirmKey: "rights.override.confirm",
    confirmClass: "caution",
    refusalWords: rightsWords,
    submit: (v) => call("override_objection", { personRef, purpose, grounds: v.grounds }),
    done: (view) => done(view, "rights.override.saved"),
  });
}

/** "Menprövning för utlämnande": a harm assessment not tied to a request (assess_harm, requestId null). */
export function openDisclosureHarm(personRef, done, returnTo) {
  formDialog("disclosure-harm-dialog", {
    returnTo,
    title: ["rights.disclosureHarm.title", { ref: personRef }],
    intro: "rights.disclosureHarm.intro",
    specs: [
      { name: "outcome", kind: "select", label: "rights.harm.outcome", empty: "rights.choose", options: optionsOf("harm", HARM_OUTCOMES), required: true },
      { name: "reason", kind: "textarea", label: "rights.harm.reason", hint: "rights.reasonHint", required: true, reason: true, input: "reason" },
    ],
    confirmKey: "rights.harm.confirm",
    refusalWords: rightsWords,
    submit: (v) => call("assess_harm", { personRef, requestId: null, outcome: v.outcome, reason: v.reason }),
    done: () => done(null, "rights.harm.saved"),
  });
}

/** "Registrera utlämnande": who got what, when and on what legal ground. */
export function openDisclosure(personRef, done, returnTo) {
  formDialog("disclosure-dialog", {
    returnTo,
    title: ["rights.disclosure.title", { ref: personRef }],
    intro: "rights.disclosure.intro",
    specs: [
      { name: "recipient", kind: "text", label: "rights.disclosure.recipient", hint: "rights.disclosure.recipientHint", required: true, input: "recipient" },
      dateSpec("date", "rights.disclosure.date", "request"),
      { name: "legalGround", kind: "text", label: "rights.disclosure.legalGround", hint: "rights.disclosure.legalGroundHint", required: true, input: "reason" },
      { name: "categories", kind: "checks", label: "rights.disclosure.categories", options: FIELDS.map((f) => [f.name, `field.${f.name}`]), required: true, input: "field" },
    ],
    confirmKey: "rights.disclosure.confirm",
    refusalWords: rightsWords,
    submit: (v) => call("record_disclosure", { personRef, recipient: v.recipient, date: v.date, legalGround: v.legalGround, categories: v.categories }),
    done: (view) => done(view, "rights.disclosure.saved"),
  });
}

/** The kinds of change the recipients are told of (art. 19). */
export const NOTIFIED_ABOUT = Object.freeze(REQUEST_KINDS.filter((k) => ["rectification", "erasure", "restriction"].includes(k)));

/** "Underrätta mottagare" (art. 19): `recipients` from the disclosure register, `about` preselected. */
export function openNotify(personRef, recipients, about, done, returnTo) {
  formDialog("notify-dialog", {
    returnTo,
    title: ["rights.notify.title", { ref: personRef }],
    intro: "rights.notify.intro",
    specs: [
      { name: "about", kind: "select", label: "rights.notify.about", options: optionsOf("kind", NOTIFIED_ABOUT), value: NOTIFIED_ABOUT.includes(about) ? about : NOTIFIED_ABOUT[0], required: true },
      { name: "recipients", kind: "checks", label: "rights.notify.recipients", options: recipients.map((r) => [r, r, { literal: true }]), required: true, input: "recipient" },
    ],
    confirmKey: "rights.notify.confirm",
    refusalWords: rightsWords,
    submit: (v) => call("notify_recipients", { personRef, about: v.about, recipients: v.recipients }),
    done: (view) => done(view, "rights.notify.saved"),
  });
}
