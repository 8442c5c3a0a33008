//! The case handler's own list ("Mina personer"): every person assigned to them, masked, with what
//! tells them apart without revealing anything (ref, initials, birth year, protection, review date);
//! and the names of a page of that list revealed at once, for one stated purpose, in one log entry.

use serde::Serialize;

use super::persons::{person_access, summary, unseal, PersonSummary, Revealed};
use super::Session;
use crate::audit::{Action, Outcome};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::limits::SEARCH_LIMIT;
use crate::policy::{Access, Operation};
use crate::records::{mask, Field, Purpose};

#[derive(Debug, Clone, Serialize)]
pub struct Caseload {
    /// Ordered by ref; the UI sorts and pages.
    pub persons: Vec<PersonSummary>,
    /// How many of them have a protection review overdue or due soon (the watch list).
    pub needs_attention: usize,
}

/// How the user stands to a whole list of persons: as to the one they stand worst to.
fn weakest(all: &[Access]) -> Access {
    let rank = |a: &Access| match a {
        Access::Assigned | Access::NotApplicable => 0,
        Access::Emergency | Access::EmergencyEditing => 1,
        Access::Restricted => 2,
        Access::Unassigned => 3,
        Access::RestrictedUnassigned => 4,
    };
    all.iter()
        .copied()
        .max_by_key(rank)
        .unwrap_or(Access::NotApplicable)
}

impl Session {
    /// The persons assigned to this case handler, masked. One log entry (`caseload_listed`).
    pub fn caseload(&mut self) -> Result<Caseload> {
        let entry = self.entry(Action::CaseloadListed, Outcome::Allowed);
        self.perform(
            Operation::ListCaseload,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let mut persons = Vec::new();
                for id in ctx.tx.assigned_person_ids(ctx.user.id)? {
                    let row = ctx
                        .tx
                        .person_by_id(id)?
                        .ok_or_else(|| Error::damaged("an assignment names no person"))?;
                    persons.push(summary(&unseal(ctx, row)?));
                }
                persons.sort_by(|a, b| a.person_ref.cmp(&b.person_ref));
                entry.detail = Some(format!("persons {}", persons.len()));
                let needs_attention = persons
                    .iter()
                    .filter(|p| p.review.needs_attention())
                    .count();
                Ok(Caseload {
                    persons,
                    needs_attention,
                })
            },
        )
    }

    /// Reveals the names of up to [`SEARCH_LIMIT`] persons (a page of the caseload) for one purpose:
    /// one entry (`names_revealed`) naming every ref. Every one of them must be open to this user; one
    /// that is not refuses the whole reveal.
    pub fn reveal_names(&mut self, person_refs: &[String], purpose: &str) -> Result<Vec<Revealed>> {
        let list = self.purposes()?;
        let purpose = Purpose::parse_in(purpose, Field::Name, &list);
        let mut entry = self.entry(Action::NamesRevealed, Outcome::Allowed);
        entry.fields = vec![Field::Name.as_str().to_string()];
        entry.purpose = purpose.as_ref().ok().map(|p| p.code.to_string());
        let shown = self.perform(
            Operation::RevealNames,
            entry,
            |ctx| {
                if person_refs.is_empty() || person_refs.len() > SEARCH_LIMIT as usize {
                    return Err(Error::invalid(
                        Input::PersonRef,
                        Rule::OutOfRange,
                        format!("name between 1 and {SEARCH_LIMIT} persons"),
                    ));
                }
                let mut people = Vec::new();
                let mut standing = Vec::new();
                for r in person_refs {
                    let (a, p) = person_access(ctx, r)?;
                    standing.push(a);
                    people.push(p);
                }
                Ok((weakest(&standing), (standing, people)))
            },
            |_, (standing, people), entry| {
                let purpose = purpose?;
                entry.purpose = Some(purpose.to_log());
                entry.flagged = standing.iter().any(|a| a.is_emergency());
                let refs: Vec<&str> = people.iter().map(|p| p.row.person_ref.as_str()).collect();
                entry.detail = Some(format!("refs {}", refs.join(" ")));
                Ok(people
                    .iter()
                    .map(|p| Revealed {
                        person_ref: p.row.person_ref.clone(),
                        field: Field::Name,
                        value: mask::value(p.record(), Field::Name).unwrap_or_default(),
                        contacts: None,
                    })
                    .collect::<Vec<_>>())
            },
        )?;
        let now = crate::time::now_unix();
        for r in &shown {
            self.revealed.note(&r.person_ref, Field::Name, now);
        }
        Ok(shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_as_open_as_its_least_open_person() {
        use Access::*;
        assert_eq!(weakest(&[Assigned, Assigned]), Assigned);
        assert_eq!(weakest(&[Assigned, Emergency]), Emergency);
        assert_eq!(weakest(&[Emergency, Restricted, Assigned]), Restricted);
        assert_eq!(weakest(&[Restricted, Unassigned]), Unassigned);
        assert_eq!(
            weakest(&[Unassigned, RestrictedUnassigned]),
            RestrictedUnassigned
        );
    }
}
