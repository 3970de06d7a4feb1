// The ports of the servers this CLI starts are picked where no outgoing connection of this machine takes one
// between the pick and the server's bind.
import { createServer } from 'node:net';
import { expect } from 'chai';
import { freePort } from '../../src/temporal/servers/ports';

describe('the ports of the servers this CLI starts', () => {
  it('are free, below the local ports of outgoing connections (32768 and up), and not handed out twice', async () => {
    const ports: number[] = [];
    for (let pick = 0; pick < 20; pick++) ports.push(await freePort());
    for (const port of ports) expect(port).to.be.within(20_000, 32_767);
    expect(new Set(ports).size).to.equal(ports.length);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
