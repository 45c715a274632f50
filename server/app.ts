import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutes, sessionMember } from './api/api-routes.ts';
import { inviteMember } from './auth/membership.ts';
import { send, json } from './http/json-routes.ts';
import { serveStatic } from './http/static-files.ts';
import { applySeed, isEmptyStore, planSeed } from './seed/seed-store.ts';
import { databasePathIn } from './store/database-file.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import type { Store } from './store/store.ts';
import type { RoomLimits, RoomLog } from './sync/room.ts';
import { RoomRegistry, roomStorageOf } from './sync/room-registry.ts';
import { resolveSessionIn, sessionStatusIn } from './sync/session-status.ts';
import { attachSyncEndpoint, type SyncEndpoint } from './sync/websocket-endpoint.ts';

export interface TierlineServerOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Where the SQLite database lives (created on first start). */
  readonly dataDir: string;
  /** The `standards/` folder seeded into a fresh database. */
  readonly standardsDir: string;
  /** The built app (Vite's `dist/`). */
  readonly staticDir: string;
  readonly limits?: Partial<RoomLimits>;
  readonly idleUnloadMs?: number;
  readonly heartbeatMs?: number;
  /** How often open sync connections look their sessions up again (H2); default 500 ms. */
  readonly sessionRecheckMs?: number;
  readonly secureCookies?: boolean;
  /** Where operational messages go (sign-in link, refused connections). */
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

export interface TierlineServer {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly registry: RoomRegistry;
  /** Tells open sync connections to look their sessions up again now (H2; a sweep does it every 500 ms). */
  readonly sync: Pick<SyncEndpoint, 'recheckMember' | 'recheckAll'>;
  /** The first-chair invite token printed on a fresh data directory, if one was made. */
  readonly firstChairToken: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts Tierline: one process serving the built app, `/api`, and y-websocket sync at `/sync/<draftId>`
 * (P1). On a fresh data directory it creates the database, seeds it from `standardsDir` and prints a
 * sign-in link for a first chair.
 */
export async function startTierlineServer(options: TierlineServerOptions): Promise<TierlineServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true });
  const store = openSqliteStore(databasePathIn(options.dataDir));

  try {
    if (isEmptyStore(store)) {
      const plan = planSeed(options.standardsDir);
      applySeed(store, plan, now());
      log(
        `Seeded ${plan.versions.length} versions, ${plan.drafts.length} drafts and ${plan.assessments.length} assessment files from ${options.standardsDir}`,
      );
    }
  } catch (error) {
    store.close();
    throw error;
  }

  const roomLog: RoomLog = (event) =>
    log(
      `sync ${event.docId}${event.memberId ? ` member ${event.memberId}` : ''}: closed ${event.code} (${event.reason})`,
    );
  const registry = new RoomRegistry({
    storage: roomStorageOf(store.updates),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.idleUnloadMs === undefined ? {} : { idleUnloadMs: options.idleUnloadMs }),
    log: roomLog,
  });
  const authenticate = sessionMember(store, now);
  const router = apiRoutes({ store, registry, now, secureCookies: options.secureCookies ?? false });

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      router
        .handle(request, response, url, authenticate(request))
        .then((handled) => {
          if (!handled) send(response, json(404, { error: `no API route ${url.pathname}` }));
        })
        .catch((error: unknown) => {
          log(`${request.method ?? '?'} ${url.pathname}: ${String(error)}`);
          if (!response.headersSent) send(response, json(500, { error: 'internal error' }));
        });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, json(405, { error: 'only GET is served outside /api' }));
      return;
    }
    serveStatic(options.staticDir, url.pathname, response);
  });

  const sync = attachSyncEndpoint(server, {
    registry,
    resolveSession: resolveSessionIn(store, now),
    sessionStatus: sessionStatusIn(store, now),
    draftExists: (id) => store.drafts.getDraft(id) !== undefined,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.sessionRecheckMs === undefined ? {} : { sessionRecheckMs: options.sessionRecheckMs }),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  let firstChairToken: string | undefined;
  if (store.members.listMembers().length === 0) {
    firstChairToken = inviteMember(store, { name: 'First chair', role: 'chair' }, now()).token;
    log(
      `No members yet. Sign in as the first chair (one-time link, valid 7 days):\n  ${url}/sign-in#token=${firstChairToken}`,
    );
  }

  return {
    url,
    port,
    store,
    registry,
    sync,
    firstChairToken,
    close: async () => {
      sync.close();
      registry.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
