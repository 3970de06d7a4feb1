// The real engine as a kind of server (`--server cluster`): Temporal Server's services and PostgreSQL as this
// CLI's own processes (processes/cluster/), in a throwaway folder or one kept with --data; the namespace
// registered; a client and a worker connection to the frontend. The executables are built on first use (the
// provisioning script, with its progress) where Go is here; where Go or PostgreSQL is not, the refusal says what is
// missing and how to get it, before anything starts.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { installationKind } from '../../processes/installation';
import { postgresRunsAs, unreachableFolder } from '../../processes/cluster/postgres-process';
import {
  findClusterExecutables,
  findPostgres,
  NO_GO_ADVICE,
  NO_POSTGRES_ADVICE,
  packageRoot,
} from '../../processes/server-executables';
import type { Teardown } from '../../processes/teardown';
import type { ClusterExecutables, ClusterPorts, ServicePorts } from '../../processes/cluster/config';
import { clusterFolderProblem, HISTORY_HOSTS } from '../../processes/cluster/config';
import { TemporalCluster } from '../../processes/cluster/temporal-cluster';
import { scratchFolder, watchOwnProcesses } from '../../processes/watchdog';
import { startCodecServer } from '../codec-server';
import type { ConnectionSettings } from '../connection-settings';
import { rootMessage, ServerUnavailableError } from '../errors';
import { msToTs } from '../sdk-internals';
import { installSdkRuntime } from '../sdk-runtime';
import { DEV_SERVER_ENVIRONMENT, SERVER_DYNAMIC_CONFIG } from '../tuning';
import { DEFAULT_IP, ensurePortFree, freePort } from './ports';
import type { ServerOptions, ServerProgress, TemporalServer } from './server';
import { lazyWorkerConnection, serverHandle } from './server';

/** How long a namespace may take to become usable once the frontend listens (its services join the ring). */
const NAMESPACE_READY_MS = 60_000;
const RETENTION = '1 day';

/**
 * A history long poll (a client following a workflow) parked on a host that has since lost the workflow's shard is
 * answered only when it expires: 5 s instead of 20 bounds that wait after a failover. A history host that joins the
 * ring before its shard controller listens to it misses that change (v1.29.1) and looks at the ring again only on
 * its acquire timer: every 2 s instead of every minute, or its shards stay with the other host for up to a minute
 * and a failover waits as long.
 */
const CLUSTER_DYNAMIC_CONFIG = {
  'history.longPollExpirationInterval': '5s',
  'history.acquireShardInterval': '2s',
};

/** Measured with `npm run package`: carrying the cluster would more than double the file (see docs). */
const CLUSTER_NOT_CARRIED =
  '--server cluster cannot start from the single executable: it does not carry Temporal Server ' +
  '(temporal-server, temporal-sql-tool, temporal-ui-server) nor PostgreSQL. Start the cluster from the npm ' +
  'package or a checkout (`order-demo cluster`, which builds them with Go), then run this executable against it ' +
  'with --address.';

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).error === undefined;
}

/**
 * What the cluster needs and this machine lacks, refused at once (exit 3): Go (only while the executables are not
 * built yet) and PostgreSQL.
 */
export function checkClusterPrerequisites(): { executables?: ClusterExecutables; postgresBin: string } {
  if (installationKind() === 'single executable') throw new ServerUnavailableError(CLUSTER_NOT_CARRIED);
  const built = findClusterExecutables();
  const postgres = findPostgres();
  const missing: string[] = [];
  if (!built && !hasGo())
    missing.push(`Go is not installed and Temporal Server is not built yet. ${NO_GO_ADVICE}`);
  if (!postgres) missing.push(`PostgreSQL was not found on this machine. ${NO_POSTGRES_ADVICE}`);
  else if ('problem' in postgres) {
    missing.push(
      `${postgres.source} names ${postgres.path}, which ${postgres.problem}. ${NO_POSTGRES_ADVICE}`,
    );
  }
  if (missing.length > 0 || !postgres || 'problem' in postgres) {
    throw new ServerUnavailableError(`--server cluster cannot start: ${missing.join(' ')}`);
  }
  const executables = built && {
    server: built['temporal-server'],
    sqlTool: built['temporal-sql-tool'],
    uiServer: built['temporal-ui-server'],
  };
  return { executables, postgresBin: postgres.path };
}

/** Builds the executables with the provisioning script, its lines told as progress. */
export async function buildExecutables(progress?: ServerProgress): Promise<ClusterExecutables> {
  const script = path.join(packageRoot(), 'scripts', 'provision-temporal.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [script, 'cluster'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tell = (chunk: Buffer) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) {
        if (line.trim()) progress?.step?.(line.replace(/^\[provision\]\s*/, ''));
      }
    };
    child.stdout.on('data', tell);
    child.stderr.on('data', tell);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(output.trim().split('\n').slice(-3).join(' '))),
    );
  });
  const { executables } = checkClusterPrerequisites();
  if (!executables) throw new Error('the provisioning ended without the cluster’s executables');
  return executables;
}

export async function servicePorts(ip: string): Promise<ServicePorts> {
  return { grpc: await freePort(ip), membership: await freePort(ip) };
}

async function clusterPorts(ip: string, options: ServerOptions): Promise<ClusterPorts> {
  if (options.port !== undefined) await ensurePortFree(ip, options.port, '--port');
  if (options.uiPort !== undefined) await ensurePortFree(ip, options.uiPort, '--ui-port');
  const frontend = {
    grpc: options.port ?? (await freePort(ip)),
    membership: await freePort(ip),
    http: await freePort(ip),
  };
  const history: ServicePorts[] = [];
  for (let host = 0; host < HISTORY_HOSTS; host++) history.push(await servicePorts(ip));
  return {
    postgres: await freePort(ip),
    frontend,
    matching: await servicePorts(ip),
    history,
    worker: await servicePorts(ip),
    ui: options.ui ? (options.uiPort ?? (await freePort(ip))) : undefined,
  };
}

/** The folder of a cluster: the one --data keeps, or a scratch folder the user PostgreSQL runs as can reach. */
async function clusterFolder(options: ServerOptions, teardown: Teardown): Promise<string> {
  if (options.clusterFolder) return path.resolve(options.clusterFolder);
  const folder = await scratchFolder('cluster', { passable: postgresRunsAs() !== undefined });
  teardown.add('cluster folder', async () => rmSync(folder, { recursive: true, force: true }));
  const problem = checkClusterFolder(folder);
  if (problem) {
    throw new ServerUnavailableError(
      `the cluster’s throwaway folder ${folder} cannot be used: ${problem}; set TMPDIR to a folder that user can pass through`,
    );
  }
  return folder;
}

/**
 * What keeps a cluster's folder from being used, if anything: an entry of it that is a symbolic link or another
 * user's, or a database made without a password; or, for a CLI running as root, a folder above it that the user
 * PostgreSQL runs as cannot pass through (under /root).
 */
export function checkClusterFolder(folder: string): string | undefined {
  const problem = clusterFolderProblem(folder);
  if (problem) return problem;
  const blocked = unreachableFolder(path.join(folder, 'postgresql'));
  return blocked && `PostgreSQL runs as the user ${postgresRunsAs()}, who cannot pass through ${blocked}`;
}

/** A connection to the frontend once it answers (it listens before its services have joined the ring). */
export async function connectWhenReady(
  address: string,
  channelArgs?: Record<string, number>,
): Promise<Connection> {
  const deadline = Date.now() + NAMESPACE_READY_MS;
  for (;;) {
    try {
      return await Connection.connect({ address, connectTimeout: 2_000, channelArgs });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** Registers the namespace (kept clusters have it already) and waits until the frontend serves it. */
async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + NAMESPACE_READY_MS;
  let registered = false;
  for (;;) {
    try {
      if (!registered) {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(RETENTION),
        });
      }
      registered = true;
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (error) {
      if (isGrpcServiceError(error) && error.code === GrpcStatus.ALREADY_EXISTS) {
        registered = true;
        continue;
      }
      // Unavailable while the services join the ring.
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

export async function startCluster(
  settings: ConnectionSettings,
  options: ServerOptions,
  teardown: Teardown,
  progress?: ServerProgress,
): Promise<TemporalServer> {
  const prerequisites = checkClusterPrerequisites();
  const ip = options.ip ?? DEFAULT_IP;
  const ports = await clusterPorts(ip, options);
  watchOwnProcesses();
  progress?.starting('cluster', {
    path: prerequisites.executables?.server,
    source: prerequisites.executables ? 'provisioned copy' : 'built now with Go',
  });
  const namespace = settings.namespace.value;
  let cluster: TemporalCluster;
  try {
    const executables = prerequisites.executables ?? (await buildExecutables(progress));
    const folder = await clusterFolder(options, teardown);
    const codecServer =
      options.encryption && ports.ui !== undefined
        ? await startCodecServer({ keys: options.encryption, ip, origins: [`http://${ip}:${ports.ui}`] })
        : undefined;
    if (codecServer) teardown.add('codec server', () => codecServer.close());
    cluster = new TemporalCluster({
      executables,
      postgresBin: prerequisites.postgresBin,
      folder,
      keep: options.clusterFolder !== undefined,
      ip,
      ports,
      dynamicConfig: { ...(options.untuned ? {} : SERVER_DYNAMIC_CONFIG), ...CLUSTER_DYNAMIC_CONFIG },
      environment: options.untuned ? {} : DEV_SERVER_ENVIRONMENT,
      ui: ports.ui !== undefined ? { namespace, codecEndpoint: codecServer?.url } : undefined,
    });
    // A throwaway cluster has nothing to keep: its processes are killed, not shut down.
    teardown.add('cluster', () => (options.clusterFolder ? cluster.stop() : cluster.kill()));
    await Promise.all([
      cluster.start((step) => progress?.step?.(step)),
      installSdkRuntime({ verbose: options.verbose ?? false }),
    ]);
    const connection = await connectWhenReady(cluster.address);
    teardown.add('client connection', () => connection.close());
    await registerNamespace(connection, namespace);
    return serverHandle({
      kind: 'cluster',
      settings,
      address: cluster.address,
      connection,
      workerConnection: lazyWorkerConnection(
        { address: cluster.address },
        options.verbose ?? false,
        teardown,
      ),
      uiUrl: cluster.uiUrl,
      encryption: options.encryption,
      codecEndpoint: codecServer?.url,
      cluster,
    });
  } catch (error) {
    if (error instanceof ServerUnavailableError) throw error;
    throw new ServerUnavailableError(`could not start the cluster: ${rootMessage(error)}`);
  }
}
