// `codec-server` as a person starts it: without a token it says, on stderr, that anyone who can reach it can
// decrypt; with the token in ORDER_DEMO_CODEC_AUTH (where `ps` does not show it) it says nothing of the kind.
import { expect } from 'chai';
import { isolatedEnv, startCli } from '../helpers/cli';
import type { CliProcess } from '../helpers/cli';
import { freePort } from '../helpers/ports';

describe('order-demo codec-server', () => {
  /** Runs `check` on a codec server started with `env`, and stops it whatever happens. */
  async function withCodecServer(env: NodeJS.ProcessEnv, check: (server: CliProcess) => Promise<void>) {
    const server = startCli(['codec-server', '--port', String(await freePort())], env);
    try {
      await server.waitFor(/Codec server is running at/);
      await check(server);
    } finally {
      await server.interrupt();
    }
  }

  it('warns that anyone who can reach it can decrypt, when it takes no token', async () => {
    await withCodecServer(isolatedEnv(), async (server) => {
      await server.waitForError(/WARNING: no token/);
      expect(server.stderr).to.match(
        /anyone who can reach http:\/\/127\.0\.0\.1:\d+ can decrypt every payload/,
      );
    });
  });

  it('takes its token from ORDER_DEMO_CODEC_AUTH, and then warns of nothing', async () => {
    await withCodecServer(isolatedEnv({ ORDER_DEMO_CODEC_AUTH: 'a-secret-token' }), async (server) => {
      expect(server.stdout).to.contain('callers must send "Authorization: Bearer <token>"');
      expect(server.stderr).to.not.contain('WARNING');
    });
  });
});
