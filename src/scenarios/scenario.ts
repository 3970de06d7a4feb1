// A scenario: a run of one order that shows one guarantee, and the report of what the server's record proves.
import type { ExpectedOutcome } from '../domain/order-run';
import type { OptionSpecs } from '../runs/options';
import type { RunContext, Runnable } from '../runs/runnable';
import type { Check } from '../verification/checks';
import { allPassed } from '../verification/checks';
import type { Execution, FailureSummary } from '../verification/history-events';
import type { ReplayVerdict } from '../domain/replay-verdict';
import type { Timeline } from '../verification/timeline';
import type { WorkflowStatus } from '../verification/workflow-facts';

/** One order of a scenario that runs several, and what the server's record says of it. */
export interface OrderSummary extends Execution {
  orderId: string;
  /** The workflow code it started on, or what it stands for in the scenario ("version 1, in flight"). */
  role: string;
  status: WorkflowStatus;
  result?: unknown;
}

/** A replay of recorded histories against some workflow code, before it is deployed. */
export interface ReplayGate {
  /** The workflow code the histories were replayed against. */
  against: string;
  /** `open`: a run a worker may still have to replay; a closed one's divergence harms nothing. */
  verdicts: (ReplayVerdict & { open: boolean })[];
}

/** One act of a scenario told in several (versioning): its own orders and checks. */
export interface ActReport {
  name: string;
  title: string;
  passed: boolean;
  /** Why the act did not run on this server; the scenario is then SKIPPED at best, never a pass (verdictOf). */
  skipped?: string;
  orders: OrderSummary[];
  gates: ReplayGate[];
  checks: Check[];
}

/** What a scenario established, every claim backed by the server's record. */
export interface ScenarioReport {
  scenario: string;
  workflowId: string;
  runId: string;
  status: WorkflowStatus;
  result?: unknown;
  failure?: FailureSummary;
  expected: ExpectedOutcome;
  checks: Check[];
  passed: boolean;
  uiUrl?: string;
  /** The run in time, from the server's record. */
  timeline: Timeline;
  /** A scenario told in acts: each act's orders and checks (`checks` holds them all, each named after its act). */
  acts?: ActReport[];
}

/**
 * PASS: every part of the scenario ran and every check passed. FAIL: a check failed. SKIPPED: part of it did not run
 * on this server (an act the server refused) and nothing that ran failed: neither a pass nor a failure.
 */
export type ScenarioVerdict = 'PASS' | 'FAIL' | 'SKIPPED';

/** What of the scenario did not run, and why: "act 3 (its title) skipped: the reason". */
export function skippedParts(report: Pick<ScenarioReport, 'acts'>): string[] {
  return (report.acts ?? []).flatMap((act, index) =>
    act.skipped ? [`act ${index + 1} (${act.title}) skipped: ${act.skipped}`] : [],
  );
}

export function verdictOf(report: Pick<ScenarioReport, 'passed' | 'checks' | 'acts'>): ScenarioVerdict {
  if (skippedParts(report).length > 0 && allPassed(report.checks)) return 'SKIPPED';
  return report.passed ? 'PASS' : 'FAIL';
}

export type ScenarioContext = RunContext<ScenarioReport>;

export type Scenario<Specs extends OptionSpecs = Record<string, never>> = Runnable<Specs, ScenarioReport>;
