// Two regions of the real engine, replicated (`order-demo regions`): their processes started
// (processes/regions/), each registered at the other as a remote cluster with its connection enabled, and a global
// namespace registered on the master region, active there and replicated to the other. What each region says of
// the namespace — which region is active, at which failover version — is the replication state shown.
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import { postgresRunsAs } from '../../processes/cluster/postgres-process';
import type { RegionName, RegionPorts } from '../../processes/regions/config';
import { MASTER_REGION, REGION_DYNAMIC_CONFIG, REGIONS } from '../../processes/regions/config';
import { RegionLink } from '../../processes/regions/region-link';
import { TemporalRegions } from '../../processes/regions/temporal-regions';
import type { Teardown } from '../../processes/teardown';
import { scratchFolder, watchOwnProcesses } from '../../processes/watchdog';
import { rootMessage, ServerUnavailableError } from '../errors';
import { msToTs } from '../sdk-internals';
import { DEV_SERVER_ENVIRONMENT, SERVER_DYNAMIC_CONFIG } from '../tuning';
import {
  buildExecutables,
  checkClusterFolder,
  checkClusterPrerequisites,
  connectWhenReady,
  servicePorts,
} from './cluster';
import { DEFAULT_IP, ensurePortFree, freePort } from './ports';
import type { ServerProgress } from './server';

/** The global namespace both regions serve. */
export const GLOBAL_NAMESPACE = 'orders';
const RETENTION = '1 day';
/**
 * A namespace naming a region the master has not read from its database yet is refused ("Invalid cluster name");
 * the master reads it within its metadata refresh interval (5 s here), and the other region learns the namespace
 * about a second later.
 */
const NAMESPACE_READY_MS = 60_000;
const RETRY_EVERY_MS = 200;
/** A region killed and started again is reached again within a second, not after gRPC's backoff of up to 2 minutes. */
const RECONNECT_QUICKLY = {
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 1_000,
};
/** A region that is down says so at once, rather than after the SDK's retries of an unavailable server. */
const VIEW_DEADLINE_MS = 2_000;

/** What one region says of the global namespace. */
export interface RegionView {
  region: RegionName;
  address: string;
  /** Its frontend does not answer (the region is down). */
  unreachable?: boolean;
  /** The region it names as active; undefined while it does not know the namespace yet. */
  activeRegion?: string;
  failoverVersion?: number;
}

export interface StartedRegions {
  regions: TemporalRegions;
  namespace: string;
  connections: Record<RegionName, Connection>;
  /** The link each region is reached through by its peer: cut it, and replication to the peer stops. */
  links: Record<RegionName, RegionLink>;
  /** What each region says of the namespace, now. */
  views(): Promise<RegionView[]>;
  /** What one region says of it. */
  view(region: RegionName): Promise<RegionView>;
}

async function regionPorts(
  ip: string,
  frontend: number | undefined,
  region: RegionName,
): Promise<RegionPorts> {
  if (frontend !== undefined) await ensurePortFree(ip, frontend, `${region}'s port`);
  const { grpc, membership } = await servicePorts(ip);
  return {
    frontend: { grpc: frontend ?? grpc, membership, http: await freePort(ip) },
    matching: await servicePorts(ip),
    history: await servicePorts(ip),
    worker: await servicePorts(ip),
  };
}

/** Retries `attempt` while the server answers with what a moment fixes, until the deadline. */
async function untilAccepted<T>(
  attempt: () => Promise<T>,
  transient: (error: unknown) => boolean,
): Promise<T> {
  const deadline = Date.now() + NAMESPACE_READY_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!transient(error) || Date.now() > deadline) throw error;
      await sleep(RETRY_EVERY_MS);
    }
  }
}

const unavailableOrInvalid = (error: unknown) =>
  isGrpcServiceError(error) &&
  [GrpcStatus.UNAVAILABLE, GrpcStatus.INVALID_ARGUMENT, GrpcStatus.NOT_FOUND].includes(error.code);

/** What a region says of the namespace; nothing while it does not know it yet. */
async function viewOf(
  region: RegionName,
  connection: Connection,
  address: string,
  namespace: string,
): Promise<RegionView> {
  try {
    const described = await connection.withDeadline(Date.now() + VIEW_DEADLINE_MS, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
    return {
      region,
      address,
      activeRegion: described.replicationConfig?.activeClusterName ?? undefined,
      failoverVersion: Number(described.failoverVersion ?? 0),
    };
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return { region, address };
    const down = [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED];
    if (isGrpcServiceError(error) && down.includes(error.code)) {
      return { region, address, unreachable: true };
    }
    throw error;
  }
}

/** Each region's frontend port (default: any free one), checked free before anything starts. */
export type FrontendPorts = Partial<Record<RegionName, number>>;

export async function startRegions(
  frontendPorts: FrontendPorts,
  teardown: Teardown,
  progress?: ServerProgress,
  namespace = GLOBAL_NAMESPACE,
): Promise<StartedRegions> {
  const prerequisites = checkClusterPrerequisites();
  const ip = DEFAULT_IP;
  const ports = {} as Record<RegionName, RegionPorts>;
  for (const region of REGIONS) ports[region] = await regionPorts(ip, frontendPorts[region], region);
  const postgresPort = await freePort(ip);
  watchOwnProcesses();
  progress?.step?.(
    prerequisites.executables
      ? `starting two regions of Temporal Server (provisioned copy: ${prerequisites.executables.server})`
      : 'starting two regions of Temporal Server (built now with Go)',
  );
  try {
    const executables = prerequisites.executables ?? (await buildExecutables(progress));
    const folder = await scratchFolder('regions', { passable: postgresRunsAs() !== undefined });
    teardown.add('regions folder', async () => rmSync(folder, { recursive: true, force: true }));
    const problem = checkClusterFolder(folder);
    if (problem)
      throw new ServerUnavailableError(`the regions’ throwaway folder ${folder} cannot be used: ${problem}`);
    const regions = new TemporalRegions({
      executables,
      postgresBin: prerequisites.postgresBin,
      folder,
      ip,
      postgresPort,
      ports,
      dynamicConfig: { ...SERVER_DYNAMIC_CONFIG, ...REGION_DYNAMIC_CONFIG },
      environment: DEV_SERVER_ENVIRONMENT,
    });
    teardown.add('regions', () => regions.kill());
    await regions.start((step) => progress?.step?.(step));

    const connections = {} as Record<RegionName, Connection>;
    const links = {} as Record<RegionName, RegionLink>;
    for (const region of REGIONS) {
      connections[region] = await connectWhenReady(regions.address(region), RECONNECT_QUICKLY);
      teardown.add(`${region} connection`, () => connections[region].close());
      links[region] = await RegionLink.open({ host: ip, port: ports[region].frontend.grpc }, { ip });
      teardown.add(`link to ${region}`, () => links[region].close());
    }
    progress?.step?.('connecting the regions to each other, each through a link of this CLI');
    for (const region of REGIONS) {
      for (const peer of REGIONS.filter((other) => other !== region)) {
        await untilAccepted(
          () =>
            connections[region].operatorService.addOrUpdateRemoteCluster({
              frontendAddress: links[peer].address,
              frontendHttpAddress: `${ip}:${ports[peer].frontend.http}`,
              enableRemoteClusterConnection: true,
            }),
          unavailableOrInvalid,
        );
      }
    }
    progress?.step?.(`registering the global namespace ${namespace}, active in ${MASTER_REGION}`);
    await untilAccepted(
      () =>
        connections[MASTER_REGION].workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(RETENTION),
          isGlobalNamespace: true,
          clusters: REGIONS.map((clusterName) => ({ clusterName })),
          activeClusterName: MASTER_REGION,
        }),
      unavailableOrInvalid,
    );
    const view = (region: RegionName) =>
      viewOf(region, connections[region], regions.address(region), namespace);
    const views = () => Promise.all(REGIONS.map(view));
    // Replicated to the other region within a second or two.
    await untilAccepted(
      async () => {
        const known = await views();
        if (known.some((view) => view.activeRegion !== MASTER_REGION)) {
          throw Object.assign(new Error('the namespace is not known in every region yet'), { pending: true });
        }
      },
      (error) => (error as { pending?: boolean }).pending === true || unavailableOrInvalid(error),
    );
    return { regions, namespace, connections, links, views, view };
  } catch (error) {
    if (error instanceof ServerUnavailableError) throw error;
    throw new ServerUnavailableError(`could not start the regions: ${rootMessage(error)}`);
  }
}
