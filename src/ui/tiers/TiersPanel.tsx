import { useLayoutEffect, useRef, useState } from 'react';
import { addTier, deleteTier, moveKeyed, setCodeList, setPlainField } from '../../collab/draft-edits.ts';
import { TIER, draftHasParts } from '../../collab/draft-layout.ts';
import { codesOf, textOf, tierView } from '../../collab/record-views.ts';
import { readTier } from '../../collab/doc-to-standard.ts';
import { orderedEntries } from '../../collab/order-keys.ts';
import { tierOrderProblems } from '../../core/validate-standard.ts';
import { Icon } from '../kit/Icon.tsx';
import { useCriterionOptions } from '../criterion/PrerequisitesField.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CodePicker } from '../fields/CodePicker.tsx';
import { CollabText } from '../fields/CollabText.tsx';
import { CommitField } from '../fields/CommitField.tsx';
import { NumberField } from '../fields/NumberField.tsx';
import { spreadLabels } from '../impact/label-spread.ts';
import { tierFocusId } from '../validation/problem-location.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Tier rules (F4), lowest tier first: the minimum score, whether every core criterion is required,
 * criteria every applicant at this tier must meet, and how many parts must be covered. Each tier
 * must be at least as strict as the one below; the validation panel says when one is not.
 */
export default function TiersPanel() {
  const { session, roots, readOnly, focusField } = useEditorContext();
  useYVersion(roots.tiers);
  useYVersion(roots.meta, false);
  const tiers = orderedEntries(roots.tiers);
  const options = useCriterionOptions();
  const hasParts = draftHasParts(roots);
  // A minimum score below the tier under it is well-formed but wrong: the field says so, not only the
  // validation panel (the same rule, from core, so the two never disagree).
  const scoreProblems = new Map(
    tierOrderProblems(tiers.map(({ entry }) => readTier(entry)))
      .filter((problem) => problem.path.endsWith('.minPercent'))
      .map((problem) => [Number(problem.path.split('.')[1]), problem.message]),
  );

  return (
    <div className="tiers-panel" data-testid="tiers-panel">
      <header className="panel-header">
        <h2 className="panel-header__title">Tiers</h2>
        <p className="panel-header__lead">
          From the lowest tier to the highest. An applicant gets the highest tier whose rules all hold.
        </p>
      </header>

      <ThresholdLadder
        tiers={tiers.map(({ key, entry }, index) => ({
          key,
          name: textOf(tierView(entry).name),
          minPercent: tierView(entry).minPercent,
          outOfOrder: scoreProblems.has(index),
        }))}
      />

      <ol className="tier-list">
        {tiers.map(({ key, entry }, index) => {
          const tier = tierView(entry);
          const id = tier.id ?? '';
          const name = tier.name;
          const nameText = name?.toJSON() || id;
          const requireCore = tier.requireCore ?? false;
          const previous = tiers[index - 1];
          const next = tiers[index + 1];
          const scoreProblem = scoreProblems.get(index);
          const scoreProblemId = `tier-${key}-min-percent-problem`;
          return (
            <li key={key} className="tier-card" data-testid="tier" data-tier-id={id}>
              <div className="tier-card__header">
                <span className="tier-card__rank" aria-hidden="true">
                  {index + 1}
                </span>
                {name && (
                  <CollabText
                    text={name}
                    className="input tier-card__name"
                    aria-label={`Name of tier ${index + 1}`}
                    focusId={tierFocusId(key, 'name')}
                  />
                )}
                <CommitField
                  value={id}
                  readOnly={readOnly}
                  className="input--code input--small"
                  aria-label={`Id of tier ${index + 1}`}
                  focusId={tierFocusId(key, 'id')}
                  size={10}
                  commit={(nextId) => {
                    if (!SLUG.test(nextId)) return 'Use lower-case words joined by "-", e.g. gold';
                    setPlainField(session.doc, entry, TIER.id, nextId, session.localOrigin);
                    return undefined;
                  }}
                />
                {!readOnly && (
                  <span className="tier-card__actions">
                    <button
                      type="button"
                      className="icon-button icon-button--small"
                      aria-label="Move tier down the ladder"
                      title="Move lower"
                      disabled={!previous}
                      onClick={() =>
                        previous &&
                        moveKeyed(
                          session.doc,
                          roots.tiers,
                          key,
                          { before: previous.key },
                          session.localOrigin,
                        )
                      }
                    >
                      <Icon name="arrowUp" size={14} />
                    </button>
                    <button
                      type="button"
                      className="icon-button icon-button--small"
                      aria-label="Move tier up the ladder"
                      title="Move higher"
                      disabled={!next}
                      onClick={() =>
                        next &&
                        moveKeyed(session.doc, roots.tiers, key, { after: next.key }, session.localOrigin)
                      }
                    >
                      <Icon name="arrowDown" size={14} />
                    </button>
                    <button
                      type="button"
                      className="icon-button icon-button--small icon-button--danger"
                      aria-label={`Delete tier ${nameText}`}
                      title="Delete tier"
                      onClick={() => deleteTier(session.doc, key, session.localOrigin)}
                    >
                      <Icon name="trash" size={14} />
                    </button>
                  </span>
                )}
              </div>
              <div className="tier-card__rules">
                <label className="fact">
                  <span className="fact__label">Minimum score</span>
                  <NumberField
                    map={entry}
                    field={TIER.minPercent}
                    rules={{ min: 0, max: 100, decimals: 2 }}
                    suffix="%"
                    focusId={tierFocusId(key, 'minPercent')}
                    aria-label={`Minimum score of ${nameText}`}
                    invalid={scoreProblem !== undefined}
                    aria-describedby={scoreProblem === undefined ? undefined : scoreProblemId}
                    data-testid="tier-min-percent"
                    data-tier-id={id}
                  />
                </label>
                <label className="fact fact--toggle">
                  <span className="fact__label">Core criteria</span>
                  <span className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={requireCore}
                      disabled={readOnly}
                      data-focus-id={tierFocusId(key, 'requireCore')}
                      data-testid="tier-require-core"
                      onChange={(event) =>
                        setPlainField(
                          session.doc,
                          entry,
                          TIER.requireCore,
                          event.target.checked,
                          session.localOrigin,
                        )
                      }
                    />
                    <span className="switch__track" aria-hidden="true" />
                    <span className="switch__text">{requireCore ? 'All required' : 'Not required'}</span>
                  </span>
                </label>
                <label className="fact">
                  <span className="fact__label">Parts covered</span>
                  <NumberField
                    map={entry}
                    field={TIER.minPartsCovered}
                    rules={{ integer: true, min: 0, optional: true }}
                    focusId={tierFocusId(key, 'minPartsCovered')}
                    placeholder={hasParts ? 'Any' : 'No parts'}
                    aria-label={`Parts covered for ${nameText}`}
                  />
                </label>
                <div className="fact fact--wide">
                  <span className="fact__label">Required criteria</span>
                  <CodePicker
                    label={`Criteria required for ${nameText}`}
                    value={codesOf(tier.requiredCriteria)}
                    options={options}
                    readOnly={readOnly}
                    placeholder="Require a criterion…"
                    focusId={tierFocusId(key, 'requiredCriteria')}
                    onChange={(codes) =>
                      setCodeList(session.doc, entry, TIER.requiredCriteria, codes, session.localOrigin)
                    }
                  />
                </div>
                {scoreProblem !== undefined && (
                  <p
                    className="tier-card__problem"
                    id={scoreProblemId}
                    data-testid="tier-min-percent-problem"
                    data-tier-id={id}
                  >
                    <Icon name="alert" size={14} /> Minimum score {scoreProblem}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="add-tier"
          onClick={() => {
            const key = addTier(session.doc, session.localOrigin);
            focusField(tierFocusId(key, 'name'));
          }}
        >
          <Icon name="plus" size={14} /> Add a higher tier
        </button>
      )}
    </div>
  );
}

/** The tiers' minimum scores on a 0–100% scale, to see the gaps between them at a glance. */
function ThresholdLadder({
  tiers,
}: {
  tiers: { key: string; name: string; minPercent: number | undefined; outOfOrder: boolean }[];
}) {
  const marked = tiers.flatMap((tier) =>
    tier.minPercent === undefined ? [] : [{ ...tier, at: Math.min(100, Math.max(0, tier.minPercent)) }],
  );
  const track = useRef<HTMLDivElement>(null);
  // Label left edges in px once measured: close cut-offs put their labels side by side, never on top
  // of each other (issue 13). Until then (and without layout) each label is centred on its mark.
  const [lefts, setLefts] = useState<readonly number[] | undefined>();
  const layoutKey = marked.map((tier) => `${tier.name}:${tier.at}`).join('|');
  useLayoutEffect(() => {
    const element = track.current;
    if (!element) return;
    const layout = () => {
      const width = element.clientWidth;
      const labels = [...element.querySelectorAll<HTMLElement>('.ladder__label')];
      const next = spreadLabels(
        labels.map((label, index) => ({
          center: (width * (marked[index]?.at ?? 0)) / 100,
          width: label.offsetWidth,
        })),
        { min: 0, max: width, gap: 10 },
      );
      setLefts((current) => (current?.join() === next.join() ? current : next));
    };
    layout();
    const observer = new ResizeObserver(layout);
    observer.observe(element);
    return () => observer.disconnect();
    // The labels' text and positions are all the layout depends on.
  }, [layoutKey]);

  return (
    <div className="ladder" aria-hidden="true" data-testid="threshold-ladder">
      <div className="ladder__track" ref={track}>
        {marked.map((tier, index) => (
          <span
            key={tier.key}
            className={`ladder__mark ladder__mark--${index % 4}${tier.outOfOrder ? ' ladder__mark--out-of-order' : ''}`}
            style={{ left: `${tier.at}%` }}
          />
        ))}
        {marked.map((tier, index) => {
          const left = lefts?.[index];
          return (
            <span
              key={`label-${tier.key}`}
              className={`ladder__label${tier.outOfOrder ? ' ladder__label--out-of-order' : ''}`}
              style={left === undefined ? { left: `${tier.at}%`, transform: 'translateX(-50%)' } : { left }}
            >
              {tier.name || 'Tier'} <strong>{tier.minPercent}%</strong>
            </span>
          );
        })}
      </div>
      <div className="ladder__scale">
        <span>0%</span>
        <span>50%</span>
        <span>100%</span>
      </div>
    </div>
  );
}
