import type { AssessmentFile } from '../../core/assessment.ts';
import type { PreviewOptions } from '../../core/impact/impact-engine.ts';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import type { Checked } from '../../core/problems.ts';
import type { Standard } from '../../core/standard.ts';
import type { FromImpactWorker, ToImpactWorker } from './impact-worker-protocol.ts';
import { refused } from '../../core/problems.ts';

/** What the engine is built from, in the worker as on the main thread (`engineFor`). */
export interface ScoringInputs {
  readonly baseline: Standard;
  readonly versions: ReadonlyMap<string, Standard>;
  readonly cohorts: readonly AssessmentFile[];
}

/** The live preview's scoring worker, for cohorts too large to score on the main thread. */
export interface ScoringWorker {
  preview(draft: Standard, options: PreviewOptions): Promise<Checked<ImpactPreview>>;
  terminate(): void;
}

/**
 * Starts the scoring worker and builds its engine from `inputs` (sent once). A worker that fails (it could not
 * be loaded, or it died) answers every pending and later request with why, so the panel says so.
 */
export function startScoringWorker(inputs: ScoringInputs): ScoringWorker {
  const worker = new Worker(new URL('./impact.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, (preview: Checked<ImpactPreview>) => void>();
  let failure: string | undefined;
  let next = 0;
  const post = (message: ToImpactWorker) => worker.postMessage(message);
  worker.onmessage = (event: MessageEvent<FromImpactWorker>) => {
    pending.get(event.data.id)?.(event.data.preview);
    pending.delete(event.data.id);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failure = `the scoring worker stopped (${event.message || 'it could not be loaded'}); reload the page`;
    for (const resolve of pending.values()) resolve(stopped(failure));
    pending.clear();
  };
  post({
    type: 'engine',
    baseline: inputs.baseline,
    versions: [...inputs.versions],
    cohorts: inputs.cohorts,
  });
  return {
    preview: (draft, options) =>
      new Promise((resolve) => {
        if (failure !== undefined) {
          resolve(stopped(failure));
          return;
        }
        const id = next++;
        pending.set(id, resolve);
        post({ type: 'preview', id, draft, options });
      }),
    terminate: () => {
      worker.terminate();
      for (const resolve of pending.values()) resolve(stopped('the preview was closed'));
      pending.clear();
    },
  };
}

const stopped = (message: string): Checked<ImpactPreview> => refused([{ path: '', message }]);
