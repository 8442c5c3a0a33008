// Granskare: a signed bundle of the log. export_log_bundle {from, to, path} → {path, bytes, manifest:
// {first_seq, last_seq, …}, verifier_key}: entries from..to (by default from after the last bundle to
// the newest entry), signed with this reviewer's own key, written to a new file outside temporary
// folders (the core refuses others, said next to the path). Afterwards: where it went, which entries,
// and the key that verifies it, read-only, with the note that whoever checks the bundle on another
// machine needs it (`skyddsvalv log verify-bundle FILE --key KEY`), given another way than the file.
import { call } from "../lib/api.js";
import { $, busy, clearError, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";

let done = null; // the last bundle written

function render() {
  const box = $("#log-bundle-result");
  box.hidden = !done;
  $("#log-bundle-written").classList.toggle("ok", Boolean(done));
  if (!done) {
    $("#log-bundle-written").textContent = "";
    $("#log-bundle-key").value = "";
    $("#log-bundle-command").textContent = "";
    return;
  }
  const m = done.manifest;
  $("#log-bundle-written").textContent = t("logBundle.written", { path: done.path, bytes: done.bytes, first: m.first_seq, last: m.last_seq });
  $("#log-bundle-key").value = done.verifier_key;
  $("#log-bundle-command").textContent = `skyddsvalv log verify-bundle ${done.path} --key ${done.verifier_key}`;
}

/** A typed entry number: null when left empty, NaN when it is no whole number above zero. */
function seqOf(input) {
  const v = input.value.trim();
  if (!v) {
    return null;
  }
  return /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : Number.NaN;
}

function fileWords(err) {
  if (err.code === "INVALID_INPUT" && err.field === "output_file" && ["NOT_ALLOWED", "EXISTS", "FORMAT", "UNKNOWN"].includes(err.rule)) {
    return () => t(`logFile.${err.rule}`);
  }
  if (err.code === "INVALID_INPUT" && err.field === "log_range") {
    return () => t("logBundle.rangeRefused");
  }
  return undefined;
}

function clearErrors() {
  clearError($("#log-bundle-error"));
  clearError($("#log-bundle-range-error"), [$("#log-bundle-from"), $("#log-bundle-to")]);
  clearError($("#log-bundle-path-error"), $("#log-bundle-path"));
}

async function exportBundle(event) {
  event.preventDefault();
  clearErrors();
  const fromInput = $("#log-bundle-from");
  const toInput = $("#log-bundle-to");
  const pathInput = $("#log-bundle-path");
  const from = seqOf(fromInput);
  const to = seqOf(toInput);
  const bad = [fromInput, toInput].filter((i, n) => Number.isNaN([from, to][n]));
  if (bad.length) {
    showError($("#log-bundle-range-error"), () => t("logBundle.seqInvalid"), bad);
    bad[0].focus();
    return;
  }
  const path = pathInput.value.trim();
  if (!path) {
    showError($("#log-bundle-path-error"), () => t("logFile.missing"), pathInput);
    pathInput.focus();
    return;
  }
  try {
    done = await busy($("#log-bundle-export"), () => call("export_log_bundle", { from, to, path }));
  } catch (err) {
    showRefusal(
      err,
      { output_file: [$("#log-bundle-path-error"), pathInput], log_range: [$("#log-bundle-range-error"), [fromInput, toInput]] },
      [$("#log-bundle-error")],
      { words: fileWords(err), focusElse: $("#log-bundle-export") },
    );
    return;
  }
  render();
  $("#log-bundle-key").focus();
}

export default {
  init() {
    $("#log-bundle-form").addEventListener("submit", exportBundle);
  },
  relocalize() {
    render();
  },
  reset() {
    done = null;
    $("#log-bundle-form").reset();
    clearErrors();
    render();
  },
};
