#!/usr/bin/env node
// Entry point for `npx tierline …`: runs the compiled CLI in dist-server/ (built by `npm ci` through the
// `prepare` script, and by `npm start` and `npm run build`), not the TypeScript sources, so a call costs
// Node's start-up plus the modules of the one command it runs. A build older than its sources is refused
// rather than run, so the CLI never behaves like code that is no longer in the checkout.
import { staleBuildReason } from './compiled-build.js';

const stale = staleBuildReason();
if (stale === undefined) {
  const { runCli } = await import('../dist-server/server/cli/main.js');
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  });
} else {
  process.stderr.write(`tierline: ${stale}; run \`npm run build:server\` (or \`npm ci\`) first\n`);
  process.exitCode = 1;
}
