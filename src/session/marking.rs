//! The protection marking and the restriction of processing (GDPR art. 18) change through operations of
//! their own, each with a reason that goes to the log and each flagged for review — never as a side
//! effect of an ordinary edit. While a person is restricted, the only edit is a rectification.

use super::persons::{person_access, save_edit, Person};
use super::{Ctx, Session};
use crate::audit::{Action, NewEntry};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::records::{mask, text, Field, PersonPatch, Protection, ProtectionPatch};
use crate::rights::request::{format_date, parse_date};
use crate::rights::{Lift, Rectified, RestrictionGround, RestrictionOrder};
use crate::time::{now_rfc3339, today_utc};

/// How a restriction was asked for: the ground of art. 18(1), who asked (the person, when empty),
/// and until when (open when absent). Comes on standard input or from the form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestrictionRequest {
    #[serde(default)]
    pub ground: Option<RestrictionGround>,
    #[serde(default)]
    pub requester: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}
use crate::session::PersonView;

/// A reason that may go to the log: required, checked like every free text, never the person's values.
pub(super) fn reason(ctx_person: &Person, reason: &str) -> Result<String> {
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
        change: impl FnOnce(&Ctx<'_>, Person, &mut NewEntry, &str) -> Result<Result<PersonView>>,
    ) -> Result<PersonView> {
        let mut entry = self.person_entry(action, person_ref);
        entry.flagged = true;
        self.perform(
            op,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, p, entry| {
                let r = reason(&p, why)?;
                let out = change(ctx, p, entry, &r)?;
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
            |ctx, p, entry, _| {
                let protection = change.applied_to(&p.record().protection);
                // The log review's rules read the kind from the log (FINGERADE, NEW_PROTECTION).
                entry.detail = Some(format!(
                    "protection {}",
                    protection.kind.map_or("none", |k| k.as_str())
                ));
                let patch = PersonPatch {
                    protection: Some(protection),
                    ..Default::default()
                };
                save_edit(ctx, p, patch, entry)
            },
        )
    }

    /// Restricts processing (art. 18): from now on the person can be stored, shown masked and rectified.
    /// The order goes to the person's restriction register (ground, requester, from, to).
    pub fn restrict(&mut self, person_ref: &str, why: &str) -> Result<PersonView> {
        self.restrict_on(person_ref, RestrictionRequest::default(), why)
    }

    /// [`Session::restrict`] with the ground of art. 18(1), who asked, and until when.
    pub fn restrict_on(
        &mut self,
        person_ref: &str,
        order: RestrictionRequest,
        why: &str,
    ) -> Result<PersonView> {
        self.marking(
            Operation::SetRestriction,
            Action::RestrictionSet,
            person_ref,
            why,
            move |ctx, mut p, entry, _| {
                let requester = match order.requester.as_deref().map(str::trim) {
                    Some(r) if !r.is_empty() => {
                        text::check(crate::input::Input::Recipient, r, Some(p.record()))?
                    }
                    _ => "data_subject".to_string(),
                };
                let to = order
                    .to
                    .as_deref()
                    .map(|d| parse_date(crate::input::Input::ToldOn, d).map(format_date))
                    .transpose()?;
                p.data.rights.restrictions.push(RestrictionOrder {
                    ground: order.ground.unwrap_or(RestrictionGround::Accuracy),
                    requester,
                    from: format_date(today_utc()),
                    to,
                    set_by: ctx.user.name.clone(),
                    lifted: None,
                });
                if let Some(g) = order.ground {
                    entry.detail = Some(format!("ground {g}"));
                }
                let patch = PersonPatch {
                    restricted: Some(true),
                    ..Default::default()
                };
                save_edit(ctx, p, patch, entry)
            },
        )
    }

    /// Lifts a restriction. The person must have been told before (art. 18(3)): `person_told_on` is
    /// that day (YYYY-MM-DD, not in the future).
    pub fn lift_restriction(
        &mut self,
        person_ref: &str,
        why: &str,
        person_told_on: &str,
    ) -> Result<PersonView> {
        let told = parse_date(crate::input::Input::ToldOn, person_told_on).and_then(|d| {
            if d > today_utc() {
                Err(Error::invalid(
                    crate::input::Input::ToldOn,
                    crate::input::Rule::OutOfRange,
                    "the person must have been told before the lift",
                ))
            } else {
                Ok(d)
            }
        });
        self.marking(
            Operation::LiftRestriction,
            Action::RestrictionLifted,
            person_ref,
            why,
            move |ctx, mut p, entry, _| {
                let told = format_date(told?);
                let by = ctx.user.name.clone();
                if let Some(order) = p.data.rights.open_restriction_mut() {
                    order.lifted = Some(Lift {
                        by,
                        at: now_rfc3339(),
                        person_told_on: told.clone(),
                    });
                }
                entry.detail = Some(format!("person told {told}"));
                let patch = PersonPatch {
                    restricted: Some(false),
                    ..Default::default()
                };
                save_edit(ctx, p, patch, entry)
            },
        )
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
            |ctx, mut p, entry, why| {
                if patch.protection.is_some() || patch.restricted.is_some() {
                    return Err(Error::invalid(
                        crate::input::Input::Protection,
                        crate::input::Rule::NotAllowed,
                        "the protection marking and the restriction change through their own \
                         operations, with a reason",
                    ));
                }
                entry.purpose = Some("rattelse".into());
                // The old values are kept sealed in the person's history (who, when, why).
                let before = p.record().clone();
                let mut probe = before.clone();
                let changed = probe.apply(patch.clone())?;
                let (by, at) = (ctx.user.name.clone(), now_rfc3339());
                for name in changed {
                    let Some(field) = Field::parse(&name) else {
                        continue;
                    };
                    let old_value = mask::value(&before, field).unwrap_or_default();
                    if old_value.is_empty() {
                        continue;
                    }
                    p.data.rights.history.push(Rectified {
                        field,
                        old_value,
                        by: by.clone(),
                        at: at.clone(),
                        reason: why.to_string(),
                    });
                }
                save_edit(ctx, p, patch, entry)
            },
        )
    }
}
