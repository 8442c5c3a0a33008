//! Benchmarks for the records and the access log against the budgets in DESIGN.md.
//!
//! Two layers are measured:
//!
//! * **Through the door** (`door/…`): a real vault, persons created with `Session::create_person` one by
//!   one (each its own transaction and durable log entry), then the reception's `lookup`, the case
//!   handler's masked `find_persons` with a three-letter prefix, `reveal_field` with its durable log
//!   entry, and the reviewer's `verify_log` — at 10 000 and 100 000 persons.
//! * **The storage layer** (`storage/{sqlcipher,plain}/…`): the same queries the door runs
//!   (`records::store`, `audit::chain`, `audit::verify`) on a SQLCipher database opened exactly as the
//!   vault opens it, and on an unencrypted SQLite database with the same schema and pragmas. The door
//!   adds the same work on top of both, so the storage ratio is an upper bound for the encryption
//!   overhead of the whole operation. The log there holds ≥ 200 000 entries for chain verification.
//!
//! Besides criterion's estimates, every figure is sampled on its own for p50/p95/p99 (the budgets are
//! p95), printed at the end and written to `target/bench-records.md`.
//!
//! `SKYDDSVALV_BENCH_SIZES=10000` limits the sizes (comma-separated) for a quicker run.

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{black_box, BenchmarkId, Criterion, SamplingMode, Throughput};
use rusqlite::Connection;
use skyddsvalv::audit::{chain, checkpoint, verify, Action, NewEntry, Outcome};
use skyddsvalv::auth::{users, Role};
use skyddsvalv::crypto::Key32;
use skyddsvalv::identity::{synthetic_identity, synthetic_people, SyntheticIdentity};
use skyddsvalv::records::{store, Field, LegalBasis, PersonRecord, Protection, ProtectionKind};
use skyddsvalv::vault::{db, migrations};
use skyddsvalv::Session;

const SEED: u64 = 0x00be_4c11;
const LOG_ENTRIES: u64 = 200_000;

// ---------------------------------------------------------------------------------------------
// Synthetic persons

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

/// The spellings a reception desk types, rotated over the lookups.
fn typed_forms(p: &SyntheticIdentity, i: usize) -> String {
    let c = p.identity_number.canonical();
    match i % 3 {
        0 => c,
        1 => p.identity_number.display_separated(),
        _ => format!("{}-{}", &c[2..8], &c[8..]),
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

// ---------------------------------------------------------------------------------------------
// Percentiles

struct Figure {
    name: String,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    mean: Duration,
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
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        self.figures.push(Figure {
            name: name.to_string(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            mean,
            budget,
        });
    }

    fn note(&mut self, s: String) {
        eprintln!("{s}");
        self.notes.push(s);
    }

    fn get(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    fn report(&self) -> String {
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        let mut out = String::from(
            "| figure | p50 | p95 | p99 | mean | budget |\n|---|---|---|---|---|---|\n",
        );
        for f in &self.figures {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                f.name,
                ms(f.p50),
                ms(f.p95),
                ms(f.p99),
                ms(f.mean),
                f.budget
            );
        }
        // Encryption overhead per storage-level operation.
        let mut ratios = String::new();
        for op in ["lookup", "find_prefix3", "reveal", "verify_chain"] {
            let (Some(e), Some(p)) = (
                self.get(&format!("storage/sqlcipher/{op}")),
                self.get(&format!("storage/plain/{op}")),
            ) else {
                continue;
            };
            let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
            let _ = writeln!(
                ratios,
                "| {op} | {:.2}× | {:.2}× | {:.2}× |",
                r(e.p50, p.p50),
                r(e.p95, p.p95),
                r(e.mean, p.mean)
            );
        }
        if !ratios.is_empty() {
            out.push_str(
                "\nSQLCipher / unencrypted, same queries (budget ≤ 1.2×):\n\n\
                 | operation | p50 | p95 | mean |\n|---|---|---|---|\n",
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

struct DoorVault {
    world: common::World,
    handler: Session,
    reception: Session,
    granskare: Session,
    people: Vec<SyntheticIdentity>,
    refs: Vec<String>,
}

fn door_vault(n: u64, summary: &mut Summary) -> DoorVault {
    let world = common::World::new();
    let mut handler = world.login(common::HANDLER);
    let start = Instant::now();
    let mut people = Vec::with_capacity(n as usize);
    let mut refs = Vec::with_capacity(n as usize);
    for i in 0..n {
        let p = synthetic_identity(SEED, i);
        refs.push(handler.create_person(record(&p, i)).expect("create person"));
        people.push(p);
        if (i + 1) % 20_000 == 0 {
            eprintln!("  … {} persons ({:.0?})", i + 1, start.elapsed());
        }
    }
    let took = start.elapsed();
    summary.note(format!(
        "{n} persons created through `create_person` in {:.1} s ({:.0} persons/s, one durable \
         transaction and log entry each)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    ));
    DoorVault {
        reception: world.login(common::RECEPTION),
        granskare: world.login(common::GRANSKARE),
        handler,
        world,
        people,
        refs,
    }
}

fn door_benches(c: &mut Criterion, n: u64, summary: &mut Summary) {
    eprintln!("building a vault with {n} persons through the door …");
    let mut v = door_vault(n, summary);
    let size = format!("{n}");
    let prefixes = prefixes();
    let len = v.people.len();
    // Pseudo-random but repeatable picks across the population.
    let pick = |i: usize| (i.wrapping_mul(7_919) + 13) % len;

    let mut g = c.benchmark_group("door");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    let mut i = 0usize;
    g.bench_function(BenchmarkId::new("lookup", &size), |b| {
        b.iter(|| {
            i += 1;
            let a = v
                .reception
                .lookup(&typed_forms(&v.people[pick(i)], i))
                .unwrap();
            debug_assert!(a.found);
            black_box(a)
        })
    });
    let mut i = 0usize;
    g.bench_function(BenchmarkId::new("find_prefix3", &size), |b| {
        b.iter(|| {
            i += 1;
            black_box(
                v.handler
                    .find_persons(&prefixes[i % prefixes.len()])
                    .unwrap(),
            )
        })
    });
    let mut i = 0usize;
    g.bench_function(BenchmarkId::new("reveal", &size), |b| {
        b.iter(|| {
            i += 1;
            black_box(
                v.handler
                    .reveal_field(&v.refs[pick(i)], Field::Address, "handlaggning")
                    .unwrap(),
            )
        })
    });
    let entries = v.granskare.verify_log().unwrap().entries;
    g.throughput(Throughput::Elements(entries))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat);
    g.bench_function(BenchmarkId::new("verify_log", &size), |b| {
        b.iter(|| {
            let r = v.granskare.verify_log().unwrap();
            assert!(r.holds());
            black_box(r)
        })
    });
    g.finish();

    summary.sample(
        &format!("door/lookup/{n}"),
        "p95 ≤ 1 ms at 100 000",
        2_000,
        |i| {
            black_box(
                v.reception
                    .lookup(&typed_forms(&v.people[pick(i)], i))
                    .unwrap(),
            );
        },
    );
    summary.sample(
        &format!("door/find_prefix3/{n}"),
        "p95 ≤ 20 ms at 100 000",
        300,
        |i| {
            black_box(
                v.handler
                    .find_persons(&prefixes[i % prefixes.len()])
                    .unwrap(),
            );
        },
    );
    summary.sample(&format!("door/reveal/{n}"), "p95 ≤ 5 ms", 2_000, |i| {
        black_box(
            v.handler
                .reveal_field(&v.refs[pick(i)], Field::Address, "handlaggning")
                .unwrap(),
        );
    });
    summary.sample(
        &format!("door/verify_log/{n}"),
        "≥ 1 M entries/s",
        5,
        |_| {
            black_box(v.granskare.verify_log().unwrap());
        },
    );
    let entries = v.granskare.verify_log().unwrap().entries;
    let took = summary.get(&format!("door/verify_log/{n}")).unwrap().p50;
    summary.note(format!(
        "door/verify_log/{n}: {entries} entries, p50 {:.1} ms = {:.2} M entries/s (budget ≥ 1 M/s)",
        took.as_secs_f64() * 1e3,
        entries as f64 / took.as_secs_f64() / 1e6
    ));
    let DoorVault { world, .. } = v;
    drop(world);
}

// ---------------------------------------------------------------------------------------------
// The storage layer, encrypted and not

/// Opens an unencrypted database with the pragmas `vault::db::open` sets.
fn open_plain(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.pragma_update(None, "secure_delete", "ON").unwrap();
    conn.pragma_update(None, "temp_store", "MEMORY").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    conn.pragma_update(None, "cache_size", -64 * 1024).unwrap();
    conn
}

struct StorageDb {
    conn: Connection,
    user_id: i64,
    refs: Vec<String>,
}

fn storage_db(path: &Path, encrypted: bool, n: u64, summary: &mut Summary) -> StorageDb {
    let mut conn = if encrypted {
        db::open(path, &Key32::random(), true).unwrap()
    } else {
        open_plain(path)
    };
    migrations::migrate(&mut conn).unwrap();
    let start = Instant::now();
    let tx = conn.transaction().unwrap();
    checkpoint::create_signing_key(&tx).unwrap();
    let user_id = users::insert(
        &tx,
        "handlaggare",
        Role::Handlaggare,
        false,
        "loc",
        &[0; 32],
    )
    .unwrap();
    tx.commit().unwrap();
    let mut refs = Vec::with_capacity(n as usize);
    let people: Vec<SyntheticIdentity> = synthetic_people(SEED).take(n as usize).collect();
    for (chunk_no, chunk) in people.chunks(5_000).enumerate() {
        let tx = conn.transaction().unwrap();
        for (j, p) in chunk.iter().enumerate() {
            let i = (chunk_no * 5_000 + j) as u64;
            let stored = store::insert(&tx, &record(p, i), user_id).unwrap();
            store::assign(&tx, stored.id, user_id).unwrap();
            refs.push(stored.person_ref);
        }
        tx.commit().unwrap();
    }
    let tx = conn.transaction().unwrap();
    for i in 0..LOG_ENTRIES {
        chain::append(&tx, &log_entry(i, &refs[(i % n) as usize])).unwrap();
    }
    tx.commit().unwrap();
    summary.note(format!(
        "storage/{}: {n} persons and {LOG_ENTRIES} log entries loaded in {:.1} s",
        if encrypted { "sqlcipher" } else { "plain" },
        start.elapsed().as_secs_f64()
    ));
    StorageDb {
        conn,
        user_id,
        refs,
    }
}

/// A mix of the entries a working day writes: creations (many field names), searches and lookups
/// (a keyed term hash), views and reveals (a purpose).
fn log_entry(i: u64, person_ref: &str) -> NewEntry {
    let term = || {
        Some(format!(
            "{:064x}",
            u128::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ))
    };
    let mut e = NewEntry::new(
        "handlaggare-hedda",
        "handlaggare",
        Action::FieldRevealed,
        Outcome::Allowed,
    );
    match i % 5 {
        0 => {
            e.action = Action::PersonCreated;
            e.person_ref = Some(person_ref.to_string());
            e.fields = [
                "name",
                "identity_number",
                "address",
                "postcode",
                "municipality",
                "phone",
                "notes",
            ]
            .map(String::from)
            .to_vec();
        }
        1 => {
            e.action = Action::Search;
            e.term_hash = term();
        }
        2 => {
            e.action = Action::Lookup;
            e.actor = "reception-rut".into();
            e.role = "reception".into();
            e.person_ref = Some(person_ref.to_string());
            e.term_hash = term();
        }
        3 => {
            e.action = Action::PersonViewed;
            e.person_ref = Some(person_ref.to_string());
        }
        _ => {
            e.person_ref = Some(person_ref.to_string());
            e.fields = vec!["address".into()];
            e.purpose = Some("kontakt: ringa tillbaka".into());
        }
    }
    e
}

/// What `reveal_field` does below the policy: find the person, check access, append the entry, commit.
fn storage_reveal(db: &mut StorageDb, i: usize) {
    let person_ref = db.refs[(i.wrapping_mul(7_919) + 13) % db.refs.len()].clone();
    let tx = db.conn.transaction().unwrap();
    let p = store::by_ref(&tx, &person_ref).unwrap().unwrap();
    let a = store::access(&tx, p.id, db.user_id, skyddsvalv::time::now_unix()).unwrap();
    let mut e = NewEntry::new(
        "handlaggare",
        "handlaggare",
        Action::FieldRevealed,
        Outcome::Allowed,
    );
    e.person_ref = Some(person_ref);
    e.fields = vec!["address".into()];
    e.purpose = Some(format!("{a:?}"));
    chain::append(&tx, &e).unwrap();
    tx.commit().unwrap();
    black_box(skyddsvalv::records::mask::value(&p.record, Field::Address));
}

fn storage_benches(c: &mut Criterion, n: u64, summary: &mut Summary) {
    let tmp = tempfile::tempdir().unwrap();
    let people: Vec<SyntheticIdentity> = synthetic_people(SEED).take(n as usize).collect();
    let prefixes = prefixes();
    let pick = |i: usize| (i.wrapping_mul(7_919) + 13) % people.len();
    for (label, encrypted) in [("sqlcipher", true), ("plain", false)] {
        eprintln!(
            "building the {label} storage database ({n} persons, {LOG_ENTRIES} log entries) …"
        );
        let path: PathBuf = tmp.path().join(format!("{label}.db"));
        let mut db = storage_db(&path, encrypted, n, summary);
        let mut g = c.benchmark_group(format!("storage/{label}"));
        g.sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("lookup", n), |b| {
            b.iter(|| {
                i += 1;
                let id = people[pick(i)].identity_number.canonical();
                black_box(store::by_identity(&db.conn, &id).unwrap().unwrap())
            })
        });
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("find_prefix3", n), |b| {
            b.iter(|| {
                i += 1;
                let q = store::fts_prefix_query(&prefixes[i % prefixes.len()]).unwrap();
                let now = skyddsvalv::time::now_unix();
                black_box(store::search_visible(&db.conn, &q, db.user_id, now, 50).unwrap())
            })
        });
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("reveal", n), |b| {
            b.iter(|| {
                i += 1;
                storage_reveal(&mut db, i)
            })
        });
        let entries = LOG_ENTRIES;
        g.throughput(Throughput::Elements(entries))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat);
        g.bench_function(BenchmarkId::new("verify_chain", entries), |b| {
            b.iter(|| {
                let v = verify::verify(&db.conn, "bench", None).unwrap();
                assert!(v.holds());
                black_box(v)
            })
        });
        g.finish();

        summary.sample(&format!("storage/{label}/lookup"), "", 5_000, |i| {
            let id = people[pick(i)].identity_number.canonical();
            black_box(store::by_identity(&db.conn, &id).unwrap());
        });
        summary.sample(&format!("storage/{label}/find_prefix3"), "", 300, |i| {
            let q = store::fts_prefix_query(&prefixes[i % prefixes.len()]).unwrap();
            let now = skyddsvalv::time::now_unix();
            black_box(store::search_visible(&db.conn, &q, db.user_id, now, 50).unwrap());
        });
        summary.sample(&format!("storage/{label}/reveal"), "", 2_000, |i| {
            storage_reveal(&mut db, i);
        });
        summary.sample(
            &format!("storage/{label}/verify_chain"),
            "≥ 1 M entries/s",
            5,
            |_| {
                black_box(verify::verify(&db.conn, "bench", None).unwrap());
            },
        );
        if let Some(f) = summary.get(&format!("storage/{label}/verify_chain")) {
            let entries = verify::verify(&db.conn, "bench", None).unwrap().entries;
            let rate = entries as f64 / f.p50.as_secs_f64() / 1e6;
            summary.note(format!(
                "storage/{label}/verify_chain: {entries} entries, p50 {:.1} ms = {rate:.2} M entries/s",
                f.p50.as_secs_f64() * 1e3
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------

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
    let mut c = Criterion::default().configure_from_args();
    let mut summary = Summary::default();
    let sizes = sizes();
    for &n in &sizes {
        door_benches(&mut c, n, &mut summary);
    }
    let largest = sizes.iter().copied().max().unwrap_or(10_000);
    storage_benches(&mut c, largest, &mut summary);
    c.final_summary();

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
