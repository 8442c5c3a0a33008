// Reception: one exact-lookup box and a plain answer. The core decides what reception may learn
// (found or not, the protection kind, initials, the handlers to refer to) — nothing else is shown.
// While the account waits for the reception key, only its own key is shown (views/access.js).
// Lookups are rate-limited by the core (RATE_LIMITED): said calmly at the lookup, as a notice.
import { call } from "../lib/api.js";
import { $, busy, el } from "../lib/dom.js";
import { errorText, t } from "../lib/i18n.js";
import { checkMyAccess } from "./access.js";

let answer = null; // { kind: "found" | "not-found" | "invalid" | "rate-limited" | "error", data }

function joinNames(names) {
  if (names.length <= 1) {
    return names.join("");
  }
  return `${names.slice(0, -1).join(", ")} ${t("reception.or")} ${names[names.length - 1]}`;
}

function render() {
  const box = $("#lookup-result");
  box.replaceChildren();
  box.removeAttribute("data-outcome");
  box.className = "answer";
  if (!answer) {
    return;
  }
  box.dataset.outcome = answer.kind;
  box.classList.add(`answer-${answer.kind}`);
  if (answer.kind === "found") {
    const a = answer.data;
    const protectedPerson = a.protection && a.protection !== "none";
    const handlers = a.handlers ?? [];
    const main = handlers.length
      ? t(protectedPerson ? "reception.protectedRefer" : "reception.registeredRefer", { handlers: joinNames(handlers) })
      : t(protectedPerson ? "reception.protectedNoHandler" : "reception.registeredNoHandler");
    box.append(el("p", { class: "answer-main", text: main }));
    const details = el("dl", { class: "meta" });
    details.append(
      el("dt", { text: t("reception.kind") }),
      el("dd", { text: t(`protection.${a.protection ?? "none"}`) }),
      el("dt", { text: t("reception.initials") }),
      el("dd", { text: a.initials ?? "" }),
    );
    box.append(details, el("p", { class: "hint", text: t("reception.sayNothing") }));
  } else if (answer.kind === "not-found") {
    box.append(el("p", { class: "answer-main", text: t("reception.noMatch") }));
  } else if (answer.kind === "invalid") {
    box.append(
      el("p", { class: "answer-main", text: t("reception.noMatch") }),
      el("p", { class: "hint", text: t("reception.exactOnly") }),
    );
  } else if (answer.kind === "rate-limited") {
    // Not an error of the user's: a limit, with what to do. No answer about any person.
    box.append(
      el("p", { class: "notice", text: errorText(answer.data) }),
      el("p", { class: "hint", text: t("reception.rateLimitedHint") }),
    );
  } else {
    box.append(el("p", { class: "error", text: errorText(answer.data) }));
  }
}

async function lookup(event) {
  event.preventDefault();
  const input = $("#lookup-input");
  const text = input.value.trim();
  if (!text) {
    answer = { kind: "invalid", data: null };
    render();
    input.focus();
    return;
  }
  try {
    const a = await busy($("#lookup-submit"), () => call("lookup", { text }));
    answer = { kind: a.found ? "found" : "not-found", data: a };
  } catch (err) {
    const kind =
      err.code === "INVALID_IDENTITY_NUMBER" || err.code === "INVALID_INPUT"
        ? "invalid"
        : err.code === "RATE_LIMITED"
          ? "rate-limited"
          : "error";
    answer = { kind, data: err };
  }
  render();
}

export default {
  init() {
    $("#lookup-form").addEventListener("submit", lookup);
  },
  enter() {
    $("#reception-work").hidden = true;
    checkMyAccess($("#view-reception"), (ready) => {
      $("#reception-work").hidden = !ready;
    });
  },
  relocalize: render,
  reset() {
    answer = null;
    $("#lookup-input").value = "";
    $("#reception-work").hidden = true;
    render();
  },
};
