import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeCriterionCode } from '../../src/collab/criterion-code-change.ts';
import {
  addCriterion,
  duplicateCriterion,
  suggestCriterionCode,
} from '../../src/collab/criterion-insertion.ts';
import { checkDraftDoc, readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import {
  addChecklistItem,
  addEvidence,
  addNamed,
  addTier,
  deleteCriterion,
  moveCriterion,
  removeChecklistItem,
  removeEvidence,
  renameNamedId,
  setChecklistEnabled,
  setEvidenceEnabled,
  setHasParts,
  setLineage,
} from '../../src/collab/draft-edits.ts';
import { draftRoots } from '../../src/collab/draft-layout.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { codes, keyOf, smallStandard } from './draft-peers.ts';

const LOCAL = { source: 'test' };

function draftDoc(basedOn: string | null = null): Y.Doc {
  const doc = new Y.Doc();
  writeStandardToDoc(doc, { ...smallStandard(), basedOn });
  return doc;
}

describe('structured edits of a draft', () => {
  it('[C1] suggests the next free code of an area', () => {
    expect(suggestCriterionCode(['DM1', 'DM2', 'DM4'], new Set(['DM1', 'DM2', 'DM4']))).toBe('DM5');
    expect(suggestCriterionCode(['DM1'], new Set(['DM1', 'DM2']))).toBe('DM3');
    expect(suggestCriterionCode([], new Set(['C1']), 'C')).toBe('C2');
    expect(suggestCriterionCode(['RDC1', 'OD1', 'RDC2'], new Set(['RDC1', 'OD1', 'RDC2']))).toBe('RDC3');
  });

  it('[C1] adds a criterion with a fresh code where asked; the draft stays valid', () => {
    const doc = draftDoc();
    const key = addCriterion(doc, { area: 'open-data', placement: { after: keyOf(doc, 'OD2') } }, LOCAL);
    expect(codes(doc)).toEqual(['OD1', 'OD2', 'OD3', 'EV1', 'EV2']);
    expect(draftRoots(doc).criteria.get(key)?.get('id')).toBe('OD3');
    expect(checkDraftDoc(doc).problems).toEqual([]);
  });

  it('[C1] duplicates a criterion with its statement and checklist, as new in lineage', () => {
    const doc = draftDoc('1.0');
    setLineage(
      doc,
      draftRoots(doc).criteria.get(keyOf(doc, 'EV1')) as Y.Map<unknown>,
      { relation: 'same', from: ['EV1'] },
      LOCAL,
    );
    const copyKey = duplicateCriterion(doc, keyOf(doc, 'EV1'), LOCAL);
    const draft = readDraftFromDoc(doc);
    expect(draft.criteria.map((criterion) => criterion.id)).toEqual(['OD1', 'OD2', 'EV1', 'EV3', 'EV2']);
    const copy = draft.criteria[3];
    expect(copy).toMatchObject({
      title: 'Criterion EV1 (copy)',
      statement: 'The city does **EV1**.',
      checklist: draft.criteria[2]?.checklist,
      lineage: { from: [], relation: 'new' },
    });
    expect(
      draftRoots(doc)
        .criteria.get(copyKey ?? '')
        ?.get('id'),
    ).toBe('EV3');
    expect(duplicateCriterion(doc, 'no-such-key', LOCAL)).toBeUndefined();
  });

  it('[C5] a taken code is written and reported as a duplicate; a free one renames references', () => {
    const doc = draftDoc();
    const od2 = keyOf(doc, 'OD2');
    expect(changeCriterionCode(doc, od2, 'not a code', LOCAL)).toMatchObject({ ok: false });
    const duplicate = changeCriterionCode(doc, od2, 'OD1', LOCAL);
    expect(duplicate).toMatchObject({ ok: true, duplicateOf: { title: 'Criterion OD1' } });
    expect(checkDraftDoc(doc).problems.map((problem) => problem.path)).toContain('criteria.1.id');
    const od1 = keysOf(doc, 'OD1').find((key) => key !== od2) ?? '';
    expect(changeCriterionCode(doc, od1, 'OD9', LOCAL)).toMatchObject({ ok: true });
    // OD1 was still used by the duplicate, so references stayed: EV2 still requires "OD1" (now OD2's old entry).
    expect(readDraftFromDoc(doc).criteria.find((c) => c.id === 'EV2')?.prerequisites).toEqual(['OD1', 'EV1']);
    expect(changeCriterionCode(doc, keyOf(doc, 'EV1'), 'EV10', LOCAL)).toEqual({
      ok: true,
      updatedReferences: 1,
    });
    expect(readDraftFromDoc(doc).criteria.find((c) => c.id === 'EV2')?.prerequisites).toEqual([
      'OD1',
      'EV10',
    ]);
  });

  it('[C1] moves across areas, deletes, and keeps areas, parts and their references in step', () => {
    const doc = draftDoc();
    moveCriterion(doc, keyOf(doc, 'EV2'), { before: keyOf(doc, 'OD1') }, { area: 'open-data' }, LOCAL);
    expect(readDraftFromDoc(doc).criteria.slice(0, 1)).toMatchObject([{ id: 'EV2', area: 'open-data' }]);
    const areaKey = addNamed(doc, 'areas', 'Open Data', LOCAL);
    expect(draftRoots(doc).areas.get(areaKey)?.get('id')).toBe('open-data-2');
    const openData =
      [...draftRoots(doc).areas.entries()].find(([, entry]) => entry.get('id') === 'open-data')?.[0] ?? '';
    renameNamedId(doc, 'areas', openData, 'data-openness', LOCAL);
    expect(
      readDraftFromDoc(doc)
        .criteria.filter((c) => c.area === 'data-openness')
        .map((c) => c.id),
    ).toEqual(['EV2', 'OD1', 'OD2']);
    deleteCriterion(doc, keyOf(doc, 'OD1'), LOCAL);
    expect(checkDraftDoc(doc).problems.map((problem) => problem.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('unknown criterion "OD1"')]),
    );
    setHasParts(doc, true, LOCAL);
    addNamed(doc, 'parts', 'Commit', LOCAL);
    expect(readDraftFromDoc(doc).parts).toEqual([{ id: 'commit', name: 'Commit' }]);
    setHasParts(doc, false, LOCAL);
    expect(readDraftFromDoc(doc).parts).toBeUndefined();
  });

  it('[F3] checklists, evidence and lineage are added, edited and removed', () => {
    const doc = draftDoc();
    const od1 = draftRoots(doc).criteria.get(keyOf(doc, 'OD1')) as Y.Map<unknown>;
    setChecklistEnabled(doc, od1, true, LOCAL);
    const second = addChecklistItem(doc, od1, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.checklist).toEqual({
      items: [
        { id: 'item-1', text: '' },
        { id: 'item-2', text: '' },
      ],
      minMet: 1,
    });
    removeChecklistItem(doc, od1, second, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.checklist?.items).toHaveLength(1);
    setChecklistEnabled(doc, od1, false, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.checklist).toBeUndefined();
    setEvidenceEnabled(doc, od1, true, LOCAL);
    addEvidence(doc, od1, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.evidence).toEqual(['', '']);
    removeEvidence(doc, od1, 0, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.evidence).toEqual(['']);
    setEvidenceEnabled(doc, od1, false, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.evidence).toBeUndefined();
    setLineage(doc, od1, { relation: 'merged', from: ['A', 'B'] }, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.lineage).toEqual({ from: ['A', 'B'], relation: 'merged' });
    setLineage(doc, od1, undefined, LOCAL);
    expect(readDraftFromDoc(doc).criteria[0]?.lineage).toBeUndefined();
  });

  it('[F4] a new tier sits above the top one and keeps the ladder valid', () => {
    const doc = draftDoc();
    addTier(doc, LOCAL);
    const tiers = readDraftFromDoc(doc).tiers;
    expect(tiers.map((tier) => [tier.id, tier.minPercent, tier.requiredCriteria])).toEqual([
      ['silver', 50, []],
      ['gold', 75, ['OD1']],
      ['tier', 80, ['OD1']],
    ]);
    expect(checkDraftDoc(doc).problems).toEqual([]);
  });
});

function keysOf(doc: Y.Doc, code: string): string[] {
  return [...draftRoots(doc).criteria.entries()]
    .filter(([, entry]) => entry.get('id') === code)
    .map(([key]) => key);
}
