import type { SeededRandom } from '../../server/random/seeded-random.ts';

/**
 * Seeded malformed HTTP for the HTTP fuzzer (H1): whole requests as raw bytes, each mostly well formed
 * with one or a few parts broken, so that most of them get past Node's parser and reach Tierline's own
 * code (router, decoding, cookies, origin and content checks, static files, the upgrade handler).
 */

export const REQUEST_KINDS = [
  'request-line',
  'path',
  'query',
  'headers',
  'cookie',
  'origin',
  'body',
  'chunked',
  'upgrade',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** What the generator needs to know about the server under test. */
export interface FuzzTarget {
  /** `Cookie: …` value of a signed-in chair, so requests reach the handlers behind `requireMember`. */
  readonly cookie: string;
  /** `127.0.0.1:port`. */
  readonly host: string;
}

export interface FuzzRequest {
  readonly kind: RequestKind;
  readonly bytes: Buffer;
}

const PATHS = [
  '/api/health',
  '/api/session',
  '/api/standards',
  '/api/standards/what-works-cities/versions',
  '/api/standards/what-works-cities/versions/3.0',
  '/api/drafts',
  '/api/drafts/what-works-cities-draft',
  '/api/drafts/what-works-cities-draft/publish',
  '/api/drafts/what-works-cities-draft/export',
  '/api/members',
  '/api/members/not-a-member',
  '/api/invites',
  '/api/invites/0123456789abcdef',
  '/api/assessments',
  '/api/assessments/what-works-cities/2024',
  '/api/imports',
  '/api/nothing-here',
  '/',
  '/index.html',
  '/assets/app.js',
  '/sign-in',
  '/drafts/what-works-cities-draft',
  '/sync/what-works-cities-draft',
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const BAD_METHODS = ['get', 'G ET', 'CONNECT', 'TRACE', 'PROPFIND', 'BREW', '', 'GET\0', 'POST'.repeat(40)];
const BAD_ESCAPES = [
  '%',
  '%E0%A4%A',
  '%ZZ',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  '%00',
  '%2',
  '%%',
  '%u0041',
  '%E2%82',
];
const ODD_SEGMENTS = [
  '..',
  '.',
  '',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '\u00e9',
  'a'.repeat(5000),
  '%2F',
  ';x',
  '~',
];
const BAD_TARGETS = [
  'http://[',
  'http://[::1',
  'http://',
  'https://x:99999/',
  '*',
  'example.org:443',
  '//evil.example/api/health',
  'ftp://x/y',
  'http://127.0.0.1:1/api/health',
  'http://a b/',
  '',
  '\t/',
  '/\x7f',
];
const VERSIONS = [
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/1.1',
  'HTTP/2.0',
  'HTTP/9.9',
  'HTTP/1.',
  'http/1.1',
  'HTTP/1.1 extra',
  '',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-8; charset=latin1',
  'application/jsonx',
  ';',
  '',
];
const ORIGINS = [
  'http://127.0.0.1:5555',
  'null',
  'http://[',
  'https://evil.example',
  'file://',
  '*',
  'http://127.0.0.1',
];
const FETCH_SITES = ['same-origin', 'same-site', 'cross-site', 'none', 'SAME-ORIGIN', ''];
const BAD_HOSTS = [
  '',
  '[',
  'a b',
  'a/b',
  'x:99999999',
  '[::1',
  'exa mple.org:80',
  '-',
  '..',
  'a'.repeat(300),
  '127.0.0.1:0:1',
];
const JSON_BODIES = [
  '{}',
  '{"token":"not-a-token"}',
  '{"token":""}',
  '{"name":"Fuzz","role":"viewer"}',
  '{"name":"","role":"president"}',
  '{"role":"chair"}',
  '{"version":"9.9","status":"comment"}',
  '{"as":"version","text":"{"}',
  '{"as":"draft","text":"{\\"id\\":1}"}',
  '{"format":"csv","text":"a,a,a,a\\n1,2,3,4"}',
  '[]',
  'null',
  '"text"',
  '{"__proto__":{"polluted":true}}',
  '{"name":"x","role":"viewer","extra":1}',
];
const GARBAGE_BODIES = [
  '{',
  '{"token":',
  'not json',
  '\u0000\u0001\u0002',
  '{"a":' + '['.repeat(5000),
  '\ufeff{}',
  '%%%',
];

/** The next request of the seeded stream. */
export function nextRequest(random: SeededRandom, target: FuzzTarget): FuzzRequest {
  const kind = random.pick(REQUEST_KINDS);
  return { kind, bytes: build(kind, random, target) };
}

function build(kind: RequestKind, random: SeededRandom, target: FuzzTarget): Buffer {
  const base = new Request(random, target);
  switch (kind) {
    case 'request-line':
      if (random.next() < 0.4) base.method = random.pick(BAD_METHODS);
      if (random.next() < 0.5) base.target = random.pick(BAD_TARGETS);
      if (random.next() < 0.4) base.version = random.pick(VERSIONS);
      if (random.next() < 0.1) base.separator = random.pick(['  ', '\t', '\r']);
      break;
    case 'path':
      base.target = mutatedPath(random);
      break;
    case 'query':
      base.target = `${random.pick(PATHS)}?${mutatedQuery(random)}`;
      break;
    case 'headers':
      mutateHeaders(base, random);
      break;
    case 'cookie':
      base.setHeader('Cookie', mutatedCookie(random, target));
      break;
    case 'origin':
      base.method = random.pick(['POST', 'PATCH', 'DELETE', 'PUT']);
      if (random.next() < 0.7) base.setHeader('Origin', random.pick(ORIGINS));
      if (random.next() < 0.5) base.setHeader('Sec-Fetch-Site', random.pick(FETCH_SITES));
      base.jsonBody(random.pick(JSON_BODIES));
      break;
    case 'body':
      base.method = random.pick(['POST', 'PATCH', 'PUT', 'DELETE']);
      mutateBody(base, random);
      break;
    case 'chunked':
      base.method = random.pick(['POST', 'PATCH']);
      chunkedBody(base, random);
      break;
    case 'upgrade':
      upgrade(base, random);
      break;
  }
  return base.toBytes();
}

/** A request under construction; `toBytes` writes it exactly as set, malformed or not. */
class Request {
  method: string;
  target: string;
  version = 'HTTP/1.1';
  separator = ' ';
  headers: [string, string][];
  body: Buffer = Buffer.alloc(0);

  constructor(random: SeededRandom, target: FuzzTarget) {
    this.method = random.pick(METHODS);
    this.target = random.pick(PATHS);
    this.headers = [
      ['Host', target.host],
      ['Connection', 'close'],
    ];
    if (random.next() < 0.6) this.headers.push(['Cookie', target.cookie]);
  }

  setHeader(name: string, value: string): void {
    this.headers = this.headers.filter(([existing]) => existing.toLowerCase() !== name.toLowerCase());
    this.headers.push([name, value]);
  }

  jsonBody(text: string, contentType = 'application/json'): void {
    this.body = Buffer.from(text, 'utf8');
    this.setHeader('Content-Type', contentType);
    this.setHeader('Content-Length', String(this.body.length));
  }

  toBytes(): Buffer {
    const head =
      `${this.method}${this.separator}${this.target}${this.separator}${this.version}\r\n` +
      this.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
      '\r\n';
    return Buffer.concat([Buffer.from(head, 'latin1'), this.body]);
  }
}

function mutatedPath(random: SeededRandom): string {
  const segments = random.pick(PATHS).split('/');
  const count = random.int(1, 3);
  for (let i = 0; i < count; i++) {
    const at = random.int(1, Math.max(1, segments.length - 1));
    const choice = random.next();
    if (choice < 0.5) segments[at] = `${segments[at] ?? ''}${random.pick(BAD_ESCAPES)}`;
    else if (choice < 0.8) segments[at] = random.pick(ODD_SEGMENTS);
    else segments.splice(at, 0, random.pick([...BAD_ESCAPES, ...ODD_SEGMENTS]));
  }
  // Raw non-ASCII bytes in the target, as a hand-made client might send them.
  return segments.join('/');
}

function mutatedQuery(random: SeededRandom): string {
  const parts: string[] = [];
  const count = random.int(1, 6);
  for (let i = 0; i < count; i++) {
    const key = random.pick([
      'protocol',
      'q',
      'token',
      '',
      '%',
      'a[b]',
      '__proto__',
      'x'.repeat(random.int(1, 3000)),
    ]);
    const value = random.pick([...BAD_ESCAPES, '1', '', '=', '&&', 'a+b', '%20'.repeat(random.int(1, 500))]);
    parts.push(random.next() < 0.2 ? key : `${key}=${value}`);
  }
  return parts.join(random.pick(['&', ';', '&&']));
}

function mutatedCookie(random: SeededRandom, target: FuzzTarget): string {
  const session = target.cookie.split('=')[1] ?? '';
  return random.pick([
    `tierline_session=${random.pick(BAD_ESCAPES)}`,
    `tierline_session=${session}${random.pick(BAD_ESCAPES)}`,
    `tierline_session=`,
    `tierline_session`,
    `=;=;;tierline_session==${session}`,
    `a=1; tierline_session=${'x'.repeat(random.int(1, 6000))}`,
    Array.from({ length: random.int(2, 200) }, (_, i) => `c${i}=${random.pick(BAD_ESCAPES)}`).join('; '),
    `tierline_session=${session}; tierline_session=%E0%A4%A`,
    `tierline_session="${session}"`,
    '\u00ff\u00fe',
  ]);
}

function mutateHeaders(request: Request, random: SeededRandom): void {
  const choice = random.int(0, 9);
  if (choice === 0) request.headers = request.headers.filter(([name]) => name !== 'Host');
  else if (choice === 1) request.setHeader('Host', random.pick(BAD_HOSTS));
  else if (choice === 2) request.headers.push(['Host', 'second.example']);
  else if (choice === 3) request.headers.push(['X-Long', 'v'.repeat(random.int(1000, 20_000))]);
  else if (choice === 4) request.headers.push(['No-Colon-Header', ''], ['Bad Name', 'x']);
  else if (choice === 5) request.headers.push(['X-Folded', 'a\r\n continued']);
  else if (choice === 6) request.headers.push(['X-Control', '\u0001\u0007\u007f']);
  else if (choice === 7) {
    for (let i = 0; i < random.int(50, 300); i++) request.headers.push([`X-Many-${i}`, String(i)]);
  } else if (choice === 8)
    request.setHeader('Content-Length', random.pick(['-1', 'abc', '1e3', '0x10', '00', '1, 2']));
  else request.headers.push(['Expect', random.pick(['100-continue', 'nonsense'])]);
}

function mutateBody(request: Request, random: SeededRandom): void {
  const choice = random.int(0, 7);
  const text = random.pick([...JSON_BODIES, ...GARBAGE_BODIES]);
  if (choice === 0) request.jsonBody(text, random.pick(CONTENT_TYPES));
  else if (choice === 1) {
    // Truncated: declares more than it sends, so the server waits for the rest until the client gives up.
    request.jsonBody(text);
    request.setHeader('Content-Length', String(request.body.length + random.int(1, 100)));
  } else if (choice === 2) {
    request.jsonBody(text);
    request.setHeader(
      'Content-Length',
      random.pick(['99999999999', String(2 ** 31), String(3 * 1024 * 1024)]),
    );
  } else if (choice === 3) {
    // Declares less than it sends: the rest is read as the start of a next request.
    request.jsonBody(text);
    request.setHeader('Content-Length', String(Math.max(0, request.body.length - random.int(1, 5))));
  } else if (choice === 4) {
    request.jsonBody(text);
    request.headers.push(['Content-Length', String(request.body.length + 1)]);
  } else if (choice === 5) {
    request.jsonBody(`{"text":"${'x'.repeat(random.int(1000, 200_000))}"}`);
  } else if (choice === 6) {
    request.jsonBody(text);
    request.headers = request.headers.filter(([name]) => name !== 'Content-Type');
  } else {
    request.jsonBody(text, 'application/json');
  }
}

function chunkedBody(request: Request, random: SeededRandom): void {
  request.setHeader('Content-Type', 'application/json');
  request.setHeader(
    'Transfer-Encoding',
    random.pick(['chunked', 'chunked', 'gzip, chunked', 'chunked, identity', 'CHUNKED']),
  );
  if (random.next() < 0.2) request.setHeader('Content-Length', '5');
  const text = random.pick(JSON_BODIES);
  const chunks = random.pick([
    `${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`,
    `${text.length.toString(16)}\r\n${text}\r\n`,
    `zz\r\n${text}\r\n0\r\n\r\n`,
    `${(text.length + 10).toString(16)}\r\n${text}\r\n0\r\n\r\n`,
    `1;ext=1\r\n{\r\n0\r\n\r\n`,
    `ffffffffffffffff\r\n${text}`,
    `0\r\nTrailer: x\r\n\r\n`,
    `${text.length.toString(16)}\n${text}\n0\n\n`,
    `-1\r\n\r\n`,
  ]);
  request.body = Buffer.from(chunks, 'utf8');
}

function upgrade(request: Request, random: SeededRandom): void {
  request.method = random.next() < 0.9 ? 'GET' : random.pick(['POST', 'PUT']);
  request.target = random.pick([
    '/sync/what-works-cities-draft',
    '/sync/what-works-cities-draft?protocol=1',
    `/sync/what-works-cities-draft?protocol=${random.pick(['2', '', 'x', '%E0'])}`,
    '/sync/no-such-draft',
    `/sync/${random.pick(BAD_ESCAPES)}`,
    '/sync/',
    '/sync/a/b',
    '/sync',
    '/api/health',
    mutatedPath(random),
  ]);
  request.setHeader('Connection', random.pick(['Upgrade', 'upgrade', 'keep-alive, Upgrade', 'close']));
  request.setHeader('Upgrade', random.pick(['websocket', 'websocket', 'WebSocket', 'h2c', '']));
  if (random.next() < 0.8) {
    request.setHeader('Sec-WebSocket-Version', random.pick(['13', '13', '8', '', 'x', '13, 8']));
  }
  if (random.next() < 0.85) {
    request.setHeader(
      'Sec-WebSocket-Key',
      random.pick([
        'dGhlIHNhbXBsZSBub25jZQ==',
        'dGhlIHNhbXBsZSBub25jZQ==',
        'short',
        '',
        '!!!!!!!!!!!!!!!!!!!!!!!!',
        'x'.repeat(2000),
      ]),
    );
  }
  if (random.next() < 0.3) request.setHeader('Origin', random.pick(ORIGINS));
  if (random.next() < 0.2) {
    request.setHeader(
      'Sec-WebSocket-Extensions',
      random.pick([
        'permessage-deflate; client_max_window_bits',
        'x;;;',
        '=',
        'permessage-deflate; server_max_window_bits=99',
      ]),
    );
  }
  if (random.next() < 0.2)
    request.setHeader('Sec-WebSocket-Protocol', random.pick(['', ',', 'a b', 'x'.repeat(500)]));
  if (random.next() < 0.15) request.setHeader('Host', random.pick(BAD_HOSTS));
  if (random.next() < 0.2) request.body = Buffer.from([0x81, 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}
