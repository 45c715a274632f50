import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renameCriterionCode } from '../../src/collab/criterion-code-rename.ts';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CRITERION, draftRoots } from '../../src/collab/draft-layout.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { keyOf, smallStandard } from './draft-peers.ts';

function draftDoc(): Y.Doc {
  const doc = new Y.Doc();
  const standard = smallStandard();
  writeStandardToDoc(doc, {
    ...standard,
    basedOn: '1.0',
    criteria: standard.criteria.map((criterion) =>
      criterion.id === 'EV2'
        ? { ...criterion, lineage: { from: ['OD1'], relation: 'split' as const } }
        : criterion,
    ),
  });
  return doc;
}

describe('renaming a criterion code', () => {
  it('[C1] rename updates references: prerequisites and tier requirements, in the same transaction', () => {
    const doc = draftDoc();
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));

    const renamed = renameCriterionCode(doc, keyOf(doc, 'OD1'), 'OD01', 'me');

    expect(renamed).toEqual({ ok: true, value: { from: 'OD1', to: 'OD01', updatedReferences: 3 } });
    expect(origins).toEqual(['me']);
    const draft = readDraftFromDoc(doc);
    expect(draft.criteria.map((criterion) => [criterion.id, criterion.prerequisites])).toEqual([
      ['OD01', []],
      ['OD2', ['OD01']],
      ['EV1', []],
      ['EV2', ['OD01', 'EV1']],
    ]);
    expect(draft.tiers.find((tier) => tier.id === 'gold')?.requiredCriteria).toEqual(['OD01']);
    expect(validateStandard(draft)).toEqual([]);
  });

  it('[C1] lineage keeps naming the code in the version the draft is based on', () => {
    const doc = draftDoc();
    renameCriterionCode(doc, keyOf(doc, 'OD1'), 'OD01');
    expect(readDraftFromDoc(doc).criteria.find((criterion) => criterion.id === 'EV2')?.lineage).toEqual({
      from: ['OD1'],
      relation: 'split',
    });
  });

  it('[C3] one undo restores the code and every reference', () => {
    const doc = draftDoc();
    const undo = new Y.UndoManager(Object.values(draftRoots(doc)), { trackedOrigins: new Set(['me']) });
    const before = readDraftFromDoc(doc);
    renameCriterionCode(doc, keyOf(doc, 'OD1'), 'OD01', 'me');
    undo.undo();
    expect(readDraftFromDoc(doc)).toEqual(before);
  });

  it('[C5] a code another criterion has, or an invalid one, is refused and nothing is written', () => {
    const doc = draftDoc();
    const before = Y.encodeStateVector(doc);
    expect(renameCriterionCode(doc, keyOf(doc, 'OD2'), 'OD1')).toEqual({
      ok: false,
      problems: [{ path: 'id', message: 'OD1 is already the code of another criterion; pick another code' }],
    });
    expect(renameCriterionCode(doc, keyOf(doc, 'OD2'), 'OD 2')).toMatchObject({
      ok: false,
      problems: [{ path: 'id' }],
    });
    expect(renameCriterionCode(doc, 'no-such-key', 'OD9')).toMatchObject({ ok: false });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('[C5] while another criterion still has the old code, references stay with it', () => {
    const doc = draftDoc();
    const od2 = keyOf(doc, 'OD2');
    // A concurrent edit left two criteria coded OD1.
    draftRoots(doc).criteria.get(od2)?.set(CRITERION.id, 'OD1');
    const renamed = renameCriterionCode(doc, od2, 'OD2');
    expect(renamed).toEqual({ ok: true, value: { from: 'OD1', to: 'OD2', updatedReferences: 0 } });
    expect(readDraftFromDoc(doc).criteria.find((criterion) => criterion.id === 'OD2')?.prerequisites).toEqual(
      ['OD1'],
    );
  });
});
