import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorStatementRange, resolveStatementAnchor } from '../../src/collab/statement-anchor.ts';
import { fragmentToMarkdown, writeMarkdownToFragment } from '../../src/collab/statement-markdown.ts';
import { statementSchema } from '../../src/collab/statement-schema.ts';

/** Two members' copies of one statement, kept in sync as the server would. */
function twoCopies(markdown: string) {
  const a = new Y.Doc();
  const b = new Y.Doc();
  writeMarkdownToFragment(a.getXmlFragment('statement'), markdown);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };
  return { a: a.getXmlFragment('statement'), b: b.getXmlFragment('statement'), sync };
}

/** The editor positions of the first `text` in `statement`, as a selection of it would give them. */
function rangeOf(statement: Y.XmlFragment, text: string): [number, number] {
  const { doc } = initProseMirrorDoc(statement, statementSchema);
  let found: [number, number] | undefined;
  doc.descendants((node, position) => {
    if (found || !node.isText) return !found;
    const index = node.text?.indexOf(text) ?? -1;
    if (index >= 0) found = [position + index, position + index + text.length];
    return false;
  });
  if (!found) throw new Error(`"${text}" is not in the statement`);
  return found;
}

/** The Y.XmlText of the `index`-th paragraph. */
function paragraphText(statement: Y.XmlFragment, index = 0): Y.XmlText {
  const paragraph = statement.get(index);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error(`no paragraph ${index}`);
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${index} has no text`);
  return text;
}

describe('R1 comment anchors on a statement range', () => {
  it('keep covering the same words while two members edit around them concurrently', () => {
    const { a, b, sync } = twoCopies('The city publishes open data on a portal.');
    const anchor = anchorStatementRange(a, ...rangeOf(a, 'open data'));
    expect(resolveStatementAnchor(a, anchor)?.excerpt).toBe('open data');

    // Concurrently: A adds words before the range, B after it; neither has seen the other's edit.
    paragraphText(a).insert(0, 'Each year, ');
    const tail = paragraphText(b);
    tail.insert(tail.length - 1, ' it maintains');
    sync();

    for (const copy of [a, b]) {
      expect(fragmentToMarkdown(copy)).toBe(
        'Each year, The city publishes open data on a portal it maintains.',
      );
      const resolved = resolveStatementAnchor(copy, anchor);
      expect(resolved?.excerpt).toBe('open data');
      expect(resolved && [resolved.from, resolved.to]).toEqual(rangeOf(copy, 'open data'));
    }
  });

  it('grow with words typed inside the range, and across formatting and paragraphs', () => {
    const { a, b, sync } = twoCopies('Publish **every** dataset.\n\nReview it yearly.');
    const [from] = rangeOf(a, 'every');
    const [, to] = rangeOf(a, 'Review');
    const anchor = anchorStatementRange(a, from, to);
    expect(resolveStatementAnchor(b, anchor)?.excerpt).toBe('every dataset. Review');
    const first = paragraphText(b);
    first.insert('Publish every '.length, 'public ');
    sync();
    expect(resolveStatementAnchor(a, anchor)?.excerpt).toBe('every public dataset. Review');
  });

  it('resolve to nothing (the comment is orphaned, not lost) when their words or the statement are deleted', () => {
    const { a, b, sync } = twoCopies('Keep an inventory of data systems.');
    const anchor = anchorStatementRange(a, ...rangeOf(a, 'inventory'));
    const text = paragraphText(b);
    text.delete('Keep an '.length, 'inventory'.length);
    sync();
    expect(fragmentToMarkdown(a)).toBe('Keep an  of data systems.');
    expect(resolveStatementAnchor(a, anchor)).toBeNull();

    const again = anchorStatementRange(a, ...rangeOf(a, 'data systems'));
    a.delete(0, a.length);
    expect(resolveStatementAnchor(a, again)).toBeNull();
  });

  it('refuse an empty range, and read a damaged anchor as orphaned', () => {
    const { a } = twoCopies('Name a data lead.');
    const [from] = rangeOf(a, 'data');
    expect(() => anchorStatementRange(a, from, from)).toThrow('an anchored range must cover some text');
    expect(resolveStatementAnchor(a, { start: 'not base64!', end: '' })).toBeNull();
  });
});
