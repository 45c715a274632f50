import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/http-error.ts';
import { decodePercentEncoded } from '../http/percent-decoding.ts';

export const SESSION_COOKIE = 'tierline_session';

/**
 * The session token from the request's cookies, if any. A session cookie that is not valid
 * percent-encoding is refused with 400 and cleared, so the browser's next request works (H1).
 */
export function readSessionCookie(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    try {
      return decodePercentEncoded(value.join('='), 'the session cookie');
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      throw new HttpError(400, `${error.message}; it was cleared, sign in again`, [], {
        'set-cookie': clearedSessionCookieHeader(),
      });
    }
  }
  return undefined;
}

/**
 * http-only and SameSite=Strict: scripts cannot read it and other sites cannot send it (P3); `Secure`
 * when the server is reached over TLS (H5), so it never travels in clear text.
 */
export function sessionCookieHeader(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
