// Every scenario of the catalogue run in this process through its run contract, as `all` runs it (at its defaults),
// on a server opened the way the commands open one: its verdict, every check, and the narrated events that tell it.
// The time-skipping server where the scenario accepts it; where it needs real time, a dev server shared by the file
// and opened as `all` opens it for these scenarios: as this process's own child, its state in a file, so that
// server-restart can kill it and start it again. A scenario that runs processes of its own — the approver in "another
// terminal", the child worker it kills — runs them here too: this CLI's built program, tagged for the watchdog that
// this file releases at its end. Only history-failover and region-failover stay in the integration tier (test/cli/),
// which runs every scenario as a command besides: their checks read what only a cluster, or two regions, have.
import { expect } from 'chai';
import type { TimedEvent } from '../../src/events/events';
import { OWNER_TAG, releaseWatchdog } from '../../src/processes/watchdog';
import { Teardown } from '../../src/processes/teardown';
import { defaultsOf } from '../../src/runs/options';
import { openRunLedger } from '../../src/runs/run-ledger';
import { needsOfAll } from '../../src/runs/run-in-turn';
import { cannotRunOn, choiceOf } from '../../src/runs/runnable';
import type { AnyScenario } from '../../src/scenarios/catalog';
import { ALL_SCENARIOS } from '../../src/scenarios/catalog';
import type { ScenarioReport } from '../../src/scenarios/scenario';
import { verdictOf } from '../../src/scenarios/scenario';
import type { EmbeddedServerKind } from '../../src/temporal/servers/server';
import { EventBus } from '../../src/events/event-bus';
import { RunWorkflowIds } from '../../src/temporal/order-client/workflow-ids';
import type { TestServer } from '../helpers/embedded-server';
import { startTestServer } from '../helpers/embedded-server';

/** What a scenario told while it ran, and what it reported. */
interface ScenarioRun {
  report: ScenarioReport;
  events: readonly TimedEvent[];
}

interface FastScenario {
  server: EmbeddedServerKind;
  /** High, to keep the tier fast; the speeds the integration tier runs the scenario at. */
  speed: number;
  /** What the scenario's narration must show besides its checks. */
  narrates(run: ScenarioRun): void;
}

/** The events of one type, in order. */
function eventsOf<Type extends TimedEvent['type']>(
  run: ScenarioRun,
  type: Type,
): Extract<TimedEvent, { type: Type }>[] {
  return run.events.filter((event): event is Extract<TimedEvent, { type: Type }> => event.type === type);
}

/** One worker of `role` was killed, and a child process replaced the child process it was. */
function expectKilledAndReplaced(run: ScenarioRun, role: 'workflow' | 'activity'): void {
  expect(eventsOf(run, 'worker.killed').map((event) => event.role)).to.deep.equal([role]);
  const workers = eventsOf(run, 'worker.started').filter((event) => event.role === role);
  expect(workers.map((event) => event.host)).to.deep.equal(['child-process', 'child-process']);
}

/** The scenarios this file runs, each on the server it runs on here. */
const FAST: Record<string, FastScenario> = {
  'happy-path': {
    server: 'time-skipping',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'signal.sent').map((event) => event.signal)).to.deep.equal(['approve_order']);
      expect(eventsOf(run, 'workflow.completed')).to.have.length(1);
    },
  },
  'invalid-card': {
    server: 'time-skipping',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'failure.located')[0], 'failure.located').to.deep.include({
        activity: 'process_payment',
        attempt: 1,
        errorType: 'InvalidCreditCard',
        nonRetryable: true,
      });
    },
  },
  expire: {
    server: 'time-skipping',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'approval.expired')).to.have.length(1);
      expect(eventsOf(run, 'activity.started').map((event) => event.activity)).not.to.include(
        'deliver_order',
      );
    },
  },
  'inventory-down': {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      const failures = eventsOf(run, 'activity.failed').filter(
        (event) => event.activity === 'reserve_inventory',
      );
      expect(failures.map((event) => event.attempt)).to.deep.equal([1, 2, 3, 4]);
    },
  },
  cancellation: {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'cancel.sent')).to.have.length(1);
      expect(eventsOf(run, 'compensation.scheduled').map((event) => event.activity)).to.deep.equal([
        'release_inventory',
        'refund_payment',
      ]);
      expect(eventsOf(run, 'workflow.cancelled')).to.have.length(1);
    },
  },
  'workflow-bug': {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'workflow-task.retrying')).to.have.length.above(0);
      const workflowWorkers = eventsOf(run, 'worker.started').filter((event) => event.role === 'workflow');
      expect(workflowWorkers.map((event) => event.variant ?? 'standard')).to.deep.equal([
        'with-injected-bug',
        'standard',
      ]);
    },
  },
  'human-in-the-loop': {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      // The approvers are processes of their own: this one sends no signal, the server records theirs.
      expect(eventsOf(run, 'approval.manual')).to.have.length(1);
      expect(eventsOf(run, 'signal.sent')).to.deep.equal([]);
      expect(eventsOf(run, 'signal.received').map((event) => event.signal)).to.include('approve_order');
      expect(eventsOf(run, 'workflow.completed')).to.have.length(1);
    },
  },
  'late-approval': {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'approval.expired')).to.have.length(1);
      const commands = eventsOf(run, 'command.ran');
      expect(commands.map((event) => event.arguments.includes('--update'))).to.deep.equal([false, true]);
      expect(commands.map((event) => event.exitCode)).to.deep.equal([0, 1]);
      expect(eventsOf(run, 'compensation.scheduled').map((event) => event.activity)).to.deep.equal([
        'release_inventory',
        'refund_payment',
      ]);
    },
  },
  checkpoint: {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      expectKilledAndReplaced(run, 'activity');
      expect(eventsOf(run, 'activity.timed-out')[0], 'activity.timed-out').to.deep.include({
        activity: 'pack_order_items',
        attempt: 1,
        timeoutType: 'HEARTBEAT',
        nextAttempt: 2,
      });
      const [held] = eventsOf(run, 'heartbeat-timeout.waiting');
      const [resumed] = eventsOf(run, 'packing.resumed');
      expect(resumed, 'packing.resumed').to.deep.include({ attempt: 2, slipId: held?.slipId });
    },
  },
  'worker-crash': {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      expectKilledAndReplaced(run, 'workflow');
      const [waiting] = eventsOf(run, 'sticky-queue.waiting');
      expect(waiting?.replacementIdentity, 'sticky-queue.waiting').not.to.equal(waiting?.crashedIdentity);
      expect(eventsOf(run, 'workflow.replayed')[0], 'workflow.replayed').to.deep.include({
        identity: waiting?.replacementIdentity,
      });
    },
  },
  'server-restart': {
    server: 'dev-server',
    speed: 20,
    narrates(run) {
      expect(eventsOf(run, 'server.killed').map((event) => event.while)).to.deep.equal([
        'pack_order_items is in flight',
        'the workflow waits on its approval timer',
      ]);
      expect(eventsOf(run, 'server.restarted')).to.have.length(2);
      expect(eventsOf(run, 'workflow.completed')).to.have.length(1);
    },
  },
  versioning: {
    server: 'dev-server',
    speed: 50,
    narrates(run) {
      expect(eventsOf(run, 'act.started').map((event) => event.act)).to.deep.equal([1, 2, 3]);
      expect(eventsOf(run, 'workflow-task.nondeterministic')).to.have.length.above(0);
      expect(eventsOf(run, 'replay-gate.checked')).to.have.length.above(0);
    },
  },
};

/** The scenarios left to the integration tier, and why. */
const INTEGRATION_ONLY: Record<string, string> = {
  // A fake cluster around one dev server would have to make up the very readings its checks judge.
  'history-failover':
    "its checks read the cluster's shards table: the history host that owned the order's shard, and the higher " +
    'range_id with which the other host took it over and gave it back; one dev server is one history host ' +
    '(test/cli/cluster.test.ts)',
  'region-failover':
    'it fails a global namespace over between two Temporal Servers replicating to each other and kills one of ' +
    "them with its workers; its checks read each event's failover version and both regions' copies of each " +
    'history (test/cli/regions.test.ts)',
};

/** The scenarios this file runs on that kind of server, in the catalogue's order. */
function scenariosOn(kind: EmbeddedServerKind): AnyScenario[] {
  return ALL_SCENARIOS.filter((scenario) => FAST[scenario.name]?.server === kind);
}

/** The scenarios of this file share their workflow IDs' owner, as those of one `all` run do. */
const workflowIds = new RunWorkflowIds();

/** Runs the scenario at its defaults on the server, as `all` does, with a ledger of its own. */
async function runInProcess(
  { server }: TestServer,
  scenario: AnyScenario,
  speed: number,
): Promise<ScenarioRun> {
  expect(cannotRunOn(scenario, choiceOf(server)), 'refused by the scenario').to.equal(undefined);
  const events = new EventBus();
  const teardown = new Teardown();
  try {
    const { ledger, folder } = await openRunLedger(undefined, teardown);
    const report: ScenarioReport = await scenario.run(
      {
        server,
        events,
        teardown,
        signal: new AbortController().signal,
        speed,
        ledger,
        ledgerFolder: folder,
        ledgerKept: false,
        whenInterrupted: () => () => undefined,
        workflowIds,
      },
      defaultsOf(scenario.options),
    );
    return { report, events: events.events };
  } finally {
    await teardown.closeAll();
  }
}

describe('every scenario in process', () => {
  // Opening a server made this process an owner with a watchdog, as a command is: end that ownership here, or the
  // next command run in-process would release this watchdog and stop every server started meanwhile.
  after(async () => {
    await releaseWatchdog();
    delete process.env[OWNER_TAG];
  });

  it('runs each scenario of the catalogue here, or says why only the integration tier does', () => {
    const names = ALL_SCENARIOS.map((scenario) => scenario.name);
    expect([...Object.keys(FAST), ...Object.keys(INTEGRATION_ONLY)]).to.have.members(names);
  });

  const servers = { 'time-skipping': 'the time-skipping server', 'dev-server': 'a dev server' } as const;
  for (const [kind, title] of Object.entries(servers) as [keyof typeof servers, string][]) {
    describe(`on ${title}`, () => {
      let server: TestServer | undefined;
      before(async () => {
        server = await startTestServer(kind, needsOfAll(scenariosOn(kind)));
      });
      after(async () => {
        await server?.teardown.closeAll();
      });

      for (const scenario of scenariosOn(kind)) {
        const { speed, narrates } = FAST[scenario.name];
        it(`${scenario.name} passes every check and tells it`, async function () {
          this.timeout(60_000);
          const run = await runInProcess(server as TestServer, scenario, speed);
          const failed = run.report.checks.filter((check) => !check.passed);
          expect(failed, JSON.stringify(failed, null, 2)).to.deep.equal([]);
          expect(verdictOf(run.report)).to.equal('PASS');
          narrates(run);
        });
      }
    });
  }
});
