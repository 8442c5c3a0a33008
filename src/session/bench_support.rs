//! Test and benchmark support (the `test-support` feature only): filling a vault quickly. Never in a
//! shipped build. A real import of 100 000 persons costs two memory-hard hashes per person for the
//! reception register (that is the point of them); a benchmark that measures lookups and searches
//! needs the table at its real size, not every row made the slow way.

use super::persons::{register_person, seal_into_row, Person};
use super::Session;
use crate::audit::{chain, Action, NewEntry, Outcome};
use crate::error::{Error, Result};
use crate::records::register::LookupHash;
use crate::records::sealed::SealedPerson;
use crate::records::{refs, PersonRecord};
use crate::settings;
use crate::storage::{NewPerson, NewRegisterRow, PersonRow};
use crate::time::now_rfc3339;

impl Session {
    /// Creates `records` in one transaction, assigned to this handler, without log entries. The
    /// first `registered` get their real reception-register rows; the others get rows of the same
    /// size under random tags, so the register has its real size.
    #[doc(hidden)]
    pub fn seed_persons_for_bench(
        &mut self,
        records: Vec<PersonRecord>,
        registered: usize,
    ) -> Result<Vec<String>> {
        self.ready()?;
        let Session {
            store,
            keys,
            user,
            vault_id,
            ..
        } = self;
        let records_key = keys.records.as_ref().ok_or(Error::NoDataAccess {
            what: "person data",
        })?;
        let reception = keys.reception.as_ref().ok_or(Error::NoDataAccess {
            what: "the reception register",
        })?;
        let tx = store.begin()?;
        let lookup: LookupHash = settings::get_json(&*tx, settings::keys::LOOKUP_HASH)?
            .ok_or_else(|| Error::damaged("no lookup hash settings"))?;
        let mut out = Vec::with_capacity(records.len());
        for (i, record) in records.into_iter().enumerate() {
            let record = record.validate()?;
            let lookup_hashes = if i < registered {
                super::persons::lookup_hashes_with(&lookup, &record)?
            } else {
                Vec::new()
            };
            let now = now_rfc3339();
            let mut p = Person {
                row: PersonRow {
                    id: 0,
                    person_ref: refs::new_ref(),
                    identity_tag: None,
                    epoch: records_key.epoch,
                    nonce: Vec::new(),
                    sealed: Vec::new(),
                    created_by: user.id,
                    created_at: now.clone(),
                    updated_at: now.clone(),
                },
                data: SealedPerson::new(record, lookup_hashes),
            };
            let tokens = seal_into_row(vault_id, records_key, &mut p)?;
            p.row.id = tx.insert_person(&NewPerson {
                person_ref: p.row.person_ref.clone(),
                identity_tag: p.row.identity_tag,
                epoch: p.row.epoch,
                nonce: p.row.nonce.clone(),
                sealed: p.row.sealed.clone(),
                created_by: user.id,
                created_at: now,
            })?;
            tx.set_name_tokens(p.row.id, &tokens)?;
            if i < registered {
                register_person(&*tx, vault_id, reception, &p)?;
            } else {
                for _ in 0..2 {
                    tx.add_register_row(&NewRegisterRow {
                        tag: crate::vault::keyslots::random_bytes::<32>(),
                        epoch: reception.epoch,
                        nonce: vec![0; 24],
                        sealed: vec![0; 96],
                    })?;
                }
            }
            tx.assign(p.row.id, user.id)?;
            out.push(p.row.person_ref);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Appends `n` ordinary log entries in one transaction (a long log for the verifier).
    #[doc(hidden)]
    pub fn seed_log_for_bench(&mut self, n: u64, person_ref: &str) -> Result<()> {
        self.ready()?;
        let tx = self.store.begin()?;
        for i in 0..n {
            let mut e = NewEntry::new(
                &self.user.name,
                self.user.role.as_str(),
                if i % 3 == 0 {
                    Action::FieldRevealed
                } else {
                    Action::Search
                },
                Outcome::Allowed,
            );
            e.person_ref = Some(person_ref.to_string());
            e.fields = vec!["address".into()];
            e.term_hash = (i % 3 != 0).then(|| format!("{i:064x}"));
            chain::append(&*tx, &e)?;
        }
        tx.commit()
    }

    /// Appends `n` log entries in one transaction, spread evenly over the year up to now, by
    /// `actors` in turn about `persons` in turn: views, reveals and searches, as a year of work at a
    /// large office looks to the reviewer's filters.
    #[doc(hidden)]
    pub fn seed_year_of_log_for_bench(
        &mut self,
        n: u64,
        actors: &[&str],
        persons: &[String],
    ) -> Result<()> {
        self.ready()?;
        let now = crate::time::now_utc().unix_timestamp() as u64;
        let year = 365 * 24 * 3600;
        let tx = self.store.begin()?;
        for i in 0..n {
            let action = match i % 4 {
                0 => Action::FieldRevealed,
                1 | 2 => Action::PersonViewed,
                _ => Action::Search,
            };
            let actor = actors[(i % actors.len() as u64) as usize];
            let mut e = NewEntry::new(actor, self.user.role.as_str(), action, Outcome::Allowed);
            if action == Action::Search {
                e.term_hash = Some(format!("{:064x}", i % 997));
            } else {
                e.person_ref = Some(persons[(i % persons.len() as u64) as usize].clone());
            }
            if action == Action::FieldRevealed {
                e.fields = vec!["address".into()];
                e.purpose = Some("HANDLAGGNING".into());
            }
            let at = now - year + i * year / n.max(1);
            chain::append_at(&*tx, &e, &crate::time::unix_to_rfc3339(at))?;
        }
        tx.commit()
    }
}
