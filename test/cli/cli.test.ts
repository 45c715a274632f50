import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot, tierline } from './run-cli.ts';

const FIXTURE = 'standards/green-building-rating/1.0.json';

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function scratchFile(name: string, content: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'tierline-cli-'));
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

const building = (responses: Record<string, unknown>, population = 0) =>
  JSON.stringify({
    kind: 'assessments',
    schemaVersion: 1,
    standard: 'green-building-rating',
    version: '1.0',
    cycle: 'test',
    synthetic: true,
    applicants: [{ id: 'b1', name: 'Building One', population, responses }],
  });

const allPrerequisites = { SSp1: true, WEp1: true, EAp1: true, MRp1: true, EQp1: true };

describe('tierline CLI', () => {
  it('[X1] validate lists every problem as file: path: message and exits 1', async () => {
    const file = scratchFile(
      'broken.json',
      JSON.stringify({
        kind: 'standard',
        schemaVersion: 2,
        id: 'tiny',
        title: 'Tiny',
        version: '1',
        basedOn: null,
        status: 'draft',
        eligibility: { minPopulation: 0 },
        areas: [{ id: 'a', name: 'A' }],
        criteria: [
          { id: 'C1', title: 'One', statement: '', area: 'a', points: 1, prerequisites: ['C9'] },
          { id: 'C1', title: 'Two', statement: '', area: 'b', points: 1 },
        ],
        tiers: [{ id: 'pass', name: 'Pass', minPercent: 50 }],
      }),
    );
    const run = await tierline('validate', file);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines.some((line) => line.startsWith(`${file}: criteria.1.id: `))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${file}: criteria.1.area: `) && line.includes('"b"'))).toBe(
      true,
    );
    expect(
      lines.some((line) => line.startsWith(`${file}: criteria.0.prerequisites.0: `) && line.includes('C9')),
    ).toBe(true);
    expect(run.stdout).toBe('');
  });

  it('[X1] a file that is not JSON says where the JSON broke', async () => {
    const file = scratchFile('cut.json', '{\n  "kind": "standard",\n  "id": \n');
    const run = await tierline('validate', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${file}: line 4, column 1: `));
  });

  it('[X1] an assessment file is checked against the version it names, found beside it', async () => {
    const run = await tierline('validate', 'standards/what-works-cities/assessments/2021.json');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('valid: 0 standard version(s), 1 assessment file(s)\n');
    const unknown = scratchFile('cohort.json', building({ XYZ1: true }));
    const copy = await tierline('validate', unknown, FIXTURE);
    expect(copy.code).toBe(1);
    expect(copy.stderr).toContain(`${unknown}: applicants.0.responses.XYZ1: `);
  });

  it('[X2] score --json prints exactly the X2 shape, percents to two decimals', async () => {
    const file = scratchFile(
      'cohort.json',
      building({ ...allPrerequisites, EAc1: true, WEc2: true, LTc1: true, LTc2: true, SSc2: true }),
    );
    const run = await tierline('score', FIXTURE, file, '--json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      standard: 'green-building-rating',
      version: '1.0',
      results: [
        {
          applicant: 'b1',
          eligible: true,
          points: 46,
          pointsHigh: 110,
          total: 110,
          percent: 41.82,
          percentHigh: 100,
          tier: 'certified',
          tierRange: ['certified', 'platinum'],
          unassessed: expect.any(Array) as unknown,
        },
      ],
    });
  });

  it('[S5] a missing 0-point prerequisite keeps a building uncertified whatever its points', async () => {
    const { EQp1: _missing, ...fourPrerequisites } = allPrerequisites;
    const file = scratchFile(
      'cohort.json',
      building({
        ...fourPrerequisites,
        EQp1: false,
        EAc1: true,
        WEc2: true,
        LTc1: true,
        LTc2: true,
        SSc2: true,
      }),
    );
    const run = await tierline('score', FIXTURE, file, '--json');
    const row = (JSON.parse(run.stdout) as { results: { points: number; tier: string | null }[] }).results[0];
    expect(row?.points).toBe(46);
    expect(row?.tier).toBeNull();
  });

  it('[X2] score prints a readable table with ranges and a summary', async () => {
    const run = await tierline(
      'score',
      'standards/what-works-cities/3.0.json',
      'standards/what-works-cities/assessments/2021.json',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'What Works Cities Certification Standard 3.0 — cycle 2021 (synthetic responses), translated from 2.0',
    );
    expect(lines[1]).toMatch(/^Applicant\s+Points\s+Percent\s+Tier$/);
    expect(run.stdout).toMatch(/Austin, TX\s+\d+–\d+ \/ 43\s+[\d.]+–[\d.]+%/);
    expect(run.stdout).toMatch(/\n60 applicants: .*ineligible 1/);
  });

  it('[X2] a missing versions folder and a wrong standard are one clear line each, no stack trace', async () => {
    const run = await tierline(
      'score',
      'standards/green-building-rating/1.0.json',
      'standards/what-works-cities/assessments/2021.json',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'standards/what-works-cities/assessments/2021.json: responses are for standard "what-works-cities", not "green-building-rating"\n',
    );
    const noVersions = await tierline(
      'score',
      'standards/what-works-cities/3.0.json',
      'standards/what-works-cities/assessments/2018.json',
      '--versions',
      'standards/green-building-rating',
    );
    expect(noVersions.code).toBe(1);
    expect(noVersions.stderr).toMatch(
      /recorded against version "1\.0", which is not in .*; pass --versions DIR\n$/,
    );
    expect(noVersions.stderr).not.toMatch(/\n\s+at /);
  });

  it('[X1] unknown commands and missing arguments print usage and exit 2', async () => {
    expect((await tierline('frobnicate')).code).toBe(2);
    const missing = await tierline('score', FIXTURE);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: tierline');
  });

  it('[X1] npx tierline works through the bin entry', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(projectRoot, 'bin/tierline.js'), 'validate', 'standards/what-works-cities'],
      { cwd: projectRoot },
    );
    expect(stdout).toBe('valid: 3 standard version(s), 4 assessment file(s)\n');
  });
});
