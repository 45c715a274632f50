import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { Icon, type IconName } from '../kit/Icon.tsx';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../collab/sync-protocol.ts';
import { pasteTooLarge } from '../draft/edit-size.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { browserStatementExtensions } from './statement-extensions.ts';
import { estimateSliceBytes } from './statement-paste.ts';

/**
 * A criterion statement as rich text (C1): Tiptap bound to the criterion's own Y.XmlFragment, with
 * everyone's carets (C2) and this user's shared undo history (C3). The fragment is only ever filled
 * by the server or by people typing: an empty statement shows as an empty editor and writes nothing.
 */
export default function StatementEditor({
  fragment,
  label = 'Statement',
  testId = 'statement-editor',
}: {
  fragment: Y.XmlFragment;
  /** What screen readers call the text box: 'Statement', 'Intent'. */
  label?: string;
  testId?: string;
}) {
  const { session, readOnly } = useEditorContext();
  // The binding writes to the fragment with its plugin key as origin: those edits are this user's.
  session.undoManager.trackOrigin(ySyncPluginKey);
  /** True (handled: nothing inserted) when the edit would be over the server's limit. */
  const refuseIfTooLarge = (what: 'paste' | 'drop', bytes: number): boolean => {
    if (!pasteTooLarge(bytes)) return false;
    session.refusePaste(what, bytes, DEFAULT_MAX_MESSAGE_BYTES);
    return true;
  };

  const editor = useEditor(
    {
      extensions: [
        ...browserStatementExtensions(),
        Collaboration.configure({ fragment, yUndoOptions: { undoManager: session.undoManager } }),
        CollaborationCaret.configure({ provider: session.provider, user: session.user, render: renderCaret }),
      ],
      editable: !readOnly,
      // The binding fills the editor from the fragment; nothing here may write initial content.
      editorProps: {
        // A paste or drop the server could not take as one edit (P4) never enters the draft: refused
        // here, and said so in view, instead of closing the socket and losing what is typed after it.
        handlePaste: (_view, _event, slice) => refuseIfTooLarge('paste', estimateSliceBytes(slice)),
        handleDrop: (_view, _event, slice) => refuseIfTooLarge('drop', estimateSliceBytes(slice)),
        attributes: {
          class: 'statement-editor__content',
          'data-testid': testId,
          'aria-label': label,
          'aria-multiline': 'true',
          role: 'textbox',
          ...(readOnly ? { 'aria-readonly': 'true' } : {}),
        },
      },
    },
    [fragment, readOnly, label, testId],
  );

  return (
    <div className={`statement-editor${readOnly ? ' statement-editor--readonly' : ''}`}>
      {!readOnly && <StatementToolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}

/** A caret with the person's name on a flag, in their colour. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user['color'] === 'string' ? user['color'] : '#64748b';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.setProperty('--caret-color', color);
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.textContent = typeof user['name'] === 'string' ? user['name'] : 'Someone';
  caret.append(label);
  return caret;
}

type StatementEditorInstance = ReturnType<typeof useEditor>;

interface ToolState {
  bold: boolean;
  italic: boolean;
  heading: boolean;
  bulletList: boolean;
  orderedList: boolean;
  link: boolean;
}

function StatementToolbar({ editor }: { editor: StatementEditorInstance }) {
  const state = useEditorState<ToolState>({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading: current.isActive('heading'),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      link: current.isActive('link'),
    }),
  });
  const [linking, setLinking] = useState(false);

  const tool = (name: keyof ToolState, icon: IconName, label: string, shortcut: string, run: () => void) => (
    <button
      type="button"
      className={`tool${state[name] ? ' tool--active' : ''}`}
      aria-pressed={state[name]}
      aria-label={label}
      title={`${label}${shortcut ? ` (${shortcut})` : ''}`}
      data-testid={`tool-${name}`}
      // Keep the selection in the editor: a focused button would take it away.
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      <Icon name={icon} size={15} />
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {tool('bold', 'bold', 'Bold', 'Ctrl+B', () => editor.chain().focus().toggleBold().run())}
      {tool('italic', 'italic', 'Italic', 'Ctrl+I', () => editor.chain().focus().toggleItalic().run())}
      <span className="toolbar__divider" aria-hidden="true" />
      {tool('heading', 'heading', 'Heading', '', () =>
        editor.chain().focus().toggleHeading({ level: 3 }).run(),
      )}
      {tool('bulletList', 'bulletList', 'Bulleted list', 'Ctrl+Shift+8', () =>
        editor.chain().focus().toggleBulletList().run(),
      )}
      {tool('orderedList', 'orderedList', 'Numbered list', 'Ctrl+Shift+7', () =>
        editor.chain().focus().toggleOrderedList().run(),
      )}
      <span className="toolbar__divider" aria-hidden="true" />
      {tool('link', 'link', 'Link', '', () => setLinking(!linking))}
      {linking && <LinkForm editor={editor} onDone={() => setLinking(false)} />}
    </div>
  );
}

function LinkForm({ editor, onDone }: { editor: StatementEditorInstance; onDone: () => void }) {
  const current: unknown = editor.getAttributes('link')['href'];
  const [href, setHref] = useState(typeof current === 'string' ? current : 'https://');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.select();
  }, []);
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const url = href.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (url === '' || url === 'https://') chain.unsetLink().run();
    else chain.setLink({ href: url }).run();
    onDone();
  };
  return (
    <form className="link-form" onSubmit={apply}>
      <input
        ref={input}
        className="input input--small"
        type="url"
        aria-label="Link address"
        value={href}
        onChange={(event) => setHref(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onDone();
            editor.commands.focus();
          }
        }}
      />
      <button type="submit" className="button button--small button--primary">
        Apply
      </button>
      {typeof current === 'string' && (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => {
            editor.chain().focus().extendMarkRange('link').unsetLink().run();
            onDone();
          }}
        >
          Remove
        </button>
      )}
    </form>
  );
}
