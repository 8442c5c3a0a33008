// The log filter's periods in the reader's local time, as the bounds the core compares with: RFC 3339 in
// UTC with milliseconds (`since` inclusive, `until` exclusive). Days are counted with the calendar
// (new Date(y, m, d + n)), so a change to or from summer time moves nothing. The weeks begin on Monday.

const two = (n) => String(n).padStart(2, "0");

const dayStart = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

const bounds = (from, until) => ({ since: from.toISOString(), until: until.toISOString() });

/** `today`, `week` or `month` around `now`, as {since, until}; null for any other name. */
export function period(name, now = new Date()) {
  const today = dayStart(now);
  if (name === "today") {
    return bounds(today, addDays(today, 1));
  }
  if (name === "week") {
    const monday = addDays(today, -((today.getDay() + 6) % 7));
    return bounds(monday, addDays(monday, 7));
  }
  if (name === "month") {
    return bounds(new Date(now.getFullYear(), now.getMonth(), 1), new Date(now.getFullYear(), now.getMonth() + 1, 1));
  }
  return null;
}

/** A local date written YYYY-MM-DD as a Date at its start. */
function localDay(s) {
  const [y, m, d] = s.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/** From the start of `from` to the end of `to` (both YYYY-MM-DD, local, either may be ""). */
export function dayRange(from, to) {
  return {
    since: from ? localDay(from).toISOString() : null,
    until: to ? addDays(localDay(to), 1).toISOString() : null,
  };
}

/** The local date (YYYY-MM-DD) an instant falls on; for an exclusive end, the day before it ends. */
export function localDate(iso, { exclusiveEnd = false } = {}) {
  const d = new Date(new Date(iso).getTime() - (exclusiveEnd ? 1 : 0));
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** This month, YYYY-MM (local). */
export function thisMonth(now = new Date()) {
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}`;
}
