//! What the shell holds beside the core's `Desk`: the values revealed in the last 30 s (only so that
//! `copy_field` can put one on the clipboard without the UI handing it back) and the
//! lock-on-minimise setting of the open session. Both are emptied whenever the session ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use skyddsvalv::records::Field;
use tauri::{AppHandle, Emitter, Manager};
use zeroize::Zeroizing;

/// The UI re-masks a revealed value 30 s after receiving it; the shell forgets it at the same time
/// (counted from slightly earlier, so never later than the UI).
const HOLD_REVEALED: Duration = Duration::from_secs(30);

struct Held {
    person_ref: String,
    field: Field,
    value: Zeroizing<String>,
    until: Instant,
}

#[derive(Default)]
pub struct Shell {
    revealed: Mutex<Vec<Held>>,
    lock_on_minimize: AtomicBool,
}

impl Shell {
    /// Keeps a value the core has just revealed to the logged-in user, for a copy within 30 s.
    pub fn hold_revealed(&self, person_ref: &str, field: Field, value: &str) {
        if let Ok(mut held) = self.revealed.lock() {
            let now = Instant::now();
            held.retain(|h| {
                h.until > now && !(same_ref(&h.person_ref, person_ref) && h.field == field)
            });
            held.push(Held {
                person_ref: person_ref.trim().to_uppercase(),
                field,
                value: Zeroizing::new(value.to_string()),
                until: now + HOLD_REVEALED,
            });
        }
    }

    /// The value revealed for this person and field in the last 30 s, if any.
    pub fn revealed(&self, person_ref: &str, field: Field) -> Option<Zeroizing<String>> {
        let mut held = self.revealed.lock().ok()?;
        let now = Instant::now();
        held.retain(|h| h.until > now);
        held.iter()
            .find(|h| same_ref(&h.person_ref, person_ref) && h.field == field)
            .map(|h| h.value.clone())
    }

    pub fn set_lock_on_minimize(&self, on: bool) {
        self.lock_on_minimize.store(on, Ordering::SeqCst);
    }

    pub fn lock_on_minimize(&self) -> bool {
        self.lock_on_minimize.load(Ordering::SeqCst)
    }

    /// Forgets everything tied to the session (the core has already dropped it, or is about to).
    pub fn session_ended(&self) {
        if let Ok(mut held) = self.revealed.lock() {
            held.clear();
        }
        self.lock_on_minimize.store(false, Ordering::SeqCst);
    }
}

fn same_ref(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Why the core locked the session without the UI asking.
#[derive(Clone, Copy, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    Idle,
    Minimized,
}

/// After the core locked: forget held values, clear our clipboard content, tell the window.
pub fn after_lock(app: &AppHandle, reason: Option<LockReason>) {
    app.state::<Shell>().session_ended();
    crate::clipboard::clear_if_ours(app);
    if let Some(reason) = reason {
        if let Err(e) = app.emit_to("main", "locked", reason) {
            tracing::warn!("could not tell the window about the lock: {e}");
        }
    }
}
