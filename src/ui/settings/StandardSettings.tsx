import { setHasParts, setPlainField } from '../../collab/draft-edits.ts';
import { META, draftHasParts } from '../../collab/draft-layout.ts';
import { standardView } from '../../collab/record-views.ts';
import { ensureText } from '../../collab/minimal-edits.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CollabText } from '../fields/CollabText.tsx';
import { CommitField } from '../fields/CommitField.tsx';
import { FieldSection } from '../fields/FieldSection.tsx';
import { NumberField, NumberInput } from '../fields/NumberField.tsx';
import { settingsFocusId } from '../validation/problem-location.ts';
import { NamedListEditor } from './NamedListEditor.tsx';

const VERSION_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The standard as a whole: title, version label, eligibility, scoring, areas, parts, notes. */
export default function StandardSettings() {
  const { session, roots, readOnly } = useEditorContext();
  useYVersion(roots.meta, false);
  const { meta } = roots;
  const standard = standardView(roots);
  const { title, notes, eligibility } = standard;
  const hasParts = draftHasParts(roots);

  return (
    <div className="settings-panel" data-testid="settings-panel">
      <header className="panel-header">
        <h2 className="panel-header__title">Standard</h2>
        <p className="panel-header__lead">Applies to the whole draft. Changes are shared as you type.</p>
      </header>

      <FieldSection title="General">
        <div className="form-grid">
          <label className="form-row form-row--wide">
            <span className="fact__label">Title</span>
            {title && (
              <CollabText
                text={title}
                className="input"
                aria-label="Title"
                focusId={settingsFocusId('title')}
                data-testid="standard-title"
              />
            )}
          </label>
          <label className="form-row">
            <span className="fact__label">Version label</span>
            <CommitField
              value={standard.version ?? ''}
              readOnly={readOnly}
              className="input--code"
              aria-label="Version label"
              focusId={settingsFocusId('version')}
              commit={(next) => {
                if (!VERSION_LABEL.test(next)) return 'Letters, digits, ".", "_" or "-", e.g. 3.1';
                setPlainField(session.doc, meta, META.version, next, session.localOrigin);
                return undefined;
              }}
            />
          </label>
          <div className="form-row">
            <span className="fact__label">Based on</span>
            <span className="static-value">{standard.basedOn ?? 'Nothing (a first version)'}</span>
          </div>
          <div className="form-row">
            <span className="fact__label">Status</span>
            <span className="static-value">
              <span className="status-pill status-pill--draft">{standard.status ?? 'draft'}</span>
            </span>
          </div>
        </div>
      </FieldSection>

      <FieldSection title="Eligibility and scoring">
        <div className="form-grid">
          <label className="form-row">
            <span className="fact__label">Minimum population</span>
            <NumberInput
              value={eligibility?.minPopulation}
              rules={{ integer: true, min: 0 }}
              focusId={settingsFocusId('eligibility.minPopulation')}
              aria-label="Minimum population"
              data-testid="min-population"
              onCommit={(value) =>
                setPlainField(
                  session.doc,
                  meta,
                  META.eligibility,
                  { minPopulation: value ?? 0 },
                  session.localOrigin,
                )
              }
            />
          </label>
          <label className="form-row">
            <span className="fact__label">Part coverage</span>
            <NumberField
              map={meta}
              field={META.partCoveragePercent}
              rules={{ min: 0, max: 100, decimals: 2 }}
              suffix="%"
              focusId={settingsFocusId('partCoveragePercent')}
              aria-label="Part coverage percent"
            />
            <span className="form-row__hint">
              A part counts as covered when an applicant earns this share of its points.
            </span>
          </label>
        </div>
      </FieldSection>

      <FieldSection
        title="Areas"
        hint="Practice areas group the criteria in the outline and the published standard."
      >
        <NamedListEditor kind="areas" />
      </FieldSection>

      <FieldSection
        title="Parts"
        hint="Optional: parts cut across areas (e.g. Commit, Measure, Take Stock, Act); tiers can require a number of them."
        actions={
          !readOnly && (
            <label className="switch">
              <input
                type="checkbox"
                role="switch"
                checked={hasParts}
                onChange={(event) => setHasParts(session.doc, event.target.checked, session.localOrigin)}
              />
              <span className="switch__track" aria-hidden="true" />
              <span className="switch__text">This standard has parts</span>
            </label>
          )
        }
      >
        {hasParts ? <NamedListEditor kind="parts" /> : <p className="muted small">No parts.</p>}
      </FieldSection>

      <FieldSection
        title="Notes"
        hint="Provenance of the standard, in Markdown."
        actions={
          !notes && !readOnly ? (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => session.doc.transact(() => ensureText(meta, META.notes), session.localOrigin)}
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
            focusId={settingsFocusId('notes')}
          />
        ) : (
          <p className="muted small">No notes.</p>
        )}
      </FieldSection>
    </div>
  );
}
