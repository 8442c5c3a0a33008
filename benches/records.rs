//! Benchmarks for the records, the reception register and the access log against the budgets in
//! docs/design.md, printed as a table (p50/p95/p99 of single calls; the budgets are p95).
//!
//! * **Through the door** (`door/N/…`): a real vault (SQLCipher, sealed records, blind indexes) with N
//!   persons assigned to the case handler. The persons are seeded in one transaction by a
//!   `test-support` helper (creating 100 000 one by one would spend half an hour on the reception
//!   register's deliberately slow hashes — that cost is what keeps a sweep slow); the first 500 get
//!   their real register rows, the others rows of the same size, so every table has its real size.
//!   Measured: the handler's lookup by identity number, the masked name search with a three-letter
//!   prefix, a reveal with its durable log entry (`synchronous=FULL`), the reception's lookup (one
//!   memory-hard hash), the rotation of the records key over all N persons, and the reviewer's
//!   verification of a log of ≥ 500 000 entries.
//! * **The storage layer** (`storage/{sqlcipher,plain}/…`): the same queries on the vault's own schema,
//!   once in SQLCipher opened as the vault opens it and once in plain SQLite, for the encryption ratio.
//!
//! `SKYDDSVALV_BENCH_SIZES=10000` limits the sizes (comma-separated) for a quicker run. The table is
//! also written to `target/bench-records.md`.

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};
use skyddsvalv::identity::{synthetic_identity, synthetic_people, SyntheticIdentity};
use skyddsvalv::records::{Field, LegalBasis, PersonRecord, Protection, ProtectionKind};
use skyddsvalv::storage::GrantKind;

const SEED: u64 = 0x00be_4c11;
const LOG_ENTRIES: u64 = 500_000;
const REGISTERED: usize = 500;

/// A record of a realistic size: name, number, the location and contact fields and a note.
fn record(p: &SyntheticIdentity, i: u64) -> PersonRecord {
    PersonRecord {
        name: format!("{} {}", p.given_name, p.family_name),
        identity_number: Some(p.identity_number.canonical()),
        address: Some(format!("Skogsvägen {}", 1 + i % 200)),
        postcode: Some(format!("{:03} {:02}", 100 + i % 900, i % 100)),
        municipality: Some("Umeå".into()),
        phone: Some(format!("070-{:03} {:02} {:02}", i % 1000, i % 97, i % 89)),
        notes: Some(
            "Samtal om boendesituationen och kontakt med skolan; uppföljning om två veckor.".into(),
        ),
        protection: Protection {
            kind: Some(ProtectionKind::SkyddadFolkbokforing),
            since: Some("2024-01-15".into()),
            review_on: None,
            note: None,
        },
        legal_basis: Some(LegalBasis::PublicTask),
        purpose: Some("Stöd enligt socialtjänstlagen".into()),
        ..Default::default()
    }
}

/// The spellings a desk or a handler types, rotated (the 12-digit ones: a 10-digit form of someone
/// over 100 needs `+`, which the generator's people may be).
fn typed_forms(p: &SyntheticIdentity, i: usize) -> String {
    match i % 2 {
        0 => p.identity_number.canonical(),
        _ => p.identity_number.display_separated(),
    }
}

/// Three-letter prefixes of the names in the population (what a handler types first).
fn prefixes() -> Vec<String> {
    let mut v: Vec<String> = synthetic_people(SEED)
        .take(200)
        .flat_map(|p| [p.given_name, p.family_name])
        .map(|n| n.chars().take(3).collect())
        .collect();
    v.sort();
    v.dedup();
    v
}

struct Figure {
    name: String,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    budget: &'static str,
}

#[derive(Default)]
struct Summary {
    figures: Vec<Figure>,
    notes: Vec<String>,
}

impl Summary {
    /// Runs `f` `iters` times (after a short warm-up) and records the percentiles of single calls.
    fn sample(&mut self, name: &str, budget: &'static str, iters: usize, mut f: impl FnMut(usize)) {
        for i in 0..iters.div_ceil(10) {
            f(i);
        }
        let mut times: Vec<Duration> = (0..iters)
            .map(|i| {
                let t = Instant::now();
                f(i);
                t.elapsed()
            })
            .collect();
        times.sort();
        let at =
            |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        eprintln!("  {name}: p95 {:?}", at(0.95));
        self.figures.push(Figure {
            name: name.to_string(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            budget,
        });
    }

    fn note(&mut self, s: String) {
        eprintln!("  {s}");
        self.notes.push(s);
    }

    fn get(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    fn report(&self) -> String {
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        let mut out =
            String::from("| figure | p50 | p95 | p99 | budget |\n|---|---|---|---|---|\n");
        for f in &self.figures {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                f.name,
                ms(f.p50),
                ms(f.p95),
                ms(f.p99),
                f.budget
            );
        }
        let mut ratios = String::new();
        for op in ["identity_lookup", "token_search", "append_commit"] {
            let (Some(e), Some(p)) = (
                self.get(&format!("storage/sqlcipher/{op}")),
                self.get(&format!("storage/plain/{op}")),
            ) else {
                continue;
            };
            let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
            let _ = writeln!(
                ratios,
                "| {op} | {:.2}× | {:.2}× |",
                r(e.p50, p.p50),
                r(e.p95, p.p95)
            );
        }
        if !ratios.is_empty() {
            out.push_str(
                "\nSQLCipher / unencrypted, same queries on the vault's schema (budget ≤ 1.2×):\n\n\
                 | operation | p50 | p95 |\n|---|---|---|\n",
            );
            out.push_str(&ratios);
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for n in &self.notes {
                let _ = writeln!(out, "- {n}");
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Through the door

fn door(n: u64, summary: &mut Summary) {
    eprintln!("door: {n} persons");
    let world = common::World::new();
    // The desk's limits are for people at a desk; the benchmark makes more lookups than one should.
    let mut admin = world.login(common::ADMIN);
    admin
        .change_setting(
            skyddsvalv::settings::SettingChange::parse("lookups-per-session", "1000").unwrap(),
        )
        .expect("setting");
    admin
        .change_setting(
            skyddsvalv::settings::SettingChange::parse("lookups-per-hour", "5000").unwrap(),
        )
        .expect("setting");
    admin.lock().expect("lock");
    let mut h = world.login(common::HANDLER);
    let people: Vec<SyntheticIdentity> = (0..n).map(|i| synthetic_identity(SEED, i)).collect();
    let records: Vec<PersonRecord> = people
        .iter()
        .enumerate()
        .map(|(i, p)| record(p, i as u64))
        .collect();
    let t = Instant::now();
    let refs = h
        .seed_persons_for_bench(records, REGISTERED)
        .expect("seed persons");
    summary.note(format!(
        "door/{n}: {n} persons sealed, indexed and registered in {:.1} s ({REGISTERED} with real \
         register rows)",
        t.elapsed().as_secs_f64()
    ));

    summary.sample(
        &format!("door/{n}/handler_lookup_by_number"),
        "p95 ≤ 1 ms",
        300,
        |i| {
            let p = &people[(i * 7919) % people.len()];
            let hits = h.find_persons(&typed_forms(p, i)).expect("lookup");
            assert_eq!(hits.hits.len(), 1);
        },
    );
    let prefixes = prefixes();
    summary.sample(
        &format!("door/{n}/masked_name_search_prefix3"),
        "p95 ≤ 20 ms",
        200,
        |i| {
            black_box(
                h.find_persons(&prefixes[i % prefixes.len()])
                    .expect("search"),
            );
        },
    );
    summary.sample(
        &format!("door/{n}/reveal_with_log_entry"),
        "p95 ≤ 5 ms",
        300,
        |i| {
            let r = &refs[(i * 104_729) % refs.len()];
            black_box(
                h.reveal_field(r, Field::Address, "kontakt")
                    .expect("reveal"),
            );
        },
    );
    let mut reception = world.login(common::RECEPTION);
    summary.sample(
        &format!("door/{n}/reception_lookup"),
        "p95 ≤ 20 ms",
        100,
        |i| {
            let p = &people[i % REGISTERED];
            let a = reception.lookup(&typed_forms(p, i)).expect("lookup");
            assert!(a.found);
        },
    );
    reception.lock().expect("lock");

    let t = Instant::now();
    let mut steps = 0;
    let report = h
        .rotate_key(GrantKind::Records, &mut |_| steps += 1)
        .expect("rotate");
    summary.note(format!(
        "door/{n}: rotation of the records key over {} persons in {:.1} s with {steps} progress \
         reports (budget for 100 000: ≤ 60 s)",
        report.persons,
        t.elapsed().as_secs_f64()
    ));
    // The rotated key still opens everything.
    assert_eq!(
        h.find_persons(&typed_forms(&people[1], 0))
            .expect("after rotation")
            .hits
            .len(),
        1
    );

    if n == sizes().into_iter().max().unwrap_or(n) {
        h.seed_log_for_bench(LOG_ENTRIES, &refs[0])
            .expect("seed log");
        h.lock().expect("lock");
        let mut g = world.login(common::GRANSKARE);
        let mut rates = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let v = g.verify_log().expect("verify");
            assert!(v.holds(), "{v:?}");
            rates.push(v.entries as f64 / t.elapsed().as_secs_f64());
        }
        rates.sort_by(f64::total_cmp);
        summary.note(format!(
            "door: verify_log over {} entries: {:.2} M entries/s (median of 3; budget ≥ 1 M/s)",
            LOG_ENTRIES,
            rates[1] / 1e6
        ));
        g.lock().expect("lock");
    } else {
        h.lock().expect("lock");
    }
}

// ---------------------------------------------------------------------------------------------
// The storage layer: SQLCipher against plain SQLite on the vault's schema

const SCHEMA: &str = include_str!("../src/storage/sqlite/schema_v2.sql");

fn open_store(path: &Path, encrypted: bool) -> Connection {
    let conn = Connection::open(path).expect("open");
    if encrypted {
        let key = hex::encode([7u8; 32]);
        conn.execute_batch(&format!(
            "PRAGMA key = \"x'{key}'\"; PRAGMA cipher_memory_security = ON;"
        ))
        .expect("key");
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; \
         PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
    )
    .expect("pragmas");
    conn
}

fn tag(i: u64, salt: u8) -> Vec<u8> {
    let mut t = vec![salt; 32];
    t[..8].copy_from_slice(&i.to_le_bytes());
    t
}

fn storage(n: u64, encrypted: bool, summary: &mut Summary) {
    let which = if encrypted { "sqlcipher" } else { "plain" };
    eprintln!("storage/{which}: {n} persons");
    let tmp = tempfile::tempdir().expect("tmp");
    let conn = open_store(&tmp.path().join("s.db"), encrypted);
    conn.execute_batch(SCHEMA).expect("schema");
    conn.execute(
        "INSERT INTO users (name, name_key, role, must_change_password, slot_locator, slot_digest, \
         created_at) VALUES ('h', 'h', 'handlaggare', 0, 'l', x'00', 't')",
        [],
    )
    .expect("user");
    conn.execute_batch("BEGIN").expect("begin");
    for i in 0..n {
        conn.execute(
            "INSERT INTO persons (id, ref, identity_tag, epoch, nonce, sealed, created_by, \
             created_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, 1, 't', 't')",
            params![
                i as i64 + 1,
                format!("P-{i:012}"),
                tag(i, 1),
                vec![0u8; 24],
                vec![9u8; 600]
            ],
        )
        .expect("person");
        for w in 0..12u64 {
            let mut t = vec![0u8; 16];
            t[..8].copy_from_slice(&((i * 31 + w * 7) % (n / 3 + 1)).to_le_bytes());
            t[8] = w as u8;
            conn.execute(
                "INSERT OR IGNORE INTO name_tokens (token, person_id) VALUES (?1, ?2)",
                params![t, i as i64 + 1],
            )
            .expect("token");
        }
        conn.execute(
            "INSERT INTO assignments (person_id, user_id) VALUES (?1, 1)",
            [i as i64 + 1],
        )
        .expect("assign");
    }
    conn.execute_batch("COMMIT").expect("commit");

    summary.sample(
        &format!("storage/{which}/identity_lookup"),
        "ratio ≤ 1.2×",
        2000,
        |i| {
            let id = (i as u64 * 7919) % n;
            let row: (i64, Vec<u8>) = conn
                .prepare_cached("SELECT id, sealed FROM persons WHERE identity_tag = ?1")
                .unwrap()
                .query_row([tag(id, 1)], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            black_box(row);
        },
    );
    summary.sample(
        &format!("storage/{which}/token_search"),
        "ratio ≤ 1.2×",
        300,
        |i| {
            let mut t = vec![0u8; 16];
            t[..8].copy_from_slice(&((i as u64 * 13) % (n / 3 + 1)).to_le_bytes());
            let ids: Vec<i64> = conn
                .prepare_cached(
                    "SELECT t0.person_id FROM name_tokens t0 WHERE t0.token = ?1 AND EXISTS \
                     (SELECT 1 FROM assignments a WHERE a.person_id = t0.person_id AND a.user_id = 1)",
                )
                .unwrap()
                .query_map([t], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            black_box(ids);
        },
    );
    let mut seq = 0i64;
    summary.sample(
        &format!("storage/{which}/append_commit"),
        "ratio ≤ 1.2×",
        300,
        |_| {
            seq += 1;
            conn.execute(
                "INSERT INTO audit_log (seq, at, actor, role, action, person_ref, fields, outcome, \
                 flagged, prev_hash, hash) VALUES (?1, 't', 'h', 'handlaggare', 'field_revealed', \
                 'P-1', 'address', 'allowed', 0, ?2, ?2)",
                params![seq, vec![1u8; 32]],
            )
            .unwrap();
        },
    );
}

fn sizes() -> Vec<u64> {
    match std::env::var("SKYDDSVALV_BENCH_SIZES") {
        Ok(s) => s
            .split(',')
            .map(|n| {
                n.trim()
                    .replace('_', "")
                    .parse()
                    .expect("SKYDDSVALV_BENCH_SIZES: numbers")
            })
            .collect(),
        Err(_) => vec![10_000, 100_000],
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken from the command line.
    let mut summary = Summary::default();
    let sizes = sizes();
    for &n in &sizes {
        door(n, &mut summary);
    }
    let largest = sizes.iter().copied().max().unwrap_or(10_000);
    storage(largest, true, &mut summary);
    storage(largest, false, &mut summary);

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    summary.note(format!(
        "load average while measuring: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    ));
    let report = summary.report();
    println!("\n{report}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let out = target.join("bench-records.md");
    if std::fs::write(&out, &report).is_ok() {
        println!("written to {}", out.display());
    }
}
