// The network link between two regions: a TCP proxy in this process through which one region reaches its peer's
// frontend (gRPC over HTTP/2 runs through it unchanged). The peer is registered at the proxy's address, so the proxy
// listens before the regions connect and keeps its port for the whole run. A scenario cuts the link to show a
// network partition, either as a link that refuses (connections reset, new ones refused) or as one that swallows
// (connections accepted, nothing answered), and heals it on the same port.
import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';

export type LinkCut = 'refused' | 'black-hole';
export type LinkState = 'open' | LinkCut;

export interface Endpoint {
  host: string;
  port: number;
}

/** What went through the link, to narrate it. */
export interface LinkTraffic {
  connectionsAccepted: number;
  bytesToTarget: number;
  bytesFromTarget: number;
}

/** One accepted connection; `target` is missing for one accepted while black-holed (it never reaches the target). */
interface Relay {
  client: Socket;
  target?: Socket;
}

const DEFAULT_IP = '127.0.0.1';

export class RegionLink {
  private server: Server | undefined;
  private linkState: LinkState = 'open';
  private closed = false;
  private readonly relays = new Set<Relay>();
  private readonly counts: LinkTraffic = { connectionsAccepted: 0, bytesToTarget: 0, bytesFromTarget: 0 };
  /** Cuts, heals and close() run one after another: each may wait for the listening socket to open or close. */
  private turn: Promise<void> = Promise.resolve();

  private constructor(
    private readonly target: Endpoint,
    readonly ip: string,
    private listeningPort: number,
  ) {}

  /** Listens on `ip` (127.0.0.1 unless given) at `port`, or at a free port the system picks, and forwards to `target`. */
  static async open(target: Endpoint, options: { ip?: string; port?: number } = {}): Promise<RegionLink> {
    const link = new RegionLink(target, options.ip ?? DEFAULT_IP, options.port ?? 0);
    await link.listen();
    return link;
  }

  get port(): number {
    return this.listeningPort;
  }

  /** `ip:port`, the address the peer region is registered at. */
  get address(): string {
    return `${this.ip}:${this.listeningPort}`;
  }

  get state(): LinkState {
    return this.linkState;
  }

  get traffic(): LinkTraffic {
    return { ...this.counts };
  }

  /** Cuts the link the given way; cutting it the way it already is cut changes nothing. */
  cut(how: LinkCut): Promise<void> {
    return this.inTurn(async () => {
      if (this.linkState === how) return;
      const was = this.linkState;
      this.linkState = how;
      if (how === 'refused') {
        for (const relay of this.relays) resetRelay(relay);
        this.relays.clear();
        await this.stopListening();
      } else {
        for (const relay of this.relays) swallow(relay);
        if (was === 'refused') await this.listen();
      }
    });
  }

  /** Forwards again on the same port; the connections swallowed by a black hole are reset so that clients reconnect. */
  heal(): Promise<void> {
    return this.inTurn(async () => {
      if (this.linkState === 'open') return;
      const was = this.linkState;
      this.linkState = 'open';
      if (was === 'refused') {
        await this.listen();
      } else {
        for (const relay of this.relays) resetRelay(relay);
        this.relays.clear();
      }
    });
  }

  /** Stops listening and drops every connection, for the teardown; closing again does nothing. */
  close(): Promise<void> {
    if (this.closed) return this.turn;
    this.closed = true;
    this.turn = this.turn.then(async () => {
      for (const relay of this.relays) resetRelay(relay);
      this.relays.clear();
      await this.stopListening();
    });
    return this.turn;
  }

  private inTurn(step: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the region link at ${this.address} is closed`));
    const next = this.turn.then(step);
    // A failed step (the port taken while the link was refused) fails its caller, not the steps after it.
    this.turn = next.catch(() => undefined);
    return next;
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => this.accept(client));
      server.once('error', reject);
      server.listen(this.listeningPort, this.ip, () => {
        server.off('error', reject);
        // A failed accept (e.g. out of file descriptors) loses that one connection, whose client tries again: it must
        // not end the run as an unhandled error.
        server.on('error', () => undefined);
        this.listeningPort = (server.address() as { port: number }).port;
        this.server = server;
        resolve();
      });
    });
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    // Every connection is gone by now, so the close completes at once; a connect after it is refused.
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.counts.connectionsAccepted += 1;
    const relay: Relay = { client };
    this.relays.add(relay);
    client.on('error', () => resetRelay(relay));
    client.once('close', () => this.forget(relay, client));
    if (this.linkState === 'black-hole') {
      client.pause();
      return;
    }
    const target = connect({ host: this.target.host, port: this.target.port });
    relay.target = target;
    target.on('error', () => resetRelay(relay));
    target.once('close', () => this.forget(relay, target));
    client.on('data', (chunk: Buffer) => (this.counts.bytesToTarget += chunk.length));
    target.on('data', (chunk: Buffer) => (this.counts.bytesFromTarget += chunk.length));
    client.pipe(target);
    target.pipe(client);
  }

  /**
   * One side of a forwarding relay has closed: the other side goes too, once what was forwarded to it is written.
   * While black-holed neither side's close reaches the other, as that would tell what the black hole hides.
   */
  private forget(relay: Relay, side: Socket): void {
    if (relay.client.destroyed && (relay.target?.destroyed ?? true)) this.relays.delete(relay);
    const other = side === relay.client ? relay.target : relay.client;
    if (other === undefined || other.destroyed || this.linkState === 'black-hole') return;
    other.destroySoon();
  }
}

/**
 * The relay stops forwarding and stops reading, both ways. Not reading (rather than reading and dropping) is what a
 * partition does to a sender: nothing is acknowledged, so its writes back up as they would with the peer out of
 * reach, and none of it is buffered in this process. The price: a client that gives up is only noticed at the heal.
 */
function swallow({ client, target }: Relay): void {
  if (target !== undefined) {
    client.unpipe(target);
    target.unpipe(client);
    target.pause();
  }
  client.pause();
}

/** Both sides go at once, with a TCP reset: the client sees ECONNRESET, as when a link goes down hard. */
function resetRelay({ client, target }: Relay): void {
  for (const socket of [client, target]) {
    if (socket === undefined || socket.destroyed) continue;
    // A reset waits for a connection still being made; one that is not made yet is simply dropped.
    if (socket.connecting) socket.destroy();
    else socket.resetAndDestroy();
  }
}
