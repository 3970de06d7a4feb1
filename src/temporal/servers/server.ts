// What every kind of Temporal server looks like to the rest of the CLI once it is open — its address, a client, a
// worker connection, links into its Web UI, the settings that let a child process join it, and what it can do (skip
// time, be restarted, its processes and which of them may be killed, its history shards) rather than which kind it
// is — and the one builder of that handle that every kind shares. Each kind is a file of its own beside this one;
// open.ts chooses among them.
import type { Connection } from '@temporalio/client';
import { Client } from '@temporalio/client';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import type { ServerKind } from '../../events/events';
import type { DevServerProcess } from '../../processes/dev-server-process';
import { withDescendants } from '../../processes/resource-usage';
import type { HistoryShards, Supervisor, TemporalCluster } from '../../processes/cluster/temporal-cluster';
import type { ServerProcess } from '../../processes/server-process';
import type { RegionsControl } from './regions-control';
import type { Teardown } from '../../processes/teardown';
import type { ConnectionSettings } from '../connection-settings';
import { settingsAsEnvironment } from '../connection-settings';
import { EncryptionCodec } from '../encryption-codec';
import type { KeyRing } from '../encryption-keys';
import { installSdkRuntime } from '../sdk-runtime';

export type EmbeddedServerKind = Exclude<ServerKind, 'external'>;
export const EMBEDDED_SERVER_KINDS: readonly EmbeddedServerKind[] = [
  'dev-server',
  'time-skipping',
  'cluster',
  'regions',
];

/** What a server can do that a run may need, known before it starts (a run's validation reads it). */
export interface ServerCapabilities {
  /** Timers fire at once (the time-skipping test server): nothing that waits in real time can run there. */
  skipsTime: boolean;
  /** This CLI runs it as its own process, on a file: it can kill it and start it again. */
  restartable: boolean;
  /** Its services (history hosts, matching, the database) are processes of this CLI's that may be killed one by one. */
  killableServices: boolean;
  /** Two regions this CLI runs, a global namespace replicated between them: it can fail over, and lose a region. */
  failoverRegions: boolean;
}

/** Each embedded server's, as this CLI starts it for a run that needs them; a server given by address has none. */
export const SERVER_CAPABILITIES: Record<ServerKind, ServerCapabilities> = {
  'dev-server': { skipsTime: false, restartable: true, killableServices: false, failoverRegions: false },
  'time-skipping': { skipsTime: true, restartable: false, killableServices: false, failoverRegions: false },
  cluster: { skipsTime: false, restartable: false, killableServices: true, failoverRegions: false },
  regions: { skipsTime: false, restartable: false, killableServices: false, failoverRegions: true },
  external: { skipsTime: false, restartable: false, killableServices: false, failoverRegions: false },
};

export interface ServerOptions {
  /** Which embedded server to start when the settings name none. */
  kind: EmbeddedServerKind;
  /** An explicit Temporal CLI (dev server) executable; see processes/server-executables.js for the search order. */
  temporalCliPath?: string;
  /** An explicit time-skipping test server launcher. */
  testServerPath?: string;
  ip?: string;
  /** Default: a free port. */
  port?: number;
  /** The dev server's Web UI. */
  ui?: boolean;
  uiPort?: number;
  /** A SQLite file that keeps the dev server's state across restarts. */
  dbFilename?: string;
  /** The folder that keeps a cluster's database and configuration across runs (--data); default: a throwaway one. */
  clusterFolder?: string;
  /**
   * The dev server must run as this CLI's own process (processes/dev-server-process.ts), to be measured: refused
   * where no executable is here and only the SDK's download would do. (With an executable, it always does.)
   */
  ownProcess?: boolean;
  /**
   * The same, with its state in a file (`dbFilename`, or one removed at the end), so that a command can kill it and
   * start it again.
   */
  restartable?: boolean;
  /** The dev server with its own defaults rather than this CLI's tuning (tuning.ts). */
  untuned?: boolean;
  /** The Web UI of an external server, for links to workflows. */
  externalUiUrl?: string;
  /** Also print the SDK's own log lines (from the runtime that embedded servers and workers use). */
  verbose?: boolean;
  /** Encrypt every payload with these keys (--encrypt): the client's, and the workers' on this server. */
  encryption?: KeyRing;
}

export interface TemporalServer {
  /** What lines and reports call it (its kind, as data): ask the capabilities below to decide anything. */
  label: ServerKind;
  /** It skips time (the time-skipping test server): timers fire at once, and a history is read without long polls. */
  skipsTime: boolean;
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Encrypts and decrypts payloads with `encryption` when it is set. */
  client: Client;
  /** The keys payloads are encrypted with (--encrypt); unset: payloads travel in clear. */
  encryption?: KeyRing;
  /** The codec of the client and of the workers on this server, when payloads are encrypted. */
  codec?: PayloadCodec;
  /** The codec server this command runs for the Web UI (--ui --encrypt), for `temporal --codec-endpoint` too. */
  codecEndpoint?: string;
  /** The connection workers use; opened on first use. */
  workerConnection(): Promise<NativeConnection>;
  /** A link to this workflow's history in the Web UI, when there is one. */
  workflowUrl(workflowId: string, runId: string): string | undefined;
  /** TEMPORAL_* variables that connect a child process to this same server (and the key, when encrypting). */
  childEnvironment(): Record<string, string>;
  /** The processes of this server that this command runs (to show, measure, and kill those that may be); none for a server it does not run as its own. */
  processes(): readonly ServerProcess[];
  /** The whole server as one process that may be killed and started again with its state (the dev server on a file). */
  restartable?: ServerProcess;
  /** The file its state is kept in, when it is one. */
  stateFile?: string;
  /** Its history shards and their hosts (the cluster this command runs). */
  historyShards?: HistoryShards;
  /** The supervisor of its services (the cluster this command runs). */
  supervisor?: Supervisor;
  /** Both regions and the failovers between them (the regions this command runs; this handle is the active one's at the start). */
  regions?: RegionsControl;
}

export interface ServerProgress {
  starting(kind: EmbeddedServerKind, executable: { path?: string; source: string }): void;
  /** A stage of a start that takes several (the cluster's). */
  step?(text: string): void;
}

/** A kind of server: how to open one for these settings and options. */
export type OpenServer = (
  settings: ConnectionSettings,
  options: ServerOptions,
  teardown: Teardown,
  progress?: ServerProgress,
) => Promise<TemporalServer>;

/** The codec and data converter these keys call for; none without keys. */
export function encryptionOf(keys: KeyRing | undefined): {
  codec?: PayloadCodec;
  dataConverter?: DataConverter;
} {
  if (!keys) return {};
  const codec = new EncryptionCodec(keys);
  return { codec, dataConverter: { payloadCodecs: [codec] } };
}

/** The worker connection to `options`' server, opened on first use and closed by the teardown. */
export function lazyWorkerConnection(
  options: NativeConnectionOptions,
  verbose: boolean,
  teardown: Teardown,
): () => Promise<NativeConnection> {
  let opening: Promise<NativeConnection> | undefined;
  return () => {
    opening ??= (async () => {
      await installSdkRuntime({ verbose });
      const { NativeConnection } = await import('@temporalio/worker');
      const native = await NativeConnection.connect(options);
      teardown.add('worker connection', () => native.close());
      return native;
    })();
    return opening;
  };
}

/** What a kind knows once its server answers; the handle adds what every kind shares. */
export interface OpenedServer {
  kind: ServerKind;
  /** The settings the server was opened with; their address is replaced by the one it answers at. */
  settings: ConnectionSettings;
  address: string;
  /** The client connection: the handle builds the client on it, with the keys' codec. */
  connection?: Connection;
  /** Or a client already built so. */
  client?: Client;
  workerConnection(): Promise<NativeConnection>;
  uiUrl?: string;
  encryption?: KeyRing;
  codecEndpoint?: string;
  ownProcess?: DevServerProcess;
  cluster?: TemporalCluster;
  regions?: RegionsControl;
}

export function serverHandle(opened: OpenedServer): TemporalServer {
  const { kind, address, uiUrl, encryption, ownProcess, cluster, regions } = opened;
  const namespace = opened.settings.namespace.value;
  const { codec, dataConverter } = encryptionOf(encryption);
  const client = opened.client ?? new Client({ connection: opened.connection, namespace, dataConverter });
  const effective: ConnectionSettings = {
    ...opened.settings,
    address: { value: address, source: opened.settings.address?.source ?? `embedded ${kind}` },
  };
  return {
    address,
    namespace,
    uiUrl,
    client,
    encryption,
    codec,
    codecEndpoint: opened.codecEndpoint,
    workerConnection: opened.workerConnection,
    workflowUrl: (workflowId, runId) =>
      uiUrl &&
      `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/` +
        `${encodeURIComponent(workflowId)}/${runId}/history`,
    childEnvironment: () => ({ ...settingsAsEnvironment(effective), ...encryption?.asEnvironment() }),
    label: kind,
    skipsTime: kind === 'time-skipping',
    processes: () => (ownProcess ? [ownProcess] : ((cluster ?? regions)?.processes() ?? [])),
    restartable: ownProcess?.killable ? ownProcess : undefined,
    stateFile: ownProcess?.dbFilename,
    historyShards: cluster,
    supervisor: cluster,
    regions,
  };
}

/** The processes of the server this command runs, with their children (PostgreSQL's backends): none of them is left behind while it runs. */
export function serverProcessIds(server: TemporalServer): Set<number> {
  const pids = server.processes().map((process) => process.pid);
  return withDescendants(pids.filter((pid): pid is number => pid !== undefined));
}
