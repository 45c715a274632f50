import type { AssessmentFile } from '../../core/assessment.ts';
import type { PreviewOptions } from '../../core/impact/impact-engine.ts';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import type { Checked } from '../../core/problems.ts';
import type { Standard } from '../../core/standard.ts';

/**
 * The messages between the impact panel and its scoring worker (`impact.worker.ts`). A cohort too large to
 * score within a frame on the main thread is scored there: the panel sends the engine's inputs once, then the
 * draft of each frame that changed it; the worker answers each with its preview. Everything is plain data
 * (structured clone).
 */

/**
 * Above this many applicants the live preview is scored in a worker, so typing never waits for it: scoring
 * takes about 2.7 ms per 1,000 applicants in Node (`impact-10000`), so 2,000 stays well inside a frame here.
 */
export const WORKER_APPLICANTS = 2_000;

export type ToImpactWorker =
  | {
      readonly type: 'engine';
      readonly baseline: Standard;
      readonly versions: readonly (readonly [string, Standard])[];
      readonly cohorts: readonly AssessmentFile[];
    }
  | {
      readonly type: 'preview';
      readonly id: number;
      readonly draft: Standard;
      readonly options: PreviewOptions;
    };

export interface FromImpactWorker {
  readonly id: number;
  readonly preview: Checked<ImpactPreview>;
  /** Time the worker spent scoring, in ms. */
  readonly computeMs: number;
}
