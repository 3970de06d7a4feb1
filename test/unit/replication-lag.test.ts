// The replication lag of `bench --server regions`: percentiles of the sampled orders' lags, the orders whose copy
// never closed counted apart, and the row and JSON field that show them (only on regions).
import { expect } from 'chai';
import type { BenchReport } from '../../src/bench/bench';
import type { BenchFigures } from '../../src/bench/load';
import { REPLICATION_LAG_SAMPLING, replicationLagFigures } from '../../src/bench/replication-lag';
import { benchPresenter, replicationLagText } from '../../src/narration/bench-report';
import type { RunMeta } from '../../src/narration/presenter';

const { sampleEvery, withinMs } = REPLICATION_LAG_SAMPLING;

function figures(replicationLag?: BenchFigures['replicationLag']): BenchFigures {
  return {
    settings: {
      orders: 100,
      warmup: 0,
      concurrency: 10,
      placement: 'combined',
      workflowWorkers: 1,
      activityWorkers: 1,
      inProcess: false,
      speed: 100,
      pack: 0,
    },
    completed: 100,
    measured: 100,
    windowMs: 5000,
    ordersPerSecond: 20,
    activityTasksPerSecond: 60,
    latencyMs: { p50: 50, p95: 60, p99: 60, max: 60 },
    failures: [],
    resources: [],
    replicationLag,
    interrupted: false,
  };
}

const meta: RunMeta = {
  durationMs: 1,
  speed: 100,
  server: { kind: 'regions', address: '127.0.0.1:7233', namespace: 'orders' },
  steps: [],
};

function report(shown: BenchFigures): BenchReport {
  return {
    passed: true,
    runs: [shown],
    compared: false,
    server: { kind: 'regions', address: '127.0.0.1:7233', ownProcess: true, tuned: true },
  };
}

function printed(shown: BenchFigures): string {
  const lines: string[] = [];
  benchPresenter.conclude(
    report(shown),
    { color: false, line: (text = '') => lines.push(text), problem: () => {} },
    meta,
  );
  return lines.join('\n');
}

describe('bench replication lag', () => {
  it('takes the percentiles of the lags in any order, and counts the copies never closed apart', () => {
    const lags = Array.from({ length: 100 }, (_, index) => (index * 37) % 100).map((rank) => (rank + 1) * 10);
    expect(replicationLagFigures('region-b', lags, 2)).to.deep.equal({
      standby: 'region-b',
      sampleEvery,
      withinMs,
      sampled: 102,
      notReplicated: 2,
      p50Ms: 500,
      p99Ms: 990,
      maxMs: 1000,
    });
  });

  it('has no percentiles when no copy closed in time, and says so', () => {
    const none = replicationLagFigures('region-b', [], 3);
    expect(none).to.deep.equal({ standby: 'region-b', sampleEvery, withinMs, sampled: 3, notReplicated: 3 });
    expect(replicationLagText({ ...none, sampleEvery: 5 })).to.equal(
      'n/a: none of 3 orders sampled (1 in 5) replicated to region-b within 60s',
    );
    expect(replicationLagText({ ...none, sampleEvery: 1, sampled: 1, notReplicated: 1 })).to.equal(
      'n/a: none of 1 order sampled (every order) replicated to region-b within 60s',
    );
  });

  it('prints a row of p50 / p99 / max and the sample on regions, and the JSON field; neither elsewhere', () => {
    const lag = { ...replicationLagFigures('region-b', [120, 80, 310], 1), sampleEvery: 5 };
    expect(printed(figures(lag))).to.match(
      /replication lag p50 \/ p99 \/ max\s+│?\s*120 \/ 310 \/ 310 ms to region-b · 4 orders sampled \(1 in 5\), 1 not replicated within 60s/,
    );
    expect(benchPresenter.json(report(figures(lag)), meta)).to.deep.include({ replicationLag: lag });

    expect(printed(figures())).not.to.contain('replication lag');
    expect(JSON.parse(JSON.stringify(benchPresenter.json(report(figures()), meta)))).not.to.have.property(
      'replicationLag',
    );
  });
});
