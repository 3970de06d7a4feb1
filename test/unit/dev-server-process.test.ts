// The dev server as this CLI's own process: a start that the Temporal CLI gives up on while picking its own
// internal ports or its HTTP API's, or binding them (when another process takes the port it let go), is tried
// again; any other early exit is the error, said by the error it logged or its panic line.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { DevServerProcess } from '../../src/processes/dev-server-process';
import { findDevServer } from '../../src/processes/server-executables';
import { OWNER_TAG, releaseWatchdog } from '../../src/processes/watchdog';
import { freePort } from '../helpers/ports';
import { useTemporaryFolder } from '../helpers/temporary-folder';

describe('the dev server as our own process', () => {
  const folder = useTemporaryFolder('dev-server-process', { each: true });

  // Starting the server made this process an owner with a watchdog, as a command is: end that ownership here, or
  // the next command run in-process would release this watchdog and stop every server started meanwhile.
  after(async () => {
    await releaseWatchdog();
    delete process.env[OWNER_TAG];
  });

  /**
   * A Temporal CLI that panics on its first `failures` starts, as the real one does (its stack trace `frames` deep),
   * then is the real one.
   */
  function panickingFirst(failures: number, panic: string, frames = 0): string {
    const real = findDevServer();
    if (!real || 'problem' in real) throw new Error('no dev server executable: run `npm run provision`');
    const count = path.join(folder(), 'starts');
    const script = path.join(folder(), 'temporal');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `n=$(cat '${count}' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '${count}'`,
        `if [ $n -le ${failures} ]; then echo '${panic}' >&2; echo 'goroutine 1 [running]:' >&2`,
        `  i=0; while [ $i -lt ${frames} ]; do echo "go.uber.org/dig.paramList.BuildList(...)\n\t/dig/param.go:$i" >&2; i=$((i + 1)); done`,
        `  echo 'main.main()' >&2; exit 2`,
        'fi',
        `exec '${real.path}' "$@"`,
      ].join('\n'),
    );
    chmodSync(script, 0o700);
    return script;
  }

  async function startWith(executable: string): Promise<DevServerProcess> {
    return new DevServerProcess({
      executable,
      ip: '127.0.0.1',
      port: await freePort(),
      namespace: 'default',
    });
  }

  it('starts again after the Temporal CLI panicked assigning one of its own ports', async () => {
    const server = await startWith(
      panickingFirst(2, 'panic: failed assigning ephemeral port: connect: refused'),
    );
    try {
      await server.start();
    } finally {
      await server.stop();
    }
  });

  it('starts again after another process took the port of its HTTP API', async () => {
    const server = await startWith(
      panickingFirst(
        1,
        'Error: failed starting server: failed listening for HTTP API on 127.0.0.1:45123: listen tcp 127.0.0.1:45123: bind: address already in use',
      ),
    );
    try {
      await server.start();
    } finally {
      await server.stop();
    }
  });

  it('starts again after one of its services could not listen on the port it picked, said before a long stack trace', async () => {
    const server = await startWith(
      panickingFirst(
        1,
        [
          'time=2026-12-06T19:59:01.101 level=ERROR msg="Failed to start gRPC listener" error="listen tcp 127.0.0.1:41317: bind: address already in use" service=history',
          'panic: runtime error: invalid memory address or nil pointer dereference',
        ].join('\n'),
        200,
      ),
    );
    try {
      await server.start();
    } finally {
      await server.stop();
    }
  });

  it('says why any other panic stopped it, by its panic line', async () => {
    const server = await startWith(panickingFirst(1, 'panic: the database is locked'));
    try {
      let failure: unknown;
      await server.start().catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/exited \(2\) before it answered: panic: the database is locked$/);
    } finally {
      await server.stop();
    }
  });
});
