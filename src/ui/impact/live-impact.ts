import type * as Y from 'yjs';
import type { ImpactEngine } from '../../core/impact/impact-engine.ts';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import type { Checked } from '../../core/problems.ts';
import type { Standard } from '../../core/standard.ts';
import { createChangeListeners, type ExternalStore } from '../kit/external-store.ts';
import { type ImpactTiming, recordImpactTiming } from './impact-timings.ts';
import { cannotCompute, previewSafely } from './preview-safely.ts';
import type { ScoringWorker } from './scoring-worker.ts';

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
 *
 * With a `worker` (cohorts too large to score within a frame), the frame sends the draft to the worker
 * instead, one request at a time: the state is undefined until its first answer, and edits made while a
 * request is out are sent together when it returns. The main thread then only renders.
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

export class LiveImpactPreview implements ExternalStore<LivePreviewState | undefined> {
  private readonly doc: Y.Doc;
  private readonly readDraft: () => Standard;
  private readonly engine: ImpactEngine;
  private readonly isRemote: (origin: unknown) => boolean;
  private readonly listeners = createChangeListeners();
  private options: LivePreviewOptions;
  private readonly startWorker: (() => ScoringWorker) | undefined;
  private worker: ScoringWorker | undefined;
  private state: LivePreviewState | undefined;
  private seq = 0;
  /** A request is out to the worker. */
  private asking = false;
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
   * rather than from the doc, so a keystroke costs re-reading one statement, not all of them. With
   * `startWorker` (cohorts too large for this thread) each `start` starts a scoring worker, which scores
   * every preview, and `stop` ends it.
   */
  constructor(
    doc: Y.Doc,
    readDraft: () => Standard,
    engine: ImpactEngine,
    options: LivePreviewOptions,
    isRemote: (origin: unknown) => boolean,
    startWorker?: () => ScoringWorker,
  ) {
    this.doc = doc;
    this.readDraft = readDraft;
    this.engine = engine;
    this.options = options;
    this.isRemote = isRemote;
    this.startWorker = startWorker;
    if (!startWorker) this.state = this.compute(null, 'local');
  }

  readonly get = (): LivePreviewState | undefined => this.state;

  /** Whether previews are scored in a worker (the registry is too large for this thread). */
  get scoredInWorker(): boolean {
    return this.startWorker !== undefined;
  }

  readonly subscribe = (listener: () => void): (() => void) => this.listeners.subscribe(listener);

  /** Starts following the doc (idempotent; React's StrictMode starts, stops and starts again). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.worker = this.startWorker?.();
    this.doc.on('update', this.onUpdate);
    // Edits made while stopped are not lost.
    this.invalidate(null, 'local');
    // The worker's engine is warmed by its first preview; warming this thread's would block it.
    if (!this.startWorker) this.warmUp ??= whenIdle(this.onIdle);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.doc.off('update', this.onUpdate);
    this.worker?.terminate();
    this.worker = undefined;
    this.asking = false;
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
    // From a worker, only the render ran on this thread.
    const busy = now - state.startedAt - (this.startWorker ? state.computeMs : 0);
    this.resumeAt = busy > FRAME_BUDGET_MS ? now + busy : 0;
    if (state.editAt === null) return undefined;
    const timing: ImpactTiming = {
      editToRenderMs: now - state.editAt,
      waitMs: state.startedAt - state.editAt,
      computeMs: state.computeMs,
      renderMs: now - state.startedAt - state.computeMs,
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
    if (this.asking) return; // the answer asks again
    this.stale = false;
    const editAt = this.pendingEditAt;
    const source = this.pendingSource;
    this.pendingEditAt = null;
    if (this.worker) {
      this.ask(this.worker, editAt, source);
      return;
    }
    this.state = this.compute(editAt, source);
    this.listeners.notify();
  };

  private ask(worker: ScoringWorker, editAt: number | null, source: 'local' | 'remote'): void {
    const startedAt = performance.now();
    const answer = (preview: Checked<ImpactPreview>) => {
      // computeMs: the request's whole round trip, which this thread did not spend.
      const computeMs = performance.now() - startedAt;
      this.state = { preview, seq: this.seq++, editAt, source, computeMs, startedAt };
      this.listeners.notify();
    };
    let draft: Standard;
    try {
      draft = this.readDraft();
    } catch (error) {
      answer(cannotCompute(error));
      return;
    }
    this.asking = true;
    void worker.preview(draft, { nearMissPoints: this.options.nearMissPoints }).then((preview) => {
      if (worker !== this.worker) return; // stopped (and perhaps started again) meanwhile
      this.asking = false;
      answer(preview);
      if (this.stale) this.frame ??= requestAnimationFrame(this.onFrame);
    });
  }

  private compute(editAt: number | null, source: 'local' | 'remote'): LivePreviewState {
    const startedAt = performance.now();
    const preview = previewSafely(() =>
      this.engine.preview(this.readDraft(), { nearMissPoints: this.options.nearMissPoints }),
    );
    return { preview, seq: this.seq++, editAt, source, computeMs: performance.now() - startedAt, startedAt };
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
