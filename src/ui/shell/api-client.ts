/**
 * The REST API under `/api`, as the browser uses it: same origin, the session in an http-only
 * cookie the browser sends by itself. Errors come back as {@link ApiError} with the server's message
 * and problem list (`path: message`).
 *
 * Request bodies and replies are typed by the contract the server parses with (src/api/).
 */

import type { SessionMember } from '../../api/members-contract.ts';
import type { DraftSummary, StandardSummary, VersionSummary } from '../../api/versions-contract.ts';

export type { DraftSummary, StandardSummary, VersionSummary };
/** A signed-in member, as `GET /api/session` returns them. */
export type Member = SessionMember;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly string[] = [],
    /** A refusal's machine-readable reason when the server gives one, e.g. `draft-changed`. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * One API call: JSON in and out, failures as {@link ApiError}. `B` types the body where the contract
 * (src/api/) has its schema: `z.input` of the schema the server parses it with.
 */
export async function request<T, B = unknown>(method: string, path: string, body?: B): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = json as { error?: unknown; problems?: unknown; reason?: unknown } | undefined;
    throw new ApiError(
      response.status,
      typeof error?.error === 'string' ? error.error : `The server answered ${response.status}.`,
      Array.isArray(error?.problems) ? error.problems.filter((p): p is string => typeof p === 'string') : [],
      typeof error?.reason === 'string' ? error.reason : undefined,
    );
  }
  return json as T;
}

export const api = {
  session: () => request<{ member: Member }>('GET', '/api/session'),
  signIn: (token: string) => request<{ member: Member }>('POST', '/api/session', { token }),
  signOut: () => request<undefined>('DELETE', '/api/session'),
  standards: () => request<StandardSummary[]>('GET', '/api/standards'),
  versions: (standardId: string) =>
    request<VersionSummary[]>('GET', `/api/standards/${encodeURIComponent(standardId)}/versions`),
  version: (standardId: string, version: string) =>
    request<unknown>(
      'GET',
      `/api/standards/${encodeURIComponent(standardId)}/versions/${encodeURIComponent(version)}`,
    ),
  drafts: () => request<DraftSummary[]>('GET', '/api/drafts'),
} as const;
