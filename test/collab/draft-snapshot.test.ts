import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renameCriterionCode } from '../../src/collab/criterion-code-rename.ts';
import { addCriterion, duplicateCriterion } from '../../src/collab/criterion-insertion.ts';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import {
  addChecklistItem,
  addNamed,
  addTier,
  deleteCriterion,
  deleteTier,
  moveCriterion,
  moveKeyed,
  setChecklistEnabled,
  setHasParts,
  setPlainField,
} from '../../src/collab/draft-edits.ts';
import { CRITERION, TIER, draftRoots, fragmentField, textField } from '../../src/collab/draft-layout.ts';
import { createDraftSnapshot } from '../../src/collab/draft-snapshot.ts';
import { createDraftUndoManager } from '../../src/collab/draft-undo.ts';
import { orderedKeys } from '../../src/collab/order-keys.ts';
import { fragmentToMarkdown, writeMarkdownToFragment } from '../../src/collab/statement-markdown.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { setTierMinPercent } from '../../src/collab/tier-cutoff.ts';
import { REMOTE, keyOf, peersWithDraft, smallStandard } from './draft-peers.ts';
import { seedStandards } from './seed-standards.ts';

const LOCAL = { local: true };

/** The first text node of a statement: where a keystroke lands. */
function firstTextOf(fragment: Y.XmlFragment): Y.XmlText | undefined {
  for (const node of fragment.createTreeWalker(() => true)) if (node instanceof Y.XmlText) return node;
  return undefined;
}

/** Types one character into the statement of criterion `key`, as the editor does (one transaction). */
function typeInStatement(doc: Y.Doc, key: string, text: string, at = 0): void {
  const fragment = fragmentField(draftRoots(doc).criteria.get(key) ?? new Y.Map(), CRITERION.statement);
  const node = fragment && firstTextOf(fragment);
  if (!node) return;
  doc.transact(() => node.insert(Math.min(at, node.length), text), LOCAL);
}

function wwc3(): Y.Doc {
  const seed = seedStandards().find(({ path }) => path.endsWith('what-works-cities/3.0.json'));
  if (!seed) throw new Error('standards/what-works-cities/3.0.json is missing');
  const doc = new Y.Doc();
  writeStandardToDoc(doc, seed.standard);
  return doc;
}

describe('draft snapshot (one live reading per session)', () => {
  it('[C5] the snapshot reads the seeded WWC 3.0 draft exactly as readDraftFromDoc does, keys in file order', () => {
    const doc = wwc3();
    const snapshot = createDraftSnapshot(doc);
    expect(JSON.stringify(snapshot.current())).toBe(JSON.stringify(readDraftFromDoc(doc)));
  });

  it('[C5] a statement keystroke re-serialises only that statement, and every other entry keeps its identity', () => {
    const doc = wwc3();
    let serialised = 0;
    const snapshot = createDraftSnapshot(doc, {
      serialise: (fragment) => {
        serialised++;
        return fragmentToMarkdown(fragment);
      },
    });
    const before = snapshot.current();
    const criteria = orderedKeys(draftRoots(doc).criteria);
    const typedKey = criteria[3] as string;
    serialised = 0;
    typeInStatement(doc, typedKey, 'x', 2);
    const after = snapshot.current();

    expect(serialised).toBe(1);
    expect(after).toEqual(readDraftFromDoc(doc));
    expect(after.criteria[3]?.statement).not.toBe(before.criteria[3]?.statement);
    after.criteria.forEach((criterion, index) => {
      if (index !== 3) expect(criterion).toBe(before.criteria[index]);
    });
    expect(after.tiers).toBe(before.tiers);
    expect(after.areas).toBe(before.areas);
    expect(after.parts).toBe(before.parts);
  });

  it('[C5] a title keystroke re-reads that criterion but re-serialises no statement', () => {
    const doc = wwc3();
    const snapshot = createDraftSnapshot(doc);
    const before = snapshot.current();
    const serialisedBefore = snapshot.stats.serialised;
    const key = orderedKeys(draftRoots(doc).criteria)[0] as string;
    const title = textField(draftRoots(doc).criteria.get(key) ?? new Y.Map(), CRITERION.title);
    doc.transact(() => title?.insert(0, 'A '), LOCAL);
    const after = snapshot.current();
    expect(snapshot.stats.serialised).toBe(serialisedBefore);
    expect(after.criteria[0]?.title).toBe(`A ${before.criteria[0]?.title ?? ''}`);
    expect(after.criteria[0]?.statement).toBe(before.criteria[0]?.statement);
    expect(after.criteria[1]).toBe(before.criteria[1]);
  });

  it('[C5] while nothing changes the snapshot is the same object, and a change tells the listener once per transaction', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    let told = 0;
    const snapshot = createDraftSnapshot(doc, { onChange: () => told++ });
    const first = snapshot.current();
    expect(snapshot.current()).toBe(first);
    doc.transact(() => {
      setTierMinPercent(doc, 'silver', 55, LOCAL);
      typeInStatement(doc, keyOf(doc, 'OD1'), 'y');
      setPlainField(doc, draftRoots(doc).meta, 'partCoveragePercent', 60, LOCAL);
    }, LOCAL);
    expect(told).toBe(1);
    const second = snapshot.current();
    expect(second).not.toBe(first);
    expect(second.tiers[0]?.minPercent).toBe(55);
    expect(second.partCoveragePercent).toBe(60);
    expect(second.tiers[1]).toBe(first.tiers[1]);
    snapshot.destroy();
    setTierMinPercent(doc, 'silver', 60, LOCAL);
    expect(told).toBe(1);
  });

  it('[C5] a criterion move keeps every criterion object and only reorders the list', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    const snapshot = createDraftSnapshot(doc);
    const before = snapshot.current();
    moveCriterion(doc, keyOf(doc, 'OD1'), { after: keyOf(doc, 'OD2') }, {}, LOCAL);
    const after = snapshot.current();
    expect(after.criteria.map(({ id }) => id)).toEqual(['OD2', 'OD1', 'EV1', 'EV2']);
    expect(new Set(after.criteria)).toEqual(new Set(before.criteria));
    expect(after).toEqual(readDraftFromDoc(doc));
  });

  it('[C1] after any sequence of real edits, remote updates and undo, the snapshot equals readDraftFromDoc', () => {
    type Op = readonly [kind: number, pick: number, other: number];
    const op = fc.tuple(fc.nat(16), fc.nat(1000), fc.nat(1000));
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops: readonly Op[]) => {
        const [local, remote] = peersWithDraft(2) as [
          ReturnType<typeof peersWithDraft>[number],
          ReturnType<typeof peersWithDraft>[number],
        ];
        const doc = local.doc;
        const undo = createDraftUndoManager(doc, LOCAL);
        const snapshot = createDraftSnapshot(doc);
        let counter = 0;
        for (const [kind, pick, other] of ops) {
          counter++;
          const { criteria, tiers, areas } = draftRoots(doc);
          const keys = orderedKeys(criteria);
          const key = keys.length > 0 ? keys[pick % keys.length] : undefined;
          const otherKey = keys.length > 0 ? keys[other % keys.length] : undefined;
          const tierKeys = orderedKeys(tiers);
          const tierKey = tierKeys.length > 0 ? tierKeys[pick % tierKeys.length] : undefined;
          const areaIds = [...areas.values()].map((entry) => String(entry.get('id')));
          const entry = key ? criteria.get(key) : undefined;
          switch (kind) {
            case 0:
            case 1:
              if (key) typeInStatement(doc, key, String(counter % 10), other);
              break;
            case 2: {
              const title = entry && textField(entry, CRITERION.title);
              if (title) doc.transact(() => title.insert(other % (title.length + 1), 't'), LOCAL);
              break;
            }
            case 3:
              if (key && otherKey && key !== otherKey)
                moveCriterion(
                  doc,
                  key,
                  { after: otherKey },
                  { area: areaIds[other % areaIds.length] },
                  LOCAL,
                );
              break;
            case 4:
              addCriterion(
                doc,
                { area: areaIds[pick % areaIds.length] as string, placement: { after: key ?? null } },
                LOCAL,
              );
              break;
            case 5:
              if (key && keys.length > 1) deleteCriterion(doc, key, LOCAL);
              break;
            case 6:
              if (key) duplicateCriterion(doc, key, LOCAL);
              break;
            case 7:
              if (key) renameCriterionCode(doc, key, `R${counter}`, LOCAL);
              break;
            case 8:
              if (entry) setPlainField(doc, entry, CRITERION.points, other % 5, LOCAL);
              break;
            case 9:
              if (tierKey) {
                const tier = tiers.get(tierKey);
                if (tier) setPlainField(doc, tier, TIER.minPercent, other % 100, LOCAL);
              }
              break;
            case 10:
              if (pick % 2) addTier(doc, LOCAL);
              else if (tierKey && tierKeys.length > 1) deleteTier(doc, tierKey, LOCAL);
              break;
            case 11:
              if (entry) {
                if (pick % 3 === 0) setChecklistEnabled(doc, entry, other % 2 === 0, LOCAL);
                else if (pick % 3 === 1) addChecklistItem(doc, entry, LOCAL);
                else {
                  const fragment = fragmentField(entry, CRITERION.statement);
                  if (fragment)
                    doc.transact(() => writeMarkdownToFragment(fragment, `- item ${counter}`), LOCAL);
                }
              }
              break;
            case 12:
              if (pick % 3 === 0) setHasParts(doc, other % 2 === 0, LOCAL);
              else if (pick % 3 === 1) addNamed(doc, 'areas', `Area ${counter}`, LOCAL);
              else if (tierKey && tierKeys.length > 1)
                moveKeyed(doc, tiers, tierKey, { before: null }, LOCAL);
              break;
            case 13: {
              // Another member edits and their update arrives.
              const remoteKeys = orderedKeys(draftRoots(remote.doc).criteria);
              const remoteKey = remoteKeys[pick % Math.max(1, remoteKeys.length)];
              if (remoteKey) typeInStatement(remote.doc, remoteKey, 'r', other);
              const title = remoteKey
                ? textField(draftRoots(remote.doc).criteria.get(remoteKey) ?? new Y.Map(), CRITERION.title)
                : undefined;
              if (title && other % 2) remote.doc.transact(() => title.insert(0, 'R'));
              Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote.doc, Y.encodeStateVector(doc)), REMOTE);
              break;
            }
            case 14:
              Y.applyUpdate(remote.doc, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote.doc)), REMOTE);
              break;
            case 15:
              undo.stopCapturing();
              undo.undo();
              break;
            default:
              undo.redo();
          }
          if (other % 3 === 0) expect(snapshot.current()).toEqual(readDraftFromDoc(doc));
        }
        expect(JSON.stringify(snapshot.current())).toBe(JSON.stringify(readDraftFromDoc(doc)));
        const roots = draftRoots(doc);
        for (const list of ['parts', 'areas', 'criteria', 'tiers'] as const)
          expect(snapshot.keys(list)).toEqual(orderedKeys(roots[list]));
        snapshot.destroy();
        undo.dispose();
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});
