import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { api, signInWithToken, startTestServer, type TestServer } from './test-server.ts';

const OTHER_ORIGIN = 'http://127.0.0.1:5555';

/** `fetch` as a signed-in browser on `origin`, with a JSON body unless told otherwise. */
async function browserFetch(
  server: TestServer,
  cookie: string,
  method: string,
  path: string,
  options: { origin?: string; fetchSite?: string; contentType?: string; body?: string } = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie,
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.fetchSite ? { 'sec-fetch-site': options.fetchSite } : {}),
      ...(options.contentType ? { 'content-type': options.contentType } : {}),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  return { status: response.status, json: (await response.json().catch(() => undefined)) as unknown };
}

/** Opens a sync socket as a browser on `origin` would, and resolves with how the server closed it. */
function closeOfSocket(
  url: string,
  cookie: string,
  origin: string,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/what-works-cities-draft`, {
      headers: { cookie },
      origin,
    });
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

describe('state-changing requests come from the app itself (H5)', () => {
  let server: TestServer;
  let chair: string;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'tierline-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tierline</title>');
    server = await startTestServer({ staticDir });
    chair = await server.signIn('Chair Cho', 'chair');
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const openInviteNames = async () =>
    ((await api(server.url, chair, 'GET', '/api/invites')).json as { name: string }[]).map((i) => i.name);

  it('[H5] a POST from another origin is refused with 403 and writes nothing', async () => {
    const refused = await browserFetch(server, chair, 'POST', '/api/invites', {
      origin: OTHER_ORIGIN,
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Mallory', role: 'chair' }),
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      error: `cross-origin request refused: Origin ${OTHER_ORIGIN} is not this server (${server.url})`,
    });
    const bySecFetchSite = await browserFetch(server, chair, 'POST', '/api/invites', {
      fetchSite: 'same-site',
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Mallory', role: 'chair' }),
    });
    expect(bySecFetchSite.status).toBe(403);
    const publishing = await browserFetch(
      server,
      chair,
      'POST',
      '/api/drafts/what-works-cities-draft/publish',
      {
        origin: OTHER_ORIGIN,
      },
    );
    expect(publishing.status).toBe(403);
    expect(await openInviteNames()).not.toContain('Mallory');
    expect(
      (await api(server.url, chair, 'GET', '/api/standards/what-works-cities/versions')).json,
    ).toHaveLength(3);
  });

  it('[H5] a JSON body sent as anything but application/json is refused with 415 and writes nothing', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const refused = await browserFetch(server, chair, 'POST', '/api/invites', {
        ...(contentType ? { contentType } : {}),
        body: JSON.stringify({ name: 'Form Post', role: 'chair' }),
      });
      expect(refused.status, contentType).toBe(415);
      expect((refused.json as { error: string }).error).toMatch(
        /^send the request body as JSON with "content-type: application\/json" \(got /,
      );
    }
    // A form with no fields at all still declares its type: refused before the handler runs.
    const emptyForm = await browserFetch(
      server,
      chair,
      'POST',
      '/api/drafts/what-works-cities-draft/publish',
      {
        contentType: 'application/x-www-form-urlencoded',
        body: '',
      },
    );
    expect(emptyForm.status).toBe(415);
    expect(await openInviteNames()).not.toContain('Form Post');
  });

  it('[H5] the app itself (same origin) and non-browser clients (no Origin) are accepted', async () => {
    const sameOrigin = await browserFetch(server, chair, 'POST', '/api/invites', {
      origin: server.url,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ name: 'From The App', role: 'viewer' }),
    });
    expect(sameOrigin.status).toBe(201);
    const fetchMetadata = await browserFetch(server, chair, 'POST', '/api/invites', {
      fetchSite: 'same-origin',
      origin: server.url,
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Fetch Metadata', role: 'viewer' }),
    });
    expect(fetchMetadata.status).toBe(201);
    const cli = await api(server.url, chair, 'POST', '/api/invites', { name: 'No Origin', role: 'viewer' });
    expect(cli.status).toBe(201);
    expect(await openInviteNames()).toEqual(
      expect.arrayContaining(['From The App', 'Fetch Metadata', 'No Origin']),
    );
    // Reads are not state-changing: another origin may read what CORS lets it (nothing, without headers).
    expect((await browserFetch(server, chair, 'GET', '/api/invites', { origin: OTHER_ORIGIN })).status).toBe(
      200,
    );
  });

  it('[H5] a sync socket opened from another origin is closed with 4403 and a reason', async () => {
    const closed = await closeOfSocket(server.url, chair, OTHER_ORIGIN);
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toBe(
      `cross-origin request refused: Origin ${OTHER_ORIGIN} is not this server (${server.url})`,
    );
  });

  it('[H5] every answer carries the content security policy, nosniff, no-referrer and DENY framing', async () => {
    const host = new URL(server.url).host;
    for (const path of ['/api/health', '/api/drafts', '/', '/drafts/some-client-route', '/%E0%A4%A']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain(`connect-src 'self' ws://${host} wss://${host}`);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("base-uri 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});

describe('behind TLS, with TIERLINE_PUBLIC_URL (H5)', () => {
  const PUBLIC = 'https://tierline.example.org';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ publicUrl: `${PUBLIC}/` });
  });
  afterAll(async () => server.dispose());

  it('[H5] the session cookie is Secure, the public origin is allowed and invite links use it', async () => {
    if (!server.firstChairToken) throw new Error('no first-chair token on a fresh data directory');
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC },
      body: JSON.stringify({ token: server.firstChairToken }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; .*; Secure$/);
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
    const invite = await browserFetch(server, cookie, 'POST', '/api/invites', {
      origin: PUBLIC,
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Remote Member', role: 'editor' }),
    });
    expect(invite.status).toBe(201);
    expect((invite.json as { link: string }).link).toMatch(
      /^https:\/\/tierline\.example\.org\/sign-in#token=[\w-]{43}$/,
    );
    const plainHttp = await browserFetch(server, cookie, 'POST', '/api/invites', {
      origin: 'http://tierline.example.org',
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Downgraded', role: 'editor' }),
    });
    expect(plainHttp.status).toBe(403);
    expect((plainHttp.json as { error: string }).error).toBe(
      `cross-origin request refused: Origin http://tierline.example.org is not this server (${PUBLIC})`,
    );
  });

  it('[H5] without a public URL the cookie is not Secure (plain http on localhost must keep working)', async () => {
    const local = await startTestServer();
    try {
      const response = await fetch(`${local.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: local.firstChairToken }),
      });
      expect(response.headers.get('set-cookie')).not.toContain('Secure');
      expect(await signInWithToken(local.url, 'x').catch((error: Error) => error.message)).toMatch(/401/);
    } finally {
      await local.dispose();
    }
  });
});
