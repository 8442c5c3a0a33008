//! Identity numbers through the door (beyond the parser's unit tests in `src/identity/`): a person
//! stored under one spelling of a number is found by every other spelling — 10 and 12 digits, `-`,
//! `+` from the year the person turns 100, none — for personnummer, samordningsnummer and leap days,
//! by the case handler's search and the reception's lookup alike. Invalid numbers are refused with
//! `INVALID_IDENTITY_NUMBER` and a message that names the problem without repeating the digits.

mod common;

use common::{pnr, samordningsnummer, World, HANDLER, RECEPTION};
use skyddsvalv::identity::today_utc;
use skyddsvalv::records::{Field, PersonPatch, PersonRecord};
use skyddsvalv::ErrorCode;

/// Textbook Luhn over `YYMMDDNNN`, from the right, independent of the library.
fn luhn(payload: &str) -> char {
    let sum: u32 = payload
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            let d = if i % 2 == 0 { d * 2 } else { d };
            if d > 9 {
                d - 9
            } else {
                d
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap()
}

/// `CC` + `YYMMDDNNN` + its correct check digit, whatever the date says.
fn with_check(century: &str, payload: &str) -> String {
    format!("{century}{payload}{}", luhn(payload))
}

/// Every spelling of a canonical number. `plus` = the person turns 100 this year or earlier.
fn spellings(canonical: &str, plus: bool) -> Vec<String> {
    let (date, rest) = canonical.split_at(8);
    let short = &date[2..];
    let sep = if plus { '+' } else { '-' };
    let mut v = vec![
        canonical.to_string(),
        format!("{date}-{rest}"),
        format!("{short}{sep}{rest}"),
        format!("  {short}{sep}{rest} "),
    ];
    if plus {
        // The 12-digit form may carry the `+` as well.
        v.push(format!("{date}+{rest}"));
    } else {
        v.push(format!("{short}{rest}"));
    }
    v
}

fn record(name: &str, number: &str) -> PersonRecord {
    PersonRecord {
        name: name.to_string(),
        identity_number: Some(number.to_string()),
        ..Default::default()
    }
}

struct Case {
    what: &'static str,
    canonical: String,
    plus: bool,
}

fn valid_cases() -> Vec<Case> {
    vec![
        Case {
            what: "personnummer",
            canonical: pnr(1985, 7, 9, 980),
            plus: false,
        },
        Case {
            what: "born this century",
            canonical: pnr(2003, 12, 31, 2),
            plus: false,
        },
        Case {
            what: "samordningsnummer",
            canonical: samordningsnummer(1990, 1, 1, 234),
            plus: false,
        },
        Case {
            what: "samordningsnummer, day 31",
            canonical: samordningsnummer(1977, 10, 31, 555),
            plus: false,
        },
        Case {
            what: "leap day 2000",
            canonical: pnr(2000, 2, 29, 16),
            plus: false,
        },
        Case {
            what: "leap day 1988",
            canonical: pnr(1988, 2, 29, 421),
            plus: false,
        },
        Case {
            what: "samordningsnummer on a leap day",
            canonical: samordningsnummer(1996, 2, 29, 87),
            plus: false,
        },
        Case {
            what: "aged 100 or more",
            canonical: pnr(1920, 3, 15, 123),
            plus: true,
        },
        Case {
            what: "leap day 1904, aged 100 or more",
            canonical: pnr(1904, 2, 29, 999),
            plus: true,
        },
        Case {
            what: "born in the 1800s",
            canonical: pnr(1899, 12, 31, 1),
            plus: true,
        },
    ]
}

#[test]
fn a_number_stored_in_one_form_is_found_by_every_form() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let mut r = world.login(RECEPTION);
    let cases = valid_cases();
    for (i, case) in cases.iter().enumerate() {
        let forms = spellings(&case.canonical, case.plus);
        // Stored under a different spelling for each case.
        let stored_as = &forms[i % forms.len()];
        let name = format!("Person Nummer{}", (b'a' + i as u8) as char);
        let person = h
            .create_person(record(&name, stored_as))
            .unwrap_or_else(|e| panic!("{}: create with {stored_as:?}: {e}", case.what));

        for form in &forms {
            let hits = h.find_persons(form).unwrap();
            assert_eq!(
                hits.hits.len(),
                1,
                "{}: search {form:?} (stored as {stored_as:?})",
                case.what
            );
            assert_eq!(hits.hits[0].person_ref, person);
            assert_eq!(
                hits.hits[0].identity,
                format!("{}****-****", &case.canonical[..4])
            );

            let answer = r.lookup(form).unwrap();
            assert!(answer.found, "{}: lookup {form:?}", case.what);
            assert_eq!(answer.handlers[0].name, HANDLER);

            // The same number in another spelling is the same person.
            let dup = h.create_person(record("Dubblett", form)).unwrap_err();
            assert_eq!(
                dup.code(),
                ErrorCode::PersonExists,
                "{}: {form:?}",
                case.what
            );
        }
        // Name plus birth year finds the person too.
        let year = &case.canonical[..4];
        assert!(
            r.lookup(&format!("{name}, {year}")).unwrap().found,
            "{}",
            case.what
        );

        // Stored canonically: the reveal shows `YYYYMMDD-NNNC` whatever was typed.
        let shown = h
            .reveal_field(&person, Field::IdentityNumber, "handlaggning")
            .unwrap();
        let (date, rest) = case.canonical.split_at(8);
        assert_eq!(shown.value, format!("{date}-{rest}"), "{}", case.what);
    }
}

/// Aged 100 or more: the `-` spelling (and no separator) means someone a century younger, so it does
/// not find the centenarian.
#[test]
fn the_minus_form_of_a_centenarian_is_someone_else() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let canonical = pnr(1920, 3, 15, 123);
    h.create_person(record("Hundra Åring", &canonical)).unwrap();
    let short = &canonical[2..];
    for form in [
        format!("{}-{}", &short[..6], &short[6..]),
        short.to_string(),
    ] {
        assert!(h.find_persons(&form).unwrap().hits.is_empty(), "{form:?}");
    }
}

#[test]
fn reserve_numbers_are_their_own_kind() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let person = h
        .create_person(record("Reserv Nummer", "R:ab-123"))
        .unwrap();
    for form in ["R:AB-123", "r:ab-123", " R:ab-123 "] {
        let hits = h.find_persons(form).unwrap();
        assert_eq!(hits.hits.len(), 1, "{form:?}");
        assert_eq!(hits.hits[0].identity, "R:****");
    }
    let shown = h
        .reveal_field(&person, Field::IdentityNumber, "handlaggning")
        .unwrap();
    assert_eq!(shown.value, "R:AB-123");
}

/// (what, input) — each wrong in exactly one way.
fn invalid_cases() -> Vec<(&'static str, String)> {
    let good = pnr(1985, 7, 9, 980);
    let wrong_check = {
        let last = good.chars().last().unwrap().to_digit(10).unwrap();
        format!("{}{}", &good[..11], (last + 1) % 10)
    };
    let (y, _, _) = today_utc();
    vec![
        ("wrong check digit (12)", wrong_check.clone()),
        (
            "wrong check digit (10, -)",
            format!("{}-{}", &wrong_check[2..8], &wrong_check[8..]),
        ),
        (
            "29 February in a common year",
            with_check("20", "010229123"),
        ),
        (
            "29 February 1900 (not a leap year)",
            with_check("19", "000229123"),
        ),
        ("month 13", with_check("19", "851309123")),
        ("month 00", with_check("19", "850009123")),
        ("day 32", with_check("19", "850732123")),
        ("day 00", with_check("19", "850700123")),
        ("31 April", with_check("19", "850431123")),
        ("samordningsnummer day 92", with_check("19", "850792123")),
        ("samordningsnummer day 60", with_check("19", "850760123")),
        (
            "samordningsnummer on 29 February in a common year",
            with_check("20", "010289123"),
        ),
        ("serial 000", with_check("19", "850709000")),
        ("'+' for someone under 100", {
            let c = with_check("19", "850709123");
            format!("{}+{}", &c[..8], &c[8..])
        }),
        (
            "a date in the future",
            with_check(
                &format!("{}", (y + 1) / 100),
                &format!("{:02}1231123", (y + 1) % 100),
            ),
        ),
        ("too short", "8507099".to_string()),
        ("eleven digits", format!("{}1", &good[2..])),
        ("thirteen digits", format!("{good}1")),
        ("a letter", format!("{}O{}", &good[2..4], &good[5..])),
        (
            "a space instead of the separator",
            format!("{} {}", &good[2..8], &good[8..]),
        ),
        ("two separators", format!("{}--{}", &good[2..8], &good[8..])),
    ]
}

/// No run of four digits from the input may reappear in what the user is told.
fn repeats_digits(message: &str, input: &str) -> bool {
    let digits: Vec<char> = input.chars().filter(char::is_ascii_digit).collect();
    digits
        .windows(4)
        .any(|w| message.contains(&w.iter().collect::<String>()))
}

#[test]
fn invalid_numbers_are_refused_without_repeating_them() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let mut r = world.login(RECEPTION);
    let existing = h
        .create_person(record("Redan Finns", &pnr(1970, 1, 1, 11)))
        .unwrap();
    let mut failures = Vec::new();
    for (what, input) in invalid_cases() {
        let mut outcomes: Vec<(&str, Result<String, skyddsvalv::Error>)> = Vec::new();
        outcomes.push(("create", h.create_person(record("Ogiltig Person", &input))));
        let patch = PersonPatch {
            identity_number: Some(input.clone()),
            ..Default::default()
        };
        outcomes.push((
            "edit",
            h.edit_person(&existing, patch).map(|v| v.person_ref),
        ));
        outcomes.push(("lookup", r.lookup(&input).map(|a| format!("{a:?}"))));
        for (op, outcome) in outcomes {
            let e = match outcome {
                Ok(v) => {
                    failures.push(format!("{what} ({input:?}): {op} accepted it: {v}"));
                    continue;
                }
                Err(e) => e,
            };
            let shown = format!("{e} | {e:?}");
            if e.code() != ErrorCode::InvalidIdentityNumber {
                failures.push(format!("{what} ({input:?}) {op}: code {} ({e})", e.code()));
            }
            if repeats_digits(&shown, &input) {
                failures.push(format!(
                    "{what} {op}: the message repeats the number: {shown}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The refused edits changed nothing.
    let shown = h
        .reveal_field(&existing, Field::IdentityNumber, "handlaggning")
        .unwrap();
    assert_eq!(
        shown.value,
        format!("19700101-{}", &pnr(1970, 1, 1, 11)[8..])
    );
}

/// The reasons are told apart: date, check digit, length, separator, serial.
#[test]
fn the_message_names_the_problem() {
    let world = World::new();
    let mut h = world.login(HANDLER);
    let good = pnr(1985, 7, 9, 980);
    let last = good.chars().last().unwrap().to_digit(10).unwrap();
    let cases = [
        (format!("{}{}", &good[..11], (last + 1) % 10), "check digit"),
        (with_check("20", "010229123"), "date"),
        ("8507099".to_string(), "length"),
        (with_check("19", "850709000"), "serial"),
        (
            {
                let c = with_check("19", "850709123");
                format!("{}+{}", &c[..8], &c[8..])
            },
            "'+'",
        ),
    ];
    for (input, word) in cases {
        let e = h
            .create_person(record("Ogiltig Person", &input))
            .unwrap_err();
        assert!(e.to_string().contains(word), "{input:?}: {e}");
    }
}
