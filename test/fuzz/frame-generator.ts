import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CRITERION, draftRoots, textField } from '../../src/collab/draft-layout.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import type { SeededRandom } from '../../server/random/seeded-random.ts';

/**
 * Seeded frames for the sync endpoint: random bytes, truncated varints, huge lengths, garbage and mutated
 * updates, mutated awareness, text frames, oversized and flooding messages, mixed with valid frames so a
 * connection lives long enough to reach the stateful paths. Wire format (room.ts): `varUint(type) · payload`,
 * type 0 = sync (`varUint(0 step1 | 1 step2 | 2 update) · varUint8Array`), 1 = awareness, 2 = auth,
 * 3 = query awareness.
 */

export const FRAME_KINDS = [
  'random-bytes',
  'truncated-varint',
  'huge-length',
  'garbage-update',
  'mutated-update',
  'mutated-awareness',
  'mutated-step1',
  'valid',
  'text',
  'oversized',
  'flood',
] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/** One thing to send: binary frames (a flood is many), or a text frame. */
export interface FuzzFrame {
  readonly kind: FrameKind;
  readonly binary: readonly Uint8Array[];
  readonly text?: string;
}

/** Relative weights of the kinds; oversized frames are rare because each is over a mebibyte. */
const WEIGHTS: Readonly<Record<FrameKind, number>> = {
  'random-bytes': 10,
  'truncated-varint': 8,
  'huge-length': 10,
  'garbage-update': 12,
  'mutated-update': 25,
  'mutated-awareness': 10,
  'mutated-step1': 5,
  valid: 15,
  text: 2,
  oversized: 0.3,
  flood: 0.3,
};

/** Valid frames to mutate and to keep connections alive, built from real edits of the draft. */
export interface FrameCorpus {
  readonly updates: readonly Uint8Array[];
  readonly awareness: readonly Uint8Array[];
  readonly step1: Uint8Array;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

export function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Real frames a client of `initialState` would send: edits of criterion titles, points and statements by a
 * client of our own, its presence, and its sync step 1.
 */
export function buildCorpus(initialState: Uint8Array, random: SeededRandom): FrameCorpus {
  const doc = new Y.Doc();
  // A fixed client id: the same seed sends the same bytes.
  doc.clientID = random.int(1, 2 ** 31 - 1);
  Y.applyUpdate(doc, initialState);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(syncFrame(syncProtocol.messageYjsUpdate, update)));
  const entries = orderedEntries(draftRoots(doc).criteria);
  for (let i = 0; i < 40; i++) {
    const entry = random.pick(entries).entry;
    const title = textField(entry, CRITERION.title);
    const choice = random.int(0, 2);
    if (choice === 0 && title) title.insert(random.int(0, title.length), random.pick(['x', ' and', '2']));
    else if (choice === 1) entry.set(CRITERION.points, random.int(0, 5));
    else if (title && title.length > 2) title.delete(random.int(0, title.length - 2), 1);
  }
  updates.push(syncFrame(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(doc)));
  const awareness = new awarenessProtocol.Awareness(doc);
  const presence: Uint8Array[] = [];
  for (let i = 0; i < 5; i++) {
    awareness.setLocalState({
      user: { name: `Fuzzer ${i}` },
      cursor: { criterion: random.pick(entries).key },
    });
    presence.push(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])));
  }
  awareness.destroy();
  const step1Encoder = encoding.createEncoder();
  encoding.writeVarUint(step1Encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(step1Encoder, doc);
  doc.destroy();
  return { updates, awareness: presence, step1: encoding.toUint8Array(step1Encoder) };
}

function randomBytes(random: SeededRandom, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random.int(0, 255);
  return bytes;
}

/** A varint-encoded number: `[0, 2^53)` with more weight on the edges (0, 2^31, 2^32, 2^53 − 1). */
function hugeVarint(random: SeededRandom): Uint8Array {
  const encoder = encoding.createEncoder();
  const value = random.pick([
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 40,
    Number.MAX_SAFE_INTEGER,
    random.int(1 << 20, 2 ** 31),
  ]);
  encoding.writeVarUint(encoder, value);
  return encoding.toUint8Array(encoder);
}

const concat = (...parts: readonly (readonly number[] | Uint8Array)[]): Uint8Array => {
  const out: number[] = [];
  for (const part of parts) out.push(...part);
  return new Uint8Array(out);
};

/** One of eight byte-level mutations of a valid frame. */
export function mutate(frame: Uint8Array, random: SeededRandom): Uint8Array {
  const bytes = Array.from(frame);
  const at = () => random.int(0, Math.max(0, bytes.length - 1));
  const rounds = random.int(1, 3);
  for (let round = 0; round < rounds; round++) {
    switch (random.int(0, 7)) {
      case 0: {
        const index = at();
        bytes[index] = (bytes[index] ?? 0) ^ (1 << random.int(0, 7));
        break;
      }
      case 1:
        bytes[at()] = random.int(0, 255);
        break;
      case 2:
        bytes.splice(at(), 0, ...randomBytes(random, random.int(1, 8)));
        break;
      case 3:
        bytes.splice(at(), random.int(1, 8));
        break;
      case 4:
        bytes.length = random.int(0, bytes.length);
        break;
      case 5: {
        const start = at();
        bytes.splice(at(), 0, ...bytes.slice(start, start + random.int(1, 16)));
        break;
      }
      case 6:
        // A varint field made huge, e.g. a length or a clock.
        bytes.splice(at(), 1, ...hugeVarint(random));
        break;
      default:
        bytes[at()] = random.pick([0, 0x7f, 0x80, 0xff]);
    }
  }
  return new Uint8Array(bytes);
}

/** Draws the next frame. `maxMessageBytes` is the server's limit, for oversized frames. */
export function nextFrame(random: SeededRandom, corpus: FrameCorpus, maxMessageBytes: number): FuzzFrame {
  const kind = pickKind(random);
  const one = (bytes: Uint8Array): FuzzFrame => ({ kind, binary: [bytes] });
  switch (kind) {
    case 'random-bytes':
      return one(randomBytes(random, random.int(0, random.next() < 0.9 ? 64 : 4096)));
    case 'truncated-varint': {
      const continuation = new Array<number>(random.int(1, 10)).fill(random.pick([0x80, 0xff]));
      return one(
        random.pick([
          concat(continuation),
          concat([0], continuation),
          concat([0, 2], continuation),
          concat([1], continuation),
          concat([1, 5, 1], continuation),
        ]),
      );
    }
    case 'huge-length':
      return one(
        random.pick([
          concat([0, random.int(0, 2)], hugeVarint(random), randomBytes(random, random.int(0, 16))),
          concat([1], hugeVarint(random), randomBytes(random, random.int(0, 16))),
          // awareness: one client, then a huge client id, clock, or state-string length
          concat([1, 12, 1], hugeVarint(random), [1, 2, 123, 125]),
          concat([1, 12, 1, 7], hugeVarint(random), [123, 125]),
          concat([1, 12, 1, 7, 1], hugeVarint(random), [123]),
          // an update whose struct count or string length is huge
          syncFrame(2, concat([1], hugeVarint(random), randomBytes(random, 8))),
          syncFrame(2, concat([1, 1, 200, 1, 0, 4], hugeVarint(random), [65, 66])),
        ]),
      );
    case 'garbage-update':
      return one(syncFrame(random.pick([1, 2]), randomBytes(random, random.int(0, 200))));
    case 'mutated-update':
      return one(mutate(random.pick(corpus.updates), random));
    case 'mutated-awareness':
      return one(mutate(random.pick(corpus.awareness), random));
    case 'mutated-step1':
      return one(random.next() < 0.5 ? mutate(corpus.step1, random) : syncFrame(0, randomBytes(random, 12)));
    case 'valid':
      return one(
        random.pick([
          random.pick(corpus.updates),
          random.pick(corpus.awareness),
          corpus.step1,
          new Uint8Array([3]),
          concat([2], randomBytes(random, 4)),
        ]),
      );
    case 'text':
      return { kind, binary: [], text: random.pick(['hello', '{"type":"sync"}', '\u0000', '']) };
    case 'oversized':
      return one(syncFrame(2, randomBytes(random, maxMessageBytes + random.int(1, 4096))));
    case 'flood':
      // More than the default burst (300) at once: the connection is closed with 4429.
      return { kind, binary: Array.from({ length: 350 }, () => new Uint8Array([3])) };
  }
}

function pickKind(random: SeededRandom): FrameKind {
  const total = FRAME_KINDS.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  let roll = random.next() * total;
  for (const kind of FRAME_KINDS) {
    roll -= WEIGHTS[kind];
    if (roll < 0) return kind;
  }
  return 'valid';
}
