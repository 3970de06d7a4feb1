// The errors a user will meet that need real processes, a run of the workers, or a connection attempt that times
// out: each one clear line with the documented exit code, nothing left running. The ones decided before anything
// starts, or by one request, run in-process: test/commands/errors.test.ts.
import { expect } from 'chai';
import type { CliProcess, CliResult } from '../helpers/cli';
import { expectError, runCli, startCli } from '../helpers/cli';
import type { FakeCloud } from '../helpers/fake-cloud';
import { startFakeCloud } from '../helpers/fake-cloud';
import { freePort } from '../helpers/ports';

describe('errors a user will meet', () => {
  let server: CliProcess;
  let address: string;
  let cloud: FakeCloud;

  before(async () => {
    server = startCli(['server', '--port', String(await freePort()), '--no-ui']);
    address = (await server.waitFor(/gRPC address: (\S+)/))[1];
    cloud = await startFakeCloud('the-right-key');
  });

  /** `approve` against the fake Temporal Cloud (TLS with an API key), with that key. */
  function approveOnCloud(apiKey: string, ...extra: string[]): Promise<CliResult> {
    return runCli(['approve', 'any-id', '--address', cloud.address, '--api-key', apiKey, ...extra]);
  }

  after(async () => {
    await server?.interrupt();
    await cloud?.stop();
  });

  it('an API key the server rejects → exit 3, credentials refused', async () => {
    const result = await approveOnCloud('a-wrong-key', '--tls-ca-path', cloud.caPath);
    expectError(
      result,
      3,
      /refused the credentials for namespace "default": .*Request unauthorized.*Check --api-key/,
    );
  });

  it('a TLS server whose certificate is not trusted → exit 3 with what to check', async function () {
    this.timeout(20_000);
    const result = await approveOnCloud('the-right-key');
    expectError(
      result,
      3,
      /no Temporal server answers at localhost:\d+ .* TLS is on \(TLS implied by --api-key\).*--tls-ca-path/,
    );
    // With an API key, turning TLS off would send it in clear: never the advice.
    expect(result.stderr).to.not.contain('--no-tls');
  });

  it('TLS against a server without TLS → exit 3 suggesting --no-tls', async function () {
    this.timeout(20_000);
    const result = await runCli(['approve', 'any-id', '--address', address, '--tls']);
    expectError(result, 3, /TLS is on \(--tls\): if the server does not use TLS, add --no-tls/);
  });

  it('approve of a workflow that already finished → exit 1', async () => {
    const run = await runCli([
      'run',
      '--address',
      address,
      '--speed',
      '20',
      '--workflow-id',
      'finished-order',
      '--json',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const result = await runCli(['approve', 'finished-order', '--address', address]);
    expectError(result, 1, /workflow finished-order has already finished: there is nothing left to approve/);
  });

  it('start with a workflow ID that is already running → exit 1, and the running one is untouched', async () => {
    // No workers here: the first order simply stays open, which is all this needs.
    const first = startCli(['start', '--address', address, '--workflow-id', 'twice']);
    try {
      await first.waitFor(/Started OrderWorkflow twice/);
      const second = await runCli(['start', '--address', address, '--workflow-id', 'twice']);
      expectError(second, 1, /workflow twice is already running: approve or finish it first/);
      expect(first.child.exitCode).to.equal(null);
    } finally {
      await first.interrupt();
    }
  });
});
