// One way in to a Temporal server for every command: start an embedded one (the Temporal CLI's dev server or the
// Java time-skipping test server, via the SDK's test environment) or connect to the one the settings name.
// @temporalio/testing and @temporalio/worker take about half a second to load: they are imported only once an
// embedded server or a worker connection is opened, so commands that only talk to a server start quickly.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Client, Connection, isGrpcServiceError } from '@temporalio/client';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import type { EphemeralServerExecutable, TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import type { ServerKind } from '../events/events';
import type { ConnectionSettings, Sourced } from './connection-settings';
import { connectionOptionsFor, settingsAsEnvironment } from './connection-settings';
import { DevServerProcess } from './dev-server-process';
import { DEV_SERVER_ENVIRONMENT, DEV_SERVER_TUNING } from './tuning';
import { startCodecServer } from './codec-server';
import { ServerUnavailableError } from './errors';
import { EncryptionCodec } from './encryption-codec';
import type { KeyRing } from './encryption-keys';
import { downloadHostAnswers } from './sdk-download';
import { installSdkRuntime } from './sdk-runtime';
import { scratchFolder, watchOwnProcesses } from '../processes/watchdog';
import {
  findDevServer,
  findTestServer,
  NO_DEV_SERVER_ADVICE,
  NO_TEST_SERVER_ADVICE,
} from './server-executables';
import type { Teardown } from '../processes/teardown';

export type EmbeddedServerKind = Exclude<ServerKind, 'external'>;
export const EMBEDDED_SERVER_KINDS: readonly EmbeddedServerKind[] = ['dev-server', 'time-skipping'];

export interface ServerOptions {
  /** Which embedded server to start when the settings name none. */
  kind: EmbeddedServerKind;
  /** An explicit Temporal CLI (dev server) executable; see server-executables.js for the search order. */
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
  /** Start the dev server as a process of this CLI's own (see dev-server-process.ts), in memory. */
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

/** Temporal Cloud's Web UI serves every Cloud namespace. */
const CLOUD_UI_URL = 'https://cloud.temporal.io';
const CLOUD_ADDRESS = /\.tmprl\.cloud(:\d+)?$/;

function workflowLink(uiUrl: string | undefined, namespace: string) {
  return (workflowId: string, runId: string) =>
    uiUrl &&
    `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/` +
      `${encodeURIComponent(workflowId)}/${runId}/history`;
}

export interface TemporalServer {
  kind: ServerKind;
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
  /** The embedded dev server, when it runs as this command's own process (to measure, or to crash and restart). */
  ownProcess?: DevServerProcess;
}

export interface ServerProgress {
  starting(kind: EmbeddedServerKind, executable: { path?: string; source: string }): void;
}

const CONNECT_TIMEOUT_MS = 8_000;

/** The codec and data converter these keys call for; none without keys. */
function encryptionOf(keys: KeyRing | undefined): { codec?: PayloadCodec; dataConverter?: DataConverter } {
  if (!keys) return {};
  const codec = new EncryptionCodec(keys);
  return { codec, dataConverter: { payloadCodecs: [codec] } };
}

function childEnvironmentOf(settings: ConnectionSettings, keys: KeyRing | undefined): Record<string, string> {
  return { ...settingsAsEnvironment(settings), ...keys?.asEnvironment() };
}
const DEFAULT_IP = '127.0.0.1';

export async function openTemporalServer(
  settings: ConnectionSettings,
  options: ServerOptions,
  teardown: Teardown,
  progress?: ServerProgress,
): Promise<TemporalServer> {
  return settings.address
    ? connectToExternalServer(settings, settings.address, options, teardown)
    : startEmbeddedServer(settings, options, teardown, progress);
}

async function connectToExternalServer(
  settings: ConnectionSettings,
  address: Sourced<string>,
  { externalUiUrl, verbose = false, encryption }: ServerOptions,
  teardown: Teardown,
): Promise<TemporalServer> {
  const uiUrl = externalUiUrl ?? (CLOUD_ADDRESS.test(address.value) ? CLOUD_UI_URL : undefined);
  const namespace = settings.namespace.value;
  const options = connectionOptionsFor(settings);
  let connection: Connection;
  try {
    connection = await Connection.connect({
      address: address.value,
      tls: options.tls,
      apiKey: typeof options.apiKey === 'string' ? options.apiKey : undefined,
      metadata: options.metadata,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    throw connectionFailure(error, settings, address);
  }
  teardown.add('client connection', () => connection.close());
  await ensureNamespaceExists(connection, namespace, settings);
  const { codec, dataConverter } = encryptionOf(encryption);
  const client = new Client({ connection, namespace, dataConverter });
  let workerConnection: Promise<NativeConnection> | undefined;
  return {
    kind: 'external',
    address: address.value,
    namespace,
    uiUrl,
    client,
    encryption,
    codec,
    workerConnection() {
      workerConnection ??= openWorkerConnection(options, verbose).then((native) => {
        teardown.add('worker connection', () => native.close());
        return native;
      });
      return workerConnection;
    },
    workflowUrl: workflowLink(uiUrl, namespace),
    childEnvironment: () => childEnvironmentOf(settings, encryption),
  };
}

async function openWorkerConnection(
  options: NativeConnectionOptions,
  verbose: boolean,
): Promise<NativeConnection> {
  await installSdkRuntime({ verbose });
  const { NativeConnection } = await import('@temporalio/worker');
  return NativeConnection.connect(options);
}

/** The gRPC status of the error or of the first of its causes that has one: the SDK wraps the gRPC error. */
function grpcStatus(error: unknown): GrpcStatus | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (isGrpcServiceError(current)) return current.code;
  }
  return undefined;
}

function credentialsRefused(address: string, namespace: string, error: unknown): ServerUnavailableError {
  return new ServerUnavailableError(
    `${address} refused the credentials for namespace "${namespace}": ${rootMessage(error)}. ` +
      'Check --api-key (TEMPORAL_API_KEY) or the TLS client certificate, and that they are for this namespace.',
  );
}

/** Why an external server could not be reached, in the terms of the settings that were used. */
function connectionFailure(error: unknown, settings: ConnectionSettings, address: Sourced<string>): Error {
  const code = grpcStatus(error);
  if (code === GrpcStatus.UNAUTHENTICATED || code === GrpcStatus.PERMISSION_DENIED) {
    return credentialsRefused(address.value, settings.namespace.value, error);
  }
  const tlsOn = settings.tls ? settings.tls.value : settings.apiKey !== undefined;
  const tlsSource = settings.tls?.source ?? `TLS implied by ${settings.apiKey?.source}`;
  const tlsHint = tlsOn
    ? ` TLS is on (${tlsSource}): if the server does not use TLS, add --no-tls; if it does, check --tls-ca-path and --tls-server-name.`
    : ' Check the address, or leave it out to use the embedded server.';
  return new ServerUnavailableError(
    `no Temporal server answers at ${address.value} (from ${address.source}): ${rootMessage(error)}.${tlsHint}`,
  );
}

async function ensureNamespaceExists(
  connection: Connection,
  namespace: string,
  settings: ConnectionSettings,
) {
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (error) {
    const code = grpcStatus(error);
    const source = settings.namespace.source;
    if (code === GrpcStatus.NOT_FOUND) {
      throw new ServerUnavailableError(
        `namespace "${namespace}" (from ${source}) does not exist on ${settings.address?.value}: ` +
          'create it (temporal operator namespace create) or choose another with --namespace',
      );
    }
    if (code === GrpcStatus.PERMISSION_DENIED || code === GrpcStatus.UNAUTHENTICATED) {
      throw credentialsRefused(settings.address?.value ?? '', namespace, error);
    }
    throw new ServerUnavailableError(`cannot use namespace "${namespace}": ${rootMessage(error)}`);
  }
}

function resolveExecutable(embedded: ServerOptions): EphemeralServerExecutable & { source: string } {
  const found =
    embedded.kind === 'dev-server'
      ? findDevServer({ flagPath: embedded.temporalCliPath })
      : findTestServer({ flagPath: embedded.testServerPath });
  if (found === undefined) {
    return { type: 'cached-download', source: 'the SDK download (needs internet access)' };
  }
  if ('problem' in found) {
    throw new ServerUnavailableError(
      `the ${embedded.kind} executable ${found.path} (from ${found.source}) ${found.problem}: ` +
        'run `npm run provision` or point to a working one',
    );
  }
  return { type: 'existing-path', path: found.path, source: found.source };
}

/**
 * The SDK starts the dev server with our stdout, where it prints a banner in the middle of the narration. This
 * launcher (one per executable, in the temp folder) execs the server with its stdout discarded; errors still reach
 * stderr, and exec keeps the PID, so the SDK still stops the real process.
 */
function quietLauncher(executable: string): string {
  const digest = createHash('sha256').update(executable).digest('hex').slice(0, 16);
  const folder = path.join(tmpdir(), `order-demo-${userInfo().uid}`);
  const launcher = path.join(folder, `temporal-quiet-${digest}.sh`);
  mkdirSync(folder, { recursive: true });
  // Written aside and renamed, so that a concurrent command never runs a half-written launcher.
  const staging = `${launcher}.${process.pid}`;
  writeFileSync(staging, `#!/bin/sh\nexec ${shellQuote(executable)} "$@" > /dev/null\n`, { mode: 0o755 });
  renameSync(staging, launcher);
  return launcher;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function startEmbeddedServer(
  settings: ConnectionSettings,
  embedded: ServerOptions,
  teardown: Teardown,
  progress?: ServerProgress,
): Promise<TemporalServer> {
  const { source, ...executable } = resolveExecutable(embedded);
  const ip = embedded.ip ?? DEFAULT_IP;
  const namespace = settings.namespace.value;
  if (embedded.port !== undefined) await ensurePortFree(ip, embedded.port, '--port');
  const uiPort =
    embedded.kind === 'dev-server' && embedded.ui ? (embedded.uiPort ?? (await freePort(ip))) : undefined;
  if (embedded.uiPort !== undefined && uiPort !== undefined) await ensurePortFree(ip, uiPort, '--ui-port');
  progress?.starting(embedded.kind, { path: 'path' in executable ? executable.path : undefined, source });
  watchOwnProcesses();
  await installSdkRuntime({ verbose: embedded.verbose ?? false });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { codec, dataConverter } = encryptionOf(embedded.encryption);
  // Encrypted payloads and a Web UI: the UI gets a codec server with the same keys, so a person reads them there.
  const uiCodecServer =
    embedded.encryption && uiPort !== undefined
      ? await startCodecServer({ keys: embedded.encryption, ip, origins: [`http://${ip}:${uiPort}`] })
      : undefined;
  if (uiCodecServer) teardown.add('codec server', () => uiCodecServer.close());
  if (embedded.kind === 'dev-server' && (embedded.restartable || embedded.ownProcess)) {
    if (executable.type !== 'existing-path') {
      throw new ServerUnavailableError(
        `a dev server this command runs as its own process needs its executable, and none was found. ${NO_DEV_SERVER_ADVICE}`,
      );
    }
    return startOwnDevServer(
      settings,
      embedded,
      { path: executable.path, source },
      { ip, uiPort, codecEndpoint: uiCodecServer?.url },
      teardown,
    );
  }

  let environment: TestWorkflowEnvironment;
  try {
    if (executable.type === 'cached-download') await downloadHostAnswers();
    environment =
      embedded.kind === 'dev-server'
        ? await TestWorkflowEnvironment.createLocal({
            server: {
              executable:
                executable.type === 'existing-path'
                  ? { type: 'existing-path', path: quietLauncher(executable.path) }
                  : executable,
              ip,
              port: embedded.port,
              namespace,
              ui: uiPort !== undefined,
              uiPort,
              dbFilename: embedded.dbFilename,
              log: { format: 'pretty', level: 'error' },
              extraArgs: [
                ...(uiCodecServer ? ['--ui-codec-endpoint', uiCodecServer.url] : []),
                ...(embedded.untuned ? [] : DEV_SERVER_TUNING),
              ],
            },
            client: { dataConverter },
          })
        : await TestWorkflowEnvironment.createTimeSkipping({
            server: { executable, port: embedded.port },
            client: { dataConverter },
          });
  } catch (error) {
    if (executable.type === 'cached-download') {
      throw new ServerUnavailableError(
        `could not start the embedded ${embedded.kind}: no executable was found, and the SDK's download did ` +
          `not work (${rootMessage(error)}). ` +
          (embedded.kind === 'dev-server' ? NO_DEV_SERVER_ADVICE : NO_TEST_SERVER_ADVICE),
      );
    }
    throw new ServerUnavailableError(
      `could not start the embedded ${embedded.kind} (${source}): ${rootMessage(error)}. ` +
        'Run `npm run provision`, or use --address for a server that is already running.',
    );
  }
  teardown.add(`embedded ${embedded.kind}`, () => environment.teardown());
  const address = environment.address;
  const uiUrl = uiPort !== undefined ? `http://${ip}:${uiPort}` : undefined;
  const effective: ConnectionSettings = {
    ...settings,
    address: { value: address, source: `embedded ${embedded.kind}` },
  };
  return {
    kind: embedded.kind,
    address,
    namespace,
    uiUrl,
    client: environment.client,
    encryption: embedded.encryption,
    codec,
    codecEndpoint: uiCodecServer?.url,
    workerConnection: async () => environment.nativeConnection,
    workflowUrl: workflowLink(uiUrl, namespace),
    childEnvironment: () => childEnvironmentOf(effective, embedded.encryption),
  };
}

/** The dev server as a process of this CLI's own (see dev-server-process.ts), with its client and worker connection. */
async function startOwnDevServer(
  settings: ConnectionSettings,
  embedded: ServerOptions,
  executable: { path: string; source: string },
  network: { ip: string; uiPort?: number; codecEndpoint?: string },
  teardown: Teardown,
): Promise<TemporalServer> {
  const { ip, uiPort, codecEndpoint } = network;
  const namespace = settings.namespace.value;
  let dbFilename = embedded.dbFilename;
  if (dbFilename === undefined && embedded.restartable) {
    const folder = await scratchFolder('server');
    teardown.add('server state', async () => rmSync(folder, { recursive: true, force: true }));
    dbFilename = path.join(folder, 'temporal.sqlite');
  }
  const serverProcess = new DevServerProcess({
    executable: executable.path,
    ip,
    port: embedded.port ?? (await freePort(ip)),
    namespace,
    dbFilename,
    uiPort,
    extraArgs: [
      ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
      ...(embedded.untuned ? [] : DEV_SERVER_TUNING),
    ],
    environment: embedded.untuned ? {} : DEV_SERVER_ENVIRONMENT,
  });
  teardown.add('embedded dev-server', () => serverProcess.stop());
  try {
    await serverProcess.start();
  } catch (error) {
    throw new ServerUnavailableError(
      `could not start the embedded dev-server (${executable.source}): ${rootMessage(error)}. ` +
        'Run `npm run provision`, or use --address for a server that is already running.',
    );
  }
  const address = serverProcess.address;
  const connection = await Connection.connect({ address });
  teardown.add('client connection', () => connection.close());
  const { codec, dataConverter } = encryptionOf(embedded.encryption);
  let workerConnection: Promise<NativeConnection> | undefined;
  const uiUrl = uiPort !== undefined ? `http://${ip}:${uiPort}` : undefined;
  const effective: ConnectionSettings = {
    ...settings,
    address: { value: address, source: 'embedded dev-server' },
  };
  return {
    kind: 'dev-server',
    address,
    namespace,
    uiUrl,
    client: new Client({ connection, namespace, dataConverter }),
    encryption: embedded.encryption,
    codec,
    codecEndpoint,
    workerConnection() {
      workerConnection ??= openWorkerConnection({ address }, embedded.verbose ?? false).then((native) => {
        teardown.add('worker connection', () => native.close());
        return native;
      });
      return workerConnection;
    },
    workflowUrl: workflowLink(uiUrl, namespace),
    childEnvironment: () => childEnvironmentOf(effective, embedded.encryption),
    ownProcess: serverProcess,
  };
}

/** A port nobody listens on right now (nor was handed out by this process in the last seconds). */
export async function freePort(ip = DEFAULT_IP): Promise<number> {
  // get-port is an ES module: imported when needed rather than required at start-up.
  const { default: getPort } = await import('get-port');
  return getPort({ host: ip });
}

/** Listens on the port once: unlike get-port, which moves on to another port, this says why the port is refused. */
function listenOnce(ip: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, ip, () => server.close(() => resolve()));
  });
}

async function ensurePortFree(ip: string, port: number, flag: string): Promise<void> {
  try {
    await listenOnce(ip, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${code ?? rootMessage(error)})`;
    throw new ServerUnavailableError(
      `port ${port} on ${ip} (${flag}) ${reason}: choose another port, or stop what holds it`,
    );
  }
}

/**
 * The first line of the innermost cause's message: the SDK wraps the interesting part. (@temporalio/common's
 * rootCause follows only the causes of Temporal failures, not the plain `cause` of a connection error.)
 */
export function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.split('\n')[0];
}
