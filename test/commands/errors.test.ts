// The errors a user will meet that are decided before anything starts, or by one request to the server: each one
// clear line with the documented exit code. The commands run in-process against a dev server; what needs real
// processes or a connection that times out is in test/cli/errors.test.ts.
import { chmodSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expectError, isolatedEnv } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { createDevServerEnvironment } from '../helpers/sdk-environments';
import { inTemporaryFolder } from '../helpers/temporary-folder';

describe('errors a user will meet', () => {
  let server: TestWorkflowEnvironment;
  let address: string;
  let port: number;

  before(async () => {
    server = await createDevServerEnvironment();
    address = server.address;
    port = Number(address.split(':').at(-1));
  });

  after(async () => {
    await server?.teardown();
  });

  it('--server cluster without PostgreSQL → exit 3 at once, saying what is missing and how to get it', async () => {
    const startedAt = Date.now();
    const result = await runInProcess(
      ['happy-path', '--server', 'cluster'],
      isolatedEnv({ ORDER_DEMO_POSTGRES_BIN: '/no-such-postgres' }),
    );
    expectError(
      result,
      3,
      /--server cluster cannot start: ORDER_DEMO_POSTGRES_BIN names \/no-such-postgres, which holds no initdb and postgres executables\. .*npm run provision -- cluster/,
    );
    expect(Date.now() - startedAt).to.be.below(1_000);
  });

  it('a namespace that does not exist → exit 3, naming it and where it came from', async () => {
    const result = await runInProcess([
      'happy-path',
      '--address',
      address,
      '--namespace',
      'no-such-namespace',
    ]);
    expectError(
      result,
      3,
      /namespace "no-such-namespace" \(from --namespace\) does not exist on 127\.0\.0\.1:\d+/,
    );
  });

  it('approve of a workflow that does not exist → exit 1', async () => {
    const result = await runInProcess(['approve', 'order-nope-1', '--address', address]);
    expectError(result, 1, /no workflow order-nope-1 in namespace default/);
  });

  it('server --port already in use → exit 3', async () => {
    expectError(
      await runInProcess(['server', '--port', String(port)]),
      3,
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 \\(--port\\) is already in use`),
    );
  });

  it('a server executable that is missing or not executable → exit 3, naming where it came from', async () => {
    expectError(
      await runInProcess(['happy-path', '--temporal-cli', '/no/such/temporal']),
      3,
      /the dev-server executable \/no\/such\/temporal \(from --temporal-cli\) does not exist: run `npm run provision`/,
    );
    await inTemporaryFolder('not-executable', async (folder) => {
      const notExecutable = path.join(folder, 'temporal');
      writeFileSync(notExecutable, 'not a program');
      chmodSync(notExecutable, 0o644);
      expectError(
        await runInProcess(['happy-path'], isolatedEnv({ TEMPORAL_CLI_PATH: notExecutable })),
        3,
        /\(from TEMPORAL_CLI_PATH\) is not an executable file/,
      );
    });
    expectError(
      await runInProcess(['expire', '--server', 'time-skipping', '--test-server', '/no/such/launcher']),
      3,
      /the time-skipping executable \/no\/such\/launcher \(from --test-server\) does not exist/,
    );
  });

  it('flags that cannot apply to the server in use → exit 2, nothing started', async () => {
    expectError(
      await runInProcess(['happy-path', '--address', address, '--keep-server']),
      2,
      /--keep-server only applies to an embedded server, but --address names/,
    );
    expectError(
      await runInProcess(['happy-path', '--ui'], isolatedEnv({ TEMPORAL_ADDRESS: address })),
      2,
      /--ui only applies to an embedded server, but TEMPORAL_ADDRESS names/,
    );
    expectError(
      await runInProcess(['happy-path', '--server', 'time-skipping', '--ui']),
      2,
      /the time-skipping test server has no Web UI/,
    );
    expectError(
      await runInProcess(['happy-path', '--api-key', 'k']),
      2,
      /--api-key only applies to a server you name/,
    );
    expectError(
      await runInProcess([
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
