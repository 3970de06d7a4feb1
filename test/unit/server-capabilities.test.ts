// The server handle says what the server can do, not which kind it is: whether it skips time, its processes and
// which may be killed, whether it restarts as a whole with its state, its history shards; its kind is a label only.
import { expect } from 'chai';
import { DevServerProcess } from '../../src/processes/dev-server-process';
import { resolveConnectionSettings } from '../../src/temporal/connection-settings';
import type { OpenedServer } from '../../src/temporal/servers/server';
import { serverHandle } from '../../src/temporal/servers/server';

const SETTINGS = resolveConnectionSettings({}, { TEMPORAL_CONFIG_FILE: 'no-such-temporal.toml' });

function handle(opened: Partial<OpenedServer> & Pick<OpenedServer, 'kind'>) {
  return serverHandle({
    settings: SETTINGS,
    address: '127.0.0.1:7233',
    workerConnection: () => Promise.reject(new Error('no worker here')),
    ...opened,
  });
}

/** A dev server process that is never started: the handle only reads what it is. */
function devServer(dbFilename?: string): DevServerProcess {
  return new DevServerProcess({
    executable: 'temporal',
    ip: '127.0.0.1',
    port: 7233,
    namespace: 'default',
    dbFilename,
  });
}

describe('the server handle: capabilities, not kinds', () => {
  it('a dev server this command runs on a file: restartable as a whole, one process that may be killed', () => {
    const process = devServer('/state/temporal.sqlite');
    const server = handle({ kind: 'dev-server', ownProcess: process });
    expect(server.restartable).to.equal(process);
    expect(server.processes()).to.deep.equal([process]);
    expect(server.processes()[0]).to.include({ name: 'dev-server', role: 'dev-server', killable: true });
    expect(server.stateFile).to.equal('/state/temporal.sqlite');
    expect(server).to.include({ label: 'dev-server', skipsTime: false });
    expect(server.historyShards).to.equal(undefined);
  });

  it('a dev server in memory: its process is shown and measured, but may not be killed', () => {
    const server = handle({ kind: 'dev-server', ownProcess: devServer() });
    expect(server.restartable).to.equal(undefined);
    expect(server.processes().map((process) => process.killable)).to.deep.equal([false]);
    expect(server.stateFile).to.equal(undefined);
  });

  it('the time-skipping server skips time and has no process of this command', () => {
    const server = handle({ kind: 'time-skipping' });
    expect(server).to.include({ label: 'time-skipping', skipsTime: true });
    expect(server.processes()).to.deep.equal([]);
    expect(server.restartable).to.equal(undefined);
    expect(server.supervisor).to.equal(undefined);
  });
});
