import { useLayoutEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { setText } from '../../collab/minimal-edits.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../collab/sync-protocol.ts';
import { pasteTooLarge, utf8Bytes } from '../draft/edit-size.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { transformSelection } from './text-selection.ts';

type NativeProps = Omit<
  React.InputHTMLAttributes<HTMLInputElement> & React.TextareaHTMLAttributes<HTMLTextAreaElement>,
  'value' | 'defaultValue' | 'onChange' | 'onInput'
>;

/**
 * A text input (or textarea) bound to a Y.Text: each keystroke becomes the smallest edit of the
 * shared text (so concurrent typing merges), remote edits appear as they arrive, and the caret
 * stays where the user left it. Uncontrolled on purpose: React re-setting `value` would move the
 * caret to the end on every remote keystroke.
 */
export function CollabText({
  text,
  multiline = false,
  focusId,
  selectOnMount = false,
  ...native
}: NativeProps & {
  text: Y.Text;
  multiline?: boolean;
  focusId?: string;
  /** Focus the field and select its text once it shows (renaming something just created). */
  selectOnMount?: boolean;
}) {
  const { session, readOnly } = useEditorContext();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const composing = useRef(false);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.value = text.toString();
    const onChange = (event: Y.YTextEvent) => {
      const next = text.toString();
      if (element.value === next) return;
      const focused = document.activeElement === element;
      const selection = focused
        ? {
            start: element.selectionStart ?? 0,
            end: element.selectionEnd ?? 0,
            direction: element.selectionDirection ?? 'none',
          }
        : undefined;
      element.value = next;
      if (selection) {
        const moved = transformSelection(selection, event.delta);
        element.setSelectionRange(moved.start, moved.end, moved.direction);
      }
      if (multiline) autoSize(element);
    };
    text.observe(onChange);
    if (multiline) autoSize(element);
    return () => text.unobserve(onChange);
  }, [text, multiline]);

  useLayoutEffect(() => {
    if (!selectOnMount) return;
    ref.current?.focus();
    ref.current?.select();
    // Only when the field first shows.
  }, []);

  const write = () => {
    const element = ref.current;
    if (!element || readOnly) return;
    session.doc.transact(() => setText(text, element.value), session.localOrigin);
    if (multiline) autoSize(element);
  };

  /** Refuses (before it enters the field) text the server could not take as one edit (P4). */
  const refuseIfTooLarge = (
    what: 'paste' | 'drop',
    event: React.SyntheticEvent,
    data: DataTransfer | null,
  ): void => {
    const bytes = utf8Bytes(data?.getData('text/plain') ?? '');
    if (!pasteTooLarge(bytes)) return;
    event.preventDefault();
    session.refusePaste(what, bytes, DEFAULT_MAX_MESSAGE_BYTES);
  };

  const common = {
    ...native,
    onPaste: (event: React.ClipboardEvent<HTMLInputElement & HTMLTextAreaElement>) => {
      refuseIfTooLarge('paste', event, event.clipboardData);
      native.onPaste?.(event);
    },
    onDrop: (event: React.DragEvent<HTMLInputElement & HTMLTextAreaElement>) => {
      refuseIfTooLarge('drop', event, event.dataTransfer);
      native.onDrop?.(event);
    },
    ref,
    readOnly: readOnly || native.readOnly,
    'data-focus-id': focusId,
    onInput: () => {
      if (!composing.current) write();
    },
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: () => {
      composing.current = false;
      write();
    },
    spellCheck: native.spellCheck ?? true,
  };
  return multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />;
}

function autoSize(element: HTMLTextAreaElement): void {
  element.style.height = 'auto';
  element.style.height = `${element.scrollHeight + 2}px`;
}
