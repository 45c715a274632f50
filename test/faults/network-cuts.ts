import { SeededRandom } from '../../server/random/seeded-random.ts';
import { startTestServer } from '../server/test-server.ts';
import { docFromStored, sameState, sleep, until } from './convergence.ts';
import { randomDraftEdit } from './draft-edits.ts';
import { LoopbackProxy, type ProxyLink } from './loopback-proxy.ts';
import { type FaultClient, connectFaultClient } from './sync-clients.ts';

/**
 * Clients dropping and rejoining mid-edit by a network cut (C4), never by a clean close: a loopback proxy
 * between the clients and the server freezes connections while everyone keeps typing, then either resets
 * them (what was in flight is lost), heals them (it arrives late), or holds them until the server's
 * heartbeat gives up on its side. Afterwards every client, the server's live document and its stored log
 * must agree.
 */

const DRAFT = 'what-works-cities-draft';

export const CUT_KINDS = ['freeze-then-reset', 'freeze-then-heal', 'freeze-past-heartbeat'] as const;
export type CutKind = (typeof CUT_KINDS)[number];

export interface NetworkCutOptions {
  readonly seed: number;
  readonly clients: number;
  /** How many cut events (each hits one to three connections at once). */
  readonly cuts: number;
  /** Each client edits about this often. */
  readonly editEveryMs: number;
  /** The server's heartbeat interval; a frozen connection is dropped after about two of them. */
  readonly heartbeatMs: number;
  readonly log?: (line: string) => void;
}

export interface NetworkCutReport {
  readonly seed: number;
  readonly clients: number;
  readonly cutsByKind: Readonly<Record<CutKind, number>>;
  readonly editsMade: number;
  /** Connections the clients saw drop. */
  readonly disconnects: number;
  /** Clients, the server's live document and the stored log agreed at the end. */
  readonly converged: boolean;
}

export async function runNetworkCuts(options: NetworkCutOptions): Promise<NetworkCutReport> {
  const random = new SeededRandom(options.seed);
  const server = await startTestServer({ heartbeatMs: options.heartbeatMs });
  const proxy = await LoopbackProxy.start(server.port);
  const clients: FaultClient[] = [];
  let editTimer: NodeJS.Timeout | undefined;
  try {
    const cookie = await server.signIn('Cut Tester', 'editor');
    const proxyUrl = `http://127.0.0.1:${proxy.port}`;
    for (let i = 0; i < options.clients; i++)
      clients.push(connectFaultClient(proxyUrl, DRAFT, cookie, 200 + i));
    await until(() => clients.every((client) => client.provider.synced), 30_000, 'every client to sync');

    let editsMade = 0;
    const editRandom = new SeededRandom(options.seed ^ 0xc07);
    editTimer = setInterval(
      () => {
        randomDraftEdit(editRandom.pick(clients).doc, editRandom);
        editsMade++;
      },
      Math.max(1, Math.round(options.editEveryMs / options.clients)),
    );

    const cutsByKind = Object.fromEntries(CUT_KINDS.map((kind) => [kind, 0])) as Record<CutKind, number>;
    for (let cut = 0; cut < options.cuts; cut++) {
      await sleep(random.int(30, 250));
      const open = proxy.openLinks.filter((link) => !link.isFrozen);
      if (open.length === 0) continue;
      const kind = random.pick(CUT_KINDS);
      const victims = Array.from({ length: random.int(1, Math.min(3, open.length)) }, () =>
        random.pick(open),
      );
      cutsByKind[kind]++;
      await breakLinks([...new Set(victims)], kind, random, options.heartbeatMs);
      options.log?.(`cut ${cut + 1}: ${kind} on ${new Set(victims).size} connection(s)`);
    }
    options.log?.('cuts done; waiting for convergence');

    clearInterval(editTimer);
    editTimer = undefined;
    proxy.thawAll();
    const live = () => server.registry.loaded(DRAFT)?.doc;
    const converged = await until(
      () => {
        const doc = live();
        return (
          doc !== undefined &&
          clients.every((client) => client.provider.synced) &&
          sameState([doc, ...clients.map((client) => client.doc)])
        );
      },
      30_000,
      'the clients and the server to converge',
    ).then(
      () => true,
      () => false,
    );
    const storedDoc = docFromStored(await server.store.updates.load(DRAFT));
    const first = clients[0];
    const storedAgrees = first !== undefined && sameState([storedDoc, first.doc]);
    storedDoc.destroy();
    return {
      seed: options.seed,
      clients: options.clients,
      cutsByKind,
      editsMade,
      disconnects: clients.reduce((sum, client) => sum + client.drops, 0),
      converged: converged && storedAgrees,
    };
  } finally {
    if (editTimer) clearInterval(editTimer);
    for (const client of clients) client.destroy();
    await proxy.close();
    await server.dispose();
  }
}

/** Freezes `links`, lets the edits pile up, then ends the outage the way `kind` says. */
async function breakLinks(
  links: readonly ProxyLink[],
  kind: CutKind,
  random: SeededRandom,
  heartbeatMs: number,
): Promise<void> {
  for (const link of links) link.freeze();
  if (kind === 'freeze-past-heartbeat') {
    // Two heartbeats without a pong and the server terminates its side; the client only learns of it
    // when the network comes back and the proxy passes the close on.
    await sleep(heartbeatMs * 3);
    for (const link of links) link.thaw();
    return;
  }
  await sleep(random.int(50, 400));
  for (const link of links) {
    if (kind === 'freeze-then-reset') link.cut();
    else link.thaw();
  }
}
