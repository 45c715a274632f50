import { describe, expect, it } from 'vitest';
import { parseAssessments } from '../../src/core/assessment.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { civicData20, civicData20Assessments } from '../fixtures/validation/civic-data.ts';

// Every test breaks a fresh copy of a valid assessment file and expects exactly the problems listed.

describe('validateAssessments', () => {
  it('[F6] the fixture assessments are valid against the version they name', () => {
    expect(validateAssessments(civicData20Assessments(), civicData20())).toEqual([]);
  });

  it('[F6] unknown keys in an assessment file are refused by parseAssessments with their path', () => {
    const raw = JSON.parse(JSON.stringify(civicData20Assessments())) as {
      applicants: Record<string, unknown>[];
    };
    raw.applicants[1]!['score'] = 40;
    expect(parseAssessments(raw)).toEqual({
      ok: false,
      problems: [{ path: 'applicants.1', message: 'Unrecognized key: "score"' }],
    });
  });

  it('[F6] responses naming unknown criteria are reported at the response', () => {
    const file = civicData20Assessments();
    file.applicants[1]!.responses['DM99'] = true;
    expect(validateAssessments(file, civicData20())).toEqual([
      { path: 'applicants.1.responses.DM99', message: 'unknown criterion "DM99" in version "2.0"' },
    ]);
  });

  it('[F6] unknown and repeated checklist items are reported at the item', () => {
    const file = civicData20Assessments();
    file.applicants[0]!.responses['DG2'] = { items: ['DG2.a', 'DG2.z', 'DG2.a'] };
    expect(validateAssessments(file, civicData20())).toEqual([
      {
        path: 'applicants.0.responses.DG2.items.1',
        message: 'unknown checklist item "DG2.z" of DG2; its items are "DG2.a", "DG2.b", "DG2.c"',
      },
      {
        path: 'applicants.0.responses.DG2.items.2',
        message: '"DG2.a" is listed twice (also at applicants.0.responses.DG2.items.0)',
      },
    ]);
  });

  it('[F6] checklist items for a criterion without a checklist are reported', () => {
    const file = civicData20Assessments();
    file.applicants[1]!.responses['OD1'] = { items: ['OD1.a'] };
    expect(validateAssessments(file, civicData20())).toEqual([
      {
        path: 'applicants.1.responses.OD1',
        message: 'OD1 has no checklist, so its response must be true or false',
      },
    ]);
  });

  it('[F6] duplicate applicant ids and unknown awarded tiers are reported', () => {
    const file = civicData20Assessments();
    file.applicants[1]!.id = 'springfield';
    file.applicants[1]!.awarded = 'diamond';
    expect(validateAssessments(file, civicData20())).toEqual([
      {
        path: 'applicants.1.id',
        message:
          'duplicate applicant id "springfield", already used by applicants.0; give each applicant its own id',
      },
      {
        path: 'applicants.1.awarded',
        message:
          'unknown tier "diamond"; use one of "silver", "gold", "platinum", or null when not certified',
      },
    ]);
  });

  it('[F6] a file recorded against another standard or version is reported instead of its responses', () => {
    const otherVersion = civicData20Assessments();
    otherVersion.version = '1.0';
    otherVersion.applicants[0]!.responses['DM99'] = true;
    expect(validateAssessments(otherVersion, civicData20())).toEqual([
      {
        path: 'version',
        message:
          'these responses were recorded against version "1.0" but were checked against version "2.0"; check them against version "1.0"',
      },
    ]);

    const otherStandard = civicData20Assessments();
    otherStandard.standard = 'open-cities';
    expect(validateAssessments(otherStandard, civicData20())).toEqual([
      {
        path: 'standard',
        message: 'these responses are for standard "open-cities" but were checked against "civic-data"',
      },
    ]);
  });

  it('[F6] an assessment file with three different problems yields all three', () => {
    const file = civicData20Assessments();
    file.applicants[0]!.awarded = 'bronze';
    file.applicants[0]!.responses['DG2'] = { items: ['DG2.d'] };
    file.applicants[1]!.responses['XX1'] = false;
    expect(validateAssessments(file, civicData20())).toEqual([
      {
        path: 'applicants.0.awarded',
        message: 'unknown tier "bronze"; use one of "silver", "gold", "platinum", or null when not certified',
      },
      {
        path: 'applicants.0.responses.DG2.items.0',
        message: 'unknown checklist item "DG2.d" of DG2; its items are "DG2.a", "DG2.b", "DG2.c"',
      },
      { path: 'applicants.1.responses.XX1', message: 'unknown criterion "XX1" in version "2.0"' },
    ]);
  });
});
