import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redline, renderRedline } from '../../../src/core/diff/redline.ts';
import type { RedlineSegment } from '../../../src/core/diff/standard-change.ts';

const join = (segments: readonly RedlineSegment[], side: 'removed' | 'added') =>
  segments
    .filter((segment) => segment.kind === 'same' || segment.kind === side)
    .map((segment) => segment.text)
    .join('');

const TEXT = { removed: ['[-', '-]'], added: ['{+', '+}'] } as const;
const MARKDOWN = { removed: ['~~', '~~'], added: ['**', '**'], spaceReplacements: true } as const;

describe('redline', () => {
  it('[D1] one word replaced: same, removed, added, same', () => {
    expect(redline('Leaders meet monthly.', 'Leaders meet quarterly.')).toEqual([
      { kind: 'same', text: 'Leaders meet ' },
      { kind: 'removed', text: 'monthly' },
      { kind: 'added', text: 'quarterly' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('[D1] a rewritten clause is one replacement, not word-for-word pairs', () => {
    expect(
      redline(
        'Responses are tracked by the open data team.',
        'Responses are published with a date on the portal.',
      ),
    ).toEqual([
      { kind: 'same', text: 'Responses are ' },
      { kind: 'removed', text: 'tracked by the open data team' },
      { kind: 'added', text: 'published with a date on the portal' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('[D1] the segments join back to both texts (random edits of random sentences)', () => {
    const word = fc.constantFrom('the', 'city', 'data', 'open', 'at least', 'quarter', ',', '.', '\n', 'a');
    const sentence = fc.array(word, { maxLength: 30 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(sentence, sentence, (before, after) => {
        const segments = redline(before, after);
        expect(join(segments, 'removed')).toBe(before);
        expect(join(segments, 'added')).toBe(after);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('[D1] two long unrelated texts: the whole text replaced, without the quadratic cost of a word diff', () => {
    const before = Array.from({ length: 400 }, (_, i) => `old${i}`).join(' ');
    const after = Array.from({ length: 400 }, (_, i) => `new${i}`).join(' ');
    expect(redline(before, after)).toEqual([
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]);
  });

  it('[D1] text markers stay inside the whitespace; Markdown separates a replacement with a space', () => {
    const segments = redline('Meet every month with departments.', 'Meet every quarter with departments.');
    expect(renderRedline(segments, TEXT)).toBe('Meet every [-month-]{+quarter+} with departments.');
    expect(renderRedline(segments, MARKDOWN)).toBe('Meet every ~~month~~ **quarter** with departments.');
    expect(
      renderRedline(
        [
          { kind: 'same', text: 'Keep ' },
          { kind: 'added', text: 'it\nup to date ' },
        ],
        MARKDOWN,
      ),
    ).toBe('Keep **it**\n**up to date** ');
  });
});
