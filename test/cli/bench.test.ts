// bench end to end with a small load: the JSON has every figure, and every order was fulfilled. Never a throughput
// threshold here: speed is shown by the benchmark's figures, not asserted.
import { expect } from 'chai';
import { expectError, parseJsonOutput, runCli } from '../helpers/cli';

interface BenchJson {
  ordersPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  activityTasksPerSecond: number;
  stateTransitionsPerOrder: number;
  stateTransitionsPerSecond: number;
  orders: number;
  windowMs: number;
  rateMeasurable: boolean;
  measurableMinimum: { orders: number; windowMs: number };
  concurrency: number;
  workers: { placement: string; inProcess: boolean; processes: number; workflow: number; activity: number };
  server: { kind: string; address: string };
  speed: number;
  resources: { name: string; pid: number; cpuPercent: number; peakRssBytes: number }[];
  failures: unknown[];
  replicationLag?: {
    standby: string;
    sampled: number;
    notReplicated: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
  };
}

describe('order-demo bench', () => {
  it('measures a small load on a worker process and reports every figure, with every order fulfilled', async () => {
    const result = await runCli([
      'bench',
      '--orders',
      '40',
      '--warmup',
      '10',
      '--concurrency',
      '20',
      '--json',
    ]);
    const report = parseJsonOutput<BenchJson>(result);
    expect(result.code, result.stderr).to.equal(0);
    expect(report.failures).to.deep.equal([]);
    expect(report).to.include({ orders: 40, concurrency: 20, speed: 100 });
    expect(report.ordersPerSecond).to.be.above(0);
    // 40 orders are enough; whether the window was long enough depends on this machine, and is said either way.
    expect(report.measurableMinimum).to.deep.equal({ orders: 20, windowMs: 1000 });
    expect(report.rateMeasurable).to.equal(report.windowMs >= 1000);
    expect(report.activityTasksPerSecond).to.be.above(0);
    expect(report.stateTransitionsPerOrder).to.be.above(0);
    expect(report.stateTransitionsPerSecond).to.be.closeTo(
      report.ordersPerSecond * report.stateTransitionsPerOrder,
      0.1,
    );
    const { p50, p95, p99, max } = report.latencyMs;
    expect(p50).to.be.above(0);
    expect(p50 <= p95 && p95 <= p99 && p99 <= max, JSON.stringify(report.latencyMs)).to.equal(true);
    expect(report.workers).to.deep.equal({
      placement: 'combined',
      inProcess: false,
      processes: 1,
      workflow: 1,
      activity: 1,
    });
    expect(report.server.kind).to.equal('dev-server');
    expect(report.resources.map((process) => process.name)).to.have.members([
      'server',
      'load generator (this process)',
      'combined worker 1',
    ]);
    for (const process of report.resources) expect(process.peakRssBytes).to.be.above(0);
    expect(report).not.to.have.property('replicationLag');
  });

  it('on two regions (--server regions) also reports how far the standby region trailed the measured orders', async () => {
    const result = await runCli([
      'bench',
      '--server',
      'regions',
      '--orders',
      '40',
      '--warmup',
      '0',
      '--concurrency',
      '20',
      '--json',
    ]);
    const report = parseJsonOutput<BenchJson>(result);
    expect(result.code, result.stderr).to.equal(0);
    expect(report.failures).to.deep.equal([]);
    expect(report.server.kind).to.equal('regions');
    const lag = report.replicationLag ?? expect.fail('no replicationLag in the JSON');
    expect(lag).to.include({ standby: 'region-b', notReplicated: 0 });
    expect(lag.sampled).to.be.above(0);
    expect(lag.p50Ms <= lag.p99Ms && lag.p99Ms <= lag.maxMs, JSON.stringify(lag)).to.equal(true);
  });

  it('--in-process runs the workers in the bench process; --compare-workers prints one run per pool size, split as in the sample', async () => {
    const inProcess = parseJsonOutput<BenchJson>(
      await runCli([
        'bench',
        '--orders',
        '20',
        '--warmup',
        '0',
        '--concurrency',
        '10',
        '--in-process',
        '--json',
      ]),
    );
    expect(inProcess.workers).to.deep.include({ placement: 'combined', inProcess: true, processes: 0 });
    expect(inProcess.failures).to.deep.equal([]);

    const compared = await runCli([
      'bench',
      '--orders',
      '20',
      '--warmup',
      '0',
      '--concurrency',
      '10',
      '--compare-workers',
      '1,2',
      '--placement',
      'split',
    ]);
    expect(compared.code, compared.stderr).to.equal(0);
    expect(compared.stdout).to.contain('Scaling');
    expect(compared.stdout).to.match(/│ 2\s+│/);
  });

  it('refuses bad pool sizes, and pool flags of the other placement, before anything starts (exit 2)', async () => {
    expectError(
      await runCli(['bench', '--compare-workers', '1,9']),
      2,
      /--compare-workers: expected pool sizes/,
    );
    expectError(
      await runCli(['bench', '--activity-workers', '2']),
      2,
      /--workflow-workers and --activity-workers: not for --placement combined/,
    );
    expectError(
      await runCli(['bench', '--placement', 'split', '--workers', '2']),
      2,
      /--workers: not for --placement split/,
    );
    expectError(
      await runCli(['bench', '--in-process', '--workers', '2']),
      2,
      /--workers=2 cannot also be provided when using --in-process/,
    );
  });
});
