// A small W3C WebDriver client over plain fetch, enough to drive the Tauri app through tauri-driver
// (which forwards to WebKitWebDriver). No dependencies.

import { spawn } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} → ${status}: ${value?.error ?? ""} ${value?.message ?? JSON.stringify(value)}`);
    this.status = status;
    this.value = value;
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
    // No single WebDriver call may hang the run (new sessions start the app: allow more there).
    signal: AbortSignal.timeout(path === "/session" ? 90000 : 45000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(method, path, res.status, { message: text.slice(0, 500) });
  }
  // W3C errors come with a 4xx/5xx status; a script's own result may well hold an `error` key.
  if (!res.ok) {
    throw new WebDriverError(method, path, res.status, json.value);
  }
  return json.value;
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A port P with P and P + 1 free (tauri-driver and WebKitWebDriver), from `from` upwards. */
export async function freePortPair(from = 4444) {
  for (let p = from; p < from + 200; p += 2) {
    if ((await portFree(p)) && (await portFree(p + 1))) return p;
  }
  throw new Error(`no two free ports from ${from}`);
}

/** Starts `tauri-driver` and waits until it answers; `stop()` sends SIGTERM and waits for the exit. */
export async function startDriver({ port, env = process.env, log } = {}) {
  port ??= await freePortPair();
  const child = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = [];
  const keep = (chunk) => {
    const s = chunk.toString();
    lines.push(s);
    if (log) log(s);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  const exit = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  child.on("error", (e) => lines.push(String(e)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) throw new Error(`tauri-driver exited at start:\n${lines.join("")}`);
    try {
      const r = await fetch(base + "/status");
      if (r.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`tauri-driver did not listen on ${port}:\n${lines.join("")}`);
    }
    await sleep(100);
  }
  return {
    base,
    pid: child.pid,
    output: () => lines.join(""),
    async stop() {
      if (exited) return exit;
      child.kill("SIGTERM");
      const timer = sleep(10000).then(() => "timeout");
      const r = await Promise.race([exit, timer]);
      if (r === "timeout") {
        // Never SIGKILL tauri-driver (it would leave WebKitWebDriver and the app behind); report it.
        throw new Error("tauri-driver did not stop within 10 s of SIGTERM");
      }
      return r;
    },
  };
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, application, { args = [] } = {}) {
    const value = await call(base, "POST", "/session", {
      capabilities: {
        alwaysMatch: { "tauri:options": { application, args } },
      },
    });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async delete() {
    await this.cmd("DELETE", "");
  }

  // ---- elements ----
  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this, v[ELEMENT], css);
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => new Element(this, e[ELEMENT], css));
  }

  async exists(css) {
    return (await this.findAll(css)).length > 0;
  }

  // ---- scripts ----
  execute(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  executeAsync(script, ...args) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /** True when the element exists, is not inside a [hidden] ancestor, and has a box. */
  visible(css) {
    return this.execute(
      `const el = document.querySelector(arguments[0]);
       if (!el) return false;
       if (el.closest('[hidden]')) return false;
       const cs = getComputedStyle(el);
       if (cs.display === 'none' || cs.visibility === 'hidden') return false;
       const r = el.getBoundingClientRect();
       return r.width > 0 && r.height > 0;`,
      css,
    );
  }

  async screenshot() {
    const b64 = await this.cmd("GET", "/screenshot");
    return Buffer.from(b64, "base64");
  }

  async setTimeouts(t) {
    await this.cmd("POST", "/timeouts", t);
  }

  /** Polls `fn` until it returns a truthy value; throws `what` with the last value otherwise. */
  async waitFor(what, fn, { timeout = 20000, interval = 150 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    let lastErr;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        lastErr = e;
      }
      if (Date.now() > deadline) {
        const detail = lastErr ? ` (last error: ${lastErr.message})` : ` (last value: ${JSON.stringify(last)})`;
        throw new Error(`timed out after ${timeout} ms waiting for ${what}${detail}`);
      }
      await sleep(interval);
    }
  }

  waitVisible(css, opts) {
    return this.waitFor(`${css} to be visible`, () => this.visible(css), opts);
  }

  waitHidden(css, opts) {
    return this.waitFor(`${css} to be hidden`, async () => !(await this.visible(css)), opts);
  }
}

export class Element {
  constructor(session, id, css) {
    this.s = session;
    this.id = id;
    this.css = css;
  }
  cmd(method, path, body) {
    return this.s.cmd(method, `/element/${this.id}${path}`, body);
  }
  click() {
    return this.cmd("POST", "/click", {});
  }
  clear() {
    return this.cmd("POST", "/clear", {});
  }
  type(text) {
    return this.cmd("POST", "/value", { text });
  }
  text() {
    return this.cmd("GET", "/text");
  }
  property(name) {
    return this.cmd("GET", `/property/${name}`);
  }
  attribute(name) {
    return this.cmd("GET", `/attribute/${name}`);
  }
  enabled() {
    return this.cmd("GET", "/enabled");
  }
  selected() {
    return this.cmd("GET", "/selected");
  }
  rect() {
    return this.cmd("GET", "/rect");
  }
  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this.s, v[ELEMENT], `${this.css} ${css}`);
  }
  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => new Element(this.s, e[ELEMENT], `${this.css} ${css}`));
  }
  /** The element as a script argument. */
  get ref() {
    return { [ELEMENT]: this.id };
  }
}
