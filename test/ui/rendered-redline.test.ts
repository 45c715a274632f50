import { describe, expect, it } from 'vitest';
import { redline } from '../../src/core/diff/redline.ts';
import { renderedRedline, renderedRuns } from '../../src/ui/diff/rendered-redline.ts';

/** The pieces as `[kind, text, marks]`, the way a reader would describe them. */
const described = (before: string, after: string) =>
  renderedRedline(redline(before, after)).map((piece) => [
    piece.kind,
    piece.text,
    Object.keys(piece.marks).join('+'),
  ]);

describe('rendered redline (D1)', () => {
  it('[D1] shows the words of the rendered statement with their formatting, never the Markdown markers', () => {
    const pieces = described(
      'The city **publishes** its [data](https://data.example.gov).',
      'The city **published** its open [data](https://data.example.gov).',
    );
    expect(pieces.map(([, text]) => text).join('')).not.toMatch(/\*\*|\]\(|\[/);
    expect(pieces).toContainEqual(['removed', 'publishes', 'bold']);
    expect(pieces).toContainEqual(['added', 'published', 'bold']);
    expect(
      pieces
        .filter(([kind]) => kind === 'added')
        .map(([, text]) => text)
        .join(''),
    ).toContain('open');
    expect(pieces).toContainEqual(['same', 'data', 'link']);
  });

  it('[D1] rebuilds both sides exactly: the older words plus the kept ones read as the old rendered text', () => {
    const before = '- First *item*\n- Second\n\nA closing paragraph with `code`.';
    const after = '1. First *item*\n2. Third\n\nA closing paragraph with `code` and more.';
    const pieces = renderedRedline(redline(before, after));
    const side = (skip: 'added' | 'removed') =>
      pieces
        .filter((piece) => piece.kind !== skip)
        .map((piece) => piece.text)
        .join('');
    const text = (markdown: string) =>
      renderedRuns(markdown)
        .map((run) => run.text)
        .join('');
    expect(side('added')).toBe(text(before));
    expect(side('removed')).toBe(text(after));
    expect(text(before)).toBe('• First item\n• Second\nA closing paragraph with code.');
    expect(pieces.find((piece) => piece.text === 'code')?.marks).toEqual({ code: true });
  });

  it('[D1] a statement that only changes formatting shows its new formatting and no word change', () => {
    const pieces = renderedRedline(redline('Data is open.', 'Data is **open**.'));
    expect(pieces.every((piece) => piece.kind === 'same')).toBe(true);
    expect(pieces.find((piece) => piece.text === 'open')?.marks).toEqual({ bold: true });
  });
});
