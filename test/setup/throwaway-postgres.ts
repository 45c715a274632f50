import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for tests, benchmarks and load runs, started from the distribution's own
 * binaries (`/usr/lib/postgresql/<version>/bin/initdb` and `pg_ctl`) in a temporary folder on a free port,
 * and removed afterwards. PostgreSQL refuses to run as root, so as root (CI is) the binaries run as the
 * `postgres` user, in a folder that user owns.
 */
export interface ThrowawayPostgres {
  /** A connection URL for the maintenance database `postgres`. */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database and returns its connection URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once and deletes its folder. Safe to call twice. */
  stop(): void;
}

/** Options of `startThrowawayPostgres`. */
export interface ThrowawayPostgresOptions {
  /**
   * `false` (the default for tests) turns off fsync and synchronous commit, so tests run fast; benchmarks and
   * load runs pass `true` to measure a durable commit, as in production.
   */
  readonly durable?: boolean;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest installed `bin` folder, or a one-line error saying what to install. */
export function postgresBinaries(): string {
  const versions = existsSync(POSTGRES_ROOT)
    ? readdirSync(POSTGRES_ROOT)
        .filter((name) => existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(`no PostgreSQL under ${POSTGRES_ROOT}: apt-get install -y postgresql`);
  }
  return join(POSTGRES_ROOT, newest, 'bin');
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const runningAsRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function runPostgresBinary(binary: string, args: readonly string[]): void {
  const [command, commandArgs] = runningAsRoot
    ? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
    : [binary, [...args]];
  execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function postgresUserIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined) {
    throw new Error('running as root but there is no postgres user: apt-get install -y postgresql');
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Starts a fresh PostgreSQL server; call `stop()` when done (an exit hook stops it if the process ends first). */
export async function startThrowawayPostgres(
  options: ThrowawayPostgresOptions = {},
): Promise<ThrowawayPostgres> {
  const bin = postgresBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'tierline-pg-'));
  if (runningAsRoot) {
    const { uid, gid } = postgresUserIds();
    chownSync(folder, uid, gid);
  }
  const dataDir = join(folder, 'data');
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(options.durable === true
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      const [command, args] = runningAsRoot
        ? [
            'runuser',
            ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'],
          ]
        : [join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']];
      spawnSync(command, args, { stdio: 'ignore' });
    }
    rmSync(folder, { recursive: true, force: true });
  };
  process.on('exit', stop);
  try {
    runPostgresBinary(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    runPostgresBinary(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      join(folder, 'server.log'),
      '-o',
      settings,
      '-w',
      'start',
    ]);
  } catch (error) {
    const log = existsSync(join(folder, 'server.log'))
      ? readFileSync(join(folder, 'server.log'), 'utf8')
      : '';
    stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(
      `could not start a throwaway PostgreSQL: ${stderr.trim() || String(error)}\n${log}`.trim(),
      { cause: error },
    );
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
