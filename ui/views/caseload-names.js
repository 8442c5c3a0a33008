// Handläggare: "Visa namn" in "Mina personer" — the names of the persons on the page on show, revealed
// together for one stated purpose (views/reveal.js asks for it; the core's reveal_names logs one entry
// naming every ref). Persons whose processing is restricted are not asked for (the core would refuse
// the whole reveal). The names stand in for the initials for LIMITS.REVEAL_SECONDS with a visible
// countdown next to the button, then the initials come back; what happened is said next to the button.
import { $, el, flash } from "../lib/dom.js";
import { countdown, formatRemaining } from "../lib/countdown.js";
import { dropSelectionOverRevealed, guardValue } from "../lib/guard.js";
import { t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";
import { openRevealNames } from "./reveal.js";

const names = new Map(); // person_ref → the revealed name
let until = 0; // when the names on show are hidden again (ms)
let stop = null; // stops the countdown
let pagePersons = () => [];
let redraw = () => {};

/** The cell's content: the revealed name (guarded like every revealed value), else the initials. */
export function nameCell(p) {
  const name = names.get(p.person_ref);
  if (name === undefined) {
    return el("span", { class: "initials", text: p.initials });
  }
  return guardValue(el("span", { class: "field-value revealed", text: name }));
}

function renderCountdown() {
  const box = $("#caseload-names-countdown");
  const on = names.size > 0;
  box.hidden = !on;
  $("#caseload-hide-names").hidden = !on;
  box.textContent = on ? t("caseload.namesCountdown", { time: formatRemaining(until - Date.now()) }) : "";
}

/** Hides the names again; `say` says so next to the button. */
function hideNames({ say = true } = {}) {
  stop?.();
  stop = null;
  const had = names.size > 0;
  names.clear();
  renderCountdown();
  if (had) {
    const focusWasOnHide = document.activeElement === $("#caseload-hide-names");
    redraw();
    if (focusWasOnHide) {
      $("#caseload-reveal-names").focus();
    }
    if (say) {
      flash($("#caseload-names-status"), t("caseload.namesHidden"));
    }
  }
}

function shown(revealed) {
  hideNames({ say: false });
  for (const r of revealed) {
    names.set(r.person_ref, r.value);
  }
  until = Date.now() + LIMITS.REVEAL_SECONDS * 1000;
  stop = countdown(until, renderCountdown, () => hideNames());
  redraw();
  dropSelectionOverRevealed();
  renderCountdown();
  flash($("#caseload-names-status"), t("caseload.namesShown"));
  return true;
}

function askNames() {
  const status = $("#caseload-names-status");
  // Restricted persons are not revealed (art. 18): the core refuses a reveal that names one.
  const refs = pagePersons()
    .filter((p) => !p.restricted)
    .map((p) => p.person_ref);
  if (refs.length === 0) {
    flash(status, t("caseload.namesNone"));
    return;
  }
  flash(status, "");
  openRevealNames(refs, shown);
}

/** After the list is had again: a name stays only for a person still listed and not restricted. */
export function keepNamesOf(persons) {
  const open = new Set(persons.filter((p) => !p.restricted).map((p) => p.person_ref));
  for (const ref of [...names.keys()]) {
    if (!open.has(ref)) {
      names.delete(ref);
    }
  }
  if (names.size === 0) {
    hideNames({ say: false });
  }
}

/** `hooks.pagePersons()` gives the persons on show; `hooks.redraw()` draws the table again. */
export function initNames(hooks) {
  pagePersons = hooks.pagePersons;
  redraw = hooks.redraw;
  $("#caseload-reveal-names").addEventListener("click", askNames);
  $("#caseload-hide-names").addEventListener("click", () => hideNames());
}

export function relocalizeNames() {
  renderCountdown();
  flash($("#caseload-names-status"), "");
}

/** On lock: nothing revealed stays. */
export function resetNames() {
  stop?.();
  stop = null;
  names.clear();
  renderCountdown();
  flash($("#caseload-names-status"), "");
}
