import { writeFileSync } from 'node:fs';
import { runEditorLoad, latencySummary } from './editor-load.ts';
import { startTierlineUnderTest } from './servers-under-test.ts';
const server = await startTierlineUnderTest(20);
writeFileSync('/tmp/srv.pid', String(server.pid));
await new Promise((r) => setTimeout(r, 3000));
const load = await runEditorLoad({ url: server.url, cookie: server.cookie, draftIds: server.draftIds, initialState: server.initialState, editorsPerDraft: 10, editsPerSecond: 5, durationMs: 10000, settleMs: 5000, awarenessEvery: 5, seed: 1 });
console.log(latencySummary(load));
await server.stop();
