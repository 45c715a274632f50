import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { standardView } from '../../collab/record-views.ts';
import type { ImpactEngine } from '../../core/impact/impact-engine.ts';
import { formatProblem } from '../../core/problems.ts';
import { ApiError } from '../shell/api-client.ts';
import { signedOut } from '../shell/session-store.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { type ImpactSelection, useImpactSelection } from './impact-selection.ts';
import {
  type ImpactSources,
  cohortReach,
  defaultBaseline,
  engineFor,
  loadImpactSources,
  scoringInputs,
} from './impact-sources.ts';
import { WORKER_APPLICANTS } from './impact-worker-protocol.ts';
import { startScoringWorker } from './scoring-worker.ts';
import { formatMs } from './impact-timings.ts';
import { LiveImpactPreview, type LivePreviewState } from './live-impact.ts';

/** Everything the impact panel shows, from sources to the live preview. */
export interface ImpactWorkspace {
  readonly standardId: string;
  readonly sources: ImpactSources | undefined;
  /** Why the sources could not be loaded. */
  readonly loadError: string | undefined;
  readonly selection: ImpactSelection;
  readonly select: (change: Partial<ImpactSelection>) => void;
  /** The baseline in use (the selected one, or the default). */
  readonly baseline: string | undefined;
  /** Per cohort cycle: why it cannot be carried to the baseline, or null. */
  readonly reach: ReadonlyMap<string, string | null>;
  /** The cohorts previewed (selected and reachable), in the sources' order. */
  readonly cycles: readonly string[];
  /** Problems that stop the engine (e.g. a cohort's answers do not fit its version). */
  readonly engineProblems: readonly string[];
  readonly engine: ImpactEngine | undefined;
  readonly live: LiveImpactPreview | undefined;
  readonly state: LivePreviewState | undefined;
  /** Fetch the sources again (after a cohort import). */
  readonly reload: () => void;
}

const NO_REACH: ReadonlyMap<string, string | null> = new Map();
const noSubscribe = () => () => {};
const nothing = () => undefined;

/**
 * The impact preview of the open draft: loads the standard's versions and cohorts once, builds (or reuses)
 * the engine for the chosen baseline and cohorts, and follows the doc live. Call `useCommittedPreview` with the
 * result in the component that renders the whole preview, so edit-to-render times are measured on commit.
 */
export function useLiveImpact(): ImpactWorkspace {
  const { session, roots } = useEditorContext();
  useYVersion(roots.meta, false);
  const standardId = standardView(roots).id ?? '';
  const [selection, select] = useImpactSelection(session.draftId);
  const [loadCount, setLoadCount] = useState(0);
  const [loaded, setLoaded] = useState<{ id: string; sources?: ImpactSources; error?: string }>();

  useEffect(() => {
    if (!standardId) return;
    let current = true;
    loadImpactSources(standardId).then(
      (sources) => current && setLoaded({ id: standardId, sources }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 401)
          signedOut('Your session has ended. Sign in again.');
        else setLoaded({ id: standardId, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [standardId, loadCount]);

  const sources = loaded?.id === standardId ? loaded.sources : undefined;
  const baseline =
    sources && sources.versions.some((version) => version.version === selection.baseline)
      ? selection.baseline
      : sources && defaultBaseline(sources);
  const baselineStandard = sources?.versions.find((version) => version.version === baseline)?.standard;
  const reach = useMemo(
    () => (sources && baselineStandard ? cohortReach(sources, baselineStandard) : NO_REACH),
    [sources, baselineStandard],
  );
  const cyclesKey = (sources?.cohorts ?? [])
    .map((cohort) => cohort.cycle)
    .filter((cycle) => reach.get(cycle) === null && (selection.cycles ?? [cycle]).includes(cycle))
    .join('\u0000');
  const cycles = useMemo(() => (cyclesKey === '' ? [] : cyclesKey.split('\u0000')), [cyclesKey]);
  const checkedEngine = useMemo(
    () => (sources && baseline && cycles.length > 0 ? engineFor(sources, baseline, cycles) : undefined),
    [sources, baseline, cycles],
  );
  const engine = checkedEngine?.ok ? checkedEngine.value : undefined;

  const live = useMemo(() => {
    if (!engine) return undefined;
    // A registry too large to score within a frame is scored in a worker, so typing never waits for it.
    const inputs =
      engine.applicantCount > WORKER_APPLICANTS && sources && baseline
        ? scoringInputs(sources, baseline, cycles)
        : undefined;
    return new LiveImpactPreview(
      session.doc,
      session.draft.get,
      engine,
      { nearMissPoints: selection.nearMissPoints },
      (origin) => origin === session.provider,
      inputs && (() => startScoringWorker(inputs)),
    );
    // The near-miss N reaches an existing preview through setOptions, without a new one; the engine
    // changes with the sources, baseline and cycles.
  }, [engine, session]);
  useEffect(() => {
    live?.start();
    return () => live?.stop();
  }, [live]);
  useEffect(() => {
    live?.setOptions({ nearMissPoints: selection.nearMissPoints });
  }, [live, selection.nearMissPoints]);
  const state = useSyncExternalStore(live?.subscribe ?? noSubscribe, live?.get ?? nothing);

  return {
    standardId,
    sources,
    loadError: loaded?.id === standardId ? loaded.error : undefined,
    selection,
    select,
    baseline,
    reach,
    cycles,
    engineProblems: checkedEngine && !checkedEngine.ok ? checkedEngine.problems.map(formatProblem) : [],
    engine,
    live,
    state,
    reload: () => setLoadCount((count) => count + 1),
  };
}

/**
 * Tells the live preview that React has committed `state` (a layout effect: after the DOM is updated) and
 * hands `show` what to say about it — the edit-to-render time after an edit, else how long scoring took —
 * which it writes to the DOM itself rather than rendering again.
 */
export function useCommittedPreview(
  workspace: ImpactWorkspace,
  show: (text: string, detail: string) => void,
): void {
  const { live, state } = workspace;
  useLayoutEffect(() => {
    if (!live || !state) return;
    const timing = live.committed(state);
    if (timing) {
      show(
        `updated in ${formatMs(timing.editToRenderMs)}`,
        `${timing.source === 'local' ? 'Your' : 'A collaborator’s'} edit to this preview on screen in ${formatMs(timing.editToRenderMs)}: waiting for the next frame ${formatMs(timing.waitMs)}, scoring ${formatMs(timing.computeMs)}, drawing ${formatMs(timing.renderMs)}`,
      );
    } else if (state.editAt === null) {
      show(
        `scored in ${formatMs(state.computeMs)}`,
        'Every applicant scored under the baseline and the draft',
      );
    }
  }, [live, state, show]);
}
