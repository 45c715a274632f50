import type { IncomingMessage } from 'node:http';

/**
 * Whether a state-changing request comes from the app itself (H5). A page on another origin — even
 * another port of the same host, which counts as same-site for SameSite cookies — can make a signed-in
 * browser send a form POST or open a WebSocket; browsers mark both with `Sec-Fetch-Site` (modern) and
 * `Origin`. Allowed: the server's own origin, i.e. the request's Host (as http:) or the configured public
 * URL's origin. A request with neither header is not from a browser (the CLI, scripts, tests) and is
 * allowed: only a browser carries someone else's cookie.
 *
 * Returns why the request is refused, or undefined when it is allowed.
 */
export function crossOriginRefusal(
  request: IncomingMessage,
  publicOrigin: string | undefined,
): string | undefined {
  const origin = headerOf(request, 'origin');
  const fetchSite = headerOf(request, 'sec-fetch-site');
  // The browser's own verdict needs no Host to compare with, so it also holds behind a proxy that rewrites Host.
  if (fetchSite !== undefined) {
    if (fetchSite === 'same-origin') return undefined;
    return `cross-origin request refused: Sec-Fetch-Site is ${fetchSite}${origin ? ` (Origin ${origin})` : ''}, not same-origin`;
  }
  if (origin === undefined) return undefined;
  const own = ownOrigins(request, publicOrigin);
  if (own.includes(normalizedOrigin(origin) ?? '')) return undefined;
  return `cross-origin request refused: Origin ${origin} is not this server (${own[0] ?? 'unknown host'})`;
}

/** The origins this server answers as: the public URL's first (what users see), then the Host's. */
function ownOrigins(request: IncomingMessage, publicOrigin: string | undefined): string[] {
  const host = request.headers.host;
  const fromHost = host === undefined ? undefined : normalizedOrigin(`http://${host}`);
  return [publicOrigin, fromHost].filter((origin): origin is string => origin !== undefined);
}

/** `scheme://host[:port]` with default ports dropped and the host lower-cased; undefined if not an origin. */
export function normalizedOrigin(text: string): string | undefined {
  const url = URL.parse(text);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
