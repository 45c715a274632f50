import { connect } from 'node:net';

/** What came back on a raw connection: the status of the first answer (0 if none) and all bytes read. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly text: string;
}

/**
 * Sends `bytes` as-is over a fresh TCP connection to 127.0.0.1:`port` — for requests `fetch` would
 * refuse or repair — and resolves with whatever the server answered once the first answer is complete
 * (or the server closes the connection), or after `timeoutMs` (a server that keeps a half-sent request
 * waiting is not a failure here).
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(chunks).toString('latin1')));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (isComplete(Buffer.concat(chunks).toString('latin1'))) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** Whether `text` holds a whole first answer: headers, then the body its headers announce. */
function isComplete(text: string): boolean {
  const answer = parseAnswer(text);
  const headerEnd = text.indexOf('\r\n\r\n');
  if (answer.status === 0 || headerEnd === -1) return false;
  if (answer.status === 101 || answer.status === 204 || answer.status === 304) return true;
  const rawBody = text.slice(headerEnd + 4);
  const length = answer.headers['content-length'];
  if (length !== undefined) return rawBody.length >= Number(length);
  if (answer.headers['transfer-encoding'] === 'chunked') return /(^|\r\n)0\r\n\r\n$/.test(rawBody);
  return false;
}

function parseAnswer(text: string): RawAnswer {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  const headerEnd = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text
    .slice(0, headerEnd === -1 ? text.length : headerEnd)
    .split('\r\n')
    .slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rawBody = headerEnd === -1 ? '' : text.slice(headerEnd + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(rawBody) : rawBody;
  return { status, headers, body, text };
}

/** The payload of a chunked body (as far as it arrived). */
function dechunk(raw: string): string {
  let body = '';
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(raw.slice(at, lineEnd), 16);
    if (!Number.isFinite(size) || size === 0) break;
    body += raw.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
  return body;
}

/** The `error` message of a JSON error answer, or undefined if the body is not one. */
export function errorOf(answer: RawAnswer): string | undefined {
  try {
    const parsed = JSON.parse(answer.body) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/** A WebSocket upgrade request for `path` with a well-formed key, as a browser would send it. */
export function upgradeRequest(path: string, extraHeaders = ''): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extraHeaders}\r\n`
  );
}
