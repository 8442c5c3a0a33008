//! The import's figures, printed as a table: reading a 10 000-row CSV, the dry run over it, and the
//! import itself in one transaction (each person sealed, indexed, given its two memory-hard
//! reception-register hashes — computed on every core — and its own log entry).
//!
//! `SKYDDSVALV_BENCH_IMPORT_ROWS=1000` sets the rows for a quicker run.

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::time::Instant;

use skyddsvalv::import;

fn row(i: usize) -> String {
    let year = 1940 + (i / 3000) as i32;
    let day_of_year = (i % 3000) / 10;
    let (month, day) = (1 + (day_of_year / 28) as u8, 1 + (day_of_year % 28) as u8);
    let serial = 1 + (i % 10) as u16 * 10;
    format!(
        "Deltagare {i} Provsson;{};Provgatan {};{:05};Provstad;{}",
        common::pnr(year, month, day, serial),
        i % 90 + 1,
        10000 + i % 80000,
        if i % 7 == 0 { "sekretessmarkering" } else { "" }
    )
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let rows: usize = std::env::var("SKYDDSVALV_BENCH_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut csv = String::from("Namn;Personnummer;Adress;Postnummer;Ort;Skydd\n");
    for i in 0..rows {
        csv.push_str(&row(i));
        csv.push('\n');
    }
    let world = common::World::new();
    let mut h = world.login(common::HANDLER);

    let t = Instant::now();
    let table = import::table::parse_csv(csv.as_bytes()).expect("csv");
    let mapping = import::guess(&table.headers);
    let read = t.elapsed();

    let t = Instant::now();
    let preview = h.import_check(&table, mapping.clone()).expect("check");
    let check = t.elapsed();
    assert!(preview.problems.is_empty(), "the bench's file is clean");

    let t = Instant::now();
    let done = h
        .import_persons(&table, mapping, &[], &mut |_, _| true)
        .expect("import");
    let imported = t.elapsed();
    assert_eq!(done.imported, rows);
    h.lock().expect("lock");

    println!("| import figure ({rows} rows) | measured |");
    println!("|---|---|");
    println!("| read and map the CSV | {:.2} s |", read.as_secs_f64());
    println!(
        "| dry run (every field, duplicates, against the vault) | {:.2} s |",
        check.as_secs_f64()
    );
    println!(
        "| import in one transaction ({} persons, {:.1} ms each) | {:.1} s |",
        rows,
        imported.as_secs_f64() * 1000.0 / rows as f64,
        imported.as_secs_f64()
    );
}
