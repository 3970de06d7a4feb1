// The bench's figures print a rate only where the measured orders and their window can make one: orders that closed
// within moments of each other show why there is no rate, for a person and for a script.
import { expect } from 'chai';
import type { BenchReport } from '../../src/bench/bench';
import type { BenchFigures } from '../../src/bench/load';
import { benchPresenter } from '../../src/narration/bench-report';
import type { RunMeta } from '../../src/narration/presenter';

function figures(measured: number, windowMs: number): BenchFigures {
  const ordersPerSecond = (measured * 1000) / windowMs;
  return {
    settings: {
      orders: measured,
      warmup: 0,
      concurrency: measured,
      placement: 'combined',
      workflowWorkers: 1,
      activityWorkers: 1,
      inProcess: true,
      speed: 100,
      pack: 0,
    },
    completed: measured,
    measured,
    windowMs,
    ordersPerSecond,
    activityTasksPerSecond: ordersPerSecond * 3,
    latencyMs: { p50: 50, p95: 60, p99: 60, max: 60 },
    failures: [],
    resources: [{ name: 'server', pid: 1, server: true, cpuPercent: 4200, peakRssBytes: 1 }],
    stateTransitionsPerOrder: 12,
    stateTransitionsPerSecond: ordersPerSecond * 12,
    interrupted: false,
  };
}

function report(...runs: BenchFigures[]): BenchReport {
  return {
    passed: true,
    runs,
    compared: runs.length > 1,
    server: { kind: 'dev-server', address: '127.0.0.1:7233', ownProcess: true, tuned: true },
  };
}

const meta: RunMeta = {
  durationMs: 1,
  speed: 100,
  server: { kind: 'dev-server', address: '127.0.0.1:7233', namespace: 'default' },
  steps: [],
};

function printed(shown: BenchReport): string {
  const lines: string[] = [];
  benchPresenter.conclude(
    shown,
    { color: false, line: (text = '') => lines.push(text), problem: () => {} },
    meta,
  );
  return lines.join('\n');
}

describe('bench figures below what makes a rate', () => {
  it('orders that closed within moments of each other print why there is no rate, never thousands per second', () => {
    const burst = figures(25, 8); // 3125 "orders per second"
    const text = printed(report(burst));
    expect(text).not.to.match(/3125/);
    expect(text).not.to.match(/9375/); // activity tasks per second
    expect(text).not.to.match(/4200%/); // CPU over 8 ms
    expect(text).to.contain('n/a: 25 orders over 8 ms: a rate needs at least 20 over 1 s');
    expect(benchPresenter.json(report(burst), meta)).to.deep.include({
      rateMeasurable: false,
      measurableMinimum: { orders: 20, windowMs: 1000 },
    });
    const compared = printed(report(burst, figures(400, 8000)));
    expect(compared).to.match(/n\/a \(too few orders or too short\)/);
    expect(compared).to.match(/50\.0/);
  });

  it('enough orders over a long enough window print the rate, and the JSON says it is one', () => {
    const steady = figures(500, 8000);
    expect(printed(report(steady))).to.match(/orders per second\s+│?\s*62\.5/);
    expect(benchPresenter.json(report(steady), meta)).to.deep.include({
      ordersPerSecond: 62.5,
      rateMeasurable: true,
    });
  });
});
