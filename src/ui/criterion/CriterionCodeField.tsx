import { useEffect, useState } from 'react';
import type { changeCriterionCode } from '../../collab/criterion-code-change.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { CommitField } from '../fields/CommitField.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';

/**
 * The criterion's code (`DM1`). Renaming to a free code also updates prerequisites and required
 * criteria that named the old one; a code another criterion has is accepted but flagged, and the
 * validation panel lists the duplicate until one of them changes.
 */
// Loaded after the panel is on screen (it brings the schema validator), well before anyone commits a code.
let codeChange: { changeCriterionCode: typeof changeCriterionCode } | undefined;
const loadCodeChange = () =>
  import('../../collab/criterion-code-change.ts').then(
    (module) => (codeChange = module),
    // Offline before it ever loaded: the next panel that mounts tries again, and a commit says why it waits.
    () => undefined,
  );

export function CriterionCodeField({ criterionKey, code }: { criterionKey: string; code: string }) {
  const { session, readOnly } = useEditorContext();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    if (!readOnly) void loadCodeChange();
  }, [readOnly]);
  return (
    <CommitField
      value={code}
      readOnly={readOnly}
      className="input--code"
      aria-label="Code"
      data-testid="criterion-code"
      focusId={criterionFocusId('id')}
      size={Math.max(4, code.length + 1)}
      {...(notice === undefined ? {} : { notice })}
      commit={(next) => {
        if (!codeChange) {
          void loadCodeChange();
          return navigator.onLine
            ? 'Still loading; try again in a moment'
            : 'This could not load while offline; try again when the network is back';
        }
        const result = codeChange.changeCriterionCode(session.doc, criterionKey, next, session.localOrigin);
        if (!result.ok) return result.message;
        if (result.duplicateOf) {
          setNotice(`${next} is also the code of “${result.duplicateOf.title}”. Codes must be unique.`);
        } else {
          setNotice(
            result.updatedReferences > 0
              ? `Updated ${result.updatedReferences} reference${result.updatedReferences === 1 ? '' : 's'} to the new code.`
              : undefined,
          );
        }
        return undefined;
      }}
    />
  );
}
