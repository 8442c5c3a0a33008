// Login and the first login's own password.
import { call } from "../lib/api.js";
import { $, busy, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";

let ctx;

async function submitLogin(event) {
  event.preventDefault();
  const form = $("#login-form");
  clearErrors(form);
  const user = $("#login-user");
  const pw = $("#login-password");
  const error = $("#login-error");
  if (!user.value.trim() || !pw.value) {
    const missing = user.value.trim() ? pw : user;
    showError(error, () => t("login.needBoth"), missing);
    missing.focus();
    return;
  }
  try {
    const state = await busy($("#login-submit"), () =>
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
    pw.focus();
  }
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
    const user = await busy($("#new-password-submit"), () => call("choose_password", { password: pw.value }));
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
