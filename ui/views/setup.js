// First run: create the vault, then show the recovery code once (confirmation required).
import { call } from "../lib/api.js";
import { $, busy, clearErrors, showError } from "../lib/dom.js";
import { showRefusal } from "../lib/errors.js";
import { t } from "../lib/i18n.js";

let ctx;
let adminName = "";

function clearRecovery() {
  $("#recovery-code").textContent = "";
  $("#recovery-confirm").checked = false;
  $("#recovery-continue").disabled = true;
}

async function create(event) {
  event.preventDefault();
  const form = $("#setup-form");
  clearErrors(form);
  const admin = $("#setup-admin");
  const pw = $("#setup-password");
  const pw2 = $("#setup-password2");
  const error = $("#setup-error");
  if (!admin.value.trim()) {
    showError(error, () => t("setup.needAdmin"), admin);
    admin.focus();
    return;
  }
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
    const created = await busy($("#setup-submit"), () =>
      call("create_vault", { admin: admin.value.trim(), password: pw.value }),
    );
    adminName = created.admin;
    pw.value = "";
    pw2.value = "";
    clearRecovery();
    $("#recovery-code").textContent = created.recovery_code;
    ctx.show("recovery");
  } catch (err) {
    showRefusal(err, { user_name: [error, admin], new_password: [error, pw] }, [error], {
      focusElse: $("#setup-submit"),
    });
  }
}

export default {
  init(c) {
    ctx = c;
    $("#setup-form").addEventListener("submit", create);
    $("#recovery-confirm").addEventListener("change", (e) => {
      $("#recovery-continue").disabled = !e.target.checked;
    });
    $("#recovery-continue").addEventListener("click", () => {
      if (!$("#recovery-confirm").checked) {
        return;
      }
      // The code leaves the page now: it is shown once only.
      clearRecovery();
      ctx.toLogin(null, { userName: adminName });
    });
  },
  prepare(vaultDir) {
    $("#setup-vault-dir").textContent = vaultDir ?? "";
  },
  reset() {
    clearRecovery();
    $("#setup-password").value = "";
    $("#setup-password2").value = "";
  },
};
