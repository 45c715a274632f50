import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  DEFAULT_MAX_MESSAGE_BYTES,
  TERMINAL_CLOSE_CODES,
} from '../../src/collab/sync-protocol.ts';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { stateInAwarenessUpdate } from '../../src/collab/presence.ts';
import {
  type ConnectionEvent,
  eventsFromOwnEcho,
  initialConnectionState,
  reduceConnection,
} from '../../src/ui/draft/connection-state.ts';
import {
  formatSize,
  limitFromCloseReason,
  pasteRefusalMessage,
  pasteTooLarge,
  syncUpdateMessageBytes,
  utf8Bytes,
} from '../../src/ui/draft/edit-size.ts';
import { editorAccess } from '../../src/ui/draft/editor-access.ts';
import { estimateSliceBytes } from '../../src/ui/criterion/statement-paste.ts';
import { Schema, Slice, Fragment } from '@tiptap/pm/model';

const run = (events: ConnectionEvent[]) => events.reduce(reduceConnection, initialConnectionState(true));
const connected: ConnectionEvent[] = [
  { type: 'socket', status: 'connecting' },
  { type: 'socket', status: 'connected' },
  { type: 'synced', synced: true },
];
const MB = 1024 * 1024;

describe('what one edit may weigh (P4)', () => {
  it('[P4] a 2.1 MB paste is refused with its size and the limit; a 1000 KB one is not', () => {
    const bytes = Math.round(2.1 * MB);
    expect(pasteTooLarge(bytes)).toBe(true);
    expect(pasteTooLarge(1000 * 1024)).toBe(false);
    expect(pasteRefusalMessage(bytes)).toBe(
      'This paste is 2.1 MB; one edit can be at most 1 MB. Paste it in smaller parts.',
    );
    expect(formatSize(64 * 1024)).toBe('64 KB');
    expect(formatSize(2 * MB)).toBe('2 MB');
  });

  it('[P4] sizes count UTF-8 bytes and the sync message framing the server measures', () => {
    expect(utf8Bytes('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(syncUpdateMessageBytes(10)).toBe(13);
    expect(syncUpdateMessageBytes(MB)).toBe(MB + 2 + 3);
  });

  it('[P4] the limit comes from the server’s 4413 reason, else the default', () => {
    expect(limitFromCloseReason('message of 2202010 bytes is over the 65536-byte limit')).toBe(65536);
    expect(limitFromCloseReason('too large')).toBe(DEFAULT_MAX_MESSAGE_BYTES);
  });

  it('[P4] a pasted statement is estimated at least at its text’s size, marks and paragraphs included', () => {
    const schema = new Schema({
      nodes: {
        doc: { content: 'block+' },
        paragraph: { group: 'block', content: 'text*' },
        text: {},
      },
      marks: { bold: {} },
    });
    const text = 'é'.repeat(1000);
    const paragraphs = Array.from({ length: 10 }, () =>
      schema.node('paragraph', null, [schema.text(text, [schema.mark('bold')])]),
    );
    const estimate = estimateSliceBytes(new Slice(Fragment.from(paragraphs), 0, 0));
    expect(estimate).toBeGreaterThan(10 * utf8Bytes(text));
    expect(estimate).toBeLessThan(10 * utf8Bytes(text) + 2000);
  });
});

describe('the editor is read-only whenever its edits would go nowhere (C4, P3, H2)', () => {
  it('[C4] connected, an editor edits and sees no banner', () => {
    expect(editorAccess(run(connected), 'editor')).toEqual({ editable: true, banner: null });
    // Offline edits are kept and sync later: editing stays on.
    expect(editorAccess(run([...connected, { type: 'network', online: false }]), 'editor').editable).toBe(
      true,
    );
  });

  it('[C4] every terminal close code makes the editor read-only with a visible message', () => {
    for (const code of TERMINAL_CLOSE_CODES) {
      const access = editorAccess(run([...connected, { type: 'closed', code, reason: 'why' }]), 'chair');
      expect(access.editable, `code ${code}`).toBe(false);
      expect(access.banner?.tone, `code ${code}`).toBe('error');
      expect(access.banner?.dismissible, `code ${code}`).toBe(false);
      expect(access.banner?.title.length, `code ${code}`).toBeGreaterThan(10);
    }
  });

  it('[H2][P3] a 4401 mid-session says "signed out or removed" and offers to sign in again', () => {
    const access = editorAccess(
      run([...connected, { type: 'closed', code: CloseCode.unauthenticated, reason: 'member removed' }]),
      'editor',
    );
    expect(access.editable).toBe(false);
    expect(access.banner).toMatchObject({
      kind: 'signed-out',
      title: 'You were signed out or removed from the committee',
      action: { kind: 'sign-in', label: 'Sign in again' },
    });
  });

  it('[C6] a 4401 with edits the server never confirmed says they were not saved and are only on screen now', () => {
    const closed = run([
      ...connected,
      { type: 'local-update' },
      { type: 'local-update' },
      { type: 'closed', code: CloseCode.unauthenticated, reason: 'member removed' },
    ]);
    const detail = editorAccess(closed, 'editor').banner?.detail ?? '';
    expect(detail).toContain(
      "2 changes made here did not reach the server and were removed from this browser's storage",
    );
    expect(detail).toContain('copy anything you need');
    const nothingLost = run([...connected, { type: 'closed', code: CloseCode.unauthenticated, reason: 'x' }]);
    expect(editorAccess(nothingLost, 'editor').banner?.detail).not.toContain('did not reach the server');
  });

  it('[H2] the server’s echo saying this member is now a viewer makes the editor read-only, with a notice', () => {
    const demoted = run([...connected, { type: 'server-role', role: 'viewer' }]);
    const access = editorAccess(demoted, 'editor');
    expect(access.editable).toBe(false);
    expect(access.banner).toMatchObject({ kind: 'demoted', title: 'Your role was changed to viewer' });
    // The same role as signed in with changes nothing; a role the server raises does not grant editing.
    expect(
      editorAccess(run([...connected, { type: 'server-role', role: 'editor' }]), 'editor').editable,
    ).toBe(true);
    const promoted = editorAccess(run([...connected, { type: 'server-role', role: 'editor' }]), 'viewer');
    expect(promoted).toEqual({ editable: false, banner: null });
    // A repeated role does not make a new state (no re-render on every presence echo).
    expect(reduceConnection(demoted, { type: 'server-role', role: 'viewer' })).toBe(demoted);
  });

  it('[H2][H3] the own-presence echo the server sends with role viewer, as bytes on the wire, turns editing off', () => {
    // What the server relays back: this tab's state, with the role it binds to the session.
    const serverSide = new Awareness(new Y.Doc());
    const tabClientId = 4242;
    serverSide.states.set(tabClientId, {
      user: { memberId: 'm1', name: 'Ben Okafor', color: '#4f46e5', role: 'viewer' },
      criterion: null,
      panel: 'criterion',
      savedThrough: 3,
    });
    serverSide.meta.set(tabClientId, { clock: 7, lastUpdated: 0 });
    const echo = encodeAwarenessUpdate(serverSide, [tabClientId]);
    const events = eventsFromOwnEcho(stateInAwarenessUpdate(echo, tabClientId));
    expect(events).toEqual([
      { type: 'server-role', role: 'viewer' },
      { type: 'saved-through', updates: 3 },
    ]);
    const after = run([
      ...connected,
      { type: 'local-update' },
      { type: 'local-update' },
      { type: 'local-update' },
      ...events,
    ]);
    expect(after.savedUpdates).toBe(3);
    expect(editorAccess(after, 'editor')).toMatchObject({ editable: false, banner: { kind: 'demoted' } });
    // Someone else's state, a departed one (null) or junk says nothing about this tab.
    expect(eventsFromOwnEcho(stateInAwarenessUpdate(echo, 1))).toEqual([]);
    expect(eventsFromOwnEcho(null)).toEqual([]);
    expect(eventsFromOwnEcho({ user: 'x', savedThrough: -1 })).toEqual([]);
  });

  it('[C4][P4] a refused paste is said in view and leaves editing on until dismissed', () => {
    const refused = run([
      ...connected,
      { type: 'notice', notice: { kind: 'paste-refused', what: 'paste', bytes: 2.1 * MB, limit: MB } },
    ]);
    const access = editorAccess(refused, 'editor');
    expect(access.editable).toBe(true);
    expect(access.banner).toMatchObject({
      kind: 'paste-refused',
      detail: 'This paste is 2.1 MB; one edit can be at most 1 MB. Paste it in smaller parts.',
      dismissible: true,
    });
    expect(editorAccess(reduceConnection(refused, { type: 'dismiss-notice' }), 'editor').banner).toBeNull();
  });

  it('[C4][P4] a 4413 whose edit was undone here reconnects with editing on and says what was undone', () => {
    const recovered = run([
      ...connected,
      { type: 'local-update' },
      {
        type: 'closed',
        code: CloseCode.tooLarge,
        reason: 'message of 2202010 bytes is over the 1048576-byte limit',
      },
      { type: 'notice', notice: { kind: 'edit-refused', undone: true, bytes: 2202000, limit: MB } },
      { type: 'socket', status: 'connecting' },
    ]);
    const access = editorAccess(recovered, 'editor');
    expect(access.editable).toBe(true);
    expect(access.banner).toMatchObject({ kind: 'edit-undone', tone: 'warning' });
    expect(access.banner?.detail).toContain('2.1 MB');
    expect(access.banner?.detail).toContain('your other changes are kept');
  });

  it('[C4][P4] a 4413 that could not be undone stops editing and says to copy, then reload', () => {
    const stuck = run([
      ...connected,
      {
        type: 'closed',
        code: CloseCode.tooLarge,
        reason: 'message of 2202010 bytes is over the 1048576-byte limit',
      },
      { type: 'notice', notice: { kind: 'edit-refused', undone: false, bytes: null, limit: MB } },
    ]);
    const access = editorAccess(stuck, 'editor');
    expect(access.editable).toBe(false);
    expect(access.banner).toMatchObject({ kind: 'edit-lost', action: { kind: 'reload' } });
    expect(access.banner?.detail).toContain('at most 1 MB');
  });
});
