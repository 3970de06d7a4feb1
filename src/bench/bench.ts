// `bench`: orders per second and latency of the real workflow and activities on this machine, over workers in this
// process or in worker processes, optionally on several pool sizes to show how it scales.
import { InvalidInputError } from '../domain/errors';
import { MAX_ITEMS_PER_PACKING_ATTEMPT } from '../domain/speed';
import type { ServerKind } from '../events/events';
import { option } from '../runs/options';
import type { RunContext, RunReport, Runnable } from '../runs/runnable';
import { requireRealTime } from '../runs/runnable';
import type { BenchFigures, BenchSettings } from './load';
import { Load, MEASURABLE_RATE, WORKER_PLACEMENTS, workerProcesses } from './load';

const MAX_POOL = 8;

function parseWorkerCounts(input: string): number[] {
  const counts = input.split(',').map((part) => Number(part.trim()));
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > MAX_POOL)) {
    throw new InvalidInputError(`expected pool sizes from 1 to ${MAX_POOL}, e.g. 1,2,4`);
  }
  return counts;
}

const pool = (description: string) => option.integer({ description, default: 1, min: 1, max: MAX_POOL });

const options = {
  orders: option.integer({
    description: `Orders measured (after the warm-up): at least ${MEASURABLE_RATE.orders}, and no fewer than --concurrency after a warm-up, for the figures to make a rate.`,
    default: 500,
    min: MEASURABLE_RATE.orders,
    max: 100_000,
  }),
  warmup: option.integer({
    description: 'Orders run first and left out of the figures.',
    default: 50,
    min: 0,
    max: 10_000,
  }),
  // More in flight than 200 measured a few percent more orders per second (at a higher p99).
  concurrency: option.integer({ description: 'Orders in flight at once.', default: 400, min: 1, max: 5_000 }),
  placement: option.choice({
    choices: WORKER_PLACEMENTS,
    default: 'combined',
    description:
      'combined: each worker process runs workflows and activities, so the server hands an activity over with ' +
      'the workflow task that scheduled it; split: workflow and activity workers apart, as in the sample.',
  }),
  workers: pool('Worker processes (--placement combined).'),
  workflowWorkers: pool('Workflow worker processes (--placement split).'),
  activityWorkers: pool('Activity worker processes (--placement split).'),
  inProcess: option.switch({
    description: 'Run the workers in this process instead of worker processes.',
    exclusive: ['compareWorkers', 'workers', 'workflowWorkers', 'activityWorkers'],
  }),
  pack: option.integer({
    description: `Items packed per order (a fourth activity), at most ${MAX_ITEMS_PER_PACKING_ATTEMPT}: one attempt packs no more.`,
    default: 0,
    min: 0,
    max: MAX_ITEMS_PER_PACKING_ATTEMPT,
  }),
  compareWorkers: option.list({
    description:
      'Run the same load on each of these numbers of worker processes (each role) and print the scaling table.',
    parse: parseWorkerCounts,
  }),
  sdkDefaults: option.switch({
    description:
      'Leave the SDK’s worker options and the dev server’s settings at their defaults (no tuning).',
  }),
};

export interface BenchReport extends RunReport {
  /** One load, or one per pool size of --compare-workers. */
  runs: BenchFigures[];
  compared: boolean;
  server: { kind: ServerKind; address: string; ownProcess: boolean; tuned: boolean };
}

/** One load: workers up, its orders run, workers down; Ctrl+C meanwhile shows its figures so far. */
async function measure(
  context: RunContext<BenchReport>,
  settings: BenchSettings,
  report: (runs: BenchFigures[]) => BenchReport,
): Promise<BenchFigures> {
  const load = new Load(context, settings);
  await load.startWorkers();
  // Registered after the workers: on Ctrl+C it runs first, while they are still there to be measured.
  const forget = context.whenInterrupted(() => report([load.figures()]));
  await load.run();
  if (!context.signal.aborted) await load.countStateTransitions();
  await load.untilReplicated();
  const figures = load.figures();
  forget();
  await load.stopWorkers();
  return figures;
}

export const bench: Runnable<typeof options, BenchReport> = {
  name: 'bench',
  title: 'Bench: orders per second and latency on this machine',
  summary: 'Orders per second and latency of the real workflow and activities, on this machine.',
  lesson:
    'Every order is the real OrderWorkflow with its four activities, approved as it starts; what bounds the rate ' +
    'is the server persisting each step before it answers, and the workers’ share of the same cores.',
  speed: 100,
  options,
  validate(options, server) {
    requireRealTime(bench.name, server, 'latency measured on a server that skips time means nothing');
    const misplaced =
      options.placement === 'split'
        ? options.workers !== 1 && '--workers'
        : (options.workflowWorkers !== 1 || options.activityWorkers !== 1) &&
          '--workflow-workers and --activity-workers';
    if (misplaced) throw new InvalidInputError(`${misplaced}: not for --placement ${options.placement}`);
    // The window starts as the warm-up's last order closes; fewer measured orders than are in flight were all
    // started by then, and close within moments of each other: a wave, not a rate (Little's law: the window then
    // holds less than one order's own duration).
    if (options.warmup > 0 && options.orders < options.concurrency) {
      throw new InvalidInputError(
        `--orders ${options.orders} is fewer than --concurrency ${options.concurrency}: after the warm-up the ` +
          'measured orders would all be in flight at once and close within moments of each other, which makes no ' +
          `rate; give --orders ${options.concurrency} or more, --concurrency ${options.orders} or less, or --warmup 0`,
      );
    }
  },
  needs: ({ sdkDefaults }) => ({ ownProcess: true, untuned: sdkDefaults }),
  ledger: 'none',
  async run(context, options) {
    const split = options.placement === 'split';
    const base: BenchSettings = {
      orders: options.orders,
      warmup: options.warmup,
      concurrency: options.concurrency,
      placement: options.placement,
      workflowWorkers: split ? options.workflowWorkers : options.workers,
      activityWorkers: split ? options.activityWorkers : options.workers,
      inProcess: options.inProcess,
      speed: context.speed,
      pack: options.pack,
    };
    const sizes = options.compareWorkers;
    const loads = sizes
      ? sizes.map((size) => ({ ...base, activityWorkers: size, workflowWorkers: size }))
      : [base];
    const { server } = context;
    const report = (runs: BenchFigures[]): BenchReport => ({
      passed: runs.every((figures) => figures.failures.length === 0),
      runs,
      compared: sizes !== undefined,
      server: {
        kind: server.label,
        address: server.address,
        ownProcess: server.processes().length > 0,
        tuned: !options.sdkDefaults && server.processes().length > 0,
      },
    });
    const runs: BenchFigures[] = [];
    for (const [index, settings] of loads.entries()) {
      context.events.emit({
        type: 'bench.load-started',
        load: index + 1,
        loads: loads.length,
        orders: settings.warmup + settings.orders,
        workerProcesses: workerProcesses(settings),
      });
      runs.push(await measure(context, settings, report));
      if (context.signal.aborted) break;
    }
    return report(runs);
  },
};
