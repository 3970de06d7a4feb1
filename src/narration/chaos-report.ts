// A chaos run for a person: its plan, a progress line while it runs, each fault as it strikes, and the audit's
// summary table with what failed and how to look into it.
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { ChaosPlan, FaultTarget } from '../domain/chaos-plan';
import { CHAOS_ORDER_KINDS } from '../domain/chaos-plan';
import type { FaultRecord } from '../scenarios/chaos';
import type { ChaosAudit, ChaosOutcome } from '../verification/chaos-audit';
import { CHAOS_OUTCOMES } from '../verification/chaos-audit';
import { formatDuration } from './format';

export type FaultCounts = Record<FaultTarget, number>;

const FAULT_NAMES: Record<FaultTarget, string> = {
  'activity-worker': 'activity worker',
  'workflow-worker': 'workflow worker',
  server: 'server',
};

export function faultCounts(faults: readonly { target: FaultTarget }[]): FaultCounts {
  const counts: FaultCounts = { 'activity-worker': 0, 'workflow-worker': 0, server: 0 };
  for (const fault of faults) counts[fault.target]++;
  return counts;
}

export function describePlan(plan: ChaosPlan): string[] {
  const { settings } = plan;
  const kinds = CHAOS_ORDER_KINDS.map(
    (kind) => `${plan.orders.filter((order) => order.kind === kind).length} ${kind}`,
  ).join(', ');
  const planned = faultCounts(plan.faults);
  return [
    `Seed ${settings.seed}, speed ${settings.speed}, retry policy ${settings.retryPolicy}: ${settings.orders} orders (${kinds}),`,
    `  started over ${formatDuration(plan.windowMs)} on ${settings.activityWorkers} activity and ` +
      `${settings.workflowWorkers} workflow worker processes; planned faults: ${planned['activity-worker']} ` +
      `activity-worker kills, ${planned['workflow-worker']} workflow-worker kills, ${planned.server} server restarts.`,
  ];
}

export function progressLine(
  plan: ChaosPlan,
  closed: Partial<Record<ChaosOutcome, number>> & { total: number },
  faults: FaultCounts,
): string {
  const planned = faultCounts(plan.faults);
  const byOutcome = CHAOS_OUTCOMES.filter((outcome) => closed[outcome])
    .map((outcome) => `${outcome} ${closed[outcome]}`)
    .join(' · ');
  const kills = (Object.keys(FAULT_NAMES) as FaultTarget[])
    .map((target) => `${FAULT_NAMES[target]} ${faults[target]}/${planned[target]}`)
    .join(', ');
  return `orders closed ${closed.total}/${plan.orders.length}${byOutcome ? ` (${byOutcome})` : ''} · faults: ${kills}`;
}

export function faultLine(fault: FaultRecord, c: ChalkInstance): string {
  const at = `[+${(fault.atMs / 1000).toFixed(1).padStart(5)}s]`;
  if (fault.target === 'server') {
    return `${at} ${c.red('💥')} server (pid ${fault.killedPid}) killed with SIGKILL, back as pid ${fault.replacementPid} after ${formatDuration(fault.downMs ?? 0)}`;
  }
  return `${at} ${c.red('💥')} ${FAULT_NAMES[fault.target]} pid ${fault.killedPid} killed with SIGKILL, replaced by pid ${fault.replacementPid}`;
}

export interface ChaosSummary {
  passed: boolean;
  plan: ChaosPlan;
  audit: ChaosAudit;
  faults: FaultCounts;
  unexpectedWorkerExits: number;
  leftoverProcesses: number[];
  durationMs: number;
}

export function renderChaosSummary(summary: ChaosSummary, c: ChalkInstance): string {
  const { audit, plan } = summary;
  const table = new Table({
    head: ['chaos audit', 'result'],
    style: { compact: true, head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : [] },
  });
  const designed = (kindOutcome: ChaosOutcome) =>
    plan.orders.filter((order) => order.designed === kindOutcome).length;
  for (const outcome of CHAOS_OUTCOMES) {
    const count = audit.outcomes[outcome];
    if (count === 0 && !['fulfilled', 'expired', 'card-declined'].includes(outcome)) continue;
    const expected = ['fulfilled', 'expired', 'card-declined'].includes(outcome)
      ? ` (designed: ${designed(outcome)})`
      : '';
    table.push([`orders ${outcome}`, `${count}${expected}`]);
  }
  const lost = audit.orders.filter((order) => order.lostToCrash);
  if (lost.length > 0) {
    const charged = lost.filter((order) => order.lostToCrash?.charged).length;
    table.push([
      'lost to a crash (sample policy)',
      `${lost.length}: the ledger shows ${charged} of them charged, ${lost.length - charged} not`,
    ]);
  }
  const planned = faultCounts(plan.faults);
  table.push(
    [
      'activity workers killed',
      `${summary.faults['activity-worker']} of ${planned['activity-worker']} planned`,
    ],
    [
      'workflow workers killed',
      `${summary.faults['workflow-worker']} of ${planned['workflow-worker']} planned`,
    ],
    ['server restarts', `${summary.faults.server} of ${planned.server} planned`],
    ['ledger effects', String(audit.ledger.effects)],
    ['duplicate effects', String(audit.ledger.duplicateEffects.length)],
    [
      'repeated calls absorbed',
      `${audit.ledger.absorbedDuplicates.reduce((sum, entry) => sum + entry.count, 0)} (under ${audit.ledger.absorbedDuplicates.length} keys)`,
    ],
    ['workflows still running', String(audit.stuckWorkflows.length)],
    ['processes left behind', String(summary.leftoverProcesses.length)],
    ['workers that exited by themselves', String(summary.unexpectedWorkerExits)],
    ['duration', formatDuration(summary.durationMs)],
  );
  const reached =
    lost.length > 0
      ? "every order reached its designed outcome or was lost to a crash as the sample's policy allows"
      : 'every order reached its designed outcome';
  const verdict = summary.passed
    ? c.green.bold(`PASS chaos: ${reached}, nothing done twice, nothing left behind`)
    : c.red.bold('FAIL chaos: see the problems above the table');
  return `${table.toString()}\n${verdict}`;
}

/** What went wrong, order by order and key by key, with the commands to look into it. */
export function renderProblems(
  summary: ChaosSummary,
  inspect: { ledger?: string; server?: string },
): string[] {
  const lines: string[] = [];
  for (const order of summary.audit.orders.filter((candidate) => candidate.problems.length > 0)) {
    lines.push(`order ${order.number} (${order.kind}, workflow ${order.workflowId}):`);
    for (const problem of order.problems) lines.push(`  - ${problem}`);
  }
  for (const duplicate of summary.audit.ledger.duplicateEffects) {
    lines.push(
      `duplicate effect: ${duplicate.action}${duplicate.subject ? ` ${duplicate.subject}` : ''} of ${duplicate.workflowId} under keys ${duplicate.keys.join(', ')}`,
    );
  }
  for (const workflowId of summary.audit.stuckWorkflows) lines.push(`still running: ${workflowId}`);
  if (summary.leftoverProcesses.length > 0) {
    lines.push(`processes left behind: ${summary.leftoverProcesses.join(', ')}`);
  }
  if (lines.length === 0) return [];
  if (inspect.ledger) lines.push(`Inspect the ledger: order-demo ledger ${inspect.ledger}`);
  if (inspect.server) lines.push(`Inspect the histories: ${inspect.server}`);
  return lines;
}
