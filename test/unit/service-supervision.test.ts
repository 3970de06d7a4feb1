// A service of the cluster under its supervisor, with real short-lived processes standing in for Temporal's: an exit
// nobody asked for is reported with its status and last lines and followed by a restart, a crash loop slows down
// by the backoff, and a kill or stop of ours is neither reported nor undone.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { RestartBackoff, SupervisionEvent } from '../../src/processes/cluster/service-process';
import { DEFAULT_BACKOFF, restartDelayMs, ServiceProcess } from '../../src/processes/cluster/service-process';
import { OWNER_TAG, releaseWatchdog } from '../../src/processes/watchdog';
import { freePort } from '../helpers/ports';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const IP = '127.0.0.1';
const QUICK: RestartBackoff = { firstMs: 20, maxMs: 1_000, stableMs: 60_000 };

/**
 * A service that listens on its port and, on its first `failures` starts, exits with status 3 as soon as anything
 * connects (the supervisor's readiness probe), after saying why; later starts keep serving.
 */
function flakyService(
  folder: string,
  port: number,
  failures: number,
): { executable: string; args: string[] } {
  const script = path.join(folder, 'service.js');
  writeFileSync(
    script,
    `const fs = require('node:fs');
const [port, counter, failures] = process.argv.slice(2);
const start = Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : 0) + 1;
fs.writeFileSync(counter, String(start));
require('node:net')
  .createServer((socket) => {
    if (start > Number(failures)) return socket.end();
    console.log('start ' + start + ' serving');
    console.error('lost the database: connection refused');
    process.exit(3);
  })
  .listen(Number(port), '${IP}');
`,
  );
  return {
    executable: process.execPath,
    args: [script, String(port), path.join(folder, 'starts'), String(failures)],
  };
}

describe('a cluster service under its supervisor', () => {
  const folder = useTemporaryFolder('supervision', { each: true });
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  // Starting a service made this process an owner with a watchdog, as a command is: end that ownership.
  after(async () => {
    await releaseWatchdog();
    delete process.env[OWNER_TAG];
  });

  /** The service, and its supervision's events as they come. */
  async function supervised(failures: number, backoff = QUICK) {
    const events: SupervisionEvent[] = [];
    const told = new EventEmitter();
    const port = await freePort(IP);
    service = new ServiceProcess({
      name: 'history 1',
      role: 'history',
      ...flakyService(folder(), port, failures),
      ip: IP,
      port,
      backoff,
      onSupervision: (event) => {
        events.push(event);
        told.emit(event.type, event);
      },
    });
    return { service, events, told };
  }

  it('reports an exit nobody asked for, with its status and last lines, and starts the service again', async () => {
    const { service, events, told } = await supervised(1);
    const restarted = once(told, 'cluster.service-restarted');
    await service.start();
    const firstPid = service.pid;
    await restarted;
    expect(events.map((event) => event.type)).to.deep.equal([
      'cluster.service-exited',
      'cluster.service-restarted',
    ]);
    const [exit, restart] = events;
    expect(exit).to.include({
      service: 'history 1',
      pid: firstPid,
      exitCode: 3,
      signal: null,
      restartInMs: 20,
    });
    expect(exit.type === 'cluster.service-exited' && exit.lastLines).to.deep.equal([
      'start 1 serving',
      'lost the database: connection refused',
    ]);
    expect(restart).to.include({ service: 'history 1', attempt: 1 });
    expect(restart.pid).to.not.equal(firstPid);
    expect(service.running).to.equal(true);
    expect(service.pid).to.equal(restart.pid);
  });

  it('backs off: each exit in a row doubles the wait before the next start', async () => {
    const { service, events, told } = await supervised(3);
    const thirdRestart = new Promise((resolve) =>
      told.on(
        'cluster.service-restarted',
        (restart: { attempt: number }) => restart.attempt === 3 && resolve(restart),
      ),
    );
    await service.start();
    await thirdRestart;
    const exits = events.filter((event) => event.type === 'cluster.service-exited');
    expect(exits.map((exit) => exit.restartInMs)).to.deep.equal([20, 40, 80]);
    expect(
      events.filter((event) => event.type === 'cluster.service-restarted').map((event) => event.attempt),
    ).to.deep.equal([1, 2, 3]);
    expect(service.running).to.equal(true);
  });

  it('neither reports nor undoes a kill or a stop of ours', async () => {
    const { service, events } = await supervised(0);
    await service.start();
    await service.kill();
    await service.start();
    await service.stop();
    // Many times the first restart delay: a restart would have come by now.
    await sleep(QUICK.firstMs * 10);
    expect(events).to.deep.equal([]);
    expect(service.running).to.equal(false);
  });

  it('waits longer the more exits in a row, up to the longest wait', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => restartDelayMs(attempt, QUICK))).to.deep.equal([
      20, 40, 80, 160, 1_000,
    ]);
    expect(restartDelayMs(1)).to.equal(DEFAULT_BACKOFF.firstMs);
    expect(restartDelayMs(100)).to.equal(DEFAULT_BACKOFF.maxMs);
  });
});
