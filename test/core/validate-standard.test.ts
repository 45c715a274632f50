import { describe, expect, it } from 'vitest';
import { parseStandard } from '../../src/core/standard.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { civicData10, civicData20 } from '../fixtures/validation/civic-data.ts';

// Every test breaks a fresh copy of a valid standard and expects exactly the problems listed.
// `standard.criteria[i]!` etc.: the fixture's shape is known, so the indexes exist.

describe('validateStandard', () => {
  it('[F6] the fixture versions are valid, so every other test sees only the problems it causes', () => {
    expect(validateStandard(civicData10())).toEqual([]);
    expect(validateStandard(civicData20(), civicData10())).toEqual([]);
    expect(validateStandard(civicData20())).toEqual([]);
  });

  it('[F6] unknown keys are refused by parseStandard with their path', () => {
    const raw = JSON.parse(JSON.stringify(civicData20())) as Record<string, unknown> & {
      criteria: Record<string, unknown>[];
    };
    raw['colour'] = 'gold';
    raw.criteria[1]!['weight'] = 2;
    expect(parseStandard(raw)).toEqual({
      ok: false,
      problems: [
        { path: 'criteria.1', message: 'Unrecognized key: "weight"' },
        { path: '', message: 'Unrecognized key: "colour"' },
      ],
    });
  });

  it('[F6] duplicate ids of areas, parts, criteria, checklist items and tiers are each reported, naming the entry that has the id', () => {
    const standard = civicData20();
    standard.areas.push({ id: 'governance', name: 'Governance again' });
    standard.parts!.push({ id: 'act', name: 'Act again' });
    standard.criteria[3]!.id = 'DG2';
    standard.criteria[1]!.checklist!.items[2]!.id = 'DG2.a';
    standard.tiers[2]!.id = 'gold';
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'areas.2.id',
        message:
          'duplicate area id "governance", already used by area governance \'Data Governance\'; give each area its own id',
      },
      {
        path: 'parts.2.id',
        message: 'duplicate part id "act", already used by part act \'Act\'; give each part its own id',
      },
      {
        path: 'criteria.3.id',
        message:
          'duplicate criterion id "DG2", already used by DG2 \'Data inventory\'; give each criterion its own id',
      },
      {
        path: 'criteria.1.checklist.items.2.id',
        message:
          'duplicate checklist item id "DG2.a", already used by checklist item DG2.a \'Inventory published\'; give each checklist item its own id',
      },
      {
        path: 'tiers.2.id',
        message: 'duplicate tier id "gold", already used by tier gold \'Gold\'; give each tier its own id',
      },
    ]);
  });

  it('[F6] repeated entries in prerequisites, evidence, lineage and requiredCriteria are reported', () => {
    const standard = civicData20();
    standard.criteria[3]!.prerequisites = ['OD1', 'DG1', 'OD1'];
    standard.criteria[1]!.evidence = ['Inventory URL', 'Inventory URL'];
    standard.criteria[2]!.lineage = { from: ['OD1', 'OD1'], relation: 'merged' };
    standard.tiers[0]!.requiredCriteria = ['DG1', 'DG1'];
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.1.evidence.1',
        message: '"Inventory URL" is listed twice (also at criteria.1.evidence.0); remove the repeat',
      },
      {
        path: 'criteria.2.lineage.from.1',
        message: '"OD1" is listed twice (also at criteria.2.lineage.from.0); remove the repeat',
      },
      {
        path: 'criteria.3.prerequisites.2',
        message: '"OD1" is listed twice (also at criteria.3.prerequisites.0); remove the repeat',
      },
      {
        path: 'tiers.0.requiredCriteria.1',
        message: '"DG1" is listed twice (also at tiers.0.requiredCriteria.0); remove the repeat',
      },
    ]);
  });

  it('[F6] a criterion in an unknown area or part is reported with the ids that exist', () => {
    const standard = civicData20();
    standard.criteria[0]!.area = 'goverance';
    standard.criteria[1]!.part = 'measure';
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.0.area',
        message: 'unknown area "goverance"; use one of "governance", "open-data" or add it to areas',
      },
      {
        path: 'criteria.1.part',
        message: 'unknown part "measure"; use one of "commit", "act" or add it to parts',
      },
    ]);
  });

  it('[F6] a part on a criterion of a standard without parts is reported', () => {
    const standard = civicData20();
    delete standard.parts;
    for (const tier of standard.tiers) delete tier.minPartsCovered;
    for (const criterion of standard.criteria.slice(1)) delete criterion.part;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.0.part',
        message: 'part "commit" is given but the standard has no parts; add a parts list or remove the part',
      },
    ]);
  });

  it('[F6] prerequisites and required criteria naming unknown criteria, or the criterion itself, are reported', () => {
    const standard = civicData20();
    standard.criteria[2]!.prerequisites = ['DG1', 'DM99'];
    standard.criteria[3]!.prerequisites = ['OD2'];
    standard.tiers[1]!.requiredCriteria = ['DG1', 'DG9'];
    standard.tiers[2]!.requiredCriteria = ['DG1', 'DG9', 'OD1'];
    expect(validateStandard(standard, civicData10())).toEqual([
      { path: 'criteria.2.prerequisites.1', message: 'unknown criterion "DM99"' },
      {
        path: 'criteria.3.prerequisites.0',
        message: 'a criterion cannot be its own prerequisite; remove "OD2"',
      },
      { path: 'tiers.1.requiredCriteria.1', message: 'unknown criterion "DG9"' },
      { path: 'tiers.2.requiredCriteria.1', message: 'unknown criterion "DG9"' },
    ]);
  });

  it('[F6] prerequisite cycle is reported once with its path', () => {
    const standard = civicData20();
    // DG1 → OD2 → OD1 → DG1, entered from every criterion in turn; plus a second, separate knot.
    standard.criteria[0]!.prerequisites = ['OD2'];
    standard.criteria[1]!.prerequisites = ['DG1', 'DG1'];
    standard.criteria[3]!.prerequisites = ['OD1'];
    standard.criteria.push(
      { ...standard.criteria[3]!, id: 'X1', prerequisites: ['X2'], lineage: { from: [], relation: 'new' } },
      { ...standard.criteria[3]!, id: 'X2', prerequisites: ['X1'], lineage: { from: [], relation: 'new' } },
    );
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.1.prerequisites.1',
        message: '"DG1" is listed twice (also at criteria.1.prerequisites.0); remove the repeat',
      },
      {
        path: 'criteria.0.prerequisites.0',
        message:
          'prerequisite cycle DG1 → OD2 → OD1 → DG1: none of these can ever be met; remove one of these prerequisites',
      },
      {
        path: 'criteria.4.prerequisites.0',
        message:
          'prerequisite cycle X1 → X2 → X1: none of these can ever be met; remove one of these prerequisites',
      },
    ]);
  });

  it('[F6] a checklist whose minMet exceeds its item count is reported', () => {
    const standard = civicData20();
    standard.criteria[1]!.checklist!.minMet = 4;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.1.checklist.minMet',
        message:
          'minMet is 4 but the checklist has only 3 items, so it can never be met; lower minMet or add items',
      },
    ]);
  });

  it('[F6] total points of 0 are reported, as no percentage can be computed', () => {
    const standard = civicData20();
    for (const criterion of standard.criteria) criterion.points = 0;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria',
        message:
          'every criterion has 0 points, so no percentage can be computed; give at least one criterion points',
      },
    ]);
  });

  it('[F6] an end date before the start date is reported', () => {
    const standard = civicData20();
    standard.effective = { from: '2025-01-01', until: '2024-12-31' };
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'effective.until',
        message:
          '2024-12-31 is before the start date 2025-01-01; the end date must not come before the start',
      },
    ]);
  });
});

describe('validateStandard: tier order', () => {
  it('[F6] a tier with a lower minPercent than the tier below is reported', () => {
    const standard = civicData20();
    standard.tiers[1]!.minPercent = 39.99;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.1.minPercent',
        message:
          '39.99 is lower than 40 in the tier below ("silver"); list tiers lowest first, each at least as strict as the one below',
      },
    ]);
  });

  it('[F6] a tier that drops requireCore is reported', () => {
    const standard = civicData20();
    standard.tiers[2]!.requireCore = false;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.2.requireCore',
        message: 'false, but the tier below ("gold") requires every core criterion; set requireCore to true',
      },
    ]);
  });

  it('[F6] a tier that does not require what the tier below requires is reported', () => {
    const standard = civicData20();
    standard.tiers[1]!.requiredCriteria = ['DG2'];
    standard.tiers[2]!.requiredCriteria = ['OD1'];
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.1.requiredCriteria',
        message:
          'missing "DG1", required by the tier below ("silver"); a tier must require everything the tier below requires',
      },
      {
        path: 'tiers.2.requiredCriteria',
        message:
          'missing "DG2", required by the tier below ("gold"); a tier must require everything the tier below requires',
      },
    ]);
  });

  it('[F6] a tier covering fewer parts than the tier below is reported, absent counting as 0', () => {
    const standard = civicData20();
    delete standard.tiers[1]!.minPartsCovered;
    standard.tiers[2]!.minPartsCovered = 0;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.1.minPartsCovered',
        message:
          'absent (0) is lower than 1 in the tier below ("silver"); list tiers lowest first, each at least as strict as the one below',
      },
    ]);
  });

  it('[F6] a tier no stricter than the tier below in any rule is reported', () => {
    const standard = civicData20();
    standard.tiers[1] = { ...standard.tiers[0]!, id: 'gold', name: 'Gold' };
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.1',
        message:
          'same rules as the tier below ("silver"); make it stricter in at least one of minPercent, requireCore, requiredCriteria or minPartsCovered',
      },
    ]);
  });

  it('[F6] tiers listed highest first are reported in every rule that goes down', () => {
    const standard = civicData20();
    standard.tiers.reverse();
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.1.minPercent',
        message:
          '60 is lower than 80 in the tier below ("platinum"); list tiers lowest first, each at least as strict as the one below',
      },
      {
        path: 'tiers.1.requiredCriteria',
        message:
          'missing "OD1", required by the tier below ("platinum"); a tier must require everything the tier below requires',
      },
      {
        path: 'tiers.1.minPartsCovered',
        message:
          '1 is lower than 2 in the tier below ("platinum"); list tiers lowest first, each at least as strict as the one below',
      },
      {
        path: 'tiers.2.minPercent',
        message:
          '40 is lower than 60 in the tier below ("gold"); list tiers lowest first, each at least as strict as the one below',
      },
      {
        path: 'tiers.2.requireCore',
        message: 'false, but the tier below ("gold") requires every core criterion; set requireCore to true',
      },
    ]);
  });

  it('[F6] minPartsCovered above the number of parts is reported', () => {
    const standard = civicData20();
    standard.tiers[2]!.minPartsCovered = 3;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'tiers.2.minPartsCovered',
        message: '3 parts must be covered but the standard has only 2; lower minPartsCovered or add parts',
      },
    ]);
  });

  it('[F6] minPartsCovered in a standard without parts is reported', () => {
    const standard = civicData10();
    standard.tiers[0]!.minPartsCovered = 1;
    expect(validateStandard(standard)).toEqual([
      {
        path: 'tiers.0.minPartsCovered',
        message: '1 parts must be covered but the standard has no parts; add parts or remove minPartsCovered',
      },
    ]);
  });
});

describe('validateStandard: lineage', () => {
  it('[F6] lineage with the wrong number of sources is reported for each relation', () => {
    const standard = civicData20();
    standard.criteria[0]!.lineage = { from: [], relation: 'same' };
    standard.criteria[1]!.lineage = { from: ['DG1', 'DG2'], relation: 'split' };
    standard.criteria[2]!.lineage = { from: ['OD1'], relation: 'merged' };
    standard.criteria[3]!.lineage = { from: ['OD2'], relation: 'new' };
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.0.lineage.from',
        message: '"same" takes exactly one source criterion, found 0; with 0 use "new"',
      },
      {
        path: 'criteria.1.lineage.from',
        message: '"split" takes exactly one source criterion, found 2; with 2 use "merged"',
      },
      {
        path: 'criteria.2.lineage.from',
        message:
          '"merged" takes two or more source criteria, found 1; with 1 use "same", "reworded" or "split"',
      },
      {
        path: 'criteria.3.lineage.from',
        message: '"new" takes no source criteria, found 1; with 1 use "same", "reworded" or "split"',
      },
    ]);
  });

  it('[F6] lineage sources absent from the basedOn version are reported', () => {
    const standard = civicData20();
    standard.criteria[0]!.lineage = { from: ['DG0'], relation: 'reworded' };
    standard.criteria[2]!.lineage = { from: ['OD1', 'OD3'], relation: 'merged' };
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.0.lineage.from.0',
        message: 'unknown criterion "DG0" in version "1.0", which this version is based on',
      },
      {
        path: 'criteria.2.lineage.from.1',
        message: 'unknown criterion "OD3" in version "1.0", which this version is based on',
      },
    ]);
  });

  it('[F6] without the basedOn version only lineage counts are checked, not source ids', () => {
    const standard = civicData20();
    standard.criteria[0]!.lineage = { from: ['DG0'], relation: 'reworded' };
    standard.criteria[3]!.lineage = { from: ['OD2'], relation: 'new' };
    expect(validateStandard(standard)).toEqual([
      {
        path: 'criteria.3.lineage.from',
        message: '"new" takes no source criteria, found 1; with 1 use "same", "reworded" or "split"',
      },
    ]);
  });

  it('[F6] a basedOn version of another standard or another version is reported, not its criteria', () => {
    const otherStandard = { ...civicData10(), id: 'open-cities' };
    const otherVersion = { ...civicData10(), version: '0.9', criteria: [] };
    expect(validateStandard(civicData20(), otherStandard)).toEqual([
      {
        path: 'basedOn',
        message:
          'lineage was checked against a version of standard "open-cities", not of "civic-data"; supply version "1.0" of "civic-data"',
      },
    ]);
    expect(validateStandard(civicData20(), otherVersion)).toEqual([
      {
        path: 'basedOn',
        message: 'basedOn is "1.0" but lineage was checked against version "0.9"; supply version "1.0"',
      },
    ]);
    expect(validateStandard(civicData10(), civicData10())).toEqual([
      {
        path: 'basedOn',
        message: 'basedOn is null, but version "1.0" was supplied to check lineage against',
      },
    ]);
  });

  it('[F6] a first version (basedOn null) may only have new lineage without sources', () => {
    const standard = civicData10();
    standard.criteria[0]!.lineage = { from: ['DG1'], relation: 'same' };
    standard.criteria[2]!.lineage = { from: ['OD1'], relation: 'new' };
    expect(validateStandard(standard)).toEqual([
      {
        path: 'criteria.0.lineage',
        message:
          'basedOn is null, so a criterion can only be new: use {"from": [], "relation": "new"}, remove the lineage, or set basedOn',
      },
      {
        path: 'criteria.2.lineage',
        message:
          'basedOn is null, so a criterion can only be new: use {"from": [], "relation": "new"}, remove the lineage, or set basedOn',
      },
    ]);
  });

  it('[F6] two criteria claiming to be the same source are reported; split successors are fine', () => {
    const sameTwice = civicData20();
    sameTwice.criteria[3]!.lineage = { from: ['DG1'], relation: 'reworded' };
    expect(validateStandard(sameTwice, civicData10())).toEqual([
      {
        path: 'criteria.3.lineage.relation',
        message:
          '"DG1" is also the source of DG1 \'Data leader\' ("same"); a criterion with several successors must have each of them say "split"',
      },
    ]);

    const split = civicData20();
    split.criteria[0]!.lineage = { from: ['DG1'], relation: 'split' };
    split.criteria[3]!.lineage = { from: ['DG1'], relation: 'split' };
    expect(validateStandard(split, civicData10())).toEqual([]);
  });
});

describe('validateStandard: every problem at once', () => {
  it('[F6] a standard with three different problems yields all three', () => {
    const standard = civicData20();
    standard.criteria[3]!.area = 'transparency';
    standard.criteria[1]!.checklist!.minMet = 5;
    standard.tiers[2]!.minPercent = 50;
    expect(validateStandard(standard, civicData10())).toEqual([
      {
        path: 'criteria.3.area',
        message: 'unknown area "transparency"; use one of "governance", "open-data" or add it to areas',
      },
      {
        path: 'criteria.1.checklist.minMet',
        message:
          'minMet is 5 but the checklist has only 3 items, so it can never be met; lower minMet or add items',
      },
      {
        path: 'tiers.2.minPercent',
        message:
          '50 is lower than 60 in the tier below ("gold"); list tiers lowest first, each at least as strict as the one below',
      },
    ]);
  });
});
