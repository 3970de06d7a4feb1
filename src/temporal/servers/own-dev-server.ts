// The dev server as a process of this CLI's own (processes/dev-server-process.ts), for the commands that crash it,
// restart it or measure it, with its client and worker connection.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { DevServerProcess } from '../../processes/dev-server-process';
import { NO_DEV_SERVER_ADVICE } from '../../processes/server-executables';
import type { Teardown } from '../../processes/teardown';
import { scratchFolder } from '../../processes/watchdog';
import type { ConnectionSettings } from '../connection-settings';
import { rootMessage, ServerUnavailableError } from '../errors';
import { installSdkRuntime } from '../sdk-runtime';
import { DEV_SERVER_ENVIRONMENT, DEV_SERVER_TUNING } from '../tuning';
import type { EmbeddedStart } from './embedded';
import { uiUrlOf } from './embedded';
import { freePort } from './ports';
import type { ServerOptions } from './server';
import { lazyWorkerConnection, serverHandle } from './server';

export async function startOwnDevServer(
  settings: ConnectionSettings,
  options: ServerOptions,
  start: EmbeddedStart,
  teardown: Teardown,
) {
  const { executable } = start;
  if (executable.type !== 'existing-path') {
    throw new ServerUnavailableError(
      `a dev server this command runs as its own process needs its executable, and none was found. ${NO_DEV_SERVER_ADVICE}`,
    );
  }
  let dbFilename = options.dbFilename;
  if (dbFilename === undefined && options.restartable) {
    const folder = await scratchFolder('server');
    teardown.add('server state', async () => rmSync(folder, { recursive: true, force: true }));
    dbFilename = path.join(folder, 'temporal.sqlite');
  }
  const serverProcess = new DevServerProcess({
    executable: executable.path,
    ip: start.ip,
    port: options.port ?? (await freePort(start.ip)),
    namespace: settings.namespace.value,
    dbFilename,
    uiPort: start.uiPort,
    extraArgs: [
      ...(start.uiCodecEndpoint ? ['--ui-codec-endpoint', start.uiCodecEndpoint] : []),
      ...(options.untuned ? [] : DEV_SERVER_TUNING),
    ],
    environment: options.untuned ? {} : DEV_SERVER_ENVIRONMENT,
  });
  teardown.add('embedded dev-server', () => serverProcess.stop());
  try {
    // The SDK's worker half loads (a few hundred milliseconds) while the server boots in its own process.
    await Promise.all([serverProcess.start(), installSdkRuntime({ verbose: options.verbose ?? false })]);
  } catch (error) {
    throw new ServerUnavailableError(
      `could not start the embedded dev-server (${executable.source}): ${rootMessage(error)}. ` +
        'Run `npm run provision`, or use --address for a server that is already running.',
    );
  }
  const address = serverProcess.address;
  const connection = await Connection.connect({ address });
  teardown.add('client connection', () => connection.close());
  return serverHandle({
    kind: 'dev-server',
    settings,
    address,
    connection,
    workerConnection: lazyWorkerConnection({ address }, options.verbose ?? false, teardown),
    uiUrl: uiUrlOf(start),
    encryption: options.encryption,
    codecEndpoint: start.uiCodecEndpoint,
    ownProcess: serverProcess,
  });
}
