//! The desktop shell's security configuration, pinned: parses `src-tauri/tauri.conf.json`, the
//! capability files and `src-tauri/Cargo.toml`, and fails when any of them is looser than ISSUE 4 and
//! DESIGN.md allow:
//!
//! - CSP: `default-src 'self'` exactly, `object-src 'none'`, no `'unsafe-*'`, no wildcard, no remote
//!   scheme or host (only Tauri's own IPC origin in `connect-src`), no `data:`/`blob:` where script can
//!   come from. The same rules apply to `devCsp` when present.
//! - No remote content: `frontendDist` a local path, `devUrl` (if any) on localhost, no window loads an
//!   external URL — `withGlobalTauri` exposes the IPC to whatever the window shows.
//! - Every window titled exactly "Skyddsvalv" (no personal data in titles); no asset protocol.
//! - Capabilities grant only the app's own `allow-<command>` permissions (commands declared in
//!   `src-tauri/build.rs`) and `core:event:allow-listen`/`allow-unlisten`; no `remote` capability; no
//!   wildcard windows. Hand-written permission sets are held to the same list.
//! - `src-tauri/Cargo.toml` does not enable tauri's `devtools` feature nor depend on a shell, file-system
//!   or network plugin.
//!
//! Every rule has a test below that loosens the real configuration and expects the checker to object,
//! so a checker that silently accepts everything fails too.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn parse(path: &Path) -> Value {
    serde_json::from_str(&read(path))
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

// ------------------------------------------------------------------------------------------------
// CSP
// ------------------------------------------------------------------------------------------------

/// Directives from the string form (`a b; c d`) or Tauri's object form (`{"a": "b" | ["b"]}`).
fn csp_directives(csp: &Value) -> Result<Vec<(String, Vec<String>)>, String> {
    match csp {
        Value::String(s) => Ok(s
            .split(';')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                let mut parts = d.split_whitespace();
                let name = parts.next().unwrap_or_default().to_ascii_lowercase();
                (name, parts.map(str::to_string).collect())
            })
            .collect()),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let sources = match v {
                    Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
                    Value::Array(a) => a
                        .iter()
                        .map(|x| x.as_str().map(str::to_string).ok_or("non-string source"))
                        .collect::<Result<Vec<_>, _>>()?,
                    _ => return Err(format!("directive {k} has a value of the wrong type")),
                };
                Ok((k.to_ascii_lowercase(), sources))
            })
            .collect(),
        Value::Null => Err("no CSP at all (null)".into()),
        _ => Err("the CSP is neither a string nor an object".into()),
    }
}

/// Directives from which script (or a plugin/frame that runs script) can be loaded.
const SCRIPT_DIRECTIVES: &[&str] = &[
    "default-src",
    "script-src",
    "script-src-elem",
    "script-src-attr",
    "object-src",
    "worker-src",
    "child-src",
    "frame-src",
];

/// Tauri's own IPC origins (the custom protocol on Linux/macOS, its http form on Windows/Android).
const IPC_SOURCES: &[&str] = &["ipc:", "http://ipc.localhost", "https://ipc.localhost"];

fn source_problem(directive: &str, source: &str) -> Option<String> {
    let s = source.to_ascii_lowercase();
    let bad = |why: &str| Some(format!("CSP {directive} allows {source}: {why}"));
    if s.starts_with('\'') {
        if s.starts_with("'unsafe-") || s == "'wasm-unsafe-eval'" {
            return bad("unsafe keywords are not allowed");
        }
        let ok = matches!(s.as_str(), "'self'" | "'none'" | "'report-sample'")
            || s.starts_with("'nonce-")
            || s.starts_with("'sha256-")
            || s.starts_with("'sha384-")
            || s.starts_with("'sha512-");
        return if ok {
            None
        } else {
            bad("unknown or loosening keyword")
        };
    }
    if s.contains('*') {
        return bad("wildcards are not allowed");
    }
    if IPC_SOURCES.contains(&s.as_str()) {
        return if directive == "connect-src" {
            None
        } else {
            bad("the IPC origin belongs in connect-src only")
        };
    }
    // A scheme source such as `data:`.
    if s.ends_with(':') && !s.contains('/') && !s.contains('.') {
        return match s.as_str() {
            "data:" | "blob:" | "filesystem:" if SCRIPT_DIRECTIVES.contains(&directive) => {
                bad("script could be loaded from it")
            }
            "data:" | "blob:" => None,
            "http:" | "https:" | "ws:" | "wss:" | "ftp:" => bad("remote scheme"),
            _ => bad("unexpected scheme (only data: and Tauri's ipc: are expected)"),
        };
    }
    // Anything else is a host source: remote content.
    bad("remote content is not allowed")
}

fn csp_problems(label: &str, csp: Option<&Value>) -> Vec<String> {
    let Some(csp) = csp else {
        return vec![format!("{label}: no CSP (app.security.csp is missing)")];
    };
    let directives = match csp_directives(csp) {
        Ok(d) => d,
        Err(e) => return vec![format!("{label}: {e}")],
    };
    let mut out = Vec::new();
    let find = |name: &str| directives.iter().find(|(n, _)| n == name).map(|(_, s)| s);
    match find("default-src") {
        Some(s) if s.len() == 1 && s[0] == "'self'" => {}
        Some(s) => out.push(format!(
            "{label}: default-src must be exactly 'self', found {}",
            s.join(" ")
        )),
        None => out.push(format!("{label}: default-src 'self' is missing")),
    }
    match find("object-src") {
        Some(s) if s.len() == 1 && s[0] == "'none'" => {}
        Some(s) => out.push(format!(
            "{label}: object-src must be 'none', found {}",
            s.join(" ")
        )),
        None => out.push(format!("{label}: object-src 'none' is missing")),
    }
    for (name, sources) in &directives {
        if name == "sandbox" || name == "upgrade-insecure-requests" || name.starts_with("report-") {
            continue;
        }
        for s in sources {
            if let Some(p) = source_problem(name, s) {
                out.push(format!("{label}: {p}"));
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// tauri.conf.json
// ------------------------------------------------------------------------------------------------

fn is_remote_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    l.contains("://") && !l.starts_with("tauri://")
        || l.starts_with("//")
        || l.starts_with("data:")
        || l.starts_with("javascript:")
}

fn is_localhost_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|p| {
            l.strip_prefix(p).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')
            })
        })
}

fn conf_problems(conf: &Value, own_commands: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let security = conf.pointer("/app/security");
    out.extend(csp_problems("csp", security.and_then(|s| s.get("csp"))));
    if let Some(dev_csp) = security.and_then(|s| s.get("devCsp")) {
        if !dev_csp.is_null() {
            out.extend(csp_problems("devCsp", Some(dev_csp)));
        }
    }

    let global = conf
        .pointer("/app/withGlobalTauri")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let remote_note = if global {
        " (withGlobalTauri would hand the IPC to it)"
    } else {
        ""
    };
    match conf.pointer("/build/frontendDist") {
        Some(Value::String(s)) if is_remote_url(s) => out.push(format!(
            "build.frontendDist points to remote content {s}{remote_note}"
        )),
        Some(Value::String(_)) | Some(Value::Array(_)) => {}
        None => out.push("build.frontendDist is missing (the UI must be bundled)".into()),
        Some(_) => out.push("build.frontendDist has an unexpected type".into()),
    }
    if let Some(dev) = conf.pointer("/build/devUrl") {
        match dev {
            Value::Null => {}
            Value::String(s) if is_localhost_url(s) => {}
            other => out.push(format!(
                "build.devUrl must be absent or on localhost, found {other}{remote_note}"
            )),
        }
    }

    let windows = conf
        .pointer("/app/windows")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if windows.is_empty() {
        out.push("app.windows is empty: the main window's title cannot be checked".into());
    }
    for (i, w) in windows.iter().enumerate() {
        match w.get("title").and_then(Value::as_str) {
            Some("Skyddsvalv") => {}
            other => out.push(format!(
                "window {i}: title must be exactly \"Skyddsvalv\", found {other:?}"
            )),
        }
        if let Some(u) = w.get("url").and_then(Value::as_str) {
            if is_remote_url(u) {
                out.push(format!("window {i} loads remote content {u}{remote_note}"));
            }
        }
        if w.get("devtools").and_then(Value::as_bool) == Some(true) {
            out.push(format!("window {i} enables devtools"));
        }
    }

    if let Some(s) = security {
        if s.get("dangerousRemoteDomainIpcAccess").is_some() {
            out.push("security.dangerousRemoteDomainIpcAccess gives remote pages the IPC".into());
        }
        if s.pointer("/assetProtocol/enable").and_then(Value::as_bool) == Some(true) {
            out.push("security.assetProtocol is enabled (file access from the web view)".into());
        }
        if let Some(caps) = s.get("capabilities").and_then(Value::as_array) {
            for (i, c) in caps.iter().enumerate() {
                if c.is_object() {
                    out.extend(capability_problems(
                        &format!("inline capability {i}"),
                        c,
                        own_commands,
                    ));
                }
            }
        }
    }
    if let Some(plugins) = conf.get("plugins").and_then(Value::as_object) {
        for name in plugins.keys() {
            if name != "single-instance" {
                out.push(format!(
                    "plugins.{name}: no plugin configuration is expected"
                ));
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Capabilities and permissions
// ------------------------------------------------------------------------------------------------

const CORE_ALLOWED: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

/// `app_version` → `allow-app-version`, the identifier tauri-build generates.
fn allow_id(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

fn permission_allowed(id: &str, own_commands: &[String]) -> bool {
    CORE_ALLOWED.contains(&id) || own_commands.iter().any(|c| allow_id(c) == id)
}

fn capability_problems(label: &str, cap: &Value, own_commands: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if cap.get("remote").is_some() {
        out.push(format!(
            "{label}: a remote capability (remote URLs get the IPC)"
        ));
    }
    for key in ["windows", "webviews"] {
        if let Some(list) = cap.get(key).and_then(Value::as_array) {
            for w in list {
                if w.as_str().is_none_or(|s| s.contains('*')) {
                    out.push(format!("{label}: {key} must name windows, found {w}"));
                }
            }
        }
    }
    match cap.get("permissions").and_then(Value::as_array) {
        None => out.push(format!("{label}: no permissions list")),
        Some(perms) => {
            for p in perms {
                let id = match p {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(o) => o.get("identifier").and_then(Value::as_str),
                    _ => None,
                };
                match id {
                    Some(id) if permission_allowed(id, own_commands) => {}
                    Some(id) => out.push(format!(
                        "{label}: grants {id}, which is neither one of the app's own commands nor \
                         core:event:allow-listen/allow-unlisten"
                    )),
                    None => out.push(format!("{label}: unreadable permission entry {p}")),
                }
            }
        }
    }
    out
}

/// The commands `src-tauri/build.rs` declares: `AppManifest::new().commands(&["a", "b"])`, or
/// `.commands(NAME)` with `const NAME: &[&str] = &["a", "b"];` in the same file.
fn declared_commands(build_rs: &str) -> Vec<String> {
    let code: String = build_rs
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let Some(start) = code.find(".commands(") else {
        return Vec::new();
    };
    let arg = &code[start + ".commands(".len()..];
    let arg = &arg[..arg.find(')').unwrap_or(arg.len())];
    let list = if arg.contains('[') {
        arg.to_string()
    } else {
        let name = arg.trim().trim_start_matches('&');
        let Some(def) = ["const ", "static "]
            .iter()
            .find_map(|kw| code.find(&format!("{kw}{name}:")))
        else {
            return Vec::new();
        };
        let rest = &code[def..];
        let Some(open) = rest.find("= &[").or_else(|| rest.find("=&[")) else {
            return Vec::new();
        };
        let body = &rest[open..];
        body[..body.find(']').unwrap_or(body.len())].to_string()
    };
    quoted_strings(&list)
}

fn quoted_strings(text: &str) -> Vec<String> {
    text.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// Hand-written permission sets (`src-tauri/permissions/*.toml`, not the generated ones) may bundle
/// other permissions; they are held to the same list.
fn permission_set_problems(label: &str, toml: &str, own_commands: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = toml;
    while let Some(i) = rest.find("permissions") {
        let after = &rest[i + "permissions".len()..];
        let trimmed = after.trim_start();
        if let Some(list) = trimmed.strip_prefix('=').map(str::trim_start) {
            if let Some(body) = list.strip_prefix('[') {
                let end = body.find(']').unwrap_or(body.len());
                for id in quoted_strings(&body[..end]) {
                    if !permission_allowed(&id, own_commands) && !id.starts_with("deny-") {
                        out.push(format!("{label}: permission set includes {id}"));
                    }
                }
            }
        }
        rest = after;
    }
    out
}

// ------------------------------------------------------------------------------------------------
// src-tauri/Cargo.toml
// ------------------------------------------------------------------------------------------------

const FORBIDDEN_PLUGINS: &[&str] = &[
    "tauri-plugin-shell",
    "tauri-plugin-fs",
    "tauri-plugin-http",
    "tauri-plugin-websocket",
    "tauri-plugin-upload",
    "tauri-plugin-updater",
    "tauri-plugin-opener",
    "tauri-plugin-process",
    "tauri-plugin-deep-link",
    "tauri-plugin-localhost",
    "tauri-plugin-persisted-scope",
    "tauri-plugin-sql",
    "tauri-plugin-dialog",
];

fn cargo_problems(cargo_toml: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in cargo_toml.lines().enumerate() {
        let code = line.split('#').next().unwrap_or_default();
        // tauri's `tracing` feature logs IPC payloads (revealed values) at trace level.
        let tauri_line =
            code.trim_start().starts_with("tauri ") || code.trim_start().starts_with("tauri=");
        if code.contains("tauri/tracing") || (tauri_line && code.contains("\"tracing\"")) {
            out.push(format!(
                "src-tauri/Cargo.toml line {}: enables tauri's tracing feature ({})",
                n + 1,
                code.trim()
            ));
        }
        if code.contains("devtools") {
            out.push(format!(
                "src-tauri/Cargo.toml line {}: enables devtools ({})",
                n + 1,
                code.trim()
            ));
        }
        let key = code.split('=').next().unwrap_or_default().trim();
        let key = key
            .trim_matches(|c| c == '[' || c == ']')
            .trim_start_matches("dependencies.")
            .trim_matches('"');
        if FORBIDDEN_PLUGINS.contains(&key) {
            out.push(format!(
                "src-tauri/Cargo.toml line {}: depends on {key} (no shell, file-system or network plugins)",
                n + 1
            ));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// The real files
// ------------------------------------------------------------------------------------------------

fn real_commands() -> Vec<String> {
    let cmds = declared_commands(&read(&root().join("src-tauri/build.rs")));
    assert!(
        !cmds.is_empty(),
        "src-tauri/build.rs declares no commands (AppManifest::commands) — cannot tell the app's own permissions"
    );
    cmds
}

fn real_conf() -> Value {
    parse(&root().join("src-tauri/tauri.conf.json"))
}

fn capability_files() -> Vec<PathBuf> {
    let dir = root().join("src-tauri/capabilities");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn report(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "the desktop shell's configuration is looser than allowed:\n  - {}",
        problems.join("\n  - ")
    );
}

#[test]
fn tauri_conf_is_strict() {
    report(&conf_problems(&real_conf(), &real_commands()));
}

#[test]
fn capabilities_grant_only_the_apps_own_commands() {
    let cmds = real_commands();
    let files = capability_files();
    assert!(
        !files.is_empty(),
        "src-tauri/capabilities holds no capability"
    );
    let mut problems = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if f.extension().and_then(|e| e.to_str()) != Some("json") {
            problems.push(format!(
                "capabilities/{name}: only JSON capabilities are expected (this test cannot read others)"
            ));
            continue;
        }
        problems.extend(capability_problems(
            &format!("capabilities/{name}"),
            &parse(&f),
            &cmds,
        ));
    }
    report(&problems);
}

#[test]
fn hand_written_permission_sets_stay_within_the_list() {
    let cmds = real_commands();
    let dir = root().join("src-tauri/permissions");
    let mut problems = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                problems.extend(permission_set_problems(
                    &format!("permissions/{name}"),
                    &read(&p),
                    &cmds,
                ));
            }
        }
    }
    report(&problems);
}

#[test]
fn app_cargo_toml_has_no_devtools_and_no_risky_plugins() {
    report(&cargo_problems(&read(&root().join("src-tauri/Cargo.toml"))));
}

// ------------------------------------------------------------------------------------------------
// The checker itself: each rule objects to a loosened configuration
// ------------------------------------------------------------------------------------------------

const GOOD_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn cmds() -> Vec<String> {
    vec!["app_version".to_string(), "find_persons".to_string()]
}

fn good_conf() -> Value {
    json!({
        "productName": "Skyddsvalv",
        "build": { "frontendDist": "../ui" },
        "app": {
            "withGlobalTauri": true,
            "windows": [{ "label": "main", "title": "Skyddsvalv" }],
            "security": { "csp": GOOD_CSP }
        }
    })
}

fn good_capability() -> Value {
    json!({
        "identifier": "default",
        "windows": ["main"],
        "permissions": ["core:event:allow-listen", "core:event:allow-unlisten",
                        "allow-app-version", "allow-find-persons"]
    })
}

fn expect_objection(problems: Vec<String>, what: &str, needle: &str) {
    assert!(
        problems.iter().any(|p| p.contains(needle)),
        "loosening \"{what}\" was not caught (expected a problem mentioning {needle:?}); got {problems:?}"
    );
}

#[test]
fn the_checker_accepts_a_strict_configuration() {
    assert_eq!(conf_problems(&good_conf(), &cmds()), Vec::<String>::new());
    assert_eq!(
        capability_problems("good", &good_capability(), &cmds()),
        Vec::<String>::new()
    );
    // The CSP in Tauri's object form, too.
    let mut c = good_conf();
    c["app"]["security"]["csp"] = json!({
        "default-src": "'self'", "object-src": "'none'", "connect-src": ["ipc:", "http://ipc.localhost"]
    });
    assert_eq!(conf_problems(&c, &cmds()), Vec::<String>::new());
}

fn loosen_csp(csp: &str) -> Vec<String> {
    let mut c = good_conf();
    c["app"]["security"]["csp"] = json!(csp);
    conf_problems(&c, &cmds())
}

/// The real CSP with a replacement applied, so the rules are also exercised on what ships.
fn loosen_real_csp(f: impl Fn(&str) -> String) -> Vec<String> {
    let mut c = real_conf();
    let csp = c
        .pointer("/app/security/csp")
        .and_then(Value::as_str)
        .expect("the real CSP is a string")
        .to_string();
    c["app"]["security"]["csp"] = json!(f(&csp));
    conf_problems(&c, &real_commands())
}

#[test]
fn csp_rules_each_catch_a_loosened_policy() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "no default-src",
            "script-src 'self'; object-src 'none'",
            "default-src 'self' is missing",
        ),
        (
            "default-src not self",
            "default-src 'self' https:; object-src 'none'",
            "default-src must be exactly",
        ),
        (
            "default-src star",
            "default-src *; object-src 'none'",
            "default-src",
        ),
        (
            "unsafe-inline script",
            &format!("{GOOD_CSP}; script-src 'self' 'unsafe-inline'"),
            "unsafe",
        ),
        (
            "unsafe-inline style",
            &GOOD_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            "unsafe",
        ),
        (
            "unsafe-eval",
            &GOOD_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
            "unsafe",
        ),
        (
            "wasm-unsafe-eval",
            &GOOD_CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"),
            "unsafe",
        ),
        (
            "remote https host",
            &GOOD_CSP.replace(
                "img-src 'self' data:",
                "img-src 'self' https://cdn.example.com",
            ),
            "remote",
        ),
        (
            "remote scheme",
            &GOOD_CSP.replace("connect-src ipc:", "connect-src https: ipc:"),
            "remote scheme",
        ),
        (
            "websocket",
            &GOOD_CSP.replace("connect-src ipc:", "connect-src wss: ipc:"),
            "remote scheme",
        ),
        (
            "bare host",
            &GOOD_CSP.replace("style-src 'self'", "style-src 'self' fonts.example.org"),
            "remote",
        ),
        (
            "wildcard",
            &GOOD_CSP.replace("img-src 'self' data:", "img-src *"),
            "wildcard",
        ),
        (
            "wildcard host",
            &GOOD_CSP.replace("img-src 'self' data:", "img-src https://*.example.com"),
            "wildcard",
        ),
        (
            "data: script",
            &GOOD_CSP.replace("script-src 'self'", "script-src 'self' data:"),
            "script could be loaded",
        ),
        (
            "ipc outside connect-src",
            &GOOD_CSP.replace(
                "img-src 'self' data:",
                "img-src 'self' http://ipc.localhost",
            ),
            "connect-src only",
        ),
        (
            "no object-src",
            &GOOD_CSP.replace("; object-src 'none'", ""),
            "object-src 'none' is missing",
        ),
        (
            "object-src self",
            &GOOD_CSP.replace("object-src 'none'", "object-src 'self'"),
            "object-src must be 'none'",
        ),
    ];
    for (what, csp, needle) in cases {
        expect_objection(loosen_csp(csp), what, needle);
    }
    let mut c = good_conf();
    c["app"]["security"]["csp"] = Value::Null;
    expect_objection(conf_problems(&c, &cmds()), "csp null", "no CSP");
    c["app"]["security"].as_object_mut().unwrap().remove("csp");
    expect_objection(conf_problems(&c, &cmds()), "csp removed", "no CSP");
    let mut c = good_conf();
    c["app"]["security"]["devCsp"] = json!("default-src 'self' 'unsafe-eval'; object-src 'none'");
    expect_objection(conf_problems(&c, &cmds()), "devCsp unsafe-eval", "devCsp");
    let mut c = good_conf();
    c["app"]["security"]["csp"] = json!({"default-src": ["'self'"], "object-src": "'none'",
                                         "script-src": ["'self'", "'unsafe-inline'"]});
    expect_objection(
        conf_problems(&c, &cmds()),
        "object-form unsafe-inline",
        "unsafe",
    );
}

#[test]
fn csp_rules_catch_loosening_of_the_shipped_policy() {
    expect_objection(
        loosen_real_csp(|c| format!("{c}; script-src 'self' 'unsafe-inline'")),
        "real + unsafe-inline",
        "unsafe",
    );
    expect_objection(
        loosen_real_csp(|c| {
            c.replace(
                "default-src 'self'",
                "default-src 'self' https://example.com",
            )
        }),
        "real + remote default-src",
        "default-src",
    );
    expect_objection(
        loosen_real_csp(|c| c.replace("object-src 'none'", "object-src *")),
        "real object-src *",
        "object-src",
    );
    expect_objection(
        loosen_real_csp(|c| format!("{c}; connect-src https://api.example.com")),
        "real + remote connect-src",
        "remote",
    );
}

#[test]
fn remote_content_rules_each_catch_a_loosened_config() {
    let mut c = good_conf();
    c["build"]["frontendDist"] = json!("https://skyddsvalv.example.com/app");
    expect_objection(
        conf_problems(&c, &cmds()),
        "remote frontendDist",
        "withGlobalTauri",
    );
    let mut c = good_conf();
    c["build"]["devUrl"] = json!("http://evil.example.com:1420");
    expect_objection(conf_problems(&c, &cmds()), "remote devUrl", "devUrl");
    let mut c = good_conf();
    c["build"]["devUrl"] = json!("http://localhost.evil.example.com");
    expect_objection(conf_problems(&c, &cmds()), "look-alike devUrl", "devUrl");
    let mut c = good_conf();
    c["build"]["devUrl"] = json!("http://localhost:1420");
    assert_eq!(
        conf_problems(&c, &cmds()),
        Vec::<String>::new(),
        "a localhost devUrl is fine"
    );
    let mut c = good_conf();
    c["app"]["windows"][0]["url"] = json!("https://example.com");
    expect_objection(
        conf_problems(&c, &cmds()),
        "window with a remote url",
        "remote content",
    );
    let mut c = good_conf();
    c["app"]["security"]["assetProtocol"] = json!({"enable": true, "scope": ["**"]});
    expect_objection(
        conf_problems(&c, &cmds()),
        "asset protocol",
        "assetProtocol",
    );
    let mut c = good_conf();
    c["app"]["security"]["dangerousRemoteDomainIpcAccess"] = json!([{"domain": "example.com"}]);
    expect_objection(
        conf_problems(&c, &cmds()),
        "remote IPC",
        "dangerousRemoteDomainIpcAccess",
    );
    let mut c = good_conf();
    c["plugins"] = json!({"shell": {"open": true}});
    expect_objection(
        conf_problems(&c, &cmds()),
        "shell plugin config",
        "plugins.shell",
    );
    let mut c = good_conf();
    c["app"]["windows"][0]["devtools"] = json!(true);
    expect_objection(conf_problems(&c, &cmds()), "window devtools", "devtools");
    // The same on the real file.
    let mut c = real_conf();
    c["build"]["frontendDist"] = json!("http://192.168.1.10:8080");
    expect_objection(
        conf_problems(&c, &real_commands()),
        "real remote frontendDist",
        "frontendDist",
    );
}

#[test]
fn window_title_rule_catches_a_changed_title() {
    for title in [
        json!("Skyddsvalv — Åsa Lind 19850709-9805"),
        json!(""),
        Value::Null,
    ] {
        let mut c = real_conf();
        c["app"]["windows"][0]["title"] = title.clone();
        expect_objection(
            conf_problems(&c, &real_commands()),
            &format!("title {title}"),
            "title",
        );
    }
    let mut c = good_conf();
    c["app"]["windows"]
        .as_array_mut()
        .unwrap()
        .push(json!({"label": "second", "title": "Person P-1"}));
    expect_objection(
        conf_problems(&c, &cmds()),
        "second window title",
        "window 1",
    );
}

#[test]
fn capability_rules_each_catch_a_loosened_capability() {
    for extra in [
        "core:default",
        "shell:allow-open",
        "shell:default",
        "fs:default",
        "fs:allow-read-file",
        "http:default",
        "core:window:allow-set-title",
        "core:webview:allow-internal-toggle-devtools",
        "core:event:default",
        "core:event:allow-emit",
        "allow-not-a-command",
        "deny-app-version-typo",
    ] {
        let mut cap = good_capability();
        cap["permissions"]
            .as_array_mut()
            .unwrap()
            .push(json!(extra));
        expect_objection(capability_problems("loose", &cap, &cmds()), extra, extra);
    }
    let mut cap = good_capability();
    cap["permissions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"identifier": "fs:allow-read-file", "allow": [{"path": "$HOME/**"}]}));
    expect_objection(
        capability_problems("scoped", &cap, &cmds()),
        "scoped fs",
        "fs:allow-read-file",
    );
    let mut cap = good_capability();
    cap["remote"] = json!({"urls": ["https://*.example.com"]});
    expect_objection(
        capability_problems("remote", &cap, &cmds()),
        "remote capability",
        "remote capability",
    );
    let mut cap = good_capability();
    cap["windows"] = json!(["*"]);
    expect_objection(
        capability_problems("wild", &cap, &cmds()),
        "window wildcard",
        "windows must name",
    );
    // Inline capabilities in tauri.conf.json are checked too.
    let mut c = good_conf();
    c["app"]["security"]["capabilities"] =
        json!([{"identifier": "inline", "windows": ["main"], "permissions": ["core:default"]}]);
    expect_objection(
        conf_problems(&c, &cmds()),
        "inline capability",
        "core:default",
    );
    // And the real capability file, loosened.
    let real = parse(
        &capability_files()
            .into_iter()
            .find(|p| p.ends_with("default.json"))
            .expect("default.json"),
    );
    let mut cap = real.clone();
    cap["permissions"]
        .as_array_mut()
        .unwrap()
        .push(json!("shell:allow-execute"));
    expect_objection(
        capability_problems("real", &cap, &real_commands()),
        "real + shell",
        "shell:allow-execute",
    );
}

#[test]
fn declared_commands_are_read_from_build_rs() {
    let build = r#"let a = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["vault_status", "login",
            "find_persons"]));"#;
    assert_eq!(
        declared_commands(build),
        vec!["vault_status", "login", "find_persons"]
    );
    assert_eq!(allow_id("find_persons"), "allow-find-persons");
    assert!(real_commands()
        .iter()
        .all(|c| !c.is_empty() && !c.contains(' ')));
}

#[test]
fn permission_set_rule_catches_a_bundled_plugin_permission() {
    let set = r#"[[set]]
identifier = "everything"
description = "x"
permissions = ["allow-app-version", "shell:allow-open"]
"#;
    expect_objection(
        permission_set_problems("set", set, &cmds()),
        "set with shell",
        "shell:allow-open",
    );
    let ok = "[[set]]\nidentifier = \"ok\"\npermissions = [\"allow-app-version\", \"core:event:allow-listen\"]\n";
    assert_eq!(
        permission_set_problems("ok", ok, &cmds()),
        Vec::<String>::new()
    );
}

#[test]
fn cargo_rule_catches_devtools_and_plugins() {
    let good = "[dependencies]\ntauri = { version = \"2\", features = [] }\n# devtools stays off\n\
                tauri-plugin-single-instance = \"2\"\n";
    assert_eq!(cargo_problems(good), Vec::<String>::new());
    for (what, text, needle) in [
        (
            "tauri devtools feature",
            "[dependencies]\ntauri = { version = \"2\", features = [\"devtools\"] }\n",
            "devtools",
        ),
        (
            "feature forwarding devtools",
            "[features]\ndebug = [\"tauri/devtools\"]\n",
            "devtools",
        ),
        (
            "tauri tracing feature",
            "[dependencies]\ntauri = { version = \"2\", features = [\"tracing\"] }\n",
            "tracing",
        ),
        (
            "feature forwarding tracing",
            "[features]\nlog = [\"tauri/tracing\"]\n",
            "tracing",
        ),
        (
            "shell plugin",
            "[dependencies]\ntauri-plugin-shell = \"2\"\n",
            "tauri-plugin-shell",
        ),
        (
            "http plugin table",
            "[dependencies.tauri-plugin-http]\nversion = \"2\"\n",
            "tauri-plugin-http",
        ),
        (
            "fs plugin",
            "[dependencies]\n\"tauri-plugin-fs\" = { version = \"2\" }\n",
            "tauri-plugin-fs",
        ),
    ] {
        expect_objection(cargo_problems(text), what, needle);
    }
    let real = read(&root().join("src-tauri/Cargo.toml"));
    let loosened = real.replacen(
        "[dependencies]",
        "[dependencies]\ntauri-plugin-shell = \"2\"",
        1,
    );
    expect_objection(
        cargo_problems(&loosened),
        "real + shell plugin",
        "tauri-plugin-shell",
    );
}
