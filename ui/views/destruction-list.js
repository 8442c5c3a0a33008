// The destruction lists (list_destructions → DestructionSummary[], newest first) as table rows, shared
// by the case handler's "Gallring" and the admin's "Uppgifter"; and the buttons that save a finished
// list's certificate (write_destruction_certificate {id, format, lang, path}) through a fileSaver.
import { call } from "../lib/api.js";
import { el, isoMinute } from "../lib/dom.js";
import { lang, t } from "../lib/i18n.js";
import { DOCUMENT_FORMATS } from "../generated/contract.js";
import { holdWords, statusWords } from "./retention-names.js";

const byAt = (by, at) => (by ? t("destruction.byAt", { by, at: at ? isoMinute(at) : "" }) : t("destruction.notYet"));

export const countWords = (d) => t("destruction.counts", { files: d.files, erased: d.erased, kept: d.kept });

/** What the sweep withheld when the list was proposed, counted by reason in words; null for nothing. */
export const withheldWords = (d) =>
  d.withheld?.length ? t("destruction.withheld", { items: d.withheld.map((c) => t("destruction.withheldItem", { n: c.files, hold: holdWords(c.hold) })).join("; ") }) : null;

/** A row: the id, the status in words, who proposed and approved, the counts, and `actions` (a cell's nodes). */
export function destructionRow(d, actions = []) {
  return el(
    "tr",
    { "data-destruction": d.id, "data-status": d.status },
    el("th", { scope: "row", text: d.id }),
    el("td", { "data-col": "status", text: statusWords(d.status) }),
    el("td", { "data-col": "proposed", text: byAt(d.proposed_by, d.proposed_at) }),
    el("td", { "data-col": "approved", text: byAt(d.approved_by, d.approved_at) }),
    el("td", { "data-col": "counts" }, el("span", { text: countWords(d) }), ...(withheldWords(d) ? [el("br"), el("span", { class: "muted", "data-withheld": "", text: withheldWords(d) })] : [])),
    el("td", { class: "actions-cell" }, ...actions),
  );
}

/** "Spara intyg (PDF)" and "(JSON)" for a done list: #<prefix>-<id>-<format>, written to the saver's path. */
export function certificateButtons(prefix, d, saver) {
  if (d.status !== "done") {
    return [];
  }
  return DOCUMENT_FORMATS.map((format) => {
    const b = el("button", {
      type: "button",
      class: "small",
      id: `${prefix}-${d.id}-${format}`,
      "data-format": format,
      text: t("destruction.saveCertificate", { format: format.toUpperCase() }),
      "aria-label": t("destruction.saveCertificateOf", { format: format.toUpperCase(), id: d.id }),
    });
    b.addEventListener("click", () => saver.save(format, b, (f, path) => call("write_destruction_certificate", { id: d.id, format: f, lang: lang(), path })));
    return b;
  });
}
