import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The URL a running server was started at, recorded in its data directory so that `tierline invite`
 * (which reads the same directory) prints links with the right host and port.
 */
export const SERVER_URL_FILE = 'server-url';

export function recordServerUrl(dataDir: string, url: string): void {
  writeFileSync(join(dataDir, SERVER_URL_FILE), `${url}\n`);
}

/** The recorded URL, or undefined when no server has started on this directory (or the file is garbage). */
export function recordedServerUrl(dataDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SERVER_URL_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
  const url = URL.parse(text);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}
