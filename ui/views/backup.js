// Systemförvaltare, "Säkerhetskopia" below the duties: when the last backup was written (backup_status:
// {last_backup: RFC 3339 or null, reminder_days, remind}) with a calm reminder, in words, when the core
// says so (`remind`: none yet, or older than the backup-reminder-days setting, said as `reminder_days`;
// the UI decides nothing about it); a new backup written to a typed path (write_backup {path}) with the
// core's `backup-progress` events {done, total} (bytes) as a progress bar and in words; afterwards the
// backup's id, where it is, its size, and how to keep it (away from this workstation, with a copy of
// erasures.json) and restore it (`skyddsvalv restore FILE --to DIR`, with the recovery code). The path
// is checked by the core like every saved file's (fileSaver: its refusal next to the field).
import { call, listen } from "../lib/api.js";
import { $, clearError, el, showError } from "../lib/dom.js";
import { isoDateTime } from "../lib/dates.js";
import { lang, t } from "../lib/i18n.js";
import { fileSaver } from "./save-file.js";

let saver = null;
let button = null;
let generation = 0;
let last; // undefined: not asked yet; null: never; else RFC 3339
let remind = false; // the core's answer: whether to remind
let reminderDays = null; // the core's backup-reminder-days setting
let vaultDir = "";
let report = null; // the last backup written in this session
let running = false;
let progress = null; // {done, total}
let spokenStep = -1; // the last tenth of the way said in words

/** A number with one decimal, in the reader's notation (1,2 or 1.2). */
const decimal = (x) => {
  const s = (Math.round(x * 10) / 10).toFixed(1).replace(/\.0$/, "");
  return lang() === "sv" ? s.replace(".", ",") : s;
};

/** A size in words: bytes, kB, MB or GB (powers of 1000, as file managers show them). */
export function sizeWords(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1000) {
    return t("backup.bytes", { n });
  }
  const [key, unit] = n < 1e6 ? ["backup.kB", 1e3] : n < 1e9 ? ["backup.MB", 1e6] : ["backup.GB", 1e9];
  return t(key, { n: decimal(n / unit) });
}

function renderStatus() {
  const status = $("#backup-status");
  const reminder = $("#backup-reminder");
  if (last === undefined) {
    status.replaceChildren();
    reminder.hidden = true;
    return;
  }
  status.replaceChildren(last ? t("backup.last", { at: isoDateTime(last) }) : t("backup.none"));
  reminder.hidden = !remind;
  reminder.replaceChildren(
    el("strong", { text: t("backup.reminderLabel") }),
    " ",
    t(last ? "backup.reminderOld" : "backup.reminderNone", { days: reminderDays ?? "" }),
  );
}

function renderProgress() {
  const box = $("#backup-progress-box");
  box.hidden = !running;
  if (!running) {
    return;
  }
  const bar = $("#backup-progress");
  const { done = 0, total = 0 } = progress ?? {};
  const percent = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
  bar.max = 100;
  bar.value = percent;
  const words = t("backup.progress", { percent, done: sizeWords(done), total: sizeWords(total) });
  bar.setAttribute("aria-valuetext", words);
  // The words below the bar are a polite live region: said again at each tenth, not at every event.
  const step = Math.floor(percent / 10);
  if (step !== spokenStep) {
    spokenStep = step;
    $("#backup-progress-text").textContent = words;
  }
}

function renderResult() {
  const box = $("#backup-result");
  box.hidden = !report;
  if (!report) {
    return;
  }
  $("#backup-result-id").textContent = report.backup_id;
  $("#backup-result-path").textContent = report.path;
  $("#backup-result-size").textContent = sizeWords(report.bytes);
  $("#backup-result-at").textContent = isoDateTime(report.created_at);
  $("#backup-keep-away").textContent = vaultDir ? t("backup.keepAwayIn", { dir: vaultDir }) : t("backup.keepAway");
}

/** The core's progress, while this panel's backup runs (the events of no other work). */
function onProgress(event) {
  const p = event?.payload;
  if (!running || !p || typeof p.done !== "number" || typeof p.total !== "number") {
    return;
  }
  progress = { done: p.done, total: p.total };
  renderProgress();
}

async function loadStatus() {
  const mine = generation;
  clearError($("#backup-status-error"));
  let got;
  try {
    got = await call("backup_status");
  } catch (err) {
    if (mine === generation) {
      showError($("#backup-status-error"), err);
    }
    return;
  }
  if (mine === generation) {
    last = typeof got?.last_backup === "string" ? got.last_backup : null;
    remind = got?.remind === true;
    reminderDays = Number.isInteger(got?.reminder_days) ? got.reminder_days : null;
    renderStatus();
  }
}

/** Where the vault is (erasures.json lies there): said in the guidance when the shell tells it. */
async function loadVaultDir() {
  const mine = generation;
  try {
    const status = await call("vault_status");
    if (mine === generation && typeof status?.vault_dir === "string") {
      vaultDir = status.vault_dir;
      renderResult();
    }
  } catch {
    // The guidance then names "the vault folder" without its path.
  }
}

/** A backup-specific account of a refusal that is not about the path (else the catalog's). */
function refusalWords(err) {
  return ["STORAGE", "DISK_SPACE_LOW"].includes(err.code) ? () => t(`backup.err.${err.code}`) : undefined;
}

async function write() {
  const mine = generation;
  report = null;
  renderResult();
  const answer = await saver.save("backup", button, async (_format, path) => {
    running = true;
    progress = null;
    spokenStep = -1;
    renderProgress();
    try {
      return await call("write_backup", { path });
    } finally {
      running = false;
      renderProgress();
    }
  });
  if (!answer || mine !== generation) {
    return;
  }
  report = answer;
  renderResult();
  $("#backup-result-heading").focus();
  last = answer.created_at;
  // Just written: no reminder until the core is asked again (at once, below).
  remind = false;
  renderStatus();
  loadStatus();
}

/** Into the admin's view: the status asked again. */
export function enterBackup() {
  loadVaultDir();
  return loadStatus();
}

export default {
  init() {
    saver = fileSaver({ id: "backup", hintKey: "backup.pathHint", busyKey: "busy.backup", wordsFor: refusalWords, onWritten: () => {} });
    button = el("button", { type: "button", id: "backup-write", class: "primary", "data-i18n": "backup.write", text: t("backup.write") });
    button.addEventListener("click", write);
    saver.node.querySelector("#backup-written")?.before(el("div", { class: "actions" }, button));
    $("#backup-box").append(saver.node);
    listen("backup-progress", onProgress).catch(() => {
      // Without the events the button's busy state still says that the backup is being written.
    });
  },
  relocalize() {
    renderStatus();
    renderResult();
    if (running) {
      spokenStep = -1;
      renderProgress();
    }
  },
  reset() {
    generation += 1;
    last = undefined;
    remind = false;
    reminderDays = null;
    report = null;
    running = false;
    progress = null;
    saver?.reset();
    clearError($("#backup-status-error"));
    renderStatus();
    renderProgress();
    renderResult();
  },
};
