import { type ImpactEngine, createImpactEngine } from '../../core/impact/impact-engine.ts';
import { type Checked, refused } from '../../core/problems.ts';
import { previewSafely } from './preview-safely.ts';
import type { FromImpactWorker, ToImpactWorker } from './impact-worker-protocol.ts';

/**
 * What the scoring worker does with each message, apart from the worker itself so it runs in tests: an
 * `engine` message builds the engine (answering nothing), a `preview` message scores a draft with it.
 */
export function createImpactWorkerHandler(): (message: ToImpactWorker) => FromImpactWorker | undefined {
  let engine: Checked<ImpactEngine> | undefined;
  return (message) => {
    if (message.type === 'engine') {
      engine = createImpactEngine({
        baseline: message.baseline,
        versions: new Map(message.versions),
        cohorts: message.cohorts,
      });
      return undefined;
    }
    const startedAt = performance.now();
    const built = engine;
    const preview = !built
      ? refused([{ path: '', message: 'the scoring worker has no cohorts yet' }])
      : !built.ok
        ? refused(built.problems)
        : previewSafely(() => built.value.preview(message.draft, message.options));
    return { id: message.id, preview, computeMs: performance.now() - startedAt };
  };
}
