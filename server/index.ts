// `npm start`: one Node process serving the app, /api and /sync: on the embedded SQLite database (P1), or on
// PostgreSQL with TIERLINE_DATABASE_URL, where several such processes can serve the same drafts (P7, P8).
import { resolve } from 'node:path';
import { startTierlineServer } from './app.ts';
import { parseTrustedProxies } from './http/client-address.ts';
import { openPostgresCluster } from './cluster/postgres-cluster.ts';
import { projectRoot as root } from './project-root.ts';
import { openStore } from './store/open-store.ts';

const port = Number(process.env['PORT'] ?? 8787);
const dataDir = resolve(process.env['TIERLINE_DATA'] ?? 'data');
const databaseUrl = process.env['TIERLINE_DATABASE_URL'];

try {
  const server = await startTierlineServer({
    port,
    host: process.env['HOST'] ?? '127.0.0.1',
    store: await openStore({ dataDir }),
    // On PostgreSQL, several instances may serve the same drafts: they relay through the database (P8).
    ...(databaseUrl ? { cluster: openPostgresCluster({ connectionString: databaseUrl }) } : {}),
    dataDir,
    standardsDir: resolve(process.env['TIERLINE_STANDARDS'] ?? resolve(root, 'standards')),
    staticDir: resolve(root, 'dist'),
    ...(process.env['TIERLINE_PUBLIC_URL'] ? { publicUrl: process.env['TIERLINE_PUBLIC_URL'] } : {}),
    ...(process.env['TIERLINE_TRUSTED_PROXIES']
      ? { trustedProxies: parseTrustedProxies(process.env['TIERLINE_TRUSTED_PROXIES']) }
      : {}),
    // Tuning (and tests that must tell the relay from the safety-net sweep): how often sessions are re-checked.
    ...(process.env['TIERLINE_SESSION_RECHECK_MS']
      ? { sessionRecheckMs: positiveMs('TIERLINE_SESSION_RECHECK_MS') }
      : {}),
  });
  console.log(`Tierline is running at ${server.url} (data in ${dataDir})`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`Tierline could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/** A positive whole number of milliseconds from the environment, or a clear refusal to start. */
function positiveMs(name: string): number {
  const text = process.env[name] ?? '';
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} ${JSON.stringify(text)} is not a positive whole number of milliseconds`);
  }
  return value;
}
