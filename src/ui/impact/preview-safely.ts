import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import { type Checked, refused } from '../../core/problems.ts';

/**
 * Concurrent edits can leave a draft half-formed (C5): reading or scoring it may then throw. The preview says
 * so instead of breaking the panel (or, in the scoring worker, killing the worker).
 */
export function cannotCompute(error: unknown): Checked<ImpactPreview> {
  return refused([
    {
      path: '',
      message: `the preview cannot be computed for the draft as it is now: ${error instanceof Error ? error.message : String(error)}`,
    },
  ]);
}

/** `score()`, or why it could not be computed. */
export function previewSafely(score: () => Checked<ImpactPreview>): Checked<ImpactPreview> {
  try {
    return score();
  } catch (error) {
    return cannotCompute(error);
  }
}
