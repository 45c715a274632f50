import pg from 'pg';

/** What a {@link NotificationListener} is told. */
export interface NotificationListenerOptions {
  readonly connectionString: string;
  readonly channels: readonly string[];
  /** Shown in `pg_stat_activity`, so an operator (or a test) can tell this connection apart. */
  readonly applicationName: string;
  readonly onNotification: (channel: string, payload: string) => void;
  /**
   * LISTEN is in place again after the connection was lost: whatever was notified meanwhile was missed,
   * so the caller catches up by reading (P8).
   */
  readonly onReconnected: () => void;
  readonly log: (line: string) => void;
  /** The first retry waits this long, doubling up to `maxRetryMs`. */
  readonly minRetryMs?: number;
  readonly maxRetryMs?: number;
}

/**
 * A dedicated PostgreSQL connection that LISTENs on a few channels (P8), outside any pool: a pooled
 * connection would be handed to queries and lose its LISTEN. When the connection is lost (the database
 * restarted, the backend was terminated, the network dropped it) it reconnects with a growing delay,
 * LISTENs again and says so, because notifications sent in between are gone for good.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;

  private constructor(private readonly options: NotificationListenerOptions) {
    this.minRetryMs = options.minRetryMs ?? 100;
    this.maxRetryMs = options.maxRetryMs ?? 2000;
    this.retryMs = this.minRetryMs;
  }

  /** Connects and LISTENs; rejects when the first connection fails (the server then refuses to start). */
  static async start(options: NotificationListenerOptions): Promise<NotificationListener> {
    const listener = new NotificationListener(options);
    try {
      await listener.connect();
    } catch (error) {
      await listener.close();
      throw error;
    }
    return listener;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', ({ channel, payload }) => this.options.onNotification(channel, payload ?? ''));
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'the connection ended'));
    try {
      await client.connect();
      for (const channel of this.options.channels)
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      this.lost(client, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private lost(client: pg.Client, why: string): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    this.options.log(`relay: lost the LISTEN connection (${why}); reconnecting in ${this.retryMs} ms`);
    this.retryTimer = setTimeout(() => void this.reconnect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.maxRetryMs, this.retryMs * 2);
  }

  private async reconnect(): Promise<void> {
    this.retryTimer = undefined;
    if (this.closed) return;
    try {
      await this.connect();
    } catch {
      return; // `lost` has scheduled the next try.
    }
    if (this.closed) return;
    this.retryMs = this.minRetryMs;
    this.options.log('relay: LISTEN connection back; catching up');
    this.options.onReconnected();
  }

  /** Stops listening and reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
