import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { draftRoots } from '../../src/collab/draft-layout.ts';
import { criterionView, standardView, textOf, codesOf, tierView } from '../../src/collab/record-views.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import { CRITERION_FIELDS } from '../../src/core/standard-records.ts';
import { seedStandards } from './seed-standards.ts';

describe('C1 typed record views, derived from the field tables', () => {
  const standard = seedStandards().find(({ standard }) => standard.version === '3.0')!.standard;
  const doc = new Y.Doc();
  writeStandardToDoc(doc, standard);
  const roots = draftRoots(doc);
  const [first] = orderedEntries(roots.criteria);
  const criterion = criterionView(first!.entry);

  it('give every stored field of a criterion as its live Yjs value or plain value', () => {
    const expected = standard.criteria[0]!;
    expect(criterion.id).toBe(expected.id);
    expect(criterion.title).toBeInstanceOf(Y.Text);
    expect(textOf(criterion.title)).toBe(expected.title);
    expect(criterion.statement).toBeInstanceOf(Y.XmlFragment);
    expect(criterion.points).toBe(expected.points);
    expect(codesOf(criterion.prerequisites)).toEqual(expected.prerequisites);
    expect(Object.keys(Object.getPrototypeOf(criterion) as object)).toEqual(Object.keys(CRITERION_FIELDS));
  });

  it('stay live: a view read after an edit sees the edit', () => {
    first!.entry.set('points', 9);
    expect(criterion.points).toBe(9);
    criterion.title!.insert(0, 'New ');
    expect(textOf(criterionView(first!.entry).title)).toBe(`New ${standard.criteria[0]!.title}`);
  });

  it('read a value of the wrong shape as absent, never as a wrong type', () => {
    const entry = new Y.Map<unknown>();
    new Y.Doc().getMap('m').set('c', entry);
    entry.set('points', 'three');
    entry.set('title', 'a plain string where a Y.Text belongs');
    entry.set('statement', new Y.XmlElement('p'));
    const view = criterionView(entry);
    expect(view.points).toBeUndefined();
    expect(view.title).toBeUndefined();
    expect(view.statement).toBeUndefined();
  });

  it('read the standard and its tiers from meta and the tier entries', () => {
    expect(standardView(roots).id).toBe(standard.id);
    expect(textOf(standardView(roots).title)).toBe(standard.title);
    const tiers = orderedEntries(roots.tiers).map(({ entry }) => tierView(entry).minPercent);
    expect(tiers).toEqual(standard.tiers.map((tier) => tier.minPercent));
  });
});
