//! Case notes as a journal: dated entries signed with the author's account, sealed with the record,
//! appended only. A wrong entry is corrected by a new one that names it; nothing is overwritten. Adding
//! is an operation of its own (`note_added`, naming the entry, never its text); reading the journal is
//! a reveal of `notes` with a stated purpose.

use serde::Serialize;

use super::persons::{person_access, seal_into_row};
use super::Session;
use crate::audit::Action;
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::limits::MAX_NOTE;
use crate::policy::Operation;
use crate::records::sealed::JournalEntry;
use crate::records::{text, Field, Purpose};
use crate::time::now_rfc3339;

/// What a reveal of the notes shows: the older single note (if any) and every journal entry.
#[derive(Debug, Clone, Serialize)]
pub struct Journal {
    pub person_ref: String,
    pub notes: Option<String>,
    pub entries: Vec<JournalEntry>,
}

/// A note's text: not empty, not longer than [`MAX_NOTE`], no control characters but line breaks.
fn checked_note(raw: &str) -> Result<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(Error::invalid(
            Input::Notes,
            Rule::Required,
            "the note is empty",
        ));
    }
    if t.chars().count() > MAX_NOTE {
        return Err(Error::invalid(
            Input::Notes,
            Rule::TooLong,
            format!("a note holds at most {MAX_NOTE} characters"),
        ));
    }
    // Line breaks and tabs are a note's own, and a paragraph may be long; everything else that steers
    // a terminal or the text direction is not.
    let steering =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || text::is_bidi(c);
    if t.chars().any(steering) {
        return Err(Error::invalid(
            Input::Notes,
            Rule::ControlCharacters,
            "the note contains control or direction characters",
        ));
    }
    Ok(t.replace("\r\n", "\n"))
}

impl Session {
    /// Appends a note to the person's journal (or a correction of entry `corrects`); returns its number.
    pub fn add_note(&mut self, person_ref: &str, note: &str, corrects: Option<u32>) -> Result<u32> {
        let mut entry = self.person_entry(Action::NoteAdded, person_ref);
        entry.fields = vec![Field::Notes.as_str().to_string()];
        self.perform(
            Operation::AddNote,
            entry,
            |ctx| person_access(ctx, person_ref),
            |ctx, mut p, entry| {
                let text = checked_note(note)?;
                if let Some(c) = corrects {
                    if !p.data.journal.iter().any(|e| e.id == c) {
                        return Err(Error::invalid(
                            Input::Notes,
                            Rule::Unknown,
                            "the entry to correct does not exist",
                        ));
                    }
                }
                let id = p.data.journal.len() as u32 + 1;
                p.data.journal.push(JournalEntry {
                    id,
                    at: now_rfc3339(),
                    author: ctx.user.name.clone(),
                    text,
                    corrects,
                });
                let tokens = seal_into_row(ctx.vault_id, ctx.records()?, &mut p)?;
                p.row.updated_at = now_rfc3339();
                ctx.tx.update_person(&p.row)?;
                ctx.tx.set_name_tokens(p.row.id, &tokens)?;
                entry.detail = Some(match corrects {
                    Some(c) => format!("entry {id} corrects entry {c}"),
                    None => format!("entry {id}"),
                });
                Ok(id)
            },
        )
    }

    /// Reveals the notes (the journal) for a stated purpose: one `field_revealed` entry for `notes`.
    pub fn read_journal(&mut self, person_ref: &str, purpose: &str) -> Result<Journal> {
        let list = self.purposes()?;
        let purpose = Purpose::parse_in(purpose, Field::Notes, &list);
        let mut entry = self.person_entry(Action::FieldRevealed, person_ref);
        entry.fields = vec![Field::Notes.as_str().to_string()];
        entry.purpose = purpose.as_ref().ok().map(|p| p.code.to_string());
        self.perform(
            Operation::RevealField,
            entry,
            |ctx| person_access(ctx, person_ref).map(|(a, p)| (a, (a, p))),
            |_, (access, p), entry| {
                let purpose = purpose?;
                entry.purpose = Some(purpose.to_log());
                entry.flagged |= access.is_emergency();
                Ok(Journal {
                    person_ref: p.row.person_ref.clone(),
                    notes: p.record().notes.clone(),
                    entries: p.data.journal.clone(),
                })
            },
        )
    }
}
