// Compensation, cancellation and the approval update as a user runs them: the scenarios that show them, then the
// multi-terminal way — `start --compensate`, `cancel` and `approve --update` against running workers that share a
// ledger — and an activity worker SIGKILLed mid-refund.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import type { RecordedEffect } from '../../src/services/effects';
import { Ledger } from '../../src/services/ledger';
import type { CliProcess } from '../helpers/cli';
import { expectError, parseJsonOutput, runCli, startCli } from '../helpers/cli';
import { freePort } from '../helpers/ports';
import { useTemporaryFolder } from '../helpers/temporary-folder';

async function runScenario(args: string[]): Promise<{ code: number | null; report: ScenarioJson }> {
  const result = await runCli([...args, '--json', '--speed', '10']);
  return { code: result.code, report: parseJsonOutput<ScenarioJson>(result) };
}

function failedChecks(report: ScenarioJson) {
  return report.checks.filter((check) => !check.passed);
}

function checkNames(report: ScenarioJson): string[] {
  return report.checks.map((check) => check.name);
}

describe('compensation, cancellation and the approval update (as child processes)', () => {
  describe('the scenarios', () => {
    it('expire --compensate: the stock released, then the charge refunded, each once in the ledger', async () => {
      const { code, report } = await runScenario(['expire', '--compensate']);
      expect(failedChecks(report)).to.deep.equal([]);
      expect(code).to.equal(0);
      expect(report.result).to.equal('Order expired');
      expect(checkNames(report)).to.include.members([
        'release_inventory then refund_payment after the approval timer fired, the last thing taken given back first',
        'each reservation released exactly once in the ledger',
        'each charge refunded exactly once in the ledger',
      ]);
    });

    it('expire without --compensate keeps the charge and the stock, as the sample does', async () => {
      const { code, report } = await runScenario(['expire']);
      expect(code).to.equal(0);
      expect(checkNames(report)).to.include(
        'no refund in the ledger: without compensation, the order keeps what it took',
      );
    });

    it('cancellation: packing stops at its heartbeat, the stock and the charge come back, the order is cancelled', async () => {
      const { code, report } = await runScenario(['cancellation']);
      expect(failedChecks(report)).to.deep.equal([]);
      expect(code).to.equal(0);
      expect(report.status).to.equal('canceled');
      expect(checkNames(report)).to.include.members([
        'workflow cancelled, as requested',
        'pack_order_items stopped by the cancellation, before anything was given back',
        'each charge refunded exactly once in the ledger',
      ]);
      const steps = report.steps.map((step) => step.type);
      expect(steps).to.include.members([
        'cancel.sent',
        'cancel.received',
        'activity.cancelled',
        'workflow.cancelled',
      ]);
    });

    it('cancellation --no-compensate: cancelled at once, nothing given back', async () => {
      const { code, report } = await runScenario(['cancellation', '--no-compensate']);
      expect(failedChecks(report)).to.deep.equal([]);
      expect(code).to.equal(0);
      expect(checkNames(report)).to.include.members([
        'nothing given back: refund_payment and release_inventory never ran',
        'no refund in the ledger: without compensation, the order keeps what it took',
      ]);
    });

    it('late-approval: the signal is taken and ignored (exit 0), the update refused with the reason (exit 1)', async () => {
      const { code, report } = await runScenario(['late-approval']);
      expect(failedChecks(report)).to.deep.equal([]);
      expect(code).to.equal(0);
      const ran = report.steps.filter((step) => step.type === 'command.ran');
      expect(ran.map((step) => step.type === 'command.ran' && step.exitCode)).to.deep.equal([0, 1]);
      expect(ran[1].type === 'command.ran' && ran[1].output).to.match(
        /approve_order_update refused: the order expired (less than a second|\d+ s) ago/,
      );
    });
  });

  describe('against running workers, each its own process', () => {
    const temporary = useTemporaryFolder('compensation');
    const processes: CliProcess[] = [];
    let address: string;
    let ledgerFolder: string;
    let ledger: Ledger;
    let activityWorker: CliProcess;

    function startActivityWorker(speed: number): CliProcess {
      const worker = startCli([
        'worker',
        'activity',
        '--address',
        address,
        '--speed',
        String(speed),
        '--ledger',
        ledgerFolder,
      ]);
      processes.push(worker);
      return worker;
    }

    /** The ledger's effects of one workflow once `found` holds, read as the workers write them. */
    async function untilLedger(
      workflowId: string,
      found: (effects: RecordedEffect[]) => boolean,
    ): Promise<RecordedEffect[]> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const effects = ledger.effects({ workflowId });
        if (found(effects)) return effects;
        if (Date.now() > deadline)
          throw new Error(`never found it in the ledger: ${JSON.stringify(effects)}`);
        await sleep(10);
      }
    }

    const ofAction = (effects: RecordedEffect[], action: string) =>
      effects.filter((effect) => effect.action === action);

    before(async () => {
      ledgerFolder = temporary();
      ledger = Ledger.open(ledgerFolder);
      const server = startCli(['server', '--port', String(await freePort()), '--no-ui']);
      processes.push(server);
      address = (await server.waitFor(/gRPC address: (\S+)/))[1];
      const workflowWorker = startCli(['worker', 'workflow', '--address', address]);
      processes.push(workflowWorker);
      activityWorker = startActivityWorker(10);
      await workflowWorker.waitFor(/Workflow worker polling order-task-queue/);
      await activityWorker.waitFor(/Activity worker polling order-task-queue/);
    });

    after(async () => {
      for (const process of processes.reverse()) await process.interrupt();
      ledger?.close();
    });

    it('approve --update approves a waiting order and answers (exit 0); once it closed, refuses saying so (exit 1)', async () => {
      const start = startCli(['start', '--address', address, '--speed', '10', '--order-id', 'by-update']);
      processes.push(start);
      const [, workflowId] = await start.waitFor(/order-demo approve (order-by-update-\d+) --address/);
      const approved = await runCli(['approve', workflowId, '--address', address, '--update']);
      expect(approved.code, approved.stderr).to.equal(0);
      expect(approved.stdout.trim()).to.equal(
        'approve_order_update accepted: Order by-update approved: it goes to delivery',
      );
      const result = await start.exited;
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain(
        'Server recorded update approve_order_update: its validator accepted it',
      );
      expectError(
        await runCli(['approve', workflowId, '--address', address, '--update']),
        1,
        /approve_order_update refused: the order was approved and delivered; it closed (less than a second|\d+ s) ago/,
      );
      const json = parseJsonOutput<{ approved: boolean; reason: string }>(
        await runCli(['approve', workflowId, '--address', address, '--update', '--json']),
      );
      expect(json).to.deep.include({ approved: false });
      expect(json.reason).to.match(/^the order was approved and delivered/);
    });

    it('cancel stops an order mid-packing, which gives back what it took and ends cancelled; a second cancel is refused', async () => {
      const start = startCli([
        'start',
        ...['--address', address, '--speed', '10', '--order-id', 'to-cancel', '--pack', '--compensate'],
      ]);
      processes.push(start);
      const [, workflowId] = await start.waitFor(/Started OrderWorkflow (order-to-cancel-\d+)/);
      await untilLedger(workflowId, (effects) => ofAction(effects, 'pack').length > 0);

      const cancelled = await runCli(['cancel', workflowId, '--address', address]);
      expect(cancelled.code, cancelled.stderr).to.equal(0);
      expect(cancelled.stdout.trim()).to.equal(`Requested the cancellation of ${workflowId}`);
      const result = await start.exited;
      expect(result.code).to.equal(1);
      expect(result.stdout).to.contain('Result: workflow canceled');

      const effects = ledger.effects({ workflowId });
      const [charge] = ofAction(effects, 'charge');
      const [reservation] = ofAction(effects, 'reserve');
      expect(ofAction(effects, 'refund').map((refund) => refund.subject)).to.deep.equal([charge.key]);
      expect(ofAction(effects, 'release').map((release) => release.subject)).to.deep.equal([reservation.key]);
      expect(ofAction(effects, 'pack').length).to.be.below(30);
      expectError(
        await runCli(['cancel', workflowId, '--address', address]),
        1,
        /workflow order-to-cancel-\d+ has already finished \(cancelled\): there is nothing left to cancel/,
      );
    });

    it('cancel of a workflow that does not exist fails with a clear line', async () => {
      expectError(
        await runCli(['cancel', 'order-nope-1', '--address', address]),
        1,
        /^Error: no workflow order-nope-1 in namespace default/,
      );
    });

    it('an activity worker SIGKILLed mid-refund: the refund is retried elsewhere, and the ledger holds one', async () => {
      // At speed 2 a refund takes 0.5 s on the worker, ample time to kill it once the refund is recorded.
      await activityWorker.interrupt();
      activityWorker = startActivityWorker(2);
      await activityWorker.waitFor(/Activity worker polling order-task-queue/);
      const start = startCli([
        'start',
        ...[
          '--address',
          address,
          '--speed',
          '10',
          '--order-id',
          'refund-crash',
          '--approve',
          'none',
          '--compensate',
        ],
      ]);
      processes.push(start);
      const [, workflowId] = await start.waitFor(/Started OrderWorkflow (order-refund-crash-\d+)/);
      await untilLedger(workflowId, (effects) => ofAction(effects, 'refund').length > 0);
      activityWorker.child.kill('SIGKILL');
      activityWorker = startActivityWorker(2);

      const result = await start.exited;
      expect(result.stdout).to.contain('Result: Order expired');
      const refunds = ofAction(ledger.effects({ workflowId }), 'refund');
      expect(refunds).to.have.length(1);
      const repeats = ledger
        .absorbedDuplicates({ workflowId })
        .filter((repeat) => repeat.effect.action === 'refund');
      expect(repeats.map((repeat) => [repeat.key, repeat.attempt])).to.deep.equal([[refunds[0].key, 2]]);
    });
  });
});
