import { type Standard, type StandardInput, parseStandard } from '../../../src/core/standard.ts';

/**
 * A small standard for diff tests, written out in full, and a way to derive the next version from it:
 * `nextVersion(edit)` copies version 1 as version 2 (basedOn 1, every criterion's lineage `same`, as a draft
 * started from a version has), then lets the test edit the copy.
 */
export const civicV1: StandardInput = {
  kind: 'standard',
  schemaVersion: 2,
  id: 'civic',
  title: 'Civic Data Standard',
  version: '1',
  basedOn: null,
  status: 'published',
  eligibility: { minPopulation: 10000 },
  areas: [
    { id: 'data', name: 'Data' },
    { id: 'open', name: 'Open Data' },
  ],
  criteria: [
    {
      id: 'D1',
      title: 'Data inventory',
      statement: 'The city keeps an inventory of the data held by its departments.',
      area: 'data',
      points: 2,
      checklist: {
        items: [
          { id: 'a', text: 'The inventory is published.' },
          { id: 'b', text: 'The inventory was updated this year.' },
          { id: 'c', text: 'The inventory covers every department.' },
        ],
        minMet: 2,
      },
      evidence: ['The inventory'],
    },
    {
      id: 'D2',
      title: 'Data owners',
      statement: 'Every dataset has a named owner.',
      area: 'data',
      points: 1,
      prerequisites: ['D1'],
    },
    { id: 'D3', title: 'Data quality', statement: 'Data quality is checked.', area: 'data', points: 1 },
    {
      id: 'O1',
      title: 'Open data portal',
      statement: 'The city publishes open data on a portal.',
      area: 'open',
      points: 2,
    },
    {
      id: 'O2',
      title: 'Open data policy',
      statement: 'An open data policy is in force.',
      area: 'open',
      points: 1,
      prerequisites: ['O1'],
    },
  ],
  tiers: [
    { id: 'silver', name: 'Silver', minPercent: 50 },
    { id: 'gold', name: 'Gold', minPercent: 70 },
    { id: 'platinum', name: 'Platinum', minPercent: 85, requiredCriteria: ['D2'] },
  ],
};

export function parsed(input: StandardInput): Standard {
  const result = parseStandard(input);
  if (!result.ok) throw new Error(`test standard is malformed: ${JSON.stringify(result.problems)}`);
  return result.value;
}

export const v1 = parsed(civicV1);

/** Version 2 based on version 1, every criterion carried over `same`, then `edit`ed in place. */
export function nextVersion(edit: (draft: StandardInput) => void = () => {}): Standard {
  const draft = structuredClone(civicV1);
  draft.version = '2';
  draft.basedOn = '1';
  draft.status = 'draft';
  draft.criteria = draft.criteria.map((criterion) => ({
    ...criterion,
    lineage: { from: [criterion.id], relation: 'same' },
  }));
  edit(draft);
  return parsed(draft);
}

/** The criterion `id` of a draft being edited; throws when absent so a typo fails the test. */
export function criterionOf(draft: StandardInput, id: string): StandardInput['criteria'][number] {
  const criterion = draft.criteria.find((candidate) => candidate.id === id);
  if (!criterion) throw new Error(`no criterion ${id} in the test standard`);
  return criterion;
}

/** The tier `id` of a draft being edited. */
export function tierOf(draft: StandardInput, id: string): StandardInput['tiers'][number] {
  const tier = draft.tiers.find((candidate) => candidate.id === id);
  if (!tier) throw new Error(`no tier ${id} in the test standard`);
  return tier;
}
