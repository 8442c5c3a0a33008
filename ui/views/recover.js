// The administrator's recovery with the recovery code on this workstation (#view-recover): when the
// keyring here lacks the vault's key (a new workstation, a lost keyring) or the admin's password is
// lost. The admin types the recovery code, their user name and a new password (twice); the core
// (`recover_admin`) binds the new password to this keyring and logs the admin in, and the accounts
// bound to the lost keyring are then listed as needing a new one-time password (views/accounts.js).
// Each refusal is said next to its input: a wrong code at the code, a name that is no active
// administrator at the name (without saying whether such a name exists), a weak password at the
// password. The recovery runs the password KDF: lib/busy.js shows that it is under way.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { $, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";

let ctx;

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The characters of a recovery code. */
export const RECOVERY_CODE_CHARS = 32;

/**
 * A typed recovery code as the core reads it (src/crypto/recovery_code.rs): case, spaces and hyphens
 * forgiven, O→0, I/L→1. The 32 characters, or null when it cannot be a code.
 */
export function normalizeRecoveryCode(text) {
  let out = "";
  for (const ch of String(text ?? "")) {
    const c = ch.toUpperCase();
    if (/\s|-/.test(c)) {
      continue;
    }
    const d = c === "O" ? "0" : c === "I" || c === "L" ? "1" : c;
    if (d.length !== 1 || !CROCKFORD.includes(d)) {
      return null;
    }
    out += d;
  }
  return out.length === RECOVERY_CODE_CHARS ? out : null;
}

const q = (id) => $(`#recover-${id}`);

function clearPasswords() {
  q("password").value = "";
  q("password2").value = "";
}

function clearAll() {
  q("code").value = "";
  q("code-show").checked = false;
  q("code").type = "password";
  clearPasswords();
  clearErrors(q("form"));
}

async function submit(event) {
  event.preventDefault();
  const form = q("form");
  clearErrors(form);
  const code = q("code");
  const user = q("user");
  const pw = q("password");
  const pw2 = q("password2");
  const say = (errorId, words, input) => {
    showError(q(errorId), words, input);
    input.focus();
  };
  if (!code.value.trim()) {
    say("code-error", () => t("recover.needCode"), code);
    return;
  }
  // A code that cannot be one is said before the core spends seconds on it.
  if (normalizeRecoveryCode(code.value) === null) {
    say("code-error", () => t("recover.codeFormat"), code);
    return;
  }
  if (!user.value.trim()) {
    say("user-error", () => t("recover.needUser"), user);
    return;
  }
  if (!pw.value) {
    say("password-error", () => t("password.needed"), pw);
    return;
  }
  if (pw.value !== pw2.value) {
    say("password2-error", () => t("password.mismatch"), pw2);
    return;
  }
  let admin;
  try {
    admin = await slowBusy(q("submit"), "busy.recovering", () =>
      call("recover_admin", { code: code.value.trim(), user: user.value.trim(), password: pw.value }),
    );
  } catch (err) {
    if (err.code === "WRONG_RECOVERY_CODE") {
      say("code-error", () => t("access.err.WRONG_RECOVERY_CODE"), code);
    } else if (err.code === "USER_NOT_FOUND" || err.code === "USER_DISABLED") {
      // Not an active administrator: said without telling whether the name exists.
      say("user-error", () => t("recover.notAdmin"), user);
    } else {
      showRefusal(err, { new_password: [q("password-error"), pw], user_name: [q("user-error"), user] }, [q("error")], {
        focusElse: q("submit"),
      });
    }
    return;
  }
  clearAll();
  ctx.loggedIn(admin);
}

export default {
  init(c) {
    ctx = c;
    q("form").addEventListener("submit", submit);
    q("code-show").addEventListener("change", (e) => {
      q("code").type = e.target.checked ? "text" : "password";
    });
    q("cancel").addEventListener("click", () => {
      clearAll();
      ctx.show("login", { focus: false });
      $("#login-recover").focus();
    });
  },
  /** Before showing the view: empty, with the name typed at login (if any). */
  prepare(userName) {
    clearAll();
    q("user").value = userName ?? "";
  },
  reset() {
    clearAll();
  },
};
