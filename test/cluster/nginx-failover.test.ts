import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import {
  type BalancedCluster,
  missingOnFreshClient,
  startBalancedCluster,
  syncConnectionsByInstance,
} from '../faults/cluster-storm.ts';
import { sameState, until } from '../faults/convergence.ts';
import { randomDraftEdit } from '../faults/draft-edits.ts';
import { type FaultClient, collectSeen, connectFaultClient } from '../faults/sync-clients.ts';
import { SHARDED_SAMPLE_CONFIG, startNginxBalancer } from './nginx-balancer.ts';
import { WebSocket } from 'ws';

/**
 * Through a real load balancer (P8): Debian's nginx with the sample config (`deploy/nginx/tierline.conf`)
 * in front of two compiled instances on one throwaway PostgreSQL. Clients are given nginx's address only.
 * The short version of `npm run storm`'s cluster storm.
 */

const DRAFT = 'what-works-cities-draft';
const SEED = Number(process.env['TIERLINE_STORM_SEED'] ?? 20261205);

/** A sync socket opened the way a page on `origin` opens one: with the cookie and the page's Origin. */
function socketFromPage(url: string, cookie: string, origin: string) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers: { cookie, origin } });
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.once('close', (code: number) => resolve({ code })),
  );
  return { ws, opened, closed };
}

describe('two instances behind nginx', { timeout: 60_000 }, () => {
  let balanced: BalancedCluster;
  beforeAll(async () => {
    balanced = await startBalancedCluster(2);
  }, 60_000);
  afterAll(async () => {
    await balanced?.stop();
  });
  /** What a browser on nginx's page sends: its own origin, and the JSON content type. */
  const fromPage = (cookie?: string) => ({
    origin: balanced.nginx.url,
    'content-type': 'application/json',
    ...(cookie ? { cookie } : {}),
  });

  it('[P8] sign-in and API calls through nginx are answered round robin by both instances, one session valid on each', async () => {
    const { nginx, cluster } = balanced;
    const invite = await fetch(`${cluster.instances[0]?.url}/api/invites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cluster.chairCookie },
      body: JSON.stringify({ name: 'Bea Browser', role: 'editor' }),
    });
    const { token } = (await invite.json()) as { token: string };
    const signIn = await fetch(`${nginx.url}/api/session`, {
      method: 'POST',
      headers: fromPage(),
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const before = nginx.accessLog().length;
    for (let i = 0; i < 6; i++) {
      const session = await fetch(`${nginx.url}/api/session`, { headers: { cookie } });
      expect(session.status).toBe(200);
      expect(((await session.json()) as { member: { name: string } }).member.name).toBe('Bea Browser');
    }
    const answeredBy = nginx
      .accessLog()
      .slice(before)
      .map((entry) => entry.upstreams.at(-1));
    expect(new Set(answeredBy)).toEqual(new Set([balanced.address(0), balanced.address(1)]));
  });

  it('[H5] through nginx the app’s own origin may change things and open the socket; another origin may not', async () => {
    const { nginx, cluster } = balanced;
    const cookie = cluster.chairCookie;
    const mine = await fetch(`${nginx.url}/api/invites`, {
      method: 'POST',
      headers: fromPage(cookie),
      body: JSON.stringify({ name: 'Cy Chair', role: 'viewer' }),
    });
    expect(mine.status).toBe(201);
    const theirs = await fetch(`${nginx.url}/api/invites`, {
      method: 'POST',
      headers: { ...fromPage(cookie), origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'Mallory', role: 'chair' }),
    });
    expect(theirs.status).toBe(403);

    const own = socketFromPage(`${nginx.url}/sync/${DRAFT}`, cookie, nginx.url);
    await own.opened;
    own.ws.close();
    const foreign = socketFromPage(`${nginx.url}/sync/${DRAFT}`, cookie, 'http://evil.example');
    expect((await foreign.closed).code).toBe(CloseCode.forbidden);
  });

  it('[P8] with the sharded sample config, every sync socket of one draft goes to the same instance while the API stays round robin', async () => {
    const sharded = await startNginxBalancer(
      [balanced.address(0), balanced.address(1)],
      SHARDED_SAMPLE_CONFIG,
    );
    const clients: FaultClient[] = [];
    try {
      const drafts = [DRAFT, 'green-building-rating-draft'];
      for (let i = 0; i < 6; i++) {
        clients.push(
          connectFaultClient(sharded.url, drafts[i % 2] ?? DRAFT, balanced.cluster.chairCookie, 900 + i),
        );
      }
      await until(() => clients.every((client) => client.provider.synced), 20_000, 'every client to sync');
      for (let i = 0; i < 4; i++) {
        const health = await fetch(`${sharded.url}/api/health`);
        expect(health.status).toBe(200);
      }
      for (const client of clients.splice(0)) client.destroy();
      await until(
        () => sharded.accessLog().filter((entry) => entry.uri.startsWith('/sync/')).length === 6,
        5000,
        'nginx to log the closed sockets',
      );
      const log = sharded.accessLog();
      for (const draft of drafts) {
        const instances = log
          .filter((entry) => entry.uri === `/sync/${draft}`)
          .map((entry) => entry.upstreams.at(-1));
        expect(instances).toHaveLength(3);
        expect(new Set(instances).size).toBe(1);
      }
      const api = log.filter((entry) => entry.uri === '/api/health').map((entry) => entry.upstreams.at(-1));
      expect(new Set(api).size).toBe(2);
    } finally {
      for (const client of clients) client.destroy();
      await sharded.stop();
    }
  });

  it(`[P8] clients split across instances by nginx converge; after kill -9 of one, its clients reconnect through nginx to the other and nothing is lost (seed ${SEED})`, async () => {
    const { nginx, cluster } = balanced;
    const random = new SeededRandom(SEED);
    const clients: FaultClient[] = [];
    try {
      for (let i = 0; i < 4; i++)
        clients.push(connectFaultClient(nginx.url, DRAFT, cluster.chairCookie, 700 + i));
      await until(() => clients.every((client) => client.provider.synced), 20_000, 'every client to sync');
      for (let i = 0; i < 40; i++) randomDraftEdit(random.pick(clients).doc, random);
      await until(() => sameState(clients.map((client) => client.doc)), 20_000, 'the clients to converge');

      // Edits keep coming while instance 0 dies.
      const editing = setInterval(() => randomDraftEdit(random.pick(clients).doc, random), 10);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await balanced.kill(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      clearInterval(editing);
      const keys = new Set<string>();
      const seen: Uint8Array[] = [];
      collectSeen(clients, keys, seen);

      const dropped = clients.filter((client) => client.drops > 0);
      // nginx had put clients on both instances: those on the killed one lost their connection, the others not.
      expect(dropped.length).toBeGreaterThan(0);
      expect(dropped.length).toBeLessThan(clients.length);
      await until(
        () => clients.every((client) => client.provider.synced) && sameState(clients.map((c) => c.doc)),
        20_000,
        'the clients to reconnect through nginx and converge',
      );
      collectSeen(clients, keys, seen);
      expect(seen.length).toBeGreaterThan(0);
      expect(await missingOnFreshClient(nginx.url, cluster.chairCookie, seen, 799)).toBe(0);
    } finally {
      for (const client of clients) client.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Every sync connection nginx handed out went to one of the two instances, and both got some.
    const byInstance = syncConnectionsByInstance(nginx);
    expect(Object.keys(byInstance).sort()).toEqual([balanced.address(0), balanced.address(1)].sort());
  });
});
