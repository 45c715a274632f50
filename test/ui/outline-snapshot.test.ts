import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CRITERION, draftRoots, fragmentField, textField } from '../../src/collab/draft-layout.ts';
import { createDraftSnapshot } from '../../src/collab/draft-snapshot.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { outlineFromDraft, readOutline, sameOutline } from '../../src/ui/outline/outline-model.ts';
import { keyOf, smallStandard } from '../collab/draft-peers.ts';

function draftDoc() {
  const doc = new Y.Doc();
  writeStandardToDoc(doc, smallStandard());
  const snapshot = createDraftSnapshot(doc);
  const outline = () => outlineFromDraft(snapshot.current(), snapshot.keys, 'area');
  return { doc, snapshot, outline };
}

describe('the outline from the draft snapshot', () => {
  it('[C1] lists the same sections and criteria, with their entry keys, as reading the doc does', () => {
    const { doc, outline } = draftDoc();
    expect(outline()).toEqual(readOutline(draftRoots(doc), 'area'));
  });

  it('[C1] a keystroke in a statement leaves the outline equal, so it does not render again', () => {
    const { doc, outline } = draftDoc();
    const before = outline();
    const statement = fragmentField(
      draftRoots(doc).criteria.get(keyOf(doc, 'OD2')) ?? new Y.Map(),
      CRITERION.statement,
    );
    const text = statement?.createTreeWalker((node) => node instanceof Y.XmlText).next().value as Y.XmlText;
    text.insert(0, 'x');
    expect(sameOutline(before, outline())).toBe(true);
  });

  it('[C1] a keystroke in a title changes the outline', () => {
    const { doc, outline } = draftDoc();
    const before = outline();
    textField(draftRoots(doc).criteria.get(keyOf(doc, 'OD2')) ?? new Y.Map(), CRITERION.title)?.insert(
      0,
      'x',
    );
    const after = outline();
    expect(sameOutline(before, after)).toBe(false);
    expect(after.criteria[1]?.title).toBe('xCriterion OD2');
  });
});
