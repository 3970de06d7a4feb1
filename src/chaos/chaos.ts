// `chaos`: many orders of every kind while worker processes and the server are killed at the moments a seeded plan
// chooses; then every order is audited against the server's history and the ledger.
import { RETRY_POLICY_CHOICES } from '../domain/order-run';
import { processesLeftBehind } from '../processes/watchdog';
import type { OptionValues } from '../runs/options';
import { serverProcessIds } from '../temporal/servers/server';
import { option } from '../runs/options';
import type { RunReport, Runnable, ServerChoice } from '../runs/runnable';
import { choiceOf, requireRealTime } from '../runs/runnable';
import { InvalidInputError } from '../domain/errors';
import type { ChaosAudit } from '../verification/chaos-audit';
import { chaosChecks } from '../verification/chaos-audit';
import type { Check } from '../verification/checks';
import { allPassed } from '../verification/checks';
import type { FaultRecord, SkippedFault, SupervisionRecord } from './driver';
import { auditChaosRun, runChaos } from './driver';
import type { ChaosPlan } from './plan';
import { regionChecks } from './regions';
import { CHAOS_ORDER_KINDS, chaosPlan, faultCounts } from './plan';

const MAX_POOL = 8;
const MAX_SEED = 2 ** 31 - 1;

const options = {
  orders: option.integer({ description: 'Orders to run.', default: 100, min: 1, max: 1000 }),
  activityWorkers: option.integer({
    description: 'Activity worker processes.',
    default: 2,
    min: 1,
    max: MAX_POOL,
  }),
  workflowWorkers: option.integer({
    description: 'Workflow worker processes.',
    default: 2,
    min: 1,
    max: MAX_POOL,
  }),
  killActivityWorkers: option.integer({
    description: 'Activity worker kills (SIGKILL), each replaced by a new process.',
    default: 20,
    min: 0,
    max: 200,
  }),
  killWorkflowWorkers: option.integer({
    description: 'Workflow worker kills (SIGKILL), each replaced by a new process.',
    default: 3,
    min: 0,
    max: 50,
  }),
  serverRestarts: option.optionalInteger({
    description: 'Kills (SIGKILL) and restarts of the embedded dev server on its SQLite file.',
    defaultHelp: '1; 0 with --server cluster, whose faults are its own',
    min: 0,
    max: 10,
  }),
  killHistoryHosts: option.optionalInteger({
    description:
      'Kills (SIGKILL) of a history host of the cluster, each started again once the other host has taken its shards.',
    defaultHelp: '2 with --server cluster, else 0',
    min: 0,
    max: 10,
  }),
  killMatching: option.optionalInteger({
    description: 'Kills (SIGKILL) of the cluster’s matching service, each started again at once.',
    defaultHelp: '1 with --server cluster, else 0',
    min: 0,
    max: 10,
  }),
  databaseRestarts: option.optionalInteger({
    description: 'Crashes of the cluster’s PostgreSQL (an immediate shutdown), each started again at once.',
    defaultHelp: '1 with --server cluster, else 0',
    min: 0,
    max: 10,
  }),
  regionFailovers: option.optionalInteger({
    description:
      'Failovers of the namespace between the two regions, planned (a handover) and forced in turn, each to the ' +
      'other region.',
    defaultHelp: '2 with --server regions, else 0',
    min: 0,
    max: 10,
  }),
  seed: option.optionalInteger({
    description: 'Seed of the plan of orders and faults.',
    defaultHelp: 'random, printed',
    min: 0,
    max: MAX_SEED,
  }),
  retryPolicy: option.choice({
    choices: RETRY_POLICY_CHOICES,
    default: 'idempotent',
    description:
      'idempotent: payment and reservation are retried after a timeout (the services take idempotency keys); ' +
      'sample: one attempt, as in the sample.',
  }),
  compensate: option.switch({
    default: true,
    description:
      'Orders that end without delivery refund the charge and release the stock; --no-compensate keeps both, as ' +
      'the sample does, and the audit lists those orders.',
  }),
};

type ChaosOptions = OptionValues<typeof options>;

/** The fault counts these options ask for, on this server (the defaults depend on what it can do). */
export function faultSettings(
  options: ChaosOptions,
  server: Pick<ServerChoice, 'killableServices' | 'failoverRegions'>,
) {
  const onCluster = server.killableServices;
  return {
    serverRestarts: options.serverRestarts ?? (onCluster || server.failoverRegions ? 0 : 1),
    killHistoryHosts: options.killHistoryHosts ?? (onCluster ? 2 : 0),
    killMatching: options.killMatching ?? (onCluster ? 1 : 0),
    databaseRestarts: options.databaseRestarts ?? (onCluster ? 1 : 0),
    regionFailovers: options.regionFailovers ?? (server.failoverRegions ? 2 : 0),
  };
}

export interface ChaosReport extends RunReport {
  plan: ChaosPlan;
  audit: ChaosAudit;
  /** The audit's verdict, check by check: the run passes when every one holds. */
  checks: Check[];
  faults: FaultRecord[];
  /** Faults of the cluster that struck nothing: what they strike or need was not running. */
  skippedFaults: SkippedFault[];
  /** Worker processes that exited without being killed (each was replaced). */
  unexpectedWorkerExits: number;
  /** The cluster's services that exited on their own, and their supervisor's restarts. */
  supervision: SupervisionRecord[];
  leftoverProcesses: number[];
  /** On two regions: every order's copies equal, and the calls made again in the other region (also in checks). */
  regionChecks?: Check[];
  durationMs: number;
  /** The kept ledger's folder (--keep-ledger), which also holds the server's state file. */
  keptIn?: string;
  /** The server's state file, for a person to browse the histories afterwards. */
  serverFile?: string;
}

export const chaos: Runnable<typeof options, ChaosReport> = {
  name: 'chaos',
  title: 'Chaos: many orders while workers and the server are killed at random',
  summary:
    'Many orders at once while worker processes and the server are killed at random; then a full audit.',
  lesson:
    'Temporal promises that every order reaches its designed end whatever crashes along the way, and that ' +
    'activities run at least once — so effects must be idempotent. Here workers die mid-call and the server ' +
    'itself goes down, over and over; afterwards every order is audited against the server’s history and ' +
    'every effect against the external systems’ ledger: nothing lost, nothing stuck, nothing done twice — and, ' +
    'with compensation, every order that does not ship gives the money and the stock back, exactly once.',
  speed: 10,
  options,
  validate(options, server) {
    requireRealTime(
      chaos.name,
      server,
      'a killed worker is found out by timeouts that must elapse in real time, and this server would skip them',
    );
    const { serverRestarts, regionFailovers } = faultSettings(options, server);
    if (regionFailovers > 0 && !server.failoverRegions) {
      throw new InvalidInputError(
        `--region-failovers ${regionFailovers}: failovers between the two regions this command starts, which ` +
          'needs --server regions' +
          (server.address ? ` (not ${server.address.value}, from ${server.address.source})` : ''),
      );
    }
    const clusterFaults = (
      [
        ['--kill-history-hosts', options.killHistoryHosts],
        ['--kill-matching', options.killMatching],
        ['--database-restarts', options.databaseRestarts],
      ] as const
    ).filter(([, count]) => (count ?? 0) > 0);
    if (clusterFaults.length > 0 && !server.killableServices) {
      const flags = clusterFaults.map(([flag]) => flag).join(', ');
      throw new InvalidInputError(
        `${flags}: faults of the cluster this command starts, which needs --server cluster` +
          (server.address ? ` (not ${server.address.value}, from ${server.address.source})` : ''),
      );
    }
    if (serverRestarts > 0 && !server.restartable) {
      throw new InvalidInputError(
        `--server-restarts ${serverRestarts} needs the embedded dev server, which chaos can kill and restart, but ` +
          (server.address
            ? `${server.address.source} names ${server.address.value}`
            : `the ${server.label} server cannot be restarted`) +
          ': add --server-restarts 0',
      );
    }
  },
  needs: () => ({ restartable: true, stateWithLedger: true }),
  ledger: 'fresh',
  async run(context, options) {
    const plan = chaosPlan({
      ...options,
      ...faultSettings(options, choiceOf(context.server)),
      seed: options.seed ?? Math.floor(Math.random() * 1_000_000),
      speed: context.speed,
    });
    const { settings } = plan;
    context.events.emit({
      type: 'chaos.planned',
      seed: settings.seed,
      speed: settings.speed,
      retryPolicy: settings.retryPolicy,
      compensate: settings.compensate,
      orders: settings.orders,
      kinds: Object.fromEntries(
        CHAOS_ORDER_KINDS.map((kind) => [kind, plan.orders.filter((order) => order.kind === kind).length]),
      ),
      windowMs: plan.windowMs,
      activityWorkers: settings.activityWorkers,
      workflowWorkers: settings.workflowWorkers,
      plannedFaults: faultCounts(plan.faults),
    });
    const run = await runChaos(context, plan);
    const audit = await auditChaosRun(run.activeServer, run, context.ledger, settings);
    // The server is this command's to keep (--keep-server) or stop; anything else still running is left behind.
    const serverPids = serverProcessIds(context.server);
    const leftoverProcesses = processesLeftBehind().filter((pid) => !serverPids.has(pid));
    const executions = run.orders.map((order) => ({
      workflowId: order.workflowId,
      runId: order.runId ?? '',
    }));
    const regions = context.server.regions
      ? await regionChecks(
          context.server.regions,
          executions,
          context.ledger,
          run.regionOfWorker,
          context.signal,
        )
      : undefined;
    const checks = [...chaosChecks(audit, leftoverProcesses), ...(regions ?? [])];
    return {
      passed: allPassed(checks),
      plan,
      audit,
      checks,
      faults: run.faults,
      skippedFaults: run.skippedFaults,
      unexpectedWorkerExits: run.unexpectedWorkerExits,
      supervision: run.supervision,
      leftoverProcesses,
      regionChecks: regions,
      durationMs: Date.now() - run.startedAt,
      keptIn: context.ledgerKept ? context.ledgerFolder : undefined,
      serverFile: context.server.stateFile,
    };
  },
};
