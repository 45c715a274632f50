import { type ReactNode, useRef } from 'react';
import { Icon } from './Icon.tsx';
import { keepTabInside, useModalDialog } from './modal-dialog.ts';

/**
 * A modal dialog on the browser's own `<dialog>` (Tab kept inside, focus given back on close, Escape
 * closes, the page behind inert). `onClose` runs however it closes; the caller unmounts it.
 */
export function Dialog({
  title,
  lead,
  testId,
  onClose,
  onSubmit,
  footer,
  children,
}: {
  title: string;
  lead?: ReactNode;
  testId: string;
  onClose: () => void;
  /** The form's submit (Enter in a field, the primary button). */
  onSubmit: () => void;
  footer: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useModalDialog(ref);
  return (
    <dialog
      ref={ref}
      className="dialog"
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      onKeyDown={keepTabInside}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        className="dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <header className="dialog__header">
          <div>
            <h2 className="dialog__title" id={`${testId}-title`}>
              {title}
            </h2>
            {lead && <p className="dialog__lead">{lead}</p>}
          </div>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <Icon name="x" />
          </button>
        </header>
        <div className="dialog__body">{children}</div>
        <footer className="dialog__footer">{footer}</footer>
      </form>
    </dialog>
  );
}
