import { createHash } from 'node:crypto';
import { standardFileText } from '../../src/core/document-files.ts';
import type { Standard } from '../../src/core/standard.ts';
import type { EpochMs, PublishedVersion } from './store.ts';

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The record that publishes `standard` (V1): its file text (canonical JSON with `$schema`) and that text's hash, keyed by the
 * standard's own id and version label, so the key and the content cannot disagree.
 * `standard` must already be validated; the store only keeps what it is given.
 */
export function versionRecordOf(standard: Standard, author: string, publishedAt: EpochMs): PublishedVersion {
  const json = standardFileText(standard);
  return {
    standardId: standard.id,
    version: standard.version,
    json,
    sha256: sha256Hex(json),
    author,
    publishedAt,
    status: standard.status,
  };
}
