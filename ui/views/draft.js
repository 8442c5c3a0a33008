// Handläggare: an unsaved person form across the idle lock. When the idle warning appears, and again
// shortly before the lock (views/idle-warning.js), what is typed in #person-form and where the user was
// (the card on show) go to keep_draft as the UI's own JSON —
//   {v: 1, kind: "person-form", mode: "create" | "edit", person_ref?, values, contacts, cleared, card?}
// — which the core seals under the user's own key. Nothing of it stays in the page across the lock:
// every view is emptied on toLogin. The core does not count keep_draft as activity (it does not put
// the lock off); the same draft is still handed over only once a session. Where the user was is kept
// alone ({v: 1, card}) when no form is open (KEEP_WHERE_ALONE). A form saved or given up is forgotten
// (discard_draft).
// After the same user logs in again,
// take_draft gives it back once: the card is shown again (show_person — the core checks the access
// again; a refusal is said in words) and a form is offered back in #draft-notice: "Återställ det"
// fills the form (the same mode, the same person) without saving, "Släng det" drops it (take_draft has
// removed it from the vault already).
import { call } from "../lib/api.js";
import { $, announce } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { currentCard, openPerson } from "./card.js";
import { currentFormDraft, restoreForm } from "./person-form.js";

/** The core's limit (src/limits.rs, MAX_DRAFT_BYTES); a larger draft is refused, so not sent. */
const MAX_DRAFT_BYTES = 64 * 1024;
/** Whether the open card alone (no unsaved form) is kept: see above. */
const KEEP_WHERE_ALONE = true;

let ctx = null;
let generation = 0;
let lastKept = null; // the JSON last handed to keep_draft in this session
let pending = null; // {draft, text}: taken back after the login, neither restored nor dropped yet

/** The draft of this moment as JSON, or null when there is nothing to keep. */
export function draftNow() {
  if (ctx?.user?.role !== "handlaggare") {
    return null;
  }
  if (pending) {
    // Offered back and not yet answered: it goes back as it came.
    return pending.text;
  }
  const form = currentFormDraft();
  const card = currentCard()?.person_ref ?? null;
  if (!form && !(card && KEEP_WHERE_ALONE)) {
    return null;
  }
  const draft = { v: 1 };
  if (form) {
    Object.assign(draft, { kind: "person-form", mode: form.mode });
    if (form.mode === "edit") {
      draft.person_ref = form.person_ref;
    }
    Object.assign(draft, { values: form.values, contacts: form.contacts, cleared: form.cleared });
  }
  if (card) {
    draft.card = card;
  }
  return JSON.stringify(draft);
}

/** Hands the draft of this moment to the core, unless it is the one handed over already. */
export async function keepDraft() {
  const text = draftNow();
  if (!text || text === lastKept || new TextEncoder().encode(text).length > MAX_DRAFT_BYTES) {
    return;
  }
  const asked = generation;
  try {
    await call("keep_draft", { draft: text });
    if (asked === generation) {
      lastKept = text;
    }
  } catch {
    // Not kept (the session may have gone meanwhile): nothing the user could do about it now.
  }
}

/** The form was saved or given up: a draft kept of it is stale. */
export async function forgetDraft() {
  if (lastKept === null) {
    return;
  }
  lastKept = null;
  try {
    await call("discard_draft");
  } catch {
    // Gone with the session, or taken at the next login: it holds only what was typed.
  }
}

function parse(text) {
  try {
    const d = JSON.parse(text);
    return d && typeof d === "object" && d.v === 1 ? d : null;
  } catch {
    return null;
  }
}

function renderNotice() {
  const notice = $("#draft-notice");
  notice.hidden = !pending;
  if (!pending) {
    $("#draft-notice-text").textContent = "";
    return;
  }
  const d = pending.draft;
  $("#draft-notice-text").textContent = d.mode === "edit" ? t("draft.noticeEdit", { ref: d.person_ref }) : t("draft.noticeCreate");
}

/** After a login with the keys: the kept draft, if any, once. */
export async function takeDraft() {
  const asked = ++generation;
  let text;
  try {
    text = await call("take_draft");
  } catch {
    return;
  }
  if (asked !== generation || typeof text !== "string") {
    return;
  }
  const draft = parse(text);
  if (!draft) {
    return;
  }
  const form = draft.kind === "person-form" && (draft.mode === "create" || draft.mode === "edit");
  if (typeof draft.card === "string") {
    // The core decides again whether the card may be shown; a refusal is said (views/card.js).
    await openPerson(draft.card, { focusHeading: !form });
    if (asked !== generation) {
      return;
    }
  }
  if (!form) {
    return;
  }
  if (draft.mode === "edit" && currentCard()?.person_ref !== draft.person_ref) {
    announce(t("draft.cannotRestore"));
    return;
  }
  pending = { draft, text };
  renderNotice();
  $("#draft-notice-text").focus();
}

function restore() {
  const held = pending;
  if (!held) {
    return;
  }
  pending = null;
  renderNotice();
  if (!restoreForm(held.draft)) {
    announce(t("draft.cannotRestore"));
    return;
  }
  announce(t("draft.restored"));
}

function discard() {
  if (!pending) {
    return;
  }
  pending = null;
  renderNotice();
  announce(t("draft.discarded"));
  ($("#person-card").hidden ? $("#handler-heading") : $("#card-heading"))?.focus();
}

export function initDraft(context) {
  ctx = context;
  $("#draft-restore").addEventListener("click", restore);
  $("#draft-discard").addEventListener("click", discard);
}

export function relocalizeDraft() {
  renderNotice();
}

/** On lock and logout: nothing typed stays in the page. */
export function resetDraft() {
  generation += 1;
  lastKept = null;
  pending = null;
  renderNotice();
}
