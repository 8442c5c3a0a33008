// Handläggare: the journal on the person card (#journal, "Anteckningar"): dated entries signed by their
// author, appended only — nothing here edits or removes one; a wrong entry is corrected by a new one
// that names it ("Rätta": add_note with `corrects`). Reading it is a reveal of the field `notes`
// (read_journal): the purpose is asked in the reveal dialog (views/reveal.js; the purposes are those of
// `notes`, whose FIELDS entry says whether it is art. 9), the core logs it, and the entries — newest
// last, each with its number, its time as YYYY-MM-DD HH:MM, its author and its text, a correction
// saying which entry it corrects and a corrected entry saying by which — are shown for
// LIMITS.REVEAL_SECONDS with a visible countdown (role="timer"), then masked again. Like any revealed
// value the texts are not selectable or copyable (lib/guard.js). Adding a note needs no reveal; the
// UI checks what it can (not empty, LIMITS.MAX_NOTE characters, lines of at most LIMITS.MAX_TEXT as the
// core holds them), the core checks again, and a refusal is said in words next to the text box. Not
// offered while processing is restricted, nor (adding) under a read-only emergency access.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, flash, showError } from "../lib/dom.js";
import { isoDateTime } from "../lib/dates.js";
import { countdown, formatRemaining } from "../lib/countdown.js";
import { showRefusal } from "../lib/errors.js";
import { guardValue } from "../lib/guard.js";
import { t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";
import { openRevealJournal } from "./reveal.js";

let currentCard = () => null;
let currentUser = () => null;
let shown = null; // {personRef, notes, entries, until}
let stop = () => {};
let correcting = null; // the number of the entry the text box corrects
let typedFor = null; // the person the text box belongs to

const chars = (s) => [...s].length;

/** What is wrong with a note before it goes to the core (words as a function: said again on a switch). */
function noteProblem(text) {
  const trimmed = text.trim();
  if (!trimmed) {
    return () => t("journal.err.empty");
  }
  if (chars(trimmed) > LIMITS.MAX_NOTE) {
    return () => t("journal.err.tooLong", { n: chars(trimmed) });
  }
  if (trimmed.split("\n").some((line) => chars(line.trim()) > LIMITS.MAX_TEXT)) {
    return () => t("journal.err.lineTooLong");
  }
  return null;
}

/** The words for a refusal of add_note, where the catalog's general text would say less. */
function refusalWords(err) {
  if (err.code === "DENIED") {
    return () => t("journal.err.denied");
  }
  if (err.code === "INVALID_INPUT" && err.field === "notes") {
    const key = { REQUIRED: "journal.err.empty", TOO_LONG: "journal.err.tooLongCore", UNKNOWN: "journal.err.unknownEntry" }[err.rule];
    return key ? () => t(key) : undefined;
  }
  return undefined;
}

function timeLeft() {
  return t("card.hidesIn", { time: formatRemaining(shown.until - Date.now()) });
}

function correctButton(id) {
  const b = el(
    "button",
    { type: "button", class: "quiet journal-correct-button", id: `journal-correct-${id}` },
    t("journal.correct"),
    el("span", { class: "sr-only", text: ` ${t("journal.entryNo", { id })}` }),
  );
  b.addEventListener("click", () => startCorrection(id));
  return b;
}

function entryItem(e, correctedBy) {
  const li = el("li", {
    class: `journal-entry${e.corrects != null ? " is-correction" : ""}${correctedBy.length ? " is-corrected" : ""}`,
    id: `journal-entry-${e.id}`,
    "data-entry": e.id,
    "data-corrects": e.corrects ?? undefined,
    "data-corrected-by": correctedBy.length ? correctedBy.join(" ") : undefined,
  });
  li.append(
    el(
      "p",
      { class: "journal-meta" },
      el("span", { class: "journal-no", text: t("journal.entryNo", { id: e.id }) }),
      " · ",
      el("time", { datetime: e.at, text: isoDateTime(e.at) }),
      " · ",
      el("span", { class: "journal-author", text: t("journal.by", { author: e.author }) }),
    ),
  );
  if (e.corrects != null) {
    li.append(el("p", { class: "journal-correction", text: t("journal.corrects", { id: e.corrects }) }));
  }
  if (correctedBy.length) {
    li.append(el("p", { class: "journal-corrected", text: t("journal.correctedBy", { ids: correctedBy.join(", ") }) }));
  }
  li.append(guardValue(el("p", { class: "journal-text field-value revealed", text: e.text })));
  li.append(correctButton(e.id));
  return li;
}

function renderEntries() {
  const list = $("#journal-entries");
  const focused = list.contains(document.activeElement) ? document.activeElement.id : null;
  if (!shown) {
    list.replaceChildren();
    list.hidden = true;
    $("#journal-empty").hidden = true;
    return;
  }
  const items = [];
  if (shown.notes) {
    items.push(
      el(
        "li",
        { class: "journal-entry journal-older", id: "journal-entry-older" },
        el("p", { class: "journal-meta" }, el("span", { class: "journal-no", text: t("journal.older") })),
        guardValue(el("p", { class: "journal-text field-value revealed", text: shown.notes })),
      ),
    );
  }
  for (const e of shown.entries) {
    const by = shown.entries.filter((x) => x.corrects === e.id).map((x) => x.id);
    items.push(entryItem(e, by));
  }
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
  $("#journal-empty").hidden = items.length > 0;
  if (focused && document.getElementById(focused)) {
    document.getElementById(focused).focus();
  }
}

function renderCorrects() {
  const line = $("#journal-corrects");
  line.hidden = correcting === null;
  $("#journal-corrects-text").textContent = correcting === null ? "" : t("journal.correcting", { id: correcting });
  const area = $("#journal-new");
  const ids = (area.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== "journal-corrects-text");
  if (correcting !== null) {
    ids.unshift("journal-corrects-text");
  }
  area.setAttribute("aria-describedby", ids.join(" "));
  $("#journal-save").textContent = correcting === null ? t("journal.save") : t("journal.saveCorrection");
}

/** Renders the journal section for the card on show (`view`), keeping what is shown and typed for it. */
export function renderJournal(view) {
  const box = $("#journal");
  if (!view) {
    box.hidden = true;
    return;
  }
  if (typedFor !== view.person_ref) {
    resetTyped();
    typedFor = view.person_ref;
  }
  if (shown && shown.personRef !== view.person_ref) {
    forgetJournal();
  }
  box.hidden = false;
  const restricted = Boolean(view.restricted);
  const readOnly = Boolean(view.emergency_until) && !view.emergency_may_edit;
  $("#journal-reveal").hidden = restricted || Boolean(shown);
  $("#journal-hide").hidden = !shown;
  const timer = $("#journal-hides-in");
  timer.hidden = !shown;
  timer.textContent = shown ? timeLeft() : "";
  $("#journal-form").hidden = restricted || readOnly;
  const why = $("#journal-unavailable");
  why.hidden = !(restricted || readOnly);
  why.textContent = restricted ? t("journal.restricted") : readOnly ? t("journal.readOnly") : "";
  renderEntries();
  renderCorrects();
}

function show(answer, personRef) {
  stop();
  const until = Date.now() + LIMITS.REVEAL_SECONDS * 1000;
  const entries = Array.isArray(answer?.entries) ? [...answer.entries].sort((a, b) => a.id - b.id) : [];
  shown = { personRef, notes: answer?.notes || null, entries, until };
  stop = countdown(
    until,
    () => {
      const timer = $("#journal-hides-in");
      if (shown && timer) {
        timer.textContent = timeLeft();
      }
    },
    () => remask({ timedOut: true }),
  );
  renderJournal(currentCard());
  flash($("#journal-status"), t("journal.shown"));
}

function askReveal() {
  const view = currentCard();
  if (!view) {
    return;
  }
  const personRef = view.person_ref;
  openRevealJournal(personRef, (answer) => {
    if (currentCard()?.person_ref !== personRef) {
      return false;
    }
    show(answer, personRef);
    return true;
  });
}

/** Masks the journal again: by "Dölj anteckningar", or when the time is up. */
function remask({ timedOut = false } = {}) {
  if (!shown) {
    return;
  }
  const box = $("#journal");
  const active = document.activeElement;
  const hadFocus = active === document.body || $("#journal-entries").contains(active) || active === $("#journal-hide");
  forgetJournal();
  renderJournal(currentCard());
  if (hadFocus && !box.hidden) {
    $("#journal-reveal").focus();
  }
  flash($("#journal-status"), timedOut ? t("journal.remasked") : t("journal.hidden"));
}

function startCorrection(id) {
  correcting = id;
  const area = $("#journal-new");
  area.value = "";
  clearError($("#journal-new-error"), area);
  renderCorrects();
  area.focus();
}

function cancelCorrection() {
  correcting = null;
  renderCorrects();
  $("#journal-new").focus();
}

async function saveNote(event) {
  event.preventDefault();
  const view = currentCard();
  if (!view) {
    return;
  }
  const area = $("#journal-new");
  const error = $("#journal-new-error");
  clearError(error, area);
  const problem = noteProblem(area.value);
  if (problem) {
    showError(error, problem, area);
    area.focus();
    return;
  }
  const personRef = view.person_ref;
  const corrects = correcting;
  const text = area.value;
  let id;
  try {
    id = await busy($("#journal-save"), () => call("add_note", { personRef, text, corrects }));
  } catch (err) {
    showRefusal(err, { notes: [error, area] }, [error, area], { words: refusalWords(err) });
    return;
  }
  if (currentCard()?.person_ref !== personRef) {
    return;
  }
  area.value = "";
  correcting = null;
  if (shown && shown.personRef === personRef) {
    // The new entry as the core keeps it (trimmed, \r\n as \n), stamped now: no second reveal is logged.
    shown.entries.push({ id, at: new Date().toISOString(), author: currentUser()?.name ?? "", text: text.trim().replace(/\r\n/g, "\n"), corrects });
  }
  renderJournal(currentCard());
  flash($("#journal-status"), corrects === null ? t("journal.saved", { id }) : t("journal.savedCorrection", { id, corrects }));
}

function resetTyped() {
  correcting = null;
  const area = $("#journal-new");
  area.value = "";
  clearError($("#journal-new-error"), area);
}

/** Nothing of the journal stays shown (the card gives way, changes or closes; the lock). */
export function forgetJournal() {
  stop();
  stop = () => {};
  shown = null;
  $("#journal-entries").replaceChildren();
  $("#journal-entries").hidden = true;
  $("#journal-empty").hidden = true;
  $("#journal-hides-in").textContent = "";
}

/** The card closes: nothing shown, nothing typed stays. */
export function closeJournal() {
  forgetJournal();
  resetTyped();
  typedFor = null;
  renderCorrects();
  flash($("#journal-status"), "");
  $("#journal").hidden = true;
}

/** `card()` gives the card on show, `user()` the logged-in account. */
export function initJournal({ card, user }) {
  currentCard = card;
  currentUser = user ?? currentUser;
  $("#journal-reveal").addEventListener("click", askReveal);
  $("#journal-hide").addEventListener("click", () => remask());
  $("#journal-form").addEventListener("submit", saveNote);
  $("#journal-corrects-cancel").addEventListener("click", cancelCorrection);
  $("#journal-new").addEventListener("input", () => clearError($("#journal-new-error"), $("#journal-new")));
}
