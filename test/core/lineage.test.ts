import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AssessmentFile, parseAssessments } from '../../src/core/assessment.ts';
import { translateResponses } from '../../src/core/lineage.ts';
import type { CriterionResponse, TranslatedResponses } from '../../src/core/responses.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/civic-lab/${name}.json`, import.meta.url), 'utf8'));
}

function loadStandard(version: string): Standard {
  const parsed = parseStandard(fixture(version));
  if (!parsed.ok) throw new Error(`fixture ${version} is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function loadAssessments(name: string): AssessmentFile {
  const parsed = parseAssessments(fixture(name));
  if (!parsed.ok) throw new Error(`fixture ${name} is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

const v1 = loadStandard('1');
const v2 = loadStandard('2');
const v3 = loadStandard('3');
const versions = new Map<string, Standard>([
  ['1', v1],
  ['2', v2],
  ['3', v3],
]);
const cohort = loadAssessments('assessments-1');

function recordedOf(applicantId: string) {
  const applicant = cohort.applicants.find((candidate) => candidate.id === applicantId);
  if (!applicant) throw new Error(`no applicant ${applicantId} in the fixture`);
  return applicant.responses;
}

function translate(applicantId: string, target: Standard): TranslatedResponses {
  const translated = translateResponses(recordedOf(applicantId), '1', target, versions);
  if (!translated.ok) throw new Error(JSON.stringify(translated.problems));
  return translated.value;
}

const met = { kind: 'bool', met: true } as const;
const notMet = { kind: 'bool', met: false } as const;

describe('translateResponses', () => {
  it('[L1] responses recorded against the target version are read as recorded', () => {
    expect(translateResponses(recordedOf('birch'), '1', v1, versions)).toEqual({
      ok: true,
      value: new Map<string, CriterionResponse>([
        ['L1', met],
        ['L2', met],
        ['D1', met],
        ['D2', met],
        ['D3', { kind: 'items', met: ['D3.a', 'D3.b'], unknown: [] }],
        ['E1', notMet],
        ['E2', met],
        ['E3', met],
      ]),
    });
  });

  it('[L1] responses are carried one basedOn step at a time, 1 → 2 → 3', () => {
    expect(translate('birch', v3)).toEqual(
      new Map<string, CriterionResponse>([
        ['L1', met],
        ['L2', met],
        ['DI', met],
        ['D2', met],
        ['D3', met],
        ['E4', notMet],
      ]),
    );
  });

  it('[L1] no lineage path (responses recorded against 3, target 1) → an error naming both versions', () => {
    expect(translateResponses({ L1: true }, '3', v1, versions)).toEqual({
      ok: false,
      problems: [
        {
          path: '',
          message:
            'no lineage path from civic-lab 3 to 1: the basedOn chain 1 ends without reaching 3. Responses can ' +
            'only be carried forward, to a version derived from the one they were recorded against',
        },
      ],
    });
  });

  it('[L1] a missing intermediate version → an error naming it and the file to add', () => {
    const withoutTwo = new Map([['1', v1]]);
    expect(translateResponses({ L1: true }, '1', v3, withoutTwo)).toEqual({
      ok: false,
      problems: [
        {
          path: '',
          message:
            'no lineage path from civic-lab 1 to 3: version "2" (basedOn of 3) is not among the versions given; ' +
            'add its file (standards/civic-lab/2.json) to the versions folder',
        },
      ],
    });
  });

  it('[L1] a basedOn cycle → an error, not a hang', () => {
    const looping = new Map<string, Standard>([
      ['1', { ...v1, basedOn: '3' }],
      ['2', v2],
    ]);
    expect(translateResponses({ L1: true }, '0', v3, looping)).toEqual({
      ok: false,
      problems: [{ path: '', message: 'basedOn forms a cycle in civic-lab: 3 → 2 → 1 → 3' }],
    });
  });

  it('[L1] a version that belongs to another standard is refused', () => {
    const mixed = new Map<string, Standard>([
      ['1', v1],
      ['2', { ...v2, id: 'other-lab' }],
    ]);
    expect(translateResponses({ L1: true }, '1', v3, mixed)).toEqual({
      ok: false,
      problems: [{ path: '', message: 'version "2" given for civic-lab belongs to standard "other-lab"' }],
    });
  });

  it('[L2] same and reworded criteria carry a boolean as is', () => {
    const cedar = translate('cedar', v2);
    expect(cedar.get('L1')).toEqual(met); // same
    expect(cedar.get('L2')).toEqual(notMet); // reworded
  });

  it('[L2] split: every criterion split from one source takes its response', () => {
    const birch = translate('birch', v2);
    expect(birch.get('D1a')).toEqual(met);
    expect(birch.get('D1b')).toEqual(met);
    const fir = translate('fir', v2);
    expect(fir.has('D1a')).toBe(false);
    expect(fir.has('D1b')).toBe(false);
  });

  it('[L2] a checklist that grows: the new item is unknown, the dropped item is dropped', () => {
    // Version 2's D3 checklist is D3.a, D3.b, D3.d: D3.c was dropped, D3.d is new.
    expect(translate('alder', v2).get('D3')).toEqual({
      kind: 'items',
      met: ['D3.a', 'D3.b'],
      unknown: ['D3.d'],
    });
    expect(translate('cedar', v2).get('D3')).toEqual({ kind: 'items', met: ['D3.a'], unknown: ['D3.d'] });
    expect(translate('ginkgo', v2).get('D3')).toEqual({ kind: 'items', met: [], unknown: ['D3.d'] });
  });

  it('[L2] a checklist removed: the source met status, unknown when the unknown items decide it', () => {
    // Version 3's D3 has no checklist; version 2's needed 2 of D3.a, D3.b, D3.d with D3.d unknown.
    expect(translate('birch', v3).get('D3')).toEqual(met); // 2 met
    expect(translate('ginkgo', v3).get('D3')).toEqual(notMet); // 0 met + 1 unknown < 2
    expect(translate('cedar', v3).has('D3')).toBe(false); // 1 met + 1 unknown: undecided
  });

  it('[L2] a boolean on a checklist criterion carries as is onto the grown checklist', () => {
    const translated = translateResponses({ D3: true }, '1', v2, versions);
    expect(translated).toEqual({ ok: true, value: new Map([['D3', met]]) });
  });

  it('[L3] merged: met when every source is met, not met when any is not, else unassessed', () => {
    expect(translate('alder', v2).get('E4')).toEqual(met); // E1 and E3 met
    expect(translate('birch', v2).get('E4')).toEqual(notMet); // E1 not met
    const partlyAssessed = translateResponses({ E1: true }, '1', v2, versions);
    expect(partlyAssessed).toEqual({ ok: true, value: new Map() }); // E3 unassessed
    const oneUnmetOneUnassessed = translateResponses({ E1: false }, '1', v2, versions);
    expect(oneUnmetOneUnassessed).toEqual({ ok: true, value: new Map([['E4', notMet]]) });
  });

  it('[L3] merged reads each source response before prerequisites', () => {
    // Cedar's L2 is not met, so D1a and D1b earn nothing in version 2, but both were answered true.
    expect(translate('cedar', v3).get('DI')).toEqual(met);
  });

  it('[L4] a new criterion is unassessed, and so is one without lineage', () => {
    expect(translate('alder', v2).has('N1')).toBe(false);
    const withoutLineage: Standard = {
      ...v2,
      criteria: v2.criteria.map(({ lineage: _lineage, ...criterion }) => criterion),
    };
    expect(translateResponses(recordedOf('alder'), '1', withoutLineage, versions)).toEqual({
      ok: true,
      value: new Map(),
    });
  });

  it('[L4] a source criterion with no successor is dropped', () => {
    // E2 exists in version 1 only.
    expect([...translate('alder', v2).keys()]).toEqual(['L1', 'L2', 'D1a', 'D1b', 'D2', 'D3', 'E4']);
  });
});
