// The link between two regions, with real sockets: a local echo server stands for the peer region's frontend, and
// each cut is seen as a client sees it (a reset, a refused connect, silence), then healed on the same port.
import { expect } from 'chai';
import { once } from 'node:events';
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { portListens } from '../../src/processes/child-signals';
import { RegionLink } from '../../src/processes/regions/region-link';

const IP = '127.0.0.1';
/** Long enough for a reply through a local proxy, short enough to wait for; silence is all it proves. */
const SILENCE_MS = 300;

/** An echo server that also keeps what it received and its connections, to write to a client unprompted. */
class EchoTarget {
  received = '';
  readonly sockets: Socket[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<EchoTarget> {
    const server = createServer();
    const target = new EchoTarget(server);
    server.on('connection', (socket) => {
      target.sockets.push(socket);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => (target.received += chunk.toString()));
      socket.pipe(socket);
    });
    server.listen(0, IP);
    await once(server, 'listening');
    return target;
  }

  get endpoint() {
    return { host: IP, port: (this.server.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('region link', () => {
  let target: EchoTarget;
  let link: RegionLink;
  let clients: Socket[] = [];

  beforeEach(async () => {
    target = await EchoTarget.start();
    link = await RegionLink.open(target.endpoint);
  });
  afterEach(async () => {
    for (const client of clients) client.destroy();
    clients = [];
    await link.close();
    await target.stop();
  });

  async function connected(): Promise<Socket> {
    const client = connect({ host: IP, port: link.port });
    clients.push(client);
    await once(client, 'connect');
    return client;
  }

  /** The error code a connect to the link fails with. */
  async function connectFailure(): Promise<string | undefined> {
    const client = connect({ host: IP, port: link.port });
    clients.push(client);
    const [error] = (await once(client, 'error')) as [NodeJS.ErrnoException];
    return error.code;
  }

  /** Writes the text and resolves with what comes back, once as much has. */
  function echoed(client: Socket, text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let reply = '';
      const hear = (chunk: Buffer) => {
        reply += chunk.toString();
        if (reply.length < text.length) return;
        client.off('data', hear).off('error', reject);
        resolve(reply);
      };
      client.on('data', hear).on('error', reject);
      client.write(text);
    });
  }

  /** Resolves with the error code the client's connection ended with (undefined for a clean end). */
  async function ending(client: Socket): Promise<string | undefined> {
    let code: string | undefined;
    client.on('error', (error: NodeJS.ErrnoException) => (code = error.code));
    // Not events.once: it would reject on the very error this waits to report.
    if (!client.destroyed) await new Promise((resolve) => client.once('close', resolve));
    return code;
  }

  /** True when nothing arrives and the connection stays open for SILENCE_MS. */
  async function silent(client: Socket): Promise<boolean> {
    let heard = false;
    const hear = () => (heard = true);
    client.on('data', hear).on('close', hear);
    await new Promise((resolve) => setTimeout(resolve, SILENCE_MS));
    client.off('data', hear).off('close', hear);
    return !heard && !client.destroyed;
  }

  it('forwards both ways and counts the connections and bytes', async () => {
    expect(link.address).to.equal(`${IP}:${link.port}`);
    expect(link.state).to.equal('open');
    const client = await connected();
    expect(await echoed(client, 'ping')).to.equal('ping');
    expect(await echoed(await connected(), 'hello')).to.equal('hello');
    expect(target.received).to.equal('pinghello');
    expect(link.traffic).to.deep.equal({ connectionsAccepted: 2, bytesToTarget: 9, bytesFromTarget: 9 });
  });

  it("'refused' resets the connections and refuses new ones; heal forwards again on the same port", async () => {
    const client = await connected();
    expect(await echoed(client, 'ping')).to.equal('ping');
    const port = link.port;
    const ended = ending(client);
    await link.cut('refused');
    expect(link.state).to.equal('refused');
    expect(await ended).to.equal('ECONNRESET');
    expect(await connectFailure()).to.equal('ECONNREFUSED');

    await link.heal();
    expect(link.state).to.equal('open');
    expect(link.port).to.equal(port);
    expect(await echoed(await connected(), 'again')).to.equal('again');
  });

  it("'black-hole' keeps accepting but nothing goes through either way, on old connections and new", async () => {
    const before = await connected();
    expect(await echoed(before, 'ping')).to.equal('ping');
    await link.cut('black-hole');
    expect(link.state).to.equal('black-hole');

    before.write('lost');
    target.sockets[0].write('unheard');
    expect(await silent(before)).to.equal(true);
    const during = await connected();
    during.write('lost too');
    expect(await silent(during)).to.equal(true);
    expect(target.received).to.equal('ping');
    expect(target.sockets).to.have.length(1);
    expect(link.traffic).to.deep.equal({ connectionsAccepted: 2, bytesToTarget: 4, bytesFromTarget: 4 });
  });

  it('heal after a black hole drops the swallowed connections, and new ones forward', async () => {
    const before = await connected();
    await link.cut('black-hole');
    const during = await connected();
    const swallowed = [ending(before), ending(during)];
    await link.heal();
    expect(await Promise.all(swallowed)).to.deep.equal(['ECONNRESET', 'ECONNRESET']);
    expect(await echoed(await connected(), 'after')).to.equal('after');
    expect(target.received).to.equal('after');
  });

  it('cuts from one kind to the other, and a cut or heal already in effect changes nothing', async () => {
    await link.heal();
    await link.cut('black-hole');
    await link.cut('black-hole');
    const swallowed = await connected();
    const ended = ending(swallowed);
    await link.cut('refused');
    await link.cut('refused');
    expect(await ended).to.equal('ECONNRESET');
    expect(await connectFailure()).to.equal('ECONNREFUSED');
    await link.cut('black-hole');
    const swallowedAgain = await connected();
    expect(await silent(swallowedAgain)).to.equal(true);
    const endedAgain = ending(swallowedAgain);
    await link.heal();
    await link.heal();
    expect(await endedAgain).to.equal('ECONNRESET');
    expect(await echoed(await connected(), 'fine')).to.equal('fine');
  });

  it('ends the client cleanly when the target ends, and resets it when the target cannot be reached', async () => {
    const client = await connected();
    expect(await echoed(client, 'ping')).to.equal('ping');
    const ended = ending(client);
    target.sockets[0].destroy();
    expect(await ended).to.equal(undefined);
    await target.stop();
    expect(await ending(await connected())).to.equal('ECONNRESET');
  });

  it('close() leaves nothing listening, can be called again, and refuses cuts after it', async () => {
    const port = link.port;
    const ended = ending(await connected());
    await link.close();
    await link.close();
    expect(await ended).to.equal('ECONNRESET');
    expect(await portListens(IP, port)).to.equal(false);
    let error: Error | undefined;
    await link.heal().catch((caught: Error) => (error = caught));
    expect(error?.message).to.equal(`the region link at ${IP}:${port} is closed`);
  });
});
