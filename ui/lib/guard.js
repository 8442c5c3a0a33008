// A revealed value leaves the page only through the app's own copy button (copy_field: logged, marked
// sensitive for clipboard managers, cleared after the contract's LIMITS.CLIPBOARD_SECONDS). The browser's own ways around that are closed
// here: selecting the value (mouse, double or triple click, Ctrl+A, Shift+arrows — and with it the X11
// primary selection, which follows the selection), copying or cutting it, dragging it, and the page's
// context menu while a value is shown. The values stay ordinary text for screen readers: nothing here
// hides them from assistive technology. The stylesheet makes .field-value unselectable as well.

const REVEALED = ".field-value.revealed";
const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

const refuse = (event) => event.preventDefault();

function revealedValues() {
  return Array.from(document.querySelectorAll(REVEALED));
}

function reachesRevealed(selection) {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return false;
  }
  return revealedValues().some((v) => selection.containsNode(v, true));
}

function inRevealed(target) {
  const node = target instanceof Element ? target : target?.parentElement;
  return Boolean(node?.closest?.(REVEALED));
}

function editable(target) {
  return target instanceof Element && Boolean(target.closest(EDITABLE));
}

/** Drops the page's selection if it reaches a revealed value (call after showing one). */
export function dropSelectionOverRevealed() {
  const selection = window.getSelection();
  if (reachesRevealed(selection)) {
    selection.removeAllRanges();
  }
}

/** Refuses the copy, cut, selection and drag events of one value element. */
export function guardValue(node) {
  for (const type of ["copy", "cut", "selectstart", "dragstart"]) {
    node.addEventListener(type, refuse);
  }
  return node;
}

/** Once, for the whole page. */
export function installCopyGuard() {
  // Whatever made the selection (a drag from a neighbouring cell, select-all from a menu, a script):
  // one that reaches a revealed value does not stay.
  document.addEventListener("selectionchange", dropSelectionOverRevealed);
  for (const type of ["copy", "cut"]) {
    document.addEventListener(
      type,
      (event) => {
        if (inRevealed(event.target) || reachesRevealed(window.getSelection())) {
          event.preventDefault();
          window.getSelection()?.removeAllRanges();
        }
      },
      true,
    );
  }
  for (const type of ["selectstart", "dragstart"]) {
    document.addEventListener(
      type,
      (event) => {
        if (inRevealed(event.target)) {
          event.preventDefault();
        }
      },
      true,
    );
  }
  // Select-all outside a text box would take the shown value with it: not while one is shown.
  document.addEventListener(
    "keydown",
    (event) => {
      const all = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "a";
      if (all && !editable(event.target) && revealedValues().length > 0) {
        event.preventDefault();
      }
    },
    true,
  );
  // The page's own menu offers "Select all" and "Copy": not while a value is shown (text boxes keep it).
  document.addEventListener("contextmenu", (event) => {
    if (revealedValues().length > 0 && !editable(event.target)) {
      event.preventDefault();
    }
  });
}
