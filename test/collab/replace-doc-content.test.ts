import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CRITERION, draftRoots, fragmentField, textField } from '../../src/collab/draft-layout.ts';
import { replaceDocContent, writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import type { Standard } from '../../src/core/standard.ts';
import { codes, keyOf, smallStandard } from './draft-peers.ts';

/** The fixture as a later version: OD2 reworded, EV1 dropped, EV3 added, EV2 moved first. */
function restoredVersion(): Standard {
  const base = smallStandard();
  const byId = new Map(base.criteria.map((criterion) => [criterion.id, criterion]));
  const od1 = byId.get('OD1');
  const od2 = byId.get('OD2');
  const ev2 = byId.get('EV2');
  if (!od1 || !od2 || !ev2) throw new Error('fixture criteria');
  return {
    ...base,
    title: 'Civic Data Standard (restored)',
    criteria: [
      { ...ev2, prerequisites: ['OD1'], evidence: ['The evaluation report', 'Board minutes'] },
      od1,
      {
        ...od2,
        title: 'Criterion OD2, reworded',
        statement: 'The city does **OD2** and more.',
        checklist: { items: [{ id: 'x', text: 'X is done.' }], minMet: 1 },
      },
      {
        ...od1,
        id: 'EV3',
        title: 'New evaluation',
        statement: '- one\n- two',
        area: 'evaluation',
        core: false,
      },
    ],
    tiers: base.tiers.map((tier) =>
      tier.id === 'gold' ? { ...tier, requiredCriteria: ['OD1', 'EV3'] } : tier,
    ),
  };
}

function draftDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeStandardToDoc(doc, smallStandard());
  return doc;
}

describe('restoring a draft to a version (replaceDocContent)', () => {
  it('[V2] the draft reads back as the restored version', () => {
    const doc = draftDoc();
    replaceDocContent(doc, restoredVersion());
    expect(readDraftFromDoc(doc)).toEqual(restoredVersion());
  });

  it('[V2] criteria that stay keep their entry, so open editors and carets stay put', () => {
    const doc = draftDoc();
    const od2 = keyOf(doc, 'OD2');
    const entry = draftRoots(doc).criteria.get(od2);
    const title = entry && textField(entry, CRITERION.title);
    const statement = entry && fragmentField(entry, CRITERION.statement);
    if (!title || !statement) throw new Error('OD2 has a title and a statement');
    // A collaborator's caret after "Criterion" in OD2's title.
    const caret = Y.createRelativePositionFromTypeIndex(title, 'Criterion'.length);

    replaceDocContent(doc, restoredVersion());

    expect(keyOf(doc, 'OD2')).toBe(od2);
    expect(textField(draftRoots(doc).criteria.get(od2) ?? new Y.Map(), CRITERION.title)).toBe(title);
    expect(fragmentField(draftRoots(doc).criteria.get(od2) ?? new Y.Map(), CRITERION.statement)).toBe(
      statement,
    );
    expect(title.toJSON()).toBe('Criterion OD2, reworded');
    expect(Y.createAbsolutePositionFromRelativePosition(caret, doc)?.index).toBe('Criterion'.length);
  });

  it('[V2] criteria missing from the version are deleted, new ones added, order follows the version', () => {
    const doc = draftDoc();
    const ev1 = keyOf(doc, 'EV1');
    replaceDocContent(doc, restoredVersion());
    expect(draftRoots(doc).criteria.has(ev1)).toBe(false);
    expect(codes(doc)).toEqual(['EV2', 'OD1', 'OD2', 'EV3']);
  });

  it('[V2] a restore is one transaction with the caller’s origin, undone in one step by that user only', () => {
    const doc = draftDoc();
    const restorer = { user: 'chair' };
    const mine = new Y.UndoManager(Object.values(draftRoots(doc)), { trackedOrigins: new Set([restorer]) });
    const someoneElse = new Y.UndoManager(Object.values(draftRoots(doc)), {
      trackedOrigins: new Set(['other']),
    });
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));

    replaceDocContent(doc, restoredVersion(), restorer);
    expect(origins).toEqual([restorer]);
    expect(someoneElse.canUndo()).toBe(false);
    mine.undo();
    expect(readDraftFromDoc(doc)).toEqual(smallStandard());
  });

  it('[V2] restoring the content the draft already has changes nothing', () => {
    const doc = draftDoc();
    let updates = 0;
    doc.on('update', () => updates++);
    replaceDocContent(doc, smallStandard());
    expect(updates).toBe(0);
  });

  it('[V2] with a duplicated code in the draft, the first entry is kept and the other deleted', () => {
    const doc = draftDoc();
    const first = keyOf(doc, 'OD1');
    const second = keyOf(doc, 'OD2');
    draftRoots(doc).criteria.get(second)?.set(CRITERION.id, 'OD1');
    replaceDocContent(doc, smallStandard());
    expect(codes(doc)).toEqual(['OD1', 'OD2', 'EV1', 'EV2']);
    expect(keyOf(doc, 'OD1')).toBe(first);
    expect(draftRoots(doc).criteria.has(second)).toBe(false);
  });
});
