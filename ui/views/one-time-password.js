// A one-time (initial) password for an account: made by the core (`generate_password`, the default) and
// shown once — large, monospace, in whole groups, to be written down or read aloud to the person, not
// copied — or typed by the administrator. The add-user form (views/accounts.js) and the reset/enable
// dialog (views/account-dialogs.js) each hold one. The password leaves the page when it has been sent,
// when the form is cleared and on lock; the core checks it against the vault's policy either way.
import { call } from "../lib/api.js";
import { $, busy, clearError, el, showError } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

/** "k7qd-m2xa-9rtb" → ["k7qd", "m2xa", "9rtb"]. */
export function passwordGroups(text) {
  return String(text ?? "")
    .split(/[\s-]+/)
    .filter(Boolean);
}

/**
 * The chooser whose elements are `#<p>-pw-generate` / `#<p>-pw-own` (the two ways), `#<p>-generate`
 * (asks the core for one), `#<p>-otp-box` with `#<p>-otp-shown` (`#<p>-otp`: the groups,
 * `#<p>-otp-spoken`: spelled out for a screen reader), `#<p>-password-field` / `#<p>-password` (typed)
 * and `#<p>-pw-error`.
 */
export function oneTimePassword(p) {
  const q = (what) => $(`#${p}-${what}`);
  let shown = null; // the generated password on show
  let asked = 0; // only the latest answer is shown; a clear drops one on its way

  const own = () => q("pw-own").checked;

  function render() {
    q("otp-box").hidden = own();
    q("password-field").hidden = !own();
    const groups = own() ? [] : passwordGroups(shown);
    const parts = [];
    for (const [i, g] of groups.entries()) {
      if (i > 0) {
        parts.push(el("span", { class: "otp-sep", "aria-hidden": "true" }, "-"));
      }
      parts.push(el("span", { class: "otp-group" }, g));
    }
    q("otp").replaceChildren(...parts);
    q("otp-spoken").textContent = groups.map((g) => g.split("").join(" ")).join(", ");
    q("otp-shown").hidden = groups.length === 0;
    q("generate").textContent = t(shown ? "otp.again" : "otp.generate");
  }

  function clearOwnError() {
    clearError(q("pw-error"), q("password"));
  }

  /** Asks the core for a new one and shows it (an earlier one on show is replaced). */
  async function generate() {
    const mine = ++asked;
    clearOwnError();
    try {
      const password = await busy(q("generate"), () => call("generate_password"));
      if (mine !== asked) {
        return;
      }
      shown = typeof password === "string" && password ? password : null;
      render();
    } catch (err) {
      if (mine === asked) {
        showError(q("pw-error"), err);
      }
    }
  }

  return {
    init() {
      for (const radio of [q("pw-generate"), q("pw-own")]) {
        radio.addEventListener("change", () => {
          clearOwnError();
          if (own()) {
            // The generated one is not kept while the admin types their own.
            asked += 1;
            shown = null;
          }
          render();
        });
      }
      q("generate").addEventListener("click", generate);
      q("password").addEventListener("input", () => {
        if (q("password").getAttribute("aria-invalid") === "true") {
          clearOwnError();
        }
      });
      render();
    },
    generate,
    /** The password to send, or null after saying at the chooser what is missing. */
    take() {
      const error = q("pw-error");
      if (own()) {
        if (!q("password").value) {
          showError(error, () => t("password.needed"), q("password"));
          q("password").focus();
          return null;
        }
        return q("password").value;
      }
      if (!shown) {
        showError(error, () => t("otp.needGenerate"));
        q("generate").focus();
        return null;
      }
      return shown;
    },
    /** Where the core's refusal of the password goes (errors.js: `[errorEl, control?]`). */
    place() {
      return own() ? [q("pw-error"), q("password")] : [q("pw-error")];
    },
    /** The control to go back to after a refusal. */
    control() {
      return own() ? q("password") : q("generate");
    },
    /** Nothing of the password stays in the page; the chooser is back on "generate". */
    clear() {
      asked += 1;
      shown = null;
      q("password").value = "";
      q("pw-generate").checked = true;
      clearOwnError();
      render();
    },
    relocalize: render,
  };
}
