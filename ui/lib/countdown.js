// A visible countdown to a deadline: the time left as m:ss, said again once a second, and one call
// when it runs out (on time, by its own timer: a value is never shown longer than the core's window).
// What the countdown says is the caller's (a catalog text); the seconds come from the contract.

/** `ms` as m:ss, rounded up (never below 0:00). */
export function formatRemaining(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/**
 * Calls `tick(msLeft)` now and about once a second until `until` (ms since the epoch), then `onEnd()`
 * once. Returns a function that stops it (without calling `onEnd`).
 */
export function countdown(until, tick, onEnd) {
  let done = false;
  let interval = null;
  let timeout = null;
  const stop = () => {
    done = true;
    window.clearInterval(interval);
    window.clearTimeout(timeout);
  };
  const step = () => {
    if (!done) {
      tick(until - Date.now());
    }
  };
  const left = until - Date.now();
  if (left <= 0) {
    stop();
    onEnd?.();
    return stop;
  }
  step();
  interval = window.setInterval(step, 1000);
  timeout = window.setTimeout(() => {
    if (!done) {
      stop();
      onEnd?.();
    }
  }, left);
  return stop;
}
