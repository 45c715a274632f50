import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createDraftSnapshot } from '../../src/collab/draft-snapshot.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { setTierMinPercent } from '../../src/collab/tier-cutoff.ts';
import type { Standard } from '../../src/core/standard.ts';
import { createImpactWorkerHandler } from '../../src/ui/impact/impact-worker-handler.ts';
import type { ToImpactWorker } from '../../src/ui/impact/impact-worker-protocol.ts';
import { LiveImpactPreview, type LivePreviewState } from '../../src/ui/impact/live-impact.ts';
import type { ScoringWorker } from '../../src/ui/impact/scoring-worker.ts';
import { tinyCohort, tinyDraft, tinyEngine, tinyV1 } from '../core/impact/tiny-standard.ts';

const engineMessage: ToImpactWorker = {
  type: 'engine',
  baseline: tinyV1,
  versions: [],
  cohorts: [tinyCohort],
};

const goldOf = (state: LivePreviewState | undefined) =>
  state?.preview.ok
    ? state.preview.value.histogram.cutoffs.find((cutoff) => cutoff.tier === 'gold')?.draft
    : undefined;

describe('[I4] the scoring worker for large registries', () => {
  it('scores a draft exactly as the main thread does, once its engine is built', () => {
    const handle = createImpactWorkerHandler();
    const draft = tinyDraft((standard) => ({
      tiers: standard.tiers.map((tier) =>
        tier.id === 'gold' ? { ...tier, minPercent: tier.minPercent + 5 } : tier,
      ),
    }));
    expect(handle(engineMessage)).toBeUndefined();
    const answer = handle({ type: 'preview', id: 7, draft, options: { nearMissPoints: 2 } });
    expect(answer?.id).toBe(7);
    expect(answer?.preview).toEqual(tinyEngine().preview(draft, { nearMissPoints: 2 }));
  });

  it('says why it cannot score: no cohorts yet, or a draft of another standard', () => {
    const handle = createImpactWorkerHandler();
    const early = handle({ type: 'preview', id: 1, draft: tinyDraft(), options: {} });
    expect(early?.preview).toEqual({
      ok: false,
      problems: [{ path: '', message: 'the scoring worker has no cohorts yet' }],
    });
    handle(engineMessage);
    const other = handle({
      type: 'preview',
      id: 2,
      draft: { ...tinyDraft(), id: 'another-standard' },
      options: {},
    });
    expect(other?.preview.ok).toBe(false);
    const broken = handle({
      type: 'preview',
      id: 3,
      draft: { ...tinyDraft(), tiers: undefined } as unknown as Standard,
      options: {},
    });
    expect(broken?.preview.ok).toBe(false);
    expect(broken?.preview.ok === false && broken.preview.problems[0]?.message).toMatch(
      /^the preview cannot be computed for the draft as it is now: /,
    );
  });
});

/**
 * The worker's answers, under the test's control: the real message handler behind the `ScoringWorker`
 * interface, answering when the test says (a worker answers later, on another thread).
 */
function heldWorker() {
  const handle = createImpactWorkerHandler();
  handle(engineMessage);
  const held: (() => void)[] = [];
  const drafts: Standard[] = [];
  let terminated = false;
  let next = 0;
  const worker: ScoringWorker = {
    preview: (draft, options) => {
      drafts.push(draft);
      const answer = handle({ type: 'preview', id: next++, draft, options });
      return new Promise((resolve) => held.push(() => resolve(answer!.preview)));
    },
    terminate: () => {
      terminated = true;
    },
  };
  return {
    worker,
    drafts,
    terminated: () => terminated,
    /** Lets the oldest request's answer arrive. */
    answer: async () => {
      held.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    },
    outstanding: () => held.length,
  };
}

describe('[I4] the live preview scored in a worker', () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    vi.stubGlobal('window', {});
  });
  afterEach(() => vi.unstubAllGlobals());
  const frame = () => {
    const due = frames;
    frames = [];
    for (const callback of due) callback(0);
  };

  function setup() {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, tinyDraft());
    const snapshot = createDraftSnapshot(doc);
    const held = heldWorker();
    const live = new LiveImpactPreview(
      doc,
      snapshot.current,
      tinyEngine(),
      { nearMissPoints: 2 },
      () => false,
      () => held.worker,
    );
    return { doc, live, held };
  }

  it('shows nothing until the worker answers, then its preview', async () => {
    const { live, held } = setup();
    expect(live.get()).toBeUndefined();
    live.start();
    frame();
    expect(held.outstanding()).toBe(1);
    expect(live.get()).toBeUndefined();
    await held.answer();
    expect(live.get()?.preview.ok).toBe(true);
    live.stop();
  });

  it('keeps one request out: edits made meanwhile go together, and the last one is what is shown', async () => {
    const { doc, live, held } = setup();
    live.start();
    frame();
    setTierMinPercent(doc, 'gold', 71, 'me');
    frame();
    setTierMinPercent(doc, 'gold', 72, 'me');
    frame();
    expect(held.outstanding()).toBe(1);
    await held.answer();
    frame();
    expect(held.outstanding()).toBe(1);
    expect(held.drafts.map((draft) => draft.tiers.find((tier) => tier.id === 'gold')?.minPercent)).toEqual([
      tinyDraft().tiers.find((tier) => tier.id === 'gold')?.minPercent,
      72,
    ]);
    await held.answer();
    expect(goldOf(live.get())).toBe(72);
    live.stop();
  });

  it('ends the worker when stopped, and ignores an answer that arrives after', async () => {
    const { doc, live, held } = setup();
    live.start();
    frame();
    live.stop();
    expect(held.terminated()).toBe(true);
    setTierMinPercent(doc, 'gold', 75, 'me');
    await held.answer();
    expect(live.get()).toBeUndefined();
  });
});
