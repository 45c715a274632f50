import { useId, useMemo } from 'react';
import { deleteCriterion, setPlainField } from '../../collab/draft-edits.ts';
import { CRITERION, type Entry, draftHasParts } from '../../collab/draft-layout.ts';
import { criterionView, namedView, standardView, textOf } from '../../collab/record-views.ts';
import { ensureFragment, ensureText } from '../../collab/minimal-edits.ts';
import { orderedEntries, orderedKeys } from '../../collab/order-keys.ts';
import { ChunkBoundary } from '../kit/ChunkBoundary.tsx';
import { Icon } from '../kit/Icon.tsx';
import { retryingLazy } from '../kit/retrying-lazy.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CollabText } from '../fields/CollabText.tsx';
import { FieldSection } from '../fields/FieldSection.tsx';
import { NumberField } from '../fields/NumberField.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';
import { ChecklistEditor } from './ChecklistEditor.tsx';
import { CriterionCodeField } from './CriterionCodeField.tsx';
import { EvidenceEditor } from './EvidenceEditor.tsx';
import { LineageEditor } from './LineageEditor.tsx';
import { PrerequisitesField } from './PrerequisitesField.tsx';

// Tiptap and ProseMirror load with the first statement shown, not with the editor shell; the code
// that writes whole criteria (statement Markdown included) loads when first used.
const StatementEditor = retryingLazy(() => import('./StatementEditor.tsx'));
const insertion = () => import('../../collab/criterion-insertion.ts');

/**
 * One criterion: code and title, area/part/points/core, the statement (rich text bound to the
 * criterion's own Y.XmlFragment), prerequisites, checklist, evidence, lineage and notes.
 */
export default function CriterionPanel({ criterionKey, entry }: { criterionKey: string; entry: Entry }) {
  const { session, roots, readOnly, selectCriterion, focusField } = useEditorContext();
  useYVersion(entry, false);
  const criterion = criterionView(entry);
  const { title, statement, intent, notes } = criterion;
  const code = criterion.id ?? '';

  const remove = () => {
    const keys = orderedKeys(roots.criteria);
    const index = keys.indexOf(criterionKey);
    deleteCriterion(session.doc, criterionKey, session.localOrigin);
    selectCriterion(keys[index + 1] ?? keys[index - 1] ?? null);
  };

  return (
    <article
      className="criterion-panel"
      data-testid="criterion-panel"
      data-key={criterionKey}
      data-code={code}
    >
      <header className="criterion-panel__header">
        <div className="criterion-panel__identity">
          <CriterionCodeField criterionKey={criterionKey} code={code} />
          {!readOnly && (
            <div className="criterion-panel__actions">
              <button
                type="button"
                className="button button--ghost button--small"
                data-testid="criterion-duplicate"
                onClick={() =>
                  void insertion().then(({ duplicateCriterion }) => {
                    const copy = duplicateCriterion(session.doc, criterionKey, session.localOrigin);
                    if (copy) {
                      selectCriterion(copy);
                      focusField(criterionFocusId('title'));
                    }
                  })
                }
              >
                <Icon name="copy" size={14} /> Duplicate
              </button>
              <button
                type="button"
                className="button button--ghost button--small button--danger"
                data-testid="criterion-delete"
                onClick={remove}
              >
                <Icon name="trash" size={14} /> Delete
              </button>
            </div>
          )}
        </div>
        {title ? (
          <CollabText
            text={title}
            className="criterion-panel__title"
            placeholder="Criterion title"
            aria-label="Title"
            data-testid="criterion-title"
            focusId={criterionFocusId('title')}
          />
        ) : (
          <p className="muted">This criterion has no title field.</p>
        )}
        <CriterionFacts entry={entry} />
      </header>

      <FieldSection title="Statement" hint="What an applicant must show. Shared live with everyone editing.">
        <div className="statement" data-focus-id={criterionFocusId('statement')}>
          {statement ? (
            <ChunkBoundary
              fallback={<div className="statement-editor statement-editor--loading">Loading editor…</div>}
            >
              <StatementEditor fragment={statement} />
            </ChunkBoundary>
          ) : (
            <p className="muted">This criterion has no statement field.</p>
          )}
        </div>
      </FieldSection>

      <FieldSection
        title="Intent"
        hint="Why the criterion exists and how assessors read it. Rich text; published with the version."
        actions={
          !intent && !readOnly ? (
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="intent-add"
              onClick={() => {
                session.doc.transact(() => ensureFragment(entry, CRITERION.intent), session.localOrigin);
                focusField(criterionFocusId('intent'));
              }}
            >
              <Icon name="plus" size={14} /> Add intent
            </button>
          ) : undefined
        }
      >
        {intent ? (
          <div className="statement" data-focus-id={criterionFocusId('intent')}>
            <ChunkBoundary
              fallback={<div className="statement-editor statement-editor--loading">Loading editor…</div>}
            >
              <StatementEditor fragment={intent} label="Intent" testId="intent-editor" />
            </ChunkBoundary>
          </div>
        ) : (
          <p className="muted small">No intent.</p>
        )}
      </FieldSection>

      <FieldSection title="Prerequisites" hint="Criteria that must be met before this one can count.">
        <PrerequisitesField entry={entry} criterionKey={criterionKey} />
      </FieldSection>

      <ChecklistEditor entry={entry} />
      <EvidenceEditor entry={entry} />
      <LineageEditor entry={entry} />

      <FieldSection
        title="Notes"
        hint="Provenance and reasoning; published with the version."
        actions={
          !notes && !readOnly ? (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() =>
                session.doc.transact(() => ensureText(entry, CRITERION.notes), session.localOrigin)
              }
            >
              <Icon name="plus" size={14} /> Add notes
            </button>
          ) : undefined
        }
      >
        {notes ? (
          <CollabText
            text={notes}
            multiline
            className="input textarea"
            aria-label="Notes"
            focusId={criterionFocusId('notes')}
            placeholder="Why this criterion exists, where it comes from…"
          />
        ) : (
          <p className="muted small">No notes.</p>
        )}
      </FieldSection>
      <div className="criterion-panel__footer muted small">
        Key <code>{criterionKey.slice(0, 8)}</code> · {textOf(standardView(roots).title)}
      </div>
    </article>
  );
}

/** Area, part, points and core: the facts the outline shows as badges. */
function CriterionFacts({ entry }: { entry: Entry }) {
  const { session, roots, readOnly } = useEditorContext();
  const areasVersion = useYVersion(roots.areas);
  const partsVersion = useYVersion(roots.parts);
  useYVersion(roots.meta, false);
  const areas = useMemo(
    () =>
      orderedEntries(roots.areas).map(({ key, entry: area }) => ({
        key,
        id: namedView(area).id ?? '',
        name: textOf(namedView(area).name),
      })),
    [roots, areasVersion],
  );
  const parts = useMemo(
    () =>
      orderedEntries(roots.parts).map(({ key, entry: part }) => ({
        key,
        id: namedView(part).id ?? '',
        name: textOf(namedView(part).name),
      })),
    [roots, partsVersion],
  );
  const hasParts = draftHasParts(roots);
  const criterion = criterionView(entry);
  const area = criterion.area ?? '';
  const part = criterion.part;
  const core = criterion.core ?? false;
  const id = useId();
  const write = (field: string, value: unknown) =>
    setPlainField(session.doc, entry, field, value, session.localOrigin);

  return (
    <div className="facts">
      <label className="fact">
        <span className="fact__label">Area</span>
        <select
          className="select"
          value={area}
          disabled={readOnly}
          data-focus-id={criterionFocusId('area')}
          data-testid="criterion-area"
          onChange={(event) => write(CRITERION.area, event.target.value)}
        >
          {!areas.some((candidate) => candidate.id === area) && (
            <option value={area}>{area || '—'} (unknown)</option>
          )}
          {areas.map((candidate) => (
            <option key={candidate.key} value={candidate.id}>
              {candidate.name || candidate.id}
            </option>
          ))}
        </select>
      </label>
      {hasParts && (
        <label className="fact">
          <span className="fact__label">Part</span>
          <select
            className="select"
            value={part ?? ''}
            disabled={readOnly}
            data-focus-id={criterionFocusId('part')}
            onChange={(event) =>
              write(CRITERION.part, event.target.value === '' ? undefined : event.target.value)
            }
          >
            <option value="">No part</option>
            {part !== undefined && !parts.some((candidate) => candidate.id === part) && (
              <option value={part}>{part} (unknown)</option>
            )}
            {parts.map((candidate) => (
              <option key={candidate.key} value={candidate.id}>
                {candidate.name || candidate.id}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="fact">
        <span className="fact__label">Points</span>
        <NumberField
          map={entry}
          field={CRITERION.points}
          rules={{ integer: true, min: 0 }}
          focusId={criterionFocusId('points')}
          data-testid="criterion-points"
          aria-label="Points"
        />
      </label>
      <label className="fact fact--toggle" htmlFor={`core-${id}`}>
        <span className="fact__label">Core</span>
        <span className="switch">
          <input
            id={`core-${id}`}
            type="checkbox"
            role="switch"
            checked={core}
            disabled={readOnly}
            data-focus-id={criterionFocusId('core')}
            data-testid="criterion-core"
            onChange={(event) => write(CRITERION.core, event.target.checked)}
          />
          <span className="switch__track" aria-hidden="true" />
          <span className="switch__text">{core ? 'Required for core tiers' : 'Not core'}</span>
        </span>
      </label>
    </div>
  );
}
