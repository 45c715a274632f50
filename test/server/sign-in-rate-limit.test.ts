import { describe, expect, it } from 'vitest';
import { SignInRateLimit } from '../../server/auth/sign-in-rate-limit.ts';

describe('sign-in rate limit (H8)', () => {
  it('[H8] counts failures per address: one address is held back, another is not', () => {
    const limit = new SignInRateLimit({ attempts: 2, windowMs: 1000, maxAddresses: 10 });
    limit.failed('10.0.0.1', 0);
    limit.failed('10.0.0.1', 100);
    expect(limit.admit('10.0.0.1', 400)).toEqual({ ok: false, retryAfterMs: 600 });
    expect(limit.admit('10.0.0.2', 400)).toEqual({ ok: true });
    expect(limit.admit('10.0.0.1', 1000)).toEqual({ ok: true });
  });

  it('[H8] remembers a bounded number of addresses, however many try', () => {
    const limit = new SignInRateLimit({ attempts: 2, windowMs: 60_000, maxAddresses: 100 });
    for (let i = 0; i < 10_000; i++) limit.failed(`10.0.${i >> 8}.${i & 255}`, i);
    expect(limit.size).toBeLessThanOrEqual(100);
    // The newest addresses are the ones remembered.
    limit.failed('10.0.39.15', 10_001);
    expect(limit.admit('10.0.39.15', 10_002).ok).toBe(false);
  });
});
