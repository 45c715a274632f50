import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startTierlineServer, type TierlineServer, type TierlineServerOptions } from '../../server/app.ts';
import { inviteMember } from '../../server/auth/membership.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { MemberRole } from '../../server/store/store.ts';

export const projectRoot = resolve(import.meta.dirname, '../..');

export interface TestServer extends TierlineServer {
  readonly dataDir: string;
  readonly logLines: string[];
  /** Creates a member with `role` and returns the session cookie of a browser signed in as them. */
  signIn(name: string, role: MemberRole): Promise<string>;
  /** Stops the server and removes its data directory. */
  dispose(): Promise<void>;
}

/** Starts a real server on port 0 with a fresh data directory seeded from `standards/`. */
export async function startTestServer(overrides: Partial<TierlineServerOptions> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'tierline-server-'));
  const logLines: string[] = [];
  const server = await startTierlineServer({
    port: 0,
    // A real SQLite file in the data directory unless the test hands in another store (P6).
    store: overrides.store ?? (await openStore({ dataDir })),
    dataDir,
    standardsDir: join(projectRoot, 'standards'),
    staticDir: join(dataDir, 'no-static'),
    idleUnloadMs: 50,
    log: (line) => logLines.push(line),
    ...overrides,
  });
  return {
    ...server,
    dataDir,
    logLines,
    signIn: async (name, role) => {
      const { token } = await inviteMember(server.store, { name, role }, Date.now());
      return signInWithToken(server.url, token);
    },
    dispose: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Exchanges an invite token for the session cookie, as the sign-in page does. */
export async function signInWithToken(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie;
}

/** `fetch` against the server as a signed-in browser. */
export async function api(
  url: string,
  cookie: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** A `ws` WebSocket class that sends the session cookie on the upgrade, like a browser would. */
export function webSocketWithCookie(cookie: string | undefined): typeof WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  return CookieWebSocket as unknown as typeof WebSocket;
}

/** A raw socket on the sync endpoint (no y-websocket client), and how the server closed it. */
export function rawSyncSocket(
  server: { readonly url: string },
  cookie: string | undefined,
  path: string,
): { ws: WebSocket; closed: Promise<{ code: number; reason: string }>; opened: Promise<void> } {
  const Socket = webSocketWithCookie(cookie);
  const ws = new Socket(`${server.url.replace(/^http/, 'ws')}${path}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }));
  });
  // A refused socket may see a reset instead of the close frame; `closed` still resolves (1006).
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  return { ws, closed, opened };
}

/** A real y-websocket client on its own Y.Doc, connected to `/sync/<draftId>`. */
export function connectClient(
  url: string,
  draftId: string,
  cookie: string | undefined,
): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, draftId, doc, {
    WebSocketPolyfill: webSocketWithCookie(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return { doc, provider };
}

/** Resolves once `predicate` holds, polling every 10 ms; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves when the provider has finished its first sync with the server. */
export function synced(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  return waitFor(() => provider.synced, 'the first sync', timeoutMs);
}
