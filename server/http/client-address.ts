import type { IncomingMessage } from 'node:http';

/**
 * The address a request comes from, for per-address limits (H8). Behind a load balancer every connection
 * comes from the balancer, so one stranger's failed sign-ins would lock everyone out: for a connection from
 * a trusted proxy (`TIERLINE_TRUSTED_PROXIES`), the client is the right-most `X-Forwarded-For` entry that is
 * not itself a trusted proxy (the entries to its left were written by the client and prove nothing).
 */
export function clientAddressOf(request: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizedAddress(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  // Only the last few hops can have been added by proxies we trust; a longer list costs nothing more.
  for (let index = forwarded.length - 1; index >= Math.max(0, forwarded.length - MAX_HOPS); index--) {
    const hop = normalizedAddress(forwarded[index]?.trim() ?? '');
    if (hop !== '' && !trustedProxies.has(hop)) return hop;
  }
  return peer;
}

const MAX_HOPS = 8;

/** `::ffff:127.0.0.1` (an IPv4 peer of a dual-stack socket) is `127.0.0.1`. */
function normalizedAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Parses `TIERLINE_TRUSTED_PROXIES`: comma-separated IP addresses of the proxies in front of this server.
 * Throws with what was wrong for an entry that is not an address.
 */
export function parseTrustedProxies(value: string): ReadonlySet<string> {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!/^[0-9a-fA-F:.]+$/.test(entry) || !/[.:]/.test(entry)) {
      throw new Error(
        `TIERLINE_TRUSTED_PROXIES: "${entry}" is not an IP address (expected e.g. 127.0.0.1,10.0.0.5)`,
      );
    }
  }
  return new Set(entries.map(normalizedAddress));
}
