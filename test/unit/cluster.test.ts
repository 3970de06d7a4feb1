// The real engine's pieces that need no process: each Temporal process's configuration, the owner a shard's row
// records, what moved between two readings of the shards table, and chaos's cluster faults by server kind.
import { expect } from 'chai';
import { faultSettings } from '../../src/chaos/chaos';
import type { ClusterPorts } from '../../src/processes/cluster/config';
import { dynamicConfigFile, HISTORY_SHARDS, temporalServerConfig } from '../../src/processes/cluster/config';
import type { ShardOwnership } from '../../src/processes/cluster/shards';
import { shardMoves, shardOwnerAddress, shardsByOwner } from '../../src/processes/cluster/shards';

const PORTS: ClusterPorts = {
  postgres: 5432,
  frontend: { grpc: 7233, membership: 26933, http: 7243 },
  matching: { grpc: 7235, membership: 26935 },
  history: [
    { grpc: 7234, membership: 26934 },
    { grpc: 7236, membership: 26936 },
  ],
  worker: { grpc: 7239, membership: 26939 },
};

interface ServerConfig {
  persistence: {
    numHistoryShards: number;
    datastores: Record<string, { sql: { connectAddr: string; password: string } }>;
  };
  services: Record<string, { rpc: { grpcPort: number; membershipPort: number; bindOnIP: string } }>;
  dynamicConfigClient: { filepath: string };
}

/** A shard's `data` as Temporal writes it: persistence's ShardInfo with shard_id, range_id and owner. */
function shardInfo(shardId: number, rangeId: number, owner: string): Uint8Array {
  const ownerBytes = Buffer.from(owner);
  return Uint8Array.from([0x08, shardId, 0x10, rangeId, 0x1a, ownerBytes.length, ...ownerBytes, 0x30, 0x01]);
}

const shard = (shardId: number, owner: string, rangeId: number): ShardOwnership => ({
  shardId,
  rangeId,
  owner,
  ownerAddress: '',
});

describe('the cluster', () => {
  it('configures each Temporal process with every service, its own history ports, PostgreSQL and the dynamic config', () => {
    const options = {
      ip: '127.0.0.1',
      ports: PORTS,
      dynamicConfigFile: '/run/dynamicconfig.yaml',
      databasePassword: 'secret',
    };
    const first = temporalServerConfig(options, 0) as ServerConfig;
    const second = temporalServerConfig(options, 1) as ServerConfig;
    expect(first.persistence.numHistoryShards).to.equal(HISTORY_SHARDS);
    expect(first.persistence.datastores.default.sql.connectAddr).to.equal('127.0.0.1:5432');
    expect(first.persistence.datastores.visibility.sql.password).to.equal('secret');
    expect(first.services.history.rpc).to.include({
      grpcPort: 7234,
      membershipPort: 26934,
      bindOnIP: '127.0.0.1',
    });
    expect(second.services.history.rpc).to.include({ grpcPort: 7236, membershipPort: 26936 });
    expect(second.services.frontend).to.deep.equal(first.services.frontend);
    expect(first.dynamicConfigClient.filepath).to.equal('/run/dynamicconfig.yaml');
    expect(dynamicConfigFile({ 'matching.numTaskqueueReadPartitions': 1 })).to.deep.equal({
      'matching.numTaskqueueReadPartitions': [{ value: 1 }],
    });
  });

  it('reads the owner host of a shard from its row, and what moved where between two readings', () => {
    expect(
      shardOwnerAddress(shardInfo(6, 1, '127.0.0.1:17234-6-fd713128-fc25-4d17-8ecc-24af2926af33')),
    ).to.equal('127.0.0.1:17234');
    const before = [shard(1, 'history 1', 1), shard(2, 'history 2', 1), shard(3, 'history 2', 2)];
    const after = [shard(1, 'history 1', 1), shard(2, 'history 1', 2), shard(3, 'history 1', 3)];
    expect(shardMoves(before, after)).to.deep.equal([
      { shardId: 2, from: 'history 2', to: 'history 1', rangeIdBefore: 1, rangeIdAfter: 2 },
      { shardId: 3, from: 'history 2', to: 'history 1', rangeIdBefore: 2, rangeIdAfter: 3 },
    ]);
    expect(shardsByOwner(['history 1', 'history 2'], after)).to.deep.equal({
      'history 1': [1, 2, 3],
      'history 2': [],
    });
  });

  it("chaos strikes the cluster's faults by default only on the cluster, the regions' failovers only on two regions", () => {
    const none = {
      serverRestarts: undefined,
      killHistoryHosts: undefined,
      killMatching: undefined,
      databaseRestarts: undefined,
      regionFailovers: undefined,
    };
    const on = (killableServices: boolean, failoverRegions: boolean) =>
      faultSettings(none as never, { killableServices, failoverRegions });
    expect(on(true, false)).to.deep.equal({
      serverRestarts: 0,
      killHistoryHosts: 2,
      killMatching: 1,
      databaseRestarts: 1,
      regionFailovers: 0,
    });
    expect(on(false, false)).to.deep.equal({
      serverRestarts: 1,
      killHistoryHosts: 0,
      killMatching: 0,
      databaseRestarts: 0,
      regionFailovers: 0,
    });
    expect(on(false, true)).to.deep.equal({
      serverRestarts: 0,
      killHistoryHosts: 0,
      killMatching: 0,
      databaseRestarts: 0,
      regionFailovers: 2,
    });
  });
});
