import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createDraftSnapshot } from '../../src/collab/draft-snapshot.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { setTierMinPercent } from '../../src/collab/tier-cutoff.ts';
import type { ImpactTiming } from '../../src/ui/impact/impact-timings.ts';
import { LiveImpactPreview, type LivePreviewState } from '../../src/ui/impact/live-impact.ts';
import { tinyDraft, tinyEngine } from '../core/impact/tiny-standard.ts';

const LOCAL = { source: 'local' };
const REMOTE = { source: 'provider' };

/** Animation frames and the clock under the test's control. */
function fakeFrames() {
  let now = 1000;
  let next = 1;
  const callbacks = new Map<number, FrameRequestCallback>();
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    callbacks.set(next, callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (handle: number) => callbacks.delete(handle));
  vi.stubGlobal('window', {});
  return {
    advance: (ms: number) => (now += ms),
    /** Runs the callbacks requested before this frame (new requests wait for the next), 16 ms later. */
    frame: () => {
      now += 16;
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback(now);
    },
    pending: () => callbacks.size,
  };
}

/** The preview's state; one scored on this thread always has one. */
function stateOf(live: LiveImpactPreview): LivePreviewState {
  const state = live.get();
  if (!state) throw new Error('the preview has no state yet');
  return state;
}

function setup() {
  const doc = new Y.Doc();
  writeStandardToDoc(doc, tinyDraft());
  const snapshot = createDraftSnapshot(doc);
  const live = new LiveImpactPreview(
    doc,
    snapshot.current,
    tinyEngine(),
    { nearMissPoints: 2 },
    (origin) => origin === REMOTE,
  );
  const gold = (state: LivePreviewState) =>
    state.preview.ok
      ? state.preview.value.histogram.cutoffs.find((cutoff) => cutoff.tier === 'gold')?.draft
      : undefined;
  return { doc, live, gold };
}

describe('the live impact preview (I4)', () => {
  let frames: ReturnType<typeof fakeFrames>;
  beforeEach(() => {
    frames = fakeFrames();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('[I4] many updates in one frame cost one recompute, of the latest draft', () => {
    const { doc, live, gold } = setup();
    live.start();
    frames.frame();
    const first = stateOf(live);
    for (const percent of [71, 72, 73, 74, 75]) setTierMinPercent(doc, 'gold', percent, LOCAL);
    expect(stateOf(live)).toBe(first);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(stateOf(live).seq).toBe(first.seq + 1);
    expect(gold(stateOf(live))).toBe(75);
    live.stop();
  });

  it('[I4] times the edit to the commit, local or remote, once per preview', () => {
    const { doc, live } = setup();
    live.start();
    frames.frame();
    live.committed(stateOf(live));
    setTierMinPercent(doc, 'gold', 72, REMOTE);
    frames.advance(3);
    setTierMinPercent(doc, 'gold', 73, LOCAL);
    frames.frame();
    frames.advance(2);
    const timing = live.committed(stateOf(live));
    expect(timing).toEqual<ImpactTiming>({
      editToRenderMs: 21,
      waitMs: 19,
      computeMs: 0,
      renderMs: 2,
      committedAt: performance.now(),
      source: 'remote',
    });
    expect(live.committed(stateOf(live))).toBeUndefined();
    expect((window as Window).__tierlineImpactTimings).toEqual([timing]);
    live.stop();
  });

  it('[I4] after a slow recompute the next one waits as long, skipping frames instead of queueing', () => {
    const { doc, live, gold } = setup();
    live.start();
    frames.frame();
    setTierMinPercent(doc, 'gold', 72, LOCAL);
    frames.frame();
    const slow = stateOf(live);
    frames.advance(30); // scoring and rendering that preview took 30 ms
    live.committed(slow);
    setTierMinPercent(doc, 'gold', 73, LOCAL);
    setTierMinPercent(doc, 'gold', 74, LOCAL);
    frames.frame(); // 16 ms later: still inside the 30 ms pause
    expect(stateOf(live)).toBe(slow);
    frames.frame();
    expect(stateOf(live).seq).toBe(slow.seq + 1);
    expect(gold(stateOf(live))).toBe(74);
    live.stop();
  });

  it('stops following the doc when stopped, and catches up when started again', () => {
    const { doc, live, gold } = setup();
    live.start();
    frames.frame();
    live.stop();
    setTierMinPercent(doc, 'gold', 77, LOCAL);
    expect(frames.pending()).toBe(0);
    live.start();
    frames.frame();
    expect(gold(stateOf(live))).toBe(77);
    live.stop();
  });
});
