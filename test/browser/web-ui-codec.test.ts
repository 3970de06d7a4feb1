// A person's view of an encrypted run: the dev server's Web UI in headless Chromium, pointed (by --ui --encrypt) at
// the codec server the command runs, shows the decrypted order, while the server itself holds only ciphertext.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { expect } from 'chai';
import { screenshotTo, withChromium } from '../helpers/chromium';
import { startCli } from '../helpers/cli';

/** Named in the test's title, for a person to look at. */
const SCREENSHOT = path.join('test-output', 'web-ui-codec.png');
/** The Web UI loads its scripts, then the history, then asks the codec server: some seconds. */
const RENDER_TIMEOUT_MS = 60_000;

describe('the Web UI of an --encrypt run (headless Chromium)', () => {
  it(`shows the decrypted order through the codec server, while the raw history holds only ciphertext (screenshot: ${SCREENSHOT})`, async () => {
    const cli = startCli(['happy-path', '--ui', '--encrypt', '--keep-server', '--speed', '10']);
    try {
      const [, historyUrl] = await cli.waitFor(/History in the Web UI: (\S+)/);
      const [, address, namespace] = await cli.waitFor(
        /The embedded server stays up at (\S+) \(namespace (\S+)\)/,
      );
      expect(cli.stdout).to.match(/Codec server for the Web UI .*: http:\/\/127\.0\.0\.1:\d+/);
      const [workflowId, runId] = new URL(historyUrl).pathname
        .split('/')
        .slice(-3, -1)
        .map(decodeURIComponent);

      const connection = await Connection.connect({ address });
      try {
        const plainClient = new Client({ connection, namespace });
        const history = await plainClient.workflow.getHandle(workflowId, runId).fetchHistory();
        const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
        expect(raw.includes('binary/encrypted')).to.equal(true);
        expect(raw.includes('widget')).to.equal(false);
      } finally {
        await connection.close();
      }

      await withChromium(async (context) => {
        const page = await context.newPage();
        const [decodeResponse] = await Promise.all([
          page.waitForResponse((response) => new URL(response.url()).pathname === '/decode'),
          page.goto(historyUrl),
        ]);
        expect(decodeResponse.status()).to.equal(200);
        await page.getByText('widget').first().waitFor({ timeout: RENDER_TIMEOUT_MS });
        await screenshotTo(page, SCREENSHOT);
        expect(await page.content()).not.to.include('binary/encrypted');
      });
      const result = await cli.interrupt('SIGINT');
      expect(result.code, result.stderr).to.equal(0);
    } finally {
      await cli.interrupt('SIGKILL');
    }
  });
});
