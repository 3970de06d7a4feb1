// The SDK's own test environments on the provisioned server executables, for the fast tier. Unlike the commands'
// way of opening a server (embedded-server.ts), they start no watchdog in the test process: a command run in-process
// releases the watchdog when it ends, which would stop a server it tagged. The SDK runtime is installed first, as the
// commands install it: whichever test touches the SDK first in this process fixes its runtime.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { installSdkRuntime } from '../../src/temporal/sdk-runtime';
import { findDevServer, findTestServer } from '../../src/processes/server-executables';

/** The provisioned (or configured) executable's path; without one the tests cannot run. */
function provisioned(found: ReturnType<typeof findDevServer>, kind: string): string {
  if (found === undefined || 'problem' in found) {
    throw new Error(
      `no usable ${kind} executable (${found?.problem ?? 'none found'}): run \`npm run provision\``,
    );
  }
  return found.path;
}

/** The Java time-skipping test server: it takes a second or more to boot, so boot it once per file, in `before`. */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  await installSdkRuntime({ verbose: false });
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: provisioned(findTestServer(), 'time-skipping') } },
  });
}

/**
 * The Temporal CLI's dev server, quiet but for errors (`--output none`: no banner amid the test report), with these
 * flags besides.
 */
export async function createDevServerEnvironment(
  extraArgs: readonly string[] = [],
): Promise<TestWorkflowEnvironment> {
  await installSdkRuntime({ verbose: false });
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: provisioned(findDevServer(), 'dev-server') },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
      extraArgs: ['--output', 'none', ...extraArgs],
    },
  });
}
