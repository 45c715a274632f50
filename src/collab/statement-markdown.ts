import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { parseStatementMarkdown } from './statement-markdown-parse.ts';
import { serializeStatement } from './statement-markdown-serialize.ts';
import { statementSchema } from './statement-schema.ts';

/**
 * A criterion statement as Markdown (files, V3), ProseMirror JSON (the editor) and Y.XmlFragment
 * (the draft, C1), converted without a DOM so the server can seed and publish drafts.
 *
 * Canonical Markdown — what the serializer writes, and what round-trips byte for byte:
 * - Blocks are separated by exactly one blank line; no blank line or newline at the start or end.
 *   The empty statement is the empty string.
 * - A paragraph is one line; a hard break is a backslash at the end of the line. No line starts or
 *   ends with whitespace, and inline text holds no tabs (a tab is written as a space). Soft line
 *   breaks in an imported file become spaces.
 * - Bold is `**text**`, italic `*text*`, inline code a backtick span (a longer fence when the code
 *   holds backticks; padded with a space when it starts or ends with one), a link `[text](url)` or
 *   `[text](url "title")`, written `<url>` when the url has whitespace, parentheses, `<`, `>` or `\`.
 *   Whitespace at the edges of bold/italic moves outside it.
 * - Headings are ATX: `#`…`######`, a space, the text (hard breaks in a heading become spaces).
 * - Bullet items start with `- `, ordered items with `1. ` counting up from the list's start; an
 *   item's further lines are indented by the marker's width; items are separated by a newline,
 *   blocks inside an item by a blank line. A list that directly follows a list of the same kind (or
 *   opens an item of one) uses `*` or `1)` instead, as Markdown would otherwise merge them.
 * - Block quotes prefix every line with `> ` (`>` on blank lines). Code blocks are fenced with
 *   three backticks (more when the code holds a run of them; tildes when the language holds a
 *   backtick), the language right after the fence. A horizontal rule is `---` (`___` when it opens a
 *   list item, where `- ---` would be one rule).
 * - Text is backslash-escaped only where it would be syntax: `*`, `` ` ``, `[`, `]` always; `\`
 *   before punctuation or at the end of a run; `_` unless between two letters or digits; `<` unless
 *   a space follows; `&` before a character reference; `!` before a link; at the start of a line `#`,
 *   `>`, `-`, `+`, `=`, `~~~` and `1.`/`1)` when they would start a block; a heading's final `#`.
 * - Empty paragraphs and hard breaks at the end of a block are not written (Markdown has none).
 *   Where Markdown cannot express a mark at a position (`**a.**b`, or emphasis in a paragraph whose
 *   inline code holds backticks, which marked misreads), that mark is left out; the text always
 *   survives.
 *
 * Parsing is CommonMark without GitHub extensions: images and raw HTML are kept as literal text,
 * since the schema has neither.
 */

/** ProseMirror JSON of a statement document (`{ type: 'doc', content: [...] }`), as Tiptap's `getJSON()` returns it. */
export type StatementJson = JSONContent;

/** Parses Markdown into the statement document's JSON, valid for {@link statementSchema}. */
export function markdownToStatementJson(markdown: string): StatementJson {
  return parseStatementMarkdown(markdown).toJSON() as StatementJson;
}

/** Writes a statement document as canonical Markdown. Throws if the JSON names nodes or marks the schema lacks. */
export function statementJsonToMarkdown(json: StatementJson): string {
  return serializeStatement(statementSchema.nodeFromJSON(json));
}

/** True when `markdown` is already in canonical form, i.e. survives Markdown → statement → Markdown unchanged. */
export function isCanonicalStatementMarkdown(markdown: string): boolean {
  return serializeStatement(parseStatementMarkdown(markdown)) === markdown;
}

/**
 * Replaces the content of a statement fragment with `markdown`. The fragment must belong to a doc.
 * Unchanged leading and trailing blocks are left in place (y-tiptap diffs the two documents), so
 * collaborators' carets there survive; call it inside the caller's transaction to set the origin.
 */
export function writeMarkdownToFragment(fragment: Y.XmlFragment, markdown: string): void {
  if (fragment.doc === null) {
    throw new Error('writeMarkdownToFragment: add the fragment to a Y.Doc before writing to it');
  }
  prosemirrorJSONToYXmlFragment(statementSchema, markdownToStatementJson(markdown), fragment);
}

/** The statement in a fragment as canonical Markdown. Only reads the fragment. */
export function fragmentToMarkdown(fragment: Y.XmlFragment): string {
  return statementJsonToMarkdown(fragmentToStatementJson(fragment));
}

/**
 * The statement in a fragment as ProseMirror JSON. Unlike y-tiptap's readers, which delete content
 * the schema rejects, this never writes to the doc: a derivation must not make edits (and an edit
 * made while reading would reach every peer). Unknown elements are unwrapped, unknown marks dropped.
 */
export function fragmentToStatementJson(fragment: Y.XmlFragment): StatementJson {
  return { type: 'doc', content: (fragment.toArray() as unknown[]).flatMap(jsonFromYNode) };
}

// y-tiptap stores marks that may overlap themselves under `name--hash`.
const HASHED_MARK_NAME = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

interface TextDeltaOp {
  readonly insert?: unknown;
  readonly attributes?: Record<string, unknown>;
}

function jsonFromYNode(node: unknown): StatementJson[] {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as TextDeltaOp[]).flatMap((op) => {
      if (typeof op.insert !== 'string' || op.insert === '') return [];
      const marks = Object.entries(op.attributes ?? {}).flatMap(([key, attrs]) => {
        const type = HASHED_MARK_NAME.exec(key)?.[1] ?? key;
        if (statementSchema.marks[type] === undefined) return [];
        return [
          attrs !== null && typeof attrs === 'object'
            ? { type, attrs: attrs as Record<string, unknown> }
            : { type },
        ];
      });
      return [{ type: 'text', text: op.insert, ...(marks.length > 0 ? { marks } : {}) }];
    });
  }
  if (node instanceof Y.XmlElement) {
    const content = (node.toArray() as unknown[]).flatMap(jsonFromYNode);
    if (statementSchema.nodes[node.nodeName] === undefined) return content;
    return [{ type: node.nodeName, attrs: node.getAttributes(), content }];
  }
  return [];
}
