import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutes } from './api/api-routes.ts';
import { sessionMember, signInLink } from './api/member-routes.ts';
import { FIRST_CHAIR_LINK_FILE, removeFirstChairLink, writeFirstChairLink } from './auth/first-chair-link.ts';
import { inviteMember } from './auth/membership.ts';
import {
  DEFAULT_SIGN_IN_RATE_LIMIT,
  SignInRateLimit,
  type SignInRateLimitOptions,
} from './auth/sign-in-rate-limit.ts';
import { hashToken } from './auth/tokens.ts';
import { HttpError, READ_ONLY_METHODS, json, send } from './http/json-routes.ts';
import { crossOriginRefusal, normalizedOrigin } from './http/origin-check.ts';
import { serveGuarded } from './http/request-guard.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { recordServerUrl } from './http/server-url-file.ts';
import { serveStatic } from './http/static-files.ts';
import type { InstanceCluster } from './cluster/instance-cluster.ts';
import { applySeed, isEmptyStore, planSeed } from './seed/seed-store.ts';
import type { Store } from './store/store.ts';
import type { RoomLimits, RoomLog } from './sync/room.ts';
import { RoomRegistry } from './sync/room-registry.ts';
import { resolveSessionIn, sessionStatusIn } from './sync/session-status.ts';
import { attachSyncEndpoint, type SyncEndpoint } from './sync/websocket-endpoint.ts';

/** The name on the invite a fresh deployment makes for its first chair. */
const FIRST_CHAIR_NAME = 'First chair';

export interface TierlineServerOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /**
   * Where everything is stored (P6): any `Store` implementation, chosen by the caller (`openStore` for
   * `npm start` and the CLI, a memory or SQLite store in tests). The server owns it from here on: it is
   * closed when the server closes, or when the server fails to start.
   */
  readonly store: Store;
  /**
   * The other server processes on the same database (P8), when there are any: `openPostgresCluster` for a
   * PostgreSQL store. Owned by the server from here on, like the store. Without it the server is alone.
   */
  readonly cluster?: InstanceCluster;
  /** The data directory: the server's URL file and the first chair's sign-in link go here. */
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
  /**
   * The URL users reach this server at (`TIERLINE_PUBLIC_URL`, e.g. `https://tierline.example.org`), when
   * it differs from the listening address: behind a TLS proxy. Its origin is allowed for state-changing
   * requests (H5) and used in sign-in links; `https:` makes session cookies `Secure`.
   */
  readonly publicUrl?: string;
  /** Defaults to whether `publicUrl` is `https:`. */
  readonly secureCookies?: boolean;
  readonly signInRateLimit?: Partial<SignInRateLimitOptions>;
  /**
   * Addresses of the load balancers in front (`TIERLINE_TRUSTED_PROXIES`): for their connections, failed
   * sign-ins count against the client their `X-Forwarded-For` names, not against the balancer (H8).
   */
  readonly trustedProxies?: ReadonlySet<string>;
  /** How often expired sessions are deleted (also once at start). */
  readonly sessionPurgeMs?: number;
  /** Told after a member's rights changed (role change, removal, sign-out), after their sockets were re-checked (H2). */
  readonly rightsChanged?: (memberId: string) => void;
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
  /**
   * The first-chair invite token made on a fresh data directory, if one was made (its link is in the data
   * directory's `first-chair-sign-in.txt`, never in the log).
   */
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
  const publicOrigin = publicOriginOf(options.publicUrl);
  mkdirSync(options.dataDir, { recursive: true });
  const store = options.store;
  const cluster = options.cluster;

  try {
    // Under the first-start lock: of several processes starting together on one empty database (P7, P8),
    // one seeds and the others then find the store no longer empty.
    await store.withFirstStartLock(async () => {
      if (!(await isEmptyStore(store))) return;
      const plan = planSeed(options.standardsDir);
      await applySeed(store, plan, now());
      log(
        `Seeded ${plan.versions.length} versions, ${plan.drafts.length} drafts and ${plan.assessments.length} assessment files from ${options.standardsDir}`,
      );
    });
  } catch (error) {
    await cluster?.close();
    await store.close();
    throw error;
  }

  const roomLog: RoomLog = (event) =>
    log(
      `sync ${event.docId}${event.memberId ? ` member ${event.memberId}` : ''}: closed ${event.code} (${event.reason})`,
    );
  const registry = new RoomRegistry({
    updates: store.updates,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.idleUnloadMs === undefined ? {} : { idleUnloadMs: options.idleUnloadMs }),
    log: roomLog,
    ...(cluster ? { others: cluster.others } : {}),
  });
  const authenticate = sessionMember(store, now);
  let firstChairInviteHash: string | undefined;
  const router = apiRoutes({
    store,
    registry,
    now,
    secureCookies: options.secureCookies ?? publicOrigin?.startsWith('https:') ?? false,
    ...(publicOrigin === undefined ? {} : { publicOrigin }),
    signInLimit: new SignInRateLimit({ ...DEFAULT_SIGN_IN_RATE_LIMIT, ...options.signInRateLimit }),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    // Open sockets follow at once (H2); the endpoint's sweep would catch it within 500 ms anyway.
    rightsChanged: async (memberId) => {
      // Sockets on every other instance follow too (P8); their sweep is the safety net.
      await Promise.all([sync.recheckMember(memberId), cluster?.rightsChanged(memberId)]);
      options.rightsChanged?.(memberId);
    },
    signedIn: (inviteTokenHash) => {
      if (inviteTokenHash === firstChairInviteHash) removeFirstChairLink(options.dataDir);
    },
  });

  const server: Server = createServer();
  serveGuarded(
    server,
    async (request, response, url) => {
      if (url.pathname.startsWith('/api/')) {
        if (!READ_ONLY_METHODS.has(request.method ?? '')) {
          const refusal = crossOriginRefusal(request, publicOrigin);
          if (refusal) throw new HttpError(403, refusal);
        }
        const handled = await router.handle(request, response, url, await authenticate(request));
        if (!handled) send(response, json(404, { error: `no API route ${url.pathname}` }));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        send(response, json(405, { error: 'only GET is served outside /api' }));
        return;
      }
      serveStatic(options.staticDir, url.pathname, response);
    },
    { log, before: setSecurityHeaders },
  );
  const sync = attachSyncEndpoint(server, {
    registry,
    resolveSession: resolveSessionIn(store, now),
    sessionStatus: sessionStatusIn(store, now),
    draftExists: async (id) => (await store.drafts.getDraft(id)) !== undefined,
    log,
    originRefusal: (request) => crossOriginRefusal(request, publicOrigin),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.sessionRecheckMs === undefined ? {} : { sessionRecheckMs: options.sessionRecheckMs }),
  });
  try {
    await cluster?.attach({ registry, sync });
  } catch (error) {
    sync.close();
    await cluster?.close();
    await store.close();
    throw error;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(options.host ?? '127.0.0.1')}:${port}`;
  recordServerUrl(options.dataDir, publicOrigin ?? url);

  const purgeSessions = async () => {
    const purged = await store.sessions.deleteExpiredSessions(now());
    if (purged > 0) log(`Deleted ${purged} expired session${purged === 1 ? '' : 's'}`);
  };
  await purgeSessions();
  const purgeTimer = setInterval(() => {
    purgeSessions().catch((error: unknown) => log(`Deleting expired sessions failed: ${String(error)}`));
  }, options.sessionPurgeMs ?? 3_600_000);
  purgeTimer.unref();

  let firstChairToken: string | undefined;
  // Under the first-start lock, so that processes starting together make one first-chair invite, not one
  // each; a start that finds an open one (made by another process, or by an earlier start whose link file
  // is still unused) makes no other.
  const firstChair = await store.withFirstStartLock(async () => {
    if ((await store.members.listMembers()).length > 0) return 'members exist';
    const open = (await store.invites.listInvites()).find(
      (invite) =>
        invite.usedAt === null &&
        invite.expiresAt > now() &&
        invite.role === 'chair' &&
        invite.name === FIRST_CHAIR_NAME,
    );
    if (open) return { openInviteHash: open.tokenHash };
    return { invite: await inviteMember(store, { name: FIRST_CHAIR_NAME, role: 'chair' }, now()) };
  });
  if (firstChair === 'members exist') {
    removeFirstChairLink(options.dataDir);
  } else if (firstChair.invite !== undefined) {
    const { invite } = firstChair;
    firstChairToken = invite.token;
    firstChairInviteHash = hashToken(invite.token);
    const file = writeFirstChairLink(
      options.dataDir,
      signInLink(publicOrigin ?? url, invite.token),
      invite.expiresAt,
    );
    log(
      `No members yet. The first chair's one-time sign-in link is in ${file} (readable only by this user; ` +
        `deleted once used). Or make one with: npx tierline invite --name "Your Name" --role chair`,
    );
  } else {
    firstChairInviteHash = firstChair.openInviteHash;
    log(
      `No members yet. The first chair's one-time sign-in link was made earlier, in ` +
        `${FIRST_CHAIR_LINK_FILE} of the data directory of the process that made it. ` +
        `Or make one with: npx tierline invite --name "Your Name" --role chair`,
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
      clearInterval(purgeTimer);
      sync.close();
      await registry.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await cluster?.close();
      await store.close();
    },
  };
}

/** The origin of `TIERLINE_PUBLIC_URL`, or a clear refusal to start when it is not an http(s) URL. */
function publicOriginOf(publicUrl: string | undefined): string | undefined {
  if (publicUrl === undefined || publicUrl.trim() === '') return undefined;
  const origin = normalizedOrigin(publicUrl.trim());
  if (origin === undefined) {
    throw new Error(
      `TIERLINE_PUBLIC_URL ${JSON.stringify(publicUrl)} is not an http:// or https:// URL (e.g. https://tierline.example.org)`,
    );
  }
  return origin;
}

/** A listening address as a URL host: a wildcard becomes localhost, an IPv6 address gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
