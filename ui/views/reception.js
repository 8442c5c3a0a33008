// Reception: one exact-lookup box and a plain answer. The core decides what reception may learn
// (found or not, the protection kind, initials, the handlers to refer to by the name colleagues know
// them by, their unit and work phone) — nothing else is shown. The answer faces the visitor too: it
// and the typed text clear by themselves after the core's `clear_after_seconds` (a visible countdown)
// and as soon as something new is typed. A text that is no lookup (a wrong check digit, half a number,
// a name without a year) is said next to the input and is no answer: never "Ingen träff". "Ingen träff"
// says what it means and what to do. While the account waits for the reception key, only its own key is
// shown (views/access.js). Lookups are rate-limited by the core (RATE_LIMITED): said calmly, as a notice.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, showError } from "../lib/dom.js";
import { countdown, formatRemaining } from "../lib/countdown.js";
import { errorText, t } from "../lib/i18n.js";
import { checkMyAccess } from "./access.js";

let answer = null; // { kind: "found" | "not-found" | "rate-limited" | "error", data }
let clearSeconds = null; // the core's clear_after_seconds, from the last answer of this session
let stopClear = null;
let clearLeft = null; // ms left on the countdown, to say it again in the other language

function referral(h) {
  const parts = [el("span", { class: "referral-name", text: h.name })];
  if (h.unit) {
    parts.push(el("span", { class: "referral-unit", text: h.unit }));
  }
  if (h.phone) {
    parts.push(el("span", { class: "referral-phone", text: t("reception.phone", { phone: h.phone }) }));
  }
  return el("li", {}, ...parts);
}

function render() {
  const box = $("#lookup-result");
  box.replaceChildren();
  box.removeAttribute("data-outcome");
  box.className = "answer";
  if (!answer) {
    return;
  }
  box.dataset.outcome = answer.kind;
  box.classList.add(`answer-${answer.kind}`);
  if (answer.kind === "found") {
    const a = answer.data;
    const protectedPerson = a.protection && a.protection !== "none";
    const handlers = Array.isArray(a.handlers) ? a.handlers : [];
    const main = handlers.length
      ? t(protectedPerson ? "reception.protectedRefer" : "reception.registeredRefer")
      : t(protectedPerson ? "reception.protectedNoHandler" : "reception.registeredNoHandler");
    box.append(el("p", { class: "answer-main", text: main }));
    if (handlers.length) {
      box.append(el("ul", { class: "referrals" }, ...handlers.map(referral)));
    }
    const details = el("dl", { class: "meta" });
    details.append(
      el("dt", { text: t("reception.kind") }),
      el("dd", { text: t(`protection.${a.protection ?? "none"}`) }),
      el("dt", { text: t("reception.initials") }),
      el("dd", { text: a.initials ?? "" }),
    );
    box.append(details, el("p", { class: "hint", text: t("reception.sayNothing") }));
  } else if (answer.kind === "not-found") {
    box.append(
      el("p", { class: "answer-main", text: t("reception.noMatch") }),
      el("p", { class: "answer-what", text: t("reception.noMatchWhat") }),
    );
  } else if (answer.kind === "rate-limited") {
    // Not an error of the user's: a limit, with what to do. No answer about any person.
    box.append(
      el("p", { class: "notice", text: errorText(answer.data) }),
      el("p", { class: "hint", text: t("reception.rateLimitedHint") }),
    );
  } else {
    box.append(el("p", { class: "error", text: errorText(answer.data) }));
  }
}

function renderCountdown() {
  const node = $("#lookup-countdown");
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
  clearError($("#lookup-error"), $("#lookup-input"));
  if (input) {
    $("#lookup-input").value = "";
  }
}

/** Clears everything after the core's time; nothing is timed before the core has said how long. */
function clearLater() {
  stopCountdown();
  if (!Number.isFinite(clearSeconds) || clearSeconds <= 0) {
    return;
  }
  stopClear = countdown(
    Date.now() + clearSeconds * 1000,
    (left) => {
      clearLeft = left;
      renderCountdown();
    },
    () => clearAll(),
  );
}

/** Not a lookup: said next to the input, the answer area stays empty. */
function notALookup(err) {
  const input = $("#lookup-input");
  answer = null;
  render();
  if (err.code === "INVALID_INPUT") {
    // A name without a year, or nothing at all: what a lookup needs.
    showError($("#lookup-error"), () => t("reception.exactOnly"), input);
  } else {
    showError($("#lookup-error"), err, input);
  }
  input.focus();
}

async function lookup(event) {
  event.preventDefault();
  const input = $("#lookup-input");
  const text = input.value.trim();
  clearAll({ input: false });
  if (!text) {
    showError($("#lookup-error"), () => t("reception.exactOnly"), input);
    input.focus();
    return;
  }
  try {
    const a = await busy($("#lookup-submit"), () => call("lookup", { text }));
    if (Number.isFinite(a?.clear_after_seconds)) {
      clearSeconds = a.clear_after_seconds;
    }
    // Something else typed meanwhile: this answer is not about what is on screen.
    if (input.value.trim() !== text) {
      return;
    }
    answer = { kind: a.found ? "found" : "not-found", data: a };
    render();
  } catch (err) {
    if (input.value.trim() !== text) {
      return;
    }
    if (err.code === "INVALID_IDENTITY_NUMBER" || err.code === "INVALID_INPUT") {
      notALookup(err);
    } else {
      answer = { kind: err.code === "RATE_LIMITED" ? "rate-limited" : "error", data: err };
      render();
    }
  }
  // Whatever is on screen now, and the typed text, goes after the core's time.
  clearLater();
}

export default {
  init() {
    $("#lookup-form").addEventListener("submit", lookup);
    // Something new typed: the earlier answer is not about it.
    $("#lookup-input").addEventListener("input", () => clearAll({ input: false }));
  },
  enter() {
    $("#reception-work").hidden = true;
    checkMyAccess($("#view-reception"), (ready) => {
      $("#reception-work").hidden = !ready;
    });
  },
  relocalize() {
    render();
    renderCountdown();
  },
  reset() {
    clearAll();
    clearSeconds = null;
    $("#reception-work").hidden = true;
  },
};
