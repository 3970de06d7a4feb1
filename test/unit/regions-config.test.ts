// Two regions' configurations, as the server demands them for replication between them: global namespaces on, one
// failover version increment, a distinct initial failover version each, equal shard counts, databases of their own,
// and the master listed by the region that is not it (the server does not start otherwise).
import { expect } from 'chai';
import type { RegionName, RegionPorts } from '../../src/processes/regions/config';
import {
  MASTER_REGION,
  REGION_SHARDS,
  regionOfVersion,
  regionServerConfig,
} from '../../src/processes/regions/config';

const PORTS: Record<RegionName, RegionPorts> = {
  'region-a': {
    frontend: { grpc: 27100, membership: 27102, http: 27101 },
    matching: { grpc: 27103, membership: 27104 },
    history: { grpc: 27105, membership: 27106 },
    worker: { grpc: 27107, membership: 27108 },
  },
  'region-b': {
    frontend: { grpc: 27200, membership: 27202, http: 27201 },
    matching: { grpc: 27203, membership: 27204 },
    history: { grpc: 27205, membership: 27206 },
    worker: { grpc: 27207, membership: 27208 },
  },
};

interface RegionConfig {
  persistence: {
    numHistoryShards: number;
    datastores: Record<string, { sql: { databaseName: string; connectAddr: string } }>;
  };
  services: Record<string, { rpc: { grpcPort: number } }>;
  clusterMetadata: {
    enableGlobalNamespace: boolean;
    failoverVersionIncrement: number;
    masterClusterName: string;
    currentClusterName: string;
    clusterInformation: Record<
      string,
      { enabled: boolean; initialFailoverVersion: number; rpcAddress: string }
    >;
  };
}

function configOf(region: RegionName): RegionConfig {
  return regionServerConfig(region, PORTS, {
    ip: '127.0.0.1',
    postgresPort: 5432,
    databasePassword: 'secret',
    dynamicConfigFile: '/run/dynamicconfig.yaml',
  }) as RegionConfig;
}

describe('two regions’ configurations', () => {
  const a = configOf('region-a');
  const b = configOf('region-b');

  it('turn global namespaces on, with one increment and a failover version of each region’s own', () => {
    for (const config of [a, b]) {
      expect(config.clusterMetadata).to.include({
        enableGlobalNamespace: true,
        masterClusterName: MASTER_REGION,
      });
    }
    expect(a.clusterMetadata.failoverVersionIncrement).to.equal(b.clusterMetadata.failoverVersionIncrement);
    const versionA = a.clusterMetadata.clusterInformation['region-a'].initialFailoverVersion;
    const versionB = b.clusterMetadata.clusterInformation['region-b'].initialFailoverVersion;
    expect(versionA).not.to.equal(versionB);
    expect(regionOfVersion(versionA)).to.equal('region-a');
    expect(regionOfVersion(versionB + 2 * a.clusterMetadata.failoverVersionIncrement)).to.equal('region-b');
  });

  it('name each region itself, on its own ports, and list the master in the other region only', () => {
    expect(a.clusterMetadata.currentClusterName).to.equal('region-a');
    expect(b.clusterMetadata.currentClusterName).to.equal('region-b');
    expect(Object.keys(a.clusterMetadata.clusterInformation)).to.deep.equal(['region-a']);
    expect(b.clusterMetadata.clusterInformation['region-a']).to.include({
      enabled: false,
      rpcAddress: '127.0.0.1:27100',
    });
    expect(b.clusterMetadata.clusterInformation['region-b']).to.include({
      enabled: true,
      rpcAddress: '127.0.0.1:27200',
    });
    expect(b.services.frontend.rpc.grpcPort).to.equal(27200);
    expect(a.services.history.rpc.grpcPort).to.equal(27105);
  });

  it('give each region databases of its own in one PostgreSQL, with equal shard counts', () => {
    expect(a.persistence.numHistoryShards).to.equal(REGION_SHARDS);
    expect(b.persistence.numHistoryShards).to.equal(REGION_SHARDS);
    const names = [a, b].flatMap((config) =>
      Object.values(config.persistence.datastores).map((store) => store.sql.databaseName),
    );
    expect(new Set(names).size).to.equal(4);
    expect(a.persistence.datastores.default.sql.connectAddr).to.equal(
      b.persistence.datastores.default.sql.connectAddr,
    );
  });
});
