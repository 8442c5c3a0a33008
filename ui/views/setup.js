// First run: create the vault, then show the recovery code once. The code is laid out in whole groups
// of four (a group never breaks across lines; four groups a row), large and monospace to be written
// down or read aloud; "Skriv ut" prints only the code, the vault, the admin, the date and how to keep
// it (styles.css, @media print). Before "Fortsätt" is enabled the admin types back two groups the UI
// picks (never the first), compared ignoring spaces, hyphens and case (and the look-alikes O/0, I/L/1
// the core forgives); a wrong one is said next to its input.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { isoDate } from "../lib/dates.js";
import { $, clearError, clearErrors, el, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";

let ctx;
let adminName = "";
let vaultDir = "";
let codeGroups = []; // the code on show, in its groups
let asked = []; // the group numbers (from 1) to type back, in order
const GROUPS_PER_ROW = 4;
const CHECKS = [1, 2]; // #recovery-check-1, #recovery-check-2

/** A typed group as the core would read it: no spaces or hyphens, upper case, O→0, I/L→1. */
const normGroup = (s) =>
  String(s ?? "")
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");

/** Two different groups of `count`, never the first, in order. */
function pickGroups(count) {
  const choices = Array.from({ length: Math.max(0, count - 1) }, (_, i) => i + 2);
  const random = new Uint32Array(2);
  crypto.getRandomValues(random);
  const first = choices.splice(random[0] % choices.length, 1)[0];
  const second = choices[random[1] % choices.length];
  return [first, second].sort((a, b) => a - b);
}

function renderCode() {
  const rows = [];
  for (let i = 0; i < codeGroups.length; i += GROUPS_PER_ROW) {
    const row = el("div", { class: "rc-row" });
    for (const [j, g] of codeGroups.slice(i, i + GROUPS_PER_ROW).entries()) {
      if (j > 0) {
        row.append(el("span", { class: "rc-sep", "aria-hidden": "true" }, "-"));
      }
      // The group's number is drawn by the stylesheet (data-n), outside the code's text.
      row.append(el("span", { class: "rc-group", "data-n": String(i + j + 1) }, g));
    }
    rows.push(row);
  }
  $("#recovery-code").replaceChildren(...rows);
  // Part of the accessible name: a screen reader spells the code one character at a time.
  $("#recovery-code-spoken").textContent = codeGroups.map((g) => g.split("").join(" ")).join(", ");
}

function renderChecks() {
  $("#recovery-check-intro").textContent = asked.length ? t("recovery.checkIntro", { a: asked[0], b: asked[1] }) : "";
  for (const i of CHECKS) {
    const n = asked[i - 1];
    const input = $(`#recovery-check-${i}`);
    $(`#recovery-check-${i}-label`).textContent = n ? t("recovery.checkGroup", { n }) : "";
    if (n) {
      input.dataset.group = String(n);
    } else {
      delete input.dataset.group;
    }
  }
}

/** Whether check `i` holds its group; says a wrong one when `final` or when it is as long as the group. */
function checkOne(i, { final }) {
  const input = $(`#recovery-check-${i}`);
  const error = $(`#recovery-check-${i}-error`);
  const n = asked[i - 1];
  const want = normGroup(codeGroups[n - 1]);
  const typed = normGroup(input.value);
  const right = Boolean(want) && typed === want;
  if (right || !typed || (!final && typed.length < want.length)) {
    clearError(error, input);
  } else {
    showError(error, () => t("recovery.checkWrong", { n }), input);
  }
  return right;
}

/** Enables "Fortsätt" once both groups are right, and says so once. */
function updateContinue() {
  const right = CHECKS.every((i) => {
    const n = asked[i - 1];
    return Boolean(n) && normGroup($(`#recovery-check-${i}`).value) === normGroup(codeGroups[n - 1]);
  });
  const button = $("#recovery-continue");
  if (button.disabled === right) {
    $("#recovery-check-result").textContent = right ? t("recovery.checkRight") : "";
  }
  button.disabled = !right;
  return right;
}

function clearRecovery() {
  codeGroups = [];
  asked = [];
  $("#recovery-code").replaceChildren();
  $("#recovery-code-spoken").textContent = "";
  $("#recovery-vault").textContent = "";
  $("#recovery-admin").textContent = "";
  $("#recovery-date").textContent = "";
  for (const i of CHECKS) {
    $(`#recovery-check-${i}`).value = "";
  }
  clearErrors($("#recovery-check-form"));
  $("#recovery-check-result").textContent = "";
  $("#recovery-continue").disabled = true;
  renderChecks();
}

function showCode(created) {
  clearRecovery();
  codeGroups = String(created.recovery_code ?? "")
    .toUpperCase()
    .split(/[\s-]+/)
    .filter(Boolean);
  asked = codeGroups.length > 2 ? pickGroups(codeGroups.length) : [];
  renderCode();
  renderChecks();
  $("#recovery-vault").textContent = vaultDir;
  $("#recovery-admin").textContent = created.admin ?? "";
  $("#recovery-date").textContent = isoDate(new Date());
}

async function create(event) {
  event.preventDefault();
  const form = $("#setup-form");
  clearErrors(form);
  const admin = $("#setup-admin");
  const pw = $("#setup-password");
  const pw2 = $("#setup-password2");
  const error = $("#setup-error");
  if (!admin.value.trim()) {
    showError(error, () => t("setup.needAdmin"), admin);
    admin.focus();
    return;
  }
  if (!pw.value) {
    showError(error, () => t("password.needed"), pw);
    pw.focus();
    return;
  }
  if (pw.value !== pw2.value) {
    showError(error, () => t("password.mismatch"), pw2);
    pw2.focus();
    return;
  }
  try {
    const created = await slowBusy($("#setup-submit"), "busy.creating", () =>
      call("create_vault", { admin: admin.value.trim(), password: pw.value }),
    );
    adminName = created.admin;
    pw.value = "";
    pw2.value = "";
    showCode(created);
    ctx.show("recovery");
  } catch (err) {
    showRefusal(err, { user_name: [error, admin], new_password: [error, pw] }, [error], {
      focusElse: $("#setup-submit"),
    });
  }
}

function onContinue(event) {
  event.preventDefault();
  const wrong = CHECKS.filter((i) => !checkOne(i, { final: true }));
  updateContinue();
  if (wrong.length) {
    $(`#recovery-check-${wrong[0]}`).focus();
    return;
  }
  // The code leaves the page now: it is shown once only.
  clearRecovery();
  ctx.toLogin(null, { userName: adminName });
}

export default {
  init(c) {
    ctx = c;
    $("#setup-form").addEventListener("submit", create);
    $("#recovery-check-form").addEventListener("submit", onContinue);
    for (const i of CHECKS) {
      const input = $(`#recovery-check-${i}`);
      input.addEventListener("input", () => {
        checkOne(i, { final: false });
        updateContinue();
      });
      input.addEventListener("change", () => {
        checkOne(i, { final: true });
        updateContinue();
      });
    }
    // Only the code, the vault, the admin, the date and how to keep it are printed (styles.css).
    $("#recovery-print").addEventListener("click", () => window.print());
  },
  prepare(dir) {
    vaultDir = dir ?? "";
    $("#setup-vault-dir").textContent = vaultDir;
  },
  relocalize() {
    renderChecks();
    if (!$("#recovery-continue").disabled) {
      $("#recovery-check-result").textContent = t("recovery.checkRight");
    }
  },
  reset() {
    clearRecovery();
    $("#setup-password").value = "";
    $("#setup-password2").value = "";
  },
};
