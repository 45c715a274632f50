import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { firstChairLinkPathIn } from '../../server/auth/first-chair-link.ts';
import { compiledServerEntry, ensureCompiledBuild } from '../setup/compiled-build.ts';
import { projectRoot } from './test-server.ts';

/**
 * A Tierline server running as a child process, as `npm start` runs it (the compiled dist-server/ build,
 * no tsx), so a test can `kill -9` it.
 */
export interface ServerProcess {
  readonly url: string;
  /**
   * The first-chair token, when this start created one (fresh data directory): read from the link file
   * the server leaves in the data directory, as an operator would.
   */
  readonly firstChairToken: string | undefined;
  readonly child: ChildProcess;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

/**
 * Starts the compiled `server/index.ts` on a free port over `dataDir` and resolves once it listens;
 * compiles first when the build is older than the sources.
 */
export function startServerProcess(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess> {
  ensureCompiledBuild();
  const child = spawn(process.execPath, [compiledServerEntry], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', TIERLINE_DATA: dataDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /Tierline is running at (http:\/\/[\d.:]+)/.exec(output);
      if (running?.[1]) {
        clearTimeout(timer);
        const url = running[1];
        resolve({
          url,
          firstChairToken: firstChairTokenIn(dataDir),
          child,
          kill9: async () => {
            child.kill('SIGKILL');
            await exited;
          },
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function firstChairTokenIn(dataDir: string): string | undefined {
  try {
    return /sign-in#token=([\w-]+)/.exec(readFileSync(firstChairLinkPathIn(dataDir), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
