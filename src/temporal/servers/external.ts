// A server someone else runs (a cluster, Temporal Cloud, a dev server in another terminal), named by the settings:
// connected to with their TLS and API key, its namespace checked, every refusal said in the settings' own terms.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import type { ConnectionSettings, Sourced } from '../connection-settings';
import { connectionOptionsFor } from '../connection-settings';
import { rootMessage, ServerUnavailableError } from '../errors';
import type { OpenServer } from './server';
import { lazyWorkerConnection, serverHandle } from './server';

/** Temporal Cloud's Web UI serves every Cloud namespace. */
const CLOUD_UI_URL = 'https://cloud.temporal.io';
const CLOUD_ADDRESS = /\.tmprl\.cloud(:\d+)?$/;
const CONNECT_TIMEOUT_MS = 8_000;

export const connectToExternalServer: OpenServer = async (settings, options, teardown) => {
  const address = settings.address;
  if (!address) throw new Error('an external server needs an address');
  const uiUrl = options.externalUiUrl ?? (CLOUD_ADDRESS.test(address.value) ? CLOUD_UI_URL : undefined);
  const namespace = settings.namespace.value;
  const connectionOptions = connectionOptionsFor(settings);
  let connection: Connection;
  try {
    connection = await Connection.connect({
      address: address.value,
      tls: connectionOptions.tls,
      apiKey: typeof connectionOptions.apiKey === 'string' ? connectionOptions.apiKey : undefined,
      metadata: connectionOptions.metadata,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    throw connectionFailure(error, settings, address);
  }
  teardown.add('client connection', () => connection.close());
  await ensureNamespaceExists(connection, namespace, settings);
  return serverHandle({
    kind: 'external',
    settings,
    address: address.value,
    connection,
    workerConnection: lazyWorkerConnection(connectionOptions, options.verbose ?? false, teardown),
    uiUrl,
    encryption: options.encryption,
  });
};

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
  // Never the advice to turn TLS off while an API key would then travel in clear.
  const tlsHint = !tlsOn
    ? ' Check the address, or leave it out to use the embedded server.'
    : settings.apiKey
      ? ` TLS is on (${tlsSource}): check that the server takes TLS, and --tls-ca-path and --tls-server-name.`
      : ` TLS is on (${tlsSource}): if the server does not use TLS, add --no-tls; if it does, check --tls-ca-path and --tls-server-name.`;
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
