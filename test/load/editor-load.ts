import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CRITERION, draftRoots, textField } from '../../src/collab/draft-layout.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { until } from '../faults/convergence.ts';
import { webSocketWithCookie } from '../server/test-server.ts';
import { SampleBuffer, percentile } from './latency-stats.ts';

/**
 * The load generator: real y-websocket clients (`WebsocketProvider` over `ws`, the session cookie on the
 * upgrade) in this process, each on its own Y.Doc, typing into a criterion title of a draft.
 *
 * Every edit inserts a marker `~<editor>.<seq>.<µs>~` at the end of the editor's criterion title, where
 * `<µs>` is this process's clock when the edit was made. Every peer reads the text each remote transaction
 * inserted and, for each marker in it, records `now − µs`: the edit-to-peer propagation latency, through
 * the server and both WebSocket hops, including the time Yjs takes to apply the update on the receiving side.
 * Sender and receivers share one clock, so no clock skew enters the numbers.
 *
 * An edit is *lost* when, after the settle period, some peer in its draft never observed it.
 */

export interface EditorLoadOptions {
  /** `http://127.0.0.1:<port>` of the server under test. */
  readonly url: string;
  readonly cookie: string | undefined;
  readonly draftIds: readonly string[];
  /** The state each client's document starts from (the draft as seeded). */
  readonly initialState: Uint8Array;
  readonly editorsPerDraft: number;
  /** Edits per second per editor. */
  readonly editsPerSecond: number;
  readonly durationMs: number;
  /** How long to wait after the last edit for every peer to observe every edit. */
  readonly settleMs: number;
  /** Each editor moves its caret (an awareness update) once every this many edits. */
  readonly awarenessEvery: number;
  /** How long connecting and the first sync of every client may take. */
  readonly connectTimeoutMs?: number;
  readonly seed: number;
}

export interface EditorLoadResult {
  /** Edit-to-peer latencies in milliseconds, ascending. */
  readonly latenciesMs: Float64Array;
  readonly editsSent: number;
  /** Edits × peers that should see them. */
  readonly deliveriesExpected: number;
  readonly deliveriesObserved: number;
  /** Edits that at least one peer never observed. */
  readonly lost: number;
  /** Connections closed during the editing phase, by close code (1006: dropped without a close frame). */
  readonly closesByCode: ReadonlyMap<number, number>;
  /** 99th percentile of this process's event-loop delay while editing: high values inflate every latency. */
  readonly clientLoopDelayP99Ms: number;
  /** The longest this process's event loop was blocked while editing. */
  readonly clientLoopDelayMaxMs: number;
  /** The worst latency of the edits made in each second of the editing phase: where the spikes were. */
  readonly worstBySecond: readonly number[];
  /** Wall time of the editing phase. */
  readonly editingMs: number;
}

interface LoadClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly title: Y.Text;
  readonly criterionKey: string;
}

const MARKER = /~(\d+)\.(\d+)\.(\d+)~/g;

/** Runs the load to completion and disconnects every client; bounded by count and time. */
export async function runEditorLoad(options: EditorLoadOptions): Promise<EditorLoadResult> {
  const random = new SeededRandom(options.seed);
  const perEditor = Math.floor((options.durationMs / 1000) * options.editsPerSecond);
  const editors = options.editorsPerDraft;
  const drafts = options.draftIds.length;
  const latencies = new SampleBuffer(perEditor * editors * (editors - 1) * drafts);
  // observed[draft][editor * perEditor + seq]: how many peers have seen that edit.
  const observed = options.draftIds.map(() => new Uint16Array(editors * perEditor));
  const sent = options.draftIds.map(() => new Uint32Array(editors));
  const origin = performance.now();
  let deliveriesObserved = 0;
  const closesByCode = new Map<number, number>();
  let countCloses = false;
  const worstBySecond: number[] = [];
  let editingStart = Number.POSITIVE_INFINITY;

  // Each provider watches `process` for exit: hundreds of them are expected here, not a leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), drafts * editors + 20));
  const WebSocketPolyfill = webSocketWithCookie(options.cookie) as unknown as typeof globalThis.WebSocket;
  const clients: LoadClient[][] = options.draftIds.map((draftId, draftIndex) =>
    Array.from({ length: editors }, (_, editor) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, options.initialState);
      const criteria = orderedEntries(draftRoots(doc).criteria);
      const target = criteria[(editor + draftIndex) % criteria.length];
      const title = target ? textField(target.entry, CRITERION.title) : undefined;
      if (!target || !title) throw new Error('the load draft has no criterion title to type into');
      const seen = observed[draftIndex] ?? new Uint16Array(0);
      doc.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.local) return;
        const now = performance.now();
        for (const match of insertedText(doc, transaction).matchAll(MARKER)) {
          const from = Number(match[1]);
          const seq = Number(match[2]);
          if (from === editor || from >= editors || seq >= perEditor) continue;
          seen[from * perEditor + seq] = (seen[from * perEditor + seq] ?? 0) + 1;
          deliveriesObserved++;
          const sentAt = Number(match[3]) / 1000;
          const latency = now - origin - sentAt;
          latencies.push(latency);
          const second = Math.floor((sentAt + origin - editingStart) / 1000);
          if (second >= 0) worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, latency);
        }
      });
      const provider = new WebsocketProvider(`${options.url.replace(/^http/, 'ws')}/sync`, draftId, doc, {
        WebSocketPolyfill,
        disableBc: true,
        maxBackoffTime: 1000,
      });
      provider.on('connection-close', (event) => {
        if (!countCloses) return;
        const code = event?.code ?? 0;
        closesByCode.set(code, (closesByCode.get(code) ?? 0) + 1);
      });
      provider.awareness.setLocalStateField('user', { name: `Load editor ${draftIndex}.${editor}` });
      return { doc, provider, title, criterionKey: target.key };
    }),
  );
  const all = clients.flat();

  try {
    await until(
      () => all.every((client) => client.provider.synced),
      options.connectTimeoutMs ?? 60_000,
      'every load client to connect and sync',
    );

    countCloses = true;
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const periodMs = 1000 / options.editsPerSecond;
    const start = performance.now() + 100;
    editingStart = start;
    const editing = clients.flatMap((draftClients, draftIndex) =>
      draftClients.map((client, editor) => {
        const phase = random.next() * periodMs;
        return new Promise<void>((resolve) => {
          let seq = 0;
          const editOnce = () => {
            const micros = Math.round((performance.now() - origin) * 1000);
            client.title.insert(client.title.length, `~${editor}.${seq}.${micros}~`);
            const sentInDraft = sent[draftIndex];
            if (sentInDraft) sentInDraft[editor] = seq + 1;
            if (seq % options.awarenessEvery === 0) {
              client.provider.awareness.setLocalStateField('cursor', {
                criterion: client.criterionKey,
                offset: client.title.length,
              });
            }
            seq++;
            if (seq >= perEditor) resolve();
            else setTimeout(editOnce, Math.max(0, start + phase + seq * periodMs - performance.now()));
          };
          setTimeout(editOnce, Math.max(0, start + phase - performance.now()));
        });
      }),
    );
    await Promise.all(editing);
    const editingMs = performance.now() - start;
    loopDelay.disable();

    const editsSent = sent.reduce((sum, counts) => sum + counts.reduce((a, b) => a + b, 0), 0);
    const deliveriesExpected = editsSent * (editors - 1);
    await until(() => deliveriesObserved >= deliveriesExpected, options.settleMs, '').catch(() => {});
    countCloses = false;

    let lost = 0;
    observed.forEach((seen, draftIndex) => {
      for (let editor = 0; editor < editors; editor++) {
        const made = sent[draftIndex]?.[editor] ?? 0;
        for (let seq = 0; seq < made; seq++) if ((seen[editor * perEditor + seq] ?? 0) < editors - 1) lost++;
      }
    });
    return {
      latenciesMs: latencies.sorted(),
      editsSent,
      deliveriesExpected,
      deliveriesObserved,
      lost,
      closesByCode,
      clientLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      clientLoopDelayMaxMs: loopDelay.max / 1e6,
      worstBySecond: Array.from(worstBySecond, (worst) => worst ?? 0),
      editingMs,
    };
  } finally {
    for (const client of all) {
      client.provider.destroy();
      client.doc.destroy();
    }
  }
}

/**
 * The text a transaction inserted, read from the structs it added (each client's clocks from its state
 * before the transaction to after). Reading the text's delta instead walks the whole text on every event,
 * and as the titles grow over a run that cost, in the load generator, would pass for server latency.
 */
function insertedText(doc: Y.Doc, transaction: Y.Transaction): string {
  let text = '';
  transaction.afterState.forEach((after, client) => {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = doc.store.clients.get(client);
    if (after <= before || !structs) return;
    for (let index = Y.findIndexSS(structs, before); index < structs.length; index++) {
      const struct = structs[index];
      if (!struct || struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      text += struct.content.str.slice(Math.max(0, before - struct.id.clock), after - struct.id.clock);
    }
  });
  return text;
}

/** p50 / p99 / max of a result, in milliseconds. */
export function latencySummary(result: EditorLoadResult): { p50: number; p99: number; max: number } {
  return {
    p50: percentile(result.latenciesMs, 50),
    p99: percentile(result.latenciesMs, 99),
    max: result.latenciesMs[result.latenciesMs.length - 1] ?? Number.NaN,
  };
}
