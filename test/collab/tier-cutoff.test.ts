import { describe, expect, it } from 'vitest';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { createDraftUndoManager } from '../../src/collab/draft-undo.ts';
import {
  CUTOFF_DRAG_STEP,
  roundCutoff,
  setTierMinPercent,
  tierMinPercent,
} from '../../src/collab/tier-cutoff.ts';
import { deliverAll, peersWithDraft } from './draft-peers.ts';

const LOCAL = { source: 'local' };

describe('tier cut-offs set from the impact histogram', () => {
  it('[F4] cut-offs are clamped to 0–100 and kept to two decimals; drags snap to half a percent', () => {
    expect(roundCutoff(68.333333)).toBe(68.33);
    expect(roundCutoff(0.1 + 0.2)).toBe(0.3);
    expect(roundCutoff(-3)).toBe(0);
    expect(roundCutoff(104.2)).toBe(100);
    expect(roundCutoff(72.26, CUTOFF_DRAG_STEP)).toBe(72.5);
    expect(roundCutoff(72.24, CUTOFF_DRAG_STEP)).toBe(72);
    expect(roundCutoff(72.3, 1)).toBe(72);
  });

  it('[I3][C3] a drag is one undo step of its author; the collaborator sees every move and keeps their own edit', async () => {
    const [a, b] = peersWithDraft(2);
    if (!a || !b) throw new Error('two peers expected');
    const undo = createDraftUndoManager(a.doc, LOCAL);
    // Pauses longer than this split edits into steps (500 ms in the app; 2 ms keeps the test quick).
    undo.captureTimeout = 2;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 10));
    setTierMinPercent(b.doc, 'silver', 55, { source: 'b' });
    deliverAll([a, b]);

    const end = undo.beginGesture();
    for (const percent of [76, 77.5, 80]) {
      expect(setTierMinPercent(a.doc, 'gold', percent, LOCAL)).toBe(true);
      deliverAll([a, b]);
      expect(tierMinPercent(b.doc, 'gold')).toBe(percent);
      // Pauses in the middle of the drag longer than the capture timeout do not split it, nor does the
      // statement editor's binding calling stopCapturing() when presence updates its view.
      await pause();
      undo.stopCapturing();
    }
    end();
    expect(undo.undoStack).toHaveLength(1);

    // A later edit is a step of its own, and the usual timeout is back.
    expect(undo.captureTimeout).toBe(2);
    setTierMinPercent(a.doc, 'gold', 81, LOCAL);
    expect(undo.undoStack).toHaveLength(2);
    undo.undo();
    undo.undo();
    deliverAll([a, b]);
    for (const peer of [a, b]) {
      expect(readDraftFromDoc(peer.doc).tiers.map((tier) => [tier.id, tier.minPercent])).toEqual([
        ['silver', 55],
        ['gold', 75],
      ]);
    }
  });

  it('an unknown tier is left alone', () => {
    const [a] = peersWithDraft(1);
    if (!a) throw new Error('one peer expected');
    expect(setTierMinPercent(a.doc, 'diamond', 90, LOCAL)).toBe(false);
    expect(tierMinPercent(a.doc, 'diamond')).toBeUndefined();
  });
});
