// Modal dialogs on <dialog>: focus moves in, Tab stays inside, Escape cancels, focus returns to the
// element that opened it (or to a fallback if that is gone).

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function trap(event) {
  if (event.key !== "Tab") {
    return;
  }
  const dialog = event.currentTarget;
  const items = Array.from(dialog.querySelectorAll(FOCUSABLE)).filter(
    (e) => !e.closest("[hidden]") && e.getClientRects().length > 0,
  );
  if (items.length === 0) {
    event.preventDefault();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
    event.preventDefault();
    first.focus();
  }
}

// Where focus goes when a dialog closes, if not back to its opener (set by closeDialog).
const focusAfter = new WeakMap();

/** Opens `dialog` modally; `onClose` runs when it closes for any reason. */
export function openDialog(dialog, { focus, fallbackFocus, onClose } = {}) {
  const opener = document.activeElement;
  dialog.addEventListener("keydown", trap);
  dialog.addEventListener(
    "close",
    () => {
      dialog.removeEventListener("keydown", trap);
      onClose?.();
      // The close event comes a moment after close(): a target named by closeDialog wins.
      const chosen = focusAfter.get(dialog);
      focusAfter.delete(dialog);
      const usable = (e) => e && e.isConnected && !e.closest("[hidden]") && !e.disabled;
      const back = usable(chosen) ? chosen : usable(opener) ? opener : fallbackFocus?.();
      // A redraw that finished first may already have put focus where it belongs (a report's
      // heading): leave it there rather than pull it back.
      const active = document.activeElement;
      const movedOn = active && active !== document.body && active !== opener && !dialog.contains(active);
      if (!movedOn) {
        back?.focus();
      }
    },
    { once: true },
  );
  dialog.showModal();
  (focus ?? dialog.querySelector(FOCUSABLE))?.focus();
}

/** Closes `dialog`; focus then goes to `focusTarget` if given, else back to the opener. */
export function closeDialog(dialog, focusTarget) {
  if (dialog.open) {
    if (focusTarget) {
      focusAfter.set(dialog, focusTarget);
    }
    dialog.close();
  }
}

export function closeAllDialogs() {
  for (const d of document.querySelectorAll("dialog[open]")) {
    d.close();
  }
}
