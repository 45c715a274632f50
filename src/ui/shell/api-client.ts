/**
 * The REST API under `/api`, as the browser uses it: same origin, the session in an http-only
 * cookie the browser sends by itself. Errors come back as {@link ApiError} with the server's message
 * and problem list (`path: message`).
 */

/** A signed-in member, as `GET /api/session` returns them. */
export interface Member {
  readonly id: string;
  readonly name: string;
  readonly role: 'chair' | 'editor' | 'viewer';
}

/** `GET /api/standards`. */
export interface StandardSummary {
  readonly id: string;
  readonly title: string;
  readonly latestVersion: string;
  readonly versionCount: number;
}

/** `GET /api/standards/:id/versions`. */
export interface VersionSummary {
  readonly version: string;
  readonly basedOn: string | null;
  readonly status: string;
  readonly author: string;
  readonly publishedAt: string;
  readonly sha256: string;
  readonly criteria: number;
}

/** `GET /api/drafts`. */
export interface DraftSummary {
  readonly id: string;
  readonly standard: string;
  readonly title: string;
  readonly basedOn: string | null;
}

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

/** One API call: JSON in and out, failures as {@link ApiError}. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
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
