import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isRunning, portListens, signalAndWait, stopWithin } from '../../src/processes/child-signals';

/** A shell that ignores SIGTERM, as a server slow to shut down would. */
function stubborn() {
  return spawn('/bin/sh', ['-c', "trap '' TERM; while :; do sleep 0.05; done"], { stdio: 'ignore' });
}

describe('child signals', () => {
  it('signalAndWait resolves once the process has ended, and at once for one that has', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    expect(isRunning(child)).to.equal(true);
    await signalAndWait(child, 'SIGTERM');
    expect(isRunning(child)).to.equal(false);
    expect(child.signalCode).to.equal('SIGTERM');
    await signalAndWait(child, 'SIGKILL');
    await signalAndWait(undefined, 'SIGKILL');
  });

  it('stopWithin escalates when the first signal is ignored', async () => {
    const child = stubborn();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stopWithin(child, 'SIGTERM', 'SIGKILL', 200);
    expect(child.signalCode).to.equal('SIGKILL');
  });

  it('portListens tells a listening port from a closed one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await portListens('127.0.0.1', port)).to.equal(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await portListens('127.0.0.1', port)).to.equal(false);
  });
});
