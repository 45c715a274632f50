import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, errorReply, send } from './json-routes.ts';

/**
 * The one guard every HTTP request and every upgrade runs behind (H1): whatever a request contains, it is
 * answered for itself — 4xx for bad input, 500 when a handler threw — and logged, and the process keeps
 * serving everyone else. Handlers get a parsed URL and a checked Host, so they never parse either again.
 */

/** A handler behind the guard: `url` is the request target, already parsed and checked. */
export type GuardedRequestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => void | Promise<void>;

export type GuardedUpgradeHandler = (
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
) => void | Promise<void>;

export type GuardLog = (line: string) => void;

/**
 * The request target as a URL, or a 400. Origin-form (`/path?query`) is joined to a fixed base rather than
 * resolved against it, so `//host/x` stays a path; absolute-form (`http://host/x`, which proxies send) must
 * parse; anything else (`*`, authority-form) is refused.
 */
export function requestUrlOf(request: IncomingMessage): URL {
  const target = request.url ?? '';
  if (target.startsWith('/')) {
    const url = URL.parse(`http://request.target${target}`);
    if (url) return url;
  } else if (/^https?:\/\//i.test(target)) {
    const url = URL.parse(target);
    if (url) return url;
  }
  throw new HttpError(400, `the request target ${JSON.stringify(target.slice(0, 120))} is not a path or URL`);
}

// A host name or IPv4 address, or an IPv6 literal in brackets, with an optional port (RFC 9110 §7.2).
const HOST_HEADER =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Refuses a Host header that is not `name[:port]`: it goes into origins and links, which must parse. */
export function checkHostHeader(request: IncomingMessage): void {
  const host = request.headers.host;
  if (host === undefined) return;
  if (!HOST_HEADER.test(host) || URL.parse(`http://${host}`) === null) {
    throw new HttpError(
      400,
      `the Host header ${JSON.stringify(host.slice(0, 120))} is not a host name and port`,
    );
  }
}

/** A one-line description of a request for the log, cut so a huge target cannot flood it. */
function describe(request: IncomingMessage): string {
  return `${request.method ?? '?'} ${(request.url ?? '').slice(0, 200)}`;
}

/**
 * Serves `handler` on `server` behind the guard. `before` runs first on every request (response headers
 * every answer carries). Also answers malformed HTTP that never becomes a request (`clientError`): 400,
 * 431 for oversized headers, then the socket is destroyed.
 */
export function serveGuarded(
  server: Server,
  handler: GuardedRequestHandler,
  options: { log: GuardLog; before?: (request: IncomingMessage, response: ServerResponse) => void },
): void {
  const { log } = options;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const fail = (error: unknown) => answerFailure(request, response, error, log);
    try {
      options.before?.(request, response);
      checkHostHeader(request);
      const url = requestUrlOf(request);
      const pending = handler(request, response, url);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  });
  // A client that aborts mid-body makes the request stream error; the handler's read sees it too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    endThenDestroy(socket, `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
}

function answerFailure(
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  log: GuardLog,
): void {
  const refusal = error instanceof HttpError ? error : undefined;
  if (refusal) log(`${describe(request)}: ${refusal.status} ${refusal.message}`);
  else
    log(
      `${describe(request)}: 500, the handler threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  if (response.headersSent || response.destroyed) {
    // Half an answer is already out: the only honest ending is to cut the connection.
    response.destroy();
    return;
  }
  // Headers set for the failed answer (a file's content type, a cookie) must not leak into this one.
  for (const name of response.getHeaderNames()) {
    if (!ANSWER_HEADERS_KEPT.has(name)) response.removeHeader(name);
  }
  send(
    response,
    refusal ? errorReply(refusal) : { status: 500, body: { error: 'internal error; see the server log' } },
  );
}

/** Headers set by `before` for every answer (H5), kept on an error answer. */
const ANSWER_HEADERS_KEPT: ReadonlySet<string> = new Set([
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
]);

/**
 * Wraps an `upgrade` listener in the guard: errors on the raw socket are swallowed (logged), a refusal
 * before the WebSocket handshake is answered as HTTP (`HTTP/1.1 400 …`) and the socket closed, and a crash
 * anywhere destroys only this socket.
 */
export function guardUpgrade(
  handler: GuardedUpgradeHandler,
  log: GuardLog,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (request, socket, head) => {
    // Without a listener, an ECONNRESET on a socket Node has handed over is an uncaught 'error'.
    socket.on('error', (error) => log(`upgrade ${describe(request)}: socket error ${error.message}`));
    const fail = (error: unknown) => {
      const refusal = error instanceof HttpError ? error : undefined;
      log(
        `upgrade ${describe(request)}: ${refusal ? `${refusal.status} ${refusal.message}` : `500, the handler threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}`,
      );
      refuseUpgrade(socket, refusal?.status ?? 500, refusal?.message ?? 'internal error; see the server log');
    };
    try {
      checkHostHeader(request);
      const pending = handler(request, socket, head, requestUrlOf(request));
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** Answers an upgrade request that never became a WebSocket with a plain HTTP status, then closes. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${JSON.stringify({ error: message })}\n`;
  endThenDestroy(
    socket,
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nconnection: close\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** How long a refused client gets to read its answer before the socket is cut anyway. */
const REFUSAL_LINGER_MS = 2000;

/** Sends a last answer, then destroys the socket once it is flushed (or after a short wait, if never). */
function endThenDestroy(socket: Duplex, text: string): void {
  const timer = setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS);
  timer.unref();
  socket.once('finish', () => {
    clearTimeout(timer);
    socket.destroy();
  });
  socket.once('close', () => clearTimeout(timer));
  socket.end(text);
}
