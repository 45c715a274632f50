import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SeedRefusedError, planSeed } from '../../server/seed/seed-store.ts';
import { projectRoot } from '../server/test-server.ts';

describe('planning the first-start seed', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('[H6] a version whose basedOn names no version in the folder refuses the seed, saying so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierline-seed-'));
    dirs.push(dir);
    const folder = join(dir, 'what-works-cities');
    cpSync(join(projectRoot, 'standards/what-works-cities'), folder, { recursive: true });
    rmSync(join(folder, 'assessments'), { recursive: true });
    const file = join(folder, '3.0.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"basedOn": "2.0"', '"basedOn": "9.9"'));

    let refusal: unknown;
    try {
      planSeed(dir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SeedRefusedError);
    expect((refusal as SeedRefusedError).problems).toEqual([
      `${file}: basedOn: version 9.9 of what-works-cities does not exist; set basedOn to a published version, whose criteria the lineage names`,
    ]);
  });
});
