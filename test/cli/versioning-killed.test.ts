// A versioning run killed in its Worker Versioning act (a CI timeout is enough) on a server it shares with others:
// whatever routing it set up must not outlive it. The next order anyone places on that server completes, and the
// next versioning run removes the Worker Deployment the killed one left, once no worker polls it.
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Client } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'chai';
import { DEV_SERVER_TUNING } from '../../src/temporal/tuning';
import type { CliProcess } from '../helpers/cli';
import { runCli, startCli, useServerProcess } from '../helpers/cli';
import { createDevServerEnvironment } from '../helpers/sdk-environments';

/** Far more than happy-path takes at this speed: past it, the order hangs and the test fails. */
const NEXT_ORDER_BOUND_MS = 90_000;
/** Act 3 has made a version of its deployment current: new workflows of its task queue start there. */
const ROUTED_TO_V1 = /now start on (\S+) v1 \(its current version\)/;

/** Whether the server knows the deployment: asked of the deployment itself, not of the (later) visibility store. */
async function deploymentExists(client: Client, deploymentName: string): Promise<boolean> {
  try {
    await client.workflowService.describeWorkerDeployment({
      namespace: client.options.namespace,
      deploymentName,
    });
    return true;
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return false;
    throw error;
  }
}

/** Runs versioning on the server at `address` and SIGKILLs it once act 3 has routed; the deployment it routed. */
async function killedInWorkerVersioning(address: string): Promise<string> {
  const killed: CliProcess = startCli(['versioning', '--address', address, '--speed', '50']);
  try {
    const [, deployment] = await killed.waitFor(ROUTED_TO_V1, 4 * 60_000);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).to.equal('SIGKILL');
    return deployment;
  } finally {
    await killed.interrupt('SIGKILL');
  }
}

describe('versioning killed in its Worker Versioning act, on a server it does not own', () => {
  describe('the next order on that server', () => {
    const serverAddress = useServerProcess();

    it('completes: nothing the killed run routed is anyone else’s', async function () {
      this.timeout(6 * 60_000);
      const address = serverAddress();
      await killedInWorkerVersioning(address);

      const next = await runCli(
        ['happy-path', '--address', address, '--speed', '20', '--json'],
        undefined,
        NEXT_ORDER_BOUND_MS,
      );

      expect(next.code, next.stdout + next.stderr).to.equal(0);
    });
  });

  describe('the next versioning run on that server', () => {
    let environment: TestWorkflowEnvironment | undefined;
    before(async () => {
      // The server forgets a worker that stopped polling a second after (by default five minutes after, and until
      // then it refuses to delete the worker's version).
      environment = await createDevServerEnvironment([
        ...DEV_SERVER_TUNING,
        '--dynamic-config-value',
        'matching.PollerHistoryTTL="1s"',
      ]);
    });
    after(async () => {
      await environment?.teardown();
    });

    it('removes the Worker Deployment the killed run left, once no worker polls it', async function () {
      this.timeout(8 * 60_000);
      if (!environment) throw new Error('no dev server');
      const left = await killedInWorkerVersioning(environment.address);
      expect(await deploymentExists(environment.client, left)).to.equal(true);

      const next = await runCli(['versioning', '--address', environment.address, '--speed', '50']);

      expect(next.code, next.stdout + next.stderr).to.equal(0);
      expect(next.stdout).to.contain(`Removed ${left}, the Worker Deployment of an earlier run`);
      expect(await deploymentExists(environment.client, left)).to.equal(false);
      // Its own stays until a later run finds it unpolled: the server still counts its workers a moment after.
      const [, own] = next.stdout.match(ROUTED_TO_V1) ?? [];
      expect(own).to.not.equal(left);
      expect(await deploymentExists(environment.client, own)).to.equal(true);
    });
  });
});
