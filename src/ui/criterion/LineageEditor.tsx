import { useMemo } from 'react';
import { setLineage } from '../../collab/draft-edits.ts';
import type { Entry } from '../../collab/draft-layout.ts';
import { codesOf, criterionView, lineageView, standardView } from '../../collab/record-views.ts';
import type { LineageRelation } from '../../core/standard.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CodePicker } from '../fields/CodePicker.tsx';
import { FieldSection } from '../fields/FieldSection.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';

// The relations of the file format (F3), restated so this panel does not load the schema validator;
// `Record<LineageRelation, …>` below fails to compile if the format gains or loses one.
const RELATION_HINTS: Record<LineageRelation, string> = {
  same: 'Unchanged from one criterion of the earlier version',
  reworded: 'Same intent as one earlier criterion, new wording',
  split: 'One of several criteria an earlier criterion was split into',
  merged: 'Combines two or more earlier criteria',
  new: 'Did not exist in the earlier version',
};

/**
 * Where a criterion comes from in the version this draft is based on (F3 `lineage`): the relation
 * and its source criteria, picked from that version. Past applicants' answers are carried through
 * it when the draft is re-scored (L1–L4).
 */
export function LineageEditor({ entry }: { entry: Entry }) {
  const { session, roots, readOnly, basedOn } = useEditorContext();
  const lineage = criterionView(entry).lineage;
  useYVersion(lineage);
  useYVersion(roots.meta, false);
  const basedOnLabel = standardView(roots).basedOn;
  const relation = lineage ? (lineageView(lineage).relation ?? '') : '';
  const from = lineage ? codesOf(lineageView(lineage).from) : [];
  const options = useMemo(
    () => (basedOn?.criteria ?? []).map((criterion) => ({ code: criterion.id, label: criterion.title })),
    [basedOn],
  );
  const write = (next: { relation: string; from: readonly string[] } | undefined) =>
    setLineage(session.doc, entry, next, session.localOrigin);

  return (
    <FieldSection
      title="Lineage"
      hint={
        basedOnLabel
          ? `How this criterion relates to version ${basedOnLabel}.`
          : 'This draft is not based on an earlier version.'
      }
      testId="lineage-section"
    >
      <div className="lineage">
        <label className="fact">
          <span className="fact__label">Relation</span>
          <select
            className="select"
            value={relation}
            disabled={readOnly}
            data-focus-id={criterionFocusId('lineage.relation')}
            data-testid="lineage-relation"
            onChange={(event) => {
              const next = event.target.value;
              if (next === '') write(undefined);
              else write({ relation: next, from: next === 'new' ? [] : from });
            }}
          >
            <option value="">No lineage</option>
            {(Object.keys(RELATION_HINTS) as LineageRelation[]).map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        {relation in RELATION_HINTS && (
          <p className="lineage__hint muted small">{RELATION_HINTS[relation as LineageRelation]}</p>
        )}
        {lineage && relation !== 'new' && (
          <div className="lineage__sources" data-focus-id={criterionFocusId('lineage')}>
            <span className="fact__label">Sources in {basedOnLabel ?? 'the earlier version'}</span>
            <CodePicker
              label={`Source criteria in ${basedOnLabel ?? 'the earlier version'}`}
              value={from}
              options={options}
              readOnly={readOnly}
              placeholder={basedOn ? 'Add a source criterion…' : 'Loading the earlier version…'}
              focusId={criterionFocusId('lineage.from')}
              testId="lineage-from"
              onChange={(next) => write({ relation, from: next })}
            />
          </div>
        )}
      </div>
    </FieldSection>
  );
}
