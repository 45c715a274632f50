import { useCallback } from 'react';
import type { Standard } from '../../core/standard.ts';
import { setCodeList } from '../../collab/draft-edits.ts';
import { CRITERION, type Entry } from '../../collab/draft-layout.ts';
import { codesOf, criterionView } from '../../collab/record-views.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import type { DraftStore } from '../draft/draft-store.ts';
import { useDraftSelection } from '../draft/use-draft.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CodePicker } from '../fields/CodePicker.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';

interface CriterionOption {
  readonly code: string;
  readonly label: string;
}

const sameOptions = (a: readonly CriterionOption[], b: readonly CriterionOption[]) =>
  a.length === b.length &&
  a.every((option, index) => option.code === b[index]?.code && option.label === b[index]?.label);

/**
 * The other criteria of the draft as picker options: code and title, in draft order. Read from the session's
 * draft snapshot and kept while codes and titles stay the same, so typing in a statement does not render
 * the pickers again.
 */
export function useCriterionOptions(exceptKey?: string): readonly CriterionOption[] {
  const { session } = useEditorContext();
  const select = useCallback(
    (draft: Standard, store: DraftStore) => {
      const keys = store.keys('criteria');
      return draft.criteria
        .filter((_criterion, index) => keys[index] !== exceptKey)
        .map((criterion) => ({ code: criterion.id, label: criterion.title }))
        .filter((option) => option.code !== '');
    },
    [exceptKey],
  );
  return useDraftSelection(session.draft, select, sameOptions);
}

export function PrerequisitesField({ entry, criterionKey }: { entry: Entry; criterionKey: string }) {
  const { session, readOnly } = useEditorContext();
  const prerequisites = criterionView(entry).prerequisites;
  useYVersion(prerequisites);
  const options = useCriterionOptions(criterionKey);
  const value = codesOf(prerequisites);
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
