// The real engine as processes of this CLI: PostgreSQL, then Temporal Server's frontend, matching, two history hosts
// and worker service, each a process of its own on loopback, as a production cluster runs them (one process per
// service, the history shards spread over the history hosts, the state in a SQL database). The schemas are set up by
// Temporal's own SQL tool; each process reads a configuration written here (JSON, which is YAML too). What a person
// or a fault scenario needs to see is read from the system itself: shard ownership from the `shards` table (each
// shard's owner and range_id, which a new owner increments when it takes the shard: only a change of the membership
// ring moves a shard).
import { execFile } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import protobuf from 'protobufjs';
import type { ShardMove } from '../events/events';
import { childEnvironment } from './child-environment';
import { entryProblem, makeOwnedFolder, treeProblem, writeOwnedFile } from './owned-files';
import { databaseProblem, PostgresProcess } from './postgres-process';
import type { SupervisionEvent } from './service-process';
import { ServiceProcess } from './service-process';

const run = promisify(execFile);

export type ClusterRole = 'frontend' | 'matching' | 'history' | 'worker';
export const HISTORY_HOSTS = 2;
/** Enough shards that both history hosts own some, few enough that two cores keep up with their queues. */
export const HISTORY_SHARDS = 8;
const TEMPORAL_DATABASE = 'temporal';
const VISIBILITY_DATABASE = 'temporal_visibility';
/** How the SQL tool names PostgreSQL, and the schemas it embeds for it. */
const SQL_PLUGIN = 'postgres12';
const SCHEMAS = {
  [TEMPORAL_DATABASE]: 'postgresql/v12/temporal',
  [VISIBILITY_DATABASE]: 'postgresql/v12/visibility',
};
/** What a cluster's folder holds. */
const DATABASE_FOLDER = 'postgresql';
const PASSWORD_FILE = 'postgresql-password';
const CONFIG_FOLDER = 'config';
/** Written once the first start has made the database and set up its schemas: before, it holds nothing to keep. */
const READY_FILE = 'database-ready';

/**
 * What keeps a cluster's folder from being used, if anything: an entry of it that is a symbolic link or another
 * user's, or a database made without a password.
 */
export function clusterFolderProblem(folder: string): string | undefined {
  const writableByOthers = (lstatSync(folder, { throwIfNoEntry: false })?.mode ?? 0) & 0o022;
  return (
    entryProblem(folder, 'folder') ??
    (writableByOthers
      ? `other users may write in ${folder}, and so swap what the cluster keeps there: \`chmod go-w\` it`
      : undefined) ??
    databaseProblem(path.join(folder, DATABASE_FOLDER), path.join(folder, PASSWORD_FILE)) ??
    treeProblem(path.join(folder, CONFIG_FOLDER)) ??
    entryProblem(path.join(folder, READY_FILE), 'file')
  );
}

export interface ServicePorts {
  grpc: number;
  membership: number;
}

export interface ClusterPorts {
  postgres: number;
  frontend: ServicePorts & { http: number };
  matching: ServicePorts;
  history: ServicePorts[];
  worker: ServicePorts;
  ui?: number;
}

export interface ClusterExecutables {
  server: string;
  sqlTool: string;
  uiServer: string;
}

export interface TemporalClusterOptions {
  executables: ClusterExecutables;
  postgresBin: string;
  /** The cluster's folder: its database, configuration and logs. */
  folder: string;
  /** The folder is kept across runs (--data): its database is made durable from the start. */
  keep: boolean;
  ip: string;
  ports: ClusterPorts;
  /** Dynamic config of every service (the embedded server's tuning that applies). */
  dynamicConfig: Readonly<Record<string, unknown>>;
  /** More environment for the Temporal processes (GOGC). */
  environment: Readonly<Record<string, string>>;
  /** PostgreSQL settings beside the durable ones. */
  postgresSettings?: Readonly<Record<string, string>>;
  /** Connections of each Temporal process to its database. */
  maxConnections?: number;
  /** The Web UI: the namespace it opens on, and the codec server it decrypts payloads through. */
  ui?: { namespace: string; codecEndpoint?: string };
}

/** One process of the cluster, as it is shown: what it is, its PID and port. */
export interface ClusterMember {
  name: string;
  role: ClusterRole | 'postgresql' | 'web-ui';
  pid?: number;
  port: number;
}

/** Which history host owns a shard, as the `shards` table records it. */
export interface ShardOwnership {
  shardId: number;
  /** Incremented by each owner that takes the shard (its fencing token). */
  rangeId: number;
  /** The owner's RPC address, as it wrote it. */
  ownerAddress: string;
  /** The history host of that address (`history 1`), or the address itself. */
  owner: string;
}

/** The part of persistence's ShardInfo that says who owns the shard. */
const ShardInfo = new protobuf.Type('ShardInfo')
  .add(new protobuf.Field('shardId', 1, 'int32'))
  .add(new protobuf.Field('rangeId', 2, 'int64'))
  .add(new protobuf.Field('owner', 3, 'string'));

/** The owner recorded in a shard's row (`127.0.0.1:7234-3-<uuid>`: the host's address, then its own suffix). */
export function shardOwnerAddress(data: Uint8Array): string {
  const { owner } = ShardInfo.toObject(ShardInfo.decode(data)) as { owner?: string };
  return /^[^-]+/.exec(owner ?? '')?.[0] ?? '';
}

/** The shards whose owner differs between two readings of the shards table. */
export function shardMoves(before: readonly ShardOwnership[], after: readonly ShardOwnership[]): ShardMove[] {
  const earlier = new Map(before.map((shard) => [shard.shardId, shard]));
  return after.flatMap((shard) => {
    const was = earlier.get(shard.shardId);
    return was && was.owner !== shard.owner
      ? [
          {
            shardId: shard.shardId,
            from: was.owner,
            to: shard.owner,
            rangeIdBefore: was.rangeId,
            rangeIdAfter: shard.rangeId,
          },
        ]
      : [];
  });
}

/** The shards each history host owns, by host name (every host listed, owning none or some). */
export function shardsByOwner(
  hosts: readonly string[],
  shards: readonly ShardOwnership[],
): Record<string, number[]> {
  const owners: Record<string, number[]> = Object.fromEntries(hosts.map((host) => [host, []]));
  for (const shard of shards) (owners[shard.owner] ??= []).push(shard.shardId);
  return owners;
}

const SHARDS_EVERY_MS = 100;

/** The configuration of one Temporal process: every service's ports, this process's history ports its own. */
export function temporalServerConfig(
  options: Pick<TemporalClusterOptions, 'ip' | 'ports' | 'maxConnections'> & {
    dynamicConfigFile: string;
    databasePassword: string;
  },
  historyHost: number,
): object {
  const { ip, ports } = options;
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: SQL_PLUGIN,
      databaseName,
      connectAddr: `${ip}:${ports.postgres}`,
      connectProtocol: 'tcp',
      user: 'postgres',
      password: options.databasePassword,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = ({ grpc, membership }: ServicePorts, extra: object = {}) => ({
    rpc: { grpcPort: grpc, membershipPort: membership, bindOnIP: ip, ...extra },
  });
  const connections = options.maxConnections ?? 20;
  return {
    log: { stdout: true, level: 'error' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: {
        default: sql(TEMPORAL_DATABASE, connections),
        visibility: sql(VISIBILITY_DATABASE, Math.max(2, Math.round(connections / 2))),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: ip } },
    services: {
      frontend: rpc(ports.frontend, { httpPort: ports.frontend.http }),
      matching: rpc(ports.matching),
      history: rpc(ports.history[historyHost]),
      worker: rpc(ports.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `${ip}:${ports.frontend.grpc}`,
          httpAddress: `${ip}:${ports.frontend.http}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: options.dynamicConfigFile, pollInterval: '10s' },
  };
}

/** Dynamic config as its file holds it: each key with one unconstrained value. */
export function dynamicConfigFile(values: Readonly<Record<string, unknown>>): object {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, [{ value }]]));
}

export class TemporalCluster {
  readonly database: PostgresProcess;
  readonly frontend: ServiceProcess;
  readonly matching: ServiceProcess;
  readonly historyHosts: ServiceProcess[];
  readonly worker: ServiceProcess;
  readonly ui: ServiceProcess | undefined;
  /** Every exit nobody asked for of a service, and every restart by its supervisor, in order. */
  readonly supervision: SupervisionEvent[] = [];
  private readonly supervisionListeners = new Set<(event: SupervisionEvent) => void>();

  constructor(private readonly options: TemporalClusterOptions) {
    const { folder, ip, ports, executables } = options;
    const onSupervision = (event: SupervisionEvent) => {
      this.supervision.push(event);
      for (const listener of this.supervisionListeners) listener(event);
    };
    this.database = new PostgresProcess({
      bin: options.postgresBin,
      dataDir: path.join(folder, DATABASE_FOLDER),
      passwordFile: path.join(folder, PASSWORD_FILE),
      keep: options.keep,
      ip,
      port: ports.postgres,
      settings: options.postgresSettings,
    });
    const service = (name: string, role: ClusterRole, configName: string, port: number) =>
      new ServiceProcess({
        name,
        executable: executables.server,
        args: ['--root', folder, '--config', path.join('config', configName), '--env', 'development'].concat([
          '--allow-no-auth',
          'start',
          '--service',
          role,
        ]),
        ip,
        port,
        environment: options.environment,
        onSupervision,
      });
    this.frontend = service('frontend', 'frontend', 'services', ports.frontend.grpc);
    this.matching = service('matching', 'matching', 'services', ports.matching.grpc);
    // The worker service serves no gRPC: it is ready once its membership port listens.
    this.worker = service('worker', 'worker', 'services', ports.worker.membership);
    this.historyHosts = ports.history.map((port, index) =>
      service(`history ${index + 1}`, 'history', `history-${index + 1}`, port.grpc),
    );
    this.ui =
      options.ui && ports.ui !== undefined
        ? new ServiceProcess({
            name: 'web-ui',
            executable: executables.uiServer,
            args: ['--root', folder, '--config', path.join('config', 'ui'), '--env', 'development', 'start'],
            ip,
            port: ports.ui,
            onSupervision,
          })
        : undefined;
  }

  /** Tells `listener` of each exit nobody asked for and each restart from now on; the result stops that. */
  onSupervision(listener: (event: SupervisionEvent) => void): () => void {
    this.supervisionListeners.add(listener);
    return () => this.supervisionListeners.delete(listener);
  }

  /** The frontend's address: where clients and workers connect. */
  get address(): string {
    return this.frontend.address;
  }

  get uiUrl(): string | undefined {
    return this.ui ? `http://${this.ui.address}` : undefined;
  }

  /** The Temporal services, in the order they are shown. */
  get services(): ServiceProcess[] {
    return [this.frontend, this.matching, ...this.historyHosts, this.worker];
  }

  /** Every process of the cluster: the database, each service, the Web UI. */
  members(): ClusterMember[] {
    const roleOf = (service: ServiceProcess): ClusterMember['role'] =>
      service === this.ui ? 'web-ui' : (service.name.split(' ')[0] as ClusterRole);
    return [
      { name: 'postgresql', role: 'postgresql' as const, pid: this.database.pid, port: this.database.port },
      ...[...this.services, ...(this.ui ? [this.ui] : [])].map((service) => ({
        name: service.name,
        role: roleOf(service),
        pid: service.pid,
        port: service.port,
      })),
    ];
  }

  /**
   * Starts it all: the database (made and its schemas set up by Temporal's SQL tool the first time, brought up to
   * date by it on later starts), then every service at once, then the Web UI. `step` tells each stage as it begins.
   */
  async start(step: (text: string) => void = () => undefined): Promise<void> {
    const problem = clusterFolderProblem(this.options.folder);
    if (problem) throw new Error(problem);
    await this.startDatabase(step);
    this.writeConfiguration();
    // The first Temporal process writes the cluster's metadata into the database; several at once race to, and all
    // but one fail.
    step('starting the frontend');
    await this.frontend.start();
    step(`starting matching, ${HISTORY_HOSTS} history hosts and the worker service`);
    await Promise.all(
      this.services.filter((service) => service !== this.frontend).map((service) => service.start()),
    );
    if (this.ui) {
      step('starting the Web UI server');
      await this.ui.start();
    }
  }

  /** Stops every process, the database last. */
  async stop(): Promise<void> {
    await this.ui?.stop();
    await Promise.all(this.services.map((service) => service.stop()));
    await this.database.stop();
  }

  /** Kills every process at once (SIGKILL; an immediate shutdown of the database). */
  async kill(): Promise<void> {
    await Promise.all([...this.services, ...(this.ui ? [this.ui] : [])].map((service) => service.kill()));
    await this.database.crash();
  }

  /** Every shard with its owner and range_id, from the database. */
  async shards(): Promise<ShardOwnership[]> {
    const rows = await this.database.query<{ shard_id: number; range_id: string; data: Buffer }>(
      TEMPORAL_DATABASE,
      'SELECT shard_id, range_id, data FROM shards ORDER BY shard_id',
    );
    const hostAt = new Map(this.historyHosts.map((host) => [host.address, host.name]));
    return rows.map((row) => {
      const ownerAddress = shardOwnerAddress(row.data);
      return {
        shardId: row.shard_id,
        rangeId: Number(row.range_id),
        ownerAddress,
        owner: hostAt.get(ownerAddress) ?? ownerAddress,
      };
    });
  }

  /**
   * Reads the shards table until `done` holds for it, and resolves with that reading; rejects after `timeoutMs` (or
   * on abort). A reading that fails (the database restarting) is tried again.
   */
  async untilShards(
    done: (shards: ShardOwnership[]) => boolean,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ShardOwnership[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      const shards = await this.shards().catch(() => undefined);
      if (shards && done(shards)) return shards;
      if (Date.now() > deadline) {
        throw new Error(`the shards did not settle within ${timeoutMs / 1000}s`);
      }
      await sleep(SHARDS_EVERY_MS, undefined, { signal });
    }
  }

  /** The shard a workflow's state lives in (its row in `executions`). */
  async shardOf(workflowId: string): Promise<number | undefined> {
    const rows = await this.database.query<{ shard_id: number }>(
      TEMPORAL_DATABASE,
      'SELECT shard_id FROM executions WHERE workflow_id = $1 LIMIT 1',
      [workflowId],
    );
    return rows[0]?.shard_id;
  }

  /**
   * The database, started: made the first time, and made again when that first start was cut short (its folder
   * marked ready only once its schemas are set up, before any service ran: until then it holds nothing to keep).
   * A database kept from earlier runs gets the schema updates of this Temporal Server.
   */
  private async startDatabase(step: (text: string) => void): Promise<void> {
    const ready = path.join(this.options.folder, READY_FILE);
    if (existsSync(ready)) {
      step('starting PostgreSQL');
      await this.database.start();
      step('bringing the schemas up to date with temporal-sql-tool');
      for (const [database, schema] of Object.entries(SCHEMAS)) {
        await this.sqlTool(database, ['update-schema', '--schema-name', schema]);
      }
      // A kept cluster's members are processes of an earlier run, all gone: left listed, they would be where the new
      // ones try to join the ring first, and wait for.
      await this.database.query(TEMPORAL_DATABASE, 'DELETE FROM cluster_membership');
      return;
    }
    if (this.database.begun) {
      step('the first start of this folder was cut short before its database was ready: making it again');
      this.database.remove();
    }
    step('initialising the PostgreSQL database');
    await this.database.initialize();
    step('starting PostgreSQL');
    await this.database.start();
    step('setting up the schemas with temporal-sql-tool');
    for (const [database, schema] of Object.entries(SCHEMAS)) {
      for (const command of [
        ['create-database'],
        ['setup-schema', '-v', '0.0'],
        ['update-schema', '--schema-name', schema],
      ]) {
        await this.sqlTool(database, command);
      }
    }
    writeOwnedFile(ready, "PostgreSQL's database made and its schemas set up by temporal-sql-tool\n");
  }

  /**
   * The configuration of every Temporal process and of the Web UI, for this process's user only (it holds the
   * database's password), written without following links.
   */
  private writeConfiguration(): void {
    const { folder, ports, ui } = this.options;
    const configRoot = path.join(folder, CONFIG_FOLDER);
    const dynamicConfigFileName = path.join(configRoot, 'dynamicconfig.yaml');
    const write = (configName: string, file: string, content: object) => {
      const configFolder = path.join(configRoot, configName);
      makeOwnedFolder(configFolder, 0o700);
      writeOwnedFile(path.join(configFolder, file), JSON.stringify(content, null, 2));
    };
    makeOwnedFolder(configRoot, 0o700);
    writeOwnedFile(
      dynamicConfigFileName,
      JSON.stringify(dynamicConfigFile(this.options.dynamicConfig), null, 2),
    );
    const serverOptions = {
      ...this.options,
      dynamicConfigFile: dynamicConfigFileName,
      databasePassword: this.database.connection.password,
    };
    write('services', 'development.yaml', temporalServerConfig(serverOptions, 0));
    ports.history.forEach((_, index) =>
      write(`history-${index + 1}`, 'development.yaml', temporalServerConfig(serverOptions, index)),
    );
    if (ui && ports.ui !== undefined) {
      write('ui', 'development.yaml', {
        temporalGrpcAddress: this.frontend.address,
        host: this.options.ip,
        port: ports.ui,
        enableUi: true,
        defaultNamespace: ui.namespace,
        notifyOnNewVersion: false,
        // As the dev server's Web UI: its CSRF cookie is not marked Secure, so that a browser keeps it over plain
        // http and the UI's actions (terminate, cancel, signal, reset) are not refused for want of a token.
        cors: { allowOrigins: [`http://${this.options.ip}:${ports.ui}`], cookieInsecure: true },
        ...(ui.codecEndpoint ? { codec: { endpoint: ui.codecEndpoint } } : {}),
      });
    }
  }

  /** Runs one command of temporal-sql-tool on a database; the password reaches it in its environment, not its arguments. */
  private async sqlTool(database: string, command: string[]): Promise<void> {
    const { host, port, user, password } = this.database.connection;
    const common = ['--plugin', SQL_PLUGIN, '--ep', host, '-p', String(port), '-u', user, '--db', database];
    try {
      await run(this.options.executables.sqlTool, [...common, ...command], {
        env: childEnvironment({ SQL_PASSWORD: password }),
      });
    } catch (error) {
      const output = (error as { stdout?: string; stderr?: string }).stderr || (error as Error).message;
      throw new Error(
        `temporal-sql-tool ${command[0]} of ${database} failed: ${output.trim().split('\n').at(-1)}`,
      );
    }
  }
}
