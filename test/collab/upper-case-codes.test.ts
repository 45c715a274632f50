import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readStandardFromDoc } from '../../src/collab/doc-to-standard.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { type AssessmentFile, parseAssessments } from '../../src/core/assessment.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { diffStandards } from '../../src/core/diff/standard-diff.ts';
import { scoreAssessmentFile } from '../../src/core/score-assessments.ts';
import { type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';

/** A LEED-like rating with its credit categories coded as LEED codes them: SS, WE, EA; parts P (prerequisites), C. */
const leedInput: StandardInput = {
  kind: 'standard',
  schemaVersion: 2,
  id: 'leed-like',
  title: 'LEED-like rating',
  version: '1',
  basedOn: null,
  status: 'published',
  eligibility: { minPopulation: 0 },
  parts: [
    { id: 'P', name: 'Prerequisites' },
    { id: 'C', name: 'Credits' },
  ],
  areas: [
    { id: 'SS', name: 'Sustainable Sites' },
    { id: 'WE', name: 'Water Efficiency' },
    { id: 'EA', name: 'Energy and Atmosphere' },
  ],
  criteria: [
    {
      id: 'SSp1',
      title: 'Pollution prevention',
      statement: '',
      area: 'SS',
      part: 'P',
      points: 0,
      core: true,
    },
    { id: 'SSc1', title: 'Site assessment', statement: '', area: 'SS', part: 'C', points: 2, core: false },
    { id: 'WEc1', title: 'Outdoor water use', statement: '', area: 'WE', part: 'C', points: 2, core: false },
    { id: 'EAc1', title: 'Optimize energy', statement: '', area: 'EA', part: 'C', points: 4, core: false },
  ],
  tiers: [
    { id: 'certified', name: 'Certified', minPercent: 40, requireCore: true },
    { id: 'gold', name: 'Gold', minPercent: 75, requireCore: true },
  ],
};

function standard(input: StandardInput): Standard {
  const parsed = parseStandard(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

describe('upper-case area and part codes', () => {
  it('[F2] areas and parts coded in capitals (SS, WE, EA; P, C) are valid', () => {
    const parsed = parseStandard(leedInput);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && validateStandard(parsed.value)).toEqual([]);
  });

  it('[F6] an area code still cannot hold spaces or start with a dot', () => {
    const parsed = parseStandard({
      ...leedInput,
      areas: [{ id: 'S S', name: 'Sites' }, ...leedInput.areas.slice(1), { id: '.x', name: 'Dot' }],
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((problem) => problem.path)).toEqual([
      'areas.0.id',
      'areas.3.id',
    ]);
  });

  it('[S5] scores a standard coded in capitals, part coverage included', () => {
    const leed = standard({
      ...leedInput,
      tiers: [
        { id: 'certified', name: 'Certified', minPercent: 40, requireCore: true },
        { id: 'gold', name: 'Gold', minPercent: 75, requireCore: true, minPartsCovered: 2 },
      ],
    });
    const cohort = parseAssessments({
      kind: 'assessments',
      schemaVersion: 1,
      standard: 'leed-like',
      version: '1',
      cycle: '2024',
      synthetic: true,
      applicants: [
        { id: 'a', name: 'A', population: 1, responses: { SSp1: true, SSc1: true, WEc1: true, EAc1: true } },
        { id: 'b', name: 'B', population: 1, responses: { SSp1: true, EAc1: true } },
      ],
    } satisfies AssessmentFile);
    if (!cohort.ok) throw new Error(JSON.stringify(cohort.problems));
    const scored = scoreAssessmentFile(leed, cohort.value, new Map());
    expect(scored.ok && scored.value.map(({ result }) => [result.points, result.tier])).toEqual([
      [8, 'gold'],
      [4, 'certified'],
    ]);
  });

  it('[D1] a criterion moved from WE to EA reads as a move between the coded areas', () => {
    const older = standard(leedInput);
    const newer = standard({
      ...leedInput,
      version: '2',
      basedOn: '1',
      criteria: leedInput.criteria.map((criterion) => ({
        ...criterion,
        ...(criterion.id === 'WEc1' ? { area: 'EA' } : {}),
        lineage: { from: [criterion.id], relation: 'same' as const },
      })),
    });
    const diff = diffStandards(older, newer);
    expect(diff.changes.map((change) => change.kind)).toEqual(['criterion-moved-area']);
    expect(diff.changes[0]).toMatchObject({ criterion: 'WEc1', before: 'WE', after: 'EA' });
  });

  it('[V3] round-trips through the draft document unchanged', () => {
    const leed = standard(leedInput);
    const doc = new Y.Doc();
    writeStandardToDoc(doc, leed);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const read = readStandardFromDoc(peer);
    expect(read.ok && toCanonicalJson(read.value)).toBe(toCanonicalJson(leed));
    expect(read.ok && validateStandard(read.value)).toEqual([]);
  });
});
