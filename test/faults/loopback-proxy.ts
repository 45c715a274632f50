import { type Server, type Socket, connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between sync clients and the server, to break the network in the ways a
 * real one breaks — not by a clean WebSocket close:
 *
 * - `freeze` stops forwarding both ways without closing anything: bytes pile up in socket buffers, as
 *   during an outage. Neither end is told; the server's heartbeat may give up on its side meanwhile.
 * - `thaw` resumes: what was held is delivered late, as TCP delivers it after an outage.
 * - `cut` resets both sockets (RST): whatever was held or in flight is lost.
 * - `setTarget` points new connections at another port (a restarted server) or, with `undefined`,
 *   resets them at once (the server is down).
 */
export class LoopbackProxy {
  private readonly links = new Set<ProxyLink>();
  private target: number | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port, forwarding to `target` (a port on 127.0.0.1). */
  static async start(target: number | undefined): Promise<LoopbackProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const proxy = new LoopbackProxy(server, (server.address() as AddressInfo).port);
    proxy.target = target;
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** Where new connections go; `undefined` resets them (nothing is listening). */
  setTarget(port: number | undefined): void {
    this.target = port;
  }

  /** The connections open now. */
  get openLinks(): readonly ProxyLink[] {
    return [...this.links];
  }

  /** Resets every open connection (RST both ways). */
  cutAll(): void {
    for (const link of [...this.links]) link.cut();
  }

  /** Thaws every frozen connection. */
  thawAll(): void {
    for (const link of this.links) link.thaw();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => {});
    const target = this.target;
    if (target === undefined) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    upstream.on('error', () => {});
    const link = new ProxyLink(client, upstream, () => this.links.delete(link));
    this.links.add(link);
  }
}

/** One proxied connection: the client's socket and ours to the server. */
export class ProxyLink {
  private frozen = false;
  private closed = false;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly onClosed: () => void,
  ) {
    this.forward(client, upstream);
    this.forward(upstream, client);
    // A clean close or a reset on one side is passed on to the other, as a router would.
    const close = () => this.close();
    client.on('close', close);
    upstream.on('close', close);
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Stops forwarding both ways; nothing is closed, nothing is lost yet. */
  freeze(): void {
    this.frozen = true;
    this.client.pause();
    this.upstream.pause();
  }

  /** Forwards again, held bytes first. */
  thaw(): void {
    if (!this.frozen || this.closed) return;
    this.frozen = false;
    this.client.resume();
    this.upstream.resume();
  }

  /** Resets both sockets: both ends see ECONNRESET; held bytes are lost. */
  cut(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.resetAndDestroy();
    this.upstream.resetAndDestroy();
    this.onClosed();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.destroy();
    this.upstream.destroy();
    this.onClosed();
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (to.write(chunk)) return;
      from.pause();
      to.once('drain', () => {
        if (!this.frozen) from.resume();
      });
    });
  }
}
