// The real engine's configuration: its ports, the folder it keeps, and what each of its processes reads there —
// Temporal Server's configuration for each process (JSON, which is YAML too), the dynamic config every service
// shares, and the Web UI server's.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { entryProblem, makeOwnedFolder, treeProblem, writeOwnedFile } from '../owned-files';
import type { ClusterRole } from '../server-process';
import { databaseProblem } from './postgres-process';

export const HISTORY_HOSTS = 2;
/** Enough shards that both history hosts own some, few enough that two cores keep up with their queues. */
export const HISTORY_SHARDS = 8;
export const TEMPORAL_DATABASE = 'temporal';
export const VISIBILITY_DATABASE = 'temporal_visibility';
/** How the SQL tool names PostgreSQL, and the schemas it embeds for it. */
export const SQL_PLUGIN = 'postgres12';
export const SCHEMAS = {
  [TEMPORAL_DATABASE]: 'postgresql/v12/temporal',
  [VISIBILITY_DATABASE]: 'postgresql/v12/visibility',
};
/** What a cluster's folder holds. */
export const DATABASE_FOLDER = 'postgresql';
export const PASSWORD_FILE = 'postgresql-password';
const CONFIG_FOLDER = 'config';
/** Written once the first start has made the database and set up its schemas: before, it holds nothing to keep. */
export const READY_FILE = 'database-ready';

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

/** Where a Temporal process finds a database of PostgreSQL, and how many connections it may hold. */
function sqlDatastore(
  database: { ip: string; port: number; password: string },
  databaseName: string,
  maxConns: number,
): object {
  return {
    sql: {
      pluginName: SQL_PLUGIN,
      databaseName,
      connectAddr: `${database.ip}:${database.port}`,
      connectProtocol: 'tcp',
      user: 'postgres',
      password: database.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** A service's listeners: its gRPC port and its port in the membership ring (and any more, e.g. HTTP). */
export function serviceRpc(ip: string, { grpc, membership }: ServicePorts, extra: object = {}): object {
  return { rpc: { grpcPort: grpc, membershipPort: membership, bindOnIP: ip, ...extra } };
}

/** Its own databases' connections: the history's, and half as many (at least 2) for visibility. */
function visibilityConnections(connections: number): number {
  return Math.max(2, Math.round(connections / 2));
}

/** A Temporal process's persistence: its history database and its visibility database, in one PostgreSQL. */
export function sqlPersistence(
  database: { ip: string; port: number; password: string },
  databases: { temporal: string; visibility: string },
  shards: number,
  connections: number,
): object {
  return {
    defaultStore: 'default',
    visibilityStore: 'visibility',
    numHistoryShards: shards,
    datastores: {
      default: sqlDatastore(database, databases.temporal, connections),
      visibility: sqlDatastore(database, databases.visibility, visibilityConnections(connections)),
    },
  };
}

/** The configuration of one Temporal process: every service's ports, this process's history ports its own. */
export function temporalServerConfig(
  options: Pick<TemporalClusterOptions, 'ip' | 'ports' | 'maxConnections'> & {
    dynamicConfigFile: string;
    databasePassword: string;
  },
  historyHost: number,
): object {
  const { ip, ports } = options;
  const database = { ip, port: ports.postgres, password: options.databasePassword };
  const connections = options.maxConnections ?? 20;
  return {
    log: { stdout: true, level: 'error' },
    persistence: sqlPersistence(
      database,
      { temporal: TEMPORAL_DATABASE, visibility: VISIBILITY_DATABASE },
      HISTORY_SHARDS,
      connections,
    ),
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: ip } },
    services: {
      frontend: serviceRpc(ip, ports.frontend, { httpPort: ports.frontend.http }),
      matching: serviceRpc(ip, ports.matching),
      history: serviceRpc(ip, ports.history[historyHost]),
      worker: serviceRpc(ip, ports.worker),
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

/** The arguments that start one Temporal service on the configuration `configName` of the cluster's folder. */
export function serviceArgs(folder: string, configName: string, role: ClusterRole): string[] {
  return ['--root', folder, '--config', path.join(CONFIG_FOLDER, configName), '--env', 'development'].concat([
    '--allow-no-auth',
    'start',
    '--service',
    role,
  ]);
}

/** The arguments that start the Web UI server on its configuration. */
export function uiServerArgs(folder: string): string[] {
  return ['--root', folder, '--config', path.join(CONFIG_FOLDER, 'ui'), '--env', 'development', 'start'];
}

/**
 * The configuration of every Temporal process and of the Web UI, for this process's user only (it holds the
 * database's password), written without following links.
 */
export function writeClusterConfiguration(
  options: TemporalClusterOptions,
  databasePassword: string,
  frontendAddress: string,
): void {
  const { folder, ports, ui } = options;
  const configRoot = path.join(folder, CONFIG_FOLDER);
  const dynamicConfigFileName = path.join(configRoot, 'dynamicconfig.yaml');
  const write = (configName: string, file: string, content: object) => {
    const configFolder = path.join(configRoot, configName);
    makeOwnedFolder(configFolder, 0o700);
    writeOwnedFile(path.join(configFolder, file), JSON.stringify(content, null, 2));
  };
  makeOwnedFolder(configRoot, 0o700);
  writeOwnedFile(dynamicConfigFileName, JSON.stringify(dynamicConfigFile(options.dynamicConfig), null, 2));
  const serverOptions = { ...options, dynamicConfigFile: dynamicConfigFileName, databasePassword };
  write('services', 'development.yaml', temporalServerConfig(serverOptions, 0));
  ports.history.forEach((_, index) =>
    write(`history-${index + 1}`, 'development.yaml', temporalServerConfig(serverOptions, index)),
  );
  if (ui && ports.ui !== undefined) {
    write('ui', 'development.yaml', {
      temporalGrpcAddress: frontendAddress,
      host: options.ip,
      port: ports.ui,
      enableUi: true,
      defaultNamespace: ui.namespace,
      notifyOnNewVersion: false,
      // As the dev server's Web UI: its CSRF cookie is not marked Secure, so that a browser keeps it over plain
      // http and the UI's actions (terminate, cancel, signal, reset) are not refused for want of a token.
      cors: { allowOrigins: [`http://${options.ip}:${ports.ui}`], cookieInsecure: true },
      ...(ui.codecEndpoint ? { codec: { endpoint: ui.codecEndpoint } } : {}),
    });
  }
}
