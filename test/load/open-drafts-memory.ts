import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { until } from '../faults/convergence.ts';
import { connectClient } from '../server/test-server.ts';
import { type ServerMemory, memoryProbe } from './server-memory.ts';
import { type ServerSetup, startTierlineUnderTest } from './servers-under-test.ts';

/** A server's memory with `drafts` drafts open (each with one connected client). */
export interface OpenDraftsMemory extends ServerMemory {
  readonly drafts: number;
}

/**
 * What one instance holds per open draft (docs/scaling.md): one Tierline server (as `npm start` runs it)
 * with copies of the seeded What Works Cities draft, measured with none open, then with one client on each
 * of the first `counts[i]` drafts, after a full garbage collection. The draft a client opens is loaded
 * into a room and stays there while the client is connected.
 */
export async function measureOpenDraftsMemory(
  setup: Exclude<ServerSetup, 'reference' | 'postgres-2'>,
  counts: readonly number[],
): Promise<OpenDraftsMemory[]> {
  const ascending = [...counts].sort((a, b) => a - b);
  const most = ascending[ascending.length - 1] ?? 0;
  const probe = memoryProbe();
  const server = await startTierlineUnderTest(setup, Math.max(1, most), { env: probe.env });
  const clients: { doc: Y.Doc; provider: WebsocketProvider }[] = [];
  process.setMaxListeners(Math.max(process.getMaxListeners(), most + 20));
  try {
    const [url] = server.urls;
    const [pid] = server.pids;
    if (url === undefined || pid === undefined) throw new Error('the server under test has no instance');
    const results: OpenDraftsMemory[] = [];
    for (const count of ascending) {
      while (clients.length < count) {
        clients.push(connectClient(url, server.draftIds[clients.length] ?? '', server.cookie));
      }
      await until(() => clients.every((client) => client.provider.synced), 60_000, `${count} drafts to open`);
      // Let the sockets' first messages and the rooms' loading settle before collecting.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      results.push({ drafts: count, ...(await probe.read(pid)) });
    }
    return results;
  } finally {
    for (const client of clients) {
      client.provider.destroy();
      client.doc.destroy();
    }
    await server.stop();
    probe.dispose();
  }
}

/** The lines `npm run loadtest` prints for one setup: memory at each count, and the cost of one more draft. */
export function openDraftsMetrics(
  setup: string,
  results: readonly OpenDraftsMemory[],
): { name: string; value: number; unit: string }[] {
  const prefix = `open-drafts-${setup}`;
  const metrics = results.flatMap((result) => [
    { name: `${prefix}-${result.drafts}-rss-mb`, value: result.rssMiB, unit: 'MiB' },
    { name: `${prefix}-${result.drafts}-heap-used-mb`, value: result.heapUsedMiB, unit: 'MiB' },
  ]);
  const first = results[0];
  const last = results[results.length - 1];
  if (first && last && last.drafts > first.drafts) {
    const drafts = last.drafts - first.drafts;
    metrics.push(
      { name: `${prefix}-per-draft-rss-mb`, value: (last.rssMiB - first.rssMiB) / drafts, unit: 'MiB' },
      {
        name: `${prefix}-per-draft-heap-mb`,
        value: (last.heapUsedMiB - first.heapUsedMiB) / drafts,
        unit: 'MiB',
      },
    );
  }
  return metrics;
}
