import { useEffect, useState } from 'react';
import { checkDraftDoc } from '../../collab/doc-to-standard.ts';
import { orderedKeys } from '../../collab/order-keys.ts';
import type { Problem } from '../../core/problems.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useBasedOnLookup } from '../draft/use-based-on.ts';
import { type DraftKeys, locateProblem, problemPlace } from './problem-location.ts';

interface CheckResult {
  readonly problems: readonly Problem[];
  readonly keys: DraftKeys;
  readonly names: { criteria: string[]; tiers: string[]; areas: string[]; parts: string[] };
}

/** How long edits coalesce before the draft is checked again: one check per burst of typing. */
const CHECK_INTERVAL_MS = 50;

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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      timer = undefined;
      const check = checkDraftDoc(session.doc, basedOn);
      setResult({
        problems: check.problems,
        keys: {
          criteria: orderedKeys(roots.criteria),
          tiers: orderedKeys(roots.tiers),
          areas: orderedKeys(roots.areas),
          parts: orderedKeys(roots.parts),
        },
        names: {
          criteria: check.draft.criteria.map((criterion) => criterion.id),
          tiers: check.draft.tiers.map((tier) => tier.name || tier.id),
          areas: check.draft.areas.map((area) => area.name || area.id),
          parts: (check.draft.parts ?? []).map((part) => part.name || part.id),
        },
      });
    };
    const schedule = () => {
      timer ??= setTimeout(run, CHECK_INTERVAL_MS);
    };
    run();
    session.doc.on('update', schedule);
    return () => {
      session.doc.off('update', schedule);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [session, roots, basedOn]);

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
