import { existsSync } from 'node:fs';
import { signInLink } from '../api/member-routes.ts';
import { inviteMember } from '../auth/membership.ts';
import { normalizedOrigin } from '../http/origin-check.ts';
import { recordedServerUrl } from '../http/server-url-file.ts';
import { openStore, sqliteFileOf } from '../store/open-store.ts';
import { MEMBER_ROLES, type MemberRole } from '../store/store.ts';
import { CliError } from './cli-error.ts';

/**
 * `tierline invite --name "…" --role chair|editor|viewer`: creates a one-time invite in the data
 * directory's database (the server may be running: SQLite in WAL mode allows it) and returns the lines
 * to print, the token last. The link points at `publicUrl` (`TIERLINE_PUBLIC_URL`) when set, else at the
 * URL the server last started at on this data directory, else at localhost on `port`.
 */
export async function createInviteFromCli(options: {
  name?: string;
  role?: string;
  dataDir: string;
  port: string;
  publicUrl?: string;
}): Promise<string[]> {
  const name = options.name?.trim();
  if (!name) throw new CliError('tierline invite: --name "Member Name" is required');
  if (!MEMBER_ROLES.includes(options.role as MemberRole)) {
    throw new CliError(`tierline invite: --role must be one of ${MEMBER_ROLES.join(', ')}`);
  }
  const file = sqliteFileOf({ dataDir: options.dataDir });
  if (file !== undefined && !existsSync(file)) {
    throw new CliError(
      `tierline invite: no database at ${file}; start the server once (npm start) or set TIERLINE_DATA`,
    );
  }
  const origin = inviteLinkOrigin(options);
  const store = await openStore({ dataDir: options.dataDir });
  try {
    const { token, expiresAt } = await inviteMember(
      store,
      { name, role: options.role as MemberRole },
      Date.now(),
    );
    return [
      `Invite for ${name} (${options.role}), valid until ${new Date(expiresAt).toISOString()}, usable once.`,
      `Sign-in link: ${signInLink(origin, token)}`,
      token,
    ];
  } finally {
    await store.close();
  }
}

function inviteLinkOrigin(options: { dataDir: string; port: string; publicUrl?: string }): string {
  if (options.publicUrl !== undefined && options.publicUrl.trim() !== '') {
    const origin = normalizedOrigin(options.publicUrl.trim());
    if (origin === undefined) {
      throw new CliError(
        `tierline invite: TIERLINE_PUBLIC_URL ${JSON.stringify(options.publicUrl)} is not an http:// or https:// URL`,
      );
    }
    return origin;
  }
  return recordedServerUrl(options.dataDir) ?? `http://localhost:${options.port}`;
}
