// The cluster's Web UI over plain http on 127.0.0.1, as `order-demo cluster` serves it: an action taken in it (a
// terminate, which the UI sends with the CSRF token it reads from its cookie) reaches the server, and the cookie is
// one that any browser keeps over plain http, as the dev server's Web UI sets it.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import { screenshotTo, withChromium } from '../helpers/chromium';
import { startCli } from '../helpers/cli';

/** Named in the test's title, for a person to look at. */
const SCREENSHOT = path.join('test-output', 'web-ui-cluster-terminate.png');
/** The Web UI loads its scripts, then the workflow: some seconds on a busy machine. */
const RENDER_TIMEOUT_MS = 60_000;
const REASON = 'terminated from the cluster’s Web UI by the browser test';

describe('the Web UI of `order-demo cluster` (headless Chromium)', function () {
  // A cluster boots in some seconds; the first start on a busy machine takes longer.
  this.timeout(240_000);

  it(`terminates a running workflow over plain http on 127.0.0.1, and the server records it (screenshot: ${SCREENSHOT})`, async () => {
    const cli = startCli(['cluster', '--port', '0']);
    try {
      const [, uiUrl] = await cli.waitFor(/Web UI: +(http:\/\/127\.0\.0\.1:\d+)\n/, 180_000);
      const [, address] = await cli.waitFor(/gRPC address: (\S+)/);
      const [, namespace] = await cli.waitFor(/namespace: +(\S+)/);
      const connection = await Connection.connect({ address });
      try {
        const client = new Client({ connection, namespace });
        // No worker polls its task queue: it stays running until someone acts on it.
        const handle = await client.workflow.start('waitsForever', {
          taskQueue: 'web-ui-actions',
          workflowId: `web-ui-terminate-${Date.now()}`,
        });
        const workflowUrl =
          `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/` +
          `${encodeURIComponent(handle.workflowId)}/${encodeURIComponent(handle.firstExecutionRunId)}/history`;

        await withChromium(async (context) => {
          const page = await context.newPage();
          await page.goto(workflowUrl);
          await page.getByRole('button', { name: 'More Actions' }).click({ timeout: RENDER_TIMEOUT_MS });
          await page.getByRole('menuitem', { name: 'Terminate' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByRole('textbox').fill(REASON);
          const [terminateResponse] = await Promise.all([
            page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/terminate')),
            dialog.getByRole('button', { name: 'Terminate' }).click(),
          ]);
          await screenshotTo(page, SCREENSHOT);
          expect(
            terminateResponse.status(),
            `the Web UI's terminate request: ${await terminateResponse.text()}`,
          ).to.equal(200);
          // Chromium keeps a Secure cookie on http://127.0.0.1, which it counts as secure; a browser that does not
          // drops it over plain http, and every action is then refused for want of the token.
          const csrf = (await context.cookies(uiUrl)).find((cookie) => cookie.name === '_csrf');
          expect(csrf, 'the CSRF cookie the Web UI sends its actions with').not.to.equal(undefined);
          expect(csrf?.secure, 'the CSRF cookie is marked Secure (https only)').to.equal(false);
        });

        const description = await handle.describe();
        expect(description.status.name).to.equal('TERMINATED');
        const history = await handle.fetchHistory();
        const terminated = history.events?.find((event) => event.workflowExecutionTerminatedEventAttributes);
        // The Web UI adds its own words to the reason given.
        expect(terminated?.workflowExecutionTerminatedEventAttributes?.reason).to.include(REASON);
      } finally {
        await connection.close();
      }
      const result = await cli.interrupt('SIGINT');
      expect(result.code, result.stderr).to.equal(130);
    } finally {
      await cli.interrupt('SIGKILL');
    }
  });
});
