import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The headers every answer carries, API and static alike (H5). The policy allows only this server's own
 * scripts, styles, images and connections: `'self'` plus the WebSocket origins of the same host, which
 * not every browser counts as `'self'`, so the sync socket works everywhere. Inline styles are allowed
 * because the editor (ProseMirror, collaboration carets) sets `style` attributes; inline scripts are not.
 */
export function setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('content-security-policy', contentSecurityPolicy(request.headers.host));
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('x-frame-options', 'DENY');
}

// Only a plain `name[:port]` goes into the policy: the request guard refuses other hosts, but the
// policy is set before that check so the refusal carries it too.
const SAFE_HOST = /^[a-z0-9.[\]:-]+$/i;

export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
