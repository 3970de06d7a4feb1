// A chaos run as it unfolds, for a person: its plan, a progress line while it runs, and each fault as it strikes (or
// the fault of the cluster that struck nothing, and why).
import type { ChalkInstance } from 'chalk';
import type { FaultRecord, SkippedFault } from '../chaos/driver';
import type { FaultCounts } from '../chaos/plan';
import type { OrderOutcome } from '../domain/order-run';
import { ORDER_OUTCOMES } from '../domain/order-run';
import type { EventOfType, FaultTarget } from '../events/events';
import { formatDuration } from './format';

export const FAULT_NAMES: Record<FaultTarget, string> = {
  'activity-worker': 'activity worker',
  'workflow-worker': 'workflow worker',
  server: 'server',
  'history-host': 'history host',
  'matching-host': 'matching service',
  database: 'PostgreSQL',
  'region-failover': 'region failover',
};

/** The faults of a cluster or of two regions, told only where some were planned. */
export const CLUSTER_FAULTS: readonly FaultTarget[] = [
  'history-host',
  'matching-host',
  'database',
  'region-failover',
];

/** The faults a plan names: every worker and server fault, and the cluster's where it plans some. */
function faultsOf(planned: FaultCounts): FaultTarget[] {
  return (Object.keys(FAULT_NAMES) as FaultTarget[]).filter(
    (target) => !CLUSTER_FAULTS.includes(target) || planned[target] > 0,
  );
}

type Planned = EventOfType<'chaos.planned'>;
export type Closed = Partial<Record<OrderOutcome, number>> & { total: number };

export function describePlan(plan: Planned): string[] {
  const kinds = Object.entries(plan.kinds)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  const planned = plan.plannedFaults;
  const cluster = CLUSTER_FAULTS.filter((target) => planned[target] > 0)
    .map(
      (target) =>
        `, ${planned[target]} ${FAULT_NAMES[target]}${
          target === 'database' ? ' crash-restarts' : target === 'region-failover' ? 's' : ' kills'
        }`,
    )
    .join('');
  const compensation = plan.compensate ? 'with compensation' : 'without compensation';
  return [
    `Seed ${plan.seed}, speed ${plan.speed}, retry policy ${plan.retryPolicy}, ${compensation}: ${plan.orders} orders (${kinds}),`,
    `  started over ${formatDuration(plan.windowMs)} on ${plan.activityWorkers} activity and ` +
      `${plan.workflowWorkers} workflow worker processes; planned faults: ${planned['activity-worker']} ` +
      `activity-worker kills, ${planned['workflow-worker']} workflow-worker kills, ${planned.server} server restarts` +
      `${cluster}.`,
  ];
}

/** Orders closed so far by outcome, and faults struck of those planned. */
export function chaosProgress(
  plan: Pick<Planned, 'orders' | 'plannedFaults'>,
  closed: Closed,
  faults: FaultCounts,
): string {
  const byOutcome = ORDER_OUTCOMES.filter((outcome) => closed[outcome])
    .map((outcome) => `${outcome} ${closed[outcome]}`)
    .join(' · ');
  const kills = faultsOf(plan.plannedFaults)
    .map((target) => `${FAULT_NAMES[target]} ${faults[target]}/${plan.plannedFaults[target]}`)
    .join(', ');
  return `orders closed ${closed.total}/${plan.orders}${byOutcome ? ` (${byOutcome})` : ''} · faults: ${kills}`;
}

export function faultLine(fault: FaultRecord, c: ChalkInstance): string {
  const at = `[+${(fault.atMs / 1000).toFixed(1).padStart(5)}s]`;
  if (fault.failover) {
    const { how, from, to, versionBefore, versionAfter } = fault.failover;
    const versions =
      versionBefore === undefined || versionAfter === undefined
        ? ''
        : ` (failover version ${versionBefore} → ${versionAfter})`;
    return `${at} ${c.yellow('⇄')} ${how === 'planned' ? 'planned handover' : 'forced failover'} of the namespace from ${from} to ${to}${versions}; ${to} accepted writes after ${formatDuration(fault.downMs ?? 0)}`;
  }
  if (fault.target === 'server') {
    return `${at} ${c.red('💥')} server (pid ${fault.killedPid}) killed with SIGKILL, back as pid ${fault.replacementPid} after ${formatDuration(fault.downMs ?? 0)}`;
  }
  if (fault.target === 'database') {
    return `${at} ${c.red('💥')} PostgreSQL (pid ${fault.killedPid}) crashed (immediate shutdown), recovered as pid ${fault.replacementPid} after ${formatDuration(fault.downMs ?? 0)}`;
  }
  if (fault.target === 'history-host' || fault.target === 'matching-host') {
    const takeover =
      fault.shardsAtKill === 0
        ? ', owning no shard (nothing to take over, no failover)'
        : fault.takenOver === undefined
          ? ''
          : fault.takenOver
            ? `, its shards (${fault.shardsAtKill}) taken over after ${formatDuration(fault.takeoverMs ?? 0)}`
            : c.yellow(`, its shards (${fault.shardsAtKill}) NOT taken over by another host (no failover)`);
    const back = fault.replacementPid
      ? `started again as pid ${fault.replacementPid}`
      : 'not listening yet, left to its supervisor';
    return `${at} ${c.red('💥')} ${fault.host ?? FAULT_NAMES[fault.target]} (pid ${fault.killedPid}) killed with SIGKILL${takeover}; ${back} after ${formatDuration(fault.downMs ?? 0)}`;
  }
  return `${at} ${c.red('💥')} ${FAULT_NAMES[fault.target]} pid ${fault.killedPid} killed with SIGKILL, replaced by pid ${fault.replacementPid}`;
}

/** A planned fault of the cluster that struck nothing, because what it strikes or needs was down. */
export function skippedFaultLine(skipped: SkippedFault, c: ChalkInstance): string {
  const at = `[+${(skipped.atMs / 1000).toFixed(1).padStart(5)}s]`;
  return c.yellow(
    `${at} ⊘ ${skipped.host ?? FAULT_NAMES[skipped.target]} fault skipped: ${skipped.notRunning.join(', ')} not ` +
      'running (a fault strikes only a running service, and a history host only while another can take its shards)',
  );
}
