// Ports for the servers this CLI starts: a free one, or the one a person asked for, refused with the reason.
import { createServer } from 'node:net';
import { rootMessage, ServerUnavailableError } from '../errors';

export const DEFAULT_IP = '127.0.0.1';

/**
 * Where the servers' ports are picked: below 32768, where Linux (32768–60999 unless set otherwise) never picks the
 * local port of an outgoing connection, which would otherwise take a port between its pick and the server's bind
 * (on a busy machine, it did). Temporal also keeps membership ports in a smallint column.
 */
const SERVER_PORTS = { from: 20_000, to: 32_767 };

/**
 * A port nobody listens on right now (nor was handed out by this process in the last seconds), from a random point
 * of the range: other runs pick theirs meanwhile.
 */
export async function freePort(ip = DEFAULT_IP): Promise<number> {
  // get-port is an ES module: imported when needed rather than required at start-up.
  const { default: getPort, portNumbers } = await import('get-port');
  const start = SERVER_PORTS.from + Math.floor(Math.random() * (SERVER_PORTS.to - SERVER_PORTS.from));
  return getPort({
    host: ip,
    port: [...portNumbers(start, SERVER_PORTS.to), ...portNumbers(SERVER_PORTS.from, start)],
  });
}

/** Listens on the port once: unlike get-port, which moves on to another port, this says why the port is refused. */
function listenOnce(ip: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, ip, () => server.close(() => resolve()));
  });
}

export async function ensurePortFree(ip: string, port: number, flag: string): Promise<void> {
  try {
    await listenOnce(ip, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${code ?? rootMessage(error)})`;
    throw new ServerUnavailableError(
      `port ${port} on ${ip} (${flag}) ${reason}: choose another port, or stop what holds it`,
    );
  }
}
