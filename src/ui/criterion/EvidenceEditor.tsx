import * as Y from 'yjs';
import { addEvidence, removeEvidence, setEvidenceEnabled } from '../../collab/draft-edits.ts';
import type { Entry } from '../../collab/draft-layout.ts';
import { criterionView } from '../../collab/record-views.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CollabText } from '../fields/CollabText.tsx';
import { FieldSection } from '../fields/FieldSection.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';

/** The documents an applicant must provide (F3 `evidence`), one shared text per line. */
export function EvidenceEditor({ entry }: { entry: Entry }) {
  const { session, readOnly, focusField } = useEditorContext();
  const evidence = criterionView(entry).evidence;
  useYVersion(evidence, false);
  const lines = evidence?.toArray() ?? [];

  return (
    <FieldSection
      title="Evidence"
      hint="Documents an applicant submits for this criterion."
      testId="evidence-section"
      actions={
        !readOnly && !evidence ? (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => {
              setEvidenceEnabled(session.doc, entry, true, session.localOrigin);
              focusField(`${criterionFocusId('evidence')}.0`);
            }}
          >
            <Icon name="plus" size={14} /> Add evidence
          </button>
        ) : undefined
      }
    >
      {evidence ? (
        <div data-focus-id={criterionFocusId('evidence')}>
          <ul className="evidence">
            {lines.map((line, index) =>
              line instanceof Y.Text ? (
                // Position is the identity of a line: a Y.Array has no stable keys of its own.
                <li key={index} className="evidence__line" data-testid="evidence-line">
                  <span className="evidence__bullet" aria-hidden="true" />
                  <CollabText
                    text={line}
                    className="input"
                    aria-label={`Evidence ${index + 1}`}
                    placeholder="e.g. The published data inventory"
                    focusId={`${criterionFocusId('evidence')}.${index}`}
                  />
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button icon-button--small icon-button--danger"
                      aria-label={`Remove evidence ${index + 1}`}
                      title="Remove"
                      onClick={() => removeEvidence(session.doc, entry, index, session.localOrigin)}
                    >
                      <Icon name="x" size={14} />
                    </button>
                  )}
                </li>
              ) : null,
            )}
          </ul>
          {!readOnly && (
            <div className="row-actions">
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => {
                  addEvidence(session.doc, entry, session.localOrigin);
                  focusField(`${criterionFocusId('evidence')}.${lines.length}`);
                }}
              >
                <Icon name="plus" size={14} /> Add a document
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => setEvidenceEnabled(session.doc, entry, false, session.localOrigin)}
              >
                Remove list
              </button>
            </div>
          )}
        </div>
      ) : (
        <p className="muted small">No evidence required.</p>
      )}
    </FieldSection>
  );
}
