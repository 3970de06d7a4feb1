// The real engine as processes of this CLI: PostgreSQL, then Temporal Server's frontend, matching, two history hosts
// and worker service, each a process of its own on loopback, as a production cluster runs them (one process per
// service, the history shards spread over the history hosts, the state in a SQL database). Its configuration is
// config.ts's, the order it starts in start-order.ts's, and what it shows of its shards is read from the database
// (shards.ts).
import path from 'node:path';
import type { ServerProcess } from '../server-process';
import type { ClusterRole } from '../server-process';
import type { TemporalClusterOptions } from './config';
import { DATABASE_FOLDER, HISTORY_SHARDS, PASSWORD_FILE, serviceArgs, uiServerArgs } from './config';
import { PostgresProcess } from './postgres-process';
import type { SupervisionEvent } from './service-process';
import { ServiceProcess } from './service-process';
import type { ShardOwnership } from './shards';
import { readShards, shardOf, shardsByOwner, untilShards } from './shards';
import { startInOrder } from './start-order';

/** Its services' supervisor, as its readers see it: what it did so far, and what it does from now on. */
export interface Supervisor {
  /** Every exit nobody asked for of a service, and every restart by its supervisor, in order. */
  readonly supervision: readonly SupervisionEvent[];
  /** Tells `listener` of each exit nobody asked for and each restart from now on; the result stops that. */
  onSupervision(listener: (event: SupervisionEvent) => void): () => void;
}

/** The history shards and the hosts that own them, read from the database. */
export interface HistoryShards {
  readonly historyHosts: readonly ServerProcess[];
  shards(): Promise<ShardOwnership[]>;
  untilShards(
    done: (shards: ShardOwnership[]) => boolean,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ShardOwnership[]>;
  shardOf(workflowId: string): Promise<number | undefined>;
  /** Each history host's shards, once every shard has an owner. */
  ownersOnceSettled(timeoutMs: number, signal?: AbortSignal): Promise<Record<string, number[]>>;
}

export class TemporalCluster implements Supervisor, HistoryShards {
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
        role,
        executable: executables.server,
        args: serviceArgs(folder, configName, role),
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
            role: 'web-ui',
            executable: executables.uiServer,
            args: uiServerArgs(folder),
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

  /** Every process of the cluster, in the order they are shown: the database, each service, the Web UI. */
  processes(): ServerProcess[] {
    return [this.database, ...this.services, ...(this.ui ? [this.ui] : [])];
  }

  /** Starts it all (start-order.ts); `step` tells each stage as it begins. */
  async start(step: (text: string) => void = () => undefined): Promise<void> {
    await startInOrder(this, this.options, step);
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
    await this.database.kill();
  }

  /** Every shard with its owner and range_id, from the database. */
  shards(): Promise<ShardOwnership[]> {
    return readShards(this.database, this.historyHosts);
  }

  /** Reads the shards table until `done` holds for it (shards.ts). */
  untilShards(
    done: (shards: ShardOwnership[]) => boolean,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ShardOwnership[]> {
    return untilShards(() => this.shards(), done, timeoutMs, signal);
  }

  async ownersOnceSettled(timeoutMs: number, signal?: AbortSignal): Promise<Record<string, number[]>> {
    const shards = await this.untilShards(
      (owned) => owned.length === HISTORY_SHARDS && owned.every((shard) => shard.owner !== ''),
      timeoutMs,
      signal,
    );
    return shardsByOwner(
      this.historyHosts.map((host) => host.name),
      shards,
    );
  }

  /** The shard a workflow's state lives in. */
  shardOf(workflowId: string): Promise<number | undefined> {
    return shardOf(this.database, workflowId);
  }
}
