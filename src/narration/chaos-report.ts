// A chaos run for a person and for a script once it ends (chaos-progress.ts tells it as it runs): the audit's summary
// table with what failed and how to look into it, what the orders never delivered kept, the JSON of --json and the
// JUnit case of --junit.
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { ChaosReport } from '../chaos/chaos';
import type { OrderReference } from '../verification/chaos-audit';
import { describeDuplicate } from '../verification/chaos-audit';
import type { FaultRecord, SupervisionRecord } from '../chaos/driver';
import { faultCounts } from '../chaos/plan';
import type { OrderOutcome } from '../domain/order-run';
import { ORDER_OUTCOMES } from '../domain/order-run';
import type { FaultTarget } from '../events/events';
import type { Closed } from './chaos-progress';
import { chaosProgress, CLUSTER_FAULTS, FAULT_NAMES } from './chaos-progress';
import { formatDuration } from './format';
import type { Presenter } from './presenter';

/** History host kills whose shards another host took: the failovers. */
function failovers(faults: readonly FaultRecord[]): FaultRecord[] {
  return faults.filter((fault) => fault.takenOver === true);
}

/** History host kills whose shards no other host took before the host was started again: not failovers. */
function takeoversNotSeen(faults: readonly FaultRecord[]): FaultRecord[] {
  return faults.filter((fault) => fault.takenOver === false);
}

function serviceExits(supervision: readonly SupervisionRecord[]) {
  return supervision.flatMap((event) => (event.type === 'cluster.service-exited' ? [event] : []));
}

function summaryTable(report: ChaosReport, c: ChalkInstance): string {
  const { audit, plan } = report;
  const faults = faultCounts(report.faults);
  const planned = faultCounts(plan.faults);
  const table = new Table({
    head: ['chaos audit', 'result'],
    style: { compact: true, head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : [] },
  });
  const designedOutcomes: readonly OrderOutcome[] = ['fulfilled', 'expired', 'card-declined'];
  for (const outcome of ORDER_OUTCOMES) {
    const count = audit.outcomes[outcome];
    const designed = designedOutcomes.includes(outcome);
    if (count === 0 && !designed) continue;
    const expected = designed
      ? ` (designed: ${plan.orders.filter((order) => order.designed === outcome).length})`
      : '';
    table.push([`orders ${outcome}`, `${count}${expected}`]);
  }
  const lost = audit.orders.filter((order) => order.lostToCrash);
  if (lost.length > 0) {
    const charged = lost.filter((order) => order.lostToCrash?.charged).length;
    const refunded = lost.filter((order) => order.lostToCrash?.refunded).length;
    table.push([
      'lost to a crash (sample policy)',
      `${lost.length}: the ledger shows ${charged} of them charged (${refunded} refunded), ${lost.length - charged} not`,
    ]);
  }
  if (audit.approvalsNotAcceptedInTime.length > 0) {
    table.push([
      'approvals not accepted in time',
      `${keptCount(audit.approvalsNotAcceptedInTime)} (sent in time, refused by the server: expired)`,
    ]);
  }
  table.push(
    ['undelivered, charge not refunded', keptCount(audit.ledger.undeliveredNotRefunded)],
    ['undelivered, stock not released', keptCount(audit.ledger.undeliveredNotReleased)],
  );
  table.push(
    ['activity workers killed', `${faults['activity-worker']} of ${planned['activity-worker']} planned`],
    ['workflow workers killed', `${faults['workflow-worker']} of ${planned['workflow-worker']} planned`],
    ['server restarts', `${faults.server} of ${planned.server} planned`],
  );
  for (const target of CLUSTER_FAULTS.filter((fault) => planned[fault] > 0)) {
    const what =
      target === 'database'
        ? 'PostgreSQL crash-restarts'
        : target === 'region-failover'
          ? 'region failovers (planned, forced)'
          : `${FAULT_NAMES[target]} kills`;
    const skipped = report.skippedFaults.filter((fault) => fault.target === target).length;
    const notTakenOver = target === 'history-host' ? takeoversNotSeen(report.faults).length : 0;
    table.push([
      what,
      `${faults[target]} of ${planned[target]} planned` +
        (target === 'history-host'
          ? `; failovers (shards taken over) ${failovers(report.faults).length}`
          : '') +
        (notTakenOver > 0 ? `, ${notTakenOver} NOT taken over` : '') +
        (skipped > 0 ? `; ${skipped} skipped (a service down)` : ''),
    ]);
  }
  if (['history-host', 'matching-host', 'database'].some((target) => planned[target as FaultTarget] > 0)) {
    const exits = serviceExits(report.supervision);
    const restarts = report.supervision.filter((event) => event.type === 'cluster.service-restarted');
    table.push([
      'cluster services that exited on their own',
      exits.length === 0
        ? '0'
        : `${exits.length} (${[...new Set(exits.map((exit) => exit.service))].join(', ')}), ` +
          `${restarts.length} restarted by their supervisor`,
    ]);
  }
  table.push(
    ['ledger effects', String(audit.ledger.effects)],
    [
      'refunds, releases',
      `${audit.ledger.byAction.refund ?? 0} refunds of ${audit.ledger.byAction.charge ?? 0} charges, ` +
        `${audit.ledger.byAction.release ?? 0} releases of ${audit.ledger.byAction.reserve ?? 0} reservations`,
    ],
    ['duplicate effects', String(audit.ledger.duplicateEffects.length)],
    [
      'repeated calls absorbed',
      `${audit.ledger.absorbedDuplicates.reduce((sum, entry) => sum + entry.count, 0)} (under ${audit.ledger.absorbedDuplicates.length} keys)`,
    ],
    ['workflows still running', String(audit.stuckWorkflows.length)],
    ['processes left behind', String(report.leftoverProcesses.length)],
    ['workers that exited by themselves', String(report.unexpectedWorkerExits)],
    ['duration', formatDuration(report.durationMs)],
  );
  const [copies, redone] = report.regionChecks ?? [];
  if (copies && redone) {
    table.push(
      ['histories in both regions', `${copies.passed ? 'equal' : c.red('DIFFER')}: ${copies.evidence}`],
      // The first one named; --json and --junit name them all.
      ['calls made again in the other region', redone.evidence.replace(/; .*$/, '; …')],
    );
  }
  const reached =
    lost.length > 0
      ? "every order reached its designed outcome or was lost to a crash as the sample's policy allows"
      : 'every order reached its designed outcome';
  const kept = report.plan.settings.compensate ? ', nothing kept of an order never delivered' : '';
  const both = report.regionChecks ? ', every history the same in both regions' : '';
  const verdict = report.passed
    ? c.green.bold(`PASS chaos: ${reached}, nothing done twice${kept}${both}, nothing left behind`)
    : c.red.bold('FAIL chaos: see the problems above the table and in it');
  return [table.toString(), ...keptLesson(report, c), verdict].join('\n');
}

/** "23: chaos-003, chaos-017, …": how many, and which, with the first few named. */
function keptCount(orders: readonly OrderReference[]): string {
  const shown = 6;
  const names = orders.slice(0, shown).map((order) => order.orderId);
  const more = orders.length > shown ? `, … (${orders.length - shown} more)` : '';
  return orders.length === 0 ? '0' : `${orders.length}: ${names.join(', ')}${more}`;
}

/** Without compensation, what the undelivered orders kept is the lesson, told under the table. */
function keptLesson(report: ChaosReport, c: ChalkInstance): string[] {
  const { undeliveredNotRefunded, undeliveredNotReleased } = report.audit.ledger;
  if (
    report.plan.settings.compensate ||
    undeliveredNotRefunded.length + undeliveredNotReleased.length === 0
  ) {
    return [];
  }
  return [
    c.yellow(
      `${undeliveredNotRefunded.length} orders that never shipped kept the customer's money, and ` +
        `${undeliveredNotReleased.length} their stock: the sample's workflow takes and never gives back. ` +
        'Compensation (the default; here --no-compensate) refunds and releases them, exactly once.',
    ),
  ];
}

/** What went wrong, order by order and key by key, with the commands to look into it. */
export function chaosProblems(report: ChaosReport): string[] {
  const lines: string[] = [];
  const { audit } = report;
  for (const order of audit.orders.filter((candidate) => candidate.problems.length > 0)) {
    lines.push(`order ${order.number} (${order.kind}, workflow ${order.workflowId}):`);
    for (const problem of order.problems) lines.push(`  - ${problem}`);
  }
  for (const duplicate of audit.ledger.duplicateEffects) {
    lines.push(`duplicate effect: ${describeDuplicate(duplicate)}`);
  }
  for (const workflowId of audit.stuckWorkflows) lines.push(`still running: ${workflowId}`);
  for (const check of report.regionChecks?.filter((candidate) => !candidate.passed) ?? []) {
    lines.push(`not so: ${check.name}: ${check.evidence}`);
  }
  if (report.leftoverProcesses.length > 0) {
    lines.push(`processes left behind: ${report.leftoverProcesses.join(', ')}`);
  }
  if (lines.length === 0) return [];
  if (report.keptIn) {
    lines.push(`Inspect the ledger: order-demo ledger ${report.keptIn}`);
    if (report.serverFile) {
      lines.push(
        `Inspect the histories: temporal server start-dev --db-filename ${report.serverFile}, then temporal workflow show --workflow-id <id>`,
      );
    }
  } else {
    lines.push(
      'Run again with the same --seed and --keep-ledger DIR to keep the ledger and the server’s file.',
    );
  }
  return lines;
}

function chargeOfLost(lost: { charged: boolean; refunded: boolean } | undefined): string {
  if (!lost?.charged) return 'not charged';
  return lost.refunded
    ? 'charged, and refunded by its compensation'
    : 'CHARGED: money taken for an order that will never ship';
}

export const chaosPresenter: Presenter<ChaosReport> = {
  conclude(report, display) {
    const c = new Chalk({ level: display.color ? 1 : 0 });
    const closed: Closed = { total: report.audit.orders.length, ...report.audit.outcomes };
    const planned = { orders: report.plan.orders.length, plannedFaults: faultCounts(report.plan.faults) };
    display.line(chaosProgress(planned, closed, faultCounts(report.faults)));
    for (const order of report.audit.orders.filter((candidate) => candidate.lostToCrash)) {
      display.line(
        `order ${order.number} (${order.kind}) lost to a crash during ${order.lostToCrash?.activity}, tried once ` +
          `under the sample's policy; the ledger shows it ${chargeOfLost(order.lostToCrash)} ` +
          `(workflow ${order.workflowId})`,
      );
    }
    for (const order of report.audit.approvalsNotAcceptedInTime) {
      display.line(
        `order ${order.number} (${order.kind}) expired: the server could not accept its approval before the ` +
          `deadline — ${order.evidence} (workflow ${order.workflowId})`,
      );
    }
    for (const line of chaosProblems(report)) display.line(line);
    display.line(summaryTable(report, c));
  },
  json(report) {
    const { audit, plan } = report;
    const faults = faultCounts(report.faults);
    return {
      passed: report.passed,
      seed: plan.settings.seed,
      retryPolicy: plan.settings.retryPolicy,
      compensate: plan.settings.compensate,
      speed: plan.settings.speed,
      orders: plan.orders.length,
      outcomes: audit.outcomes,
      lostToCrash: audit.orders
        .filter((order) => order.lostToCrash)
        .map(({ number, kind, workflowId, lostToCrash }) => ({ number, kind, workflowId, ...lostToCrash })),
      /** Approvals sent in time that the server recorded only after the deadline, or never: those orders expired. */
      approvalsNotAcceptedInTime: audit.approvalsNotAcceptedInTime,
      kills: {
        activityWorkers: faults['activity-worker'],
        workflowWorkers: faults['workflow-worker'],
        serverRestarts: faults.server,
        historyHosts: faults['history-host'],
        matchingHosts: faults['matching-host'],
        databaseRestarts: faults.database,
      },
      faults: report.faults,
      /** History host kills whose shards another host took, and those whose shards none took (not failovers). */
      failovers: failovers(report.faults).length,
      takeoversNotSeen: takeoversNotSeen(report.faults),
      skippedFaults: report.skippedFaults,
      /** The cluster's services that exited on their own (status, last lines), and their supervisor's restarts. */
      serviceExits: serviceExits(report.supervision),
      serviceRestarts: report.supervision.filter((event) => event.type === 'cluster.service-restarted'),
      ledger: {
        effects: audit.ledger.effects,
        byAction: audit.ledger.byAction,
        duplicateEffects: audit.ledger.duplicateEffects.length,
        absorbedDuplicates: audit.ledger.absorbedDuplicates.reduce((sum, entry) => sum + entry.count, 0),
        duplicates: audit.ledger.duplicateEffects,
        absorbed: audit.ledger.absorbedDuplicates,
        undeliveredNotRefunded: audit.ledger.undeliveredNotRefunded.length,
        undeliveredNotRefundedOrders: audit.ledger.undeliveredNotRefunded,
        undeliveredNotReleased: audit.ledger.undeliveredNotReleased.length,
        undeliveredNotReleasedOrders: audit.ledger.undeliveredNotReleased,
      },
      stuckWorkflows: audit.stuckWorkflows.length,
      leftoverProcesses: report.leftoverProcesses.length,
      unexpectedWorkerExits: report.unexpectedWorkerExits,
      problems: audit.orders.filter((order) => order.problems.length > 0),
      durationMs: report.durationMs,
      ledgerFolder: report.keptIn,
      // On two regions: the failovers struck (each in `faults` with how, from, to), and the regions' checks.
      ...(report.regionChecks
        ? { regions: { failovers: faults['region-failover'], checks: report.regionChecks } }
        : {}),
    };
  },
  // One case for the run, as for a scenario: its verdict is the audit's checks together, over one stretch of time.
  junit: (report) => ({
    cases: [{ name: 'chaos', durationMs: report.durationMs, passed: report.passed, checks: report.checks }],
    properties: {
      seed: report.plan.settings.seed,
      'retry-policy': report.plan.settings.retryPolicy,
      compensate: report.plan.settings.compensate,
      orders: report.plan.orders.length,
    },
  }),
  // An order that never started has no history.
  workflows: (report) =>
    report.audit.orders.flatMap(({ workflowId, runId }) => (runId ? [{ workflowId, runId }] : [])),
};
