// Two regions, replicated (`order-demo regions`): both serve the global namespace, active in region-a; an order run
// in region-a is in region-b's history too, event by event, each event's failover version saying region-a wrote
// it; region-failover hands the namespace over with orders in flight, loses region-a mid-order, then partitions
// the regions; Ctrl+C (exit 130), and a SIGKILL at a random moment of the start, leave no process of it.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { expect } from 'chai';
import { parseJsonOutput, runCli, startCli } from '../helpers/cli';
import { commandLine, descendants, survivorsAfter, trackDescendants } from '../helpers/processes';

const { EventType } = temporal.api.enums.v1;
const GONE_WITHIN_MS = 20_000;
/** Replication takes well under a second here; a loaded machine gets more. */
const REPLICATED_WITHIN_MS = 30_000;

interface HistoryEventRow {
  eventId: number;
  eventType: string | undefined;
  version: number;
}

async function historyIn(address: string, workflowId: string): Promise<HistoryEventRow[]> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: 'orders' });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).map((event) => ({
      eventId: Number(event.eventId),
      eventType: EventType[event.eventType ?? 0],
      version: Number(event.version),
    }));
  } finally {
    await connection.close();
  }
}

describe('order-demo regions (two regions, replicated)', () => {
  it('serves the global namespace in both regions; an order run in region-a is replicated to region-b; Ctrl+C stops every process', async () => {
    const cli = startCli(['regions', '--port', '0', '--region-b-port', '0']);
    const tracker = trackDescendants(cli.child.pid ?? 0);
    try {
      await cli.waitFor(/Two regions are running/, 90_000);
      await cli.waitFor(/all --address \S+ --namespace orders/);
      const row = (region: string) =>
        cli.stdout.match(new RegExp(`^  ${region}\\s+(\\S+)\\s+(\\S+)\\s+(\\d+)$`, 'm'));
      const [, addressA, activeSeenByA, versionA] = row('region-a') ?? [];
      const [, addressB, activeSeenByB] = row('region-b') ?? [];
      expect([activeSeenByA, activeSeenByB], cli.stdout).to.deep.equal(['region-a', 'region-a']);
      expect(Number(versionA)).to.equal(1);
      expect(cli.stdout).to.match(/^ {2}region-b\s+temporal-server\s+\d+\s+\d+$/m);

      const result = await runCli([
        'happy-path',
        '--address',
        addressA,
        '--namespace',
        'orders',
        '--speed',
        '20',
        '--json',
      ]);
      const report = parseJsonOutput<{ passed: boolean; workflowId: string }>(result);
      expect(report.passed, result.stdout).to.equal(true);

      const inA = await historyIn(addressA, report.workflowId);
      expect(inA.at(-1)?.eventType).to.equal('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
      // Written by region-a: its versions are its initial failover version (1) modulo the increment (10).
      expect(inA.every((event) => event.version % 10 === 1)).to.equal(true);
      const deadline = Date.now() + REPLICATED_WITHIN_MS;
      let inB = await historyIn(addressB, report.workflowId).catch(() => []);
      while (inB.length < inA.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        inB = await historyIn(addressB, report.workflowId).catch(() => []);
      }
      expect(inB).to.deep.equal(inA);
    } finally {
      await cli.interrupt('SIGINT');
      tracker.stop();
    }
    expect(cli.child.exitCode, `Ctrl+C's exit code\n${cli.stderr}`).to.equal(130);
    expect(await survivorsAfter(tracker.seen, GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
  });

  it('happy-path --server regions: the order in region-a, its workers polling both regions', async () => {
    const result = await runCli(['happy-path', '--server', 'regions', '--speed', '20']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('Workflow worker started (in-process; also polling region-b)');
    expect(result.stdout).to.include('Activity worker started (in-process; also polling region-b)');
    expect(result.stdout).to.match(/PASS happy-path/);
  });

  it('region-failover --server regions: a planned handover, a region lost mid-order and a partition, proven from both regions', async () => {
    const result = await runCli(['region-failover', '--server', 'regions', '--speed', '10', '--json']);
    const report = parseJsonOutput<{
      passed: boolean;
      checks: { name: string; passed: boolean; evidence: string }[];
      acts: { name: string; orders: { status: string }[] }[];
    }>(result);
    const failed = report.checks.filter((check) => !check.passed);
    expect(failed, result.stderr).to.deep.equal([]);
    expect(report.passed).to.equal(true);
    expect(report.acts.map((act) => act.name)).to.deep.equal([
      'planned-handover',
      'region-lost',
      'partition',
    ]);
    const statuses = report.acts.flatMap((act) => act.orders.map((order) => order.status));
    expect(statuses).to.deep.equal(['completed', 'completed', 'completed', 'completed', 'completed']);
    const named = (pattern: RegExp) => report.checks.filter((check) => pattern.test(check.name));
    // Acts 1 and 2: each order's history written by region-a up to the failover, by region-b after it.
    expect(named(/written by region-a, then region-b/)).to.have.length(3);
    expect(named(/the same event by event in region-a and region-b/)).to.have.length(5);
    expect(named(/region-b was behind at the kill/)[0]?.evidence).to.match(/\(\d+ behind\)/);
    expect(named(/region-a fell behind, and caught up once healed/)).to.have.length(2);
  });

  it('chaos --server regions: worker kills and failovers between the regions, planned and forced; every history the same in both', async () => {
    const result = await runCli([
      'chaos',
      '--server',
      'regions',
      '--orders',
      '20',
      '--kill-activity-workers',
      '3',
      '--kill-workflow-workers',
      '1',
      '--json',
    ]);
    const report = parseJsonOutput<{
      passed: boolean;
      problems: unknown[];
      faults: { target: string; failover?: { how: string; from: string; to: string } }[];
      regions: { failovers: number; checks: { name: string; passed: boolean; evidence: string }[] };
    }>(result);
    expect(report.problems, `${result.stdout}\n${result.stderr}`).to.deep.equal([]);
    expect(
      report.regions.checks.filter((check) => !check.passed),
      result.stderr,
    ).to.deep.equal([]);
    expect(report.passed).to.equal(true);
    expect(report.regions.failovers).to.equal(2);
    const failovers = report.faults.flatMap((fault) => (fault.failover ? [fault.failover] : []));
    expect(failovers).to.deep.equal([
      { how: 'planned', from: 'region-a', to: 'region-b', versionBefore: 1, versionAfter: 2 },
      { how: 'forced', from: 'region-b', to: 'region-a', versionBefore: 2, versionAfter: 11 },
    ]);
    expect(report.regions.checks.map((check) => check.name)).to.deep.equal([
      'every order’s history is the same event by event in region-a and region-b',
      'every call made again in the other region was absorbed by its idempotency key',
    ]);
  });

  it('a SIGKILL at a random moment once PostgreSQL runs leaves no process of it', async () => {
    const cli = startCli(['regions', '--port', '0', '--region-b-port', '0']);
    try {
      const tracker = trackDescendants(cli.child.pid ?? 0);
      await cli.waitFor(/starting PostgreSQL/, 60_000);
      // Anywhere from there to two regions that serve (a few seconds here).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 6_000));
      const seen = descendants(cli.child.pid ?? 0).map(commandLine);
      cli.child.kill('SIGKILL');
      const started = tracker.stop();
      const result = await cli.exited;
      expect(result.signal).to.equal('SIGKILL');
      expect(
        seen.some((line) => /postgres/.test(line)),
        seen.join('\n'),
      ).to.equal(true);
      expect(await survivorsAfter(started, GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
    } finally {
      await cli.interrupt('SIGKILL');
    }
  });
});
