// The app: one view at a time, routed by the session state, over the shell's IPC. No framework.
import { call, listen, whenSessionLocked } from "./lib/api.js";
import { $, $$, announce, clearStatus, el } from "./lib/dom.js";
import { closeAllDialogs } from "./lib/dialog.js";
import { applyStatic, lang, onLangChange, setLang, t } from "./lib/i18n.js";
import setup from "./views/setup.js";
import login from "./views/login.js";
import recover from "./views/recover.js";
import handler from "./views/handler.js";
import reception from "./views/reception.js";
import reviewer from "./views/reviewer.js";
import admin from "./views/admin.js";
import access from "./views/access.js";
import incidents from "./views/incidents.js";
import desk from "./views/desk.js";
import idleWarning, { startIdleWatch } from "./views/idle-warning.js";

const views = { setup, login, recover, handler, reception, reviewer, admin };
// Everything with a lifecycle (init, relocalize, reset): the views, and the data-access parts that
// the case handler's, the reception's and the admin's views share, the incident register that the
// admin's and the granskare's views share, the idle-lock warning, and the reception-only desk.
const parts = [...Object.values(views), access, incidents, idleWarning, desk];
const roleView = { handlaggare: "handler", reception: "reception", granskare: "reviewer", admin: "admin" };

let user = null;


/** Shows one view (`name` → #view-<name>), hides the others, moves focus to its heading. */
function show(sectionId, { focus = true } = {}) {
  for (const section of $$("main > .view")) {
    section.hidden = section.id !== `view-${sectionId}`;
  }

  if (focus) {
    $(`#view-${sectionId} .view-heading`)?.focus();
  }
}

function renderWho() {
  const who = $("#who");
  if (user) {
    who.textContent = t("app.who", { name: user.name, role: t(`role.${user.role}`) });
    who.hidden = false;
    $("#lock-button").hidden = false;
  } else {
    who.textContent = "";
    who.hidden = true;
    $("#lock-button").hidden = true;
  }
}

function renderLangSwitch() {
  const other = lang() === "sv" ? "en" : "sv";
  const button = $("#lang-switch");
  button.textContent = t("lang.switch");
  button.setAttribute("lang", other);
  button.setAttribute("aria-label", t("lang.switchLabel"));
}

const ctx = {
  show,
  get user() {
    return user;
  },

  /** After login or the first password: the role's own view. */
  loggedIn(u) {
    user = u;
    renderWho();
    const name = roleView[u.role];
    show(name, { focus: false });
    views[name].enter?.();
    $(`#view-${name} .view-heading`)?.focus();
    announce(t("status.loggedIn", { name: u.name }));
    // Until the lock: how long is left, and a warning before it (views/idle-warning.js).
    startIdleWatch();
  },

  /** Back to login, with every view emptied of data. `reason`: null | "locked" | "idle" | … */
  toLogin(reason = null, { userName } = {}) {
    closeAllDialogs();
    const last = user?.name ?? userName ?? "";
    user = null;
    renderWho();
    for (const v of parts) {
      v.reset?.();
    }
    login.prepare(last);
    show("login");
    if (reason) {
      announce(t(`status.locked.${reason}`));
    }
  },
};

async function lockNow() {
  if (!user) {
    return;
  }
  try {
    await call("lock");
  } catch {
    // The UI leaves the session either way; the shell drops it on the next refusal at the latest.
  }
  ctx.toLogin("manual");
}

function wireChrome() {
  $("#lang-switch").addEventListener("click", () => setLang(lang() === "sv" ? "en" : "sv"));
  $("#lock-button").addEventListener("click", lockNow);
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l") {
      e.preventDefault();
      lockNow();
    }
  });
  onLangChange(() => {
    // A status message in the other language would be stale; the switch itself is the news.
    clearStatus();
    renderLangSwitch();
    renderWho();
    for (const v of parts) {
      v.relocalize?.();
    }
  });
  whenSessionLocked((why) => {
    if (user) {
      ctx.toLogin(why === "refused" ? "refused" : "idle");
    }
  });
}

async function start() {
  applyStatic();
  renderLangSwitch();
  wireChrome();
  for (const v of parts) {
    v.init(ctx);
  }
  try {
    await listen("locked", (event) => {
      const reason = event?.payload === "minimized" ? "minimized" : "idle";
      ctx.toLogin(reason);
    });
  } catch {
    // Without the event the UI still returns to login on the first SESSION_LOCKED answer.
  }
  // Reception-only mode first (SKYDDSVALV_DESK): a desk with no vault answers a state, the normal app
  // null. A desk shows its own view and never the vault's (ui/views/desk.js).
  let deskState;
  try {
    deskState = await call("desk_mode");
  } catch (err) {
    $("#view-start").append(el("p", { class: "error", text: t("start.deskFailed", { code: err.code }) }));
    return;
  }
  if (deskState) {
    desk.prepare(deskState);
    show("desk");
    return;
  }
  let status;
  try {
    status = await call("vault_status");
  } catch (err) {
    $("#view-start").append(el("p", { class: "error", text: t("start.failed", { code: err.code }) }));
    return;
  }
  if (!status.exists) {
    setup.prepare(status.vault_dir);
    show("setup");
    return;
  }
  if (status.unlocked) {
    // The page was reloaded while the core held a session: the UI no longer knows it, so end it.
    try {
      await call("lock");
    } catch {
      /* nothing to do */
    }
  }
  ctx.toLogin(null);
}

start();

