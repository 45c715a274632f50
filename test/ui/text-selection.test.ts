import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type TextDeltaOp, transformIndex, transformSelection } from '../../src/ui/fields/text-selection.ts';

describe('keeping the caret through remote edits', () => {
  it('[C1] moves with text inserted or deleted before it, not after it', () => {
    expect(transformIndex(5, [{ insert: 'ab' }])).toBe(7);
    expect(transformIndex(5, [{ retain: 5 }, { insert: 'ab' }])).toBe(5);
    expect(transformIndex(5, [{ retain: 6 }, { insert: 'ab' }])).toBe(5);
    expect(transformIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(transformIndex(5, [{ retain: 3 }, { delete: 5 }])).toBe(3);
    expect(
      transformSelection({ start: 2, end: 6, direction: 'forward' }, [{ retain: 4 }, { delete: 4 }]),
    ).toEqual({
      start: 2,
      end: 4,
      direction: 'forward',
    });
  });

  it('[C1] agrees with a Yjs relative position (left-associated) for any remote transaction', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 20 }),
        fc.nat(),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.string({ minLength: 1, maxLength: 4 })), {
          minLength: 1,
          maxLength: 5,
        }),
        (initial, rawCaret, edits) => {
          const doc = new Y.Doc();
          const text = doc.getText('t');
          text.insert(0, initial);
          const caret = rawCaret % (initial.length + 1);
          // The oracle: a position tied to the character before the caret, as Yjs keeps it.
          const oracle = Y.createRelativePositionFromTypeIndex(text, caret, -1);
          let delta: TextDeltaOp[] = [];
          text.observe((event) => {
            delta = event.delta;
          });
          doc.transact(() => {
            for (const [isInsert, at, content] of edits) {
              if (isInsert) text.insert(at % (text.length + 1), content);
              else if (text.length > 0) {
                const index = at % text.length;
                text.delete(index, Math.min(content.length, text.length - index));
              }
            }
          });
          expect(transformIndex(caret, delta)).toBe(
            Y.createAbsolutePositionFromRelativePosition(oracle, doc)?.index,
          );
        },
      ),
    );
  });
});
