import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { type ClusterProcesses, startClusterProcesses } from '../cluster/cluster-processes.ts';
import { type NginxBalancer, startNginxBalancer } from '../cluster/nginx-balancer.ts';
import { startServerProcess } from '../server/server-process.ts';
import { missingUpdates, sameState, sleep, until } from './convergence.ts';
import { randomDraftEdit } from './draft-edits.ts';
import { type FaultClient, collectSeen, connectFaultClient } from './sync-clients.ts';

/**
 * The cluster storm (P8): Tierline instances on one PostgreSQL behind Debian's nginx with the sample config
 * (`deploy/nginx/tierline.conf`), clients connected only to nginx and editing continuously, while one
 * instance after another is killed with SIGKILL and started again on its port. After each kill a fresh
 * client, connecting through nginx as anyone would, must come to hold every update any client had received
 * so far; at the end all clients and a fresh one agree.
 */

const DRAFT = 'what-works-cities-draft';

/** Instances on one database behind nginx, as a deployment runs them. */
export interface BalancedCluster {
  readonly cluster: ClusterProcesses;
  readonly nginx: NginxBalancer;
  /** `host:port` of instance `index`: the address nginx has for it, the same after a restart. */
  address(index: number): string;
  /** SIGKILL of instance `index`. */
  kill(index: number): Promise<void>;
  /** Starts instance `index` again, on its old port, on the same database. */
  restart(index: number): Promise<void>;
  /** Whether instance `index` is running. */
  isUp(index: number): boolean;
  stop(): Promise<void>;
}

/** Starts `instances` instances on a throwaway PostgreSQL and nginx in front of them. */
export async function startBalancedCluster(instances: number): Promise<BalancedCluster> {
  const cluster = await startClusterProcesses({ instances });
  const addresses = cluster.instances.map((instance) => new URL(instance.url).host);
  const up = addresses.map(() => true);
  const restartedDirs: string[] = [];
  let nginx: NginxBalancer;
  try {
    nginx = await startNginxBalancer(addresses);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const address = (index: number): string => {
    const found = addresses[index];
    if (found === undefined) throw new Error(`no instance ${index}`);
    return found;
  };
  return {
    cluster,
    nginx,
    address,
    isUp: (index) => up[index] === true,
    async kill(index) {
      up[index] = false;
      await cluster.instances[index]?.kill9();
    },
    async restart(index) {
      const dataDir = mkdtempSync(join(tmpdir(), 'tierline-instance-'));
      restartedDirs.push(dataDir);
      // The same port, so nginx's upstream list stays as it is, as when a machine's service restarts.
      const instance = await startServerProcess(dataDir, {
        TIERLINE_DATABASE_URL: cluster.databaseUrl,
        PORT: address(index).split(':')[1] ?? '',
      });
      cluster.instances[index] = instance;
      up[index] = true;
    },
    async stop() {
      await nginx.stop();
      await cluster.stop();
      for (const dir of restartedDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * How many of `seen` a fresh client of `url` lacks once it has synced and had `graceMs` to catch up (the
 * instance it lands on may still be applying the other instances' last rows). 0 is the answer that matters.
 */
export async function missingOnFreshClient(
  url: string,
  cookie: string,
  seen: readonly Uint8Array[],
  clientId: number,
  graceMs = 5000,
): Promise<number> {
  const fresh = connectFaultClient(url, DRAFT, cookie, clientId);
  try {
    await until(() => fresh.provider.synced, 20_000, 'a fresh client to sync through nginx');
    let missing = missingUpdates(fresh.doc, seen).length;
    await until(
      () => (missing = missingUpdates(fresh.doc, seen).length) === 0,
      graceMs,
      'a fresh client to hold every seen update',
    ).catch(() => {});
    return missing;
  } finally {
    fresh.destroy();
  }
}

export interface ClusterStormOptions {
  readonly seed: number;
  /** Kills (each followed by a restart of that instance). */
  readonly rounds: number;
  readonly instances: number;
  readonly clients: number;
  /** Each client edits about this often. */
  readonly editEveryMs: number;
  /** Random time between a restart and the next kill. */
  readonly minUpMs: number;
  readonly maxUpMs: number;
  readonly log?: (line: string) => void;
}

export interface ClusterStormReport {
  readonly rounds: number;
  readonly instances: number;
  readonly clients: number;
  readonly editsMade: number;
  /** Distinct updates clients received, each checked on a fresh client after every later kill. */
  readonly editsChecked: number;
  /** Seen updates a fresh client lacked after a kill or at the end, summed: must be 0. */
  readonly missing: number;
  /** All clients and a fresh one agreed at the end. */
  readonly converged: boolean;
  /** Connections the clients lost (their instance was killed). */
  readonly disconnects: number;
  /** Sync connections nginx handed to each instance, by instance index, from its access log. */
  readonly syncConnectionsPerInstance: readonly number[];
}

/** Runs the storm; bounded by `rounds`, each round's random uptime and the waits' timeouts. */
export async function runClusterStorm(options: ClusterStormOptions): Promise<ClusterStormReport> {
  const log = options.log ?? (() => {});
  const random = new SeededRandom(options.seed);
  const balanced = await startBalancedCluster(options.instances);
  const clients: FaultClient[] = [];
  let editTimer: NodeJS.Timeout | undefined;
  let nextClientId = 2000;
  try {
    const { cluster, nginx } = balanced;
    const cookie = cluster.chairCookie;
    for (let i = 0; i < options.clients; i++) {
      clients.push(connectFaultClient(nginx.url, DRAFT, cookie, nextClientId++));
    }
    await until(() => clients.every((client) => client.provider.synced), 30_000, 'every client to sync');

    let editsMade = 0;
    const editRandom = new SeededRandom(options.seed ^ 0x5c1a);
    editTimer = setInterval(
      () => {
        randomDraftEdit(editRandom.pick(clients).doc, editRandom);
        editsMade++;
      },
      Math.max(1, Math.round(options.editEveryMs / options.clients)),
    );

    const keys = new Set<string>();
    const seen: Uint8Array[] = [];
    let missing = 0;
    for (let round = 1; round <= options.rounds; round++) {
      await sleep(random.int(options.minUpMs, options.maxUpMs));
      const victim = random.int(0, options.instances - 1);
      await balanced.kill(victim);
      // Whatever reaches a client from now on was stored before it was relayed; what was in flight is theirs.
      await sleep(20);
      collectSeen(clients, keys, seen);
      const lacking = await missingOnFreshClient(nginx.url, cookie, seen, nextClientId++);
      missing += lacking;
      log(
        `round ${round}: killed instance ${victim}; ${seen.length} seen updates checked, ${lacking} missing`,
      );
      await balanced.restart(victim);
    }

    clearInterval(editTimer);
    editTimer = undefined;
    const docs = () => clients.map((client) => client.doc);
    const converged = await until(
      () => clients.every((client) => client.provider.synced) && sameState(docs()),
      60_000,
      'the clients to converge after the storm',
    ).then(
      () => true,
      () => false,
    );
    collectSeen(clients, keys, seen);
    missing += await missingOnFreshClient(nginx.url, cookie, seen, nextClientId++);
    const disconnects = clients.reduce((sum, client) => sum + client.drops, 0);
    for (const client of clients.splice(0)) client.destroy();
    // nginx logs a WebSocket connection when it ends: now that every client has gone, all are in the log.
    await sleep(200);
    return {
      rounds: options.rounds,
      instances: options.instances,
      clients: options.clients,
      editsMade,
      editsChecked: seen.length,
      missing,
      converged,
      disconnects,
      syncConnectionsPerInstance: Array.from(
        { length: options.instances },
        (_, index) => syncConnectionsByInstance(nginx)[balanced.address(index)] ?? 0,
      ),
    };
  } finally {
    if (editTimer) clearInterval(editTimer);
    for (const client of clients) client.destroy();
    await balanced.stop();
  }
}

/** Upgraded `/sync/` connections in nginx's access log, by the instance that answered them. */
export function syncConnectionsByInstance(nginx: NginxBalancer): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of nginx.accessLog()) {
    const answered = entry.upstreams[entry.upstreams.length - 1];
    if (!entry.uri.startsWith('/sync/') || entry.status !== 101 || answered === undefined) continue;
    counts[answered] = (counts[answered] ?? 0) + 1;
  }
  return counts;
}
