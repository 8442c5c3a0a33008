//! Copying a revealed value: the core logs the copy, then the value goes on the clipboard marked as
//! sensitive for clipboard managers, and is cleared after 30 s if the clipboard still holds it.
//!
//! - Linux (X11 and Wayland through GTK): besides the text targets, the clipboard offers
//!   `x-kde-passwordManagerHint` = `secret`, which Klipper and other managers honour by not keeping
//!   the entry in their history.
//! - Windows: TODO — also set the registered format `ExcludeClipboardContentFromMonitorProcessing`
//!   (and `CanIncludeInClipboardHistory` = 0, `CanUploadToCloudClipboard` = 0) with the
//!   `CF_UNICODETEXT` data, and clear by `GetClipboardSequenceNumber`. Until then copying is refused
//!   there with `CLIPBOARD_UNAVAILABLE`, rather than copying without the marking.
//! - macOS: TODO — `org.nspasteboard.ConcealedType`; refused likewise until then.

use std::time::Duration;

use skyddsvalv::desk::Desk;
use tauri::{AppHandle, State};

use crate::commands::{parse_field, ApiError, ApiResult};

/// How long a copied value stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(skyddsvalv::limits::CLIPBOARD_SECONDS);

/// The core decides whether the value may be copied (revealed by this session within its time, the
/// policy again), logs the copy and hands the value over; it goes straight onto the clipboard and
/// never travels over the IPC.
#[tauri::command(async)]
pub fn copy_field(
    app: AppHandle,
    desk: State<'_, Desk>,
    person_ref: String,
    field: String,
) -> ApiResult<()> {
    let field = parse_field(&field)?;
    if !platform::SUPPORTED {
        return Err(unavailable("not implemented on this platform yet"));
    }
    let value = desk.with_session(|s| s.copy_field(&person_ref, field))?;
    platform::put(&app, value)
}

fn unavailable(what: &'static str) -> ApiError {
    skyddsvalv::Error::ClipboardUnavailable { what }.into()
}

/// Clears the clipboard if it still holds a value this app put there (called on lock).
pub fn clear_if_ours(app: &AppHandle) {
    platform::clear_if_ours(app);
}

#[cfg(target_os = "linux")]
mod platform {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    use gtk::gdk;
    use tauri::AppHandle;
    use zeroize::Zeroizing;

    use super::CLEAR_AFTER;
    use crate::commands::{ApiError, ApiResult};

    pub const SUPPORTED: bool = true;

    /// The generation of the value we currently own on the clipboard (0: none). Only touched on the
    /// GTK main thread, but atomic so the types stay simple.
    static OURS: AtomicU64 = AtomicU64::new(0);
    static NEXT: AtomicU64 = AtomicU64::new(1);

    const TEXT: u32 = 0;
    const HINT: u32 = 1;
    const HINT_TARGET: &str = "x-kde-passwordManagerHint";

    /// Owned by GTK while the clipboard is ours; dropped (and the value wiped) when another program
    /// takes the clipboard or we clear it.
    struct Held {
        value: Zeroizing<String>,
        generation: u64,
    }

    impl Drop for Held {
        fn drop(&mut self) {
            let _ = OURS.compare_exchange(self.generation, 0, Ordering::SeqCst, Ordering::SeqCst);
        }
    }

    pub fn put(app: &AppHandle, value: Zeroizing<String>) -> ApiResult<()> {
        let generation = NEXT.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        app.run_on_main_thread(move || {
            let _ = tx.send(set(value, generation));
        })
        .map_err(|_| unavailable())?;
        if !rx.recv_timeout(Duration::from_secs(5)).unwrap_or(false) {
            return Err(unavailable());
        }
        let app = app.clone();
        let spawned = std::thread::Builder::new()
            .name("clipboard-clear".into())
            .spawn(move || {
                std::thread::sleep(CLEAR_AFTER);
                let _ = app.run_on_main_thread(move || {
                    if OURS.load(Ordering::SeqCst) == generation {
                        clipboard().clear();
                    }
                });
            });
        if spawned.is_err() {
            // Without the timer the value must not stay: take it off again.
            clear_if_ours_now();
            return Err(unavailable());
        }
        Ok(())
    }

    pub fn clear_if_ours(app: &AppHandle) {
        let _ = app.run_on_main_thread(clear_if_ours_now);
    }

    fn clear_if_ours_now() {
        if OURS.load(Ordering::SeqCst) != 0 {
            clipboard().clear();
        }
    }

    fn clipboard() -> gtk::Clipboard {
        gtk::Clipboard::get(&gdk::SELECTION_CLIPBOARD)
    }

    /// Runs on the GTK main thread.
    fn set(value: Zeroizing<String>, generation: u64) -> bool {
        let flags = gtk::TargetFlags::empty();
        let targets = [
            gtk::TargetEntry::new("UTF8_STRING", flags, TEXT),
            gtk::TargetEntry::new("text/plain;charset=utf-8", flags, TEXT),
            gtk::TargetEntry::new("text/plain", flags, TEXT),
            gtk::TargetEntry::new("STRING", flags, TEXT),
            gtk::TargetEntry::new("TEXT", flags, TEXT),
            gtk::TargetEntry::new(HINT_TARGET, flags, HINT),
        ];
        // Marked ours before GTK drops the previous owner's data, whose Drop compares its own generation.
        OURS.store(generation, Ordering::SeqCst);
        let held = Held { value, generation };
        clipboard().set_with_data(&targets, move |_, selection, info| {
            if info == HINT {
                selection.set(&gdk::Atom::intern(HINT_TARGET), 8, b"secret");
            } else {
                selection.set_text(held.value.as_str());
            }
        })
    }

    fn unavailable() -> ApiError {
        super::unavailable("the clipboard could not be set")
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use tauri::AppHandle;
    use zeroize::Zeroizing;

    use crate::commands::ApiResult;

    // TODO(windows): ExcludeClipboardContentFromMonitorProcessing; TODO(macos): ConcealedType.
    pub const SUPPORTED: bool = false;

    pub fn put(_app: &AppHandle, _value: Zeroizing<String>) -> ApiResult<()> {
        Err(super::unavailable("not implemented on this platform yet"))
    }

    pub fn clear_if_ours(_app: &AppHandle) {}
}
