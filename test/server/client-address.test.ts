import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, parseTrustedProxies } from '../../server/http/client-address.ts';

/** The two parts of a request the address is read from. */
function requestFrom(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('the address a sign-in counts against (H8)', () => {
  const nginx = parseTrustedProxies('127.0.0.1, 10.0.0.5');

  it('[H8] behind a trusted balancer, failed sign-ins count against the client it names, not the balancer', () => {
    expect(clientAddressOf(requestFrom('::ffff:127.0.0.1', '203.0.113.7'), nginx)).toBe('203.0.113.7');
    // Two trusted hops: the right-most address that is not a proxy of ours.
    expect(clientAddressOf(requestFrom('10.0.0.5', '203.0.113.7, 127.0.0.1'), nginx)).toBe('203.0.113.7');
  });

  it('[H8] a stranger cannot pick the address: a forged X-Forwarded-For is ignored, or only its last hop read', () => {
    // Straight to the server: the header proves nothing.
    expect(clientAddressOf(requestFrom('198.51.100.9', '1.2.3.4'), nginx)).toBe('198.51.100.9');
    // Through the balancer, which appends the real peer: the forged entries on the left are skipped.
    expect(clientAddressOf(requestFrom('127.0.0.1', '1.2.3.4, 198.51.100.9'), nginx)).toBe('198.51.100.9');
    // No proxies configured: always the socket's own peer.
    expect(clientAddressOf(requestFrom('127.0.0.1', '1.2.3.4'), new Set())).toBe('127.0.0.1');
  });

  it('[H8] TIERLINE_TRUSTED_PROXIES refuses an entry that is not an IP address, naming it', () => {
    expect(() => parseTrustedProxies('127.0.0.1, nginx.local')).toThrow(
      'TIERLINE_TRUSTED_PROXIES: "nginx.local" is not an IP address (expected e.g. 127.0.0.1,10.0.0.5)',
    );
  });
});
