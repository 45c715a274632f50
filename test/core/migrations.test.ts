import { describe, expect, it, vi } from 'vitest';
import { ASSESSMENT_MIGRATIONS, parseAssessments } from '../../src/core/assessment.ts';
import { type MigrationChain, currentVersionOf, migrateToCurrent } from '../../src/core/migrations.ts';
import { STANDARD_MIGRATIONS, parseStandard } from '../../src/core/standard.ts';

/** A standard as schemaVersion 1 wrote it: the population floor at the top level. */
const standardV1 = {
  kind: 'standard',
  schemaVersion: 1,
  id: 'civic-data',
  title: 'Civic Data Standard',
  version: '1.0',
  basedOn: null,
  status: 'published',
  minPopulation: 30000,
  areas: [{ id: 'governance', name: 'Data Governance' }],
  criteria: [
    {
      id: 'DG1',
      title: 'Data leader',
      statement: 'A named official leads data work.',
      area: 'governance',
      points: 2,
    },
  ],
  tiers: [{ id: 'certified', name: 'Certified', minPercent: 50 }],
};

/** The same document after migration 1 → 2, before defaults are filled in. */
const standardV2 = {
  kind: 'standard',
  schemaVersion: 2,
  id: 'civic-data',
  title: 'Civic Data Standard',
  version: '1.0',
  basedOn: null,
  status: 'published',
  areas: [{ id: 'governance', name: 'Data Governance' }],
  criteria: [
    {
      id: 'DG1',
      title: 'Data leader',
      statement: 'A named official leads data work.',
      area: 'governance',
      points: 2,
    },
  ],
  tiers: [{ id: 'certified', name: 'Certified', minPercent: 50 }],
  eligibility: { minPopulation: 30000 },
};

/** An assessment file at schemaVersion 1, the first (and so far only) version. */
const assessmentsV1 = {
  kind: 'assessments',
  schemaVersion: 1,
  standard: 'civic-data',
  version: '1.0',
  cycle: '2024',
  synthetic: true,
  applicants: [{ id: 'springfield', name: 'Springfield', population: 120000, responses: { DG1: true } }],
};

/**
 * One literal before/after per migration, keyed by the version it upgrades from. Adding a migration
 * without adding its case here fails `every migration has a literal before/after case`.
 */
const MIGRATION_CASES: readonly {
  readonly chain: MigrationChain;
  readonly firstVersionDocument: Record<string, unknown>;
  readonly cases: readonly { readonly from: number; readonly before: object; readonly after: object }[];
}[] = [
  {
    chain: STANDARD_MIGRATIONS,
    firstVersionDocument: standardV1,
    cases: [
      {
        from: 1,
        before: standardV1,
        after: { ...standardV2, schemaVersion: 1 }, // the chain, not the migration, stamps the new version
      },
    ],
  },
  { chain: ASSESSMENT_MIGRATIONS, firstVersionDocument: assessmentsV1, cases: [] },
];

describe('migrations', () => {
  it('[F2] schemaVersion 1 standard migrates to 2', () => {
    expect(migrateToCurrent(STANDARD_MIGRATIONS, standardV1)).toEqual({ ok: true, value: standardV2 });
    expect(parseStandard(standardV1)).toEqual({
      ok: true,
      value: {
        ...standardV2,
        criteria: [{ ...standardV2.criteria[0], core: false, prerequisites: [] }],
        tiers: [{ ...standardV2.tiers[0], requireCore: false, requiredCriteria: [] }],
        partCoveragePercent: 50,
      },
    });
  });

  it('[F2] a schemaVersion newer than this Tierline understands is refused, saying to upgrade', () => {
    expect(parseStandard({ ...standardV2, schemaVersion: 3 })).toEqual({
      ok: false,
      problems: [
        {
          path: 'schemaVersion',
          message: 'schema version 3 is newer than this Tierline understands (2); upgrade Tierline',
        },
      ],
    });
    expect(parseAssessments({ ...assessmentsV1, schemaVersion: 2 })).toEqual({
      ok: false,
      problems: [
        {
          path: 'schemaVersion',
          message: 'schema version 2 is newer than this Tierline understands (1); upgrade Tierline',
        },
      ],
    });
  });

  it.each([1.5, '2', 0, null])(
    '[F2] schemaVersion %j is refused as not an integer from 1',
    (schemaVersion) => {
      expect(parseStandard({ ...standardV2, schemaVersion })).toEqual({
        ok: false,
        problems: [{ path: 'schemaVersion', message: 'expected an integer schema version, starting at 1' }],
      });
    },
  );

  it('[F2] every migration has a literal before/after case', () => {
    for (const { chain, cases } of MIGRATION_CASES) {
      const expectedFromVersions = chain.migrations.map((_, index) => index + 1);
      expect(
        cases.map((testCase) => testCase.from),
        `${chain.kind}: add a before/after case for each migration`,
      ).toEqual(expectedFromVersions);
    }
  });

  it.each(
    MIGRATION_CASES.flatMap(({ chain, cases }) =>
      cases.map((testCase) => ({ kind: chain.kind, chain, ...testCase })),
    ),
  )(
    '[F2] $kind migration $from → next turns the literal before into the literal after',
    ({ chain, from, before, after }) => {
      const migration = chain.migrations[from - 1];
      expect(migration).toBeDefined();
      expect(migration?.({ ...before })).toEqual(after);
    },
  );

  it('[F2] migrating a schemaVersion 1 document calls every migration once, in order', () => {
    for (const { chain, firstVersionDocument } of MIGRATION_CASES) {
      const calls: number[] = [];
      const spied: MigrationChain = {
        kind: chain.kind,
        migrations: chain.migrations.map((migration, index) =>
          vi.fn((document: Record<string, unknown>) => {
            calls.push(index + 1);
            return migration(document);
          }),
        ),
      };
      const migrated = migrateToCurrent(spied, firstVersionDocument);
      expect(calls, `${chain.kind}: every migration runs once`).toEqual(
        chain.migrations.map((_, index) => index + 1),
      );
      expect(migrated.ok && migrated.value['schemaVersion']).toBe(currentVersionOf(chain));
    }
    // The migrated documents are valid under the current schemas, so the fixtures stay realistic.
    expect(parseStandard(standardV1).ok).toBe(true);
    expect(parseAssessments(assessmentsV1).ok).toBe(true);
  });
});
