//! The administrator's view of who handles whom — by ref only, nothing is unsealed — and the moves a
//! municipality needs when a handler leaves: everything of one handler to another in one step, and no
//! person left without a handler by an unassignment.

use serde::Serialize;

use super::admin::na;
use super::Session;
use crate::audit::{Action, Outcome};
use crate::auth::{users, Role};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::policy::Operation;
use crate::storage::{Tx, UserRow};

/// One case handler and the refs assigned to them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HandlerLoad {
    pub name: String,
    pub display_name: Option<String>,
    pub disabled: bool,
    pub refs: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AssignmentOverview {
    pub handlers: Vec<HandlerLoad>,
    /// Persons no active case handler is assigned to (nobody can open them but by nödåtkomst).
    pub without_handler: Vec<String>,
}

/// Active case handlers assigned to a person.
pub(crate) fn active_handlers(tx: &dyn Tx, person_id: i64) -> Result<Vec<UserRow>> {
    Ok(tx
        .assigned_users(person_id)?
        .into_iter()
        .filter(|u| !u.disabled && u.role == Role::Handlaggare)
        .collect())
}

fn handler(tx: &dyn Tx, name: &str) -> Result<UserRow> {
    let u = users::by_name(tx, name)?.ok_or(Error::UserNotFound)?;
    if u.role != Role::Handlaggare {
        return Err(Error::invalid(
            Input::Assignee,
            Rule::NotAllowed,
            "persons can only be assigned to case handlers",
        ));
    }
    Ok(u)
}

impl Session {
    /// Every case handler with the refs assigned to them, and the persons with no active handler.
    pub fn assignments(&mut self) -> Result<AssignmentOverview> {
        let entry = self.entry(Action::AssignmentsListed, Outcome::Allowed);
        self.perform(Operation::ListAssignments, entry, na, |ctx, (), _| {
            let mut handlers = Vec::new();
            for u in ctx.tx.users()? {
                if u.role != Role::Handlaggare {
                    continue;
                }
                let mut refs = Vec::new();
                for id in ctx.tx.assigned_person_ids(u.id)? {
                    if let Some(p) = ctx.tx.person_by_id(id)? {
                        refs.push(p.person_ref);
                    }
                }
                refs.sort();
                handlers.push(HandlerLoad {
                    name: u.name,
                    display_name: u.profile.display_name,
                    disabled: u.disabled,
                    refs,
                });
            }
            let mut without_handler = Vec::new();
            for id in ctx.tx.person_ids()? {
                if active_handlers(ctx.tx, id)?.is_empty() {
                    if let Some(p) = ctx.tx.person_by_id(id)? {
                        without_handler.push(p.person_ref);
                    }
                }
            }
            without_handler.sort();
            Ok(AssignmentOverview {
                handlers,
                without_handler,
            })
        })
    }

    /// Moves every person of `from` to `to` (a handler who leaves, or changes unit): one entry naming
    /// both and every ref moved. Returns how many were moved.
    pub fn reassign_all(&mut self, from: &str, to: &str) -> Result<usize> {
        let mut entry = self.entry(Action::Reassigned, Outcome::Allowed);
        entry.purpose = Some(format!("from={} to={}", from.trim(), to.trim()));
        self.perform(Operation::Reassign, entry, na, |ctx, (), entry| {
            let from = handler(ctx.tx, from)?;
            let to = handler(ctx.tx, to)?;
            if to.disabled {
                return Err(Error::UserDisabled);
            }
            if from.id == to.id {
                return Err(Error::invalid(
                    Input::Assignee,
                    Rule::Unchanged,
                    "choose another case handler to move the persons to",
                ));
            }
            let mut moved = Vec::new();
            for id in ctx.tx.assigned_person_ids(from.id)? {
                ctx.tx.assign(id, to.id)?;
                ctx.tx.unassign(id, from.id)?;
                if let Some(p) = ctx.tx.person_by_id(id)? {
                    moved.push(p.person_ref);
                }
            }
            moved.sort();
            entry.detail = Some(format!("moved {}: {}", moved.len(), moved.join(" ")));
            Ok(moved.len())
        })
    }
}
