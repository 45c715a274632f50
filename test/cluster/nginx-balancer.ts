import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/test-server.ts';
import { freePort } from '../setup/throwaway-postgres.ts';

/**
 * Debian's nginx (`/usr/sbin/nginx`) in front of Tierline instances, for tests and the storm, running the
 * sample configuration operators get (`deploy/nginx/tierline.conf`) with only its upstream servers and its
 * listen port replaced. nginx runs as a child process in the foreground (`daemon off`), with every path it
 * writes (pid, logs, temp files) in its own temp folder, removed by `stop()`.
 */
export interface NginxBalancer {
  /** `http://127.0.0.1:<port>`: the only address clients are given. */
  readonly url: string;
  readonly port: number;
  /** What nginx has logged so far, one entry per request, oldest first. */
  accessLog(): NginxLogEntry[];
  /** Stops nginx (SIGQUIT, then SIGKILL) and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** One request as nginx logged it. */
export interface NginxLogEntry {
  readonly method: string;
  readonly uri: string;
  readonly status: number;
  /**
   * The instance(s) nginx tried, as `host:port`, in order: more than one when it moved on from an instance
   * that refused (nginx separates them with `, `). Empty when no instance was asked.
   */
  readonly upstreams: readonly string[];
}

export const NGINX_BINARY = '/usr/sbin/nginx';
export const SAMPLE_CONFIG = join(projectRoot, 'deploy/nginx/tierline.conf');
/** The variant that sends every sync socket of one draft to the same instance (docs/scaling.md). */
export const SHARDED_SAMPLE_CONFIG = join(projectRoot, 'deploy/nginx/tierline-sharded.conf');

/** The one-line error a test shows when nginx is missing; it never skips. */
export function requireNginx(): void {
  if (!existsSync(NGINX_BINARY)) throw new Error(`no nginx at ${NGINX_BINARY}: apt-get install -y nginx`);
}

/** Where the sample config is filled in. */
export interface NginxSiteOptions {
  /** The instances, as `host:port`, in upstream order. */
  readonly instances: readonly string[];
  readonly listenPort: number;
}

const UPSTREAM_BLOCKS = /^(upstream \w+ \{\n)((?:.*\n)*?)(\})/gm;
const SERVER_LINE = /^(\s*)server \S+(.*);$/;
const LISTEN_LINE = /^(\s*listen )\d+;$/m;

/**
 * A sample site config with the `server` lines of each of its upstream blocks replaced by `instances`
 * (keeping the sample's parameters, e.g. `max_fails`) and its `listen` port replaced. Throws, naming what is
 * missing, when the sample no longer has the shape this relies on: then the tests would not be testing it.
 */
export function siteConfigFor(sample: string, options: NginxSiteOptions, file = SAMPLE_CONFIG): string {
  if (options.instances.length === 0) throw new Error('nginx needs at least one instance to balance');
  let upstreams = 0;
  const withUpstreams = sample.replace(
    UPSTREAM_BLOCKS,
    (_block, head: string, inside: string, end: string) => {
      upstreams++;
      const body = inside.split('\n');
      const firstServer = body.findIndex((line) => SERVER_LINE.test(line));
      const template = SERVER_LINE.exec(body[firstServer] ?? '');
      if (!template) throw new Error(`${file}: the block ${head.trim()} has no "server host:port;" line`);
      const servers = options.instances.map(
        (instance) => `${template[1] ?? ''}server ${instance}${template[2] ?? ''};`,
      );
      const kept = body.filter((line) => !SERVER_LINE.test(line));
      kept.splice(firstServer, 0, ...servers);
      return `${head}${kept.join('\n')}${end}`;
    },
  );
  if (upstreams === 0) throw new Error(`${file}: no "upstream <name> {" block`);
  if (!LISTEN_LINE.test(withUpstreams)) throw new Error(`${file}: no "listen <port>;" line`);
  return withUpstreams.replace(LISTEN_LINE, `$1127.0.0.1:${options.listenPort};`);
}

/**
 * The main config around the site: what Debian's /etc/nginx/nginx.conf would hold, but with every file
 * in `folder`. The access log records which instance answered each request. As root, workers run as root
 * too, so they can write the temp folders the master made (Debian's `www-data` could not).
 */
function mainConfig(folder: string, site: string): string {
  const asRoot = process.getuid?.() === 0;
  return [
    ...(asRoot ? ['user root;'] : []),
    'worker_processes 1;',
    'events { worker_connections 1024; }',
    'http {',
    `  log_format tierline_upstreams '$request_method $uri $status "$upstream_addr"';`,
    `  access_log ${join(folder, 'access.log')} tierline_upstreams;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (kind) => `  ${kind}_temp_path ${join(folder, 'temp', kind)};`,
    ),
    `  include ${site};`,
    '}',
    '',
  ].join('\n');
}

/**
 * Starts nginx on a free loopback port in front of `instances` (`host:port`) with the sample `config`;
 * resolves once it accepts connections.
 */
export async function startNginxBalancer(
  instances: readonly string[],
  config = SAMPLE_CONFIG,
): Promise<NginxBalancer> {
  requireNginx();
  const folder = mkdtempSync(join(tmpdir(), 'tierline-nginx-'));
  mkdirSync(join(folder, 'temp'));
  const port = await freePort();
  const site = join(folder, 'tierline.conf');
  writeFileSync(site, siteConfigFor(readFileSync(config, 'utf8'), { instances, listenPort: port }, config));
  const main = join(folder, 'nginx.conf');
  writeFileSync(main, mainConfig(folder, site));
  const errorLog = join(folder, 'error.log');
  const child = spawn(
    NGINX_BINARY,
    [
      '-p',
      folder,
      '-c',
      main,
      '-e',
      errorLog,
      '-g',
      `daemon off; master_process on; pid ${join(folder, 'nginx.pid')}; error_log ${errorLog} warn;`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopAtExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(folder, { recursive: true, force: true });
  };
  // If the test process ends first, nginx must not outlive it.
  const stopAtExit = (): void => {
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  process.on('exit', stopAtExit);
  try {
    await acceptsConnections(port, child, 10_000);
  } catch (error) {
    const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
    await stop();
    throw new Error(`nginx did not start: ${(error as Error).message}\n${output}${log}`.trim(), {
      cause: error,
    });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accessLog: () => parseAccessLog(readFileSync(join(folder, 'access.log'), 'utf8')),
    stop,
  };
}

/** The `tierline_upstreams` log lines: `METHOD URI STATUS "upstream[, upstream…]"`. */
export function parseAccessLog(text: string): NginxLogEntry[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\S+) (\S+) (\d+) "(.*)"$/.exec(line);
      if (!match) throw new Error(`an nginx access log line not in the tierline_upstreams format: ${line}`);
      const upstreams = (match[4] ?? '')
        .split(/\s*[,:]\s+/)
        .filter((address) => address !== '' && address !== '-');
      return { method: match[1] ?? '', uri: match[2] ?? '', status: Number(match[3]), upstreams };
    });
}

/** Resolves once `port` accepts a TCP connection; rejects if `child` exits first or after `timeoutMs`. */
async function acceptsConnections(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`nginx exited (${child.exitCode ?? child.signalCode})`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nothing listened on port ${port} after ${timeoutMs} ms`);
}
