import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTierlineServer } from '../../server/app.ts';
import { SeedRefusedError, isEmptyStore, planSeed } from '../../server/seed/seed-store.ts';
import { databasePathIn } from '../../server/store/database-file.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import type { AssessmentFile } from '../../src/core/assessment.ts';
import type { Standard } from '../../src/core/standard.ts';
import { tierline } from '../cli/run-cli.ts';
import { civicData10, civicData20, civicData20Assessments } from '../fixtures/validation/civic-data.ts';
import { openStore } from '../../server/store/open-store.ts';

/**
 * F6 through the two doors files come in by: `tierline validate` (X1) and the server's first-start seeding
 * (P1). Each case breaks one thing in an otherwise valid `civic-data` folder (1.0, 2.0 based on 1.0, and
 * 2025 responses recorded against 2.0); the file must be refused with `file: path: message`, and nothing
 * may be written — the folder is unchanged, and the database of a refused first start stays empty.
 */

type Target = 'standard' | 'assessments';

interface BadFileCase {
  readonly rule: string;
  /** Which file of the folder is broken: `2.0.json` or `assessments/2025.json`. */
  readonly target: Target;
  readonly breakIt: (document: Record<string, unknown>) => void;
  /** The problem's path (empty: the whole document) and a part of its message. */
  readonly path: string;
  readonly message: string;
}

const standardOf = (document: Record<string, unknown>) => document as unknown as Standard;
const assessmentsOf = (document: Record<string, unknown>) => document as unknown as AssessmentFile;
const criterion = (document: Record<string, unknown>, index: number) => {
  const found = standardOf(document).criteria[index];
  if (!found) throw new Error(`the fixture has no criterion ${index}`);
  return found as Standard['criteria'][number] & Record<string, unknown>;
};
const tier = (document: Record<string, unknown>, index: number) => {
  const found = standardOf(document).tiers[index];
  if (!found) throw new Error(`the fixture has no tier ${index}`);
  return found as Standard['tiers'][number] & Record<string, unknown>;
};

const CASES: readonly BadFileCase[] = [
  {
    rule: 'an unknown key at the top level',
    target: 'standard',
    breakIt: (d) => (d['colour'] = 'green'),
    path: '',
    message: 'Unrecognized key: "colour"',
  },
  {
    rule: 'an unknown key in a criterion',
    target: 'standard',
    breakIt: (d) => (criterion(d, 0)['weight'] = 2),
    path: 'criteria.0',
    message: 'Unrecognized key: "weight"',
  },
  {
    rule: 'a duplicate criterion id',
    target: 'standard',
    breakIt: (d) => (criterion(d, 1).id = 'DG1'),
    path: 'criteria.1.id',
    message: 'duplicate criterion id "DG1"',
  },
  {
    rule: 'a duplicate checklist item id',
    target: 'standard',
    breakIt: (d) => {
      const item = criterion(d, 1).checklist?.items[1];
      if (item) item.id = 'DG2.a';
    },
    path: 'criteria.1.checklist.items.1.id',
    message: 'duplicate checklist item id "DG2.a"',
  },
  {
    rule: 'a reference to an unknown area',
    target: 'standard',
    breakIt: (d) => (criterion(d, 0).area = 'nowhere'),
    path: 'criteria.0.area',
    message: 'unknown area "nowhere"',
  },
  {
    rule: 'a reference to an unknown part',
    target: 'standard',
    breakIt: (d) => (criterion(d, 0).part = 'measure'),
    path: 'criteria.0.part',
    message: 'unknown part "measure"',
  },
  {
    rule: 'a prerequisite naming an unknown criterion',
    target: 'standard',
    breakIt: (d) => (criterion(d, 3).prerequisites = ['ZZ9']),
    path: 'criteria.3.prerequisites.0',
    message: 'unknown criterion "ZZ9"',
  },
  {
    rule: 'a tier requiring an unknown criterion',
    target: 'standard',
    breakIt: (d) => tier(d, 2).requiredCriteria.push('ZZ9'),
    path: 'tiers.2.requiredCriteria.2',
    message: 'unknown criterion "ZZ9"',
  },
  {
    rule: 'a prerequisite cycle',
    target: 'standard',
    breakIt: (d) => (criterion(d, 0).prerequisites = ['OD1']),
    path: 'criteria.0.prerequisites.0',
    message: 'prerequisite cycle DG1 → OD1 → DG1',
  },
  {
    rule: 'tiers out of order: a lower minPercent',
    target: 'standard',
    breakIt: (d) => (tier(d, 1).minPercent = 30),
    path: 'tiers.1.minPercent',
    message: '30 is lower than 40',
  },
  {
    rule: 'tiers out of order: requireCore dropped',
    target: 'standard',
    breakIt: (d) => (tier(d, 2).requireCore = false),
    path: 'tiers.2.requireCore',
    message: 'false, but the tier below ("gold") requires every core criterion',
  },
  {
    rule: 'tiers out of order: a required criterion dropped',
    target: 'standard',
    breakIt: (d) => (tier(d, 2).requiredCriteria = ['OD1']),
    path: 'tiers.2.requiredCriteria',
    message: 'missing "DG1"',
  },
  {
    rule: 'tiers out of order: fewer parts covered',
    target: 'standard',
    breakIt: (d) => (tier(d, 1).minPartsCovered = 0),
    path: 'tiers.1.minPartsCovered',
    message: '0 is lower than 1 in the tier below ("silver")',
  },
  {
    rule: 'tiers out of order: not stricter in any rule',
    target: 'standard',
    breakIt: (d) => Object.assign(tier(d, 1), { ...tier(d, 0), id: 'gold', name: 'Gold' }),
    path: 'tiers.1',
    message: 'same rules as the tier below',
  },
  {
    rule: 'minMet above the number of checklist items',
    target: 'standard',
    breakIt: (d) => {
      const checklist = criterion(d, 1).checklist;
      if (checklist) checklist.minMet = 4;
    },
    path: 'criteria.1.checklist.minMet',
    message: 'minMet is 4 but the checklist has only 3 items',
  },
  {
    rule: 'lineage naming a criterion absent from the basedOn version',
    target: 'standard',
    breakIt: (d) => (criterion(d, 1).lineage = { from: ['DG7'], relation: 'reworded' }),
    path: 'criteria.1.lineage.from.0',
    message: 'unknown criterion "DG7" in version "1.0"',
  },
  {
    rule: 'lineage "same" with two sources',
    target: 'standard',
    breakIt: (d) => (criterion(d, 0).lineage = { from: ['DG1', 'OD2'], relation: 'same' }),
    path: 'criteria.0.lineage.from',
    message: '"same" takes exactly one source criterion, found 2',
  },
  {
    rule: 'lineage "merged" with one source',
    target: 'standard',
    breakIt: (d) => (criterion(d, 2).lineage = { from: ['OD1'], relation: 'merged' }),
    path: 'criteria.2.lineage.from',
    message: '"merged" takes two or more source criteria, found 1',
  },
  {
    rule: 'lineage "new" with a source',
    target: 'standard',
    breakIt: (d) => (criterion(d, 3).lineage = { from: ['OD2'], relation: 'new' }),
    path: 'criteria.3.lineage.from',
    message: '"new" takes no source criteria, found 1',
  },
  {
    rule: 'a response naming an unknown criterion',
    target: 'assessments',
    breakIt: (d) => {
      const applicant = assessmentsOf(d).applicants[0];
      if (applicant) applicant.responses['ZZ9'] = true;
    },
    path: 'applicants.0.responses.ZZ9',
    message: 'unknown criterion "ZZ9" in version "2.0"',
  },
  {
    rule: 'a response naming an unknown checklist item',
    target: 'assessments',
    breakIt: (d) => {
      const applicant = assessmentsOf(d).applicants[0];
      if (applicant) applicant.responses['DG2'] = { items: ['DG2.a', 'DG2.z'] };
    },
    path: 'applicants.0.responses.DG2.items.1',
    message: 'unknown checklist item "DG2.z" of DG2',
  },
];

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A `standards/`-like folder holding civic-data 1.0, 2.0 and 2025 responses, one file broken by `broken`. */
function standardsFolder(broken?: BadFileCase): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'tierline-bad-files-'));
  folders.push(root);
  const folder = join(root, 'civic-data');
  mkdirSync(join(folder, 'assessments'), { recursive: true });
  const v20 = civicData20() as unknown as Record<string, unknown>;
  const cohort = civicData20Assessments() as unknown as Record<string, unknown>;
  if (broken) broken.breakIt(broken.target === 'standard' ? v20 : cohort);
  const write = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  write(join(folder, '1.0.json'), civicData10());
  write(join(folder, '2.0.json'), v20);
  write(join(folder, 'assessments', '2025.json'), cohort);
  const file =
    broken?.target === 'assessments' ? join(folder, 'assessments', '2025.json') : join(folder, '2.0.json');
  return { root, file };
}

/** Every file under `root` with its bytes and modification time: "nothing written" made checkable. */
function folderState(root: string): string {
  return JSON.stringify(
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .sort()
      .map((path) => {
        const full = join(root, path);
        const stat = statSync(full);
        return [path, stat.mtimeMs, stat.isFile() ? readFileSync(full, 'utf8') : 'dir'];
      }),
  );
}

/** A pattern for lines that begin with `text`. */
const startOf = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

const expectedLine = (file: string, { path, message }: BadFileCase) =>
  path === '' ? `${file}: ${message}` : `${file}: ${path}: ${message}`;

describe('bad files are refused whole, through every door', () => {
  it('[F6] the unbroken folder is valid and seeds (so each case below fails for its own reason)', async () => {
    const { root } = standardsFolder();
    const run = await tierline('validate', join(root, 'civic-data'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(planSeed(root).versions.map((version) => version.version)).toEqual(['1.0', '2.0']);
  });

  for (const badCase of CASES) {
    it(`[F6] tierline validate refuses ${badCase.rule}, lists it as file: path: message, writes nothing`, async () => {
      const { root, file } = standardsFolder(badCase);
      const before = folderState(root);
      const run = await tierline('validate', file);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')).toContainEqual(
        expect.stringMatching(startOf(expectedLine(file, badCase))),
      );
      expect(folderState(root)).toBe(before);
    });

    it(`[F6] first-start seeding refuses ${badCase.rule} whole: the database stays empty`, async () => {
      const { root, file } = standardsFolder(badCase);
      const before = folderState(root);
      let refusal: unknown;
      try {
        planSeed(root);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(SeedRefusedError);
      expect((refusal as SeedRefusedError).problems).toContainEqual(
        expect.stringMatching(startOf(expectedLine(file, badCase))),
      );

      const dataDir = join(root, 'data');
      const lines: string[] = [];
      await expect(
        startTierlineServer({
          port: 0,
          store: await openStore({ dataDir }),
          dataDir,
          standardsDir: root,
          staticDir: join(root, 'no-static'),
          log: (line) => lines.push(line),
        }),
      ).rejects.toThrow(expectedLine(file, badCase));
      const store = openSqliteStore(databasePathIn(dataDir));
      try {
        expect(await isEmptyStore(store)).toBe(true);
        expect(await store.assessments.listAssessmentFiles()).toEqual([]);
        expect(await store.members.listMembers()).toEqual([]);
        expect(await store.invites.listInvites()).toEqual([]);
      } finally {
        await store.close();
      }
      expect(lines.filter((line) => line.startsWith('Seeded'))).toEqual([]);
      // The standards folder itself is never touched (the database lives in data/, created on start).
      rmSync(dataDir, { recursive: true, force: true });
      expect(folderState(root)).toBe(before);
    });
  }

  it('[F6] a file that is not JSON is refused with its line and column, by validate and by seeding', async () => {
    const { root } = standardsFolder();
    const file = join(root, 'civic-data', '2.0.json');
    writeFileSync(file, '{\n  "kind": "standard",\n  "id": \n');
    const run = await tierline('validate', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${file}: line 4, column 1: `));
    expect(() => planSeed(root)).toThrow(`${file}: line 4, column 1: `);
  });

  it('[P1] after a refused first start, fixing the file lets the next start seed everything', async () => {
    const broken = CASES.find((badCase) => badCase.rule === 'a prerequisite cycle');
    if (!broken) throw new Error('the prerequisite-cycle case');
    const { root } = standardsFolder(broken);
    const dataDir = join(root, 'data');
    const options = async () => ({
      port: 0,
      store: await openStore({ dataDir }),
      dataDir,
      standardsDir: root,
      staticDir: join(root, 'no-static'),
      log: () => {},
    });
    await expect(startTierlineServer(await options())).rejects.toBeInstanceOf(SeedRefusedError);
    writeFileSync(join(root, 'civic-data', '2.0.json'), JSON.stringify(civicData20()));
    const server = await startTierlineServer(await options());
    try {
      expect(
        (await server.store.versions.listVersions('civic-data')).map((version) => version.version),
      ).toEqual(['1.0', '2.0']);
      expect((await server.store.drafts.listDrafts()).map((draft) => draft.id)).toEqual(['civic-data-draft']);
      expect(await server.store.assessments.listAssessmentFiles()).toEqual([
        { standardId: 'civic-data', cycle: '2025' },
      ]);
    } finally {
      await server.close();
    }
  });
});
