import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { tierline } from '../cli/run-cli.ts';
import { startTestServer, type TestServer } from './test-server.ts';

function seedWith(edit: (standard: Standard) => Standard): string {
  const parsed = parseStandard(JSON.parse(readFileSync('standards/what-works-cities/3.0.json', 'utf8')));
  if (!parsed.ok) throw new Error('3.0 does not parse');
  return toCanonicalJson(edit(parsed.value));
}

describe('tierline export / import (V3)', () => {
  let server: TestServer;
  let work: string;

  beforeAll(async () => {
    server = await startTestServer();
    work = mkdtempSync(join(tmpdir(), 'tierline-files-'));
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('[V3] export writes <out>/<standard>/<version>.json byte for byte as published', async () => {
    const out = join(work, 'out');
    const run = await tierline('export', 'what-works-cities', '2.0', '--data', server.dataDir, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = join(out, 'what-works-cities', '2.0.json');
    expect(run.stdout).toMatch(/^wrote .*what-works-cities\/2\.0\.json \(sha256 [0-9a-f]{64}\)\n$/);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync('standards/what-works-cities/2.0.json', 'utf8'));

    const missing = await tierline('export', 'what-works-cities', '9.9', '--data', server.dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tierline export: what-works-cities has no published version "9\.9"/);
    const usage = await tierline('export', 'what-works-cities');
    expect(usage.code).toBe(2);
  });

  it('[V3] import --as version publishes the file; export gives the same bytes back', async () => {
    const text = seedWith((standard) => ({
      ...standard,
      version: '3.2',
      basedOn: '3.0',
      criteria: standard.criteria.map((criterion) => ({
        ...criterion,
        lineage: { from: [criterion.id], relation: 'same' as const },
      })),
    }));
    const file = join(work, '3.2.json');
    writeFileSync(file, text);
    const run = await tierline('import', file, '--data', server.dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^imported what-works-cities 3\.2 as a version \(sha256 [0-9a-f]{64}\)\n$/);
    expect((await server.store.versions.getVersion('what-works-cities', '3.2'))?.author).toBe('import');

    const out = join(work, 'back');
    await tierline('export', 'what-works-cities', '3.2', '--data', server.dataDir, '--out', out);
    expect(readFileSync(join(out, 'what-works-cities', '3.2.json'), 'utf8')).toBe(text);
  });

  it('[V3] import --as draft creates a draft holding the file', async () => {
    const before = (await server.store.drafts.listDrafts()).length;
    const run = await tierline(
      'import',
      'standards/green-building-rating/1.0.json',
      '--as',
      'draft',
      '--title',
      'LEED-style rework',
      '--data',
      server.dataDir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const drafts = await server.store.drafts.listDrafts();
    expect(drafts).toHaveLength(before + 1);
    const draft = drafts.at(-1);
    expect(draft).toMatchObject({ standardId: 'green-building-rating', title: 'LEED-style rework' });
    expect(run.stdout).toBe(
      `imported green-building-rating 1.0 as draft ${draft?.id} ("LEED-style rework")\n`,
    );
  });

  it('[V3][F6] a refused import prints every problem and writes nothing', async () => {
    const file = join(work, 'bad.json');
    writeFileSync(
      file,
      seedWith((standard) => ({
        ...standard,
        version: '3.3',
        basedOn: '3.0',
        tiers: [...standard.tiers].reverse(),
      })),
    );
    const versions = await server.store.versions.listVersions();
    const drafts = await server.store.drafts.listDrafts();
    const run = await tierline('import', file, '--data', server.dataDir);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((line) => line.startsWith(`${file}: `))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${file}: tiers.`))).toBe(true);
    expect(lines.at(-1)).toBe(`${file}: nothing was imported`);
    expect(await server.store.versions.listVersions()).toEqual(versions);
    expect(await server.store.drafts.listDrafts()).toEqual(drafts);

    const badAs = await tierline('import', file, '--as', 'branch', '--data', server.dataDir);
    expect(badAs.code).toBe(2);
    const noDatabase = await tierline('import', file, '--data', join(work, 'empty'));
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toMatch(/^tierline import: no database at /);
  });
});
