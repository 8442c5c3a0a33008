// UI checks of ui/ in headless Chromium with the Tauri IPC mocked (mock-tauri.js):
// - every view (setup, recovery, login, first password, case handler with results, card, form error
//   and the reveal dialog, reception with an answer, log reviewer with rows, admin with users), in
//   Swedish and in English, scanned by axe-core for WCAG 2.0/2.1 A and AA: any serious or critical
//   violation fails;
// - a keyboard-only walk through the case handler's flow, with visible focus at every step;
// - the UI keeps to the contract: only real commands with the right arguments (mock violations), no
//   CSP violations under the app's own CSP, no uncaught errors.
// Screenshots go to artifacts/ui/. Run: cd tests/ui && npm ci && npm test (make test does both).

import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync, mkdirSync, rmSync, existsSync, statSync, createReadStream } from "node:fs";
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

/** A fresh page with the mock installed; `problems` collects CSP violations and uncaught errors. */
async function openApp(mockConfig = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: "sv-SE", reducedMotion: "reduce" });
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
  await page.addInitScript(installTauriMock, mockConfig);
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
    assert.equal(call?.args.personRef, "P-9QDT-1M4V-6YJE");
  },
  async reception(page) {
    await login(page, "rut");
    await waitView(page, "view-reception");
    await page.fill("#lookup-input", "850709-9805");
    await page.click("#lookup-submit");
    await page.locator("#lookup-result", { hasText: "hanna" }).waitFor();
    const r = await page.locator("#lookup-result").innerText();
    assert.ok(!/Kanarie|Åsa|Lind/.test(r), `the lookup answer shows more than the referral: ${r}`);
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
  async admin(page) {
    await login(page, "admin");
    await waitView(page, "view-admin");
    await page.locator('#user-list tr[data-user="hanna"]').waitFor();
    assert.ok((await page.locator('#user-list tr[data-user="ebbe"] [data-action="enable"]').count()) === 1, "a disabled user has no enable button");
  },
};

const VIEW_SETUP = { setup: { vaultExists: false }, recovery: { vaultExists: false }, "setup-error": { vaultExists: false } };

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

test("every view is translated: its text differs between sv and en", () => {
  const same = Object.entries(texts).filter(([, t]) => t.sv !== undefined && t.en !== undefined && t.sv.trim() === t.en.trim());
  assert.deepEqual(same.map(([v]) => v), [], "views that look the same in both languages");
});

/** The focused element, and whether its focus indicator is visible (an outline or a box-shadow). */
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
    assert.deepEqual(r.out.found.ok, { found: true, protection: "skyddad_folkbokforing", initials: "Å. K. L.", handlers: ["hanna"] });
    assert.equal(r.v.length, 3, `violations recorded: ${JSON.stringify(r.v)}`);
  });
});
