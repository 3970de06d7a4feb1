// `start`'s report: one order started on running workers and followed to its end — its result for a person, the
// JSON of --json, its timeline and its HTML page.
import type { Timeline } from '../verification/timeline';
import type { WorkflowFacts } from '../verification/workflow-facts';
import type { Presenter } from './presenter';
import { describeResult } from './summary-table';

export interface StartedOrder {
  /** Fulfilled. */
  passed: boolean;
  facts: WorkflowFacts;
  timeline: Timeline;
  uiUrl?: string;
}

export const startPresenter: Presenter<StartedOrder> = {
  conclude({ facts }, display) {
    const failure = facts.failure ? ` — ${facts.failure.cause?.message ?? facts.failure.message}` : '';
    display.line(
      facts.status === 'completed'
        ? `Result: ${String(facts.result)}`
        : `Result: workflow ${facts.status}${failure}`,
    );
  },
  json: ({ facts, timeline }, meta) => ({
    workflowId: facts.workflowId,
    runId: facts.runId,
    status: facts.status,
    result: facts.result,
    failure: facts.failure,
    durationMs: meta.durationMs,
    steps: [...meta.steps],
    timeline,
  }),
  timeline: (report) => report.timeline,
  page: ({ passed, facts, timeline, uiUrl }, title) => ({
    name: 'start',
    title,
    workflowId: facts.workflowId,
    runId: facts.runId,
    passed,
    outcome: describeResult(facts),
    timeline,
    checks: [],
    uiUrl,
  }),
};
