// Handläggare: step 3 of an access or portability request on the request page — the registerutdrag.
// 1. What goes in: the language, the staff's names (only with a reason; otherwise their role), other
//    people's data (contacts; only with a reason) and the fields withheld, each with its ground.
// 2. "Förhandsgranska": preview_extract {requestId, options} → the document as the core built it, every
//    section in order with its heading, an empty one as "Ingen uppgift". It shows the person's values
//    unmasked: the preview says so, and that it is logged and flagged (the core logs it). Headings,
//    labels and values are the core's, in the extract's language, put in as text only. The values are
//    guarded like every revealed value (lib/guard.js). Changing an option takes the preview away.
// 3. "Skriv utdraget": write_extract {requestId, options (those previewed), format, path}. The path is
//    typed in full; never a temporary folder (the core refuses one: output_file NOT_ALLOWED) nor a file
//    that is there already (EXISTS) — said next to the path. Afterwards: where the file went, and that it
//    is now outside the vault and must be handed over, then destroyed, safely.
// A person with protected identity needs a harm assessment for the request first: the core answers
// HARM_ASSESSMENT_REQUIRED, said in words at the preview (or the write).
import { call } from "../lib/api.js";
import { $, $$, el, flash, showError } from "../lib/dom.js";
import { guardValue } from "../lib/guard.js";
import { lang, t } from "../lib/i18n.js";
import { FIELDS } from "../generated/contract.js";
import sv from "../i18n/sv.js";
import en from "../i18n/en.js";
import { EXTRACT_FORMATS, EXTRACT_LANGS, nameKey } from "./rights-names.js";
import { control, makeForm, problemOf, sayEl, valueOf, words } from "./rights-form.js";

const CATALOGS = { sv, en };

let box = null; // the step's content, kept across the request page's redraws
let forRequest = null; // the request id it is for
let previewed = null; // the options the preview on show was made with
let rowSeq = 0;

/** The refusals of preview_extract and write_extract in the words of this step. */
function extractWords(err) {
  if (err.code === "HARM_ASSESSMENT_REQUIRED") {
    return () => t("extract.err.harm");
  }
  if (err.code === "INVALID_INPUT" && err.field === "output_file" && ["NOT_ALLOWED", "EXISTS", "FORMAT", "UNKNOWN"].includes(err.rule)) {
    return () => t(`extract.err.file.${err.rule}`);
  }
  if (err.code === "INVALID_INPUT" && err.field === "request" && err.rule === "NOT_ALLOWED") {
    return () => t("extract.err.notNow");
  }
  return undefined;
}

/** One withheld field: the field and its secrecy ground, removable. */
function withheldRow(list) {
  const n = ++rowSeq;
  const prefix = `extract-withheld-${n}`;
  const field = control(prefix, {
    name: "field",
    kind: "select",
    label: "extract.withheldField",
    empty: "rights.choose",
    options: FIELDS.map((f) => [f.name, `field.${f.name}`]),
    required: true,
  });
  const ground = control(prefix, { name: "ground", kind: "text", label: "extract.withheldGround", hint: "extract.withheldGroundHint", required: true, reason: true, long: true });
  const remove = el("button", { type: "button", class: "quiet small", id: `${prefix}-remove` }, words("span", "extract.withheldRemove"));
  const row = el("li", { class: "withheld-row", "data-row": n }, field.box, ground.box, el("div", { class: "actions" }, remove));
  row.controls = [field, ground];
  remove.addEventListener("click", () => {
    row.remove();
    stale();
    $("#extract-withheld-add")?.focus();
  });
  list.append(row);
  return row;
}

function withheldRows() {
  return $$("#extract-withheld-list > li", box);
}

/** The options as the core takes them (ExtractOptions). */
function optionsFrom(values) {
  return {
    lang: values.lang,
    staff_names_reason: values.staff ? values.staffReason : null,
    third_parties_reason: values.third ? values.thirdReason : null,
    withheld: withheldRows().map((r) => ({ field: valueOf(r.controls[0]), ground: valueOf(r.controls[1]) })),
  };
}

/** The options changed: the preview and the write give way until the next preview. */
function stale() {
  if (!previewed) {
    return;
  }
  previewed = null;
  $("#extract-preview", box).replaceChildren();
  $("#extract-preview", box).hidden = true;
  $("#extract-write", box).hidden = true;
  flash($("#extract-options-status", box), t("extract.stale"));
}

/** The document as the core built it: every section, an empty one as "Ingen uppgift" (in its language). */
function renderPreview(doc) {
  const nothing = (CATALOGS[doc.lang] ?? CATALOGS.sv)["extract.nothing"];
  const region = $("#extract-preview", box);
  const heading = words("h4", "extract.previewTitle", { id: "extract-preview-heading", tabindex: "-1" });
  const hide = words("button", "extract.previewHide", { type: "button", class: "quiet", id: "extract-preview-hide" });
  hide.addEventListener("click", () => {
    region.replaceChildren();
    region.hidden = true;
    $("#extract-preview-button", box)?.focus();
  });
  const documentBox = el(
    "div",
    { class: "extract-doc", lang: doc.lang, id: "extract-doc" },
    el("p", { class: "extract-title", text: doc.title }),
    el("p", { class: "extract-watermark muted", text: doc.watermark }),
    ...doc.sections.map((s) =>
      el(
        "section",
        { class: "extract-section", "data-section": s.key, "data-empty": String(Boolean(s.empty)), "aria-labelledby": `extract-section-${s.key}` },
        el("h5", { id: `extract-section-${s.key}`, text: s.heading }),
        s.empty || s.items.length === 0
          ? el("p", { class: "extract-nothing muted", text: nothing })
          : el(
              "dl",
              { class: "extract-items" },
              ...s.items.flatMap((i) => [el("dt", { text: i.label }), guardValue(el("dd", { class: "field-value revealed", text: i.value }))]),
            ),
      ),
    ),
  );
  region.replaceChildren(
    heading,
    words("p", "extract.previewWarning", { class: "warning", id: "extract-preview-warning" }),
    documentBox,
    el("div", { class: "actions" }, hide),
  );
  region.hidden = false;
}

function build(ctx) {
  const { request } = ctx;
  rowSeq = 0;
  previewed = null;
  const list = el("ul", { id: "extract-withheld-list", class: "withheld-list" });
  const add = el("button", { type: "button", id: "extract-withheld-add" }, words("span", "extract.withheldAdd"));
  add.addEventListener("click", () => {
    const row = withheldRow(list);
    stale();
    row.controls[0].input.focus();
  });
  const withheld = el(
    "fieldset",
    { class: "withheld", id: "extract-withheld" },
    words("legend", "extract.withheldTitle"),
    words("p", "extract.withheldHint", { class: "hint" }),
    list,
    el("div", { class: "actions" }, add),
  );
  const options = makeForm(
    "extract-options",
    [
      { name: "lang", kind: "select", label: "extract.lang", options: EXTRACT_LANGS.map((l) => [l, nameKey("lang", l)]), value: EXTRACT_LANGS.includes(lang()) ? lang() : EXTRACT_LANGS[0] },
      { name: "staff", kind: "check", label: "extract.staff", hint: "extract.staffHint" },
      { name: "staffReason", kind: "text", label: "extract.staffReason", hint: "rights.reasonHint", required: true, reason: true, long: true },
      { name: "third", kind: "check", label: "extract.third", hint: "extract.thirdHint" },
      { name: "thirdReason", kind: "text", label: "extract.thirdReason", hint: "rights.reasonHint", required: true, reason: true, long: true },
    ],
    {
      submitKey: "extract.preview",
      submitClass: "primary",
      extra: [withheld, words("p", "extract.previewHint", { class: "hint", id: "extract-preview-hint" })],
      refusalWords: extractWords,
      submit: async (values) => {
        // The withheld rows are checked like the other controls, before anything is asked.
        const problems = withheldRows().flatMap((r) => r.controls.map((c) => [c, problemOf(c)])).filter(([, p]) => p);
        for (const [c, p] of problems) {
          showError(c.error, p, c.input);
        }
        if (problems.length) {
          problems[0][0].input.focus();
          return null;
        }
        const opts = optionsFrom(values);
        const doc = await call("preview_extract", { requestId: request.id, options: opts });
        return { doc, opts };
      },
      done: (result) => {
        if (!result) {
          return;
        }
        previewed = result.opts;
        renderPreview(result.doc);
        $("#extract-write", box).hidden = false;
        flash($("#extract-options-status", box), t("extract.previewed"));
        $("#extract-preview-heading", box).focus();
        ctx.onChanged();
      },
    },
  );
  options.submitButton.id = "extract-preview-button";
  options.submitButton.setAttribute("aria-describedby", "extract-preview-hint");
  // A reason is asked only for what is included.
  const sync = () => {
    options.controls.staffReason.box.hidden = !options.controls.staff.input.checked;
    options.controls.thirdReason.box.hidden = !options.controls.third.input.checked;
  };
  options.controls.staff.input.addEventListener("change", sync);
  options.controls.third.input.addEventListener("change", sync);
  sync();
  options.form.addEventListener("input", stale);
  options.form.addEventListener("change", stale);
  const optionsStatus = el("p", { id: "extract-options-status", class: "inline-status", "aria-live": "polite" });

  const written = el("div", { id: "extract-written", class: "extract-written", role: "status", "aria-live": "polite" });
  const write = makeForm(
    "extract-write",
    [
      { name: "format", kind: "select", label: "extract.format", options: EXTRACT_FORMATS.map((f) => [f, nameKey("format", f)]), value: EXTRACT_FORMATS[0], required: true },
      { name: "path", kind: "text", label: "extract.path", hint: "extract.pathHint", required: true, long: true, input: "output_file" },
    ],
    {
      submitKey: "extract.write",
      refusalWords: extractWords,
      submit: (values) => call("write_extract", { requestId: request.id, options: previewed, format: values.format, path: values.path }),
      done: (answer) => {
        written.replaceChildren(
          sayEl("p", { class: "ok", id: "extract-written-where", "data-format": answer.format }, "extract.written", { path: answer.path, bytes: answer.bytes }),
          words("p", "extract.writtenReminder", { class: "warning", id: "extract-written-reminder" }),
        );
        write.controls.path.input.value = "";
        ctx.onChanged();
      },
    },
  );
  write.form.id = "extract-write";
  write.form.hidden = true;
  write.form.prepend(words("h4", "extract.writeTitle", { id: "extract-write-heading" }));
  write.form.setAttribute("aria-labelledby", "extract-write-heading");
  write.controls.path.input.setAttribute("spellcheck", "false");

  return el(
    "div",
    { class: "extract", id: "extract" },
    words("p", "extract.intro", { class: "hint" }),
    options.form,
    optionsStatus,
    el("section", { id: "extract-preview", class: "extract-preview", "aria-labelledby": "extract-preview-heading", hidden: true }),
    write.form,
    written,
  );
}

/**
 * The step's content for `ctx.request` (kept while the page shows that request, so a redraw keeps the
 * preview and what was typed). `ctx.onChanged()`: the request changed in the core (now in progress).
 */
export function mountExtract(ctx) {
  if (!box || forRequest !== ctx.request.id) {
    forget();
    forRequest = ctx.request.id;
    box = build(ctx);
  }
  return box;
}

/** Nothing of the extract stays in the page (the request page closes; the lock). */
export function forget() {
  box?.remove();
  box = null;
  forRequest = null;
  previewed = null;
}
