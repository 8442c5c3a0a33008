//! Importing a participant list through the public API: a 10 000-row file with a few bad rows gives
//! exactly those rows in the report (and no value) and imports nothing; a clean file imports every
//! row in one transaction with one log entry per person and the importer assigned; an import stopped
//! midway leaves the vault as it was; XLSX cells (numbers, dates) read as a person typed them.

mod common;

use std::path::Path;

use common::scan::scan_bytes;
use common::{pnr, Canaries, World, HANDLER, HANDLER2, RECEPTION};
use skyddsvalv::audit::LogFilter;
use skyddsvalv::import::{self, ImportField, Table};
use skyddsvalv::ErrorCode;

const HEADER: &str = "Namn;Personnummer;Adress;Postnummer;Ort;Skydd";

/// Row `i` of a synthetic list: a unique, valid personnummer per row.
fn row(i: usize) -> String {
    let year = 1940 + (i / 3000) as i32;
    let day_of_year = (i % 3000) / 10;
    let (month, day) = (1 + (day_of_year / 28) as u8, 1 + (day_of_year % 28) as u8);
    let serial = 1 + (i % 10) as u16 * 10;
    format!(
        "Deltagare {i} Provsson;{};Provgatan {};{:05};Provstad;{}",
        pnr(year, month, day, serial),
        i % 90 + 1,
        10000 + i % 80000,
        if i % 7 == 0 { "sekretessmarkering" } else { "" }
    )
}

fn table(lines: &[String]) -> Table {
    let text = format!("{HEADER}\n{}\n", lines.join("\n"));
    import::table::parse_csv(text.as_bytes()).unwrap()
}

fn persons_of(world: &World, user: &str) -> usize {
    let mut s = world.login(user);
    let n = s.caseload().unwrap().persons.len();
    s.lock().unwrap();
    n
}

#[test]
fn a_ten_thousand_row_file_with_bad_rows_is_reported_by_row_and_column_and_imports_nothing() {
    let world = World::new();
    let mut lines: Vec<String> = (0..10_000).map(row).collect();
    // Row 1 001 (sheet row 1 002 + 1): a wrong check digit; 30 February; a duplicate of row 2.
    let wrong = {
        let good = pnr(1990, 5, 17, 123);
        let last = good.chars().last().unwrap().to_digit(10).unwrap();
        format!("{}{}", &good[..good.len() - 1], (last + 1) % 10)
    };
    lines[1000] = format!("Fel Kontrollsiffra;{wrong};Provgatan 1;12345;Provstad;");
    lines[5000] = "Trettionde Februari;19850230-1236;Provgatan 2;12345;Provstad;".into();
    lines[9000] = lines[0].replace("Deltagare 0 ", "Dubbel ");
    let t = table(&lines);
    let mut h = world.login(HANDLER);
    let preview = h.import_check(&t, import::guess(&t.headers)).unwrap();
    assert_eq!(preview.rows, 10_000);
    assert_eq!(preview.ready, 9_997);
    let got: Vec<(usize, &str, ImportField, &str, Option<usize>)> = preview
        .problems
        .iter()
        .map(|p| {
            (
                p.row,
                p.column.as_str(),
                p.field,
                p.problem.as_str(),
                p.same_as_row,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                1002,
                "B",
                ImportField::IdentityNumber,
                "INVALID_IDENTITY_CHECK_DIGIT",
                None
            ),
            (
                5002,
                "B",
                ImportField::IdentityNumber,
                "INVALID_IDENTITY_DATE",
                None
            ),
            (
                9002,
                "B",
                ImportField::IdentityNumber,
                "DUPLICATE_IN_FILE",
                Some(2)
            ),
        ]
    );
    // The report quotes no value: not the bad number, not a name.
    let json = serde_json::to_string(&preview).unwrap();
    let needles = vec![
        wrong.clone(),
        "19850230".into(),
        "Dubbel".into(),
        "Kontrollsiffra".into(),
    ];
    assert!(
        scan_bytes("preview", json.as_bytes(), &needles).is_empty(),
        "{json}"
    );

    // Nothing is imported while a problem row is not left out.
    let err = h
        .import_persons(&t, import::guess(&t.headers), &[1002, 5002], &mut |_, _| {
            true
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    h.lock().unwrap();
    assert_eq!(persons_of(&world, HANDLER), 0);
}

#[test]
fn a_clean_file_imports_every_row_in_one_transaction_with_the_importer_assigned() {
    let world = World::new();
    let canary = Canaries::new("importsson", 61);
    let mut lines: Vec<String> = (0..40).map(row).collect();
    // A row with a problem, left out on purpose; and a canary person whose values are scanned for.
    lines.push("Utan Nummer;12345;Provgatan 3;12345;Provstad;".into());
    lines.push(format!(
        "{};{};{};;;kvarskrivning",
        canary.full_name(),
        canary.identity.clone(),
        "Kanariegatan 1"
    ));
    let t = table(&lines);
    let mut h = world.login(HANDLER);
    let preview = h.import_check(&t, import::guess(&t.headers)).unwrap();
    assert_eq!(preview.problems.len(), 1, "{:?}", preview.problems);
    assert_eq!(preview.problems[0].row, 42);
    let done = h
        .import_persons(&t, import::guess(&t.headers), &[42], &mut |_, _| true)
        .unwrap();
    assert_eq!((done.imported, done.excluded), (41, 1));
    let found = h.find_persons(&canary.identity.clone()).unwrap();
    assert_eq!(found.hits.len(), 1, "the canary is found by number");
    h.lock().unwrap();
    assert_eq!(persons_of(&world, HANDLER), 41);
    assert_eq!(
        persons_of(&world, HANDLER2),
        0,
        "only the importer is assigned"
    );

    // The reception register has the protected canary.
    let mut r = world.login(RECEPTION);
    let answer = r.lookup(&canary.identity.clone()).unwrap();
    assert!(answer.found && answer.protection.is_some());
    r.lock().unwrap();

    // One log entry per person, all in the import, and one for the import.
    let mut g = world.login(common::GRANSKARE);
    let created = g
        .review_log(&LogFilter {
            action: Some("person_created".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(created.entries.len(), 41);
    assert!(created
        .entries
        .iter()
        .all(|e| e.entry.purpose.as_deref() == Some("import") && e.entry.actor == HANDLER));
    let imported = g
        .review_log(&LogFilter {
            action: Some("persons_imported".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(imported.entries.len(), 1);
    assert!(g.verify_log().unwrap().holds());
    g.lock().unwrap();

    // A second import of the same file: every number is already in the vault, and the check that
    // learned so is flagged (probing by import leaves a trace).
    let mut h2 = world.login(HANDLER2);
    let again = h2.import_check(&t, import::guess(&t.headers)).unwrap();
    assert_eq!(
        again
            .problems
            .iter()
            .filter(|p| p.problem == "ALREADY_IN_VAULT")
            .count(),
        41
    );
    h2.lock().unwrap();
    let mut g = world.login(common::GRANSKARE);
    let checks = g
        .review_log(&LogFilter {
            action: Some("import_checked".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(checks
        .entries
        .iter()
        .any(|e| e.entry.flagged && e.entry.actor == HANDLER2));
    g.lock().unwrap();
}

#[test]
fn an_import_stopped_midway_leaves_the_vault_as_it_was() {
    let world = World::new();
    let lines: Vec<String> = (0..30).map(row).collect();
    let t = table(&lines);
    let mut h = world.login(HANDLER);
    let before = h.verify_log().map(|v| v.entries).unwrap_or(0);
    let err = h
        .import_persons(&t, import::guess(&t.headers), &[], &mut |done, _| done < 17)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(h.find_persons(&pnr(1940, 1, 1, 1)).unwrap().hits.is_empty());
    h.lock().unwrap();
    assert_eq!(persons_of(&world, HANDLER), 0);
    let mut g = world.login(common::GRANSKARE);
    let created = g
        .review_log(&LogFilter {
            action: Some("person_created".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        created.entries.is_empty(),
        "entries of a rolled-back import remain"
    );
    let v = g.verify_log().unwrap();
    assert!(v.holds());
    assert!(v.entries > before);
    g.lock().unwrap();
}

#[test]
fn an_xlsx_workbook_reads_numbers_and_dates_as_typed_and_imports() {
    let world = World::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/deltagare.xlsx");
    let t = import::table::read(&path).unwrap();
    assert_eq!(
        t.headers[..2],
        ["Namn".to_string(), "Personnummer".to_string()]
    );
    assert_eq!(t.rows[0][1], "198507099805");
    assert_eq!(t.rows[0][2], "12345");
    assert_eq!(t.rows[0][5], "2030-12-31");
    let m = import::guess(&t.headers);
    assert_eq!(m.column_of(ImportField::RetainUntil), Some(5));
    let mut h = world.login(HANDLER);
    let preview = h.import_check(&t, m.clone()).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(
        h.import_persons(&t, m, &[], &mut |_, _| true)
            .unwrap()
            .imported,
        2
    );
    h.lock().unwrap();
    assert_eq!(persons_of(&world, HANDLER), 2);
}

#[test]
fn a_file_that_is_no_list_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("lista.xlsx");
    std::fs::write(&bad, b"not a zip at all").unwrap();
    let e = import::table::read(&bad).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let empty = dir.path().join("tom.csv");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(
        import::table::read(&empty).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    // A mapping without a name column is refused before anything is read from the vault.
    let world = World::new();
    let t = table(&[row(1)]);
    let mut h = world.login(HANDLER);
    let none = import::Mapping(vec![None; t.headers.len()]);
    assert_eq!(
        h.import_check(&t, none).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    h.lock().unwrap();
}
