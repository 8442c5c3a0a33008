//! What the shell holds beside the core's `Desk`: the lock-on-minimise setting of the open session,
//! emptied whenever the session ends. (Which revealed values may be copied is the core's to decide.)

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{AppHandle, Emitter, Manager};

#[derive(Default)]
pub struct Shell {
    lock_on_minimize: AtomicBool,
}

impl Shell {
    pub fn set_lock_on_minimize(&self, on: bool) {
        self.lock_on_minimize.store(on, Ordering::SeqCst);
    }

    pub fn lock_on_minimize(&self) -> bool {
        self.lock_on_minimize.load(Ordering::SeqCst)
    }

    /// Forgets everything tied to the session (the core has already dropped it, or is about to).
    pub fn session_ended(&self) {
        self.lock_on_minimize.store(false, Ordering::SeqCst);
    }
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
