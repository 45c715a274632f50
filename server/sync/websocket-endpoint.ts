import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Member } from '../store/store.ts';
import { CloseCode, SYNC_PROTOCOL_VERSION } from '../../src/collab/sync-protocol.ts';
import type { RoomPeer } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

export interface SyncEndpointOptions {
  readonly registry: RoomRegistry;
  /** The member a request's session cookie belongs to (P3). */
  readonly authenticate: (request: IncomingMessage) => Member | undefined;
  readonly draftExists: (draftId: string) => boolean;
  /** Messages above this size are refused by `ws` itself (close 1009) before they are buffered. */
  readonly hardPayloadLimit: number;
  /** How often dead connections (network cut, no close) are detected and dropped. */
  readonly heartbeatMs?: number;
}

/**
 * Accepts WebSocket upgrades on `/sync/<draftId>` and hands each connection to its draft's room.
 * Refusals complete the upgrade and then close with a 44xx code and a reason, because a browser
 * WebSocket cannot read an HTTP error status (P3: no session → 4401).
 */
export function attachSyncEndpoint(server: Server, options: SyncEndpointOptions): { close(): void } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.hardPayloadLimit });
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/sync\/([^/]+)$/.exec(url.pathname);
    if (!match?.[1]) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const draftId = decodeURIComponent(match[1]);
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const refuse = (code: number, reason: string) => ws.close(code, reason);
      const protocol = url.searchParams.get('protocol');
      if (protocol !== null && protocol !== String(SYNC_PROTOCOL_VERSION)) {
        refuse(
          CloseCode.forbidden,
          `sync protocol ${protocol} is not supported; this server speaks ${SYNC_PROTOCOL_VERSION}`,
        );
        return;
      }
      const member = options.authenticate(request);
      if (!member) {
        refuse(CloseCode.unauthenticated, 'sign in first');
        return;
      }
      if (!options.draftExists(draftId)) {
        refuse(CloseCode.notFound, `no draft ${draftId}`);
        return;
      }
      connect(ws, draftId, member);
    });
  });

  const connect = (ws: WebSocket, draftId: string, member: Member) => {
    const room = options.registry.open(draftId);
    const peer: RoomPeer = {
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        room.closePeer(peer, CloseCode.malformed, 'text frames are not part of the sync protocol');
        return;
      }
      room.receive(peer, toBytes(data));
    });
    ws.on('close', () => {
      room.leave(peer);
      options.registry.released(room);
    });
    ws.on('error', () => ws.terminate());
    room.join(peer, { memberId: member.id, name: member.name, canWrite: member.role !== 'viewer' });
  };

  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    close() {
      clearInterval(heartbeat);
      for (const ws of sockets.clients) ws.close(CloseCode.goingAway, 'server shutting down');
      sockets.close();
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
