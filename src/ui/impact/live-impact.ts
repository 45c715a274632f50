import type * as Y from 'yjs';
import type { ImpactEngine } from '../../core/impact/impact-engine.ts';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import { type Checked, refused } from '../../core/problems.ts';
import type { Standard } from '../../core/standard.ts';
import { createChangeListeners, type ExternalStore } from '../kit/external-store.ts';
import { type ImpactTiming, recordImpactTiming } from './impact-timings.ts';

/**
 * The live impact preview of one draft (I4), outside React: every update of the doc — this tab's or a
 * collaborator's — marks the preview stale, and the next animation frame reads the draft and asks the engine
 * for a new preview. Many updates in one frame (a drag, fast typing, a burst from the server) cost one
 * recompute. React subscribes with `useSyncExternalStore`, so the new preview is committed in the same frame,
 * before the browser paints.
 *
 * Never blocking typing: a recompute runs at most once per frame and never queues. When one (with its render)
 * took longer than half a frame, the next waits as long as it took — frames are skipped, so the preview gets at
 * most about half the main thread and input keeps the rest; the latest state is always what gets computed.
 */
export interface LivePreviewState {
  readonly preview: Checked<ImpactPreview>;
  /** Increases with every recompute. */
  readonly seq: number;
  /** `performance.now()` of the first doc update this preview includes; null for other recomputes (options). */
  readonly editAt: number | null;
  readonly source: 'local' | 'remote';
  readonly computeMs: number;
  /** `performance.now()` when the recompute started. */
  readonly startedAt: number;
}

export interface LivePreviewOptions {
  readonly nearMissPoints: number;
}

/** A recompute plus render longer than this makes the next one wait (ms). */
const FRAME_BUDGET_MS = 8;

export class LiveImpactPreview implements ExternalStore<LivePreviewState> {
  private readonly doc: Y.Doc;
  private readonly readDraft: () => Standard;
  private readonly engine: ImpactEngine;
  private readonly isRemote: (origin: unknown) => boolean;
  private readonly listeners = createChangeListeners();
  private options: LivePreviewOptions;
  private state: LivePreviewState;
  private frame: number | undefined;
  private stale = false;
  private pendingEditAt: number | null = null;
  private pendingSource: 'local' | 'remote' = 'local';
  private resumeAt = 0;
  private measured = 0;
  private running = false;
  /** Cancels the pending warm-up. */
  private warmUp: (() => void) | undefined;

  /**
   * `readDraft` is the session's live snapshot (`session.draft.get`): the preview reads the draft from it
   * rather than from the doc, so a keystroke costs re-reading one statement, not all of them.
   */
  constructor(
    doc: Y.Doc,
    readDraft: () => Standard,
    engine: ImpactEngine,
    options: LivePreviewOptions,
    isRemote: (origin: unknown) => boolean,
  ) {
    this.doc = doc;
    this.readDraft = readDraft;
    this.engine = engine;
    this.options = options;
    this.isRemote = isRemote;
    this.state = this.compute(null, 'local', 0);
  }

  readonly get = (): LivePreviewState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => this.listeners.subscribe(listener);

  /** Starts following the doc (idempotent; React's StrictMode starts, stops and starts again). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.doc.on('update', this.onUpdate);
    // Edits made while stopped are not lost.
    this.invalidate(null, 'local');
    this.warmUp ??= whenIdle(this.onIdle);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.doc.off('update', this.onUpdate);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.warmUp?.();
    this.warmUp = undefined;
  }

  /** New options (the near-miss N): recomputed in the next frame, not timed as an edit. */
  setOptions(options: LivePreviewOptions): void {
    if (options.nearMissPoints === this.options.nearMissPoints) return;
    this.options = options;
    this.invalidate(null, 'local');
  }

  /**
   * Called by the component when React has committed `state` (a layout effect): records the edit-to-render
   * time once per preview (returned, for the panel footer), and how long the whole recompute-and-render took,
   * which paces the next one.
   */
  committed(state: LivePreviewState): ImpactTiming | undefined {
    if (state.seq <= this.measured) return undefined;
    this.measured = state.seq;
    const now = performance.now();
    const busy = now - state.startedAt;
    this.resumeAt = busy > FRAME_BUDGET_MS ? now + busy : 0;
    if (state.editAt === null) return undefined;
    const timing: ImpactTiming = {
      editToRenderMs: now - state.editAt,
      waitMs: state.startedAt - state.editAt,
      computeMs: state.computeMs,
      renderMs: busy - state.computeMs,
      committedAt: now,
      source: state.source,
    };
    recordImpactTiming(timing);
    return timing;
  }

  /**
   * Once, while the browser is idle: a preview of the draft with its lowest cut-off moved, so the code a
   * threshold drag runs is compiled by the JavaScript engine before the first drag (cold, the first frame of
   * a drag took several frames). The engine's caches are keyed by content, so the next real preview is exact.
   */
  private readonly onIdle = (): void => {
    if (!this.running) return;
    try {
      const draft = this.readDraft();
      this.engine.preview({
        ...draft,
        tiers: draft.tiers.map((tier, index) =>
          index === 0 ? { ...tier, minPercent: tier.minPercent + 0.5 } : tier,
        ),
      });
    } catch {
      // A draft the preview cannot score is reported by the real recompute.
    }
  };

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    this.invalidate(performance.now(), this.isRemote(origin) ? 'remote' : 'local');
  };

  private invalidate(editAt: number | null, source: 'local' | 'remote'): void {
    if (editAt !== null && this.pendingEditAt === null) {
      this.pendingEditAt = editAt;
      this.pendingSource = source;
    }
    this.stale = true;
    this.frame ??= requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (): void => {
    this.frame = undefined;
    if (!this.stale || !this.running) return;
    if (performance.now() < this.resumeAt) {
      // The last recompute was slow: let this frame go to input and painting.
      this.frame = requestAnimationFrame(this.onFrame);
      return;
    }
    this.stale = false;
    const editAt = this.pendingEditAt;
    this.pendingEditAt = null;
    this.state = this.compute(editAt, this.pendingSource, this.state.seq + 1);
    this.listeners.notify();
  };

  private compute(editAt: number | null, source: 'local' | 'remote', seq: number): LivePreviewState {
    const startedAt = performance.now();
    let preview: Checked<ImpactPreview>;
    try {
      preview = this.engine.preview(this.readDraft(), {
        nearMissPoints: this.options.nearMissPoints,
      });
    } catch (error) {
      // Concurrent edits can leave a draft half-formed (C5); the preview says so instead of breaking the panel.
      preview = refused([
        {
          path: '',
          message: `the preview cannot be computed for the draft as it is now: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]);
    }
    return { preview, seq, editAt, source, computeMs: performance.now() - startedAt, startedAt };
  }
}

/** Runs `task` when the browser is idle (Safari has no requestIdleCallback: a little later); returns the cancel. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 300);
  return () => clearTimeout(handle);
}
