// The warning before the idle lock, for every role. While someone is logged in the UI asks the core
// how long is left (idle_status: asking is no activity, so the lock still comes) and, in the last
// LIMITS.IDLE_WARNING_SECONDS — or the last half of the limit, when that is shorter (a test build may
// lock after a few seconds) — shows #idle-warning: "Valvet låses om 0:45" with a live countdown
// (role="timer"; said once politely when it appears) and "Fortsätt arbeta" (keep_working: the lock
// starts over). Anything else done through the core is activity too: the next question shows more
// time and the warning goes. The warning blocks nothing; it takes the focus only when the user is not
// typing, moves into an open modal dialog (the page behind one is inert), and gives the focus back.
// When it appears, and again shortly before the lock, the hooks given to onWarning() run (the case
// handler keeps an unsaved form as a sealed draft, views/draft.js). The core locks by itself and the
// window hears `locked`; the UI never locks early. No busy loop: one question a second at most while
// the warning shows, else one every POLL_MS at most (sooner only when the warning is due sooner).
import { call } from "../lib/api.js";
import { $, announce, busy } from "../lib/dom.js";
import { countdown, formatRemaining } from "../lib/countdown.js";
import { errorText, t } from "../lib/i18n.js";
import { LIMITS } from "../generated/contract.js";

/** At most this long between two questions while no warning shows. */
export const POLL_MS = 5000;
const WARNING_SECONDS = LIMITS.IDLE_WARNING_SECONDS ?? 60;
/** After the core answers that nothing is unlocked: the `locked` event has this long to arrive. */
const EVENT_GRACE_MS = 1500;

let ctx = null;
let active = false;
let generation = 0;
let timer = null;
let stopTick = () => {};
let deadline = 0; // when the core will lock (ms since the epoch), as it last said
let limit = 0; // the most time left seen since the login: the idle limit, near enough
let shown = false;
let ran = { first: false, late: false }; // the hooks ran for this warning
let returnFocus = null;
let home = null; // where #idle-warning lives when no modal dialog is open
const hooks = [];

/** `fn()` runs when the warning appears and again shortly before the lock (errors are its own). */
export function onWarning(fn) {
  hooks.push(fn);
}

/** The seconds left at which the warning shows, for an idle limit of `limitSeconds`. */
export function warnAt(limitSeconds) {
  return Math.max(0, Math.min(WARNING_SECONDS, Math.floor(limitSeconds / 2)));
}

/** "Shortly before the lock": the last few seconds of the warning. */
const shortlyAt = (w) => Math.max(1, Math.min(10, Math.floor(w / 2)));

function schedule(ms) {
  window.clearTimeout(timer);
  const asked = generation;
  timer = window.setTimeout(() => {
    if (asked === generation) {
      poll();
    }
  }, ms);
}

async function poll() {
  if (!active) {
    return;
  }
  const asked = generation;
  let left;
  try {
    left = await call("idle_status");
  } catch {
    // SESSION_LOCKED has sent the UI to the login already (lib/api.js); anything else: ask again later.
    if (asked === generation && active) {
      schedule(POLL_MS);
    }
    return;
  }
  if (asked !== generation || !active) {
    return;
  }
  if (typeof left !== "number") {
    // Nothing is unlocked any more: the core has locked. The `locked` event says why; if it does not
    // come, the UI goes to the login all the same.
    timer = window.setTimeout(() => {
      if (asked === generation && active && ctx?.user) {
        ctx.toLogin("idle");
      }
    }, EVENT_GRACE_MS);
    return;
  }
  deadline = Date.now() + left * 1000;
  limit = Math.max(limit, left);
  const w = warnAt(limit);
  if (left <= w) {
    showWarning();
    runHooks(left, w);
    schedule(1000);
  } else {
    hideWarning();
    schedule(Math.min(POLL_MS, Math.max(1000, (left - w) * 1000)));
  }
}

function runHooks(left, w) {
  const late = left <= shortlyAt(w);
  if (ran.first && (!late || ran.late)) {
    return;
  }
  ran = { first: true, late: ran.late || late };
  for (const fn of hooks) {
    Promise.resolve()
      .then(fn)
      .catch(() => {});
  }
}

function renderTime() {
  const time = formatRemaining(deadline - Date.now());
  $("#idle-warning-time").textContent = t("idle.lockIn", { time });
}

/** A control the user types into: the warning does not take the focus from it. */
function typing(el) {
  return Boolean(el?.matches?.('textarea, select, [contenteditable=""], [contenteditable="true"], input:not([type="button"]):not([type="checkbox"]):not([type="radio"]):not([type="submit"])'));
}

/** The topmost open modal dialog (the rest of the page is inert behind it), else the page. */
function hostNow() {
  const open = [...document.querySelectorAll("dialog[open]")].filter((d) => {
    try {
      return d.matches(":modal");
    } catch {
      return true;
    }
  });
  return open.at(-1) ?? home;
}

/** Keeps the warning usable: inside the open modal dialog, else in its place. */
function rehost() {
  const box = $("#idle-warning");
  const host = hostNow();
  if (!host || box.parentElement === host) {
    return;
  }
  const hadFocus = box.contains(document.activeElement);
  host.append(box);
  if (host !== home) {
    host.addEventListener("close", rehost, { once: true });
  }
  if (hadFocus) {
    $("#idle-keep-working").focus();
  }
}

function showWarning() {
  const box = $("#idle-warning");
  rehost();
  if (!shown) {
    shown = true;
    box.hidden = false;
    const before = document.activeElement;
    returnFocus = before && before !== document.body && !box.contains(before) ? before : null;
    renderTime();
    announce(t("idle.announce", { time: formatRemaining(deadline - Date.now()) }));
    if (!typing(before)) {
      $("#idle-keep-working").focus();
    }
  }
  stopTick();
  stopTick = countdown(deadline, renderTime, renderTime);
}

const usable = (e) => e && e.isConnected && !e.closest("[hidden]") && !e.disabled && e.getClientRects().length > 0;

function giveFocusBack() {
  const back = usable(returnFocus) ? returnFocus : $("main > .view:not([hidden]) .view-heading");
  back?.focus();
}

function hideWarning() {
  if (!shown) {
    return;
  }
  shown = false;
  ran = { first: false, late: false };
  stopTick();
  stopTick = () => {};
  const box = $("#idle-warning");
  const hadFocus = box.contains(document.activeElement);
  box.hidden = true;
  if (home && box.parentElement !== home) {
    home.append(box);
  }
  if (hadFocus) {
    giveFocusBack();
  }
  returnFocus = null;
}

async function keepWorking() {
  const asked = generation;
  try {
    await busy($("#idle-keep-working"), () => call("keep_working"));
  } catch (err) {
    if (asked === generation && err.code !== "SESSION_LOCKED") {
      announce(errorText(err));
    }
    return;
  }
  if (asked !== generation) {
    return;
  }
  hideWarning();
  announce(t("idle.kept"));
  schedule(1000);
}

/** Starts asking (after a login); the first question goes at once. */
export function startIdleWatch() {
  stop();
  active = true;
  poll();
}

function stop() {
  active = false;
  generation += 1;
  window.clearTimeout(timer);
  limit = 0;
  hideWarning();
}

export default {
  init(context) {
    ctx = context;
    const box = $("#idle-warning");
    home = box.parentElement;
    $("#idle-keep-working").addEventListener("click", keepWorking);
    // Escape gives the focus back to where the user was; the warning stays until they act.
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        giveFocusBack();
      }
    });
  },
  relocalize() {
    if (shown) {
      renderTime();
    }
  },
  /** On lock and logout: no more questions, no warning. */
  reset() {
    stop();
  },
};
