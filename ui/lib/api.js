// The only way the UI talks to the shell: Tauri's invoke, looked up at call time (so tests can put a
// mock in place before the app loads). Errors arrive as {code, message, field?, rule?, seconds?}:
// `field` (one of the contract's INPUTS) and `rule` with INVALID_INPUT, `rule` with
// INVALID_IDENTITY_NUMBER and WEAK_PASSWORD (with `field: "new_password"`), `seconds` with
// LOGIN_DELAYED. `message` is English developer text: the UI never shows it (lib/i18n.js, errorText).

export class ApiError extends Error {
  constructor({ code, message, field, rule, seconds }) {
    super(message || code);
    this.name = "ApiError";
    this.code = code;
    this.field = typeof field === "string" ? field : null;
    this.rule = typeof rule === "string" ? rule : null;
    this.seconds = typeof seconds === "number" ? seconds : null;
  }
}

let onLocked = null;

/** Called whenever the core answers SESSION_LOCKED: the UI goes back to login. */
export function whenSessionLocked(fn) {
  onLocked = fn;
}

function toApiError(e) {
  if (e instanceof ApiError) {
    return e;
  }
  if (e && typeof e === "object" && typeof e.code === "string") {
    return new ApiError(e);
  }
  // A failure of the IPC itself (a string from Tauri): no code of the core.
  return new ApiError({ code: "IPC", message: String(e) });
}

export async function call(command, args = {}) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== "function") {
    throw new ApiError({ code: "NO_BACKEND", message: "the Tauri IPC is not available" });
  }
  try {
    return await invoke(command, args);
  } catch (e) {
    const err = toApiError(e);
    if (err.code === "SESSION_LOCKED" && onLocked && command !== "lock") {
      onLocked("refused");
    }
    throw err;
  }
}

/** Listens for an event from the shell; returns false when there is no event API (mocked IPC). */
export async function listen(event, handler) {
  const api = window.__TAURI__?.event;
  if (!api || typeof api.listen !== "function") {
    return false;
  }
  await api.listen(event, handler);
  return true;
}
