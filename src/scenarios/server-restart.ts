// The Temporal server itself goes down: the embedded dev server keeps its state in a SQLite file and is killed
// (SIGKILL) twice — while an activity is in flight, and while the workflow waits on its approval timer — then started
// again on the same port and file. The workers ride it out, and the order completes (or expires on its deadline).
import { ACTIVITY } from '../domain/contract';
import { orderWith, skus } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import type { ServerProcess } from '../processes/server-process';
import type { HistoryEvent } from '../verification/history-events';
import { fetchHistory } from '../temporal/history';
import { serverRestartChecks } from '../verification/crash-checks';
import type { InProcessWorkers } from './order-steps';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport, startInProcessWorkers, untilHeartbeating } from './order-steps';
import type { Scenario, ScenarioContext } from './scenario';
import { option } from '../runs/options';
import { RESTART_NEEDS_EMBEDDED_SERVER, requireRestartableServer } from '../runs/runnable';

export const SERVER_RESTART_ORDER_ID = 'server-restart-demo';
const ITEMS_TO_PACK = 3;
/** The approval window must outlast a restart of the server and the approval that follows it. */
const MIN_APPROVAL_WINDOW_MS = 10_000;

const options = {
  approval: option.choice({
    flag: 'approve',
    choices: ['auto', 'none'] as const,
    default: 'auto',
    description: 'auto: approve after the restart; none: let the timer started before the crash fire.',
  }),
};

/** Kills the server and starts it again, one crash at a time, and tells what happened to the workers. */
function crasher(context: ScenarioContext, server: ServerProcess, workers: InProcessWorkers) {
  let previous = Promise.resolve();
  return (moment: string): Promise<void> => {
    previous = previous.then(async () => {
      const pid = server.pid ?? 0;
      const killedAt = Date.now();
      await server.kill();
      const dbFilename = context.server.stateFile ?? '';
      context.events.emit({ type: 'server.killed', pid, dbFilename, while: moment });
      await server.restart();
      context.events.emit({
        type: 'server.restarted',
        pid: server.pid ?? 0,
        address: context.server.address,
        downMs: Date.now() - killedAt,
        workers: [workers.workflow, workers.activity].map((worker) => ({
          role: worker.role,
          host: 'in-process',
          state: worker.state,
        })),
      });
    });
    return previous;
  };
}

export const serverRestart: Scenario<typeof options> = {
  name: 'server-restart',
  title: 'The Temporal server crashes twice mid-order and comes back with everything',
  summary: 'The server is killed mid-activity and mid-wait, then restarted; the order still completes.',
  lesson:
    'Temporal’s promise holds for its own crashes too: the server writes every event to its database before it ' +
    'answers. Here the embedded server, with its state in a SQLite file, is killed outright while packing is in ' +
    'flight and again while the workflow waits on its approval timer, and started again on the same file. The ' +
    'workers reconnect by themselves, the history is whole, and the timer started before the crash keeps its deadline.',
  options,
  validate: (_, server) => requireRestartableServer(serverRestart.name, server),
  needs: () => ({ restartable: true }),
  async run(context, { approval }) {
    const server = context.server.restartable;
    if (!server) throw new Error(`server-restart cannot run here: ${RESTART_NEEDS_EMBEDDED_SERVER}`);
    const spec: OrderRunSpec = {
      order: orderWith({ order_id: SERVER_RESTART_ORDER_ID, items_to_pack: skus(ITEMS_TO_PACK, 1) }),
      inventoryDown: false,
      approval,
      speed: context.speed,
      minApprovalWindowMs: MIN_APPROVAL_WINDOW_MS,
    };
    const workers = await startInProcessWorkers(context);
    const crashServer = crasher(context, server, workers);
    const handle = await startOrder(context, spec);
    const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    let beforeLastCrash: HistoryEvent[] = [];
    const following = followOrder(context, handle, spec, {
      activitiesFromHistory: false,
      whenWaitingForApproval: async () => {
        beforeLastCrash = await fetchHistory(context.server.client, execution);
        await crashServer('the workflow waits on its approval timer');
      },
    });
    following.catch(() => undefined);
    await untilHeartbeating(handle, ACTIVITY.packOrderItems, context.signal);
    await crashServer(`${ACTIVITY.packOrderItems} is in flight`);
    const outcome = await following;
    const afterRestarts = await fetchHistory(context.server.client, execution);
    await workers.activity.stop();
    await workers.workflow.stop();
    return orderReport(
      context,
      serverRestart.name,
      spec,
      outcome,
      serverRestartChecks(outcome.facts, beforeLastCrash, afterRestarts, approval === 'none'),
    );
  },
};
