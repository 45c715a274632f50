import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvidence, setPlainField } from '../../src/collab/draft-edits.ts';
import { CRITERION, draftRoots, fragmentField } from '../../src/collab/draft-layout.ts';
import { createDraftUndoManager } from '../../src/collab/draft-undo.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import { deliverAll, peersWithDraft } from './draft-peers.ts';

const LOCAL = { source: 'local' };

function twoPeers() {
  const [a, b] = peersWithDraft(2);
  if (!a || !b) throw new Error('two peers expected');
  const undo = createDraftUndoManager(a.doc, LOCAL);
  const tier = (doc: Y.Doc, index: number) =>
    orderedEntries(draftRoots(doc).tiers)[index]?.entry as Y.Map<unknown>;
  return { a, b, undo, tier };
}

describe('undo of your own edits (C3)', () => {
  it('[C3] undo reverts my change and leaves a collaborator’s change alone', () => {
    const { a, b, undo, tier } = twoPeers();
    setPlainField(a.doc, tier(a.doc, 0), 'minPercent', 55, LOCAL);
    deliverAll([a, b]);
    tier(b.doc, 1).set('minPercent', 80);
    deliverAll([a, b]);
    expect(undo.canUndo()).toBe(true);
    undo.undo();
    expect(undo.canUndo()).toBe(false);
    deliverAll([a, b]);
    for (const doc of [a.doc, b.doc]) {
      expect(tier(doc, 0).get('minPercent')).toBe(50);
      expect(tier(doc, 1).get('minPercent')).toBe(80);
    }
  });

  it('[C3] a value someone overwrote after me is not taken back by my undo', () => {
    const { a, b, undo, tier } = twoPeers();
    setPlainField(a.doc, tier(a.doc, 1), 'minPercent', 70, LOCAL);
    deliverAll([a, b]);
    tier(b.doc, 1).set('minPercent', 75);
    deliverAll([a, b]);
    undo.undo();
    deliverAll([a, b]);
    expect(tier(a.doc, 1).get('minPercent')).toBe(75);
    expect(tier(b.doc, 1).get('minPercent')).toBe(75);
  });

  it('[C3] remote edits are never on my stack; the editor binding’s edits are once its origin is tracked', () => {
    const { a, b, undo } = twoPeers();
    const statementOf = (doc: Y.Doc) =>
      fragmentField(
        orderedEntries(draftRoots(doc).criteria)[0]?.entry as Y.Map<unknown>,
        CRITERION.statement,
      ) as Y.XmlFragment;
    statementOf(b.doc).insert(0, [new Y.XmlText('remote ')]);
    deliverAll([a, b]);
    expect(undo.canUndo()).toBe(false);
    const binding = Symbol('y-sync');
    a.doc.transact(() => statementOf(a.doc).insert(0, [new Y.XmlText('untracked ')]), binding);
    expect(undo.canUndo()).toBe(false);
    undo.trackOrigin(binding);
    a.doc.transact(() => statementOf(a.doc).insert(0, [new Y.XmlText('mine ')]), binding);
    expect(undo.canUndo()).toBe(true);
    undo.undo();
    expect(statementOf(a.doc).length).toBe(3);
  });

  it('[C3] undoing my new paragraph keeps the words a collaborator typed into it; evidence lines go', () => {
    const { a, b, undo } = twoPeers();
    const first = (doc: Y.Doc) => orderedEntries(draftRoots(doc).criteria)[0]?.entry as Y.Map<unknown>;
    const fragment = (doc: Y.Doc) => fragmentField(first(doc), CRITERION.statement) as Y.XmlFragment;
    const before = fragment(a.doc).length;
    a.doc.transact(() => fragment(a.doc).insert(before, [new Y.XmlElement('paragraph')]), LOCAL);
    deliverAll([a, b]);
    const paragraph = fragment(b.doc).get(before) as Y.XmlElement;
    paragraph.insert(0, [new Y.XmlText('their words')]);
    deliverAll([a, b]);
    undo.undo();
    expect(fragment(a.doc).toString()).toContain('their words');

    // EV2 has one evidence line; I add a second and type into it, then undo: the line goes, text and all.
    const ev2 = orderedEntries(draftRoots(a.doc).criteria)[3]?.entry as Y.Map<unknown>;
    undo.stopCapturing();
    addEvidence(a.doc, ev2, LOCAL);
    a.doc.transact(
      () => (ev2.get(CRITERION.evidence) as Y.Array<Y.Text>).get(1).insert(0, 'Budget documents'),
      LOCAL,
    );
    expect((ev2.get(CRITERION.evidence) as Y.Array<Y.Text>).length).toBe(2);
    undo.undo();
    expect((ev2.get(CRITERION.evidence) as Y.Array<Y.Text>).toJSON()).toEqual(['The evaluation report']);
  });

  it('[C3] an editor view letting go of the manager leaves its history and my listeners in place', () => {
    const { a, undo, tier } = twoPeers();
    const mine: string[] = [];
    undo.observeStack('stack-item-added', () => mine.push('added'));
    const viewCalls: string[] = [];
    // What y-tiptap's undo plugin view does when it mounts, then what Collaboration does on unmount.
    undo.on('stack-item-added', () => viewCalls.push('added'));
    undo.on('stack-item-popped', () => viewCalls.push('popped'));
    undo.destroy();
    setPlainField(a.doc, tier(a.doc, 0), 'minPercent', 60, LOCAL);
    expect(undo.canUndo()).toBe(true);
    expect(mine).toEqual(['added']);
    expect(viewCalls).toEqual([]);
    undo.dispose();
    setPlainField(a.doc, tier(a.doc, 0), 'minPercent', 61, LOCAL);
    expect(mine).toEqual(['added']);
  });
});
