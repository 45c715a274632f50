import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renameCriterionCode } from '../../src/collab/criterion-code-rename.ts';
import { draftRoots } from '../../src/collab/draft-layout.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { parseRoute } from '../../src/ui/shell/routes.ts';
import {
  criterionCode,
  editorSearch,
  parseEditorSearch,
  resolveCriterion,
} from '../../src/ui/draft/editor-url.ts';
import { keyOf, smallStandard } from '../collab/draft-peers.ts';

describe("the editor's place in the URL (C4 links)", () => {
  it('[C4] criterion and tab round-trip through the query string; anything unknown reads as the criterion panel', () => {
    for (const state of [
      { panel: 'criterion', code: 'DM3' },
      { panel: 'tiers', code: 'DM3' },
      { panel: 'settings', code: null },
      { panel: 'criterion', code: null },
      { panel: 'criterion', code: 'A & B/1?' },
    ] as const)
      expect(parseEditorSearch(editorSearch(state))).toEqual(state);
    expect(editorSearch({ panel: 'criterion', code: 'DM3' })).toBe('?criterion=DM3');
    expect(parseEditorSearch('?tab=nonsense&criterion=%20')).toEqual({ panel: 'criterion', code: null });
    // The path still names the draft: the query is not part of it.
    expect(parseRoute('/drafts/what-works-cities-draft')).toEqual({
      name: 'draft',
      draftId: 'what-works-cities-draft',
    });
  });

  it('[C4] a code resolves to its criterion; a renamed, deleted or unknown one falls back gracefully', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    const { criteria } = draftRoots(doc);
    const [first, second] = [...criteria.keys()].map((key) => criterionCode(criteria, key));
    if (!first || !second) throw new Error('the small standard has two criteria');
    const secondKey = keyOf(doc, second);
    const firstKey = keyOf(doc, first);
    expect(resolveCriterion(criteria, second, null)).toBe(secondKey);
    // Unknown code, nothing open yet: the first criterion in order.
    const inOrder = resolveCriterion(criteria, 'NOPE9', null);
    expect([firstKey, secondKey]).toContain(inOrder);
    // Renamed while open: the URL's old code no longer exists, the open criterion stays.
    renameCriterionCode(doc, secondKey, 'ZZ9', 'test');
    expect(resolveCriterion(criteria, second, secondKey)).toBe(secondKey);
    expect(criterionCode(criteria, secondKey)).toBe('ZZ9');
    // Deleted while open: the first criterion.
    criteria.delete(secondKey);
    expect(resolveCriterion(criteria, 'ZZ9', secondKey)).toBe(firstKey);
  });
});
