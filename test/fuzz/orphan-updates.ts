import * as Y from 'yjs';

/**
 * An update of client `clientId` that inserts about `bytes` characters after text of its own that the
 * receiver never gets: its dependency never arrives, so a server can only ever keep it pending.
 */
export function orphanUpdate(clientId = 77, bytes = 8): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.getText('t').insert(0, 'never');
  doc.getText('t').insert(5, ' arrives'.padEnd(bytes, '.'));
  const second = updates[1];
  if (!second) throw new Error('two updates');
  doc.destroy();
  return second;
}
