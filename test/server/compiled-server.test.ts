import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledServerEntry } from '../setup/compiled-build.ts';
import { startServerProcess } from './server-process.ts';

describe('the compiled server (dist-server/), as npm start runs it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-compiled-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('[P1] starts on an empty data folder, seeds it from standards/ and answers /api/health', async () => {
    const server = await startServerProcess(dataDir);
    try {
      expect(server.child.spawnargs.slice(1)).toEqual([compiledServerEntry]);
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, standards: 2 });
      expect(readdirSync(dataDir)).toContain('tierline.sqlite');
      expect(server.firstChairToken).toMatch(/^[\w-]+$/);
    } finally {
      await server.stop();
    }
  });
});
