//! Masking: persons carry a canary in every field; every value any operation other than a reveal
//! returns — results and errors alike — is serialised with serde_json and formatted with `{:?}` (and
//! errors with `{}`), and no canary may appear in any of it. The name may show only as initials and
//! the identity number only as the birth year. Then a reveal must return exactly the canary of the
//! field asked for, and nothing of any other field.

mod common;

use std::fmt::Debug;

use common::{
    leaks, secret, Canaries, World, ADMIN, GRANSKARE, HANDLER, HANDLER2, INITIAL_PW, RECEPTION,
};
use serde::Serialize;
use skyddsvalv::audit::LogFilter;
use skyddsvalv::records::mask::HIDDEN;
use skyddsvalv::records::{Contact, Field, PersonPatch, PersonRecord};
use skyddsvalv::Role;

/// Everything the operations handed back, as text.
#[derive(Default)]
struct Returned {
    items: Vec<(String, String)>,
}

impl Returned {
    fn value<T: Serialize + Debug>(&mut self, label: &str, v: &T) {
        let json = serde_json::to_string(v).expect("serialise");
        self.items.push((format!("{label} (json)"), json));
        self.items
            .push((format!("{label} (debug)"), format!("{v:?}")));
    }

    fn debug<T: Debug>(&mut self, label: &str, v: &T) {
        self.items
            .push((format!("{label} (debug)"), format!("{v:?}")));
    }

    /// An `Ok` is recorded as a value; an `Err` by its message and its Debug form.
    fn result<T: Serialize + Debug>(&mut self, label: &str, r: &skyddsvalv::Result<T>) {
        match r {
            Ok(v) => self.value(label, v),
            Err(e) => {
                self.items.push((format!("{label} (error)"), e.to_string()));
                self.items
                    .push((format!("{label} (error debug)"), format!("{e:?}")));
            }
        }
    }

    fn assert_clean(&self, needles: &[String]) {
        let mut found = Vec::new();
        for (label, text) in &self.items {
            let hits = leaks(text, needles);
            if !hits.is_empty() {
                found.push(format!("{label}: {hits:?} in {text}"));
            }
        }
        assert!(found.is_empty(), "canaries leaked:\n{}", found.join("\n"));
    }
}

fn all_needles(people: &[&Canaries], extra: &[&str]) -> Vec<String> {
    let mut needles: Vec<String> = people
        .iter()
        .flat_map(|c| c.needles().into_iter().chain(c.folded_needles()))
        .collect();
    needles.extend(extra.iter().map(|s| s.to_string()));
    needles
}

/// Every spelling of a canonical personnummer a user might type.
fn number_forms(canonical: &str) -> Vec<String> {
    let (date, rest) = canonical.split_at(8);
    vec![
        canonical.to_string(),
        canonical[2..].to_string(),
        format!("{date}-{rest}"),
        format!("{}-{rest}", &date[2..]),
    ]
}

const NEW_ADDRESS: &str = "Kanarie-Ny-Adress-Ö9 Hemliggatan";
const NEW_NOTES: &str = "Kanarie-Ny-Anteckning efter samtal";
const REJECTED_POSTCODE: &str = "Kanarie-Postkod-Fel";
const JUSTIFICATION: &str = "Akut läge: personen har ringt och behöver hjälp nu";

#[test]
fn no_operation_but_reveal_returns_a_field_value() {
    let world = World::new();
    let alfa = Canaries::new("alfa", 1);
    let beta = Canaries::new("beta", 2);
    let needles = all_needles(
        &[&alfa, &beta],
        &[NEW_ADDRESS, NEW_NOTES, REJECTED_POSTCODE],
    );
    // Positive control: the checker does find the canaries in an unmasked record.
    let control = leaks(&serde_json::to_string(&alfa.record()).unwrap(), &needles);
    assert!(
        control.len() >= 20,
        "the needles miss the record itself: {control:?}"
    );
    let mut out = Returned::default();

    let mut handler = world.login(HANDLER);
    let mut handler2 = world.login(HANDLER2);
    let mut reception = world.login(RECEPTION);
    let mut granskare = world.login(GRANSKARE);
    let mut admin = world.login(ADMIN);

    // Create: only the ref comes back; refusals name the problem, never the value.
    let alfa_ref = handler.create_person(alfa.record()).expect("create alfa");
    out.value("create", &alfa_ref);
    let beta_ref = handler2.create_person(beta.record()).expect("create beta");
    let mut dup = alfa.record();
    dup.identity_number = Some(alfa.identity[2..].to_string());
    out.result("create duplicate", &handler.create_person(dup));
    let mut bad = beta.record();
    bad.identity_number = None;
    bad.postcode = Some(REJECTED_POSTCODE.into());
    out.result("create invalid", &handler.create_person(bad));
    out.result(
        "create as reception",
        &reception.create_person(alfa.record()),
    );

    // Search by name prefix (three letters, case- and diacritic-insensitive) and by every number form.
    let mut queries: Vec<String> = vec![
        "Kan".into(),
        "kanarieasa".into(),
        "FJALLKAN".into(),
        alfa.full_name(),
    ];
    queries.extend(number_forms(&alfa.identity));
    for q in &queries {
        let hits = handler.find_persons(q).expect("find");
        assert!(
            hits.hits.iter().any(|h| h.person_ref == alfa_ref),
            "search {q:?} did not find the assigned person"
        );
        for h in &hits.hits {
            assert_eq!(h.initials, "K. F.");
            assert_eq!(h.identity, "1985****-****");
        }
        assert!(hits.hits.iter().all(|h| h.person_ref != beta_ref));
        out.value(&format!("find {q}"), &hits);
    }
    out.result("find as admin", &admin.find_persons("Kan"));

    // Show: the masked card.
    let view = handler.show_person(&alfa_ref).expect("show");
    for f in &view.fields {
        let want = match f.field {
            Field::Name => "K. F.",
            Field::IdentityNumber => "1985****-****",
            _ => HIDDEN,
        };
        assert!(f.has_value, "{:?} lost its value", f.field);
        assert_eq!(f.shown, want, "{:?}", f.field);
    }
    out.value("show", &view);
    out.result("show unassigned", &handler.show_person(&beta_ref));
    out.result("show as granskare", &granskare.show_person(&alfa_ref));

    // Edit: the returned card is masked too, and the new values are canaries as well.
    let edited = handler
        .edit_person(
            &alfa_ref,
            PersonPatch {
                address: Some(NEW_ADDRESS.into()),
                notes: Some(NEW_NOTES.into()),
                ..Default::default()
            },
        )
        .expect("edit");
    out.value("edit", &edited);
    out.result(
        "edit invalid",
        &handler.edit_person(
            &alfa_ref,
            PersonPatch {
                postcode: Some(REJECTED_POSTCODE.into()),
                ..Default::default()
            },
        ),
    );
    out.result(
        "edit unassigned",
        &handler.edit_person(
            &beta_ref,
            PersonPatch {
                notes: Some(NEW_NOTES.into()),
                ..Default::default()
            },
        ),
    );

    // Reception: found / not found, protection, initials, referral.
    for q in number_forms(&alfa.identity)
        .into_iter()
        .chain([format!("{}, 1985", alfa.full_name())])
    {
        let answer = reception.lookup(&q).expect("lookup");
        assert!(answer.found, "lookup {q:?}");
        assert_eq!(answer.initials.as_deref(), Some("K. F."));
        out.value(&format!("lookup {q}"), &answer);
    }
    out.result(
        "lookup unknown",
        &reception.lookup(&common::pnr(1985, 7, 9, 699)),
    );
    out.result("lookup as handler", &handler.lookup(&alfa.identity));

    // Emergency access to an unassigned person, and what it opens.
    let grant = handler
        .emergency_access(&beta_ref, JUSTIFICATION)
        .expect("emergency access");
    out.value("emergency grant", &grant);
    out.result("emergency view", &handler.show_person(&beta_ref));
    out.result("emergency find", &handler.find_persons(&beta.identity));
    out.result(
        "emergency on own person",
        &handler.emergency_access(&alfa_ref, JUSTIFICATION),
    );
    // What a copy hands over is a revealed value by design; the masking question is only what it logs.
    out.result(
        "copy",
        &handler.copy_field(&alfa_ref, Field::Phone).map(drop),
    );

    // The administrator's work.
    out.result("list users", &admin.list_users());
    out.result("assign", &admin.assign(&alfa_ref, HANDLER2, true));
    out.result("unassign", &admin.assign(&alfa_ref, HANDLER2, false));
    out.result(
        "settings",
        &admin.change_setting(
            skyddsvalv::settings::SettingChange::parse("idle-lock-minutes", "9").unwrap(),
        ),
    );
    out.result(
        "add user",
        &admin.add_user("ny-reception", Role::Reception, &secret(INITIAL_PW)),
    );
    out.result(
        "reveal as admin",
        &admin
            .reveal_field(&alfa_ref, Field::Address, "handlaggning")
            .map(|_| ()),
    );

    // Reveals happen now, so the log reviewed below holds their entries too.
    let revealed = reveal_every_field(&mut handler, &alfa_ref, &alfa);
    out.debug("reveals", &revealed);

    // The reviewer: the log holds refs, field names and purposes — never values.
    let log = granskare.view_log(&LogFilter::default()).expect("view log");
    assert!(log.iter().any(|e| e.action == "field_revealed"));
    assert!(log.iter().any(|e| e.action == "person_edited"));
    out.value("view log", &log);
    for term in number_forms(&alfa.identity) {
        // The reviewer filters on the keyed hash a case handler computes for them.
        let term_hash = handler.term_hash(&term).expect("a handler can hash a term");
        let hits = granskare
            .view_log(&LogFilter {
                term_hash: Some(term_hash),
                ..Default::default()
            })
            .expect("log by term");
        assert!(
            !hits.is_empty(),
            "the search for {term:?} is not findable by its hash"
        );
        out.value("view log by term", &hits);
    }
    let flagged = granskare
        .view_log(&LogFilter {
            flagged_only: true,
            ..Default::default()
        })
        .expect("flagged");
    out.value("view log flagged", &flagged);
    let v = granskare.verify_log().expect("verify");
    assert!(v.holds(), "{v:?}");
    out.value("verify", &v);
    out.result(
        "view log as handler",
        &handler.view_log(&LogFilter::default()),
    );

    out.assert_clean(&needles);
    drop((handler2, reception, admin));
}

/// Reveals every field once; each answer is exactly that field's value and holds nothing of another.
fn reveal_every_field(
    s: &mut skyddsvalv::Session,
    person_ref: &str,
    c: &Canaries,
) -> Vec<skyddsvalv::session::Revealed> {
    let id = &c.identity;
    let contacts = format!(
        "{} ({}), {}",
        c.contact_name, c.contact_relation, c.contact_phone
    );
    let expected: Vec<(Field, String, Vec<String>)> = vec![
        (
            Field::Name,
            c.full_name(),
            vec![c.given.clone(), c.family.clone()],
        ),
        (
            Field::IdentityNumber,
            format!("{}-{}", &id[..8], &id[8..]),
            vec![id[4..].to_string()],
        ),
        (
            Field::Address,
            NEW_ADDRESS.into(),
            vec![NEW_ADDRESS.into(), c.address.clone()],
        ),
        (
            Field::Postcode,
            c.postcode.clone(),
            vec![c.postcode.clone()],
        ),
        (
            Field::Municipality,
            c.municipality.clone(),
            vec![c.municipality.clone()],
        ),
        (Field::Phone, c.phone.clone(), vec![c.phone.clone()]),
        (Field::Email, c.email.clone(), vec![c.email.clone()]),
        (
            Field::Contacts,
            contacts,
            vec![
                c.contact_name.clone(),
                c.contact_relation.clone(),
                c.contact_phone.clone(),
            ],
        ),
        (Field::Health, c.health.clone(), vec![c.health.clone()]),
        (
            Field::Interventions,
            c.interventions.clone(),
            vec![c.interventions.clone()],
        ),
        (
            Field::Notes,
            NEW_NOTES.into(),
            vec![NEW_NOTES.into(), c.notes.clone()],
        ),
        (
            Field::ProtectionNote,
            c.protection_note.clone(),
            vec![c.protection_note.clone()],
        ),
    ];
    assert_eq!(
        expected.len(),
        Field::ALL.len(),
        "a field has no expected reveal"
    );
    let mut out = Vec::new();
    for (field, want, own) in &expected {
        let purpose = if field.is_art9() {
            "vard_och_stod"
        } else {
            "handlaggning"
        };
        let r = s
            .reveal_field(person_ref, *field, purpose)
            .unwrap_or_else(|e| panic!("reveal {field:?}: {e}"));
        assert_eq!(r.field, *field);
        assert_eq!(&r.value, want, "reveal {field:?}");
        // Nothing of any other field: every canary not belonging to this field is absent.
        let others: Vec<String> = expected
            .iter()
            .filter(|(f, _, _)| f != field)
            .flat_map(|(_, _, o)| o.clone())
            .filter(|n| {
                !own.iter()
                    .any(|m| m.contains(n.as_str()) || n.contains(m.as_str()))
            })
            .collect();
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            leaks(&json, &others).is_empty(),
            "reveal {field:?} carries another field: {json}"
        );
        // The Debug form of a revealed value is redacted, so it cannot slip into a log line.
        let dbg = format!("{r:?}");
        assert!(
            leaks(&dbg, &c.needles()).is_empty(),
            "Debug shows the value: {dbg}"
        );
        out.push(r);
    }
    out
}

/// Contacts are third parties: a contact's own name never shows as initials or anything else, and a
/// record built from JSON masks the same way.
#[test]
fn a_record_from_json_is_masked_the_same_way() {
    let world = World::new();
    let c = Canaries::new("gamma", 3);
    let mut record: PersonRecord =
        skyddsvalv::records::model::from_json(&serde_json::to_string(&c.record()).unwrap())
            .expect("the canary record round-trips through JSON");
    record.contacts.push(Contact {
        name: "Andra-Kontakt-Kanarie".into(),
        relation: None,
        phone: None,
    });
    let mut handler = world.login(HANDLER);
    let person_ref = handler.create_person(record).unwrap();
    let view = handler.show_person(&person_ref).unwrap();
    let mut out = Returned::default();
    out.value("show", &view);
    out.assert_clean(&all_needles(&[&c], &["Andra-Kontakt-Kanarie"]));
    let contacts = handler
        .reveal_field(&person_ref, Field::Contacts, "kontakt")
        .unwrap();
    assert!(contacts.value.contains("Andra-Kontakt-Kanarie"));
}
