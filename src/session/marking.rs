//! The protection marking and the restriction of processing (GDPR art. 18) change through operations of
//! their own, each with a reason that goes to the log and each flagged for review — never as a side
//! effect of an ordinary edit. While a person is restricted, the only edit is a rectification.

use super::persons::{person_access, save_edit, Person};
use super::{Ctx, Session};
use crate::audit::{Action, NewEntry};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::records::{text, PersonPatch, Protection, ProtectionPatch};
use crate::session::PersonView;

/// A reason that may go to the log: required, checked like every free text, never the person's values.
fn reason(ctx_person: &Person, reason: &str) -> Result<String> {
    let r = text::check(
        crate::input::Input::Reason,
        reason,
        Some(ctx_person.record()),
    )?;
    if r.chars().count() < crate::limits::MIN_REASON {
        return Err(Error::invalid(
            crate::input::Input::Reason,
            crate::input::Rule::TooShort,
            "a reason of a few words is required",
        ));
    }
    Ok(r)
}

impl Session {
    fn marking(
        &mut self,
        op: Operation,
        action: Action,
        person_ref: &str,
        why: &str,
        change: impl FnOnce(&Ctx<'_>, Person, &mut NewEntry) -> Result<Result<PersonView>>,
    ) -> Result<PersonView> {
        let mut entry = self.person_entry(action, person_ref);
        entry.flagged = true;
        self.perform(
            op,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, p, entry| {
                let r = reason(&p, why)?;
                let out = change(ctx, p, entry)?;
                // The reason is logged after the change's own detail (the fields it touched).
                entry.purpose = Some(match entry.purpose.take() {
                    Some(code) => format!("{code}: {r}"),
                    None => r,
                });
                Ok(out)
            },
        )?
    }

    /// Sets, changes or removes (`kind: None`) the protection marking as a whole.
    pub fn set_protection(
        &mut self,
        person_ref: &str,
        protection: Protection,
        why: &str,
    ) -> Result<PersonView> {
        self.change_protection(person_ref, ProtectionPatch::whole(protection), why)
    }

    /// Changes some parts of the protection marking (kind, since, review date, note); the others
    /// stay as they are.
    pub fn change_protection(
        &mut self,
        person_ref: &str,
        change: ProtectionPatch,
        why: &str,
    ) -> Result<PersonView> {
        self.marking(
            Operation::ChangeProtection,
            Action::ProtectionChanged,
            person_ref,
            why,
            |ctx, p, entry| {
                let patch = PersonPatch {
                    protection: Some(change.applied_to(&p.record().protection)),
                    ..Default::default()
                };
                save_edit(ctx, p, patch, entry)
            },
        )
    }

    /// Restricts processing (art. 18): from now on the person can be stored, shown masked and rectified.
    pub fn restrict(&mut self, person_ref: &str, why: &str) -> Result<PersonView> {
        self.set_restricted(
            Operation::SetRestriction,
            Action::RestrictionSet,
            person_ref,
            why,
            true,
        )
    }

    /// Lifts a restriction (the person must have been told before; the reason says so).
    pub fn lift_restriction(&mut self, person_ref: &str, why: &str) -> Result<PersonView> {
        self.set_restricted(
            Operation::LiftRestriction,
            Action::RestrictionLifted,
            person_ref,
            why,
            false,
        )
    }

    fn set_restricted(
        &mut self,
        op: Operation,
        action: Action,
        person_ref: &str,
        why: &str,
        on: bool,
    ) -> Result<PersonView> {
        self.marking(op, action, person_ref, why, move |ctx, p, entry| {
            let patch = PersonPatch {
                restricted: Some(on),
                ..Default::default()
            };
            save_edit(ctx, p, patch, entry)
        })
    }

    /// Rectification (art. 16): an edit with a stated reason, allowed while processing is restricted.
    pub fn rectify_person(
        &mut self,
        person_ref: &str,
        patch: PersonPatch,
        why: &str,
    ) -> Result<PersonView> {
        self.marking(
            Operation::RectifyPerson,
            Action::PersonRectified,
            person_ref,
            why,
            |ctx, p, entry| {
                if patch.protection.is_some() || patch.restricted.is_some() {
                    return Err(Error::invalid(
                        crate::input::Input::Protection,
                        crate::input::Rule::NotAllowed,
                        "the protection marking and the restriction change through their own \
                         operations, with a reason",
                    ));
                }
                entry.purpose = Some("rattelse".into());
                save_edit(ctx, p, patch, entry)
            },
        )
    }
}
