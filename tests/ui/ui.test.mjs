// UI checks of ui/ in headless Chromium with the Tauri IPC mocked (mock-tauri.js):
// - every view (setup, recovery, login, first password, case handler with results, card, form error
//   and the reveal dialog, reception with an answer, log reviewer with rows, admin with users), in
//   Swedish and in English, scanned by axe-core for WCAG 2.0/2.1 A and AA: any serious or critical
//   violation fails;
// - a keyboard-only walk through the case handler's flow, with visible focus at every step, and through
//   the data-access dialogs (grant, grant with the recovery code, revoke) in both languages;
// - data access: the waiting account's own key, a case handler's grant (right and wrong key), the
//   admin's grant with the recovery code, revoke and enable, the search's "showing n of m" notice,
//   the reviewer's search-term-hash filter; the catalogs have the same keys and cover every key used;
// - the protection marking and the restriction of processing: their own dialogs with a reason (an empty
//   or refused reason shown next to the field), lifting only with "the person has been told", the edit
//   form without them, rectification of a restricted card, emergency access to a restricted person and
//   a rate-limited lookup said in words; get_settings only from the admin view; keyboard walks through
//   the new dialogs in both languages;
// - copying: a revealed value cannot be selected (double/triple click, drag, Ctrl+A, select-all, a
//   script's selection), copied, cut or dragged; screen readers still get it; the copy button works;
// - "Mina personer": only the handler's persons, sorted by a header (aria-sort), paged 25 at a time
//   without asking the core again, a row opens the card; "Visa namn" asks one purpose and makes one
//   names_revealed entry naming the page's refs, with a countdown, masked again; "Bevakningar" overdue
//   first, in words; a group reveal (one dialog, one entry, three values with countdowns, buttons in
//   place, "Kopierat" next to its button); emergency access by personnummer, a wrong check digit at the
//   person field; the search by ref; keyboard walks through the list in both languages;
// - the admin's accounts and assignments: a generated one-time password shown once in whole groups and
//   sent to add_user, disabling only after a confirmation, the table's last login, failed logins and
//   lock-out in words, the details dialog with a refused phone at the phone field, the overview by
//   handler with the persons without one, the bulk move with its count, LAST_HANDLER as a refusal, the
//   reception's clearing time as a setting; the reception: a wrong check digit at the input (no
//   "Ingen träff"), "Ingen träff" with what to do, a referral by display name, unit and phone, the
//   answer cleared after the core's time and on new input; keyboard walks through the new dialogs;
// - the UI keeps to the contract: only real commands with the right arguments (mock violations), no
//   CSP violations under the app's own CSP, no uncaught errors;
// - the core's generated contract (ui/generated/contract.js): the mock takes its lists and limits from
//   it, the catalogs have a text for every name in it (as tests/ui_contract.rs requires), the UI offers
//   exactly its lists (also when it changes), and a refusal's `field`/`rule`/`seconds` are said in words
//   at the right control, in both languages, never with the core's English `message`;
// - the case handler's day (issue #10): the warning before the idle lock (a live countdown, "Fortsätt
//   arbeta" → keep_working, any other command hides it, a 4 s limit without a busy loop), an unsaved
//   form kept once with keep_draft and offered back after the next login (restored without saving, or
//   dropped), the journal (a purpose, entries with corrections marked, add_note and corrections, an
//   empty note refused at the text box, masked again), the edit form's masked fields (reveal for
//   `rattelse`, clearing sends ""), axe on all of it in both languages and a keyboard walk;
// - the administrator's recovery (issue 10) with the recovery code from the login view (pointed to after
//   DEVICE_SECRET_MISSING), NEEDS_NEW_PASSWORD and the accounts that need a new one-time password, the
//   busy state of every command that runs the password KDF (one call however often pressed), the
//   recovery code in whole groups, printed alone and typed back, a calm focus style, dates as YYYY-MM-DD
//   and times as HH:MM in both languages; axe and a keyboard walk in both languages.
// - data-subject requests (issue #11): the worklist "Begäranden från enskilda" in the core's order with
//   the week's count and overdue in words, the request page step by step (identity, the harm assessment a
//   protected person needs — HARM_ASSESSMENT_REQUIRED said in Swedish —, the extract previewed with every
//   section and "Ingen uppgift", written with a temporary folder and an existing file refused at the path
//   and the reminder that the file is outside the vault, an erasure only after the ref is typed, the
//   restriction with its ground and the lift with the day told, closing and extending), the card's rights,
//   every value in words in both catalogs, axe in both languages and a keyboard-only walk.
// - the incident register (GDPR art. 33–34): the admin's "Uppgifter" and the granskare's "Incidenter"
//   (one panel, in the view of whoever is logged in), "Öppna incident" (discovered now by default, the
//   notes on public documents and protected persons), the 72-hour clock in words at every stage with a
//   sign and an outline for the warnings and the 24/48-hour ones said politely, the card with every
//   field labelled and the change history, the admin's edit form sending only the fields changed, a
//   late notification's delay reason marked required and the core's refusal said in Swedish next to it,
//   the granskare's card read-only, the mock's commands the app's (src-tauri/build.rs), axe on the list,
//   the card and the form in both languages and a keyboard-only walk.
// - importing a participant list (issue #14): the case handler's "Importera deltagarlista" only, the
//   core's guess of the columns and a column changed and checked again, the counts and every problem in
//   words (never a code or a cell's value), the import disabled with its reason until every problem row
//   is left out, one confirmation, the result with the file to destroy and the caseload asked again, the
//   file's and the columns' refusals at their place, axe in both languages and a keyboard-only walk.
// - the reception desk with no vault (issue #14): desk_mode asked first (null: the app as before), a
//   desk not set up made one (the fingerprint large in groups, the key read-only to copy, what to do
//   with them), the register's status and its expiry in words, the operator asked once, exact lookups
//   (a hit's referral and a miss's date and meaning in words, a wrong check digit at the input, the
//   answer and the typed text cleared after DESK_CLEAR_SECONDS), each refusal of an install in its own
//   words at the field it concerns, axe in both languages and a keyboard-only walk.
// - the reception register exported for a desk (issue #14): the case handler's panel only, the typed key,
//   fingerprint, days and path sent, the result in words with the handler's own fingerprint to read
//   aloud, a wrong fingerprint, a bad key, days out of range and an existing path each at their field,
//   axe in both languages; the backup's reminder as the core decides it (backup_status.remind).
// Screenshots go to artifacts/ui/. Run: cd tests/ui && npm ci && npm test (make test does both).

import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync, readdirSync, mkdirSync, rmSync, existsSync, statSync, createReadStream } from "node:fs";
import { join, resolve, extname, sep } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

import { installTauriMock } from "./mock-tauri.js";

const require = createRequire(import.meta.url);
const repo = resolve(new URL("../..", import.meta.url).pathname);
const UI = join(repo, "ui");
const ARTIFACTS = resolve(process.env.UI_ARTIFACTS ?? join(repo, "artifacts/ui"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CONF = JSON.parse(readFileSync(join(repo, "src-tauri/tauri.conf.json"), "utf8"));
const CONTRACT_FILE = join(UI, "generated/contract.js");
const CONTRACT_SOURCE = readFileSync(CONTRACT_FILE, "utf8");
/** The exports of ui/generated/contract.js (read as source: ui/ has no package.json saying "module"). */
const CONTRACT = { ...(await import(`data:text/javascript;base64,${Buffer.from(CONTRACT_SOURCE).toString("base64")}`)) };
const CSP = typeof CONF.app?.security?.csp === "string" ? CONF.app.security.csp : "default-src 'self'; object-src 'none'";

rmSync(ARTIFACTS, { recursive: true, force: true });
mkdirSync(ARTIFACTS, { recursive: true });

// ---- a tiny static server for ui/, with the app's CSP ---------------------------------------------
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(UI, "." + path);
    if (!(file === UI || file.startsWith(UI + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-security-policy": CSP,
      "cache-control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// ---- browser and pages ------------------------------------------------------------------------------
let server;
let browser;
let base;
const texts = {}; // view → lang → visible text, to check that the catalogs apply

before(async () => {
  assert.ok(existsSync(join(UI, "index.html")), "ui/index.html is missing");
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

/**
 * A fresh page with the mock installed; `problems` collects CSP violations and uncaught errors.
 * `contract` replaces the generated contract for this page (the UI's and the mock's); `timezoneId` the
 * browser's time zone (the log filter's periods are the reader's local time).
 */
async function openApp(mockConfig = {}, { contract, timezoneId } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: "sv-SE", reducedMotion: "reduce", ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`uncaught error: ${e.message}`));
  page.on("console", (m) => {
    // Failed loads are reported by URL below (Chromium asks for /favicon.ico on its own).
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console error: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push(`network request outside the app: ${r.url()}`);
  });
  if (contract) {
    const source = Object.entries(contract).map(([k, v]) => `export const ${k} = Object.freeze(${JSON.stringify(v)});`).join("\n");
    await page.route("**/generated/contract.js", (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", headers: { "content-security-policy": CSP }, body: source }),
    );
  }
  await page.addInitScript(installTauriMock, { ...mockConfig, contract: contract ?? CONTRACT });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber || ""})`),
    );
  });
  await page.goto(base);
  return { page, context, problems };
}

async function close({ page, context, problems }) {
  const v = await page.evaluate(() => ({ violations: window.__mock?.violations ?? [], csp: window.__csp ?? [] })).catch(() => ({ violations: [], csp: [] }));
  await context.close();
  const all = [
    ...v.violations.map((x) => `contract: ${x}`),
    ...v.csp.map((x) => `CSP violation: ${x}`),
    ...problems,
  ];
  assert.deepEqual(all, [], `the UI broke the contract or the CSP:\n  - ${all.join("\n  - ")}`);
}

async function visibleViews(page) {
  return page.evaluate(() => [...document.querySelectorAll("section.view")].filter((v) => !v.hidden).map((v) => v.id));
}

async function waitView(page, id, timeout = 5000) {
  try {
    await page.waitForFunction(
      (want) => {
        const v = [...document.querySelectorAll("section.view")].filter((x) => !x.hidden).map((x) => x.id);
        return v.length === 1 && v[0] === want;
      },
      id,
      { timeout },
    );
  } catch {
    const status = await page.locator("#status").innerText().catch(() => null);
    assert.fail(`expected exactly #${id} visible; visible views: ${JSON.stringify(await visibleViews(page))}, #status: ${JSON.stringify(status)}`);
  }
}

async function setLang(page, lang) {
  await page.locator("#protection-banner").waitFor({ state: "visible" });
  const current = await page.evaluate(() => document.documentElement.lang);
  assert.equal(current, "sv", "the UI must start in Swedish (<html lang=\"sv\">)");
  if (lang === "en") {
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en", null, { timeout: 3000 }).catch(() => {
      assert.fail("#lang-switch did not switch <html lang> to en");
    });
  }
}

async function login(page, user, password = "rätt lösenord 2024") {
  await waitView(page, "view-login");
  await page.fill("#login-user", user);
  await page.fill("#login-password", password);
  await page.click("#login-submit");
}

async function pickOption(page, css, prefer) {
  const values = await page.$$eval(`${css} option`, (os) => os.filter((o) => !o.disabled).map((o) => o.value));
  const v = [].concat(prefer).find((p) => values.includes(p)) ?? values.find((x) => x);
  assert.ok(v, `${css} has no option`);
  await page.selectOption(css, v);
  return v;
}

// ---- axe ------------------------------------------------------------------------------------------------
async function axe(page, label) {
  const has = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!has) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 160) })),
    }));
  }, AXE_TAGS);
  const serious = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  const minor = result.filter((v) => !serious.includes(v));
  for (const v of minor) {
    console.log(`  note (${label}): ${v.impact} ${v.id} — ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
  }
  if (serious.length) {
    const text = serious
      .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n` + v.nodes.map((n) => `    - ${n.target}\n        ${n.html}\n        ${(n.summary || "").replace(/\n/g, "\n        ")}`).join("\n"))
      .join("\n");
    console.log(`\naxe: ${serious.length} serious/critical violation(s) in ${label}:\n${text}\n`);
    assert.fail(`${serious.length} serious or critical axe violation(s) in ${label}: ${serious.map((v) => v.id).join(", ")} (details above)`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Scan, screenshot, remember the text of the visible view. */
async function check(page, lang, view) {
  const label = `${view} (${lang})`;
  await page.evaluate(() => document.fonts && document.fonts.ready);
  await shot(page, `${lang}-${view}`);
  const t = await page.evaluate(() => {
    const v = [...document.querySelectorAll("section.view")].find((x) => !x.hidden);
    return v ? v.innerText : "";
  });
  (texts[view] ??= {})[lang] = t;
  assert.ok(await page.locator("#protection-banner").isVisible(), `#protection-banner is not visible in ${label}`);
  assert.ok((await page.locator("#protection-banner").innerText()).trim().length > 10, `#protection-banner is empty in ${label}`);
  await axe(page, label);
}

// ---- how to reach each view ----------------------------------------------------------------------------
const VIEWS = {
  async setup(page) {
    await waitView(page, "view-setup");
  },
  async recovery(page) {
    await waitView(page, "view-setup");
    await page.fill("#setup-admin", "admin");
    await page.fill("#setup-password", "Vinterbad vid Ljungsjön 73");
    await page.fill("#setup-password2", "Vinterbad vid Ljungsjön 73");
    await page.click("#setup-submit");
    await waitView(page, "view-recovery");
    assert.match(await page.locator("#recovery-code").innerText(), /K7QD-M2XA/);
    assert.ok(await page.locator("#recovery-continue").isDisabled(), "#recovery-continue is enabled before the confirmation");
  },
  async "setup-error"(page) {
    await waitView(page, "view-setup");
    await page.fill("#setup-admin", "admin");
    await page.fill("#setup-password", "kort");
    await page.fill("#setup-password2", "annat");
    await page.click("#setup-submit");
    await page.locator("#setup-error").waitFor({ state: "visible" });
    assert.ok((await page.locator("#setup-error").innerText()).trim(), "#setup-error is empty");
  },
  async login(page) {
    await waitView(page, "view-login");
  },
  async "login-error"(page) {
    await login(page, "hanna", "fel lösenord");
    await page.locator("#login-error").waitFor({ state: "visible" });
    assert.ok((await page.locator("#login-error").innerText()).trim(), "#login-error is empty");
  },
  async "first-password"(page) {
    await login(page, "ny");
    await waitView(page, "view-first-password");
  },
  async "handler-card"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.fill("#search-input", "a");
    await page.click("#search-submit");
    await page.locator("#search-results [data-person-ref]").first().waitFor();
    assert.equal(await page.locator("#search-results [data-person-ref]").count(), 2, "hanna sees her two assigned persons");
    await page.locator('#search-results [data-person-ref="P-7K2M-Q9XD-4T1B"]').click();
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#person-card", "data-person-ref"), "P-7K2M-Q9XD-4T1B");
    const body = await page.locator("body").innerText();
    assert.ok(!/Kanarie/.test(body), "a masked card shows a value");
    assert.match(await page.locator('#person-card [data-field="name"] .field-value').innerText(), /Å\. K\. L\./);
  },
  async "handler-reveal-dialog"(page) {
    await VIEWS["handler-card"](page);
    await page.click('#person-card [data-field="address"] .reveal-button');
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    assert.ok(await page.locator("#reveal-purpose").isVisible());
  },
  async "handler-revealed"(page) {
    await VIEWS["handler-reveal-dialog"](page);
    await pickOption(page, "#reveal-purpose", ["kontakt"]);
    await page.click("#reveal-confirm");
    await page.locator('#person-card [data-field="address"] .field-value', { hasText: "Kanariegatan 7" }).waitFor();
    assert.ok(await page.locator('#person-card [data-field="address"] .copy-button').isVisible(), "no .copy-button by the revealed value");
    const call = await page.evaluate(() => window.__mock.calls.filter((c) => c.cmd === "reveal_field").pop());
    assert.deepEqual(call.args, { personRef: "P-7K2M-Q9XD-4T1B", field: "address", purpose: call.args.purpose });
  },
  async "handler-form-error"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.click("#new-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    await page.fill("#pf-name", "Test Testsson");
    await page.fill("#pf-identity_number", "19850709-9806");
    await page.click("#pf-submit");
    await page.locator("#pf-identity_number-error").waitFor({ state: "visible" });
    assert.ok((await page.locator("#pf-identity_number-error").innerText()).trim(), "#pf-identity_number-error is empty");
    const a = await page.evaluate(() => {
      const i = document.querySelector("#pf-identity_number");
      return { invalid: i.getAttribute("aria-invalid"), describedby: i.getAttribute("aria-describedby") || "" };
    });
    assert.equal(a.invalid, "true", "#pf-identity_number lacks aria-invalid=\"true\" while in error");
    assert.ok(a.describedby.split(/\s+/).includes("pf-identity_number-error"), "#pf-identity_number is not aria-describedby its error");
  },
  async "handler-emergency-dialog"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.click("#emergency-button");
    await page.locator("#emergency-dialog").waitFor({ state: "visible" });
    assert.ok(await page.locator("#emergency-justification").isVisible(), "#emergency-justification is not visible");
  },
  async "handler-emergency-countdown"(page) {
    await VIEWS["handler-emergency-dialog"](page);
    // hugo's person: not assigned to hanna, so only emergency access opens it.
    if (await page.locator("#emergency-person").isVisible()) await page.fill("#emergency-person", "P-9QDT-1M4V-6YJE");
    await page.fill("#emergency-justification", "Akut samtal från skolan om hot mot barnet i dag");
    await page.click("#emergency-confirm");
    await page.locator("#emergency-countdown").waitFor({ state: "visible" });
    assert.match(await page.locator("#emergency-countdown").innerText(), /\d/, "#emergency-countdown shows no time");
    const call = await page.evaluate(() => window.__mock.calls.find((c) => c.cmd === "emergency_access"));
    assert.equal(call?.args.person, "P-9QDT-1M4V-6YJE");
  },
  async "handler-caseload"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#caseload-table tbody tr[data-person-ref]").first().waitFor();
    assert.equal(await page.locator("#caseload-table tbody tr[data-person-ref]").count(), 2, "hanna's caseload is not her two persons");
    await page.locator("#watchlist-list [data-person-ref]").first().waitFor();
    assert.ok(!/Kanarie/.test(await page.locator("body").innerText()), "the caseload shows a value");
  },
  async "handler-caseload-paged"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#caseload-pager").waitFor({ state: "visible" });
    await page.click("#caseload-next");
    await page.locator("#caseload-page", { hasText: /2/ }).waitFor();
  },
  async "handler-caseload-empty"(page) {
    await page.evaluate(() => window.__mock.persons.forEach((p) => (p.assigned = p.assigned.filter((u) => u !== "hanna"))));
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#caseload-empty").waitFor({ state: "visible" });
    assert.ok(!(await page.locator("#caseload-wrap").isVisible()), "an empty caseload shows an empty table");
  },
  async "handler-caseload-names"(page) {
    await VIEWS["handler-caseload"](page);
    await page.click("#caseload-reveal-names");
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    await pickOption(page, "#reveal-purpose", ["handlaggning"]);
    await page.click("#reveal-confirm");
    await page.locator("#caseload-table .field-value.revealed", { hasText: "Åsa Kanarie Lind" }).waitFor();
    await page.locator("#caseload-names-countdown").waitFor({ state: "visible" });
  },
  async "handler-group-revealed"(page) {
    await VIEWS["handler-card"](page);
    await page.click("#reveal-group-platsdata");
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    await pickOption(page, "#reveal-purpose", ["kontakt"]);
    await page.click("#reveal-confirm");
    await page.locator('#person-card [data-field="municipality"] .field-value.revealed', { hasText: "Kanarieby" }).waitFor();
    await page.click("#copy-postcode");
    await page.locator("#copy-feedback-postcode").filter({ hasText: /\S/ }).waitFor();
  },
  async "handler-emergency-invalid"(page) {
    await VIEWS["handler-emergency-dialog"](page);
    await page.fill("#emergency-person", "761224-1238");
    await page.fill("#emergency-justification", "Akut samtal från skolan om hot mot barnet i dag");
    await page.click("#emergency-confirm");
    await page.locator("#emergency-person-error").waitFor({ state: "visible" });
  },
  async reception(page) {
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", "850709-9805");
    await page.click("#lookup-submit");
    await page.locator("#lookup-result", { hasText: "Hanna Lindqvist" }).waitFor();
    const r = await page.locator("#lookup-result").innerText();
    assert.ok(!/Kanarie|Åsa|Lind\b/.test(r), `the lookup answer shows more than the referral: ${r}`);
    await page.locator("#lookup-countdown").waitFor({ state: "visible" });
  },
  async "reception-not-found"(page) {
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", NOBODY);
    await page.click("#lookup-submit");
    await page.locator('#lookup-result[data-outcome="not-found"]').waitFor();
  },
  async "reception-invalid"(page) {
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", "19850709-9806");
    await page.click("#lookup-submit");
    await page.locator("#lookup-error").waitFor({ state: "visible" });
  },
  async reviewer(page) {
    await login(page, "greta");
    await waitView(page, "view-reviewer");
    const rows = page.locator("#log-table tr[data-seq]");
    await rows.first().waitFor({ timeout: 2000 }).catch(async () => {
      await page.click("#log-filter-apply");
      await rows.first().waitFor();
    });
    assert.ok((await page.locator("#log-table tr[data-seq].flagged").count()) > 0, "no flagged row is marked");
    await page.click("#verify-button");
    await page.locator("#verify-result").filter({ hasText: /\S/ }).waitFor();
  },
  // The loggkontroll: a broken chain first with the flags in words and their explanations, the review
  // form with a comment missing, the worklist with an overdue emergency access and a sample's tasks, the
  // sample drawn (and drawn again: refused at the month), the report with its chart, saved, and a bundle.
  async "reviewer-flags"(page) {
    await reviewerShown(page);
    assert.equal(await page.getAttribute("#log-table tbody tr:first-child", "data-seq"), "4", "the broken chain's entry is not first");
    assert.match(await page.getAttribute("#log-table tbody tr:first-child", "class"), /chain-broken/);
    await page.locator("#log-chain-alert").waitFor({ state: "visible" });
    await page.locator('#log-table tr[data-seq="8"] .flag-list li[data-flag="BREAK_GLASS"] .flag-why').filter({ hasText: /\S/ }).waitFor();
  },
  async "reviewer-entry-review"(page) {
    await reviewerShown(page);
    await page.click("#log-open-8");
    await page.locator("#log-entry-dialog").waitFor({ state: "visible" });
    await page.check("#log-review-outcome-med_anmarkning");
    await page.click("#log-review-submit");
    await page.locator("#log-review-comment-error").waitFor({ state: "visible" });
  },
  async "reviewer-tasks"(page) {
    await reviewerShown(page);
    await page.click("#log-sample-draw");
    await page.locator("#log-sample-done").waitFor();
    await page.locator('#log-tasks-table tr[data-kind="sample"]').first().waitFor();
    await page.locator('#log-tasks-table tr[data-task="E8"] [data-overdue="true"]').waitFor();
    await page.check("#log-tasks-show-done");
    await page.locator("#log-tasks-table").scrollIntoViewIfNeeded();
  },
  async "reviewer-sample"(page) {
    await reviewerShown(page);
    await page.click("#log-sample-draw");
    await page.locator("#log-sample-drawn li").first().waitFor();
    await page.click("#log-sample-draw");
    await page.locator('#log-sample-month-error[data-code="SAMPLE_ALREADY_DRAWN"]').waitFor();
  },
  async "reviewer-report"(page) {
    await reviewerShown(page);
    await page.fill("#log-report-month", await seededMonth(page));
    await page.click("#log-report-preview-button");
    await page.locator("#log-report-chart svg").waitFor();
    await page.click("#log-report-chart-details summary");
    await page.fill("#log-report-path", "/home/greta/Dokument/loggkontroll.pdf");
    await page.click("#log-report-save-pdf");
    await page.locator("#log-report-written .ok").waitFor();
    await page.fill("#log-bundle-path", "/home/greta/Dokument/loggpaket.json");
    await page.click("#log-bundle-export");
    await page.locator("#log-bundle-result").waitFor({ state: "visible" });
  },
  // Bundles of two workstations in one view: a missing period and a refused file.
  async "reviewer-import"(page) {
    await reviewerShown(page);
    await importBundles(page);
    await page.locator("#log-import-answer .import-missing").waitFor();
    await page.locator('#log-import-refused li[data-problem="altered"]').waitFor();
  },
  // The incident register: the admin's list with every stage of the clock (the warnings said), an
  // incident's card, the edit form with the delay reason required; the granskare's read-only register.
  async "admin-incidents"(page) {
    await incidentsShown(page, "admin");
    await page.locator("#incidents-warnings li").first().waitFor();
  },
  async "admin-incident-card"(page) {
    await incidentsShown(page, "admin");
    await openIncidentCard(page, await incidentId(page, 1));
  },
  async "admin-incident-edit"(page) {
    await incidentsShown(page, "admin");
    await openIncidentCard(page, await incidentId(page, 2));
    await page.click("#incident-edit");
    await page.locator("#incident-edit-form").waitFor({ state: "visible" });
    await page.selectOption("#incident-edit-imy_notified", "true");
    await page.fill("#incident-edit-imy_notified_at", await localMinute(page, hoursAgo(1)));
    await page.locator("#incident-edit-delay_reason").waitFor({ state: "visible" });
    await page.click("#incident-edit-submit");
    await page.locator("#incident-edit-delay_reason-error").filter({ hasText: /\S/ }).waitFor();
  },
  // Gallring: the handler's sweep with a proposed list; a done list with its certificate saved (vera
  // approved hanna's list); the admin's art. 30 export and an incident card with its export.
  async "handler-sweep"(page) {
    await sweepShown(page, "hanna");
    await proposeList(page);
  },
  async "handler-sweep-done"(page) {
    await sweepShown(page, "hanna");
    const id = await proposeList(page);
    await page.click("#lock-button");
    await sweepShown(page, "vera");
    await approveList(page, id);
    await page.fill("#sweep-cert-path", "/home/vera/Dokument/intyg.pdf");
    await page.click(`#sweep-cert-${id}-pdf`);
    await page.locator("#sweep-cert-written p").waitFor();
  },
  async "admin-duties"(page) {
    await incidentsShown(page, "admin");
    await page.fill("#register-save-path", "/tmp/register.csv");
    await page.click("#register-save-csv");
    await page.locator("#register-save-path-error").filter({ hasText: /\S/ }).waitFor();
    await openIncidentCard(page, await incidentId(page, 2));
    await page.locator("#incident-export").waitFor({ state: "visible" });
  },
  async "reviewer-incidents"(page) {
    await incidentsShown(page, "greta");
    await openIncidentCard(page, await incidentId(page, 1));
  },
  async admin(page) {
    await login(page, "admin");
    await waitView(page, "view-admin");
    await page.locator('#user-list tr.account[data-user=\"hanna\"]').waitFor();
    assert.ok((await page.locator('#user-list tr[data-user="ebbe"] [data-action="enable"]').count()) === 1, "a disabled user has no enable button");
    await page.locator('#admin-pending tr[data-pending-user="vera"]').waitFor();
  },
  async "handler-awaiting"(page) {
    await login(page, "vera");
    await waitView(page, "view-handler");
    await page.locator("#view-handler #awaiting-access").waitFor({ state: "visible" });
    assert.equal((await page.locator("#my-fingerprint").innerText()).trim(), "H3KW-7PZD-Q9XM");
    for (const css of ["#search-input", "#new-person-button", "#emergency-button", "#pending-access"]) {
      assert.ok(!(await page.locator(css).isVisible()), `${css} is offered while the account waits for data access`);
    }
  },
  async "reception-awaiting"(page) {
    await login(page, "rolf");
    await waitView(page, "view-reception");
    await page.locator("#view-reception #awaiting-access").waitFor({ state: "visible" });
    assert.equal((await page.locator("#my-fingerprint").innerText()).trim(), "R5NB-2YTC-8GVA");
    assert.ok(!(await page.locator("#lookup-input").isVisible()), "#lookup-input is offered while the account waits");
  },
  async "handler-grant-dialog"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator('#pending-access tr[data-pending-user="vera"] [data-action="grant"]').click();
    await page.locator("#grant-dialog").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "grant-fingerprint"), "grant-fingerprint", "the grant dialog did not put focus in #grant-fingerprint");
  },
  async "handler-grant-error"(page) {
    await VIEWS["handler-grant-dialog"](page);
    await page.fill("#grant-fingerprint", "H3KW-7PZD-Q9XN");
    await page.click("#grant-confirm");
    await page.locator("#grant-error").waitFor({ state: "visible" });
  },
  async "handler-search-limited"(page) {
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.fill("#search-input", "a");
    await page.click("#search-submit");
    await page.locator("#search-limit").waitFor({ state: "visible" });
  },
  async "admin-recovery-grant-dialog"(page) {
    await VIEWS.admin(page);
    await page.locator('#admin-pending tr[data-pending-user="vera"] [data-action="grant-recovery"]').click();
    await page.locator("#recovery-grant-dialog").waitFor({ state: "visible" });
  },
  async "admin-recovery-grant-error"(page) {
    await VIEWS["admin-recovery-grant-dialog"](page);
    await page.fill("#recovery-grant-code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
    await page.fill("#recovery-grant-fingerprint", "H3KW-7PZD-Q9XM");
    await page.click("#recovery-grant-confirm");
    await page.locator("#recovery-grant-error").waitFor({ state: "visible" });
  },
  async "admin-revoke-dialog"(page) {
    await VIEWS.admin(page);
    await page.locator('#user-list tr[data-user="hanna"] [data-action="revoke"]').click();
    await page.locator("#revoke-dialog").waitFor({ state: "visible" });
  },
  async "admin-enable-dialog"(page) {
    await VIEWS.admin(page);
    await page.locator('#user-list tr[data-user="ebbe"] [data-action="enable"]').click();
    await page.locator("#reset-dialog").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#reset-dialog", "data-mode"), "enable");
    await page.locator("#reset-otp .otp-group").first().waitFor();
  },
  async "admin-generated-password"(page) {
    await VIEWS.admin(page);
    await page.fill("#user-add-name", "nils");
    await page.click("#user-add-generate");
    await page.locator("#user-add-otp .otp-group").first().waitFor();
  },
  async "admin-disable-dialog"(page) {
    await VIEWS.admin(page);
    await page.locator('#assignments-table tr[data-handler="hugo"]').waitFor();
    await page.locator('#user-list tr[data-user="hugo"] [data-action="disable"]').click();
    await page.locator("#disable-dialog").waitFor({ state: "visible" });
    await page.locator("#disable-handler").waitFor({ state: "visible" });
  },
  async "admin-details-error"(page) {
    await VIEWS.admin(page);
    await page.locator('#user-list tr[data-user="hugo"] [data-action="details"]').click();
    await page.locator("#details-dialog").waitFor({ state: "visible" });
    await page.fill("#details-phone", "ring mig");
    await page.click("#details-confirm");
    await page.locator("#details-phone-error").waitFor({ state: "visible" });
  },
  async "admin-assignments"(page) {
    await VIEWS.admin(page);
    await page.locator('#assignments-table tr[data-handler="hanna"]').waitFor();
    await page.locator("#assignments-without").waitFor({ state: "visible" });
    await page.locator("#assignments").scrollIntoViewIfNeeded();
  },
  async "admin-reassign-dialog"(page) {
    await VIEWS["admin-assignments"](page);
    await page.selectOption("#reassign-from", "hanna");
    await page.selectOption("#reassign-to", "vera");
    await page.click("#reassign-submit");
    await page.locator("#reassign-dialog").waitFor({ state: "visible" });
  },
  async "admin-last-handler"(page) {
    await VIEWS["admin-assignments"](page);
    await page.fill("#assign-person", ASA);
    await page.selectOption("#assign-user", "hanna");
    await page.click("#unassign-submit");
    await page.locator('#assign-error[data-code="LAST_HANDLER"]').waitFor();
  },
  async "handler-protection-dialog"(page) {
    await VIEWS["handler-card"](page);
    await page.click("#protection-button");
    await page.locator("#protection-dialog").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "protection-kind"), "protection-kind", "the dialog did not put focus on #protection-kind");
  },
  async "handler-protection-error"(page) {
    await VIEWS["handler-protection-dialog"](page);
    await page.fill("#protection-review", "2027-03-01");
    await page.click("#protection-confirm");
    await page.locator("#protection-reason-error").waitFor({ state: "visible" });
    // The person has a note on the protection: it must be written again, or it would be lost.
    await page.locator("#protection-note-error").waitFor({ state: "visible" });
  },
  async "handler-restrict-dialog"(page) {
    await VIEWS["handler-card"](page);
    await page.click("#restrict-button");
    await page.locator("#restrict-dialog").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#restrict-dialog", "data-mode"), "restrict");
    assert.ok(!(await page.locator("#restrict-told").isVisible()), "#restrict-told is asked when restricting");
  },
  async "handler-restricted-card"(page) {
    await VIEWS["handler-restrict-dialog"](page);
    await page.fill("#restrict-reason", "Personen har bestritt att uppgifterna stämmer");
    await page.click("#restrict-confirm");
    await page.locator("#restricted-notice").waitFor({ state: "visible" });
    assert.equal(await page.locator("#person-card .reveal-button").count(), 0, "a restricted card offers Show");
  },
  async "handler-lift-error"(page) {
    await VIEWS["handler-restricted-card"](page);
    await page.click("#lift-restriction-button");
    await page.locator("#restrict-dialog").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#restrict-dialog", "data-mode"), "lift");
    await page.fill("#restrict-reason", "Utredningen klar; underrättad per brev");
    await page.click("#restrict-confirm");
    await page.locator("#restrict-told-error").waitFor({ state: "visible" });
  },
  async "handler-rectify-form"(page) {
    await VIEWS["handler-restricted-card"](page);
    await page.click("#edit-person-button");
    await page.locator("#rectify-reason").waitFor({ state: "visible" });
    await page.fill("#pf-address", "Kanariegatan 9");
    await page.click("#pf-submit");
    await page.locator("#rectify-reason-error").waitFor({ state: "visible" });
  },
  async "reception-rate-limited"(page) {
    await login(page, "rut");
    await waitView(page, "view-reception");
    for (let i = 0; i < 3; i++) {
      await page.fill("#lookup-input", "850709-9805");
      await page.click("#lookup-submit");
      await page.waitForFunction(
        (n) => window.__mock.calls.filter((c) => c.cmd === "lookup").length === n && !document.querySelector("#lookup-submit").hasAttribute("aria-disabled"),
        i + 1,
      );
    }
    await page.locator('#lookup-result[data-outcome="rate-limited"]').waitFor();
  },
};

const VIEW_SETUP = {
  setup: { vaultExists: false },
  recovery: { vaultExists: false },
  "setup-error": { vaultExists: false },
  "handler-search-limited": { vaultExists: true, bulkPersons: 210 },
  "handler-caseload-paged": { vaultExists: true, bulkPersons: 60 },
  "reception-rate-limited": { vaultExists: true, lookupsPerSession: 2 },
  "reviewer-flags": { vaultExists: true, logBrokenAt: 4 },
  // Getters: the seeded incidents are dated from the moment the test starts.
  get "admin-incidents"() {
    return { vaultExists: true, incidents: seededIncidents() };
  },
  get "admin-incident-card"() {
    return { vaultExists: true, incidents: seededIncidents() };
  },
  get "admin-incident-edit"() {
    return { vaultExists: true, incidents: seededIncidents() };
  },
  "handler-sweep": { vaultExists: true },
  "handler-sweep-done": { vaultExists: true, granted: ["vera"], sweepDue: 3 },
  get "admin-duties"() {
    return { vaultExists: true, incidents: seededIncidents() };
  },
  get "reviewer-incidents"() {
    return { vaultExists: true, incidents: seededIncidents() };
  },
};

/** greta's loggkontroll with the log and the worklist in place. */
async function reviewerShown(page) {
  await login(page, "greta");
  await waitView(page, "view-reviewer");
  await page.locator("#log-table tr[data-seq]").first().waitFor();
  await page.locator("#log-tasks-table tr[data-task]").first().waitFor();
}

/** Bundle files of two workstations, one of them altered after it was signed (the mock refuses it). */
const IMPORT_PATHS = ["/home/greta/Dokument/loggpaket-kansliet.json", "/home/greta/Dokument/loggpaket-mottagningen.json", "/home/greta/Dokument/loggpaket-edited.json"];
const IMPORT_KEYS = ["skyddsvalv/3f9c2a71/greta+8a41d2c7+AcW0mT3bq5Y1m0V2sJ8kqZp7Xh4nR9eLw6tG2fD1yUoB", "skyddsvalv/b81e5c07/bo+5d02e9f1+Qm8rT2vXk4nP7sL1wZ9cH3yB6dF0gJ5aE2uN8oR4tKi"];

/** The import panel filled with IMPORT_PATHS and IMPORT_KEYS and pressed; waits for the merged entries. */
async function importBundles(page) {
  await page.fill("#log-import-paths", IMPORT_PATHS.join("\n"));
  await page.fill("#log-import-keys", IMPORT_KEYS.join("\n"));
  await page.click("#log-import-submit");
  await page.locator("#log-import-table tbody tr").first().waitFor();
}

/** A time from the log as the UI's lib/dom.js localTime says it in the page. */
function pageLocalTime(page, iso) {
  return page.evaluate(async (at) => (await import("/lib/dom.js")).localTime(at), iso);
}

/** What the import panel must say of the mock's missing period (entries 11–20 of its first workstation). */
async function missingSentence(page, lang) {
  const at = (seq) => page.getAttribute(`#log-import-table tr[data-workstation^="3f9c2a71"][data-seq="${seq}"] time`, "datetime");
  return say(lang, "logImport.missing", { workstation: "3f9c2a71", after: 10, from: await pageLocalTime(page, await at(10)), before: 21, until: await pageLocalTime(page, await at(21)) });
}

/** The month (YYYY-MM, Swedish time) of the mock's seeded accesses: that of its emergency access. */
function seededMonth(page) {
  return page.evaluate(() =>
    new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit" }).format(new Date(window.__mock.log.find((e) => e.action === "emergency_access").at)),
  );
}

// ---- the tests -------------------------------------------------------------------------------------------
for (const lang of ["sv", "en"]) {
  describe(`axe-core, WCAG 2.1 A/AA, ${lang}`, () => {
    for (const view of Object.keys(VIEWS)) {
      test(`${view} has no serious or critical violations (${lang})`, async () => {
        const app = await openApp(VIEW_SETUP[view] ?? { vaultExists: true });
        try {
          await setLang(app.page, lang);
          await VIEWS[view](app.page);
          await check(app.page, lang, view);
        } catch (e) {
          await shot(app.page, `FAILED-${lang}-${view}`).catch(() => {});
          await app.context.close();
          throw e;
        }
        await close(app);
      });
    }
  });
}

test("every person field of the contract has its control in the person form", () => {
  // A field added to the core shows up on the card by itself; the form needs its control by hand.
  const html = readFileSync(join(UI, "index.html"), "utf8");
  const id = (name) => (name === "protection_note" ? "pf-protection-note" : `pf-${name}`);
  const missing = CONTRACT.FIELDS.map((f) => f.name).filter((name) => !html.includes(`id="${id(name)}"`));
  assert.deepEqual(missing, [], "person fields without a control in #person-form");
  assert.ok(CONTRACT.FIELDS.length >= 12, "the contract's fields were not read");
});

test("every view is translated: its text differs between sv and en", () => {
  const same = Object.entries(texts).filter(([, t]) => t.sv !== undefined && t.en !== undefined && t.sv.trim() === t.en.trim());
  assert.deepEqual(same.map(([v]) => v), [], "views that look the same in both languages");
});

/** The focused element, and whether its focus indicator is visible (an outline or a box-shadow). */
/**
 * The focused element's id once focus has had up to five seconds to reach `want`: views often
 * move the focus after the mocked core answers, and a slow machine must not read it too early.
 */
async function focusOn(page, want) {
  await page.waitForFunction((id) => document.activeElement?.id === id, want, { timeout: 5000 }).catch(() => {});
  return page.evaluate(() => document.activeElement?.id);
}

function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { none: true };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor !== "transparent" && cs.outlineColor !== "rgba(0, 0, 0, 0)";
    const shadow = !!cs.boxShadow && cs.boxShadow !== "none";
    const desc = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + (el.dataset.personRef ? `[data-person-ref=${el.dataset.personRef}]` : "");
    const row = el.closest("[data-field]");
    return { desc, field: row ? row.dataset.field : null, visible: outline || shadow, style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}` };
  });
}

// ---- keyboard only ---------------------------------------------------------------------------------------
describe("keyboard only", () => {
  test("the case handler logs in, searches, opens a result and reveals a field with Tab/Enter/Space", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const steps = [];
    try {
      const focus = () => focusState(page);
      let wraps = 0;
      async function press(key, { allowBody = false } = {}) {
        await page.keyboard.press(key);
        await page.waitForTimeout(40);
        const f = await focus();
        steps.push(`${key} → ${f.none ? "(body)" : f.desc}`);
        if (f.none) {
          if (allowBody && wraps++ < 1) return f;
          assert.fail(`after ${key} the focus is lost (on <body>); steps so far:\n  ${steps.join("\n  ")}`);
        }
        assert.ok(f.visible, `focus on ${f.desc} is not visible (${f.style}) after ${key}`);
        return f;
      }
      async function tabTo(what, pred, max = 60) {
        for (let i = 0; i < max; i++) {
          const f = await press("Tab", { allowBody: true });
          if (!f.none && pred(f)) return f;
        }
        assert.fail(`${what} was not reached within ${max} Tab presses:\n  ${steps.slice(-max).join("\n  ")}`);
      }
      const typeText = async (t) => {
        await page.keyboard.type(t);
        steps.push(`type ${JSON.stringify(t)}`);
      };

      await waitView(page, "view-login");
      await tabTo("#login-user", (f) => f.desc.startsWith("input#login-user"));
      await typeText("hanna");
      await tabTo("#login-password", (f) => f.desc.startsWith("input#login-password"));
      await typeText("rätt lösenord 2024");
      await press("Enter");
      await waitView(page, "view-handler");
      await shot(page, "keyboard-1-handler");

      await tabTo("#search-input", (f) => f.desc.startsWith("input#search-input"));
      await typeText("Åsa");
      await tabTo("#search-submit", (f) => f.desc.includes("#search-submit"));
      await press("Enter");
      await page.locator("#search-results [data-person-ref]").first().waitFor();
      await tabTo("the search hit", (f) => f.desc.includes("[data-person-ref=P-7K2M-Q9XD-4T1B]"));
      await press("Enter");
      await page.locator("#person-card").waitFor({ state: "visible" });
      await shot(page, "keyboard-2-card");

      await tabTo("the address's reveal button", (f) => f.field === "address" && f.desc.includes("reveal-button"));
      await press("Space");
      await page.locator("#reveal-dialog").waitFor({ state: "visible" });
      let f = await focus();
      const inDialog = () => page.evaluate(() => !!document.activeElement && !!document.activeElement.closest("#reveal-dialog"));
      if (!(await inDialog())) {
        f = await tabTo("the reveal dialog", () => true, 1);
        assert.ok(await inDialog(), `opening the reveal dialog left focus outside it (${f.desc})`);
      }
      if (!f.desc.startsWith("select#reveal-purpose")) {
        f = await tabTo("#reveal-purpose", (x) => x.desc.startsWith("select#reveal-purpose"), 10);
      }
      // A closed <select> takes the arrow keys, the standard keyboard way to pick an option.
      if (!(await page.inputValue("#reveal-purpose"))) {
        await press("ArrowDown");
      }
      assert.ok(await page.inputValue("#reveal-purpose"), "no purpose chosen by keyboard");
      await shot(page, "keyboard-3-reveal-dialog");
      await tabTo("#reveal-confirm", (x) => x.desc.includes("#reveal-confirm"), 10);
      await press("Enter");
      await page.locator('#person-card [data-field="address"] .field-value', { hasText: "Kanariegatan 7" }).waitFor({ timeout: 3000 });
      await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
      f = await focus();
      assert.ok(!f.none, "focus was lost when the reveal dialog closed");
      assert.ok(f.visible, `focus after the dialog closed is not visible on ${f.desc}`);
      await shot(page, "keyboard-4-revealed");
      const call = await page.evaluate(() => window.__mock.calls.filter((c) => c.cmd === "reveal_field").pop());
      assert.equal(call?.args.field, "address");
      console.log(`  keyboard walk: ${steps.length} steps, focus visible at every one`);
    } catch (e) {
      await shot(page, "FAILED-keyboard").catch(() => {});
      console.log(`  keyboard steps:\n    ${steps.join("\n    ")}`);
      await app.context.close();
      throw e;
    }
    await close(app);
  });

  test("Ctrl+L locks and the `locked` event returns to the login view", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    assert.ok(await page.locator("#lock-button").isVisible(), "#lock-button hidden while logged in");
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    assert.ok(!(await page.locator("#lock-button").isVisible()), "#lock-button visible after locking");
    assert.ok(await page.evaluate(() => window.__mock.calls.some((c) => c.cmd === "lock")), "Ctrl+L did not call the lock command");
    // The core locks on its own (idle): the shell emits `locked`.
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.evaluate(() => window.__mock.emit("locked", "idle"));
    await waitView(page, "view-login");
    await close(app);
  });
});

// ---- the checks themselves can fail ---------------------------------------------------------------------
describe("the checks catch what they look for", () => {
  test("axe fails on a page with serious violations", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html><head><title>x</title></head><body><main>
      <input type="text"><button></button><p style="color:#bbb;background:#fff">faint text</p></main></body></html>`);
    const log = console.log;
    console.log = () => {};
    try {
      await assert.rejects(axe(page, "a broken page"), /button-name|label|color-contrast|html-has-lang/);
    } finally {
      console.log = log;
      await context.close();
    }
  });

  test("the focus check sees a suppressed focus ring", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>x</title>
      <style>#a:focus, #a:focus-visible { outline: none; box-shadow: none; }</style></head>
      <body><button id="a">a</button><button id="b">b</button></body></html>`);
    await page.keyboard.press("Tab");
    const a = await focusState(page);
    assert.equal(a.desc, "button#a");
    assert.equal(a.visible, false);
    await page.keyboard.press("Tab");
    const b = await focusState(page);
    assert.equal(b.desc, "button#b");
    assert.equal(b.visible, true, `the browser's own focus ring was not recognised: ${b.style}`);
    await context.close();
  });

  test("the mock refuses what the real shell refuses", async () => {
    const app = await openApp({ vaultExists: true });
    const r = await app.page.evaluate(async () => {
      const inv = window.__TAURI__.core.invoke;
      const out = {};
      const grab = async (k, p) => {
        try {
          out[k] = { ok: await p };
        } catch (e) {
          out[k] = { err: e };
        }
      };
      await grab("locked", inv("find_persons", { query: "a" }));
      await grab("unknown", inv("delete_everything", {}));
      await grab("snake", inv("show_person", { person_ref: "P-7K2M-Q9XD-4T1B" }));
      await inv("login", { user: "rut", password: "rätt lösenord 2024" });
      await grab("denied", inv("find_persons", { query: "a" }));
      await grab("partial", inv("lookup", { text: "850709" }));
      await grab("found", inv("lookup", { text: "19850709-9805" }));
      const v = window.__mock.violations.slice();
      window.__mock.violations.length = 0;
      return { out, v };
    });
    await app.context.close();
    assert.equal(r.out.locked.err.code, "SESSION_LOCKED");
    assert.match(r.out.unknown.err, /not allowed/);
    assert.match(r.out.snake.err, /missing required key personRef/);
    assert.equal(r.out.denied.err.code, "DENIED");
    assert.equal(r.out.partial.err.code, "INVALID_IDENTITY_NUMBER");
    assert.equal(r.out.partial.err.rule, "INVALID_IDENTITY_FORMAT");
    assert.ok(!("detail" in r.out.partial.err), "the mock still sends `detail`");
    assert.deepEqual(r.out.found.ok, {
      found: true,
      protection: "skyddad_folkbokforing",
      initials: "Å. K. L.",
      handlers: [{ name: "Hanna Lindqvist", unit: "Socialtjänsten, barn och familj", phone: "08-508 123 45" }],
      clear_after_seconds: 60,
    });
    assert.equal(r.v.length, 3, `violations recorded: ${JSON.stringify(r.v)}`);
  });
});

// ---- data access: role keys ------------------------------------------------------------------------------
const SV_MISMATCH = "Nyckeln stämmer inte med kontots.";

/** The accessible name of `css` as aria-labelledby spells it (the ids' texts, hidden ones included). */
function labelledBy(page, css) {
  return page.evaluate((sel) => {
    const e = document.querySelector(sel);
    const ids = (e?.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent.trim() ?? `(missing #${id})`).join(" ");
  }, css);
}

async function userCell(page, name, column) {
  return page.evaluate(
    ({ name, column }) => {
      const headers = [...document.querySelectorAll("#user-list thead th")].map((th) => th.dataset.i18n);
      const row = document.querySelector(`#user-list tr[data-user="${name}"]`);
      return row ? row.children[headers.indexOf(column)]?.innerText.trim() : null;
    },
    { name, column },
  );
}

/** Calls of `cmd` recorded by the mock. */
function callsOf(page, cmd) {
  return page.evaluate((c) => window.__mock.calls.filter((x) => x.cmd === c), cmd);
}

describe("data access", () => {
  test("a waiting case handler sees only their own key, large and labelled, and Check again lets them in once granted", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "vera");
    await waitView(page, "view-handler");
    const panel = page.locator("#view-handler #awaiting-access");
    await panel.waitFor({ state: "visible" });
    assert.equal((await page.locator("#my-fingerprint").innerText()).trim(), "H3KW-7PZD-Q9XM");
    assert.equal(await labelledBy(page, "#my-fingerprint"), "Din nyckel H 3 K W, 7 P Z D, Q 9 X M", "the key's accessible name");
    const look = await page.evaluate(() => {
      const cs = getComputedStyle(document.querySelector("#my-fingerprint"));
      return { size: parseFloat(cs.fontSize), family: cs.fontFamily };
    });
    assert.ok(look.size >= 28, `the key is not large (${look.size}px)`);
    assert.match(look.family, /mono/i, "the key is not set in a monospace font");
    assert.match(await panel.innerText(), /handläggare/, "the panel does not say who grants access");
    assert.match(await panel.innerText(), /återställningskod/, "the panel does not mention the recovery code");
    assert.ok(!(await page.locator("#search-input").isVisible()), "the search is offered while waiting");
    assert.equal((await callsOf(page, "find_persons")).length, 0);

    // Still waiting: the answer says so, calmly.
    await page.click("#awaiting-refresh");
    await page.locator("#awaiting-result", { hasText: "fortfarande" }).waitFor();
    assert.ok(await panel.isVisible());

    // A case handler grants meanwhile (on another computer): Check again opens the work.
    await page.evaluate(() => {
      const v = window.__mock.users.find((u) => u.name === "vera");
      v.grants.records = true;
      v.grants.reception = true;
    });
    await page.click("#awaiting-refresh");
    await page.locator("#search-input").waitFor({ state: "visible" });
    assert.ok(!(await panel.isVisible()), "#awaiting-access is still shown after the grant");
    assert.equal(await focusOn(page, "handler-heading"), "handler-heading", "focus did not move to the view heading");
    assert.ok((await callsOf(page, "my_access")).length >= 3);
    await page.fill("#search-input", "a");
    await page.click("#search-submit");
    await page.locator("#search-summary", { hasText: "Ingen träff" }).waitFor();
    await close(app);
  });

  test("a waiting reception user sees their key instead of the lookup", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "rolf");
    await waitView(page, "view-reception");
    await page.locator("#view-reception #awaiting-access").waitFor({ state: "visible" });
    assert.equal(await page.locator("#view-handler #awaiting-access").count(), 0, "the panel is in two views");
    assert.equal((await page.locator("#my-fingerprint").innerText()).trim(), "R5NB-2YTC-8GVA");
    assert.ok(!(await page.locator("#lookup-form").isVisible()));
    // Lock and a granted reception user: the lookup, no panel.
    await page.click("#lock-button");
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.locator("#lookup-input").waitFor({ state: "visible" });
    assert.ok(!(await page.locator("#awaiting-access").isVisible()), "a granted user sees the waiting panel");
    assert.equal(await page.locator("#my-fingerprint").innerText(), "", "the previous user's key stayed in the page");
    await close(app);
  });

  test("a case handler grants access: a wrong key is refused next to the input in Swedish, the right one grants", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    const vera = page.locator('#pending-access tr[data-pending-user="vera"]');
    await vera.waitFor();
    assert.match(await vera.innerText(), /Handläggare/, "the role is not shown in words");
    assert.match(await vera.innerText(), /Personuppgifter och receptionsregistret/);
    assert.match(await page.locator('#pending-access tr[data-pending-user="rolf"]').innerText(), /Reception/);
    await vera.locator('[data-action="grant"]').click();
    await page.locator("#grant-dialog").waitFor({ state: "visible" });
    assert.match(await page.locator("#grant-fingerprint-hint").innerText(), /Be personen läsa upp nyckeln från sin egen skärm/);

    // Empty: asked for in words, nothing sent.
    await page.click("#grant-confirm");
    await page.locator("#grant-error").waitFor({ state: "visible" });
    assert.equal((await callsOf(page, "grant_access")).length, 0);

    // Wrong key.
    await page.fill("#grant-fingerprint", "H3KW-7PZD-Q9XN");
    await page.click("#grant-confirm");
    await page.locator("#grant-error", { hasText: SV_MISMATCH }).waitFor();
    const e = await page.evaluate(() => {
      const i = document.querySelector("#grant-fingerprint");
      const err = document.querySelector("#grant-error");
      const a = i.getBoundingClientRect();
      const b = err.getBoundingClientRect();
      return {
        text: err.innerText,
        code: err.dataset.code,
        invalid: i.getAttribute("aria-invalid"),
        describedby: (i.getAttribute("aria-describedby") || "").split(/\s+/),
        focus: document.activeElement?.id,
        gap: Math.max(0, b.top - a.bottom, a.top - b.bottom),
        open: document.querySelector("#grant-dialog").open,
      };
    });
    assert.equal(e.code, "FINGERPRINT_MISMATCH");
    assert.match(e.text, /kontakta systemägaren/);
    assert.ok(!/does not match|fingerprint/i.test(e.text), `the core's English message is shown: ${e.text}`);
    assert.equal(e.invalid, "true");
    assert.ok(e.describedby.includes("grant-error"), "#grant-fingerprint is not aria-describedby #grant-error");
    assert.equal(e.focus, "grant-fingerprint");
    assert.ok(e.gap < 60, `the error is ${e.gap}px from the input, not next to it`);
    assert.ok(e.open, "the dialog closed on a wrong key");
    assert.ok(await vera.isVisible(), "vera left the list after a refused grant");

    // The right key, as read aloud: lower case, no hyphens.
    await page.fill("#grant-fingerprint", "h3kw 7pzd q9xm");
    assert.ok(!(await page.locator("#grant-error").isVisible()), "the error stays while the key is edited");
    await page.click("#grant-confirm");
    await page.locator("#grant-dialog").waitFor({ state: "hidden" });
    await vera.waitFor({ state: "detached" });
    await page.locator("#status", { hasText: "vera har fått åtkomst" }).waitFor();
    const calls = await callsOf(page, "grant_access");
    assert.deepEqual(calls.at(-1).args, { name: "vera", fingerprint: "h3kw 7pzd q9xm" });
    assert.equal(await page.inputValue("#grant-fingerprint"), "", "the key stayed in the closed dialog");
    const logged = await page.evaluate(() => window.__mock.log.filter((x) => x.action === "access_granted").map((x) => [x.outcome, x.flagged]));
    assert.deepEqual(logged, [["allowed", true], ["denied", true]]);

    // vera's next login: the work, no panel.
    await page.click("#lock-button");
    await login(page, "vera");
    await waitView(page, "view-handler");
    await page.locator("#search-input").waitFor({ state: "visible" });
    assert.ok(!(await page.locator("#awaiting-access").isVisible()));
    await close(app);
  });

  test("the admin grants the first case handler with the recovery code; a wrong code is refused next to the code", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "admin");
    await waitView(page, "view-admin");
    await page.locator('#user-list tr.account[data-user=\"vera\"]').waitFor();
    assert.equal(await userCell(page, "vera", "admin.colAccess"), "Väntar på beviljande");
    assert.equal(await userCell(page, "hanna", "admin.colAccess"), "Beviljad");
    assert.equal(await userCell(page, "greta", "admin.colAccess"), "Behövs inte");
    assert.equal(await page.locator('#user-list tr[data-user="vera"] [data-action="revoke"]').count(), 0, "revoke offered to an account without access");
    await page.locator('#admin-pending tr[data-pending-user="vera"] [data-action="grant-recovery"]').click();
    const dialog = page.locator("#recovery-grant-dialog");
    await dialog.waitFor({ state: "visible" });
    assert.match(await dialog.innerText(), /personuppgiftsansvarig/, "the dialog does not say whose the code is");
    assert.match(await dialog.innerText(), /loggas och flaggas/, "the dialog does not say the grant is logged and flagged");
    const code = await page.evaluate(() => {
      const i = document.querySelector("#recovery-grant-code");
      return { type: i.type, autocomplete: i.getAttribute("autocomplete"), focus: document.activeElement?.id };
    });
    assert.deepEqual(code, { type: "password", autocomplete: "off", focus: "recovery-grant-code" });
    await page.check("#recovery-grant-show");
    assert.equal(await page.getAttribute("#recovery-grant-code", "type"), "text");

    await page.fill("#recovery-grant-code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
    await page.fill("#recovery-grant-fingerprint", "H3KW-7PZD-Q9XM");
    await page.click("#recovery-grant-confirm");
    await page.locator("#recovery-grant-error", { hasText: "Återställningskoden stämmer inte" }).waitFor();
    const e = await page.evaluate(() => ({
      inCodeField: document.querySelector("#recovery-grant-code").closest(".field").contains(document.querySelector("#recovery-grant-error")),
      invalid: document.querySelector("#recovery-grant-code").getAttribute("aria-invalid"),
      focus: document.activeElement?.id,
    }));
    assert.deepEqual(e, { inCodeField: true, invalid: "true", focus: "recovery-grant-code" });

    // A wrong key with the right code: the error moves to the key.
    await page.fill("#recovery-grant-code", "k7qd m2xa 9trb 4hwz c8ne 5pjy 1vgs 6f3k");
    await page.fill("#recovery-grant-fingerprint", "H3KW-7PZD-0000");
    await page.click("#recovery-grant-confirm");
    await page.locator("#recovery-grant-error", { hasText: SV_MISMATCH }).waitFor();
    assert.ok(await page.evaluate(() => document.querySelector("#recovery-grant-fingerprint").closest(".field").contains(document.querySelector("#recovery-grant-error"))));

    await page.fill("#recovery-grant-fingerprint", "H3KW-7PZD-Q9XM");
    await page.click("#recovery-grant-confirm");
    await dialog.waitFor({ state: "hidden" });
    await page.locator('#admin-pending tr[data-pending-user="vera"]').waitFor({ state: "detached" });
    await page.locator("#status", { hasText: "återställningskoden" }).waitFor();
    await page.waitForFunction(() => {
      const row = document.querySelector('#user-list tr[data-user="vera"]');
      return row && row.innerText.includes("Beviljad");
    });
    const calls = await callsOf(page, "grant_with_recovery");
    assert.deepEqual(calls.at(-1).args, { code: "k7qd m2xa 9trb 4hwz c8ne 5pjy 1vgs 6f3k", name: "vera", fingerprint: "H3KW-7PZD-Q9XM" });
    assert.equal(await page.inputValue("#recovery-grant-code"), "", "the recovery code stayed in the page");
    assert.equal(await page.getAttribute("#recovery-grant-code", "type"), "password");
    await close(app);
  });

  test("the admin revokes after a confirmation and enables an account with a new initial password", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "admin");
    await waitView(page, "view-admin");
    await page.locator('#user-list tr[data-user="hanna"] [data-action="revoke"]').click();
    await page.locator("#revoke-dialog").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "revoke-cancel"), "revoke-cancel", "the careful choice is not first");
    assert.match(await page.locator("#revoke-heading").innerText(), /hanna/);
    await page.click("#revoke-cancel");
    await page.locator("#revoke-dialog").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "revoke_access")).length, 0, "cancel revoked");
    await page.locator('#user-list tr[data-user="hanna"] [data-action="revoke"]').click();
    await page.click("#revoke-confirm");
    await page.locator("#revoke-dialog").waitFor({ state: "hidden" });
    await page.waitForFunction(() => document.querySelector('#user-list tr[data-user="hanna"]')?.innerText.includes("Väntar på beviljande"));
    assert.deepEqual((await callsOf(page, "revoke_access")).at(-1).args, { name: "hanna" });
    assert.equal(await page.locator('#user-list tr[data-user="hanna"] [data-action="revoke"]').count(), 0);
    await page.locator('#admin-pending tr[data-pending-user="hanna"]').waitFor();

    // Enable asks for a new one-time password, the way reset does: one made by the core, shown at once.
    await page.locator('#user-list tr[data-user="ebbe"] [data-action="enable"]').click();
    await page.locator("#reset-dialog").waitFor({ state: "visible" });
    assert.match(await page.locator("#reset-heading").innerText(), /Aktivera ebbe/);
    assert.match(await page.locator("#reset-intro").innerText(), /nytt engångslösenord/);
    assert.match(await page.locator("#reset-intro").innerText(), /nyckelplats/, "the dialog does not say the key slot goes");
    assert.equal(await focusOn(page, "reset-pw-generate"), "reset-pw-generate");
    await page.locator("#reset-otp .otp-group").first().waitFor();
    // Typed instead: empty and too short are refused next to the password.
    await page.check("#reset-pw-own");
    assert.equal(await page.locator("#reset-otp .otp-group").count(), 0, "the generated password stays while the admin types one");
    await page.click("#reset-confirm");
    await page.locator("#reset-pw-error").waitFor({ state: "visible" });
    await page.fill("#reset-password", "kort");
    await page.click("#reset-confirm");
    await page.locator("#reset-pw-error", { hasText: "för kort" }).waitFor();
    assert.equal(await userCell(page, "ebbe", "admin.colState"), "Avstängd");
    await page.fill("#reset-password", "Nytt startord för Ebbe 2024");
    await page.click("#reset-confirm");
    await page.locator("#reset-dialog").waitFor({ state: "hidden" });
    await page.locator('#user-list tr[data-user="ebbe"] [data-action="disable"]').waitFor();
    assert.deepEqual((await callsOf(page, "enable_user")).at(-1).args, { name: "ebbe", password: "Nytt startord för Ebbe 2024" });
    assert.equal(await userCell(page, "ebbe", "admin.colState"), "Har engångslösenord");
    await page
      .waitForFunction(() => document.activeElement?.closest('tr[data-user="ebbe"]') && document.activeElement.dataset.action === "disable", null, { timeout: 2000 })
      .catch(() => assert.fail("focus did not stay in ebbe's row (on its disable button)"));
    // Reset still says what it does.
    await page.locator('#user-list tr[data-user="rut"] [data-action="reset"]').click();
    assert.match(await page.locator("#reset-heading").innerText(), /Nytt engångslösenord för rut/);
    assert.match(await page.locator("#reset-confirm").innerText(), /Spara engångslösenordet/);
    await page.keyboard.press("Escape");
    await close(app);
  });

  test("the search says calmly when it shows only part of the matches, with the core's numbers", async () => {
    const app = await openApp({ vaultExists: true, bulkPersons: 210 });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.fill("#search-input", "a");
    await page.click("#search-submit");
    const notice = page.locator("#search-limit");
    await notice.waitFor({ state: "visible" });
    assert.equal((await notice.innerText()).trim(), "Visar 50 av 212 — förfina sökningen");
    assert.equal(await page.locator("#search-results [data-person-ref]").count(), 50);
    assert.equal(await notice.getAttribute("class"), "notice", "the notice looks like an error or a warning");
    await page.click("#lang-switch");
    await page.locator("#search-limit", { hasText: "Showing 50 of 212 — refine the search" }).waitFor();
    await page.click("#lang-switch");
    // Fewer than the limit: no notice.
    await page.fill("#search-input", "Åsa");
    await page.click("#search-submit");
    await page.locator("#search-summary", { hasText: "1 träff" }).waitFor();
    assert.ok(!(await notice.isVisible()), "the notice stays when all matches are shown");
    await close(app);
  });

  test("the reviewer filters by a search-term hash, sending only the filter's own keys", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "greta");
    await waitView(page, "view-reviewer");
    await page.locator("#log-table tr[data-seq]").first().waitFor();
    assert.equal(await page.locator("#log-filter-term").count(), 0, "the plain-text term filter is still there");
    // The loggkontroll reads the log with review_log (the entries with their flags); view_log stays the core's.
    const first = (await callsOf(page, "review_log")).at(-1).args;
    assert.deepEqual(Object.keys(first), ["filter"]);
    assert.ok(!("term_hash" in first.filter), "an empty hash is sent");
    for (const key of ["flag", "since", "until"]) assert.ok(!(key in first.filter), `an empty ${key} is sent`);
    await page.fill("#log-filter-term-hash", "not a hash");
    await page.click("#log-filter-apply");
    await page.locator("#log-filter-term-hash-error").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#log-filter-term-hash", "aria-invalid"), "true");
    await page.fill("#log-filter-term-hash", " 9F2C51E0A8B7D3C4 ");
    await page.click("#log-filter-apply");
    await page.waitForFunction(() => document.querySelectorAll("#log-table tr[data-seq]").length === 1);
    const last = (await callsOf(page, "review_log")).at(-1).args;
    assert.equal(last.filter.term_hash, "9f2c51e0a8b7d3c4");
    assert.ok(!(await page.locator("#log-filter-term-hash-error").isVisible()));
    await close(app);
  });

  test("the catalogs have the same keys, and every key the markup and the scripts name exists", async () => {
    const app = await openApp({ vaultExists: true });
    const keys = await app.page.evaluate(async () => ({
      sv: Object.keys((await import("/i18n/sv.js")).default),
      en: Object.keys((await import("/i18n/en.js")).default),
    }));
    await close(app);
    const sv = new Set(keys.sv);
    const en = new Set(keys.en);
    assert.deepEqual(keys.sv.filter((k) => !en.has(k)), [], "keys only in sv.js");
    assert.deepEqual(keys.en.filter((k) => !sv.has(k)), [], "keys only in en.js");
    const html = readFileSync(join(UI, "index.html"), "utf8");
    const used = new Set([...html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((m) => m[1]));
    for (const dir of ["", "lib", "views"]) {
      for (const f of readdirSync(join(UI, dir)).filter((x) => x.endsWith(".js"))) {
        const src = readFileSync(join(UI, dir, f), "utf8");
        // Literal catalog keys: "area.key" strings (template keys like `role.${r}` are not checked).
        for (const m of src.matchAll(/"([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)"/g)) used.add(m[1]);
      }
    }
    const missing = [...used].filter((k) => !sv.has(k) && !/\.(js|css|html)$/.test(k));
    assert.deepEqual(missing, [], "keys used by the UI but missing from the catalogs");
  });
});

// ---- the protection marking, the restriction of processing, rectification; copying --------------------------
const ASA = "P-7K2M-Q9XD-4T1B"; // skyddad folkbokföring, with a note on the protection; hanna's
const ANDERS = "P-3HWA-8N5R-K2ZC"; // sekretessmarkering, no note; hanna's
const ALVA = "P-9QDT-1M4V-6YJE"; // hugo's
const GREGER = "P-4RXT-7WQN-2DHM"; // nobody's: no active case handler
const NOBODY = "19720315-4617"; // a valid number the register does not know

/** hanna logged in, with the card of `ref` open (found by `query`). */
async function openCard(page, ref, query) {
  await login(page, "hanna");
  await waitView(page, "view-handler");
  await page.fill("#search-input", query);
  await page.click("#search-submit");
  await page.locator(`#search-results [data-person-ref="${ref}"]`).click();
  await page.locator(`#person-card[data-person-ref="${ref}"]`).waitFor({ state: "visible" });
}

/** The error `errCss` is shown next to `inputCss`, tied to it, with focus on the input. */
async function nextTo(page, inputCss, errCss) {
  const e = await page.evaluate(
    ([i, e]) => {
      const input = document.querySelector(i);
      const err = document.querySelector(e);
      const a = input.getBoundingClientRect();
      const b = err.getBoundingClientRect();
      return {
        shown: !err.hidden && err.innerText.trim().length > 0,
        text: err.innerText,
        invalid: input.getAttribute("aria-invalid"),
        describedby: (input.getAttribute("aria-describedby") || "").split(/\s+/),
        focus: document.activeElement === input,
        gap: Math.max(0, b.top - a.bottom, a.top - b.bottom),
      };
    },
    [inputCss, errCss],
  );
  assert.ok(e.shown, `${errCss} is not shown`);
  assert.equal(e.invalid, "true", `${inputCss} lacks aria-invalid while in error`);
  assert.ok(e.describedby.includes(errCss.slice(1)), `${inputCss} is not aria-describedby ${errCss}`);
  assert.ok(e.focus, `focus is not on ${inputCss}`);
  assert.ok(e.gap < 60, `${errCss} is ${e.gap}px from ${inputCss}, not next to it`);
  return e.text;
}

function logOf(page, action) {
  return page.evaluate((a) => window.__mock.log.filter((e) => e.action === a).map((e) => ({ person_ref: e.person_ref, purpose: e.purpose, flagged: e.flagged, outcome: e.outcome })), action);
}

describe("protection marking, restriction and rectification", () => {
  test("the edit form has no marking inputs; the marking changes in its own dialog, with a reason refused next to the field when empty", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ANDERS, "Anders");
    assert.match(await page.locator("#marking-actions").innerText(), /Skydd och behandling/);

    // An ordinary edit: data fields only, through edit_person.
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    for (const css of ["#pf-protection-kind", "#pf-protection-since", "#pf-protection-review_on", "#pf-protection-note", "#pf-restricted", "#rectify-reason"]) {
      assert.ok(!(await page.locator(css).isVisible()), `${css} is offered when editing`);
    }
    await page.fill("#pf-municipality", "Lillby");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "edit_person")).at(-1).args, { personRef: ANDERS, patch: { municipality: "Lillby" } });

    await page.click("#protection-button");
    const dialog = page.locator("#protection-dialog");
    await dialog.waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "protection-kind"), "protection-kind");
    assert.match(await page.locator("#protection-heading").innerText(), /Ändra skyddsmarkering för P-3HWA-8N5R-K2ZC/);
    assert.equal(await page.inputValue("#protection-kind"), "sekretessmarkering");
    assert.equal(await page.inputValue("#protection-since"), "2019-06-10");
    assert.match(await page.locator('label[for="protection-reason"]').innerText(), /Skäl till ändringen/);

    // Nothing changed: said so, nothing sent.
    await page.click("#protection-confirm");
    await page.locator("#protection-error", { hasText: "Inget är ändrat" }).waitFor();

    // A change without a reason: refused next to the reason, in Swedish, nothing sent.
    await page.selectOption("#protection-kind", "skyddad_folkbokforing");
    await page.fill("#protection-review", "2027-06-10");
    await page.click("#protection-confirm");
    assert.match(await nextTo(page, "#protection-reason", "#protection-reason-error"), /Skriv ett skäl/);
    assert.ok(!(await page.locator("#protection-error").isVisible()), "the earlier message stayed");
    await page.fill("#protection-reason", "ok");
    assert.ok(!(await page.locator("#protection-reason-error").isVisible()), "the error stays while the reason is edited");
    await page.click("#protection-confirm");
    await nextTo(page, "#protection-reason", "#protection-reason-error");
    // A wrong date next to its field.
    await page.fill("#protection-reason", "Beslut från Skatteverket om skyddad folkbokföring");
    await page.fill("#protection-review", "10/6 2027");
    await page.click("#protection-confirm");
    assert.match(await nextTo(page, "#protection-review", "#protection-review-error"), /ÅÅÅÅ-MM-DD/);
    assert.equal((await callsOf(page, "set_protection")).length, 0, "set_protection was called with a problem in the form");
    await page.fill("#protection-review", "2027-06-10");

    // The core refuses a reason with the person's own values: in words, next to the reason.
    await page.fill("#protection-reason", "Anders har fått skyddad folkbokföring");
    await page.click("#protection-confirm");
    await page.locator("#protection-reason-error", { hasText: "Skäl får inte innehålla personens uppgifter" }).waitFor();
    assert.equal(await page.getAttribute("#protection-reason-error", "data-code"), "INVALID_INPUT");
    assert.ok(!/own values|the reason/.test(await page.locator("#protection-dialog").innerText()), "the core's English message is shown");
    assert.ok(await dialog.isVisible());

    await page.fill("#protection-reason", "Beslut från Skatteverket om skyddad folkbokföring");
    await page.click("#protection-confirm");
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "set_protection")).at(-1).args, {
      personRef: ANDERS,
      protection: { kind: "skyddad_folkbokforing", since: "2019-06-10", review_on: "2027-06-10", note: null },
      reason: "Beslut från Skatteverket om skyddad folkbokföring",
    });
    await page.locator("#card-meta", { hasText: "Skyddad folkbokföring" }).waitFor();
    await page.locator("#status", { hasText: "Skyddsmarkeringen är sparad" }).waitFor();
    assert.equal(await focusOn(page, "protection-button"), "protection-button", "focus did not return to the button");
    assert.deepEqual((await logOf(page, "protection_changed")).at(0), { person_ref: ANDERS, purpose: "Beslut från Skatteverket om skyddad folkbokföring", flagged: true, outcome: "allowed" });

    // Removing the marking: its dates and note are not asked for, all of it goes.
    await page.click("#protection-button");
    await dialog.waitFor({ state: "visible" });
    await page.selectOption("#protection-kind", "");
    assert.ok(!(await page.locator("#protection-since").isVisible()), "the dates are asked for with no marking");
    await page.fill("#protection-reason", "Skyddet har upphört enligt beslut");
    await page.click("#protection-confirm");
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "set_protection")).at(-1).args.protection, { kind: null, since: null, review_on: null, note: null });
    await page.locator("#card-meta", { hasText: "Ingen skyddsmarkering" }).waitFor();
    await close(app);
  });

  test("an existing note on the protection must be written again; Escape leaves the marking unchanged", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ASA, "Åsa");
    await page.click("#protection-button");
    await page.locator("#protection-dialog").waitFor({ state: "visible" });
    assert.match(await page.locator("#protection-note-hint").innerText(), /Det finns en anteckning/);
    assert.equal(await page.inputValue("#protection-note"), "", "the note's value is in the dialog");
    await page.fill("#protection-review", "2027-03-01");
    await page.fill("#protection-reason", "Omprövningen flyttas enligt nytt beslut");
    await page.click("#protection-confirm");
    assert.match(await nextTo(page, "#protection-note", "#protection-note-error"), /anteckningen/);
    await page.keyboard.press("Escape");
    await page.locator("#protection-dialog").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "set_protection")).length, 0);
    assert.equal(await focusOn(page, "protection-button"), "protection-button");
    // Opened again: empty, nothing left over.
    await page.click("#protection-button");
    assert.equal(await page.inputValue("#protection-reason"), "");
    assert.equal(await page.inputValue("#protection-review"), "2026-03-01");
    assert.ok(!(await page.locator("#protection-note-error").isVisible()));
    await page.click("#protection-cancel");
    await close(app);
  });

  test("restricting and lifting: each with a reason, lifting only once the person is told; a restricted card shows nothing", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ASA, "Åsa");
    assert.ok(await page.locator("#restrict-button").isVisible());
    assert.ok(!(await page.locator("#lift-restriction-button").isVisible()));
    assert.ok(!(await page.locator("#restricted-notice").isVisible()));

    await page.click("#restrict-button");
    const dialog = page.locator("#restrict-dialog");
    await dialog.waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "restrict-reason"), "restrict-reason");
    assert.match(await page.locator("#restrict-heading").innerText(), /Begränsa behandlingen av P-7K2M-Q9XD-4T1B/);
    assert.match(await page.locator("#restrict-reason-label").innerText(), /Skäl till begränsningen/);
    await page.click("#restrict-confirm");
    assert.match(await nextTo(page, "#restrict-reason", "#restrict-reason-error"), /Skriv ett skäl/);
    assert.equal((await callsOf(page, "restrict")).length, 0);
    await page.fill("#restrict-reason", "Personen har bestritt att uppgifterna stämmer");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    // The order's ground is the one preselected (the core's own default), no other requester, no end.
    assert.deepEqual((await callsOf(page, "restrict")).at(-1).args, { personRef: ASA, reason: "Personen har bestritt att uppgifterna stämmer", ground: "a18_1_a", requester: null, until: null });
    await page.locator("#status", { hasText: "Behandlingen är begränsad" }).waitFor();

    // The restricted card: the notice in words, nothing to show or copy, only rectify and lift.
    await page.locator("#restricted-notice").waitFor({ state: "visible" });
    assert.match(await page.locator("#restricted-notice").innerText(), /begränsad.*bara rättas/s);
    assert.equal(await page.locator("#person-card .reveal-button").count(), 0, "Show is offered on a restricted card");
    assert.equal(await page.locator("#edit-person-button").innerText(), "Rätta uppgifter");
    assert.ok(!(await page.locator("#protection-button").isVisible()), "the marking can be changed while restricted");
    assert.ok(!(await page.locator("#restrict-button").isVisible()));
    assert.ok(await page.locator("#lift-restriction-button").isVisible());
    assert.match(await page.locator("#card-meta").innerText(), /Begränsad behandling\s+Ja/);
    assert.equal(await focusOn(page, "card-heading"), "card-heading");
    const direct = await page.evaluate(() =>
      window.__TAURI__.core.invoke("reveal_field", { personRef: "P-7K2M-Q9XD-4T1B", field: "address", purpose: "kontakt" }).then(() => "shown", (e) => e.code),
    );
    assert.equal(direct, "DENIED", "the mock revealed a restricted value");

    // Lifting: the person-told checkbox first, then the reason.
    await page.click("#lift-restriction-button");
    await dialog.waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#restrict-dialog", "data-mode"), "lift");
    assert.match(await page.locator("#restrict-heading").innerText(), /Häv begränsningen för P-7K2M-Q9XD-4T1B/);
    assert.match(await page.locator("#restrict-intro").innerText(), /underrättats/);
    assert.match(await page.locator("#restrict-reason-label").innerText(), /hur personen underrättades/);
    assert.equal(await focusOn(page, "restrict-told"), "restrict-told");
    assert.equal(await page.isChecked("#restrict-told"), false);
    await page.fill("#restrict-reason", "Utredningen klar; underrättad per brev");
    await page.click("#restrict-confirm");
    assert.match(await nextTo(page, "#restrict-told", "#restrict-told-error"), /underrättats/);
    assert.equal((await callsOf(page, "lift_restriction")).length, 0, "lifted without the person told");
    await page.check("#restrict-told");
    assert.ok(!(await page.locator("#restrict-told-error").isVisible()), "the error stays once checked");
    await page.click("#restrict-confirm");
    await dialog.waitFor({ state: "hidden" });
    // The day the person was told: today's unless changed (the core's today, from the worklist).
    const { personToldOn, ...lifted } = (await callsOf(page, "lift_restriction")).at(-1).args;
    assert.deepEqual(lifted, { personRef: ASA, reason: "Utredningen klar; underrättad per brev" });
    assert.match(personToldOn, /^\d{4}-\d{2}-\d{2}$/);
    await page.locator("#restricted-notice").waitFor({ state: "hidden" });
    assert.equal(await page.locator("#edit-person-button").innerText(), "Ändra");

    // Showing works again.
    await page.click('#person-card [data-field="address"] .reveal-button');
    await pickOption(page, "#reveal-purpose", ["kontakt"]);
    await page.click("#reveal-confirm");
    await page.locator('#person-card [data-field="address"] .field-value', { hasText: "Kanariegatan 7" }).waitFor();
    const logged = [...(await logOf(page, "restriction_set")), ...(await logOf(page, "restriction_lifted"))];
    assert.deepEqual(logged.map((e) => [e.purpose, e.flagged]), [
      ["Personen har bestritt att uppgifterna stämmer", true],
      ["Utredningen klar; underrättad per brev", true],
    ]);
    await close(app);
  });

  test("a restricted card is rectified with a reason (rectify_person); a refused edit is said in words", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await page.evaluate(() => {
      window.__mock.persons[0].record.restricted = true;
    });
    await openCard(page, ASA, "a");
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    assert.match(await page.locator("#pf-heading").innerText(), /Rätta person P-7K2M-Q9XD-4T1B/);
    assert.match(await page.locator("#pf-intro").innerText(), /bara rättas/);
    assert.equal(await page.locator('label[for="rectify-reason"]').innerText(), "Skäl till rättelsen");
    assert.equal(await page.locator("#pf-submit").innerText(), "Spara rättelsen");
    assert.ok(!(await page.locator("#pf-protection-kind").isVisible()) && !(await page.locator("#pf-restricted").isVisible()));
    await page.fill("#pf-address", "Kanariegatan 9");
    await page.click("#pf-submit");
    assert.match(await nextTo(page, "#rectify-reason", "#rectify-reason-error"), /Skriv ett skäl/);
    // The core refuses a reason with the person's values: said in words at the reason, not at the form.
    await page.fill("#rectify-reason", "Kanariegatan 7 var fel");
    await page.click("#pf-submit");
    await page.locator("#rectify-reason-error", { hasText: "Skäl får inte innehålla personens uppgifter" }).waitFor();
    assert.match(await nextTo(page, "#rectify-reason", "#rectify-reason-error"), /loggas/);
    assert.equal(await page.getAttribute("#rectify-reason-error", "data-code"), "INVALID_INPUT");
    assert.ok(!(await page.locator("#pf-form-error").isVisible()), "the refusal is (also) shown at the form");
    assert.ok(!/own values|the log must/.test(await page.locator("body").innerText()), "the core's English message is shown");
    await page.fill("#rectify-reason", "Fel gatunummer enligt folkbokföringen");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    await page.locator("#status", { hasText: "Rättelsen är sparad" }).waitFor();
    assert.deepEqual((await callsOf(page, "rectify_person")).at(-1).args, {
      personRef: ASA,
      patch: { address: "Kanariegatan 9" },
      reason: "Fel gatunummer enligt folkbokföringen",
    });
    assert.equal((await callsOf(page, "edit_person")).length, 0, "edit_person was called for a restricted card");
    assert.equal((await logOf(page, "person_rectified")).at(0)?.purpose, "rattelse: Fel gatunummer enligt folkbokföringen");

    // Restricted meanwhile (by someone else) while the ordinary form is open: DENIED, in words.
    await page.locator(`#search-results [data-person-ref="${ANDERS}"]`).click();
    await page.locator(`#person-card[data-person-ref="${ANDERS}"]`).waitFor();
    await page.click("#edit-person-button");
    await page.evaluate(() => {
      window.__mock.persons[1].record.restricted = true;
    });
    // (Notes are the journal's now: the edit form has no #pf-notes to fill.)
    await page.fill("#pf-municipality", "Kanarieby norra");
    await page.click("#pf-submit");
    await page.locator("#pf-form-error", { hasText: "Personen kan inte ändras" }).waitFor();
    assert.equal(await page.getAttribute("#pf-form-error", "data-code"), "DENIED");
    await close(app);
  });

  test("emergency access to a restricted person is refused in words, next to the person's reference", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await page.evaluate(() => {
      window.__mock.persons[2].record.restricted = true;
    });
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.click("#emergency-button");
    await page.locator("#emergency-dialog").waitFor({ state: "visible" });
    await page.fill("#emergency-person", ALVA);
    await page.fill("#emergency-justification", "Akut samtal från skolan om hot mot barnet i dag");
    await page.click("#emergency-confirm");
    await page.locator("#emergency-person-error").waitFor({ state: "visible" });
    const text = await nextTo(page, "#emergency-person", "#emergency-person-error");
    assert.match(text, /Nödåtkomst gavs inte.*begränsad/s);
    assert.equal(await page.getAttribute("#emergency-person-error", "data-code"), "DENIED");
    assert.ok(await page.locator("#emergency-dialog").isVisible());
    assert.ok(!(await page.locator("#emergency-countdown").isVisible()));
    assert.ok(!/not allowed|restricted \(GDPR/.test(text), `the core's English message is shown: ${text}`);
    // In English too.
    await page.keyboard.press("Escape");
    await page.click("#lang-switch");
    await page.click("#emergency-button");
    await page.fill("#emergency-person", ALVA);
    await page.fill("#emergency-justification", "Urgent call from the school about a threat today");
    await page.click("#emergency-confirm");
    await page.locator("#emergency-person-error", { hasText: "Emergency access was not given" }).waitFor();
    await close(app);
  });

  test("reception: a rate-limited lookup is said calmly at the lookup, in the user's language", async () => {
    const app = await openApp({ vaultExists: true, lookupsPerSession: 2 });
    const { page } = app;
    await VIEWS["reception-rate-limited"](page);
    const box = page.locator("#lookup-result");
    const sv = await page.evaluate(async () => (await import("/i18n/sv.js")).default["error.RATE_LIMITED"]);
    assert.match(await box.innerText(), new RegExp(sv.slice(0, 30)));
    assert.equal(await box.locator(".error").count(), 0, "the limit is shown as an error");
    assert.equal(await box.locator(".notice").count(), 1, "the limit is not a calm notice");
    assert.ok(!/too many|per session|hanna|Å\. K\./i.test(await box.innerText()), `the answer shows more than the limit: ${await box.innerText()}`);
    assert.equal(await page.getAttribute("#lookup-result", "aria-live"), "polite");
    const gap = await page.evaluate(() => document.querySelector("#lookup-result").getBoundingClientRect().top - document.querySelector("#lookup-form").getBoundingClientRect().bottom);
    assert.ok(gap < 60, `the notice is ${gap}px below the lookup`);
    await page.click("#lang-switch");
    await page.locator("#lookup-result", { hasText: "Too many lookups" }).waitFor();
    await close(app);
  });

  test("only the admin view asks for the settings", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    for (const [user, view] of [["hanna", "view-handler"], ["rut", "view-reception"], ["greta", "view-reviewer"]]) {
      await login(page, user);
      await waitView(page, view);
      await page.waitForTimeout(150);
      await page.click("#lock-button");
    }
    assert.equal((await callsOf(page, "get_settings")).length, 0, "a non-admin view called get_settings");
    await login(page, "admin");
    await waitView(page, "view-admin");
    await page.waitForFunction(() => document.querySelector("#setting-idle-lock-minutes").value === "5");
    assert.equal((await callsOf(page, "get_settings")).length, 1);
    await close(app);
  });
});

describe("copying a revealed value", () => {
  test("a revealed value cannot be selected, copied, cut or dragged, only copied with the app's copy button", async () => {
    const app = await openApp({ vaultExists: true });
    const { page, context } = app;
    const VALUE = "Kanariegatan 7";
    const selected = () => page.evaluate(() => window.getSelection().toString());
    await VIEWS["handler-card"](page);
    // The check can fail: with nothing revealed, Ctrl+A selects the page.
    await page.focus("#card-heading");
    await page.keyboard.press("Control+a");
    assert.match(await selected(), /Varje åtkomst loggas/, "Ctrl+A selects nothing even without a revealed value");
    await page.evaluate(() => window.getSelection().removeAllRanges());

    await page.click('#person-card [data-field="address"] .reveal-button');
    await pickOption(page, "#reveal-purpose", ["kontakt"]);
    await page.click("#reveal-confirm");
    const value = page.locator('#person-card [data-field="address"] .field-value.revealed');
    await value.filter({ hasText: VALUE }).waitFor();

    const look = await value.evaluate((v) => ({
      userSelect: getComputedStyle(v).userSelect,
      webkit: getComputedStyle(v).webkitUserSelect,
      ariaHidden: Boolean(v.closest('[aria-hidden="true"]')),
    }));
    assert.equal(look.userSelect, "none");
    assert.equal(look.webkit, "none");
    assert.equal(look.ariaHidden, false, "the value is hidden from screen readers");
    assert.match(await page.locator('#person-card [data-field="address"]').ariaSnapshot(), /Kanariegatan 7/, "screen readers do not get the value");

    // Double and triple click on the value.
    await value.dblclick();
    assert.ok(!(await selected()).includes(VALUE), "a double click selects the value");
    await value.click({ clickCount: 3 });
    assert.ok(!(await selected()).includes(VALUE), "a triple click selects the value");
    // A drag from the label across the value.
    const from = await page.locator('#person-card [data-field="address"] th').boundingBox();
    const to = await value.boundingBox();
    await page.mouse.move(from.x + 3, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width + 10, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(50);
    assert.ok(!(await selected()).includes(VALUE), "a drag across the row selects the value");
    // Ctrl+A on the page, and select-all as a menu or a script does it.
    await page.focus("#card-heading");
    await page.keyboard.press("Control+a");
    await page.waitForTimeout(50);
    assert.ok(!(await selected()).includes(VALUE), "Ctrl+A selects the value");
    await page.evaluate(() => document.execCommand("selectAll"));
    await page.waitForTimeout(50);
    assert.ok(!(await selected()).includes(VALUE), "select-all selects the value");

    // A selection made by a script, then copy: the copy is refused and the clipboard gets nothing.
    let clipboard = true;
    try {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base.replace(/\/$/, "") });
      await page.evaluate(() => navigator.clipboard.writeText("nothing copied yet"));
    } catch {
      clipboard = false;
    }
    const copy = await page.evaluate(async () => {
      const v = document.querySelector('#person-card [data-field="address"] .field-value');
      const seen = [];
      const spy = (e) => seen.push({ type: e.type, prevented: e.defaultPrevented, data: e.clipboardData?.getData("text/plain") ?? "" });
      window.addEventListener("copy", spy);
      window.addEventListener("cut", spy);
      window.getSelection().selectAllChildren(v);
      const during = window.getSelection().toString();
      document.execCommand("copy");
      document.execCommand("cut");
      window.removeEventListener("copy", spy);
      window.removeEventListener("cut", spy);
      await new Promise((r) => setTimeout(r, 50));
      return { seen, during, after: window.getSelection().toString() };
    });
    // Either the selection could not take the value at all, or the copy of it was refused.
    if (copy.during.includes(VALUE)) {
      assert.ok(copy.seen.every((e) => e.prevented), `a copy of the selected value went through: ${JSON.stringify(copy)}`);
    }
    assert.ok(!copy.after.includes(VALUE), "the script's selection of the value stayed");
    if (clipboard) {
      const now = await page.evaluate(() => navigator.clipboard.readText());
      assert.ok(!now.includes(VALUE), `the clipboard holds the value: ${JSON.stringify(now)}`);
    } else {
      console.log("  note: the clipboard could not be read here; the copy events were checked instead");
    }

    // The events themselves, sent to the value (and to its text): refused.
    const refused = await value.evaluate((v) => {
      const out = {};
      for (const target of [v, v.firstChild]) {
        for (const type of ["copy", "cut", "selectstart", "dragstart", "contextmenu"]) {
          const e =
            type === "copy" || type === "cut"
              ? new ClipboardEvent(type, { bubbles: true, cancelable: true, composed: true })
              : type === "dragstart"
                ? new DragEvent(type, { bubbles: true, cancelable: true })
                : type === "contextmenu"
                  ? new MouseEvent(type, { bubbles: true, cancelable: true })
                  : new Event(type, { bubbles: true, cancelable: true });
          target.dispatchEvent(e);
          out[`${target.nodeType === 3 ? "text" : "element"} ${type}`] = e.defaultPrevented;
        }
      }
      return out;
    });
    for (const [what, prevented] of Object.entries(refused)) {
      assert.ok(prevented, `${what} on the revealed value is not refused`);
    }

    // Ctrl+A inside a text box still selects its own text.
    await page.fill("#search-input", "Åsa");
    await page.focus("#search-input");
    await page.keyboard.press("Control+a");
    assert.deepEqual(await page.evaluate(() => [document.querySelector("#search-input").selectionStart, document.querySelector("#search-input").selectionEnd]), [0, 3]);

    // The app's own button copies (logged by the core); "Kopierat" is said next to that button.
    await page.click('#person-card [data-field="address"] .copy-button');
    await page.locator("#copy-feedback-address", { hasText: "Kopierat" }).waitFor();
    assert.ok(!/Kopierat/.test(await page.locator("#status").innerText()), "the copy is (also) said far away in #status");
    assert.deepEqual((await callsOf(page, "copy_field")).at(-1).args, { personRef: ASA, field: "address" });

    // Hidden again: the page can be selected as before.
    await page.click('#person-card [data-field="address"] .hide-button');
    await page.focus("#card-heading");
    await page.keyboard.press("Control+a");
    assert.match(await selected(), /Varje åtkomst loggas/);
    assert.ok(!(await selected()).includes(VALUE));
    await close(app);
  });
});

// ---- keyboard only: the data-access dialogs, both languages ----------------------------------------------
function keyboard(page) {
  const steps = [];
  async function press(key, { allowBody = false } = {}) {
    await page.keyboard.press(key);
    await page.waitForTimeout(40);
    const f = await focusState(page);
    steps.push(`${key} → ${f.none ? "(body)" : f.desc}`);
    if (f.none) {
      if (allowBody) return f;
      assert.fail(`after ${key} the focus is lost (on <body>); steps so far:\n  ${steps.join("\n  ")}`);
    }
    assert.ok(f.visible, `focus on ${f.desc} is not visible (${f.style}) after ${key}`);
    return f;
  }
  async function tabTo(what, pred, max = 80) {
    let wraps = 0;
    for (let i = 0; i < max; i++) {
      const f = await press("Tab", { allowBody: wraps++ < 1 });
      if (!f.none && (await pred(f))) return f;
    }
    assert.fail(`${what} was not reached within ${max} Tab presses:\n  ${steps.slice(-max).join("\n  ")}`);
  }
  async function typeText(t) {
    await page.keyboard.type(t);
    steps.push(`type ${JSON.stringify(t)}`);
  }
  const inside = (css) => page.evaluate((c) => !!document.activeElement?.closest(c), css);
  return { steps, press, tabTo, typeText, inside };
}

for (const lang of ["sv", "en"]) {
  describe(`keyboard only, data access (${lang})`, () => {
    test(`a case handler grants access with Tab/Enter; Tab stays in the dialog, Escape returns to the button (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await login(page, "hanna");
        await waitView(page, "view-handler");
        await page.locator('#pending-access tr[data-pending-user="vera"]').waitFor();
        await page.focus("#handler-heading");
        await k.tabTo("vera's grant button", (f) => f.desc.startsWith("button#pending-grant-0"), 100);
        await k.press("Enter");
        await page.locator("#grant-dialog").waitFor({ state: "visible" });
        let f = await k.press("Shift+Tab");
        f = await k.press("Tab");
        assert.ok(f.desc.startsWith("input#grant-fingerprint"), `focus after opening and Shift+Tab, Tab: ${f.desc}`);
        // Tab cycles inside the dialog.
        for (let i = 0; i < 4; i++) {
          await k.press("Tab");
          assert.ok(await k.inside("#grant-dialog"), `Tab left the grant dialog: ${k.steps.at(-1)}`);
        }
        await shot(page, `keyboard-${lang}-grant-dialog`);
        await k.press("Escape");
        await page.locator("#grant-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#pending-grant-0") && f.visible, `Escape left focus on ${f.desc}`);
        await k.press("Enter");
        await page.locator("#grant-dialog").waitFor({ state: "visible" });
        await k.typeText("H3KW-7PZD-Q9XN");
        await k.press("Enter");
        await page.locator("#grant-error").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#grant-fingerprint") && f.visible, `after a wrong key the focus is on ${f.desc}`);
        await page.keyboard.press("Control+a");
        await k.typeText("H3KW-7PZD-Q9XM");
        await k.tabTo("#grant-confirm", (x) => x.desc.includes("#grant-confirm"), 5);
        await k.press("Enter");
        await page.locator("#grant-dialog").waitFor({ state: "hidden" });
        await page.locator('#pending-access tr[data-pending-user="vera"]').waitFor({ state: "detached" });
        f = await focusState(page);
        assert.ok(!f.none && f.visible, `focus after the grant: ${f.none ? "(body)" : `${f.desc} ${f.style}`}`);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-grant`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });

    test(`the admin grants with the recovery code and opens the revoke dialog by keyboard (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await login(page, "admin");
        await waitView(page, "view-admin");
        await page.locator('#admin-pending tr[data-pending-user="vera"]').waitFor();
        await page.focus("#admin-pending-heading");
        await k.tabTo("vera's recovery-grant button", (f) => f.desc.startsWith("button#admin-pending-grant-0"), 10);
        await k.press("Enter");
        await page.locator("#recovery-grant-dialog").waitFor({ state: "visible" });
        assert.equal(await focusOn(page, "recovery-grant-code"), "recovery-grant-code");
        await k.typeText("K7QD-M2XA-9TRB-4HWZ-C8NE-5PJY-1VGS-6F3K");
        let f = await k.press("Tab");
        assert.ok(f.desc.startsWith("input#recovery-grant-show"), `after the code: ${f.desc}`);
        await k.press("Space");
        assert.equal(await page.getAttribute("#recovery-grant-code", "type"), "text", "Space did not show the code");
        f = await k.press("Tab");
        assert.ok(f.desc.startsWith("input#recovery-grant-fingerprint"), `after the checkbox: ${f.desc}`);
        await k.typeText("H3KW-7PZD-Q9XM");
        await shot(page, `keyboard-${lang}-recovery-grant-dialog`);
        await k.press("Enter");
        await page.locator("#recovery-grant-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(!f.none && f.visible, `focus after the grant: ${f.none ? "(body)" : `${f.desc} ${f.style}`}`);
        await page.locator('#admin-pending tr[data-pending-user="vera"]').waitFor({ state: "detached" });

        await page.focus("#admin-heading");
        await k.tabTo("hanna's revoke button", (x) => x.desc.startsWith("button#user-revoke-"), 100);
        await k.press("Enter");
        await page.locator("#revoke-dialog").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#revoke-cancel") && f.visible, `the revoke dialog opened with focus on ${f.desc}`);
        await k.press("Tab");
        assert.ok(await k.inside("#revoke-dialog"));
        await k.press("Tab");
        assert.ok(await k.inside("#revoke-dialog"), "Tab left the revoke dialog");
        await k.press("Escape");
        await page.locator("#revoke-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#user-revoke-") && f.visible, `Escape left focus on ${f.desc}`);
        assert.equal((await callsOf(page, "revoke_access")).length, 0);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-recovery`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

// ---- keyboard only: the marking dialogs, both languages ---------------------------------------------------
for (const lang of ["sv", "en"]) {
  describe(`keyboard only, protection and restriction (${lang})`, () => {
    test(`the marking and restriction dialogs by keyboard: focus inside, Tab stays, Escape returns, Enter saves (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await openCard(page, ANDERS, "Anders");
        await page.focus("#card-heading");

        // The protection marking.
        await k.tabTo("#protection-button", (f) => f.desc.startsWith("button#protection-button"), 10);
        await k.press("Enter");
        await page.locator("#protection-dialog").waitFor({ state: "visible" });
        let f = await focusState(page);
        assert.ok(f.desc.startsWith("select#protection-kind") && f.visible, `the dialog opened with focus on ${f.desc}`);
        for (let i = 0; i < 10; i++) {
          await k.press("Tab");
          assert.ok(await k.inside("#protection-dialog"), `Tab left the protection dialog: ${k.steps.at(-1)}`);
        }
        await k.press("Escape");
        await page.locator("#protection-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#protection-button") && f.visible, `Escape left focus on ${f.desc}`);
        await k.press("Enter");
        await page.locator("#protection-dialog").waitFor({ state: "visible" });
        // A closed <select> takes the arrow keys: the next kind.
        await k.press("ArrowDown");
        assert.equal(await page.inputValue("#protection-kind"), "skyddad_folkbokforing");
        await k.tabTo("#protection-reason", (x) => x.desc.startsWith("input#protection-reason"), 10);
        await k.press("Enter");
        await page.locator("#protection-reason-error").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#protection-reason") && f.visible, `after an empty reason the focus is on ${f.desc}`);
        await shot(page, `keyboard-${lang}-protection-dialog`);
        await k.typeText("Beslut om skyddad folkbokföring");
        await k.press("Enter");
        await page.locator("#protection-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#protection-button") && f.visible, `after saving the focus is on ${f.desc}`);
        assert.equal((await callsOf(page, "set_protection")).at(-1).args.protection.kind, "skyddad_folkbokforing");

        // Restricting.
        await k.tabTo("#restrict-button", (x) => x.desc.startsWith("button#restrict-button"), 5);
        await k.press("Enter");
        await page.locator("#restrict-dialog").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#restrict-reason") && f.visible, `the restrict dialog opened with focus on ${f.desc}`);
        for (let i = 0; i < 4; i++) {
          await k.press("Shift+Tab");
          assert.ok(await k.inside("#restrict-dialog"), `Shift+Tab left the restrict dialog: ${k.steps.at(-1)}`);
        }
        await page.focus("#restrict-reason");
        await k.typeText("Personen har bestritt uppgifterna");
        await k.press("Enter");
        await page.locator("#restrict-dialog").waitFor({ state: "hidden" });
        await page.locator("#lift-restriction-button").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(!f.none && f.visible, `focus after restricting: ${f.none ? "(body)" : `${f.desc} ${f.style}`}`);

        // Lifting: the checkbox with Space.
        await k.tabTo("#lift-restriction-button", (x) => x.desc.startsWith("button#lift-restriction-button"), 10);
        await k.press("Enter");
        await page.locator("#restrict-dialog").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#restrict-told") && f.visible, `the lift dialog opened with focus on ${f.desc}`);
        f = await k.press("Tab");
        assert.ok(f.desc.startsWith("input#restrict-reason"), `after the checkbox: ${f.desc}`);
        await k.typeText("Utredningen klar; underrättad per brev");
        await k.press("Enter");
        await page.locator("#restrict-told-error").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#restrict-told") && f.visible, `without the checkbox the focus is on ${f.desc}`);
        await shot(page, `keyboard-${lang}-lift-dialog`);
        await k.press("Space");
        assert.ok(await page.isChecked("#restrict-told"), "Space did not check #restrict-told");
        await k.tabTo("#restrict-confirm", (x) => x.desc.includes("#restrict-confirm"), 5);
        await k.press("Enter");
        await page.locator("#restrict-dialog").waitFor({ state: "hidden" });
        await page.locator("#restricted-notice").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(!f.none && f.visible, `focus after lifting: ${f.none ? "(body)" : `${f.desc} ${f.style}`}`);
        assert.equal((await callsOf(page, "lift_restriction")).length, 1);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-marking`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

// ---- the core's contract (ui/generated/contract.js) ----------------------------------------------------------
const catalogSource = (lang) => readFileSync(join(UI, `i18n/${lang}.js`), "utf8");
const importSource = async (src) => (await import(`data:text/javascript;base64,${Buffer.from(src).toString("base64")}`)).default;
const CATALOGS = { sv: await importSource(catalogSource("sv")), en: await importSource(catalogSource("en")) };

/** A catalog text with its placeholders filled (as lib/i18n.js does), to compare with what is shown. */
function say(lang, key, params = {}) {
  const s = CATALOGS[lang][key];
  assert.ok(s !== undefined, `${lang}.js has no ${key}`);
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** The keys of a catalog as tests/ui_contract.rs reads them: one `  "key": "text",` a line. */
function catalogLines(src) {
  return new Set(src.split("\n").map((l) => /^\s*"([^"]+)"\s*:/.exec(l)?.[1]).filter(Boolean));
}

/** What tests/ui_contract.rs will find wrong with a catalog's keys: missing texts and stale ones. */
function catalogProblems(keys, c = CONTRACT) {
  const wanted = [
    ...c.ERROR_CODES.map((x) => `error.${x}`),
    ...c.RULES.map((x) => `error.INVALID_INPUT.${x}`),
    ...c.IDENTITY_RULES.map((x) => `error.INVALID_IDENTITY_NUMBER.${x}`),
    ...c.PASSWORD_RULES.map((x) => `error.WEAK_PASSWORD.${x}`),
    ...c.INPUTS.map((x) => `input.${x}`),
    ...c.ACTIONS.map((x) => `action.${x}`),
    ...c.FIELDS.map((x) => `field.${x.name}`),
    ...c.LOG_ROLES.map((x) => `role.${x}`),
    ...c.PROTECTION_KINDS.map((x) => `protection.${x}`),
    ...c.LEGAL_BASES.map((x) => `legal.${x}`),
    ...c.REVIEW_STATUSES.map((x) => `review.${x}`),
  ];
  const known = new Set([...wanted, "error.IPC", "error.NO_BACKEND", "error.UNKNOWN"]);
  const families = ["error.", "action.", "field.", "role.", "input.", "review."];
  return [
    ...wanted.filter((k) => !keys.has(k)).map((k) => `missing ${k}`),
    ...[...keys].filter((k) => families.some((f) => k.startsWith(f)) && !known.has(k)).map((k) => `stale ${k}`),
  ];
}

/** The page's whole text and every attribute value: the core's English message must be in none. */
function pageHolds(page, text) {
  return page.evaluate((needle) => {
    const all = [document.documentElement.textContent, document.body.innerText];
    for (const e of document.querySelectorAll("*")) {
      for (const a of e.attributes) all.push(a.value);
      if ("value" in e && typeof e.value === "string") all.push(e.value);
    }
    return all.some((x) => x.includes(needle));
  }, text);
}

/** The error the mock last answered `cmd` with. */
async function lastError(page, cmd) {
  return (await callsOf(page, cmd)).filter((c) => c.error).at(-1)?.error ?? null;
}

/** hanna's new-person form with a name and a valid postcode, the core's refusal of it prepared. */
async function refusedPostcode(page) {
  await login(page, "hanna");
  await waitView(page, "view-handler");
  await page.click("#new-person-button");
  await page.locator("#person-form").waitFor({ state: "visible" });
  await page.fill("#pf-name", "Test Testsson");
  await page.fill("#pf-postcode", "123 45");
}

const POSTCODE_REFUSAL = { code: "INVALID_INPUT", message: "postcode must be five digits, e.g. 123 45", field: "postcode", rule: "FORMAT" };

/** The core's postcode refusal is shown at #pf-postcode-error in `lang`, tied to the input; nothing at the form. */
async function postcodeRefusalShown(page, lang) {
  const want = say(lang, "error.INVALID_INPUT.FORMAT", { field: CATALOGS[lang]["input.postcode"] });
  await page.locator("#pf-postcode-error", { hasText: want }).waitFor({ timeout: 3000 }).catch(async () => {
    assert.fail(`#pf-postcode-error says ${JSON.stringify(await page.locator("#pf-postcode-error").innerText())}, not ${JSON.stringify(want)}`);
  });
  assert.equal((await page.locator("#pf-postcode-error").innerText()).trim(), want);
  assert.match(await nextTo(page, "#pf-postcode", "#pf-postcode-error"), /\S/);
  assert.equal(await page.getAttribute("#pf-postcode-error", "data-code"), "INVALID_INPUT");
  assert.ok(!(await page.locator("#pf-form-error").isVisible()), "the refusal is (also) shown as the form's error");
  assert.ok(!(await pageHolds(page, POSTCODE_REFUSAL.message)), "the core's English message is in the page");
  assert.ok(!(await pageHolds(page, "{field}")), "a placeholder was left unfilled");
}

describe("the core's contract", () => {
  test("the catalogs have a text for every name in the contract and none for a name it lacks (as tests/ui_contract.rs)", () => {
    for (const lang of ["sv", "en"]) {
      const keys = catalogLines(catalogSource(lang));
      assert.ok(keys.size > 100, `${lang}.js was not read line by line`);
      assert.deepEqual(catalogProblems(keys), [], `${lang}.js`);
      // Every text is one a line, quoted (`locale` is not a text).
      assert.deepEqual([...keys].sort(), Object.keys(CATALOGS[lang]).filter((k) => k !== "locale").sort(), `${lang}.js has a key that is not one a line`);
    }
    // The check itself finds a missing text and a stale one.
    const doctored = catalogLines(catalogSource("sv"));
    doctored.delete("error.INVALID_INPUT.PERSONAL_VALUE");
    doctored.add("action.no_such_action");
    assert.deepEqual(catalogProblems(doctored), ["missing error.INVALID_INPUT.PERSONAL_VALUE", "stale action.no_such_action"]);
  });

  test("(1) an INVALID_INPUT for the postcode from create_person is said in Swedish at #pf-postcode-error, never in English", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await refusedPostcode(page);
    await page.evaluate((e) => window.__mock.refuseNext("create_person", e), POSTCODE_REFUSAL);
    await page.click("#pf-submit");
    await postcodeRefusalShown(page, "sv");
    assert.equal((await callsOf(page, "create_person")).length, 1, "the form did not ask the core");
    // Edited and sent again: the core's answer decides, and the error goes.
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.ok(!(await page.locator("#pf-postcode-error").isVisible()));
    await close(app);
  });

  test("(2) the same refusal in English, also when the language is switched while it is shown", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await refusedPostcode(page);
    await page.evaluate((e) => window.__mock.refuseNext("create_person", e), POSTCODE_REFUSAL);
    await page.click("#pf-submit");
    await postcodeRefusalShown(page, "sv");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.focus("#pf-postcode");
    await postcodeRefusalShown(page, "en");
    // Refused again, now in English from the start.
    await page.evaluate((e) => window.__mock.refuseNext("create_person", e), POSTCODE_REFUSAL);
    await page.click("#pf-submit");
    await page.waitForFunction(() => window.__mock.calls.filter((c) => c.cmd === "create_person").length === 2);
    await postcodeRefusalShown(page, "en");
    await close(app);
  });

  test("(3) LOGIN_DELAYED says how many seconds to wait, in both languages", async () => {
    // Six failed logins with a wait from the second: 2^4 = 16 s from the last failure.
    const app = await openApp({ vaultExists: true, loginFailures: { hanna: 6 }, settings: { lockout_after: 10, delay_from: 2 } });
    const { page } = app;
    for (const lang of ["sv", "en"]) {
      if (lang === "en") await page.click("#lang-switch");
      await login(page, "hanna");
      await page.locator("#login-error").waitFor({ state: "visible" });
      const err = await lastError(page, "login");
      assert.equal(err?.code, "LOGIN_DELAYED");
      assert.ok(err.seconds > 0 && err.seconds <= 16, `the mock's wait: ${err.seconds}`);
      assert.equal((await page.locator("#login-error").innerText()).trim(), say(lang, "error.LOGIN_DELAYED", { seconds: err.seconds }));
      assert.match(await page.locator("#login-error").innerText(), new RegExp(`\\b${err.seconds}\\b`), "the seconds are not shown");
      assert.ok(!(await pageHolds(page, "too many failed logins")), "the core's English message is in the page");
      assert.equal(await page.getAttribute("#login-error", "data-code"), "LOGIN_DELAYED");
    }
    await close(app);
  });

  test("(4) a reason holding the person's values (PERSONAL_VALUE) is said at the reason in the restriction dialog", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ANDERS, "Anders");
    await page.click("#restrict-button");
    await page.locator("#restrict-dialog").waitFor({ state: "visible" });
    await page.fill("#restrict-reason", "Anders Kanarie Berg bestrider uppgifterna");
    await page.click("#restrict-confirm");
    await page.locator("#restrict-reason-error").waitFor({ state: "visible" });
    const err = await lastError(page, "restrict");
    assert.deepEqual({ code: err?.code, field: err?.field, rule: err?.rule }, { code: "INVALID_INPUT", field: "reason", rule: "PERSONAL_VALUE" });
    const text = await nextTo(page, "#restrict-reason", "#restrict-reason-error");
    assert.equal(text.trim(), say("sv", "error.INVALID_INPUT.PERSONAL_VALUE", { field: CATALOGS.sv["input.reason"] }));
    assert.equal(await page.getAttribute("#restrict-reason-error", "data-code"), "INVALID_INPUT");
    assert.ok(!(await page.locator("#restrict-error").isVisible()), "the refusal is (also) the dialog's general error");
    assert.ok(!(await pageHolds(page, err.message)), "the core's English message is in the page");
    assert.ok(await page.locator("#restrict-dialog").isVisible(), "the dialog closed on a refusal");
    assert.ok(!(await page.locator("#restricted-notice").isVisible()), "the person was restricted anyway");
    await page.keyboard.press("Escape");
    await close(app);
  });

  test("(5) the reveal dialog offers only the strict purposes for an art. 9 field, every purpose for others (the vault's defaults)", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ASA, "Åsa");
    const offered = () => page.$$eval("#reveal-purpose option", (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent]));
    const strict = CONTRACT.PURPOSES.filter((p) => p.strict);
    assert.ok(strict.length > 0 && strict.length < CONTRACT.PURPOSES.length, "the contract has no mix of strict and other purposes");
    for (const f of CONTRACT.FIELDS.filter((x) => ["health", "address"].includes(x.name))) {
      await page.click(`#person-card [data-field="${f.name}"] .reveal-button`);
      await page.locator("#reveal-dialog").waitFor({ state: "visible" });
      const want = (f.art9 ? strict : CONTRACT.PURPOSES).map((p) => [p.code, p.sv]);
      assert.deepEqual(await offered(), want, `the purposes offered for ${f.name} (art. 9: ${f.art9})`);
      await page.click("#reveal-cancel");
      await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
    }
    assert.ok(CONTRACT.FIELDS.find((x) => x.name === "health").art9, "health is not art. 9 in the contract");
    // In English, the English labels; the vault's list asked once after login, not again.
    await page.click("#lang-switch");
    await page.click('#person-card [data-field="health"] .reveal-button');
    assert.deepEqual(await offered(), strict.map((p) => [p.code, p.en]));
    await page.click("#reveal-cancel");
    assert.equal((await callsOf(page, "purposes")).length, 1, "the vault's purposes were not asked exactly once");
    await close(app);
  });

  /** What the UI offers where the contract's lists and limits are used. */
  async function offeredLists(page) {
    const values = (css) => page.$$eval(`${css} option`, (os) => os.map((o) => o.value));
    const out = {};
    await login(page, "greta");
    await waitView(page, "view-reviewer");
    out.actions = await values("#log-actions");
    await page.click("#lock-button");
    await login(page, "admin");
    await waitView(page, "view-admin");
    out.roles = await values("#user-add-role");
    out.idle = await page.$eval("#setting-idle-lock-minutes", (i) => [i.min, i.max]);
    out.idleHint = await page.locator("#setting-idle-hint").innerText();
    await page.click("#lock-button");
    await openCard(page, ASA, "Åsa");
    await page.click('#person-card [data-field="address"] .reveal-button');
    out.purposes = await page.$$eval("#reveal-purpose option", (os) => os.filter((o) => o.value).map((o) => o.value));
    await page.click("#reveal-cancel");
    await page.click("#protection-button");
    out.protectionKinds = await values("#protection-kind");
    await page.click("#protection-cancel");
    await page.click("#new-person-button");
    out.formKinds = await values("#pf-protection-kind");
    out.legalBases = await values("#pf-legal_basis");
    out.justificationMax = await page.$eval("#emergency-justification", (t) => t.maxLength);
    out.reasonHint = await page.$eval("#rectify-reason-hint", (e) => e.textContent);
    return out;
  }

  function expectedLists(c) {
    const idle = c.SETTINGS.find((s) => s.name === "idle-lock-minutes");
    return {
      actions: c.ACTIONS,
      roles: c.ROLES,
      idle: [String(idle.min), String(idle.max)],
      idleHint: say("sv", "admin.idleHint", { idleMin: idle.min, idleMax: idle.max }),
      purposes: c.PURPOSES.map((p) => p.code),
      protectionKinds: ["", ...c.PROTECTION_KINDS],
      formKinds: ["", ...c.PROTECTION_KINDS],
      legalBases: ["", ...c.LEGAL_BASES],
      justificationMax: c.LIMITS.MAX_TEXT,
      reasonHint: say("sv", "pf.rectifyReasonHint", { minReason: c.LIMITS.MIN_REASON, maxText: c.LIMITS.MAX_TEXT }),
    };
  }

  test("(6) no hand copy: the reviewer's actions, the roles, purposes, kinds, bases and limits are the contract's, also when it changes", async () => {
    let app = await openApp({ vaultExists: true });
    assert.deepEqual(await offeredLists(app.page), expectedLists(CONTRACT), "with the generated contract");
    await close(app);
    // A different contract (one more action and purpose, the roles in another order, a legal basis
    // fewer, other ranges and limits): a UI with lists of its own would not follow.
    const changed = structuredClone(CONTRACT);
    changed.ACTIONS.push("test_only_action");
    changed.ROLES.reverse();
    changed.LEGAL_BASES.pop();
    changed.PURPOSES.push({ code: "test_purpose", sv: "Testsyfte", en: "Test purpose", strict: false });
    changed.SETTINGS.find((s) => s.name === "idle-lock-minutes").max = 99;
    changed.LIMITS.MAX_TEXT = 321;
    app = await openApp({ vaultExists: true }, { contract: changed });
    const got = await offeredLists(app.page);
    assert.deepEqual(got, expectedLists(changed), "with a changed contract");
    assert.match(got.idleHint, /99/);
    await close(app);
  });
});

// ---- "Mina personer", the names of a page, "Bevakningar", a group reveal, emergency by number -------------
/** The refs of the caseload's rows on show, in order. */
function rowRefs(page) {
  return page.$$eval("#caseload-table tbody tr[data-person-ref]", (rs) => rs.map((r) => r.dataset.personRef));
}

/** The aria-sort of every sortable header: {key: value or null}. */
function sortState(page) {
  return page.$$eval("#caseload-table thead th[data-sort]", (ths) => Object.fromEntries(ths.map((th) => [th.dataset.sort, th.getAttribute("aria-sort")])));
}

async function caseloadShown(page) {
  await login(page, "hanna");
  await waitView(page, "view-handler");
  await page.locator("#caseload-table tbody tr[data-person-ref]").first().waitFor();
}

describe("Mina personer, Bevakningar and group reveals", () => {
  test("the caseload shows only the handler's persons, sorts by a header (aria-sort) and pages 25 at a time, without asking the core again", async () => {
    const app = await openApp({ vaultExists: true, bulkPersons: 60 });
    const { page } = app;
    await caseloadShown(page);
    const mine = await page.evaluate(() => window.__mock.persons.filter((p) => p.assigned.includes("hanna")).map((p) => p.ref).sort());
    assert.equal(mine.length, 62);
    // A real table: caption, column headers, each a button.
    const shape = await page.evaluate(() => {
      const t = document.querySelector("#caseload-table");
      return {
        caption: t.querySelector("caption")?.textContent ?? "",
        cols: [...t.querySelectorAll("thead th")].map((th) => [th.getAttribute("scope"), !!th.querySelector("button")]),
        rowHeaders: [...t.querySelectorAll("tbody tr")].every((r) => r.querySelector('th[scope="row"] button')),
      };
    });
    assert.match(shape.caption, /Mina personer, sida 1 av 3/);
    assert.deepEqual(shape.cols, Array(6).fill(["col", true]), "every column header is a th scope=col with a sort button");
    assert.ok(shape.rowHeaders, "a row has no button that opens the person");
    assert.deepEqual(await sortState(page), { ref: "ascending", name: null, born: null, protection: null, review: null, restricted: null });

    // Paged: 25, 25, 12 — every one of hanna's persons once, nobody else's.
    const seen = [];
    for (const [n, rows] of [[1, 25], [2, 25], [3, 12]]) {
      assert.equal((await page.locator("#caseload-page").innerText()).trim(), `Sida ${n} av 3`);
      const refs = await rowRefs(page);
      assert.equal(refs.length, rows, `page ${n} has ${refs.length} rows`);
      seen.push(...refs);
      if (n < 3) await page.click("#caseload-next");
      await page.locator("#caseload-page", { hasText: `Sida ${Math.min(n + 1, 3)} av 3` }).waitFor();
    }
    assert.deepEqual(seen, mine, "the pages are not the handler's persons in ref order");
    assert.ok(!seen.includes(ALVA), "another handler's person is listed");
    assert.equal(await page.getAttribute("#caseload-next", "aria-disabled"), "true", "next is offered on the last page");
    await page.click("#caseload-next", { force: true });
    assert.equal((await page.locator("#caseload-page").innerText()).trim(), "Sida 3 av 3");

    // A header sorts: the same header again turns the order; another one starts ascending, on page 1.
    await page.click('#caseload-table thead button[data-sort="ref"]');
    await page.locator("#caseload-page", { hasText: "Sida 1 av 3" }).waitFor();
    assert.deepEqual(await sortState(page), { ref: "descending", name: null, born: null, protection: null, review: null, restricted: null });
    assert.deepEqual(await rowRefs(page), [...mine].reverse().slice(0, 25));
    await page.click('#caseload-table thead button[data-sort="review"]');
    assert.equal((await sortState(page)).review, "ascending");
    assert.equal((await sortState(page)).ref, null, "two headers claim the sort");
    assert.deepEqual((await rowRefs(page)).slice(0, 2), [ASA, ANDERS], "the earliest review dates do not come first");
    assert.match(await page.locator("#caseload-caption").innerText(), /sorterade efter Omprövas, stigande/);

    // What tells the persons apart, in words: birth year, protection, review status, restricted.
    const asa = await page.$$eval(`#caseload-table tr[data-person-ref="${ASA}"] > *`, (cs) => cs.map((c) => c.innerText.trim().replace(/\s+/g, " ")));
    assert.deepEqual(asa, [`${ASA} – öppna personen`, "Å. K. L.", "1985", "Skyddad folkbokföring", "2026-03-01 ⚠ Omprövningen är försenad", "Nej"]);
    assert.equal((await callsOf(page, "caseload")).length, 1, "sorting or paging asked the core again");

    // A row opens the card; back, the focus is on that row again.
    await page.click(`#caseload-table tr[data-person-ref="${ASA}"] .open-person`);
    await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
    assert.ok(!(await page.locator("#caseload").isVisible()), "the list stays beside the card");
    await page.click("#card-back");
    await page.locator("#caseload").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, `open-${ASA}`), `open-${ASA}`);
    // In English.
    await page.click("#lang-switch");
    await page.locator("#caseload-page", { hasText: "Page 1 of 3" }).waitFor();
    assert.match(await page.locator("#caseload-table thead").innerText(), /Case reference/);
    await close(app);
  });

  test("an empty caseload says so calmly and what to do", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await page.evaluate(() => window.__mock.persons.forEach((p) => (p.assigned = p.assigned.filter((u) => u !== "hanna"))));
    await login(page, "hanna");
    await waitView(page, "view-handler");
    const empty = page.locator("#caseload-empty");
    await empty.waitFor({ state: "visible" });
    assert.match(await empty.innerText(), /Inga personer är tilldelade dig.*Lägg upp en ny person/s);
    assert.equal(await empty.getAttribute("class"), "notice", "the empty list looks like an error");
    for (const css of ["#caseload-wrap", "#caseload-reveal-names", "#caseload-pager"]) {
      assert.ok(!(await page.locator(css).isVisible()), `${css} is shown for an empty list`);
    }
    await close(app);
  });

  test("Visa namn: one purpose, the page's names with a countdown, one names_revealed entry naming the page's refs, masked again", async () => {
    const app = await openApp({ vaultExists: true, bulkPersons: 30 });
    const { page } = app;
    await page.clock.install();
    // One person on the first page is restricted: the core would refuse a reveal that names them.
    await page.evaluate(() => {
      window.__mock.persons[3].record.restricted = true;
    });
    const restricted = await page.evaluate(() => window.__mock.persons[3].ref);
    await caseloadShown(page);
    const refs = await rowRefs(page);
    assert.equal(refs.length, 25);
    assert.ok(refs.includes(restricted));
    const open = refs.filter((r) => r !== restricted);
    const logBefore = await page.evaluate(() => window.__mock.log.length);

    await page.click("#caseload-reveal-names");
    const dialog = page.locator("#reveal-dialog");
    await dialog.waitFor({ state: "visible" });
    assert.equal((await page.locator("#reveal-heading").innerText()).trim(), "Visa namnen på sidan");
    assert.match(await page.locator("#reveal-intro").innerText(), /24 personerna/);
    const offered = await page.$$eval("#reveal-purpose option", (os) => os.filter((o) => o.value).map((o) => o.value));
    assert.deepEqual(offered, CONTRACT.PURPOSES.map((p) => p.code), "a name is not art. 9: every purpose");
    await page.click("#reveal-confirm");
    await page.locator("#reveal-error", { hasText: "Välj ett syfte" }).waitFor();
    assert.equal((await callsOf(page, "reveal_names")).length, 0);
    await page.selectOption("#reveal-purpose", "handlaggning");
    await page.click("#reveal-confirm");
    await dialog.waitFor({ state: "hidden" });

    // One call with the page's open refs, one purpose.
    const calls = await callsOf(page, "reveal_names");
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args, { personRefs: open, purpose: "handlaggning" });
    // The names in place of the initials (guarded like any revealed value), a visible countdown.
    const first = page.locator(`#caseload-table tr[data-person-ref="${open[0]}"] td.name .field-value.revealed`);
    await first.filter({ hasText: /Ada Exempel/ }).waitFor();
    assert.equal(await page.locator("#caseload-table td.name .field-value.revealed").count(), 24);
    assert.equal((await page.locator(`#caseload-table tr[data-person-ref="${restricted}"] td.name`).innerText()).trim(), "A. E. 1.", "a restricted person's name is shown");
    assert.match(await page.locator("#caseload-names-countdown").innerText(), /^Namnen döljs om 0:(30|2\d)$/);
    assert.equal(await page.getAttribute("#caseload-names-countdown", "role"), "timer");
    assert.equal((await page.locator("#caseload-names-status").innerText()).trim(), "Namnen visas i 30 s — visningen loggas.");
    assert.equal(await focusOn(page, "caseload-reveal-names"), "caseload-reveal-names", "focus did not return to the button");
    const gap = await page.evaluate(() => document.querySelector("#caseload-names-status").getBoundingClientRect().top - document.querySelector("#caseload-reveal-names").getBoundingClientRect().bottom);
    assert.ok(gap < 80, `the status is ${gap}px from the button`);

    // Exactly one log entry, naming every ref.
    const entries = await page.evaluate((n) => window.__mock.log.slice(0, window.__mock.log.length - n).filter((e) => e.action === "names_revealed"), logBefore);
    assert.equal(entries.length, 1, `names_revealed entries: ${JSON.stringify(entries)}`);
    assert.equal(entries[0].detail, `refs ${open.join(" ")}`);
    assert.deepEqual([entries[0].fields, entries[0].purpose, entries[0].outcome, entries[0].person_ref], [["name"], "handlaggning", "allowed", null]);

    // Masked again when the time is up (the page's clock is moved on).
    await page.clock.fastForward(CONTRACT.LIMITS.REVEAL_SECONDS * 1000 + 500);
    await page.locator("#caseload-table td.name .field-value.revealed").first().waitFor({ state: "detached" });
    assert.equal((await page.locator(`#caseload-table tr[data-person-ref="${open[0]}"] td.name`).innerText()).trim(), "A. E. 2.");
    assert.ok(!(await page.locator("#caseload-names-countdown").isVisible()), "the countdown stays");
    await page.locator("#caseload-names-status", { hasText: "Namnen är dolda igen." }).waitFor();
    await close(app);
  });

  test("Bevakningar lists the overdue person first, then the due soon by date, in words and shapes, and opens the card", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    // Alva too is hanna's, due in three days: before Anders (in twelve), after Åsa (overdue).
    await page.evaluate(() => {
      const alva = window.__mock.persons[2];
      alva.assigned.push("hanna");
      alva.record.protection.review_on = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
    });
    await caseloadShown(page);
    const items = page.locator("#watchlist-list [data-person-ref]");
    await items.first().waitFor();
    assert.deepEqual(await items.evaluateAll((b) => b.map((x) => x.dataset.personRef)), [ASA, ALVA, ANDERS]);
    assert.equal((await page.locator("#watchlist-count").innerText()).trim(), "3 bevakningar");
    const words = await items.evaluateAll((b) => b.map((x) => [x.querySelector(".review-mark")?.innerText.replace(/\s+/g, " ").trim(), x.querySelector(".review-icon")?.getAttribute("aria-hidden")]));
    assert.deepEqual(words, [["⚠ Omprövningen är försenad", "true"], ["◔ Omprövas snart", "true"], ["◔ Omprövas snart", "true"]]);
    assert.match(await items.first().innerText(), /P-7K2M-Q9XD-4T1B[\s\S]*Å\. K\. L\.[\s\S]*2026-03-01/);
    assert.equal(await page.locator("#watchlist").getAttribute("aria-labelledby"), "watchlist-heading");
    assert.equal((await page.locator("#watchlist-heading").innerText()).trim(), "Bevakningar");
    // The caseload marks the same, in words.
    assert.match(await page.locator(`#caseload-table tr[data-person-ref="${ANDERS}"]`).innerText(), /Omprövas snart/);
    assert.equal(await page.getAttribute(`#caseload-table tr[data-person-ref="${ASA}"]`, "data-review"), "overdue");
    // The card marks it next to "Omprövas".
    await items.first().click();
    await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
    const review = await page.evaluate(() => {
      const dt = [...document.querySelectorAll("#card-meta dt")].find((d) => d.textContent === "Omprövas");
      return dt?.nextElementSibling?.innerText.replace(/\s+/g, " ").trim();
    });
    assert.equal(review, "2026-03-01 ⚠ Omprövningen är försenad");
    await page.click("#lang-switch");
    await page.locator("#watchlist-count", { hasText: "3 reviews due" }).waitFor();
    await page.locator("#card-meta", { hasText: "Review overdue" }).waitFor();
    await close(app);
  });

  test("a group reveal of the address: one dialog, three values with their countdowns, one log entry with three fields; the buttons keep their place", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await page.clock.install();
    await openCard(page, ASA, "Åsa");
    const place = (css) => page.$eval(css, (e) => Math.round(e.getBoundingClientRect().left));
    const before = { reveal: await place("#reveal-address"), column: await page.$eval("#card-fields th.col-actions", (th) => th.getBoundingClientRect().width) };
    const groups = await page.$$eval("#card-groups button", (bs) => bs.map((b) => b.textContent.trim()));
    assert.deepEqual(groups, ["Visa adressuppgifter", "Visa kontaktuppgifter"]);
    const logBefore = await page.evaluate(() => window.__mock.log.length);

    await page.click("#reveal-group-platsdata");
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    assert.equal((await page.locator("#reveal-heading").innerText()).trim(), "Visa adressuppgifter");
    assert.match(await page.locator("#reveal-intro").innerText(), /Adress, Postnummer, Folkbokföringskommun/);
    await page.selectOption("#reveal-purpose", "kontakt");
    await page.click("#reveal-confirm");
    await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
    const platsdata = CONTRACT.FIELDS.filter((f) => f.category === "Platsdata").map((f) => f.name);
    assert.deepEqual(platsdata, ["address", "postcode", "municipality"]);
    for (const [field, value] of [["address", "Kanariegatan 7"], ["postcode", "123 45"], ["municipality", "Kanarieby"]]) {
      await page.locator(`#person-card [data-field="${field}"] .field-value.revealed`, { hasText: value }).waitFor();
      assert.match(await page.locator(`#hides-in-${field}`).innerText(), /^döljs om 0:(30|2\d)$/);
      assert.equal(await page.getAttribute(`#hides-in-${field}`, "role"), "timer");
    }
    assert.ok(!(await page.locator('#person-card [data-field="phone"] .field-value.revealed').count()), "the contact details were revealed too");
    assert.deepEqual((await callsOf(page, "reveal_fields")).map((c) => c.args), [{ personRef: ASA, fields: platsdata, purpose: "kontakt" }]);
    assert.equal((await callsOf(page, "reveal_field")).length, 0);
    const entries = await page.evaluate((n) => window.__mock.log.slice(0, window.__mock.log.length - n).filter((e) => e.action === "field_revealed"), logBefore);
    assert.deepEqual(entries.map((e) => [e.person_ref, e.fields, e.purpose, e.flagged]), [[ASA, platsdata, "kontakt", false]]);
    await page.locator("#status", { hasText: "Adressuppgifterna visas i 30 sekunder." }).waitFor();

    // Nothing jumps: the copy button takes the reveal button's place, the column keeps its width.
    assert.equal(await place("#copy-address"), before.reveal, "the copy button is not where the reveal button was");
    assert.equal(await page.$eval("#card-fields th.col-actions", (th) => th.getBoundingClientRect().width), before.column);
    // "Kopierat" next to the button pressed, not elsewhere; it clears by itself.
    const rowHeight = () => page.$eval('#card-fields tr[data-field="postcode"]', (r) => r.getBoundingClientRect().height);
    const heightBefore = await rowHeight();
    await page.click("#copy-postcode");
    const feedback = page.locator("#copy-feedback-postcode");
    await feedback.filter({ hasText: "Kopierat" }).waitFor();
    assert.equal((await page.locator("#copy-feedback-address").innerText()).trim(), "", "the feedback is at another button");
    const dist = await page.evaluate(() => {
      const b = document.querySelector("#copy-postcode").getBoundingClientRect();
      const f = document.querySelector("#copy-feedback-postcode").getBoundingClientRect();
      return Math.abs(f.top - b.top) + Math.max(0, f.left - b.right);
    });
    assert.ok(dist < 160, `"Kopierat" is ${dist}px from its button`);
    assert.match(await page.locator('#person-card [data-field="postcode"] [role="status"]').innerText(), /Urklippet töms efter 30 sekunder/);
    assert.equal(await place("#copy-address"), before.reveal, "the feedback moved a button");
    assert.equal(await rowHeight(), heightBefore, "the feedback made its row taller");
    await page.clock.fastForward(10000);
    await page.waitForFunction(() => document.querySelector("#copy-feedback-postcode")?.textContent === "");
    await close(app);
  });

  test("emergency access by personnummer opens the card, read-only unless asked; a wrong check digit is said next to the person field in Swedish", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.click("#emergency-button");
    await page.locator("#emergency-dialog").waitFor({ state: "visible" });
    assert.equal((await page.locator('label[for="emergency-person"]').innerText()).trim(), "Personnummer eller ärendenummer (P-…)");
    await page.fill("#emergency-person", "761224-1238");
    await page.fill("#emergency-justification", "Akut samtal från skolan om hot mot barnet i dag");
    await page.click("#emergency-confirm");
    await page.locator("#emergency-person-error").waitFor({ state: "visible" });
    const text = await nextTo(page, "#emergency-person", "#emergency-person-error");
    assert.equal(text.trim(), say("sv", "error.INVALID_IDENTITY_NUMBER.INVALID_IDENTITY_CHECK_DIGIT"));
    assert.equal((await lastError(page, "emergency_access"))?.rule, "INVALID_IDENTITY_CHECK_DIGIT");
    assert.equal(await page.getAttribute("#emergency-person-error", "data-code"), "INVALID_IDENTITY_NUMBER");
    assert.ok(!(await pageHolds(page, "check digit")), "the core's English message is shown");
    // Edited: the error goes. The number in its long form opens hugo's person.
    await page.fill("#emergency-person", "19761224-1237");
    assert.ok(!(await page.locator("#emergency-person-error").isVisible()), "the error stays while the number is edited");
    await page.click("#emergency-confirm");
    await page.locator(`#person-card[data-person-ref="${ALVA}"]`).waitFor({ state: "visible" });
    await page.locator("#emergency-countdown").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "emergency_access")).map((c) => c.args.person), ["761224-1238", "19761224-1237"]);
    // Logged and flagged, and so is what was done under it.
    const log = await page.evaluate((ref) => window.__mock.log.filter((e) => e.person_ref === ref && ["emergency_access", "person_viewed"].includes(e.action)).slice(0, 2).map((e) => [e.action, e.flagged, e.outcome]), ALVA);
    assert.deepEqual(log, [["person_viewed", true, "allowed"], ["emergency_access", true, "allowed"]]);
    // Read-only unless asked for: nothing to edit is offered, and the countdown says so.
    assert.equal((await callsOf(page, "emergency_access")).at(-1).args.edit, false);
    assert.ok(!(await page.locator("#edit-person-button").isVisible()), "a read-only emergency access offers to edit");
    assert.match(await page.locator("#emergency-countdown").innerText(), /endast läsning/);
    // Asked for again, to edit: the card offers it.
    await page.click("#emergency-button");
    assert.equal(await page.inputValue("#emergency-person"), ALVA);
    assert.ok(!(await page.isChecked("#emergency-edit")), "the dialog remembers the last choice");
    await page.check("#emergency-edit");
    await page.fill("#emergency-justification", "Adressen måste rättas i dag för att skolan ska nå vårdnadshavaren");
    await page.click("#emergency-confirm");
    await page.locator("#emergency-dialog").waitFor({ state: "hidden" });
    await page.locator("#edit-person-button").waitFor({ state: "visible" });
    assert.equal((await callsOf(page, "emergency_access")).at(-1).args.edit, true);
    assert.doesNotMatch(await page.locator("#emergency-countdown").innerText(), /endast läsning/);
    await close(app);
  });

  test("the search finds a person by the app's ref, in any case, only among the handler's own", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.fill("#search-input", ASA.toLowerCase());
    await page.click("#search-submit");
    await page.locator("#search-summary", { hasText: "1 träff" }).waitFor();
    assert.deepEqual(await page.$$eval("#search-results [data-person-ref]", (bs) => bs.map((b) => b.dataset.personRef)), [ASA]);
    await page.fill("#search-input", ALVA);
    await page.click("#search-submit");
    await page.locator("#search-summary", { hasText: "Ingen träff" }).waitFor();
    await close(app);
  });
});

// ---- keyboard only: "Mina personer", both languages --------------------------------------------------------
for (const lang of ["sv", "en"]) {
  describe(`keyboard only, Mina personer (${lang})`, () => {
    test(`sort, reveal the page's names, open a row and a group reveal by keyboard, with visible focus (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await caseloadShown(page);
        await page.focus("#caseload-heading");
        await k.tabTo("#caseload-reveal-names", (f) => f.desc.startsWith("button#caseload-reveal-names"), 5);
        await k.press("Enter");
        await page.locator("#reveal-dialog").waitFor({ state: "visible" });
        let f = await focusState(page);
        assert.ok(f.desc.startsWith("select#reveal-purpose") && f.visible, `the dialog opened with focus on ${f.desc}`);
        await k.press("ArrowDown");
        await k.tabTo("#reveal-confirm", (x) => x.desc.includes("#reveal-confirm"), 5);
        await k.press("Enter");
        await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
        await page.locator("#caseload-table .field-value.revealed").first().waitFor();
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#caseload-reveal-names") && f.visible, `after the reveal the focus is on ${f.desc}`);
        // A sort header, by Enter: aria-sort follows, the focus stays on it.
        await k.tabTo("the review column's sort button", () => page.evaluate(() => document.activeElement?.dataset.sort === "review"), 12);
        await k.press("Enter");
        assert.equal(await page.getAttribute('#caseload-table th[data-sort="review"]', "aria-sort"), "ascending");
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button.sort") && f.visible, `after sorting the focus is on ${f.desc}`);
        await shot(page, `keyboard-${lang}-caseload`);
        // A row opens the card, a group reveal opens its dialog, Escape returns to the button.
        await k.tabTo("Åsa's row", (x) => x.desc.startsWith(`button#open-${ASA}`), 10);
        await k.press("Enter");
        await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
        await k.tabTo("#reveal-group-platsdata", (x) => x.desc.startsWith("button#reveal-group-platsdata"), 12);
        await k.press("Space");
        await page.locator("#reveal-dialog").waitFor({ state: "visible" });
        assert.ok(await k.inside("#reveal-dialog"), "focus is not in the dialog");
        await k.press("Escape");
        await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#reveal-group-platsdata") && f.visible, `Escape left focus on ${f.desc}`);
        // Back to the list, to the row left.
        await page.focus("#card-heading");
        f = await k.press("Shift+Tab");
        assert.ok(f.desc.startsWith("button#card-back"), `before the card's heading: ${f.desc}`);
        await k.press("Enter");
        await page.locator("#caseload").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith(`button#open-${ASA}`) && f.visible, `back from the card the focus is on ${f.desc}`);
        assert.equal((await callsOf(page, "reveal_fields")).length, 0, "Escape revealed the group");
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-caseload`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

// ---- accounts, assignments and the reception's answer ---------------------------------------------------------
/** The admin logged in, with the account table and the assignments overview shown. */
async function adminView(page) {
  await login(page, "admin");
  await waitView(page, "view-admin");
  await page.locator('#user-list tr.account[data-user=\"hanna\"]').waitFor();
  await page.locator('#assignments-table tr[data-handler="hanna"]').waitFor();
}

/** The one-time password on show in `css`: its groups, and how they look. */
function otpShown(page, css) {
  return page.evaluate((sel) => {
    const box = document.querySelector(sel);
    const cs = getComputedStyle(box);
    const groups = [...box.querySelectorAll(".otp-group")].map((g) => ({
      text: g.textContent,
      height: g.getBoundingClientRect().height,
      whiteSpace: getComputedStyle(g).whiteSpace,
    }));
    return { size: parseFloat(cs.fontSize), family: cs.fontFamily, lineHeight: parseFloat(cs.lineHeight), userSelect: cs.userSelect, groups, lines: Math.round(box.getBoundingClientRect().height / parseFloat(cs.lineHeight)) };
  }, css);
}

function assertWholeGroups(shown, label) {
  assert.ok(shown.groups.length >= 6, `${label}: ${shown.groups.length} groups`);
  assert.ok(shown.size >= 24, `${label}: the password is not large (${shown.size}px)`);
  assert.match(shown.family, /mono/i, `${label}: not monospace`);
  for (const g of shown.groups) {
    assert.match(g.text, /^[a-z2-9]{1,4}$/, `${label}: a group reads ${JSON.stringify(g.text)}`);
    assert.equal(g.whiteSpace, "nowrap", `${label}: a group may wrap inside`);
    assert.ok(g.height < shown.lineHeight * 1.5, `${label}: the group ${g.text} is broken over lines (${g.height}px for a line of ${shown.lineHeight}px)`);
  }
}

/** The refs the overview lists for `handler`. */
function overviewRefs(page, handler) {
  return page.$$eval(`#assignments-table tr[data-handler="${handler}"] td.refs code`, (cs) => cs.map((c) => c.textContent));
}

describe("accounts: one-time passwords, confirmations, the table and details", () => {
  test("a generated one-time password is shown once, large, monospace and in whole groups, and is what add_user gets", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    // Generating is the default; the typed field waits until asked for.
    assert.ok(await page.isChecked("#user-add-pw-generate"), "generating is not the default");
    assert.ok(!(await page.locator("#user-add-password").isVisible()), "the typed password is offered by default");
    assert.equal((await page.locator("#user-add-generate").innerText()).trim(), say("sv", "otp.generate"));
    await page.fill("#user-add-name", "nils");
    await page.click("#user-add-submit");
    await page.locator("#user-add-pw-error", { hasText: say("sv", "otp.needGenerate") }).waitFor();
    assert.equal((await callsOf(page, "add_user")).length, 0, "an account was added without a password shown");

    await page.click("#user-add-generate");
    await page.locator("#user-add-otp .otp-group").first().waitFor();
    assert.ok(!(await page.locator("#user-add-pw-error").isVisible()), "the error stays after generating");
    const first = await otpShown(page, "#user-add-otp");
    assertWholeGroups(first, "wide window");
    assert.equal(first.userSelect, "none", "the password is offered for copying");
    const hint = await page.locator("#user-add-otp-hint").innerText();
    assert.match(hint, /Skriv ner det eller läs upp det för personen/);
    assert.equal(await page.locator("#user-add-form button", { hasText: /Kopiera|Copy/ }).count(), 0, "a copy button is offered");
    assert.deepEqual(Object.keys((await callsOf(page, "generate_password")).at(-1).args), [], "generate_password takes no arguments");
    // The group is the unit a line breaks at: in a narrow window too.
    await page.setViewportSize({ width: 380, height: 760 });
    const narrow = await otpShown(page, "#user-add-otp");
    assertWholeGroups(narrow, "narrow window");
    assert.ok(narrow.lines >= 2, "the narrow window did not make the password wrap (the check would see nothing)");
    await page.setViewportSize({ width: 1100, height: 760 });

    // A new one replaces it; the one on show is the one sent.
    await page.click("#user-add-generate");
    await page.waitForFunction((old) => [...document.querySelectorAll("#user-add-otp .otp-group")].map((g) => g.textContent).join("-") !== old, first.groups.map((g) => g.text).join("-"));
    const second = (await otpShown(page, "#user-add-otp")).groups.map((g) => g.text).join("-");
    await page.click("#user-add-submit");
    await page.locator('#user-list tr.account[data-user=\"nils\"]').waitFor();
    assert.deepEqual((await callsOf(page, "add_user")).at(-1).args, { name: "nils", role: CONTRACT.ROLES[0], password: second });
    // Shown once: gone from the page once the account is saved.
    assert.equal(await page.locator("#user-add-otp .otp-group").count(), 0, "the password stays after saving");
    assert.ok(!(await pageHolds(page, second)), "the password is still in the page");
    assert.equal((await page.locator("#user-add-otp-spoken").textContent()).trim(), "", "the spelled-out password stays");
    assert.equal(await userCell(page, "nils", "admin.colState"), "Har engångslösenord");

    // Typing one instead still works.
    await page.check("#user-add-pw-own");
    await page.fill("#user-add-name", "nora");
    await page.fill("#user-add-password", "Eget startord för Nora 2024");
    await page.click("#user-add-submit");
    await page.locator('#user-list tr.account[data-user=\"nora\"]').waitFor();
    assert.equal((await callsOf(page, "add_user")).at(-1).args.password, "Eget startord för Nora 2024");
    assert.ok(await page.isChecked("#user-add-pw-generate"), "the form does not go back to generating");
    await close(app);
  });

  test("disabling asks first, naming the account and what happens; Cancel and Escape do nothing", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    const disable = '#user-list tr[data-user="rut"] [data-action="disable"]';
    await page.click(disable);
    const dialog = page.locator("#disable-dialog");
    await dialog.waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "disable-cancel"), "disable-cancel", "the careful choice is not first");
    assert.equal((await page.locator("#disable-heading").innerText()).trim(), "Stänga av rut?");
    const intro = await page.locator("#disable-intro").innerText();
    for (const what of [/nyckelplats tas bort/, /byts ut/, /åtkomst till uppgifterna försvinner/, /bevilja åtkomsten på nytt/]) {
      assert.match(intro, what, `the dialog does not say what happens: ${intro}`);
    }
    assert.ok(!(await page.locator("#disable-handler").isVisible()), "a reception account is warned about persons");
    await page.click("#disable-cancel");
    await dialog.waitFor({ state: "hidden" });
    await page.click(disable);
    await dialog.waitFor({ state: "visible" });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement?.closest('tr[data-user="rut"]') && document.activeElement.dataset.action), "disable", "Escape did not return to the button");
    assert.equal((await callsOf(page, "disable_user")).length, 0, "Cancel or Escape disabled the account");
    assert.equal(await userCell(page, "rut", "admin.colState"), "Aktiv");

    // A case handler's persons are named before they are left without one.
    await page.click('#user-list tr[data-user="hugo"] [data-action="disable"]');
    await page.locator("#disable-handler", { hasText: "hugo är handläggare för 1 person" }).waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    await page.click(disable);
    await page.click("#disable-confirm");
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "disable_user")).map((c) => c.args), [{ name: "rut" }]);
    await page.waitForFunction(() => document.activeElement?.closest('tr[data-user="rut"]') && document.activeElement.dataset.action === "enable");
    assert.equal(await userCell(page, "rut", "admin.colState"), "Avstängd");
    await page.locator("#user-list-status", { hasText: "rut är avstängd." }).waitFor();
    await close(app);
  });

  test("the account table says the last login, failed logins and a lock-out in words, dates as YYYY-MM-DD HH:MM", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    const local = (iso) => page.evaluate((x) => {
      const d = new Date(x);
      const two = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
    }, iso);
    assert.equal(await userCell(page, "lars", "admin.colState"), "Spärrat efter för många misslyckade inloggningar");
    assert.equal(await userCell(page, "lars", "admin.colFailed"), "5");
    assert.equal(await userCell(page, "hugo", "admin.colFailed"), "2");
    assert.equal(await userCell(page, "hugo", "admin.colState"), "Har engångslösenord");
    assert.equal(await userCell(page, "hanna", "admin.colFailed"), "0");
    assert.equal(await userCell(page, "hanna", "admin.colLastLogin"), await local("2025-05-12T07:31:00Z"));
    assert.equal(await userCell(page, "hanna", "admin.colCreated"), await local("2024-01-08T08:02:00Z"));
    assert.equal(await userCell(page, "hugo", "admin.colLastLogin"), "Aldrig");
    assert.match(await userCell(page, "admin", "admin.colLastLogin"), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, "the admin's own login is not shown");
    assert.equal(await userCell(page, "hanna", "admin.colDetails"), "Hanna Lindqvist\nSocialtjänsten, barn och familj\n08-508 123 45");
    assert.equal(await userCell(page, "ny", "admin.colDetails"), "Inga uppgifter");
    assert.equal(await page.locator('#user-list tr[data-user="lars"] [data-action="unlock"]').count(), 1, "a locked-out account has no unlock button");
    assert.equal(await page.locator('#user-list tr[data-user="hanna"] [data-action="unlock"]').count(), 0, "unlock is offered without failed logins");
    // The same in English; the dates keep their form.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await userCell(page, "lars", "admin.colState"), "Locked out after too many failed sign-ins");
    assert.equal(await userCell(page, "hugo", "admin.colLastLogin"), "Never");
    assert.equal(await userCell(page, "hanna", "admin.colLastLogin"), await local("2025-05-12T07:31:00Z"));
    await page.click("#lang-switch");
    // Unlocking clears the state and the count.
    await page.click('#user-list tr[data-user="lars"] [data-action="unlock"]');
    await page.locator("#user-list-status", { hasText: "Spärren för lars är hävd." }).waitFor();
    await page.waitForFunction(() => document.querySelector('#user-list tr[data-user="lars"]')?.innerText.includes("Aktiv"));
    assert.equal(await userCell(page, "lars", "admin.colFailed"), "0");
    await close(app);
  });

  test("the details dialog saves display name, unit and phone; a refused phone is said in Swedish next to the phone field", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    await page.click('#user-list tr[data-user="hugo"] [data-action="details"]');
    await page.locator("#details-dialog").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "details-display-name"), "details-display-name");
    assert.equal((await page.locator("#details-heading").innerText()).trim(), "Uppgifter för hugo");
    assert.deepEqual(
      [await page.inputValue("#details-display-name"), await page.inputValue("#details-unit"), await page.inputValue("#details-phone")],
      ["Hugo Berg", "Socialtjänsten, vuxen", "08-508 123 60"],
    );
    await page.fill("#details-phone", "ring mig");
    await page.click("#details-confirm");
    await page.locator("#details-phone-error").waitFor({ state: "visible" });
    assert.equal((await nextTo(page, "#details-phone", "#details-phone-error")).trim(), say("sv", "details.phoneFormat"));
    assert.equal(await page.getAttribute("#details-phone-error", "data-code"), "INVALID_INPUT");
    assert.deepEqual(await lastError(page, "set_account_details").then((e) => [e?.field, e?.rule]), ["work_phone", "FORMAT"]);
    assert.ok(!(await page.locator("#details-error").isVisible()), "the refusal is (also) shown as the dialog's error");
    assert.ok(!(await pageHolds(page, "must be 5 to 15 digits")), "the core's English message is in the page");
    assert.ok(await page.locator("#details-dialog").isVisible(), "the dialog closed on a refusal");
    // Edited: the error goes; saved, trimmed by the core.
    await page.fill("#details-phone", "08-508 123 99");
    assert.ok(!(await page.locator("#details-phone-error").isVisible()), "the error stays while the phone is edited");
    await page.fill("#details-display-name", "Hugo Berglund");
    await page.fill("#details-unit", "  Socialtjänsten, vuxen och beroende  ");
    await page.click("#details-confirm");
    await page.locator("#details-dialog").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "set_account_details")).at(-1).args, {
      name: "hugo",
      details: { display_name: "Hugo Berglund", unit: "  Socialtjänsten, vuxen och beroende  ", phone: "08-508 123 99" },
    });
    await page.waitForFunction(() => document.querySelector('#user-list tr[data-user="hugo"]')?.innerText.includes("Hugo Berglund"));
    assert.equal(await userCell(page, "hugo", "admin.colDetails"), "Hugo Berglund\nSocialtjänsten, vuxen och beroende\n08-508 123 99");
    await page.locator("#user-list-status", { hasText: "Uppgifterna för hugo är sparade." }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.closest('tr[data-user="hugo"]') && document.activeElement.dataset.action), "details");
    const log = await page.evaluate(() => window.__mock.log.filter((e) => e.action === "account_edited").map((e) => [e.outcome, e.purpose]));
    assert.deepEqual(log, [["allowed", "user=hugo"], ["denied", "refused: INVALID_INPUT"]]);
    // Emptied: the details go; a display name over the contract's limit is refused at its field first.
    await page.click('#user-list tr[data-user="hugo"] [data-action="details"]');
    await page.fill("#details-display-name", "x".repeat(CONTRACT.LIMITS.MAX_ACCOUNT_DETAIL + 1));
    await page.click("#details-confirm");
    assert.equal((await nextTo(page, "#details-display-name", "#details-display-name-error")).trim(), say("sv", "details.tooLong", { field: "Namn som visas", max: CONTRACT.LIMITS.MAX_ACCOUNT_DETAIL }));
    for (const css of ["#details-display-name", "#details-unit", "#details-phone"]) await page.fill(css, "");
    await page.click("#details-confirm");
    await page.locator("#details-dialog").waitFor({ state: "hidden" });
    await page.waitForFunction(() => document.querySelector('#user-list tr[data-user="hugo"] td.details')?.innerText.trim() === "Inga uppgifter");
    await close(app);
  });
});

describe("assignments: the overview, moving a handler's persons, the last handler", () => {
  test("the overview lists refs by handler and calls out the persons without a handler; one is assigned from there", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    assert.deepEqual(await overviewRefs(page, "hanna"), [ANDERS, ASA].sort());
    assert.deepEqual(await overviewRefs(page, "hugo"), [ALVA]);
    assert.equal((await page.locator('#assignments-table tr[data-handler="hanna"] th').innerText()).trim(), "Hanna Lindqvist (hanna)");
    assert.equal((await page.locator('#assignments-table tr[data-handler="hanna"] td.num').innerText()).trim(), "2");
    assert.equal((await page.locator('#assignments-table tr[data-handler="ny"] td.refs').innerText()).trim(), "Inga personer");
    assert.deepEqual(await page.$$eval("#assignments-table tr[data-handler]", (rs) => rs.map((r) => r.dataset.handler)), ["hanna", "hugo", "ny", "vera"], "a non-handler is in the overview");
    const without = page.locator("#assignments-without");
    assert.ok(await without.isVisible(), "the persons without a handler are not called out");
    assert.match(await without.innerText(), /1 person saknar handläggare/);
    assert.match(await without.innerText(), /nödåtkomst/);
    assert.deepEqual(await page.$$eval("#assignments-without-list [data-ref]", (bs) => bs.map((b) => b.dataset.ref)), [GREGER]);
    assert.ok(!(await pageHolds(page, "Kanarie")), "the overview shows a person's name");
    assert.equal((await logOf(page, "assignments_listed")).length, 1);
    // The handlers offered: the active case handlers of list_users, by name and login.
    const offered = await page.$$eval("#assign-user option", (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(offered.map((o) => o[0]), ["", "hanna", "hugo", "ny", "vera"]);
    assert.deepEqual(offered[1], ["hanna", "Hanna Lindqvist (hanna)"]);
    assert.deepEqual(offered[3], ["ny", "ny"]);
    assert.equal(await page.evaluate(() => document.querySelector("#assign-user").tagName), "SELECT");
    // The ref of a person without a handler goes into the form.
    await page.click(`#assignments-without-list [data-ref="${GREGER}"]`);
    assert.equal(await page.inputValue("#assign-person"), GREGER);
    assert.equal(await focusOn(page, "assign-user"), "assign-user");
    await page.selectOption("#assign-user", "vera");
    await page.click("#assign-submit");
    await page.locator("#assign-result", { hasText: `${GREGER} är tilldelad Vera Holm (vera).` }).waitFor();
    assert.deepEqual((await callsOf(page, "assign")).at(-1).args, { personRef: GREGER, user: "vera" });
    await without.waitFor({ state: "hidden" });
    assert.deepEqual(await overviewRefs(page, "vera"), [GREGER]);
    await close(app);
  });

  test("moving every person of a handler says how many before, and moves them", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    // The same handler twice: said at "Till", nothing asked.
    await page.selectOption("#reassign-from", "hanna");
    await page.selectOption("#reassign-to", "hanna");
    await page.click("#reassign-submit");
    await page.locator("#reassign-error", { hasText: say("sv", "reassign.same") }).waitFor();
    assert.equal(await page.getAttribute("#reassign-to", "aria-invalid"), "true");
    assert.ok(!(await page.locator("#reassign-dialog").isVisible()));
    assert.match(await page.$eval('#reassign-from option[value="hanna"]', (o) => o.textContent), /2 personer/, "the handler to move from does not say how many");

    await page.selectOption("#reassign-to", "vera");
    await page.click("#reassign-submit");
    const dialog = page.locator("#reassign-dialog");
    await dialog.waitFor({ state: "visible" });
    assert.equal((await page.locator("#reassign-dialog-heading").innerText()).trim(), "Flytta 2 personer från Hanna Lindqvist (hanna) till Vera Holm (vera)?");
    assert.match(await page.locator("#reassign-dialog-intro").innerText(), /loggas/);
    assert.equal(await focusOn(page, "reassign-cancel"), "reassign-cancel", "the careful choice is not first");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "reassign_all")).length, 0, "Escape moved the persons");
    assert.equal(await focusOn(page, "reassign-submit"), "reassign-submit");

    await page.click("#reassign-submit");
    await dialog.waitFor({ state: "visible" });
    await page.click("#reassign-confirm");
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "reassign_all")).map((c) => c.args), [{ from: "hanna", to: "vera" }]);
    await page.locator("#reassign-result", { hasText: "2 personer flyttades från Hanna Lindqvist (hanna) till Vera Holm (vera)." }).waitFor();
    // The mock's state and the overview agree: hanna has none, vera both.
    const assigned = await page.evaluate((refs) => refs.map((r) => window.__mock.persons.find((p) => p.ref === r).assigned), [ASA, ANDERS]);
    assert.deepEqual(assigned, [["vera"], ["vera"]]);
    await page.waitForFunction(() => document.querySelector('#assignments-table tr[data-handler="hanna"] td.refs')?.innerText.trim() === "Inga personer");
    assert.deepEqual(await overviewRefs(page, "vera"), [ANDERS, ASA].sort());
    const entries = await page.evaluate(() => window.__mock.log.filter((e) => e.action === "reassigned").map((e) => [e.outcome, e.purpose, e.detail]));
    assert.deepEqual(entries, [["allowed", "from=hanna to=vera", `moved 2: ${[ANDERS, ASA].sort().join(" ")}`]]);
    await close(app);
  });

  test("unassigning a person's last handler is refused with what to do; with another handler it is removed", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    await page.fill("#assign-person", ASA.toLowerCase());
    await page.selectOption("#assign-user", "hanna");
    await page.click("#unassign-submit");
    const error = page.locator("#assign-error");
    await error.waitFor({ state: "visible" });
    assert.equal((await error.innerText()).trim(), say("sv", "assign.lastHandler", { ref: ASA, name: "Hanna Lindqvist (hanna)" }));
    assert.equal(await error.getAttribute("data-code"), "LAST_HANDLER");
    assert.match(await error.innerText(), /Tilldela först en annan handläggare/, "the refusal does not say what to do");
    assert.ok(!(await pageHolds(page, "would be left")), "the core's English message is in the page");
    assert.deepEqual(await page.evaluate((r) => window.__mock.persons.find((p) => p.ref === r).assigned, ASA), ["hanna"]);
    assert.deepEqual(await logOf(page, "unassigned"), [{ person_ref: ASA, purpose: "refused: LAST_HANDLER", flagged: true, outcome: "denied" }]);
    // Another handler first: then hanna's assignment goes.
    await page.selectOption("#assign-user", "hugo");
    await page.click("#assign-submit");
    await page.locator("#assign-result", { hasText: "är tilldelad Hugo Berg (hugo)" }).waitFor();
    assert.ok(!(await error.isVisible()), "the refusal stays after the next action");
    await page.selectOption("#assign-user", "hanna");
    await page.click("#unassign-submit");
    await page.locator("#assign-result", { hasText: `Tilldelningen av ${ASA} till Hanna Lindqvist (hanna) är borttagen.` }).waitFor();
    assert.deepEqual(await overviewRefs(page, "hanna"), [ANDERS]);
    await close(app);
  });
});

describe("reception: what an answer says, and that it goes", () => {
  test("a wrong check digit is said next to the input and is no answer: no 'Ingen träff', a denied entry, no lookup used", async () => {
    const app = await openApp({ vaultExists: true, lookupsPerSession: 1 });
    const { page } = app;
    await login(page, "rut");
    await waitView(page, "view-reception");
    const entries = () => page.evaluate(() => window.__mock.log.filter((e) => e.action === "lookup" && e.actor === "rut").map((e) => [e.outcome, e.purpose ?? null]));
    const before = (await entries()).length;
    await page.fill("#lookup-input", "19850709-9806");
    await page.click("#lookup-submit");
    await page.locator("#lookup-error").waitFor({ state: "visible" });
    assert.equal((await nextTo(page, "#lookup-input", "#lookup-error")).trim(), say("sv", "error.INVALID_IDENTITY_NUMBER.INVALID_IDENTITY_CHECK_DIGIT"));
    assert.equal(await page.getAttribute("#lookup-error", "data-code"), "INVALID_IDENTITY_NUMBER");
    assert.equal((await page.locator("#lookup-result").innerText()).trim(), "", "the answer area says something");
    assert.equal(await page.getAttribute("#lookup-result", "data-outcome"), null);
    assert.ok(!/Ingen träff/.test(await page.locator("#view-reception").innerText()), "a wrong check digit answers 'Ingen träff'");
    assert.ok(!(await pageHolds(page, "check digit")), "the core's English message is in the page");
    assert.deepEqual((await entries()).slice(0, (await entries()).length - before), [["denied", "refused: INVALID_IDENTITY_NUMBER"]]);
    // Editing the number takes the error away; the one lookup of the session is still there.
    await page.fill("#lookup-input", "19850709-9805");
    assert.ok(!(await page.locator("#lookup-error").isVisible()), "the error stays while the number is edited");
    await page.click("#lookup-submit");
    await page.locator('#lookup-result[data-outcome="found"]').waitFor();
    await close(app);
  });

  test("'Ingen träff' says what it means and what to do", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", NOBODY);
    await page.click("#lookup-submit");
    const box = page.locator('#lookup-result[data-outcome="not-found"]');
    await box.waitFor();
    assert.equal((await box.locator(".answer-main").innerText()).trim(), say("sv", "reception.noMatch"));
    assert.equal((await box.locator(".answer-what").innerText()).trim(), say("sv", "reception.noMatchWhat"));
    assert.match(await box.innerText(), /betyder inte att personen saknar skydd/);
    assert.match(await box.innerText(), /hänvisa enligt rutinen/);
    await page.click("#lang-switch");
    await page.locator("#lookup-result .answer-what", { hasText: say("en", "reception.noMatchWhat") }).waitFor();
    await close(app);
  });

  test("a found answer refers by display name, unit and work phone, never by login", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", "850709-9805");
    await page.click("#lookup-submit");
    await page.locator('#lookup-result[data-outcome="found"]').waitFor();
    const referrals = await page.$$eval("#lookup-result .referrals li", (ls) => ls.map((l) => l.innerText.split("\n").map((x) => x.trim())));
    assert.deepEqual(referrals, [["Hanna Lindqvist", "Socialtjänsten, barn och familj", "tfn 08-508 123 45"]]);
    const text = await page.locator("#lookup-result").innerText();
    assert.ok(!/\bhanna\b/.test(text), `the referral names the login: ${text}`);
    assert.match(text, /Skyddad/);
    assert.ok(!/Kanarie|Åsa/.test(text), `the answer shows more than the referral: ${text}`);
    await close(app);
  });

  test("the answer and the typed number clear by themselves after the core's time, with a countdown, and on new input", async () => {
    const app = await openApp({ vaultExists: true, settings: { reception_clear_seconds: 15 } });
    const { page } = app;
    await page.clock.install();
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", "850709-9805");
    await page.click("#lookup-submit");
    await page.locator('#lookup-result[data-outcome="found"]').waitFor();
    const countdown = page.locator("#lookup-countdown");
    await countdown.waitFor({ state: "visible" });
    assert.match((await countdown.innerText()).trim(), /^Rensas om 0:1[45]$/, "the countdown does not follow the core's clear_after_seconds");
    assert.equal(await countdown.getAttribute("role"), "timer");
    assert.equal(await page.evaluate(() => document.querySelector("#lookup-result").contains(document.querySelector("#lookup-countdown"))), false, "the countdown ticks inside the live answer");
    await page.clock.fastForward(8000);
    assert.match((await countdown.innerText()).trim(), /^Rensas om 0:0[678]$/);
    await page.click("#lang-switch");
    await page.locator("#lookup-countdown", { hasText: /^Clears in 0:0\d$/ }).waitFor();
    await page.click("#lang-switch");
    await page.clock.fastForward(8000);
    await page.waitForFunction(() => document.querySelector("#lookup-result").textContent === "");
    assert.equal(await page.inputValue("#lookup-input"), "", "the typed number stays");
    assert.ok(!(await countdown.isVisible()), "the countdown stays");
    assert.ok(!/Skyddad|Hanna/.test(await page.locator("#view-reception").innerText()), "the answer stays on screen");

    // Something new typed: the earlier answer goes at once, and no lookup is made.
    await page.fill("#lookup-input", NOBODY);
    await page.click("#lookup-submit");
    await page.locator('#lookup-result[data-outcome="not-found"]').waitFor();
    const lookups = (await callsOf(page, "lookup")).length;
    await page.locator("#lookup-input").press("End");
    await page.keyboard.type("1");
    assert.equal((await page.locator("#lookup-result").innerText()).trim(), "", "the answer stays after new input");
    assert.ok(!(await countdown.isVisible()), "the countdown stays after new input");
    assert.equal((await callsOf(page, "lookup")).length, lookups);
    await close(app);
  });

  test("the reception's clearing time is a setting like the others, in its range", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "admin");
    await waitView(page, "view-admin");
    const input = "#setting-reception-clear-seconds";
    await page.waitForFunction((css) => document.querySelector(css).value === "60", input);
    const spec = CONTRACT.SETTINGS.find((x) => x.name === "reception-clear-seconds");
    assert.deepEqual([await page.getAttribute(input, "min"), await page.getAttribute(input, "max")], [String(spec.min), String(spec.max)]);
    assert.equal((await page.locator(`label[for="${input.slice(1)}"]`).innerText()).trim(), say("sv", "admin.clearSeconds"));
    assert.match(await page.locator("#setting-clear-hint").innerText(), new RegExp(`^${spec.min}–${spec.max} sekunder`));
    await page.fill(input, String(spec.min - 1));
    await page.click("#settings-save");
    await page.locator("#settings-error", { hasText: say("sv", "admin.clearRange", { clearMin: spec.min, clearMax: spec.max }) }).waitFor();
    assert.equal(await page.getAttribute(input, "aria-invalid"), "true");
    assert.equal((await callsOf(page, "change_setting")).length, 0);
    await page.fill(input, "45");
    await page.click("#settings-save");
    await page.locator("#settings-result", { hasText: say("sv", "admin.settingsSaved") }).waitFor();
    assert.deepEqual((await callsOf(page, "change_setting")).map((c) => c.args), [{ key: "reception-clear-seconds", value: "45" }]);
    await close(app);
  });
});

// ---- keyboard only: the admin's new dialogs, both languages -----------------------------------------------
for (const lang of ["sv", "en"]) {
  describe(`keyboard only, accounts and assignments (${lang})`, () => {
    test(`disable, details, a generated password and the bulk move by keyboard: focus inside, Tab stays, Escape returns (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      const inRow = (user, action) => page.evaluate(([u, a]) => !!document.activeElement?.closest(`tr[data-user="${u}"]`) && document.activeElement.dataset.action === a, [user, action]);
      try {
        await setLang(page, lang);
        await adminView(page);
        await page.focus("#users-heading");
        // Disabling: the careful choice first, Escape changes nothing.
        await k.tabTo("rut's disable button", () => inRow("rut", "disable"), 60);
        await k.press("Enter");
        await page.locator("#disable-dialog").waitFor({ state: "visible" });
        let f = await focusState(page);
        assert.ok(f.desc.startsWith("button#disable-cancel") && f.visible, `the disable dialog opened with focus on ${f.desc}`);
        for (let i = 0; i < 3; i++) {
          await k.press("Tab");
          assert.ok(await k.inside("#disable-dialog"), `Tab left the disable dialog: ${k.steps.at(-1)}`);
        }
        await shot(page, `keyboard-${lang}-disable-dialog`);
        await k.press("Escape");
        await page.locator("#disable-dialog").waitFor({ state: "hidden" });
        assert.ok(await inRow("rut", "disable"), "Escape did not return to rut's disable button");
        assert.equal((await callsOf(page, "disable_user")).length, 0);

        // The details: a refused phone, corrected, saved by Enter.
        f = await k.press("Shift+Tab");
        assert.ok(await inRow("rut", "details"), `before disable: ${f.desc}`);
        await k.press("Enter");
        await page.locator("#details-dialog").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#details-display-name") && f.visible, `the details dialog opened with focus on ${f.desc}`);
        await k.tabTo("#details-phone", (x) => x.desc.startsWith("input#details-phone"), 4);
        await k.typeText("ring mig");
        await k.press("Enter");
        await page.locator("#details-phone-error").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("input#details-phone") && f.visible, `after a refused phone the focus is on ${f.desc}`);
        assert.equal((await page.locator("#details-phone-error").innerText()).trim(), say(lang, "details.phoneFormat"));
        await shot(page, `keyboard-${lang}-details-dialog`);
        await page.keyboard.press("Control+a");
        await k.typeText("08-508 120 10");
        await k.press("Enter");
        await page.locator("#details-dialog").waitFor({ state: "hidden" });
        await page.waitForFunction(() => document.querySelector('#user-list tr[data-user="rut"]')?.innerText.includes("08-508 120 10"));
        await page.waitForFunction(() => document.activeElement?.dataset.action === "details");
        f = await focusState(page);
        assert.ok(f.visible, `focus after saving is not visible on ${f.desc}`);

        // A one-time password from the add form.
        await page.focus("#user-add-name");
        await k.tabTo("#user-add-generate", (x) => x.desc.startsWith("button#user-add-generate"), 6);
        await k.press("Enter");
        await page.locator("#user-add-otp .otp-group").first().waitFor();
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#user-add-generate") && f.visible, `after generating the focus is on ${f.desc}`);
        await shot(page, `keyboard-${lang}-generated-password`);

        // The bulk move: handlers picked with the arrow keys, the confirmation's careful choice first.
        await page.focus("#reassign-from");
        await k.press("ArrowDown");
        assert.equal(await page.inputValue("#reassign-from"), "hanna");
        await k.press("Tab");
        await k.press("ArrowDown");
        await k.press("ArrowDown");
        assert.equal(await page.inputValue("#reassign-to"), "hugo");
        await k.tabTo("#reassign-submit", (x) => x.desc.startsWith("button#reassign-submit"), 3);
        await k.press("Enter");
        await page.locator("#reassign-dialog").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#reassign-cancel") && f.visible, `the move dialog opened with focus on ${f.desc}`);
        for (let i = 0; i < 3; i++) {
          await k.press("Tab");
          assert.ok(await k.inside("#reassign-dialog"), `Tab left the move dialog: ${k.steps.at(-1)}`);
        }
        await shot(page, `keyboard-${lang}-reassign-dialog`);
        await k.press("Escape");
        await page.locator("#reassign-dialog").waitFor({ state: "hidden" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#reassign-submit") && f.visible, `Escape left focus on ${f.desc}`);
        assert.equal((await callsOf(page, "reassign_all")).length, 0, "Escape moved the persons");
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-accounts`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

// ---- issue 10: the administrator's recovery in the app, the busy state of the password KDF, the
// recovery code in whole groups (printable, typed back), a calm focus style, ISO dates -------------------
const MOCK_CODE = "K7QD-M2XA-9TRB-4HWZ-C8NE-5PJY-1VGS-6F3K";
const MOCK_GROUPS = MOCK_CODE.split("-");
const NEW_ADMIN_PASSWORD = "Ny fras för valvet vid Ljungsjön 2025";
// The accounts on their own password besides the admin (bound to the lost keyring): hugo and ny are on
// a one-time password (unbound), ebbe is disabled (no slot).
const BOUND_OTHERS = ["hanna", "rut", "greta", "vera", "rolf", "lars"];

/** From the login view to the recovery view by its always-offered button. */
async function openRecoverView(page) {
  await waitView(page, "view-login");
  await page.click("#login-recover");
  await waitView(page, "view-recover");
}

/** The recovery form filled in (the code as typed: lower case and spaces are forgiven). */
async function fillRecover(page, { code = MOCK_CODE.toLowerCase().replace(/-/g, " "), user = "admin", password = NEW_ADMIN_PASSWORD, password2 = password } = {}) {
  await page.fill("#recover-code", code);
  await page.fill("#recover-user", user);
  await page.fill("#recover-password", password);
  await page.fill("#recover-password2", password2);
}

/** The busy state around `button` (lib/busy.js): what it says, whether it takes presses, the note. */
function busyState(page, button, form) {
  return page.evaluate(
    ([b, f]) => {
      const btn = document.querySelector(b);
      const note = btn.parentElement.querySelector(".busy-note");
      const a = btn.getBoundingClientRect();
      const n = note?.getBoundingClientRect();
      return {
        ariaDisabled: btn.getAttribute("aria-disabled"),
        text: btn.innerText.trim(),
        formBusy: document.querySelector(f)?.getAttribute("aria-busy") ?? null,
        note: note
          ? {
              role: note.getAttribute("role"),
              text: note.textContent.replace(/\s+/g, " ").trim(),
              visible: note.getClientRects().length > 0 && getComputedStyle(note).visibility === "visible",
              spinner: !!note.querySelector(".spinner"),
              gap: Math.max(0, n.left - a.right, a.left - n.right, n.top - a.bottom, a.top - n.bottom),
            }
          : null,
      };
    },
    [button, form],
  );
}

/** Waits for the busy state of `button`, asserts it in Swedish words, presses again; returns the state. */
async function assertBusy(page, button, form, labelKey) {
  await page.waitForFunction((b) => document.querySelector(b)?.parentElement.querySelector(".busy-note")?.textContent.trim(), button, { timeout: 3000 });
  const s = await busyState(page, button, form);
  assert.equal(s.ariaDisabled, "true", `${button} takes presses while busy`);
  assert.equal(s.text, say("sv", labelKey), `${button} does not say what is going on`);
  assert.equal(s.formBusy, "true", `${form} is not aria-busy while busy`);
  assert.ok(s.note, `no .busy-note next to ${button}`);
  assert.equal(s.note.role, "status", "the busy note is no polite live region");
  assert.ok(s.note.visible && s.note.spinner, "the spinner is not on show");
  assert.ok(s.note.text.includes(say("sv", "busy.wait")) && s.note.text.includes(say("sv", labelKey)), `the busy note says ${JSON.stringify(s.note.text)}`);
  assert.ok(s.note.gap < 40, `the busy note is ${s.note.gap}px from ${button}`);
  return s;
}

/** Not busy any more: the button's own words back, no note, the form not busy. */
async function assertNotBusy(page, button, form, words) {
  await page.waitForFunction((b) => document.querySelector(b)?.getAttribute("aria-disabled") !== "true", button);
  const s = await busyState(page, button, form);
  assert.equal(s.text, words, `${button} did not get its words back`);
  assert.equal(s.note, null, "the busy note stays");
  assert.equal(s.formBusy, null, `${form} stays aria-busy`);
}

describe("issue 10: the administrator's recovery with the recovery code", () => {
  test("the login view always offers it; after DEVICE_SECRET_MISSING it points the admin to it; it lands in the admin view listing who needs a new one-time password", async () => {
    const app = await openApp({ vaultExists: true, deviceSecretMissing: true });
    const { page } = app;
    await waitView(page, "view-login");
    assert.equal((await page.locator("#login-recover").innerText()).trim(), say("sv", "login.recover"));
    assert.ok(await page.locator("#login-recover").isVisible(), "the recovery is not offered on the login view");
    assert.ok(!(await page.locator("#login-recover-hint").isVisible()), "the pointer to the recovery shows before any refusal");

    // A keyring without the vault's key: the refusal in words, and the way for the administrator.
    await login(page, "admin", "ett lösenord som inte hjälper här");
    await page.locator('#login-error[data-code="DEVICE_SECRET_MISSING"]').waitFor();
    assert.equal((await page.locator("#login-error").innerText()).trim(), say("sv", "error.DEVICE_SECRET_MISSING"));
    await page.locator("#login-recover-hint").waitFor({ state: "visible" });
    assert.equal((await page.locator("#login-recover-hint").innerText()).replace(/\s+/g, " ").trim(), `${say("sv", "login.recoverAsk")} ${say("sv", "login.recoverNow")}`);
    await page.click("#login-recover-now");
    await waitView(page, "view-recover");
    assert.equal(await focusOn(page, "recover-heading"), "recover-heading", "focus did not move to the recovery's heading");
    assert.equal(await page.inputValue("#recover-user"), "admin", "the name typed at login is not carried over");
    assert.equal(await page.getAttribute("#recover-code", "type"), "password", "the code is on show while typed");
    assert.equal((await page.locator("#recover-code-hint").innerText()).trim(), say("sv", "recover.codeHint"));
    assert.equal((await page.locator("#recover-password-hint").innerText()).trim(), say("sv", "password.hint", { passwordMin: CONTRACT.SETTINGS.find((x) => x.name === "min-password-length").min }));

    await fillRecover(page);
    await page.click("#recover-submit");
    await waitView(page, "view-admin");
    assert.deepEqual((await callsOf(page, "recover_admin")).map((c) => c.args), [{ code: MOCK_CODE.toLowerCase().replace(/-/g, " "), user: "admin", password: NEW_ADMIN_PASSWORD }]);
    assert.equal(await page.inputValue("#recover-code"), "", "the code stays in the form");
    assert.equal(await page.inputValue("#recover-password"), "", "the password stays in the form");
    assert.equal(await page.getAttribute("#recover-code", "type"), "password");

    // The accounts bound to the lost keyring: said above the table and in their rows, the reset first.
    await page.locator("#user-list-needs").waitFor({ state: "visible" });
    assert.equal((await page.locator("#user-list-needs").innerText()).trim(), say("sv", "admin.needsNoticeMany", { count: BOUND_OTHERS.length, names: BOUND_OTHERS.join(", ") }));
    const flagged = await page.$$eval('#user-list tr.account[data-needs-new-password="true"]', (rs) => rs.map((r) => r.dataset.user));
    assert.deepEqual(flagged, BOUND_OTHERS);
    for (const name of BOUND_OTHERS) {
      assert.match(await userCell(page, name, "admin.colState"), new RegExp(`${say("sv", "admin.needsNewPassword")}$`), `${name}'s status does not say it needs a new one-time password`);
    }
    for (const name of ["hugo", "ny", "ebbe", "admin"]) {
      assert.ok(!(await userCell(page, name, "admin.colState")).includes(say("sv", "admin.needsNewPassword")), `${name} is said to need a new one-time password`);
    }
    const first = await page.evaluate(() => {
      const b = document.querySelector('#user-list tr.account-actions[data-user="hanna"] button');
      return { action: b.dataset.action, primary: b.classList.contains("primary"), text: b.firstChild.textContent.trim() };
    });
    assert.deepEqual(first, { action: "reset", primary: true, text: say("sv", "admin.action.resetNeeded") }, "the reset is not the obvious first action of hanna's row");
    await shot(page, "admin-needs-new-password");

    // A reset gives hanna an unbound one-time password: no longer listed.
    await page.click('#user-list tr.account-actions[data-user="hanna"] [data-action="reset"]');
    await page.locator("#reset-dialog").waitFor({ state: "visible" });
    await page.locator("#reset-otp .otp-group").first().waitFor();
    await page.click("#reset-confirm");
    await page.locator("#reset-dialog").waitFor({ state: "hidden" });
    await page.waitForFunction(() => !document.querySelector('#user-list tr.account[data-user="hanna"]')?.dataset.needsNewPassword);
    assert.equal((await callsOf(page, "reset_password")).at(-1).args.name, "hanna");
    const rest = BOUND_OTHERS.filter((n) => n !== "hanna");
    assert.equal((await page.locator("#user-list-needs").innerText()).trim(), say("sv", "admin.needsNoticeMany", { count: rest.length, names: rest.join(", ") }));

    // rut is still bound to the lost keyring: her login says so, and is not counted as a failure.
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    await login(page, "rut");
    await page.locator('#login-error[data-code="NEEDS_NEW_PASSWORD"]').waitFor();
    assert.equal((await page.locator("#login-error").innerText()).trim(), say("sv", "error.NEEDS_NEW_PASSWORD"));
    assert.ok(!(await page.locator("#login-recover-hint").isVisible()), "rut is pointed to the administrator's recovery");
    const failed = await page.evaluate(() => window.__mock.log.filter((e) => e.action === "login_failed" && e.actor === "rut").length);
    assert.equal(failed, 0, "the refusal was counted as a failed login");
    await close(app);
  });

  test("each refusal is said at its input: a code of the wrong form before any call, a wrong code at the code, a name that is no active admin at the name, a weak password at the password", async () => {
    const app = await openApp({ vaultExists: true, deviceSecretMissing: true });
    const { page } = app;
    await openRecoverView(page);
    await page.click("#recover-submit");
    assert.equal(await nextTo(page, "#recover-code", "#recover-code-error"), say("sv", "recover.needCode"));
    await fillRecover(page, { code: "K7QD-M2XA-9TRB" });
    await page.click("#recover-submit");
    assert.equal(await nextTo(page, "#recover-code", "#recover-code-error"), say("sv", "recover.codeFormat"));
    assert.equal((await callsOf(page, "recover_admin")).length, 0, "a code of the wrong form was sent");

    // The right form, the wrong code.
    await fillRecover(page, { code: "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH" });
    await page.click("#recover-submit");
    await page.waitForFunction(() => !document.querySelector("#recover-code-error").hidden);
    assert.equal(await nextTo(page, "#recover-code", "#recover-code-error"), say("sv", "access.err.WRONG_RECOVERY_CODE"));
    assert.equal(await lastError(page, "recover_admin").then((e) => e?.code), "WRONG_RECOVERY_CODE");
    assert.ok(!(await pageHolds(page, "wrong recovery code")), "the core's English message is shown");

    // Not an active administrator: the same words whether the name exists or not.
    for (const user of ["hanna", "ingen-sadan"]) {
      await fillRecover(page, { user });
      await page.click("#recover-submit");
      await page.waitForFunction(() => !document.querySelector("#recover-user-error").hidden);
      assert.equal(await nextTo(page, "#recover-user", "#recover-user-error"), say("sv", "recover.notAdmin"), `for ${user}`);
      assert.ok(!(await page.locator("#recover-code-error").isVisible()), "the code is blamed for the name");
    }
    assert.deepEqual((await callsOf(page, "recover_admin")).map((c) => c.error?.code), ["WRONG_RECOVERY_CODE", "USER_NOT_FOUND", "USER_NOT_FOUND"]);

    // A weak password at the password, in its rule's words; two different ones before any call.
    await fillRecover(page, { password: "aaaaaaaaaaaaaaaa" });
    await page.click("#recover-submit");
    await page.waitForFunction(() => !document.querySelector("#recover-password-error").hidden);
    assert.equal(await nextTo(page, "#recover-password", "#recover-password-error"), say("sv", "error.WEAK_PASSWORD.REPETITIVE"));
    const calls = (await callsOf(page, "recover_admin")).length;
    await fillRecover(page, { password2: "Någon annan fras helt och hållet" });
    await page.click("#recover-submit");
    assert.equal(await nextTo(page, "#recover-password2", "#recover-password2-error"), say("sv", "password.mismatch"));
    assert.equal((await callsOf(page, "recover_admin")).length, calls, "two different passwords were sent");

    // Cancel goes back to the login, to the button that opened the recovery; nothing typed stays.
    await page.click("#recover-cancel");
    await waitView(page, "view-login");
    assert.equal(await focusOn(page, "login-recover"), "login-recover");
    await page.click("#login-recover");
    await waitView(page, "view-recover");
    assert.equal(await page.inputValue("#recover-code"), "", "the code stays after Cancel");
    assert.equal(await page.inputValue("#recover-password"), "");
    assert.ok(!(await page.locator("#recover-user-error").isVisible()), "an old error stays");
    await close(app);
  });

  test("NEEDS_NEW_PASSWORD at login is said in its own words in Swedish and in English, never as a wrong password", async () => {
    const app = await openApp({ vaultExists: true, needsNewPassword: ["hanna"] });
    const { page } = app;
    await login(page, "hanna");
    await page.locator('#login-error[data-code="NEEDS_NEW_PASSWORD"]').waitFor();
    const sv = (await page.locator("#login-error").innerText()).trim();
    assert.equal(sv, say("sv", "error.NEEDS_NEW_PASSWORD"));
    assert.notEqual(sv, say("sv", "error.WRONG_PASSWORD"));
    assert.ok(!(await page.locator("#login-recover-hint").isVisible()), "a user is pointed to the administrator's recovery");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await page.locator("#login-error").innerText()).trim(), say("en", "error.NEEDS_NEW_PASSWORD"));
    assert.ok(!(await pageHolds(page, "bound to another workstation")), "the core's English message is shown");
    // Another account logs in as before.
    await login(page, "rut");
    await waitView(page, "view-reception");
    await close(app);
  });
});

describe("issue 10: the busy state while the password KDF runs", () => {
  test("login: the button says 'Loggar in …' and takes no second press, the form is aria-busy, a spinner and a polite note; one call", async () => {
    const app = await openApp({ vaultExists: true, kdfDelayMs: 900 });
    const { page } = app;
    await waitView(page, "view-login");
    await page.fill("#login-user", "hanna");
    await page.fill("#login-password", "rätt lösenord 2024");
    await page.click("#login-submit");
    await assertBusy(page, "#login-submit", "#login-form", "busy.login");
    // A second press (Playwright waits for an aria-disabled button: forced, as a user's click is).
    await page.click("#login-submit", { force: true });
    await page.focus("#login-password");
    await page.keyboard.press("Enter");
    assert.equal((await callsOf(page, "login")).length, 1, "a second press sent the login again");
    await waitView(page, "view-handler");
    assert.equal((await callsOf(page, "login")).length, 1);
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    await assertNotBusy(page, "#login-submit", "#login-form", say("sv", "login.submit"));
    await close(app);
  });

  test("add_user: busy while the account's slot is made, one call even when pressed twice", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await adminView(page);
    await page.evaluate(() => (window.__mock.kdfDelayMs = 900));
    await page.fill("#user-add-name", "nils");
    await page.click("#user-add-generate");
    await page.locator("#user-add-otp .otp-group").first().waitFor();
    await page.click("#user-add-submit");
    await assertBusy(page, "#user-add-submit", "#user-add-form", "busy.saving");
    await page.click("#user-add-submit", { force: true });
    await page.locator('#user-list tr.account[data-user="nils"]').waitFor();
    assert.equal((await callsOf(page, "add_user")).length, 1, "a second press added the account again");
    await assertNotBusy(page, "#user-add-submit", "#user-add-form", say("sv", "admin.addSubmit"));
    // The language switch while busy: the words follow, and the button's own come back in English.
    await page.fill("#user-add-name", "nora");
    await page.click("#user-add-generate");
    await page.locator("#user-add-otp .otp-group").first().waitFor();
    await page.click("#user-add-submit");
    await page.locator("#user-add-form .busy-note").waitFor();
    await page.click("#lang-switch");
    assert.equal((await page.locator("#user-add-submit").innerText()).trim(), say("en", "busy.saving"));
    await page.locator('#user-list tr.account[data-user="nora"]').waitFor();
    await page.waitForFunction(() => document.querySelector("#user-add-submit").getAttribute("aria-disabled") !== "true");
    assert.equal((await page.locator("#user-add-submit").innerText()).trim(), say("en", "admin.addSubmit"));
    await close(app);
  });

  test("recover_admin: busy while it runs, one call when pressed twice; the reset and the recovery grant are busy too", async () => {
    const app = await openApp({ vaultExists: true, deviceSecretMissing: true, kdfDelayMs: 900 });
    const { page } = app;
    await openRecoverView(page);
    await fillRecover(page);
    await page.click("#recover-submit");
    await assertBusy(page, "#recover-submit", "#recover-form", "busy.recovering");
    await page.click("#recover-submit", { force: true });
    await page.keyboard.press("Enter");
    await waitView(page, "view-admin");
    assert.equal((await callsOf(page, "recover_admin")).length, 1, "a second press sent the recovery again");
    await page.locator('#user-list tr.account[data-user="hanna"]').waitFor();

    await page.click('#user-list tr.account-actions[data-user="rut"] [data-action="reset"]');
    await page.locator("#reset-otp .otp-group").first().waitFor();
    await page.click("#reset-confirm");
    await assertBusy(page, "#reset-confirm", "#reset-form", "busy.saving");
    await page.click("#reset-confirm", { force: true });
    await page.locator("#reset-dialog").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "reset_password")).length, 1);

    await page.locator('#admin-pending tr[data-pending-user="vera"] [data-action="grant-recovery"]').click();
    await page.locator("#recovery-grant-dialog").waitFor({ state: "visible" });
    await page.fill("#recovery-grant-code", MOCK_CODE);
    await page.fill("#recovery-grant-fingerprint", "H3KW-7PZD-Q9XM");
    await page.click("#recovery-grant-confirm");
    await assertBusy(page, "#recovery-grant-confirm", "#recovery-grant-form", "busy.checking");
    await page.click("#recovery-grant-confirm", { force: true });
    await page.locator("#recovery-grant-dialog").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "grant_with_recovery")).length, 1);
    await close(app);
  });

  test("creating the vault and the first password are busy too, with one call each", async () => {
    const app = await openApp({ vaultExists: false, kdfDelayMs: 700 });
    const { page } = app;
    await waitView(page, "view-setup");
    await page.fill("#setup-admin", "admin");
    await page.fill("#setup-password", "Vinterbad vid Ljungsjön 73");
    await page.fill("#setup-password2", "Vinterbad vid Ljungsjön 73");
    await page.click("#setup-submit");
    await assertBusy(page, "#setup-submit", "#setup-form", "busy.creating");
    await page.click("#setup-submit", { force: true });
    await waitView(page, "view-recovery");
    assert.equal((await callsOf(page, "create_vault")).length, 1);
    await close(app);

    const app2 = await openApp({ vaultExists: true, kdfDelayMs: 700 });
    await login(app2.page, "ny");
    await waitView(app2.page, "view-first-password");
    await app2.page.fill("#new-password", "Min alldeles egna fras 2025");
    await app2.page.fill("#new-password2", "Min alldeles egna fras 2025");
    await app2.page.click("#new-password-submit");
    await assertBusy(app2.page, "#new-password-submit", "#first-password-form", "busy.saving");
    await app2.page.click("#new-password-submit", { force: true });
    await waitView(app2.page, "view-handler");
    assert.equal((await callsOf(app2.page, "choose_password")).length, 1);
    await close(app2);
  });
});

/** From the first run to the recovery code on show. */
async function recoveryCodeView(page) {
  await waitView(page, "view-setup");
  await page.fill("#setup-admin", "admin");
  await page.fill("#setup-password", "Vinterbad vid Ljungsjön 73");
  await page.fill("#setup-password2", "Vinterbad vid Ljungsjön 73");
  await page.click("#setup-submit");
  await waitView(page, "view-recovery");
  await page.locator("#recovery-code .rc-group").first().waitFor();
}

/** The recovery code's groups as laid out: text, line boxes of the text, row, heights. */
function codeLayout(page) {
  return page.evaluate(() => {
    const box = document.querySelector("#recovery-code");
    const cs = getComputedStyle(box);
    const lineHeight = parseFloat(cs.lineHeight);
    const groups = [...box.querySelectorAll(".rc-group")].map((g) => {
      const range = document.createRange();
      range.selectNodeContents(g.firstChild);
      const rects = [...range.getClientRects()];
      return { text: g.firstChild.textContent, n: g.dataset.n, lineBoxes: rects.length, height: rects[0]?.height ?? 0, top: Math.round(rects[0]?.top ?? 0), whiteSpace: getComputedStyle(g).whiteSpace };
    });
    return { size: parseFloat(cs.fontSize), family: cs.fontFamily, lineHeight, groups, rows: [...box.querySelectorAll(".rc-row")].map((r) => r.querySelectorAll(".rc-group").length), text: box.innerText };
  });
}

function assertCodeGroups(layout, label) {
  assert.deepEqual(layout.groups.map((g) => g.text), MOCK_GROUPS, `${label}: the groups are not the code's`);
  assert.deepEqual(layout.groups.map((g) => g.n), MOCK_GROUPS.map((_, i) => String(i + 1)), `${label}: the groups are not numbered`);
  assert.ok(layout.size >= 24, `${label}: the code is not large enough to read aloud (${layout.size}px)`);
  assert.match(layout.family, /mono/i, `${label}: not monospace`);
  for (const g of layout.groups) {
    assert.equal(g.lineBoxes, 1, `${label}: the group ${g.text} is split over ${g.lineBoxes} lines`);
    assert.ok(g.height <= layout.lineHeight * 1.05, `${label}: the group ${g.text} is ${g.height}px high for a line of ${layout.lineHeight}px`);
    assert.equal(g.whiteSpace, "nowrap", `${label}: the group ${g.text} may wrap inside`);
  }
}

describe("issue 10: the recovery code shown once", () => {
  test("the code is laid out in whole numbered groups, four a row, large and monospace; no group is split, in a narrow window either", async () => {
    const app = await openApp({ vaultExists: false });
    const { page } = app;
    await recoveryCodeView(page);
    const wide = await codeLayout(page);
    assertCodeGroups(wide, "wide window");
    assert.deepEqual(wide.rows, [4, 4], "not four groups a row");
    assert.equal(new Set(wide.groups.slice(0, 4).map((g) => g.top)).size, 1, "the first row is not one line");
    // The numbers are drawn, not part of the code's text.
    assert.equal(wide.text.replace(/\s+/g, "-"), MOCK_CODE);
    assert.equal((await page.locator("#recovery-code-spoken").textContent()).trim(), MOCK_GROUPS.map((g) => g.split("").join(" ")).join(", "));
    await page.setViewportSize({ width: 360, height: 760 });
    const narrow = await codeLayout(page);
    assertCodeGroups(narrow, "narrow window");
    assert.ok(new Set(narrow.groups.slice(0, 4).map((g) => g.top)).size > 1, "the narrow window did not make a row wrap (the check would see nothing)");
    await shot(page, "recovery-code-narrow");
    await close(app);
  });

  test("Skriv ut calls window.print, and the print shows only the code, the vault, the admin, the date and how to keep it", async () => {
    const app = await openApp({ vaultExists: false });
    const { page } = app;
    await recoveryCodeView(page);
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => {
        window.__printed += 1;
      };
    });
    assert.equal((await page.locator("#recovery-print").innerText()).trim(), say("sv", "recovery.print"));
    await page.click("#recovery-print");
    assert.equal(await page.evaluate(() => window.__printed), 1, "Skriv ut did not call window.print()");
    const today = await page.evaluate(() => {
      const d = new Date();
      const two = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
    });
    assert.equal((await page.locator("#recovery-date").innerText()).trim(), today);
    assert.equal((await page.locator("#recovery-vault").innerText()).trim(), "/home/mock/.local/share/skyddsvalv/vault");
    assert.equal((await page.locator("#recovery-admin").innerText()).trim(), "admin");

    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const shown = (css) => [...document.querySelectorAll(css)].some((e) => e.getClientRects().length > 0);
      return {
        text: document.body.innerText,
        shown: Object.fromEntries(
          ["#recovery-code", "#recovery-date", "#recovery-vault", "#recovery-admin", ".print-title", "#protection-banner", ".app-header", "#recovery-heading", "#recovery-print", "#recovery-check-form", "#recovery-continue", "#status", ".skip-link"].map((c) => [c, shown(c)]),
        ),
      };
    });
    await shot(page, "recovery-print");
    // The groups' numbers are not printed (on paper they would be read as part of the code).
    const numbered = () => page.$$eval("#recovery-code .rc-group", (gs) => gs.map((g) => getComputedStyle(g, "::after").content));
    assert.ok((await numbered()).every((c) => c === "none"), "the groups' numbers are printed");
    await page.emulateMedia({ media: "screen" });
    assert.deepEqual(await numbered(), MOCK_GROUPS.map((_, i) => `"${i + 1}"`), "the groups are not numbered on screen");
    for (const css of ["#recovery-code", "#recovery-date", "#recovery-vault", "#recovery-admin", ".print-title"]) {
      assert.ok(printed.shown[css], `${css} is not printed`);
    }
    for (const css of ["#protection-banner", ".app-header", "#recovery-heading", "#recovery-print", "#recovery-check-form", "#recovery-continue"]) {
      assert.ok(!printed.shown[css], `${css} is printed`);
    }
    assert.ok(printed.text.includes(say("sv", "recovery.printNote")), "the print does not say how to keep the code");
    assert.ok(printed.text.includes(say("sv", "recovery.printTitle")));
    for (const g of MOCK_GROUPS) assert.ok(printed.text.includes(g), `the print lacks ${g}`);
    assert.ok(!printed.text.includes(say("sv", "app.banner")), "the app's banner is printed");
    assert.ok(!printed.text.includes(say("sv", "recovery.checkTitle")), "the type-back check is printed");
    await close(app);
  });

  test("Fortsätt waits until two groups the UI picks are typed back; a wrong one is said next to its input; case, spaces and hyphens are forgiven", async () => {
    const app = await openApp({ vaultExists: false });
    const { page } = app;
    await recoveryCodeView(page);
    assert.ok(await page.locator("#recovery-continue").isDisabled(), "Fortsätt is enabled before the check");
    const asked = await page.evaluate(() => [1, 2].map((i) => Number(document.querySelector(`#recovery-check-${i}`).dataset.group)));
    assert.ok(asked[0] >= 2 && asked[1] > asked[0] && asked[1] <= 8, `the groups asked for: ${asked}`);
    assert.equal((await page.locator("#recovery-check-1-label").innerText()).trim(), say("sv", "recovery.checkGroup", { n: asked[0] }));
    assert.equal((await page.locator("#recovery-check-2-label").innerText()).trim(), say("sv", "recovery.checkGroup", { n: asked[1] }));
    assert.equal((await page.locator("#recovery-check-intro").innerText()).trim(), say("sv", "recovery.checkIntro", { a: asked[0], b: asked[1] }));

    // Half a group is no error yet; a whole wrong one is, next to its input.
    await page.fill("#recovery-check-1", MOCK_GROUPS[asked[0] - 1].slice(0, 2));
    assert.ok(!(await page.locator("#recovery-check-1-error").isVisible()), "half a group is called wrong");
    await page.fill("#recovery-check-1", MOCK_GROUPS[0] === MOCK_GROUPS[asked[0] - 1] ? "ZZZZ" : MOCK_GROUPS[0]);
    await page.locator("#recovery-check-1-error").waitFor({ state: "visible" });
    assert.equal(await nextTo(page, "#recovery-check-1", "#recovery-check-1-error"), say("sv", "recovery.checkWrong", { n: asked[0] }));
    assert.ok(await page.locator("#recovery-continue").isDisabled());

    // Right, in lower case with a space; the other still missing.
    const loose = (g) => `${g.slice(0, 2).toLowerCase()} ${g.slice(2).toLowerCase()}`;
    await page.fill("#recovery-check-1", loose(MOCK_GROUPS[asked[0] - 1]));
    assert.ok(!(await page.locator("#recovery-check-1-error").isVisible()), "the right group is still called wrong");
    assert.ok(await page.locator("#recovery-continue").isDisabled(), "Fortsätt is enabled with one group typed");
    // A wrong second group said when leaving the input.
    await page.fill("#recovery-check-2", "K7Q");
    await page.locator("#recovery-check-2").blur();
    await page.locator("#recovery-check-2-error").waitFor({ state: "visible" });
    assert.equal((await page.locator("#recovery-check-2-error").innerText()).trim(), say("sv", "recovery.checkWrong", { n: asked[1] }));
    await page.fill("#recovery-check-2", `-${MOCK_GROUPS[asked[1] - 1]}-`);
    assert.ok(!(await page.locator("#recovery-check-2-error").isVisible()));
    await page.waitForFunction(() => !document.querySelector("#recovery-continue").disabled);
    assert.equal((await page.locator("#recovery-check-result").innerText()).trim(), say("sv", "recovery.checkRight"));

    await page.click("#recovery-continue");
    await waitView(page, "view-login");
    assert.equal(await page.inputValue("#login-user"), "admin");
    assert.ok(!(await pageHolds(page, MOCK_GROUPS[3])), "the code stays in the page");
    await close(app);
  });
});

describe("issue 10: a calm focus style", () => {
  test("a focused heading has a soft blue marker and a control a blue ring, never the error or caution colour; an input in error too", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const colours = () =>
      page.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        const probe = document.createElement("span");
        document.body.append(probe);
        const rgb = (v) => {
          probe.style.color = "";
          probe.style.setProperty("color", v);
          return getComputedStyle(probe).color;
        };
        const out = { error: rgb(root.getPropertyValue("--error")), caution: rgb(root.getPropertyValue("--caution")), focus: rgb(root.getPropertyValue("--focus")), soft: rgb(root.getPropertyValue("--focus-soft")) };
        probe.remove();
        return out;
      });
    const outline = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        const cs = getComputedStyle(e);
        return { id: e.id, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor };
      });
    const blue = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number);
      return b > r + 60 && b > g;
    };
    await waitView(page, "view-login");
    const c = await colours();
    assert.ok(blue(c.focus) && blue(c.soft), `the focus colours are not blue: ${JSON.stringify(c)}`);
    // A control reached by keyboard: a clear blue ring.
    await page.locator("#login-user").focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    let o = await outline();
    assert.equal(o.id, "login-user");
    assert.ok(o.style !== "none" && o.width >= 2, `no focus ring on the input: ${JSON.stringify(o)}`);
    assert.equal(o.color, c.focus);
    // An input in error keeps the calm ring (its border says the error).
    await page.keyboard.type("hanna");
    await page.keyboard.press("Tab");
    await page.keyboard.type("fel lösenord");
    await page.keyboard.press("Enter");
    await page.locator("#login-error").waitFor({ state: "visible" });
    o = await outline();
    assert.equal(o.id, "login-password");
    assert.equal(await page.getAttribute("#login-password", "aria-invalid"), "true");
    assert.equal(o.color, c.focus, "an input in error has the error colour as its focus ring");
    // A heading the app focuses (after a keyboard login): the soft marker, not the error colour.
    await page.keyboard.type("rätt lösenord 2024");
    await page.keyboard.press("Enter");
    await waitView(page, "view-handler");
    await page.waitForFunction(() => document.activeElement?.id === "handler-heading");
    o = await outline();
    assert.ok(o.style !== "none" && o.width > 0, `the focused heading has no marker: ${JSON.stringify(o)}`);
    assert.equal(o.color, c.soft);
    for (const bad of [c.error, c.caution, "rgb(194, 65, 12)"]) assert.notEqual(o.color, bad, "the focused heading reads as an error");
    await shot(page, "focus-heading");
    await close(app);
  });
});

describe("issue 10: dates as YYYY-MM-DD and times as HH:MM in both languages", () => {
  test("no view formats a date with the locale", () => {
    const found = [];
    for (const dir of ["", "lib", "views"]) {
      for (const f of readdirSync(join(UI, dir)).filter((x) => x.endsWith(".js"))) {
        const src = readFileSync(join(UI, dir, f), "utf8");
        if (/toLocale(Date|Time)?String|Intl\.DateTimeFormat/.test(src)) found.push(join(dir, f));
      }
    }
    assert.deepEqual(found, [], "files that format dates with the locale (use ui/lib/dates.js)");
  });

  for (const lang of ["sv", "en"]) {
    test(`the log, the account table and the waiting list's time read 2026-12-01 and HH:MM (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      await setLang(page, lang);
      // Noon UTC: the same date in every time zone the tests run in.
      await page.evaluate(() => {
        const m = window.__mock;
        m.log.unshift(Object.assign({}, m.log[0], { seq: 999, at: "2026-12-01T12:00:00Z", action: "log_verified", actor: "greta", role: "granskare", person_ref: null, fields: [], flagged: false }));
        const hanna = m.users.find((u) => u.name === "hanna");
        hanna.created_at = "2026-12-01T12:00:00Z";
        hanna.last_login_at = "2026-12-01T12:34:00Z";
      });
      await login(page, "greta");
      await waitView(page, "view-reviewer");
      const row = page.locator('#log-table tr[data-seq="999"]');
      await row.waitFor({ timeout: 2000 }).catch(async () => {
        await page.click("#log-filter-apply");
        await row.waitFor();
      });
      const logged = (await row.locator("time").innerText()).trim();
      assert.match(logged, /^2026-12-01 \d{2}:\d{2}:\d{2}$/, `the log says ${JSON.stringify(logged)}`);
      assert.ok(!/01\/12\/2026|12\/1\/2026|AM|PM/.test(logged));
      assert.equal(await row.locator("time").getAttribute("datetime"), "2026-12-01T12:00:00Z");

      await page.keyboard.press("Control+l");
      await waitView(page, "view-login");
      await adminView(page);
      const created = await userCell(page, "hanna", "admin.colCreated");
      assert.match(created, /^2026-12-01 \d{2}:\d{2}$/, `the account table says ${JSON.stringify(created)}`);
      assert.match(await userCell(page, "hanna", "admin.colLastLogin"), /^2026-12-01 \d{2}:\d{2}$/);
      await page.click("#admin-pending-refresh");
      await page.locator("#admin-pending-status").filter({ hasText: /\d/ }).waitFor();
      const status = (await page.locator("#admin-pending-status").innerText()).trim();
      const time = /\b(\d{1,2}):(\d{2})\b/.exec(status);
      assert.ok(time && time[1].length === 2 && !/AM|PM|a\.m\.|p\.m\./i.test(status), `the list's time reads ${JSON.stringify(status)}`);
      await close(app);
    });
  }
});

for (const lang of ["sv", "en"]) {
  describe(`issue 10: axe and keyboard, the recovery and the recovery code (${lang})`, () => {
    test(`the recovery view with a refusal at the code has no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, deviceSecretMissing: true });
      const { page } = app;
      await setLang(page, lang);
      await login(page, "admin");
      await page.locator("#login-recover-hint").waitFor({ state: "visible" });
      await check(page, lang, "login-device-secret-missing");
      await page.click("#login-recover-now");
      await waitView(page, "view-recover");
      await fillRecover(page, { code: "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH" });
      await page.click("#recover-submit");
      await page.waitForFunction(() => !document.querySelector("#recover-code-error").hidden);
      assert.equal((await page.locator("#recover-code-error").innerText()).trim(), say(lang, "access.err.WRONG_RECOVERY_CODE"));
      await check(page, lang, "recover-error");
      await close(app);
    });

    test(`the recovery code with the type-back check and a wrong group has no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: false });
      const { page } = app;
      await setLang(page, lang);
      await recoveryCodeView(page);
      await page.fill("#recovery-check-1", "ZZZZ");
      await page.locator("#recovery-check-1-error").waitFor({ state: "visible" });
      const n = await page.getAttribute("#recovery-check-1", "data-group");
      assert.equal((await page.locator("#recovery-check-1-error").innerText()).trim(), say(lang, "recovery.checkWrong", { n }));
      await check(page, lang, "recovery-typeback");
      await close(app);
    });

    test(`the recovery form by keyboard: from the login's button, a refused code, then in; focus visible at every step (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, deviceSecretMissing: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await waitView(page, "view-login");
        await page.focus("#login-heading");
        await k.tabTo("#login-recover", (f) => f.desc.startsWith("button#login-recover"), 10);
        await k.press("Enter");
        await waitView(page, "view-recover");
        assert.equal(await focusOn(page, "recover-heading"), "recover-heading");
        await k.tabTo("#recover-code", (f) => f.desc.startsWith("input#recover-code"), 5);
        await k.typeText("AAAA BBBB CCCC DDDD EEEE FFFF GGGG HHHH");
        await k.tabTo("#recover-code-show", (f) => f.desc.startsWith("input#recover-code-show"), 2);
        await k.press("Space");
        assert.equal(await page.getAttribute("#recover-code", "type"), "text", "Space did not show the code");
        await k.tabTo("#recover-user", (f) => f.desc.startsWith("input#recover-user"), 2);
        await k.typeText("admin");
        await k.tabTo("#recover-password", (f) => f.desc.startsWith("input#recover-password"), 2);
        await k.typeText(NEW_ADMIN_PASSWORD);
        await k.tabTo("#recover-password2", (f) => f.desc.startsWith("input#recover-password2"), 2);
        await k.typeText(NEW_ADMIN_PASSWORD);
        await k.press("Enter");
        await page.waitForFunction(() => !document.querySelector("#recover-code-error").hidden);
        let f = await focusState(page);
        assert.ok(f.desc.startsWith("input#recover-code") && f.visible, `after a wrong code the focus is on ${f.desc}`);
        await shot(page, `keyboard-${lang}-recover-error`);
        await page.keyboard.press("Control+a");
        await k.typeText(MOCK_CODE.toLowerCase());
        await k.tabTo("#recover-submit", (x) => x.desc.startsWith("button#recover-submit"), 8);
        await k.press("Enter");
        await waitView(page, "view-admin");
        f = await focusState(page);
        assert.ok(!f.none, "focus was lost after the recovery");
        assert.equal((await callsOf(page, "recover_admin")).length, 2);
        assert.equal((await callsOf(page, "recover_admin")).at(-1).args.password, NEW_ADMIN_PASSWORD);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-recover`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

// ---- issue #10, the case handler's day: the idle-lock warning, drafts across the lock, the journal,
// the edit form's masked fields ---------------------------------------------------------------------------
/** The idle limit these tests run with (the mock's config `idleLockSeconds`): it warns in the last minute. */
const IDLE_LIMIT = 120;
const WARN_AFTER_MS = (IDLE_LIMIT - CONTRACT.LIMITS.IDLE_WARNING_SECONDS + 5) * 1000;

/** The warning on show, its time as the user reads it. */
async function idleWarningShown(page) {
  await page.locator("#idle-warning").waitFor({ state: "visible" });
  return (await page.locator("#idle-warning-time").innerText()).trim();
}

/** The milliseconds since the mock last counted something as activity. */
function idleFor(page) {
  return page.evaluate(() => Date.now() - window.__mock.state.lastActivity);
}

/** The drafts the UI handed to keep_draft, parsed. */
async function keptDrafts(page) {
  return (await callsOf(page, "keep_draft")).map((c) => JSON.parse(c.args.draft));
}

/** The journal revealed for `purpose` on the open card. */
async function revealJournal(page, purpose = "handlaggning") {
  await page.click("#journal-reveal");
  await page.locator("#reveal-dialog").waitFor({ state: "visible" });
  await page.selectOption("#reveal-purpose", purpose);
  await page.click("#reveal-confirm");
  await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
  await page.locator("#journal-entries li").first().waitFor();
}

/** The entries on show: number, meta line, marks and text. */
function journalEntries(page) {
  return page.$$eval("#journal-entries > li", (lis) =>
    lis.map((li) => ({
      id: li.dataset.entry ? Number(li.dataset.entry) : null,
      meta: li.querySelector(".journal-meta")?.innerText.trim(),
      corrects: li.querySelector(".journal-correction")?.innerText.trim() ?? null,
      corrected: li.querySelector(".journal-corrected")?.innerText.trim() ?? null,
      text: li.querySelector(".journal-text")?.innerText,
      buttons: [...li.querySelectorAll("button")].map((b) => b.textContent.replace(/\s+/g, " ").trim()),
      editable: li.querySelectorAll("input, textarea, [contenteditable]").length,
    })),
  );
}

/** An RFC 3339 time as the page shows it (YYYY-MM-DD HH:MM, the page's local time). */
function localMinute(page, iso) {
  return page.evaluate((at) => {
    const d = new Date(at);
    const two = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  }, iso);
}

describe("issue #10: the warning before the idle lock", () => {
  test("the warning shows the time left counting down; Fortsätt arbeta calls keep_working and hides it; any other command hides it too; inside an open dialog it still works", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
    const { page } = app;
    await page.clock.install();
    await caseloadShown(page);
    assert.ok(!(await page.locator("#idle-warning").isVisible()), "the warning shows right after the login");
    assert.ok((await callsOf(page, "idle_status")).length >= 1, "the UI does not ask how long is left");

    // Idle for a minute and more: the warning, with the time left and a live countdown.
    await page.clock.fastForward(WARN_AFTER_MS);
    const first = await idleWarningShown(page);
    assert.match(first, /^Valvet låses om 0:[0-5]\d$/);
    assert.equal(await page.getAttribute("#idle-warning-time", "role"), "timer");
    assert.equal(await page.getAttribute("#idle-warning", "aria-label"), "Varning: valvet låses snart");
    assert.equal((await page.locator("#idle-keep-working").innerText()).trim(), "Fortsätt arbeta");
    await page.locator("#status", { hasText: /^Valvet låses om 0:\d\d eftersom inget har gjorts på en stund/ }).waitFor();
    // Asking is no activity: the core's idle time went on while the UI asked.
    assert.ok((await idleFor(page)) >= WARN_AFTER_MS, "idle_status counted as activity");
    assert.ok((await callsOf(page, "idle_status")).every((c) => !c.error && Object.keys(c.args).length === 0));
    // The user was not typing: the button has the focus.
    assert.equal(await focusOn(page, "idle-keep-working"), "idle-keep-working");
    await page.clock.fastForward(3000);
    await page.waitForFunction((t) => document.querySelector("#idle-warning-time").textContent !== t, first);
    assert.ok((await page.locator("#idle-warning-time").innerText()) < first, "the countdown does not count down");
    assert.equal((await callsOf(page, "keep_working")).length, 0);

    await page.click("#idle-keep-working");
    await page.locator("#idle-warning").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "keep_working")).map((c) => c.args), [{}]);
    assert.ok((await idleFor(page)) < 5000, "keep_working did not start the idle time over");
    await page.locator("#status", { hasText: "Du kan fortsätta arbeta. Valvet låses inte nu." }).waitFor();
    assert.equal(await focusOn(page, "handler-heading"), "handler-heading", "the focus did not go back");

    // Again; this time the user carries on with something else (a search): the warning goes by itself.
    await page.clock.fastForward(WARN_AFTER_MS);
    await idleWarningShown(page);
    await page.fill("#search-input", "Åsa");
    await page.click("#search-submit");
    await page.locator(`#search-results [data-person-ref="${ASA}"]`).waitFor();
    await page.clock.fastForward(1500);
    await page.locator("#idle-warning").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "keep_working")).length, 1, "keep_working was called without the button");

    // A modal dialog makes the page behind it inert: the warning moves into it and still works there.
    await page.click(`#search-results [data-person-ref="${ASA}"]`);
    await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor();
    await page.click("#journal-reveal");
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    await page.clock.fastForward(WARN_AFTER_MS);
    await page.locator("#reveal-dialog #idle-warning").waitFor({ state: "visible" });
    await page.click("#idle-keep-working");
    await page.locator("#idle-warning").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "keep_working")).length, 2);
    assert.ok(await page.locator("#reveal-dialog").isVisible(), "the dialog closed");
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest("#reveal-dialog")), "the focus left the dialog");
    await page.keyboard.press("Escape");
    await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.querySelector("#idle-warning").parentElement.tagName), "BODY", "the warning stayed in the closed dialog");

    // Nobody keeps working: the core locks, the UI is at the login, the warning gone.
    await page.clock.fastForward((IDLE_LIMIT + 5) * 1000);
    await waitView(page, "view-login", 5000);
    assert.ok(!(await page.locator("#idle-warning").isVisible()), "the warning stays at the login");
    await page.locator("#status", { hasText: "Valvet låstes efter en stunds inaktivitet" }).waitFor();
    assert.equal((await callsOf(page, "lock")).length, 0, "the UI locked by itself");
    await close(app);
  });

  test("a limit shorter than the warning time (a 4 s lock): the warning in its last half, no busy loop, the core locks on time", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: 4 });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    const t0 = Date.now();
    await page.locator("#idle-warning").waitFor({ state: "visible", timeout: 4000 });
    assert.match(await page.locator("#idle-warning-time").innerText(), /^Valvet låses om 0:0[0-2]$/);
    await waitView(page, "view-login", 8000);
    const t = (Date.now() - t0) / 1000;
    assert.ok(t >= 2.5, `at the login after ${t.toFixed(1)} s, before the 4 s limit`);
    assert.equal((await callsOf(page, "lock")).length, 0, "the UI locked by itself");
    const asked = (await callsOf(page, "idle_status")).length;
    assert.ok(asked >= 2 && asked <= 8, `idle_status asked ${asked} times in about 4 s`);
    await page.waitForTimeout(2500);
    assert.equal((await callsOf(page, "idle_status")).length, asked, "the UI goes on asking at the login");
    assert.ok(!(await page.locator("#idle-warning").isVisible()));
    await close(app);
  });
});

describe("issue #10: an unsaved form across the idle lock", () => {
  test("a half-filled edit goes to keep_draft once before the lock; the same user logs in again, the card comes back and the form is restored without saving", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
    const { page } = app;
    await page.clock.install();
    await openCard(page, ASA, "a");
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    await page.fill("#pf-address", "Kanariegatan 9");
    await page.fill("#pf-municipality", "Kanarieby norra");
    await page.click("#pf-clear-email");
    await page.focus("#pf-municipality");

    await page.clock.fastForward(WARN_AFTER_MS);
    await idleWarningShown(page);
    // The user is in a text box: the warning does not take the focus from it.
    assert.equal(await focusOn(page, "pf-municipality"), "pf-municipality");
    await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "keep_draft"));
    assert.deepEqual(await keptDrafts(page), [
      { v: 1, kind: "person-form", mode: "edit", person_ref: ASA, values: { address: "Kanariegatan 9", municipality: "Kanarieby norra" }, contacts: [], cleared: ["email"], card: ASA },
    ]);
    // The core does not count keep_draft as activity: the warning stays and the lock comes on time;
    // the same draft is not handed over again.
    await page.clock.fastForward(1500);
    assert.ok(await page.locator("#idle-warning").isVisible(), "keep_draft put the lock off");
    await page.clock.fastForward(CONTRACT.LIMITS.IDLE_WARNING_SECONDS * 1000);
    await waitView(page, "view-login", 5000);
    assert.equal((await callsOf(page, "keep_draft")).length, 1, "the same draft went to the core twice");
    assert.equal((await callsOf(page, "edit_person")).length, 0, "the form was saved");

    // Nothing of the form stays in the page, nor in the browser's storage.
    assert.ok(await page.locator("#person-form").isHidden());
    assert.equal(await page.inputValue("#pf-address"), "");
    assert.equal(await page.inputValue("#pf-municipality"), "");
    for (const value of ["Kanariegatan 9", "Kanarieby norra"]) {
      assert.ok(!(await pageHolds(page, value)), `the page still holds ${value}`);
    }
    assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
    assert.ok(!/Kanarie/.test(await page.title()));

    // The same user again: the card is shown again, the form offered back.
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
    await page.locator("#draft-notice").waitFor({ state: "visible" });
    assert.equal((await page.locator("#draft-notice-text").innerText()).trim(), `Du hade ett osparat formulär (ändringar för person ${ASA}) när valvet låstes.`);
    assert.equal((await page.locator("#draft-restore").innerText()).trim(), "Återställ det");
    assert.equal((await page.locator("#draft-discard").innerText()).trim(), "Släng det");
    assert.equal(await focusOn(page, "draft-notice-text"), "draft-notice-text");
    // Asked once at each login; the second time it was there.
    assert.deepEqual((await callsOf(page, "take_draft")).map((c) => typeof c.args), ["object", "object"]);
    assert.deepEqual((await callsOf(page, "show_person")).at(-1).args, { personRef: ASA });
    assert.deepEqual(await page.evaluate(() => window.__mock.drafts), {}, "the draft is still kept after it was handed back");
    assert.ok(!(await page.locator("#person-form").isVisible()), "the form came back before it was asked for");

    await page.click("#draft-restore");
    await page.locator("#person-form").waitFor({ state: "visible" });
    assert.ok(await page.locator("#draft-notice").isHidden());
    assert.equal((await page.locator("#pf-heading").innerText()).trim(), `Ändra person ${ASA}`);
    assert.equal(await page.inputValue("#pf-address"), "Kanariegatan 9");
    assert.equal(await page.inputValue("#pf-municipality"), "Kanarieby norra");
    assert.equal(await page.getAttribute("#pf-clear-email", "aria-pressed"), "true");
    assert.ok(await page.locator("#pf-email").isDisabled());
    await page.locator("#status", { hasText: "Formuläret är återställt. Inget är sparat ännu." }).waitFor();
    assert.equal((await callsOf(page, "edit_person")).length, 0, "restoring saved the form");
    // Saving it now sends what was typed before the lock.
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "edit_person")).map((c) => c.args), [
      { personRef: ASA, patch: { address: "Kanariegatan 9", municipality: "Kanarieby norra", email: "" } },
    ]);
    await close(app);
  });

  test("a new-person form kept at the lock is offered to the same user only; Släng det drops it and calls nothing; a card no longer open is said in words", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
    const { page } = app;
    await page.clock.install();
    await caseloadShown(page);
    await page.click("#new-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    await page.fill("#pf-name", "Kanarie Utkastsson");
    await page.fill("#pf-health", "Kanariehälsa: utkast");
    await page.clock.fastForward(WARN_AFTER_MS);
    await idleWarningShown(page);
    await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "keep_draft"));
    assert.deepEqual(await keptDrafts(page), [{ v: 1, kind: "person-form", mode: "create", values: { name: "Kanarie Utkastsson", health: "Kanariehälsa: utkast" }, contacts: [], cleared: [] }]);
    // Locked by hand (Ctrl+L): the kept draft waits all the same.
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    assert.ok(!(await pageHolds(page, "Kanarie Utkastsson")), "the typed name stays in the page");

    // Another account gets nothing (the core seals the draft under hanna's own key).
    const other = await page.evaluate(async () => {
      const inv = window.__TAURI__.core.invoke;
      await inv("login", { user: "greta", password: "rätt lösenord 2024" });
      const draft = await inv("take_draft", {});
      await inv("lock", {});
      return draft;
    });
    assert.equal(other, null);

    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#draft-notice").waitFor({ state: "visible" });
    assert.equal((await page.locator("#draft-notice-text").innerText()).trim(), "Du hade ett osparat formulär (ny person) när valvet låstes.");
    assert.ok(!(await pageHolds(page, "Kanarie Utkastsson")), "the draft is filled in before the user asked");
    const before = (await page.evaluate(() => window.__mock.calls.length));
    await page.click("#draft-discard");
    await page.locator("#draft-notice").waitFor({ state: "hidden" });
    await page.locator("#status", { hasText: "Det osparade formuläret är slängt." }).waitFor();
    assert.ok(await page.locator("#person-form").isHidden());
    await page.waitForTimeout(300);
    const after = await page.evaluate((n) => window.__mock.calls.slice(n).map((c) => c.cmd).filter((c) => c !== "idle_status"), before);
    assert.deepEqual(after, [], "Släng det called the core");
    assert.ok(!(await pageHolds(page, "Kanarie Utkastsson")));
    assert.equal(await page.evaluate(() => window.__TAURI__.core.invoke("take_draft", {})), null, "the draft was handed back twice");

    // A draft of a card the core no longer shows (hanna was unassigned meanwhile): said in words.
    await page.click("#caseload-table tbody tr[data-person-ref] .open-person");
    await page.locator("#person-card").waitFor({ state: "visible" });
    const ref = await page.getAttribute("#person-card", "data-person-ref");
    await page.click("#edit-person-button");
    await page.fill("#pf-municipality", "Kanarieby södra");
    await page.clock.fastForward(WARN_AFTER_MS);
    await page.waitForFunction(() => window.__mock.calls.filter((c) => c.cmd === "keep_draft").length === 2);
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    await page.evaluate((r) => {
      const p = window.__mock.persons.find((x) => x.ref === r);
      p.assigned = p.assigned.filter((u) => u !== "hanna");
    }, ref);
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#status", { hasText: "Personen kunde inte visas, så det osparade formuläret kan inte återställas." }).waitFor();
    assert.equal((await callsOf(page, "show_person")).at(-1).error?.code, "DENIED");
    assert.ok(await page.locator("#draft-notice").isHidden());
    assert.ok(await page.locator("#person-card").isHidden());
    await close(app);
  });
});

describe("issue #10: the journal on the person card", () => {
  test("Visa anteckningar asks for a purpose (read_journal), lists the entries newest last with the corrections marked, append-only, and masks them again", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await page.clock.install();
    await openCard(page, ASA, "a");
    await page.locator("#journal").waitFor({ state: "visible" });
    assert.equal((await page.locator("#journal-heading").innerText()).trim(), "Anteckningar");
    assert.equal((await page.locator("#journal-reveal").innerText()).trim(), "Visa anteckningar");
    assert.ok(!/Kanariejournal/.test(await page.locator("body").innerText()), "the journal shows before a reveal");

    await page.click("#journal-reveal");
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    assert.equal((await page.locator("#reveal-heading").innerText()).trim(), "Visa anteckningar");
    const notesArt9 = CONTRACT.FIELDS.find((f) => f.name === "notes").art9;
    const offered = await page.$$eval("#reveal-purpose option", (os) => os.filter((o) => o.value).map((o) => o.value));
    assert.deepEqual(offered, CONTRACT.PURPOSES.filter((p) => p.strict || !notesArt9).map((p) => p.code), "the purposes are not those of the field notes");
    await page.click("#reveal-confirm");
    await page.locator("#reveal-error", { hasText: "Välj ett syfte" }).waitFor();
    assert.equal((await callsOf(page, "read_journal")).length, 0);
    await page.selectOption("#reveal-purpose", "kontakt");
    await page.fill("#reveal-note", "inför samtal");
    await page.click("#reveal-confirm");
    await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "read_journal")).map((c) => c.args), [{ personRef: ASA, purpose: "kontakt: inför samtal" }]);
    const logged = await page.evaluate(() => window.__mock.log.filter((e) => e.action === "field_revealed")[0]);
    assert.deepEqual([logged.person_ref, logged.fields, logged.purpose, logged.outcome], [ASA, ["notes"], "kontakt: inför samtal", "allowed"]);

    const entries = await journalEntries(page);
    const at = await page.evaluate(() => window.__mock.persons[0].journal.map((e) => e.at));
    assert.deepEqual(
      entries.map((e) => [e.id, e.corrects, e.corrected, e.text]),
      [
        [null, null, null, "Kanarieanteckning"],
        [1, null, null, "Kanariejournal: första samtalet med skolan."],
        [2, null, "Rättad i anteckning 3", "Kanariejournal: möte bokat den 3 juni."],
        [3, "Rättar anteckning 2", null, "Kanariejournal: mötet är den 4 juni,\ninte den 3."],
      ],
    );
    assert.match(entries[0].meta, /^Tidigare anteckning/);
    for (const [i, author] of [[1, "hanna"], [2, "hanna"], [3, "hugo"]]) {
      assert.equal(entries[i].meta, `Anteckning ${i} · ${await localMinute(page, at[i - 1])} · av ${author}`);
      assert.match(entries[i].meta, /· \d{4}-\d{2}-\d{2} \d{2}:\d{2} ·/);
      // Append-only: a correction is the one thing offered; nothing edits or removes an entry.
      assert.deepEqual(entries[i].buttons, [`Rätta Anteckning ${i}`]);
      assert.equal(entries[i].editable, 0);
    }
    assert.equal(await page.locator("#journal-entries .journal-text.revealed").count(), 4, "the texts are not guarded like revealed values");
    assert.equal(await page.getAttribute("#journal-hides-in", "role"), "timer");
    assert.match(await page.locator("#journal-hides-in").innerText(), /^döljs om 0:(30|2\d)$/);
    await page.locator("#journal-status", { hasText: "Anteckningarna visas i 30 sekunder" }).waitFor();
    assert.equal(await focusOn(page, "journal-hide"), "journal-hide");

    // Masked again when the time is up.
    await page.clock.fastForward(CONTRACT.LIMITS.REVEAL_SECONDS * 1000 + 500);
    await page.locator("#journal-entries li").first().waitFor({ state: "detached" });
    assert.ok(!/Kanariejournal/.test(await page.locator("body").innerText()), "the journal stays after the reveal time");
    assert.ok(await page.locator("#journal-reveal").isVisible());
    assert.ok(await page.locator("#journal-hides-in").isHidden());
    await page.locator("#journal-status", { hasText: "Anteckningarna är dolda igen." }).waitFor();
    await close(app);
  });

  test("a note and a correction go to add_note with the right arguments; an empty note and a refused one are said next to the text box", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ASA, "a");
    assert.equal((await page.locator('label[for="journal-new"]').innerText()).trim(), "Ny anteckning");
    await page.click("#journal-save");
    assert.match(await nextTo(page, "#journal-new", "#journal-new-error"), /Skriv anteckningen först/);
    assert.equal((await callsOf(page, "add_note")).length, 0, "an empty note went to the core");
    await page.fill("#journal-new", "   \n  ");
    await page.click("#journal-save");
    assert.match(await nextTo(page, "#journal-new", "#journal-new-error"), /Skriv anteckningen först/);
    assert.equal((await callsOf(page, "add_note")).length, 0);

    // The core refuses what the UI lets through (a control character): in words, at the text box.
    await page.fill("#journal-new", "Ringde skolan\u0007");
    await page.click("#journal-save");
    await page.locator('#journal-new-error[data-code="INVALID_INPUT"]').waitFor();
    assert.match(await nextTo(page, "#journal-new", "#journal-new-error"), /otillåtna tecken/);
    assert.ok(!(await pageHolds(page, "control or direction")), "the core's English message is shown");

    await page.fill("#journal-new", "Ringde skolan om mötet.");
    await page.click("#journal-save");
    await page.locator("#journal-status", { hasText: "Anteckning 4 är sparad." }).waitFor();
    assert.deepEqual((await callsOf(page, "add_note")).at(-1).args, { personRef: ASA, text: "Ringde skolan om mötet.", corrects: null });
    assert.equal(await page.inputValue("#journal-new"), "");
    assert.ok(await page.locator("#journal-new-error").isHidden());

    // "Rätta" on an entry: the text box, empty, says which entry it corrects; corrects is sent.
    await revealJournal(page);
    await page.click("#journal-correct-4");
    assert.equal(await focusOn(page, "journal-new"), "journal-new");
    assert.equal((await page.locator("#journal-corrects-text").innerText()).trim(), "Rättar anteckning 4");
    assert.equal(await page.inputValue("#journal-new"), "");
    assert.ok((await page.getAttribute("#journal-new", "aria-describedby")).split(" ").includes("journal-corrects-text"));
    await page.fill("#journal-new", "Mötet gällde förskolan, inte skolan.");
    await page.click("#journal-save");
    await page.locator("#journal-status", { hasText: "Anteckning 5 är sparad och rättar anteckning 4." }).waitFor();
    assert.deepEqual((await callsOf(page, "add_note")).at(-1).args, { personRef: ASA, text: "Mötet gällde förskolan, inte skolan.", corrects: 4 });
    assert.ok(await page.locator("#journal-corrects").isHidden());
    const entries = await journalEntries(page);
    assert.deepEqual(entries.slice(-2).map((e) => [e.id, e.corrects, e.corrected]), [[4, null, "Rättad i anteckning 5"], [5, "Rättar anteckning 4", null]]);
    assert.match(entries.at(-1).meta, /^Anteckning 5 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · av hanna$/);
    assert.deepEqual(await page.evaluate(() => window.__mock.log.filter((e) => e.action === "note_added").map((e) => e.detail)), ["entry 5 corrects entry 4", "entry 4"]);

    // A correction can be given up: the next note corrects nothing.
    await page.click("#journal-correct-2");
    await page.click("#journal-corrects-cancel");
    assert.ok(await page.locator("#journal-corrects").isHidden());
    await page.fill("#journal-new", "Uppföljning nästa vecka.");
    await page.click("#journal-save");
    await page.locator("#journal-status", { hasText: "Anteckning 6 är sparad." }).waitFor();
    assert.equal((await callsOf(page, "add_note")).at(-1).args.corrects, null);

    // A restricted person's journal is neither shown nor added to (the core refuses both).
    await page.fill("#journal-new", "Halvskriven anteckning om Åsa");
    await page.evaluate(() => {
      window.__mock.persons[1].record.restricted = true;
    });
    await page.locator(`#search-results [data-person-ref="${ANDERS}"]`).click();
    await page.locator(`#person-card[data-person-ref="${ANDERS}"]`).waitFor();
    assert.ok(await page.locator("#journal-reveal").isHidden());
    assert.ok(await page.locator("#journal-form").isHidden());
    assert.match(await page.locator("#journal-unavailable").innerText(), /Behandlingen är begränsad/);
    assert.equal(await page.inputValue("#journal-new"), "", "the text box kept another person's note");
    await close(app);
  });
});

describe("issue #10: the edit form's masked fields", () => {
  test("Visa nuvarande värde reveals with the purpose rattelse into the input; Töm fältet sends \"\" for that field, the others stay out; notes are the journal's", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openCard(page, ASA, "a");
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    // The old single note is not edited here any more.
    assert.ok(await page.locator("#pf-notes").isHidden());
    assert.match(await page.locator("#pf-notes-journal").innerText(), /journalen på personkortet/);
    assert.equal(await page.locator("#pf-current-notes, #pf-clear-notes").count(), 0);
    // The name and the identity number are never cleared.
    assert.equal(await page.locator("#pf-clear-name, #pf-clear-identity_number").count(), 0);
    assert.ok(await page.locator("#pf-current-name").isVisible());
    const words = (css) => page.$eval(css, (b) => b.textContent.replace(/\s+/g, " ").trim());
    assert.equal(await words("#pf-current-address"), "Visa nuvarande värde Adress");
    assert.equal(await words("#pf-clear-phone"), "Töm fältet Telefon");
    assert.equal(await page.getAttribute("#pf-address", "placeholder"), "(oförändrat)");
    assert.equal(await page.inputValue("#pf-address"), "");

    await page.click("#pf-current-address");
    await page.waitForFunction(() => document.querySelector("#pf-address").value !== "");
    assert.equal(await page.inputValue("#pf-address"), "Kanariegatan 7");
    assert.deepEqual((await callsOf(page, "reveal_field")).map((c) => c.args), [{ personRef: ASA, field: "address", purpose: "rattelse" }]);
    assert.equal(await focusOn(page, "pf-address"), "pf-address");
    assert.ok(await page.locator("#pf-current-address").isHidden());
    const entry = await page.evaluate(() => window.__mock.log.find((e) => e.action === "field_revealed"));
    assert.deepEqual([entry.fields, entry.purpose], [["address"], "rattelse"]);
    await page.locator("#status", { hasText: "Nuvarande värde för Adress visas i fältet" }).waitFor();
    // An art. 9 field takes the purpose as well (a strict one in the contract).
    assert.ok(CONTRACT.PURPOSES.find((p) => p.code === "rattelse").strict, "rattelse is not a strict purpose in the contract");
    await page.click("#pf-current-health");
    await page.waitForFunction(() => document.querySelector("#pf-health").value !== "");
    assert.equal((await callsOf(page, "reveal_field")).at(-1).error, undefined);

    // Töm fältet: the input emptied and disabled, said in words; pressed again, undone.
    await page.fill("#pf-phone", "070-000 00 00");
    await page.click("#pf-clear-phone");
    assert.equal(await page.getAttribute("#pf-clear-phone", "aria-pressed"), "true");
    assert.ok(await page.locator("#pf-phone").isDisabled());
    assert.equal(await page.inputValue("#pf-phone"), "");
    assert.equal((await page.locator("#pf-phone-cleared").innerText()).trim(), "Fältet töms när du sparar.");
    assert.equal(await page.getAttribute("#pf-phone", "placeholder"), "(töms när du sparar)");
    assert.ok((await page.getAttribute("#pf-phone", "aria-describedby")).split(" ").includes("pf-phone-cleared"));
    await page.click("#pf-clear-phone");
    assert.equal(await page.getAttribute("#pf-clear-phone", "aria-pressed"), "false");
    assert.ok(await page.locator("#pf-phone").isEnabled());
    assert.equal(await page.inputValue("#pf-phone"), "070-000 00 00", "undoing lost what was typed");
    assert.ok(await page.locator("#pf-phone-cleared").isHidden());
    await page.fill("#pf-phone", "");
    await page.click("#pf-clear-phone");
    await page.click("#pf-clear-postcode");

    // The revealed address corrected, the revealed health left as it was.
    await page.fill("#pf-address", "Kanariegatan 9");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "edit_person")).map((c) => c.args), [{ personRef: ASA, patch: { address: "Kanariegatan 9", postcode: "", phone: "" } }]);
    assert.equal((await page.locator('#person-card [data-field="phone"] .field-value').innerText()).trim(), "Ej angivet");
    assert.equal(await page.evaluate(() => window.__mock.persons[0].record.health), "Kanariehälsa: diabetes typ 1");

    // While processing is restricted (a rectification): no reveal (the core refuses), clearing still.
    await page.evaluate(() => {
      window.__mock.persons[0].record.restricted = true;
    });
    await page.locator(`#search-results [data-person-ref="${ANDERS}"]`).click();
    await page.locator(`#search-results [data-person-ref="${ASA}"]`).click();
    await page.locator("#restricted-notice").waitFor({ state: "visible" });
    await page.click("#edit-person-button");
    await page.locator("#rectify-reason").waitFor({ state: "visible" });
    assert.equal(await page.locator("#person-form [id^='pf-current-']").count(), 0);
    assert.ok(await page.locator("#pf-clear-address").isVisible());
    await close(app);
  });
});

for (const lang of ["sv", "en"]) {
  describe(`issue #10: axe-core on the warning, the journal and the edit form (${lang})`, () => {
    test(`the idle warning, the journal shown, the edit form with a revealed value and the kept-draft notice have no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
      const { page } = app;
      try {
        await setLang(page, lang);
        await page.clock.install();
        await openCard(page, ASA, "a");
        await page.clock.fastForward(WARN_AFTER_MS);
        await idleWarningShown(page);
        await check(page, lang, "issue10-idle-warning");
        await page.click("#idle-keep-working");
        await page.locator("#idle-warning").waitFor({ state: "hidden" });
        await revealJournal(page);
        await page.click("#journal-correct-3");
        await check(page, lang, "issue10-journal");
        await page.click("#edit-person-button");
        await page.locator("#person-form").waitFor({ state: "visible" });
        await page.click("#pf-current-address");
        await page.waitForFunction(() => document.querySelector("#pf-address").value !== "");
        await page.click("#pf-clear-email");
        await page.fill("#pf-municipality", "Kanarieby norra");
        await check(page, lang, "issue10-edit-form");
        await page.clock.fastForward(WARN_AFTER_MS);
        // The form's draft, not the card's kept at the first warning.
        await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "keep_draft" && /person-form/.test(c.args.draft)));
        await page.keyboard.press("Control+l");
        await waitView(page, "view-login");
        await login(page, "hanna");
        await page.locator("#draft-notice").waitFor({ state: "visible" });
        await check(page, lang, "issue10-draft-notice");
      } catch (e) {
        await shot(page, `FAILED-${lang}-issue10`).catch(() => {});
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

describe("issue #10: keyboard only, the warning and the journal", () => {
  test("the journal is revealed, corrected and added to with Tab/Enter; the warning takes the focus, Escape gives it back, Enter on Fortsätt arbeta returns it", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
    const { page } = app;
    const k = keyboard(page);
    try {
      await page.clock.install();
      await openCard(page, ASA, "a");
      await page.focus("#card-heading");
      await k.tabTo("#journal-reveal", (f) => f.desc.startsWith("button#journal-reveal"));
      await k.press("Enter");
      await page.locator("#reveal-dialog").waitFor({ state: "visible" });
      assert.ok(await k.inside("#reveal-dialog"), "the reveal dialog opened without the focus");
      if (!(await page.inputValue("#reveal-purpose"))) await k.press("ArrowDown");
      assert.ok(await page.inputValue("#reveal-purpose"), "no purpose chosen by keyboard");
      await k.tabTo("#reveal-confirm", (f) => f.desc.startsWith("button#reveal-confirm"), 10);
      await k.press("Enter");
      await page.locator("#journal-entries li").first().waitFor();
      let f = await focusState(page);
      assert.ok(f.desc.startsWith("button#journal-hide") && f.visible, `after the reveal the focus is on ${f.desc}`);
      await k.tabTo("Rätta on entry 3", (x) => x.desc.startsWith("button#journal-correct-3"), 10);
      await k.press("Enter");
      f = await focusState(page);
      assert.ok(f.desc.startsWith("textarea#journal-new") && f.visible, `Rätta left the focus on ${f.desc}`);
      await k.typeText("Rättat med tangentbordet.");
      await k.tabTo("#journal-save", (x) => x.desc.startsWith("button#journal-save"), 5);
      await k.press("Enter");
      await page.locator("#journal-status", { hasText: "Anteckning 4 är sparad och rättar anteckning 3." }).waitFor();
      assert.deepEqual((await callsOf(page, "add_note")).at(-1).args, { personRef: ASA, text: "Rättat med tangentbordet.", corrects: 3 });
      await shot(page, "keyboard-issue10-journal");

      // The warning: it takes the focus from the button (the user is not typing), Escape gives it back.
      await page.focus("#journal-save");
      await page.clock.fastForward(WARN_AFTER_MS);
      await idleWarningShown(page);
      f = await focusState(page);
      assert.ok(f.desc.startsWith("button#idle-keep-working") && f.visible, `the warning left the focus on ${f.desc}`);
      await shot(page, "keyboard-issue10-warning");
      await k.press("Escape");
      f = await focusState(page);
      assert.ok(f.desc.startsWith("button#journal-save"), `Escape put the focus on ${f.desc}`);
      assert.ok(await page.locator("#idle-warning").isVisible(), "Escape hid the warning without keeping working");
      // Reached again by keyboard (it comes right before the main content), and kept working with Enter.
      for (let i = 0; i < 80 && !(f = await k.press("Shift+Tab")).desc.startsWith("button#idle-keep-working"); i++);
      assert.ok(f.desc.startsWith("button#idle-keep-working"), `Shift+Tab did not reach the warning: ${k.steps.slice(-5).join(", ")}`);
      await k.press("Enter");
      await page.locator("#idle-warning").waitFor({ state: "hidden" });
      assert.equal((await callsOf(page, "keep_working")).length, 1);
      f = await focusState(page);
      assert.ok(f.desc.startsWith("button#journal-save") && f.visible, `after Fortsätt arbeta the focus is on ${f.desc}`);
    } catch (e) {
      await shot(page, "FAILED-keyboard-issue10").catch(() => {});
      console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
      await app.context.close();
      throw e;
    }
    await close(app);
  });
});

// ---- the vault's purposes in the reveal dialogs ---------------------------------------------------------
describe("the vault's purposes", () => {
  /** A vault that relabelled `kontakt`, made `utredning` inactive and added its own `tillsyn` (strict) and `uppfoljning`. */
  const VAULT_PURPOSES = CONTRACT.PURPOSES.map((p) =>
    p.code === "kontakt" ? { ...p, sv: "Samtal med den enskilde", en: "Talking to the person", active: true } : { ...p, active: p.code !== "utredning" },
  ).concat([
    { code: "tillsyn", sv: "Tillsyn enligt beslut", en: "Supervision by decision", strict: true, active: true },
    { code: "uppfoljning", sv: "Uppföljning av insats", en: "Following up support", strict: false, active: true },
  ]);
  const offered = (page) => page.$$eval("#reveal-purpose option", (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent]));

  test("the field, group, names and journal dialogs offer exactly the vault's active purposes with its labels in sv and en, art. 9 only the strict ones", async () => {
    const app = await openApp({ vaultExists: true, purposes: VAULT_PURPOSES });
    const { page } = app;
    await openCard(page, ASA, "Åsa");
    const active = VAULT_PURPOSES.filter((p) => p.active);
    const strict = active.filter((p) => p.strict);
    assert.ok(CONTRACT.FIELDS.find((x) => x.name === "health").art9 && !CONTRACT.FIELDS.find((x) => x.name === "address").art9);
    for (const lang of ["sv", "en"]) {
      if (lang === "en") await page.click("#lang-switch");
      for (const [field, want] of [["address", active], ["health", strict]]) {
        await page.click(`#person-card [data-field="${field}"] .reveal-button`);
        await page.locator("#reveal-dialog").waitFor({ state: "visible" });
        assert.deepEqual(await offered(page), want.map((p) => [p.code, p[lang]]), `${field} in ${lang}`);
        await page.click("#reveal-cancel");
        await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
      }
      await page.click("#journal-reveal");
      await page.locator("#reveal-dialog").waitFor({ state: "visible" });
      const notesArt9 = CONTRACT.FIELDS.find((x) => x.name === "notes").art9;
      assert.deepEqual(await offered(page), (notesArt9 ? strict : active).map((p) => [p.code, p[lang]]), `the journal in ${lang}`);
      await page.click("#reveal-cancel");
      await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
    }
    // The labels are the vault's: the relabelled default, the own purpose; the inactive one is gone.
    const texts = (await offered(page)).map((x) => x[1]);
    assert.ok(!texts.includes("Investigation") && !texts.includes("Utredning"));
    // A reveal for the vault's own purpose goes through.
    await page.click("#lang-switch");
    await page.click('#person-card [data-field="health"] .reveal-button');
    await page.selectOption("#reveal-purpose", "tillsyn");
    await page.click("#reveal-confirm");
    await page.locator("#reveal-dialog").waitFor({ state: "hidden" });
    assert.equal((await callsOf(page, "reveal_field")).at(-1).args.purpose, "tillsyn");
    assert.equal((await callsOf(page, "reveal_field")).at(-1).error, undefined);
    await close(app);
  });

  test("the names reveal of Mina personer offers the vault's purposes; without the list the contract's", async () => {
    const app = await openApp({ vaultExists: true, purposes: VAULT_PURPOSES });
    const { page } = app;
    await page.evaluate(() => window.__mock.refuseNext("purposes", { code: "VAULT_DAMAGED", message: "the vault is damaged" }));
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#caseload-reveal-names").click();
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    const nameArt9 = CONTRACT.FIELDS.find((x) => x.name === "name").art9;
    const fallback = CONTRACT.PURPOSES.filter((p) => p.strict || !nameArt9);
    assert.deepEqual(await offered(page), fallback.map((p) => [p.code, p.sv]), "the fallback is not the contract's list");
    await page.click("#reveal-cancel");
    await page.click("#lock-button");
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#caseload-reveal-names").click();
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    const want = VAULT_PURPOSES.filter((p) => p.active && (p.strict || !nameArt9));
    await page.waitForFunction((n) => document.querySelectorAll("#reveal-purpose option[value]:not([value=''])").length === n, want.length);
    assert.deepEqual(await offered(page), want.map((p) => [p.code, p.sv]));
    await page.click("#reveal-cancel");
    await close(app);
  });
});

describe("where the user was, kept alone across the idle lock", () => {
  test("a card open without a form goes to keep_draft as {v: 1, card} before the lock and is shown again after the same user logs in; no form is offered", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
    const { page } = app;
    await page.clock.install();
    await openCard(page, ASA, "a");
    await page.clock.fastForward(WARN_AFTER_MS);
    await idleWarningShown(page);
    await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "keep_draft"));
    assert.deepEqual(await keptDrafts(page), [{ v: 1, card: ASA }]);
    await page.clock.fastForward(CONTRACT.LIMITS.IDLE_WARNING_SECONDS * 1000);
    await waitView(page, "view-login", 5000);
    assert.equal((await callsOf(page, "keep_draft")).length, 1, "the same draft went to the core twice");
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "show_person")).at(-1).args, { personRef: ASA });
    assert.ok(await page.locator("#draft-notice").isHidden(), "a form was offered back though none was open");
    assert.ok(!(await page.locator("#person-form").isVisible()));
    await close(app);
  });
});

// ---- contacts one by one in the edit form ---------------------------------------------------------------
describe("contacts one by one in the edit form", () => {
  const STORED = [
    { name: "Kanarie Ett", relation: "syster", phone: "070-111 11 11" },
    { name: "Kanarie Två", relation: "bror", phone: null },
    { name: "Kanarie Tre", relation: null, phone: "070-333 33 33" },
    { name: "Kanarie Fyra", relation: "moster", phone: null },
  ];
  async function withContacts(page, ref, list) {
    await page.evaluate(([r, l]) => {
      window.__mock.persons.find((p) => p.ref === r).record.contacts = l;
    }, [ref, list]);
  }
  const storedNow = (page, ref) => page.evaluate((r) => window.__mock.persons.find((p) => p.ref === r).record.contacts, ref);

  test("Visa nuvarande kontakter lists each contact as its own row; a remove, a change and an add go as contact_edits, untouched rows and the whole list are not sent", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await withContacts(page, ASA, STORED);
    await openCard(page, ASA, "Åsa");
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    assert.equal((await page.locator("#pf-contacts-show").innerText()).trim(), "Visa nuvarande kontakter");
    assert.equal(await page.locator("#pf-contacts > li").count(), 0, "contacts shown before they were asked for");
    await page.click("#pf-contacts-show");
    await page.locator("#pf-contacts > li").nth(3).waitFor();
    assert.deepEqual((await callsOf(page, "reveal_field")).at(-1).args, { personRef: ASA, field: "contacts", purpose: "rattelse" });
    const rows = await page.$$eval("#pf-contacts > li", (lis) =>
      lis.map((li) => [".contact-name", ".contact-relation", ".contact-phone"].map((c) => li.querySelector(c).value)),
    );
    assert.deepEqual(rows, STORED.map((c) => [c.name, c.relation ?? "", c.phone ?? ""]));
    assert.ok(await page.locator("#pf-contacts-show").isHidden());
    assert.equal(await page.locator("#pf-contacts > li").nth(1).locator(".contact-remove").innerText(), "Ta bort");
    // Remove Två, change Tre's phone, add a new one; Ett and Fyra stay untouched.
    await page.locator("#pf-contacts > li").nth(1).locator(".contact-remove").click();
    await page.locator("#pf-contacts > li").nth(1).locator(".contact-phone").fill("070-999 99 99");
    await page.click("#pf-contact-add");
    await page.locator("#pf-contacts > li").nth(3).locator(".contact-name").fill("Kanarie Fem");
    await page.locator("#pf-contacts > li").nth(3).locator(".contact-relation").fill("granne");
    await page.click("#pf-submit");
    await page.locator("#person-form").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "edit_person")).map((c) => c.args), [
      {
        personRef: ASA,
        patch: {
          contact_edits: [
            { op: "replace", index: 2, contact: { name: "Kanarie Tre", relation: null, phone: "070-999 99 99" } },
            { op: "remove", index: 1 },
            { op: "add", contact: { name: "Kanarie Fem", relation: "granne", phone: null } },
          ],
        },
      },
    ]);
    assert.deepEqual(await storedNow(page, ASA), [STORED[0], { ...STORED[2], phone: "070-999 99 99" }, STORED[3], { name: "Kanarie Fem", relation: "granne", phone: null }]);
    await close(app);
  });

  test("without showing the contacts a new one is only added; a refused index is said in words at #pf-contacts-error", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await withContacts(page, ASA, STORED.slice(0, 2));
    await openCard(page, ASA, "Åsa");
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    await page.click("#pf-contact-add");
    await page.locator("#pf-contacts .contact-name").fill("Kanarie Ny");
    await page.evaluate(() =>
      window.__mock.refuseNext("edit_person", { code: "INVALID_INPUT", message: "no contact at index 7", field: "contact_name", rule: "OUT_OF_RANGE" }),
    );
    await page.click("#pf-submit");
    await page.locator("#pf-contacts-error").waitFor({ state: "visible" });
    assert.equal((await page.locator("#pf-contacts-error").innerText()).trim(), say("sv", "error.INVALID_INPUT.OUT_OF_RANGE", { field: CATALOGS.sv["input.contact_name"] }));
    assert.ok(!(await pageHolds(page, "no contact at index")), "the core's English message is in the page");
    await page.click("#pf-submit");
    await page.locator("#person-form").waitFor({ state: "hidden" });
    const sent = (await callsOf(page, "edit_person")).map((c) => c.args.patch);
    assert.deepEqual(sent, [1, 2].map(() => ({ contact_edits: [{ op: "add", contact: { name: "Kanarie Ny", relation: null, phone: null } }] })));
    assert.equal((await callsOf(page, "reveal_field")).length, 0, "the contacts were revealed");
    assert.deepEqual(await storedNow(page, ASA), [...STORED.slice(0, 2), { name: "Kanarie Ny", relation: null, phone: null }]);
    await close(app);
  });

  test("the mock refuses a missing index as OUT_OF_RANGE and both contacts and contact_edits as NOT_ALLOWED, changing nothing", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await withContacts(page, ASA, STORED.slice(0, 1));
    await openCard(page, ASA, "Åsa");
    const tryPatch = (patch) =>
      page.evaluate(([r, p]) => window.__TAURI__.core.invoke("edit_person", { personRef: r, patch: p }).then(() => null, (e) => [e.field, e.rule]), [ASA, patch]);
    assert.deepEqual(await tryPatch({ contact_edits: [{ op: "remove", index: 0 }, { op: "remove", index: 0 }] }), ["contact_name", "OUT_OF_RANGE"]);
    assert.deepEqual(await tryPatch({ contacts: [], contact_edits: [] }), ["contact_name", "NOT_ALLOWED"]);
    assert.deepEqual(await storedNow(page, ASA), STORED.slice(0, 1));
    await close(app);
  });
});

// ---- the admin's purposes editor --------------------------------------------------------------------------
describe("the admin's purposes editor", () => {
  async function openEditor(page, config) {
    await login(page, "admin");
    await waitView(page, "view-admin");
    await page.waitForFunction((n) => document.querySelectorAll("#purposes-rows tr").length === n, CONTRACT.PURPOSES.length);
  }

  test("Spara syften sends the whole list with a relabel, a purpose no longer offered and an own one; defaults have no remove, an own one has", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openEditor(page);
    assert.equal(await page.locator("#purposes-rows button").count(), 0, "a default purpose can be removed");
    await page.fill("#purpose-sv-kontakt", "Samtal med den enskilde");
    await page.uncheck("#purpose-active-utredning");
    await page.fill("#purpose-add-code", "tillsyn");
    await page.fill("#purpose-add-sv", "Tillsyn enligt beslut");
    await page.fill("#purpose-add-en", "Supervision by decision");
    await page.check("#purpose-add-strict");
    await page.click("#purpose-add-submit");
    await page.locator("#purpose-remove-tillsyn").waitFor();
    assert.equal(await focusOn(page, "purpose-sv-tillsyn"), "purpose-sv-tillsyn");
    // The relabel survives adding a row; a second own one is added and removed again.
    assert.equal(await page.inputValue("#purpose-sv-kontakt"), "Samtal med den enskilde");
    await page.fill("#purpose-add-code", "tillfallig");
    await page.fill("#purpose-add-sv", "Tillfällig");
    await page.fill("#purpose-add-en", "Temporary");
    await page.click("#purpose-add-submit");
    await page.click("#purpose-remove-tillfallig");
    assert.equal(await page.locator("#purpose-remove-tillfallig").count(), 0);
    assert.equal((await callsOf(page, "set_purposes")).length, 0, "saved before Spara syften");
    await page.click("#purposes-save");
    await page.locator("#purposes-result", { hasText: "sparade" }).waitFor();
    const want = CONTRACT.PURPOSES.map((p) => ({
      code: p.code, sv: p.code === "kontakt" ? "Samtal med den enskilde" : p.sv, en: p.en, strict: p.strict, active: p.code !== "utredning",
    })).concat([{ code: "tillsyn", sv: "Tillsyn enligt beslut", en: "Supervision by decision", strict: true, active: true }]);
    assert.deepEqual((await callsOf(page, "set_purposes")).map((c) => c.args), [{ purposes: want }]);
    assert.equal((await page.locator("#purposes-result").innerText()).trim(), say("sv", "purposes.saved", { n: want.length, offered: want.length - 1 }));
    assert.deepEqual(await page.evaluate(() => window.__mock.purposes()), want);
    // A case handler is now offered the vault's list.
    await page.click("#lock-button");
    await openCard(page, ASA, "Åsa");
    await page.click('#person-card [data-field="health"] .reveal-button');
    await page.locator("#reveal-dialog").waitFor({ state: "visible" });
    const offered = await page.$$eval("#reveal-purpose option", (os) => os.filter((o) => o.value).map((o) => o.value));
    assert.deepEqual(offered, want.filter((p) => p.active && p.strict).map((p) => p.code));
    await page.click("#reveal-cancel");
    await close(app);
  });

  test("a refused list is said in the rule's words next to the table, in sv and en; a bad own code is said at the add form", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openEditor(page);
    // No active strict purpose left: REQUIRED.
    for (const p of CONTRACT.PURPOSES.filter((x) => x.strict)) await page.uncheck(`#purpose-active-${p.code}`);
    await page.click("#purposes-save");
    await page.locator("#purposes-error").waitFor({ state: "visible" });
    const err = await lastError(page, "set_purposes");
    assert.deepEqual([err?.code, err?.field, err?.rule], ["INVALID_INPUT", "setting_value", "REQUIRED"]);
    assert.equal((await page.locator("#purposes-error").innerText()).trim(), CATALOGS.sv["purposes.err.REQUIRED"]);
    assert.ok(!(await pageHolds(page, err.message)), "the core's English message is in the page");
    await page.click("#lang-switch");
    assert.equal((await page.locator("#purposes-error").innerText()).trim(), CATALOGS.en["purposes.err.REQUIRED"]);
    await page.click("#lang-switch");
    // A label emptied: FORMAT.
    for (const p of CONTRACT.PURPOSES.filter((x) => x.strict)) await page.check(`#purpose-active-${p.code}`);
    await page.fill("#purpose-en-kontakt", "  ");
    await page.click("#purposes-save");
    await page.locator("#purposes-error", { hasText: CATALOGS.sv["purposes.err.FORMAT"] }).waitFor();
    assert.equal((await lastError(page, "set_purposes"))?.rule, "FORMAT");
    // The add form checks the code before anything is added.
    await page.fill("#purpose-add-code", "Fel kod!");
    await page.click("#purpose-add-submit");
    await page.locator("#purpose-add-error", { hasText: CATALOGS.sv["purposes.err.code"] }).waitFor();
    await page.fill("#purpose-add-code", "kontakt");
    await page.click("#purpose-add-submit");
    await page.locator("#purpose-add-error", { hasText: say("sv", "purposes.err.twice", { code: "kontakt" }) }).waitFor();
    assert.equal(await page.locator("#purposes-rows tr").count(), CONTRACT.PURPOSES.length);
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`the purposes editor with a refusal has no serious or critical axe violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      if (lang === "en") await page.click("#lang-switch");
      await openEditor(page);
      await page.fill("#purpose-add-code", "x");
      await page.click("#purpose-add-submit");
      await page.locator("#purpose-add-error").waitFor({ state: "visible" });
      await page.fill("#purpose-sv-kontakt", "");
      await page.click("#purposes-save");
      await page.locator("#purposes-error").waitFor({ state: "visible" });
      await page.locator("#purposes-panel").scrollIntoViewIfNeeded();
      await axe(page, `purposes editor (${lang})`);
      await shot(page, `purposes-editor-${lang}`);
      await close(app);
    });
  }

  test("keyboard only: a label changed, an own purpose added and the list saved with Tab/Enter/Space", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await openEditor(page);
    const k = keyboard(page);
    await page.focus("#settings-save");
    let f = await k.tabTo("the first Swedish label", (x) => x.desc.startsWith(`input#purpose-sv-${CONTRACT.PURPOSES[0].code}`), 10);
    await page.keyboard.press("Control+a");
    await k.typeText("Handläggning pågår");
    await k.press("Tab");
    f = await k.press("Tab");
    assert.ok(f.desc.startsWith(`input#purpose-strict-${CONTRACT.PURPOSES[0].code}`), `Tab went to ${f.desc}`);
    await k.tabTo("#purpose-add-code", (x) => x.desc.startsWith("input#purpose-add-code"), 80);
    await k.typeText("tillsyn");
    await k.press("Tab");
    await k.typeText("Tillsyn");
    await k.press("Tab");
    await k.typeText("Supervision");
    f = await k.press("Tab");
    assert.ok(f.desc.startsWith("input#purpose-add-strict"), `Tab went to ${f.desc}`);
    await k.press("Space");
    await k.press("Tab");
    f = await k.press("Enter");
    assert.ok(f.desc.startsWith("input#purpose-sv-tillsyn"), `after adding the focus is on ${f.desc}`);
    await k.tabTo("#purposes-save", (x) => x.desc.startsWith("button#purposes-save"), 10);
    await k.press("Enter");
    await page.locator("#purposes-result", { hasText: "sparade" }).waitFor();
    const sent = (await callsOf(page, "set_purposes")).at(-1).args.purposes;
    assert.equal(sent[0].sv, "Handläggning pågår");
    assert.deepEqual(sent.at(-1), { code: "tillsyn", sv: "Tillsyn", en: "Supervision", strict: true, active: true });
    await close(app);
  });
});

// ---- issue #11: data-subject requests ---------------------------------------------------------------------
// The worklist "Begäranden från enskilda" (the core's order and week count, overdue in words), the request
// page step by step (identity, the harm assessment a protected person needs, the extract previewed and
// written — a temporary folder and an existing file refused at the path —, the erasure with a typed
// confirmation, the restriction with its ground, closing and extending), the card's rights section
// (consents, objections only where the core allows them, disclosures after a harm assessment), every value
// in words in both catalogs, axe in both languages and a keyboard-only walk through a request.
const SECTIONS = ["confirmation", "values", "purposes", "categories", "recipients", "storage", "rights", "complaint", "source", "automated", "accesses", "withheld"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** hanna logged in, the worklist on show; returns the core's answer to `requests` (asked again). */
async function worklistShown(page) {
  await login(page, "hanna");
  await waitView(page, "view-handler");
  await page.locator("#requests-table tbody tr[data-request-id]").first().waitFor();
  return page.evaluate(() => window.__TAURI__.core.invoke("requests", {}));
}

/** The request page of `requestId` opened from its row in the worklist. */
async function openFromList(page, requestId) {
  await page.click(`#open-request-${requestId}`);
  await page.locator(`#request-page[data-request-id="${requestId}"]`).waitFor({ state: "visible" });
}

/** A new request of `kind` for `ref` from its card's rights section; its page is shown; returns its id. */
async function newRequest(page, ref, query, kind) {
  await openCard(page, ref, query);
  await page.click("#rights-new-request");
  await page.locator("#request-new-dialog").waitFor({ state: "visible" });
  await page.selectOption("#request-new-dialog-kind", kind);
  await page.click("#request-new-dialog-submit");
  await page.locator("#request-new-dialog").waitFor({ state: "detached" });
  await page.locator("#request-page[data-request-id]").waitFor({ state: "visible" });
  return page.getAttribute("#request-page", "data-request-id");
}

async function verifyIdentity(page) {
  await page.selectOption("#request-verify-how", "id_document");
  await page.click("#request-verify-submit");
  await page.locator('#request-step-identity[data-state="done"]').waitFor();
}

/** The text of `css`, trimmed. */
const textOf = async (page, css) => (await page.locator(css).innerText()).trim();

/** A refusal of the core shown next to its input (the answer comes a moment after the click). */
async function refusedAt(page, inputCss, errCss) {
  await page.locator(errCss).filter({ hasText: /\S/ }).waitFor();
  return nextTo(page, inputCss, errCss);
}

/** Runs `fn(page)` on a fresh app; on a failure a screenshot FAILED-issue11-<name>.png. */
async function withApp(name, fn, config = { vaultExists: true }) {
  const app = await openApp(config);
  try {
    await fn(app.page);
  } catch (e) {
    await shot(app.page, `FAILED-issue11-${name}`).catch(() => {});
    await app.context.close();
    throw e;
  }
  await close(app);
}

describe("issue #11: data-subject requests", () => {
  test("the worklist: the week's count in words, the core's order with the overdue first and marked Försenad in words; a row opens the request page", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const answer = await worklistShown(page);
    assert.ok(answer.items.length >= 3 && answer.items[0].overdue, `the mock's seeds: ${JSON.stringify(answer.items)}`);
    assert.deepEqual(
      await page.$$eval("#requests-table tbody tr", (rs) => rs.map((r) => r.dataset.requestId)),
      answer.items.map((i) => i.request_id),
      "the rows are not in the core's order",
    );
    const n = answer.due_this_week;
    assert.equal(await textOf(page, "#requests-week"), say("sv", n === 0 ? "requests.weekNone" : n === 1 ? "requests.week1" : "requests.week", { n }));
    // Overdue: the word and a sign, not colour alone; the others say their days.
    const first = page.locator("#requests-table tbody tr").first();
    assert.equal(await first.getAttribute("data-overdue"), "true");
    assert.match(await first.locator("td.days").innerText(), /Försenad/);
    for (const row of await page.locator('#requests-table tbody tr[data-overdue="false"]').all()) {
      assert.doesNotMatch(await row.innerText(), /Försenad/);
      assert.match(await row.locator("td.days").innerText(), /\d+ dag|Sista dagen i dag/);
    }
    // Type and status in words, never the codes; the person by ref and initials.
    const table = await textOf(page, "#requests-table");
    assert.match(table, /Registerutdrag \(art\. 15\)/);
    assert.match(table, /Identitet kontrollerad/);
    assert.match(table, /Radering \(art\. 17\)/);
    assert.match(table, /Å\. K\. L\./);
    for (const code of ["access", "erasure", "identity_verified", "received", "rectification"]) assert.ok(!table.includes(code), `the worklist shows the code ${code}`);
    assert.ok(!/Kanarie/.test(await page.locator("body").innerText()), "the worklist shows a value");
    // A row opens the request page: the deadline and the days at the top, in words.
    await openFromList(page, answer.items[0].request_id);
    assert.equal(await focusOn(page, "request-heading"), "request-heading");
    assert.match(await textOf(page, "#request-heading"), /Registerutdrag \(art\. 15\)/);
    assert.equal(await textOf(page, "#request-deadline"), say("sv", Math.abs(answer.items[0].days_left) === 1 ? "request.overdueDay" : "request.overdueDays", { due: answer.items[0].due, n: Math.abs(answer.items[0].days_left) }));
    assert.ok(!(await page.locator("#requests").isVisible()), "the worklist stays beside the request page");
    // Back: the list again, the focus on the row.
    await page.click("#request-back");
    await page.locator("#requests").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, `open-request-${answer.items[0].request_id}`), `open-request-${answer.items[0].request_id}`);
    assert.ok(await page.locator("#caseload").isVisible());
    await close(app);
  });

  test("the week's line says none calmly, and counts several, as the core does", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    // Nothing overdue and nothing due this week: the overdue request is answered.
    await page.evaluate(() => {
      const asa = window.__mock.persons.find((p) => p.ref === "P-7K2M-Q9XD-4T1B");
      asa.rights.requests[0].status = "completed";
    });
    let answer = await worklistShown(page);
    assert.equal(answer.due_this_week, 0);
    assert.equal(await textOf(page, "#requests-week"), "Inga begäranden behöver besvaras den här veckan.");
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    // Two overdue ones.
    await page.evaluate(() => {
      for (const ref of ["P-7K2M-Q9XD-4T1B", "P-3HWA-8N5R-K2ZC"]) {
        const r = window.__mock.persons.find((p) => p.ref === ref).rights.requests[0];
        r.status = "received";
        r.due = "2020-01-10";
      }
    });
    answer = await worklistShown(page);
    assert.equal(answer.due_this_week, 2);
    assert.equal(await textOf(page, "#requests-week"), "2 begäranden ska besvaras den här veckan.");
    assert.equal(await page.locator('#requests-table tbody tr[data-overdue="true"]').count(), 2);
    await close(app);
  });

  test("open → verify → HARM_ASSESSMENT_REQUIRED in Swedish → assess → preview (every section, Ingen uppgift) → write: /tmp refused at the path, the path and the reminder, an existing file refused", () => withApp("extract", async (page) => {
    await openCard(page, ASA, "Åsa");
    await page.click("#rights-new-request");
    await page.locator("#request-new-dialog").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "request-new-dialog-kind"), "request-new-dialog-kind");
    const today = await page.inputValue("#request-new-dialog-received");
    assert.match(today, DAY, "the received date is not today's by default");
    assert.equal(await page.inputValue("#request-new-dialog-channel"), "in_person");
    // Nothing chosen: said at the type. A day in the future: the core's refusal at the date, in words.
    await page.click("#request-new-dialog-submit");
    await nextTo(page, "#request-new-dialog-kind", "#request-new-dialog-kind-error");
    assert.equal((await callsOf(page, "open_request")).length, 0);
    await page.selectOption("#request-new-dialog-kind", "access");
    await page.fill("#request-new-dialog-received", "2999-01-04");
    await page.click("#request-new-dialog-submit");
    assert.match(await refusedAt(page, "#request-new-dialog-received", "#request-new-dialog-received-error"), /framtiden/);
    assert.equal((await lastError(page, "open_request"))?.field, "received_on");
    await page.fill("#request-new-dialog-received", today);
    await page.click("#request-new-dialog-submit");
    await page.locator("#request-page[data-request-id]").waitFor({ state: "visible" });
    const id = await page.getAttribute("#request-page", "data-request-id");
    assert.deepEqual((await callsOf(page, "open_request")).at(-1).args, { personRef: ASA, kind: "access", received: today, channel: "in_person" });
    assert.match(await textOf(page, "#request-deadline"), /Ska besvaras senast \d{4}-\d{2}-\d{2} – \d+ dagar kvar\./);
    assert.match(await textOf(page, "#request-who"), new RegExp(`${id} · Å\\. K\\. L\\. \\(${ASA}\\)`));
    // The steps in order; the harm assessment because Åsa's identity is protected, with why.
    assert.deepEqual(await page.$$eval("#request-steps > .request-step", (s) => s.map((x) => x.dataset.step)), ["identity", "harm", "work", "close"]);
    assert.match(await textOf(page, "#request-step-harm-heading"), /^2\. Menprövning/);
    assert.match(await textOf(page, "#request-harm-why"), /skyddade personuppgifter.*men/s);
    assert.equal(await page.getAttribute("#request-step-work", "data-state"), "waiting");

    await verifyIdentity(page);
    assert.deepEqual((await callsOf(page, "verify_request")).at(-1).args, { requestId: id, how: "id_document" });
    assert.match(await textOf(page, "#request-step-identity"), /Id-handling/);
    // Previewing without a harm assessment: the core refuses; said in Swedish, never its message.
    await page.click("#extract-preview-button");
    await page.locator("#extract-options-error").waitFor({ state: "visible" });
    assert.equal(await textOf(page, "#extract-options-error"), say("sv", "extract.err.harm"));
    assert.equal(await page.getAttribute("#extract-options-error", "data-code"), "HARM_ASSESSMENT_REQUIRED");
    const refused = await lastError(page, "preview_extract");
    assert.equal(refused.code, "HARM_ASSESSMENT_REQUIRED");
    assert.ok(!(await pageHolds(page, refused.message)), "the core's English message is shown");

    await page.selectOption("#request-harm-outcome", "no_harm");
    await page.fill("#request-harm-reason", "Utdraget röjer ingen skyddad adress");
    await page.click("#request-harm-submit");
    await page.locator('#request-step-harm[data-state="done"]').waitFor();
    assert.deepEqual((await callsOf(page, "assess_harm")).at(-1).args, { personRef: ASA, requestId: id, outcome: "no_harm", reason: "Utdraget röjer ingen skyddad adress" });
    assert.match(await textOf(page, "#request-harm-list"), /Inget men – uppgifterna kan lämnas ut/);

    await page.click("#extract-preview-button");
    await page.locator("#extract-preview").waitFor({ state: "visible" });
    assert.deepEqual(await page.$$eval("#extract-doc section", (s) => s.map((x) => x.dataset.section)), SECTIONS);
    const empty = await page.$$eval('#extract-doc section[data-empty="true"]', (s) => s.map((x) => [x.dataset.section, x.querySelector(".extract-nothing")?.textContent]));
    assert.ok(empty.length >= 1, "no empty section to say Ingen uppgift");
    for (const [key, words] of empty) assert.equal(words, "Ingen uppgift", `the empty section ${key}`);
    assert.match(await textOf(page, "#extract-preview-warning"), /omaskerade.*loggad/s);
    assert.match(await textOf(page, "#extract-preview-hint"), /omaskerade.*loggas/s);
    // Unmasked, as text, guarded like every revealed value; the core's headings.
    assert.ok((await page.locator("#extract-doc .field-value.revealed", { hasText: "Kanariegatan 7" }).count()) === 1);
    assert.match(await textOf(page, '#extract-doc section[data-section="values"] h5'), /Uppgifter vi har om dig/);
    const previewCall = (await callsOf(page, "preview_extract")).at(-1).args;
    assert.deepEqual(previewCall, { requestId: id, options: { lang: "sv", staff_names_reason: null, third_parties_reason: null, withheld: [] } });
    const logged = await logOf(page, "extract_produced");
    assert.ok(logged.length >= 1 && logged.every((e) => e.flagged && e.person_ref === ASA));

    // A temporary folder: refused next to the path, in Swedish.
    await page.fill("#extract-write-path", "/tmp/registerutdrag.pdf");
    await page.click("#extract-write-submit");
    assert.match(await refusedAt(page, "#extract-write-path", "#extract-write-path-error"), /tillfällig mapp/);
    const tmp = await lastError(page, "write_extract");
    assert.deepEqual([tmp.field, tmp.rule], ["output_file", "NOT_ALLOWED"]);
    assert.ok(!(await pageHolds(page, tmp.message)));
    assert.ok(!(await page.locator("#extract-written-where").count()), "a refused write says it was written");
    const path = "/home/hanna/Dokument/registerutdrag-asa.pdf";
    await page.fill("#extract-write-path", path);
    await page.click("#extract-write-submit");
    await page.locator("#extract-written-where").waitFor();
    const where = say("sv", "extract.written", { path, bytes: "BYTES" }).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace("BYTES", "\\d+");
    assert.match(await textOf(page, "#extract-written-where"), new RegExp(`^${where}$`));
    assert.equal(await page.getAttribute("#extract-written-where", "data-format"), "pdf");
    assert.match(await textOf(page, "#extract-written-reminder"), /utanför valvet.*säkert sätt.*radera/s);
    assert.equal(await page.getAttribute("#extract-written", "role"), "status");
    assert.deepEqual((await callsOf(page, "write_extract")).at(-1).args, { requestId: id, options: previewCall.options, format: "pdf", path });
    // The same file again: it is there already.
    await page.fill("#extract-write-path", path);
    await page.click("#extract-write-submit");
    assert.match(await refusedAt(page, "#extract-write-path", "#extract-write-path-error"), /Det finns redan en fil/);
    // Changing an option takes the preview away until the next one.
    await page.check("#extract-options-staff");
    await page.locator("#extract-preview").waitFor({ state: "hidden" });
    assert.ok(!(await page.locator("#extract-write").isVisible()));
    await page.fill("#extract-options-staffReason", "Personen vill veta vem som läst");
    await page.click("#extract-preview-button");
    await page.locator("#extract-preview").waitFor({ state: "visible" });
    assert.equal((await callsOf(page, "preview_extract")).at(-1).args.options.staff_names_reason, "Personen vill veta vem som läst");
  }));

  test("an erasure asks for the person's ref typed; a whole erasure removes the card (show_person: PERSON_NOT_FOUND); a duty to keep is reported field by field", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const answer = await worklistShown(page);
    const anders = answer.items.find((i) => i.person_ref === ANDERS && i.kind === "erasure");
    await openFromList(page, anders.request_id);
    assert.equal(await page.locator("#request-erase").count(), 0, "erasure is offered before the identity is verified");
    await verifyIdentity(page);
    await page.click("#request-erase");
    await page.locator("#erase-dialog").waitFor({ state: "visible" });
    assert.match(await textOf(page, "#erase-dialog-heading"), new RegExp(ANDERS));
    assert.match(await textOf(page, "#erase-dialog-confirm-hint"), new RegExp(`Skriv ${ANDERS}`));
    assert.equal(await page.inputValue("#erase-dialog-reason"), "request");
    await page.click("#erase-dialog-submit");
    await nextTo(page, "#erase-dialog-confirm", "#erase-dialog-confirm-error");
    await page.fill("#erase-dialog-confirm", "P-3HWA-8N5R-K2ZD");
    await page.click("#erase-dialog-submit");
    assert.match(await nextTo(page, "#erase-dialog-confirm", "#erase-dialog-confirm-error"), /stämmer inte/);
    assert.equal((await callsOf(page, "erase_person")).length, 0, "erased without the typed confirmation");
    await page.fill("#erase-dialog-confirm", ANDERS.toLowerCase());
    await page.click("#erase-dialog-submit");
    await page.locator("#request-erase-report").waitFor();
    assert.deepEqual((await callsOf(page, "erase_person")).at(-1).args, { personRef: ANDERS, requestId: anders.request_id, reason: "request" });
    assert.equal(await page.getAttribute("#request-erase-report", "data-whole"), "true");
    assert.match(await textOf(page, "#request-erase-report"), /Alla personens uppgifter är raderade/);
    // Focus moves to the report's heading once it is drawn (wait for it: a loaded machine draws later).
    await page.waitForFunction(() => document.activeElement?.id === "request-erase-report-heading", null, { timeout: 5000 }).catch(() => {});
    assert.equal(await focusOn(page, "request-erase-report-heading"), "request-erase-report-heading");
    const gone = await page.evaluate((ref) => window.__TAURI__.core.invoke("show_person", { personRef: ref }).then(() => "shown", (e) => e.code), ANDERS);
    assert.equal(gone, "PERSON_NOT_FOUND");
    assert.ok((await logOf(page, "person_erased")).every((e) => e.flagged));
    await page.click("#request-back");
    await page.locator("#requests").waitFor({ state: "visible" });
    assert.equal(await page.locator(`#requests-table tr[data-person-ref="${ANDERS}"]`).count(), 0);
    await page.locator(`#caseload-table tr[data-person-ref="${ANDERS}"]`).waitFor({ state: "detached" });

    // Åsa has a retention date ahead: the fields under the duty are kept, and said so.
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    await newRequest(page, ASA, "Åsa", "erasure");
    await verifyIdentity(page);
    await page.click("#request-erase");
    await page.fill("#erase-dialog-confirm", ASA);
    await page.click("#erase-dialog-submit");
    await page.locator("#request-erase-report").waitFor();
    const report = await textOf(page, "#request-erase-report");
    assert.equal(await page.getAttribute("#request-erase-report", "data-whole"), "false");
    assert.match(report, /till och med 2031-12-31/);
    assert.match(report, /Sparas enligt lag:[\s\S]*Namn[\s\S]*Raderade:[\s\S]*Adress/);
    await page.locator('#request-meta [data-status="partially_refused"]').waitFor();
    assert.match(await textOf(page, "#request-deadline"), /avslutad: Delvis avslagen/);
    await page.click("#request-back");
    await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
    await close(app);
  });

  test("a restriction request restricts with the ground, who asked and until when; lifting asks that the person was told, and the day", () => withApp("restriction", async (page) => {
    const id = await newRequest(page, ASA, "Åsa", "restriction");
    await verifyIdentity(page);
    await page.click("#request-restrict");
    await page.locator("#restrict-dialog").waitFor({ state: "visible" });
    assert.ok(await page.locator("#restrict-ground").isVisible());
    assert.ok(!(await page.locator("#restrict-told").isVisible()), "the told checkbox is asked when restricting");
    assert.equal(await page.inputValue("#restrict-ground"), "a18_1_a");
    assert.match(await page.locator("#restrict-ground").innerText(), /Personen bestrider att uppgifterna är riktiga/);
    await page.selectOption("#restrict-ground", "a18_1_c");
    await page.fill("#restrict-requester", "Ombud");
    await page.fill("#restrict-until", "31 januari");
    await page.fill("#restrict-reason", "Personen behöver uppgifterna i en tvist");
    await page.click("#restrict-confirm");
    await nextTo(page, "#restrict-until", "#restrict-until-error");
    await page.fill("#restrict-until", "2027-01-31");
    await page.click("#restrict-confirm");
    await page.locator("#restrict-dialog").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "restrict")).at(-1).args, { personRef: ASA, reason: "Personen behöver uppgifterna i en tvist", ground: "a18_1_c", requester: "Ombud", until: "2027-01-31" });
    await page.locator("#request-restricted").waitFor();
    assert.match(await textOf(page, "#request-restricted"), /till: 2027-01-31.*rättsliga anspråk/s);
    assert.ok(await page.locator(`#request-page[data-request-id="${id}"]`).isVisible(), "restricting left the request page");

    // Back on the card: restricted; lifting needs the checkbox and a day, not in the future.
    await page.click("#request-back");
    await page.locator("#restricted-notice").waitFor({ state: "visible" });
    await page.click("#lift-restriction-button");
    await page.locator("#restrict-dialog").waitFor({ state: "visible" });
    assert.ok(!(await page.locator("#restrict-ground").isVisible()));
    const told = await page.inputValue("#restrict-told-on");
    assert.match(told, DAY);
    await page.fill("#restrict-reason", "Tvisten är avgjord; underrättad på plats");
    await page.click("#restrict-confirm");
    assert.match(await nextTo(page, "#restrict-told", "#restrict-told-error"), /underrättats/);
    await page.check("#restrict-told");
    await page.fill("#restrict-told-on", "");
    await page.click("#restrict-confirm");
    await nextTo(page, "#restrict-told-on", "#restrict-told-on-error");
    assert.equal((await callsOf(page, "lift_restriction")).length, 0, "lifted without the day told");
    await page.fill("#restrict-told-on", "2999-01-04");
    await page.click("#restrict-confirm");
    await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "lift_restriction" && c.error));
    await refusedAt(page, "#restrict-told-on", "#restrict-told-on-error");
    assert.deepEqual([(await lastError(page, "lift_restriction")).field, (await lastError(page, "lift_restriction")).rule], ["told_on", "OUT_OF_RANGE"]);
    await page.fill("#restrict-told-on", told);
    await page.click("#restrict-confirm");
    await page.locator("#restrict-dialog").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "lift_restriction")).at(-1).args, { personRef: ASA, reason: "Tvisten är avgjord; underrättad på plats", personToldOn: told });
    await page.locator("#restricted-notice").waitFor({ state: "hidden" });
    // The register on the card (shown again back from the request page, read again after the lift) says both.
    await page.locator('#rights-restrictions li[data-lifted="true"]').waitFor();
    assert.match(await textOf(page, "#rights-restrictions"), new RegExp(`rättsliga anspråk.*Ombud.*Hävd.*underrättades ${told}`, "s"));
  }));

  test("closing: a refusal needs a ground and a text, an answer neither; extending only while the first month runs", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const answer = await worklistShown(page);
    // The overdue request: too late to extend, said in words.
    await openFromList(page, answer.items[0].request_id);
    assert.equal(await page.locator("#request-extend").count(), 0, "an overdue request offers an extension");
    assert.match(await textOf(page, "#request-extend-late"), /första månaden/);
    await page.click("#request-back");
    // Åsa's rectification: refused as manifestly unfounded.
    const rect = answer.items.find((i) => i.person_ref === ASA && i.kind === "rectification");
    await openFromList(page, rect.request_id);
    assert.ok(!(await page.locator("#request-close-ground").isVisible()), "a ground is asked before a refusal is chosen");
    await page.selectOption("#request-close-outcome", "refused");
    await page.locator("#request-close-ground").waitFor({ state: "visible" });
    await page.click("#request-close-submit");
    await nextTo(page, "#request-close-ground", "#request-close-ground-error");
    assert.ok(await page.locator("#request-close-text-error").isVisible());
    assert.equal((await callsOf(page, "close_request")).length, 0);
    await page.selectOption("#request-close-ground", "art12_5");
    await page.fill("#request-close-text", "Samma begäran har besvarats tre gånger i år");
    await page.click("#request-close-submit");
    await page.locator('#request-step-close[data-state="done"]').waitFor();
    assert.deepEqual((await callsOf(page, "close_request")).at(-1).args, { requestId: rect.request_id, outcome: "refused", ground: "art12_5", text: "Samma begäran har besvarats tre gånger i år" });
    assert.match(await textOf(page, "#request-meta"), /Uppenbart ogrundad eller orimlig \(art\. 12\.5\)\. Samma begäran/);
    assert.match(await textOf(page, "#request-history"), /Avslagen \(hanna\)/);
    await page.click("#request-back");
    await page.locator(`#requests-table tr[data-request-id="${rect.request_id}"]`).waitFor({ state: "detached", timeout: 5000 }).catch(() => {});
    assert.equal(await page.locator(`#requests-table tr[data-request-id="${rect.request_id}"]`).count(), 0, "a closed request stays on the worklist");

    // A new one: extended once with a reason and the day told; the new due date is the core's.
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    const id = await newRequest(page, ASA, "Åsa", "portability");
    assert.equal(await page.locator("#request-extend").count(), 0, "extending is offered before the identity is verified");
    await verifyIdentity(page);
    const dueBefore = await page.locator("#request-meta dd").nth(3).innerText();
    await page.click("#request-extend");
    await page.locator("#extend-dialog").waitFor({ state: "visible" });
    assert.match(await page.inputValue("#extend-dialog-toldOn"), DAY);
    await page.fill("#extend-dialog-reason", "Begäran gäller många års uppgifter");
    await page.click("#extend-dialog-submit");
    await page.locator("#request-extended").waitFor();
    const call = (await callsOf(page, "extend_request")).at(-1).args;
    assert.deepEqual(Object.keys(call).sort(), ["reason", "requestId", "toldOn"]);
    assert.equal(call.requestId, id);
    const dueAfter = await page.locator("#request-meta dd").nth(3).innerText();
    assert.ok(dueAfter > dueBefore, `the due date did not move: ${dueBefore} → ${dueAfter}`);
    assert.equal(await page.locator("#request-extend").count(), 0, "a second extension is offered");
    // An answer sends neither a ground nor a text.
    await page.selectOption("#request-close-outcome", "completed");
    await page.click("#request-close-submit");
    await page.locator('#request-step-close[data-state="done"]').waitFor();
    assert.deepEqual((await callsOf(page, "close_request")).at(-1).args, { requestId: id, outcome: "completed", ground: null, text: null });
    await close(app);
  });

  test("the card's rights: consents withdrawn, objections only where the core allows them, a disclosure of a protected person after a harm assessment, recipients told", () => withApp("card-rights", async (page) => {
    await openCard(page, ASA, "Åsa");
    assert.ok(await page.locator("#rights").isVisible());
    assert.equal((await callsOf(page, "person_rights")).length, 0, "the rights are read before they are asked for");
    await page.click("#rights-show");
    await page.locator("#rights-body").waitFor({ state: "visible" });
    assert.match(await textOf(page, "#rights-protected"), /menprövning/);
    assert.match(await textOf(page, "#rights-basis"), /kan invända/);
    assert.match(await textOf(page, "#rights-requests"), /Registerutdrag \(art\. 15\)/);
    assert.match(await textOf(page, "#rights-consents"), /Kontakt med den enskilde: givet 2024-03-01 \(Skriftligt\)/);
    // Withdrawing the consent.
    await page.click("#rights-withdraw-0");
    await page.locator("#consent-withdraw-dialog").waitFor({ state: "visible" });
    assert.match(await textOf(page, "#consent-withdraw-dialog-heading"), /Kontakt med den enskilde/);
    await page.selectOption("#consent-withdraw-dialog-how", "oral");
    await page.click("#consent-withdraw-dialog-submit");
    await page.locator('#rights-consents li[data-withdrawn="true"]').waitFor();
    assert.deepEqual((await callsOf(page, "withdraw_consent")).at(-1).args, { personRef: ASA, purpose: "kontakt", how: "oral" });
    assert.match(await textOf(page, "#rights-consents"), /Återkallat .* \(Muntligt\)/);
    // An objection, then compelling grounds.
    await page.click("#rights-objection-add");
    await page.locator("#objection-dialog").waitFor({ state: "visible" });
    await page.selectOption("#objection-dialog-purpose", "samverkan");
    await page.fill("#objection-dialog-reason", "Vill inte delta i uppföljningen");
    await page.click("#objection-dialog-submit");
    await page.locator('#rights-objections li[data-overridden="false"]').waitFor();
    assert.equal((await callsOf(page, "record_objection")).at(-1).args.reason, "Vill inte delta i uppföljningen");
    await page.click("#rights-override-0");
    await page.locator("#override-dialog").waitFor({ state: "visible" });
    await page.fill("#override-dialog-grounds", "Beslut om skydd för barnet kräver fortsatt uppföljning");
    await page.click("#override-dialog-submit");
    await page.locator('#rights-objections li[data-overridden="true"]').waitFor();
    // A disclosure: refused until a harm assessment for disclosures, said in words in the dialog.
    await page.click("#rights-disclosure-add");
    await page.locator("#disclosure-dialog").waitFor({ state: "visible" });
    await page.fill("#disclosure-dialog-recipient", "Skatteverket");
    await page.fill("#disclosure-dialog-legalGround", "Uppgiftsskyldighet enligt lag");
    await page.click("#disclosure-dialog-submit");
    await nextTo(page, "#disclosure-dialog-categories-0", "#disclosure-dialog-categories-error");
    await page.check("#disclosure-dialog-categories-0");
    await page.click("#disclosure-dialog-submit");
    await page.locator("#disclosure-dialog-error").waitFor({ state: "visible" });
    assert.equal(await textOf(page, "#disclosure-dialog-error"), say("sv", "rights.err.harmForDisclosure"));
    await page.click("#disclosure-dialog-cancel");
    await page.click("#rights-disclosure-harm");
    await page.locator("#disclosure-harm-dialog").waitFor({ state: "visible" });
    await page.selectOption("#disclosure-harm-dialog-outcome", "partial");
    await page.fill("#disclosure-harm-dialog-reason", "Adressen lämnas inte ut, övrigt kan lämnas");
    await page.click("#disclosure-harm-dialog-submit");
    await page.locator("#disclosure-harm-dialog").waitFor({ state: "detached" });
    assert.deepEqual((await callsOf(page, "assess_harm")).at(-1).args, { personRef: ASA, requestId: null, outcome: "partial", reason: "Adressen lämnas inte ut, övrigt kan lämnas" });
    await page.click("#rights-disclosure-add");
    await page.fill("#disclosure-dialog-recipient", "Skatteverket");
    await page.fill("#disclosure-dialog-legalGround", "Uppgiftsskyldighet enligt lag");
    await page.check("#disclosure-dialog-categories-0");
    await page.click("#disclosure-dialog-submit");
    await page.locator("#rights-disclosures li[data-disclosure]").waitFor();
    const disclosure = (await callsOf(page, "record_disclosure")).at(-1).args;
    assert.deepEqual({ ...disclosure, date: "" }, { personRef: ASA, recipient: "Skatteverket", date: "", legalGround: "Uppgiftsskyldighet enligt lag", categories: ["name"] });
    assert.match(disclosure.date, DAY);
    // Art. 19: the recipient told.
    await page.click("#rights-notify");
    await page.locator("#notify-dialog").waitFor({ state: "visible" });
    await page.check("#notify-dialog-recipients-0");
    await page.click("#notify-dialog-submit");
    await page.locator("#rights-notifications li").first().waitFor();
    assert.deepEqual((await callsOf(page, "notify_recipients")).at(-1).args, { personRef: ASA, about: "rectification", recipients: ["Skatteverket"] });
    assert.equal(await focusOn(page, "rights-notify"), "rights-notify", "the focus did not come back to the button");
    // Anders: legal obligation, so no objection is offered.
    await page.click("#card-back");
    await page.click(`#open-${ANDERS}`);
    await page.locator(`#person-card[data-person-ref="${ANDERS}"]`).waitFor({ state: "visible" });
    await page.locator("#rights-body").waitFor({ state: "hidden" });
    await page.click("#rights-show");
    await page.locator("#rights-objection-not-offered").waitFor();
    assert.equal(await page.locator("#rights-objection-add").count(), 0);
    assert.match(await textOf(page, "#rights-objection-not-offered"), /Rättslig förpliktelse/);
  }));

  test("every value of the rights lists has its words in both catalogs; the request kinds are the core's order", async () => {
    const app = await openApp({ vaultExists: true });
    const lists = await app.page.evaluate(async () => (await import("/views/rights-names.js")).NAMED_LISTS);
    await close(app);
    assert.deepEqual(lists.kind, ["access", "rectification", "erasure", "restriction", "objection", "consent_withdrawal", "portability"]);
    const missing = [];
    for (const lang of ["sv", "en"]) {
      for (const [group, values] of Object.entries(lists)) {
        for (const v of values) if (CATALOGS[lang][`rights.${group}.${v}`] === undefined) missing.push(`${lang}: rights.${group}.${v}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

for (const lang of ["sv", "en"]) {
  describe(`issue #11: axe-core on the worklist, the request page and its dialogs (${lang})`, () => {
    test(`the worklist, the request page with a refusal, the preview and the written file, the dialogs and the card's rights have no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      try {
        await setLang(page, lang);
        const answer = await worklistShown(page);
        await axe(page, `worklist (${lang})`);
        await shot(page, `${lang}-issue11-worklist`);
        await openFromList(page, answer.items[0].request_id);
        await page.click("#extract-preview-button");
        await page.locator("#extract-options-error").waitFor({ state: "visible" });
        await axe(page, `request page with a refusal (${lang})`);
        await page.selectOption("#request-harm-outcome", "no_harm");
        await page.fill("#request-harm-reason", "Utdraget röjer ingen skyddad adress");
        await page.click("#request-harm-submit");
        await page.locator('#request-step-harm[data-state="done"]').waitFor();
        await page.click("#extract-withheld-add");
        await page.click("#extract-preview-button");
        await page.locator("#extract-withheld-1-field-error").waitFor({ state: "visible" });
        await page.click("#extract-withheld-1-remove");
        await page.click("#extract-preview-button");
        await page.locator("#extract-preview").waitFor({ state: "visible" });
        await page.fill("#extract-write-path", "/tmp/x.pdf");
        await page.click("#extract-write-submit");
        await page.locator("#extract-write-path-error").waitFor({ state: "visible" });
        await axe(page, `preview with a refused path (${lang})`);
        await page.fill("#extract-write-path", "/home/hanna/utdrag.json");
        await page.selectOption("#extract-write-format", "json");
        await page.click("#extract-write-submit");
        await page.locator("#extract-written-where").waitFor();
        await axe(page, `written extract (${lang})`);
        await shot(page, `${lang}-issue11-request-page`);
        await page.click("#request-back");
        // The erasure dialog with a wrong confirmation.
        const anders = answer.items.find((i) => i.kind === "erasure");
        await openFromList(page, anders.request_id);
        await verifyIdentity(page);
        await page.click("#request-erase");
        await page.fill("#erase-dialog-confirm", "fel");
        await page.click("#erase-dialog-submit");
        await page.locator("#erase-dialog-confirm-error").waitFor({ state: "visible" });
        await axe(page, `erase dialog (${lang})`);
        await shot(page, `${lang}-issue11-erase-dialog`);
        await page.keyboard.press("Escape");
        await page.locator("#erase-dialog").waitFor({ state: "detached" });
        await page.click("#request-extend");
        await page.locator("#extend-dialog").waitFor({ state: "visible" });
        await axe(page, `extend dialog (${lang})`);
        await page.keyboard.press("Escape");
        await page.click("#request-back");
        // The card's rights, the new-request and disclosure dialogs, the restrict dialog with its order.
        await page.click(`#open-${ASA}`);
        await page.locator(`#person-card[data-person-ref="${ASA}"]`).waitFor({ state: "visible" });
        await page.click("#rights-show");
        await page.locator("#rights-body").waitFor({ state: "visible" });
        await axe(page, `card's rights (${lang})`);
        await shot(page, `${lang}-issue11-card-rights`);
        await page.click("#rights-new-request");
        await page.locator("#request-new-dialog").waitFor({ state: "visible" });
        await page.click("#request-new-dialog-submit");
        await page.locator("#request-new-dialog-kind-error").waitFor({ state: "visible" });
        await axe(page, `new request dialog (${lang})`);
        await page.keyboard.press("Escape");
        await page.click("#rights-disclosure-add");
        await page.locator("#disclosure-dialog").waitFor({ state: "visible" });
        await page.click("#disclosure-dialog-submit");
        await page.locator("#disclosure-dialog-recipient-error").waitFor({ state: "visible" });
        await axe(page, `disclosure dialog (${lang})`);
        await page.keyboard.press("Escape");
        await page.click("#restrict-button");
        await page.locator("#restrict-dialog").waitFor({ state: "visible" });
        await axe(page, `restrict dialog with its order (${lang})`);
      } catch (e) {
        await shot(page, `FAILED-${lang}-issue11-axe`).catch(() => {});
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  });
}

describe("issue #11: keyboard only through a request page", () => {
  test("from the worklist: the harm assessment, the preview, the file written and the request closed with Tab/Enter/arrows, focus visible at every step", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const k = keyboard(page);
    try {
      const answer = await worklistShown(page);
      const id = answer.items[0].request_id;
      await page.focus("#requests-heading");
      await k.tabTo("the overdue row", (f) => f.desc.startsWith(`button#open-request-${id}`), 10);
      await k.press("Enter");
      await page.locator(`#request-page[data-request-id="${id}"]`).waitFor({ state: "visible" });
      let f = await focusState(page);
      assert.ok(f.desc.startsWith("h2#request-heading") && f.visible, `the page opened with focus on ${f.desc}`);
      // 2. Menprövning: an outcome by the arrow keys, the reasons typed, saved by Enter.
      await k.tabTo("#request-harm-outcome", (x) => x.desc.startsWith("select#request-harm-outcome"), 20);
      await k.press("ArrowDown");
      assert.equal(await page.inputValue("#request-harm-outcome"), "no_harm");
      await k.press("Tab");
      await k.typeText("Utdraget röjer ingen skyddad adress");
      await k.tabTo("#request-harm-submit", (x) => x.desc.startsWith("button#request-harm-submit"), 5);
      await k.press("Enter");
      await page.locator('#request-step-harm[data-state="done"]').waitFor();
      f = await focusState(page);
      assert.ok(!f.none && f.visible, "focus lost after the harm assessment");
      // 3. The preview, then the file.
      await k.tabTo("#extract-preview-button", (x) => x.desc.startsWith("button#extract-preview-button"), 20);
      await k.press("Enter");
      await page.locator("#extract-preview").waitFor({ state: "visible" });
      f = await focusState(page);
      assert.ok(f.desc.startsWith("h4#extract-preview-heading") && f.visible, `after the preview the focus is on ${f.desc}`);
      await k.tabTo("#extract-write-path", (x) => x.desc.startsWith("input#extract-write-path"), 10);
      await k.typeText("/tmp/utdrag.pdf");
      await k.press("Enter");
      await page.locator("#extract-write-path-error").waitFor({ state: "visible" });
      f = await focusState(page);
      assert.ok(f.desc.startsWith("input#extract-write-path"), `after the refusal the focus is on ${f.desc}`);
      await page.keyboard.press("Control+a");
      await k.typeText("/home/hanna/Dokument/utdrag.pdf");
      await k.press("Enter");
      await page.locator("#extract-written-where").waitFor();
      await shot(page, "keyboard-issue11-written");
      // 4. Avsluta: completed, by the arrow keys and Enter.
      await k.tabTo("#request-close-outcome", (x) => x.desc.startsWith("select#request-close-outcome"), 10);
      await k.press("ArrowDown");
      assert.equal(await page.inputValue("#request-close-outcome"), "completed");
      await k.tabTo("#request-close-submit", (x) => x.desc.startsWith("button#request-close-submit"), 5);
      await k.press("Enter");
      await page.locator('#request-step-close[data-state="done"]').waitFor();
      f = await focusState(page);
      assert.ok(f.desc.startsWith("h2#request-heading") && f.visible, `after closing the focus is on ${f.desc}`);
      // Back to the list by Shift+Tab and Enter: the request is no longer on it.
      f = await k.press("Shift+Tab");
      assert.ok(f.desc.startsWith("button#request-back"), `before the heading: ${f.desc}`);
      await k.press("Enter");
      await page.locator("#requests").waitFor({ state: "visible" });
      f = await focusState(page);
      assert.ok(!f.none && f.visible, "focus lost back on the list");
      assert.equal(await page.locator(`#requests-table tr[data-request-id="${id}"]`).count(), 0);
      assert.deepEqual((await callsOf(page, "close_request")).at(-1).args, { requestId: id, outcome: "completed", ground: null, text: null });
      console.log(`  keyboard walk through a request: ${k.steps.length} steps, focus visible at every one`);
    } catch (e) {
      await shot(page, "FAILED-keyboard-issue11").catch(() => {});
      console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
      await app.context.close();
      throw e;
    }
    await close(app);
  });
});

// ---- the loggkontroll: the log's flags, a review, the worklist, the sample, the report, the bundle ----------
// The granskare's view over review_log, explain_log_entry, record_review, log_tasks, draw_sample,
// preview_log_report, write_log_report, export_log_bundle and import_log_bundles (bundles of several
// workstations in one view) (src-tauri/src/commands/log.rs).

/** An instant in Swedish time: {date: YYYY-MM-DD, time: HH:MM:SS, weekday: 1 (Monday) … 7}. */
function inStockholm(iso) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short", hourCycle: "h23" })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}`, weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday) + 1 };
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LOG_FILTER_KEYS = ["person_ref", "actor", "action", "since", "until", "flagged_only", "term_hash", "flag", "before", "limit"];

/** The last filter the UI sent to review_log. */
async function lastFilter(page) {
  return (await callsOf(page, "review_log")).at(-1).args.filter;
}

/** The seqs of the log table's rows, in order. */
function shownSeqs(page) {
  return page.$$eval("#log-table tbody tr[data-seq]", (rs) => rs.map((r) => Number(r.dataset.seq)));
}

/** "Visa äldre händelser" pressed with Enter; waits for the page (a new review_log call) to be added. */
async function showOlder(page) {
  const calls = (await callsOf(page, "review_log")).length;
  const rows = (await shownSeqs(page)).length;
  await page.focus("#log-older");
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    ([n, r]) =>
      window.__mock.calls.filter((c) => c.cmd === "review_log").length > n &&
      !document.querySelector("#log-older").hasAttribute("aria-disabled") &&
      document.querySelectorAll("#log-table tbody tr[data-seq]").length > r,
    [calls, rows],
  );
}

/** Applies the log filter and waits for the answer (a new review_log call). */
async function applyFilter(page) {
  const before = (await callsOf(page, "review_log")).length;
  await page.click("#log-filter-apply");
  await page.waitForFunction((n) => window.__mock.calls.filter((c) => c.cmd === "review_log").length > n && !document.querySelector("#log-filter-apply").hasAttribute("aria-disabled"), before);
}

describe("the loggkontroll", () => {
  for (const lang of ["sv", "en"]) {
    test(`every flag is a tag in words with the core's explanation next to it; a broken chain comes first and stands out (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, logBrokenAt: 4 });
      const { page } = app;
      await setLang(page, lang);
      await reviewerShown(page);
      const C = CATALOGS[lang];
      // The broken chain: first, marked, and said above the list.
      const first = page.locator("#log-table tbody tr").first();
      assert.equal(await first.getAttribute("data-seq"), "4");
      assert.match(await first.getAttribute("class"), /chain-broken/);
      assert.equal((await first.locator('.tag[data-flag="CHAIN"]').innerText()).replace("⚠", "").trim(), C["flag.CHAIN"]);
      assert.equal((await page.locator("#log-chain-alert").innerText()).trim(), say(lang, "reviewer.chainBroken", { seq: 4 }));
      // Entry 8 (the emergency access): its flags in the core's order, words only, each explained.
      const flags = await page.$$eval('#log-table tr[data-seq="8"] .flag-list li', (lis) => lis.map((li) => [li.dataset.flag, li.querySelector(".tag").textContent.trim(), li.querySelector(".flag-why").textContent.trim()]));
      assert.deepEqual(flags.map((f) => f[0]), ["BREAK_GLASS", "OFF_HOURS", "UNASSIGNED_FIRST", "FINGERADE"]);
      for (const [code, label, why] of flags) {
        assert.equal(label, C[`flag.${code}`], `the tag of ${code}`);
        assert.notEqual(label, code, `${code} is shown as a code`);
        assert.ok(why.length > 20, `${code} has no explanation next to it`);
      }
      assert.match(flags[0][2], lang === "sv" ? /^Nödåtkomst till en person som inte är tilldelad användaren\. Ska granskas inom 7 dagar\.$/ : /^Emergency access to a person not assigned to the user\. Must be reviewed within 7 days\.$/);
      // Every tag in the list is in words.
      const codes = new Set(CONTRACT.FLAG_CODES);
      assert.ok(codes.size >= 12, "the contract's FLAG_CODES were not read");
      const tags = await page.$$eval("#log-table .tag", (ts) => ts.map((x) => x.textContent.replace("⚠", "").trim()));
      assert.ok(tags.length > 5 && tags.every((x) => !codes.has(x)), `a tag says a code: ${JSON.stringify(tags)}`);
      // The flag filter offers the flags in words, the core's order, "all" first.
      const options = await page.$$eval("#log-filter-flag option", (os) => os.map((o) => [o.value, o.textContent]));
      assert.deepEqual(options, [["", C["reviewer.flag.all"]], ...[...codes].map((c) => [c, C[`flag.${c}`]])]);
      // The header says what is left: the core's open tasks and overdue emergency accesses.
      assert.match(await page.locator("#log-counts").innerText(), lang === "sv" ? /1 nödåtkomst är försenad/ : /1 emergency access is overdue/);
      // The verification agrees, in words.
      await page.click("#verify-button");
      await page.locator('#verify-result[data-holds="false"]').waitFor();
      // It names the draft incident the failure opened, so the reviewer knows the clock is running.
      const draft = await page.locator("#verify-result").getAttribute("data-incident");
      assert.match(draft ?? "", /^INC-\d{4}-\d{3}$/);
      assert.equal((await page.locator("#verify-result").innerText()).trim(), `${say(lang, "reviewer.verifyBroken", { seq: 4 })} ${say(lang, "reviewer.verifyIncident", { id: draft })}`);
      await shot(page, `loggkontroll-flags-${lang}`);
      await close(app);
    });
  }

  test("a flag filter and the period presets go to review_log as the core's keys, the periods in local time as RFC 3339 UTC", async () => {
    const app = await openApp({ vaultExists: true }, { timezoneId: "Europe/Stockholm" });
    const { page } = app;
    await reviewerShown(page);
    await page.selectOption("#log-filter-flag", "BREAK_GLASS");
    await applyFilter(page);
    let f = await lastFilter(page);
    assert.equal(f.flag, "BREAK_GLASS");
    assert.deepEqual(Object.keys(f).filter((k) => !LOG_FILTER_KEYS.includes(k)), [], "a key the core refuses");
    const rows = await page.$$eval("#log-table tr[data-seq]", (rs) => rs.map((r) => [r.dataset.seq, r.dataset.flags]));
    assert.deepEqual(rows, [["8", "BREAK_GLASS OFF_HOURS UNASSIGNED_FIRST FINGERADE"]]);
    await page.selectOption("#log-filter-flag", "");

    const now = new Date().toISOString();
    const today = inStockholm(now);
    for (const preset of ["today", "week", "month"]) {
      await page.selectOption("#log-filter-period", preset);
      await applyFilter(page);
      f = await lastFilter(page);
      assert.ok(RFC3339_UTC.test(f.since) && RFC3339_UTC.test(f.until), `${preset}: ${JSON.stringify(f)}`);
      assert.ok(!("flag" in f), "an empty flag is sent");
      const since = inStockholm(f.since);
      const until = inStockholm(f.until);
      assert.equal(since.time, "00:00:00", `${preset} begins at local midnight`);
      assert.equal(until.time, "00:00:00", `${preset} ends at local midnight`);
      assert.ok(f.since <= now && now < f.until, `${preset} holds now`);
      if (preset === "today") {
        assert.equal(since.date, today.date);
        assert.equal(Math.round((Date.parse(f.until) - Date.parse(f.since)) / 3600000 / 24), 1);
      } else if (preset === "week") {
        assert.equal(since.weekday, 1, "the week begins on Monday");
        assert.equal(until.weekday, 1);
        assert.equal(Math.round((Date.parse(f.until) - Date.parse(f.since)) / 86400000), 7);
      } else {
        assert.equal(since.date, `${today.date.slice(0, 7)}-01`);
        assert.ok(until.date.endsWith("-01") && until.date > since.date);
      }
    }
    // Chosen dates: from the start of the first to the end of the last (summer time begins in between).
    await page.selectOption("#log-filter-period", "custom");
    await page.locator("#log-filter-since").waitFor({ state: "visible" });
    await page.fill("#log-filter-since", "1 mars");
    const calls = (await callsOf(page, "review_log")).length;
    await page.click("#log-filter-apply");
    assert.match(await nextTo(page, "#log-filter-since", "#log-filter-since-error"), /ÅÅÅÅ-MM-DD/);
    assert.equal(await page.getAttribute("#log-filter-since", "aria-invalid"), "true");
    assert.equal((await callsOf(page, "review_log")).length, calls, "a date that is no date was sent");
    await page.fill("#log-filter-since", "2026-03-01");
    await page.fill("#log-filter-until", "2026-03-31");
    await applyFilter(page);
    f = await lastFilter(page);
    assert.equal(f.since, "2026-02-28T23:00:00.000Z");
    assert.equal(f.until, "2026-03-31T22:00:00.000Z");
    assert.ok(!(await page.locator("#log-filter-since-error").isVisible()));
    // The whole log again: no bounds.
    await page.selectOption("#log-filter-period", "");
    await applyFilter(page);
    f = await lastFilter(page);
    assert.ok(!("since" in f) && !("until" in f), JSON.stringify(f));
    await close(app);
  });

  test("Visa äldre händelser: the next pages of the same filter are added below, each entry once, the focus on the first new row and the count said; a new filter starts again", async () => {
    // A page of 5 (the UI still asks for its 500): the seeded log is three pages, entry 4 breaks the chain.
    const app = await openApp({ vaultExists: true, logBrokenAt: 4, logPageLimit: 5 });
    const { page } = app;
    await reviewerShown(page);
    const first = await shownSeqs(page);
    const newest = first[1];
    assert.equal(first[0], 4, "the broken chain's entry is not first");
    assert.deepEqual(first.slice(1), [newest, newest - 1, newest - 2, newest - 3, newest - 4]);
    const filter = await lastFilter(page);
    assert.ok(!("before" in filter) && filter.limit === 500, JSON.stringify(filter));
    assert.equal((await page.locator("#log-older").innerText()).trim(), "Visa äldre händelser");
    await axe(page, "loggkontroll with older entries (sv)");

    let shown = first;
    let pages = 1;
    while (await page.locator("#log-older").isVisible()) {
      assert.ok(pages < 10, "the button never went");
      const oldest = Math.min(...shown.slice(1));
      await showOlder(page);
      pages += 1;
      // The same filter, from where the last page ended (its last entry, the broken chain's perhaps).
      const { before } = await lastFilter(page);
      assert.deepEqual(await lastFilter(page), { ...filter, before });
      assert.ok(Number.isInteger(before) && before <= oldest, `before ${before} after ${oldest}`);
      const now = await shownSeqs(page);
      assert.deepEqual(now.slice(0, shown.length), shown, "the rows on show changed");
      const added = now.slice(shown.length);
      assert.ok(added.length > 0 && added.every((x) => x < before), `page ${pages}: ${added}`);
      assert.equal(new Set(now).size, now.length, `a seq twice: ${now}`);
      // The focus on the new first row's button; the count said next to the list.
      assert.equal(await focusOn(page, `log-open-${added[0]}`), `log-open-${added[0]}`);
      const said = added.length === 1 ? say("sv", "reviewer.olderShown1") : say("sv", "reviewer.olderShown", { n: added.length });
      await page.locator("#log-review-status", { hasText: said }).waitFor();
      assert.equal((await page.locator("#log-summary").innerText()).trim(), say("sv", "reviewer.summary", { n: now.length, flagged: await page.locator("#log-table tbody tr.flagged, #log-table tbody tr.has-flags").count() }));
      shown = now;
    }
    // Every entry up to the first page's newest, newest first, the broken chain's once and first.
    assert.ok(pages >= 3, `${pages} pages`);
    assert.deepEqual(shown, [4, ...Array.from({ length: newest }, (_, i) => newest - i).filter((x) => x !== 4)]);
    assert.equal(await page.locator("#log-older-actions").isHidden(), true);
    assert.match(await page.evaluate(() => document.activeElement?.id), /^log-open-/, "the focus went to the page when the button went");
    await axe(page, "loggkontroll, every older entry shown (sv)");
    await shot(page, "loggkontroll-older-sv");

    // A new filter starts from the newest again, without `before`.
    await applyFilter(page);
    assert.ok(!("before" in (await lastFilter(page))));
    const again = await shownSeqs(page);
    assert.equal(again.length, 6, `${again}`);
    assert.ok(await page.locator("#log-older").isVisible(), "the button is gone after a new filter");
    // In English too.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await page.locator("#log-older").innerText()).trim(), "Show older events");
    await showOlder(page);
    const added = (await shownSeqs(page)).length - again.length;
    await page.locator("#log-review-status", { hasText: say("en", "reviewer.olderShown", { n: added }) }).waitFor();
    await axe(page, "loggkontroll with older entries (en)");
    await close(app);
  });

  test("Visa äldre händelser: a review of an older page's entry keeps the pages on show and the focus on its button", async () => {
    const app = await openApp({ vaultExists: true, logPageLimit: 4 });
    const { page } = app;
    await reviewerShown(page);
    await showOlder(page);
    const shown = await shownSeqs(page);
    assert.ok(shown.includes(8) && shown.indexOf(8) >= 4, `entry 8 is not on the second page: ${shown}`);
    await page.focus("#log-open-8");
    await page.keyboard.press("Enter");
    await page.locator("#log-entry-dialog").waitFor({ state: "visible" });
    await page.check("#log-review-outcome-utan_anmarkning");
    await page.click("#log-review-submit");
    await page.locator("#log-entry-dialog").waitFor({ state: "hidden" });
    await page.locator('#log-table tr[data-seq="8"] .reviewed[data-outcome="utan_anmarkning"]').waitFor();
    await page.waitForFunction(() => !document.querySelector("#log-filter-apply").hasAttribute("aria-disabled"));
    // The refresh: the newest page, then older ones with `before` as far as the pages on show went.
    const filters = await page.evaluate(() => {
      const calls = window.__mock.calls;
      const at = calls.findIndex((c) => c.cmd === "record_review");
      return calls.slice(at).filter((c) => c.cmd === "review_log").map((c) => c.args.filter);
    });
    assert.ok(filters.length >= 2 && !("before" in filters[0]) && filters.slice(1).every((f) => Number.isInteger(f.before)), JSON.stringify(filters));
    const after = await shownSeqs(page);
    assert.ok(after.length >= shown.length && after.includes(Math.min(...shown)), `the pages were not kept: ${after}`);
    assert.equal(new Set(after).size, after.length, `a seq twice: ${after}`);
    assert.equal(await focusOn(page, "log-open-8"), "log-open-8", "focus did not return to the entry's button");
    await close(app);
  });

  test("the review: med anmärkning without a comment is stopped at the comment in words, a short one is the core's TOO_SHORT there, utan anmärkning needs none", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await reviewerShown(page);
    await page.click("#log-open-8");
    await page.locator("#log-entry-dialog").waitFor({ state: "visible" });
    assert.equal((await page.locator("#log-entry-heading").innerText()).trim(), "Granska händelse 8");
    // The details: the entry's flags explained, and that the review is itself logged.
    assert.equal(await page.locator('#log-entry-details .flag-list li[data-flag="BREAK_GLASS"] .flag-why').count(), 1);
    assert.match(await page.locator("#log-review-logged").innerText(), /egen händelse i loggen/);
    assert.match(await page.locator("#log-review-comment-hint").innerText(), /Krävs för alla utfall utom ”utan anmärkning”/);
    const labels = await page.$$eval("#log-review-outcomes label", (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(labels, ["utan anmärkning", "med anmärkning", "utredning", "incident"]);
    // No outcome: said at the group.
    await page.click("#log-review-submit");
    assert.equal((await page.locator("#log-review-outcome-error").innerText()).trim(), say("sv", "logReview.chooseOutcome"));
    // With remark, no comment: said next to the comment, tied to it, nothing sent.
    await page.check("#log-review-outcome-med_anmarkning");
    assert.equal((await page.locator("#log-review-comment-need").innerText()).trim(), "(krävs)");
    assert.equal(await page.getAttribute("#log-review-comment", "aria-required"), "true");
    await page.click("#log-review-submit");
    assert.equal(await nextTo(page, "#log-review-comment", "#log-review-comment-error"), say("sv", "logReview.commentRequired", { outcome: "med anmärkning" }));
    assert.equal(await page.getAttribute("#log-review-comment", "aria-invalid"), "true");
    assert.ok((await page.getAttribute("#log-review-comment", "aria-describedby")).split(" ").includes("log-review-comment-error"));
    assert.equal(await focusOn(page, "log-review-comment"), "log-review-comment");
    assert.equal((await callsOf(page, "record_review")).length, 0, "a review without its comment was sent");
    // Too short for the core: its refusal, in Swedish, at the same place.
    await page.fill("#log-review-comment", "ok");
    await page.click("#log-review-submit");
    const want = say("sv", "error.INVALID_INPUT.TOO_SHORT", { field: CATALOGS.sv["input.review_comment"], min: CONTRACT.LIMITS.MIN_REASON });
    await page.locator("#log-review-comment-error", { hasText: want }).waitFor();
    assert.equal(await page.getAttribute("#log-review-comment-error", "data-code"), "INVALID_INPUT");
    assert.ok(!(await pageHolds(page, "say what the review found")), "the core's English message is in the page");
    assert.ok(!(await page.locator("#log-review-error").isVisible()), "the refusal is (also) the form's general error");
    assert.ok(await page.locator("#log-entry-dialog").isVisible(), "the dialog closed on a refusal");
    // Without remark: no comment needed.
    await page.check("#log-review-outcome-utan_anmarkning");
    assert.equal((await page.locator("#log-review-comment-need").innerText()).trim(), "(frivillig)");
    await page.fill("#log-review-comment", "");
    await page.click("#log-review-submit");
    await page.locator("#log-entry-dialog").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "record_review")).at(-1).args, { subject: { entry: 8 }, outcome: "utan_anmarkning", comment: "" });
    const reviewSeq = await page.evaluate(() => window.__mock.log.find((e) => e.action === "log_reviewed").seq);
    await page.locator("#log-review-status", { hasText: `loggad som händelse ${reviewSeq}` }).waitFor();
    await page.locator('#log-table tr[data-seq="8"] .reviewed[data-outcome="utan_anmarkning"]', { hasText: "utan anmärkning (greta)" }).waitFor();
    // The core no longer counts it: nothing overdue in the header, nor in the worklist.
    await page.locator("#log-counts", { hasText: /^(?!.*försenad)/ }).waitFor();
    await page.locator('#log-tasks-table tr[data-task="E8"]').waitFor({ state: "detached" });
    assert.equal(await focusOn(page, "log-open-8"), "log-open-8", "focus did not return to the entry's button");
    await close(app);
  });

  test("the worklist says Försenad in words; the sample is drawn once, logged before its review, and a drawn user's day is reviewed as {task: id}", async () => {
    const app = await openApp({ vaultExists: true, sampleSeed: "5eed".repeat(16) }, { timezoneId: "Europe/Stockholm" });
    const { page } = app;
    await reviewerShown(page);
    const e8 = page.locator('#log-tasks-table tr[data-task="E8"]');
    assert.equal(await e8.getAttribute("data-kind"), "break_glass");
    assert.match(await e8.getAttribute("class"), /overdue/);
    assert.equal((await e8.locator('[data-overdue="true"]').innerText()).replace("⚠", "").trim(), "Försenad");
    assert.match(await e8.innerText(), /Nödåtkomst/);
    // The draw: what happens is said before it.
    assert.match(await page.locator("#log-sample-intro").innerText(), /Fröet och listan sparas i loggen innan granskningen börjar/);
    assert.match(await page.locator("#log-sample-intro").innerText(), /En månad kan bara dras en gång/);
    const month = await page.inputValue("#log-sample-month");
    assert.equal(month, inStockholm(new Date().toISOString()).date.slice(0, 7), "the month is not this month by default");
    // A month that has not begun: the core's refusal, in words, at the month.
    await page.fill("#log-sample-month", "2999-01");
    await page.click("#log-sample-draw");
    assert.equal(await refusedAt(page, "#log-sample-month", "#log-sample-month-error"), CATALOGS.sv["logSample.notBegun"]);
    await page.fill("#log-sample-month", month);
    await page.click("#log-sample-draw");
    await page.locator("#log-sample-done").waitFor();
    assert.deepEqual((await callsOf(page, "draw_sample")).at(-1).args, { month });
    const sample = await page.evaluate(() => JSON.parse(window.__mock.log.find((e) => e.action === "sample_drawn").detail.slice(7)));
    assert.equal(await page.locator("#log-sample-seed").innerText(), sample.seed);
    assert.equal(await page.locator("#log-sample-drawn li").count(), sample.drawn.length);
    assert.ok(sample.drawn.length > 0);
    // Drawn again: refused at the month, in Swedish.
    await page.click("#log-sample-draw");
    await page.locator('#log-sample-month-error[data-code="SAMPLE_ALREADY_DRAWN"]').waitFor();
    assert.equal(await nextTo(page, "#log-sample-month", "#log-sample-month-error"), CATALOGS.sv["error.SAMPLE_ALREADY_DRAWN"]);
    assert.ok(!(await pageHolds(page, "already drawn")), "the core's English message is in the page");
    // The drawn users are tasks now; the first is reviewed as a task of its own.
    const task = sample.drawn[0];
    const taskRow = page.locator(`#log-tasks-table tr[data-task="${task.task}"]`);
    await taskRow.waitFor();
    assert.match(await taskRow.innerText(), new RegExp(task.user));
    await taskRow.locator("button").click();
    await page.locator("#log-entry-dialog").waitFor({ state: "visible" });
    assert.equal((await page.locator("#log-entry-heading").innerText()).trim(), `Granska stickprovet ${task.task}`);
    await page.check("#log-review-outcome-utredning");
    await page.fill("#log-review-comment", "Flera uppslag utan ärende samma kväll; utreds vidare.");
    await page.click("#log-review-submit");
    await page.locator("#log-entry-dialog").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "record_review")).at(-1).args, { subject: { task: task.task }, outcome: "utredning", comment: "Flera uppslag utan ärende samma kväll; utreds vidare." });
    await page.locator("#log-tasks-status", { hasText: /sparad: utredning/ }).waitFor();
    // The seed and the list are in the log before the review.
    const order = await page.evaluate(() => window.__mock.log.filter((e) => ["sample_drawn", "log_reviewed"].includes(e.action)).map((e) => [e.action, e.seq]));
    const drawnAt = order.find((x) => x[0] === "sample_drawn")[1];
    assert.ok(order.filter((x) => x[0] === "log_reviewed").every((x) => x[1] > drawnAt));
    // Done: gone from the open tasks (the focus on the list's heading, not lost), shown with its outcome among all.
    await taskRow.waitFor({ state: "detached" });
    await page.waitForFunction(() => document.activeElement?.id === "log-tasks-heading");
    await page.check("#log-tasks-show-done");
    await page.locator(`#log-tasks-table tr[data-task="${task.task}"] .reviewed`, { hasText: "utredning (greta)" }).waitFor();
    // Another drawn user's day: the dialog shows that user's log for it.
    const other = sample.drawn[1] ?? sample.drawn[0];
    await page.locator(`#log-tasks-table tr[data-task="${other.task}"] button`).click();
    await page.locator("#log-entry-dialog").waitFor({ state: "visible" });
    await page.click("#log-entry-show-window");
    await page.locator("#log-entry-dialog").waitFor({ state: "hidden" });
    await page.waitForFunction((u) => window.__mock.calls.filter((c) => c.cmd === "review_log").at(-1)?.args.filter.actor === u, other.user);
    const f = await lastFilter(page);
    assert.deepEqual([f.actor, f.since, f.until], [other.user, other.from, other.until]);
    assert.equal(await page.inputValue("#log-filter-period"), "custom");
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`the report preview shows the core's chart in a figure with a caption and a table, and saves as PDF and CSV where it may (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      await setLang(page, lang);
      await reviewerShown(page);
      const C = CATALOGS[lang];
      const month = await seededMonth(page);
      await page.fill("#log-report-month", month);
      await page.click("#log-report-preview-button");
      await page.locator("#log-report-chart svg").waitFor();
      assert.deepEqual((await callsOf(page, "preview_log_report")).at(-1).args, { month, lang });
      // The chart: the core's SVG as SVG, with its title and description, in a figure with a caption.
      const chart = await page.evaluate(() => {
        const fig = document.querySelector("#log-report-chart");
        const svg = fig.querySelector("svg");
        return {
          tag: fig.tagName, lang: fig.lang, ns: svg.namespaceURI, role: svg.getAttribute("role"), labelledby: svg.getAttribute("aria-labelledby"),
          title: svg.querySelector("title#chart-title")?.textContent, desc: svg.querySelector("desc#chart-desc")?.textContent,
          caption: fig.querySelector("figcaption")?.textContent, cells: svg.querySelectorAll("rect.cell").length, flagged: svg.querySelectorAll("rect.cell.flagged").length,
          scripts: fig.querySelectorAll("script").length,
        };
      });
      const title = lang === "sv" ? `Åtkomster per dag och användare, ${month}` : `Accesses per day and user, ${month}`;
      assert.equal(chart.tag, "FIGURE");
      assert.equal(chart.lang, lang);
      assert.equal(chart.ns, "http://www.w3.org/2000/svg");
      assert.equal(chart.role, "img");
      assert.equal(chart.labelledby, "chart-title chart-desc");
      assert.equal(chart.title, title);
      assert.match(chart.desc, lang === "sv" ? /Röd ram och fet siffra/ : /Red outline and bold count/);
      assert.ok(chart.caption.includes(title), `the caption: ${chart.caption}`);
      assert.ok(chart.cells >= 28 && chart.flagged >= 1, `cells ${chart.cells}, flagged ${chart.flagged}`);
      assert.equal(chart.scripts, 0);
      // The same numbers as a table: hanna's row holds the flagged accesses.
      await page.click("#log-report-chart-details summary");
      const hanna = page.locator("#log-report-chart-table tbody tr", { has: page.locator('th:text-is("hanna")') });
      assert.ok((await hanna.locator("td.flagged-cell").count()) >= 1);
      // The figures in words.
      const figures = await page.locator("#log-report-figures").innerText();
      for (const key of ["logReport.entries", "logReport.flagRate", "logReport.breakGlass", "logReport.chain"]) assert.ok(figures.includes(C[key]), `${key} missing`);
      assert.ok(figures.includes(say(lang, "logReport.breakGlassValue", { open: 1, overdue: 1 })), figures);
      const flagRows = await page.$$eval("#log-report-flags tbody tr", (rs) => rs.map((r) => r.querySelector("th").textContent));
      assert.ok(flagRows.includes(C["flag.BREAK_GLASS"]) && flagRows.every((x) => !/^[A-Z_]+$/.test(x)), JSON.stringify(flagRows));
      // Saving: a temporary folder, then a path without a folder, are refused at the path, in words.
      await page.fill("#log-report-path", "/tmp/loggkontroll.pdf");
      await page.click("#log-report-save-pdf");
      assert.equal(await refusedAt(page, "#log-report-path", "#log-report-path-error"), C["logFile.NOT_ALLOWED"]);
      assert.equal(await page.getAttribute("#log-report-path", "aria-invalid"), "true");
      await page.fill("#log-report-path", "loggkontroll.pdf");
      await page.click("#log-report-save-pdf");
      await page.locator("#log-report-path-error", { hasText: C["logFile.FORMAT"] }).waitFor();
      const path = `/home/greta/Dokument/loggkontroll-${month}.pdf`;
      await page.fill("#log-report-path", path);
      await page.click("#log-report-save-pdf");
      await page.locator("#log-report-written .ok").waitFor();
      assert.deepEqual((await callsOf(page, "write_log_report")).at(-1).args, { month, format: "pdf", lang, path });
      assert.match(await page.locator("#log-report-written").innerText(), new RegExp(path.replace(/[.]/g, "\\.")));
      // The same file again is refused (a file already there is never overwritten); CSV to its own.
      await page.click("#log-report-save-csv");
      assert.equal(await refusedAt(page, "#log-report-path", "#log-report-path-error"), C["logFile.EXISTS"]);
      await page.fill("#log-report-path", path.replace(/pdf$/, "csv"));
      await page.click("#log-report-save-csv");
      await page.locator("#log-report-written .ok", { hasText: "CSV" }).waitFor();
      assert.equal((await callsOf(page, "write_log_report")).at(-1).args.format, "csv");
      // Another month: the preview and the saving give way until the next preview.
      await page.fill("#log-report-month", "2026-01");
      assert.ok(!(await page.locator("#log-report-preview").isVisible()));
      assert.ok(!(await page.locator("#log-report-write").isVisible()));
      await shot(page, `loggkontroll-report-${lang}`);
      await close(app);
    });
  }

  test("a signed log bundle: the verifier key read-only with the note that whoever verifies elsewhere needs it; numbers and a range outside the log refused at the numbers", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await reviewerShown(page);
    await page.fill("#log-bundle-from", "tre");
    await page.fill("#log-bundle-path", "/home/greta/Dokument/loggpaket.json");
    await page.click("#log-bundle-export");
    assert.equal(await nextTo(page, "#log-bundle-from", "#log-bundle-range-error"), CATALOGS.sv["logBundle.seqInvalid"]);
    assert.equal((await callsOf(page, "export_log_bundle")).length, 0);
    await page.fill("#log-bundle-from", "5");
    await page.fill("#log-bundle-to", "99999");
    await page.click("#log-bundle-export");
    await page.locator("#log-bundle-range-error", { hasText: CATALOGS.sv["logBundle.rangeRefused"] }).waitFor();
    assert.equal(await page.getAttribute("#log-bundle-range-error", "data-code"), "INVALID_INPUT");
    assert.equal(await page.getAttribute("#log-bundle-to", "aria-invalid"), "true");
    assert.deepEqual((await callsOf(page, "export_log_bundle")).at(-1).args, { from: 5, to: 99999, path: "/home/greta/Dokument/loggpaket.json" });
    // Everything since the last bundle: no numbers.
    await page.fill("#log-bundle-from", "");
    await page.fill("#log-bundle-to", "");
    await page.click("#log-bundle-export");
    await page.locator("#log-bundle-result").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "export_log_bundle")).at(-1).args, { from: null, to: null, path: "/home/greta/Dokument/loggpaket.json" });
    const key = await page.inputValue("#log-bundle-key");
    assert.match(key, /^skyddsvalv\/.+\+[0-9a-f]{8}\+\S+$/);
    assert.equal(await page.getAttribute("#log-bundle-key", "readonly"), "");
    assert.match(await page.locator("#log-bundle-key-note").innerText(), /på en annan dator behöver den här nyckeln/);
    assert.equal(await page.locator("#log-bundle-command").innerText(), `skyddsvalv log verify-bundle /home/greta/Dokument/loggpaket.json --key ${key}`);
    assert.match(await page.locator("#log-bundle-written").innerText(), /loggpaket\.json .*händelse 1–\d+/);
    assert.equal(await focusOn(page, "log-bundle-key"), "log-bundle-key");
    await close(app);
  });

  test("bundles from several workstations: empty boxes and a bad key said at their box, an unreadable file at the paths; the summary, the missing period and the refused file in words, the merged table", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await reviewerShown(page);
    const C = CATALOGS.sv;
    // Nothing written: said at each box, no call.
    await page.click("#log-import-submit");
    assert.equal(await nextTo(page, "#log-import-paths", "#log-import-paths-error"), C["logImport.pathsMissing"]);
    assert.equal((await page.locator("#log-import-keys-error").innerText()).trim(), C["logImport.keysMissing"]);
    assert.equal(await page.getAttribute("#log-import-keys", "aria-invalid"), "true");
    assert.equal((await callsOf(page, "import_log_bundles")).length, 0);
    // A line that is no verifier key: the core's verifier_key FORMAT, next to the keys.
    await page.fill("#log-import-paths", IMPORT_PATHS[0]);
    await page.fill("#log-import-keys", `${IMPORT_KEYS[0]}\nskyddsvalv/3f9c2a71/greta`);
    await page.click("#log-import-submit");
    await page.locator("#log-import-keys-error", { hasText: C["logImport.keyFormat"] }).waitFor();
    assert.equal(await nextTo(page, "#log-import-keys", "#log-import-keys-error"), C["logImport.keyFormat"]);
    assert.equal(await page.getAttribute("#log-import-keys-error", "data-code"), "INVALID_INPUT");
    assert.equal(await page.getAttribute("#log-import-paths", "aria-invalid"), null);
    assert.ok(await page.locator("#log-import-paths-error").isHidden(), "the paths' error is still shown");
    assert.deepEqual((await callsOf(page, "import_log_bundles")).at(-1).args, { paths: [IMPORT_PATHS[0]], keys: [IMPORT_KEYS[0], "skyddsvalv/3f9c2a71/greta"] });
    assert.deepEqual(await lastError(page, "import_log_bundles"), { code: "INVALID_INPUT", message: "a verifier key looks like name+id+key, as printed at export", field: "verifier_key", rule: "FORMAT" });
    assert.ok(!(await pageHolds(page, "a verifier key looks like")), "the core's English message is shown");
    // A file that cannot be read: input_file, next to the paths.
    await page.fill("#log-import-paths", "/home/greta/Dokument/missing.json");
    await page.fill("#log-import-keys", IMPORT_KEYS[0]);
    await page.click("#log-import-submit");
    await page.locator("#log-import-paths-error", { hasText: C["logImport.fileUnknown"] }).waitFor();
    assert.equal(await nextTo(page, "#log-import-paths", "#log-import-paths-error"), C["logImport.fileUnknown"]);
    assert.equal(await page.getAttribute("#log-import-keys", "aria-invalid"), null);
    // Two workstations, one altered file; blank lines and spaces around a line are left out.
    await page.fill("#log-import-paths", `  ${IMPORT_PATHS.join("\n\n")}  \n`);
    await page.fill("#log-import-keys", `${IMPORT_KEYS.join("\n")}\n\n`);
    await page.click("#log-import-submit");
    await page.locator("#log-import-table tbody tr").first().waitFor();
    assert.deepEqual((await callsOf(page, "import_log_bundles")).at(-1).args, { paths: IMPORT_PATHS, keys: IMPORT_KEYS });
    for (const css of ["#log-import-paths-error", "#log-import-keys-error", "#log-import-error"]) assert.ok(await page.locator(css).isHidden(), `${css} is still shown`);
    // The summary, in a live region.
    assert.equal(await page.getAttribute("#log-import-answer", "role"), "status");
    const summary = say("sv", "logImport.summary", { workstations: say("sv", "logImport.workstations", { n: 2 }), entries: say("sv", "logImport.entries", { n: 22 }) });
    assert.equal((await page.locator("#log-import-summary").innerText()).trim(), summary);
    // Each workstation; the one with a missing period marks it apart, in words with a sign.
    const stations = await page.$$eval("#log-import-workstations > li", (lis) => lis.map((li) => [li.dataset.workstation.slice(0, 8), li.querySelector(":scope > span").textContent, li.querySelectorAll(".import-missing").length]));
    assert.deepEqual(stations, [
      ["3f9c2a71", say("sv", "logImport.workstation", { workstation: "3f9c2a71", entries: say("sv", "logImport.entries", { n: 14 }) }), 1],
      ["b81e5c07", say("sv", "logImport.workstationComplete", { workstation: "b81e5c07", entries: say("sv", "logImport.entries", { n: 8 }) }), 0],
    ]);
    const gap = page.locator('#log-import-workstations li[data-workstation^="3f9c2a71"] .import-missing');
    assert.match(await gap.getAttribute("class"), /chain-alert/);
    assert.equal((await gap.innerText()).replace("⚠", "").trim(), await missingSentence(page, "sv"));
    assert.match(await gap.innerText(), /^⚠ Arbetsstation 3f9c2a71 saknar poster mellan post 10 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) och post 21 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)\./);
    // The refused file, its problem in words.
    assert.equal((await page.locator("#log-import-refused h3").innerText()).trim(), C["logImport.refusedTitle"]);
    const refused = await page.$$eval("#log-import-refused li", (lis) => lis.map((li) => [li.dataset.problem, li.textContent]));
    assert.deepEqual(refused, [["altered", `${IMPORT_PATHS[2]}: ${say("sv", "logImport.refusedProblemAt", { problem: C["logImport.problem.altered"], seq: 4 })}`]]);
    assert.equal(refused[0][1], `${IMPORT_PATHS[2]}: ändrad eller skadad (vid post 4).`);
    // The merged table: by time, the workstation's short id, the action in words, the person's ref.
    const rows = await page.$$eval("#log-import-table tbody tr", (trs) => trs.map((tr) => ({ ws: tr.dataset.workstation, cells: [...tr.cells].map((c) => c.textContent.trim()), at: tr.querySelector("time").getAttribute("datetime") })));
    assert.equal(rows.length, 22);
    assert.ok(rows.every((r, i) => i === 0 || rows[i - 1].at <= r.at), "the entries are not ordered by time");
    assert.ok(rows.every((r) => r.cells[0] === r.ws.slice(0, 8) && r.ws.length > 8), "a workstation is not its short id");
    assert.deepEqual([...new Set(rows.filter((r) => r.ws.startsWith("3f9c2a71")).map((r) => Number(r.cells[1])))], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 21, 22, 23, 24]);
    const revealed = rows.find((r) => r.ws.startsWith("b81e5c07") && r.cells[1] === "4");
    assert.equal(revealed.cells[2], await pageLocalTime(page, revealed.at));
    assert.equal(revealed.cells[3], `bertil (${C["role.handlaggare"]})`);
    assert.equal(revealed.cells[4], C["action.field_revealed"]);
    assert.equal(revealed.cells[5], "P-7K2M-Q9XD-4T1B");
    // The import is logged in this vault, flagged (a period is missing, a file refused); so were the refusals.
    assert.equal(CONTRACT.OPERATIONS.find((o) => o.name === "import_log_bundles").action, "log_bundles_imported");
    assert.deepEqual(await logOf(page, "log_bundles_imported"), [
      { person_ref: null, purpose: "3 bundles, 22 entries, 1 missing periods, 1 refused", flagged: true, outcome: "allowed" },
      { person_ref: null, purpose: "refused: INVALID_INPUT", flagged: true, outcome: "denied" },
      { person_ref: null, purpose: "refused: INVALID_INPUT", flagged: true, outcome: "denied" },
    ]);
    await shot(page, "loggkontroll-import-sv");
    // In English, everything is said again in English.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await gap.innerText()).replace("⚠", "").trim(), await missingSentence(page, "en"));
    assert.equal(await page.locator("#log-import-refused li").textContent(), `${IMPORT_PATHS[2]}: ${say("en", "logImport.refusedProblemAt", { problem: CATALOGS.en["logImport.problem.altered"], seq: 4 })}`);
    assert.equal((await page.locator("#log-import-summary").innerText()).trim(), say("en", "logImport.summary", { workstations: say("en", "logImport.workstations", { n: 2 }), entries: say("en", "logImport.entries", { n: 22 }) }));
    // Only refused files: nothing to show, said so; a new refusal clears what was shown.
    await page.fill("#log-import-paths", IMPORT_PATHS[2]);
    await page.click("#log-import-submit");
    await page.locator("#log-import-summary", { hasText: CATALOGS.en["logImport.nothing"] }).waitFor();
    assert.ok(await page.locator("#log-import-result").isHidden(), "an empty table is shown");
    await page.fill("#log-import-keys", "no key");
    await page.click("#log-import-submit");
    await page.locator("#log-import-keys-error", { hasText: CATALOGS.en["logImport.keyFormat"] }).waitFor();
    assert.equal((await page.locator("#log-import-answer").innerText()).trim(), "");
    await close(app);
  });

  test("every problem the core can find in a bundle has its words in both catalogs", () => {
    // src/audit/bundle.rs, BundleProblem.
    for (const p of ["altered", "entry_missing", "truncated", "gap", "overlap", "bad_signature", "unknown_key", "replayed"]) {
      for (const lang of ["sv", "en"]) {
        const words = CATALOGS[lang][`logImport.problem.${p}`];
        assert.ok(words && words !== p, `${lang}.js has no words for the bundle problem ${p}`);
      }
    }
  });

  for (const lang of ["sv", "en"]) {
    test(`keyboard only: bundles of two workstations imported and verified from the panel's link; the missing period announced in words (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await reviewerShown(page);
        await page.focus("#reviewer-heading");
        const at = (href) => () => page.evaluate((h) => document.activeElement?.getAttribute("href") === h, href);
        await k.tabTo("the import's link", at("#log-import-heading"), 10);
        await k.press("Enter");
        await k.tabTo("#log-import-paths", (f) => f.desc.startsWith("textarea#log-import-paths"), 5);
        // A path a line.
        await k.typeText(IMPORT_PATHS.join("\n"));
        await k.tabTo("#log-import-keys", (f) => f.desc.startsWith("textarea#log-import-keys"), 5);
        await k.typeText(IMPORT_KEYS.join("\n"));
        assert.equal(await page.inputValue("#log-import-paths"), IMPORT_PATHS.join("\n"));
        await k.tabTo("#log-import-submit", (f) => f.desc.startsWith("button#log-import-submit"), 5);
        await k.press("Enter");
        await page.locator("#log-import-table tbody tr").first().waitFor();
        assert.deepEqual((await callsOf(page, "import_log_bundles")).at(-1).args, { paths: IMPORT_PATHS, keys: IMPORT_KEYS });
        // The answer is said by a live region, the missing period in words among it; focus stays.
        const live = await page.evaluate(() => {
          const r = document.querySelector("#log-import-answer");
          return { role: r.getAttribute("role"), live: r.getAttribute("aria-live"), text: r.textContent, hidden: !!r.closest("[hidden]") };
        });
        assert.deepEqual([live.role, live.live, live.hidden], ["status", "polite", false]);
        const sentence = await missingSentence(page, lang);
        assert.ok(live.text.includes(sentence), `the live region does not say the missing period: ${live.text}`);
        assert.ok(live.text.includes(`${IMPORT_PATHS[2]}: ${CATALOGS[lang]["logImport.problem.altered"]}`), "the live region does not say the refused file in words");
        const f = await focusState(page);
        assert.ok(f.desc.startsWith("button#log-import-submit") && f.visible, `after the import the focus is on ${f.none ? "(body)" : f.desc}`);
        await shot(page, `keyboard-${lang}-log-import`);
        // The merged entries are reached next.
        await k.tabTo("the merged table", (f) => f.desc.startsWith("div.table-wrap") && page.evaluate(() => !!document.activeElement.querySelector("#log-import-table")), 3);
        console.log(`  keyboard walk through an import: ${k.steps.length} steps, focus visible at every one`);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-log-import`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  }

  test("the loggkontroll's commands are the granskare's: the mock refuses them to other roles, as the core", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    const answers = await page.evaluate(async () => {
      const inv = window.__TAURI__.core.invoke;
      const out = {};
      const calls = {
        review_log: {}, explain_log_entry: { seq: 1 }, record_review: { subject: { entry: 1 }, outcome: "utan_anmarkning", comment: "" },
        log_tasks: {}, draw_sample: { month: "2026-01" }, preview_log_report: { month: "2026-01", lang: "sv" },
        write_log_report: { month: "2026-01", format: "pdf", lang: "sv", path: "/home/hanna/r.pdf" }, export_log_bundle: { path: "/home/hanna/b.json" },
        import_log_bundles: { paths: ["/home/hanna/b.json"], keys: ["skyddsvalv/3f9c2a71/greta+8a41d2c7+AcW0"] },
      };
      for (const [cmd, args] of Object.entries(calls)) {
        try {
          await inv(cmd, args);
          out[cmd] = "allowed";
        } catch (e) {
          out[cmd] = e.code;
        }
      }
      const violations = window.__mock.violations.splice(0);
      return { out, violations };
    });
    for (const [cmd, code] of Object.entries(answers.out)) assert.equal(code, "DENIED", `${cmd} for a case handler`);
    assert.equal(answers.violations.length, 9, answers.violations.join("\n"));
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`keyboard only: a flag filter, an entry opened, an outcome chosen, a comment written, the review saved (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await reviewerShown(page);
        await page.focus("#reviewer-heading");
        await k.tabTo("#log-filter-flag", (f) => f.desc.startsWith("select#log-filter-flag"));
        // A closed <select> takes the arrow keys: all events, the broken chain, the emergency access.
        await k.press("ArrowDown");
        await k.press("ArrowDown");
        assert.equal(await page.inputValue("#log-filter-flag"), "BREAK_GLASS");
        await k.tabTo("#log-filter-apply", (f) => f.desc.startsWith("button#log-filter-apply"));
        await k.press("Enter");
        await page.waitForFunction(() => [...document.querySelectorAll("#log-table tr[data-seq]")].map((r) => r.dataset.seq).join() === "8");
        await k.tabTo("the entry's review button", (f) => f.desc.startsWith("button#log-open-8"));
        await k.press("Enter");
        await page.locator("#log-entry-dialog").waitFor({ state: "visible" });
        assert.ok(await k.inside("#log-entry-dialog"), "opening the entry left focus outside the dialog");
        await k.tabTo("the first outcome", (f) => f.desc.startsWith("input#log-review-outcome-utan_anmarkning"), 10);
        await k.press("ArrowDown");
        assert.equal(await page.evaluate(() => document.querySelector('input[name="log-review-outcome"]:checked')?.value), "med_anmarkning");
        await k.tabTo("#log-review-comment", (f) => f.desc.startsWith("textarea#log-review-comment"), 5);
        const comment = lang === "sv" ? "Åtkomsten saknade tilldelning; handläggaren har fått påminnelse." : "The access had no assignment; the handler has been reminded.";
        await k.typeText(comment);
        await shot(page, `keyboard-${lang}-log-review`);
        await k.tabTo("#log-review-submit", (f) => f.desc.startsWith("button#log-review-submit"), 5);
        await k.press("Enter");
        await page.locator("#log-entry-dialog").waitFor({ state: "hidden" });
        assert.deepEqual((await callsOf(page, "record_review")).at(-1).args, { subject: { entry: 8 }, outcome: "med_anmarkning", comment });
        const seq = await page.evaluate(() => window.__mock.log.find((e) => e.action === "log_reviewed").seq);
        const outcome = CATALOGS[lang]["logOutcome.med_anmarkning"];
        const saved = say(lang, "logReview.saved", { subject: say(lang, "logReview.subjectEntry", { seq: 8 }), outcome, seq });
        await page.locator("#log-review-status", { hasText: saved }).waitFor();
        await page.locator('#log-table tr[data-seq="8"] .reviewed', { hasText: outcome }).waitFor();
        const f = await focusState(page);
        assert.ok(f.desc.startsWith("button#log-open-8") && f.visible, `after saving the focus is on ${f.none ? "(body)" : f.desc}`);
        console.log(`  keyboard walk through a review: ${k.steps.length} steps, focus visible at every one`);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-log-review`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  }
});

// ---- the incident register (GDPR art. 33–34): the admin's "Uppgifter", the granskare's "Incidenter" --------
const hoursAgo = (h) => new Date(Date.now() - h * 3600000).toISOString();
/** The fields of src/duties/incident.rs, IncidentDetails: none may be shown by its raw name. */
const INCIDENT_FIELDS = [
  "occurred_at", "discovered_at", "ended_at", "how_discovered", "kinds", "cause", "processor_involved", "subject_categories", "data_categories",
  "art9_data", "identity_numbers", "data_under_secrecy", "approx_persons", "approx_records", "consequences", "severity", "measures_taken",
  "measures_planned", "dpo_contact", "imy_notified", "imy_notified_at", "imy_reference", "imy_why_not", "supplements", "delay_reason",
  "subjects_told", "subjects_told_at", "subjects_told_how", "subjects_why_not", "linked_seqs", "linked_refs", "status",
];
const CLOCK_STAGES = ["running", "passed_24", "passed_48", "overdue", "stopped"];
const DRAFT_WHY = "Verifieringen av åtkomstloggen misslyckades vid post 4 (öppnad automatiskt).";

/**
 * The register to start with, oldest first: (1) the draft a failed verification opened two hours ago,
 * (2) one discovered 75 hours ago (3 hours late), (3) one discovered 50 hours ago (less than 24 hours
 * left), (4) one discovered 30 hours ago (less than 48 left), (5) one notified to IMY (stopped).
 */
function seededIncidents() {
  return [
    { opened_by: "skyddsvalv", details: { discovered_at: hoursAgo(2), status: "draft", kinds: ["integrity"], linked_seqs: [4], how_discovered: DRAFT_WHY } },
    { opened_by: "greta", details: { discovered_at: hoursAgo(75), kinds: ["confidentiality"], how_discovered: "Mottagaren ringde och sa att brevet inte var till hen.", cause: "Fel adress valdes i utskicket." } },
    { opened_by: "admin", details: { discovered_at: hoursAgo(50), kinds: ["availability"], how_discovered: "Systemet gick inte att nå under förmiddagen." } },
    { opened_by: "admin", details: { discovered_at: hoursAgo(30), kinds: ["confidentiality"], how_discovered: "En utskrift låg kvar i skrivaren." } },
    { opened_by: "admin", details: { discovered_at: hoursAgo(40), kinds: ["integrity"], imy_notified: true, imy_notified_at: hoursAgo(10), imy_reference: "IMY-2026-0412" } },
  ];
}

/** The id of the `n`th incident of the register (from 1, oldest first). */
function incidentId(page, n) {
  return page.evaluate((i) => window.__mock.incidents[i - 1].id, n);
}

/** `user` logged in, the register listed in their view (the admin's or the granskare's). */
async function incidentsShown(page, user) {
  await login(page, user);
  const view = user === "admin" ? "view-admin" : "view-reviewer";
  await waitView(page, view);
  await page.locator(`#${view} #incidents`).waitFor();
  await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "list_incidents") && !document.querySelector("#incidents-refresh").hasAttribute("aria-disabled"));
  await page.locator("#incidents-summary").filter({ hasText: /\S/ }).waitFor();
}

/** Opens an incident's card from the list and waits for it. */
async function openIncidentCard(page, id) {
  await page.click(`#incidents-table tr[data-incident="${id}"] button.incident-open`);
  await page.locator(`#incident-card[data-incident="${id}"]`).waitFor({ state: "visible" });
  await page.waitForFunction(() => document.activeElement?.id === "incident-card-heading");
}

/** The list as shown: [id, status, discovered, clock words, stage] a row. */
function incidentRows(page) {
  return page.$$eval("#incidents-table tbody tr", (trs) => trs.map((tr) => [...[...tr.cells].map((c) => c.querySelector(".clock-words")?.textContent ?? c.textContent.trim()), tr.dataset.stage]));
}

/** An incident's clock as the page must say it (from the mock's register, with the hours the core gives). */
async function clockSaid(page, lang, n) {
  const v = await page.evaluate(async (i) => {
    const got = await window.__TAURI__.core.invoke("list_incidents");
    return got.find((x) => x.id === window.__mock.incidents[i - 1].id);
  }, n);
  const c = v.clock;
  const hours = (h) => (Math.abs(h) === 0 ? say(lang, "incidents.hours0") : Math.abs(h) === 1 ? say(lang, "incidents.hours1") : say(lang, "incidents.hours", { n: Math.abs(h) }));
  const deadline = await localMinute(page, c.deadline);
  if (c.stage === "stopped") return say(lang, "incidents.clock.stopped");
  return say(lang, `incidents.clock.${c.stage}`, { hours: hours(c.hours_left), deadline });
}

describe("the incident register", () => {
  test("the admin opens an incident under Uppgifter: discovered now by default, the notes on public documents and protected persons, the card with the clock (71 timmar kvar)", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const C = CATALOGS.sv;
    await incidentsShown(page, "admin");
    // A navigation entry of its own, to the panel in the admin's view.
    const nav = page.locator('#view-admin nav a[href="#incidents-heading"]');
    assert.equal((await nav.innerText()).trim(), "Uppgifter");
    assert.equal((await page.locator("#view-admin #incidents-heading").innerText()).trim(), C["incidents.titleAdmin"]);
    assert.equal((await page.locator("#incidents-empty").innerText()).trim(), C["incidents.empty"]);
    assert.ok(await page.locator("#incidents-read-only").isHidden(), "the admin is told the register is read-only");

    await page.click("#incident-new");
    await page.locator("#incident-open-form").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#incident-new", "aria-expanded"), "true");
    assert.equal(await focusOn(page, "incident-open-discovered_at"), "incident-open-discovered_at");
    const typedNow = await page.inputValue("#incident-open-discovered_at");
    assert.match(typedNow, /^\d{4}-\d\d-\d\d \d\d:\d\d$/, "discovered_at is not now by default");
    const off = await page.evaluate((s) => Date.now() - new Date(s.replace(" ", "T")).getTime(), typedNow);
    assert.ok(off >= 0 && off < 120000, `discovered_at is not now by default: ${typedNow}`);
    assert.equal((await page.locator("#incident-open-public").innerText()).trim(), C["incidents.publicNote"]);
    assert.match(C["incidents.publicNote"], /allmän handling/);
    assert.equal((await page.locator("#incident-open-protected").innerText()).trim(), C["incidents.protectedNote"]);
    assert.match(C["incidents.protectedNote"], /handläggare.*adress/);
    const kinds = await page.$$eval("#incident-open-kinds .check", (cs) => cs.map((c) => [c.querySelector("input").value, c.querySelector("label").textContent]));
    assert.deepEqual(kinds, ["confidentiality", "integrity", "availability"].map((k) => [k, C[`incidents.kind.${k}`]]));
    await page.fill("#incident-open-how_discovered", "En kollega såg att en lista låg öppen på en gemensam skärm.");
    await page.check("#incident-open-kinds-confidentiality");
    await page.fill("#incident-open-cause", "Skärmen låstes inte.");
    await page.click("#incident-open-submit");
    await page.locator("#incident-card").waitFor({ state: "visible" });

    // What went to the core: the form's fields, discovered_at as RFC 3339 UTC of the time typed.
    const { details } = (await callsOf(page, "open_incident")).at(-1).args;
    assert.deepEqual(Object.keys(details).sort(), ["cause", "discovered_at", "how_discovered", "kinds"]);
    assert.ok(RFC3339_UTC.test(details.discovered_at), details.discovered_at);
    assert.equal(await localMinute(page, details.discovered_at), typedNow);
    assert.deepEqual(details.kinds, ["confidentiality"]);
    const id = await incidentId(page, 1);
    assert.match(id, /^INC-\d{4}-001$/);
    // The card: the heading, the clock in words with the deadline in local time, focus on the heading.
    assert.equal((await page.locator("#incident-card-heading").innerText()).trim(), `Incident ${id}`);
    assert.equal(await focusOn(page, "incident-card-heading"), "incident-card-heading");
    const deadline = await localMinute(page, new Date(Date.parse(details.discovered_at) + 72 * 3600000).toISOString());
    const clock = (await page.locator('#incident-card-meta [data-meta="clock"]').innerText()).trim();
    assert.equal(clock, `71 timmar kvar till anmälan till IMY (senast ${deadline})`);
    assert.equal((await page.locator('#incident-card-meta [data-meta="status"]').innerText()).trim(), "Öppen");
    assert.equal((await page.locator('#incident-details [data-field="cause"] dd').innerText()).trim(), "Skärmen låstes inte.");
    assert.equal((await page.locator('#incident-details [data-field="kinds"] dd').innerText()).trim(), C["incidents.kind.confidentiality"]);
    assert.equal((await page.locator("#incident-history-none").innerText()).trim(), C["incidents.historyNone"]);
    assert.equal(await page.locator("#incident-history li").count(), 0);
    await page.locator("#incidents-status", { hasText: say("sv", "incidents.opened", { id }) }).waitFor();
    // The list has it, in words; a running clock warns of nothing.
    await page.locator(`#incidents-table tr[data-incident="${id}"]`).waitFor();
    assert.deepEqual(await incidentRows(page), [[id, "Öppen", typedNow, clock, "running"]]);
    assert.equal((await page.locator("#incidents-warnings").innerText()).trim(), "");
    // Logged as the contract's operation, with the id.
    assert.deepEqual(await logOf(page, "incident_opened"), [{ person_ref: null, purpose: id, flagged: false, outcome: "allowed" }]);
    await shot(page, "incident-opened-sv");
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`every stage of the clock in words, a warning with a sign and an outline and said politely: 50 hours old is "Mindre än 24 timmar kvar" (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
      const { page } = app;
      await setLang(page, lang);
      const C = CATALOGS[lang];
      await incidentsShown(page, "admin");
      const ids = await page.evaluate(() => window.__mock.incidents.map((i) => i.id));
      const rows = await incidentRows(page);
      // Newest first, as the core answers.
      assert.deepEqual(rows.map((r) => r[0]), ids.slice().reverse());
      const byId = Object.fromEntries(rows.map((r) => [r[0], r]));
      for (const [n, stage] of [[1, "running"], [2, "overdue"], [3, "passed_48"], [4, "passed_24"], [5, "stopped"]]) {
        const r = byId[ids[n - 1]];
        assert.equal(r[4], stage, `incident ${n}`);
        assert.equal(r[3], await clockSaid(page, lang, n), `the clock of incident ${n}`);
      }
      const words = (n) => byId[ids[n - 1]][3];
      if (lang === "sv") {
        assert.match(words(1), /^69 timmar kvar till anmälan till IMY \(senast \d{4}-\d\d-\d\d \d\d:\d\d\)$/);
        assert.match(words(2), /^Försenad: 3 timmar efter fristen/);
        assert.match(words(3), /^Mindre än 24 timmar kvar till anmälan till IMY \(senast .*, om 21 timmar\)$/);
        assert.match(words(4), /^Mindre än 48 timmar kvar/);
        assert.equal(words(5), "Klockan stoppad: anmäld till IMY");
        assert.equal(byId[ids[0]][1], "Utkast");
      } else {
        assert.match(words(3), /^Less than 24 hours left to notify IMY/);
        assert.match(words(2), /^Late: 3 hours past the deadline/);
      }
      // The warnings are not colour alone: a sign (hidden from screen readers: the words say it) and an outline.
      const marks = await page.$$eval("#incidents-table .incident-clock", (ms) =>
        ms.map((m) => {
          const cs = getComputedStyle(m);
          return { stage: m.dataset.stage, icon: m.querySelector(".clock-icon")?.textContent ?? null, hidden: m.querySelector(".clock-icon")?.getAttribute("aria-hidden") ?? null, border: parseFloat(cs.borderTopWidth), style: cs.borderTopStyle };
        }),
      );
      for (const m of marks) {
        if (["passed_24", "passed_48", "overdue"].includes(m.stage)) {
          assert.ok(m.icon && m.hidden === "true", `${m.stage} has no sign of its own`);
          assert.ok(m.border >= 1 && m.style !== "none", `${m.stage} has no outline`);
        }
      }
      assert.ok(marks.find((m) => m.stage === "passed_48").border >= 2, "less than 24 hours left has no stronger outline");
      // Said politely: the warning clocks, in words, in a polite live region.
      const live = await page.evaluate(() => {
        const r = document.querySelector("#incidents-warnings");
        return { role: r.getAttribute("role"), live: r.getAttribute("aria-live"), items: [...r.querySelectorAll("li")].map((li) => [li.dataset.incident, li.textContent.replace(/^[◔⚠]\s*/, "")]) };
      });
      assert.deepEqual([live.role, live.live], ["status", "polite"]);
      assert.deepEqual(live.items.map((x) => x[0]).sort(), [ids[1], ids[2], ids[3]].sort());
      const fifty = live.items.find((x) => x[0] === ids[2]);
      assert.equal(fifty[1], say(lang, "incidents.warningItem", { id: ids[2], clock: words(3) }));
      assert.match(fifty[1], lang === "sv" ? /Mindre än 24 timmar kvar/ : /Less than 24 hours left/);
      assert.equal((await page.locator("#incidents-warnings .label").innerText()).trim(), C["incidents.warnings"]);
      // The draft the failed verification opened: in words, opened by the app itself, linked to entry 4.
      await openIncidentCard(page, ids[0]);
      assert.equal((await page.locator('#incident-card-meta [data-meta="status"]').innerText()).trim(), C["incidents.status.draft"]);
      assert.match(await page.locator('#incident-card-meta [data-meta="opened"]').innerText(), new RegExp(C["incidents.openedBySystem"].replace(/[()]/g, "\\$&")));
      assert.equal((await page.locator('#incident-details [data-field="how_discovered"] dd').innerText()).trim(), DRAFT_WHY);
      assert.equal((await page.locator('#incident-details [data-field="kinds"] dd').innerText()).trim(), C["incidents.kind.integrity"]);
      assert.equal((await page.locator('#incident-details [data-field="linked_seqs"] dd').innerText()).trim(), "4");
      // Every field with its label, none by its raw name.
      const labels = await page.$$eval("#incident-details [data-field]", (ds) => ds.map((d) => [d.dataset.field, d.querySelector("dt").textContent]));
      assert.deepEqual(labels.map((l) => l[0]).sort(), INCIDENT_FIELDS.slice().sort());
      for (const [f, label] of labels) assert.equal(label, C[`incidents.label.${f}`], f);
      const text = await page.locator("#incidents").innerText();
      for (const f of INCIDENT_FIELDS.filter((x) => x.includes("_"))) {
        assert.ok(!new RegExp(`\\b${f}\\b`).test(text), `the raw field name ${f} is shown`);
      }
      await shot(page, `incidents-stages-${lang}`);
      await close(app);
    });
  }

  test("the admin changes the severity and the number of persons: only those go as the patch; the history says who, when and which, in words", async () => {
    const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
    const { page } = app;
    const C = CATALOGS.sv;
    await incidentsShown(page, "admin");
    const id = await incidentId(page, 3);
    await openIncidentCard(page, id);
    assert.deepEqual((await callsOf(page, "show_incident")).at(-1).args, { id });
    await page.click("#incident-edit");
    await page.locator("#incident-edit-form").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#incident-edit", "aria-expanded"), "true");
    assert.equal(await focusOn(page, "incident-edit-status"), "incident-edit-status");
    // The form holds the incident's values: the times in local time, the kinds checked.
    const discovered = await page.evaluate((i) => window.__mock.incidents.find((x) => x.id === i).details.discovered_at, id);
    assert.equal(await page.inputValue("#incident-edit-discovered_at"), await localMinute(page, discovered));
    assert.ok(await page.isChecked("#incident-edit-kinds-availability"));
    assert.ok(await page.locator("#incident-edit-delay_reason").isHidden(), "the delay reason is offered before the notification is late");
    // Every control has its label in words, no raw name.
    const labels = await page.$$eval('#incident-edit-form [data-name]', (bs) => bs.map((b) => [b.dataset.name, (b.querySelector("label > span, legend")?.textContent ?? "").trim()]));
    assert.deepEqual(labels.map((l) => l[0]).sort(), INCIDENT_FIELDS.slice().sort());
    for (const [f, label] of labels) assert.equal(label, C[`incidents.label.${f}`], f);
    const severities = await page.$$eval("#incident-edit-severity option", (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(severities, [["", C["incidents.none"]], ["low", "Låg"], ["medium", "Medelhög"], ["high", "Hög"]]);
    await page.selectOption("#incident-edit-severity", "high");
    await page.fill("#incident-edit-approx_persons", "12");
    await page.click("#incident-edit-submit");
    await page.locator("#incident-edit-form").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "update_incident")).at(-1).args, { id, patch: { severity: "high", approx_persons: 12 } });
    // The card says the new values and the change: who, when (local time) and which fields, in words.
    assert.equal((await page.locator('#incident-details [data-field="severity"] dd').innerText()).trim(), "Hög");
    assert.equal((await page.locator('#incident-details [data-field="approx_persons"] dd').innerText()).trim(), "12");
    const change = await page.evaluate((i) => window.__mock.incidents.find((x) => x.id === i).changes.at(-1), id);
    assert.deepEqual(change.fields, ["approx_persons", "severity"]);
    const said = say("sv", "incidents.change", { by: "admin", at: await localMinute(page, change.at), fields: "antal personer, allvarlighetsgrad" });
    assert.match(said, /^Ändrad av admin \d{4}-\d\d-\d\d \d\d:\d\d: antal personer, allvarlighetsgrad$/);
    assert.equal((await page.locator("#incident-history li").last().innerText()).trim(), said);
    await page.locator("#incidents-status", { hasText: say("sv", "incidents.updated", { id, fields: "antal personer, allvarlighetsgrad" }) }).waitFor();
    assert.equal(await focusOn(page, "incident-edit"), "incident-edit");
    // Logged by field name, never the values.
    const entry = await page.evaluate(() => window.__mock.log.find((e) => e.action === "incident_updated"));
    assert.deepEqual([entry.purpose, entry.detail, entry.outcome], [id, "fields approx_persons severity", "allowed"]);
    // An emptied field clears it (null); nothing changed sends nothing.
    await page.click("#incident-edit");
    await page.fill("#incident-edit-approx_persons", "");
    await page.click("#incident-edit-submit");
    await page.locator("#incident-edit-form").waitFor({ state: "hidden" });
    assert.deepEqual((await callsOf(page, "update_incident")).at(-1).args, { id, patch: { approx_persons: null } });
    assert.equal((await page.locator('#incident-details [data-field="approx_persons"] dd').innerText()).trim(), C["incidents.none"]);
    assert.equal(await page.locator("#incident-history li").count(), 2);
    const calls = (await callsOf(page, "update_incident")).length;
    await page.click("#incident-edit");
    await page.click("#incident-edit-submit");
    await page.locator("#incident-edit-error", { hasText: C["incidents.err.nothingChanged"] }).waitFor();
    assert.equal((await callsOf(page, "update_incident")).length, calls, "an unchanged form was sent");
    // A number that is none is said at its field before anything is sent.
    await page.fill("#incident-edit-approx_records", "ungefär 40");
    await page.click("#incident-edit-submit");
    assert.equal(await nextTo(page, "#incident-edit-approx_records", "#incident-edit-approx_records-error"), C["incidents.err.count"]);
    assert.equal((await callsOf(page, "update_incident")).length, calls);
    await shot(page, "incident-edited-sv");
    await close(app);
  });

  test("a notification more than 72 hours after discovery: the delay reason is shown and marked required; without it the core's refusal is said in Swedish next to it, in English after a switch; with it the clock stops", async () => {
    const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
    const { page } = app;
    await incidentsShown(page, "admin");
    const id = await incidentId(page, 2);
    await openIncidentCard(page, id);
    await page.click("#incident-edit");
    await page.locator("#incident-edit-form").waitFor({ state: "visible" });
    const delay = page.locator("#incident-edit-delay_reason");
    assert.ok(await delay.isHidden());
    await page.selectOption("#incident-edit-imy_notified", "true");
    // Notified an hour ago: 74 hours after the discovery.
    await page.fill("#incident-edit-imy_notified_at", await localMinute(page, hoursAgo(1)));
    await delay.waitFor({ state: "visible" });
    const marked = await page.evaluate(() => ({
      required: document.querySelector("#incident-edit-delay_reason").getAttribute("aria-required"),
      label: document.querySelector('label[for="incident-edit-delay_reason"]').textContent.replace(/\s+/g, " ").trim(),
      late: document.querySelector("#incident-edit-delay_reason-late").textContent,
      described: document.querySelector("#incident-edit-delay_reason").getAttribute("aria-describedby").split(/\s+/),
    }));
    assert.equal(marked.required, "true");
    assert.equal(marked.label, `${CATALOGS.sv["incidents.label.delay_reason"]} ${CATALOGS.sv["incidents.required"]}`);
    assert.equal(marked.late, CATALOGS.sv["incidents.delayHint"]);
    assert.ok(marked.described.includes("incident-edit-delay_reason-late"), "the delay reason is not described by why it is required");
    // Sent without it: the core refuses (INVALID_INPUT, incident_details, REQUIRED), said at the delay reason.
    await page.click("#incident-edit-submit");
    await page.locator("#incident-edit-delay_reason-error").filter({ hasText: /\S/ }).waitFor();
    const sent = (await callsOf(page, "update_incident")).at(-1).args;
    assert.deepEqual(Object.keys(sent.patch).sort(), ["imy_notified", "imy_notified_at"]);
    assert.deepEqual(await lastError(page, "update_incident"), { code: "INVALID_INPUT", message: "IMY was notified more than 72 hours after discovery: give the reason for the delay", field: "incident_details", rule: "REQUIRED" });
    assert.equal(await nextTo(page, "#incident-edit-delay_reason", "#incident-edit-delay_reason-error"), CATALOGS.sv["incidents.err.delayRequired"]);
    assert.equal(await page.getAttribute("#incident-edit-delay_reason-error", "data-code"), "INVALID_INPUT");
    assert.ok(!(await pageHolds(page, "give the reason for the delay")), "the core's English message is shown");
    assert.ok(await page.locator("#incident-edit-error").isHidden(), "the refusal is (also) at the form");
    assert.deepEqual((await logOf(page, "incident_updated"))[0], { person_ref: null, purpose: "refused: INVALID_INPUT", flagged: true, outcome: "denied" });
    await shot(page, "incident-delay-required-sv");
    // In English, the same words again in English.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await page.locator("#incident-edit-delay_reason-error").innerText()).trim(), CATALOGS.en["incidents.err.delayRequired"]);
    assert.equal(marked.required, "true");
    assert.match(await page.locator('label[for="incident-edit-delay_reason"]').innerText(), /\(required\)/);
    // With the reason: saved, the clock stopped.
    await page.fill("#incident-edit-delay_reason", "The breach was first judged as no incident; the judgment was revised after two days.");
    await page.click("#incident-edit-submit");
    await page.locator("#incident-edit-form").waitFor({ state: "hidden" });
    assert.equal((await page.locator('#incident-card-meta [data-meta="clock"] .clock-words').innerText()).trim(), CATALOGS.en["incidents.clock.stopped"]);
    assert.deepEqual((await callsOf(page, "update_incident")).at(-1).args.patch.delay_reason, "The breach was first judged as no incident; the judgment was revised after two days.");
    await page.locator(`#incidents-table tr[data-incident="${id}"][data-stage="stopped"]`).waitFor();
    await close(app);
  });

  test("the core's other refusals in words: an identity number in a text, a time in the future at its field, an unknown key (the mock, as the core)", async () => {
    const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
    const { page } = app;
    await incidentsShown(page, "admin");
    await page.click("#incident-new");
    await page.fill("#incident-open-how_discovered", "Ett brev om 19850709-9805 skickades fel.");
    await page.click("#incident-open-submit");
    await page.locator("#incident-open-error").filter({ hasText: /\S/ }).waitFor();
    assert.equal((await lastError(page, "open_incident")).rule, "PERSONAL_VALUE");
    assert.equal((await page.locator("#incident-open-error").innerText()).trim(), CATALOGS.sv["incidents.err.PERSONAL_VALUE"]);
    assert.equal(await page.getAttribute("#incident-open-error", "data-code"), "INVALID_INPUT");
    // A time in the future is said at the time.
    await page.fill("#incident-open-how_discovered", "Ett brev skickades fel.");
    await page.fill("#incident-open-discovered_at", await localMinute(page, new Date(Date.now() + 48 * 3600000).toISOString()));
    await page.click("#incident-open-submit");
    await page.locator("#incident-open-discovered_at-error").filter({ hasText: /\S/ }).waitFor();
    assert.equal(await nextTo(page, "#incident-open-discovered_at", "#incident-open-discovered_at-error"), CATALOGS.sv["incidents.err.OUT_OF_RANGE"]);
    assert.equal((await lastError(page, "open_incident")).rule, "OUT_OF_RANGE");
    // A time that is none: said before anything is sent.
    const calls = (await callsOf(page, "open_incident")).length;
    await page.fill("#incident-open-discovered_at", "i morse");
    await page.click("#incident-open-submit");
    assert.equal(await nextTo(page, "#incident-open-discovered_at", "#incident-open-discovered_at-error"), CATALOGS.sv["incidents.err.time"]);
    assert.equal((await callsOf(page, "open_incident")).length, calls);
    // The mock refuses what the core refuses: an unknown key, a control character, an unknown incident.
    const r = await page.evaluate(async () => {
      const inv = window.__TAURI__.core.invoke;
      const out = {};
      const id = window.__mock.incidents[0].id;
      for (const [k, cmd, args] of [
        ["unknown", "update_incident", { id, patch: { colour: "red" } }],
        ["control", "update_incident", { id, patch: { cause: "rad ett\u0007" } }],
        ["list", "update_incident", { id, patch: { kinds: null } }],
        ["missing", "show_incident", { id: "INC-1999-001" }],
        ["empty", "open_incident", { details: {} }],
      ]) {
        try {
          out[k] = { ok: await inv(cmd, args) };
        } catch (e) {
          out[k] = { err: [e.code, e.field, e.rule] };
        }
      }
      return out;
    });
    assert.deepEqual(r.unknown.err, ["INVALID_INPUT", "incident_details", "UNKNOWN"]);
    assert.deepEqual(r.control.err, ["INVALID_INPUT", "incident_details", "CONTROL_CHARACTERS"]);
    assert.deepEqual(r.list.err, ["INVALID_INPUT", "incident_details", "FORMAT"]);
    assert.deepEqual(r.missing.err, ["INCIDENT_NOT_FOUND", undefined, undefined]);
    assert.equal(r.empty.ok.details.status, "open");
    assert.ok(RFC3339_UTC.test(r.empty.ok.details.discovered_at), "{} is not discovered now");
    assert.equal(r.empty.ok.clock.stage, "running");
    assert.ok([71, 72].includes(r.empty.ok.clock.hours_left), `${r.empty.ok.clock.hours_left} hours left of 72 just after the discovery`);
    assert.match(r.empty.ok.id, /^INC-\d{4}-\d{3}$/);
    assert.ok(!(await page.evaluate(() => window.__mock.incidents.slice(0, -1).map((i) => i.id))).includes(r.empty.ok.id), "an id was given twice");
    // INCIDENT_NOT_FOUND in words.
    await page.evaluate(() => window.__mock.refuseNext("show_incident", { code: "INCIDENT_NOT_FOUND", message: "no such incident in the register" }));
    await page.click(`#incidents-table tbody tr:first-child button.incident-open`);
    await page.locator("#incidents-error", { hasText: CATALOGS.sv["error.INCIDENT_NOT_FOUND"] }).waitFor();
    await close(app);
  });

  test("the granskare's Incidenter: the register in their view, read-only (no edit form); they open an incident; the admin's command is refused to them", async () => {
    // The seeded draft is linked to entry 4; the chain breaks at 7 now.
    const app = await openApp({ vaultExists: true, incidents: seededIncidents(), logBrokenAt: 7 });
    const { page } = app;
    const C = CATALOGS.sv;
    await incidentsShown(page, "greta");
    assert.equal((await page.locator('#view-reviewer nav a[href="#incidents-heading"]').innerText()).trim(), "Incidenter");
    assert.equal((await page.locator("#view-reviewer #incidents-heading").innerText()).trim(), C["incidents.title"]);
    assert.equal(await page.locator("#view-admin #incidents").count(), 0);
    assert.equal((await page.locator("#incidents-read-only").innerText()).trim(), C["incidents.readOnly"]);
    assert.equal((await incidentRows(page)).length, 5);
    const id = await incidentId(page, 3);
    await openIncidentCard(page, id);
    assert.ok(await page.locator("#incident-edit").isHidden(), "the granskare is offered the edit form");
    assert.ok(await page.locator("#incident-edit-form").isHidden());
    assert.equal(await page.locator("#incident-edit-form [data-name]").count(), 0);
    // Only the export's path (saving a copy changes nothing in the register).
    assert.equal(await page.locator("#incident-card input:not(#incident-export-path), #incident-card textarea, #incident-card select").count(), 0, "the card has controls for the granskare");
    assert.match(await page.locator('#incident-card-meta [data-meta="clock"]').innerText(), /Mindre än 24 timmar kvar/);
    // They open one.
    await page.click("#incident-new");
    await page.fill("#incident-open-how_discovered", "Loggkontrollen visade visningar utan ärende.");
    await page.check("#incident-open-kinds-confidentiality");
    await page.click("#incident-open-submit");
    await page.waitForFunction(() => window.__mock.incidents.length === 6);
    const opened = await page.evaluate(() => window.__mock.incidents.at(-1));
    await page.locator(`#incident-card[data-incident="${opened.id}"]`).waitFor({ state: "visible" });
    assert.equal(opened.opened_by, "greta");
    assert.ok(await page.locator("#incident-edit").isHidden());
    await page.locator(`#incidents-table tr[data-incident="${opened.id}"]`).waitFor();
    assert.equal((await callsOf(page, "update_incident")).length, 0);
    // A failed verification opens a draft by itself: the register is asked again and shows it.
    await page.click("#verify-button");
    await page.locator('#verify-result[data-holds="false"]').waitFor();
    const draft = await page.evaluate(() => window.__mock.incidents.at(-1));
    assert.deepEqual([draft.opened_by, draft.details.status, draft.details.kinds, draft.details.linked_seqs, draft.details.how_discovered], ["skyddsvalv", "draft", ["integrity"], [7], "Verifieringen av åtkomstloggen misslyckades vid post 7 (öppnad automatiskt)."]);
    assert.equal(await page.evaluate(() => window.__mock.incidents.length), 7);
    assert.equal(await page.evaluate(() => window.__mock.log.find((e) => e.action === "log_verified").detail), `incident ${draft.id}`);
    await page.locator(`#incidents-table tr[data-incident="${draft.id}"]`).waitFor();
    // The core refuses the admin's command to them (DENIED, logged), as the mock does.
    const code = await page.evaluate(async (i) => {
      try {
        await window.__TAURI__.core.invoke("update_incident", { id: i, patch: { severity: "low" } });
        return "allowed";
      } catch (e) {
        return e.code;
      } finally {
        window.__mock.violations.splice(0);
      }
    }, id);
    assert.equal(code, "DENIED");
    await shot(page, "incidents-reviewer-sv");
    await close(app);
  });

  test("the incident commands follow the contract's roles: a case handler and the reception are refused all four", async () => {
    const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
    const { page } = app;
    assert.deepEqual(
      ["open_incident", "list_incidents", "show_incident", "update_incident"].map((n) => [n, CONTRACT.OPERATIONS.find((o) => o.name === n)?.roles.slice().sort()]),
      [["open_incident", ["admin", "granskare"]], ["list_incidents", ["admin", "granskare"]], ["show_incident", ["admin", "granskare"]], ["update_incident", ["admin"]]],
    );
    await login(page, "hanna");
    await waitView(page, "view-handler");
    const out = await page.evaluate(async () => {
      const inv = window.__TAURI__.core.invoke;
      const id = window.__mock.incidents[0].id;
      const res = {};
      for (const [cmd, args] of [["open_incident", { details: {} }], ["list_incidents", {}], ["show_incident", { id }], ["update_incident", { id, patch: {} }]]) {
        try {
          await inv(cmd, args);
          res[cmd] = "allowed";
        } catch (e) {
          res[cmd] = e.code;
        }
      }
      return { res, violations: window.__mock.violations.splice(0) };
    });
    assert.deepEqual(out.res, { open_incident: "DENIED", list_incidents: "DENIED", show_incident: "DENIED", update_incident: "DENIED" });
    assert.equal(out.violations.length, 4);
    assert.equal(await page.locator("#view-handler #incidents").count(), 0, "the register is in the case handler's view");
    await close(app);
  });

  test("the mock answers exactly the app's commands (src-tauri/build.rs COMMANDS)", async () => {
    const src = readFileSync(join(repo, "src-tauri/build.rs"), "utf8");
    const list = /const COMMANDS: &\[&str\] = &\[([\s\S]*?)\];/.exec(src);
    assert.ok(list, "src-tauri/build.rs has no COMMANDS list");
    const app = [...list[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    assert.ok(app.includes("open_incident") && app.length > 50, `COMMANDS was not read: ${app}`);
    const page = await openApp({ vaultExists: true });
    const mocked = await page.page.evaluate(() => window.__mock.commands);
    await close(page);
    assert.deepEqual(app.filter((c) => !mocked.includes(c)), [], "commands of the app the mock does not answer");
    assert.deepEqual(mocked.filter((c) => !app.includes(c)), [], "commands the mock answers that the app lacks");
  });

  test("every field, kind, severity, status and stage has its words in both catalogs", () => {
    for (const lang of ["sv", "en"]) {
      const C = CATALOGS[lang];
      const keys = [
        ...INCIDENT_FIELDS.flatMap((f) => [`incidents.label.${f}`, `incidents.short.${f}`]),
        ...["confidentiality", "integrity", "availability"].map((k) => `incidents.kind.${k}`),
        ...["low", "medium", "high"].map((k) => `incidents.severity.${k}`),
        ...["draft", "open", "closed"].map((k) => `incidents.status.${k}`),
        ...CLOCK_STAGES.map((s) => `incidents.clock.${s}`),
        "incidents.clock.stoppedNotNotified", "incidents.clock.none",
      ];
      for (const k of keys) assert.ok(C[k] && !C[k].includes("_") && C[k] !== k, `${lang}.js has no words for ${k}`);
    }
    assert.equal(say("sv", "incidents.clock.overdue", { hours: say("sv", "incidents.hours", { n: 3 }), deadline: "2026-12-07 16:00" }), "Försenad: 3 timmar efter fristen (som gick ut 2026-12-07 16:00)");
  });

  for (const lang of ["sv", "en"]) {
    test(`keyboard only: Öppna incident, the form filled and sent, the card reached and a change saved with Tab/Enter/Space/arrows (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
      const { page } = app;
      const k = keyboard(page);
      try {
        await setLang(page, lang);
        await incidentsShown(page, "admin");
        await page.focus("#admin-heading");
        // The navigation entry, then the panel.
        await k.tabTo("the Uppgifter link", () => page.evaluate(() => document.activeElement?.getAttribute("href") === "#incidents-heading"), 10);
        await k.press("Enter");
        await k.tabTo("#incident-new", (f) => f.desc.startsWith("button#incident-new"), 10);
        await k.press("Enter");
        await page.locator("#incident-open-form").waitFor({ state: "visible" });
        let f = await focusState(page);
        assert.ok(f.desc.startsWith("input#incident-open-discovered_at") && f.visible, `the form opened with focus on ${f.desc}`);
        await k.tabTo("how it was discovered", (x) => x.desc.startsWith("textarea#incident-open-how_discovered"), 3);
        await k.typeText(lang === "sv" ? "En kollega såg en öppen lista på en delad skärm." : "A colleague saw an open list on a shared screen.");
        await k.tabTo("the first kind", (x) => x.desc.startsWith("input#incident-open-kinds-confidentiality"), 3);
        await k.press("Space");
        await k.press("Tab");
        await k.press("Tab");
        await k.press("Space");
        assert.deepEqual(await page.$$eval("#incident-open-kinds input:checked", (xs) => xs.map((x) => x.value)), ["confidentiality", "availability"]);
        await k.tabTo("the cause", (x) => x.desc.startsWith("textarea#incident-open-cause"), 3);
        await k.typeText(lang === "sv" ? "Skärmen låstes inte." : "The screen was not locked.");
        await k.tabTo("#incident-open-submit", (x) => x.desc.startsWith("button#incident-open-submit"), 3);
        await k.press("Enter");
        await page.locator("#incident-card").waitFor({ state: "visible" });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("h3#incident-card-heading") && f.visible, `after opening the focus is on ${f.none ? "(body)" : f.desc}`);
        const { details } = (await callsOf(page, "open_incident")).at(-1).args;
        assert.deepEqual(details.kinds, ["confidentiality", "availability"]);
        await shot(page, `keyboard-${lang}-incident-opened`);
        // The edit form: the severity with the arrow keys, saved with Enter.
        await k.tabTo("#incident-edit", (x) => x.desc.startsWith("button#incident-edit"), 10);
        await k.press("Enter");
        f = await focusState(page);
        assert.ok(f.desc.startsWith("select#incident-edit-status") && f.visible, `the edit form opened with focus on ${f.desc}`);
        await k.tabTo("the severity", (x) => x.desc.startsWith("select#incident-edit-severity"), 40);
        await k.press("ArrowDown");
        await k.press("ArrowDown");
        assert.equal(await page.inputValue("#incident-edit-severity"), "medium");
        await k.tabTo("#incident-edit-submit", (x) => x.desc.startsWith("button#incident-edit-submit"), 40);
        await k.press("Enter");
        await page.locator("#incident-edit-form").waitFor({ state: "hidden" });
        const id = await incidentId(page, 6);
        assert.deepEqual((await callsOf(page, "update_incident")).at(-1).args, { id, patch: { severity: "medium" } });
        f = await focusState(page);
        assert.ok(f.desc.startsWith("button#incident-edit") && f.visible, `after saving the focus is on ${f.none ? "(body)" : f.desc}`);
        assert.match(await page.locator("#incident-history li").last().innerText(), new RegExp(`${CATALOGS[lang]["incidents.short.severity"]}$`));
        // Back to the list: the focus on the incident's row.
        f = await k.press("Shift+Tab");
        assert.ok(f.desc.startsWith("button#incident-card-close"), `before the edit button: ${f.desc}`);
        await k.press("Enter");
        f = await focusState(page);
        assert.ok(f.desc.startsWith(`button#incident-open-${id}`) && f.visible, `back in the list the focus is on ${f.none ? "(body)" : f.desc}`);
        console.log(`  keyboard walk through the incident register: ${k.steps.length} steps, focus visible at every one`);
      } catch (e) {
        await shot(page, `FAILED-keyboard-${lang}-incidents`).catch(() => {});
        console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
        await app.context.close();
        throw e;
      }
      await close(app);
    });
  }
});

// ---- gallring and the duties' exports (src-tauri/src/commands/duties.rs) ----------------------------------

/** `user` (a case handler) logged in with "Gallring" open and the sweep listed. */
async function sweepShown(page, user) {
  await login(page, user);
  await waitView(page, "view-handler");
  await page.locator("#sweep-button").waitFor({ state: "visible" });
  await page.click("#sweep-button");
  await page.locator("#sweep-summary").filter({ hasText: /\S/ }).waitFor();
}

/** "Föreslå gallringslista", confirmed; the new list's id. */
async function proposeList(page) {
  await page.click("#sweep-propose");
  await page.locator("#sweep-propose-dialog").waitFor({ state: "visible" });
  await page.click("#sweep-propose-confirm");
  await page.locator("#sweep-lists-table tr[data-destruction]").first().waitFor();
  return page.evaluate(() => window.__mock.destructions.at(-1).id);
}

/** "Godkänn och gallra" on list `id`, confirmed; waits until it is done. */
async function approveList(page, id) {
  await page.click(`#sweep-approve-${id}`);
  await page.locator("#sweep-approve-dialog").waitFor({ state: "visible" });
  await page.click("#sweep-approve-confirm");
  await page.locator(`#sweep-lists-table tr[data-destruction="${id}"][data-status="done"]`).waitFor();
}

describe("gallring and the duties' exports", () => {
  test("gallring: a handler proposes, a second handler approves with progress to done and saves the certificate", async () => {
    const app = await openApp({ vaultExists: true, granted: ["vera"], sweepDue: 11 });
    const { page } = app;
    const C = CATALOGS.sv;
    await sweepShown(page, "hanna");
    assert.equal(await page.getAttribute("#sweep-button", "aria-expanded"), "true");
    // Due: Greger (registered, no notes) and the eleven; kept: Anders (open request), Alva (a placement).
    assert.equal(await page.locator("#sweep-due-table tbody tr").count(), 12);
    const greger = await page.$$eval('#sweep-due-table tr[data-person-ref="P-4RXT-7WQN-2DHM"] > *', (cs) => cs.map((c) => c.textContent));
    assert.deepEqual(greger, ["P-4RXT-7WQN-2DHM", "sol-personakt", say("sv", "retention.due", { due: "2024-02-11" }), say("sv", "retention.anchorRegistered", { date: "2019-02-11" })]);
    const kept = await page.$$eval("#sweep-withheld-table tbody tr", (trs) => trs.map((tr) => [tr.dataset.personRef, tr.cells[3].textContent]));
    assert.deepEqual(kept, [["P-3HWA-8N5R-K2ZC", C["retention.hold.open_request"]], ["P-9QDT-1M4V-6YJE", C["retention.hold.child_placement"]]]);
    const shownText = await page.locator("#sweep").innerText();
    assert.doesNotMatch(shownText, /Kanarie|Gunnar/, "the sweep shows a name");

    const id = await proposeList(page);
    assert.match(id, /^GALL-\d{4}-0001$/);
    await page.locator("#sweep-status", { hasText: say("sv", "sweep.proposed", { id, n: 12 }) }).waitFor();
    // The proposer's own list: no approval for them, said in words.
    assert.equal(await page.locator(`#sweep-approve-${id}`).count(), 0);
    assert.equal((await page.locator(`#sweep-lists-table tr[data-destruction="${id}"] .actions-cell`).innerText()).trim(), C["sweep.ownList"]);
    assert.equal((await page.locator(`#sweep-lists-table tr[data-destruction="${id}"] [data-col="status"]`).innerText()).trim(), C["destruction.status.proposed"]);
    // The list says what the sweep withheld and why, counted (the contract's order of the reasons).
    const withheldShown = say("sv", "destruction.withheld", {
      items: ["child_placement", "open_request"].map((h) => say("sv", "destruction.withheldItem", { n: 1, hold: C[`retention.hold.${h}`] })).join("; "),
    });
    assert.equal((await page.locator(`#sweep-lists-table tr[data-destruction="${id}"] [data-withheld]`).innerText()).trim(), withheldShown);

    await page.click("#lock-button");
    await sweepShown(page, "vera");
    await page.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => window.__progress.push(document.querySelector("#sweep-progress").getAttribute("aria-valuenow"))).observe(document.querySelector("#sweep-progress"), { attributes: true, attributeFilter: ["aria-valuenow"] });
    });
    await page.click(`#sweep-approve-${id}`);
    await page.locator("#sweep-approve-dialog").waitFor({ state: "visible" });
    assert.equal((await page.locator("#sweep-approve-warning").innerText()).trim(), C["sweep.approveWarning"]);
    assert.match(C["sweep.approveWarning"], /inte att ångra.*loggas/);
    await page.click("#sweep-approve-confirm");
    await page.locator(`#sweep-lists-table tr[data-destruction="${id}"][data-status="done"]`).waitFor();
    // Five a call, three calls; the bar went 5, 10, 12 of 12.
    const calls = await callsOf(page, "approve_destruction");
    assert.deepEqual(calls.map((c) => c.args), [1, 2, 3].map(() => ({ id, batch: 5 })));
    const progress = await page.evaluate(() => window.__progress);
    for (const n of ["5", "10", "12"]) assert.ok(progress.includes(n), `the progress bar never said ${n}: ${progress}`);
    assert.equal(await page.getAttribute("#sweep-progress", "role"), "progressbar");
    assert.equal(await page.getAttribute("#sweep-progress", "aria-valuemax"), "12");
    await page.locator("#sweep-status", { hasText: say("sv", "sweep.done", { id, counts: say("sv", "destruction.counts", { files: 12, erased: 12, kept: 0 }) }) }).waitFor();
    assert.equal((await logOf(page, "person_erased_by_rule")).length, 12);
    assert.ok((await logOf(page, "person_erased_by_rule")).every((e) => e.flagged));
    assert.equal(await page.locator("#sweep-due-table tbody tr").count(), 0);

    // The certificate of the done list.
    const path = "/home/vera/Dokument/gallringsintyg.pdf";
    await page.fill("#sweep-cert-path", path);
    await page.click(`#sweep-cert-${id}-pdf`);
    await page.locator("#sweep-cert-written p").waitFor();
    const [call] = await callsOf(page, "write_destruction_certificate");
    assert.deepEqual(call.args, { id, format: "pdf", lang: "sv", path });
    assert.equal((await page.locator("#sweep-cert-written").innerText()).trim(), say("sv", "destruction.written", { format: "PDF", path, bytes: 21000 }));

    // The admin's Uppgifter shows the same list, with what was withheld, by counts and no refs.
    await page.click("#lock-button");
    await incidentsShown(page, "admin");
    const adminRow = page.locator(`#duties-lists-table tr[data-destruction="${id}"]`);
    await adminRow.waitFor();
    assert.equal((await adminRow.locator("[data-withheld]").innerText()).trim(), withheldShown);
    assert.doesNotMatch(await page.locator("#duties-lists-table").innerText(), /P-[0-9A-Z]{4}-/, "the admin's list shows a ref");

    // The admin saves the JSON certificate and checks it against the vault: it holds, named in words.
    const jsonPath = "/home/admin/Dokument/gallringsintyg.json";
    await page.fill("#duties-cert-path", jsonPath);
    await page.click(`#duties-cert-${id}-json`);
    await page.locator("#duties-cert-written p").waitFor();
    const result = page.locator("#cert-check-result");
    // No path: said at the field, nothing asked of the core.
    await page.click("#cert-check-submit");
    assert.equal((await page.locator("#cert-check-path-error").innerText()).trim(), C["certificateCheck.pathMissing"]);
    assert.equal((await callsOf(page, "check_destruction_certificate")).length, 0);
    await page.fill("#cert-check-path", jsonPath);
    await page.click("#cert-check-submit");
    await page.locator('#cert-check-result[data-holds="true"]').waitFor();
    assert.deepEqual((await callsOf(page, "check_destruction_certificate")).map((c) => c.args), [{ path: jsonPath }]);
    const shownHolds = (await result.innerText()).trim();
    assert.ok(shownHolds.includes(C["certificateCheck.holds"]), shownHolds);
    assert.ok(shownHolds.includes(say("sv", "certificateCheck.counts", { erased: 12, kept: 0 })), shownHolds);
    assert.ok(shownHolds.includes(say("sv", "certificateCheck.signedBy", { signer: "admin" })), shownHolds);
    assert.ok(await page.locator("#cert-check-path-error").isHidden());
    // A copy changed after signing does not hold, and says why in words, not a code.
    await page.fill("#cert-check-path", "/home/admin/Dokument/gallringsintyg-andrad.json");
    await page.click("#cert-check-submit");
    await page.locator('#cert-check-result[data-holds="false"][data-problem="bad_signature"]').waitFor();
    const shownBad = (await result.innerText()).trim();
    assert.ok(shownBad.includes(C["certificateCheck.notHolds"]) && shownBad.includes(C["certificateCheck.problem.bad_signature"]), shownBad);
    assert.doesNotMatch(shownBad, /bad_signature/);
    // A file far too large is refused at the path, and the last answer is not left beside it.
    await page.fill("#cert-check-path", "/home/admin/Dokument/stor.json");
    await page.click("#cert-check-submit");
    await page.locator("#cert-check-path-error").filter({ hasText: /\S/ }).waitFor();
    assert.equal((await page.locator("#cert-check-path-error").innerText()).trim(), C["certificateCheck.fileTooLarge"]);
    assert.equal(await result.getAttribute("data-holds"), null);
    // In English the same answer in English words.
    await page.fill("#cert-check-path", jsonPath);
    await page.click("#cert-check-submit");
    await page.locator('#cert-check-result[data-holds="true"]').waitFor();
    await setLang(page, "en");
    assert.ok((await result.innerText()).includes(CATALOGS.en["certificateCheck.holds"]));
    await axe(page, "certificate check (en)");
    await close(app);
  });

  test("gallring: the proposer is refused approval, in words", async () => {
    const app = await openApp({ vaultExists: true, granted: ["vera"] });
    const { page } = app;
    await sweepShown(page, "hanna");
    const id = await proposeList(page);
    assert.equal(await page.locator(`#sweep-approve-${id}`).count(), 0, "the proposer is offered the approval");
    await page.click("#lock-button");
    await sweepShown(page, "vera");
    // Should the core still find the approver to be the proposer, its DENIED is said in the sweep's words.
    await page.evaluate(() => window.__mock.refuseNext("approve_destruction", { code: "DENIED", message: "a destruction list is approved by another case handler than the one who proposed it" }));
    await page.click(`#sweep-approve-${id}`);
    await page.click("#sweep-approve-confirm");
    await page.locator("#sweep-lists-error").filter({ hasText: /\S/ }).waitFor();
    assert.equal((await page.locator("#sweep-lists-error").innerText()).trim(), CATALOGS.sv["sweep.err.selfApproval"]);
    assert.equal(await page.getAttribute(`#sweep-lists-table tr[data-destruction="${id}"]`, "data-status"), "proposed");
    assert.ok(await page.locator("#sweep-progress-box").isHidden());
    // And the mock's own check: the proposer approving is DENIED and logged.
    await page.click("#lock-button");
    await login(page, "hanna");
    await waitView(page, "view-handler");
    const refused = await page.evaluate((i) => window.__TAURI__.core.invoke("approve_destruction", { id: i, batch: 5 }).catch((e) => e.code), id);
    assert.equal(refused, "DENIED");
    await close(app);
  });

  test("the admin saves the art. 30 register and an incident as PDF", async () => {
    const app = await openApp({ vaultExists: true, incidents: seededIncidents() });
    const { page } = app;
    const C = CATALOGS.sv;
    await incidentsShown(page, "admin");
    await page.locator("#view-admin #duties").waitFor();
    await page.locator("#duties-lists-empty").waitFor({ state: "visible" });
    // A temporary folder is refused next to the path.
    await page.fill("#register-save-path", "/tmp/register.pdf");
    await page.click("#register-save-pdf");
    await page.locator("#register-save-path-error").filter({ hasText: /\S/ }).waitFor();
    assert.equal((await page.locator("#register-save-path-error").innerText()).trim(), C["logFile.NOT_ALLOWED"]);
    const regPath = "/home/admin/Dokument/registerforteckning.pdf";
    await page.fill("#register-save-path", regPath);
    await page.click("#register-save-pdf");
    await page.locator("#register-save-written p").waitFor();
    assert.deepEqual((await callsOf(page, "write_register")).at(-1).args, { format: "pdf", path: regPath });
    assert.equal((await page.locator("#register-save-written").innerText()).trim(), say("sv", "register.written", { format: "PDF", path: regPath, bytes: 32000 }));

    const incident = await incidentId(page, 2);
    await openIncidentCard(page, incident);
    await page.locator("#incident-export").waitFor({ state: "visible" });
    assert.equal((await page.locator("#incident-export-public").innerText()).trim(), C["incidentExport.publicNote"]);
    assert.match(C["incidentExport.publicNote"], /allmän handling/);
    const incPath = "/home/admin/Dokument/incident.pdf";
    await page.fill("#incident-export-path", incPath);
    await page.click("#incident-export-pdf");
    await page.locator("#incident-export-written p").waitFor();
    assert.deepEqual((await callsOf(page, "write_incident")).at(-1).args, { id: incident, format: "pdf", lang: "sv", path: incPath });
    await close(app);
  });
});

// ---- issue #14: the administrator's backup (write_backup, backup_status; src-tauri/src/commands/duties.rs) ----
const BACKUP_PATH = "/home/admin/Säkerhetskopior/valv.backup";
const BACKUP_REMINDER_DAYS = 7; // the mock's backup-reminder-days setting (the core's default)
const daysAgo = (d) => new Date(Date.now() - d * 86400000).toISOString();

/** The admin logged in with "Säkerhetskopia" shown and its status line said. */
async function backupShown(page) {
  await adminView(page);
  await page.locator("#view-admin #backup").waitFor({ state: "visible" });
  await page.locator("#backup-status").filter({ hasText: /\S/ }).waitFor();
}

/** "Skriv säkerhetskopia" to `path`; waits for the result or a refusal. */
async function writeBackup(page, path) {
  await page.fill("#backup-path", path);
  await page.click("#backup-write");
  await page.waitForFunction(() => !document.querySelector("#backup-result").hidden || !document.querySelector("#backup-path-error").hidden || !document.querySelector("#backup-error").hidden);
}

const reminderText = (page) => page.locator("#backup-reminder").innerText().then((s) => s.trim().replace(/\s+/g, " "));

describe("issue #14: backup", () => {
  test("the admin sees Säkerhetskopia with its nav entry, 'no backup yet' and a reminder in words; a recent backup has none, an old one has one; a case handler has no panel and is refused", async () => {
    const C = CATALOGS.sv;
    let app = await openApp({ vaultExists: true });
    let { page } = app;
    await backupShown(page);
    assert.equal((await page.locator("#backup-heading").innerText()).trim(), C["backup.title"]);
    const nav = page.locator('#view-admin nav a[href="#backup-heading"]');
    assert.equal(await nav.count(), 1, "the admin's navigation has no entry for the backup");
    assert.equal((await nav.innerText()).trim(), C["backup.title"]);
    assert.equal((await page.locator("#backup-status").innerText()).trim(), C["backup.none"]);
    assert.ok(await page.locator("#backup-reminder").isVisible(), "no reminder when there is no backup");
    // In words, with a label of its own: not a colour alone.
    assert.equal(await reminderText(page), `${C["backup.reminderLabel"]} ${say("sv", "backup.reminderNone", { days: BACKUP_REMINDER_DAYS })}`);
    assert.equal((await page.locator("#backup-reminder strong").innerText()).trim(), C["backup.reminderLabel"]);
    assert.deepEqual((await callsOf(page, "backup_status")).map((c) => c.args), [{}]);
    assert.deepEqual(await page.evaluate(() => window.__TAURI__.core.invoke("backup_status")), { last_backup: null, reminder_days: BACKUP_REMINDER_DAYS, remind: true });
    assert.ok(await page.locator("#backup-path").isVisible());
    assert.ok(await page.locator("#backup-write").isVisible());
    assert.ok(await page.locator("#backup-result").isHidden());
    await close(app);

    // A backup two days ago: its time as YYYY-MM-DD HH:MM, no reminder.
    const recent = daysAgo(2);
    app = await openApp({ vaultExists: true, lastBackup: recent });
    page = app.page;
    await backupShown(page);
    assert.equal((await page.locator("#backup-status").innerText()).trim(), say("sv", "backup.last", { at: await localMinute(page, recent) }));
    assert.match((await page.locator("#backup-status").innerText()).trim(), /: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.ok(await page.locator("#backup-reminder").isHidden(), "a reminder for a backup two days old");
    assert.equal((await page.evaluate(() => window.__TAURI__.core.invoke("backup_status"))).remind, false);
    await close(app);

    // The core decides: a backup two days old with a setting of one day is reminded of, with the core's number.
    app = await openApp({ vaultExists: true, lastBackup: recent, backupReminderDays: 1 });
    page = app.page;
    await backupShown(page);
    assert.ok(await page.locator("#backup-reminder").isVisible(), "no reminder when the core says remind (a one-day setting)");
    assert.equal(await reminderText(page), `${C["backup.reminderLabel"]} ${say("sv", "backup.reminderOld", { days: 1 })}`);
    await close(app);

    // And the UI does not remind on its own: an old backup the core does not remind of (a 30-day setting).
    app = await openApp({ vaultExists: true, lastBackup: daysAgo(BACKUP_REMINDER_DAYS + 3), backupReminderDays: 30 });
    page = app.page;
    await backupShown(page);
    assert.ok(await page.locator("#backup-reminder").isHidden(), "a reminder the core did not ask for");
    await close(app);

    // More than seven days ago: the reminder says so.
    const old = daysAgo(BACKUP_REMINDER_DAYS + 1);
    app = await openApp({ vaultExists: true, lastBackup: old });
    page = app.page;
    await backupShown(page);
    assert.equal((await page.locator("#backup-status").innerText()).trim(), say("sv", "backup.last", { at: await localMinute(page, old) }));
    assert.ok(await page.locator("#backup-reminder").isVisible(), "no reminder for a backup eight days old");
    assert.equal(await reminderText(page), `${C["backup.reminderLabel"]} ${say("sv", "backup.reminderOld", { days: BACKUP_REMINDER_DAYS })}`);
    assert.deepEqual(await page.evaluate(() => window.__TAURI__.core.invoke("backup_status")), { last_backup: old, reminder_days: BACKUP_REMINDER_DAYS, remind: true });
    await close(app);

    // A case handler: no panel, nothing asked; the core (the mock) refuses the backup to her.
    assert.deepEqual(CONTRACT.OPERATIONS.find((o) => o.name === "write_backup")?.roles, ["admin"]);
    app = await openApp({ vaultExists: true });
    page = app.page;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    assert.equal(await page.locator("#view-handler #backup").count(), 0, "the backup panel is in the case handler's view");
    assert.ok(await page.locator("#backup").isHidden(), "the backup panel is on show to a case handler");
    assert.ok(await page.locator('a[href="#backup-heading"]').isHidden());
    assert.equal((await callsOf(page, "backup_status")).length + (await callsOf(page, "write_backup")).length, 0, "the case handler's view asked about backups");
    const out = await page.evaluate(async (path) => {
      try {
        await window.__TAURI__.core.invoke("write_backup", { path });
        return { code: "allowed" };
      } catch (e) {
        return { code: e.code, violations: window.__mock.violations.splice(0) };
      } finally {
        window.__mock.violations.splice(0);
      }
    }, BACKUP_PATH);
    assert.equal(out.code, "DENIED");
    assert.equal(out.violations.length, 1);
    assert.equal(await page.evaluate(() => window.__mock.backups.length), 0);
    await close(app);
  });

  test("writing a backup sends the typed path, shows progress, the id, where, the size and the guidance, focuses the result and updates the status", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await backupShown(page);
    await page.evaluate(() => {
      window.__backupProgress = [];
      const bar = document.querySelector("#backup-progress");
      new MutationObserver(() => window.__backupProgress.push({ value: bar.value, text: bar.getAttribute("aria-valuetext"), shown: !document.querySelector("#backup-progress-box").hidden })).observe(bar, {
        attributes: true,
        attributeFilter: ["aria-valuetext"],
      });
    });
    await writeBackup(page, `  ${BACKUP_PATH} `);
    assert.ok(await page.locator("#backup-result").isVisible(), `no result: ${await page.locator("#backup-box").innerText()}`);
    const calls = await callsOf(page, "write_backup");
    assert.deepEqual(calls.map((c) => c.args), [{ path: BACKUP_PATH }]);
    const [written] = await page.evaluate(() => window.__mock.backups);
    assert.match(written.backup_id, /^BK-\d{8}-[0-9A-F]{8}$/);
    assert.equal(await focusOn(page, "backup-result-heading"), "backup-result-heading");
    assert.equal((await page.locator("#backup-result-heading").innerText()).trim(), C["backup.resultTitle"]);
    assert.equal((await page.locator("#backup-result-id").innerText()).trim(), written.backup_id);
    assert.equal((await page.locator("#backup-result-path").innerText()).trim(), BACKUP_PATH);
    assert.equal((await page.locator("#backup-result-size").innerText()).trim(), say("sv", "backup.MB", { n: "1,2" }));
    assert.equal((await page.locator("#backup-result-at").innerText()).trim(), await localMinute(page, written.created_at));
    // The guidance: encrypted, opens with the recovery code; kept away with erasures.json; the restore as code; logged.
    const result = (await page.locator("#backup-result").innerText()).replace(/\s+/g, " ");
    assert.match(C["backup.encrypted"], /krypterad.*återställningskoden/);
    assert.ok(result.includes(C["backup.encrypted"]), "the result does not say the backup is encrypted");
    assert.ok(result.includes(say("sv", "backup.keepAwayIn", { dir: "/home/mock/.local/share/skyddsvalv/vault" })), "the result does not say where to keep it");
    assert.match(C["backup.keepAwayIn"], /inte sitter i den här datorn.*erasures\.json/);
    assert.equal(await page.locator("#backup-result pre code").innerText(), "skyddsvalv restore FILE --to DIR");
    assert.ok(result.includes(C["backup.logged"]));
    assert.equal(C["backup.logged"], "Säkerhetskopian loggas i åtkomstloggen.");
    // The core's progress events as a bar with percent in words, the last at the whole; gone afterwards.
    const progress = await page.evaluate(() => window.__backupProgress);
    assert.ok(progress.some((p) => p.shown && p.value === 33 && p.text === say("sv", "backup.progress", { percent: 33, done: "411,5 kB", total: "1,2 MB" })), `the bar never said a third: ${JSON.stringify(progress)}`);
    assert.ok(progress.some((p) => p.value === 100 && p.text === say("sv", "backup.progress", { percent: 100, done: "1,2 MB", total: "1,2 MB" })), `the bar never said 100 percent: ${JSON.stringify(progress)}`);
    assert.equal(await page.locator("#backup-progress").evaluate((b) => b.labels[0]?.innerText.trim()), C["backup.progressLabel"]);
    assert.ok(await page.locator("#backup-progress-box").isHidden());
    // The status line says the new backup; no reminder; asked again after the write; one log entry.
    assert.equal((await page.locator("#backup-status").innerText()).trim(), say("sv", "backup.last", { at: await localMinute(page, written.created_at) }));
    assert.ok(await page.locator("#backup-reminder").isHidden());
    await page.waitForFunction(() => window.__mock.calls.filter((c) => c.cmd === "backup_status").length === 2);
    const entries = await logOf(page, "backup_written");
    assert.deepEqual(entries.map((e) => e.purpose), [written.backup_id]);
    // In English: the size with a decimal point, the result re-said.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await page.locator("#backup-result-size").innerText()).trim(), "1.2 MB");
    assert.equal((await page.locator("#backup-result-heading").innerText()).trim(), CATALOGS.en["backup.resultTitle"]);
    assert.equal((await page.locator("#backup-status").innerText()).trim(), say("en", "backup.last", { at: await localMinute(page, written.created_at) }));
    await close(app);
  });

  test("an existing file is refused next to the path with no result; a temporary folder is fine; STORAGE is said in the backup's words at the button", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true, existingFiles: [BACKUP_PATH] });
    const { page } = app;
    await backupShown(page);
    await writeBackup(page, BACKUP_PATH);
    assert.equal((await page.locator("#backup-path-error").innerText()).trim(), C["logFile.EXISTS"]);
    assert.equal(await nextTo(page, "#backup-path", "#backup-path-error"), C["logFile.EXISTS"]);
    assert.equal(await focusOn(page, "backup-path"), "backup-path");
    assert.deepEqual(await lastError(page, "write_backup"), { code: "INVALID_INPUT", message: "a file of that name is already there", field: "output_file", rule: "EXISTS" });
    assert.ok(!(await pageHolds(page, "a file of that name is already there")), "the core's English message is in the page");
    assert.ok(await page.locator("#backup-result").isHidden(), "a result after a refusal");
    assert.ok(await page.locator("#backup-progress-box").isHidden());
    assert.ok(await page.locator("#backup-error").isHidden(), "the refusal is (also) the panel's general error");
    assert.equal((await page.locator("#backup-status").innerText()).trim(), C["backup.none"]);
    assert.equal((await logOf(page, "backup_written")).length, 0);

    // A folder that is not there.
    await writeBackup(page, "/media/missing/valv.backup");
    assert.equal(await nextTo(page, "#backup-path", "#backup-path-error"), C["logFile.UNKNOWN"]);
    assert.ok(await page.locator("#backup-result").isHidden());

    // The backup is encrypted: a temporary folder is allowed (unlike an extract); the error goes.
    await writeBackup(page, "/tmp/valv.backup");
    assert.ok(await page.locator("#backup-result").isVisible(), "a backup to /tmp was refused");
    assert.ok(await page.locator("#backup-path-error").isHidden());
    assert.equal(await page.getAttribute("#backup-path", "aria-invalid"), null);
    assert.equal((await page.locator("#backup-result-path").innerText()).trim(), "/tmp/valv.backup");

    // A failure of the medium: the backup's own words at the general place, focus on the button, the result gone.
    await page.evaluate(() => window.__mock.refuseNext("write_backup", { code: "STORAGE", message: "storage failure: No space left on device" }));
    await writeBackup(page, "/media/usb/valv-2.backup");
    assert.equal((await page.locator("#backup-error").innerText()).trim(), C["backup.err.STORAGE"]);
    assert.equal(await page.getAttribute("#backup-error", "data-code"), "STORAGE");
    assert.equal(await focusOn(page, "backup-write"), "backup-write");
    assert.ok(await page.locator("#backup-result").isHidden(), "the earlier result is still shown after a failure");
    assert.ok(!(await pageHolds(page, "No space left")));
    assert.equal((await callsOf(page, "write_backup")).length, 4);
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`the backup panel with the reminder, a refused path, progress and the result has no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true, existingFiles: [BACKUP_PATH] });
      const { page } = app;
      await setLang(page, lang);
      await backupShown(page);
      assert.equal((await page.locator("#backup-status").innerText()).trim(), CATALOGS[lang]["backup.none"]);
      await writeBackup(page, BACKUP_PATH);
      assert.equal(await nextTo(page, "#backup-path", "#backup-path-error"), CATALOGS[lang]["logFile.EXISTS"]);
      await page.locator("#backup").scrollIntoViewIfNeeded();
      await check(page, lang, "admin-backup-refused");
      // The progress bar on show (as while the core writes), then the result.
      await page.evaluate(() => {
        document.querySelector("#backup-progress-box").hidden = false;
      });
      await axe(page, `backup progress (${lang})`);
      await page.evaluate(() => {
        document.querySelector("#backup-progress-box").hidden = true;
      });
      await writeBackup(page, "/media/usb/valv.backup");
      assert.equal(await focusOn(page, "backup-result-heading"), "backup-result-heading");
      assert.equal((await page.locator("#backup-result-size").innerText()).trim(), lang === "sv" ? "1,2 MB" : "1.2 MB");
      await check(page, lang, "admin-backup-written");
      await close(app);
    });
  }
});

// ---- issue #14: importing a participant list (import_check, import_persons; src-tauri/src/commands/persons.rs) ----
const IMPORT_CSV = "/home/hanna/deltagare.csv"; // Namn, Personnummer, Ort; row 3 a wrong check digit, row 5 = row 2
const IMPORT_XLSX = "/home/hanna/ren.xlsx"; // two clean rows; column C's header is an identity number
// What the canned files hold: none of it may reach the page (the core sends no cell value).
const IMPORT_VALUES = ["Importkanarie", "19900214-2389", "900214-2389", "19761103-4121", "19820530-1172", "19450101-0005", "19500505-0009"];

/** hanna (or `user`) logged in with "Importera deltagarlista" opened. */
async function importShown(page, user = "hanna") {
  await login(page, user);
  await waitView(page, "view-handler");
  await page.locator("#import-button").waitFor({ state: "visible" });
  await page.click("#import-button");
  await page.locator("#import").waitFor({ state: "visible" });
}

/** `path` typed (unless undefined) and `button` pressed; waits until the core's answer is shown. */
async function checkImportFile(page, path, button = "#import-check") {
  if (path !== undefined) await page.fill("#import-path", path);
  const before = (await callsOf(page, "import_check")).length;
  await page.click(button);
  await page.waitForFunction(
    ({ n, css }) => window.__mock.calls.filter((c) => c.cmd === "import_check").length > n && document.querySelector(css).getAttribute("aria-disabled") !== "true",
    { n: before, css: button },
  );
}

/** The mapping table: [letter, header, the select's value, the chosen option's words] per column. */
function importColumns(page) {
  return page.$$eval("#import-mapping-table tbody tr", (trs) =>
    trs.map((tr) => {
      const s = tr.querySelector("select");
      return [tr.cells[0].innerText.trim(), tr.cells[1].innerText.trim(), s.value, s.selectedOptions[0]?.textContent.trim()];
    }),
  );
}

/** The problem list: [row, its problems' lines] per row. */
function importProblems(page) {
  return page.$$eval("#import-problems > li", (lis) => lis.map((li) => [li.dataset.row, [...li.querySelectorAll(".import-problem")].map((p) => p.innerText.trim())]));
}

const importText = async (page, css) => (await page.locator(css).innerText()).trim().replace(/\s+/g, " ");

/** The counts line in `lang`: "4 rader, 2 klara att importera." and the problem rows (or none). */
function countsSaid(lang, rows, ready, problemRows) {
  const n = (key, x) => (x === 1 ? say(lang, `${key}1`) : say(lang, key, { n: x }));
  const counts = say(lang, "import.counts", { rows: n("import.rows", rows), ready: n("import.ready", ready) });
  return `${counts} ${problemRows ? n("import.problemRows", problemRows) : say(lang, "import.noProblems")}`;
}

/** The two problems of the canned CSV, as the panel says them in `lang`. */
function csvProblemsSaid(lang) {
  const C = CATALOGS[lang];
  const field = C["input.identity_number"];
  return [
    ["3", [say(lang, "import.problemLine", { row: 3, column: "B", field, problem: C["error.INVALID_IDENTITY_NUMBER.INVALID_IDENTITY_CHECK_DIGIT"] })]],
    ["5", [say(lang, "import.problemLine", { row: 5, column: "B", field, problem: say(lang, "import.problem.DUPLICATE_IN_FILE", { same: 2 }) })]],
  ];
}

describe("issue #14: import", () => {
  test("every import field and every problem an import can report has its words in both catalogs, from the contract's lists", () => {
    assert.ok(CONTRACT.IMPORT_FIELDS.length >= 10 && CONTRACT.IMPORT_RULES.includes("DUPLICATE_IN_FILE"), "the contract's import lists were not read");
    for (const lang of ["sv", "en"]) {
      const C = CATALOGS[lang];
      const words = (k) => assert.ok(typeof C[k] === "string" && C[k].trim() && !/_|\b[A-Z]{2,}_/.test(C[k]), `${lang}.js has no words for ${k}`);
      for (const f of CONTRACT.IMPORT_FIELDS) words(`input.${f}`);
      for (const r of [...CONTRACT.RULES, ...CONTRACT.IMPORT_RULES]) words(`import.problem.${r}`);
      for (const r of CONTRACT.IDENTITY_RULES) words(`error.INVALID_IDENTITY_NUMBER.${r}`);
      for (const r of ["UNKNOWN", "FORMAT", "TOO_LONG", "REQUIRED", "NOT_ALLOWED"]) words(`import.file.${r}`);
      for (const r of ["REQUIRED", "NOT_ALLOWED", "FORMAT"]) words(`import.mapping.${r}`);
    }
    const C = CATALOGS.sv;
    assert.equal(
      say("sv", "import.problemLine", { row: 1002, column: "B", field: C["input.identity_number"], problem: C["error.INVALID_IDENTITY_NUMBER.INVALID_IDENTITY_CHECK_DIGIT"] }),
      "Rad 1002, kolumn B (Person- eller samordningsnummer): Kontrollsiffran stämmer inte. Kontrollera numret.",
    );
    assert.equal(say("sv", "import.problem.DUPLICATE_IN_FILE", { same: 2 }), "Samma person som rad 2.");
    assert.equal(C["import.logged"], "Importen loggas, en post per person.");
    assert.equal(C["import.notOurs"], "Skyddsvalv raderar inte filer som programmet inte har skapat.");
  });

  test("(a) the case handler has Importera deltagarlista in the toolbar, opening it focuses its heading; an administrator has no panel and is refused", async () => {
    const C = CATALOGS.sv;
    let app = await openApp({ vaultExists: true });
    let { page } = app;
    await importShown(page);
    assert.equal((await page.locator("#import-button").innerText()).trim(), C["import.open"]);
    assert.equal(await page.getAttribute("#import-button", "aria-expanded"), "true");
    assert.equal(await page.getAttribute("#import-button", "aria-controls"), "import");
    assert.equal(await focusOn(page, "import-heading"), "import-heading");
    assert.equal((await page.locator("#import-heading").innerText()).trim(), C["import.title"]);
    assert.equal(await page.locator("#import-path").evaluate((i) => i.labels[0]?.innerText.trim()), "Fil att importera (CSV eller Excel .xlsx)");
    assert.equal((await page.locator("#import-check").innerText()).trim(), "Kontrollera filen");
    for (const css of ["#import-mapping", "#import-report", "#import-result"]) assert.ok(await page.locator(css).isHidden(), `${css} is shown before a file is checked`);
    assert.equal((await callsOf(page, "import_check")).length, 0, "the panel asked the core before a file was given");
    await page.click("#import-button");
    assert.ok(await page.locator("#import").isHidden());
    assert.equal(await page.getAttribute("#import-button", "aria-expanded"), "false");
    await close(app);

    assert.deepEqual(CONTRACT.OPERATIONS.find((o) => o.name === "check_import")?.roles, ["handlaggare"]);
    app = await openApp({ vaultExists: true });
    page = app.page;
    await adminView(page);
    assert.equal(await page.locator("#view-admin #import").count(), 0, "the import panel is in the admin's view");
    assert.ok(await page.locator("#import").isHidden(), "the import panel is on show to an administrator");
    assert.ok(await page.locator("#import-button").isHidden(), "the import button is on show to an administrator");
    const out = await page.evaluate(async (path) => {
      try {
        await window.__TAURI__.core.invoke("import_check", { path, mapping: null });
        return { code: "allowed" };
      } catch (e) {
        return { code: e.code, violations: window.__mock.violations.splice(0) };
      } finally {
        window.__mock.violations.splice(0);
      }
    }, IMPORT_CSV);
    assert.equal(out.code, "DENIED");
    assert.equal(out.violations.length, 1);
    await close(app);
  });

  test("(b) checking the CSV shows the guessed columns, the counts and every problem in words, never a code or a value; the import waits until the problem rows are left out", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await importShown(page);
    // Nothing typed: said at the field, nothing asked.
    await page.click("#import-check");
    assert.equal((await nextTo(page, "#import-path", "#import-path-error")).trim(), C["import.pathMissing"]);
    assert.equal((await callsOf(page, "import_check")).length, 0);

    await checkImportFile(page, IMPORT_CSV);
    assert.deepEqual((await callsOf(page, "import_check")).map((c) => c.args), [{ path: IMPORT_CSV, mapping: null }]);
    assert.equal(await focusOn(page, "import-report-heading"), "import-report-heading");
    assert.ok(await page.locator("#import-path-error").isHidden(), "the earlier error is still shown");
    // The core's guess: each column's letter, header and field, in words.
    assert.deepEqual(await importColumns(page), [
      ["A", "Namn", "name", C["input.name"]],
      ["B", "Personnummer", "identity_number", C["input.identity_number"]],
      ["C", "Ort", "municipality", C["input.municipality"]],
    ]);
    const options = await page.$$eval("#import-map-A option", (os) => os.map((o) => [o.value, o.textContent.trim()]));
    assert.deepEqual(options, [["", C["import.notImported"]], ...CONTRACT.IMPORT_FIELDS.map((f) => [f, C[`input.${f}`]])], "the choices are not the contract's IMPORT_FIELDS in words");
    assert.equal(await page.getAttribute("#import-map-B", "aria-label"), say("sv", "import.fieldFor", { letter: "B", header: "Personnummer" }));
    // The counts in words, then every problem.
    assert.equal(await importText(page, "#import-counts"), "4 rader, 2 klara att importera. 2 rader har problem.");
    assert.equal(await importText(page, "#import-counts"), countsSaid("sv", 4, 2, 2));
    const problems = await importProblems(page);
    assert.deepEqual(problems, csvProblemsSaid("sv"));
    assert.equal(problems[0][1][0], "Rad 3, kolumn B (Person- eller samordningsnummer): Kontrollsiffran stämmer inte. Kontrollera numret.");
    assert.equal(problems[1][1][0], "Rad 5, kolumn B (Person- eller samordningsnummer): Samma person som rad 2.");
    // Never a code (in the text or an attribute), never a cell's value.
    const shown = await page.locator("#import").innerText();
    for (const code of [...CONTRACT.IDENTITY_RULES, ...CONTRACT.IMPORT_RULES, "identity_number", "INVALID_INPUT"]) {
      assert.ok(!shown.includes(code), `the panel shows the code ${code}`);
    }
    for (const code of ["INVALID_IDENTITY_CHECK_DIGIT", "DUPLICATE_IN_FILE"]) assert.ok(!(await pageHolds(page, code)), `the page holds ${code}`);
    for (const v of IMPORT_VALUES) assert.ok(!(await pageHolds(page, v)), `the page holds the file's value ${v}`);

    // The import waits, disabled with its reason in words (not a colour alone).
    const submit = page.locator("#import-submit");
    assert.equal((await submit.innerText()).trim(), "Importera 2 personer");
    assert.ok(await submit.isDisabled(), "the import is offered while problem rows remain");
    assert.ok((await page.getAttribute("#import-submit", "aria-describedby")).split(/\s+/).includes("import-why"));
    assert.equal(await importText(page, "#import-why"), say("sv", "import.whyProblems", { n: 2 }));
    assert.ok(await page.locator("#import-why").isVisible());
    assert.equal(await page.locator("#import-exclude-3").evaluate((i) => i.labels[0]?.innerText.trim()), "Utelämna rad 3");
    assert.equal(await page.locator("#import-exclude-all").evaluate((i) => i.labels[0]?.innerText.trim()), say("sv", "import.excludeAll", { rows: "2 rader" }));

    await page.check("#import-exclude-3");
    assert.ok(await submit.isDisabled(), "the import is offered with row 5 still in");
    assert.equal(await importText(page, "#import-why"), C["import.whyProblems1"]);
    assert.ok(await page.locator("#import-exclude-all").evaluate((i) => i.indeterminate && !i.checked), "the box for all rows does not say that some are left out");
    await page.check("#import-exclude-5");
    assert.ok(await submit.isEnabled(), "the import is not offered once every problem row is left out");
    assert.equal(await importText(page, "#import-why"), C["import.whyReady"]);
    assert.ok(await page.locator("#import-exclude-all").isChecked());
    // The box for all rows puts them all back, and leaves them all out.
    await page.uncheck("#import-exclude-all");
    assert.deepEqual([await page.isChecked("#import-exclude-3"), await page.isChecked("#import-exclude-5")], [false, false]);
    assert.ok(await submit.isDisabled());
    await page.check("#import-exclude-all");
    assert.deepEqual([await page.isChecked("#import-exclude-3"), await page.isChecked("#import-exclude-5")], [true, true]);
    assert.ok(await submit.isEnabled());
    assert.equal((await callsOf(page, "import_persons")).length, 0, "something was imported without a confirmation");
    // In English: the counts, the problems and the reason re-said.
    await page.uncheck("#import-exclude-all");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await importText(page, "#import-counts"), countsSaid("en", 4, 2, 2));
    assert.deepEqual(await importProblems(page), csvProblemsSaid("en"));
    assert.equal(await importText(page, "#import-why"), say("en", "import.whyProblems", { n: 2 }));
    assert.equal((await submit.innerText()).trim(), say("en", "import.submit", { n: 2 }));
    assert.equal((await importColumns(page))[1][3], CATALOGS.en["input.identity_number"]);
    await close(app);
  });

  test("(c) changing a column re-checks with the edited mapping; a mapping without the name is refused at the columns; a header that looks like a value is not shown", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await importShown(page);
    await checkImportFile(page, IMPORT_CSV);
    // Column B not imported: the shown check is of other columns, and the import waits for a new one.
    await page.selectOption("#import-map-B", "");
    assert.equal((await callsOf(page, "import_check")).length, 1);
    assert.equal(await importText(page, "#import-stale"), C["import.stale"]);
    assert.ok(await page.locator("#import-submit").isDisabled());
    assert.equal(await importText(page, "#import-why"), C["import.whyStale"]);
    await checkImportFile(page, undefined, "#import-recheck");
    assert.deepEqual((await callsOf(page, "import_check")).at(-1).args, { path: IMPORT_CSV, mapping: ["name", null, "municipality"] });
    assert.equal(await focusOn(page, "import-report-heading"), "import-report-heading");
    assert.deepEqual((await importColumns(page)).map((c) => c[2]), ["name", "", "municipality"]);
    assert.equal(await importText(page, "#import-counts"), countsSaid("sv", 4, 4, 0));
    assert.ok(await page.locator("#import-problems-box").isHidden(), "problems are listed with no identity number imported");
    assert.ok(await page.locator("#import-stale").isHidden());
    assert.ok(await page.locator("#import-submit").isEnabled());
    assert.equal((await page.locator("#import-submit").innerText()).trim(), "Importera 4 personer");

    // No column for the name: the core's refusal in words at the columns, focus on the first one.
    await page.selectOption("#import-map-A", "");
    await checkImportFile(page, undefined, "#import-recheck");
    assert.deepEqual((await callsOf(page, "import_check")).at(-1).args.mapping, [null, null, "municipality"]);
    const err = await lastError(page, "import_check");
    assert.deepEqual({ code: err?.code, field: err?.field, rule: err?.rule }, { code: "INVALID_INPUT", field: "import_mapping", rule: "REQUIRED" });
    assert.equal(await importText(page, "#import-mapping-error"), C["import.mapping.REQUIRED"]);
    assert.equal(await focusOn(page, "import-map-A"), "import-map-A");
    assert.equal(await page.getAttribute("#import-map-A", "aria-invalid"), "true");
    assert.ok((await page.getAttribute("#import-map-A", "aria-describedby")).split(/\s+/).includes("import-mapping-error"));
    assert.ok(!(await pageHolds(page, err.message)), "the core's English message is in the page");
    assert.ok(await page.locator("#import-report").isHidden(), "a report of other columns is still shown");
    assert.ok(await page.locator("#import-error").isHidden(), "the refusal is (also) the panel's general error");
    assert.deepEqual((await importColumns(page)).map((c) => c[2]), ["", "", "municipality"], "the choices were lost");
    // Put back: the error goes.
    await page.selectOption("#import-map-A", "name");
    await checkImportFile(page, undefined, "#import-recheck");
    assert.ok(await page.locator("#import-mapping-error").isHidden());
    assert.equal(await page.getAttribute("#import-map-A", "aria-invalid"), null);
    assert.ok(await page.locator("#import-report").isVisible());

    // Another file typed: the report of this one goes at once; the XLSX's third header is an identity number.
    await page.fill("#import-path", IMPORT_XLSX);
    assert.ok(await page.locator("#import-mapping").isHidden(), "the columns of the earlier file are still shown");
    assert.ok(await page.locator("#import-report").isHidden(), "the report of the earlier file is still shown");
    await checkImportFile(page, undefined);
    assert.deepEqual((await callsOf(page, "import_check")).at(-1).args, { path: IMPORT_XLSX, mapping: null });
    assert.deepEqual(await importColumns(page), [
      ["A", "Deltagare", "name", C["input.name"]],
      ["B", "Postnummer", "postcode", C["input.postcode"]],
      ["C", "(kolumnrubriken visas inte)", "", C["import.notImported"]],
    ]);
    assert.equal(await page.getAttribute("#import-map-C", "aria-label"), say("sv", "import.fieldFor", { letter: "C", header: C["import.headerHidden"] }));
    assert.equal(await importText(page, "#import-counts"), countsSaid("sv", 2, 2, 0));
    assert.ok(await page.locator("#import-submit").isEnabled());
    for (const v of IMPORT_VALUES) assert.ok(!(await pageHolds(page, v)), `the page holds the file's value ${v}`);
    await close(app);
  });

  test("(d) leaving out the problem rows and importing: one confirmation, import_persons with the rows left out, the result, the file to destroy with its path, and the caseload grows", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await importShown(page);
    const caseloadRows = page.locator("#caseload-table tbody tr[data-person-ref]");
    await caseloadRows.first().waitFor();
    assert.equal(await caseloadRows.count(), 2);
    const listed = (await callsOf(page, "caseload")).length;
    await checkImportFile(page, IMPORT_CSV);
    await page.check("#import-exclude-3");
    await page.check("#import-exclude-5");

    // One confirmation: all or none, the importer becomes their handler, logged one entry per person.
    await page.click("#import-submit");
    await page.locator("#import-confirm-dialog").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "import-confirm-cancel"), "import-confirm-cancel");
    assert.equal(await importText(page, "#import-confirm-heading"), "Importera 2 personer?");
    const dialog = await importText(page, "#import-confirm-dialog");
    for (const words of [say("sv", "import.confirmAll", { n: 2 }), say("sv", "import.confirmExcluded", { rows: "2 rader" }), C["import.confirmHandler"], C["import.logged"]]) {
      assert.ok(dialog.includes(words), `the confirmation does not say ${JSON.stringify(words)}: ${dialog}`);
    }
    assert.match(C["import.confirmAll"], /på en gång.*ingen alls/);
    assert.match(C["import.confirmHandler"], /handläggare/);
    // Cancelled: nothing imported, focus back at the button.
    await page.click("#import-confirm-cancel");
    await page.locator("#import-confirm-dialog").waitFor({ state: "hidden" });
    assert.equal(await focusOn(page, "import-submit"), "import-submit");
    assert.equal((await callsOf(page, "import_persons")).length, 0);

    await page.click("#import-submit");
    await page.locator("#import-confirm-dialog").waitFor({ state: "visible" });
    await page.click("#import-confirm-ok");
    await page.locator("#import-result").waitFor({ state: "visible" });
    assert.equal(await focusOn(page, "import-result-heading"), "import-result-heading");
    assert.deepEqual((await callsOf(page, "import_persons")).map((c) => c.args), [{ path: IMPORT_CSV, mapping: ["name", "identity_number", "municipality"], exclude: [3, 5] }]);
    assert.equal((await callsOf(page, "import_persons"))[0].error, undefined);
    assert.equal(await importText(page, "#import-result-heading"), C["import.resultTitle"]);
    assert.equal(await importText(page, "#import-result-text"), "2 personer importerade. Du är deras handläggare. 2 rader utelämnades.");
    // The file: still unprotected, to be destroyed now with every copy; its path; Skyddsvalv deletes it not.
    assert.equal(await importText(page, "#import-destroy-heading"), C["import.destroyTitle"]);
    const destroy = await importText(page, "#import-destroy");
    assert.ok(destroy.includes(C["import.destroyText"]), `the result does not say to destroy the file: ${destroy}`);
    assert.match(C["import.destroyText"], /utan skydd.*Radera den nu.*kopior/);
    assert.equal((await page.locator("#import-result-path").innerText()).trim(), IMPORT_CSV);
    assert.ok(destroy.includes("Skyddsvalv raderar inte filer som programmet inte har skapat."));
    // The check is gone with the file's path; nothing of the file is in the page.
    assert.ok(await page.locator("#import-report").isHidden());
    assert.ok(await page.locator("#import-mapping").isHidden());
    assert.equal(await page.inputValue("#import-path"), "");
    for (const v of IMPORT_VALUES) assert.ok(!(await pageHolds(page, v)), `the page holds the file's value ${v}`);
    // The caseload asked again, with the two imported persons in it.
    await page.waitForFunction(() => document.querySelectorAll("#caseload-table tbody tr[data-person-ref]").length === 4, null, { timeout: 5000 }).catch(() => {});
    assert.equal(await caseloadRows.count(), 4, "the caseload does not show the imported persons");
    assert.equal((await callsOf(page, "caseload")).length, listed + 1);
    const [imported] = await page.evaluate(() => window.__mock.imports);
    const shownRefs = await caseloadRows.evaluateAll((trs) => trs.map((tr) => tr.dataset.personRef));
    for (const ref of imported.refs) assert.ok(shownRefs.includes(ref), `${ref} is not in the caseload`);
    assert.deepEqual((await logOf(page, "person_created")).filter((e) => e.purpose === "import").length, 2);
    assert.equal((await logOf(page, "persons_imported")).length, 1);
    // In English, the result re-said.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await importText(page, "#import-result-text"), `${say("en", "import.result", { n: 2 })} ${say("en", "import.resultExcluded", { rows: say("en", "import.rows", { n: 2 }) })}`);
    await close(app);
  });

  test("(e) an unknown path is said next to the field in words, never in the core's English, and the earlier file's report goes; other unreadable files too; a refused import is said at the button", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await importShown(page);
    await checkImportFile(page, IMPORT_CSV);
    assert.ok(await page.locator("#import-report").isVisible());
    await checkImportFile(page, "/home/hanna/finns-inte.csv");
    const err = await lastError(page, "import_check");
    assert.deepEqual({ code: err?.code, field: err?.field, rule: err?.rule }, { code: "INVALID_INPUT", field: "input_file", rule: "UNKNOWN" });
    assert.equal((await nextTo(page, "#import-path", "#import-path-error")).trim(), C["import.file.UNKNOWN"]);
    assert.equal(await focusOn(page, "import-path"), "import-path");
    assert.equal(await page.getAttribute("#import-path-error", "data-code"), "INVALID_INPUT");
    assert.ok(!(await pageHolds(page, err.message)), "the core's English message is in the page");
    assert.ok(await page.locator("#import-error").isHidden(), "the refusal is (also) the panel's general error");
    assert.ok(await page.locator("#import-mapping").isHidden(), "the columns of the earlier file are still shown");
    assert.ok(await page.locator("#import-report").isHidden(), "the report of the earlier file is still shown");
    for (const [path, rule] of [["/home/hanna/tom.csv", "REQUIRED"], ["/home/hanna/deltagare.pdf", "FORMAT"], ["/home/hanna/stor.csv", "TOO_LONG"]]) {
      await checkImportFile(page, path);
      assert.equal((await lastError(page, "import_check"))?.rule, rule);
      assert.equal((await nextTo(page, "#import-path", "#import-path-error")).trim(), C[`import.file.${rule}`], `${path}: not said in words`);
    }
    // In English too, also when switched while it is shown.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await importText(page, "#import-path-error"), CATALOGS.en["import.file.TOO_LONG"]);
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "sv");

    // A refusal that is not about the file: the catalog's words at the panel, focus on the button.
    await page.evaluate(() => window.__mock.refuseNext("import_check", { code: "NO_DATA_ACCESS", message: "this account has no access to person data yet; a case handler must grant it" }));
    await checkImportFile(page, IMPORT_CSV);
    assert.equal(await importText(page, "#import-error"), C["error.NO_DATA_ACCESS"]);
    assert.equal(await page.getAttribute("#import-error", "data-code"), "NO_DATA_ACCESS");
    assert.equal(await focusOn(page, "import-check"), "import-check");
    assert.ok(await page.locator("#import-path-error").isHidden(), "the path's earlier error is still shown");
    // A readable file again: the error goes.
    await checkImportFile(page, IMPORT_CSV);
    assert.ok(await page.locator("#import-error").isHidden());
    assert.ok(await page.locator("#import-path-error").isHidden());
    assert.equal(await page.getAttribute("#import-path", "aria-invalid"), null);
    // The core refuses the import (the file changed since the check): in words at the button, nothing imported.
    await page.check("#import-exclude-all");
    await page.evaluate(() => window.__mock.refuseNext("import_persons", { code: "INVALID_INPUT", message: "rows with problems remain; fix them in the file or exclude them", field: "input_file", rule: "NOT_ALLOWED" }));
    await page.click("#import-submit");
    await page.click("#import-confirm-ok");
    await page.locator("#import-persons-error").filter({ hasText: /\S/ }).waitFor();
    assert.equal(await importText(page, "#import-persons-error"), C["import.file.NOT_ALLOWED"]);
    assert.equal(await focusOn(page, "import-recheck"), "import-recheck");
    assert.ok(await page.locator("#import-path-error").isHidden(), "a refusal of the rows is said at the path");
    assert.ok(await page.locator("#import-result").isHidden());
    assert.ok(!(await pageHolds(page, "rows with problems remain")));
    // And the mock's own check: problem rows not left out are refused.
    const refused = await page.evaluate((path) => window.__TAURI__.core.invoke("import_persons", { path, mapping: ["name", "identity_number", "municipality"], exclude: [3] }).catch((e) => `${e.field} ${e.rule}`), IMPORT_CSV);
    assert.equal(refused, "input_file NOT_ALLOWED");
    assert.equal(await page.evaluate(() => window.__mock.imports.length), 0);
    await close(app);
  });

  test("(g) keyboard only: the panel opened, a file checked, the problem rows left out and the import confirmed with Tab/Enter/Space", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    const k = keyboard(page);
    try {
      await login(page, "hanna");
      await waitView(page, "view-handler");
      await page.locator("#import-button").waitFor({ state: "visible" });
      await page.focus("#handler-heading");
      await k.tabTo("the import button", (f) => f.desc.startsWith("button#import-button"));
      await k.press("Enter");
      assert.equal(await focusOn(page, "import-heading"), "import-heading");
      await k.tabTo("the path field", (f) => f.desc.startsWith("input#import-path"), 10);
      await k.typeText(IMPORT_CSV);
      await k.press("Enter");
      assert.equal(await focusOn(page, "import-report-heading"), "import-report-heading");
      await k.tabTo("the box for all problem rows", (f) => f.desc.startsWith("input#import-exclude-all"), 10);
      await k.press("Space");
      assert.ok(await page.isChecked("#import-exclude-all"));
      await k.tabTo("the import button", (f) => f.desc.startsWith("button#import-submit"), 10);
      await k.press("Enter");
      await page.locator("#import-confirm-dialog").waitFor({ state: "visible" });
      await k.tabTo("the confirmation", (f) => f.desc.startsWith("button#import-confirm-ok"), 4);
      await k.press("Enter");
      assert.equal(await focusOn(page, "import-result-heading"), "import-result-heading");
      assert.deepEqual((await callsOf(page, "import_persons")).map((c) => c.args.exclude), [[3, 5]]);
    } catch (e) {
      console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
      await app.context.close();
      throw e;
    }
    await close(app);
  });

  test("(h) a lock empties the panel: after the next login it is closed, with no path, columns, problems or result", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await importShown(page);
    await checkImportFile(page, IMPORT_CSV);
    await page.check("#import-exclude-3");
    await page.click("#lock-button");
    await importShown(page);
    assert.equal(await page.inputValue("#import-path"), "");
    for (const css of ["#import-mapping", "#import-report", "#import-result"]) assert.ok(await page.locator(css).isHidden(), `${css} is still shown after the lock`);
    assert.equal(await page.locator("#import-problems li").count(), 0);
    assert.equal(await page.locator("#import-mapping-table tbody tr").count(), 0);
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`(f) the import panel with its columns and problems, a refused path, the confirmation and the result has no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      await setLang(page, lang);
      await importShown(page);
      await checkImportFile(page, IMPORT_CSV);
      assert.equal(await importText(page, "#import-counts"), countsSaid(lang, 4, 2, 2));
      assert.deepEqual(await importProblems(page), csvProblemsSaid(lang));
      await page.check("#import-exclude-3");
      await page.locator("#import").scrollIntoViewIfNeeded();
      await check(page, lang, "handler-import-problems");
      await checkImportFile(page, "/home/hanna/finns-inte.csv");
      assert.equal((await nextTo(page, "#import-path", "#import-path-error")).trim(), CATALOGS[lang]["import.file.UNKNOWN"]);
      await axe(page, `import, a refused path (${lang})`);
      await checkImportFile(page, IMPORT_CSV);
      await page.selectOption("#import-map-A", "");
      await checkImportFile(page, undefined, "#import-recheck");
      await page.locator("#import-mapping-error").filter({ hasText: /\S/ }).waitFor();
      await axe(page, `import, refused columns (${lang})`);
      await page.selectOption("#import-map-A", "name");
      await checkImportFile(page, undefined, "#import-recheck");
      await page.check("#import-exclude-all");
      await page.click("#import-submit");
      await page.locator("#import-confirm-dialog").waitFor({ state: "visible" });
      await axe(page, `import confirmation (${lang})`);
      await page.click("#import-confirm-ok");
      assert.equal(await focusOn(page, "import-result-heading"), "import-result-heading");
      await check(page, lang, "handler-import-done");
      await close(app);
    });
  }
});

// ---- issue #14: the reception register exported for a desk with no vault (export_reception_register) ----------
const REG_KEY = "4f1c9a2be7d03586".repeat(4) + "b8e2d47a190c6f35".repeat(4); // the mock desk's key (128 hex)
const REG_KEY_TYPED = (REG_KEY.match(/.{8}/g) ?? []).reduce((s, g, i) => s + (i === 0 ? "" : i % 4 === 0 ? "\n" : " ") + g, ""); // as the desk shows it
const REG_FINGERPRINT = "D3SK-7QRT-M4NV"; // the mock desk's, for REG_KEY
const REG_PATH = "/media/hanna/USB/register.json";
const HANNA_FINGERPRINT = "K7QD-M2XA-9RTB"; // hanna's key fingerprint (my_access)

/** hanna (or `user`) logged in with "Mottagningsregister för en disk utan valv" opened. */
async function registerExportShown(page, user = "hanna") {
  await login(page, user);
  await waitView(page, "view-handler");
  await page.locator("#register-export-button").waitFor({ state: "visible" });
  await page.click("#register-export-button");
  await page.locator("#register-export").waitFor({ state: "visible" });
}

/** The form filled (each given field) and sent; waits until the result or an error is on show. */
async function exportRegisterTo(page, { key = REG_KEY_TYPED, fingerprint = REG_FINGERPRINT, days, path = REG_PATH } = {}) {
  await page.fill("#register-export-key", key);
  await page.fill("#register-export-fingerprint", fingerprint);
  if (days !== undefined) await page.fill("#register-export-days", String(days));
  await page.fill("#register-export-path", path);
  await page.click("#register-export-submit");
  await page.waitForFunction(
    () =>
      document.querySelector("#register-export-submit").getAttribute("aria-disabled") !== "true" &&
      (!document.querySelector("#register-export-result").hidden || [...document.querySelectorAll("#register-export .error")].some((e) => !e.hidden)),
  );
}

const localDay = (page, iso) => page.evaluate((at) => {
  const d = new Date(at);
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}, iso);

/** The result line the panel must say of `out` (the mock's answer) in `lang`. */
async function registerResultSaid(page, lang, out) {
  const persons = out.persons === 1 ? say(lang, "regExport.persons1") : say(lang, "regExport.persons", { n: out.persons });
  return say(lang, "regExport.result", { seq: out.seq, persons, path: out.path, date: await localDay(page, out.valid_until) });
}

describe("issue #14: register export", () => {
  test("(a) the case handler has the panel in the toolbar, its fields labelled, 7 days by default and what the register holds said before the button; an administrator has none and is refused", async () => {
    const C = CATALOGS.sv;
    let app = await openApp({ vaultExists: true });
    let { page } = app;
    await registerExportShown(page);
    assert.equal((await page.locator("#register-export-button").innerText()).trim(), C["regExport.open"]);
    assert.equal(await page.getAttribute("#register-export-button", "aria-expanded"), "true");
    assert.equal(await focusOn(page, "register-export-heading"), "register-export-heading");
    assert.equal((await page.locator("#register-export-heading").innerText()).trim(), "Mottagningsregister för en disk utan valv");
    const label = (css) => page.locator(css).evaluate((i) => i.labels[0]?.innerText.trim());
    assert.equal(await label("#register-export-key"), "Diskens nyckel");
    assert.equal(await page.locator("#register-export-key").evaluate((e) => e.tagName), "TEXTAREA");
    assert.equal(await label("#register-export-fingerprint"), "Diskens fingeravtryck — läs av det på diskens skärm");
    assert.equal(await label("#register-export-days"), "Antal dagar registret gäller");
    assert.equal(await page.inputValue("#register-export-days"), "7");
    assert.deepEqual([await page.getAttribute("#register-export-days", "min"), await page.getAttribute("#register-export-days", "max")], ["1", "31"]);
    assert.equal(await label("#register-export-path"), C["saveFile.path"]);
    const contents = "Registret innehåller bara låsta kontrollsummor för varje skyddad person — inga namn eller nummer. Det krypteras för just den här disken och loggas.";
    assert.equal((await page.locator("#register-export-contents").innerText()).trim(), contents);
    assert.ok(
      await page.evaluate(() => !!(document.querySelector("#register-export-contents").compareDocumentPosition(document.querySelector("#register-export-submit")) & Node.DOCUMENT_POSITION_FOLLOWING)),
      "what the register holds is not said before the button",
    );
    assert.ok(await page.locator("#register-export-result").isHidden());
    assert.equal((await callsOf(page, "export_reception_register")).length, 0, "the panel asked the core before it was sent");
    await page.click("#register-export-button");
    assert.ok(await page.locator("#register-export").isHidden());
    await close(app);

    assert.deepEqual(CONTRACT.OPERATIONS.find((o) => o.name === "export_reception_register")?.roles, ["handlaggare"]);
    app = await openApp({ vaultExists: true });
    page = app.page;
    await adminView(page);
    assert.equal(await page.locator("#view-admin #register-export").count(), 0, "the register export is in the admin's view");
    assert.ok(await page.locator("#register-export").isHidden(), "the register export is on show to an administrator");
    assert.ok(await page.locator("#register-export-button").isHidden(), "the register export button is on show to an administrator");
    const out = await page.evaluate(async (args) => {
      try {
        await window.__TAURI__.core.invoke("export_reception_register", args);
        return { code: "allowed" };
      } catch (e) {
        return { code: e.code, violations: window.__mock.violations.splice(0) };
      } finally {
        window.__mock.violations.splice(0);
      }
    }, { deskKey: REG_KEY, fingerprint: REG_FINGERPRINT, days: 7, path: REG_PATH });
    assert.equal(out.code, "DENIED");
    assert.equal(out.violations.length, 1);
    assert.equal(await page.evaluate(() => window.__mock.registerExports.length), 0);
    await close(app);
  });

  test("(b) an export sends the typed key, fingerprint, days and path, says the result in words with focus on its heading, and how to install it with the handler's own fingerprint; logged, flagged", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await registerExportShown(page);
    await exportRegisterTo(page, { fingerprint: " d3sk 7qrt m4nv ", days: 14, path: ` ${REG_PATH} ` });
    assert.ok(await page.locator("#register-export-result").isVisible(), `no result: ${await page.locator("#register-export").innerText()}`);
    assert.deepEqual((await callsOf(page, "export_reception_register")).map((c) => c.args), [{ deskKey: REG_KEY_TYPED, fingerprint: "d3sk 7qrt m4nv", days: 14, path: REG_PATH }]);
    const [written] = await page.evaluate(() => window.__mock.registerExports);
    assert.equal(written.seq, 4);
    assert.equal(written.desk, REG_FINGERPRINT);
    assert.ok(written.persons > 0);
    assert.equal(await focusOn(page, "register-export-result-heading"), "register-export-result-heading");
    assert.equal((await page.locator("#register-export-result-heading").innerText()).trim(), C["regExport.resultTitle"]);
    const text = (await page.locator("#register-export-result-text").innerText()).trim();
    assert.equal(text, await registerResultSaid(page, "sv", written));
    assert.match(text, new RegExp(`^Register nr 4 med ${written.persons} skyddade personer skrivet till ${REG_PATH.replace(/\//g, "\\/")}, gäller t\\.o\\.m\\. \\d{4}-\\d{2}-\\d{2}\\.$`));
    // 14 days from now, as the handler's calendar says it.
    assert.equal(await localDay(page, written.valid_until), await localDay(page, new Date(Date.now() + 14 * 86400000).toISOString()));
    const next = (await page.locator("#register-export-result").innerText()).replace(/\s+/g, " ");
    assert.ok(next.includes(C["regExport.carry"]), "the result does not say to carry the file to the desk");
    assert.ok(next.includes(C["regExport.firstTime"]), "the result does not say to read the fingerprint the first time");
    assert.equal((await page.locator("#register-export-mine").innerText()).trim(), say("sv", "regExport.yourFingerprint", { fingerprint: HANNA_FINGERPRINT }));
    assert.deepEqual(await logOf(page, "reception_register_exported"), [{ person_ref: null, purpose: null, flagged: true, outcome: "allowed" }]);
    // The file is encrypted: a temporary folder is fine; the next register is nr 5.
    await exportRegisterTo(page, { path: "/tmp/register.json" });
    const after = await page.evaluate(() => window.__mock.registerExports.at(-1));
    assert.equal(after.seq, 5);
    assert.equal((await page.locator("#register-export-result-text").innerText()).trim(), await registerResultSaid(page, "sv", after));
    assert.equal((await callsOf(page, "export_reception_register")).at(-1).args.days, 14, "the days typed did not stay for the next export");
    // In English.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await page.locator("#register-export-result-text").innerText()).trim(), await registerResultSaid(page, "en", after));
    assert.equal((await page.locator("#register-export-mine").innerText()).trim(), say("en", "regExport.yourFingerprint", { fingerprint: HANNA_FINGERPRINT }));
    await close(app);
  });

  test("(c) a wrong fingerprint, a bad key, 0 days and an existing path are each said in their own words next to their field, with no result; NO_DATA_ACCESS at the button", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ vaultExists: true, existingFiles: [REG_PATH] });
    const { page } = app;
    await registerExportShown(page);
    const noResult = async (what) => {
      assert.ok(await page.locator("#register-export-result").isHidden(), `a result after ${what}`);
      assert.ok(await page.locator("#register-export-error").isHidden(), `${what} is (also) said at the button`);
    };
    // A first register, so that a refusal is seen to take the earlier result away.
    await exportRegisterTo(page, { path: "/media/hanna/USB/forsta.json" });
    assert.ok(await page.locator("#register-export-result").isVisible());

    await exportRegisterTo(page, { fingerprint: "D3SK-7QRT-M4NW" });
    assert.equal(await nextTo(page, "#register-export-fingerprint", "#register-export-fingerprint-error"), "Fingeravtrycket stämmer inte med nyckeln. Läs av det igen på diskens skärm.");
    assert.equal((await lastError(page, "export_reception_register"))?.code, "FINGERPRINT_MISMATCH");
    assert.ok(!(await pageHolds(page, "the fingerprint does not match")), "the core's English message is in the page");
    await noResult("a wrong fingerprint");

    await exportRegisterTo(page, { key: "4f1c 9a2b e7d0 3586" });
    assert.equal(await nextTo(page, "#register-export-key", "#register-export-key-error"), C["regExport.key.FORMAT"]);
    assert.deepEqual(await lastError(page, "export_reception_register"), { code: "INVALID_INPUT", message: "a desk key is 128 hex characters", field: "desk_key", rule: "FORMAT" });
    assert.ok(await page.locator("#register-export-fingerprint-error").isHidden(), "the fingerprint's error stayed");
    await noResult("a bad key");

    await exportRegisterTo(page, { days: 0 });
    assert.equal((await callsOf(page, "export_reception_register")).at(-1).args.days, 0);
    assert.equal(await nextTo(page, "#register-export-days", "#register-export-days-error"), "Skriv ett antal dagar från 1 till 31.");
    assert.deepEqual(await lastError(page, "export_reception_register"), { code: "INVALID_INPUT", message: "a register is valid 1 to 31 days", field: "valid_days", rule: "OUT_OF_RANGE" });
    await noResult("0 days");
    // Editing the field takes its error away.
    await page.fill("#register-export-days", "7");
    assert.ok(await page.locator("#register-export-days-error").isHidden());
    assert.equal(await page.getAttribute("#register-export-days", "aria-invalid"), null);

    await exportRegisterTo(page, { days: 7 });
    assert.equal(await nextTo(page, "#register-export-path", "#register-export-path-error"), C["logFile.EXISTS"]);
    assert.equal((await lastError(page, "export_reception_register"))?.rule, "EXISTS");
    await noResult("an existing path");

    // An account without the records key: the catalog's words at the button (the core refuses).
    await page.evaluate(() => window.__mock.refuseNext("export_reception_register", { code: "NO_DATA_ACCESS", message: "no access" }));
    await exportRegisterTo(page, { path: "/media/hanna/USB/andra.json" });
    assert.equal((await page.locator("#register-export-error").innerText()).trim(), C["error.NO_DATA_ACCESS"]);
    assert.equal(await focusOn(page, "register-export-submit"), "register-export-submit");
    assert.ok(await page.locator("#register-export-path-error").isHidden());
    assert.ok(await page.locator("#register-export-result").isHidden());

    assert.equal(await page.evaluate(() => window.__mock.registerExports.length), 1, "a refused export wrote a register");
    assert.equal((await logOf(page, "reception_register_exported")).filter((e) => e.outcome === "denied").length, 4);
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`(d) the register export panel, with a refused fingerprint and with the result, has no serious or critical violations (${lang})`, async () => {
      const app = await openApp({ vaultExists: true });
      const { page } = app;
      await setLang(page, lang);
      await registerExportShown(page);
      await page.locator("#register-export").scrollIntoViewIfNeeded();
      await check(page, lang, "handler-register-export");
      await exportRegisterTo(page, { fingerprint: "AAAA-BBBB-CCCC" });
      assert.equal(await nextTo(page, "#register-export-fingerprint", "#register-export-fingerprint-error"), CATALOGS[lang]["regExport.err.FINGERPRINT_MISMATCH"]);
      await axe(page, `register export, a wrong fingerprint (${lang})`);
      await exportRegisterTo(page);
      assert.equal(await focusOn(page, "register-export-result-heading"), "register-export-result-heading");
      await check(page, lang, "handler-register-export-done");
      await close(app);
    });
  }
});

// ---- issue #14: the reception desk with no vault (reception-only mode) ----------------------------------------
const DESK_REGISTER = "/home/rut/register.json"; // nr 3, valid until 2026-12-09T10:00:00Z
const DESK_EXPORTER = "ABCD-EFGH-JKMN"; // the exporting case handler's key fingerprint
const DESK_FINGERPRINT = "D3SK-7QRT-M4NV"; // the mock desk's own
const DESK_UNTIL = "2026-12-09";
const DESK_OPERATOR = "Rut Ek";
const DESK_HIT = "19850709-9805";
const DESK_REFERRAL = "Hanna Handläggare (Socialtjänsten Väster, 010-123 45 00)";

/** The desk view on show with the register's status said. */
async function deskShown(page) {
  await waitView(page, "view-desk");
  await page.locator("#desk-register-status").filter({ hasText: /\S/ }).waitFor();
}

const deskText = (page, css) => page.locator(css).innerText().then((s) => s.trim());

/** "Installera registret" with `path` and `trust`; waits for the success message or a refusal. */
async function deskInstall(page, path, trust = "") {
  if (!(await page.evaluate(() => document.querySelector("#desk-install").open))) await page.click("#desk-install-summary");
  await page.fill("#desk-install-path", path);
  await page.fill("#desk-install-trust", trust);
  await page.click("#desk-install-submit");
  await page.waitForFunction(
    () =>
      document.querySelector("#desk-install-submit").getAttribute("aria-disabled") !== "true" &&
      (document.querySelector("#desk-install-done").textContent.trim() !== "" ||
        ["#desk-install-path-error", "#desk-install-trust-error", "#desk-install-error", "#desk-operator-error"].some((c) => !document.querySelector(c).hidden)),
  );
}

/** "Slå upp" of `text`; waits for an answer or an error at an input. */
async function deskLookup(page, text) {
  await page.fill("#desk-lookup-input", text);
  await page.click("#desk-lookup-submit");
  await page.waitForFunction(
    () =>
      document.querySelector("#desk-lookup-submit").getAttribute("aria-disabled") !== "true" &&
      (document.querySelector("#desk-answer").hasAttribute("data-outcome") || ["#desk-lookup-error", "#desk-operator-error"].some((c) => !document.querySelector(c).hidden)),
  );
}

/** The desk view's own constant: how long an answer stays. */
const deskClearSeconds = (page) => page.evaluate(async () => (await import("/views/desk.js")).DESK_CLEAR_SECONDS);

describe("issue #14: reception desk", () => {
  test("(a) the normal app asks desk_mode first, gets null and goes on as before: login (or the first run), no desk view; the desk's commands are NOT_A_VAULT there, accept_restore the admin's", async () => {
    let app = await openApp({ vaultExists: true });
    let { page } = app;
    await waitView(page, "view-login");
    assert.ok(await page.locator("#view-desk").isHidden(), "the desk view is on show in the normal app");
    const cmds = await page.evaluate(() => window.__mock.calls.map((c) => c.cmd));
    assert.deepEqual(cmds.slice(0, 2), ["desk_mode", "vault_status"], `the app did not ask desk_mode first: ${cmds}`);
    assert.deepEqual((await callsOf(page, "desk_mode")).map((c) => [c.args, c.error ?? null]), [[{}, null]]);
    const r = await page.evaluate(async () => {
      const inv = window.__TAURI__.core.invoke;
      const out = {};
      const grab = async (k, p) => {
        try {
          out[k] = { ok: await p };
        } catch (e) {
          out[k] = { err: e.code ?? String(e) };
        }
      };
      await grab("mode", inv("desk_mode", {}));
      await grab("init", inv("desk_init", {}));
      await grab("install", inv("desk_install", { path: "/home/rut/register.json", trust: null, operator: "Rut Ek" }));
      await grab("lookup", inv("desk_lookup", { operator: "Rut Ek", text: "19850709-9805" }));
      await inv("login", { user: "admin", password: "rätt lösenord 2024" });
      await grab("accept", inv("accept_restore", {}));
      const entry = window.__mock.log[0];
      await inv("lock", {});
      await inv("login", { user: "hanna", password: "rätt lösenord 2024" });
      await grab("handler", inv("accept_restore", {}));
      await inv("lock", {});
      return { out, entry: { seq: entry.seq, action: entry.action, actor: entry.actor, flagged: entry.flagged }, violations: window.__mock.violations.splice(0) };
    });
    assert.deepEqual(r.out.mode, { ok: null });
    for (const k of ["init", "install", "lookup"]) assert.equal(r.out[k].err, "NOT_A_VAULT", `desk_${k} outside the desk mode`);
    assert.equal(typeof r.out.accept.ok, "number");
    assert.deepEqual(r.entry, { seq: r.out.accept.ok, action: "restore_accepted", actor: "admin", flagged: true });
    assert.equal(r.out.handler.err, "DENIED");
    assert.equal(r.violations.length, 1, `violations: ${JSON.stringify(r.violations)}`);
    await close(app);

    // The first run too: the set-up view, as before.
    app = await openApp({ vaultExists: false });
    page = app.page;
    await waitView(page, "view-setup");
    assert.ok(await page.locator("#view-desk").isHidden());
    await close(app);
  });

  test("(b) a desk not set up offers to become one; after desk_init the fingerprint large in groups, the key read-only to copy and the instruction; a set-up desk shows them under Diskens nyckel", async () => {
    const C = CATALOGS.sv;
    let app = await openApp({ deskMode: {} });
    let { page } = app;
    await deskShown(page);
    assert.equal(await focusOn(page, "desk-heading"), "desk-heading");
    assert.equal(await deskText(page, "#desk-heading"), C["desk.title"]);
    assert.equal(await deskText(page, "#view-desk .desk-mode-note"), "Mottagningsdisk utan valv. Varje sökning loggas i diskens egen logg.");
    assert.equal(await deskText(page, "#desk-register-status"), "Inget register är installerat.");
    assert.equal(await deskText(page, "#desk-init"), "Gör den här datorn till en mottagningsdisk");
    assert.ok(await page.locator("#desk-init").isVisible());
    for (const css of ["#desk-work", "#desk-key"]) assert.ok(await page.locator(css).isHidden(), `${css} is on show before the desk is set up`);
    assert.equal((await callsOf(page, "vault_status")).length, 0, "a desk asked about a vault");

    await page.click("#desk-init");
    assert.equal(await focusOn(page, "desk-key-heading"), "desk-key-heading");
    assert.deepEqual((await callsOf(page, "desk_init")).map((c) => c.args), [{}]);
    assert.ok(await page.locator("#desk-setup").isHidden(), "the set-up offer stays after desk_init");
    assert.equal(await deskText(page, "#desk-key-heading"), "Diskens nyckel");
    assert.equal((await page.locator("#desk-fingerprint").innerText()).replace(/\s/g, ""), DESK_FINGERPRINT);
    assert.deepEqual(await page.$$eval("#desk-fingerprint .fp-group", (gs) => gs.map((g) => g.textContent)), DESK_FINGERPRINT.split("-"));
    const size = await page.$eval("#desk-fingerprint", (e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 28, `the fingerprint is not large (${size}px)`);
    assert.match(await labelledBy(page, "#desk-fingerprint"), /^Diskens fingeravtryck D 3 S K, 7 Q R T, M 4 N V$/);
    const key = await page.evaluate(async () => (await window.__TAURI__.core.invoke("desk_mode", {})).info.key);
    assert.match(key, /^[0-9a-f]{128}$/);
    const field = await page.$eval("#desk-key-text", (e) => ({ value: e.value, readOnly: e.readOnly, tag: e.tagName, label: document.querySelector('label[for="desk-key-text"]').textContent.trim() }));
    assert.equal(field.tag, "TEXTAREA");
    assert.ok(field.readOnly, "the key can be edited");
    assert.equal(field.value.replace(/\s/g, ""), key, "the key field does not hold the desk's key");
    assert.ok(field.value.split("\n").every((l) => /^([0-9a-f]{8} ){3}[0-9a-f]{8}$/.test(l)), `the key is not in groups: ${field.value}`);
    assert.equal(field.label, C["desk.keyLabel"]);
    assert.match(await page.locator("#desk-key").innerText(), /Ge nyckeln till handläggaren som exporterar registret\. Handläggaren läser av fingeravtrycket på den här skärmen innan exporten\./);
    await page.click("#desk-key-select");
    assert.equal(await page.evaluate(() => { const e = document.activeElement; return e.id === "desk-key-text" ? e.value.slice(e.selectionStart, e.selectionEnd) : null; }), field.value, "Markera nyckeln does not select the key");
    // Now the desk works: the lookup, and the install form open (nothing is installed yet); the key
    // stands first while nothing is installed.
    assert.ok(await page.locator("#desk-work").isVisible());
    assert.ok(await page.evaluate(() => Boolean(document.querySelector("#desk-key").compareDocumentPosition(document.querySelector("#desk-work")) & Node.DOCUMENT_POSITION_FOLLOWING)), "the key is not first while nothing is installed");
    assert.ok(await page.evaluate(() => document.querySelector("#desk-install").open), "the install form is folded while nothing is installed");
    await close(app);

    // A desk set up before: no offer, the key from desk_mode's info, desk_init never called.
    app = await openApp({ deskMode: { setUp: true } });
    page = app.page;
    await deskShown(page);
    assert.ok(await page.locator("#desk-setup").isHidden());
    assert.ok(await page.locator("#desk-key").isVisible());
    assert.equal(await deskText(page, "#desk-key-heading"), "Diskens nyckel");
    assert.equal((await page.locator("#desk-fingerprint").innerText()).replace(/\s/g, ""), DESK_FINGERPRINT);
    assert.equal((await page.inputValue("#desk-key-text")).replace(/\s/g, ""), key);
    assert.equal((await callsOf(page, "desk_init")).length, 0);
    await close(app);

    // With a register in, the key waits below the lookup and the install form.
    app = await openApp({ deskMode: { installed: true } });
    page = app.page;
    await deskShown(page);
    assert.ok(await page.locator("#desk-key").isVisible());
    assert.ok(await page.evaluate(() => Boolean(document.querySelector("#desk-work").compareDocumentPosition(document.querySelector("#desk-key")) & Node.DOCUMENT_POSITION_FOLLOWING)), "the key stands before the lookup on a working desk");
    assert.equal(await page.evaluate(() => document.querySelector("#desk-install").open), false, "the install form is open on a working desk");
    await close(app);
  });

  test("(c) installing: untrusted at the fingerprint, then with it the status with the date; outdated, changed, unsigned, expired and unreadable files each in their own words at the path", async () => {
    const app = await openApp({ deskMode: { setUp: true } });
    const { page } = app;
    await deskShown(page);
    await page.fill("#desk-operator", DESK_OPERATOR);

    await deskInstall(page, "");
    assert.equal((await nextTo(page, "#desk-install-path", "#desk-install-path-error")).trim(), say("sv", "desk.pathMissing"));
    assert.equal((await callsOf(page, "desk_install")).length, 0, "an empty path was sent");

    await deskInstall(page, DESK_REGISTER);
    assert.equal((await nextTo(page, "#desk-install-trust", "#desk-install-trust-error")).trim(), say("sv", "error.REGISTER_UNTRUSTED"));
    assert.equal(await page.getAttribute("#desk-install-trust-error", "data-code"), "REGISTER_UNTRUSTED");
    assert.ok(await page.locator("#desk-install-path-error").isHidden(), "the untrusted register is (also) said at the path");
    assert.equal(await deskText(page, "#desk-register-status"), "Inget register är installerat.");

    await deskInstall(page, DESK_REGISTER, DESK_EXPORTER);
    assert.equal(await deskText(page, "#desk-register-status"), `Registret (nr 3) gäller t.o.m. ${DESK_UNTIL}.`);
    assert.equal(await deskText(page, "#desk-install-done"), say("sv", "desk.installed", { seq: 3, date: DESK_UNTIL }));
    assert.ok(await page.locator("#desk-install-trust-error").isHidden(), "the untrusted message stays after the install");
    assert.ok(await page.locator("#desk-register-warning").isHidden(), "a warning for a register valid a week");
    assert.deepEqual((await callsOf(page, "desk_install")).map((c) => c.args), [
      { path: DESK_REGISTER, trust: null, operator: DESK_OPERATOR },
      { path: DESK_REGISTER, trust: DESK_EXPORTER, operator: DESK_OPERATOR },
    ]);
    assert.equal(await page.inputValue("#desk-install-path"), "");
    assert.equal(await page.inputValue("#desk-install-trust"), "");

    const files = [
      ["/home/rut/gammalt.json", "REGISTER_OUTDATED", "error.REGISTER_OUTDATED"],
      ["/home/rut/andrat.json", "REGISTER_BAD_SIGNATURE", "error.REGISTER_BAD_SIGNATURE"],
      ["/home/rut/osignerat.json", "REGISTER_UNSIGNED", "error.REGISTER_UNSIGNED"],
      ["/home/rut/utgånget.json", "REGISTER_EXPIRED", "error.REGISTER_EXPIRED"],
      ["/home/rut/finns-inte.json", "INVALID_INPUT", "desk.fileUnreadable"],
    ];
    const said = new Set();
    for (const [path, code, key] of files) {
      await deskInstall(page, path);
      const text = (await nextTo(page, "#desk-install-path", "#desk-install-path-error")).trim();
      assert.equal(text, say("sv", key), `${path} is not said in its own words`);
      assert.equal(await page.getAttribute("#desk-install-path-error", "data-code"), code);
      assert.equal((await lastError(page, "desk_install"))?.code, code);
      assert.ok(!(await pageHolds(page, (await lastError(page, "desk_install")).message)), `the core's English message for ${path} is in the page`);
      assert.ok(await page.locator("#desk-install-trust-error").isHidden(), `${path} is said at the fingerprint`);
      assert.equal(await deskText(page, "#desk-register-status"), `Registret (nr 3) gäller t.o.m. ${DESK_UNTIL}.`, `${path} changed the status`);
      said.add(text);
    }
    assert.equal(said.size, files.length, "two refusals share their words");
    // Said again in English, where it stands.
    await page.click("#lang-switch");
    await page.locator("#desk-install-path-error", { hasText: say("en", "desk.fileUnreadable") }).waitFor();
    assert.equal(await deskText(page, "#desk-register-status"), `The register (no. 3) is valid through ${DESK_UNTIL}.`);
    await page.click("#lang-switch");

    // Trusted from now on: the next export installs without the fingerprint.
    await deskInstall(page, "/home/rut/nytt.json");
    assert.equal(await deskText(page, "#desk-register-status"), "Registret (nr 5) gäller t.o.m. 2026-12-16.");
    assert.ok(await page.locator("#desk-install-path-error").isHidden());
    assert.deepEqual((await callsOf(page, "desk_install")).at(-1).args, { path: "/home/rut/nytt.json", trust: null, operator: DESK_OPERATOR });
    await close(app);
  });

  test("(d) a lookup: the operator first, a hit refers in words and clears the field, a miss says what it means with the date, a wrong check digit at the input; the answer and the typed number clear by themselves", async () => {
    const C = CATALOGS.sv;
    const app = await openApp({ deskMode: { installed: true } });
    const { page } = app;
    await page.clock.install();
    await deskShown(page);
    assert.equal(await deskText(page, "#desk-register-status"), `Registret (nr 3) gäller t.o.m. ${DESK_UNTIL}.`);
    assert.equal(await page.getAttribute("#desk-lookup-input", "autocomplete"), "off");
    assert.equal(await deskText(page, 'label[for="desk-lookup-input"]'), "Personnummer, samordningsnummer eller namn och födelseår (Namn, 1985)");
    assert.equal(await deskText(page, 'label[for="desk-operator"]'), "Ditt namn (loggas med varje sökning)");

    // No name yet: asked for, nothing sent.
    await deskLookup(page, DESK_HIT);
    assert.equal((await nextTo(page, "#desk-operator", "#desk-operator-error")).trim(), say("sv", "desk.operatorMissing"));
    assert.equal((await callsOf(page, "desk_lookup")).length, 0, "a lookup was sent without the operator");

    await page.fill("#desk-operator", DESK_OPERATOR);
    assert.ok(await page.locator("#desk-operator-error").isHidden(), "the operator's error stays once the name is typed");
    await deskLookup(page, DESK_HIT);
    const box = page.locator('#desk-answer[data-outcome="found"]');
    await box.waitFor();
    assert.equal(await deskText(page, "#desk-answer .answer-main"), `Skyddad — hänvisa till ${DESK_REFERRAL}.`);
    assert.equal(await deskText(page, "#desk-answer .answer-main"), say("sv", "desk.protectedRefer", { referral: DESK_REFERRAL }));
    assert.deepEqual(await page.$$eval("#desk-answer dl dd", (ds) => ds.map((d) => d.textContent.trim())), [C["protection.skyddad_folkbokforing"], "Å. K. L."]);
    assert.equal(await page.inputValue("#desk-lookup-input"), "", "the typed number stays next to the answer");
    assert.ok(!(await pageHolds(page, "9805")), "the typed number is still in the page");
    const countdown = page.locator("#desk-answer-countdown");
    await countdown.waitFor({ state: "visible" });
    const secs = await deskClearSeconds(page);
    assert.equal(secs, 30);
    assert.match(await countdown.innerText(), /^Rensas om 0:(30|29)$/);

    // The other forms of the number are the same person; the name is kept for the session.
    for (const form of ["850709-9805", "198507099805"]) {
      await deskLookup(page, form);
      await page.locator('#desk-answer[data-outcome="found"] .answer-main', { hasText: DESK_REFERRAL }).waitFor();
    }
    assert.equal(await page.inputValue("#desk-operator"), DESK_OPERATOR);

    // A miss: the sentence with the register's date and that it does not mean no protection.
    await deskLookup(page, NOBODY);
    await page.locator('#desk-answer[data-outcome="not-found"]').waitFor();
    const miss = await deskText(page, "#desk-answer .answer-main");
    assert.equal(miss, `Ingen träff i registret (registret gäller t.o.m. ${DESK_UNTIL}; det betyder inte att personen saknar skydd).`);
    assert.equal(miss, say("sv", "desk.noMatch", { date: DESK_UNTIL }));
    assert.equal(await page.inputValue("#desk-lookup-input"), "");
    assert.deepEqual((await callsOf(page, "desk_lookup")).map((c) => c.args), [
      { operator: DESK_OPERATOR, text: DESK_HIT },
      { operator: DESK_OPERATOR, text: "850709-9805" },
      { operator: DESK_OPERATOR, text: "198507099805" },
      { operator: DESK_OPERATOR, text: NOBODY },
    ]);
    assert.deepEqual(await page.evaluate(() => window.__mock.deskLog.map((e) => [e.operator, e.result])), [[DESK_OPERATOR, "hit"], [DESK_OPERATOR, "hit"], [DESK_OPERATOR, "hit"], [DESK_OPERATOR, "miss"]]);

    // A wrong check digit: at the input, never "Ingen träff"; a name without a year: what a lookup needs.
    await deskLookup(page, "19850709-9806");
    assert.equal((await nextTo(page, "#desk-lookup-input", "#desk-lookup-error")).trim(), say("sv", "error.INVALID_IDENTITY_NUMBER.INVALID_IDENTITY_CHECK_DIGIT"));
    assert.equal(await page.getAttribute("#desk-lookup-error", "data-code"), "INVALID_IDENTITY_NUMBER");
    assert.equal(await deskText(page, "#desk-answer"), "", "a wrong check digit has an answer");
    assert.ok(!/Ingen träff/.test(await page.locator("#view-desk").innerText()), "a wrong check digit answers 'Ingen träff'");
    assert.ok(!(await pageHolds(page, "check digit")), "the core's English message is in the page");
    await deskLookup(page, "Åsa Kanarie Lind");
    assert.equal((await nextTo(page, "#desk-lookup-input", "#desk-lookup-error")).trim(), say("sv", "reception.exactOnly"));
    await deskLookup(page, "Åsa Kanarie Lind, 1985");
    await page.locator('#desk-answer[data-outcome="found"]').waitFor();

    // The answer goes by itself after the constant's time (not before), and nothing typed stays.
    await page.clock.fastForward((secs - 10) * 1000);
    assert.ok(await box.isVisible(), "the answer went before its time");
    assert.match(await countdown.innerText(), /^Rensas om 0:(10|09)$/);
    await page.clock.fastForward(11000);
    await page.waitForFunction(() => document.querySelector("#desk-answer").textContent === "");
    assert.ok(await countdown.isHidden(), "the countdown stays");
    assert.ok(!/Hanna|Skyddad|Å\. K\. L\./.test(await page.locator("#view-desk").innerText()), "the answer stays on screen");
    for (const typed of ["9805", "9806", "Kanarie"]) assert.ok(!(await pageHolds(page, typed)), `${typed} stays in the page`);

    // A number with a wrong digit left in the field goes too, after the same time.
    await deskLookup(page, "19850709-9806");
    assert.equal(await page.inputValue("#desk-lookup-input"), "19850709-9806", "the number to correct is taken away at once");
    await page.clock.fastForward(secs * 1000 + 500);
    await page.waitForFunction(() => document.querySelector("#desk-lookup-input").value === "");
    assert.ok(await page.locator("#desk-lookup-error").isHidden());
    assert.ok(!(await pageHolds(page, "9806")));

    // Something new typed: the earlier answer goes at once.
    await deskLookup(page, NOBODY);
    await page.locator('#desk-answer[data-outcome="not-found"]').waitFor();
    await page.locator("#desk-lookup-input").press("End");
    await page.keyboard.type("1");
    assert.equal(await deskText(page, "#desk-answer"), "", "the answer stays after new input");
    await close(app);
  });

  test("(d) the register's refusals of a lookup in words: none installed, expired, rate-limited; the core's own check of the operator at the name", async () => {
    let app = await openApp({ deskMode: { setUp: true } });
    let { page } = app;
    await deskShown(page);
    await page.fill("#desk-operator", DESK_OPERATOR);
    await deskLookup(page, DESK_HIT);
    await page.locator('#desk-answer[data-outcome="error"]').waitFor();
    assert.equal(await deskText(page, "#desk-answer"), say("sv", "error.REGISTER_MISSING"));
    assert.equal(await page.inputValue("#desk-lookup-input"), "");
    // The core's refusal of the name (as Desk::lookup gives it) at the name's field, in the desk's words.
    await page.evaluate(() => window.__mock.refuseNext("desk_lookup", { code: "INVALID_INPUT", message: "say who is at the desk", field: "user_name", rule: "REQUIRED" }));
    await deskLookup(page, DESK_HIT);
    assert.equal((await nextTo(page, "#desk-operator", "#desk-operator-error")).trim(), say("sv", "desk.operatorMissing"));
    await close(app);

    app = await openApp({ deskMode: { installed: true, expired: true } });
    page = app.page;
    await deskShown(page);
    await page.fill("#desk-operator", DESK_OPERATOR);
    await deskLookup(page, DESK_HIT);
    await page.locator('#desk-answer[data-outcome="error"]').waitFor();
    assert.equal(await deskText(page, "#desk-answer"), say("sv", "error.REGISTER_EXPIRED"));
    assert.equal(await deskText(page, "#desk-register-status"), say("sv", "desk.statusExpired", { seq: 3, date: DESK_UNTIL }));
    assert.ok(await page.locator("#desk-register-warning").isHidden(), "an expired register is said to expire soon");
    await close(app);

    app = await openApp({ deskMode: { installed: true, rateLimited: true } });
    page = app.page;
    await deskShown(page);
    await page.fill("#desk-operator", DESK_OPERATOR);
    await deskLookup(page, DESK_HIT);
    await page.locator('#desk-answer[data-outcome="rate-limited"]').waitFor();
    assert.equal(await deskText(page, "#desk-answer .notice"), say("sv", "error.RATE_LIMITED"));
    assert.equal(await deskText(page, "#desk-answer .hint"), say("sv", "reception.rateLimitedHint"));
    assert.ok(!/Ingen träff|Skyddad/.test(await deskText(page, "#desk-answer")));
    assert.equal(await page.inputValue("#desk-lookup-input"), "");
    await close(app);
  });

  test("(e) a register that expires soon: a calm warning in words under the status; none otherwise", async () => {
    let app = await openApp({ deskMode: { installed: true, expiresSoon: true } });
    let { page } = app;
    await deskShown(page);
    assert.equal(await deskText(page, "#desk-register-status"), `Registret (nr 3) gäller t.o.m. ${DESK_UNTIL}.`);
    const warning = page.locator("#desk-register-warning");
    assert.ok(await warning.isVisible(), "no warning for a register that expires soon");
    assert.equal(await deskText(page, "#desk-register-warning"), "Registret går ut inom två dagar. Be en handläggare om en ny export.");
    assert.equal(await deskText(page, "#desk-register-warning"), say("sv", "desk.expiresSoon"));
    await page.click("#lang-switch");
    await page.locator("#desk-register-warning", { hasText: say("en", "desk.expiresSoon") }).waitFor();
    await close(app);

    app = await openApp({ deskMode: { installed: true } });
    page = app.page;
    await deskShown(page);
    assert.ok(await page.locator("#desk-register-warning").isHidden(), "a warning for a register valid a week");
    await close(app);
  });

  test("(g) keyboard only: the key selected, the name, the install form sent with Enter, a lookup with Enter, the form folded and opened, each with a visible focus", async () => {
    const app = await openApp({ deskMode: { setUp: true } });
    const { page } = app;
    const k = keyboard(page);
    try {
      await deskShown(page);
      await page.focus("#desk-heading");
      // Nothing installed yet: the desk's key comes first, then the name.
      await k.tabTo("the key's button", (f) => f.desc.startsWith("button#desk-key-select"), 5);
      await k.press("Enter");
      assert.equal(await focusOn(page, "desk-key-text"), "desk-key-text");
      await k.tabTo("the name", (f) => f.desc.startsWith("input#desk-operator"), 10);
      await k.typeText(DESK_OPERATOR);
      await k.tabTo("the install form", (f) => f.desc.startsWith("input#desk-install-path"), 20);
      await k.typeText(DESK_REGISTER);
      await k.press("Tab");
      assert.equal(await focusOn(page, "desk-install-trust"), "desk-install-trust");
      await k.typeText(DESK_EXPORTER);
      await k.press("Enter");
      await page.locator("#desk-register-status", { hasText: `Registret (nr 3) gäller t.o.m. ${DESK_UNTIL}.` }).waitFor();
      await page.focus("#desk-heading");
      await k.tabTo("the lookup", (f) => f.desc.startsWith("input#desk-lookup-input"), 10);
      await k.typeText(DESK_HIT);
      await k.press("Enter");
      await page.locator('#desk-answer[data-outcome="found"]').waitFor();
      // The install form folds and opens from the keyboard.
      await k.tabTo("the install summary", (f) => f.desc.startsWith("summary#desk-install-summary"), 10);
      await k.press("Enter");
      assert.equal(await page.evaluate(() => document.querySelector("#desk-install").open), false, "Enter does not fold the install form");
      await k.press("Enter");
      assert.equal(await page.evaluate(() => document.querySelector("#desk-install").open), true);
      await k.tabTo("the path again", (f) => f.desc.startsWith("input#desk-install-path"), 2);
    } catch (e) {
      console.log(`  keyboard steps:\n    ${k.steps.join("\n    ")}`);
      await app.context.close();
      throw e;
    }
    await close(app);
  });

  for (const lang of ["sv", "en"]) {
    test(`(f) the desk view not set up, with its key, with an answer, a miss and a refused file has no serious or critical violations (${lang})`, async () => {
      let app = await openApp({ deskMode: {} });
      let { page } = app;
      await setLang(page, lang);
      await deskShown(page);
      await check(page, lang, "desk-setup");
      await page.click("#desk-init");
      await page.locator("#desk-key").waitFor({ state: "visible" });
      await check(page, lang, "desk-key");
      await close(app);

      app = await openApp({ deskMode: { installed: true, expiresSoon: true } });
      page = app.page;
      await setLang(page, lang);
      await deskShown(page);
      await page.fill("#desk-operator", DESK_OPERATOR);
      await deskLookup(page, DESK_HIT);
      await page.locator('#desk-answer[data-outcome="found"]').waitFor();
      assert.equal(await deskText(page, "#desk-answer .answer-main"), say(lang, "desk.protectedRefer", { referral: DESK_REFERRAL }));
      assert.equal(await deskText(page, "#desk-register-warning"), say(lang, "desk.expiresSoon"));
      await check(page, lang, "desk-answer");
      await deskLookup(page, NOBODY);
      await page.locator('#desk-answer[data-outcome="not-found"]').waitFor();
      assert.equal(await deskText(page, "#desk-answer .answer-main"), say(lang, "desk.noMatch", { date: DESK_UNTIL }));
      await axe(page, `desk, a miss (${lang})`);
      await deskLookup(page, "19850709-9806");
      await page.locator("#desk-lookup-error").waitFor({ state: "visible" });
      await axe(page, `desk, a wrong check digit (${lang})`);
      await deskInstall(page, "/home/rut/andrat.json");
      assert.equal((await nextTo(page, "#desk-install-path", "#desk-install-path-error")).trim(), say(lang, "error.REGISTER_BAD_SIGNATURE"));
      await check(page, lang, "desk-install-refused");
      await close(app);
    });
  }
});

describe("the person form's retention facts (gallring)", () => {
  test("a rule, the end of the matter and an exception are sent as `retention` on create; an edit sends all three only when one changed; a bad date is refused at the field", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.click("#new-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    // The fieldset and its rule select, loaded from the vault's rules with the default first.
    assert.equal((await page.locator("#pf-retention-group > legend").innerText()).trim(), "Gallring");
    await page.waitForFunction(() => document.querySelectorAll("#pf-retention-rule option").length > 1);
    assert.deepEqual(await page.locator("#pf-retention-rule option").evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()])), [
      ["", "Valvets förvalda regel"],
      ["sol-personakt", "Personakt inom socialtjänsten – 5 år"],
      ["pdl-journal", "Patientjournal (hälso- och sjukvård) – 10 år"],
    ]);
    assert.ok((await callsOf(page, "list_retention_rules")).length >= 1, "the rules were not asked for");
    assert.equal(await page.locator("#pf-retention-exc-open_request").count(), 0, "open_request is offered");
    assert.equal((await page.locator('label[for="pf-retention-exc-legal_hold"]').innerText()).trim(), "Rättslig process (bevaras)");

    // (a) create: the rule, the date and one exception, exactly.
    await page.fill("#pf-name", "Gallra Gallrasson");
    await page.selectOption("#pf-retention-rule", "pdl-journal");
    await page.fill("#pf-matter_ended", "2024-05-31");
    await page.check("#pf-retention-exc-adoption");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    const created = (await callsOf(page, "create_person")).at(-1);
    assert.deepEqual(created.args.record.retention, { rule: "pdl-journal", matter_ended: "2024-05-31", exceptions: ["adoption"] });
    const ref = await page.getAttribute("#person-card", "data-person-ref");
    assert.match(ref, /^P-/);

    // (b) an edit of the exception only: the facts go whole; the form starts from what is stored.
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    assert.equal(await page.inputValue("#pf-retention-rule"), "pdl-journal");
    assert.equal(await page.inputValue("#pf-matter_ended"), "2024-05-31");
    assert.ok(await page.isChecked("#pf-retention-exc-adoption"));
    await page.uncheck("#pf-retention-exc-adoption");
    await page.check("#pf-retention-exc-legal_hold");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "edit_person")).at(-1).args, {
      personRef: ref,
      patch: { retention: { rule: "pdl-journal", matter_ended: "2024-05-31", exceptions: ["legal_hold"] } },
    });
    // Something else changed: no `retention`.
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    assert.ok(await page.isChecked("#pf-retention-exc-legal_hold"));
    await page.fill("#pf-municipality", "Lillby");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "edit_person")).at(-1).args, { personRef: ref, patch: { municipality: "Lillby" } });

    // (c) a date not written YYYY-MM-DD is said at the field before any call; the core's refusal too.
    await page.click("#edit-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    const before = (await callsOf(page, "edit_person")).length;
    await page.fill("#pf-matter_ended", "31/5 2024");
    await page.click("#pf-submit");
    assert.match(await nextTo(page, "#pf-matter_ended", "#pf-matter_ended-error"), /\S/);
    assert.equal((await callsOf(page, "edit_person")).length, before, "a bad date was sent");
    await page.evaluate(() =>
      window.__mock.refuseNext("edit_person", { code: "INVALID_INPUT", message: "matter_ended must be a date written YYYY-MM-DD", field: "matter_ended", rule: "FORMAT" }),
    );
    await page.fill("#pf-matter_ended", "2024-06-30");
    await page.click("#pf-submit");
    const words = await refusedAt(page, "#pf-matter_ended", "#pf-matter_ended-error");
    assert.ok(!/must be a date/.test(words), "the core's English was shown");
    assert.ok(!(await page.locator("#pf-form-error").isVisible()), "the refusal was said at the form");
    await close(app);
  });

  test("without the vault's rules the form offers the default only and still saves", async () => {
    const app = await openApp({ vaultExists: true });
    const { page } = app;
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.evaluate(() => window.__mock.refuseNext("list_retention_rules", { code: "DENIED", message: "not allowed" }));
    await page.click("#new-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "list_retention_rules"));
    assert.deepEqual(await page.locator("#pf-retention-rule option").evaluateAll((os) => os.map((o) => o.value)), [""]);
    await page.fill("#pf-name", "Utan Regler");
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "create_person")).at(-1).args.record.retention, { rule: null, matter_ended: null, exceptions: [] });
    await close(app);
  });
});

describe("the person form's retention facts across the idle lock", () => {
  test("a new-person form's rule, end of the matter and exception are kept in the draft and filled back", async () => {
    const app = await openApp({ vaultExists: true, idleLockSeconds: IDLE_LIMIT });
    const { page } = app;
    await page.clock.install();
    await caseloadShown(page);
    await page.click("#new-person-button");
    await page.locator("#person-form").waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelectorAll("#pf-retention-rule option").length > 1);
    await page.fill("#pf-name", "Kanarie Gallring");
    await page.selectOption("#pf-retention-rule", "sol-personakt");
    await page.fill("#pf-matter_ended", "2023-12-31");
    await page.check("#pf-retention-exc-child_placement");
    await page.clock.fastForward(WARN_AFTER_MS);
    await idleWarningShown(page);
    await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "keep_draft"));
    assert.deepEqual((await keptDrafts(page))[0].values, {
      name: "Kanarie Gallring", "retention-rule": "sol-personakt", matter_ended: "2023-12-31", "retention-exc-child_placement": true,
    });
    await page.keyboard.press("Control+l");
    await waitView(page, "view-login");
    await login(page, "hanna");
    await waitView(page, "view-handler");
    await page.locator("#draft-notice").waitFor({ state: "visible" });
    await page.click("#draft-restore");
    await page.locator("#person-form").waitFor({ state: "visible" });
    assert.equal(await page.inputValue("#pf-retention-rule"), "sol-personakt");
    assert.equal(await page.inputValue("#pf-matter_ended"), "2023-12-31");
    assert.ok(await page.isChecked("#pf-retention-exc-child_placement"));
    assert.ok(!(await page.isChecked("#pf-retention-exc-adoption")));
    await page.click("#pf-submit");
    await page.locator("#person-card").waitFor({ state: "visible" });
    assert.deepEqual((await callsOf(page, "create_person")).at(-1).args.record.retention, { rule: "sol-personakt", matter_ended: "2023-12-31", exceptions: ["child_placement"] });
    await close(app);
  });
});
