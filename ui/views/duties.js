// Systemförvaltare, "Uppgifter" beside the incident register: the register of processing activities
// (art. 30) saved as PDF or CSV (write_register {format, path}), and the destruction lists, read-only
// (list_destructions), with a finished list's certificate (write_destruction_certificate); below them a
// certificate's JSON file checked against the vault (views/certificate-check.js).
import { call } from "../lib/api.js";
import { $, busy, clearError, replaceKeepingFocus, showError } from "../lib/dom.js";
import { REGISTER_FORMATS } from "../generated/contract.js";
import { certificateButtons, destructionRow } from "./destruction-list.js";
import { fileSaver } from "./save-file.js";
import certificateCheck from "./certificate-check.js";

let lists = null;
let generation = 0;
let register = null;
let certificates = null;

function render() {
  const shown = Boolean(lists?.length);
  $("#duties-lists-wrap").hidden = !shown;
  $("#duties-lists-empty").hidden = !lists || shown;
  $("#duties-cert-box").hidden = !lists?.some((d) => d.status === "done");
  replaceKeepingFocus($("#duties-lists-table tbody"), (lists ?? []).map((d) => destructionRow(d, certificateButtons("duties-cert", d, certificates))), $("#duties-lists-heading"));
}

async function load() {
  const mine = generation;
  clearError($("#duties-lists-error"));
  let got;
  try {
    got = await busy($("#duties-lists-refresh"), () => call("list_destructions"));
  } catch (err) {
    if (mine === generation) {
      showError($("#duties-lists-error"), err);
    }
    return;
  }
  if (mine === generation) {
    lists = got;
    render();
  }
}

/** Into the admin's view, below the incident register. */
export function enterDuties() {
  $("#incidents").after($("#duties"));
  return load();
}

export default {
  init() {
    register = fileSaver({
      id: "register-save",
      hintKey: "register.pathHint",
      formats: REGISTER_FORMATS,
      buttonKey: "register.saveAs",
      writtenKey: "register.written",
      write: (format, path) => call("write_register", { format, path }),
    });
    $("#register-box").append(register.node);
    certificates = fileSaver({ id: "duties-cert", hintKey: "destruction.pathHint", writtenKey: "destruction.written" });
    $("#duties-cert-box").append(certificates.node);
    $("#duties-lists-refresh").addEventListener("click", load);
    certificateCheck.init();
  },
  relocalize() {
    render();
    certificateCheck.relocalize();
  },
  reset() {
    generation += 1;
    lists = null;
    register?.reset();
    certificates?.reset();
    clearError($("#duties-lists-error"));
    certificateCheck.reset();
    render();
  },
};
