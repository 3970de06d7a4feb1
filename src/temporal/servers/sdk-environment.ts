// The embedded servers as the SDK's test environment starts them: the Java time-skipping test server
// (createTimeSkipping), and the Temporal CLI's dev server where the SDK downloads it (createLocal) because no
// executable is here (with one, the dev server runs as this CLI's own process: own-dev-server.ts).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import which from 'which';
import { NO_DEV_SERVER_ADVICE, NO_TEST_SERVER_ADVICE } from '../../processes/server-executables';
import type { Teardown } from '../../processes/teardown';
import { rootMessage, ServerUnavailableError } from '../errors';
import { downloadHostAnswers } from '../sdk-download';
import { installSdkRuntime } from '../sdk-runtime';
import { DEV_SERVER_TUNING } from '../tuning';
import type { EmbeddedStart } from './embedded';
import { uiUrlOf } from './embedded';
import type { ServerOptions } from './server';
import { encryptionOf, serverHandle } from './server';
import type { ConnectionSettings } from '../connection-settings';

function hasJava(): boolean {
  return which.sync('java', { nothrow: true }) !== null;
}

export async function startSdkEnvironment(
  settings: ConnectionSettings,
  options: ServerOptions,
  start: EmbeddedStart,
  teardown: Teardown,
) {
  await installSdkRuntime({ verbose: options.verbose ?? false });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { source, ...executable } = start.executable;
  const { dataConverter } = encryptionOf(options.encryption);
  if (options.kind === 'time-skipping' && executable.type !== 'cached-download' && !hasJava()) {
    throw new ServerUnavailableError(
      `the time-skipping test server (${source}) runs on Java, which is not installed here: install Java 8 or ` +
        'later (`java` on PATH), or leave out --server time-skipping to use the dev server.',
    );
  }
  let environment: TestWorkflowEnvironment;
  try {
    if (executable.type === 'cached-download') await downloadHostAnswers();
    environment =
      options.kind === 'dev-server'
        ? await TestWorkflowEnvironment.createLocal({
            server: {
              executable,
              ip: start.ip,
              port: options.port,
              namespace: settings.namespace.value,
              ui: start.uiPort !== undefined,
              uiPort: start.uiPort,
              dbFilename: options.dbFilename,
              log: { format: 'pretty', level: 'error' },
              extraArgs: [
                ...(start.uiCodecEndpoint ? ['--ui-codec-endpoint', start.uiCodecEndpoint] : []),
                ...(options.untuned ? [] : DEV_SERVER_TUNING),
              ],
            },
            client: { dataConverter },
          })
        : await TestWorkflowEnvironment.createTimeSkipping({
            server: { executable, port: options.port },
            client: { dataConverter },
          });
  } catch (error) {
    if (executable.type === 'cached-download') {
      throw new ServerUnavailableError(
        `could not start the embedded ${options.kind}: no executable was found, and the SDK's download did ` +
          `not work (${rootMessage(error)}). ` +
          (options.kind === 'dev-server' ? NO_DEV_SERVER_ADVICE : NO_TEST_SERVER_ADVICE),
      );
    }
    throw new ServerUnavailableError(
      `could not start the embedded ${options.kind} (${source}): ${rootMessage(error)}. ` +
        'Run `npm run provision`, or use --address for a server that is already running.',
    );
  }
  teardown.add(`embedded ${options.kind}`, () => environment.teardown());
  return serverHandle({
    kind: options.kind,
    settings,
    address: environment.address,
    client: environment.client,
    workerConnection: async () => environment.nativeConnection,
    uiUrl: uiUrlOf(start),
    encryption: options.encryption,
    codecEndpoint: start.uiCodecEndpoint,
  });
}
