import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Member } from '../store/store.ts';
import { CloseCode, SYNC_PROTOCOL_VERSION, tooLargeReason } from '../../src/collab/sync-protocol.ts';
import { HttpError } from '../http/http-error.ts';
import { decodePercentEncoded } from '../http/percent-decoding.ts';
import { guardUpgrade, refuseUpgrade } from '../http/request-guard.ts';
import type { PeerIdentity, Room, RoomPeer } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';
import { SESSION_END_REASONS, type OpenSession, type SessionStatus } from './session-status.ts';

export interface SyncEndpointOptions {
  readonly registry: RoomRegistry;
  /** The session a request's cookie belongs to, and its member (P3). */
  readonly resolveSession: (request: IncomingMessage) => Promise<OpenSession | undefined>;
  /** The session as it is now (H2); called once per open session per sweep, and when told to recheck. */
  readonly sessionStatus: (session: OpenSession) => Promise<SessionStatus>;
  readonly draftExists: (draftId: string) => Promise<boolean>;
  /** How often open sessions are looked up again (H2: rights hold within a second); default 500 ms. */
  readonly sessionRecheckMs?: number;
  /** How often dead connections (network cut, no close) are detected and dropped. */
  readonly heartbeatMs?: number;
  /** Where refused and failed upgrades are logged. */
  readonly log?: (line: string) => void;
  /** Why an upgrade from another origin is refused (H5), or undefined when it is allowed. */
  readonly originRefusal?: (request: IncomingMessage) => string | undefined;
}

/** The sync endpoint, as the server holds it. */
export interface SyncEndpoint {
  /** Looks up again, now, the sessions of this member's open connections (call after a role change, removal); resolves once applied. */
  recheckMember(memberId: string): Promise<void>;
  /** Looks up every open connection's session again, now (call after a sign-out). */
  recheckAll(): Promise<void>;
  close(): void;
}

/** One open sync connection and the session it was opened with. */
interface Connection {
  readonly ws: WebSocket;
  readonly room: Room;
  readonly peer: RoomPeer;
  session: OpenSession;
}

const identityOf = (member: Member): PeerIdentity => ({
  memberId: member.id,
  name: member.name,
  role: member.role,
  canWrite: member.role !== 'viewer',
});

/**
 * Accepts WebSocket upgrades on `/sync/<draftId>` and hands each connection to its draft's room.
 * Refusals complete the upgrade and then close with a 44xx code and a reason, because a browser
 * WebSocket cannot read an HTTP error status (P3: no session → 4401).
 */
export function attachSyncEndpoint(server: Server, options: SyncEndpointOptions): SyncEndpoint {
  const limits = options.registry.limits;
  // maxPayload is the real limit: `ws` refuses a larger message from its header, before buffering any of
  // it, and the socket class below turns its 1009 close into our 4413 (H4).
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    WebSocket: syncWebSocketClass(limits.maxMessageBytes),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  const connections = new Set<Connection>();

  // Behind the request guard (H1): a bad path or Host, a socket error or a throw ends this upgrade only.
  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
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
    let session: OpenSession | undefined;
    let sessionProblem: string | undefined;
    try {
      session = await options.resolveSession(request);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sessionProblem = error.message;
    }
    // Looked up before the handshake too: the store is asynchronous (P6), the handshake callback is not.
    const draftExists = session !== undefined && !crossOrigin && (await options.draftExists(draftId));
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
      if (!session) {
        refuse(CloseCode.unauthenticated, sessionProblem ?? 'sign in first');
        return;
      }
      if (!draftExists) {
        refuse(CloseCode.notFound, `no draft ${draftId.slice(0, 100)}`);
        return;
      }
      try {
        connect(ws, draftId, session);
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

  const connect = (ws: WebSocket, draftId: string, session: OpenSession) => {
    const room = options.registry.open(draftId);
    const peer: RoomPeer = {
      send: (message) => {
        if (ws.readyState !== ws.OPEN) return;
        // A peer that stops reading would make the server hold everything sent to it (H4): once more than
        // the limit waits unsent, it is dropped (one message may be larger: a big draft's first sync). The
        // close frame would wait behind the unread bytes, so the socket is cut.
        if (ws.bufferedAmount > limits.maxBufferedBytes) {
          room.closePeer(
            peer,
            CloseCode.tooSlow,
            `did not read what the server sent (over ${limits.maxBufferedBytes} bytes waiting)`,
          );
          ws.terminate();
          return;
        }
        ws.send(message);
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN) ws.close(code, reason);
      },
    };
    const connection: Connection = { ws, room, peer, session };
    connections.add(connection);
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
      connections.delete(connection);
      room.leave(peer);
      options.registry.released(room);
    });
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // `ws` has sent the close (4413, see SyncWebSocket) and reads on, discarding, so the client gets it.
        room.closePeer(peer, CloseCode.tooLarge, tooLargeReason(limits.maxMessageBytes));
        setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
        return;
      }
      ws.terminate();
    });
    room.join(peer, identityOf(session.member));
  };

  /** Looks the sessions of `subset` up again, once per distinct session, and applies what changed (H2). */
  const recheck = async (subset: Iterable<Connection>): Promise<void> => {
    const bySession = new Map<string, Connection[]>();
    for (const connection of subset) {
      const group = bySession.get(connection.session.sessionHash);
      if (group) group.push(connection);
      else bySession.set(connection.session.sessionHash, [connection]);
    }
    for (const group of bySession.values()) {
      const first = group[0];
      if (!first) continue;
      let status: SessionStatus;
      try {
        status = await options.sessionStatus(first.session);
      } catch {
        continue; // The store is unavailable: keep the rights as they were until the next sweep.
      }
      // A connection that closed while the store answered is gone already.
      for (const connection of group) if (connections.has(connection)) apply(connection, status);
    }
  };

  const apply = (connection: Connection, status: SessionStatus) => {
    const { room, peer } = connection;
    if ('ended' in status) {
      connections.delete(connection);
      room.closePeer(peer, CloseCode.unauthenticated, SESSION_END_REASONS[status.ended]);
      return;
    }
    const before = connection.session.member;
    connection.session = { ...connection.session, member: status.member };
    if (before.role !== status.member.role || before.name !== status.member.name) {
      room.setIdentity(peer, identityOf(status.member));
    }
  };

  // A sweep that takes longer than the interval (a slow store) is not overlapped by the next: that one is skipped.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void recheck([...connections]).finally(() => {
      sweeping = false;
    });
  }, options.sessionRecheckMs ?? 500);
  sweep.unref();

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
    recheckMember(memberId) {
      return recheck([...connections].filter((connection) => connection.session.member.id === memberId));
    },
    recheckAll() {
      return recheck([...connections]);
    },
    close() {
      clearInterval(sweep);
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

/** How long a connection refused for an oversized message may take to finish its close handshake. */
const CLOSE_GRACE_MS = 2000;

/**
 * `ws` closes with 1009 when a message passes `maxPayload`, from inside its frame parser; our clients
 * know that refusal as 4413 (P4), so it is sent as that, with a reason that states the limit.
 */
function syncWebSocketClass(maxMessageBytes: number): typeof WebSocket {
  return class SyncWebSocket extends WebSocket {
    override close(code?: number, reason?: string | Buffer): void {
      if (code === 1009) super.close(CloseCode.tooLarge, tooLargeReason(maxMessageBytes));
      else super.close(code, reason);
    }
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
