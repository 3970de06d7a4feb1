// The errors a user will meet, each one clear line with the documented exit code, nothing left running.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { CliProcess, CliResult } from '../helpers/cli';
import { isolatedEnv, runCli, startCli } from '../helpers/cli';
import type { FakeCloud } from '../helpers/fake-cloud';
import { startFakeCloud } from '../helpers/fake-cloud';
import { freePort } from '../helpers/ports';

function expectError(result: CliResult, code: number, message: RegExp) {
  const lines = result.stderr.trim().split('\n');
  expect(result.code, result.stdout + result.stderr).to.equal(code);
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0])
    .to.match(/^Error: /)
    .and.to.match(message);
}

describe('errors a user will meet', () => {
  let server: CliProcess;
  let address: string;
  let port: number;
  let cloud: FakeCloud;

  before(async () => {
    port = await freePort();
    server = startCli(['server', '--port', String(port), '--no-ui']);
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

  it('a namespace that does not exist → exit 3, naming it and where it came from', async () => {
    const result = await runCli(['happy-path', '--address', address, '--namespace', 'no-such-namespace']);
    expectError(
      result,
      3,
      /namespace "no-such-namespace" \(from --namespace\) does not exist on 127\.0\.0\.1:\d+/,
    );
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
  });

  it('TLS against a server without TLS → exit 3 suggesting --no-tls', async function () {
    this.timeout(20_000);
    const result = await runCli(['approve', 'any-id', '--address', address, '--tls']);
    expectError(result, 3, /TLS is on \(--tls\): if the server does not use TLS, add --no-tls/);
  });

  it('approve of a workflow that does not exist → exit 1', async () => {
    const result = await runCli(['approve', 'order-nope-1', '--address', address]);
    expectError(result, 1, /no workflow order-nope-1 in namespace default/);
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

  it('server --port already in use → exit 3', async () => {
    expectError(
      await runCli(['server', '--port', String(port)]),
      3,
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 \\(--port\\) is already in use`),
    );
  });

  it('a server executable that is missing or not executable → exit 3, naming where it came from', async () => {
    expectError(
      await runCli(['happy-path', '--temporal-cli', '/no/such/temporal']),
      3,
      /the dev-server executable \/no\/such\/temporal \(from --temporal-cli\) does not exist: run `npm run provision`/,
    );
    const notExecutable = path.join(mkdtempSync(path.join(tmpdir(), 'order-demo-')), 'temporal');
    writeFileSync(notExecutable, 'not a program');
    chmodSync(notExecutable, 0o644);
    expectError(
      await runCli(['happy-path'], isolatedEnv({ TEMPORAL_CLI_PATH: notExecutable })),
      3,
      /\(from TEMPORAL_CLI_PATH\) is not an executable file/,
    );
    expectError(
      await runCli(['expire', '--server', 'time-skipping', '--test-server', '/no/such/launcher']),
      3,
      /the time-skipping executable \/no\/such\/launcher \(from --test-server\) does not exist/,
    );
  });

  it('flags that cannot apply to the server in use → exit 2, nothing started', async () => {
    expectError(
      await runCli(['happy-path', '--address', address, '--keep-server']),
      2,
      /--keep-server only applies to an embedded server, but --address names/,
    );
    expectError(
      await runCli(['happy-path', '--ui'], isolatedEnv({ TEMPORAL_ADDRESS: address })),
      2,
      /--ui only applies to an embedded server, but TEMPORAL_ADDRESS names/,
    );
    expectError(
      await runCli(['happy-path', '--server', 'time-skipping', '--ui']),
      2,
      /the time-skipping test server has no Web UI/,
    );
    expectError(
      await runCli(['happy-path', '--api-key', 'k']),
      2,
      /--api-key only applies to a server you name/,
    );
    expectError(
      await runCli([
        'happy-path',
        '--address',
        address,
        '--tls-cert-path',
        '/no/cert.pem',
        '--tls-key-path',
        '/no/key.pem',
      ]),
      2,
      /--tls-cert-path names \/no\/cert\.pem, which cannot be read/,
    );
  });
});
