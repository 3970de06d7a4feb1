// `codec-server`'s refusals, in-process: a port in use and a key that is not one, each with its exit code.
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { expectError, isolatedEnv } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';

describe('order-demo codec-server refusals', () => {
  let holder: Server;
  let port: number;

  before(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as AddressInfo).port;
  });
  after(() => holder.close());

  it('--port already in use → exit 3', async () => {
    expectError(
      await runInProcess(['codec-server', '--port', String(port)]),
      3,
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 \\(--port\\) is already in use`),
    );
  });

  it('a key that is not 32 bytes of base64 → exit 2, naming where it came from', async () => {
    expectError(
      await runInProcess(['codec-server'], isolatedEnv({ ORDER_DEMO_ENCRYPTION_KEY: 'not-a-key' })),
      2,
      /ORDER_DEMO_ENCRYPTION_KEY is not a key: expected 32 random bytes in base64/,
    );
  });
});
