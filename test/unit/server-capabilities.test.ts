// The server handle says what the server can do, not which kind it is: whether it skips time, its processes and
// which may be killed, whether it restarts as a whole with its state, its history shards; its kind is a label only.
// And a run's check of the server it would get reads the same capabilities (the server chosen by the flags, or the
// one `all` opened), never the label.
import { expect } from 'chai';
import { DevServerProcess } from '../../src/processes/dev-server-process';
import { resolveConnectionSettings } from '../../src/temporal/connection-settings';
import type { OpenedServer } from '../../src/temporal/servers/server';
import { SERVER_CAPABILITIES, serverHandle } from '../../src/temporal/servers/server';
import type { ServerKind } from '../../src/events/events';
import type { ServerChoice } from '../../src/runs/runnable';
import {
  cannotRunOn,
  choiceOf,
  NEEDS_CLUSTER,
  NEEDS_REGIONS,
  RESTART_NEEDS_EMBEDDED_SERVER,
} from '../../src/runs/runnable';
import type { AnyScenario } from '../../src/scenarios/catalog';
import { ALL_SCENARIOS } from '../../src/scenarios/catalog';

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

  describe('a run decides by them too, not by the kind', () => {
    const byLabel = (label: ServerKind): ServerChoice => ({ label, ...SERVER_CAPABILITIES[label] });
    const named = (name: string) => ALL_SCENARIOS.find((scenario) => scenario.name === name) as AnyScenario;

    it('history-failover needs services it may kill, whatever the server is called', () => {
      expect(cannotRunOn(named('history-failover'), byLabel('cluster'))).to.equal(undefined);
      expect(cannotRunOn(named('history-failover'), byLabel('dev-server'))).to.equal(NEEDS_CLUSTER);
      expect(
        cannotRunOn(named('history-failover'), { ...byLabel('dev-server'), killableServices: true }),
      ).to.equal(undefined);
    });

    it('region-failover needs two regions it may fail over between, whatever the server is called', () => {
      expect(cannotRunOn(named('region-failover'), byLabel('regions'))).to.equal(undefined);
      for (const label of ['dev-server', 'cluster', 'external'] as const) {
        expect(cannotRunOn(named('region-failover'), byLabel(label)), label).to.equal(NEEDS_REGIONS);
      }
      expect(
        cannotRunOn(named('region-failover'), { ...byLabel('dev-server'), failoverRegions: true }),
      ).to.equal(undefined);
    });

    it('server-restart needs a server it may restart, expire real time only where time is not skipped', () => {
      expect(cannotRunOn(named('server-restart'), byLabel('external'))).to.equal(
        RESTART_NEEDS_EMBEDDED_SERVER,
      );
      expect(cannotRunOn(named('server-restart'), { ...byLabel('external'), restartable: true })).to.equal(
        undefined,
      );
      expect(cannotRunOn(named('checkpoint'), byLabel('time-skipping'))).to.be.a('string');
      expect(cannotRunOn(named('checkpoint'), { ...byLabel('time-skipping'), skipsTime: false })).to.equal(
        undefined,
      );
    });

    it('an open server offers what its handle says', () => {
      const server = handle({ kind: 'dev-server', ownProcess: devServer('/state/temporal.sqlite') });
      expect(choiceOf(server)).to.deep.equal({
        label: 'dev-server',
        address: undefined,
        skipsTime: false,
        restartable: true,
        killableServices: false,
        failoverRegions: false,
      });
      expect(choiceOf(handle({ kind: 'time-skipping' }))).to.include({ skipsTime: true, restartable: false });
    });
  });
});
