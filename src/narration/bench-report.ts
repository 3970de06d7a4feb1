// The bench's figures for a person and for a script: a progress line while it runs, a table of each load's figures
// with the orders that were not fulfilled, the scaling table of --compare-workers, and the JSON of --json.
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { BenchReport } from '../bench/bench';
import type { BenchFigures } from '../bench/load';
import { MEASURABLE_RATE, unmeasurableRate, workerProcesses } from '../bench/load';
import type { ReplicationLagFigures } from '../bench/replication-lag';
import { formatDuration, progressBar } from './format';
import type { Presenter } from './presenter';

/** Failures listed by name; the rest are counted. */
const FAILURES_LISTED = 10;

const MIB = 1024 * 1024;

export function benchProgress(completed: number, total: number, startedAt: number): string {
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? (completed / seconds).toFixed(0) : '0';
  return `${progressBar(completed, total, 30)} ${completed}/${total} orders · ${rate}/s so far`;
}

/** The replication lag's row: its percentiles, and of how many orders. */
export function replicationLagText(lag: ReplicationLagFigures): string {
  const every = lag.sampleEvery === 1 ? 'every order' : `1 in ${lag.sampleEvery}`;
  const within = `within ${lag.withinMs / 1000}s`;
  const sampled = `${lag.sampled} order${lag.sampled === 1 ? '' : 's'} sampled (${every})`;
  if (lag.maxMs === undefined) return `n/a: none of ${sampled} replicated to ${lag.standby} ${within}`;
  const missing = lag.notReplicated > 0 ? `, ${lag.notReplicated} not replicated ${within}` : '';
  return `${lag.p50Ms} / ${lag.p99Ms} / ${lag.maxMs} ms to ${lag.standby} · ${sampled}${missing}`;
}

function tableStyle(c: ChalkInstance) {
  return { compact: true, head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : [] };
}

export function renderBenchFigures(figures: BenchFigures, server: string, c: ChalkInstance): string {
  const { settings, latencyMs } = figures;
  const workers = settings.inProcess
    ? `in this process (${settings.placement})`
    : settings.placement === 'combined'
      ? `${settings.workflowWorkers} process${settings.workflowWorkers === 1 ? '' : 'es'}, each running workflows and activities`
      : `${settings.workflowWorkers} workflow + ${settings.activityWorkers} activity worker processes`;
  const unmeasurable = unmeasurableRate(figures);
  // Below the minimum the window times nothing: no rate is printed, only why.
  const rate = (text: string) => (unmeasurable ? 'n/a' : text);
  const table = new Table({ head: ['bench', 'figure'], style: tableStyle(c) });
  table.push(
    [
      'orders per second',
      unmeasurable ? c.yellow(`n/a: ${unmeasurable}`) : c.bold(figures.ordersPerSecond.toFixed(1)),
    ],
    [
      'latency p50 / p95 / p99 / max',
      `${latencyMs.p50} / ${latencyMs.p95} / ${latencyMs.p99} / ${latencyMs.max} ms`,
    ],
    ...(figures.replicationLag
      ? [['replication lag p50 / p99 / max', replicationLagText(figures.replicationLag)]]
      : []),
    ['activity tasks per second', rate(figures.activityTasksPerSecond.toFixed(0))],
    [
      'state transitions per second',
      figures.stateTransitionsPerSecond === undefined
        ? 'n/a'
        : rate(
            `${figures.stateTransitionsPerSecond.toFixed(0)} (${figures.stateTransitionsPerOrder} per order, from describe())`,
          ),
    ],
    [
      'orders measured',
      `${figures.measured} over ${formatDuration(figures.windowMs)} (after ${settings.warmup} warm-up)` +
        (figures.interrupted ? c.yellow(' — interrupted: figures so far') : ''),
    ],
    ['in flight at once', String(settings.concurrency)],
    ['workers', workers],
    ['server', server],
    [
      'speed',
      `${settings.speed} (${settings.pack > 0 ? `${settings.pack} items packed per order` : 'no packing'})`,
    ],
  );
  for (const process of figures.resources) {
    table.push([
      `${process.name} (pid ${process.pid})`,
      `CPU ${rate(`${process.cpuPercent}%`)} of a core · peak memory ${Math.round(process.peakRssBytes / MIB)} MiB`,
    ]);
  }
  return table.toString();
}

export function renderScaling(runs: readonly BenchFigures[], c: ChalkInstance): string {
  const table = new Table({
    head: ['worker processes', 'orders/s', 'p50 ms', 'p99 ms', 'CPU of the server', 'CPU of the workers'],
    style: tableStyle(c),
  });
  for (const run of runs) {
    const serverSide = run.resources.filter((process) => process.server);
    const server =
      serverSide.length > 0 ? serverSide.reduce((sum, process) => sum + process.cpuPercent, 0) : undefined;
    const workers = run.resources
      .filter((process) => !process.server)
      .reduce((sum, process) => sum + process.cpuPercent, 0);
    const measured = unmeasurableRate(run) === undefined;
    table.push([
      String(run.settings.workflowWorkers),
      measured ? run.ordersPerSecond.toFixed(1) : 'n/a (too few orders or too short)',
      String(run.latencyMs.p50),
      String(run.latencyMs.p99),
      server === undefined || !measured ? 'n/a' : `${server}%`,
      measured ? `${workers}%` : 'n/a',
    ]);
  }
  return table.toString();
}

function figuresJson(figures: BenchFigures, server: BenchReport['server']) {
  const { settings } = figures;
  return {
    ordersPerSecond: Number(figures.ordersPerSecond.toFixed(2)),
    /** False: too few orders or too short a window (below measurableMinimum); the rates above measure nothing. */
    rateMeasurable: unmeasurableRate(figures) === undefined,
    measurableMinimum: MEASURABLE_RATE,
    latencyMs: figures.latencyMs,
    activityTasksPerSecond: Number(figures.activityTasksPerSecond.toFixed(2)),
    stateTransitionsPerOrder: figures.stateTransitionsPerOrder,
    stateTransitionsPerSecond:
      figures.stateTransitionsPerSecond === undefined
        ? undefined
        : Number(figures.stateTransitionsPerSecond.toFixed(2)),
    /** On two regions: the standby's copies of a sample of the measured orders, from their close to closed there. */
    replicationLag: figures.replicationLag,
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
    server: { kind: server.kind, address: server.address, tuned: server.tuned },
    speed: settings.speed,
    pack: settings.pack,
    resources: figures.resources,
    failures: figures.failures,
    interrupted: figures.interrupted,
  };
}

export const benchPresenter: Presenter<BenchReport> = {
  conclude(report, display) {
    const c = new Chalk({ level: display.color ? 1 : 0 });
    const { server } = report;
    const label = `${server.kind} ${server.address}${server.ownProcess ? (server.tuned ? ', tuned' : ', defaults') : ''}`;
    for (const figures of report.runs) {
      display.line(renderBenchFigures(figures, label, c));
      for (const failure of figures.failures.slice(0, FAILURES_LISTED)) {
        display.problem(`not fulfilled: ${failure.workflowId}: ${failure.outcome}`);
      }
      if (figures.failures.length > FAILURES_LISTED) {
        display.problem(`… and ${figures.failures.length - FAILURES_LISTED} more`);
      }
    }
    if (report.compared) {
      display.line('Scaling (this machine: the server and every worker share its cores):');
      display.line(renderScaling(report.runs, c));
    }
  },
  json(report) {
    const runs = report.runs.map((figures) => figuresJson(figures, report.server));
    return report.compared ? { runs } : runs[0];
  },
};
