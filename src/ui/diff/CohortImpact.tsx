import { useEffect, useState } from 'react';
import { type AssessmentFile, parseAssessments } from '../../core/assessment.ts';
import { type DiffImpact, diffImpact, tierMoveCounts } from '../../core/diff/diff-impact.ts';
import { formatProblem } from '../../core/problems.ts';
import type { Standard } from '../../core/standard.ts';
import { outcomeName, tierScaleOf } from '../../core/tier-scale.ts';
import { validateAssessments } from '../../core/validate-assessments.ts';
import { request } from '../shell/api-client.ts';
import { Icon } from '../kit/Icon.tsx';

interface CohortListing {
  readonly standard: string;
  readonly cycle: string;
}

const cohortFiles = new Map<string, Promise<AssessmentFile>>();

/** A stored cohort, parsed; fetched once per page load. */
function loadCohort(standardId: string, cycle: string): Promise<AssessmentFile> {
  const key = JSON.stringify([standardId, cycle]);
  let pending = cohortFiles.get(key);
  if (!pending) {
    pending = request<unknown>(
      'GET',
      `/api/assessments/${encodeURIComponent(standardId)}/${encodeURIComponent(cycle)}`,
    ).then((raw) => {
      const parsed = parseAssessments(raw);
      if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('; '));
      return parsed.value;
    });
    pending.catch(() => cohortFiles.delete(key));
    cohortFiles.set(key, pending);
  }
  return pending;
}

type ImpactState =
  | { status: 'none' }
  | { status: 'working' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; impact: DiffImpact };

/**
 * D3: with a past cohort selected, how many of its applicants the change moves up a tier, down, or
 * leaves where they were, scoring them under both sides in the browser (responses carried through
 * lineage, L1–L4). Reports the impact up, for the changelog.
 */
export function CohortImpact({
  standardId,
  older,
  newer,
  versions,
  onImpact,
}: {
  standardId: string;
  older: Standard;
  newer: Standard;
  versions: ReadonlyMap<string, Standard>;
  onImpact: (impact: DiffImpact | undefined) => void;
}) {
  const [cohorts, setCohorts] = useState<readonly CohortListing[]>([]);
  const [cycle, setCycle] = useState('');
  const [state, setState] = useState<ImpactState>({ status: 'none' });

  useEffect(() => {
    let current = true;
    request<CohortListing[]>('GET', '/api/assessments').then(
      (listed) => current && setCohorts(listed.filter((cohort) => cohort.standard === standardId)),
      () => current && setCohorts([]),
    );
    return () => {
      current = false;
    };
  }, [standardId]);

  useEffect(() => {
    if (cycle === '') {
      setState({ status: 'none' });
      onImpact(undefined);
      return;
    }
    let current = true;
    setState({ status: 'working' });
    loadCohort(standardId, cycle)
      .then((file) => {
        const recordedAgainst = versions.get(file.version);
        if (!recordedAgainst)
          throw new Error(`its responses were recorded against ${file.version}, which is not here`);
        const problems = validateAssessments(file, recordedAgainst);
        if (problems.length > 0) throw new Error(problems.map(formatProblem).join('; '));
        const impact = diffImpact(older, newer, file, versions);
        if (!impact.ok) throw new Error(impact.problems.map(formatProblem).join('; '));
        return impact.value;
      })
      .then(
        (impact) => {
          if (!current) return;
          setState({ status: 'ready', impact });
          onImpact(impact);
        },
        (error: unknown) => {
          if (!current) return;
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
          onImpact(undefined);
        },
      );
    return () => {
      current = false;
    };
  }, [standardId, cycle, older, newer, versions, onImpact]);

  if (cohorts.length === 0) return null;
  return (
    <section className="impact-strip" aria-label="Impact on past applicants" data-testid="diff-impact">
      <label className="impact-strip__picker">
        <span className="impact-strip__label">
          <Icon name="trophy" size={14} /> Impact on a past cohort
        </span>
        <select
          className="select select--inline"
          value={cycle}
          data-testid="cohort-select"
          onChange={(event) => setCycle(event.currentTarget.value)}
        >
          <option value="">Choose a cohort…</option>
          {cohorts.map((cohort) => (
            <option key={cohort.cycle} value={cohort.cycle}>
              {cohort.cycle} applicants
            </option>
          ))}
        </select>
      </label>
      {state.status === 'working' && (
        <span className="impact-strip__note" role="status">
          <span className="spinner" aria-hidden="true" /> Scoring…
        </span>
      )}
      {state.status === 'failed' && (
        <span className="impact-strip__error" role="alert">
          Cannot score this cohort: {state.message}
        </span>
      )}
      {state.status === 'ready' && <ImpactFigures impact={state.impact} older={older} newer={newer} />}
    </section>
  );
}

function ImpactFigures({ impact, older, newer }: { impact: DiffImpact; older: Standard; newer: Standard }) {
  const scale = tierScaleOf(older, newer);
  const moves = tierMoveCounts(impact.moves);
  return (
    <div className="impact-strip__result" data-testid="impact-result">
      <span className="impact-stat impact-stat--up" data-testid="impact-up" data-count={impact.up}>
        <Icon name="arrowUp" size={14} /> <strong>{impact.up}</strong> up
      </span>
      <span className="impact-stat impact-stat--down" data-testid="impact-down" data-count={impact.down}>
        <Icon name="arrowDown" size={14} /> <strong>{impact.down}</strong> down
      </span>
      <span className="impact-stat" data-testid="impact-same" data-count={impact.same}>
        <strong>{impact.same}</strong> stay
      </span>
      <span className="impact-strip__note">
        of {impact.applicants} applicants{impact.synthetic ? ' (synthetic responses)' : ''}
        {impact.ranged > 0 ? ` · ${impact.ranged} with unassessed criteria, compared at their low end` : ''}
      </span>
      {moves.length > 0 && (
        <details className="impact-strip__moves">
          <summary>Who moves</summary>
          <ul>
            {moves.map((move) => (
              <li key={JSON.stringify([move.before, move.after])}>
                {outcomeName(scale, move.before)} → {outcomeName(scale, move.after)}:{' '}
                <strong>{move.count}</strong>
              </li>
            ))}
          </ul>
          <p className="muted small">{impact.moves.map((move) => move.name).join(', ')}</p>
        </details>
      )}
    </div>
  );
}
