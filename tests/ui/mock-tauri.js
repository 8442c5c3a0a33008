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
// - role keys: person data opens only for accounts granted the records key (the reception register:
//   the reception key). Each account has a key fingerprint; a case handler grants with grant_access
//   after checking it, the recovery code with grant_with_recovery; "vera" (handläggare) and "rolf"
//   (reception) wait for a grant. A command that needs a key the account lacks is NO_DATA_ACCESS;
//   the UI calling one while the account waits is a contract violation (it should not offer it);
// - find_persons answers {hits, total, limit} (limit 50); config `bulkPersons: n` adds n persons
//   assigned to hanna ("Ada Exempel 1" …), so a search for "a" matches more than the limit;
// - the protection marking and the restriction of processing (GDPR art. 18) as their own commands,
//   each with a reason checked like the core checks it (src/session/marking.rs, src/records/text.rs:
//   5–500 characters, no control or direction characters, none of the person's own values):
//   set_protection, restrict, lift_restriction, rectify_person; edit_person refuses a patch with
//   `protection` or `restricted` (INVALID_INPUT, and a contract violation: the UI must not send one)
//   and, while the person is restricted, is DENIED like every processing but showing, rectifying and
//   lifting (src/policy.rs); emergency access to a restricted person is DENIED;
// - lookups limited per session (config `lookupsPerSession`, default 60 as the core): RATE_LIMITED;
// - get_settings for admins only (a logged, policy-checked operation in the core);
// - the `locked` event through window.__TAURI__.event.listen.
// Every call is recorded in window.__mock.calls; anything the real app would refuse because the UI
// broke the contract (unknown command, wrong or unknown arguments, a role calling a command it may
// not, a command without the key it needs, a log filter with keys the core refuses) goes to
// window.__mock.violations, which the tests require to stay empty.

export function installTauriMock(config) {
  const cfg = Object.assign({ vaultExists: true, unlocked: false, bulkPersons: 0, lookupsPerSession: 60 }, config || {});
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

  const RECOVERY_CODE = "K7QD-M2XA-9TRB-4HWZ-C8NE-5PJY-1VGS-6F3K";
  const SEARCH_LIMIT = 50;
  // The keys each role needs (src/auth/roles.rs, needs_keys).
  const NEEDS = { handlaggare: ["records", "reception"], reception: ["reception"], granskare: [], admin: [], recovery: ["records", "reception"] };
  // The keys each command needs (src/policy.rs, needs_key; the core refuses without them, logged and
  // flagged). grant_access hands on the granter's own keys.
  const R = ["records"];
  const RR = ["records", "reception"];
  const NEEDS_KEY = {
    find_persons: R, show_person: R, create_person: RR, edit_person: RR, reveal_field: R, copy_field: R, emergency_access: R,
    lookup: ["reception"], grant_access: RR, set_protection: RR, restrict: RR, lift_restriction: RR, rectify_person: RR,
  };

  // ---- the vault's contents ----
  // `grants`: the keys granted to the account; `fingerprint`: its key's (new keys at the first login
  // and on reset or enable, which also take every grant away).
  const both = () => ({ records: true, reception: true });
  const none = () => ({ records: false, reception: false });
  const users = [
    { name: "admin", role: "admin", disabled: false, must_change_password: false, grants: none(), fingerprint: "A4DM-7N2Q-KX9E" },
    { name: "hanna", role: "handlaggare", disabled: false, must_change_password: false, grants: both(), fingerprint: "K7QD-M2XA-9RTB" },
    { name: "hugo", role: "handlaggare", disabled: false, must_change_password: true, grants: none(), fingerprint: "H8GV-3TQW-Z5NC" },
    { name: "rut", role: "reception", disabled: false, must_change_password: false, grants: { records: false, reception: true }, fingerprint: "R2TW-6YPB-M4KS" },
    { name: "greta", role: "granskare", disabled: false, must_change_password: false, grants: none(), fingerprint: "G5RE-9TAQ-W1DX" },
    { name: "ny", role: "handlaggare", disabled: false, must_change_password: true, grants: none(), fingerprint: "N3YV-8KQT-2HMA" },
    { name: "ebbe", role: "reception", disabled: true, must_change_password: false, grants: none(), fingerprint: "E6BB-4ZRN-7QWT" },
    { name: "vera", role: "handlaggare", disabled: false, must_change_password: false, grants: none(), fingerprint: "H3KW-7PZD-Q9XM" },
    { name: "rolf", role: "reception", disabled: false, must_change_password: false, grants: none(), fingerprint: "R5NB-2YTC-8GVA" },
  ];
  let fingerprintSeq = 0;
  const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  function newFingerprint(name) {
    fingerprintSeq += 1;
    let h = 2166136261 ^ fingerprintSeq;
    for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    let out = "";
    for (let i = 0; i < 12; i++) {
      h = Math.imul(h ^ (h >>> 13), 2246822507) >>> 0;
      out += CROCKFORD[h % 32];
      if (i === 3 || i === 7) out += "-";
    }
    return out;
  }
  /** As the core compares a typed fingerprint: case, spaces and hyphens forgiven, O→0, I/L→1. */
  const normKey = (s) => String(s).toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  const hasKeys = (u) => NEEDS[u.role].every((k) => u.grants[k]);
  const dataAccess = (u) => (NEEDS[u.role].length === 0 ? "not_needed" : hasKeys(u) ? "granted" : "awaiting");
  const accountView = (u) => ({ name: u.name, role: u.role, disabled: u.disabled, must_change_password: u.must_change_password, data_access: dataAccess(u) });
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
  for (let i = 1; i <= cfg.bulkPersons; i++) {
    persons.push({
      ref: "P-" + String(1000 + i) + "-BULK-" + String(i).padStart(4, "0"),
      assigned: ["hanna"],
      record: { name: `Ada Exempel ${i}`, identity_number: null, address: null, postcode: null, municipality: null, phone: null, email: null, contacts: [], health: null, interventions: null, notes: null, protection: { kind: null, since: null, review_on: null, note: null }, legal_basis: null, purpose: null, retain_until: null, restricted: false },
    });
  }
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

  // ---- the policy for one person (src/policy.rs, decide; src/session/persons.rs, person_access) ----
  /** How `me` stands to `p`: assigned, emergency, unassigned, restricted, restricted_unassigned. */
  function accessTo(p, me) {
    const assigned = p.assigned.includes(me.name);
    const a = assigned ? "assigned" : (emergency[p.ref] || 0) > Date.now() ? "emergency" : "unassigned";
    if (p.record.restricted) return a === "unassigned" ? "restricted_unassigned" : "restricted";
    return a;
  }
  /** null when allowed, else the core's (English) reason for DENIED. */
  function refusal(cmd, a) {
    const RESTRICTED = "processing of this person is restricted (GDPR art. 18)";
    if (a === "restricted") {
      if (["show_person", "rectify_person", "lift_restriction"].includes(cmd)) return null;
      if (cmd !== "emergency_access") return RESTRICTED;
    }
    if (["show_person", "edit_person", "reveal_field", "copy_field"].includes(cmd) && (a === "assigned" || a === "emergency")) return null;
    if (["rectify_person", "set_protection", "restrict"].includes(cmd) && a === "assigned") return null;
    if (cmd === "lift_restriction") return "only a restricted person assigned to you can have the restriction lifted";
    if (cmd === "emergency_access") {
      if (a === "unassigned") return null;
      if (a === "restricted_unassigned") return RESTRICTED;
      return "emergency access is only for persons not assigned to you";
    }
    return "the person is not assigned to you";
  }
  /** The person's values as they could be typed into a note (src/records/text.rs, values_of). */
  function ownValues(r) {
    const out = [];
    for (const [f] of FIELDS) {
      const v = value(r, f);
      if (v) out.push(String(v).toLowerCase());
    }
    out.push(...String(r.name || "").split(/\s+/).map((w) => w.toLowerCase()));
    for (const c of r.contacts || []) out.push(...c.name.split(/\s+/).map((w) => w.toLowerCase()));
    if (r.identity_number) {
      const id = r.identity_number;
      out.push(id, id.slice(2), id.slice(0, 8) + "-" + id.slice(8), id.slice(2, 8) + "-" + id.slice(8));
    }
    if (r.phone) out.push(r.phone.replace(/\D/g, ""));
    return out.filter((v) => [...v].length >= 4);
  }
  /** A reason for the log, as src/session/marking.rs checks it (after the policy). */
  function checkReason(p, why) {
    const r = String(why).trim();
    if ([...r].length > 500) throw err("INVALID_INPUT", "the reason is longer than 500 characters");
    if (/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(r)) throw err("INVALID_INPUT", "the reason contains control or direction characters");
    const folded = r.toLowerCase();
    if (ownValues(p.record).some((v) => folded.includes(v))) throw err("INVALID_INPUT", "the reason contains one of the person's own values; the log must never hold them");
    if ([...r].length < 5) throw err("INVALID_INPUT", "a reason of a few words is required");
    return r;
  }
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  function checkProtectionDates(pr) {
    for (const k of ["since", "review_on"]) {
      if (pr && pr[k] != null && !DATE.test(pr[k])) throw err("INVALID_INPUT", `protection.${k} must be a date written YYYY-MM-DD`);
    }
  }
  const MARKING_ONLY = "the protection marking and the restriction change through their own operations, with a reason";

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
    set_protection: { policy: ["handlaggare"], args: { personRef: S, protection: "json", reason: S } },
    restrict: { policy: ["handlaggare"], args: { personRef: S, reason: S } },
    lift_restriction: { policy: ["handlaggare"], args: { personRef: S, reason: S } },
    rectify_person: { policy: ["handlaggare"], args: { personRef: S, patch: "json", reason: S } },
    reveal_field: { policy: ["handlaggare"], args: { personRef: S, field: S, purpose: S } },
    copy_field: { policy: ["handlaggare"], args: { personRef: S, field: S } },
    emergency_access: { policy: ["handlaggare"], args: { personRef: S, justification: S } },
    lookup: { policy: ["reception"], args: { text: S } },
    list_users: { policy: ["admin"], args: {} },
    add_user: { policy: ["admin"], args: { name: S, role: S, password: S } },
    disable_user: { policy: ["admin"], args: { name: S } },
    enable_user: { policy: ["admin"], args: { name: S, password: S } },
    reset_password: { policy: ["admin"], args: { name: S, password: S } },
    unlock_user: { policy: ["admin"], args: { name: S } },
    get_settings: { policy: ["admin"], args: {} },
    change_setting: { policy: ["admin"], args: { key: S, value: S } },
    assign: { policy: ["admin"], args: { personRef: S, user: S } },
    unassign: { policy: ["admin"], args: { personRef: S, user: S } },
    view_log: { policy: ["granskare"], args: { filter: "json?" } },
    verify_log: { policy: ["granskare"], args: {} },
    my_access: { policy: "any", args: {} },
    pending_access: { policy: ["handlaggare", "admin"], args: {} },
    grant_access: { policy: ["handlaggare"], args: { name: S, fingerprint: S } },
    revoke_access: { policy: ["handlaggare", "admin"], args: { name: S } },
    grant_with_recovery: { policy: null, args: { code: S, name: S, fingerprint: S } },
  };
  const LOG_FILTER_KEYS = ["person_ref", "actor", "action", "since", "until", "flagged_only", "term_hash", "limit"];

  const state = { session: cfg.unlocked ? { name: "hanna", role: "handlaggare" } : null, firstLogin: null, vaultExists: !!cfg.vaultExists, lookups: 0 };
  const mock = { calls: [], violations: [], listeners: {}, state, persons, users, log, config: cfg, recoveryCode: RECOVERY_CODE };
  const violation = (msg) => {
    mock.violations.push(msg);
    return msg;
  };
  const fieldNames = FIELDS.map((f) => f[0]);

  /** grant_access as src/session/access.rs does it, for `by` (a case handler or the recovery code). */
  function grant(by, name, fingerprint) {
    const purpose = "user=" + name.trim();
    const u = users.find((x) => x.name === name.trim().toLowerCase());
    if (!u) throw err("USER_NOT_FOUND", "no such user");
    if (NEEDS[u.role].length === 0) throw err("INVALID_INPUT", "this role works without data access");
    if (u.disabled) throw err("USER_DISABLED", "the account is disabled");
    if (u.must_change_password) throw err("PASSWORD_CHANGE_REQUIRED", "the user must choose a password first");
    if (normKey(fingerprint) === "" || normKey(fingerprint) !== normKey(u.fingerprint)) {
      addLog(by.name, by.role, "access_granted", { purpose: `user=${u.name} fingerprint mismatch`, outcome: "denied", flagged: true });
      throw err("FINGERPRINT_MISMATCH", "the key fingerprint does not match the account's; ask the person to read it from their screen");
    }
    for (const k of NEEDS[u.role]) u.grants[k] = true;
    addLog(by.name, by.role, "access_granted", { purpose, fields: NEEDS[u.role].slice(), flagged: true });
    return null;
  }

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
        state.lookups = 0;
        addLog(u.name, u.role, "login");
        return { state: "ready", user: { name: u.name, role: u.role, idle_lock_minutes: settings.idle_lock_minutes, lock_on_minimize: settings.lock_on_minimize } };
      }
      case "choose_password": {
        const u = state.firstLogin;
        if (!u) throw err("SESSION_LOCKED", "the session is locked; log in again");
        if (a.password.length < 12) throw err("WEAK_PASSWORD", "the password is too weak: shorter than 12 characters");
        if (/^(.)\1+$/.test(a.password)) throw err("WEAK_PASSWORD", "the password is too weak: mostly one character or a short pattern repeated");
        u.must_change_password = false;
        // The first login makes the account's own keys: a new fingerprint, nothing granted yet.
        u.fingerprint = newFingerprint(u.name);
        u.grants = none();
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
        const words = fold(q).split(/\s+/).filter(Boolean);
        const matched = id.canonical
          ? visible.filter((p) => p.record.identity_number === id.canonical)
          : words.length
            ? visible.filter((p) => words.every((w) => fold(p.record.name).split(/\s+/).some((n) => n.startsWith(w))))
            : [];
        return { hits: matched.slice(0, SEARCH_LIMIT).map(summary), total: matched.length, limit: SEARCH_LIMIT };
      }
      case "show_person":
      case "edit_person":
      case "reveal_field":
      case "copy_field":
      case "set_protection":
      case "restrict":
      case "lift_restriction":
      case "rectify_person": {
        const ACTION = {
          show_person: "person_viewed", edit_person: "person_edited", reveal_field: "field_revealed", copy_field: "field_copied",
          set_protection: "protection_changed", restrict: "restriction_set", lift_restriction: "restriction_lifted", rectify_person: "person_rectified",
        };
        // What the shell parses before it calls the core (from_json: unknown keys, wrong types).
        if (cmd === "edit_person" || cmd === "rectify_person") {
          const bad = validateRecord(a.patch, true);
          if (bad) throw bad;
        }
        if (cmd === "set_protection") {
          const bad = validateRecord({ protection: a.protection }, true);
          if (bad || a.protection === null || typeof a.protection !== "object") throw bad || err("INVALID_INPUT", "a field has the wrong type or an unknown value (line 1, column 1)");
        }
        const p = byRef(a.personRef);
        if (!p) throw err("PERSON_NOT_FOUND", "no such person");
        const denied = refusal(cmd, accessTo(p, me));
        if (denied) {
          addLog(me.name, me.role, ACTION[cmd], { person_ref: p.ref, outcome: "denied", flagged: true, fields: cmd === "reveal_field" || cmd === "copy_field" ? [String(a.field)] : [] });
          throw err("DENIED", `not allowed: ${denied}`);
        }
        if (cmd === "show_person") {
          addLog(me.name, me.role, "person_viewed", { person_ref: p.ref });
          return view(p, me.name);
        }
        if (cmd === "edit_person") {
          if ("protection" in a.patch || "restricted" in a.patch) {
            violation("edit_person with `protection` or `restricted` in the patch: the core refuses it (use set_protection, restrict, lift_restriction)");
            throw err("INVALID_INPUT", MARKING_ONLY);
          }
          Object.assign(p.record, a.patch);
          addLog(me.name, me.role, "person_edited", { person_ref: p.ref, fields: Object.keys(a.patch) });
          return view(p, me.name);
        }
        if (cmd === "set_protection" || cmd === "restrict" || cmd === "lift_restriction" || cmd === "rectify_person") {
          const reason = checkReason(p, a.reason);
          let fields;
          let purpose = reason;
          if (cmd === "set_protection") {
            checkProtectionDates(a.protection);
            p.record.protection = Object.assign({ kind: null, since: null, review_on: null, note: null }, a.protection);
            fields = ["protection"];
          } else if (cmd === "rectify_person") {
            if ("protection" in a.patch || "restricted" in a.patch) {
              violation("rectify_person with `protection` or `restricted` in the patch: the core refuses it");
              throw err("INVALID_INPUT", MARKING_ONLY);
            }
            Object.assign(p.record, a.patch);
            fields = Object.keys(a.patch);
            purpose = `rattelse: ${reason}`;
          } else {
            p.record.restricted = cmd === "restrict";
            fields = ["restricted"];
            if (mock.revealed) for (const k of Object.keys(mock.revealed)) if (k.startsWith(p.ref + "/")) delete mock.revealed[k];
          }
          addLog(me.name, me.role, ACTION[cmd], { person_ref: p.ref, fields, purpose, flagged: true });
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
        const denied = refusal(cmd, accessTo(p, me));
        if (denied) {
          addLog(me.name, me.role, "emergency_access", { person_ref: p.ref, outcome: "denied", flagged: true });
          throw err("DENIED", `not allowed: ${denied}`);
        }
        if (a.justification.trim().length < 20) throw err("INVALID_INPUT", "the justification must be at least 20 characters");
        emergency[p.ref] = Date.now() + settings.emergency_minutes * 60000;
        addLog(me.name, me.role, "emergency_access", { person_ref: p.ref, purpose: a.justification.trim(), flagged: true });
        return { person_ref: p.ref, expires_at: new Date(emergency[p.ref]).toISOString().replace(/\.\d+Z$/, "Z"), minutes: settings.emergency_minutes };
      }
      case "lookup": {
        // Counted before anything else (src/session/reception.rs): a refused lookup counts too.
        state.lookups += 1;
        if (state.lookups > cfg.lookupsPerSession) {
          addLog(me.name, me.role, "lookup", { outcome: "denied", flagged: true });
          throw err("RATE_LIMITED", `too many lookups (${cfg.lookupsPerSession} per session); wait, or ask a case handler`);
        }
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
        return users.map(accountView);
      case "add_user": {
        if (!ROLES.includes(a.role)) throw err("INVALID_INPUT", "unknown role");
        const name = a.name.trim().toLowerCase();
        if (!name) throw err("INVALID_INPUT", "a user name must be 1 to 64 printable characters");
        if (users.some((u) => u.name === name)) throw err("USER_EXISTS", "a user with that name already exists");
        if (a.password.length < settings.min_password_length) throw err("WEAK_PASSWORD", `the password is too weak: shorter than ${settings.min_password_length} characters`);
        users.push({ name, role: a.role, disabled: false, must_change_password: true, grants: none(), fingerprint: newFingerprint(name) });
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
          if (u.name === me.name) throw err("INVALID_INPUT", "you cannot disable your own account");
          // The slot and every grant go; the keys the account could open are rotated.
          u.disabled = true;
          u.grants = none();
        }
        if (cmd === "enable_user" || cmd === "reset_password") {
          if (u.name === me.name) throw err("INVALID_INPUT", "change your own password with passwd instead");
          if (a.password.length < settings.min_password_length) throw err("WEAK_PASSWORD", `the password is too weak: shorter than ${settings.min_password_length} characters`, "TOO_SHORT");
          // A new initial slot with new keys: any data access the account had is gone.
          u.disabled = false;
          u.must_change_password = true;
          u.grants = none();
          u.fingerprint = newFingerprint(u.name);
        }
        addLog(me.name, me.role, { disable_user: "user_disabled", enable_user: "user_enabled", reset_password: "password_reset", unlock_user: "user_unlocked" }[cmd], { purpose: "user=" + u.name });
        return cmd === "unlock_user" ? false : null;
      }
      case "get_settings":
        addLog(me.name, me.role, "settings_viewed");
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
          // LogFilter (serde default, deny_unknown_fields): every field optional, unknown keys refused.
          const okStr = (k) => f[k] === undefined || f[k] === null || typeof f[k] === "string";
          const okFlag = f.flagged_only === undefined || typeof f.flagged_only === "boolean";
          const unknown = typeof f === "object" && !Array.isArray(f) ? Object.keys(f).filter((k) => !LOG_FILTER_KEYS.includes(k)) : [];
          if (unknown.length) violation(`view_log: the filter has keys the core refuses: ${unknown.join(", ")}`);
          if (typeof f !== "object" || Array.isArray(f) || unknown.length || !okFlag || !["person_ref", "actor", "action", "since", "until", "term_hash"].every(okStr) || (f.limit != null && !Number.isInteger(f.limit))) {
            throw err("INVALID_INPUT", "the log filter is malformed");
          }
        }
        const g = f || {};
        addLog(me.name, me.role, "log_viewed");
        return log
          .filter((e) => (!g.person_ref || e.person_ref === g.person_ref.trim().toUpperCase()) && (!g.actor || e.actor === g.actor) && (!g.action || e.action === g.action) && (!g.flagged_only || e.flagged) && (!g.term_hash || e.term_hash === g.term_hash))
          .slice(0, g.limit || 500)
          .map((e) => Object.assign({}, e, { fields: e.fields.slice() }));
      }
      case "verify_log":
        addLog(me.name, me.role, "log_verified");
        return { holds: true, entries: log.length, checkpoints: 2, outside_checkpoint: log.length - 1, broken_at: null, problem: null };
      case "my_access": {
        const u = users.find((x) => x.name === me.name);
        const needs = NEEDS[u.role];
        return { fingerprint: u.fingerprint, records: u.grants.records, reception: u.grants.reception, awaiting: needs.some((k) => !u.grants[k]) };
      }
      case "pending_access":
        addLog(me.name, me.role, "access_listed");
        return users
          .filter((u) => !u.disabled && !u.must_change_password && NEEDS[u.role].some((k) => !u.grants[k]))
          .map((u) => ({ name: u.name, role: u.role, waiting_for: NEEDS[u.role].filter((k) => !u.grants[k]) }));
      case "grant_access":
        return grant(me, a.name, a.fingerprint);
      case "grant_with_recovery": {
        if (normKey(a.code) !== normKey(RECOVERY_CODE)) {
          addLog("recovery", "recovery", "login_failed", { outcome: "denied", flagged: true, purpose: "recovery code" });
          throw err("WRONG_RECOVERY_CODE", "wrong recovery code");
        }
        // A session of its own, opened and closed here; the logged-in session is untouched.
        const recovery = { name: "recovery", role: "recovery" };
        addLog(recovery.name, recovery.role, "login", { purpose: "recovery code", flagged: true });
        try {
          return grant(recovery, a.name, a.fingerprint);
        } finally {
          addLog(recovery.name, recovery.role, "lock");
        }
      }
      case "revoke_access": {
        const u = users.find((x) => x.name === a.name.trim().toLowerCase());
        if (!u) throw err("USER_NOT_FOUND", "no such user");
        const held = Object.keys(u.grants).filter((k) => u.grants[k]);
        u.grants = none();
        addLog(me.name, me.role, "access_revoked", { purpose: "user=" + u.name, fields: held, flagged: true });
        return null;
      }
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
    // Tauri ignores keys it does not know; here they mean the UI and the shell disagree.
    const unknownArgs = Object.keys(a).filter((k) => !(k in spec.args));
    if (unknownArgs.length) violation(`${cmd} called with arguments the command does not take: ${unknownArgs.join(", ")}`);
    if (spec.policy !== null) {
      if (!state.session) throw err("SESSION_LOCKED", "the session is locked; log in again");
      if (spec.policy !== "any" && !spec.policy.includes(state.session.role)) {
        violation(`${cmd} called by the role ${state.session.role}, which the core refuses (DENIED)`);
        addLog(state.session.name, state.session.role, "denied", { outcome: "denied", flagged: true });
        throw err("DENIED", `not allowed: ${state.session.role} may not ${cmd}`);
      }
      const me = users.find((x) => x.name === state.session.name);
      const key = (NEEDS_KEY[cmd] || []).find((k) => me && !me.grants[k]);
      if (key) {
        violation(`${cmd} called by ${me.name}, who has no ${key} key yet: the UI should not offer it while the account waits (NO_DATA_ACCESS)`);
        addLog(me.name, me.role, cmd, { outcome: "denied", flagged: true, purpose: `no ${key} key` });
        throw err("NO_DATA_ACCESS", `this account has no access to ${key === "records" ? "person data" : "the reception register"} yet; a case handler must grant it`);
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
