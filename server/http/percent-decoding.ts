import { HttpError } from './http-error.ts';

/**
 * The one way the server decodes percent-encoded text from a request (path segments, static file paths,
 * the session cookie, the sync upgrade path). `decodeURIComponent` throws a `URIError` on a bad escape
 * such as `%E0%A4%A`; uncaught, that ended the process (H1). Here it becomes a 400 naming what was wrong.
 */
export function decodePercentEncoded(text: string, what: string): string {
  // Fast path, and no allocation for the common case of nothing to decode.
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(
      400,
      `${what} is not valid percent-encoding (${JSON.stringify(shorten(text))}): every "%" must start an escape like %20 of UTF-8 bytes`,
    );
  }
}

/** Long enough to find the bad escape, short enough that a megabyte path does not come back whole. */
function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
