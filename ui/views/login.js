// Login and the first login's own password. A login refused because this workstation's keyring lacks
// the vault's key (DEVICE_SECRET_MISSING) points the administrator to the recovery with the recovery
// code (views/recover.js), which the login view offers always as a secondary way
// (#login-recover); NEEDS_NEW_PASSWORD (an account bound to another workstation's keyring, after a
// recovery here) is said in its own words. Logging in and choosing the first password run the password
// KDF: lib/busy.js shows that they are under way.
import { call } from "../lib/api.js";
import { slowBusy } from "../lib/busy.js";
import { $, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";
import recover from "./recover.js";

let ctx;

async function submitLogin(event) {
  event.preventDefault();
  const form = $("#login-form");
  clearErrors(form);
  const user = $("#login-user");
  const pw = $("#login-password");
  const error = $("#login-error");
  $("#login-recover-hint").hidden = true;
  if (!user.value.trim() || !pw.value) {
    const missing = user.value.trim() ? pw : user;
    showError(error, () => t("login.needBoth"), missing);
    missing.focus();
    return;
  }
  try {
    const state = await slowBusy($("#login-submit"), "busy.login", () =>
      call("login", { user: user.value.trim(), password: pw.value }),
    );
    pw.value = "";
    if (state.state === "must_change_password") {
      clearErrors($("#first-password-form"));
      ctx.show("first-password");
    } else {
      ctx.loggedIn(state.user);
    }
  } catch (err) {
    pw.value = "";
    showError(error, err, [user, pw]);
    // The keyring lacks the vault's key: an administrator can recover here with the recovery code.
    $("#login-recover-hint").hidden = err.code !== "DEVICE_SECRET_MISSING";
    pw.focus();
  }
}

/** The recovery with the recovery code (views/recover.js), with the name typed at login. */
function openRecover() {
  $("#login-password").value = "";
  recover.prepare($("#login-user").value.trim());
  ctx.show("recover");
}

async function submitNewPassword(event) {
  event.preventDefault();
  const form = $("#first-password-form");
  clearErrors(form);
  const pw = $("#new-password");
  const pw2 = $("#new-password2");
  const error = $("#new-password-error");
  if (!pw.value) {
    showError(error, () => t("password.needed"), pw);
    pw.focus();
    return;
  }
  if (pw.value !== pw2.value) {
    showError(error, () => t("password.mismatch"), pw2);
    pw2.focus();
    return;
  }
  try {
    const user = await slowBusy($("#new-password-submit"), "busy.saving", () => call("choose_password", { password: pw.value }));
    pw.value = "";
    pw2.value = "";
    ctx.loggedIn(user);
  } catch (err) {
    if (err.code === "SESSION_LOCKED") {
      pw.value = "";
      pw2.value = "";
      ctx.toLogin("refused");
      return;
    }
    showRefusal(err, { new_password: [error, pw] }, [error], { focusElse: pw });
  }
}

export default {
  init(c) {
    ctx = c;
    $("#login-form").addEventListener("submit", submitLogin);
    $("#first-password-form").addEventListener("submit", submitNewPassword);
    $("#login-recover").addEventListener("click", openRecover);
    $("#login-recover-now").addEventListener("click", openRecover);
    // Leaving the first login: the core forgets it (lock), the user starts again at login.
    $("#new-password-cancel").addEventListener("click", async () => {
      $("#new-password").value = "";
      $("#new-password2").value = "";
      try {
        await call("lock");
      } catch {
        /* nothing was open */
      }
      ctx.toLogin(null);
    });
  },
  /** Before showing the login view: the last user's name filled in, the password empty. */
  prepare(userName) {
    clearErrors($("#login-form"));
    $("#login-recover-hint").hidden = true;
    $("#login-password").value = "";
    if (userName) {
      $("#login-user").value = userName;
    }
  },
  reset() {
    $("#login-password").value = "";
    $("#new-password").value = "";
    $("#new-password2").value = "";
    clearErrors($("#first-password-form"));
  },
};
