import { useMemo } from 'react';
import { setCodeList } from '../../collab/draft-edits.ts';
import {
  CRITERION,
  type Entry,
  arrayField,
  stringField,
  stringsValue,
  textValue,
} from '../../collab/draft-layout.ts';
import { orderedEntries } from '../../collab/order-keys.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CodePicker } from '../fields/CodePicker.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';

/** The other criteria of the draft as picker options: code and title, in draft order. */
export function useCriterionOptions(exceptKey?: string) {
  const { roots } = useEditorContext();
  const version = useYVersion(roots.criteria);
  return useMemo(
    () =>
      orderedEntries(roots.criteria)
        .filter(({ key }) => key !== exceptKey)
        .map(({ entry }) => ({
          code: stringField(entry, CRITERION.id) ?? '',
          label: textValue(entry, CRITERION.title) ?? '',
        }))
        .filter((option) => option.code !== ''),
    // `version` says when the criteria changed.
    [roots, exceptKey, version],
  );
}

export function PrerequisitesField({ entry, criterionKey }: { entry: Entry; criterionKey: string }) {
  const { session, readOnly } = useEditorContext();
  useYVersion(arrayField(entry, CRITERION.prerequisites));
  const options = useCriterionOptions(criterionKey);
  const value = stringsValue(entry, CRITERION.prerequisites) ?? [];
  return (
    <CodePicker
      label="Prerequisites"
      value={value}
      options={options}
      readOnly={readOnly}
      placeholder="Add a prerequisite…"
      focusId={criterionFocusId('prerequisites')}
      testId="criterion-prerequisites"
      onChange={(next) => setCodeList(session.doc, entry, CRITERION.prerequisites, next, session.localOrigin)}
    />
  );
}
