// Every run in the catalog is a command of the same name, built by the one command path; and every event the
// story can receive is told (the compiler holds this table to every event type, and the story's tellers, one record
// per topic, to them as well).
import { Config } from '@oclif/core';
import { expect } from 'chai';
import { RUN_CATALOG } from '../../src/cli/run-catalog';
import type { EventOfType, ProgressEventType } from '../../src/events/events';
import { packageRoot } from '../../src/processes/server-executables';
import { storyOf } from '../helpers/story';

const failure = { workflowId: 'wf', runId: 'run', address: '127.0.0.1:7233', namespace: 'default' };

/** One event of every type: leaving a type out does not compile. */
const SAMPLES: { [Type in ProgressEventType]: EventOfType<Type> } = {
  'packing.slip-acquired': { type: 'packing.slip-acquired', attempt: 1, slipId: 'SLIP-1', total: 3 },
  'packing.resumed': { type: 'packing.resumed', attempt: 2, slipId: 'SLIP-1', fromIndex: 1, total: 3 },
  'packing.item-packed': {
    type: 'packing.item-packed',
    attempt: 1,
    slipId: 'SLIP-1',
    index: 0,
    sku: 'SKU-001',
    total: 3,
  },
  'ledger.duplicate-absorbed': {
    type: 'ledger.duplicate-absorbed',
    service: 'warehouse',
    action: 'pack',
    key: 'k',
    description: 'already packed',
  },
  'activity.started': { type: 'activity.started', activity: 'process_payment', attempt: 1 },
  'activity.completed': { type: 'activity.completed', activity: 'process_payment', attempt: 1, result: 'ok' },
  'activity.cancelled': { type: 'activity.cancelled', activity: 'pack_order_items', attempt: 1 },
  'activity.unregistered': {
    type: 'activity.unregistered',
    activity: 'refund_payment',
    attempt: 1,
    worker: 'python-worker',
    message: 'Activity function refund_payment is not registered on this worker',
  },
  'update.accepted': { type: 'update.accepted', update: 'approve_order_update' },
  'cancel.sent': { type: 'cancel.sent', workflowId: 'wf', heartbeatEveryMs: 2400 },
  'cancel.received': { type: 'cancel.received' },
  'compensation.scheduled': { type: 'compensation.scheduled', activity: 'refund_payment' },
  'command.ran': {
    type: 'command.ran',
    arguments: ['approve', 'wf', '--update'],
    exitCode: 1,
    output: 'Error: the order expired 4 s ago',
  },
  'workflow.cancelled': { type: 'workflow.cancelled' },
  'activity.failed': {
    type: 'activity.failed',
    activity: 'process_payment',
    attempt: 1,
    message: 'no',
    retry: 'non-retryable',
  },
  'chaos.planned': {
    type: 'chaos.planned',
    seed: 1,
    speed: 10,
    retryPolicy: 'idempotent',
    compensate: true,
    orders: 2,
    kinds: { plain: 2 },
    windowMs: 1000,
    activityWorkers: 1,
    workflowWorkers: 1,
    plannedFaults: {
      'activity-worker': 1,
      'workflow-worker': 0,
      server: 0,
      'history-host': 1,
      'matching-host': 0,
      database: 1,
      'region-failover': 0,
    },
  },
  'chaos.order-closed': { type: 'chaos.order-closed', number: 1, outcome: 'fulfilled' },
  'chaos.fault': { type: 'chaos.fault', target: 'activity-worker', plannedAtMs: 1, atMs: 2, killedPid: 3 },
  'chaos.fault-skipped': {
    type: 'chaos.fault-skipped',
    target: 'history-host',
    plannedAtMs: 1,
    atMs: 2,
    host: 'history 1',
    notRunning: ['history 2'],
  },
  'cluster.service-exited': {
    type: 'cluster.service-exited',
    service: 'history 2',
    pid: 4,
    exitCode: 1,
    signal: null,
    lastLines: ['unable to connect to the database'],
    restartInMs: 250,
  },
  'cluster.service-restarted': {
    type: 'cluster.service-restarted',
    service: 'history 2',
    pid: 5,
    attempt: 1,
  },
  'bench.load-started': { type: 'bench.load-started', load: 1, loads: 2, orders: 10, workerProcesses: 1 },
  'bench.order-closed': { type: 'bench.order-closed', completed: 1, total: 10 },
  'server.starting': { type: 'server.starting', kind: 'dev-server' },
  'server.step': { type: 'server.step', text: 'starting PostgreSQL' },
  'shards.owned': { type: 'shards.owned', owners: { 'history 1': [1, 2], 'history 2': [3] }, orderShard: 3 },
  'history-host.killed': {
    type: 'history-host.killed',
    host: 'history 2',
    pid: 4,
    shards: [3],
    while: 'packing is in flight',
  },
  'shards.moved': {
    type: 'shards.moved',
    moves: [{ shardId: 3, from: 'history 2', to: 'history 1', rangeIdBefore: 2, rangeIdAfter: 3 }],
    afterMs: 5000,
    why: 'failover',
  },
  'history-host.restarted': { type: 'history-host.restarted', host: 'history 2', pid: 5, downMs: 6000 },
  'region.failover': {
    type: 'region.failover',
    how: 'planned',
    from: 'region-a',
    to: 'region-b',
    versionBefore: 1,
    versionAfter: 2,
    tookMs: 3400,
  },
  'region.lost': {
    type: 'region.lost',
    region: 'region-a',
    pids: [7, 8, 9],
    while: 'packing',
    eventsBehind: [{ workflowId: 'wf', own: 20, replicated: 14 }],
  },
  'region.restarted': { type: 'region.restarted', region: 'region-a', pid: 10, downMs: 9000 },
  'region.link-cut': { type: 'region.link-cut', how: 'black-hole' },
  'region.link-healed': { type: 'region.link-healed', cutMs: 12000 },
  'region.lag': { type: 'region.lag', workflowId: 'wf', region: 'region-a', behind: 4, sinceCutMs: 3000 },
  'regions.converged': { type: 'regions.converged', workflowId: 'wf', events: 30, afterMs: 2500 },
  'server.ready': {
    type: 'server.ready',
    kind: 'dev-server',
    address: '127.0.0.1:7233',
    namespace: 'default',
  },
  'worker.started': {
    type: 'worker.started',
    role: 'workflow',
    host: 'in-process',
    alsoIn: ['region-b'],
  },
  'worker.stopped': { type: 'worker.stopped', role: 'workflow' },
  'worker.killed': { type: 'worker.killed', role: 'activity', pid: 1, signal: 'SIGKILL' },
  'workflow.started': {
    type: 'workflow.started',
    workflowId: 'wf',
    runId: 'run',
    orderId: 'order-1',
    inventoryDown: false,
    itemsToPack: 0,
  },
  'activity.retry-scheduled': {
    type: 'activity.retry-scheduled',
    activity: 'reserve_inventory',
    nextAttempt: 2,
    delayMs: 1000,
  },
  'approval.waiting': { type: 'approval.waiting', windowMs: 30_000 },
  'approval.manual': { type: 'approval.manual', workflowId: 'wf', approveArguments: ['approve', 'wf'] },
  'signal.sent': { type: 'signal.sent', signal: 'approve_order', workflowId: 'wf' },
  'signal.received': { type: 'signal.received', signal: 'approve_order' },
  'approval.expired': { type: 'approval.expired' },
  'workflow-task.failed': { type: 'workflow-task.failed', message: 'bug' },
  'workflow-task.retrying': { type: 'workflow-task.retrying', attempt: 2 },
  'checkpoint.recorded': {
    type: 'checkpoint.recorded',
    attempt: 1,
    index: 0,
    sku: 'SKU-001',
    slipId: 'SLIP-1',
  },
  'activity.timed-out': {
    type: 'activity.timed-out',
    activity: 'pack_order_items',
    attempt: 1,
    timeoutType: 'HEARTBEAT',
    nextAttempt: 2,
  },
  'heartbeat-timeout.waiting': {
    type: 'heartbeat-timeout.waiting',
    heartbeatTimeoutMs: 3000,
    remainingMs: 2000,
    throttleMs: 2400,
    serverIndex: 1,
    serverSku: 'SKU-002',
    workerIndex: 2,
    slipId: 'SLIP-1',
  },
  'failure.located': {
    type: 'failure.located',
    ...failure,
    eventId: 7,
    message: 'Invalid credit card expiry',
  },
  'sticky-queue.waiting': {
    type: 'sticky-queue.waiting',
    crashedIdentity: 'a',
    replacementIdentity: 'b',
    timeoutMs: 1000,
  },
  'workflow.replayed': {
    type: 'workflow.replayed',
    identity: 'b',
    replayedEvents: 20,
    receivedUpToEventId: 25,
    stickyTimedOut: true,
    activitiesScheduled: { process_payment: 1 },
    timersStarted: 1,
  },
  'server.killed': { type: 'server.killed', pid: 1, dbFilename: 'temporal.sqlite', while: 'packing' },
  'server.restarted': {
    type: 'server.restarted',
    pid: 2,
    address: '127.0.0.1:7233',
    downMs: 900,
    workers: [],
  },
  'workflow.completed': { type: 'workflow.completed', result: 'Order fulfilled' },
  'workflow.failed': { type: 'workflow.failed', message: 'Activity task failed' },
  note: { type: 'note', text: 'a note' },
  'act.started': { type: 'act.started', act: 1, acts: 3, title: 'Unpatched' },
  'act.skipped': { type: 'act.skipped', act: 3, acts: 3, title: 'Worker Versioning', reason: 'not here' },
  'order.reached': {
    type: 'order.reached',
    orderId: 'o',
    version: 'version 1',
    stage: 'waiting for approval',
    eventId: 12,
  },
  'workflow-task.nondeterministic': {
    type: 'workflow-task.nondeterministic',
    orderId: 'o',
    eventId: 16,
    cause: 'NonDeterministicError',
    divergence: {
      eventId: 5,
      history: 'ActivityTaskScheduled process_payment',
      code: 'emitted ScheduleActivityTask check_fraud',
      message: '[TMPRL1100] Nondeterminism error',
    },
  },
  'order.stuck': {
    type: 'order.stuck',
    orderId: 'o',
    status: 'RUNNING',
    workflowTaskAttempt: 2,
    completedActivities: ['process_payment'],
    signals: 1,
  },
  'order.closed': {
    type: 'order.closed',
    orderId: 'o',
    version: 'version 1',
    result: 'Order fulfilled',
    activities: ['process_payment'],
    patch: { patchId: 'p', deprecated: false },
  },
  'replay-gate.checked': {
    type: 'replay-gate.checked',
    against: 'v2',
    verdicts: [{ name: 'wf', eventCount: 20, passed: true, open: true }],
  },
  'deployment.current-version': {
    type: 'deployment.current-version',
    deploymentName: 'd',
    buildId: 'v1',
    taskQueue: 'q',
  },
  'deployment.drained': { type: 'deployment.drained', deploymentName: 'd', buildId: 'v1' },
  'order.pinned': {
    type: 'order.pinned',
    orderId: 'o',
    behavior: 'pinned',
    deploymentName: 'd',
    buildId: 'v1',
  },
};

/** Told without a line of their own: they move the live progress line. */
const PROGRESS_ONLY: readonly ProgressEventType[] = ['chaos.order-closed', 'bench.order-closed'];

describe('every run has its command, every event its telling', () => {
  it('every run in the catalog is a command of the same name, with its summary', async () => {
    const config = await Config.load(packageRoot());
    for (const run of RUN_CATALOG) {
      const command = config.findCommand(run.name);
      expect(command, `no command ${run.name}`).to.not.equal(undefined);
      expect(command?.summary).to.equal(run.summary);
    }
  });

  for (const [type, event] of Object.entries(SAMPLES)) {
    it(`the story tells ${type}`, () => {
      const told = storyOf([event]);
      if (!PROGRESS_ONLY.includes(type as ProgressEventType)) expect(told.trim()).to.not.equal('');
    });
  }
});
