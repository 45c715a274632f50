/**
 * Sign-in attempts per client address (H8): at most `attempts` failed sign-ins per `windowMs` from one
 * address; after that every attempt from it is refused until its window ends. Only failures count, so a
 * room of members signing in from behind one address is never held up, while guessing tokens is.
 * The map of addresses is bounded: when full, expired windows are dropped first, then the oldest.
 */
export interface SignInRateLimitOptions {
  readonly attempts: number;
  readonly windowMs: number;
  /** How many addresses are remembered at once. */
  readonly maxAddresses: number;
}

export const DEFAULT_SIGN_IN_RATE_LIMIT: SignInRateLimitOptions = {
  attempts: 10,
  windowMs: 60_000,
  maxAddresses: 10_000,
};

export type SignInAdmission = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

interface Window {
  readonly startedAt: number;
  failures: number;
}

export class SignInRateLimit {
  // Insertion order is age order: a window is deleted and re-inserted when it restarts.
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: SignInRateLimitOptions = DEFAULT_SIGN_IN_RATE_LIMIT) {}

  /** Whether `address` may try to sign in at `now`. */
  admit(address: string, now: number): SignInAdmission {
    const window = this.current(address, now);
    if (!window || window.failures < this.options.attempts) return { ok: true };
    return { ok: false, retryAfterMs: window.startedAt + this.options.windowMs - now };
  }

  /** Counts a failed attempt from `address`. */
  failed(address: string, now: number): void {
    const window = this.current(address, now);
    if (window) {
      window.failures++;
      return;
    }
    this.makeRoom(now);
    this.windows.set(address, { startedAt: now, failures: 1 });
  }

  /** How many addresses are remembered (for tests of the bound). */
  get size(): number {
    return this.windows.size;
  }

  private current(address: string, now: number): Window | undefined {
    const window = this.windows.get(address);
    if (window && now - window.startedAt < this.options.windowMs) return window;
    if (window) this.windows.delete(address);
    return undefined;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.options.maxAddresses) return;
    for (const [address, window] of this.windows) {
      if (now - window.startedAt >= this.options.windowMs) this.windows.delete(address);
    }
    while (this.windows.size >= this.options.maxAddresses) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      this.windows.delete(oldest.value);
    }
  }
}
