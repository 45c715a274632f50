import { resolve } from 'node:path';
import { runCli } from '../../server/cli/main.ts';

/** The project root: CLI tests run `tierline` from here, as a user in the checkout would. */
export const projectRoot = resolve(import.meta.dirname, '../..');

/** Runs `tierline …` in-process and captures what it prints. */
export async function tierline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: projectRoot,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}
