import * as decoding from 'lib0/decoding';

/**
 * Presence (C2): who has a draft open and where they are, carried in y-protocols awareness.
 *
 * Each client's awareness state is a {@link PresenceState}. `user` is also what Tiptap's
 * CollaborationCaret reads to draw a named, coloured caret, so its `name` and `color` fields keep
 * those names. Presence is ephemeral: it is never written to the document.
 */

/** Which part of the editor someone is looking at. */
export type PresencePanel = 'criterion' | 'settings' | 'tiers';

/** The `user` field of an awareness state (CollaborationCaret draws carets from `name` and `color`). */
export interface PresenceUser {
  readonly memberId: string;
  readonly name: string;
  /** `#rrggbb`: CollaborationCaret refuses other colour syntaxes. */
  readonly color: string;
  readonly role: string;
}

/** One client's awareness state. */
export interface PresenceState {
  readonly user: PresenceUser;
  /** Internal key of the criterion the person has open, or null. */
  readonly criterion: string | null;
  readonly panel: PresencePanel;
  /**
   * The number of this client's local document updates sent before this state. The server relays
   * awareness back to its sender only after it has stored every update that came before it on the
   * same socket, so the echo of `savedThrough: n` proves updates 1…n are saved (the "Saved" badge).
   */
  readonly savedThrough?: number;
}

/** Someone in the room, as the avatars and the outline show them: one entry per member. */
export interface PresencePeer {
  readonly memberId: string;
  readonly name: string;
  readonly color: string;
  readonly role: string;
  /** Criterion keys this member has open (one per tab they have open on the criterion panel). */
  readonly criteria: readonly string[];
  /** True for the signed-in member themself (in this tab or another). */
  readonly isSelf: boolean;
}

/**
 * Caret and avatar colours: distinguishable on white, dark enough for white label text (WCAG AA
 * for the 11px bold labels), and never the red/amber/green used for problems and connection state.
 */
export const PRESENCE_COLORS = [
  '#4f46e5',
  '#0e7490',
  '#a21caf',
  '#b45309',
  '#0f766e',
  '#7c3aed',
  '#be185d',
  '#1d4ed8',
  '#4d7c0f',
  '#9a3412',
] as const;

/** A member's colour: the same on every peer and across sessions, picked by a hash of their id. */
export function colorForMember(memberId: string): string {
  let hash = 2166136261;
  for (let index = 0; index < memberId.length; index++) {
    hash ^= memberId.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}

/** Up to two initials for an avatar: "Ana Ruiz" → "AR", "chair" → "C". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters
    .map((word) => [...(word ?? '')][0] ?? '')
    .join('')
    .toUpperCase();
}

/** The state as a PresenceState, or undefined when it is not one (a foreign client, or no `user` yet). */
export function asPresenceState(state: unknown): PresenceState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const record = state as Record<string, unknown>;
  const user = record['user'];
  if (typeof user !== 'object' || user === null) return undefined;
  const { memberId, name, color, role } = user as Record<string, unknown>;
  if (typeof memberId !== 'string' || typeof name !== 'string' || typeof color !== 'string') return undefined;
  const criterion = record['criterion'];
  const panel = record['panel'];
  return {
    user: { memberId, name, color, role: typeof role === 'string' ? role : 'editor' },
    criterion: typeof criterion === 'string' ? criterion : null,
    panel: panel === 'settings' || panel === 'tiers' ? panel : 'criterion',
  };
}

/**
 * Everyone in the room, one entry per member (a member with two tabs open is one avatar), the
 * signed-in member first and the others by name. States that are not Tierline presence are skipped.
 */
export function peersFromStates(states: ReadonlyMap<number, unknown>, selfMemberId: string): PresencePeer[] {
  const byMember = new Map<string, { state: PresenceState; criteria: Set<string> }>();
  for (const raw of states.values()) {
    const state = asPresenceState(raw);
    if (!state) continue;
    const entry = byMember.get(state.user.memberId) ?? { state, criteria: new Set<string>() };
    if (state.panel === 'criterion' && state.criterion !== null) entry.criteria.add(state.criterion);
    byMember.set(state.user.memberId, entry);
  }
  return [...byMember.values()]
    .map(({ state, criteria }) => ({
      memberId: state.user.memberId,
      name: state.user.name,
      color: state.user.color,
      role: state.user.role,
      criteria: [...criteria].sort(),
      isSelf: state.user.memberId === selfMemberId,
    }))
    .sort(
      (a, b) =>
        Number(b.isSelf) - Number(a.isSelf) ||
        a.name.localeCompare(b.name) ||
        a.memberId.localeCompare(b.memberId),
    );
}

/** Criterion key → the other members who have it open, for the outline's markers. */
export function peersByCriterion(peers: readonly PresencePeer[]): Map<string, PresencePeer[]> {
  const byCriterion = new Map<string, PresencePeer[]>();
  for (const peer of peers) {
    if (peer.isSelf) continue;
    for (const key of peer.criteria) byCriterion.set(key, [...(byCriterion.get(key) ?? []), peer]);
  }
  return byCriterion;
}

/**
 * The state an awareness update (y-protocols' encoding: `varUint(count)` then per client
 * `varUint(clientId) · varUint(clock) · varString(json)`) carries for `clientId`: the parsed JSON
 * (null when the client left), or undefined when the update does not mention that client.
 * Throws on a truncated update, as y-protocols does.
 */
export function stateInAwarenessUpdate(update: Uint8Array, clientId: number): unknown {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  let found: unknown = undefined;
  for (let index = 0; index < count; index++) {
    const id = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (id === clientId) found = JSON.parse(json) as unknown;
  }
  return found;
}
