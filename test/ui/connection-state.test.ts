import { describe, expect, it } from 'vitest';
import { TERMINAL_CLOSE_CODES } from '../../src/collab/sync-protocol.ts';
import {
  type ConnectionEvent,
  connectionBadge,
  hasDraft,
  initialConnectionState,
  reduceConnection,
  unsavedUpdates,
} from '../../src/ui/draft/connection-state.ts';
import { parseUnsentCount } from '../../src/ui/draft/local-copy.ts';

const run = (events: ConnectionEvent[], online = true) =>
  events.reduce(reduceConnection, initialConnectionState(online));
const connected: ConnectionEvent[] = [
  { type: 'socket', status: 'connecting' },
  { type: 'socket', status: 'connected' },
  { type: 'synced', synced: true },
];

describe('connection state (C4)', () => {
  it('[C4] goes connecting → connected → saving → saved as edits are confirmed', () => {
    expect(connectionBadge(run([])).kind).toBe('connecting');
    expect(connectionBadge(run(connected)).kind).toBe('connected');
    const editing = run([...connected, { type: 'local-update' }, { type: 'local-update' }]);
    expect(connectionBadge(editing)).toMatchObject({ kind: 'saving', label: 'Saving…' });
    expect(connectionBadge(reduceConnection(editing, { type: 'saved-through', updates: 1 })).kind).toBe(
      'saving',
    );
    const saved = reduceConnection(editing, { type: 'saved-through', updates: 2 });
    expect(connectionBadge(saved)).toMatchObject({ kind: 'saved', label: 'Saved', tone: 'ok' });
  });

  it('[C4] an old acknowledgement never moves "saved" backwards or past what was sent', () => {
    const state = run([...connected, { type: 'local-update' }, { type: 'saved-through', updates: 1 }]);
    expect(reduceConnection(state, { type: 'saved-through', updates: 0 }).savedUpdates).toBe(1);
    expect(reduceConnection(state, { type: 'saved-through', updates: 9 }).savedUpdates).toBe(1);
  });

  it('[C4] offline edits are counted as unsaved and said to sync later', () => {
    const offline = run([
      ...connected,
      { type: 'network', online: false },
      { type: 'socket', status: 'disconnected' },
      { type: 'local-update' },
    ]);
    expect(unsavedUpdates(offline)).toBe(1);
    expect(connectionBadge(offline)).toMatchObject({
      kind: 'offline',
      label: 'Offline · 1 unsaved',
      tone: 'warning',
    });
    expect(connectionBadge(offline).detail).toMatch(/1 change waiting to be sent: kept in this browser/);
    const back = run([{ type: 'network', online: true }, ...connected], false);
    expect(
      connectionBadge(
        reduceConnection(reduceConnection(offline, { type: 'network', online: true }), {
          type: 'socket',
          status: 'connecting',
        }),
      ).kind,
    ).toBe('reconnecting');
    expect(connectionBadge(back).kind).toBe('connected');
  });

  it('[C4] a lost socket while online reads as reconnecting', () => {
    const lost = run([...connected, { type: 'socket', status: 'disconnected' }]);
    expect(lost.synced).toBe(false);
    expect(connectionBadge(lost)).toMatchObject({ kind: 'reconnecting', tone: 'warning' });
  });

  it('[P3] a 4401 close says the session ended; reconnecting clears it', () => {
    expect(TERMINAL_CLOSE_CODES.has(4401)).toBe(true);
    expect(TERMINAL_CLOSE_CODES.has(4429)).toBe(false);
    const closed = run([...connected, { type: 'closed', code: 4401, reason: 'sign in first' }]);
    expect(connectionBadge(closed)).toMatchObject({ kind: 'closed', label: 'Signed out', tone: 'error' });
    expect(
      connectionBadge(run([...connected, { type: 'closed', code: 4999, reason: 'odd' }])).detail,
    ).toContain('odd');
    expect(reduceConnection(closed, { type: 'socket', status: 'connecting' }).closed).toBeNull();
  });
});

describe("this browser's copy of a draft (C6)", () => {
  it('[C6] edits still unconfirmed when the copy was saved count as waiting after a restart, until the echo confirms them', () => {
    const restored = run([
      { type: 'copy-loaded', unsent: 3, hasDraft: true },
      { type: 'socket', status: 'connecting' },
    ]);
    expect(unsavedUpdates(restored)).toBe(3);
    expect(connectionBadge(restored)).toMatchObject({ kind: 'connecting', label: 'Connecting · 3 unsaved' });
    expect(connectionBadge(restored).detail).toContain('3 changes waiting to be sent');
    const offline = run([{ type: 'copy-loaded', unsent: 3, hasDraft: true }], false);
    expect(connectionBadge(offline).label).toBe('Offline · 3 unsaved');
    // The first probe after the sync names every update so far, the restored ones included.
    const synced = run([{ type: 'copy-loaded', unsent: 3, hasDraft: true }, ...connected]);
    expect(connectionBadge(synced).kind).toBe('saving');
    const confirmed = reduceConnection(synced, { type: 'saved-through', updates: synced.localUpdates });
    expect(connectionBadge(confirmed).kind).toBe('saved');
  });

  it('[C6] a fresh copy holds no draft: the editor waits for the server', () => {
    const fresh = run([{ type: 'copy-loaded', unsent: 0, hasDraft: false }]);
    expect(hasDraft(fresh)).toBe(false);
    expect(hasDraft(run([{ type: 'copy-loaded', unsent: 0, hasDraft: true }]))).toBe(true);
    expect(connectionBadge(fresh).kind).toBe('connecting');
  });

  it('[C6] the stored count reads only whole positive numbers', () => {
    expect(parseUnsentCount('4')).toBe(4);
    for (const stored of [null, '', '-2', '1.5', 'many', '1e400']) expect(parseUnsentCount(stored)).toBe(0);
  });
});
