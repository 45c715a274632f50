import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { webSocketWithCookie } from '../server/test-server.ts';

/**
 * A y-websocket client for fault tests: a real `WebsocketProvider` over `ws` with the session cookie, quick
 * to reconnect, that keeps every update the server sent it, byte for byte — what its user has *seen*.
 *
 * The bytes are taken off the socket, not from the doc's `update` event: that event re-encodes what the
 * receiving doc changed, which can include deleting the client's own unsent item (a Y.Map key both sides
 * set: the remote value wins and the local one is deleted) — a change the server never had.
 */
export interface FaultClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Updates the server sent (sync step 2 replies and relayed updates), in arrival order. */
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
  // Every provider listens for the process exiting: dozens of clients are expected here, not a leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 100));
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const seen: Uint8Array[] = [];
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, draftId, doc, {
    WebSocketPolyfill: recordingWebSocket(cookie, (update) =>
      seen.push(update),
    ) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
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

/** A cookie-sending `ws` WebSocket that hands every Yjs update it receives (sync step 2 or update) to `onUpdate`. */
function recordingWebSocket(cookie: string, onUpdate: (update: Uint8Array) => void): typeof WebSocket {
  const CookieWebSocket = webSocketWithCookie(cookie);
  class RecordingWebSocket extends CookieWebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: RawData) => {
        const bytes =
          data instanceof ArrayBuffer
            ? new Uint8Array(data)
            : Array.isArray(data)
              ? new Uint8Array(Buffer.concat(data))
              : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        try {
          const decoder = decoding.createDecoder(bytes);
          if (decoding.readVarUint(decoder) !== 0) return;
          const subtype = decoding.readVarUint(decoder);
          if (subtype === 1 || subtype === 2) onUpdate(decoding.readVarUint8Array(decoder).slice());
        } catch {
          // Not a sync message this client understands; the provider will say so itself.
        }
      });
    }
  }
  return RecordingWebSocket as unknown as typeof WebSocket;
}

/**
 * Every update `clients` have received, once each. `keys` remembers what was collected before, across calls;
 * each client's `seen` is emptied.
 */
export function collectSeen(clients: readonly FaultClient[], keys: Set<string>, into: Uint8Array[]): void {
  for (const client of clients) {
    for (const update of client.seen.splice(0)) {
      const key = Buffer.from(update).toString('base64');
      if (keys.has(key)) continue;
      keys.add(key);
      into.push(update);
    }
  }
}
