import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from './test-server.ts';
import { errorOf, rawRequest, upgradeRequest } from './raw-http.ts';

/** Each request here ended the process before the request guard (an uncaught URIError or TypeError). */
describe('one request cannot stop the server (H1)', () => {
  let server: TestServer;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'tierline-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tierline</title>');
    server = await startTestServer({ staticDir });
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const stillServing = async () => {
    const health = await api(server.url, undefined, 'GET', '/api/health');
    expect(health.status).toBe(200);
  };
  const get = (target: string, headers = '') =>
    rawRequest(
      server.port,
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`,
    );

  it('[H1] a path with bad percent-encoding answers 400 and the server keeps serving', async () => {
    const answer = await get('/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatch(/^the path is not valid percent-encoding \("\/%E0%A4%A"\)/);
    const inApiPath = await get('/api/drafts/%E0%A4%A');
    expect(inApiPath.status).toBe(400);
    expect(errorOf(inApiPath)).toContain("the path's id is not valid percent-encoding");
    await stillServing();
  });

  it('[H1] a session cookie with bad percent-encoding answers 400, clears the cookie, and the server keeps serving', async () => {
    const answer = await get('/api/session', 'Cookie: tierline_session=%E0%A4%A\r\n');
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toContain('the session cookie is not valid percent-encoding');
    expect(answer.headers['set-cookie']).toMatch(/^tierline_session=; .*Max-Age=0/);
    await stillServing();
  });

  it('[H1] an upgrade to a sync path with bad percent-encoding answers 400 and the server keeps serving', async () => {
    const answer = await rawRequest(server.port, upgradeRequest('/sync/%E0%A4%A'));
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toContain('the draft id in the sync path is not valid percent-encoding');
    const elsewhere = await rawRequest(server.port, upgradeRequest('/not-sync'));
    expect(elsewhere.status).toBe(404);
    await stillServing();
  });

  it('[H1] a malformed absolute request line answers 400 and the server keeps serving', async () => {
    const answer = await get('http://[');
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toContain('the request target "http://[" is not a path or URL');
    expect((await get('*')).status).toBe(400);
    await stillServing();
  });

  it('[H1] a malformed Host header answers 400 and the server keeps serving', async () => {
    const answer = await rawRequest(
      server.port,
      'GET /api/health HTTP/1.1\r\nHost: [not a host\r\nConnection: close\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toContain('the Host header "[not a host" is not a host name and port');
    const upgrade = await rawRequest(
      server.port,
      upgradeRequest('/sync/what-works-cities-draft').replace('Host: 127.0.0.1', 'Host: a/b'),
    );
    expect(upgrade.status).toBe(400);
    await stillServing();
  });

  it('[H1] a body declared far over the limit is refused with 413 before it is sent', async () => {
    const answer = await rawRequest(
      server.port,
      'POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
        'Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{"tok',
    );
    expect(answer.status).toBe(413);
    expect(errorOf(answer)).toBe('the request body is over 2097152 bytes; send at most that much JSON');
    await stillServing();
  });

  it('[H1] bytes that are not HTTP answer 400 and close only that connection', async () => {
    const answer = await rawRequest(server.port, 'HELLO\r\n\r\n');
    expect(answer.status).toBe(400);
    await stillServing();
  });

  it('[H1] a handler that throws answers 500 for that request only; the next request is served', async () => {
    const versions = server.store.versions as { listStandards: () => unknown };
    const listStandards = versions.listStandards;
    versions.listStandards = () => {
      throw new Error('the disk is on fire');
    };
    try {
      const failed = await api(server.url, undefined, 'GET', '/api/health');
      expect(failed.status).toBe(500);
      expect(failed.json).toEqual({ error: 'internal error; see the server log' });
      expect(
        server.logLines.some(
          (line) => line.includes('GET /api/health: 500') && line.includes('the disk is on fire'),
        ),
      ).toBe(true);
    } finally {
      versions.listStandards = listStandards;
    }
    await stillServing();
  });
});
