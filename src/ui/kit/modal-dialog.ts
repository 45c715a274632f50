import { type RefObject, useEffect } from 'react';

/**
 * Opens the `<dialog>` in `ref` as a modal when it mounts, and closes it when it unmounts, giving focus
 * back where it came from (the button that opened it). The browser's own restore does not run here: by
 * the time the cleanup closes the dialog, React has already removed it from the page.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [ref]);
}

/** What Tab can land on inside a dialog, in document order. */
const TABBABLE =
  'a[href], button, input, select, textarea, [contenteditable="true"], [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab cycling inside a modal dialog. A native `<dialog>` keeps focus off the page
 * behind it but lets Tab leave for the browser's own toolbar, where a keyboard user loses their place;
 * from the last control Tab goes back to the first, and Shift+Tab from the first to the last.
 */
export function keepTabInside(event: React.KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const tabbable = [...event.currentTarget.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) =>
      !element.matches(':disabled') && element.tabIndex >= 0 && element.getClientRects().length > 0,
  );
  const first = tabbable[0];
  const last = tabbable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !event.currentTarget.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !event.currentTarget.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
