import type { ExpectedOutcome } from '../domain/order-run';
import type { EventBus } from '../events/event-bus';
import type { FailureSummary } from '../temporal/history';
import type { Teardown } from '../processes/teardown';
import type { TemporalServer } from '../temporal/temporal-server';
import type { Check } from '../verification/checks';
import type { WorkflowStatus } from '../verification/workflow-facts';

/** What a scenario runs with: the server, the event channel, the owner of everything it starts. */
export interface ScenarioContext {
  server: TemporalServer;
  events: EventBus;
  teardown: Teardown;
  /** Aborted on Ctrl+C. */
  signal: AbortSignal;
  speed: number;
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
}

export interface Scenario<Options> {
  name: string;
  title: string;
  /** Why this matters in production: shown before the run. */
  lesson: string;
  run(context: ScenarioContext, options: Options): Promise<ScenarioReport>;
  /**
   * Why this scenario (with these options) cannot run on the time-skipping server, if it cannot: a server that
   * jumps ahead whenever the workflow waits would fire the timeout or the window the scenario needs to last.
   */
  needsRealTime?(options: Options): string | undefined;
}
