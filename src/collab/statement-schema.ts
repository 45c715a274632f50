import { type AnyExtension, getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';

/**
 * The rich-text schema of a criterion statement (C1, V3), shared by the browser's Tiptap editor and
 * the server, so both agree on node and mark names in every statement's Y.XmlFragment.
 *
 * Only what canonical Markdown can hold exactly is enabled (see `statement-markdown.ts`): paragraphs,
 * headings, bullet and ordered lists, block quotes, fenced code blocks, horizontal rules, hard breaks;
 * bold, italic, inline code and links.
 */

/**
 * The Tiptap extensions of a statement editor. The browser adds its collaboration extensions
 * (Collaboration bound to the criterion's fragment, CollaborationCaret) to this list; nothing else
 * may change the schema, or documents written by the server no longer match the editor.
 */
export function statementExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      // Y.UndoManager owns undo (C3): ProseMirror's history would undo other people's edits.
      undoRedo: false,
      // Markdown has no underline or (in CommonMark) strikethrough: a statement could not keep them.
      underline: false,
      strike: false,
      // Every open editor would append its own trailing paragraph to the shared fragment at once,
      // and each append is a real edit that reaches every peer.
      trailingNode: false,
    }),
  ];
}

/** The ProseMirror schema built from {@link statementExtensions}; no DOM needed. */
export const statementSchema: Schema = getSchema(statementExtensions());
