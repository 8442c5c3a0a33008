// Saving a document the core writes (an incident, the art. 30 register, a destruction certificate, a
// backup): the whole path typed (as the log report's), a button per format, and where it went. The core
// checks the path (never over a file that is there; a document never in a temporary folder): its
// refusal goes next to it.
import { busy, clearError, el, showError } from "../lib/dom.js";
import { slowBusy } from "../lib/busy.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import { sayEl, words } from "./rights-form.js";

/** The words of a refused path, as the log report says them. */
function fileWords(err) {
  if (err.code === "INVALID_INPUT" && err.field === "output_file" && ["NOT_ALLOWED", "EXISTS", "FORMAT", "UNKNOWN"].includes(err.rule)) {
    return () => t(`logFile.${err.rule}`);
  }
  return undefined;
}

/**
 * In #<id>-saver: a path field (#<id>-path) with its error and hint, a general error (#<id>-error) and the result
 * (#<id>-written). `formats` and `write(format, path)` give the buttons #<id>-<format> (labelled
 * `buttonKey` with {format}); without them the caller has buttons of its own and calls `save`.
 * A write that takes a while names `busyKey` (the button says it, lib/busy.js); `wordsFor(err)` gives a
 * view's own words for a refusal that is not about the path (or undefined: the catalog's); `onWritten`
 * shows the answer itself instead of the line `writtenKey`. A form with more fields than the path gives
 * their places (`places()`: input name → [errorEl, control], as lib/errors.js takes them) and, for a
 * refusal whose code says which field it is about, `fieldFor(err)` (the input name, or undefined).
 */
export function fileSaver({ id, hintKey = "saveFile.pathHint", formats = [], buttonKey, write, writtenKey = "saveFile.written", busyKey = null, wordsFor = null, onWritten = null, places = null, fieldFor = null }) {
  const path = el("input", { id: `${id}-path`, type: "text", class: "long", autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-path-hint ${id}-path-error` });
  const pathError = el("p", { id: `${id}-path-error`, class: "error", hidden: true });
  const error = el("p", { id: `${id}-error`, class: "error", hidden: true });
  const written = el("div", { id: `${id}-written`, class: "log-result", role: "status" });

  async function save(format, button, work) {
    clearError(error);
    clearError(pathError, path);
    const where = path.value.trim();
    if (!where) {
      showError(pathError, () => t("logFile.missing"), path);
      path.focus();
      return null;
    }
    let answer;
    try {
      answer = await (busyKey ? slowBusy(button, busyKey, () => work(format, where)) : busy(button, () => work(format, where)));
    } catch (err) {
      showRefusal(err, { ...(places?.() ?? {}), output_file: [pathError, path] }, [error], { words: fileWords(err) ?? wordsFor?.(err), focusElse: button, field: fieldFor?.(err) });
      return null;
    }
    if (onWritten) {
      onWritten(answer);
    } else {
      written.replaceChildren(sayEl("p", { class: "ok" }, writtenKey, { format: format.toUpperCase(), path: answer.path, bytes: answer.bytes }));
    }
    return answer;
  }

  const buttons = formats.map((format) => {
    const b = sayEl("button", { type: "button", id: `${id}-${format}`, "data-format": format }, buttonKey, { format: format.toUpperCase() });
    b.addEventListener("click", () => save(format, b, write));
    return b;
  });
  const node = el(
    "div",
    { class: "save-file", id: `${id}-saver` },
    el("div", { class: "field" }, words("label", "saveFile.path", { for: path.id }), path, pathError, words("p", hintKey, { id: `${id}-path-hint`, class: "hint" })),
    error,
    buttons.length ? el("div", { class: "actions" }, ...buttons) : null,
    written,
  );
  return {
    node,
    save,
    reset() {
      path.value = "";
      clearError(error);
      clearError(pathError, path);
      written.replaceChildren();
    },
  };
}
