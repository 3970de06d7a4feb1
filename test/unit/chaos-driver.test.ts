// The rules chaos keeps when it strikes the cluster, on stand-ins for its processes: a fault never strikes a service
// that is not running (it waits for the supervisor to start it again, and is skipped, and said so, when it stays
// down), a history host is killed only while another runs to take its shards, and a kill whose shards nobody took
// is reported as no failover.
import { expect } from 'chai';
import type { ClusterUnderFaults } from '../../src/chaos/driver';
import { strikeCluster } from '../../src/chaos/driver';
import type { PlannedFault } from '../../src/chaos/plan';
import type { ShardOwnership } from '../../src/processes/cluster/shards';

/** A service as the driver sees it, whose kills and starts are counted. */
class StandInService {
  running = true;
  kills = 0;
  starts = 0;
  private nextPid = 100;
  constructor(readonly name: string) {}
  get pid(): number | undefined {
    return this.running ? this.nextPid : undefined;
  }
  async kill(): Promise<void> {
    this.kills++;
    this.running = false;
  }
  async startSupervised(): Promise<boolean> {
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
  const history = [new StandInService('history 1'), new StandInService('history 2')];
  const matching = new StandInService('matching');
  const database = {
    running: true,
    pid: 50,
    crash: async () => undefined,
    start: async () => undefined,
  };
  const cluster: ClusterUnderFaults = {
    database,
    matching,
    historyHosts: history,
    untilShards: async (done) => {
      const shards = SHARD_OWNERS(options.owners.shift() ?? '');
      if (options.owners.length === 0) options.owners.push(shards[0].owner);
      if (done(shards)) return shards;
      throw new Error('the shards did not settle within 0.05s');
    },
  };
  return { cluster, history, matching };
}

const TIMEOUTS = { runningMs: 50, failoverMs: 50 };
const killHistory1: PlannedFault = { atMs: 1000, target: 'history-host', victim: 0 };

describe('chaos on the cluster', () => {
  it('kills a history host and, once another host has its shards, starts it again: a failover', async () => {
    const { cluster, history } = standInCluster({ owners: ['history 1', 'history 2'] });
    const strike = await strikeCluster(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
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
    const strike = await strikeCluster(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.have.property('struck').that.deep.include({ host: 'history 1', takenOver: false });
    expect(strike).to.have.property('struck').that.not.have.property('takeoverMs');
  });

  it('counts the kill of a history host that owned no shard as no failover, and no missed one', async () => {
    const { cluster } = standInCluster({ owners: ['history 2'] });
    const strike = await strikeCluster(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.have.property('struck').that.deep.include({ host: 'history 1', shardsAtKill: 0 });
    expect(strike).to.have.property('struck').that.not.have.property('takenOver');
  });

  it('does not kill a history host while the other is down, and says which was not running', async () => {
    const { cluster, history } = standInCluster({ owners: ['history 1', 'history 2'] });
    history[1].running = false;
    const strike = await strikeCluster(cluster, killHistory1, new AbortController().signal, TIMEOUTS);
    expect(strike).to.deep.equal({
      skipped: { target: 'history-host', host: 'history 1', notRunning: ['history 2'] },
    });
    expect(history[0].kills).to.equal(0);
  });

  it('never strikes a service that is not running: the one whose supervisor has not started it again', async () => {
    const { cluster, matching } = standInCluster({ owners: ['history 1', 'history 2'] });
    matching.running = false;
    const strike = await strikeCluster(
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
    const strike = await strikeCluster(cluster, killHistory1, new AbortController().signal, {
      runningMs: 60_000,
      failoverMs: 50,
    });
    expect(strike).to.have.property('struck').that.deep.include({ host: 'history 1', killedPid: 100 });
  });
});
