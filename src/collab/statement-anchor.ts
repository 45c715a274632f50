import {
  absolutePositionToRelativePosition,
  initProseMirrorDoc,
  relativePositionToAbsolutePosition,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { statementSchema } from './statement-schema.ts';

type ProsemirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/** The statement as its editor's document, and which Yjs type each of its nodes came from. */
function editorView(statement: Y.XmlFragment) {
  const { doc, mapping } = initProseMirrorDoc(statement, statementSchema);
  return { doc, mapping: mapping as ProsemirrorMapping };
}

/**
 * A range of a statement's text that a comment is about (R1), held as two Yjs relative positions: each names
 * the character it sits next to, not an offset, so the range keeps covering the same words while anyone
 * edits the statement before, after or inside it — concurrently, offline, in any order. Encoded as base64
 * so it can be stored with the comment on the server.
 */
export interface StatementAnchor {
  readonly start: string;
  readonly end: string;
}

/** Where an anchor is now in the statement's editor document, and the text it covers. */
export interface ResolvedAnchor {
  /** ProseMirror positions in the statement editor's document. */
  readonly from: number;
  readonly to: number;
  readonly excerpt: string;
}

/** Anchors the editor range `from`–`to` (ProseMirror positions, as a selection gives them) of `statement`. */
export function anchorStatementRange(statement: Y.XmlFragment, from: number, to: number): StatementAnchor {
  if (!(from < to)) throw new RangeError(`an anchored range must cover some text (from ${from} to ${to})`);
  const { mapping } = editorView(statement);
  const encode = (position: number) => {
    const relative = absolutePositionToRelativePosition(position, statement, mapping) as Y.RelativePosition;
    return toBase64(Y.encodeRelativePosition(relative));
  };
  return { start: encode(from), end: encode(to) };
}

/**
 * Where `anchor` is in `statement` now, or null when its text is gone (every character it covered was
 * deleted, or the statement itself was): the comment is then orphaned, never lost.
 */
export function resolveStatementAnchor(
  statement: Y.XmlFragment,
  anchor: StatementAnchor,
): ResolvedAnchor | null {
  const doc = statement.doc;
  if (!doc) return null;
  const { doc: editorDoc, mapping } = editorView(statement);
  const resolve = (encoded: string) => {
    const relative = decodeRelativePosition(encoded);
    return relative && relativePositionToAbsolutePosition(doc, statement, relative, mapping);
  };
  const from = resolve(anchor.start);
  const to = resolve(anchor.end);
  if (from === null || to === null || !(from < to)) return null;
  const excerpt = editorDoc.textBetween(from, to, ' ');
  return excerpt.trim() === '' ? null : { from, to, excerpt };
}

function decodeRelativePosition(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(encoded));
  } catch {
    return null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
