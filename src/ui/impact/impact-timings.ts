/**
 * In-browser measurements of the live preview (I4): from the document update that changed the draft to React
 * committing the preview it produced. The last samples are kept on `window.__tierlineImpactTimings` for
 * tests and curious committee members (open the console); nothing is sent anywhere.
 */

export interface ImpactTiming {
  /** Document update (the first of the frame's batch) → React commit of the new preview, in ms. */
  readonly editToRenderMs: number;
  /** Of which waiting for the animation frame that recomputes (updates are coalesced per frame), in ms. */
  readonly waitMs: number;
  /** Of which reading the draft from the doc and `engine.preview`, in ms. */
  readonly computeMs: number;
  /** Of which React rendering and committing the new preview, in ms. */
  readonly renderMs: number;
  /** When React committed it (`performance.now()`). */
  readonly committedAt: number;
  /** Whose edit it was: this tab's, or one that came from the server. */
  readonly source: 'local' | 'remote';
}

declare global {
  interface Window {
    /** The last {@link TIMING_SAMPLES} live-preview timings, oldest first. */
    __tierlineImpactTimings?: ImpactTiming[];
  }
}

export const TIMING_SAMPLES = 500;

export function recordImpactTiming(timing: ImpactTiming): void {
  const samples = (window.__tierlineImpactTimings ??= []);
  samples.push(timing);
  if (samples.length > TIMING_SAMPLES) samples.splice(0, samples.length - TIMING_SAMPLES);
}

/** `1.8 ms`, `12 ms`: what the panel footer shows. */
export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
