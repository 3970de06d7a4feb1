// The bench's figures for a person: a progress line while it runs, a table at the end, and the scaling table of
// --compare-workers.
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { BenchFigures } from '../scenarios/bench';
import { formatDuration, progressBar } from './format';

const MIB = 1024 * 1024;

export function benchProgress(completed: number, total: number, startedAt: number): string {
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? (completed / seconds).toFixed(0) : '0';
  return `${progressBar(completed, total, 30)} ${completed}/${total} orders · ${rate}/s so far`;
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
  const table = new Table({ head: ['bench', 'figure'], style: tableStyle(c) });
  table.push(
    ['orders per second', c.bold(figures.ordersPerSecond.toFixed(1))],
    [
      'latency p50 / p95 / p99 / max',
      `${latencyMs.p50} / ${latencyMs.p95} / ${latencyMs.p99} / ${latencyMs.max} ms`,
    ],
    ['activity tasks per second', figures.activityTasksPerSecond.toFixed(0)],
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
      `CPU ${process.cpuPercent}% of a core · peak memory ${Math.round(process.peakRssBytes / MIB)} MiB`,
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
    const server = run.resources.find((process) => process.name === 'server');
    const workers = run.resources
      .filter((process) => process.name !== 'server')
      .reduce((sum, process) => sum + process.cpuPercent, 0);
    table.push([
      String(run.settings.workflowWorkers),
      run.ordersPerSecond.toFixed(1),
      String(run.latencyMs.p50),
      String(run.latencyMs.p99),
      server ? `${server.cpuPercent}%` : 'n/a',
      `${workers}%`,
    ]);
  }
  return table.toString();
}
