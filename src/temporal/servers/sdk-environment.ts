// The embedded servers as the SDK's test environment starts them: the Temporal CLI's dev server
// (TestWorkflowEnvironment.createLocal) and the Java time-skipping test server (createTimeSkipping).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NO_DEV_SERVER_ADVICE, NO_TEST_SERVER_ADVICE } from '../../processes/server-executables';
import type { Teardown } from '../../processes/teardown';
import { scratchFolder } from '../../processes/watchdog';
import { rootMessage, ServerUnavailableError } from '../errors';
import { downloadHostAnswers } from '../sdk-download';
import { DEV_SERVER_TUNING } from '../tuning';
import type { EmbeddedStart } from './embedded';
import { uiUrlOf } from './embedded';
import type { ServerOptions } from './server';
import { encryptionOf, serverHandle } from './server';
import type { ConnectionSettings } from '../connection-settings';

/**
 * The SDK starts the dev server with our stdout, where it prints a banner in the middle of the narration. This
 * launcher execs the server with its stdout discarded; errors still reach stderr, and exec keeps the PID, so the SDK
 * still stops the real process. It is written into a folder of this run's own (new, private to this user, removed
 * however the command ends), never into a shared one where someone else could put a script of theirs.
 */
async function quietLauncher(executable: string, teardown: Teardown): Promise<string> {
  const folder = await scratchFolder('launcher');
  teardown.add('server launcher', async () => rmSync(folder, { recursive: true, force: true }));
  const launcher = path.join(folder, 'temporal-quiet.sh');
  writeFileSync(launcher, `#!/bin/sh\nexec ${shellQuote(executable)} "$@" > /dev/null\n`, {
    mode: 0o700,
    flag: 'wx',
  });
  return launcher;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export async function startSdkEnvironment(
  settings: ConnectionSettings,
  options: ServerOptions,
  start: EmbeddedStart,
  teardown: Teardown,
) {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { source, ...executable } = start.executable;
  const { dataConverter } = encryptionOf(options.encryption);
  let environment: TestWorkflowEnvironment;
  try {
    if (executable.type === 'cached-download') await downloadHostAnswers();
    environment =
      options.kind === 'dev-server'
        ? await TestWorkflowEnvironment.createLocal({
            server: {
              executable:
                executable.type === 'existing-path'
                  ? { type: 'existing-path', path: await quietLauncher(executable.path, teardown) }
                  : executable,
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
