//! Deterministic synthetic people for benchmarks and demos. Never real data: names are drawn from a
//! fixed list and numbers are built from the index, so the same (seed, index) always gives the same
//! person on every platform.

use time::{Date, Month};

use super::personnummer::{Kind, Personnummer};

/// One made-up person.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SyntheticIdentity {
    pub given_name: String,
    pub family_name: String,
    pub identity_number: Personnummer,
}

/// The Julian day number of the first of January of `year`.
const fn new_year(year: i32) -> i32 {
    match Date::from_calendar_date(year, Month::January, 1) {
        Ok(date) => date.to_julian_day(),
        Err(_) => panic!("not a representable year"),
    }
}

const FIRST_BIRTH_DAY: i32 = new_year(1925);
/// Birth dates 1925-01-01 ..= 2024-12-31.
const BIRTH_DAYS: u64 = (new_year(2025) - FIRST_BIRTH_DAY) as u64;
const SERIALS: u64 = 999;
/// Indices below this give pairwise different numbers (about 36 million).
pub const UNIQUE_INDICES: u64 = BIRTH_DAYS * SERIALS;

/// Odd serials are men and even serials women, as in real personnummer, so names follow suit.
#[rustfmt::skip]
const MALE_NAMES: &[&str] = &[
    "Björn", "Östen", "Göran", "Åke", "Örjan", "Måns", "Sölve", "Håkan", "Jöns", "Pär", "Sören",
    "Torbjörn", "Mårten", "Jörgen", "Gösta", "Stig", "Lars", "Anders", "Nils", "Ragnar", "Sven",
    "Erik", "Olof", "Leif", "Bengt", "Hjalmar", "André",
];
#[rustfmt::skip]
const FEMALE_NAMES: &[&str] = &[
    "Åsa", "Märta", "Ängel", "Görel", "Märit", "Åslög", "Linnéa", "Britt-Marie", "Therése",
    "Gunnel", "Ingrid", "Karin", "Kerstin", "Lena", "Maja", "Margareta", "Saga", "Signe", "Siv",
    "Solveig", "Tove", "Ulla", "Ylva", "Ebba", "Agnes", "Elsa", "Birgitta", "Annika",
];
#[rustfmt::skip]
const FAMILY_NAMES: &[&str] = &[
    "Sjöström", "Åberg", "Lindqvist", "Ekström", "Nyström", "Öberg", "Söderberg", "Bäckström",
    "Hägglund", "Lundström", "Löfgren", "Sjögren", "Åström", "Holmström", "Engström", "Hellström",
    "Åkesson", "Öhman", "Näslund", "Jönsson", "Håkansson", "Göransson", "Pålsson", "Mårtensson",
    "Bergström", "Dahlström", "Sandström", "Nordström", "Östlund", "Ågren", "Källström",
    "Björklund", "Strömberg", "Fröberg", "Törnqvist", "Blomqvist", "Andersson", "Johansson",
    "Karlsson", "Nilsson", "Eriksson", "Larsson", "Persson", "Svensson", "Gustafsson",
];

/// The synthetic person number `index` of the population named by `seed`.
///
/// Unique for `index < UNIQUE_INDICES`: the index picks a birth day through a bijection of the days,
/// and indices sharing a day differ in serial. About one in ten is a samordningsnummer.
pub fn synthetic_identity(seed: u64, index: u64) -> SyntheticIdentity {
    let key = splitmix64(seed);
    let slot = index % BIRTH_DAYS;
    let round = (index / BIRTH_DAYS) % SERIALS;
    // slot -> a*slot + b (mod days) is a bijection because a is coprime to the number of days.
    let day_index = (slot * multiplier(key) + splitmix64(key ^ 1) % BIRTH_DAYS) % BIRTH_DAYS;
    // For one day the rounds differ, and so do the serials after adding the same offset.
    let serial_offset = splitmix64(key ^ day_index.rotate_left(17)) % SERIALS;
    let serial = 1 + (round + serial_offset) % SERIALS;

    // Every day index lies in 1925..2025, so the date exists.
    let birth = Date::from_julian_day(FIRST_BIRTH_DAY + day_index as i32).unwrap_or(Date::MIN);
    let (year, month, day) = (birth.year(), u8::from(birth.month()), birth.day());
    let person = splitmix64(key.wrapping_add(index.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
    let kind = if person % 10 == 0 {
        Kind::Samordningsnummer
    } else {
        Kind::Personnummer
    };
    let identity_number = Personnummer::from_valid_parts(year, month, day, serial as u16, kind);

    let given_names = if serial % 2 == 1 {
        MALE_NAMES
    } else {
        FEMALE_NAMES
    };
    let names = splitmix64(person);
    SyntheticIdentity {
        given_name: pick(given_names, names).to_string(),
        family_name: pick(FAMILY_NAMES, names >> 32).to_string(),
        identity_number,
    }
}

/// Persons 0, 1, 2, … of the population named by `seed`.
pub fn synthetic_people(seed: u64) -> impl Iterator<Item = SyntheticIdentity> {
    (0..=u64::MAX).map(move |index| synthetic_identity(seed, index))
}

fn pick(list: &[&'static str], value: u64) -> &'static str {
    list[(value % list.len() as u64) as usize]
}

/// A seed-dependent multiplier in 1..BIRTH_DAYS that is coprime to BIRTH_DAYS.
fn multiplier(key: u64) -> u64 {
    let mut m = 1 + splitmix64(key ^ 2) % (BIRTH_DAYS - 1);
    while gcd(m, BIRTH_DAYS) != 1 {
        m = m % (BIRTH_DAYS - 1) + 1; // reaches 1 at the latest, which is coprime
    }
    m
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// SplitMix64's output function: a fast, well-mixed 64-bit hash.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn same_seed_and_index_give_the_same_person() {
        for index in [0, 1, 2, 999, 36_524, 36_525, 199_999, UNIQUE_INDICES - 1] {
            assert_eq!(synthetic_identity(42, index), synthetic_identity(42, index));
        }
        let a: Vec<_> = synthetic_people(1).take(50).collect();
        let b: Vec<_> = synthetic_people(2).take(50).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn numbers_are_unique_valid_and_in_range() {
        for seed in [0, 0xdead_beef] {
            let mut seen = HashSet::new();
            let mut samordning = 0;
            for index in 0..200_000 {
                let person = synthetic_identity(seed, index);
                let number = person.identity_number;
                let canonical = number.canonical();
                assert!(seen.insert(canonical.clone()), "duplicate at {index}");
                assert_eq!(
                    Personnummer::parse_at(&canonical, (2026, 11, 23)),
                    Ok(number)
                );
                assert!((1925..=2024).contains(&number.birth_year()));
                if number.kind() == Kind::Samordningsnummer {
                    samordning += 1;
                }
                let serial_is_odd = (canonical.as_bytes()[10] - b'0') % 2 == 1;
                let names = if serial_is_odd {
                    MALE_NAMES
                } else {
                    FEMALE_NAMES
                };
                assert!(names.contains(&person.given_name.as_str()));
                assert!(FAMILY_NAMES.contains(&person.family_name.as_str()));
            }
            assert!((18_000..=22_000).contains(&samordning), "{samordning}");
        }
    }

    #[test]
    fn birth_years_cover_the_whole_range() {
        let years: HashSet<i32> = synthetic_people(7)
            .take(20_000)
            .map(|p| p.identity_number.birth_year())
            .collect();
        assert_eq!(years.len(), 100);
    }

    #[test]
    fn name_lists_are_swedish_and_precomposed() {
        assert!(MALE_NAMES.len() + FEMALE_NAMES.len() >= 40);
        assert!(FAMILY_NAMES.len() >= 40);
        let all: Vec<&str> = [MALE_NAMES, FEMALE_NAMES, FAMILY_NAMES].concat();
        for needle in ['å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é'] {
            assert!(all.iter().any(|n| n.contains(needle)), "{needle}");
        }
        // NFC: no combining marks, so names compare and sort like typed input.
        for name in &all {
            assert!(
                !name.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
                "{name}"
            );
        }
        let unique: HashSet<&str> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len(), "duplicate name");
    }
}
