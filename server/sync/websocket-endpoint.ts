import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Member } from '../store/store.ts';
import { CloseCode, SYNC_PROTOCOL_VERSION } from '../../src/collab/sync-protocol.ts';
import { HttpError } from '../http/http-error.ts';
import { decodePercentEncoded } from '../http/percent-decoding.ts';
import { guardUpgrade, refuseUpgrade } from '../http/request-guard.ts';
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
  /** Where refused and failed upgrades are logged. */
  readonly log?: (line: string) => void;
  /** Why an upgrade from another origin is refused (H5), or undefined when it is allowed. */
  readonly originRefusal?: (request: IncomingMessage) => string | undefined;
}

/**
 * Accepts WebSocket upgrades on `/sync/<draftId>` and hands each connection to its draft's room.
 * Refusals complete the upgrade and then close with a 44xx code and a reason, because a browser
 * WebSocket cannot read an HTTP error status (P3: no session → 4401).
 */
export function attachSyncEndpoint(server: Server, options: SyncEndpointOptions): { close(): void } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.hardPayloadLimit });
  const alive = new WeakMap<WebSocket, boolean>();

  // Behind the request guard (H1): a bad path or Host, a socket error or a throw ends this upgrade only.
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    const match = /^\/sync\/([^/]+)$/.exec(url.pathname);
    if (!match?.[1]) {
      refuseUpgrade(
        socket,
        404,
        `no WebSocket endpoint at ${url.pathname.slice(0, 200)}; sync is at /sync/<draftId>`,
      );
      return;
    }
    const draftId = decodePercentEncoded(match[1], 'the draft id in the sync path');
    // Read before the handshake: once it is done, a throw could only cut the socket without a reason.
    const crossOrigin = options.originRefusal?.(request);
    let member: Member | undefined;
    let sessionProblem: string | undefined;
    try {
      member = options.authenticate(request);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sessionProblem = error.message;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const refuse = (code: number, reason: string) => {
        log(`sync ${draftId.slice(0, 100)}: refused ${code} (${reason})`);
        ws.close(code, closeReason(reason));
      };
      if (crossOrigin) {
        refuse(CloseCode.forbidden, crossOrigin);
        return;
      }
      const protocol = url.searchParams.get('protocol');
      if (protocol !== null && protocol !== String(SYNC_PROTOCOL_VERSION)) {
        refuse(
          CloseCode.forbidden,
          `sync protocol ${protocol.slice(0, 20)} is not supported; this server speaks ${SYNC_PROTOCOL_VERSION}`,
        );
        return;
      }
      if (!member) {
        refuse(CloseCode.unauthenticated, sessionProblem ?? 'sign in first');
        return;
      }
      if (!options.draftExists(draftId)) {
        refuse(CloseCode.notFound, `no draft ${draftId.slice(0, 100)}`);
        return;
      }
      try {
        connect(ws, draftId, member);
      } catch (error) {
        // After the handshake an HTTP 500 can no longer be sent: close with 1011 and log, as the guard would.
        log(
          `sync ${draftId.slice(0, 100)}: the connection failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        ws.close(1011, 'internal error; see the server log');
      }
    });
  };
  const log = options.log ?? (() => {});
  server.on('upgrade', guardUpgrade(upgrade, log));

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

/** A close reason must fit in 123 UTF-8 bytes (RFC 6455 §5.5); `ws` throws on a longer one. */
function closeReason(reason: string): string {
  let cut = reason;
  while (Buffer.byteLength(cut) > 123) cut = `${cut.slice(0, Math.max(0, cut.length - 4))}…`;
  return cut;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
