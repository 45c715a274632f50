import { useEffect, useState } from 'react';
import { checkDraftContent } from '../../collab/doc-to-standard.ts';
import type { Problem } from '../../core/problems.ts';
import type { Standard } from '../../core/standard.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useBasedOnLookup } from '../draft/use-based-on.ts';
import { type DraftKeys, locateProblem, problemPlace } from './problem-location.ts';

interface CheckResult {
  readonly problems: readonly Problem[];
  readonly keys: DraftKeys;
  readonly names: { criteria: string[]; tiers: string[]; areas: string[]; parts: string[] };
}

/**
 * Live validation (C5): the draft is checked (shape and F6 rules, lineage against the `basedOn`
 * version) after every change — yours or anyone's — and each problem links to the field to fix.
 */
export default function ValidationPanel() {
  const { session, roots, selectCriterion, showPanel, focusField } = useEditorContext();
  // `null` when the draft names a version that does not exist: reported, not skipped (H6).
  const basedOn = useBasedOnLookup(roots.meta);
  const [result, setResult] = useState<CheckResult | undefined>();
  const [open, setOpen] = useState(true);

  useEffect(() => {
    const store = session.draft;
    let frame: number | undefined;
    let checked: Standard | undefined;
    const run = () => {
      frame = undefined;
      const draft = store.get();
      // The snapshot keeps its identity while the draft is unchanged: nothing new to check.
      if (draft === checked) return;
      checked = draft;
      const check = checkDraftContent(draft, basedOn);
      setResult({
        problems: check.problems,
        keys: {
          criteria: [...store.keys('criteria')],
          tiers: [...store.keys('tiers')],
          areas: [...store.keys('areas')],
          parts: [...store.keys('parts')],
        },
        names: {
          criteria: draft.criteria.map((criterion) => criterion.id),
          tiers: draft.tiers.map((tier) => tier.name || tier.id),
          areas: draft.areas.map((area) => area.name || area.id),
          parts: (draft.parts ?? []).map((part) => part.name || part.id),
        },
      });
    };
    // One check per frame, however many transactions it had: reading the draft is cheap now (the snapshot
    // re-reads only what changed), so the panel can follow typing frame by frame.
    const schedule = () => {
      frame ??= requestAnimationFrame(run);
    };
    run();
    const unsubscribe = store.subscribe(schedule);
    return () => {
      unsubscribe();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [session, basedOn]);

  if (!result) return null;
  const count = result.problems.length;

  const jump = (problem: Problem) => {
    const target = locateProblem(problem.path, result.keys);
    if (target.panel === 'outline') return;
    if (target.panel === 'criterion') selectCriterion(target.criterionKey);
    else showPanel(target.panel);
    focusField(target.focusId);
  };

  return (
    <section
      className={`problems${count > 0 ? ' problems--has' : ''}`}
      aria-label="Validation"
      data-testid="validation-panel"
      data-count={count}
    >
      <button type="button" className="problems__header" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name={count > 0 ? 'alert' : 'check'} size={14} />
        <span className="problems__title">{count > 0 ? 'Problems' : 'No problems'}</span>
        {count > 0 ? (
          <span className="count-badge count-badge--error" data-testid="problem-count">
            {count}
          </span>
        ) : (
          <span className="problems__ok">Ready to publish</span>
        )}
        <span className="problems__chevron">
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        </span>
      </button>
      {open && count > 0 && (
        <ul className="problems__list" aria-live="polite">
          {result.problems.map((problem, index) => (
            <li key={`${problem.path}:${index}`}>
              <button
                type="button"
                className="problem"
                data-testid="problem"
                data-path={problem.path}
                onClick={() => jump(problem)}
              >
                <span className="problem__place">{problemPlace(problem.path, result.names)}</span>
                <span className="problem__message">{problem.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
