import { DEFAULT_MAX_MESSAGE_BYTES, limitFromTooLargeReason } from '../../collab/sync-protocol.ts';

/**
 * How large one edit may be, in the words a member reads (P4): the server closes the socket with 4413
 * when one sync message is over its limit, so the editor refuses a paste that would be, and counts the
 * size of every local update it sends. Pure: no Yjs, no DOM.
 */

/**
 * Room left under the limit for what a paste adds besides its text (item headers, formatting,
 * paragraph structure) and for the sync message's own framing. A paste estimated just under the limit
 * that still turns out too large is caught by the 4413 recovery (the refused edit is undone).
 */
export const PASTE_HEADROOM_BYTES = 16 * 1024;

/** Bytes of `text` in UTF-8, the encoding Yjs stores strings in. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      // A surrogate pair is one code point: four bytes.
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

/** Bytes a varUint takes (lib0 encoding: 7 bits a byte). */
function varUintBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes++;
  }
  return bytes;
}

/**
 * The size of the sync message that carries one document update: `varUint(0 sync) · varUint(2 update)
 * · varUint8Array(update)`, exactly what y-websocket sends and the server measures.
 */
export function syncUpdateMessageBytes(updateBytes: number): number {
  return 2 + varUintBytes(updateBytes) + updateBytes;
}

/**
 * The server's limit as its 4413 close reason states it (`… over the 1048576-byte limit`), or the
 * default when the reason does not say: the client cannot ask the server for its configuration.
 */
export function limitFromCloseReason(reason: string): number {
  return limitFromTooLargeReason(reason) ?? DEFAULT_MAX_MESSAGE_BYTES;
}

/**
 * A size as members read it: "2.1 MB", "1 MB", "640 KB" (binary units, as the limit is 1 MiB).
 * One decimal above 1 MB, none when it is whole.
 */
export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) {
    const rounded = Math.round(mb * 10) / 10;
    return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** True when a paste of `bytes` (estimated as stored) cannot be saved as one edit under `limit`. */
export function pasteTooLarge(bytes: number, limit: number = DEFAULT_MAX_MESSAGE_BYTES): boolean {
  return bytes > limit - PASTE_HEADROOM_BYTES;
}

/** What the editor says when it refuses a paste or drop. */
export function pasteRefusalMessage(
  bytes: number,
  limit: number = DEFAULT_MAX_MESSAGE_BYTES,
  what: 'paste' | 'drop' = 'paste',
): string {
  const noun = what === 'paste' ? 'This paste' : 'What you dropped';
  const advice = what === 'paste' ? 'Paste it in smaller parts.' : 'Add it in smaller parts.';
  return `${noun} is ${formatSize(bytes)}; one edit can be at most ${formatSize(limit)}. ${advice}`;
}
