import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { SeededRandom } from '../../server/seed/seeded-random.ts';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { missingUpdates, sameState, sleep, until } from '../faults/convergence.ts';
import { randomDraftEdit } from '../faults/draft-edits.ts';
import { LoopbackProxy } from '../faults/loopback-proxy.ts';
import { connectFaultClient, type FaultClient } from '../faults/sync-clients.ts';
import { api } from '../server/test-server.ts';
import { type ClusterProcesses, startClusterProcesses } from './cluster-processes.ts';

/**
 * Several instances on one PostgreSQL (P8), with real parts only: a throwaway PostgreSQL, two compiled
 * server processes on it (no sticky sessions: each client picks an instance), real y-websocket clients.
 */

const DRAFT = 'what-works-cities-draft';
/** Touched by the cold-load test only, so no instance holds it before. */
const COLD_DRAFT = 'green-building-rating-draft';
const SEED = 20261204;

let nextClientId = 500;

/** A client of instance `url`, with the close codes the server sent it. */
function clientOf(url: string, draft: string, cookie: string) {
  const client = connectFaultClient(url, draft, cookie, nextClientId++);
  const closes: number[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return { client, closes };
}

const titlesOf = (doc: Y.Doc) => JSON.stringify(readDraftFromDoc(doc));

describe('two instances on one PostgreSQL', { timeout: 60_000 }, () => {
  let cluster: ClusterProcesses;
  const clients: FaultClient[] = [];
  // The sweep that re-checks sessions is slowed to an hour, so what reaches B's sockets came by the relay.
  beforeAll(async () => {
    cluster = await startClusterProcesses({
      instances: 2,
      env: { TIERLINE_SESSION_RECHECK_MS: '3600000' },
    });
  }, 60_000);
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await cluster.stop();
  });
  const url = (index: number) => cluster.instances[index]?.url ?? '';
  const connect = (index: number, draft: string, cookie: string) => {
    const connected = clientOf(url(index), draft, cookie);
    clients.push(connected.client);
    return connected;
  };

  it('[P8] cold-loading on B a draft edited through A gives its current state', async () => {
    const { cookie } = await cluster.signIn(0, 'Ada Editor', 'editor');
    const { client: onA } = connect(0, COLD_DRAFT, cookie);
    await until(() => onA.provider.synced, 10_000, 'the client of A to sync');
    const random = new SeededRandom(SEED);
    for (let i = 0; i < 30; i++) randomDraftEdit(onA.doc, random);
    // A second client of A gets the edits only once they are stored (P2): then B loads them cold.
    const { client: alsoOnA } = connect(0, COLD_DRAFT, cookie);
    await until(
      () => alsoOnA.provider.synced && sameState([onA.doc, alsoOnA.doc]),
      10_000,
      'A to store the edits',
    );
    const { client: onB } = connect(1, COLD_DRAFT, cookie);
    await until(() => onB.provider.synced, 10_000, 'the client of B to sync');
    await until(() => sameState([onA.doc, onB.doc]), 10_000, 'B to show what A has');
    expect(titlesOf(onB.doc)).toBe(titlesOf(onA.doc));
  });

  it('[P8] clients editing through both instances at once converge', async () => {
    const { cookie } = await cluster.signIn(0, 'Bo Editor', 'editor');
    const onA = [connect(0, DRAFT, cookie).client, connect(0, DRAFT, cookie).client];
    const onB = [connect(1, DRAFT, cookie).client, connect(1, DRAFT, cookie).client];
    const all = [...onA, ...onB];
    await until(() => all.every((client) => client.provider.synced), 10_000, 'every client to sync');
    const random = new SeededRandom(SEED + 1);
    for (let round = 0; round < 40; round++) {
      randomDraftEdit(random.pick(all).doc, random);
      await sleep(5);
    }
    await until(() => sameState(all.map((client) => client.doc)), 20_000, 'the four clients to converge');
  });

  it('[P8] [C2] the presence of a client of A is seen by a client of B, and goes when it leaves', async () => {
    const { cookie, memberId } = await cluster.signIn(0, 'Cy Present', 'editor');
    const { cookie: otherCookie } = await cluster.signIn(1, 'Di Watcher', 'editor');
    const { client: onA } = connect(0, DRAFT, cookie);
    await until(() => onA.provider.synced, 10_000, 'the client of A to sync');
    onA.provider.awareness.setLocalStateField('criterion', 'DM1');
    // B's client arrives after A's presence was set: B's room asks A for it when it opens.
    const { client: onB } = connect(1, DRAFT, otherCookie);
    const seenOnB = () => onB.provider.awareness.getStates().get(onA.doc.clientID);
    await until(() => seenOnB()?.['criterion'] === 'DM1', 10_000, "A's presence on B");
    // Stamped by A's server from the session (H3), whatever the client sent.
    expect(seenOnB()?.['user']).toMatchObject({ memberId, name: 'Cy Present', role: 'editor' });
    onA.provider.awareness.setLocalStateField('criterion', 'DM2');
    await until(() => seenOnB()?.['criterion'] === 'DM2', 10_000, "A's presence change on B");
    onA.destroy();
    await until(() => seenOnB() === undefined, 10_000, "A's presence to go on B");
  });

  it('[P8] an instance whose LISTEN connection is cut reconnects: edits and presence flow again', async () => {
    const { cookie } = await cluster.signIn(0, 'Jo Reconnect', 'editor');
    const { client: onA } = connect(0, DRAFT, cookie);
    const { client: onB } = connect(1, DRAFT, cookie);
    await until(() => onA.provider.synced && onB.provider.synced, 10_000, 'both clients to sync');
    const admin = new pg.Client({ connectionString: cluster.databaseUrl });
    await admin.connect();
    const listeners = "FROM pg_stat_activity WHERE application_name = 'tierline-relay-listener'";
    try {
      const cut = await admin.query(`SELECT pg_terminate_backend(pid) ${listeners}`);
      expect(cut.rowCount).toBe(2);
      onA.doc.getText('probe').insert(0, 'after the cut');
      await until(() => onB.doc.getText('probe').toString() === 'after the cut', 10_000, "A's edit on B");
      await until(
        async () => (await admin.query(`SELECT pid ${listeners}`)).rowCount === 2,
        10_000,
        'both instances to listen again',
      );
    } finally {
      await admin.end();
    }
    onA.provider.awareness.setLocalStateField('criterion', 'after the cut');
    // Presence has no log to catch up from: it reaching B shows that B listens again.
    await until(
      () => onB.provider.awareness.getStates().get(onA.doc.clientID)?.['criterion'] === 'after the cut',
      10_000,
      "A's presence on B",
    );
  });

  it('[P8] a session made through A works on B', async () => {
    const { cookie, memberId } = await cluster.signIn(0, 'Eve Session', 'viewer');
    const session = await api(url(1), cookie, 'GET', '/api/session');
    expect(session.status).toBe(200);
    expect((session.json as { member: { id: string } }).member.id).toBe(memberId);
    const { client: onB, closes } = connect(1, DRAFT, cookie);
    await until(() => onB.provider.synced, 10_000, 'the client of B to sync');
    expect(closes).toEqual([]);
  });

  it('[P8] [H2] a member demoted through A becomes read-only on B; one removed through A is closed with 4401 on B', async () => {
    const demotee = await cluster.signIn(1, 'Fay Demoted', 'editor');
    const removee = await cluster.signIn(1, 'Gus Removed', 'editor');
    const observer = await cluster.signIn(1, 'Hal Observer', 'editor');
    const { client: demoted } = connect(1, DRAFT, demotee.cookie);
    const { client: removed, closes: removedCloses } = connect(1, DRAFT, removee.cookie);
    const { client: watching } = connect(1, DRAFT, observer.cookie);
    const trio = [demoted, removed, watching];
    await until(() => trio.every((client) => client.provider.synced), 10_000, 'the clients of B to sync');
    demoted.provider.awareness.setLocalStateField('criterion', 'DM1');
    const roleSeen = () =>
      (
        watching.provider.awareness.getStates().get(demoted.doc.clientID)?.['user'] as
          { role?: string } | undefined
      )?.role;
    await until(() => roleSeen() === 'editor', 10_000, "the editor's presence");

    const demotion = await api(url(0), cluster.chairCookie, 'PATCH', `/api/members/${demotee.memberId}`, {
      role: 'viewer',
    });
    expect(demotion.status).toBe(200);
    await until(() => roleSeen() === 'viewer', 5_000, 'the demotion to reach B');
    demoted.doc.getText('demotion probe').insert(0, 'AFTER DEMOTION');
    // Messages of one socket are handled in order: once this presence is relayed, the write before it was.
    demoted.provider.awareness.setLocalStateField('criterion', 'barrier');
    await until(
      () => watching.provider.awareness.getStates().get(demoted.doc.clientID)?.['criterion'] === 'barrier',
      5_000,
      "the demoted member's later presence",
    );
    expect(watching.doc.getText('demotion probe').toString()).toBe('');

    const removal = await api(url(0), cluster.chairCookie, 'DELETE', `/api/members/${removee.memberId}`);
    expect(removal.status).toBe(204);
    await until(() => removedCloses.length > 0, 5_000, 'the removal to reach B');
    expect(removedCloses[0]).toBe(CloseCode.unauthenticated);
  });
});

describe('kill -9 of one instance while clients of both edit', { timeout: 120_000 }, () => {
  it("[P8] [P2] nothing any client had seen is lost; a fresh client of the survivor sees it all, and A's clients reconnect to B", async () => {
    const cluster = await startClusterProcesses({ instances: 2 });
    const [a, b] = cluster.instances;
    if (!a || !b) throw new Error('the cluster should have two instances');
    // A's clients reach it through a proxy, as through a load balancer that can send them elsewhere.
    const proxy = await LoopbackProxy.start(Number(new URL(a.url).port));
    const clients: FaultClient[] = [];
    let editTimer: NodeJS.Timeout | undefined;
    try {
      const { cookie } = await cluster.signIn(0, 'Ivy Editor', 'editor');
      const proxyUrl = `http://127.0.0.1:${proxy.port}`;
      for (let i = 0; i < 3; i++) clients.push(connectFaultClient(proxyUrl, DRAFT, cookie, 900 + i));
      for (let i = 0; i < 3; i++) clients.push(connectFaultClient(b.url, DRAFT, cookie, 910 + i));
      await until(() => clients.every((client) => client.provider.synced), 20_000, 'every client to sync');
      const random = new SeededRandom(SEED + 2);
      editTimer = setInterval(() => randomDraftEdit(random.pick(clients).doc, random), 10);
      await sleep(1500);

      await a.kill9();
      clearInterval(editTimer);
      editTimer = undefined;
      // Whatever reached a client was relayed before the kill, so it was stored first.
      await sleep(50);
      const seen = clients.flatMap((client) => client.seen.splice(0));
      expect(seen.length).toBeGreaterThan(0);

      const fresh = connectFaultClient(b.url, DRAFT, cookie, 999);
      clients.push(fresh);
      await until(() => fresh.provider.synced, 20_000, 'the fresh client of B to sync');
      await until(
        () => missingUpdates(fresh.doc, seen).length === 0,
        20_000,
        'B to have every update any client saw',
      );

      // A's clients reconnect through the proxy to B and bring what they had not sent yet.
      proxy.setTarget(Number(new URL(b.url).port));
      await until(
        () =>
          clients.every((client) => client.provider.synced) && sameState(clients.map((client) => client.doc)),
        30_000,
        'every client to converge on B',
      );
    } finally {
      if (editTimer) clearInterval(editTimer);
      for (const client of clients) client.destroy();
      await proxy.close();
      await cluster.stop();
    }
  });
});
