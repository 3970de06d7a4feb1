// An act of region-failover as its report says it: its orders, and each order's checks named after it.
import { allPassed } from '../../verification/checks';
import type { ActReport, ScenarioReport } from '../scenario';

/** The approval window must outlast a failover, a region's loss and its return (several seconds each on 2 cores). */
export const MIN_APPROVAL_WINDOW_MS = 30_000;

export interface ActOrder {
  /** What the order stands for in the act ("packing at the handover"). */
  role: string;
  orderId: string;
  report: ScenarioReport;
}

/** An act's report, and the report of its last order (the scenario's headline order is the last act's). */
export interface ActResult {
  act: ActReport;
  last: ScenarioReport;
}

export function actResult(name: string, title: string, orders: readonly ActOrder[]): ActResult {
  return { act: actReport(name, title, orders), last: orders[orders.length - 1].report };
}

function actReport(name: string, title: string, orders: readonly ActOrder[]): ActReport {
  const checks = orders.flatMap(({ report }) =>
    report.checks.map((check) =>
      check.name.startsWith(report.workflowId)
        ? check
        : { ...check, name: `${report.workflowId}: ${check.name}` },
    ),
  );
  return {
    name,
    title,
    passed: allPassed(checks),
    orders: orders.map(({ role, orderId, report }) => ({
      workflowId: report.workflowId,
      runId: report.runId,
      orderId,
      role,
      status: report.status,
      result: report.result,
    })),
    gates: [],
    checks,
  };
}
