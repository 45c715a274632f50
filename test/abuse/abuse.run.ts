// `npm run abuse`: each hostile client of issue 11 (H3, H4) against a Tierline child process on a fresh
// SQLite database, alongside honest y-websocket clients that keep editing. Prints JSON lines like the
// benchmarks — the server's peak RSS increase during each case and the close code the offender got — and
// exits 1 if a case raised RSS by more than 64 MiB, the server stopped answering, an honest client was
// dropped, presence showed a name the server did not give, or the honest clients did not converge.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from '../bench/measure.ts';
import { sameState, sleep, until } from '../faults/convergence.ts';
import { connectFaultClient, type FaultClient } from '../faults/sync-clients.ts';
import { startServerProcess } from '../server/server-process.ts';
import { api, signInWithToken } from '../server/test-server.ts';
import { ABUSE_CASES } from './abuse-cases.ts';

const DRAFT = 'what-works-cities-draft';
const RSS_LIMIT_MIB = 64;
const HONEST_CLIENTS = 3;

// Every case is bounded in time; this is the backstop if the server hangs.
setTimeout(() => {
  console.error('abuse: still running after 300 s; giving up');
  process.exit(1);
}, 300_000).unref();

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

const dataDir = mkdtempSync(join(tmpdir(), 'tierline-abuse-'));
const server = await startServerProcess(dataDir);
const pid = server.child.pid ?? 0;
const serverLog: string[] = [];
const collect = (chunk: Buffer) => serverLog.push(...chunk.toString().split('\n').filter(Boolean));
server.child.stdout?.on('data', collect);
server.child.stderr?.on('data', collect);
let failed = false;
const fail = (why: string) => {
  failed = true;
  console.error(`abuse: FAILED: ${why}`);
};

try {
  if (!server.firstChairToken) throw new Error('no first-chair token on a fresh data directory');
  const chairCookie = await signInWithToken(server.url, server.firstChairToken);
  const invite = async (name: string, role: string) => {
    const created = await api(server.url, chairCookie, 'POST', '/api/invites', { name, role });
    return signInWithToken(server.url, (created.json as { token: string }).token);
  };
  const editorCookie = await invite('Abuse Editor', 'editor');
  const viewerCookie = await invite('Abuse Viewer', 'viewer');

  const honest: FaultClient[] = [];
  for (let i = 0; i < HONEST_CLIENTS; i++) {
    const cookie = await invite(`Honest ${i + 1}`, 'editor');
    const client = connectFaultClient(server.url, DRAFT, cookie, 9000 + i);
    client.provider.awareness.setLocalStateField('panel', 'criterion');
    honest.push(client);
  }
  await until(() => honest.every((client) => client.provider.synced), 10_000, 'honest clients to sync');
  let edits = 0;
  const typing = setInterval(() => {
    const client = honest[edits % honest.length];
    client?.doc.getText('abuse-probe').insert(0, `${edits++ % 10}`);
  }, 50);

  const target = {
    url: server.url,
    draftId: DRAFT,
    editorCookie,
    viewerCookie,
    honestClientId: honest[0]?.doc.clientID ?? 0,
  };
  for (const abuse of ABUSE_CASES) {
    await sleep(1000);
    const baseline = rssMiB(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 10);
    const logFrom = serverLog.length;
    const code = await abuse.run(target);
    await sleep(300);
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(pid));
    const delta = peak - baseline;
    report(`abuse-${abuse.name}-peak-rss-delta`, delta, 'MiB');
    report(`abuse-${abuse.name}-close-code`, code, 'code');
    const reasons = serverLog.slice(logFrom).filter((line) => line.includes(': closed '));
    console.error(`abuse: ${abuse.name} (${abuse.what}): ${reasons.join(' | ') || 'no connection closed'}`);
    if (delta > RSS_LIMIT_MIB) fail(`${abuse.name} raised RSS by ${delta.toFixed(1)} MiB`);
    const health = await api(server.url, undefined, 'GET', '/api/health');
    if (health.status !== 200) fail(`/api/health answered ${health.status} after ${abuse.name}`);
    // The first chair is not connected: a presence under that name can only be a lie.
    for (const client of honest) {
      for (const state of client.provider.awareness.getStates().values()) {
        if ((state['user'] as { name?: string } | undefined)?.name === 'First chair') {
          fail(`after ${abuse.name}, presence shows a "First chair" who is not connected`);
        }
      }
    }
  }
  clearInterval(typing);

  const health = await api(server.url, undefined, 'GET', '/api/health');
  report('abuse-health-status', health.status, 'status');
  if (health.status !== 200) fail(`/api/health answered ${health.status}`);
  const drops = honest.reduce((sum, client) => sum + client.drops, 0);
  report('abuse-honest-drops', drops, 'connections');
  if (drops > 0) fail(`${drops} honest connections were dropped`);
  for (const [index, client] of honest.entries()) {
    const seen = honest[(index + 1) % honest.length]?.provider.awareness.getStates().get(client.doc.clientID);
    const name = (seen?.['user'] as { name?: string } | undefined)?.name;
    if (name !== `Honest ${index + 1}`) fail(`honest client ${index + 1} is shown as ${String(name)}`);
  }
  let converged = true;
  try {
    await until(() => sameState(honest.map((client) => client.doc)), 15_000, 'honest clients to converge');
  } catch {
    converged = false;
  }
  report('abuse-honest-converged', converged ? 1 : 0, 'bool');
  if (!converged) fail('honest clients did not converge');
  for (const client of honest) client.destroy();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
// Exit explicitly (see storm.run.ts: Node 20's exit-time handle cleanup can spin after many dropped sockets).
process.exit(failed ? 1 : 0);
