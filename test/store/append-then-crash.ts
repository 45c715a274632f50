import { writeSync } from 'node:fs';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';

/**
 * Child process for the P2 crash test: `node --import tsx append-then-crash.ts DB_FILE` appends one update,
 * reports its sequence number (as the server would relay the update), then dies by SIGKILL without
 * closing anything.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: append-then-crash.ts DB_FILE');
const store = openSqliteStore(file);
await store.drafts.createDraft({
  id: 'd1',
  standardId: 'civic-lab',
  title: 'Crash test',
  basedOn: null,
  createdBy: 'test',
  createdAt: 0,
});
const [seq] = await store.updates.appendBatch([{ docId: 'd1', update: new Uint8Array([1, 2, 3]) }]);
writeSync(1, `${seq}\n`);
process.kill(process.pid, 'SIGKILL');
