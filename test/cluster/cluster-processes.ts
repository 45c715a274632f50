import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemberRole } from '../../server/store/store.ts';
import { type ServerProcess, startServerProcess } from '../server/server-process.ts';
import { api, signInWithToken } from '../server/test-server.ts';
import { type ThrowawayPostgres, startThrowawayPostgres } from '../setup/throwaway-postgres.ts';

/**
 * Several Tierline server processes on one PostgreSQL database (P8), as a deployment runs them behind a
 * load balancer: each is the compiled build (`startServerProcess`) with its own data directory and
 * `TIERLINE_DATABASE_URL` pointing at the same database. For the cluster tests, the nginx tests and the
 * load runs.
 */
export interface ClusterProcesses {
  /** The shared database's URL. */
  readonly databaseUrl: string;
  /** The running instances, in start order (an entry is replaced when `restart` is called). */
  readonly instances: ServerProcess[];
  /** The session cookie of the first chair, signed in through instance 0. */
  readonly chairCookie: string;
  /** Invites a member (through instance 0, as the chair) and signs them in through `instance`. */
  signIn(
    instance: number,
    name: string,
    role: MemberRole,
  ): Promise<{ readonly cookie: string; readonly memberId: string }>;
  /** Starts one more instance on the same database; resolves once it listens. */
  addInstance(): Promise<ServerProcess>;
  /** Kills every instance, stops the database if this cluster started it, removes the data directories. */
  stop(): Promise<void>;
}

export interface ClusterProcessesOptions {
  /** How many instances to start (at least 1). */
  readonly instances: number;
  /** An existing database to use; by default a throwaway PostgreSQL is started and stopped with the cluster. */
  readonly databaseUrl?: string;
  /** Passed to the throwaway PostgreSQL (`durable: true` for load runs). */
  readonly durable?: boolean;
  /** More environment for every instance. */
  readonly env?: Record<string, string>;
}

/**
 * Starts `instances` servers on one database. The first starts alone (it seeds the database and makes the
 * first chair's invite, which is redeemed at once), then the others together.
 */
export async function startClusterProcesses(options: ClusterProcessesOptions): Promise<ClusterProcesses> {
  let postgres: ThrowawayPostgres | undefined;
  const dataDirs: string[] = [];
  const instances: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.kill9()));
    postgres?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (databaseUrl === undefined) {
      postgres = await startThrowawayPostgres({ durable: options.durable ?? false });
      databaseUrl = await postgres.createDatabase('tierline');
    }
    const env = { ...options.env, TIERLINE_DATABASE_URL: databaseUrl };
    const addInstance = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tierline-instance-'));
      dataDirs.push(dataDir);
      const instance = await startServerProcess(dataDir, env);
      instances.push(instance);
      return instance;
    };
    const first = await addInstance();
    const token = first.firstChairToken;
    if (!token) throw new Error('the first instance on a fresh database should make a first-chair invite');
    const chairCookie = await signInWithToken(first.url, token);
    await Promise.all(Array.from({ length: options.instances - 1 }, () => addInstance()));
    return {
      databaseUrl,
      instances,
      chairCookie,
      async signIn(instance, name, role) {
        const invite = await api(first.url, chairCookie, 'POST', '/api/invites', { name, role });
        if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${invite.text}`);
        const url = instances[instance]?.url;
        if (url === undefined) throw new Error(`no instance ${instance}`);
        const cookie = await signInWithToken(url, (invite.json as { token: string }).token);
        const session = await api(url, cookie, 'GET', '/api/session');
        return { cookie, memberId: (session.json as { member: { id: string } }).member.id };
      },
      addInstance,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
