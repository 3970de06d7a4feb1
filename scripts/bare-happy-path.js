#!/usr/bin/env node
// @ts-check
// The yardstick of `order-demo happy-path`'s own cost: the same workflow with the same activities, on the same SDK
// and the same dev server (same executable, same settings), run by a bare script — no CLI, no narration, no
// checks, no ledger. It starts the server, runs both workers, starts the order, approves it once it waits for
// approval (as happy-path does, less its pause for the audience), waits for the result and tears everything down. scripts/bench-happy-path.js times it beside the CLI; run both after `npm run build`:
//
//   node scripts/bare-happy-path.js [--speed 100]
'use strict';

const path = require('node:path');
const { positiveNumber, scriptArgs } = require('./script-args');
const { findDevServer } = require('../src/processes/server-executables.js');

const USAGE = 'usage: node scripts/bare-happy-path.js [--speed 100]';
const values = scriptArgs(process.argv.slice(2), { speed: { type: 'string', default: '100' } }, USAGE);
const speed = positiveNumber(values.speed, '--speed', USAGE);
const dist = path.join(__dirname, '..', 'dist');

/**
 * Resolves once the workflow waits for its approval (its history records the approval timer), as happy-path
 * approves it: the history read with the server's long poll.
 * @param {import('@temporalio/client').Client} client @param {string} workflowId
 */
async function untilWaitingForApproval(client, workflowId) {
  /** @type {Uint8Array | undefined} */
  let nextPageToken;
  for (;;) {
    const response = await client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
      waitNewEvent: true,
    });
    if (response.history?.events?.some((event) => event.timerStartedEventAttributes)) return;
    nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
    if (!nextPageToken) throw new Error(`${workflowId} closed without waiting for approval`);
  }
}

async function main() {
  const { DefaultLogger, Runtime, Worker } = require('@temporalio/worker');
  const { TestWorkflowEnvironment } = require('@temporalio/testing');
  const { DEV_SERVER_TUNING } = require(path.join(dist, 'src', 'temporal', 'tuning'));
  const { createActivities } = require(path.join(dist, 'src', 'activities'));
  const { orderWith } = require(path.join(dist, 'src', 'domain', 'order'));
  const { orderStartOptions } = require(path.join(dist, 'src', 'domain', 'order-run'));
  const { approveOrder } = require(path.join(dist, 'src', 'domain', 'contract'));
  const found = findDevServer({});
  if (!found || 'problem' in found) throw new Error('no dev server executable: run `npm run provision`');
  Runtime.install({
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    logger: new DefaultLogger('ERROR'),
  });
  const environment = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: found.path },
      log: { format: 'pretty', level: 'error' },
      extraArgs: [...DEV_SERVER_TUNING],
    },
  });
  try {
    const target = {
      connection: environment.nativeConnection,
      namespace: 'default',
      taskQueue: 'order-task-queue',
    };
    const workers = [
      await Worker.create({
        ...target,
        workflowBundle: { codePath: path.join(dist, 'bundles', 'standard.js') },
      }),
      await Worker.create({ ...target, activities: createActivities({ speed }) }),
    ];
    const running = workers.map((worker) => worker.run());
    const spec = { order: orderWith({}), inventoryDown: false, approval: 'auto', speed };
    const workflowId = `order-order-1-${Date.now()}`;
    const handle = await environment.client.workflow.start(
      'OrderWorkflow',
      orderStartOptions(spec, workflowId),
    );
    await untilWaitingForApproval(environment.client, workflowId);
    await handle.signal(approveOrder);
    const result = await handle.result();
    for (const worker of workers) worker.shutdown();
    await Promise.all(running);
    process.stdout.write(`${workflowId}: ${result}\n`);
  } finally {
    await environment.teardown();
  }
}

main().catch((error) => {
  process.stderr.write(`bare happy path failed: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
