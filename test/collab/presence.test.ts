import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  PRESENCE_COLORS,
  colorForMember,
  initialsOf,
  peersByCriterion,
  peersFromStates,
  stateInAwarenessUpdate,
} from '../../src/collab/presence.ts';

const state = (memberId: string, name: string, criterion: string | null, panel = 'criterion') => ({
  user: { memberId, name, color: colorForMember(memberId), role: 'editor' },
  criterion,
  panel,
});

describe('presence (C2)', () => {
  it('[C2] one avatar per member, you first, then by name; each person’s open criteria', () => {
    const states = new Map<number, unknown>([
      [1, state('m-zoe', 'Zoe', 'k1')],
      [2, state('m-me', 'Me', 'k2')],
      [3, state('m-zoe', 'Zoe', 'k3')],
      [4, state('m-al', 'Al', 'k1', 'tiers')],
      [5, { cursor: null }],
      [6, null],
    ]);
    const peers = peersFromStates(states, 'm-me');
    expect(peers.map((peer) => [peer.name, peer.isSelf, peer.criteria])).toEqual([
      ['Me', true, ['k2']],
      ['Al', false, []],
      ['Zoe', false, ['k1', 'k3']],
    ]);
    const byCriterion = peersByCriterion(peers);
    expect(byCriterion.get('k1')?.map((peer) => peer.name)).toEqual(['Zoe']);
    expect(byCriterion.has('k2')).toBe(false);
  });

  it('[C2] a member keeps one colour everywhere, from a palette CollaborationCaret accepts', () => {
    expect(colorForMember('member-1')).toBe(colorForMember('member-1'));
    for (const color of PRESENCE_COLORS) expect(color).toMatch(/^#[0-9a-f]{6}$/);
    const used = new Set(Array.from({ length: 50 }, (_, n) => colorForMember(`member-${n}`)));
    expect(used.size).toBeGreaterThan(5);
    expect(initialsOf('Ana María Ruiz')).toBe('AR');
    expect(initialsOf('chair')).toBe('C');
    expect(initialsOf('  ')).toBe('');
  });

  it('[C4] reads one client’s state out of an encoded awareness update', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ ...state('m', 'M', null), savedThrough: 7 });
    const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(stateInAwarenessUpdate(update, doc.clientID)).toMatchObject({ savedThrough: 7 });
    expect(stateInAwarenessUpdate(update, doc.clientID + 1)).toBeUndefined();
    awareness.setLocalState(null);
    expect(stateInAwarenessUpdate(encodeAwarenessUpdate(awareness, [doc.clientID]), doc.clientID)).toBeNull();
    expect(() => stateInAwarenessUpdate(update.slice(0, 3), doc.clientID)).toThrow();
    awareness.destroy();
  });
});
