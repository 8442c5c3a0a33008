// A faithful stand-in for the app's Tauri IPC (window.__TAURI__), injected before the UI loads with
// Playwright's page.addInitScript(installTauriMock, config). Self-contained: Playwright serialises the
// function's source, so it may not use anything from outside its body.
//
// It follows src-tauri/src/commands/*.rs and docs/ui-contract.md:
// - command names, argument names (camelCase, as Tauri 2 maps Rust's snake_case parameters) and types;
//   a missing or mistyped argument is refused the way Tauri refuses it (a string error), an unknown
//   command as "… not allowed. Command not found";
// - the core's answers, serialised as serde does (snake_case fields), masked exactly like the core masks;
// - the core's errors as {code, message[, detail]}; SESSION_LOCKED without a session, DENIED outside the
//   role's rows of the policy table (src/policy.rs), INVALID_IDENTITY_NUMBER for bad numbers;
// - the `locked` event through window.__TAURI__.event.listen.
// Every call is recorded in window.__mock.calls; anything the real app would refuse because the UI
// broke the contract (unknown command, wrong arguments, a role calling a command it may not) goes to
// window.__mock.violations, which the tests require to stay empty.

export function installTauriMock(config) {
  const cfg = Object.assign({ vaultExists: true, unlocked: false }, config || {});
  const HIDDEN = "••••••";
  const ROLES = ["handlaggare", "reception", "granskare", "admin"];
  const PURPOSES = [
    { code: "handlaggning", sv: "Pågående handläggning", en: "Ongoing case work", strict: false },
    { code: "kontakt", sv: "Kontakt med den enskilde", en: "Contacting the person", strict: false },
    { code: "utredning", sv: "Utredning", en: "Investigation", strict: false },
    { code: "samverkan", sv: "Samverkan efter menprövning", en: "Cooperation after a harm assessment", strict: false },
    { code: "rattelse", sv: "Rättelse av uppgift", en: "Rectification", strict: false },
    { code: "registerutdrag", sv: "Registerutdrag till den enskilde", en: "Data-subject access request", strict: true },
    { code: "vard_och_stod", sv: "Planering av vård- eller stödinsats", en: "Planning care or support", strict: true },
    { code: "akut_skydd", sv: "Akut skyddsbedömning", en: "Urgent protection assessment", strict: true },
  ];
  const FIELDS = [
    ["name", "Personbeskrivning"],
    ["identity_number", "Identifikationsnummer"],
    ["address", "Platsdata"],
    ["postcode", "Platsdata"],
    ["municipality", "Platsdata"],
    ["phone", "Kontaktuppgifter"],
    ["email", "Kontaktuppgifter"],
    ["contacts", "Kontaktuppgifter"],
    ["health", "Halsodata"],
    ["interventions", "Halsodata"],
    ["notes", "Fritext"],
    ["protection_note", "Fritext"],
  ];
  const RECORD_KEYS = [
    "name", "identity_number", "address", "postcode", "municipality", "phone", "email", "contacts",
    "health", "interventions", "notes", "protection", "legal_basis", "purpose", "retain_until", "restricted",
  ];
  const PROTECTION_KINDS = ["sekretessmarkering", "skyddad_folkbokforing", "fingerade_personuppgifter"];
  const LEGAL_BASES = ["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"];

  // ---- the vault's contents ----
  const users = [
    { name: "admin", role: "admin", disabled: false, must_change_password: false },
    { name: "hanna", role: "handlaggare", disabled: false, must_change_password: false },
    { name: "hugo", role: "handlaggare", disabled: false, must_change_password: true },
    { name: "rut", role: "reception", disabled: false, must_change_password: false },
    { name: "greta", role: "granskare", disabled: false, must_change_password: false },
    { name: "ny", role: "handlaggare", disabled: false, must_change_password: true },
    { name: "ebbe", role: "reception", disabled: true, must_change_password: false },
  ];
  const persons = [
    {
      ref: "P-7K2M-Q9XD-4T1B",
      assigned: ["hanna"],
      record: {
        name: "Åsa Kanarie Lind", identity_number: "198507099805", address: "Kanariegatan 7",
        postcode: "123 45", municipality: "Kanarieby", phone: "070-123 45 67", email: "kanarie@example.se",
        contacts: [{ name: "Kanarie Kontakt", relation: "syster", phone: "070-765 43 21" }],
        health: "Kanariehälsa: diabetes typ 1", interventions: "Kanarieinsats: boendestöd",
        notes: "Kanarieanteckning", protection: { kind: "skyddad_folkbokforing", since: "2021-03-01", review_on: "2026-03-01", note: "Kanarieskydd" },
        legal_basis: "public_task", purpose: "Handläggning av bistånd", retain_until: "2031-12-31", restricted: false,
      },
    },
    {
      ref: "P-3HWA-8N5R-K2ZC",
      assigned: ["hanna"],
      record: {
        name: "Anders Kanarie Berg", identity_number: "199001012385", address: "Kanarievägen 12",
        postcode: "543 21", municipality: "Kanarieby", phone: null, email: null, contacts: [],
        health: null, interventions: "Kanarieinsats: kontaktperson", notes: null,
        protection: { kind: "sekretessmarkering", since: "2019-06-10", review_on: null, note: null },
        legal_basis: "legal_obligation", purpose: null, retain_until: null, restricted: false,
      },
    },
    {
      ref: "P-9QDT-1M4V-6YJE",
      assigned: ["hugo"],
      record: {
        name: "Alva Kanarie Holm", identity_number: "197612241237", address: "Kanariestigen 3",
        postcode: "111 22", municipality: "Kanarieby", phone: "08-123 456", email: null, contacts: [],
        health: "Kanariehälsa", interventions: null, notes: null,
        protection: { kind: "fingerade_personuppgifter", since: null, review_on: null, note: null },
        legal_basis: null, purpose: null, retain_until: null, restricted: false,
      },
    },
  ];
  let settings = { min_password_length: 12, lockout_after: 5, delay_from: 3, idle_lock_minutes: 5, lock_on_minimize: true, emergency_minutes: 30 };
  const emergency = {}; // ref → expiry (ms)
  let seq = 0;
  const log = [];
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, (m) => m.slice(0, 4) + "Z");
  function addLog(actor, role, action, extra) {
    seq += 1;
    const prev = log.length ? log[0].hash : "0".repeat(64);
    const hash = (seq * 2654435761).toString(16).padStart(8, "0").repeat(8);
    log.unshift(Object.assign({ seq, at: now(), actor, role, action, person_ref: null, fields: [], purpose: null, term_hash: null, outcome: "allowed", flagged: false, prev_hash: prev, hash }, extra || {}));
  }
  addLog("admin", "admin", "vault_created");
  addLog("admin", "admin", "user_added", { purpose: "user=hanna" });
  addLog("hanna", "handlaggare", "login");
  addLog("hanna", "handlaggare", "person_created", { person_ref: persons[0].ref, fields: ["name", "identity_number", "address"] });
  addLog("hanna", "handlaggare", "search", { term_hash: "9f2c51e0a8b7d3c4" });
  addLog("hanna", "handlaggare", "field_revealed", { person_ref: persons[0].ref, fields: ["address"], purpose: "kontakt" });
  addLog("hanna", "handlaggare", "field_revealed", { person_ref: persons[0].ref, fields: ["health"], purpose: "vard_och_stod", flagged: true });
  addLog("hanna", "handlaggare", "emergency_access", { person_ref: persons[2].ref, purpose: "Akut samtal från skolan om hot mot barnet", flagged: true });
  addLog("rut", "reception", "lookup", { person_ref: persons[0].ref, term_hash: "1b7e0c2d9a4f6e83" });
  addLog("rut", "reception", "show_person", { outcome: "denied", flagged: true, action: "person_viewed" });
  addLog("greta", "granskare", "log_viewed");

  // ---- helpers mirroring the core ----
  const err = (code, message, detail) => {
    const e = { code, message };
    if (detail) e.detail = detail;
    return e;
  };
  const initials = (name) => name.split(/\s+/).filter(Boolean).map((w) => w[0].toUpperCase() + ".").join(" ");
  function parseIdentity(text) {
    const t = String(text).trim();
    const m = /^(\d{2})?(\d{6})([-+])?(\d{4})$/.exec(t);
    if (!m) return { error: "INVALID_IDENTITY_FORMAT" };
    const ten = m[2] + m[4];
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      let d = Number(ten[i]);
      if (i % 2 === 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 !== 0) return { error: "INVALID_IDENTITY_CHECK_DIGIT" };
    const yy = Number(m[2].slice(0, 2));
    const century = m[1] ?? (yy > new Date().getUTCFullYear() % 100 ? "19" : "20");
    return { canonical: century + ten };
  }
  const idError = (code) => err("INVALID_IDENTITY_NUMBER", code === "INVALID_IDENTITY_CHECK_DIGIT" ? "invalid identity number: the check digit does not match" : "invalid identity number: write it as YYYYMMDD-NNNN or YYMMDD-NNNN", code);
  const maskedIdentity = (c) => (c ? c.slice(0, 4) + "****-****" : "");
  function value(r, f) {
    switch (f) {
      case "identity_number":
        return r.identity_number ? r.identity_number.slice(0, 8) + "-" + r.identity_number.slice(8) : null;
      case "contacts":
        return r.contacts && r.contacts.length ? r.contacts.map((c) => c.name + (c.relation ? ` (${c.relation})` : "") + (c.phone ? `, ${c.phone}` : "")).join("; ") : null;
      case "protection_note":
        return r.protection && r.protection.note;
      default:
        return r[f] ?? null;
    }
  }
  function view(p, user) {
    const r = p.record;
    return {
      person_ref: p.ref,
      protection: (r.protection && r.protection.kind) || "none",
      protection_since: (r.protection && r.protection.since) || null,
      protection_review_on: (r.protection && r.protection.review_on) || null,
      legal_basis: r.legal_basis ?? null,
      purpose: r.purpose ?? null,
      retain_until: r.retain_until ?? null,
      restricted: !!r.restricted,
      assigned_to: p.assigned.slice(),
      emergency_until: emergency[p.ref] && !p.assigned.includes(user) ? new Date(emergency[p.ref]).toISOString().replace(/\.\d+Z$/, "Z") : null,
      fields: FIELDS.map(([field, category]) => {
        const v = value(r, field);
        const has = v !== null && v !== undefined && v !== "";
        const shown = !has ? "" : field === "name" ? initials(r.name) : field === "identity_number" ? maskedIdentity(r.identity_number) : HIDDEN;
        return { field, category, art9: category === "Halsodata", has_value: has, shown };
      }),
    };
  }
  const summary = (p) => ({ person_ref: p.ref, initials: initials(p.record.name), identity: maskedIdentity(p.record.identity_number), protection: (p.record.protection && p.record.protection.kind) || "none" });
  const byRef = (ref) => persons.find((p) => p.ref === String(ref).trim().toUpperCase());
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  function validateRecord(rec, partial) {
    if (rec === null || typeof rec !== "object" || Array.isArray(rec)) return err("INVALID_INPUT", "a field has the wrong type or an unknown value (line 1, column 1)");
    for (const k of Object.keys(rec)) {
      if (!RECORD_KEYS.includes(k)) return err("INVALID_INPUT", `unknown field \`${k}\`, expected one of ${RECORD_KEYS.map((x) => "`" + x + "`").join(", ")} (line 1, column 1)`);
    }
    if (!partial && (typeof rec.name !== "string" || !rec.name.trim())) return err("INVALID_INPUT", "name is required");
    for (const k of RECORD_KEYS.filter((x) => !["contacts", "protection", "restricted"].includes(x))) {
      if (rec[k] !== undefined && rec[k] !== null && typeof rec[k] !== "string") return err("INVALID_INPUT", "a field has the wrong type or an unknown value (line 1, column 1)");
    }
    if (rec.protection !== undefined && rec.protection !== null) {
      if (typeof rec.protection !== "object") return err("INVALID_INPUT", "a field has the wrong type or an unknown value (line 1, column 1)");
      for (const k of Object.keys(rec.protection)) {
        if (!["kind", "since", "review_on", "note"].includes(k)) return err("INVALID_INPUT", `unknown field \`${k}\`, expected one of \`kind\`, \`since\`, \`review_on\`, \`note\` (line 1, column 1)`);
      }
      if (rec.protection.kind != null && !PROTECTION_KINDS.includes(rec.protection.kind)) return err("INVALID_INPUT", "a field has the wrong type or an unknown value (line 1, column 1)");
    }
    if (rec.legal_basis != null && !LEGAL_BASES.includes(rec.legal_basis)) return err("INVALID_INPUT", "a field has the wrong type or an unknown value (line 1, column 1)");
    if (rec.identity_number && String(rec.identity_number).trim()) {
      const id = parseIdentity(rec.identity_number);
      if (id.error) return idError(id.error);
    }
    if (rec.postcode && rec.postcode.replace(/\s/g, "").length !== 5) return err("INVALID_INPUT", "postcode must be five digits, e.g. 123 45");
    if (rec.email && !/^[^@\s]+@[^@\s]+$/.test(rec.email)) return err("INVALID_INPUT", "email must look like name@example.se");
    return null;
  }

  // ---- the commands: [role rows of the policy | null = no session needed | "any" = any session, args] ----
  const S = "string";
  const COMMANDS = {
    vault_status: { policy: null, args: {} },
    create_vault: { policy: null, args: { admin: S, password: S } },
    login: { policy: null, args: { user: S, password: S } },
    choose_password: { policy: null, args: { password: S } },
    lock: { policy: null, args: {} },
    purposes: { policy: null, args: {} },
    find_persons: { policy: ["handlaggare"], args: { query: S } },
    show_person: { policy: ["handlaggare"], args: { personRef: S } },
    create_person: { policy: ["handlaggare"], args: { record: "json" } },
    edit_person: { policy: ["handlaggare"], args: { personRef: S, patch: "json" } },
    reveal_field: { policy: ["handlaggare"], args: { personRef: S, field: S, purpose: S } },
    copy_field: { policy: ["handlaggare"], args: { personRef: S, field: S } },
    emergency_access: { policy: ["handlaggare"], args: { personRef: S, justification: S } },
    lookup: { policy: ["reception"], args: { text: S } },
    list_users: { policy: ["admin"], args: {} },
    add_user: { policy: ["admin"], args: { name: S, role: S, password: S } },
    disable_user: { policy: ["admin"], args: { name: S } },
    enable_user: { policy: ["admin"], args: { name: S } },
    reset_password: { policy: ["admin"], args: { name: S, password: S } },
    unlock_user: { policy: ["admin"], args: { name: S } },
    get_settings: { policy: "any", args: {} },
    change_setting: { policy: ["admin"], args: { key: S, value: S } },
    assign: { policy: ["admin"], args: { personRef: S, user: S } },
    unassign: { policy: ["admin"], args: { personRef: S, user: S } },
    view_log: { policy: ["granskare"], args: { filter: "json?", term: "string?" } },
    verify_log: { policy: ["granskare"], args: {} },
  };

  const state = { session: cfg.unlocked ? { name: "hanna", role: "handlaggare" } : null, firstLogin: null, vaultExists: !!cfg.vaultExists };
  const mock = { calls: [], violations: [], listeners: {}, state, persons, log, config: cfg };
  const violation = (msg) => {
    mock.violations.push(msg);
    return msg;
  };
  const fieldNames = FIELDS.map((f) => f[0]);

  function run(cmd, a) {
    const me = state.session;
    switch (cmd) {
      case "vault_status":
        return { exists: state.vaultExists, unlocked: !!me, vault_dir: "/home/mock/.local/share/skyddsvalv/vault" };
      case "create_vault":
        if (state.vaultExists) throw err("VAULT_EXISTS", "a vault already exists in this directory");
        if (a.password.length < 12) throw err("WEAK_PASSWORD", "the password is too weak: shorter than 12 characters");
        state.vaultExists = true;
        addLog(a.admin.trim(), "admin", "vault_created");
        return { admin: a.admin.trim(), recovery_code: "K7QD-M2XA-9TRB-4HWZ-C8NE-5PJY-1VGS-6F3K" };
      case "login": {
        if (!state.vaultExists) throw err("NOT_A_VAULT", "no vault found (no keyslot file)");
        state.session = null;
        state.firstLogin = null;
        const u = users.find((x) => x.name === a.user.trim().toLowerCase());
        if (!u || a.password === "fel lösenord" || a.password.length < 12) {
          addLog(a.user, "", "login_failed", { outcome: "denied", flagged: true });
          throw err("WRONG_PASSWORD", "wrong user name or password");
        }
        if (u.disabled) throw err("USER_DISABLED", "the account is disabled");
        if (u.must_change_password) {
          state.firstLogin = u;
          return { state: "must_change_password", user: u.name };
        }
        state.session = { name: u.name, role: u.role };
        addLog(u.name, u.role, "login");
        return { state: "ready", user: { name: u.name, role: u.role, idle_lock_minutes: settings.idle_lock_minutes, lock_on_minimize: settings.lock_on_minimize } };
      }
      case "choose_password": {
        const u = state.firstLogin;
        if (!u) throw err("SESSION_LOCKED", "the session is locked; log in again");
        if (a.password.length < 12) throw err("WEAK_PASSWORD", "the password is too weak: shorter than 12 characters");
        if (/^(.)\1+$/.test(a.password)) throw err("WEAK_PASSWORD", "the password is too weak: mostly one character or a short pattern repeated");
        u.must_change_password = false;
        state.firstLogin = null;
        state.session = { name: u.name, role: u.role };
        addLog(u.name, u.role, "password_changed");
        return { name: u.name, role: u.role, idle_lock_minutes: settings.idle_lock_minutes, lock_on_minimize: settings.lock_on_minimize };
      }
      case "lock": {
        const was = !!state.session;
        if (was) addLog(state.session.name, state.session.role, "lock");
        state.session = null;
        state.firstLogin = null;
        return was;
      }
      case "purposes":
        return PURPOSES.map((p) => Object.assign({}, p));
      case "find_persons": {
        addLog(me.name, me.role, "search", { term_hash: "5e0c" + a.query.length });
        const q = a.query.trim();
        const id = parseIdentity(q);
        const visible = persons.filter((p) => p.assigned.includes(me.name) || (emergency[p.ref] || 0) > Date.now());
        if (id.canonical) return visible.filter((p) => p.record.identity_number === id.canonical).map(summary);
        const words = fold(q).split(/\s+/).filter(Boolean);
        if (!words.length) return [];
        return visible.filter((p) => words.every((w) => fold(p.record.name).split(/\s+/).some((n) => n.startsWith(w)))).map(summary);
      }
      case "show_person":
      case "edit_person":
      case "reveal_field":
      case "copy_field": {
        const p = byRef(a.personRef);
        if (!p) throw err("PERSON_NOT_FOUND", "no such person");
        const open = p.assigned.includes(me.name) || (emergency[p.ref] || 0) > Date.now();
        if (!open) {
          addLog(me.name, me.role, cmd === "show_person" ? "person_viewed" : "field_revealed", { person_ref: p.ref, outcome: "denied", flagged: true });
          throw err("DENIED", "not allowed: the person is not assigned to you");
        }
        if (cmd === "show_person") {
          addLog(me.name, me.role, "person_viewed", { person_ref: p.ref });
          return view(p, me.name);
        }
        if (cmd === "edit_person") {
          const bad = validateRecord(a.patch, true);
          if (bad) throw bad;
          Object.assign(p.record, a.patch);
          addLog(me.name, me.role, "person_edited", { person_ref: p.ref, fields: Object.keys(a.patch) });
          return view(p, me.name);
        }
        if (!fieldNames.includes(a.field)) throw err("INVALID_INPUT", "unknown field name");
        const art9 = a.field === "health" || a.field === "interventions";
        if (cmd === "copy_field") {
          if (!mock.revealed || !mock.revealed[p.ref + "/" + a.field]) throw err("NOT_REVEALED", "reveal the field (with a purpose) before copying it");
          addLog(me.name, me.role, "field_copied", { person_ref: p.ref, fields: [a.field], flagged: art9 });
          return null;
        }
        const code = a.purpose.split(":")[0].trim();
        const purpose = PURPOSES.find((x) => x.code === code);
        if (!purpose) throw err("INVALID_INPUT", "unknown purpose; use one of: " + PURPOSES.map((x) => x.code).join(", "));
        if (art9 && !purpose.strict) throw err("INVALID_INPUT", `${a.field} is sensitive data (GDPR art. 9); the purpose must be one of: registerutdrag, vard_och_stod, akut_skydd`);
        addLog(me.name, me.role, "field_revealed", { person_ref: p.ref, fields: [a.field], purpose: a.purpose, flagged: art9 });
        mock.revealed = mock.revealed || {};
        mock.revealed[p.ref + "/" + a.field] = true;
        return { person_ref: p.ref, field: a.field, value: value(p.record, a.field) ?? "" };
      }
      case "create_person": {
        const bad = validateRecord(a.record, false);
        if (bad) throw bad;
        const rec = Object.assign({ contacts: [], protection: { kind: null, since: null, review_on: null, note: null }, restricted: false }, a.record);
        if (rec.identity_number) {
          rec.identity_number = parseIdentity(rec.identity_number).canonical;
          if (persons.some((p) => p.record.identity_number === rec.identity_number)) throw err("PERSON_EXISTS", "a person with that identity number already exists");
        }
        const ref = "P-" + Math.random().toString(36).slice(2, 6).toUpperCase() + "-NEW1-" + String(persons.length).padStart(4, "0");
        persons.push({ ref, assigned: [me.name], record: rec });
        addLog(me.name, me.role, "person_created", { person_ref: ref, fields: Object.keys(a.record).filter((k) => a.record[k]) });
        return ref;
      }
      case "emergency_access": {
        const p = byRef(a.personRef);
        if (!p) throw err("PERSON_NOT_FOUND", "no such person");
        if (p.assigned.includes(me.name)) throw err("DENIED", "not allowed: emergency access is only for persons not assigned to you");
        if (a.justification.trim().length < 20) throw err("INVALID_INPUT", "the justification must be at least 20 characters");
        emergency[p.ref] = Date.now() + settings.emergency_minutes * 60000;
        addLog(me.name, me.role, "emergency_access", { person_ref: p.ref, purpose: a.justification.trim(), flagged: true });
        return { person_ref: p.ref, expires_at: new Date(emergency[p.ref]).toISOString().replace(/\.\d+Z$/, "Z"), minutes: settings.emergency_minutes };
      }
      case "lookup": {
        addLog(me.name, me.role, "lookup", { term_hash: "77aa" + a.text.length });
        const t = a.text.trim();
        const id = parseIdentity(t);
        let found = null;
        if (id.canonical) found = persons.find((p) => p.record.identity_number === id.canonical);
        else {
          const m = /^(.+),\s*(\d{4})$/.exec(t);
          if (m) found = persons.find((p) => fold(p.record.name) === fold(m[1].trim()) && p.record.identity_number && p.record.identity_number.slice(0, 4) === m[2]);
          else if (/\d/.test(t)) throw idError(id.error);
          else throw err("INVALID_INPUT", 'give a whole identity number, or a full name and birth year as "Name, 1985"');
        }
        if (!found) return { found: false, protection: null, initials: null, handlers: [] };
        return { found: true, protection: (found.record.protection && found.record.protection.kind) || "none", initials: initials(found.record.name), handlers: found.assigned.slice() };
      }
      case "list_users":
        addLog(me.name, me.role, "user_listed");
        return users.map((u) => Object.assign({}, u));
      case "add_user": {
        if (!ROLES.includes(a.role)) throw err("INVALID_INPUT", "unknown role");
        const name = a.name.trim().toLowerCase();
        if (!name) throw err("INVALID_INPUT", "a user name must be 1 to 64 printable characters");
        if (users.some((u) => u.name === name)) throw err("USER_EXISTS", "a user with that name already exists");
        if (a.password.length < settings.min_password_length) throw err("WEAK_PASSWORD", `the password is too weak: shorter than ${settings.min_password_length} characters`);
        users.push({ name, role: a.role, disabled: false, must_change_password: true });
        addLog(me.name, me.role, "user_added", { purpose: "user=" + name });
        return null;
      }
      case "disable_user":
      case "enable_user":
      case "reset_password":
      case "unlock_user": {
        const u = users.find((x) => x.name === a.name.trim().toLowerCase());
        if (!u) throw err("USER_NOT_FOUND", "no such user");
        if (cmd === "disable_user") {
          if (u.role === "admin" && users.filter((x) => x.role === "admin" && !x.disabled).length === 1) throw err("LAST_ADMIN", "the vault must keep at least one active administrator");
          u.disabled = true;
        }
        if (cmd === "enable_user") u.disabled = false;
        if (cmd === "reset_password") {
          if (a.password.length < settings.min_password_length) throw err("WEAK_PASSWORD", "the password is too weak: shorter than 12 characters");
          u.must_change_password = true;
        }
        addLog(me.name, me.role, { disable_user: "user_disabled", enable_user: "user_enabled", reset_password: "password_reset", unlock_user: "user_unlocked" }[cmd], { purpose: "user=" + u.name });
        return cmd === "unlock_user" ? false : null;
      }
      case "get_settings":
        return Object.assign({}, settings);
      case "change_setting": {
        const map = { "idle-lock-minutes": ["idle_lock_minutes", 1, 240], "emergency-minutes": ["emergency_minutes", 5, 240], "lockout-after": ["lockout_after", 1, 100], "delay-from": ["delay_from", 1, 100], "min-password-length": ["min_password_length", 12, 128] };
        if (a.key === "lock-on-minimize") {
          const v = { true: true, on: true, yes: true, false: false, off: false, no: false }[a.value];
          if (v === undefined) throw err("INVALID_INPUT", `invalid value for ${a.key}`);
          settings = Object.assign({}, settings, { lock_on_minimize: v });
        } else if (map[a.key]) {
          const [k, lo, hi] = map[a.key];
          const n = /^\d+$/.test(a.value) ? Number(a.value) : NaN;
          if (!(n >= lo && n <= hi)) throw err("INVALID_INPUT", `invalid value for ${a.key}`);
          settings = Object.assign({}, settings, { [k]: n });
        } else throw err("INVALID_INPUT", `unknown setting ${a.key}`);
        addLog(me.name, me.role, "settings_changed");
        return Object.assign({}, settings);
      }
      case "assign":
      case "unassign": {
        const p = byRef(a.personRef);
        if (!p) throw err("PERSON_NOT_FOUND", "no such person");
        const u = users.find((x) => x.name === a.user.trim().toLowerCase());
        if (!u) throw err("USER_NOT_FOUND", "no such user");
        if (u.role !== "handlaggare") throw err("INVALID_INPUT", "persons can only be assigned to case handlers");
        const had = p.assigned.includes(u.name);
        if (cmd === "assign" && !had) p.assigned.push(u.name);
        if (cmd === "unassign" && had) p.assigned.splice(p.assigned.indexOf(u.name), 1);
        addLog(me.name, me.role, cmd === "assign" ? "assigned" : "unassigned", { person_ref: p.ref, purpose: "user=" + u.name });
        return cmd === "assign" ? !had : had;
      }
      case "view_log": {
        const f = a.filter;
        if (f !== undefined && f !== null) {
          // LogFilter: every field optional except flagged_only (a bool); unknown fields are ignored.
          const okStr = (k) => f[k] === undefined || f[k] === null || typeof f[k] === "string";
          const okFlag = typeof f.flagged_only === "boolean";
          if (typeof f !== "object" || !okFlag || !["person_ref", "actor", "action", "since", "until", "term_hash"].every(okStr) || (f.limit != null && !Number.isInteger(f.limit))) {
            throw err("INVALID_INPUT", "the log filter is malformed");
          }
        }
        const g = f || {};
        addLog(me.name, me.role, "log_viewed");
        return log
          .filter((e) => (!g.person_ref || e.person_ref === g.person_ref.trim().toUpperCase()) && (!g.actor || e.actor === g.actor) && (!g.action || e.action === g.action) && (!g.flagged_only || e.flagged))
          .slice(0, g.limit || 500)
          .map((e) => Object.assign({}, e, { fields: e.fields.slice() }));
      }
      case "verify_log":
        addLog(me.name, me.role, "log_verified");
        return { holds: true, entries: log.length, checkpoints: 2, outside_checkpoint: log.length - 1, broken_at: null, problem: null };
      default:
        throw new Error("unreachable");
    }
  }

  async function invoke(cmd, args, options) {
    const a = args === undefined ? {} : args;
    mock.calls.push({ cmd, args: JSON.parse(JSON.stringify(a === null ? {} : a)) });
    await new Promise((r) => setTimeout(r, 5));
    const spec = COMMANDS[cmd];
    if (!spec) throw violation(`${cmd} not allowed. Command not found`);
    if (a === null || typeof a !== "object" || Array.isArray(a)) throw violation(`invalid args for command \`${cmd}\`: expected an object`);
    for (const [name, type] of Object.entries(spec.args)) {
      const v = a[name];
      const optional = type.endsWith("?");
      if (v === undefined || (v === null && !optional)) {
        if (optional) continue;
        const snake = name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
        const hint = snake !== name && a[snake] !== undefined ? ` (got ${snake}: Tauri expects camelCase keys)` : "";
        throw violation(`invalid args \`${name}\` for command \`${cmd}\`: command ${cmd} missing required key ${name}${hint}`);
      }
      if (v !== null && type.startsWith("string") && typeof v !== "string") {
        throw violation(`invalid args \`${name}\` for command \`${cmd}\`: invalid type: ${typeof v}, expected a string`);
      }
    }
    if (spec.policy !== null) {
      if (!state.session) throw err("SESSION_LOCKED", "the session is locked; log in again");
      if (spec.policy !== "any" && !spec.policy.includes(state.session.role)) {
        violation(`${cmd} called by the role ${state.session.role}, which the core refuses (DENIED)`);
        addLog(state.session.name, state.session.role, "denied", { outcome: "denied", flagged: true });
        throw err("DENIED", `not allowed: ${state.session.role} may not ${cmd}`);
      }
    }
    const out = run(cmd, a);
    return out === undefined ? null : JSON.parse(JSON.stringify(out));
  }

  let nextId = 1;
  const event = {
    async listen(name, handler) {
      const id = nextId++;
      (mock.listeners[name] = mock.listeners[name] || []).push({ id, handler });
      return () => {
        mock.listeners[name] = (mock.listeners[name] || []).filter((l) => l.id !== id);
      };
    },
    async once(name, handler) {
      const un = await event.listen(name, (e) => {
        un();
        handler(e);
      });
      return un;
    },
    async emit() {},
  };
  /** Test hook: what the shell does when the core locks the session (idle, minimise). */
  mock.emit = (name, payload) => {
    if (name === "locked") {
      state.session = null;
      state.firstLogin = null;
    }
    for (const l of mock.listeners[name] || []) l.handler({ event: name, id: l.id, payload });
  };

  window.__mock = mock;
  window.__TAURI__ = Object.freeze({ core: Object.freeze({ invoke }), event: Object.freeze(event) });
}
