/**
 * A token bucket per connection: `perSecond` units on average, bursts up to `burst` (P4, H4). The unit is
 * what the caller counts: messages, bytes received, bytes of replies. Typing produces a few small
 * messages a second; a flood of hundreds, or of megabytes, is a broken or hostile client.
 */
export class MessageRateLimit {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `amount` tokens (default one); false, taking none, when the connection is over its limit. */
  take(amount = 1): boolean {
    this.refill();
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /**
   * Takes `amount` tokens if any are left, going into debt if it must; false when none are left. For
   * replies, whose size is only known once encoded: one large draft must still sync, but asking for it
   * again waits until the debt is paid off.
   */
  takeOnCredit(amount: number): boolean {
    this.refill();
    if (this.tokens <= 0) return false;
    this.tokens -= amount;
    return true;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
