import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { tierlineBin } from '../setup/compiled-build.ts';
import { type ServerProcess, startServerProcess } from '../server/server-process.ts';
import { projectRoot, signInWithToken } from '../server/test-server.ts';
import { freshDatabase, useThrowawayPostgres } from './postgres-fixture.ts';

/**
 * The compiled server and CLI on PostgreSQL (P7, X7): what an operator who sets TIERLINE_DATABASE_URL
 * gets, process by process.
 */
const postgres = useThrowawayPostgres();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tierline-pg-data-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

async function serverOn(url: string, folder: string): Promise<ServerProcess> {
  const server = await startServerProcess(folder, { TIERLINE_DATABASE_URL: url });
  cleanups.push(() => server.stop());
  return server;
}

/** Runs `npx tierline …` (the compiled CLI) with the same database configuration as the server. */
function npxTierline(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tierlineBin, ...args],
      { cwd: projectRoot, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('Tierline on PostgreSQL', () => {
  it('[P7] two compiled servers started together on one empty database seed it once, make one first-chair link, and both serve', async () => {
    const url = await freshDatabase(postgres());
    const [a, b] = await Promise.all([serverOn(url, dataDir()), serverOn(url, dataDir())]);

    // standards/ holds 4 versions of 2 standards: seeded once, one live draft each.
    expect(await query(url, 'SELECT standard_id, version FROM versions ORDER BY 1, 2')).toEqual([
      { standard_id: 'green-building-rating', version: '1.0' },
      { standard_id: 'what-works-cities', version: '1.0' },
      { standard_id: 'what-works-cities', version: '2.0' },
      { standard_id: 'what-works-cities', version: '3.0' },
    ]);
    expect(await query(url, 'SELECT id FROM drafts ORDER BY id')).toHaveLength(2);
    expect(await query(url, 'SELECT token_hash FROM invites')).toHaveLength(1);
    const tokens = [a.firstChairToken, b.firstChairToken].filter((token) => token !== undefined);
    expect(tokens).toHaveLength(1);

    for (const server of [a, b]) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    // The link works on the instance that did not make it: the invite is in the shared database.
    const other = a.firstChairToken === undefined ? a : b;
    expect(await signInWithToken(other.url, tokens[0] ?? '')).toMatch(/=/);
  }, 90_000);

  it('[X7] the CLI works on the server’s database: its invite is redeemed through the server, and export then import round-trips a version', async () => {
    const url = await freshDatabase(postgres());
    const folder = dataDir();
    const server = await serverOn(url, folder);
    const env = { TIERLINE_DATABASE_URL: url, TIERLINE_DATA: folder };

    const invited = await npxTierline(env, 'invite', '--name', 'Ada Editor', '--role', 'editor');
    expect(invited.stderr).toBe('');
    expect(invited.code).toBe(0);
    const token = invited.stdout.trim().split('\n').at(-1) ?? '';
    expect(await signInWithToken(server.url, token)).toMatch(/=/);
    expect(await query(url, "SELECT name, role FROM members WHERE name = 'Ada Editor'")).toEqual([
      { name: 'Ada Editor', role: 'editor' },
    ]);

    const out = dataDir();
    const exported = await npxTierline(env, 'export', 'what-works-cities', '3.0', '--out', out);
    expect(exported.stderr).toBe('');
    const file = join(out, 'what-works-cities', '3.0.json');
    const [stored] = await query<{ json: string }>(
      url,
      "SELECT json FROM versions WHERE standard_id = 'what-works-cities' AND version = '3.0'",
    );
    expect(readFileSync(file, 'utf8')).toBe(stored?.json);

    const imported = await npxTierline(env, 'import', file, '--as', 'draft', '--title', 'Round trip');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^imported what-works-cities 3\.0 as draft /);
    expect(await query(url, "SELECT title FROM drafts WHERE title = 'Round trip'")).toEqual([
      { title: 'Round trip' },
    ]);

    // A database that cannot be reached: one line saying which, nothing else.
    const refused = await npxTierline(
      { ...env, TIERLINE_DATABASE_URL: 'postgres://tierline@127.0.0.1:1/tierline' },
      'invite',
      '--name',
      'Bo',
      '--role',
      'viewer',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toMatch(
      /^[^\n]*PostgreSQL at postgres:\/\/tierline@127\.0\.0\.1:1\/tierline: [^\n]+$/,
    );
  }, 90_000);
});
