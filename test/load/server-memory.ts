import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/test-server.ts';
import { until } from '../faults/convergence.ts';

/**
 * Where a server's memory goes, asked of the server process itself: `memory-probe.js` is preloaded into it
 * (through `NODE_OPTIONS`, so nothing in the server changes), and on SIGUSR2 collects garbage and writes
 * `process.memoryUsage()` and V8's heap spaces to a file.
 */
export interface ServerMemory {
  /** Resident set just before the collection, and after it, in MiB. */
  readonly rssBeforeGcMiB: number;
  readonly rssMiB: number;
  /** Live JavaScript objects after a full collection. */
  readonly heapUsedMiB: number;
  /** What V8 holds for its heap, live or not. */
  readonly heapTotalMiB: number;
  /** Memory of C++ objects tied to JavaScript ones (Buffers, typed arrays, SQLite statements). */
  readonly externalMiB: number;
  readonly arrayBuffersMiB: number;
  /** Live bytes per V8 heap space (`old_space`, `code_space`, …), in MiB. */
  readonly spacesMiB: Readonly<Record<string, number>>;
}

/** Environment for a server process to measure: hand it to the server's start and keep `probe`. */
export interface MemoryProbe {
  readonly env: Readonly<Record<string, string>>;
  /** Asks process `pid` (started with `env`) for its memory now. */
  read(pid: number): Promise<ServerMemory>;
  /** Removes the probe's folder. */
  dispose(): void;
}

const MiB = 1024 * 1024;

/** A probe whose files live in a fresh temp folder, one file per process. */
export function memoryProbe(): MemoryProbe {
  const folder = mkdtempSync(join(tmpdir(), 'tierline-memory-'));
  const fileOf = (pid: number) => join(folder, `${pid}.json`);
  const inherited = process.env['NODE_OPTIONS'] ?? '';
  return {
    env: {
      NODE_OPTIONS:
        `${inherited} --expose-gc --import ${join(projectRoot, 'test/load/memory-probe.js')}`.trim(),
      // Each process writes `<pid>.json` there.
      TIERLINE_MEMORY_PROBE_FOLDER: folder,
    },
    async read(pid) {
      const file = fileOf(pid);
      rmSync(file, { force: true });
      process.kill(pid, 'SIGUSR2');
      await until(() => existsSync(file), 10_000, `process ${pid} to report its memory`);
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number> & {
        spaces: Record<string, number>;
      };
      return {
        rssBeforeGcMiB: (raw['rssBeforeGc'] ?? Number.NaN) / MiB,
        rssMiB: (raw['rss'] ?? Number.NaN) / MiB,
        heapUsedMiB: (raw['heapUsed'] ?? Number.NaN) / MiB,
        heapTotalMiB: (raw['heapTotal'] ?? Number.NaN) / MiB,
        externalMiB: (raw['external'] ?? Number.NaN) / MiB,
        arrayBuffersMiB: (raw['arrayBuffers'] ?? Number.NaN) / MiB,
        spacesMiB: Object.fromEntries(
          Object.entries(raw.spaces).map(([space, bytes]) => [space, bytes / MiB]),
        ),
      };
    },
    dispose() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
