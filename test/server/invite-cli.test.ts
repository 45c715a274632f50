import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierline } from '../cli/run-cli.ts';
import { api, signInWithToken, startTestServer, type TestServer } from './test-server.ts';

describe('tierline invite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.dispose());

  it('[P3] prints a one-time token as its last line; it signs in once with the given role', async () => {
    const run = await tierline(
      'invite',
      '--name',
      'Dana Reviewer',
      '--role',
      'editor',
      '--data',
      server.dataDir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const token = lines.at(-1) ?? '';
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(lines[0]).toMatch(/^Invite for Dana Reviewer \(editor\), valid until \d{4}-\d\d-\d\dT/);

    const cookie = await signInWithToken(server.url, token);
    const me = await api(server.url, cookie, 'GET', '/api/session');
    expect((me.json as { member: { name: string; role: string } }).member).toMatchObject({
      name: 'Dana Reviewer',
      role: 'editor',
    });
    await expect(signInWithToken(server.url, token)).rejects.toThrow(/401/);
  });

  it('[P3] refuses a bad role or a missing database with one clear line', async () => {
    const badRole = await tierline('invite', '--name', 'X', '--role', 'owner', '--data', server.dataDir);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toBe('tierline invite: --role must be one of chair, editor, viewer\n');
    const empty = mkdtempSync(join(tmpdir(), 'tierline-empty-'));
    try {
      const missing = await tierline('invite', '--name', 'X', '--role', 'viewer', '--data', empty);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /^tierline invite: no database at .*tierline\.sqlite; start the server once/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('[P3] the link points at the port the server runs on, or at TIERLINE_PUBLIC_URL when set', async () => {
    expect(new URL(server.url).port).not.toBe('8787');
    const run = await tierline('invite', '--name', 'Port Pat', '--role', 'viewer', '--data', server.dataDir);
    const token = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(run.stdout).toContain(`Sign-in link: ${server.url}/sign-in#token=${token}\n`);

    process.env['TIERLINE_PUBLIC_URL'] = 'https://tierline.example.org/';
    try {
      const behindProxy = await tierline(
        'invite',
        '--name',
        'Pub Pam',
        '--role',
        'viewer',
        '--data',
        server.dataDir,
      );
      const publicToken = behindProxy.stdout.trim().split('\n').at(-1) ?? '';
      expect(behindProxy.stdout).toContain(
        `Sign-in link: https://tierline.example.org/sign-in#token=${publicToken}\n`,
      );
    } finally {
      delete process.env['TIERLINE_PUBLIC_URL'];
    }
  });

  it('[P3] without a recorded server URL the link uses the default port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierline-no-url-'));
    const other = await startTestServer({ dataDir: dir });
    await other.close();
    rmSync(join(dir, 'server-url'));
    try {
      const run = await tierline('invite', '--name', 'Default Dee', '--role', 'viewer', '--data', dir);
      expect(run.stdout).toMatch(/Sign-in link: http:\/\/localhost:8787\/sign-in#token=[\w-]{43}\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
