import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { startServerProcess } from './server-process.ts';
import { connectClient, signInWithToken, synced, waitFor } from './test-server.ts';

const DRAFT = 'what-works-cities-draft';
const ROUNDS = Number(process.env['TIERLINE_DURABILITY_ROUNDS'] ?? 4);
const SEED = Number(process.env['TIERLINE_DURABILITY_SEED'] ?? 20261121);

/** A random batch of edits to the draft's scratch text and map: inserts, deletes and overwrites. */
function randomEdits(doc: Y.Doc, random: SeededRandom, count: number): void {
  const text = doc.getText('durability-probe');
  const map = doc.getMap<number>('durability-counters');
  for (let i = 0; i < count; i++) {
    const choice = random.next();
    if (choice < 0.6 || text.length === 0) {
      text.insert(
        random.int(0, text.length),
        random.pick(['gold ', 'silver ', 'DM1 ', 'criterion ', '67% ']),
      );
    } else if (choice < 0.8) {
      const at = random.int(0, text.length - 1);
      text.delete(at, Math.min(random.int(1, 4), text.length - at));
    } else {
      map.set(random.pick(['silver', 'gold', 'platinum']), random.int(0, 100));
    }
  }
}

describe('durability across kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-durability-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`[P2] ${ROUNDS} rounds of random edits: everything client B saw survives SIGKILL (seed ${SEED})`, async () => {
    const random = new SeededRandom(SEED);
    let server = await startServerProcess(dataDir);
    const token = server.firstChairToken;
    if (!token) throw new Error('a fresh data directory should print a first-chair link');
    const cookie = await signInWithToken(server.url, token);
    let checkedEdits = 0;

    for (let round = 1; round <= ROUNDS; round++) {
      const a = connectClient(server.url, DRAFT, cookie);
      const b = connectClient(server.url, DRAFT, cookie);
      await Promise.all([synced(a.provider), synced(b.provider)]);

      randomEdits(a.doc, random, random.int(5, 40));
      randomEdits(b.doc, random, random.int(5, 40));
      await waitFor(
        () => Y.encodeStateVector(a.doc).toString() === Y.encodeStateVector(b.doc).toString(),
        `round ${round}: A and B to converge`,
      );
      // A keeps typing while the server dies: whatever of it B has seen must survive.
      randomEdits(a.doc, random, random.int(1, 20));
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 30)));
      const seenStateVector = Y.decodeStateVector(Y.encodeStateVector(b.doc));
      const bOwnClient = b.doc.clientID;
      await server.kill9();
      a.provider.destroy();
      b.provider.destroy();

      server = await startServerProcess(dataDir);
      const fresh = connectClient(server.url, DRAFT, cookie);
      await synced(fresh.provider);
      const restored = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
      for (const [client, clock] of seenStateVector) {
        // B's own edits count only once the server had them: B saw A's and the seed's through the server.
        if (client === bOwnClient) continue;
        expect(restored.get(client) ?? 0, `round ${round}: client ${client}`).toBeGreaterThanOrEqual(clock);
        checkedEdits += clock;
      }
      expect(fresh.doc.getText('durability-probe').length).toBeGreaterThan(0);
      fresh.provider.destroy();
      fresh.doc.destroy();
      a.doc.destroy();
      b.doc.destroy();
    }
    await server.stop();
    expect(checkedEdits).toBeGreaterThan(ROUNDS);
  }, 120_000);
});
