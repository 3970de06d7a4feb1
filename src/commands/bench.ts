import { Flags } from '@oclif/core';
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import ora from 'ora';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags, executableFlags } from '../cli/flags';
import { openServer, settingsFromFlags } from '../cli/server-connection';
import { EXIT, InvalidInputError } from '../domain/errors';
import { parseSpeed } from '../domain/speed';
import { EventBus } from '../events/event-bus';
import { benchProgress, renderBenchFigures, renderScaling } from '../narration/bench-report';
import type { BenchFigures, BenchSettings, WorkerPlacement } from '../scenarios/bench';
import { Bench, WORKER_PLACEMENTS, workerProcesses } from '../scenarios/bench';
import type { TemporalServer } from '../temporal/servers/server';

const PLAIN_PROGRESS_EVERY_MS = 5_000;
const MAX_POOL = 8;

function parseWorkerCounts(input: string): number[] {
  const counts = input.split(',').map((part) => Number(part.trim()));
  if (
    counts.length === 0 ||
    counts.some((count) => !Number.isInteger(count) || count < 1 || count > MAX_POOL)
  ) {
    throw new InvalidInputError(`expected pool sizes from 1 to ${MAX_POOL}, e.g. 1,2,4`);
  }
  return counts;
}

export default class BenchCommand extends BaseCommand<typeof BenchCommand> {
  static override id = 'bench';
  static override enableJsonFlag = true;
  static override summary =
    'Orders per second and latency of the real workflow and activities, on this machine.';
  static override description =
    'Runs --warmup and then --orders orders through OrderWorkflow and its activities at --speed (100: about ' +
    '10 ms per activity), --concurrency of them in flight at once, each approved with its start ' +
    '(signal-with-start). Reports orders per second over the measured window, latency from start to result, ' +
    'activity tasks per second, and the CPU and peak memory of the server and the workers. Every order must end ' +
    '"Order fulfilled" (exit 1 otherwise, naming the others). On the embedded dev server by default, tuned (see ' +
    'the README, Performance), with one worker process for workflows and activities; --sdk-defaults runs ' +
    'the same load on the dev server’s own settings.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'Workers in this process', command: '<%= config.bin %> <%= command.id %> --in-process' },
    {
      description: 'Workflow and activity workers apart, as in the sample',
      command: '<%= config.bin %> <%= command.id %> --placement split',
    },
    {
      description: 'How it scales with worker processes',
      command: '<%= config.bin %> <%= command.id %> --compare-workers 1,2,4',
    },
    {
      description: 'Against a cluster, for a script',
      command: '<%= config.bin %> <%= command.id %> --address my-cluster:7233 --namespace bench --json',
    },
  ];
  static override flags = {
    orders: Flags.integer({
      default: 500,
      min: 1,
      max: 100_000,
      description: 'Orders measured (after the warm-up).',
    }),
    warmup: Flags.integer({
      default: 50,
      min: 0,
      max: 10_000,
      description: 'Orders run first and left out of the figures.',
    }),
    concurrency: Flags.integer({
      // More in flight than the 200 measured a few percent more orders per second (at a higher p99).
      default: 400,
      min: 1,
      max: 5_000,
      description: 'Orders in flight at once.',
    }),
    placement: Flags.option({
      options: WORKER_PLACEMENTS,
      default: 'combined' as WorkerPlacement,
      description:
        'combined: each worker process runs workflows and activities, so the server hands an activity over with ' +
        'the workflow task that scheduled it; split: workflow and activity workers apart, as in the sample.',
    })(),
    workers: Flags.integer({
      default: 1,
      min: 1,
      max: MAX_POOL,
      description: 'Worker processes (--placement combined).',
    }),
    'workflow-workers': Flags.integer({
      default: 1,
      min: 1,
      max: MAX_POOL,
      description: 'Workflow worker processes (--placement split).',
    }),
    'activity-workers': Flags.integer({
      default: 1,
      min: 1,
      max: MAX_POOL,
      description: 'Activity worker processes (--placement split).',
    }),
    'in-process': Flags.boolean({
      description: 'Run the workers in this process instead of worker processes.',
      exclusive: ['compare-workers', 'workers', 'workflow-workers', 'activity-workers'],
    }),
    speed: Flags.custom<number>({
      default: 100,
      description: 'Divide every simulated latency and timeout by this (0.1–100).',
      parse: async (input) => parseSpeed(input),
    })(),
    pack: Flags.integer({
      default: 0,
      min: 0,
      max: 100,
      description: 'Items packed per order (a fourth activity).',
    }),
    'compare-workers': Flags.custom<number[]>({
      description:
        'Run the same load on each of these numbers of worker processes (each role) and print the scaling table.',
      parse: async (input) => parseWorkerCounts(input),
    })(),
    'sdk-defaults': Flags.boolean({
      description:
        'Leave the SDK’s worker options and the dev server’s settings at their defaults (no tuning).',
    }),
    ...executableFlags,
    ...connectionFlags,
  };

  /** Whether the tuned settings apply (not --sdk-defaults). */
  private tuned = true;

  async run(): Promise<object> {
    const { flags } = this;
    const settings = settingsFromFlags(flags);
    const misplaced =
      flags.placement === 'split'
        ? flags.workers !== 1 && '--workers'
        : (flags['workflow-workers'] !== 1 || flags['activity-workers'] !== 1) &&
          '--workflow-workers and --activity-workers';
    if (misplaced) throw new InvalidInputError(`${misplaced}: not for --placement ${flags.placement}`);
    const sizes = flags['compare-workers'];
    const tuned = !flags['sdk-defaults'];
    this.tuned = tuned;
    const events = new EventBus();
    const story = this.storyFor(events);
    let server: TemporalServer;
    try {
      server = await openServer(
        settings,
        {
          kind: 'dev-server',
          temporalCliPath: flags['temporal-cli'],
          ownProcess: true,
          untuned: !tuned,
          verbose: flags.verbose,
        },
        { events, teardown: this.teardown, verbose: flags.verbose },
      );
    } finally {
      story?.stop();
    }
    const split = flags.placement === 'split';
    const base: BenchSettings = {
      orders: flags.orders,
      warmup: flags.warmup,
      concurrency: flags.concurrency,
      placement: flags.placement,
      workflowWorkers: split ? flags['workflow-workers'] : flags.workers,
      activityWorkers: split ? flags['activity-workers'] : flags.workers,
      inProcess: flags['in-process'] ?? false,
      speed: flags.speed,
      pack: flags.pack,
    };
    const runs = sizes
      ? sizes.map((size) => ({ ...base, activityWorkers: size, workflowWorkers: size }))
      : [base];
    const c = new Chalk({ level: this.useColor ? 1 : 0 });
    const serverLabel = `${server.kind} ${server.address}${server.ownProcess ? (tuned ? ', tuned' : ', defaults') : ''}`;
    const results: BenchFigures[] = [];
    for (const run of runs) {
      results.push(await this.measure(server, run, serverLabel, c));
      if (this.interruption.signal.aborted) break;
    }
    if (sizes && !this.jsonEnabled()) {
      this.log('Scaling (this machine: the server and every worker share its cores):');
      this.log(renderScaling(results, c));
    }
    const failures = results.flatMap((figures) => figures.failures);
    process.exitCode = failures.length > 0 ? EXIT.failed : EXIT.ok;
    const json = results.map((figures) => this.figuresJson(figures, server));
    return sizes ? { runs: json } : json[0];
  }

  /** One load: workers up, orders run with a progress line, workers down, figures printed. */
  private async measure(
    server: TemporalServer,
    settings: BenchSettings,
    serverLabel: string,
    c: ChalkInstance,
  ): Promise<BenchFigures> {
    const bench = new Bench({ server, teardown: this.teardown, signal: this.interruption.signal }, settings);
    const human = !this.jsonEnabled();
    await bench.startWorkers();
    // Ctrl+C: the figures so far are printed before anything stops (the teardown closes the latest first).
    const forgetFigures = this.teardown.add('bench figures so far', async () => {
      if (!this.interruption.signal.aborted) return;
      if (human) this.log(renderBenchFigures(bench.figures(), serverLabel, c));
      else this.logJson(this.figuresJson(bench.figures(), server));
    });
    const spinner = human && this.useColor ? ora({ discardStdin: false }).start() : undefined;
    const startedAt = Date.now();
    let lastPlainAt = startedAt;
    await bench.run(() => {
      const line = benchProgress(bench.completed, bench.total, startedAt);
      if (spinner) spinner.text = line;
      else if (human && Date.now() - lastPlainAt >= PLAIN_PROGRESS_EVERY_MS) {
        lastPlainAt = Date.now();
        this.log(line);
      }
    });
    spinner?.stop();
    const figures = bench.figures();
    forgetFigures();
    await bench.stopWorkers();
    if (human) {
      this.log(renderBenchFigures(figures, serverLabel, c));
      for (const failure of figures.failures.slice(0, 10)) {
        this.logToStderr(`not fulfilled: ${failure.workflowId}: ${failure.outcome}`);
      }
      if (figures.failures.length > 10) this.logToStderr(`… and ${figures.failures.length - 10} more`);
    }
    return figures;
  }

  private figuresJson(figures: BenchFigures, server: TemporalServer) {
    const { settings } = figures;
    return {
      ordersPerSecond: Number(figures.ordersPerSecond.toFixed(2)),
      latencyMs: figures.latencyMs,
      activityTasksPerSecond: Number(figures.activityTasksPerSecond.toFixed(2)),
      orders: figures.measured,
      warmup: settings.warmup,
      windowMs: figures.windowMs,
      concurrency: settings.concurrency,
      workers: {
        placement: settings.placement,
        inProcess: settings.inProcess,
        processes: workerProcesses(settings),
        workflow: settings.inProcess ? 1 : settings.workflowWorkers,
        activity: settings.inProcess ? 1 : settings.activityWorkers,
      },
      server: {
        kind: server.kind,
        address: server.address,
        tuned: this.tuned && server.ownProcess !== undefined,
      },
      speed: settings.speed,
      pack: settings.pack,
      resources: figures.resources,
      failures: figures.failures,
      interrupted: figures.interrupted,
    };
  }
}
