//! Unlock against the DESIGN.md budget (password → usable session ≤ 1 s): Argon2id alone with the
//! parameters calibrated on this machine (`KdfParams::calibrate(DEFAULT_TARGET)`), and the whole
//! `Vault::login` — the failed-login gate, Argon2id, unwrapping the slot, opening SQLCipher, checking
//! the account and writing the login entry. Closing the session afterwards is not timed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{black_box, Criterion, SamplingMode};
use secrecy::SecretString;
use skyddsvalv::crypto::kdf::{self, DEFAULT_TARGET};
use skyddsvalv::crypto::KdfParams;
use skyddsvalv::{DeviceSecrets, Login, Vault};

const ADMIN: &str = "admin-alva";
const PASSWORD: &str = "Eget-Lösenord-Fjällräv-Tallkotte-92";

fn login(vault: &Vault) -> skyddsvalv::Session {
    match vault
        .login(ADMIN, &SecretString::from(PASSWORD.to_string()))
        .expect("login")
    {
        Login::Ready(s) => s,
        Login::MustChangePassword(_) => panic!("the admin is on an initial password"),
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let params = KdfParams::calibrate(DEFAULT_TARGET);
    eprintln!(
        "calibrated Argon2id: {} MiB, t = {}, p = {} (target {:?})",
        params.memory_kib / 1024,
        params.time_cost,
        params.parallelism,
        DEFAULT_TARGET
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let vault = Vault::create(
        &dir,
        ADMIN,
        &SecretString::from(PASSWORD.to_string()),
        Arc::new(DeviceSecrets::mock()),
        params,
    )
    .expect("create vault")
    .vault;

    let mut g = c.benchmark_group("unlock");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    g.bench_function("argon2id_calibrated", |b| {
        b.iter(|| black_box(kdf::derive(PASSWORD.as_bytes(), &[7u8; 16], &params).unwrap()))
    });
    g.bench_function("vault_login", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let session = login(&vault);
                total += start.elapsed();
                session.lock().unwrap();
            }
            total
        })
    });
    g.finish();
    c.final_summary();

    // Percentiles of single logins for the README table.
    let mut times: Vec<Duration> = (0..10)
        .map(|_| {
            let start = Instant::now();
            let session = login(&vault);
            let t = start.elapsed();
            session.lock().unwrap();
            t
        })
        .collect();
    times.sort();
    println!(
        "\nvault_login over {} runs: min {:.0} ms, median {:.0} ms, max {:.0} ms (budget ≤ 1 s); \
         Argon2id {} MiB, t = {}",
        times.len(),
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        params.memory_kib / 1024,
        params.time_cost
    );
}
