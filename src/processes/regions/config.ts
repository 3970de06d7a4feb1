// Two regions of the real engine, replicated: each a Temporal Server of its own (one process, every service) on
// databases of its own in one PostgreSQL, both configured for global namespaces, which a failover moves between
// them. What each region's process reads: its cluster metadata (its name, its failover version, the master), its
// ports and its databases.
import type { ServicePorts } from '../cluster/config';
import { serviceRpc, sqlPersistence } from '../cluster/config';

export const REGIONS = ['region-a', 'region-b'] as const;
export type RegionName = (typeof REGIONS)[number];
/** Where global namespaces are registered (only there), and the region that is active first. */
export const MASTER_REGION: RegionName = 'region-a';
/**
 * Each region writes events with versions ≡ its initial failover version (mod the increment): the version of an
 * event tells which region wrote it. Both regions must use the same increment.
 */
export const FAILOVER_VERSION_INCREMENT = 10;
export const INITIAL_FAILOVER_VERSION: Record<RegionName, number> = { 'region-a': 1, 'region-b': 2 };
/** Equal in both regions (or multiples): a workflow's shard must be found on either side. Few, for two cores. */
export const REGION_SHARDS = 4;

export interface RegionPorts {
  frontend: ServicePorts & { http: number };
  matching: ServicePorts;
  history: ServicePorts;
  worker: ServicePorts;
}

/** A region's databases in the shared PostgreSQL. */
export function regionDatabases(region: RegionName): { temporal: string; visibility: string } {
  const suffix = region.replace('region-', '');
  return { temporal: `temporal_${suffix}`, visibility: `temporal_${suffix}_visibility` };
}

export interface RegionConfigOptions {
  ip: string;
  postgresPort: number;
  databasePassword: string;
  dynamicConfigFile: string;
  /** Connections of the region's process to its history database. */
  maxConnections?: number;
}

/** The region's frontend address, and its HTTP address, as its cluster metadata names them. */
function clusterInformation(ip: string, ports: RegionPorts, region: RegionName, enabled: boolean): object {
  return {
    enabled,
    initialFailoverVersion: INITIAL_FAILOVER_VERSION[region],
    rpcName: 'frontend',
    rpcAddress: `${ip}:${ports.frontend.grpc}`,
    httpAddress: `${ip}:${ports.frontend.http}`,
  };
}

/**
 * The configuration of one region's Temporal process. Its peer is not configured here: it is registered at run
 * time (AddOrUpdateRemoteCluster), which is what the server acts on. Only a region whose master is another lists
 * the master too, as the server refuses to start without it; that entry is a placeholder the server replaces with
 * the registered one.
 */
export function regionServerConfig(
  region: RegionName,
  ports: Record<RegionName, RegionPorts>,
  options: RegionConfigOptions,
): object {
  const { ip } = options;
  const own = ports[region];
  const database = { ip, port: options.postgresPort, password: options.databasePassword };
  const connections = options.maxConnections ?? 20;
  return {
    log: { stdout: true, level: 'error' },
    persistence: sqlPersistence(database, regionDatabases(region), REGION_SHARDS, connections),
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: ip } },
    services: {
      frontend: serviceRpc(ip, own.frontend, { httpPort: own.frontend.http }),
      matching: serviceRpc(ip, own.matching),
      history: serviceRpc(ip, own.history),
      worker: serviceRpc(ip, own.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: true,
      failoverVersionIncrement: FAILOVER_VERSION_INCREMENT,
      masterClusterName: MASTER_REGION,
      currentClusterName: region,
      clusterInformation: {
        [region]: clusterInformation(ip, own, region, true),
        ...(region === MASTER_REGION
          ? {}
          : { [MASTER_REGION]: clusterInformation(ip, ports[MASTER_REGION], MASTER_REGION, false) }),
      },
    },
    // A call to the standby region is refused at once rather than forwarded to the active one (which may be gone).
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: options.dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic config both regions add to the embedded server's tuning: a peer registered at run time is read within
 * seconds (the default refresh is a minute, and a global namespace naming a peer not read yet is refused).
 */
export const REGION_DYNAMIC_CONFIG: Readonly<Record<string, unknown>> = {
  'system.clusterMetadataRefreshInterval': '5s',
  'history.longPollExpirationInterval': '5s',
  // A poll that reached matching while the namespace was standby there waits out its long poll even once the region
  // is active (v1.29.1 matches it with queries only): every task after a failover would wait up to a minute.
  'matching.longPollExpirationInterval': '5s',
};

/** What the failover version of an event says: the region that wrote it. */
export function regionOfVersion(version: number): RegionName | undefined {
  return REGIONS.find((region) => version % FAILOVER_VERSION_INCREMENT === INITIAL_FAILOVER_VERSION[region]);
}
