// The versions of the workflow the versioning scenario deploys, how it deploys one (the workflow worker replaced by
// one with the new code), and its replay gate: the histories of its orders replayed against code before it ships.
import { closeStatus } from '../../verification/history-events';
import { replayHistories } from '../../temporal/replay';
import type { InProcessWorker } from '../../temporal/workers';
import { startInProcessWorker } from '../../temporal/workers';
import type { WorkflowVariant } from '../../workflows/variants';
import type { ReplayGate, ScenarioContext } from '../scenario';
import type { VersionedOrder } from './orders';
import type { VersioningContext } from './scope';
import { historyOf } from './orders';

export interface Version {
  /** How the story names it. */
  name: string;
  variant: WorkflowVariant;
  /** What its worker runs, in the story's words. */
  code: string;
}

export const VERSIONS = {
  v1: { name: 'version 1', variant: 'standard', code: 'version 1, the sample’s OrderWorkflow' },
  v2: {
    name: 'version 2 without a patch',
    variant: 'v2',
    code: 'version 2: a fraud check before payment, no patch',
  },
  v2Patched: {
    name: 'version 2 behind its patch',
    variant: 'v2-patched',
    code: 'version 2: the fraud check behind patched()',
  },
  v2Deprecated: {
    name: 'version 2 with its patch deprecated',
    variant: 'v2-deprecated',
    code: 'version 2: deprecatePatch(), the fraud check for every run',
  },
  v2BranchRemoved: {
    name: 'version 2 with the branch removed',
    variant: 'v2',
    code: 'version 2, the branch removed: the code of version 2 without a patch',
  },
} as const satisfies Record<string, Version>;

/** Deploys a version: the running workflow worker stops, one with the version's code takes its place. */
export async function deploy(
  context: VersioningContext,
  running: InProcessWorker | undefined,
  version: Version,
): Promise<InProcessWorker> {
  if (running) {
    await running.stop();
    context.events.emit({ type: 'worker.stopped', role: 'workflow' });
  }
  return startInProcessWorker(context, 'workflow', {
    variant: version.variant,
    label: version.code,
    taskQueue: context.scope.taskQueue,
  });
}

/**
 * Replays the histories of these orders, as the server holds them now, against a version's code before it is
 * deployed, and tells the verdicts; `open` marks the runs a worker may still have to replay.
 */
export async function replayGate(
  context: ScenarioContext,
  orders: readonly VersionedOrder[],
  version: Version,
): Promise<ReplayGate> {
  const histories = await Promise.all(orders.map((order) => historyOf(context, order)));
  const verdicts = await replayHistories(
    histories.map((events, index) => ({ name: orders[index].handle.workflowId, events })),
    version.variant,
  );
  const gate: ReplayGate = {
    against: version.name,
    verdicts: verdicts.map((verdict, index) => ({
      ...verdict,
      open: !histories[index].some((event) => closeStatus(event)),
    })),
  };
  context.events.emit({ type: 'replay-gate.checked', ...gate });
  return gate;
}
