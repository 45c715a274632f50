import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { webSocketWithCookie } from '../server/test-server.ts';

/**
 * A y-websocket client for fault tests: a real `WebsocketProvider` over `ws` with the session cookie,
 * quick to reconnect, that remembers every update the server sent it — what the user has *seen*.
 */
export interface FaultClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Updates received from the server, in arrival order (sync replies included). */
  readonly seen: Uint8Array[];
  /** Connections that closed while the client wanted to be connected. */
  readonly drops: number;
  destroy(): void;
}

/** Connects to `<url>/sync/<draftId>` (url `http://…` or `ws://…`), with a fixed client id. */
export function connectFaultClient(
  url: string,
  draftId: string,
  cookie: string,
  clientId: number,
): FaultClient {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, draftId, doc, {
    WebSocketPolyfill: webSocketWithCookie(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const seen: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) seen.push(update);
  });
  let drops = 0;
  provider.on('connection-close', () => drops++);
  return {
    doc,
    provider,
    seen,
    get drops() {
      return drops;
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
