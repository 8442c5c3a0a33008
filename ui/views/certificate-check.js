// Systemförvaltare, "Uppgifter": a destruction certificate's signed JSON file checked against the vault.
// check_destruction_certificate {path} → {holds, problem, certificate, signer}: the core reads the file,
// checks the signature, that the key is an account's of this vault and that the vault's own finished
// list says the same. A certificate that does not hold is an answer (holds false, problem one of
// CERTIFICATE_PROBLEMS), said in words; a file that cannot be read (input_file) is said at the path.
// The view only says what the core found; it verifies nothing itself.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, isoMinute, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { CERTIFICATE_PROBLEMS } from "../generated/contract.js";

let answer = null; // the core's last CertificateCheck

/** The problem in words; a code the contract lacks (a newer core) as it is. */
const problemWords = (p) => (CERTIFICATE_PROBLEMS.includes(p) ? t(`certificateCheck.problem.${p}`) : String(p ?? ""));

function holdsView(c, signer) {
  const line = (name, text) => el("li", { "data-cert": name, text });
  return [
    el("p", { class: "ok", text: t("certificateCheck.holds") }),
    el(
      "ul",
      { class: "plain" },
      line("list", t("certificateCheck.list", { id: c.destruction, completed: c.completed_at ? isoMinute(c.completed_at) : "" })),
      line("counts", t("certificateCheck.counts", { erased: c.persons_erased, kept: c.persons_kept })),
      line("by", t("certificateCheck.by", { proposed: c.proposed_by, approved: c.approved_by })),
      line("signer", t("certificateCheck.signedBy", { signer })),
    ),
  ];
}

function notHoldsView(problem) {
  return [
    el(
      "p",
      { class: "chain-alert" },
      el("span", { class: "flag-icon", "aria-hidden": "true", text: "⚠ " }),
      el("span", { text: t("certificateCheck.notHolds") }),
      " ",
      el("span", { "data-cert": "problem", text: problemWords(problem) }),
    ),
  ];
}

function render() {
  const box = $("#cert-check-result");
  if (!answer) {
    box.replaceChildren();
    delete box.dataset.holds;
    delete box.dataset.problem;
    return;
  }
  box.dataset.holds = String(Boolean(answer.holds));
  if (answer.holds) {
    delete box.dataset.problem;
    box.replaceChildren(...holdsView(answer.certificate ?? {}, answer.signer ?? ""));
  } else {
    box.dataset.problem = String(answer.problem ?? "");
    box.replaceChildren(...notHoldsView(answer.problem));
  }
}

/** The core's refusal of the file in the panel's own words, where it has them. */
function fileWords(err) {
  const words = { UNKNOWN: "certificateCheck.fileUnknown", TOO_LONG: "certificateCheck.fileTooLarge", REQUIRED: "certificateCheck.pathMissing" };
  const key = err.code === "INVALID_INPUT" && err.field === "input_file" ? words[err.rule] : undefined;
  return key ? () => t(key) : undefined;
}

function clearErrors() {
  clearError($("#cert-check-error"));
  clearError($("#cert-check-path-error"), $("#cert-check-path"));
}

async function check(event) {
  event.preventDefault();
  const input = $("#cert-check-path");
  const button = $("#cert-check-submit");
  if (button.getAttribute("aria-disabled") === "true") {
    return; // the check under way answers first
  }
  clearErrors();
  const path = input.value.trim();
  if (!path) {
    answer = null;
    render();
    showError($("#cert-check-path-error"), () => t("certificateCheck.pathMissing"), input);
    input.focus();
    return;
  }
  try {
    answer = await busy(button, () => call("check_destruction_certificate", { path }));
  } catch (err) {
    // What was shown was about another file: it is not left next to a refusal of this one.
    answer = null;
    render();
    showRefusal(err, { input_file: [$("#cert-check-path-error"), input] }, [$("#cert-check-error")], { words: fileWords(err), focusElse: $("#cert-check-error") });
    return;
  }
  render();
  $("#cert-check-result").focus();
}

export default {
  init() {
    $("#cert-check-form").addEventListener("submit", check);
  },
  relocalize() {
    render();
  },
  reset() {
    answer = null;
    $("#cert-check-form").reset();
    clearErrors();
    render();
  },
};
