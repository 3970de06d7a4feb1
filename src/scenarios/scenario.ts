// A scenario: a run of one order that shows one guarantee, and the report of what the server's record proves.
import type { ExpectedOutcome } from '../domain/order-run';
import type { OptionSpecs } from '../runs/options';
import type { RunContext, Runnable } from '../runs/runnable';
import type { Check } from '../verification/checks';
import type { FailureSummary } from '../verification/history-events';
import type { Timeline } from '../verification/timeline';
import type { WorkflowStatus } from '../verification/workflow-facts';

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
}

export type ScenarioContext = RunContext<ScenarioReport>;

export type Scenario<Specs extends OptionSpecs = Record<string, never>> = Runnable<Specs, ScenarioReport>;
