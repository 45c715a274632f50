import type { Slice } from '@tiptap/pm/model';
import { utf8Bytes } from '../draft/edit-size.ts';

/**
 * What a Yjs item costs besides its content (ids, origins, parent and type info) and what a formatting
 * mark adds (a format item on each side of the run). Deliberately generous: the estimate only decides
 * whether a paste may go in, and one estimated too small is still caught by the 4413 recovery.
 */
const ITEM_BYTES = 24;
const MARK_BYTES = 48;

/**
 * The estimated size of the Yjs update a paste or drop of `slice` into a statement makes: the text in
 * UTF-8 plus a per-node and per-mark overhead (the statement binding writes each paragraph as a
 * Y.XmlElement and each run of text as a Y.XmlText insert with its marks as formats).
 */
export function estimateSliceBytes(slice: Pick<Slice, 'content'>): number {
  let bytes = 0;
  slice.content.descendants((node) => {
    bytes += ITEM_BYTES;
    if (node.isText) bytes += utf8Bytes(node.text ?? '') + node.marks.length * MARK_BYTES;
    for (const [name, value] of Object.entries(node.attrs)) {
      bytes += utf8Bytes(name) + utf8Bytes(JSON.stringify(value) ?? '');
    }
    return true;
  });
  return bytes;
}
