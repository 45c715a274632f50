import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a fresh server leaves the first chair's one-time sign-in link (H8): a file in the data directory
 * that only the server's user can read, instead of the log, which is often shipped to places (journald,
 * CI output, log collectors) that anyone on the team can read. The file is deleted once the link is used.
 */
export const FIRST_CHAIR_LINK_FILE = 'first-chair-sign-in.txt';

export function firstChairLinkPathIn(dataDir: string): string {
  return join(dataDir, FIRST_CHAIR_LINK_FILE);
}

/** Writes the link (mode 0600, replacing any earlier file) and returns the file's path. */
export function writeFirstChairLink(dataDir: string, link: string, expiresAt: number): string {
  const file = firstChairLinkPathIn(dataDir);
  // Removed first: `mode` only applies to a file being created, and an old copy may have looser bits.
  rmSync(file, { force: true });
  writeFileSync(
    file,
    `One-time sign-in link for the first chair of this Tierline, usable once, valid until ${new Date(expiresAt).toISOString()}:\n` +
      `${link}\n` +
      'Open it in a browser. This file is deleted once the link has been used.\n',
    { mode: 0o600, flag: 'wx' },
  );
  chmodSync(file, 0o600);
  return file;
}

export function removeFirstChairLink(dataDir: string): void {
  rmSync(firstChairLinkPathIn(dataDir), { force: true });
}
