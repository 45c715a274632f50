import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tierlineBin } from '../setup/compiled-build.ts';
import { projectRoot } from './run-cli.ts';

/** Runs `npx tierline …` as a user does: `bin/tierline.js` in a fresh Node process, from the checkout. */
function npxTierline(
  bin: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: projectRoot }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function scratchFolder(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'tierline-compiled-'));
  return scratch;
}

function writeFile(file: string, text: string, modifiedAt?: Date): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (modifiedAt) utimesSync(file, modifiedAt, modifiedAt);
}

/** A checkout holding only the bin entry, so its build can be missing or older than its sources. */
function checkoutWithBinOnly(): string {
  const root = scratchFolder();
  mkdirSync(join(root, 'bin'));
  for (const file of ['tierline.js', 'compiled-build.js']) {
    copyFileSync(join(projectRoot, 'bin', file), join(root, 'bin', file));
  }
  return root;
}

describe('the compiled tierline CLI (dist-server/)', () => {
  it('[X1] npx tierline validate of a valid file runs the build and exits 0', async () => {
    const result = await npxTierline(tierlineBin, 'validate', 'standards/what-works-cities/3.0.json');
    expect(result).toEqual({
      code: 0,
      stdout: 'valid: 1 standard version(s), 0 assessment file(s)\n',
      stderr: '',
    });
  });

  it('[X1] npx tierline validate of a bad file exits 1 with the problem, file: path: message', async () => {
    const standard = JSON.parse(
      readFileSync(join(projectRoot, 'standards/green-building-rating/1.0.json'), 'utf8'),
    ) as { tiers: { minPercent: number }[] };
    standard.tiers[0]!.minPercent = 150;
    const file = join(scratchFolder(), 'too-high.json');
    writeFile(file, JSON.stringify(standard));
    const result = await npxTierline(tierlineBin, 'validate', file);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${file}: tiers.0.minPercent: Too big: expected number to be <=100\n1 problem; nothing is valid until all are fixed\n`,
    });
  });

  it('[X1] validate loads the compiled checks and no database driver, Yjs, WebSocket or server code', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', join(import.meta.dirname, 'report-imports.js'), tierlineBin, 'validate', 'standards'],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const loaded = String(run.output[3]).split('\n');
    expect(loaded).toContain(`file://${projectRoot}/dist-server/server/cli/validate-command.js`);
    const unwanted = loaded.filter((url) =>
      /better-sqlite3|\/yjs\/|\/ws\/|y-protocols|\/server\/(sync|api|store|auth)\/|\.ts$/.test(url),
    );
    expect(unwanted).toEqual([]);
  });

  it('[X1] without a build, npx tierline says to build it and exits 1', async () => {
    const root = checkoutWithBinOnly();
    const result = await npxTierline(join(root, 'bin/tierline.js'), 'validate', 'standards');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'tierline: the compiled CLI and server (dist-server/) are missing; run `npm run build:server` (or `npm ci`) first\n',
    );
  });

  it('[X1] a build older than a source it compiled is refused, naming the source, never run', async () => {
    const root = checkoutWithBinOnly();
    const built = new Date(Date.now() - 60_000);
    writeFile(join(root, 'dist-server/server/cli/main.js'), 'throw new Error("the stale build ran");', built);
    writeFile(join(root, 'server/cli/main.ts'), '// edited after the build\n');
    const result = await npxTierline(join(root, 'bin/tierline.js'), 'validate', 'standards');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'tierline: server/cli/main.ts changed after the last build; run `npm run build:server` (or `npm ci`) first\n',
    );
  });
});
