// Every date and time the UI shows, in one form for every language: dates as YYYY-MM-DD, times as
// HH:MM on the 24-hour clock (HH:MM:SS where seconds matter, as in the log), in the reader's local
// time. No locale formatting (toLocale*String would make "01/12/2026" or "12/1/2026" in English).

const two = (n) => String(n).padStart(2, "0");

/** A date already written YYYY-MM-DD (the core's dates without a time): shown as it is. */
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value) {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** YYYY-MM-DD of a Date, an RFC 3339 time (local date) or a plain date; "" for nothing. */
export function isoDate(value) {
  if (value === null || value === undefined || value === "") {
    return "";
  }
  if (typeof value === "string" && PLAIN_DATE.test(value)) {
    return value;
  }
  const d = toDate(value);
  return d ? `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}` : String(value);
}

/** HH:MM (or HH:MM:SS with `seconds`) of a Date or an RFC 3339 time, local and 24-hour. */
export function isoTime(value, { seconds = false } = {}) {
  const d = value === null || value === undefined || value === "" ? null : toDate(value);
  if (!d) {
    return value ? String(value) : "";
  }
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return seconds ? `${hm}:${two(d.getSeconds())}` : hm;
}

/** YYYY-MM-DD HH:MM (or with seconds) of a Date or an RFC 3339 time, local. */
export function isoDateTime(value, { seconds = false } = {}) {
  const d = value === null || value === undefined || value === "" ? null : toDate(value);
  if (!d) {
    return value ? String(value) : "";
  }
  return `${isoDate(d)} ${isoTime(d, { seconds })}`;
}
