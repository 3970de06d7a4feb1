import { connectionFlags, encryptionFlags, reportFileFlag, speedFlag, timelineFlag } from '../cli/flags';
import { ReportCommand, runMeta } from '../cli/report-command';
import { flagsFor, optionsFromFlags } from '../cli/run-flags';
import { describeEncryption, joinRunningServer } from '../cli/server-connection';
import { ORDER_FULFILLED } from '../domain/contract';
import { EXIT } from '../domain/errors';
import { EventBus } from '../events/event-bus';
import { startPresenter } from '../narration/start-report';
import { orderOptions, orderRunSpec } from '../scenarios/order-options';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { RunWorkflowIds } from '../temporal/order-client/workflow-ids';

const startOptions = orderOptions('manual');

export default class Start extends ReportCommand<typeof Start> {
  static override summary =
    'Start one order on running workers, like the sample starter: print its ID, wait, print the result.';
  static override description =
    'Needs a server and both workers already running (`server`, `worker workflow`, `worker activity`, or the ' +
    'Python sample’s). By default it prints the `approve` command to run and waits; --approve auto sends the ' +
    'signal itself. Exits 0 when the order is fulfilled, 1 when it fails or expires.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --inventory-down --approve auto',
    '<%= config.bin %> <%= command.id %> --expiry 12/23',
    '<%= config.bin %> <%= command.id %> --pack --speed 10 --address localhost:7233',
  ];
  static override flags = {
    // The order `run` places, but a person approves it, as with the sample starter.
    ...flagsFor(startOptions),
    ...speedFlag(),
    ...connectionFlags,
    ...encryptionFlags,
    ...reportFileFlag,
    ...timelineFlag,
  };

  async run() {
    const { flags } = this;
    const spec = orderRunSpec(optionsFromFlags(startOptions, flags), flags.speed);
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      const server = await joinRunningServer(flags, this.teardown);
      if (server.encryption) events.emit({ type: 'note', text: describeEncryption(server.encryption) });
      const { teardown, interruption } = this;
      const context = {
        server,
        events,
        teardown,
        signal: interruption.signal,
        speed: flags.speed,
        workflowIds: new RunWorkflowIds(),
      };
      const handle = await startOrder(context, spec);
      if (!story) process.stderr.write(`${handle.workflowId}\n`);
      const { facts, timeline } = await followOrder(context, handle, spec, { activitiesFromHistory: true });
      const passed = facts.status === 'completed' && facts.result === ORDER_FULFILLED;
      const report = { passed, facts, timeline, uiUrl: server.workflowUrl(facts.workflowId, facts.runId) };
      this.exitCode = passed ? EXIT.ok : EXIT.failed;
      const meta = runMeta(server, events, flags.speed);
      this.tell(startPresenter, report, meta, story);
      const run = {
        title: `Order ${spec.order.order_id}`,
        command: `${this.config.bin} start`,
        startedAt: events.startedAt,
      };
      await this.writeReportFiles(startPresenter, report, meta, run, story);
      return startPresenter.json(report, meta);
    } finally {
      story?.stop();
    }
  }
}
