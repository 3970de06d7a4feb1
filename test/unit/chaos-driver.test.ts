// The rules chaos keeps when it strikes the server, on stand-ins for its processes: a fault never strikes a service
// that is not running (it waits for the supervisor to start it again, and is skipped, and said so, when it stays
// down), a history host is killed only while another runs to take its shards, a kill whose shards nobody took is
// reported as no failover, and the dev server and the cluster's processes are struck by one path.
import { expect } from 'chai';
import type { PlannedFault } from '../../src/chaos/plan';
import type { ServerUnderFaults } from '../../src/chaos/server-faults';
import { strikeServer } from '../../src/chaos/server-faults';
import type { ShardOwnership } from '../../src/processes/cluster/shards';
import type { ServerProcessRole } from '../../src/processes/server-process';

/** A process as the driver sees it, whose kills and starts are counted. */
class StandInProcess {
  running = true;
  kills = 0;
  starts = 0;
  private nextPid = 100;
  constructor(
    readonly name: string,
    readonly role: ServerProcessRole,
    readonly killable = true,
  ) {}
  get pid(): number | undefined {
    return this.running ? this.nextPid : undefined;
  }
  async kill(): Promise<void> {
    this.kills++;
    this.running = false;
  }
  async restart(): Promise<boolean> {
    this.starts++;
    this.nextPid++;
    this.running = true;
    return true;
  }
}

const SHARD_OWNERS = (owner: string): ShardOwnership[] => [
  { shardId: 1, rangeId: 2, ownerAddress: owner, owner },
];

/** `owners`: who owns the shard at each reading of the shards table (the last one repeated). */
function standInCluster(options: { owners: string[] }) {
  const history = [new StandInProcess('history 1', 'history'), new StandInProcess('history 2', 'history')];
  const matching = new StandInProcess('matching', 'matching');
  const database = new StandInProcess('postgresql', 'postgresql');
  const cluster: ServerUnderFaults = {
    processes: [database, matching, ...history],
    untilShards: async (done) => {
      const shards = SHARD_OWNERS(options.owners.shift() ?? '');
      if (options.owners.length === 0) options.owners.push(shards[0].owner);
      if (done(shards)) return shards;
      throw new Error('the shards did not settle within 0.05s');
    },
  };
  return { cluster, history, matching, database };
}

const TIMEOUTS = { runningMs: 50, failoverMs: 50 };
const killHistory1: PlannedFault = { atMs: 1000, target: 'history-host', victim: 0 };

describe('chaos on the cluster', () => {
  it('kills a history host and, once another host has its shards, starts it again: a failover', async () => {
    const { cluster, history } = standInCluster({ owners: ['history 1', 'history 2'] });
    const strike = await strikeServer(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.have.property('struck').that.deep.include({
      target: 'history-host',
      host: 'history 1',
      killedPid: 100,
      replacementPid: 101,
      shardsAtKill: 1,
      takenOver: true,
    });
    expect([history[0].kills, history[0].starts]).to.deep.equal([1, 1]);
  });

  it('reports a kill whose shards no other host took as no failover', async () => {
    const { cluster } = standInCluster({ owners: ['history 1'] });
    const strike = await strikeServer(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.have.property('struck').that.deep.include({ host: 'history 1', takenOver: false });
    expect(strike).to.have.property('struck').that.not.have.property('takeoverMs');
  });

  it('counts the kill of a history host that owned no shard as no failover, and no missed one', async () => {
    const { cluster } = standInCluster({ owners: ['history 2'] });
    const strike = await strikeServer(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.have.property('struck').that.deep.include({ host: 'history 1', shardsAtKill: 0 });
    expect(strike).to.have.property('struck').that.not.have.property('takenOver');
  });

  it('does not kill a history host while the other is down, and says which was not running', async () => {
    const { cluster, history } = standInCluster({ owners: ['history 1', 'history 2'] });
    history[1].running = false;
    const strike = await strikeServer(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.deep.equal({
      skipped: { target: 'history-host', host: 'history 1', notRunning: ['history 2'] },
    });
    expect(history[0].kills).to.equal(0);
  });

  it('never strikes a service that is not running: the one whose supervisor has not started it again', async () => {
    const { cluster, matching } = standInCluster({ owners: ['history 1', 'history 2'] });
    matching.running = false;
    const strike = await strikeServer(
      cluster,
      { atMs: 1000, target: 'matching-host', victim: 0 },
      new AbortController().signal,
      TIMEOUTS,
    );
    expect(strike).to.deep.equal({
      skipped: { target: 'matching-host', host: 'matching', notRunning: ['matching'] },
    });
    expect(matching.kills).to.equal(0);
  });

  it('waits for a service its supervisor is starting again, then strikes it', async () => {
    const { cluster, history } = standInCluster({ owners: ['history 1', 'history 2'] });
    history[1].running = false;
    setTimeout(() => (history[1].running = true), 10);
    const strike = await strikeServer(cluster, killHistory1, new AbortController().signal, {
      runningMs: 60_000,
      failoverMs: 50,
    });
    expect(strike).to.have.property('struck').that.deep.include({ host: 'history 1', killedPid: 100 });
  });

  it('kills the dev server on its file and starts it again, by the same path as a process of the cluster', async () => {
    const devServer = new StandInProcess('dev-server', 'dev-server');
    const strike = await strikeServer(
      { processes: [devServer] },
      { atMs: 1000, target: 'server', victim: 0 },
      new AbortController().signal,
      TIMEOUTS,
    );
    expect(strike).to.have.property('struck').that.deep.include({
      target: 'server',
      killedPid: 100,
      replacementPid: 101,
    });
    expect(strike).to.have.property('struck').that.not.have.property('host');
    expect([devServer.kills, devServer.starts]).to.deep.equal([1, 1]);
  });

  it('strikes no process that may not be killed (a dev server in memory), nor one the server does not have', async () => {
    const inMemory = new StandInProcess('dev-server', 'dev-server', false);
    const signal = new AbortController().signal;
    const server = { processes: [inMemory] };
    expect(
      await strikeServer(server, { atMs: 1000, target: 'server', victim: 0 }, signal, TIMEOUTS),
    ).to.equal(undefined);
    expect(await strikeServer(server, killHistory1, signal, TIMEOUTS)).to.equal(undefined);
    expect(inMemory.kills).to.equal(0);
  });

  it('crashes PostgreSQL and starts it again, after waiting for it to run', async () => {
    const { cluster, database } = standInCluster({ owners: ['history 1'] });
    const strike = await strikeServer(
      cluster,
      { atMs: 1000, target: 'database', victim: 0 },
      new AbortController().signal,
      TIMEOUTS,
    );
    expect(strike).to.have.property('struck').that.deep.include({ target: 'database', killedPid: 100 });
    expect(strike).to.have.property('struck').that.not.have.property('host');
    expect([database.kills, database.starts]).to.deep.equal([1, 1]);
  });
});
