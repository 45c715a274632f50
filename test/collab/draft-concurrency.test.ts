import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renameCriterionCode } from '../../src/collab/criterion-code-rename.ts';
import { checkDraftDoc, readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CRITERION, draftRoots, fragmentField, textField } from '../../src/collab/draft-layout.ts';
import { moveEntry, orderedKeys } from '../../src/collab/order-keys.ts';
import { writeMarkdownToFragment } from '../../src/collab/statement-markdown.ts';
import { insertCriterion, replaceDocContent } from '../../src/collab/standard-to-doc.ts';
import type { Criterion } from '../../src/core/standard.ts';
import { REMOTE, codes, deliverAll, keyOf, peerState, peersWithDraft, smallStandard } from './draft-peers.ts';

const newCriterion = (id: string, title: string): Criterion => ({
  id,
  title,
  statement: `New criterion ${id}.`,
  area: 'open-data',
  points: 1,
  core: false,
  prerequisites: [],
});

describe('concurrent edits of one draft', () => {
  it('[C1] concurrent moves of one criterion never duplicate or lose it', () => {
    const peers = peersWithDraft(3);
    const [a, b, c] = peers.map((peer) => peer.doc);
    if (!a || !b || !c) throw new Error('three peers');
    const ev2 = keyOf(a, 'EV2');
    moveEntry(draftRoots(a).criteria, ev2, { after: null });
    moveEntry(draftRoots(b).criteria, ev2, { after: keyOf(b, 'OD1') });
    moveEntry(draftRoots(c).criteria, ev2, { before: keyOf(c, 'EV1') });
    deliverAll(peers);

    const orders = peers.map((peer) => codes(peer.doc));
    for (const order of orders) {
      expect([...order].sort()).toEqual(['EV1', 'EV2', 'OD1', 'OD2']);
      expect(order).toEqual(orders[0]);
    }
    // One of the three moves wins; the others are overwritten, not added.
    expect([
      ['EV2', 'OD1', 'OD2', 'EV1'],
      ['OD1', 'EV2', 'OD2', 'EV1'],
      ['OD1', 'OD2', 'EV2', 'EV1'],
    ]).toContainEqual(orders[0]);
  });

  it('[C1] two peers adding the same code keep both entries', () => {
    const [a, b] = peersWithDraft(2).map((peer) => peer.doc);
    if (!a || !b) throw new Error('two peers');
    insertCriterion(a, newCriterion('OD3', 'Open licence'), { after: keyOf(a, 'OD2') });
    insertCriterion(b, newCriterion('OD3', 'Open formats'), { after: keyOf(b, 'OD2') });
    const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(b, fromA);
    Y.applyUpdate(a, fromB);

    for (const doc of [a, b]) {
      const { draft, problems } = checkDraftDoc(doc);
      expect(draft.criteria.map((criterion) => criterion.id)).toEqual([
        'OD1',
        'OD2',
        'OD3',
        'OD3',
        'EV1',
        'EV2',
      ]);
      expect(
        draft.criteria
          .filter((criterion) => criterion.id === 'OD3')
          .map((criterion) => criterion.title)
          .sort(),
      ).toEqual(['Open formats', 'Open licence']);
      expect(problems).toContainEqual(expect.objectContaining({ path: 'criteria.3.id' }));
    }
    expect(readDraftFromDoc(a)).toEqual(readDraftFromDoc(b));
  });

  it('[C1] concurrent move + edit converge, whatever order the updates arrive in', () => {
    const peers = peersWithDraft(3);
    const [a, b, c] = peers.map((peer) => peer.doc);
    if (!a || !b || !c) throw new Error('three peers');
    const ev2 = keyOf(a, 'EV2');

    moveEntry(draftRoots(a).criteria, ev2, { after: null });
    moveEntry(draftRoots(a).criteria, keyOf(a, 'OD2'), { after: ev2 });

    const entryOnB = draftRoots(b).criteria.get(ev2);
    const title = entryOnB && textField(entryOnB, CRITERION.title);
    title?.insert(title.length, ' (revised)');
    const statement = entryOnB && fragmentField(entryOnB, CRITERION.statement);
    if (statement) writeMarkdownToFragment(statement, 'The city does **EV2** every year.');

    insertCriterion(c, newCriterion('EV3', 'Follow-up'), { after: keyOf(c, 'EV2') });
    draftRoots(c).criteria.get(ev2)?.set(CRITERION.points, 3);

    deliverAll(peers, (receiver, updates) =>
      receiver === 1 ? [...updates].reverse() : [...updates.slice(1), ...updates.slice(0, 1)],
    );

    const [first, ...rest] = peers.map(peerState);
    for (const state of rest) expect(state).toEqual(first);
    const draft = readDraftFromDoc(a);
    expect(draft.criteria.map((criterion) => criterion.id)).toEqual(['EV2', 'OD2', 'OD1', 'EV1', 'EV3']);
    expect(draft.criteria[0]).toMatchObject({
      title: 'Criterion EV2 (revised)',
      statement: 'The city does **EV2** every year.',
      points: 3,
    });
  });

  it('[C1] random structural edits on three peers, delivered in random order, converge (seeded fuzz, seed 424242)', () => {
    type Op = readonly [peer: number, kind: number, pick: number, other: number];
    const op = fc.tuple(fc.nat(2), fc.nat(9), fc.nat(1000), fc.nat(1000));

    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops: readonly Op[]) => {
        const peers = peersWithDraft(3);
        const inboxes: Uint8Array[][] = peers.map(() => []);
        peers.forEach((peer, index) =>
          peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin === REMOTE) return;
            inboxes.forEach((inbox, receiver) => {
              if (receiver !== index) inbox.push(update);
            });
          }),
        );
        const everCreated = new Set(orderedKeys(draftRoots(peers[0]?.doc ?? new Y.Doc()).criteria));
        const deleted = new Set<string>();
        let counter = 0;

        ops.forEach(([peerIndex, kind, pick, other]) => {
          const doc = peers[peerIndex]?.doc;
          if (!doc) return;
          const criteria = draftRoots(doc).criteria;
          const keys = orderedKeys(criteria);
          const key = keys[pick % Math.max(keys.length, 1)];
          const otherKey = keys[other % Math.max(keys.length, 1)];
          counter++;
          switch (kind) {
            case 0:
            case 1:
              if (key)
                moveEntry(
                  criteria,
                  key,
                  other % 5 === 0 ? { after: null } : { after: otherKey === key ? null : (otherKey ?? null) },
                );
              break;
            case 2:
              everCreated.add(
                insertCriterion(doc, newCriterion(`N${counter}`, `New ${counter}`), {
                  before: otherKey ?? null,
                }),
              );
              break;
            case 3:
              if (key && keys.length > 1) {
                criteria.delete(key);
                deleted.add(key);
              }
              break;
            case 4: {
              const title = key ? textField(criteria.get(key) ?? new Y.Map(), CRITERION.title) : undefined;
              title?.insert(other % (title.length + 1), `${counter}`);
              break;
            }
            case 5: {
              const statement = key
                ? fragmentField(criteria.get(key) ?? new Y.Map(), CRITERION.statement)
                : undefined;
              if (statement)
                writeMarkdownToFragment(
                  statement,
                  other % 2 ? `Edited **${counter}**.` : `- item ${counter}\n- more`,
                );
              break;
            }
            case 6:
              if (key) renameCriterionCode(doc, key, `R${counter}`);
              break;
            case 7:
              if (key) criteria.get(key)?.set(CRITERION.points, other % 4);
              break;
            case 8: {
              // Deliver part of this peer's inbox, shuffled.
              const inbox = inboxes[peerIndex] ?? [];
              const count = other % (inbox.length + 1);
              const batch = inbox.splice(0, count);
              for (let i = batch.length - 1; i > 0; i--) {
                const j = (pick + i * 7) % (i + 1);
                [batch[i], batch[j]] = [batch[j] as Uint8Array, batch[i] as Uint8Array];
              }
              for (const update of batch) Y.applyUpdate(doc, update, REMOTE);
              break;
            }
            default:
              if (pick % 10 === 0) {
                replaceDocContent(doc, smallStandard());
                for (const before of keys) if (!criteria.has(before)) deleted.add(before);
                for (const after of criteria.keys()) everCreated.add(after);
              }
          }
        });

        peers.forEach((peer, index) => {
          for (const update of (inboxes[index] ?? []).splice(0).reverse())
            Y.applyUpdate(peer.doc, update, REMOTE);
        });

        const [first, ...rest] = peers.map(peerState);
        for (const state of rest) expect(state).toEqual(first);
        const doc = peers[0]?.doc ?? new Y.Doc();
        // Every criterion created and not deleted is listed exactly once: concurrent moves neither
        // lose nor duplicate one.
        const listed = orderedKeys(draftRoots(doc).criteria);
        expect(readDraftFromDoc(doc).criteria).toHaveLength(listed.length);
        expect(new Set(listed).size).toBe(listed.length);
        expect(new Set(listed)).toEqual(new Set([...everCreated].filter((key) => !deleted.has(key))));
      }),
      { seed: 424242, numRuns: 150 },
    );
  });
});
