// Reception-only mode: the app started as a desk with no vault (SKYDDSVALV_DESK), shown instead of the
// vault's views when desk_mode answers a state (src-tauri/src/commands/reception_desk.rs). The view only
// displays what the core answers:
// - always at the top: that this is a desk without a vault whose every lookup is logged in its own log,
//   and the register's status in words ("Registret (nr 3) gäller t.o.m. 2026-12-09.", a calm warning
//   when the core says it expires soon, "Inget register är installerat.");
// - not set up: "Gör den här datorn till en mottagningsdisk" (desk_init); then, and whenever the desk
//   is set up, "Diskens nyckel": the fingerprint large and in groups (read off this screen by the
//   exporting case handler) and the key in a read-only field to copy;
// - who is at the desk: asked once, kept in memory for this run of the app (never stored), sent with
//   every lookup and install (the desk's log names them);
// - the lookup (desk_lookup), exact only, as the vault's reception view (views/reception.js) answers:
//   a hit "Skyddad — hänvisa till …" with the protection kind and the initials, a miss "Ingen träff i
//   registret (registret gäller t.o.m. …; det betyder inte att personen saknar skydd)". The typed text
//   goes as soon as the answer is there; the answer clears itself after DESK_CLEAR_SECONDS (a visible
//   countdown) and as soon as something new is typed. A text that is no lookup is said next to the
//   input, never as "Ingen träff"; RATE_LIMITED calmly, as a notice;
// - installing a register (desk_install {path, trust, operator}): each refusal in its own words next
//   to the field it concerns — REGISTER_UNTRUSTED at the fingerprint, the file's problems at the path.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { countdown, formatRemaining } from "../lib/countdown.js";
import { isoDate } from "../lib/dates.js";
import { $, clearError, el, flash, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { errorText, t } from "../lib/i18n.js";

/** How long an answer stays on screen before it clears by itself (it faces the visitor too). */
export const DESK_CLEAR_SECONDS = 30;

/** The refusals of a register file (about the file, not the fingerprint): said at the path. */
const FILE_CODES = ["REGISTER_EXPIRED", "REGISTER_OUTDATED", "REGISTER_UNSIGNED", "REGISTER_BAD_SIGNATURE", "REGISTER_NOT_FOR_THIS_DESK", "REGISTER_MALFORMED"];

let desk = null; // the desk_mode state: {set_up, info, installed}
let expired = false; // the core refused a lookup with REGISTER_EXPIRED: the register installed has gone out
let operator = ""; // who is at the desk: memory only, for this run of the app
let answer = null; // {kind: "found" | "not-found" | "rate-limited" | "error", data}
let stopClear = null;
let clearLeft = null; // ms left on the countdown, to say it again in the other language

/** "D3SK-7QRT-M4NV" → ["D3SK", "7QRT", "M4NV"] (groups of four if it comes without separators). */
function groups(fingerprint) {
  const clean = String(fingerprint ?? "").trim().toUpperCase();
  if (/[\s-]/.test(clean)) {
    return clean.split(/[\s-]+/).filter(Boolean);
  }
  return clean.match(/.{1,4}/g) ?? [];
}

/** The key in groups of eight, four groups a line: easier to compare, and the core ignores whitespace. */
function keyLayout(key) {
  const parts = String(key ?? "").replace(/\s+/g, "").match(/.{1,8}/g) ?? [];
  const lines = [];
  for (let i = 0; i < parts.length; i += 4) {
    lines.push(parts.slice(i, i + 4).join(" "));
  }
  return lines.join("\n");
}

// ---- the register's status ----

function renderStatus() {
  const status = $("#desk-register-status");
  const warning = $("#desk-register-warning");
  const installed = desk?.installed ?? null;
  let words = "";
  if (desk) {
    if (!installed) {
      words = t("desk.statusNone");
    } else {
      const params = { seq: installed.seq, date: isoDate(installed.valid_until) };
      words = t(expired ? "desk.statusExpired" : "desk.status", params);
    }
  }
  if (status.textContent !== words) {
    status.textContent = words;
  }
  warning.hidden = !installed || expired || !installed.expires_soon;
  warning.textContent = warning.hidden ? "" : t("desk.expiresSoon");
}

// ---- set-up and the desk's key ----

function renderKey() {
  const info = desk?.info ?? null;
  $("#desk-key").hidden = !info;
  const shown = info ? groups(info.fingerprint) : [];
  const parts = [];
  for (const [i, g] of shown.entries()) {
    if (i > 0) {
      parts.push(el("span", { class: "fp-sep", "aria-hidden": "true" }, "-"));
    }
    parts.push(el("span", { class: "fp-group" }, g));
  }
  $("#desk-fingerprint").replaceChildren(...parts);
  // Part of the accessible name: a screen reader spells the fingerprint one character at a time.
  $("#desk-fingerprint-spoken").textContent = shown.map((g) => g.split("").join(" ")).join(", ");
  $("#desk-key-text").value = info ? keyLayout(info.key) : "";
}

function renderParts() {
  const setUp = Boolean(desk?.set_up);
  $("#desk-setup").hidden = !desk || setUp;
  $("#desk-work").hidden = !setUp;
  renderStatus();
  renderKey();
}

/**
 * Where the key stands: first while nothing is installed (handing it over is what comes next), below
 * the lookup and the install form once a register is in. Set on entering and after desk_init only, so
 * that nothing moves under the user's hands.
 */
function placeKey() {
  const key = $("#desk-key");
  const work = $("#desk-work");
  if (desk?.installed) {
    work.after(key);
  } else {
    work.before(key);
  }
}

async function init() {
  const button = $("#desk-init");
  clearError($("#desk-setup-error"));
  let info;
  try {
    info = await slowBusy(button, "busy.deskInit", () => call("desk_init"));
  } catch (err) {
    showError($("#desk-setup-error"), err);
    button.focus();
    return;
  }
  desk = { ...desk, set_up: true, info };
  renderParts();
  placeKey();
  // Nothing installed yet: the install form is what comes next, after the key has been handed over.
  $("#desk-install").open = !desk.installed;
  $("#desk-key-heading").focus();
}

// ---- who is at the desk ----

/** The operator, or null with the reason said at the field. */
function operatorOrAsk() {
  const input = $("#desk-operator");
  operator = input.value.trim();
  if (operator) {
    return operator;
  }
  showError($("#desk-operator-error"), () => t("desk.operatorMissing"), input);
  input.focus();
  return null;
}

/** A refusal of the operator's name by the core: their own words when it is missing, else the catalog's. */
function operatorWords(err) {
  return err.code === "INVALID_INPUT" && err.field === "user_name" && err.rule === "REQUIRED" ? () => t("desk.operatorMissing") : undefined;
}

// ---- the lookup ----

/** "Hanna Handläggare (Socialtjänsten Väster, 010-123 45 00)"; the parts the register has. */
function referralWords(r) {
  const details = [r.unit, r.phone].filter((x) => typeof x === "string" && x.trim()).join(", ");
  return details ? t("desk.referral", { name: r.name, details }) : String(r.name ?? "");
}

function render() {
  const box = $("#desk-answer");
  box.replaceChildren();
  box.removeAttribute("data-outcome");
  box.className = "answer";
  if (!answer) {
    return;
  }
  box.dataset.outcome = answer.kind;
  box.classList.add(`answer-${answer.kind}`);
  const a = answer.data;
  if (answer.kind === "found") {
    const referral = (Array.isArray(a.referral) ? a.referral : []).filter((r) => r && r.name);
    const main = referral.length
      ? t("desk.protectedRefer", { referral: referral.map(referralWords).join(t("desk.or")) })
      : t("desk.protectedNoReferral");
    const details = el("dl", { class: "meta" });
    details.append(
      el("dt", { text: t("reception.kind") }),
      el("dd", { text: t(`protection.${a.protection ?? "none"}`) }),
      el("dt", { text: t("reception.initials") }),
      el("dd", { text: a.initials ?? "" }),
    );
    box.append(el("p", { class: "answer-main", text: main }), details, el("p", { class: "hint", text: t("reception.sayNothing") }));
  } else if (answer.kind === "not-found") {
    box.append(
      el("p", { class: "answer-main", text: t("desk.noMatch", { date: isoDate(a.valid_until) }) }),
      el("p", { class: "answer-what", text: t("desk.noMatchWhat") }),
    );
  } else if (answer.kind === "rate-limited") {
    // Not an error of the user's: a limit, with what to do. No answer about any person.
    box.append(el("p", { class: "notice", text: errorText(a) }), el("p", { class: "hint", text: t("reception.rateLimitedHint") }));
  } else {
    box.append(el("p", { class: "error", text: errorText(a) }));
  }
}

function renderCountdown() {
  const node = $("#desk-answer-countdown");
  node.hidden = clearLeft === null;
  node.textContent = clearLeft === null ? "" : t("reception.clearsIn", { time: formatRemaining(clearLeft) });
}

function stopCountdown() {
  stopClear?.();
  stopClear = null;
  clearLeft = null;
  renderCountdown();
}

/** The answer, the typed text and an error at the input go (on time, or when something new is typed). */
function clearAll({ input = true } = {}) {
  stopCountdown();
  answer = null;
  render();
  clearError($("#desk-lookup-error"), $("#desk-lookup-input"));
  if (input) {
    $("#desk-lookup-input").value = "";
  }
}

function clearLater() {
  stopCountdown();
  stopClear = countdown(
    Date.now() + DESK_CLEAR_SECONDS * 1000,
    (left) => {
      clearLeft = left;
      renderCountdown();
    },
    () => clearAll(),
  );
}

/** Not a lookup: said next to the input, the answer area stays empty. */
function notALookup(err) {
  answer = null;
  render();
  const places = { lookup: [$("#desk-lookup-error"), $("#desk-lookup-input")] };
  const words = err.code === "INVALID_INPUT" ? () => t("reception.exactOnly") : undefined;
  showRefusal(err, places, places.lookup, { words, field: "lookup" });
}

async function lookup(event) {
  event.preventDefault();
  const input = $("#desk-lookup-input");
  const text = input.value.trim();
  clearAll({ input: false });
  clearError($("#desk-operator-error"), $("#desk-operator"));
  if (!operatorOrAsk()) {
    if (text) {
      // The typed number waits for the name, but not longer than an answer would stay.
      clearLater();
    }
    return;
  }
  if (!text) {
    showError($("#desk-lookup-error"), () => t("reception.exactOnly"), input);
    input.focus();
    return;
  }
  try {
    const a = await slowBusy($("#desk-lookup-submit"), "busy.deskLookup", () => call("desk_lookup", { operator, text }));
    // Something else typed meanwhile: this answer is not about what is on screen.
    if (input.value.trim() !== text) {
      return;
    }
    answer = { kind: a.found ? "found" : "not-found", data: a };
    if (desk?.installed && a.valid_until) {
      desk.installed = { ...desk.installed, valid_until: a.valid_until, expires_soon: Boolean(a.expires_soon) };
    }
    // The answer is on screen; the typed number is not kept next to it.
    input.value = "";
    render();
    renderStatus();
  } catch (err) {
    if (input.value.trim() !== text) {
      return;
    }
    if (err.code === "INVALID_INPUT" && err.field === "user_name") {
      showRefusal(err, { user_name: [$("#desk-operator-error"), $("#desk-operator")] }, [$("#desk-lookup-error"), input], { words: operatorWords(err) });
    } else if (err.code === "INVALID_IDENTITY_NUMBER" || err.code === "INVALID_INPUT") {
      notALookup(err);
    } else {
      if (err.code === "REGISTER_EXPIRED") {
        expired = true;
        renderStatus();
      } else if (err.code === "REGISTER_MISSING" && desk) {
        desk.installed = null;
        expired = false;
        renderStatus();
        $("#desk-install").open = true;
      }
      // About the register or a limit, not about what was typed: the typed number goes at once.
      input.value = "";
      answer = { kind: err.code === "RATE_LIMITED" ? "rate-limited" : "error", data: err };
      render();
    }
  }
  // Whatever is on screen now, and any typed text, goes after DESK_CLEAR_SECONDS.
  clearLater();
}

// ---- installing a register ----

function clearInstallErrors() {
  clearError($("#desk-install-path-error"), $("#desk-install-path"));
  clearError($("#desk-install-trust-error"), $("#desk-install-trust"));
  clearError($("#desk-install-error"));
  clearError($("#desk-operator-error"), $("#desk-operator"));
}

/** The input a refusal of an install is about: the file's problems at the path, trust at the fingerprint. */
function installField(err) {
  if (err.code === "REGISTER_UNTRUSTED") {
    return "trust";
  }
  if (FILE_CODES.includes(err.code)) {
    return "input_file";
  }
  return undefined;
}

/** The desk's own words for an unreadable file (the catalog's input_file text is about a bundle). */
function installWords(err) {
  if (err.code === "INVALID_INPUT" && err.field === "input_file" && err.rule === "UNKNOWN") {
    return () => t("desk.fileUnreadable");
  }
  return operatorWords(err);
}

async function install(event) {
  event.preventDefault();
  const pathInput = $("#desk-install-path");
  const trustInput = $("#desk-install-trust");
  const button = $("#desk-install-submit");
  clearInstallErrors();
  flash($("#desk-install-done"), "");
  const path = pathInput.value.trim();
  if (!path) {
    showError($("#desk-install-path-error"), () => t("desk.pathMissing"), pathInput);
    pathInput.focus();
    return;
  }
  if (!operatorOrAsk()) {
    return;
  }
  const trust = trustInput.value.trim() || null;
  let installed;
  try {
    installed = await slowBusy(button, "busy.deskInstall", () => call("desk_install", { path, trust, operator }));
  } catch (err) {
    const places = {
      input_file: [$("#desk-install-path-error"), pathInput],
      trust: [$("#desk-install-trust-error"), trustInput],
      user_name: [$("#desk-operator-error"), $("#desk-operator")],
    };
    showRefusal(err, places, [$("#desk-install-error")], { words: installWords(err), field: installField(err), focusElse: button });
    return;
  }
  desk = { ...desk, installed };
  expired = false;
  pathInput.value = "";
  trustInput.value = "";
  renderStatus();
  flash($("#desk-install-done"), t("desk.installed", { seq: installed.seq, date: isoDate(installed.valid_until) }));
}

export default {
  init() {
    $("#desk-init").addEventListener("click", init);
    $("#desk-lookup-form").addEventListener("submit", lookup);
    $("#desk-install-form").addEventListener("submit", install);
    // Something new typed: the earlier answer is not about it.
    $("#desk-lookup-input").addEventListener("input", () => clearAll({ input: false }));
    $("#desk-operator").addEventListener("input", (e) => {
      operator = e.target.value.trim();
      if (operator) {
        clearError($("#desk-operator-error"), e.target);
      }
    });
    $("#desk-key-select").addEventListener("click", () => {
      const key = $("#desk-key-text");
      key.focus();
      key.select();
    });
  },
  /** Into the desk view with the state desk_mode answered. */
  prepare(state) {
    desk = { set_up: Boolean(state?.set_up), info: state?.info ?? null, installed: state?.installed ?? null };
    expired = false;
    renderParts();
    placeKey();
    // Nothing installed: the install form is open; otherwise it waits, folded, below the lookup.
    $("#desk-install").open = !desk.installed;
  },
  relocalize() {
    renderStatus();
    render();
    renderCountdown();
    const done = $("#desk-install-done");
    if (done.textContent && desk?.installed) {
      done.textContent = t("desk.installed", { seq: desk.installed.seq, date: isoDate(desk.installed.valid_until) });
    }
  },
  reset() {
    clearAll();
  },
};
