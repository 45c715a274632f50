import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
const all = (JSON.parse(readFileSync('/tmp/stored.json', 'utf8')) as string[]).map((s) => new Uint8Array(Buffer.from(s, 'base64')));
console.log('count', all.length);
const seq = new Y.Doc();
all.forEach((u, i) => { try { Y.applyUpdate(seq, u); } catch (e) { console.log('apply throws at', i, String(e)); } });
console.log('sequential sv', [...Y.decodeStateVector(Y.encodeStateVector(seq))], 'pending', seq.store.pendingStructs !== null, seq.store.pendingDs !== null);
const merged = new Y.Doc();
Y.applyUpdate(merged, Y.mergeUpdates(all));
console.log('merged sv', [...Y.decodeStateVector(Y.encodeStateVector(merged))], 'pending', merged.store.pendingStructs !== null);
// find first update that leaves pending in sequential apply
const d = new Y.Doc();
for (let i = 0; i < all.length; i++) { Y.applyUpdate(d, all[i]!); if (d.store.pendingStructs) { console.log('first pending after update', i, JSON.stringify(Y.decodeUpdate(all[i]!)).slice(0, 1500)); console.log('missing', d.store.pendingStructs.missing); break; } }
