import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CRITERION, draftRoots, fragmentField, textField } from '../../src/collab/draft-layout.ts';
import { createDraftUndoManager } from '../../src/collab/draft-undo.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../src/collab/sync-protocol.ts';
import { syncUpdateMessageBytes } from '../../src/ui/draft/edit-size.ts';
import { revertRefusedUpdates } from '../../src/ui/draft/refused-edit.ts';
import { REMOTE, keyOf, peersWithDraft, peerState } from '../collab/draft-peers.ts';

const LOCAL = { source: 'local' };
const REVERT = { source: 'revert' };
const TWO_MB = 'x'.repeat(2 * 1024 * 1024);

/**
 * A tab (`tab`) and the server's copy of the draft (`server`): the server has everything the tab sent
 * before the refused update; the refused update and what followed it never reached it.
 */
function tabAndServer() {
  const [tab, server] = peersWithDraft(2);
  if (!tab || !server) throw new Error('two peers expected');
  const criterion = draftRoots(tab.doc).criteria.get(keyOf(tab.doc, 'OD1')) as Y.Map<unknown>;
  const title = textField(criterion, CRITERION.title);
  const statement = fragmentField(criterion, CRITERION.statement);
  if (!title || !statement) throw new Error('OD1 has a title and a statement');
  const undo = createDraftUndoManager(tab.doc, LOCAL);
  /** Sends the tab's outbox to the server, as a reconnect's sync step 2 would, and returns its size. */
  const reconnect = () => {
    const update = Y.encodeStateAsUpdate(tab.doc, Y.encodeStateVector(server.doc));
    Y.applyUpdate(server.doc, update, REMOTE);
    tab.sent.splice(0);
    return syncUpdateMessageBytes(update.length);
  };
  const serverTitle = () => {
    const entry = draftRoots(server.doc).criteria.get(keyOf(server.doc, 'OD1')) as Y.Map<unknown>;
    return textField(entry, CRITERION.title)?.toString();
  };
  return { tab, server, title, statement, undo, reconnect, serverTitle };
}

describe('undoing an edit the server refused as too large (C4, P4)', () => {
  it('[C4][P4] a refused 2 MB paste is undone here; the typing after it reaches the server, small', () => {
    const { tab, server, title, undo, reconnect, serverTitle } = tabAndServer();
    // Replaces the selected title with the paste, then types after it: both one undo step of the user.
    tab.doc.transact(() => {
      title.delete(0, title.length);
      title.insert(0, TWO_MB);
    }, LOCAL);
    const refused = tab.sent.at(-1);
    if (!refused) throw new Error('the paste made an update');
    expect(syncUpdateMessageBytes(refused.length)).toBeGreaterThan(DEFAULT_MAX_MESSAGE_BYTES);
    tab.doc.transact(() => title.insert(title.length, ' (reviewed)'), LOCAL);

    const result = revertRefusedUpdates(tab.doc, [refused], DEFAULT_MAX_MESSAGE_BYTES, REVERT);
    expect(result.ok).toBe(true);
    expect(title.toString()).toBe('Criterion OD1 (reviewed)');
    expect(reconnect()).toBeLessThan(4096);
    expect(serverTitle()).toBe('Criterion OD1 (reviewed)');
    expect(peerState(server)).toEqual(peerState(tab));
    // The user's own undo still works afterwards and never brings the refused paste back.
    while (undo.canUndo()) undo.undo();
    expect(title.toString()).not.toContain('xxx');
  });

  it('[C4][P4] a refused paste into a statement is undone without touching the statement’s saved text', () => {
    const { tab, server, statement, reconnect } = tabAndServer();
    const before = statement.toString();
    tab.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(TWO_MB)]);
      statement.insert(statement.length, [paragraph]);
    }, LOCAL);
    const refused = tab.sent.at(-1);
    if (!refused) throw new Error('the paste made an update');

    expect(revertRefusedUpdates(tab.doc, [refused], DEFAULT_MAX_MESSAGE_BYTES, REVERT).ok).toBe(true);
    expect(statement.toString()).toBe(before);
    expect(reconnect()).toBeLessThan(4096);
    expect(peerState(server)).toEqual(peerState(tab));
  });

  it('[C4][P4] when the undone edit had deleted more than the limit, reverting cannot make it fit: it says so', () => {
    const { tab, title, reconnect } = tabAndServer();
    // A large title that is saved (sent in parts earlier), then replaced by another large paste.
    for (let part = 0; part < 4; part++) {
      tab.doc.transact(() => title.insert(title.length, 'y'.repeat(512 * 1024)), LOCAL);
      reconnect();
    }
    tab.doc.transact(() => {
      title.delete(0, title.length);
      title.insert(0, TWO_MB);
    }, LOCAL);
    const refused = tab.sent.at(-1);
    if (!refused) throw new Error('the paste made an update');

    const result = revertRefusedUpdates(tab.doc, [refused], DEFAULT_MAX_MESSAGE_BYTES, REVERT);
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.why).toMatch(/over the 1048576-byte limit/);
  });

  it('[C4] an update this tab did not make is not reverted', () => {
    const { tab, server } = tabAndServer();
    const criterion = draftRoots(server.doc).criteria.get(keyOf(server.doc, 'OD2')) as Y.Map<unknown>;
    const update: Uint8Array[] = [];
    server.doc.on('update', (bytes: Uint8Array) => update.push(bytes));
    server.doc.transact(() => textField(criterion, CRITERION.title)?.insert(0, 'Remote '));
    expect(revertRefusedUpdates(tab.doc, update, DEFAULT_MAX_MESSAGE_BYTES, REVERT)).toMatchObject({
      ok: false,
    });
    expect(revertRefusedUpdates(tab.doc, [], DEFAULT_MAX_MESSAGE_BYTES, REVERT)).toMatchObject({ ok: false });
  });
});
