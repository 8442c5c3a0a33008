// An incident saved as a file (write_incident {id, format, lang, path}): a PDF shaped after IMY's form,
// or JSON. Shown on the incident card for whoever may see it; the note says that a notification becomes
// a public document once sent.
import { call } from "../lib/api.js";
import { $ } from "../lib/dom.js";
import { lang } from "../lib/i18n.js";
import { DOCUMENT_FORMATS, OPERATIONS } from "../generated/contract.js";
import { fileSaver } from "./save-file.js";

let saver = null;
let shownId = null;

export function initIncidentExport() {
  saver = fileSaver({
    id: "incident-export",
    hintKey: "incidentExport.pathHint",
    formats: DOCUMENT_FORMATS,
    buttonKey: "incidentExport.saveAs",
    writtenKey: "incidentExport.written",
    write: (format, path) => call("write_incident", { id: shownId, format, lang: lang(), path }),
  });
  $("#incident-export-box").append(saver.node);
}

/** The card shows `view` (or none) for `role`: a new incident starts with an empty path. */
export function showIncidentExport(view, role) {
  const may = Boolean(view) && OPERATIONS.find((o) => o.name === "show_incident")?.roles.includes(role);
  $("#incident-export").hidden = !may;
  if (view?.id !== shownId) {
    saver?.reset();
  }
  shownId = view?.id ?? null;
}
