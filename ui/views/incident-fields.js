// The incident register's fields (IMY's notification form; src/duties/incident.rs, IncidentDetails):
// their order and sections, what kind of value each holds, their words, how the card shows a value,
// and the admin's edit form — a control per field, read back into the core's JSON, and the patch of
// the fields changed only. Times are shown and typed in the reader's local time (YYYY-MM-DD HH:MM, as
// lib/dates.js writes every time) and sent as RFC 3339 in UTC with milliseconds. A field's label is
// `incidents.label.<name>`, its short name (the change history) `incidents.short.<name>`: no raw field
// name is ever shown. The core checks everything again and decides.
//
// The values of the enums (kinds, severity, status) are the core's (BreachKind, Severity,
// IncidentStatus); the generated contract does not list them, so they are named here once.
import { $$, el } from "../lib/dom.js";
import { isoDateTime } from "../lib/dates.js";
import { t } from "../lib/i18n.js";
import { words } from "./rights-form.js";

export const BREACH_KINDS = ["confidentiality", "integrity", "availability"];
const SEVERITIES = ["low", "medium", "high"];
const STATUSES = ["draft", "open", "closed"];

/** Hours from discovery to IMY's deadline (art. 33(1); src/duties/incident.rs, DEADLINE_HOURS). */
const DEADLINE_HOURS = 72;

// What each field holds: a time, a line or a longer text, the kinds, a list of texts (one a line), a
// yes/no that may be unknown, a count, the severity, the status, log entries' numbers, person refs.
const KIND = {
  status: "status",
  occurred_at: "time",
  discovered_at: "time",
  ended_at: "time",
  how_discovered: "textarea",
  kinds: "kinds",
  cause: "textarea",
  processor_involved: "text",
  subject_categories: "list",
  data_categories: "list",
  art9_data: "bool",
  identity_numbers: "bool",
  data_under_secrecy: "bool",
  approx_persons: "count",
  approx_records: "count",
  consequences: "textarea",
  severity: "severity",
  measures_taken: "textarea",
  measures_planned: "textarea",
  dpo_contact: "text",
  imy_notified: "bool",
  imy_notified_at: "time",
  imy_reference: "text",
  imy_why_not: "textarea",
  delay_reason: "textarea",
  supplements: "textarea",
  subjects_told: "bool",
  subjects_told_at: "time",
  subjects_told_how: "text",
  subjects_why_not: "textarea",
  linked_seqs: "seqs",
  linked_refs: "refs",
};

/** The form's sections in IMY's order, each with its fields. */
const SECTIONS = [
  ["about", ["status", "occurred_at", "discovered_at", "ended_at", "how_discovered"]],
  ["what", ["kinds", "cause", "processor_involved"]],
  ["who", ["subject_categories", "data_categories", "art9_data", "identity_numbers", "data_under_secrecy", "approx_persons", "approx_records"]],
  ["assessment", ["consequences", "severity", "measures_taken", "measures_planned", "dpo_contact"]],
  ["imy", ["imy_notified", "imy_notified_at", "imy_reference", "imy_why_not", "delay_reason", "supplements"]],
  ["subjects", ["subjects_told", "subjects_told_at", "subjects_told_how", "subjects_why_not"]],
  ["links", ["linked_seqs", "linked_refs"]],
];

/** Every field of the form, in order. */
const FIELD_NAMES = SECTIONS.flatMap(([, names]) => names);

/** The field's short name, for the change history ("allvarlighetsgrad"); an unknown one as it came. */
function shortName(name) {
  return KIND[name] ? t(`incidents.short.${name}`) : name;
}

/** The fields of one change in words: "allvarlighetsgrad, antal personer". */
export function fieldList(names) {
  return names.map(shortName).join(", ");
}

// ---------------------------------------------------------------------------------------------
// Times: typed as local YYYY-MM-DD HH:MM (or a date alone: its local midnight), sent as UTC
// ---------------------------------------------------------------------------------------------

const TYPED_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2})[:.](\d{2}))?$/;

/** A typed local time as RFC 3339 UTC with milliseconds; null when it is not a time. */
export function parseLocalTime(text) {
  const m = TYPED_TIME.exec(String(text).trim());
  if (!m) {
    return null;
  }
  const [y, mo, d, h = "0", mi = "0"] = m.slice(1);
  const n = [y, mo, d, h, mi].map(Number);
  const at = new Date(n[0], n[1] - 1, n[2], n[3], n[4]);
  const same = at.getFullYear() === n[0] && at.getMonth() === n[1] - 1 && at.getDate() === n[2] && at.getHours() === n[3] && at.getMinutes() === n[4];
  return same && n[3] < 24 && n[4] < 60 ? at.toISOString() : null;
}

/** A time of the core as the form shows it (local YYYY-MM-DD HH:MM). */
export const shownTime = (iso) => (iso ? isoDateTime(iso) : "");

/** Whether IMY was notified more than 72 hours after discovery (both as RFC 3339), as the core rules. */
function notifiedLate(discovered, notified) {
  if (!discovered || !notified) {
    return false;
  }
  return Date.parse(notified) - Date.parse(discovered) > DEADLINE_HOURS * 3600 * 1000;
}

// ---------------------------------------------------------------------------------------------
// Values in words (the card)
// ---------------------------------------------------------------------------------------------

const isEmpty = (v) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/** "Ingen uppgift", for a field with no value. */
export const noValue = () => el("span", { class: "muted", text: t("incidents.none") });

/** A value of the core's details as the card shows it, in words. */
function valueNode(name, v) {
  if (isEmpty(v)) {
    return noValue();
  }
  switch (KIND[name]) {
    case "time":
      return el("time", { datetime: v, text: isoDateTime(v) });
    case "bool":
      return el("span", { text: t(v ? "common.yes" : "common.no") });
    case "kinds":
      return el("ul", { class: "incident-values" }, ...v.map((k) => el("li", { text: t(`incidents.kind.${k}`) })));
    case "severity":
      return el("span", { text: t(`incidents.severity.${v}`) });
    case "status":
      return el("span", { text: t(`incidents.status.${v}`) });
    case "list":
      return el("ul", { class: "incident-values" }, ...v.map((x) => el("li", { text: x })));
    case "seqs":
      return el("span", { text: v.join(", ") });
    case "refs":
      return el("span", { class: "refs" }, ...v.flatMap((r, i) => [i ? " " : "", el("code", { text: r })]));
    case "textarea":
      return el("span", { class: "incident-text", text: v });
    default:
      return el("span", { text: String(v) });
  }
}

/** The card's details: each section a heading and a list of its fields with their labels and values. */
export function detailsView(details) {
  return SECTIONS.map(([section, names]) =>
    el(
      "div",
      { class: "incident-section", "data-section": section },
      el("h4", { text: t(`incidents.section.${section}`) }),
      el(
        "dl",
        { class: "meta incident-facts" },
        ...names.map((name) =>
          el("div", { "data-field": name }, el("dt", { text: t(`incidents.label.${name}`) }), el("dd", {}, valueNode(name, details?.[name]))),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The edit form: one control per field, its text as typed, and the patch
// ---------------------------------------------------------------------------------------------

/** A value of the core's details as its control holds it (a text; the kinds as a list). */
function formText(name, v) {
  switch (KIND[name]) {
    case "time":
      return shownTime(v);
    case "bool":
      return v === true ? "true" : v === false ? "false" : "";
    case "count":
      return v === null || v === undefined ? "" : String(v);
    case "list":
    case "refs":
      return (v ?? []).join("\n");
    case "seqs":
      return (v ?? []).join(", ");
    case "kinds":
      return BREACH_KINDS.filter((k) => (v ?? []).includes(k));
    default:
      return v ?? "";
  }
}

const HINTS = { time: "incidents.timeHint", list: "incidents.listHint", seqs: "incidents.seqsHint", refs: "incidents.refsHint" };

function options(select, pairs) {
  for (const [value, key] of pairs) {
    select.append(words("option", key, { value }));
  }
}

/** One control of the edit form (`prefix`-<name>), with its label, hint and error next to it. */
function control(prefix, name, current) {
  const kind = KIND[name];
  const id = `${prefix}-${name}`;
  const errorId = `${id}-error`;
  const hintKey = name === "discovered_at" ? "incidents.discoveredHint" : HINTS[kind];
  const hintId = hintKey ? `${id}-hint` : null;
  const described = [hintId, errorId].filter(Boolean).join(" ");
  const error = el("p", { id: errorId, class: "error", hidden: true });
  const hint = hintKey ? words("p", hintKey, { id: hintId, class: "hint" }) : null;
  if (kind === "kinds") {
    const boxes = BREACH_KINDS.map((k) =>
      el("div", { class: "check" }, el("input", { id: `${id}-${k}`, type: "checkbox", value: k }), words("label", `incidents.kind.${k}`, { for: `${id}-${k}` })),
    );
    const input = el("fieldset", { id, class: "checks", "aria-describedby": errorId }, words("legend", `incidents.label.${name}`), error, ...boxes);
    return { name, kind, input, error, box: el("div", { class: "field", "data-name": name }, input) };
  }
  let input;
  if (kind === "bool") {
    input = el("select", { id, "aria-describedby": described });
    options(input, [["", "incidents.none"], ["true", "common.yes"], ["false", "common.no"]]);
  } else if (kind === "severity") {
    input = el("select", { id, "aria-describedby": described });
    options(input, [["", "incidents.none"], ...SEVERITIES.map((s) => [s, `incidents.severity.${s}`])]);
  } else if (kind === "status") {
    input = el("select", { id, "aria-describedby": described });
    // No status to choose "none" of, unless the incident has none (the core gives every one a status).
    options(input, [...(current ? [] : [["", "incidents.none"]]), ...STATUSES.map((s) => [s, `incidents.status.${s}`])]);
  } else if (kind === "textarea" || kind === "list" || kind === "refs") {
    input = el("textarea", { id, rows: kind === "textarea" ? 3 : 2, spellcheck: kind === "refs" ? "false" : undefined, class: kind === "refs" ? "mono" : undefined, "aria-describedby": described });
  } else {
    const numeric = kind === "time" || kind === "count" || kind === "seqs";
    input = el("input", {
      id,
      type: "text",
      autocomplete: "off",
      spellcheck: numeric ? "false" : undefined,
      inputmode: numeric ? "numeric" : undefined,
      class: kind === "time" ? "short-time" : kind === "count" ? "short" : undefined,
      "aria-describedby": described,
    });
  }
  // The label; the delay reason's says "(krävs)" when the core will require it.
  const label = el("label", { for: id }, words("span", `incidents.label.${name}`));
  if (name === "delay_reason") {
    label.append(" ", words("span", "incidents.required", { class: "need", id: `${id}-required`, hidden: true }));
  }
  const box = el("div", { class: "field", "data-name": name }, label, input, hint, error);
  if (name === "delay_reason") {
    // Why it is required, said before the text box (and described by it).
    box.insertBefore(words("p", "incidents.delayHint", { id: `${id}-late`, class: "warning incident-late", hidden: true }), input);
    input.setAttribute("aria-describedby", `${id}-late ${described}`);
  }
  return { name, kind, input, error, box };
}

/** What a control holds now: its text (trimmed), or the kinds checked. */
export function textOf(c) {
  if (c.kind === "kinds") {
    return $$('input[type="checkbox"]', c.input).filter((x) => x.checked).map((x) => x.value);
  }
  return c.input.value.trim();
}

/** Puts `text` (formText) into a control. */
function fill(c, text) {
  if (c.kind === "kinds") {
    for (const box of $$('input[type="checkbox"]', c.input)) {
      box.checked = text.includes(box.value);
    }
  } else {
    c.input.value = text;
  }
}

/** The control to focus for a field (the kinds: the first box). */
export function focusOf(c) {
  return c.kind === "kinds" ? $$('input[type="checkbox"]', c.input)[0] : c.input;
}

const lines = (s) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);

/**
 * A control's text as the core's value: null for an empty one (the field cleared), [] for an empty
 * list. Returns {value} or {problem: catalog key} when the text cannot be such a value.
 */
function valueOfText(kind, text) {
  switch (kind) {
    case "time": {
      if (!text) {
        return { value: null };
      }
      const at = parseLocalTime(text);
      return at ? { value: at } : { problem: "incidents.err.time" };
    }
    case "count":
      if (!text) {
        return { value: null };
      }
      return /^\d{1,15}$/.test(text) ? { value: Number(text) } : { problem: "incidents.err.count" };
    case "seqs": {
      const parts = text.split(/[\s,;]+/).filter(Boolean);
      if (parts.some((p) => !/^\d{1,15}$/.test(p))) {
        return { problem: "incidents.err.seqs" };
      }
      return { value: parts.map(Number) };
    }
    case "list":
      return { value: lines(text) };
    case "refs":
      return { value: lines(text).map((r) => r.toUpperCase()) };
    case "bool":
      return { value: text === "" ? null : text === "true" };
    case "severity":
      return { value: text || null };
    case "kinds":
      return { value: text.slice() };
    default:
      return { value: text || null };
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The edit form of one incident: a fieldset per section, a control per field filled with its value.
 * `patch()` gives {patch, problems}: the fields whose text changed, as the core's values, and the
 * controls whose text is no value. `late()` whether the typed times make the delay reason required.
 */
export function editForm(form, prefix, details) {
  const controls = Object.fromEntries(FIELD_NAMES.map((name) => [name, control(prefix, name, details?.[name])]));
  const initial = {};
  for (const [name, c] of Object.entries(controls)) {
    initial[name] = formText(name, details?.[name]);
    fill(c, initial[name]);
  }
  const sections = SECTIONS.map(([section, names]) =>
    el("fieldset", { class: "incident-fieldset", "data-section": section }, words("legend", `incidents.section.${section}`), ...names.map((n) => controls[n].box)),
  );
  const timeOf = (name) => parseLocalTime(textOf(controls[name]));
  const late = () => notifiedLate(timeOf("discovered_at"), timeOf("imy_notified_at"));
  /** The delay reason: shown and marked required when the notification is late (or it holds a text). */
  const syncDelay = () => {
    const c = controls.delay_reason;
    const required = late();
    c.box.hidden = !required && !textOf(c);
    $$(`#${prefix}-delay_reason-required, #${prefix}-delay_reason-late`, form).forEach((x) => {
      x.hidden = !required;
    });
    if (required) {
      c.input.setAttribute("aria-required", "true");
    } else {
      c.input.removeAttribute("aria-required");
    }
  };
  for (const name of ["discovered_at", "imy_notified_at"]) {
    controls[name].input.addEventListener("input", syncDelay);
  }
  const patch = () => {
    const out = {};
    const problems = [];
    for (const [name, c] of Object.entries(controls)) {
      const text = textOf(c);
      if (same(text, initial[name])) {
        continue;
      }
      const got = valueOfText(c.kind, text);
      if (got.problem) {
        problems.push([c, got.problem]);
      } else if (!same(got.value, details?.[name] ?? (Array.isArray(got.value) ? [] : null))) {
        out[name] = got.value;
      }
    }
    return { patch: out, problems };
  };
  return { controls, sections, syncDelay, late, patch, timeOf };
}
